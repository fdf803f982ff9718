//! The `crosscheck` command line: a thin layer over the library; one place decides the exit code.

use clap::{Parser, Subcommand};
use crosscheck::error::{Error, Errors};
use crosscheck::report::{self, Format, Style};
use crosscheck::rules::{Origin, RulePack};
use crosscheck::{ingest, pipeline, reconcile, verify};
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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract, attribute and reconcile claims; print the reconciliation tables.
    Report {
        /// Files, directories (recursive) or - for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Print every extracted claim with its evidence.
    Claims {
        /// Files, directories (recursive) or - for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Work with the rule pack.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the rules of the pack.
    List,
    /// Run the examples embedded in the rules; exit 1 if any fails.
    Test,
    /// Write the embedded default rules to DIR for editing.
    Dump { dir: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(errors) => {
            for e in &errors.0 {
                eprintln!("error: {e}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<u8, Errors> {
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
    let (text, code) = match &cli.command {
        Command::Report { paths } => {
            let claims = extract_all(&pack, paths, cli.lang.as_deref())?;
            let rep = reconcile::reconcile(&pack, &claims);
            (report::report(cli.format, &rep, style), 0)
        }
        Command::Claims { paths } => {
            let claims = extract_all(&pack, paths, cli.lang.as_deref())?;
            (report::claims(cli.format, &claims, style), 0)
        }
        Command::Rules {
            command: RulesCommand::List,
        } => (rules_list(&pack), 0),
        Command::Rules {
            command: RulesCommand::Test,
        } => rules_test(&pack),
        Command::Rules {
            command: RulesCommand::Dump { .. },
        } => unreachable!("handled above"),
    };
    write_out(cli.output.as_ref(), &text)?;
    Ok(code)
}

fn extract_all(
    pack: &RulePack,
    paths: &[String],
    lang: Option<&str>,
) -> Result<Vec<crosscheck::model::Claim>, Errors> {
    let mut articles = ingest::collect(paths)?;
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    articles.dedup_by(|a, b| a.path == b.path);
    let mut claims = Vec::new();
    for a in &articles {
        claims.extend(pipeline::extract(pack, a, lang)?);
    }
    Ok(claims)
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

fn rules_test(pack: &RulePack) -> (String, u8) {
    let outcomes = verify::run_examples(pack);
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let mut out = String::new();
    for o in &outcomes {
        let mark = if o.passed { "ok  " } else { "FAIL" };
        out.push_str(&format!("{mark} {}: {}\n", o.rule, o.text));
        if !o.passed {
            out.push_str(&format!(
                "     expected: {}\n     got:      {}\n",
                o.expected, o.got
            ));
        }
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
