//! `claims PATH...`: every claim with its evidence; JSONL corpora and stdin stream.

use super::{Run, Verdict};
use crate::error::{Error, Errors};
use crate::extract::sink::{Sink, Sketched};
use crate::model::{Article, Claim};
use crate::read::{ingest, records};
use crate::report::{self, Format};
use std::io::{BufRead, Read, Write};

/// `claims PATH...`.
pub fn claims(run: &mut Run, paths: &[String], provenance: bool) -> Result<Verdict, Errors> {
    let mut stdin = None;
    if run.format == Format::Jsonl && streamable(paths) {
        // Stdin streams when it is a JSONL corpus; otherwise it is read whole.
        match stream(run, paths, provenance)? {
            None => return Ok(Verdict::Clean),
            Some(read) => stdin = Some(read),
        }
    }
    let articles = match stdin {
        Some(read) => {
            run.summary.ingested(&read);
            read.articles
        }
        None => run.articles(paths)?,
    };
    let claims = run.corpus_claims(&articles)?;
    let text = if provenance && run.format == Format::Jsonl {
        claims.iter().map(records::to_line).collect()
    } else {
        report::claims(run.format, &claims, run.style, &run.page)
    };
    run.write(&text)?;
    Ok(Verdict::Clean)
}

/// Whether the inputs are all JSONL corpora, or stdin alone: then `claims` streams them.
pub(super) fn streamable(paths: &[String]) -> bool {
    paths == ["-"]
        || paths
            .iter()
            .all(|p| p.ends_with(".jsonl") && std::path::Path::new(p).is_file())
}

/// Articles read per batch when streaming: memory is bounded by a batch, not by the corpus.
pub(super) const BATCH: usize = 250;

/// A sink writing each claim as a JSON line (with its provenance when asked).
struct Lines {
    provenance: bool,
    text: String,
    count: usize,
    /// Claims by speakers the pack does not know.
    unknown: usize,
}

impl Sink for Lines {
    fn claims(&mut self, claims: Vec<Claim>) {
        self.count += claims.len();
        self.unknown += claims.iter().filter(|c| c.source.is_unknown()).count();
        for c in &claims {
            if self.provenance {
                self.text.push_str(&records::to_line(c));
            } else {
                self.text
                    .push_str(&(serde_json::to_string(c).expect("claims serialise") + "\n"));
            }
        }
    }
}

/// The JSON lines of one article; with provenance, its claims carry the article's sketch.
fn lines_of(run: &Run, a: &Article, provenance: bool) -> Result<Lines, Error> {
    let lines = Lines {
        provenance,
        text: String::new(),
        count: 0,
        unknown: 0,
    };
    let lang = run.lang();
    if provenance {
        let mut sink = Sketched::new(lines);
        crate::extract::extract_into(&run.pack, a, lang, &mut sink)?;
        Ok(sink.inner)
    } else {
        let mut sink = lines;
        crate::extract::extract_into(&run.pack, a, lang, &mut sink)?;
        Ok(sink)
    }
}

/// `claims --format jsonl` over JSONL corpora or stdin, batch by batch, in the order a
/// whole-corpus run would print them (each batch's articles extracted in parallel into their own
/// buffers, written in order). Stdin that is not JSONL is returned, read, instead.
fn stream(
    run: &mut Run,
    paths: &[String],
    provenance: bool,
) -> Result<Option<ingest::Ingested>, Error> {
    use rayon::prelude::*;
    let io = |path: &str, e: std::io::Error| Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    };
    let mut sink: Box<dyn Write> = match &run.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| io(&p.display().to_string(), e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    sorted.dedup();
    for path in sorted {
        let reader: Box<dyn BufRead> = if path == "-" {
            let mut r = std::io::BufReader::new(std::io::stdin());
            if ingest::sniff(r.fill_buf().map_err(|e| io(ingest::STDIN, e))?) != "jsonl" {
                let mut bytes = Vec::new();
                r.read_to_end(&mut bytes)
                    .map_err(|e| io(ingest::STDIN, e))?;
                return ingest::from_bytes(ingest::STDIN, bytes).map(Some);
            }
            Box::new(r)
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(path).map_err(|e| io(path, e))?,
            ))
        };
        let name = if path == "-" {
            ingest::STDIN
        } else {
            path.as_str()
        };
        let mut batch = ingest::JsonlBatches::new(name, reader, BATCH);
        while let Some(read) = batch.next_batch().map_err(|e| io(name, e))? {
            run.summary.ingested(&read);
            let each: Vec<Result<Lines, Error>> = read
                .articles
                .par_iter()
                .map(|a| lines_of(run, a, provenance))
                .collect();
            let mut claims = 0;
            for lines in each {
                let lines = lines?;
                claims += lines.count;
                run.summary.unknown_speakers += lines.unknown;
                match sink.write_all(lines.text.as_bytes()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(None),
                    r => r.map_err(|e| io(name, e))?,
                }
            }
            run.summary.processed(read.articles.len(), claims);
        }
    }
    match sink.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(None),
        r => r.map(|_| None).map_err(|e| io("<output>", e)),
    }
}
