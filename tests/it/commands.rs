//! Commands and help, and what the tool does with its inputs and the user's files: every
//! subcommand takes only the options that apply to it, formats are honoured or refused, lint
//! names every problem in one run, and nothing is lost or invented.

use crate::common::{cc, dumped_rules, ok, stdout, tempdir};
use serde_json::Value;

/// Exit code and stderr of a run.
fn fails(cmd: &mut assert_cmd::Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn each_command_s_help_lists_only_what_it_takes() {
    let list = stdout(&["rules", "list", "--help"]);
    for absent in ["--max-article-mb", "--keep-going", "--lang", "--threads"] {
        assert!(
            !list.contains(absent),
            "rules list offers {absent}:\n{list}"
        );
    }
    let report = stdout(&["report", "--help"]);
    for present in [
        "--max-article-mb",
        "--keep-going",
        "--lang",
        "--threads",
        "html",
    ] {
        assert!(
            report.contains(present),
            "report lacks {present}:\n{report}"
        );
    }
    assert!(!report.contains("(default 10)"), "{report}");
    let score = stdout(&["score", "--help"]);
    assert!(
        score.contains("[possible values: table, json, markdown]"),
        "{score}"
    );
    let dump = stdout(&["rules", "dump", "--help"]);
    assert!(dump.contains("refused when it holds files"), "{dump}");
}

#[test]
fn a_format_is_honoured_or_refused() {
    for args in [
        &["explain", "fixtures/seeds/001_f0a3dd47b1cd8e0b.txt"][..],
        &["rules", "lint"],
        &["rules", "triggers"],
    ] {
        let (code, err) = fails(cc().args(args).args(["--format", "json"]));
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("'--format'"), "{args:?}: {err}");
    }
    let (code, err) = fails(cc().args(["score", "fixtures/gold/gold-en.yaml", "--format", "csv"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("invalid value 'csv'"), "{err}");

    let check: Value =
        serde_json::from_str(&stdout(&["check", "fixtures", "--format", "json"])).unwrap();
    assert_eq!(check["drifted"], 0);
    assert_eq!(
        check["results"].as_array().unwrap().len(),
        check["articles"].as_u64().unwrap() as usize
    );
    let list: Value =
        serde_json::from_str(&stdout(&["rules", "list", "--format", "json"])).unwrap();
    let first = &list.as_array().unwrap()[0];
    for key in ["id", "lang", "kind", "file", "line", "examples", "pattern"] {
        assert!(first.get(key).is_some(), "{key}: {first}");
    }
}

#[test]
fn rules_test_writes_json() {
    let dir = tempdir();
    let lang = "language:\n  id: xx\n  script: Latin\n  normalize: [lowercase]\n  sentence_end: [\".\"]\n  attribution:\n    speech: [zaid]\n";
    let rules = "lang: xx\nlexicon:\n  hit: [zapped]\nrules:\n  - id: xx.killed.n\n    kind: killed\n    pattern: \"{count} {hit}\"\n    examples:\n      - text: \"2 zapped\"\n        expect: {kind: killed, value: 2}\n      - text: \"3 zapped\"\n        expect: {kind: killed, value: 4}\n";
    std::fs::create_dir_all(dir.join("xx")).unwrap();
    std::fs::write(dir.join("xx/language.yaml"), lang).unwrap();
    std::fs::write(dir.join("xx/rules.yaml"), rules).unwrap();
    let out = cc()
        .arg("--rules")
        .arg(&dir)
        .args(["rules", "test", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    assert_eq!(v["examples"][1]["passed"], false);
}

#[test]
fn completions_and_the_version() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        assert!(
            script.contains("crosscheck") && script.contains("report"),
            "{shell}"
        );
    }
    let version = stdout(&["--version"]);
    let re = regex::Regex::new(r"^crosscheck \d+\.\d+\.\d+ \(\S+\)\n$").unwrap();
    assert!(re.is_match(&version), "{version}");
}

#[test]
fn rules_lint_names_every_problem_of_every_file_in_one_run() {
    let dir = dumped_rules();
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("{from} in {file}"));
        let text = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        std::fs::write(&path, text).unwrap();
    };
    // Two broken rules in one file, a duplicate id and an unknown slot in others.
    edit("en/casualties.yaml", "kind: killed", "kind: kiled");
    edit("en/casualties.yaml", "kind: wounded", "kind: wonded");
    let blame = std::fs::read_to_string(dir.join("en/blame.yaml")).unwrap();
    let second = regex::Regex::new(r"(?m)^  - id: (\S+)").unwrap();
    let ids: Vec<&str> = second
        .captures_iter(&blame)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    edit(
        "en/blame.yaml",
        &format!("id: {}\n", ids[1]),
        &format!("id: {}\n", ids[0]),
    );
    let ru = std::fs::read_to_string(dir.join("ru/blame.yaml")).unwrap();
    let pattern = ru
        .lines()
        .find(|l| l.contains("pattern:") && l.contains("{accused}"))
        .unwrap();
    edit(
        "ru/blame.yaml",
        pattern,
        &pattern.replacen("{accused}", "{acused}", 1),
    );
    let (code, err) = fails(cc().arg("--rules").arg(&dir).args(["rules", "lint"]));
    assert_eq!(code, Some(2), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(lines.len(), 4, "{err}");
    let place = regex::Regex::new(r"^error: \S+\.yaml:\d+:\d+: rule \S+: ").unwrap();
    assert!(lines.iter().all(|l| place.is_match(l)), "{err}");
    assert!(
        err.contains("unknown variant `kiled`") && err.contains("unknown variant `wonded`"),
        "{err}"
    );
    assert!(err.contains("unknown slot {acused}"), "{err}");
    let dup = lines
        .iter()
        .find(|l| l.contains("duplicate rule id"))
        .unwrap();
    assert!(dup.contains(&format!("rule {}: ", ids[0])), "{dup}");
    assert!(
        regex::Regex::new(r"the rule at \S+en/blame\.yaml:\d+ already has it")
            .unwrap()
            .is_match(dup),
        "{dup}"
    );
}

#[test]
fn nothing_to_read_is_said_and_fails_unless_keep_going() {
    let dir = tempdir();
    let (code, err) = fails(cc().arg("report").arg(&dir));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("warning: no article to read in"), "{err}");
    let (code, _) = fails(cc().arg("report").arg(&dir).arg("--keep-going"));
    assert_eq!(code, Some(0));
}

