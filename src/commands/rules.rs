//! `rules lint | list | test | dump | triggers`.

use super::{Run, Verdict};
use crate::error::Errors;
use crate::report::Format;
use crate::rules::Origin;
use crate::tools::verify;

/// `rules lint`: the pack loaded (any problem stopped the run before); a line saying what it holds.
pub fn lint(run: &mut Run) -> Result<Verdict, Errors> {
    let pack = &run.pack;
    let rules: usize = pack.languages.iter().map(|l| l.rules.len()).sum();
    let examples: usize = pack
        .languages
        .iter()
        .flat_map(|l| &l.rules)
        .map(|r| r.examples.len())
        .sum();
    let from = run.origin.describe();
    run.write(&format!(
        "rules ok: {} languages, {} sides, {} sources, {} events, {rules} rules, {examples} examples ({from})\n",
        pack.languages.len(),
        pack.sides.len(),
        pack.sources.len(),
        pack.events.len()
    ))?;
    Ok(Verdict::Clean)
}

/// `rules list`: one line per rule (or a JSON array of rules).
pub fn list(run: &mut Run) -> Result<Verdict, Errors> {
    if run.format == Format::Json {
        let rules: Vec<serde_json::Value> = (run.pack.languages.iter())
            .flat_map(|l| &l.rules)
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "lang": r.lang,
                    "kind": r.kind.as_str(),
                    "file": r.file,
                    "line": r.line,
                    "examples": r.examples.len(),
                    "pattern": r.pattern,
                })
            })
            .collect();
        run.write(&json_text(&rules))?;
        return Ok(Verdict::Clean);
    }
    let mut out = String::new();
    for l in &run.pack.languages {
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
    run.write(&out)?;
    Ok(Verdict::Clean)
}

/// `rules test`: every rule's examples; tripped when one fails.
pub fn test(run: &mut Run) -> Result<Verdict, Errors> {
    let outcomes = verify::run_examples(&run.pack);
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    if run.format == Format::Json {
        let v = serde_json::json!({
            "passed": outcomes.len() - failed,
            "failed": failed,
            "examples": outcomes,
        });
        run.write(&json_text(&v))?;
        return Ok(Verdict::from_gate(failed > 0));
    }
    let mut out = verify::table(&outcomes, run.style);
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
    run.write(&out)?;
    Ok(Verdict::from_gate(failed > 0))
}

/// `rules triggers`: the prefilter's trigger words, normalised, one per line.
pub fn triggers(run: &mut Run) -> Result<Verdict, Errors> {
    // Every word of every group: a superset of what the prefilter needs.
    let mut t: Vec<&str> = run
        .pack
        .languages
        .iter()
        .flat_map(|l| &l.rules)
        .flat_map(|r| r.trigger.iter().flatten().map(String::as_str))
        .collect();
    t.sort();
    t.dedup();
    let text: String = t.iter().map(|x| format!("{x}\n")).collect();
    run.write(&text)?;
    Ok(Verdict::Clean)
}

/// `rules dump DIR [--overlay] [--force]`: the embedded pack written out for editing, or an
/// empty overlay on it (no pack is loaded for it). A directory that already holds files is
/// refused unless forced: a rule author's edits are never overwritten silently.
pub fn dump(dir: &std::path::Path, overlay: bool, force: bool) -> Result<Verdict, Errors> {
    if !force && let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if !names.is_empty() {
            names.sort();
            let shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let more = names.len().saturating_sub(5);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            return Err(crate::error::Error::Usage(format!(
                "{} is not empty ({shown}{more}); choose a new directory, or pass --force to write over it",
                dir.display()
            ))
            .into());
        }
    }
    let n = if overlay {
        Origin::dump_overlay(dir)?
    } else {
        Origin::dump_embedded(dir)?
    };
    eprintln!(
        "wrote {n} rule file{} to {}",
        if n == 1 { "" } else { "s" },
        dir.display()
    );
    Ok(Verdict::Clean)
}

/// Pretty JSON with a final newline.
pub(super) fn json_text<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("values serialise");
    s.push('\n');
    s
}
