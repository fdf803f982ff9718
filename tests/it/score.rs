//! `crosscheck score`: agreement with the reference scorer on every devset and project gold
//! file, the gold checks (exit 2 with file, line and column), the floors (exit 1 naming the
//! figure), the formats, and the why of each miss and extra.

use crate::common::{cc, ok, tempdir};
use std::path::{Path, PathBuf};

/// The devset beside the project (CI places `../shared` there).
fn devset() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset");
    assert!(
        d.join("score.py").is_file(),
        "the devset with score.py is expected at {}",
        d.display()
    );
    d
}

/// The reference scorer's summary line for `claims` (a JSON file) against `gold`.
fn reference(gold: &Path, claims: &Path, articles: &Path) -> String {
    let out = std::process::Command::new("python3")
        .arg(devset().join("score.py"))
        .args([gold, claims])
        .arg("--dir")
        .arg(articles)
        .arg("--quiet")
        .output()
        .expect("python3 runs (the reference scorer needs python3 with PyYAML)");
    assert!(
        out.status.success(),
        "score.py failed (python3 with PyYAML is needed): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().last().unwrap_or_default().to_string()
}

/// `crosscheck score GOLD... -q`, run once over all the files: each file's line, in the
/// reference scorer's words.
fn ours(gold: &[PathBuf]) -> Vec<String> {
    let text = ok(cc().args(["--default-rules", "score", "-q"]).args(gold));
    gold.iter()
        .map(|g| {
            let line = text
                .lines()
                .find(|l| l.starts_with(&g.display().to_string()))
                .unwrap_or_else(|| panic!("no line for {} in\n{text}", g.display()));
            line.split_once("): ").unwrap().1.to_string()
        })
        .collect()
}

/// Both scorers on gold files whose articles are in `articles`: the reference scorer on the
/// output of `claims`, and `score` on all the files in one run.
fn agree(gold: &[PathBuf], articles: &Path) {
    let dir = tempdir();
    let claims = dir.join("claims.json");
    ok(cc()
        .args(["--default-rules", "claims", "--format", "json", "-o"])
        .arg(&claims)
        .arg(articles));
    let want: Vec<String> = gold
        .iter()
        .map(|g| reference(g, &claims, articles))
        .collect();
    for w in &want {
        assert!(w.starts_with("strict P="), "{w}");
    }
    assert_eq!(ours(gold), want, "{gold:?}");
}

#[test]
fn agrees_with_the_reference_scorer_on_every_devset_file() {
    let d = devset();
    let files: Vec<PathBuf> = ["en", "ar", "ru"]
        .iter()
        .map(|l| d.join(format!("gold-{l}.yaml")))
        .collect();
    agree(&files, &d.join("articles"));
}

#[test]
fn agrees_with_the_reference_scorer_on_the_project_gold() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "gold files in {}: {files:?}", d.display());
    agree(&files, &d.join("articles"));
}

/// A small gold set in a fresh directory: one article and its gold file.
fn composed(article: &str, gold: &str) -> PathBuf {
    let d = tempdir();
    std::fs::create_dir_all(d.join("articles")).unwrap();
    std::fs::write(d.join("articles/t1.md"), article).unwrap();
    std::fs::write(d.join("gold.yaml"), gold).unwrap();
    d
}

const ARTICLE: &str = "---\ntitle: t\nlang: en\ndate: 2022-09-14\n---\nArmenia says 49 soldiers killed\nThe Armenian defence ministry said 49 soldiers were killed on 13 September.\nThe ministry said two servicemen were wounded.\nAzerbaijan's defence ministry said 50 of its soldiers were killed and accused Armenia of a large-scale provocation.\n";

#[test]
fn malformed_gold_is_exit_2_with_every_problem_placed() {
    let gold = "\
- id: t1
  file: articles/t1.md
  lang: en
  claims:
  - {line: 2, cue: 49 soldiers were killed, source: am_mod, kind: killed, side: am, value: 49, bound: exact}
  - {line: 3, cue: 49 soldiers were killed, source: am_mod, kind: killed, side: am, value: 49}
  - {line: 2, cue: said 49, source: am_mod, kind: slain, side: am, value: 49}
  - {line: 2, cue: said 49, source: am_mod, kind: killed, side: am, value: 49, bound: roughly}
  - {line: 2, cue: said 49, source: am_mod, kind: killed, side: am, vaule: 49}
  traps:
  - {line: 2, value: 13, why: date}
- id: t1
  file: articles/t1.md
  lang: en
";
    let (code, out, err) = run(&composed(ARTICLE, gold), &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        vec![
            "error: gold.yaml:6:20: case `t1`, claims: cue `49 soldiers were killed` is not on line 3 (it is on line 2)",
            "error: gold.yaml:7:51: case `t1`, claims: unknown kind `slain` (killed, wounded, missing, captured, blame)",
            "error: gold.yaml:8:87: case `t1`, claims: unknown bound `roughly` (exact, at_least, more_than, about, at_most, up_to, range)",
            "error: gold.yaml:9:76: case `t1`, claims: unknown key `vaule` (did you mean `value`?)",
            "error: gold.yaml:9:51: case `t1`, claims: a casualty claim needs a `value`",
            "error: gold.yaml:12:7: duplicate id `t1` (first on line 1)",
        ],
        "{err}"
    );
}

