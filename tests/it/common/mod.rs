//! Helpers shared by the test modules: the binary with a clean environment, and the library
//! stages in-process with the embedded pack (compiled once per test process).
#![allow(dead_code)]

use assert_cmd::Command;
use crosscheck::model::Claim;
use crosscheck::report::{self, Format, Page, Style};
use crosscheck::rules::RulePack;
use std::path::PathBuf;
use std::sync::OnceLock;

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

/// A copy of the default pack in a fresh directory (what `rules dump` writes).
pub fn dumped_rules() -> PathBuf {
    let dir = tempdir();
    crosscheck::rules::Origin::dump_embedded(&dir).unwrap();
    dir
}

/// The embedded default pack, compiled once per test process.
pub fn pack() -> &'static RulePack {
    static PACK: OnceLock<RulePack> = OnceLock::new();
    PACK.get_or_init(|| RulePack::embedded().unwrap_or_else(|e| panic!("{e}")))
}

/// The claims of every article under `paths`, as `claims` finds them (in-process).
pub fn corpus(paths: &[&str]) -> Vec<Claim> {
    let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    let read = crosscheck::read::ingest::collect(&paths).unwrap();
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let mut articles = read.articles;
    // The binary orders articles by path; one directory is read in that order already, this
    // keeps several paths in it too.
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    crosscheck::compare::corpus_claims(pack(), &articles, None).unwrap()
}

/// What a pipe gets: no colour, 80 columns.
pub const PIPED: Style = Style {
    color: false,
    width: Some(80),
};

/// The reconciliation report of the claims under `paths` in `format` (in-process).
pub fn report_text(paths: &[&str], format: Format) -> String {
    let rep = crosscheck::compare::reconcile::reconcile(pack(), &corpus(paths));
    report::report(format, &rep, PIPED, &Page::new(pack(), None))
}

/// The claims under `paths` in `format` (in-process).
pub fn claims_text(paths: &[&str], format: Format) -> String {
    report::claims(format, &corpus(paths), PIPED, &Page::new(pack(), None))
}

/// `report PATH --format json`, parsed (in-process).
pub fn report_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&report_text(&[path], Format::Json)).unwrap()
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
