//! The `crosscheck` command line: a thin layer over the library; one place decides the exit code.

use clap::{Parser, Subcommand, ValueEnum};
use crosscheck::compare::reconcile;
use crosscheck::compare::reconcile::{Report, Status};
use crosscheck::error::{Error, Errors};
use crosscheck::extract as pipeline;
use crosscheck::model::{Article, Claim};
use crosscheck::read::ingest;
use crosscheck::report::{self, Format, Style};
use crosscheck::rules::{Origin, RulePack};
use crosscheck::tools::{check, explain, verify};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Cross-source fact-checking of conflict news"
)]
struct Cli {
    /// Rule pack directory (else $CROSSCHECK_RULES, else ./rules, else the embedded pack).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        conflicts_with = "default_rules"
    )]
    rules: Option<PathBuf>,
    /// Use the default rule pack embedded in the binary, ignoring $CROSSCHECK_RULES and ./rules.
    #[arg(long, global = true)]
    default_rules: bool,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: Format,
    /// Write output to FILE instead of stdout.
    #[arg(short = 'o', long = "output", global = true, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read every article as this language (a language id of the rules).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Skip articles larger than this many megabytes (default 10).
    #[arg(long, global = true, value_name = "MB", default_value_t = 10)]
    max_article_mb: usize,
    /// Finish with exit 0 even when some inputs could not be used (they are still named).
    #[arg(long, global = true)]
    keep_going: bool,
    /// Worker threads (default: one per core); output is the same for any number.
    #[arg(short = 'j', long, global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

/// Findings that make `report` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A row whose sources' figures cannot all be true.
    Conflict,
    /// Sources of different camps blaming different parties.
    Blame,
    /// Either.
    Any,
}

#[derive(Subcommand)]
enum Command {
    /// Extract, attribute and reconcile claims; print the reconciliation tables.
    Report {
        /// Files, directories (recursive) or - for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Exit 1 when the report holds such findings (and say which on stderr).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// After the report, say how each row's low / best / high was chosen.
        #[arg(long)]
        explain_estimates: bool,
    },
    /// Print every extracted claim with its evidence.
    Claims {
        /// Files, directories (recursive) or - for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Add each claim's provenance (outlet, date, syndication sketch) for `reconcile`.
        #[arg(long)]
        provenance: bool,
    },
    /// The reduce step of a sharded run: reconcile claims written by
    /// `claims --format jsonl --provenance`; the same report as `report` on the whole corpus.
    Reconcile {
        /// Claim files (JSON lines) or - for stdin.
        #[arg(required = true)]
        claims: Vec<String>,
        /// Exit 1 when the report holds such findings (and say which on stderr).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// After the report, say how each row's low / best / high was chosen.
        #[arg(long)]
        explain_estimates: bool,
    },
    /// Trace for rule authors: each sentence, the rules that fired, the numbers read, the
    /// speaker and why, and the near misses.
    Explain {
        /// One article (or - for stdin).
        file: String,
        /// Only the sentences on this line of the file.
        #[arg(long)]
        line: Option<usize>,
    },
    /// The CI gate: compare each article under DIR with its NAME.expect.yaml; exit 1 on drift.
    Check {
        /// Directory (or file) of articles.
        #[arg(default_value = "fixtures")]
        dir: String,
        /// Rewrite the expectation files from the current run.
        #[arg(long)]
        bless: bool,
    },
    /// Score extraction against gold files (SPEC 9): precision, recall and F1 per language and
    /// kind, blame, traps taken; every miss and extra with why.
    Score {
        /// Gold files (YAML, the format of ../shared/devset/README.md).
        #[arg(required = true)]
        gold: Vec<String>,
        /// Directory holding the articles (else each case's `file`, relative to its gold file).
        #[arg(long, value_name = "DIR")]
        articles: Option<PathBuf>,
        /// Exit 1 when a language's lenient F1 (casualty claims) is below this.
        #[arg(long, value_name = "F1")]
        min_f1: Option<f64>,
        /// Exit 1 when a language's strict F1 (casualty claims) is below this.
        #[arg(long, value_name = "F1")]
        min_strict_f1: Option<f64>,
        /// Exit 1 when a language's blame F1 is below this.
        #[arg(long, value_name = "F1")]
        min_blame_f1: Option<f64>,
        /// Exit 1 when a language takes more traps than this.
        #[arg(long, value_name = "N")]
        max_traps: Option<usize>,
        /// Print the figures only, not each miss, extra and trap.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Work with the rule pack.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Check every rule file; report all problems with file, line, column and rule id.
    Lint,
    /// List the rules of the pack.
    List,
    /// Run the examples embedded in the rules; exit 1 if any fails.
    Test,
    /// Write the embedded default rules to DIR for editing.
    Dump { dir: PathBuf },
    /// Print the rules' prefilter trigger words (normalised), one per line.
    Triggers,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(&cli);
    // Inputs that could not be used make the run fail (2), unless --keep-going; a gate (1) or
    // an error (2) decided earlier stays.
    let unusable = summary() && !cli.keep_going;
    match result {
        Ok(0) if unusable => ExitCode::from(2),
        Ok(code) => ExitCode::from(code),
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("error: {e}");
            }
            ExitCode::from(2)
        }
    }
}

