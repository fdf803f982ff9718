//! Real-world input: HTML pages, JSONL corpora, encodings, binary content, stdin. Reading and
//! explaining run in-process; the binary where its summary, exit codes or stdin are the point.

use crate::common::{PIPED, cc, claims_text, corpus, dumped_rules, pack, report_text, tempdir};
use crosscheck::report::Format;

/// `explain PATH` (in-process): the trace of the one article at `path`.
fn explain(path: &str) -> String {
    let read = crosscheck::read::ingest::collect(&[path.to_string()]).unwrap();
    assert_eq!(read.articles.len(), 1, "{path}: {:?}", read.skipped);
    crosscheck::tools::explain::explain(pack(), &read.articles[0], None, None)
        .unwrap()
        .0
}

/// The claim lines of `explain` (what, by whom, with which rule), without line numbers.
fn explained_claims(path: &str) -> Vec<String> {
    let mut claims: Vec<String> = explain(path)
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("claim:")
                .map(|c| c.trim().to_string())
        })
        .collect();
    claims.sort();
    claims
}

#[test]
fn explain_on_html_copy_gives_the_same_claims_as_the_text_file() {
    let text = explained_claims("fixtures/seeds/002_47c2d6917179a7ff.txt");
    let html = explained_claims("fixtures/html/002_47c2d6917179a7ff.html");
    assert_eq!(text.len(), 9);
    assert_eq!(html, text);
}

#[test]
fn html_title_and_date_become_metadata_and_furniture_is_dropped() {
    let s = explain("fixtures/html/002_47c2d6917179a7ff.html");
    assert!(
        s.contains("event border-2021-11"),
        "the <meta> publication date places it: {s}"
    );
    assert!(
        s.starts_with("== fixtures/html/002_47c2d6917179a7ff.html (language ar"),
        "{s}"
    );
    for furniture in [
        "LEAVE A REPLY",
        "Please enter",
        "RELATED ARTICLES",
        "+971",
        "نوفمبر 28, 2024",
    ] {
        assert!(
            !s.contains(furniture),
            "{furniture} should be dropped:\n{s}"
        );
    }
}

