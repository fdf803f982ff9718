//! The commands of the `crosscheck` binary as library functions. Each reads its inputs, runs
//! the stages and tools, writes its output and returns a [`Verdict`]; `main.rs` only parses the
//! command line, calls one of them and turns the result into an exit code.

mod claims;
mod compare;
mod rules;
mod tools;

pub use claims::claims;
pub use compare::{Explain, bands, pairs, reconcile, report};
pub use rules::{dump, lint, list, test, triggers};
pub use tools::{ScoreOptions, check, explain, score};

use crate::error::Error;
use crate::model::{Article, Claim};
use crate::read::ingest;
use crate::report::{Format, Page, Style};
use crate::rules::compile::Build;
use crate::rules::{Origin, RulePack};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// How a command ended, when it ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Done, nothing to report.
    Clean,
    /// A gate tripped: drift, findings, failing examples, a score floor.
    Tripped,
}

impl Verdict {
    /// Tripped when `tripped`, else clean.
    pub fn from_gate(tripped: bool) -> Verdict {
        if tripped {
            Verdict::Tripped
        } else {
            Verdict::Clean
        }
    }
}

/// What a run read, used, skipped and found: summed up on stderr at the end.
#[derive(Debug, Default)]
pub struct Summary {
    pub read: usize,
    pub processed: usize,
    pub claims: usize,
    /// Inputs skipped, by kind of reason.
    pub skipped: BTreeMap<String, usize>,
    /// The rule pack in use, as the user should know it.
    pub pack: Option<String>,
    /// Inputs were named but held no article to read.
    pub nothing_read: bool,
    /// Claims credited to speakers the pack does not know (`unknown:<name>`).
    pub unknown_speakers: usize,
}

impl Summary {
    /// Warns about and counts what ingest read and skipped.
    pub fn ingested(&mut self, read: &ingest::Ingested) {
        self.read += read.articles.len() + read.skipped.len();
        for s in &read.skipped {
            eprintln!("warning: {}", crate::report::printable(&s.to_string()));
            *self.skipped.entry(s.why.kind()).or_default() += 1;
        }
    }

    /// Counts the claims whose speaker the pack does not know.
    pub fn speakers<'a>(&mut self, claims: impl IntoIterator<Item = &'a Claim>) {
        let unknown = claims.into_iter().filter(|c| c.source.is_unknown()).count();
        self.unknown_speakers += unknown;
    }

    /// Counts articles processed and the claims found in them.
    pub fn processed(&mut self, articles: usize, claims: usize) {
        self.processed += articles;
        self.claims += claims;
    }

    /// The summary line, when anything was read.
    pub fn line(&self) -> Option<String> {
        if self.read == 0 && self.skipped.is_empty() && !self.nothing_read {
            return None;
        }
        let skipped: usize = self.skipped.values().sum();
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        let why = if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        };
        let pack = (self.pack.as_ref()).map_or(String::new(), |p| format!("; rules: {p}"));
        let unknown = match self.unknown_speakers {
            0 => String::new(),
            n => format!(" ({n} by speakers the pack does not know)"),
        };
        Some(format!(
            "summary: {} read, {} processed, {skipped} skipped{why}, {}{unknown}{pack}",
            crate::report::count(self.read, "article"),
            self.processed,
            crate::report::count(self.claims, "claim")
        ))
    }

    /// Whether some input could not be used, or there was none.
    pub fn unusable(&self) -> bool {
        !self.skipped.is_empty() || self.nothing_read
    }
}

/// Everything a command runs with.
pub struct Run {
    pub pack: RulePack,
    pub origin: Origin,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// `--lang`: every article read in this language.
    pub lang: Option<String>,
    pub style: Style,
    pub page: Page,
    pub summary: Summary,
}