/// Runs the command; Ok(0) success, Ok(1) a gate tripped, Err(_) exit 2.
fn run(cli: &Cli) -> Result<u8, Errors> {
    ingest::set_max_article_mb(cli.max_article_mb);
    if let Some(n) = cli.threads {
        // Only fails if a pool was built already, which cannot happen before this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let style = if cli.output.is_none() && std::io::stdout().is_terminal() {
        Style {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            width: None,
        }
    } else {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(80);
        Style {
            color: false,
            width: Some(width),
        }
    };
    if let Command::Rules {
        command: RulesCommand::Dump { dir },
    } = &cli.command
    {
        let n = Origin::dump_embedded(dir)?;
        eprintln!("wrote {n} rule files to {}", dir.display());
        return Ok(0);
    }
    let origin = if cli.default_rules {
        Origin::Embedded
    } else {
        Origin::discover(cli.rules.as_deref())
    };
    let pack = RulePack::load(&origin)?;
    let lang = cli.lang.as_deref();
    let page = report::Page::new(&pack, cli.output.as_deref());
    let (text, code) = match &cli.command {
        Command::Report {
            paths,
            fail_on,
            explain_estimates,
        } => {
            let claims = extract_all(&pack, &read_articles(paths)?, lang)?;
            reconciled(
                &pack,
                &claims,
                cli.format,
                style,
                &page,
                *fail_on,
                *explain_estimates,
            )
        }
        Command::Claims { paths, provenance } => {
            let mut articles = None;
            if cli.format == Format::Jsonl && streamable(paths) {
                // Stdin streams when it is a JSONL corpus; otherwise it is read whole as before.
                match stream_claims(&pack, paths, lang, *provenance, cli.output.as_ref())? {
                    None => return Ok(0),
                    Some(stdin) => articles = Some(stdin),
                }
            }
            let articles = match articles {
                Some(read) => {
                    note_skipped(&read);
                    read.articles
                }
                None => read_articles(paths)?,
            };
            let claims = extract_all(&pack, &articles, lang)?;
            let text = if *provenance && cli.format == Format::Jsonl {
                claims
                    .iter()
                    .map(crosscheck::read::records::to_line)
                    .collect()
            } else {
                report::claims(cli.format, &claims, style, &page)
            };
            (text, 0)
        }
        Command::Reconcile {
            claims: files,
            fail_on,
            explain_estimates,
        } => {
            let mut claims = Vec::new();
            for f in files {
                let text = if f == "-" {
                    let mut t = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut t).map_err(|e| {
                        Error::Io {
                            path: ingest::STDIN.into(),
                            message: e.to_string(),
                        }
                    })?;
                    t
                } else {
                    std::fs::read_to_string(f).map_err(|e| Error::Io {
                        path: f.clone(),
                        message: e.to_string(),
                    })?
                };
                claims.extend(crosscheck::read::records::read(f, &text)?);
            }
            crosscheck::compare::syndication::recluster(&pack, &mut claims);
            reconciled(
                &pack,
                &claims,
                cli.format,
                style,
                &page,
                *fail_on,
                *explain_estimates,
            )
        }
        Command::Explain { file, line } => {
            let articles = read_articles(std::slice::from_ref(file))?;
            let mut out = String::new();
            for a in &articles {
                out.push_str(&explain::explain(&pack, a, lang, *line)?);
                tally().processed += 1;
            }
            (out, 0)
        }
        Command::Check { dir, bless } => run_check(&pack, dir, *bless, lang)?,
        Command::Score {
            gold,
            articles,
            min_f1,
            min_strict_f1,
            min_blame_f1,
            max_traps,
            quiet,
        } => {
            use crosscheck::tools::score::{self, Floor};
            let vocab = score::gold::Vocabulary {
                sides: pack.sides.iter().map(|s| s.id.0.clone()).collect(),
                sources: pack.sources.iter().map(|s| s.id.0.clone()).collect(),
            };
            let mut files = Vec::new();
            let mut errors = Vec::new();
            for g in gold {
                match score::gold::read(g, articles.as_deref(), &vocab) {
                    Ok(f) => files.push(f),
                    Err(e) => errors.extend(e.0),
                }
            }
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            let scores = score::score(&pack, &files, lang)?;
            {
                let mut t = tally();
                t.processed += scores.total.articles;
                t.read += scores.total.articles;
                t.claims += scores.claims;
            }
            let floors: Vec<Floor> = [
                min_f1.map(Floor::Lenient),
                min_strict_f1.map(Floor::Strict),
                min_blame_f1.map(Floor::Blame),
                max_traps.map(Floor::Traps),
            ]
            .into_iter()
            .flatten()
            .collect();
            let below = score::below(&scores, &floors);
            for b in &below {
                eprintln!("score: {b}");
            }
            (
                score::emit(cli.format, &scores, style, *quiet)?,
                u8::from(!below.is_empty()),
            )
        }
        Command::Rules {
            command: RulesCommand::Lint,
        } => (lint_summary(&pack, &origin), 0),
        Command::Rules {
            command: RulesCommand::List,
        } => (rules_list(&pack), 0),
        Command::Rules {
            command: RulesCommand::Triggers,
        } => {
            let mut t: Vec<&str> = pack
                .languages
                .iter()
                .flat_map(|l| &l.rules)
                .flat_map(|r| r.trigger.iter().flatten().map(String::as_str))
                .collect();
            // (every word of every group: a superset of what the prefilter needs)
            t.sort();
            t.dedup();
            (t.iter().map(|x| format!("{x}\n")).collect(), 0)
        }
        Command::Rules {
            command: RulesCommand::Test,
        } => rules_test(&pack, style),
        Command::Rules {
            command: RulesCommand::Dump { .. },
        } => unreachable!("handled above"),
    };
    write_out(cli.output.as_ref(), &text)?;
    Ok(code)
}

