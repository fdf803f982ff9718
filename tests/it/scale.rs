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

/// Union-find root, halving paths.
fn root(parent: &mut std::collections::BTreeMap<String, String>, x: &str) -> String {
    let mut x = x.to_string();
    loop {
        let p = parent.entry(x.clone()).or_insert_with(|| x.clone()).clone();
        if p == x {
            return x;
        }
        let pp = parent.entry(p.clone()).or_insert_with(|| p.clone()).clone();
        parent.insert(x.clone(), pp.clone());
        x = pp;
    }
}

#[test]
fn a_reduce_keyed_by_band_bucket_and_by_event_equals_report() {
    // The steps of scripts/pyspark_map_reduce.py without Spark: sketches keyed by band bucket,
    // pairs of copies confirmed per bucket, clusters kept in the claims, reconciled by event.
    let files = fixture_files();
    let claims_file = mapped(&[files.clone()]).remove(0);
    let text = std::fs::read_to_string(&claims_file).unwrap();
    let mut claims: Vec<serde_json::Value> = (text.lines())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut sketches = std::collections::BTreeMap::new();
    for c in &claims {
        let file = c["file"].as_str().unwrap().to_string();
        sketches
            .entry(file)
            .or_insert_with(|| c["provenance"]["sketch"].clone());
    }
    let dir = tempdir();
    let sketch_lines: String = (sketches.iter())
        .map(|(f, s)| serde_json::json!({"file": f, "sketch": s}).to_string() + "\n")
        .collect();
    let sketch_path = dir.join("sketches.jsonl");
    std::fs::write(&sketch_path, sketch_lines).unwrap();
    let bands = String::from_utf8(run(&[
        "syndication",
        "bands",
        sketch_path.to_str().unwrap(),
    ]))
    .unwrap();
    // Buckets split over two "partitions", a bucket whole in one of them.
    let (mut even, mut odd) = (String::new(), String::new());
    for line in bands.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let bucket = v["bucket"].as_str().unwrap();
        let half = if bucket.bytes().map(usize::from).sum::<usize>() % 2 == 0 {
            &mut even
        } else {
            &mut odd
        };
        half.push_str(line);
        half.push('\n');
    }
    let mut pairs = Vec::new();
    for (i, half) in [even, odd].iter().enumerate() {
        let path = dir.join(format!("bucketed-{i}.jsonl"));
        std::fs::write(&path, half).unwrap();
        let out =
            String::from_utf8(run(&["syndication", "pairs", path.to_str().unwrap()])).unwrap();
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            pairs.push((
                v["a"].as_str().unwrap().to_string(),
                v["b"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert!(!pairs.is_empty(), "the fixtures hold copies of one text");
    let mut parent = std::collections::BTreeMap::new();
    for (a, b) in &pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra.clone().max(rb.clone()), ra.min(rb));
        }
    }
    for c in &mut claims {
        let file = c["file"].as_str().unwrap().to_string();
        c["provenance"]["cluster"] = root(&mut parent, &file).into();
    }
    // `reconcile --keep-clusters --format json` over these claims.
    let kept_report = |claims: &mut dyn Iterator<Item = &serde_json::Value>| {
        let path = dir.join("clustered.jsonl");
        let lines: String = claims.map(|c| c.to_string() + "\n").collect();
        std::fs::write(&path, lines).unwrap();
        let args = ["reconcile", "--keep-clusters", "--format", "json"];
        run(&[&args[..], &[path.to_str().unwrap()]].concat())
    };
    let mut whole_args = vec!["report", "--format", "json"];
    whole_args.extend(files.iter().map(String::as_str));
    let whole = run(&whole_args);
    let kept = kept_report(&mut claims.iter());
    assert!(
        kept == whole,
        "reconcile --keep-clusters differs from report"
    );
    // Each event reconciled on its own gives that event's part of the report.
    let whole: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    for event in whole["events"].as_array().unwrap() {
        let id = event["event"].as_str().unwrap();
        let part = kept_report(
            &mut (claims.iter()).filter(|c| c["event"].as_str().unwrap_or("unassigned") == id),
        );
        let part: serde_json::Value = serde_json::from_slice(&part).unwrap();
        assert_eq!(part["events"][0], *event, "event {id}");
    }
}