impl Run {
    /// Loads the pack of `origin` for a run writing `format` to `output` (stdout when None).
    pub fn new(
        origin: Origin,
        build: Build,
        format: Format,
        output: Option<PathBuf>,
        lang: Option<String>,
    ) -> Result<Run, crate::error::Errors> {
        let pack = RulePack::load_with(&origin, build)?;
        let described = origin.describe();
        let page = Page::new(&pack, output.as_deref());
        let terminal = output.is_none() && std::io::stdout().is_terminal();
        Ok(Run {
            pack,
            origin,
            format,
            style: Style::detect(
                terminal,
                std::env::var_os("NO_COLOR").as_deref(),
                std::env::var("COLUMNS").ok().as_deref(),
                terminal
                    .then(|| comfy_table::Table::new().width())
                    .flatten(),
            ),
            output,
            lang,
            page,
            summary: Summary {
                pack: Some(described),
                ..Summary::default()
            },
        })
    }

    pub(super) fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// The articles under `paths`, sorted by file, then by record number within a corpus.
    fn articles(&mut self, paths: &[String]) -> Result<Vec<Article>, Error> {
        let read = ingest::collect(paths)?;
        self.summary.ingested(&read);
        self.warn_if_nothing_read(paths);
        let mut articles = read.articles;
        articles.sort_by_cached_key(|a| crate::model::ArticleName::parse(&a.path).sort_key());
        articles.dedup_by(|a, b| a.path == b.path);
        Ok(articles)
    }

    /// The inputs under `paths`, in the order `articles` gives their articles (by name, each
    /// once), for reading one at a time; what listing them skipped is warned about.
    fn inputs(&mut self, paths: &[String]) -> Result<Vec<ingest::Input>, Error> {
        let (mut inputs, listed) = ingest::list(paths)?;
        self.summary.ingested(&listed);
        inputs.sort_by_cached_key(|i| crate::model::ArticleName::parse(&i.name()).sort_key());
        inputs.dedup();
        Ok(inputs)
    }

    /// The articles of one input; what it skipped is warned about.
    fn read(&mut self, input: &ingest::Input) -> Result<Vec<Article>, Error> {
        let mut read = ingest::Ingested::default();
        ingest::read_input(input, &mut read)?;
        self.summary.ingested(&read);
        Ok(read.articles)
    }

    /// When `paths` held nothing to read (no article, nothing skipped): a warning, and the
    /// summary says so.
    fn warn_if_nothing_read(&mut self, paths: &[String]) {
        if self.summary.read == 0 {
            eprintln!(
                "warning: no article to read in {} (articles end in {})",
                paths.join(", "),
                ingest::ARTICLE_EXTENSIONS.join(", ")
            );
            self.summary.nothing_read = true;
        }
    }

    /// The claims of `articles` with their syndication clusters, with a progress bar on stderr
    /// when it is a terminal.
    fn corpus_claims(&mut self, articles: &[Article]) -> Result<Vec<Claim>, Error> {
        let bar = progress_bar(articles);
        let done = |a: &Article| {
            if let Some(b) = &bar {
                b.inc(a.text.len() as u64);
            }
        };
        let claims = crate::compare::corpus_claims_with(&self.pack, articles, self.lang(), &done)?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        self.summary.processed(articles.len(), claims.len());
        self.summary.speakers(&claims);
        Ok(claims)
    }

    /// Writes a command's output to `-o FILE` or stdout.
    fn write(&self, text: &str) -> Result<(), Error> {
        write_out(self.output.as_ref(), text)
    }
}

/// A progress bar over the articles' bytes: only when stderr is a terminal, never in CI.
fn progress_bar(articles: &[Article]) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() || articles.len() < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(articles.iter().map(|a| a.text.len() as u64).sum());
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} ({msg})",
    )
    .expect("template is valid");
    bar.set_style(style);
    bar.set_message(format!("{} articles", articles.len()));
    Some(bar)
}

/// Prints `text` to stdout (a closed pipe is no error).
pub fn print(text: &str) -> Result<(), Error> {
    write_out(None, text)
}

/// Writes `text` to `path` (whole or not at all), or to stdout (a closed pipe is no error).
fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), Error> {
    match path {
        Some(p) => crate::files::write_atomic(p, text),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| Error::Io {
                    path: "<stdout>".into(),
                    message: e.to_string(),
                }),
            }
        }
    }
}

/// Sets what holds for the whole process: the article size limit and the number of threads.
pub fn configure(max_article_mb: usize, threads: Option<usize>) {
    ingest::set_max_article_mb(max_article_mb);
    if let Some(n) = threads {
        // Only fails if a pool was built already, which cannot happen before this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}