/// The articles under `paths`, sorted; what could not be used is named on stderr.
fn read_articles(paths: &[String]) -> Result<Vec<Article>, Error> {
    let read = ingest::collect(paths)?;
    note_skipped(&read);
    let mut articles = read.articles;
    // By file, then by record number within a corpus ("c.jsonl:10" after "c.jsonl:2").
    let key = |p: &str| match p.rsplit_once(':') {
        Some((file, n)) if n.parse::<usize>().is_ok() => (file.to_string(), n.parse().unwrap_or(0)),
        _ => (p.to_string(), 0),
    };
    articles.sort_by_cached_key(|a| key(&a.path));
    articles.dedup_by(|a, b| a.path == b.path);
    Ok(articles)
}

/// Claims of all articles, with a progress bar on stderr when it is a terminal.
fn extract_all(
    pack: &RulePack,
    articles: &[Article],
    lang: Option<&str>,
) -> Result<Vec<Claim>, Error> {
    let bar = progress_bar(articles);
    let done = |a: &Article| {
        if let Some(b) = &bar {
            b.inc(a.text.len() as u64);
        }
    };
    let claims = crosscheck::compare::corpus_claims_with(pack, articles, lang, &done)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut t = tally();
    t.processed += articles.len();
    t.claims += claims.len();
    Ok(claims)
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

/// What a run read, used, skipped and found: summed up on stderr at the end.
#[derive(Default)]
struct Tally {
    read: usize,
    processed: usize,
    claims: usize,
    skipped: std::collections::BTreeMap<String, usize>,
}

fn tally() -> std::sync::MutexGuard<'static, Tally> {
    static TALLY: std::sync::OnceLock<std::sync::Mutex<Tally>> = std::sync::OnceLock::new();
    TALLY
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// Warns about and counts what ingest skipped, by reason ("binary content", "not valid UTF-8").
fn note_skipped(read: &ingest::Ingested) {
    let mut t = tally();
    t.read += read.articles.len() + read.skipped.len();
    for s in &read.skipped {
        eprintln!("warning: {}", report::printable(s));
        let why = s.split(": skipped: ").nth(1).unwrap_or(s);
        let reason = why.split(" (").next().unwrap_or(why).to_string();
        *t.skipped.entry(reason).or_default() += 1;
    }
}

/// The end-of-run summary on stderr; true when an input could not be used.
fn summary() -> bool {
    let t = tally();
    if t.read == 0 && t.skipped.is_empty() {
        return false;
    }
    let skipped: usize = t.skipped.values().sum();
    let reasons: Vec<String> = t.skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
    let why = if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    };
    eprintln!(
        "summary: {} articles read, {} processed, {skipped} skipped{why}, {} claims",
        t.read, t.processed, t.claims
    );
    skipped > 0
}

