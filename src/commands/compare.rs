//! `report` (extract, attribute, reconcile) and `reconcile` (the reduce step of a sharded run).

use super::{Run, Verdict};
use crate::compare::reconcile::{self, FailOn, Incidents, Keep, Reconciler, Report};
use crate::error::{Error, Errors};
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
    // Text tables show figures, not the claims behind them; listing unknown sources needs them.
    let keep = match run.format {
        Format::Table | Format::Markdown if fail_on != Some(FailOn::UnknownSource) => Keep::Figures,
        _ => Keep::Every,
    };
    let rep = if paths.iter().any(|p| p == "-") {
        let articles = run.articles(paths)?;
        let claims = run.corpus_claims(&articles)?;
        reconcile::reconcile_owned(&run.pack, claims)
    } else {
        streamed(run, paths, keep, explain.events)?
    };
    reconciled(run, &rep, fail_on, explain)
}

/// The report of the articles under `paths`, read a batch at a time. Neither articles nor
/// claims are held while reading: each article's claims wait in a temporary file, as do the
/// openings of the syndication sketches, and only each day's camps and kinds (for incidents)
/// and the MinHashes stay. The claims are then reconciled one at a time, keeping what `keep`
/// asks, and why each article's claims are in their event only with `reasons`. Same report as
/// reading every article first (`Run::articles`: by name, each once).
fn streamed(run: &mut Run, paths: &[String], keep: Keep, reasons: bool) -> Result<Report, Error> {
    let mut batch = Batch {
        articles: Vec::new(),
        names: Vec::new(),
        counts: Vec::new(),
        claims: std::io::BufWriter::new(tempfile::tempfile().map_err(temp)?),
        sketches: crate::compare::SpilledSketches::new().map_err(temp)?,
        incidents: Incidents::default(),
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
    drop(sketches);
    let mut spilled = batch
        .claims
        .into_inner()
        .map_err(|e| temp(e.into_error()))?;
    std::io::Seek::rewind(&mut spilled).map_err(temp)?;
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(spilled));
    let mut r = Reconciler::new(&run.pack, batch.incidents, keep, reasons);
    let name = std::env::temp_dir().display().to_string();
    let mut at = 0;
    for (count, cluster) in batch.counts.into_iter().zip(clusters) {
        for _ in 0..count {
            at += 1;
            let line = lines.next().unwrap_or_else(|| Ok(String::new()));
            let (mut c, _) = records::parse(&name, at, &line.map_err(temp)?)?;
            c.provenance.cluster = cluster.clone();
            r.add(c);
        }
    }
    Ok(r.finish())
}

/// A temporary file that could not be written or read, named by its directory.
fn temp(e: std::io::Error) -> Error {
    Error::Io {
        path: std::env::temp_dir().display().to_string(),
        message: e.to_string(),
    }
}

/// Articles waiting to be read, and what was kept of those read: names, how many claims each
/// gave (the claims themselves in a temporary file), sketches, and each day's reports.
struct Batch {
    articles: Vec<crate::model::Article>,
    names: Vec<String>,
    counts: Vec<usize>,
    claims: std::io::BufWriter<std::fs::File>,
    sketches: crate::compare::SpilledSketches,
    incidents: Incidents,
}

impl Batch {
    /// Extracts the waiting articles' claims and lets the articles go.
    fn extract(&mut self, run: &mut Run) -> Result<(), Error> {
        use std::io::Write;
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
            self.counts.push(e.claims.len());
            for c in &mut e.claims {
                self.incidents.note(&run.pack, c);
                // The report reads clusters, not sketches.
                c.provenance.sketch = None;
                self.claims
                    .write_all(records::to_line(c).as_bytes())
                    .map_err(temp)?;
            }
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
    let rep = reconcile::reconcile_owned(&run.pack, claims);
    reconciled(run, &rep, fail_on, explain)
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
    rep: &Report,
    fail_on: Option<FailOn>,
    explain: Explain,
) -> Result<Verdict, Errors> {
    let findings = fail_on.map_or_else(Vec::new, |f| rep.findings(f));
    for f in &findings {
        eprintln!("fail-on: {}", report::printable(f));
    }
    let mut text = report::report(run.format, rep, run.style, &run.page);
    let mut notes = String::new();
    // The page explains every estimate beside its chart.
    if explain.estimates && run.format != Format::Html {
        notes.push_str(&report::explain_estimates(rep));
    }
    if explain.events {
        notes.push_str(&report::explain_events(rep));
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