#[test]
fn jsonl_corpus_reads_records_and_skips_broken_lines_with_their_number() {
    let dir = tempdir();
    let corpus = dir.join("corpus.jsonl");
    std::fs::write(
        &corpus,
        concat!(
            r#"{"text": "The Armenian defence ministry said 3 soldiers were killed.", "date": "2021-11-17", "outlet": "A"}"#,
            "\n{not json\n\n",
            r#"{"text": "Azerbaijan's defence ministry said 7 of its soldiers were killed.", "lang": "en", "event": "e1"}"#,
            "\n",
            r#"{"title": "no text field"}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = cc()
        .args(["claims", corpus.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unusable lines fail the run");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "summary: 4 articles read, 2 processed, 2 skipped (2 not a valid record), 2 claims"
        ),
        "{stderr}"
    );
    cc().args([
        "claims",
        corpus.to_str().unwrap(),
        "--format",
        "jsonl",
        "--keep-going",
    ])
    .assert()
    .success();
    assert!(
        stderr.contains("corpus.jsonl:2: skipped: not a valid record"),
        "{stderr}"
    );
    assert!(
        stderr.contains("corpus.jsonl:5: skipped: not a valid record (missing field `text`"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].contains("corpus.jsonl:1\"") && lines[0].contains("\"event\":\"border-2021-11\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("corpus.jsonl:4\"") && lines[1].contains("\"event\":\"e1\""),
        "{}",
        lines[1]
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_bom_is_read() {
    let dir = tempdir();
    for (name, be) in [("le.txt", false), ("be.txt", true)] {
        std::fs::write(
            dir.join(name),
            utf16("أعلنت أرمينيا مقتل جندي وفقدان 24 آخرين\n", be),
        )
        .unwrap();
    }
    let c = corpus(&[dir.to_str().unwrap()]);
    let got: Vec<(String, String)> = c
        .iter()
        .map(|c| {
            let file = c.file.rsplit('/').next().unwrap().to_string();
            (file, format!("{} by {}", c.summary(), c.source.0))
        })
        .collect();
    let want = |f: &str| {
        [
            (f.to_string(), "killed am 1 by am_gov".to_string()),
            (f.to_string(), "missing am 24 by am_gov".to_string()),
        ]
    };
    assert_eq!(
        got,
        [want("be.txt"), want("le.txt")].concat(),
        "two claims in each file"
    );
}

#[test]
fn utf8_bom_with_front_matter_is_read() {
    let dir = tempdir();
    let f = dir.join("bom.md");
    std::fs::write(&f, "\u{FEFF}---\ndate: 2021-11-17\nlang: en\n---\nThe Armenian defence ministry said 3 soldiers were killed.\n").unwrap();
    let c = corpus(&[f.to_str().unwrap()]);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        c[0].event.as_ref().map(ToString::to_string).as_deref(),
        Some("border-2021-11"),
        "the front matter is read"
    );
    assert_eq!(
        c[0].line, 5,
        "lines count from the file's start, BOM and front matter included"
    );
}

#[test]
fn binary_and_invalid_text_are_skipped_with_a_reason() {
    let dir = tempdir();
    std::fs::write(dir.join("a.txt"), b"GIF89a\x00\x01\x02binary").unwrap();
    std::fs::write(dir.join("b.txt"), b"ok line\n\xff\xfe\xfd broken").unwrap();
    std::fs::write(
        dir.join("c.txt"),
        "The Armenian defence ministry said 3 soldiers were killed.\n",
    )
    .unwrap();
    let out = cc()
        .args(["claims", dir.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable inputs fail the run");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("summary: 3 articles read, 1 processed, 2 skipped (1 binary content, 1 not valid UTF-8), 1 claim"),
        "{stderr}"
    );
    cc().args(["claims", dir.to_str().unwrap(), "--keep-going"])
        .assert()
        .success();
    assert!(
        stderr.contains("a.txt: skipped: binary content (a NUL byte at byte 6)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.txt: skipped: not valid UTF-8 (line 2, column 1)"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn stdin_takes_text_html_and_jsonl() {
    // What stdin holds is sniffed (from_bytes, what `-` reads through); cli.rs runs `-` itself.
    let of = |bytes: &str| -> Vec<crosscheck::model::Claim> {
        let read = crosscheck::read::ingest::from_bytes("<stdin>", bytes.into()).unwrap();
        assert!(read.skipped.is_empty(), "{:?}", read.skipped);
        crosscheck::compare::corpus_claims(pack(), &read.articles, None).unwrap()
    };
    let html = of(
        "<html><head><title>Report</title></head><body><article><p>The Armenian defence ministry said 3 soldiers were killed in the clashes near the border, according to officials speaking on the condition of anonymity to reporters on Tuesday evening.</p></article></body></html>",
    );
    assert_eq!(html.len(), 1, "{html:?}");
    assert_eq!(html[0].source.0, "am_mod");
    // Read as a page: the markup is not in the text the quote is taken from.
    assert!(!html[0].quote.contains('<'), "{html:?}");
    let jsonl = of("{\"text\": \"The Armenian defence ministry said 3 soldiers were killed.\"}\n");
    assert_eq!(jsonl.len(), 1, "{jsonl:?}");
    assert_eq!(
        jsonl[0].file, "<stdin>:1",
        "a corpus record is named by its line"
    );
    assert_eq!(jsonl[0].value, Some(3));
}

#[test]
fn article_text_cannot_take_over_the_terminal_or_a_table() {
    let dir = tempdir();
    // An ANSI "clear screen" in the event id and a bidi override in the outlet, and a file name
    // with an escape in it.
    let name = "bad\u{1b}[2Jname.md";
    std::fs::write(
        dir.join(name),
        "---\nevent: \"e\\e[2J\\u202Eevil\"\noutlet: \"out\\u202Elet\"\ndate: 2021-11-17\nlang: en\n---\nThe Armenian defence ministry said 3 soldiers were killed.\nAzerbaijan said it had killed 30 Armenian soldiers.\n",
    )
    .unwrap();
    // The emitters and explain, in-process; the binary for what it writes to stderr.
    let d = dir.to_str().unwrap();
    let page = crosscheck::report::Page::new(pack(), None);
    for (args, s) in [
        ("report", report_text(&[d], Format::Table)),
        ("claims", claims_text(&[d], Format::Table)),
        ("report markdown", report_text(&[d], Format::Markdown)),
        ("explain", explain(dir.join(name).to_str().unwrap())),
        (
            "claims markdown",
            crosscheck::report::claims(Format::Markdown, &corpus(&[d]), PIPED, &page),
        ),
    ] {
        assert!(!s.contains('\u{1b}'), "{args:?} printed an escape:\n{s}");
        assert!(
            !s.contains('\u{202E}'),
            "{args:?} printed a bidi override:\n{s}"
        );
        assert!(
            s.contains('\u{241B}') || s.contains('\u{FFFD}'),
            "{args:?}: the placeholders show where:\n{s}"
        );
    }
    let gate = cc()
        .args(["report", dir.to_str().unwrap(), "--fail-on", "conflict"])
        .output()
        .unwrap();
    assert_eq!(gate.status.code(), Some(1));
    assert!(!String::from_utf8(gate.stderr).unwrap().contains('\u{1b}'));
    let table = String::from_utf8(gate.stdout).unwrap();
    assert!(
        table.contains('\u{241B}') && !table.contains('\u{1b}'),
        "{table}"
    );
}

/// Runs `claims` on `path` in `dir`; returns exit code and stderr.
fn claims_in(dir: &std::path::Path, path: &str, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["claims", path, "--format", "jsonl"];
    args.extend_from_slice(extra);
    let out = cc().current_dir(dir).args(&args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn bad_input_matrix() {
    let dir = tempdir();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blank.txt"), "  \n\t\n").unwrap();
    std::fs::write(
        dir.join("only-front-matter.md"),
        "---\ndate: 2021-11-17\n---\n",
    )
    .unwrap();
    std::fs::write(dir.join("long.txt"), "word ".repeat(300_000)).unwrap(); // 1.5 MB, one line
    std::fs::write(dir.join("bad-date.md"), "---\ndate: yesterday\n---\ntext\n").unwrap();
    std::fs::write(dir.join("open-front-matter.md"), "---\ntitle: x\n").unwrap();
    std::fs::create_dir_all(dir.join("loop/a")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("loop/a/up")).unwrap();
    std::fs::write(dir.join("long50.txt"), "word ".repeat(10 << 20)).unwrap(); // 50 MB, one line
    std::fs::write(
        dir.join("deep.md"),
        format!(
            "---\ntitle: {}{}\n---\ntext\n",
            "[".repeat(5000),
            "]".repeat(5000)
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("dangling")).unwrap();
    std::os::unix::fs::symlink("missing.txt", dir.join("dangling/a.txt")).unwrap();
    std::fs::write(
        dir.join("dup.md"),
        "---\ndate: 2021-11-17\ndate: 2021-11-18\n---\ntext\n",
    )
    .unwrap();
    let cases: [(&str, Option<i32>, &str); 11] = [
        (
            "dup.md",
            Some(2),
            "error: dup.md:3:1: front matter: duplicate field `date`",
        ),
        (
            "long50.txt",
            Some(2),
            "long50.txt: skipped: larger than the limit of 10 MB (--max-article-mb)",
        ),
        (
            "deep.md",
            Some(2),
            "error: deep.md:2:8: front matter: title: invalid type: sequence, expected a string",
        ),
        ("dangling", Some(2), "dangling/a.txt: skipped: "),
        ("empty.txt", Some(2), "empty.txt: skipped: no text"),
        ("blank.txt", Some(2), "blank.txt: skipped: no text"),
        (
            "only-front-matter.md",
            Some(2),
            "only-front-matter.md: skipped: no text",
        ),
        (
            "long.txt",
            Some(2),
            "long.txt: skipped: larger than the limit of 1 MB (--max-article-mb)",
        ),
        (
            "bad-date.md",
            Some(2),
            "error: bad-date.md:2:1: front matter: `date` must start with YYYY-MM-DD, got `yesterday`",
        ),
        (
            "open-front-matter.md",
            Some(2),
            "error: open-front-matter.md:1:1: front matter is not closed",
        ),
        ("loop", Some(2), "loop/a/up: skipped: symlink loop"),
    ];
    for (path, code, message) in cases {
        let limit: &[&str] = if path == "long.txt" {
            &["--max-article-mb", "1"]
        } else {
            &[]
        };
        let (got, stderr) = claims_in(&dir, path, limit);
        assert_eq!(got, code, "{path}: {stderr}");
        assert!(
            stderr.contains(message),
            "{path}: want `{message}` in {stderr}"
        );
    }
    // The limit is configurable, and --keep-going finishes with 0 after naming what it skipped.
    assert_eq!(
        claims_in(&dir, "long.txt", &[]).0,
        Some(0),
        "under the default limit of 10 MB"
    );
    let (code, stderr) = claims_in(&dir, "empty.txt", &["--keep-going"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("skipped: no text")
            && stderr.contains("summary: 1 article read, 0 processed, 1 skipped")
    );
    // 50 MB a run would pile up in the temporary directory.
    std::fs::remove_file(dir.join("long50.txt")).unwrap();
}

#[test]
fn bad_rule_files_are_rejected_fast() {
    let dir = dumped_rules();
    let lint = |d: &std::path::Path| {
        let out = cc()
            .args(["--rules", d.to_str().unwrap(), "rules", "lint"])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    std::fs::write(
        dir.join("settings.yaml"),
        "settings:\n  fuzzy_min_len: 6\n  fuzzy_min_len: 7\n",
    )
    .unwrap();
    let (code, err) = lint(&dir);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("settings.yaml:3:3: settings: duplicate field `fuzzy_min_len`"),
        "{err}"
    );
    std::fs::write(
        dir.join("settings.yaml"),
        format!("settings: {}{}\n", "[".repeat(5000), "]".repeat(5000)),
    )
    .unwrap();
    let (code, err) = lint(&dir);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("settings.yaml:1:11"),
        "deep nesting is an error, not a crash: {err}"
    );
}

/// A billion-laughs chain of YAML aliases (10^9 nodes once expanded), as a flow mapping body.
fn alias_bomb() -> String {
    let mut parts = vec!["b0: &b0 [x, x, x, x, x, x, x, x, x, x]".to_string()];
    for i in 1..9 {
        parts.push(format!(
            "b{i}: &b{i} [{}]",
            vec![format!("*b{}", i - 1); 10].join(", ")
        ));
    }
    parts.join(", ")
}

#[test]
fn yaml_alias_bombs_are_rejected_fast_with_bounded_memory() {
    let dir = dumped_rules();
    let rule = format!(
        "lang: en\nlexicon:\n  bombword: [boom]\nrules:\n  - id: en.bomb\n    kind: killed\n    pattern: \"{{bombword}} {{count}}\"\n    examples:\n      - text: \"boom 7\"\n        expect: {{kind: killed, {}}}\n",
        alias_bomb()
    );
    std::fs::write(dir.join("en/bomb.yaml"), rule).unwrap();
    let out = cc()
        .args(["--rules", dir.to_str().unwrap(), "rules", "lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("repetition limit exceeded")
    );
    // In front matter, under a key crosscheck ignores: skipped without being expanded, so the
    // article is read (a blow-up would exhaust memory instead of finishing).
    let art = dir.join("a.md");
    std::fs::write(
        &art,
        format!(
            "---\nextra: {{{}}}\ndate: 2021-11-17\n---\ntext\n",
            alias_bomb()
        ),
    )
    .unwrap();
    let out = cc()
        .args(["claims", art.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Under a key that is read, the limit stops it.
    std::fs::write(
        &art,
        format!("---\ndate: {{{}}}\n---\ntext\n", alias_bomb()),
    )
    .unwrap();
    let out = cc()
        .args(["claims", art.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_ignore_file_skips_what_it_lists_unless_named_on_the_command_line() {
    let d = tempdir();
    std::fs::create_dir_all(d.join("gold")).unwrap();
    let article = "The Armenian defence ministry said 3 soldiers were killed.\n";
    std::fs::write(d.join("a.md"), article).unwrap();
    std::fs::write(d.join("draft.md"), article).unwrap();
    std::fs::write(d.join("gold/g.md"), article).unwrap();
    std::fs::write(
        d.join(".crosscheckignore"),
        "# not articles to report\ngold/\ndraft.*\n",
    )
    .unwrap();
    let files = |path: &std::path::Path| -> Vec<String> {
        corpus(&[path.to_str().unwrap()])
            .iter()
            .map(|c| {
                std::path::Path::new(&c.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    assert_eq!(files(&d), vec!["a.md"]);
    assert_eq!(files(&d.join("gold")), vec!["g.md"]);
    assert_eq!(files(&d.join("draft.md")), vec!["draft.md"]);
}
