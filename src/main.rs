//! The `crosscheck` command line: parses the arguments, runs one command of the library
//! ([`crosscheck::commands`]) and decides the exit code, in one place ([`exit_code`]).

use clap::{Parser, Subcommand};
use crosscheck::commands::{self, Run, ScoreOptions, Verdict};
use crosscheck::compare::reconcile::FailOn;
use crosscheck::error::Errors;
use crosscheck::report::Format;
use crosscheck::rules::Origin;
use crosscheck::rules::compile::Build;
use crosscheck::tools::score::Floor;
use std::path::PathBuf;
use std::process::ExitCode;

/// The commit the binary was built from (`-modified` when the tree had changes).
const COMMIT: &str = git_version::git_version!(
    args = ["--always", "--dirty=-modified"],
    fallback = "unknown commit"
);

#[derive(Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Cross-source fact-checking of conflict news"
)]
struct Cli {
    #[command(flatten)]
    pack: PackArgs,
    #[command(subcommand)]
    command: Command,
}

/// Which rule pack a command runs with (every command but `rules dump` and `completions`).
#[derive(clap::Args)]
struct PackArgs {
    /// Rule pack directory (else $CROSSCHECK_RULES, else ./rules, else the embedded pack);
    /// repeat to lay packs on one another (`default` is the embedded pack).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        conflicts_with = "default_rules",
        action = clap::ArgAction::Append
    )]
    rules: Vec<PathBuf>,
    /// Use the default rule pack embedded in the binary, ignoring $CROSSCHECK_RULES and ./rules.
    #[arg(long, global = true)]
    default_rules: bool,
}

/// How a command reads articles.
#[derive(clap::Args)]
struct Reading {
    /// Read every article as this language (a language id of the rules).
    #[arg(long)]
    lang: Option<String>,
    /// Skip articles larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 10)]
    max_article_mb: usize,
    /// Finish with exit 0 even when some inputs could not be used (they are still named).
    #[arg(long)]
    keep_going: bool,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            lang: None,
            max_article_mb: 10,
            keep_going: false,
        }
    }
}

/// How many threads a command reads articles with.
#[derive(clap::Args, Default)]
struct Threads {
    /// Worker threads (default: one per core); output is the same for any number.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    n: Option<usize>,
}

/// Where a command writes its output.
#[derive(clap::Args, Default)]
struct Output {
    /// Write output to FILE instead of stdout (whole or not at all).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What `report` and `reconcile` explain after their tables.
#[derive(clap::Args)]
struct Explaining {
    /// After the report, say how each row's low / best / high was chosen.
    #[arg(long)]
    explain_estimates: bool,
    /// After the report, say why each article's claims are in their event.
    #[arg(long)]
    explain_events: bool,
}

impl From<Explaining> for commands::Explain {
    fn from(e: Explaining) -> Self {
        commands::Explain {
            estimates: e.explain_estimates,
            events: e.explain_events,
        }
    }
}

/// A `--format` that offers only the formats of `allowed`.
fn formats(allowed: &'static [Format]) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::ValueEnum;
    use clap::builder::TypedValueParser;
    let values = allowed.iter().filter_map(|f| f.to_possible_value());
    clap::builder::PossibleValuesParser::new(values)
        .map(|s: String| Format::from_str(&s, false).expect("offered values parse"))
}

const EVERY_FORMAT: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Jsonl,
    Format::Csv,
    Format::Markdown,
    Format::Html,
];
const TABLE_JSON: &[Format] = &[Format::Table, Format::Json];
const SCORE_FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Markdown];

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
        #[command(flatten)]
        explaining: Explaining,
        /// Output format.
        #[arg(long, value_parser = formats(EVERY_FORMAT), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        reading: Reading,
        #[command(flatten)]
        threads: Threads,
    },
    /// Print every extracted claim with its evidence.
    Claims {
        /// Files, directories (recursive) or - for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Add each claim's provenance (outlet, date, syndication sketch) for `reconcile`.
        #[arg(long)]
        provenance: bool,
        /// Output format.
        #[arg(long, value_parser = formats(EVERY_FORMAT), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        reading: Reading,
        #[command(flatten)]
        threads: Threads,
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
        #[command(flatten)]
        explaining: Explaining,
        /// Use the syndication clusters written in the claims' provenance (`cluster`, as a
        /// distributed reduce finds them across every shard) instead of finding them again.
        #[arg(long)]
        keep_clusters: bool,
        /// Output format.
        #[arg(long, value_parser = formats(EVERY_FORMAT), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
    },
    /// Steps of syndication for a distributed reduce (scripts/pyspark_map_reduce.py): sketches
    /// keyed by band bucket, and the copies among a bucket's members.
    Syndication {
        #[command(subcommand)]
        step: SyndicationStep,
    },
    /// Trace for rule authors: each sentence, the rules that fired, the numbers read, the
    /// speaker and why, and the near misses.
    Explain {
        /// One article (or - for stdin).
        file: String,
        /// Only the sentences on this line of the file.
        #[arg(long)]
        line: Option<usize>,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        reading: Reading,
    },
    /// The CI gate: compare each article under DIR with its NAME.expect.yaml; exit 1 on drift.
    Check {
        /// Directory (or file) of articles.
        #[arg(default_value = "fixtures")]
        dir: String,
        /// Rewrite the expectation files from the current run.
        #[arg(long)]
        bless: bool,
        /// Output format.
        #[arg(long, value_parser = formats(TABLE_JSON), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        reading: Reading,
        #[command(flatten)]
        threads: Threads,
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
        /// Output format.
        #[arg(long, value_parser = formats(SCORE_FORMATS), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        reading: Reading,
        #[command(flatten)]
        threads: Threads,
    },
    /// Work with the rule pack.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand)]
