//! The command line: report content, formats, options, rule commands and error handling.
//! What only the library decides (report content, the JSON and JSONL emitters) is checked
//! in-process; the binary for what it adds (ordering of paths, width and colour, files, stdin,
//! environment, exit codes).

use crate::common::{cc, claims_text, event, report_json, report_text, stdout, tempdir};
use crosscheck::report::Format;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn the_in_process_helpers_print_what_the_binary_prints() {
    // The other tests read reports and claims through the library: this holds them to the tool.
    for (cmd, lib) in [
        ("report", report_text(&["fixtures/"], Format::Json)),
        ("claims", claims_text(&["fixtures/"], Format::Json)),
    ] {
        let bin = stdout(&[cmd, "fixtures/", "--format", "json"]);
        assert!(bin.len() > 1000, "{bin}");
        assert!(bin == lib, "{cmd}: the binary and the library differ");
    }
}

#[test]
fn report_shows_blame_conflict_in_both_seed_events() {
    let r = report_json("fixtures/seeds/");
    for id in ["lachin-2022-08", "border-2021-11"] {
        assert_eq!(event(&r, id)["blame_conflict"], true, "{id}");
    }
    let table = report_text(&["fixtures/seeds/"], Format::Table);
    assert_eq!(
        table
            .matches("blame conflict: am blames az; az blames am")
            .count(),
        2,
        "{table}"
    );
}

#[test]
fn report_shows_agreement_on_armenian_dead_in_august_2022() {
    let r = report_json("fixtures/seeds/");
    let rows = event(&r, "lachin-2022-08")["rows"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|x| x["side"] == "am" && x["kind"] == "killed")
        .unwrap();
    assert_eq!(row["status"], "agree");
    let sources: Vec<&str> = row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, vec!["artsakh_mod", "outlet"]);
    // Every cell carries the claims behind it.
    assert!(
        row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["claims"].as_array().unwrap().is_empty())
    );
}

#[test]
fn report_puts_6500_outside_november_2021() {
    let r = report_json("fixtures/seeds/");
    let has_6500 = |e: &Value| {
        e["rows"].as_array().unwrap().iter().any(|row| {
            row["cells"].as_array().unwrap().iter().any(|c| {
                c["claims"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|cl| cl["value"] == 6500)
            })
        })
    };
    assert!(!has_6500(event(&r, "border-2021-11")));
    assert!(has_6500(event(&r, "nk-war-2020")));
}

#[test]
fn report_distinguishes_conflict_from_agreement() {
    let dir = tempdir();
    std::fs::write(
        dir.join("a.md"),
        "---\ndate: 2016-04-03\nlang: en\nevent: apr-2016\n---\nAzerbaijan's defence ministry said 12 of its soldiers were killed.\nAzerbaijan said it had killed about 320 Armenian soldiers.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.md"),
        "---\ndate: 2016-04-04\nlang: en\nevent: apr-2016\n---\nArmenia's president said 18 Armenian troops were killed and about 35 wounded.\n",
    )
    .unwrap();
    let r: Value =
        serde_json::from_str(&report_text(&[dir.to_str().unwrap()], Format::Json)).unwrap();
    let rows = event(&r, "apr-2016")["rows"].as_array().unwrap();
    let am_killed = rows
        .iter()
        .find(|x| x["side"] == "am" && x["kind"] == "killed")
        .unwrap();
    assert_eq!(am_killed["status"], "conflict", "{am_killed:#}");
    let az_killed = rows
        .iter()
        .find(|x| x["side"] == "az" && x["kind"] == "killed")
        .unwrap();
    assert_eq!(az_killed["status"], "single-source");
}

#[test]
fn table_fits_80_columns_without_colour_when_piped() {
    for cmd in [vec!["report", "fixtures/"], vec!["claims", "fixtures/"]] {
        let out = stdout(&cmd);
        assert!(!out.contains('\u{1b}'), "no ANSI escapes when not a TTY");
        for l in out.lines() {
            // Display columns: combining marks (Arabic tashkeel) take none.
            let w = unicode_width::UnicodeWidthStr::width(l);
            assert!(w <= 80, "line {w} columns wide: {l}");
        }
    }
}

/// The binary's stdout on a terminal (a pseudo-terminal from util-linux `script`), with
/// `NO_COLOR` set or not; CI set so that no progress bar draws.
fn on_a_terminal(no_color: bool) -> String {
    on_a_terminal_with(no_color, None, "report fixtures/seeds/")
}

/// `crosscheck ARGS` on a pseudo-terminal that reports no width (as `script` makes it when
/// its input is no terminal), with `COLUMNS` set or not.
fn on_a_terminal_with(no_color: bool, columns: Option<&str>, args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("crosscheck");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec"])
        .arg(format!("{} {args}", bin.display()))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null())
        .env("CI", "1")
        .env_remove("CROSSCHECK_RULES");
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    assert!(
        on_a_terminal(false).contains("\u{1b}["),
        "colour on a terminal"
    );
    let plain = on_a_terminal(true);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(plain.contains("blame conflict"), "{plain}");
}

