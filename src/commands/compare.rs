//! `report` (extract, attribute, reconcile) and `reconcile` (the reduce step of a sharded run).

use super::{Run, Verdict};
use crate::compare::reconcile::{self, FailOn};
use crate::error::{Error, Errors};
use crate::model::Claim;
use crate::read::{ingest, records};
use crate::report::{self, Format};

/// What to explain after a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Explain {
    /// How each row's low / best / high was chosen.
    pub estimates: bool,
    /// Why each article's claims are in their event.
    pub events: bool,
}

/// `report PATH...`: the reconciliation tables of the articles under `paths`.
pub fn report(
    run: &mut Run,
    paths: &[String],
    fail_on: Option<FailOn>,
    explain: Explain,
) -> Result<Verdict, Errors> {
    let claims = if paths.iter().any(|p| p == "-") {
        let articles = run.articles(paths)?;
        run.corpus_claims(&articles)?
    } else {
        streamed_claims(run, paths)?
    };
    reconciled(run, claims, fail_on, explain)
}

/// The claims of the articles under `paths`, read a batch at a time: only claims and sketches
/// are kept, not the articles, so memory follows the claims, not the corpus; the sketches'
/// openings wait in a temporary file. Same claims, clusters and order as reading every article
/// first (`Run::articles`: by name, each once).
fn streamed_claims(run: &mut Run, paths: &[String]) -> Result<Vec<Claim>, Error> {
    let mut batch = Batch {
        articles: Vec::new(),
        names: Vec::new(),
        claims: Vec::new(),
        sketches: crate::compare::SpilledSketches::new().map_err(temp)?,
    };
    for input in &run.inputs(paths)? {
        let name = input.name();
        if name.ends_with(".jsonl") {
            // A corpus: read and extracted a batch of its records at a time.
            batch.extract(run)?;
            let io = |e: std::io::Error| Error::Io {
                path: name.clone(),
                message: e.to_string(),
            };
            let file = std::io::BufReader::new(std::fs::File::open(&name).map_err(io)?);
            let mut batches = ingest::JsonlBatches::new(&name, file, super::claims::BATCH);
            while let Some(read) = batches.next_batch().map_err(io)? {
                run.summary.ingested(&read);
                batch.articles = read.articles;
                batch.extract(run)?;
            }
            continue;
        }
        let articles = run.read(input)?;
        batch.articles.extend(articles);
        if batch.articles.len() >= super::claims::BATCH {
            batch.extract(run)?;
        }
    }
    batch.extract(run)?;
    run.warn_if_nothing_read(paths);
    let sketches = batch.sketches.finish().map_err(temp)?;
    let clusters = crate::compare::syndication::cluster_names(&run.pack, &batch.names, &sketches);
    Ok(crate::compare::with_clusters(batch.claims, clusters))
}

/// A temporary file that could not be written or read, named by its directory.
fn temp(e: std::io::Error) -> Error {
    Error::Io {
        path: std::env::temp_dir().display().to_string(),
        message: e.to_string(),
    }
}

/// Articles waiting to be read, and what was kept of those read: names, claims and sketches.
struct Batch {
    articles: Vec<crate::model::Article>,
    names: Vec<String>,
    claims: Vec<Vec<Claim>>,
    sketches: crate::compare::SpilledSketches,
}

impl Batch {
    /// Extracts the waiting articles' claims and lets the articles go.
    fn extract(&mut self, run: &mut Run) -> Result<(), Error> {
        if self.articles.is_empty() {
            return Ok(());
        }
        let found = crate::extract::extract_each(&run.pack, &self.articles, run.lang(), &|_| {})?;
        let count = found.iter().map(|e| e.claims.len()).sum();
        run.summary.processed(self.articles.len(), count);
        run.summary.speakers(found.iter().flat_map(|e| &e.claims));
        self.names.extend(self.articles.drain(..).map(|a| a.path));
        for mut e in found {
            self.sketches.push(&e.sketch).map_err(temp)?;
            // The report reads clusters, not sketches: the claims let theirs go.
            for c in &mut e.claims {
                c.provenance.sketch = None;
            }
            self.claims.push(e.claims);
        }
        Ok(())
    }
}