enum SyndicationStep {
    /// Each article sketch's band buckets: reads `{"file", "sketch"}` lines, writes
    /// `{"bucket", "file", "sketch"}` lines, one per band.
    Bands {
        /// JSON-lines files, or - for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
    /// The copies among the members of each bucket: reads `{"bucket", "file", "sketch"}`
    /// lines, writes `{"a", "b"}` lines (a < b), each pair once.
    Pairs {
        /// JSON-lines files, or - for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Check every rule file; report all problems with file, line, column and rule id.
    Lint,
    /// List the rules of the pack.
    List {
        /// Output format.
        #[arg(long, value_parser = formats(TABLE_JSON), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
    },
    /// Run the examples embedded in the rules; exit 1 if any fails.
    Test {
        /// Output format.
        #[arg(long, value_parser = formats(TABLE_JSON), default_value = "table")]
        format: Format,
        #[command(flatten)]
        output: Output,
    },
    /// Write the embedded default rules to DIR for editing (or, with --overlay, an empty
    /// overlay laid on them, for a new conflict).
    Dump {
        /// The directory to write the rules into (refused when it holds files, unless --force).
        dir: PathBuf,
        /// Start an empty overlay that extends the default pack instead of copying it.
        #[arg(long)]
        overlay: bool,
        /// Write into a directory that already holds files (they may be overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Print the rules' prefilter trigger words (normalised), one per line.
    Triggers {
        #[command(flatten)]
        output: Output,
    },
}

/// What a command reads and writes with, taken out of its arguments.
#[derive(Default)]
struct Io {
    format: Format,
    output: Option<PathBuf>,
    reading: Reading,
    threads: Option<usize>,
}

impl Command {
    /// The command's format, output, reading options and threads (defaults where it has none).
    fn io(&mut self) -> Io {
        let take = |f: &Format, o: &mut Output| (*f, o.output.take());
        let (format, output, reading, threads) = match self {
            Command::Report {
                format,
                output,
                reading,
                threads,
                ..
            }
            | Command::Claims {
                format,
                output,
                reading,
                threads,
                ..
            }
            | Command::Check {
                format,
                output,
                reading,
                threads,
                ..
            }
            | Command::Score {
                format,
                output,
                reading,
                threads,
                ..
            } => {
                let (f, o) = take(format, output);
                (f, o, std::mem::take(reading), threads.n)
            }
            Command::Reconcile { format, output, .. } => {
                let (f, o) = take(format, output);
                (f, o, Reading::default(), None)
            }
            Command::Explain {
                output, reading, ..
            } => (
                Format::Table,
                output.output.take(),
                std::mem::take(reading),
                None,
            ),
            Command::Rules { command } => match command {
                RulesCommand::List { format, output } | RulesCommand::Test { format, output } => {
                    let (f, o) = take(format, output);
                    (f, o, Reading::default(), None)
                }
                RulesCommand::Triggers { output } => (
                    Format::Table,
                    output.output.take(),
                    Reading::default(),
                    None,
                ),
                RulesCommand::Lint | RulesCommand::Dump { .. } => {
                    (Format::Table, None, Reading::default(), None)
                }
            },
            Command::Completions { .. } => (Format::Table, None, Reading::default(), None),
            Command::Syndication { step } => {
                let (SyndicationStep::Bands { output, .. } | SyndicationStep::Pairs { output, .. }) =
                    step;
                (
                    Format::Table,
                    output.output.take(),
                    Reading::default(),
                    None,
                )
            }
        };
        Io {
            format,
            output,
            reading,
            threads,
        }
    }
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    // The version names the commit; clap's derive takes only a literal.
    let version: &'static str =
        Box::leak(format!("{} ({COMMIT})", env!("CARGO_PKG_VERSION")).into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let io = cli.command.io();
    commands::configure(io.reading.max_article_mb, io.threads);
    let mut summary = commands::Summary::default();
    let result = dispatch(
        cli.command,
        &cli.pack,
        io.format,
        io.output,
        io.reading.lang,
        &mut summary,
    );
    if let Some(line) = summary.line() {
        eprintln!("{line}");
    }
    exit_code(result, summary.unusable() && !io.reading.keep_going)
}

/// The exit code: 2 for an error, 1 for a gate that tripped, 2 when some input could not be
/// used (unless --keep-going), else 0. A gate that tripped outranks unusable inputs.
fn exit_code(result: Result<Verdict, Errors>, unusable: bool) -> ExitCode {
    match result {
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("error: {e}");
            }
            ExitCode::from(2)
        }
        Ok(Verdict::Tripped) => ExitCode::from(1),
        Ok(Verdict::Clean) if unusable => ExitCode::from(2),
        Ok(Verdict::Clean) => ExitCode::SUCCESS,
    }
}

/// Runs the command; its summary goes to `summary` (even when it fails).
fn dispatch(
    command: Command,
    pack: &PackArgs,
    format: Format,
    output: Option<PathBuf>,
    lang: Option<String>,
    summary: &mut commands::Summary,
) -> Result<Verdict, Errors> {
    if let Command::Completions { shell } = &command {
        use clap::CommandFactory;
        let mut out = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "crosscheck", &mut out);
        commands::print(&String::from_utf8_lossy(&out))?;
        return Ok(Verdict::Clean);
    }
    if let Command::Rules {
        command:
            RulesCommand::Dump {
                dir,
                overlay,
                force,
            },
    } = &command
    {
        return commands::dump(dir, *overlay, *force);
    }
    let origin = if pack.default_rules {
        Origin::Embedded
    } else {
        Origin::discover(&pack.rules)
    };
    // Lint and rule tests look at every pattern; the other commands compile what they use.
    let build = match &command {
        Command::Rules {
            command: RulesCommand::Lint | RulesCommand::Test { .. },
        } => Build::Eager,
        _ => Build::Lazy,
    };
    let mut run = Run::new(origin, build, format, output, lang)?;
    let result = match command {
        Command::Report {
            paths,
            fail_on,
            explaining,
            ..
        } => commands::report(&mut run, &paths, fail_on, explaining.into()),
        Command::Claims {
            paths, provenance, ..
        } => commands::claims(&mut run, &paths, provenance),
        Command::Reconcile {
            claims,
            fail_on,
            explaining,
            keep_clusters,
            ..
        } => commands::reconcile(&mut run, &claims, fail_on, explaining.into(), keep_clusters),
        Command::Syndication { step } => match step {
            SyndicationStep::Bands { inputs, .. } => commands::bands(&mut run, &inputs),
            SyndicationStep::Pairs { inputs, .. } => commands::pairs(&mut run, &inputs),
        },
        Command::Explain { file, line, .. } => commands::explain(&mut run, &file, line),
        Command::Check { dir, bless, .. } => commands::check(&mut run, &dir, bless),
        Command::Score {
            gold,
            articles,
            min_f1,
            min_strict_f1,
            min_blame_f1,
            max_traps,
            quiet,
            ..
        } => {
            let floors = [
                min_f1.map(Floor::Lenient),
                min_strict_f1.map(Floor::Strict),
                min_blame_f1.map(Floor::Blame),
                max_traps.map(Floor::Traps),
            ]
            .into_iter()
            .flatten()
            .collect();
            let opts = ScoreOptions {
                articles,
                floors,
                quiet,
            };
            commands::score(&mut run, &gold, &opts)
        }
        Command::Completions { .. } => unreachable!("handled before loading a pack"),
        Command::Rules { command } => match command {
            RulesCommand::Lint => commands::lint(&mut run),
            RulesCommand::List { .. } => commands::list(&mut run),
            RulesCommand::Test { .. } => commands::test(&mut run),
            RulesCommand::Triggers { .. } => commands::triggers(&mut run),
            RulesCommand::Dump { .. } => unreachable!("handled before loading a pack"),
        },
    };
    *summary = std::mem::take(&mut run.summary);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