#[test]
fn a_gold_line_past_the_article_and_a_missing_article_are_errors() {
    let gold = "\
- id: t1
  file: articles/t1.md
  lang: en
  claims:
  - {line: 40, cue: x, source: am_mod, kind: killed, side: am, value: 1}
  - {line: 2, cue: 49 soldiers, source: nobody, kind: killed, side: mars, value: 49}
- id: t2
  file: articles/t2.md
  lang: en
";
    let (code, _, err) = run(&composed(ARTICLE, gold), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("gold.yaml:5:12: case `t1`, claims: line 40 is not a body line (the article's body has 4 lines)"), "{err}");
    assert!(
        err.contains("gold.yaml:6:41: case `t1`, claims: unknown source `nobody`"),
        "{err}"
    );
    assert!(
        err.contains("gold.yaml:6:69: case `t1`, claims: unknown side `mars`"),
        "{err}"
    );
    assert!(
        err.contains("gold.yaml:8:9: case `t2`: cannot read"),
        "{err}"
    );
}

#[test]
fn yaml_that_does_not_parse_is_exit_2_with_its_place() {
    let (code, _, err) = run(&composed(ARTICLE, "- id: t1\n  claims: [\n"), &[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: gold.yaml:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

const GOLD: &str = "\
- id: t1
  file: articles/t1.md
  lang: en
  claims:
  - {line: 2, alt_lines: [1], cue: 49 soldiers were killed, source: am_mod, kind: killed, side: am, value: 49, bound: exact}
  - {line: 3, cue: two servicemen were wounded, source: am_mod, kind: wounded, side: am, value: 2, bound: exact}
  - {line: 4, cue: 50 of its soldiers were killed, source: az_mod, kind: killed, side: az, value: 50, bound: exact}
  - {line: 4, cue: accused Armenia of a large-scale provocation, source: az_mod, kind: blame, accuser: az, accused: am}
  - {line: 4, cue: 50 of its soldiers, source: 'other:az_prosecutor', camp: az, kind: missing, side: az, value: 7}
  traps:
  - {line: 2, value: 13, why: date (13 September)}
";

/// The `why:` line under the first finding line that starts with `head`.
fn why_of<'a>(out: &'a str, head: &str) -> &'a str {
    out.lines()
        .skip_while(|l| !l.starts_with(head))
        .nth(1)
        .unwrap_or_else(|| panic!("no finding `{head}` in\n{out}"))
}

/// `score` over the composed set; (exit code, stdout, stderr).
fn run(d: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = cc()
        .current_dir(d)
        .args(["--default-rules", "score", "gold.yaml"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn each_miss_says_why() {
    let d = composed(ARTICLE, GOLD);
    let (code, out, _) = run(&d, &[]);
    assert_eq!(code, 0, "{out}");
    // The figure 7 is nowhere on line 4: the miss says no figure reads it.
    assert!(
        out.contains("MISS  articles/t1.md:9  other:az_prosecutor missing az exact 7\n      why: no figure on the line reads as 7"),
        "{out}"
    );
    // Every finding has its why on the next line.
    let findings = out
        .lines()
        .filter(|l| l.starts_with("MISS") || l.starts_with("EXTRA") || l.starts_with("TRAP"))
        .count();
    let whys = out.lines().filter(|l| l.starts_with("      why: ")).count();
    assert_eq!(findings, whys, "{out}");
    assert!(findings >= 1, "{out}");
}

#[test]
fn a_claim_credited_to_the_outlet_says_the_speaker_was_not_found() {
    // The speaker is named in one sentence and the figure comes in the next.
    let article = "---\nlang: en\n---\nThe Armenian defence ministry issued a statement on Tuesday.\nIn it, 49 soldiers were killed in the fighting.\n";
    let gold = "- id: t1\n  file: articles/t1.md\n  lang: en\n  claims:\n  - {line: 2, cue: 49 soldiers were killed, source: am_mod, kind: killed, side: am, value: 49}\n";
    let d = composed(article, gold);
    let (_, out, _) = run(&d, &[]);
    let miss = why_of(&out, "MISS  articles/t1.md:5  am_mod killed am exact 49");
    assert!(
        miss.contains("speaker not found, credited to the outlet"),
        "{out}"
    );
    assert!(miss.contains("am_mod `"), "names the nearest source: {out}");
}

#[test]
fn an_extra_names_its_rule_and_a_trap_its_gold_reason() {
    let article =
        "---\nlang: en\n---\nAt least 12 soldiers were killed on Tuesday, the outlet learned.\n";
    let gold = "- id: t1\n  file: articles/t1.md\n  lang: en\n  claims: []\n  traps:\n  - {line: 1, value: 12, why: a made-up trap}\n";
    let d = composed(article, gold);
    let (_, out, _) = run(&d, &[]);
    let extra = why_of(&out, "EXTRA articles/t1.md:4");
    assert!(extra.contains("[en."), "the rule id: {out}");
    assert!(
        extra.contains("the gold says 12 is a made-up trap"),
        "{out}"
    );
    assert!(
        out.contains("TRAP  articles/t1.md:4  took 12 (a made-up trap)"),
        "{out}"
    );
    assert!(
        out.contains("gold.yaml (1 article): strict P=0.00 R=0.00 F1=0.00"),
        "{out}"
    );
    assert!(out.contains("traps=1"), "{out}");
}

#[test]
fn floors_exit_1_naming_the_figure() {
    let d = composed(ARTICLE, GOLD);
    let (code, _, err) = run(&d, &["-q", "--min-f1", "0.99"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("score: en: lenient F1 "), "{err}");
    assert!(err.contains(" is below --min-f1 0.99"), "{err}");
    let (code, _, err) = run(&d, &["-q", "--min-blame-f1", "1.01"]);
    assert_eq!(code, 1);
    assert!(err.contains("score: en: blame F1 "), "{err}");
    let (code, _, err) = run(
        &d,
        &[
            "-q",
            "--min-f1",
            "0",
            "--min-strict-f1",
            "0",
            "--min-blame-f1",
            "0",
            "--max-traps",
            "5",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn max_traps_counts_traps_taken() {
    let article = "---\nlang: en\n---\nAt least 12 soldiers were killed on Tuesday.\n";
    let gold = "- id: t1\n  file: articles/t1.md\n  lang: en\n  claims: []\n  traps:\n  - {line: 1, value: 12, why: test}\n";
    let d = composed(article, gold);
    let (code, _, err) = run(&d, &["-q", "--max-traps", "0"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("score: en: 1 traps taken, more than --max-traps 0"),
        "{err}"
    );
}

#[test]
fn json_and_markdown_carry_the_same_figures() {
    let d = composed(ARTICLE, GOLD);
    let (_, table, _) = run(&d, &["-q"]);
    let (_, json, _) = run(&d, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let en = &v["languages"]["en"];
    let lenient = &en["casualties"]["lenient"];
    let (tp, fp, fn_) = (
        lenient["tp"].as_u64().unwrap(),
        lenient["fp"].as_u64().unwrap(),
        lenient["fn"].as_u64().unwrap(),
    );
    assert_eq!(tp + fn_, 4, "four casualty claims in the gold: {json}");
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    assert!((lenient["precision"].as_f64().unwrap() - p).abs() < 1e-4);
    assert_eq!(
        en["blame"]["tp"].as_u64().unwrap() + en["blame"]["fn"].as_u64().unwrap(),
        1
    );
    let findings = v["findings"].as_array().unwrap();
    // The gold has a claim no rule reads (the missing 7): at least that miss, so the check
    // below is not over an empty list.
    assert!(!findings.is_empty(), "{json}");
    assert!(
        findings
            .iter()
            .all(|f| f["why"].as_str().is_some_and(|w| !w.is_empty())),
        "{json}"
    );
    let line = |s: &str| {
        s.lines()
            .find(|l| l.contains("gold.yaml (1 article)"))
            .unwrap()
            .replace("\\|", "|")
    };
    let (_, md, _) = run(&d, &["--format", "markdown", "-q"]);
    assert!(
        md.contains("| lang | kind | gold | sP | sR | sF1 | lP | lR | lF1 | traps |"),
        "{md}"
    );
    assert_eq!(line(&md).trim_start_matches("- "), line(&table));
    let (code, _, err) = run(&d, &["--format", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid value 'csv'")
            && err.contains("[possible values: table, json, markdown]"),
        "{err}"
    );
}

#[test]
fn articles_dir_overrides_where_articles_are() {
    let d = composed(
        ARTICLE,
        &GOLD.replace("file: articles/t1.md", "file: elsewhere/t1.md"),
    );
    let (code, _, err) = run(&d, &["-q"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = run(&d, &["-q", "--articles", "articles"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("gold.yaml (1 article)"), "{out}");
}
