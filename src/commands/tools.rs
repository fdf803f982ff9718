//! `explain`, `check` and `score`: the tools for rule authors and CI.

use super::{Run, Verdict};
use crate::compare::reconcile;
use crate::error::Errors;
use crate::report::Format;
use crate::tools::check as gate;
use crate::tools::score::{self as scoring, Floor};

/// `explain FILE [--line N]`: the trace of every decision.
pub fn explain(run: &mut Run, file: &str, line: Option<usize>) -> Result<Verdict, Errors> {
    let articles = run.articles(std::slice::from_ref(&file.to_string()))?;
    let mut out = String::new();
    for a in &articles {
        let (text, claims) = crate::tools::explain::explain(&run.pack, a, run.lang(), line)?;
        out.push_str(&text);
        run.summary.processed(1, claims);
    }
    run.write(&out)?;
    Ok(Verdict::Clean)
}

/// Checks `articles` against their expectations (or rewrites them), adding each result.
fn check_articles(
    run: &mut Run,
    articles: &[crate::model::Article],
    bless: bool,
    results: &mut Vec<(String, Vec<String>, bool)>,
) -> Result<(), crate::error::Error> {
    for a in articles {
        let claims = crate::extract::extract(&run.pack, a, run.lang())?;
        run.summary.processed(1, claims.len());
        run.summary.speakers(&claims);
        let actual = gate::actual(&claims, &reconcile::reconcile(&run.pack, &claims));
        let path = gate::expectation_path(a);
        if bless {
            let changed = gate::bless_changed(&path, actual)?;
            results.push((path.display().to_string(), Vec::new(), changed));
        } else {
            results.push((a.path.clone(), gate::drift(&path, &actual)?, false));
        }
    }
    Ok(())
}

/// `check [DIR] [--bless]`: each article against its reviewed expectations; tripped on drift.
pub fn check(run: &mut Run, dir: &str, bless: bool) -> Result<Verdict, Errors> {
    // Each article's path and its differences (drift) or whether it was rewritten (bless).
    let mut results: Vec<(String, Vec<String>, bool)> = Vec::new();
    // One file's articles at a time, in the order `Run::articles` gives them.
    let paths = [dir.to_string()];
    let mut seen = 0;
    for input in &run.inputs(&paths)? {
        let articles = run.read(input)?;
        seen += articles.len();
        check_articles(run, &articles, bless, &mut results)?;
    }
    run.warn_if_nothing_read(&paths);
    let drifted = results.iter().filter(|r| !r.1.is_empty()).count();
    let blessed = results.iter().filter(|r| r.2).count();
    let out = if run.format == Format::Json {
        let rows: Vec<serde_json::Value> = (results.iter())
            .map(|(path, diffs, rewritten)| {
                if bless {
                    serde_json::json!({"expectation": path, "rewritten": rewritten})
                } else {
                    serde_json::json!({"article": path, "differences": diffs})
                }
            })
            .collect();
        let (what, n) = if bless {
            ("rewritten", blessed)
        } else {
            ("drifted", drifted)
        };
        super::rules::json_text(&serde_json::json!({
            "articles": seen,
            what: n,
            "results": rows,
        }))
    } else {
        let mut out = String::new();
        for (path, diffs, rewritten) in &results {
            if *rewritten {
                out.push_str(&format!("blessed {path}\n"));
            }
            if !diffs.is_empty() {
                out.push_str(&format!("{path}: {} difference(s)\n", diffs.len()));
                for l in diffs {
                    out.push_str(&format!("  {l}\n"));
                }
            }
        }
        let n = crate::report::count(seen, "article");
        if bless {
            let files = crate::report::count(blessed, "expectation file");
            out.push_str(&format!("check: {n}, {files} rewritten\n"));
        } else {
            out.push_str(&format!("check: {n}, {drifted} with drift\n"));
        }
        out
    };
    run.write(&out)?;
    Ok(Verdict::from_gate(!bless && drifted > 0))
}

/// What `score` is asked for besides the gold files.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Where the articles are (else each case's `file`, relative to its gold file).
    pub articles: Option<std::path::PathBuf>,
    pub floors: Vec<Floor>,
    /// Figures only.
    pub quiet: bool,
}

/// `score GOLD...`: extraction against gold; tripped below a floor (named on stderr).
pub fn score(run: &mut Run, gold: &[String], opts: &ScoreOptions) -> Result<Verdict, Errors> {
    let pack = &run.pack;
    let vocab = scoring::gold::Vocabulary {
        sides: pack.sides.iter().map(|s| s.id.0.clone()).collect(),
        sources: pack.sources.iter().map(|s| s.id.0.clone()).collect(),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for g in gold {
        match scoring::gold::read(g, opts.articles.as_deref(), &vocab) {
            Ok(f) => files.push(f),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let scores = scoring::score(pack, &files, run.lang())?;
    run.summary.read += scores.total.articles;
    run.summary.processed(scores.total.articles, scores.claims);
    let below = scoring::below(&scores, &opts.floors);
    for b in &below {
        eprintln!("score: {b}");
    }
    run.write(&scoring::emit(run.format, &scores, run.style, opts.quiet)?)?;
    Ok(Verdict::from_gate(!below.is_empty()))
}
