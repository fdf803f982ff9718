//! Rule authoring and the CI gate: broken rule files and their messages, rule examples,
//! `check` with `--bless`, `report --fail-on`, and `explain`.

use crate::common::{cc, dumped_rules, tempdir};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Lints a copy of the default pack with `from` replaced by `to` in `file`; returns stderr and
/// the 1-based line of the first line containing `marker` in the broken file.
fn broken(file: &str, from: &str, to: &str, marker: &str) -> (String, usize) {
    let dir = dumped_rules();
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&p, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains(marker))
        .expect("marker in broken file")
        + 1;
    let out = cc()
        .args(["--rules", dir.to_str().unwrap(), "rules", "lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "broken rules must exit 2");
    assert!(out.stdout.is_empty());
    (String::from_utf8(out.stderr).unwrap(), line)
}

/// Asserts one error line naming `file:line:`, the rule id (when given) and `message`.
fn expect_error(err: &str, file: &str, line: usize, rule: Option<&str>, message: &str) {
    let first = err.lines().next().unwrap_or("");
    assert_eq!(err.lines().count(), 1, "exactly one error: {err}");
    assert!(first.starts_with("error: "), "{first}");
    assert!(
        first.contains(&format!("{file}:{line}:")),
        "want {file}:{line}: in {first}"
    );
    if let Some(r) = rule {
        assert!(
            first.contains(&format!("rule {r}:")),
            "want rule {r} in {first}"
        );
    }
    assert!(first.contains(message), "want `{message}` in {first}");
}

// Each kind of rule error is tested in-process, by its variant and place
// (src/rules/compile/tests.rs); these few cases pin what the binary prints for them.

#[test]
fn broken_01_yaml_syntax() {
    let (err, line) = broken(
        "en/blame.yaml",
        "lang: en\n",
        "lang: en\n  bad: [\n",
        "bad: [",
    );
    expect_error(
        &err,
        "en/blame.yaml",
        line,
        None,
        "mapping values are not allowed",
    );
}

#[test]
fn broken_04_unknown_slot() {
    let (err, line) = broken(
        "en/blame.yaml",
        "pattern: \"{accuse} the? {accused}\"",
        "pattern: \"{acuse} the? {accused}\"",
        "{acuse}",
    );
    expect_error(
        &err,
        "en/blame.yaml",
        line,
        Some("en.blame.accuses"),
        "unknown slot {acuse}: not count, side, accused, victim, nor a lexicon entry",
    );
}

#[test]
fn broken_11_part_of_cycle() {
    let (err, line) = broken(
        "sides.yaml",
        "  - id: am\n",
        "  - id: am\n    part_of: artsakh\n",
        "part_of: artsakh",
    );
    expect_error(
        &err,
        "sides.yaml",
        line,
        None,
        "side `am`: part_of forms a cycle",
    );
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let dir = dumped_rules();
    let edit = |file: &str, from: &str, to: &str| {
        let p = dir.join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "en/blame.yaml",
        "{accuse} the? {accused}",
        "{acuse} the? {accused}",
    );
    edit(
        "ar/casualties.yaml",
        "{killed_noun} {count:soldier} {of_forces}? {side}?",
        "{killed_nown} {count:soldier}",
    );
    edit(
        "sources.yaml",
        "    side: az\n    kind: ministry",
        "    side: azz\n    kind: ministry",
    );
    let out = cc()
        .args(["--rules", dir.to_str().unwrap(), "rules", "lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 3, "{err}");
    for want in ["{acuse}", "{killed_nown}", "unknown side `azz`"] {
        assert!(err.contains(want), "{want} missing in {err}");
    }
}

#[test]
fn lint_ok_on_default_pack() {
    cc().args(["rules", "lint"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("rules ok: 9 languages"));
}

#[test]
fn rules_test_fails_with_exit_1_and_names_the_example() {
    let dir = dumped_rules();
    let p = dir.join("en/casualties.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        t.replacen(
            "value: 50, source: az_mod}",
            "value: 51, source: az_mod}",
            1,
        ),
    )
    .unwrap();
    cc().args(["--rules", dir.to_str().unwrap(), "rules", "test"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(
                "FAIL en.killed.lost: Azerbaijan's defence ministry said it lost 50 servicemen.",
            )
            .and(predicate::str::contains("expected: bound=null").not())
            .and(predicate::str::contains("value=51"))
            .and(predicate::str::contains("got:      killed az 50 by az_mod"))
            .and(predicate::str::is_match(r"(?m)^\d+ passed, 1 failed$").unwrap()),
        );
}

/// A copy of the seed fixtures with their expectation files.
fn fixtures_copy() -> PathBuf {
    let dir = tempdir();
    for e in std::fs::read_dir("fixtures/seeds").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn check_is_green_on_shipped_fixtures() {
    cc().args(["check"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"check: \d+ articles, 0 with drift").unwrap());
}

#[test]
fn check_drift_names_article_claim_and_both_values_then_bless_restores() {
    let dir = fixtures_copy();
    let exp = dir.join("002_47c2d6917179a7ff.expect.yaml");
    let t = std::fs::read_to_string(&exp).unwrap();
    let line21 = t.find("- line: 21").unwrap();
    let at = line21 + t[line21..].find("value: 10").unwrap();
    std::fs::write(
        &exp,
        format!("{}value: 12{}", &t[..at], &t[at + "value: 10".len()..]),
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    cc().args(["check", d]).assert().code(1).stdout(
        predicate::str::contains("002_47c2d6917179a7ff.txt: 1 difference(s)")
            .and(predicate::str::contains(
                "changed claim: line 21 wounded az by az_mod: value expected 12, got 10",
            ))
            .and(predicate::str::contains("check: 2 articles, 1 with drift")),
    );
    cc().args(["check", d, "--bless"])
        .assert()
        .success()
        .stdout(predicate::str::contains("blessed"));
    cc().args(["check", d]).assert().success();
    let blessed = std::fs::read_to_string(&exp).unwrap();
    assert!(
        blessed.contains("note: Reviewed by hand"),
        "bless keeps the reviewer's note"
    );
}

#[test]
fn check_reports_missing_and_unexpected_claims_and_report_changes() {
    let dir = fixtures_copy();
    let exp = dir.join("000_4e59279048276d62.expect.yaml");
    let t = std::fs::read_to_string(&exp).unwrap();
    // The outlet's claim becomes a claim of another source: one missing, one unexpected.
    let t = t
        .replacen(
            "- line: 8\n  source: outlet",
            "- line: 8\n  source: jpost",
            1,
        )
        .replacen("status: agree", "status: conflict", 1);
    std::fs::write(&exp, t).unwrap();
    cc().args(["check", dir.to_str().unwrap()]).assert().code(1).stdout(
        predicate::str::contains("missing claim: line 8 killed am by jpost")
            .and(predicate::str::contains("unexpected claim: line 8 killed am by outlet"))
            .and(predicate::str::contains("changed report row: event lachin-2022-08, am killed (military): status expected conflict, got agree")),
    );
}

#[test]
fn check_without_expectation_file_is_drift() {
    let dir = tempdir();
    std::fs::copy("fixtures/seeds/000_4e59279048276d62.txt", dir.join("a.txt")).unwrap();
    cc().args(["check", dir.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("no expectation file")
                .and(predicate::str::contains("a.expect.yaml")),
        );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn fail_on_conflict_blame_and_any() {
    // Seeds: blame conflicts, no count conflict.
    cc().args(["report", "fixtures/seeds/", "--fail-on", "conflict"])
        .assert()
        .success();
    cc().args(["report", "fixtures/seeds/", "--fail-on", "blame"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "fail-on: blame conflict in event lachin-2022-08: am blames az; az blames am",
        ));
    let dir = tempdir();
    write(
        &dir,
        "a.md",
        "---\nevent: e1\nlang: en\n---\nThe Armenian defence ministry said 3 soldiers were killed.\n",
    );
    write(
        &dir,
        "b.md",
        "---\nevent: e1\nlang: en\n---\nAzerbaijan said it had killed 30 Armenian soldiers.\n",
    );
    cc().args(["report", dir.to_str().unwrap(), "--fail-on", "conflict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "fail-on: conflict in event e1: am killed: am_mod 3 vs az_gov 30",
        ));
    cc().args(["report", dir.to_str().unwrap(), "--fail-on", "any"])
        .assert()
        .code(1);
    cc().args(["report", dir.to_str().unwrap(), "--fail-on", "blame"])
        .assert()
        .success();
}

#[test]
fn explain_shows_normalised_text_rules_numbers_speaker_and_near_misses() {
    let out = cc()
        .args([
            "explain",
            "fixtures/seeds/002_47c2d6917179a7ff.txt",
            "--line",
            "21",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    for want in [
        "line 21: وأوضحت الوزارة",
        "normalised: واوضحت الوزاره ان عشره جنود",
        "az_mod `الوزاره` (refers back)",
        "speakers:   az_mod (after a speech verb `واوضحت`)",
        "claim:      wounded az 10 by az_mod  [ar.wounded.count-passive]",
        "why: in the scope of az_mod (after a speech verb); side az (named)",
    ] {
        assert!(s.contains(want), "`{want}` missing in:\n{s}");
    }
    assert!(!s.contains("line 19:"), "--line keeps one line");
}

#[test]
fn explain_says_why_numbers_were_dropped() {
    let s = String::from_utf8(
        cc().args(["explain", "fixtures/seeds/000_4e59279048276d62.txt"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for want in [
        "figure `ثلاث` not read as a count: followed by a place word",
        "figure `30` not read as a count: followed by a duration word",
        "figure `1921` not read as a count: a year",
    ] {
        assert!(s.contains(want), "`{want}` missing in:\n{s}");
    }
    let s = String::from_utf8(
        cc().args([
            "explain",
            "fixtures/seeds/002_47c2d6917179a7ff.txt",
            "--line",
            "12",
        ])
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    assert!(
        s.contains("dropped: repeats the claim of line 10  [ar.killed.noun-count]"),
        "{s}"
    );
    let s = String::from_utf8(
        cc().args(["explain", "-", "--lang", "en"])
            .write_stdin("Armenian forces opened fire. It ended in 1994 dead end talks.\n")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        s.contains(
            "dropped: this rule needs a speaker and the sentence names none  [en.blame.opened-fire]"
        ),
        "{s}"
    );
    assert!(
        s.contains("dropped: `1994` is a year, not a count  [en.killed.dead]"),
        "{s}"
    );
}

#[test]
fn explain_reports_a_trigger_without_a_count_as_near_miss() {
    let out = cc()
        .args(["explain", "-"])
        .write_stdin("أعلنت أرمينيا مقتل عدد من الجنود\n")
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("0 claims"), "{s}");
    assert!(
        s.contains("near miss:  ar.killed.noun-count: `مقتل` present but the pattern"),
        "{s}"
    );
    // Rules whose words are not all present are not near misses.
    assert!(!s.contains("ar.blame"), "{s}");
}

#[test]
fn broken_18_oversized_regex() {
    let (err, line) = broken(
        "en/blame.yaml",
        "pattern: \"{accuse} the? {accused}\"",
        "pattern: \"{accuse} /(?:a{1000}){1000}/ the? {accused}\"",
        "a{1000}",
    );
    expect_error(
        &err,
        "en/blame.yaml",
        line,
        Some("en.blame.accuses"),
        "does not compile: Compiled regex exceeds size limit",
    );
}

#[test]
fn broken_19_font_name_that_could_leave_the_style_sheet() {
    let (err, line) = broken(
        "en/language.yaml",
        "fonts: [\"Noto Sans\"",
        "fonts: [\"Noto Sans}</style>\"",
        "</style>",
    );
    expect_error(
        &err,
        "en/language.yaml",
        line,
        None,
        "font `Noto Sans}</style>` may hold only letters, digits, spaces and dashes",
    );
}

#[test]
fn explain_says_where_a_borrowed_speaker_and_an_unlisted_one_come_from() {
    let dir = tempdir();
    let path = dir.join("a.md");
    std::fs::write(
        &path,
        "---\nlang: en\n---\nThe Armenian defence ministry said the shelling continued overnight.\n\n\
         It added that 3 soldiers were wounded.\n\nThe Karabakh police chief said 2 civilians were killed.\n",
    )
    .unwrap();
    let out = cc().arg("explain").arg(&path).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    for want in [
        "why: in the scope of am_mod (referred back to by a pronoun or continuing verb, named on line 4)",
        "(by its words: a side and an institution)",
    ] {
        assert!(s.contains(want), "`{want}` missing in:\n{s}");
    }
}
