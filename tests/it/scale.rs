//! Sharded runs: the map step (`claims --format jsonl --provenance`) over shards and the reduce
//! step (`reconcile`) give the same report as `report` on the whole corpus; streaming JSONL.

use crate::common::{cc, tempdir};

fn run(args: &[&str]) -> Vec<u8> {
    let out = cc().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every article file under fixtures/, sorted.
fn fixture_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["fixtures/seeds", "fixtures/composed", "fixtures/html"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if !p.to_string_lossy().ends_with(".expect.yaml") {
                files.push(p.display().to_string());
            }
        }
    }
    files.sort();
    files
}

/// The map step: each shard to a claims file; their paths in reverse shard order, so that the
/// reduce step sees them out of order (its result must not depend on it).
fn mapped(shards: &[Vec<String>]) -> Vec<String> {
    let dir = tempdir();
    let mut outputs = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        let out = dir.join(format!("shard-{i}.jsonl"));
        let mut args = vec![
            "claims",
            "--format",
            "jsonl",
            "--provenance",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(shard.iter().map(String::as_str));
        run(&args);
        outputs.push(out.display().to_string());
    }
    outputs.reverse();
    outputs
}

/// The reduce step over mapped claims files.
fn reduced(outputs: &[String], format: &str) -> Vec<u8> {
    let mut args = vec!["reconcile", "--format", format];
    args.extend(outputs.iter().map(String::as_str));
    run(&args)
}

#[test]
fn reconcile_over_shards_equals_report_on_the_whole() {
    let files = fixture_files();
    assert!(files.len() >= 10);
    let one: Vec<Vec<String>> = vec![files.clone()];
    let each: Vec<Vec<String>> = files.iter().map(|f| vec![f.clone()]).collect();
    let halves: Vec<Vec<String>> = files
        .chunks(files.len().div_ceil(2))
        .map(<[String]>::to_vec)
        .collect();
    let strided: Vec<Vec<String>> = (0..3)
        .map(|k| files.iter().skip(k).step_by(3).cloned().collect())
        .collect();
    // Each sharding is mapped once and reduced in every format (the map step has no format).
    let shardings: Vec<(&str, Vec<String>)> = [
        ("one shard", one),
        ("one file a shard", each),
        ("halves", halves),
        ("strided", strided),
    ]
    .into_iter()
    .map(|(name, shards)| (name, mapped(&shards)))
    .collect();
    for format in ["json", "table", "html"] {
        let mut whole_args = vec!["report", "--format", format];
        whole_args.extend(files.iter().map(String::as_str));
        let whole = run(&whole_args);
        for (name, outputs) in &shardings {
            assert!(
                reduced(outputs, format) == whole,
                "{name} ({format}) differs from report"
            );
        }
    }
}

#[test]
fn streamed_jsonl_corpus_gives_the_same_claims_as_reading_it_whole() {
    let dir = tempdir();
    let corpus = dir.join("corpus.jsonl");
    let mut lines = String::new();
    for f in fixture_files()
        .iter()
        .filter(|f| f.ends_with(".md") || f.ends_with(".txt"))
    {
        let text = std::fs::read_to_string(f).unwrap();
        lines.push_str(&serde_json::json!({"text": text, "lang": if f.contains("_ru") { "ru" } else if f.ends_with(".txt") || f.contains("-15_") || f.contains("-05_later") || f.contains("az-report") { "ar" } else { "en" }}).to_string());
        lines.push('\n');
    }
    std::fs::write(&corpus, &lines).unwrap();
    let c = corpus.to_str().unwrap();
    let streamed = run(&["claims", c, "--format", "jsonl"]);
    // The same corpus through stdin streams too; the json format reads it whole.
    let stdin = cc()
        .args(["claims", "-", "--format", "jsonl"])
        .write_stdin(lines.clone())
        .output()
        .unwrap()
        .stdout;
    let whole: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["claims", c, "--format", "json"])).unwrap();
    let streamed: Vec<serde_json::Value> = String::from_utf8(streamed)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(streamed.len() > 30);
    assert_eq!(streamed, whole);
    let stdin: Vec<serde_json::Value> = String::from_utf8(stdin)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The same records, but for the name of the input (`<stdin>:N` for `corpus.jsonl:N`).
    let renamed: Vec<serde_json::Value> = stdin
        .into_iter()
        .map(|mut r| {
            let f = r["file"]
                .as_str()
                .unwrap()
                .replace("<stdin>:", &format!("{c}:"));
            r["file"] = f.into();
            r
        })
        .collect();
    assert_eq!(renamed, streamed);
}
