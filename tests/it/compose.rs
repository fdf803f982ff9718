//! Packs laid on packs (`extends:`, several `--rules`, `extend:`, `replace:`), the problems
//! layers can have with each other, rule precedence, exact names, events of one conflict,
//! language identification, and the worked example of docs/rules.md "Adding a conflict".

use crate::common::{cc, ok, tempdir};
use std::path::{Path, PathBuf};

/// An overlay directory holding `files` (name, text).
fn overlay(files: &[(&str, &str)]) -> PathBuf {
    let dir = tempdir();
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `claims` of `text` read from stdin with the pack `rules` (layers), as one line per claim:
/// `kind side-or-accuser[->accused] figure by source [via ...] @event`.
fn claims(rules: &[&Path], text: &str) -> Vec<String> {
    let mut c = cc();
    for r in rules {
        c.arg("--rules").arg(r);
    }
    let out = ok(c
        .args(["claims", "-", "--format", "jsonl"])
        .write_stdin(text));
    out.lines()
        .map(|l| {
            let j: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| j[k].as_str().unwrap_or("?").to_string();
            let who = if s("kind") == "blame" {
                format!("{}->{}", s("accuser"), s("accused"))
            } else {
                format!("{} {}", s("side"), j["value"])
            };
            let via: String = (j["via"].as_array().unwrap().iter())
                .map(|v| format!(" via {}", v.as_str().unwrap()))
                .collect();
            format!(
                "{} {who} by {}{via} @{}",
                s("kind"),
                s("source"),
                s("event")
            )
        })
        .collect()
}

/// docs/rules.md shows each of `files` of the example `dir` as it is.
fn assert_docs_show(dir: &Path, files: &[&str]) {
    let doc = std::fs::read_to_string("docs/rules.md").unwrap();
    for f in files {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        assert!(
            doc.contains(text.trim()),
            "docs/rules.md shows {f} as it is"
        );
    }
}

/// stderr of `rules lint` with `rules` (which must fail with exit code 2).
fn lint_errors(rules: &[&Path]) -> String {
    let mut c = cc();
    for r in rules {
        c.arg("--rules").arg(r);
    }
    let out = c.args(["rules", "lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

const NAMES: &str = "\
extend:
  sides:
    - id: am
      aliases:
        en: [Hayastan]
  sources:
    - id: am_mod
      aliases:
        en: [Hayastan war office]
  language:
    id: en
    attribution:
      speech: [squawked]
";

#[test]
fn an_overlay_adds_names_and_words_without_copying_a_file() {
    let text = "The Hayastan war office squawked that 4 soldiers were killed.";
    let on_default = overlay(&[("names.yaml", &format!("extends: [default]\n{NAMES}"))]);
    let want = vec!["killed am 4 by am_mod @?".to_string()];
    assert_eq!(claims(&[&on_default], text), want);
    // The same layers given on the command line.
    let bare = overlay(&[("names.yaml", NAMES)]);
    assert_eq!(claims(&[Path::new("default"), &bare], text), want);
    // Without the overlay the words name no speaker.
    assert_eq!(
        claims(&[Path::new("default")], text),
        vec!["killed ? 4 by outlet @?"]
    );
}

#[test]
fn an_overlay_extends_a_lexicon_entry_and_replaces_a_rule() {
    let words = "lang: en\nextend:\n  lexicon:\n    civilians: [aid workers]\n";
    let dir = overlay(&[
        ("pack.yaml", "extends: [default]\n"),
        ("en-words.yaml", words),
    ]);
    assert_eq!(
        claims(
            &[&dir],
            "Armenia's defence ministry said 3 aid workers were killed."
        ),
        vec!["killed am 3 by am_mod @?"]
    );
    // A rule replaced by id: its new pattern, and the old one gone.
    let rule = "\
lang: en
replace:
  rules:
    - id: en.blame.accuses
      kind: blame
      pattern: \"{accuse} the? {accused} of treachery\"
      examples:
        - text: \"Azerbaijan accused Armenia of treachery.\"
          expect: {kind: blame, accuser: az, accused: am}
";
    let dir = overlay(&[("pack.yaml", "extends: [default]\n"), ("r.yaml", rule)]);
    ok(cc().arg("--rules").arg(&dir).args(["rules", "test"]));
    let list = ok(cc().arg("--rules").arg(&dir).args(["rules", "list"]));
    let line = list
        .lines()
        .find(|l| l.starts_with("en.blame.accuses\t"))
        .unwrap();
    assert!(line.contains("r.yaml"), "{line}");
}

#[test]
fn layers_that_contradict_each_other_are_errors_naming_both_places() {
    let dir = overlay(&[(
        "bad.yaml",
        "\
extends: [default]
extend:
  sources:
    - id: nosuch
      aliases: {en: [X]}
    - id: am_gov
      aliases: {en: [Azerbaijani defence ministry]}
replace:
  sides:
    - id: zz
      name: Z
sources:
  - id: az_mod
    kind: ministry
events:
  - id: nk-war-2020
    name: another window
    start: 2020-01-01
    end: 2020-12-31
",
    )]);
    let err = lint_errors(&[&dir]);
    let bad = dir.join("bad.yaml").display().to_string();
    for want in [
        format!("{bad}:10:11: replace: no side `zz` to replace"),
        format!("{bad}:4:11: extend: no source `nosuch` to add to"),
        format!(
            "{bad}:13:9: source `az_mod` is defined twice (first at <embedded>/sources.yaml:6)"
        ),
        format!(
            "{bad}:7:22: alias `Azerbaijani defence ministry` is claimed by two sources: `az_mod` (<embedded>/sources.yaml:6) and `am_gov`"
        ),
        format!(
            "{bad}:16:9: event `nk-war-2020` is defined twice (first at <embedded>/events.yaml:"
        ),
    ] {
        assert!(err.contains(&want), "missing {want:?} in:\n{err}");
    }
    // Two layers replacing one entry.
    let side = "replace:\n  sides:\n    - id: am\n      name: A\n";
    let (one, two) = (overlay(&[("a.yaml", side)]), overlay(&[("b.yaml", side)]));
    let err = lint_errors(&[Path::new("default"), &one, &two]);
    assert!(
        err.contains("side `am` is replaced twice (first at"),
        "{err}"
    );
    assert!(
        err.contains(&one.join("a.yaml").display().to_string()),
        "{err}"
    );
}

/// What `rules test` prints with the pack `dir`, where an example must fail (exit code 1).
fn failing_rules_test(dir: &Path) -> String {
    let out = cc()
        .arg("--rules")
        .arg(dir)
        .args(["rules", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

#[test]
fn precedence_is_stated_and_rules_test_names_the_winner() {
    // A rule that reads the same words as a default rule, more briefly: the longer match wins,
    // and the example says which rule took its text.
    let rule = "\
lang: en
rules:
  - id: en.test.short
    kind: blame
    pattern: \"{accuse} {accused}\"
    examples:
      - text: \"Azerbaijan accused Armenia of a provocation.\"
        expect: {kind: blame, accuser: az, accused: am}
";
    let dir = overlay(&[("pack.yaml", "extends: [default]\n"), ("r.yaml", rule)]);
    let text = failing_rules_test(&dir);
    assert!(
        text.contains("none: taken by rule en.blame.accuses (higher priority)"),
        "{text}"
    );
    // With a priority above it, the rule takes the text, and the default rule's example says so.
    let rule = rule.replace("    kind: blame\n", "    kind: blame\n    priority: 5\n");
    let dir = overlay(&[("pack.yaml", "extends: [default]\n"), ("r.yaml", &rule)]);
    let text = failing_rules_test(&dir);
    assert!(text.contains("FAIL en.blame.accuses"), "{text}");
    assert!(
        text.contains("none: taken by rule en.test.short (higher priority)"),
        "{text}"
    );
    assert!(!text.contains("FAIL en.test.short"), "{text}");
}

#[test]
fn the_conflict_overlay_of_the_docs_reads_its_article() {
    // docs/rules.md "Adding a conflict" shows these files and this output.
    let dir = Path::new("docs/examples/conflict-overlay");
    let got = claims(
        &[dir],
        &std::fs::read_to_string(dir.join("article.md")).unwrap(),
    );
    assert_eq!(
        got,
        vec![
            "killed ? 24 by outlet @el-fasher-2025",
            "killed ? 40 by sudan_doctors_network @el-fasher-2025",
            "blame ?->rsf by sudan_doctors_network @el-fasher-2025",
            "blame saf->rsf by saf_army @el-fasher-2025",
            "wounded saf 12 by saf_army @el-fasher-2025",
            // "The WHO": the organisation, named as written; "who fled" is no speaker.
            "killed ? 3 by who @el-fasher-2025",
            // The outlet's figure with no side takes the side the text was about before it (a
            // limit of that reading: residents' missing people are no RSF losses).
            "missing rsf 5 by outlet @el-fasher-2025",
            // A claim of this conflict near "2020" never joins the 2020 Karabakh war.
            "killed saf 7 by saf_army @2020",
        ]
    );
    assert_docs_show(dir, &["overlay.yaml", "en-words.yaml"]);
}

#[test]
fn rules_dump_starts_an_overlay_and_never_writes_over_files() {
    let dir = tempdir().join("mine");
    ok(cc().args(["rules", "dump", "--overlay"]).arg(&dir));
    assert!(ok(cc().arg("--rules").arg(&dir).args(["rules", "lint"])).contains("rules ok"));
    let out = cc().args(["rules", "dump"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not empty (overlay.yaml)"), "{err}");
    ok(cc().args(["rules", "dump", "--force"]).arg(&dir));
    assert!(dir.join("sources.yaml").exists());
}

#[test]
fn the_language_overlay_of_the_docs_reads_its_article() {
    // docs/rules.md "Adding a language": one file laid on the default pack reads Spanish.
    let dir = Path::new("docs/examples/language-overlay");
    let tested = ok(cc().arg("--rules").arg(dir).args(["rules", "test"]));
    assert!(tested.contains("es.blame.accuses"), "{tested}");
    let article = std::fs::read_to_string(dir.join("article.md")).unwrap();
    assert_eq!(
        claims(&[dir], &article),
        vec![
            "killed am 7 by am_mod @?",
            "wounded az 12 by az_mod @?",
            "blame am->az by am_gov @?",
        ]
    );
    // No front matter: the identifier tells Spanish from the pack's other Latin languages.
    let out = ok(cc()
        .arg("--rules")
        .arg(dir)
        .args(["claims", "-", "--format", "jsonl"])
        .write_stdin(article));
    assert!(out.lines().all(|l| l.contains(r#""lang":"es""#)), "{out}");
    assert_docs_show(dir, &["es.yaml", "article.md"]);
}

#[test]
fn a_day_inside_nested_event_windows_belongs_to_the_narrower_one() {
    // The overlay's battle is listed after the war it falls in: the narrower window decides.
    let events = "extends: [default]\nevents:\n  - id: shusha-2020\n    name: Battle of Shusha\n    \
                  start: 2020-11-04\n    end: 2020-11-08\n    sides: [az, am]\n";
    let dir = overlay(&[("events.yaml", events)]);
    // The event of the claim in an article of that date.
    let event_on = |date: &str| {
        let article = dir.join(format!("{date}.md"));
        let text = format!(
            "---\nlang: en\ndate: {date}\n---\nThe Armenian defence ministry said 12 soldiers were killed.\n"
        );
        std::fs::write(&article, text).unwrap();
        let out = ok(cc()
            .arg("--rules")
            .arg(&dir)
            .arg("claims")
            .arg(&article)
            .args(["--format", "json"]));
        let claims: serde_json::Value = serde_json::from_str(&out).unwrap();
        claims[0]["event"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(event_on("2020-11-07"), "shusha-2020");
    assert_eq!(event_on("2020-10-07"), "nk-war-2020");
}

#[test]
fn a_place_with_a_side_gives_its_civilians_that_side() {
    // A town the default pack does not know, laid on it with its side.
    let dir = overlay(&[(
        "places.yaml",
        "extends: [default]\nplaces:\n  - id: dilijan\n    side: am\n    names: {en: [Dilijan]}\n",
    )]);
    let text = "Two civilians were wounded in shelling of Dilijan.\n";
    assert_eq!(
        claims(&[&dir], text)[0].split(" @").next(),
        Some("wounded am 2 by outlet")
    );
    // Without it, no side: the outlet's text names none.
    assert_eq!(
        claims(&[Path::new("default")], text)[0].split(" @").next(),
        Some("wounded ? 2 by outlet")
    );
    // Soldiers fight on either side of a place: a defence ministry's own losses stay its own.
    let soldiers = "Armenia's defence ministry said three soldiers were killed near Tovuz.\n";
    assert_eq!(
        claims(&[&dir], soldiers)[0].split(" @").next(),
        Some("killed am 3 by am_mod")
    );
}

#[test]
fn a_place_side_no_side_defines_or_two_layers_disagree_on_is_an_error() {
    let dir = overlay(&[(
        "places.yaml",
        "extends: [default]\nplaces:\n  - id: dilijan\n    side: mars\n  - id: ganja\n    side: am\n",
    )]);
    let err = lint_errors(&[&dir]);
    let file = dir.join("places.yaml").display().to_string();
    assert!(
        err.contains(&format!("{file}:4:5: place `dilijan`: unknown side `mars`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:6:5: place `ganja`: side `am` here, `az` at <embedded>/events.yaml:"
        )),
        "{err}"
    );
}
