//! Helpers shared by the test modules.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

/// The binary, with the environment that changes its behaviour cleared.
pub fn cc() -> Command {
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    c.env_remove("CROSSCHECK_RULES")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    c
}

/// The stdout of a successful run (the test fails with stderr otherwise).
pub fn stdout(args: &[&str]) -> String {
    let out = cc().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The stdout of a successful run of a prepared command (the test fails with stderr otherwise).
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh, empty directory of this test process. Created with `create_dir`, never reused:
/// this module is compiled twice into the test binary (rules.rs declares its own `mod common`),
/// so two counters share one process id.
pub fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let root = std::env::temp_dir().join(format!("crosscheck-test-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    loop {
        let d = root.join(N.fetch_add(1, Ordering::SeqCst).to_string());
        match std::fs::create_dir(&d) {
            Ok(()) => return d,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => panic!("{}: {e}", d.display()),
        }
    }
}

/// A copy of the default pack in a fresh directory, via `rules dump`.
pub fn dumped_rules() -> PathBuf {
    let dir = tempdir();
    cc().args(["rules", "dump", dir.to_str().unwrap()])
        .assert()
        .success();
    dir
}

/// `report PATH --format json`, parsed.
pub fn report_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&stdout(&["report", path, "--format", "json"])).unwrap()
}

/// The event `id` of a JSON report.
pub fn event<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == id)
        .unwrap_or_else(|| panic!("no event {id} in {r:#}"))
}