#[test]
fn named_files_that_are_no_articles_are_skipped_with_why() {
    let dir = tempdir();
    let md = dir.join("a.md");
    std::fs::copy("fixtures/composed/2016-04-03_first-figures.md", &md).unwrap();
    let expect = dir.join("a.expect.yaml");
    std::fs::write(&expect, "claims: []\n").unwrap();
    let doc = dir.join("notes.docx");
    std::fs::write(&doc, "x").unwrap();
    let (code, err) = fails(cc().arg("claims").args([&md, &expect, &doc]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("a.expect.yaml: skipped: an expectation file"),
        "{err}"
    );
    assert!(
        err.contains("notes.docx: skipped: `.docx` is not an article format"),
        "{err}"
    );
    let out = ok(cc().arg("claims").args([&md, &expect, &doc]).args([
        "--keep-going",
        "--format",
        "json",
    ]));
    let claims: Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = claims
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| f.ends_with("a.md")),
        "{files:?}"
    );
}

#[test]
fn reconcile_warns_when_claims_have_no_provenance() {
    let dir = tempdir();
    let bare = dir.join("bare.jsonl");
    let text = stdout(&["claims", "fixtures/composed", "--format", "jsonl"]);
    std::fs::write(&bare, text).unwrap();
    let out = cc().arg("reconcile").arg(&bare).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("without provenance"), "{err}");
    let with = dir.join("with.jsonl");
    let text = stdout(&[
        "claims",
        "fixtures/composed",
        "--format",
        "jsonl",
        "--provenance",
    ]);
    std::fs::write(&with, text).unwrap();
    let out = cc().arg("reconcile").arg(&with).output().unwrap();
    assert!(
        !String::from_utf8(out.stderr)
            .unwrap()
            .contains("provenance")
    );
}

#[test]
fn the_run_summary_names_the_pack_in_use() {
    let out = cc()
        .args(["--default-rules", "claims", "fixtures/composed"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("; rules: the embedded default pack"), "{err}");
    // A ./rules folder in the working directory is picked up, and the summary says so.
    let dir = dumped_rules();
    let article = std::fs::canonicalize("fixtures/composed").unwrap();
    let out = cc()
        .current_dir(dir.parent().unwrap())
        .arg("--rules")
        .arg(&dir)
        .arg("claims")
        .arg(&article)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("; rules: {}", dir.display())),
        "{err}"
    );
    let work = tempdir();
    crosscheck::rules::Origin::dump_embedded(&work.join("rules")).unwrap();
    let out = cc()
        .current_dir(&work)
        .arg("claims")
        .arg(&article)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("; rules: ./rules"), "{err}");
}

#[test]
fn an_output_file_is_replaced_whole() {
    let dir = tempdir();
    let out = dir.join("report.txt");
    std::fs::write(&out, "x".repeat(100_000)).unwrap();
    ok(cc().args(["report", "fixtures/seeds", "-o"]).arg(&out));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("== event") && !text.contains("xxxx"),
        "{text}"
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report.txt"]);
}

#[test]
fn speakers_the_pack_does_not_know_are_counted_and_can_fail_a_run() {
    let dir = tempdir();
    let article = dir.join("a.md");
    std::fs::write(
        &article,
        "---\nlang: en\ndate: 2023-09-20\n---\nThe Kyrgyz interior ministry said 4 border guards were killed.\n\
         Armenia's defence ministry said 3 soldiers were killed.\n",
    )
    .unwrap();
    let out = cc().arg("report").arg(&article).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("2 claims (1 by speakers the pack does not know)"),
        "{err}"
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("unknown:interior_ministry"),
        "its own column: {table}"
    );
    let (code, err) = fails(
        cc().arg("report")
            .arg(&article)
            .args(["--fail-on", "unknown-source"]),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("fail-on: unknown source in event")
            && err.contains("unknown:interior_ministry (")
            && err.contains("a.md:5)"),
        "{err}"
    );
    let (code, _) =
        fails(cc().args(["report", "fixtures/composed", "--fail-on", "unknown-source"]));
    assert_eq!(code, Some(0));
}