#[test]
fn a_terminal_of_no_width_falls_back_to_columns_then_80() {
    let widest = |out: &str| {
        (out.lines())
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    for args in ["report fixtures/", "claims fixtures/"] {
        let default = on_a_terminal_with(true, None, args);
        assert!(default.contains("am_gov"), "{default}");
        assert!(widest(&default) <= 80, "{args}: {default}");
        let wide = on_a_terminal_with(true, Some("150"), args);
        assert!(widest(&wide) > 80 && widest(&wide) <= 150, "{args}: {wide}");
    }
}

#[test]
fn jsonl_is_one_claim_per_line_and_matches_json() {
    let json: Vec<Value> =
        serde_json::from_str(&claims_text(&["fixtures/seeds/"], Format::Json)).unwrap();
    let jsonl: Vec<Value> = claims_text(&["fixtures/seeds/"], Format::Jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json, jsonl);
    assert_eq!(json.len(), 18, "the seeds hold 18 claims (SPEC 7)");
}

#[test]
fn output_is_deterministic() {
    let a = stdout(&["report", "fixtures/seeds/", "--format", "json"]);
    let b = stdout(&[
        "report",
        "fixtures/seeds/002_47c2d6917179a7ff.txt",
        "fixtures/seeds/000_4e59279048276d62.txt",
        "--format",
        "json",
    ]);
    assert_eq!(a, b, "argument order does not change output");
}

#[test]
fn output_flag_writes_file() {
    let dir = tempdir();
    let f = dir.join("out.json");
    cc().args([
        "claims",
        "fixtures/",
        "--format",
        "json",
        "-o",
        f.to_str().unwrap(),
    ])
    .assert()
    .success()
    .stdout("");
    let v: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
    assert!(!v.is_empty());
}

#[test]
fn stdin_is_read_with_dash() {
    cc().args(["claims", "-", "--format", "jsonl"])
        .write_stdin("The Armenian defence ministry said 3 soldiers were killed.\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"source\":\"am_mod\"")
                .and(predicate::str::contains("\"value\":3")),
        );
}

#[test]
fn rules_list_names_every_rule() {
    let out = stdout(&["rules", "list"]);
    for id in [
        "ar.killed.noun-count",
        "ar.blame.responsibility",
        "en.killed.noun-passive",
        "en.blame.accuses",
    ] {
        assert!(out.contains(id), "{id} missing from:\n{out}");
    }
}

#[test]
fn rules_test_passes_on_default_pack() {
    cc().args(["rules", "test"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn missing_path_is_exit_2() {
    cc().args(["claims", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir: no such file"));
}

#[test]
fn unknown_language_is_exit_2() {
    cc().args(["claims", "fixtures/", "--lang", "xx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language `xx`"));
}

#[test]
fn usage_error_is_exit_2() {
    cc().args(["report"]).assert().code(2);
    cc().args(["frobnicate"]).assert().code(2);
}

#[test]
fn rules_dir_edits_take_effect_without_rebuild() {
    let dir = crate::common::dumped_rules();
    let src = dir.join("sources.yaml");
    let mut text = std::fs::read_to_string(&src).unwrap();
    text.push_str("\n  - id: tr_mod\n    name: Turkish defence ministry\n    kind: ministry\n    aliases:\n      en: [Turkish defence ministry, Turkish MoD]\n");
    std::fs::write(&src, text).unwrap();
    cc().args([
        "--rules",
        dir.to_str().unwrap(),
        "claims",
        "-",
        "--format",
        "jsonl",
    ])
    .write_stdin("The Turkish defence ministry said 4 soldiers were killed.\n")
    .assert()
    .success()
    .stdout(predicate::str::contains("\"source\":\"tr_mod\""));
    // The environment variable works the same way.
    cc().env("CROSSCHECK_RULES", dir.to_str().unwrap())
        .args(["claims", "-", "--format", "jsonl"])
        .write_stdin("The Turkish MoD said 4 soldiers were killed.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"source\":\"tr_mod\""));
}

#[test]
fn embedded_pack_is_the_rules_directory() {
    // Through the binary's `rules dump` (common::dumped_rules calls the library).
    let dir = tempdir();
    cc().args(["rules", "dump", dir.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::starts_with("wrote "));
    for entry in walk(std::path::Path::new("rules")) {
        let rel = entry.strip_prefix("rules").unwrap();
        let dumped = std::fs::read_to_string(dir.join(rel))
            .unwrap_or_else(|_| panic!("{rel:?} not embedded"));
        assert_eq!(
            std::fs::read_to_string(&entry).unwrap(),
            dumped,
            "{rel:?} differs from the embedded copy"
        );
    }
}

#[test]
fn default_rules_flag_ignores_local_and_env_rules() {
    let empty = tempdir();
    cc().env("CROSSCHECK_RULES", empty.to_str().unwrap())
        .args(["report", "fixtures/", "--default-rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("blame conflict"));
    // Without the flag, the (empty) directory from the environment is used: no languages.
    cc().env("CROSSCHECK_RULES", empty.to_str().unwrap())
        .args(["report", "fixtures/"])
        .assert()
        .code(2);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn output_is_identical_with_one_and_two_threads() {
    for cmd in [["report", "fixtures/"], ["claims", "fixtures/"]] {
        let one = stdout(&[cmd[0], cmd[1], "--format", "json", "-j", "1"]);
        let two = stdout(&[cmd[0], cmd[1], "--format", "json", "-j", "2"]);
        assert_eq!(one, two, "{cmd:?}");
    }
}

#[test]
fn src_holds_no_language_or_conflict_words() {
    // The engine is generic: languages and conflicts live in rules/ (DEVELOPERS.md).
    let names = [
        "azerbaij", "armenia", "artsakh", "karabakh", "baku", "yerevan",
    ];
    for path in walk(std::path::Path::new("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let script = line.chars().any(|c| {
                ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0400}'..='\u{04FF}').contains(&c)
            });
            let lower = line.to_lowercase();
            let name = names.iter().any(|w| lower.contains(w));
            assert!(!script && !name, "{}:{}: {line}", path.display(), n + 1);
        }
    }
}