/// `reconcile CLAIMS.jsonl...`: the same report from claims written by
/// `claims --format jsonl --provenance`.
pub fn reconcile(
    run: &mut Run,
    files: &[String],
    fail_on: Option<FailOn>,
    explain: Explain,
    keep_clusters: bool,
) -> Result<Verdict, Errors> {
    let mut claims = Vec::new();
    for f in files {
        let text = read_input(f)?;
        let (read, bare) = records::read(f, &text)?;
        if bare > 0 {
            eprintln!(
                "warning: {f}: {} without provenance (write them with `claims --format jsonl --provenance`): syndicated copies cannot be recognised and each article counts as its own outlet",
                report::count(bare, "claim")
            );
        }
        claims.extend(read);
    }
    if !keep_clusters {
        crate::compare::syndication::recluster(&run.pack, &mut claims);
    }
    reconciled(run, claims, fail_on, explain)
}

/// A file's text, or standard input's for `-`.
fn read_input(f: &str) -> Result<String, Error> {
    if f == "-" {
        let mut t = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut t).map_err(|e| Error::Io {
            path: ingest::STDIN.into(),
            message: e.to_string(),
        })?;
        Ok(t)
    } else {
        std::fs::read_to_string(f).map_err(|e| Error::Io {
            path: f.to_string(),
            message: e.to_string(),
        })
    }
}

/// The JSON lines of `syndication bands` or `pairs` input files, each read into a `T`.
fn json_lines<T: serde::de::DeserializeOwned>(files: &[String]) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    for f in files {
        let text = read_input(f)?;
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let record = serde_json::from_str(line).map_err(|e| Error::Input {
                at: crate::error::Location {
                    file: f.clone(),
                    line: i + 1,
                    column: e.column(),
                },
                message: format!("not a sketch record: {e}"),
            })?;
            out.push(record);
        }
    }
    Ok(out)
}

/// An article's sketch, keyed by one of its band buckets when `bucket` is given.
#[derive(serde::Deserialize, serde::Serialize)]
struct Sketched {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bucket: Option<String>,
    file: String,
    sketch: crate::model::Sketch,
}

/// `syndication bands FILE...`: each sketch once per band bucket it falls in.
pub fn bands(run: &mut Run, files: &[String]) -> Result<Verdict, Errors> {
    let mut out = String::new();
    for mut s in json_lines::<Sketched>(files)? {
        for (band, key) in crate::compare::syndication::bands(&run.pack, &s.sketch) {
            s.bucket = Some(format!("{band}:{key:016x}"));
            out.push_str(&serde_json::to_string(&s).expect("sketches serialise"));
            out.push('\n');
        }
    }
    run.write(&out)?;
    Ok(Verdict::Clean)
}

/// `syndication pairs FILE...`: the copies among each bucket's members, each pair once.
pub fn pairs(run: &mut Run, files: &[String]) -> Result<Verdict, Errors> {
    let members: Vec<(String, String, crate::model::Sketch)> = json_lines::<Sketched>(files)?
        .into_iter()
        .map(|s| (s.bucket.unwrap_or_default(), s.file, s.sketch))
        .collect();
    let mut out = String::new();
    for (a, b) in crate::compare::syndication::pairs_in_buckets(&run.pack, &members) {
        let pair = serde_json::json!({ "a": a, "b": b });
        out.push_str(&pair.to_string());
        out.push('\n');
    }
    run.write(&out)?;
    Ok(Verdict::Clean)
}

/// Writes the report of `claims`; tripped when `fail_on` finds something (named on stderr).
fn reconciled(
    run: &mut Run,
    claims: Vec<Claim>,
    fail_on: Option<FailOn>,
    explain: Explain,
) -> Result<Verdict, Errors> {
    let rep = reconcile::reconcile_owned(&run.pack, claims);
    let findings = fail_on.map_or_else(Vec::new, |f| rep.findings(f));
    for f in &findings {
        eprintln!("fail-on: {}", report::printable(f));
    }
    let mut text = report::report(run.format, &rep, run.style, &run.page);
    let mut notes = String::new();
    // The page explains every estimate beside its chart.
    if explain.estimates && run.format != Format::Html {
        notes.push_str(&report::explain_estimates(&rep));
    }
    if explain.events {
        notes.push_str(&report::explain_events(&rep));
    }
    // Text tables take the explanations after them; a machine-read format stays whole and
    // they go to stderr.
    match run.format {
        Format::Table | Format::Markdown => text.push_str(&notes),
        _ => eprint!("{notes}"),
    }
    run.write(&text)?;
    Ok(Verdict::from_gate(!findings.is_empty()))
}