/// Whether the inputs are all JSONL corpora, or stdin alone: then `claims` streams them.
fn streamable(paths: &[String]) -> bool {
    paths == ["-"]
        || paths
            .iter()
            .all(|p| p.ends_with(".jsonl") && std::path::Path::new(p).is_file())
}

/// Articles read per batch when streaming: memory is bounded by a batch, not by the corpus.
const BATCH: usize = 250;

/// `claims --format jsonl` over JSONL corpora or stdin, batch by batch, in the order a
/// whole-corpus run would print them. Stdin that is not JSONL is returned, read, instead.
fn stream_claims(
    pack: &RulePack,
    paths: &[String],
    lang: Option<&str>,
    provenance: bool,
    out: Option<&PathBuf>,
) -> Result<Option<ingest::Ingested>, Error> {
    use std::io::{BufRead, Read};
    let io = |path: &str, e: std::io::Error| Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    };
    let mut sink: Box<dyn Write> = match out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| io(&p.display().to_string(), e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    sorted.dedup();
    for path in sorted {
        let reader: Box<dyn std::io::BufRead> = if path == "-" {
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
            note_skipped(&read);
            let claims = crosscheck::compare::corpus_claims(pack, &read.articles, lang)?;
            {
                let mut t = tally();
                t.processed += read.articles.len();
                t.claims += claims.len();
            }
            for c in &claims {
                let line = if provenance {
                    crosscheck::read::records::to_line(c)
                } else {
                    serde_json::to_string(c).expect("claims serialise") + "\n"
                };
                match sink.write_all(line.as_bytes()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(None),
                    r => r.map_err(|e| io(name, e))?,
                }
            }
        }
    }
    match sink.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(None),
        r => r.map(|_| None).map_err(|e| io("<output>", e)),
    }
}

/// The report of `claims` (for `report` and `reconcile`), and the exit code of its gate.
fn reconciled(
    pack: &RulePack,
    claims: &[Claim],
    format: Format,
    style: Style,
    page: &report::Page,
    fail_on: Option<FailOn>,
    explain_estimates: bool,
) -> (String, u8) {
    let rep = reconcile::reconcile(pack, claims);
    let code = fail_on.map_or(0, |f| gate(&rep, f));
    let mut text = report::report(format, &rep, style, page);
    // The page explains every estimate beside its chart.
    if explain_estimates && format != Format::Html {
        text.push_str(&report::explain_estimates(&rep));
    }
    (text, code)
}

/// The `--fail-on` gate: says on stderr which findings tripped it.
fn gate(rep: &Report, fail_on: FailOn) -> u8 {
    let mut findings = Vec::new();
    for e in &rep.events {
        if matches!(fail_on, FailOn::Conflict | FailOn::Any) {
            for r in e.rows.iter().filter(|r| r.status == Status::Conflict) {
                let figures: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| format!("{} {}", c.source, c.figure))
                    .collect();
                let side = r.side.as_ref().map_or("-".to_string(), |s| s.to_string());
                findings.push(format!(
                    "conflict in event {}: {side} {}: {}",
                    e.event,
                    r.kind.as_str(),
                    figures.join(" vs ")
                ));
            }
        }
        if matches!(fail_on, FailOn::Blame | FailOn::Any) && e.blame_conflict {
            let pairs: Vec<String> = e
                .blame
                .iter()
                .map(|b| format!("{} blames {}", b.accuser, b.accused))
                .collect();
            findings.push(format!(
                "blame conflict in event {}: {}",
                e.event,
                pairs.join("; ")
            ));
        }
    }
    for f in &findings {
        eprintln!("fail-on: {}", report::printable(f));
    }
    u8::from(!findings.is_empty())
}

fn run_check(
    pack: &RulePack,
    dir: &str,
    bless: bool,
    lang: Option<&str>,
) -> Result<(String, u8), Errors> {
    let articles = read_articles(&[dir.to_string()])?;
    let mut out = String::new();
    let (mut drifted, mut blessed) = (0, 0);
    for a in &articles {
        let claims = pipeline::extract(pack, a, lang)?;
        {
            let mut t = tally();
            t.processed += 1;
            t.claims += claims.len();
        }
        let actual = check::actual(&claims, &reconcile::reconcile(pack, &claims));
        let path = check::expectation_path(a);
        if bless {
            // Blessing also repairs files an older format can no longer read; the note is kept.
            let old = check::read(&path).ok().flatten();
            let changed = old
                .as_ref()
                .is_none_or(|o| !check::diff(o, &actual).is_empty());
            if changed {
                let note = old
                    .map(|o| o.note)
                    .unwrap_or_else(|| check::read_note(&path));
                let keep = check::Expectation {
                    note,
                    ..Default::default()
                };
                check::bless(&path, actual, Some(&keep))?;
                blessed += 1;
                out.push_str(&format!("blessed {}\n", path.display()));
            }
            continue;
        }
        let lines = match check::read(&path)? {
            Some(e) => check::diff(&e, &actual),
            None => vec![format!(
                "no expectation file {} (run `crosscheck check --bless` and review it)",
                path.display()
            )],
        };
        if !lines.is_empty() {
            drifted += 1;
            out.push_str(&format!("{}: {} difference(s)\n", a.path, lines.len()));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    if bless {
        out.push_str(&format!(
            "check: {} articles, {blessed} expectation files rewritten\n",
            articles.len()
        ));
        return Ok((out, 0));
    }
    out.push_str(&format!(
        "check: {} articles, {drifted} with drift\n",
        articles.len()
    ));
    Ok((out, u8::from(drifted > 0)))
}

fn lint_summary(pack: &RulePack, origin: &Origin) -> String {
    let rules: usize = pack.languages.iter().map(|l| l.rules.len()).sum();
    let examples: usize = pack
        .languages
        .iter()
        .flat_map(|l| &l.rules)
        .map(|r| r.examples.len())
        .sum();
    let from = match origin {
        Origin::Dir(d) => d.display().to_string(),
        Origin::Embedded => "the embedded default pack".into(),
    };
    format!(
        "rules ok: {} languages, {} sides, {} sources, {} events, {rules} rules, {examples} examples ({from})\n",
        pack.languages.len(),
        pack.sides.len(),
        pack.sources.len(),
        pack.events.len()
    )
}

fn rules_list(pack: &RulePack) -> String {
    let mut out = String::new();
    for l in &pack.languages {
        for r in &l.rules {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}:{}\t{} examples\t{}\n",
                r.id,
                r.lang,
                r.kind.as_str(),
                r.file,
                r.line,
                r.examples.len(),
                r.pattern
            ));
        }
    }
    out
}

fn rules_test(pack: &RulePack, style: Style) -> (String, u8) {
    let outcomes = verify::run_examples(pack);
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let mut out = verify::table(&outcomes, style);
    for o in outcomes.iter().filter(|o| !o.passed) {
        out.push_str(&format!(
            "FAIL {}: {}\n     expected: {}\n     got:      {}\n",
            o.rule, o.text, o.expected, o.got
        ));
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        outcomes.len() - failed,
        failed
    ));
    (out, u8::from(failed > 0))
}

fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), Error> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| Error::Io {
            path: p.display().to_string(),
            message: e.to_string(),
        }),
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
