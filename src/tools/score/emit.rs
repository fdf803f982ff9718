//! Emitters for `score`: the findings and figures as a table, JSON or markdown.

use crate::error::Error;
use crate::model::Kind;
use crate::report::{Format, Style, md, md_table, printable, table};
use crate::tools::score::{Figures, Finding, Scores, Tally};
use comfy_table::{Cell, CellAlignment};

/// The scores in `format` (table, json or markdown); findings are left out when `quiet`.
pub fn emit(format: Format, scores: &Scores, style: Style, quiet: bool) -> Result<String, Error> {
    match format {
        Format::Table => Ok(text(scores, style, quiet)),
        Format::Json => Ok(json(scores, quiet)),
        Format::Markdown => Ok(markdown(scores, quiet)),
        other => Err(Error::Usage(format!(
            "score prints table, json or markdown, not {}",
            format!("{other:?}").to_lowercase()
        ))),
    }
}

fn finding_line(f: &Finding) -> String {
    let quote = f.quote.as_ref().map_or(String::new(), |q| {
        let q: String = printable(q);
        let cut: String = q.chars().take(80).collect();
        let more = if cut.len() < q.len() { "…" } else { "" };
        format!(" | \"{cut}{more}\"")
    });
    format!(
        "{:<5} {}:{}  {}{quote}\n      why: {}\n",
        f.kind.label(),
        printable(&f.file),
        f.line,
        printable(&f.claim),
        printable(&f.why)
    )
}

/// Rows of the figures table: (lang, kind, gold, strict, lenient or none, traps or none).
type Row = (String, String, usize, Tally, Option<Tally>, Option<usize>);

fn rows(lang: &str, f: &Figures) -> Vec<Row> {
    let mut out = Vec::new();
    for (k, s) in &f.kinds {
        out.push((
            lang.to_string(),
            k.as_str().to_string(),
            s.strict.tp + s.strict.fn_,
            s.strict,
            Some(s.lenient),
            None,
        ));
    }
    let all = f.casualties();
    out.push((
        lang.to_string(),
        "all".into(),
        all.strict.tp + all.strict.fn_,
        all.strict,
        Some(all.lenient),
        Some(f.traps),
    ));
    out.push((
        lang.to_string(),
        Kind::Blame.as_str().into(),
        f.blame.tp + f.blame.fn_,
        f.blame,
        None,
        None,
    ));
    out
}

fn all_rows(scores: &Scores) -> Vec<Row> {
    let mut out: Vec<Row> = scores
        .languages
        .iter()
        .flat_map(|(l, f)| rows(l, f))
        .collect();
    if scores.languages.len() > 1 {
        out.extend(
            rows("all", &scores.total)
                .into_iter()
                .filter(|r| r.1 == "all" || r.1 == Kind::Blame.as_str()),
        );
    }
    out
}

const HEADER: [&str; 10] = [
    "lang", "kind", "gold", "sP", "sR", "sF1", "lP", "lR", "lF1", "traps",
];

/// What the short headers mean.
const LEGEND: &str = "s = strict (source, kind, side camp, value, bound), l = lenient (kind, side camp, value); blame: accuser and accused camps; gold = claims in the gold; all = every casualty kind\n";

fn prf(t: Option<Tally>) -> [String; 3] {
    match t {
        Some(t) => [
            format!("{:.2}", t.precision()),
            format!("{:.2}", t.recall()),
            format!("{:.2}", t.f1()),
        ],
        None => [String::new(), String::new(), String::new()],
    }
}

fn cells(r: &Row) -> Vec<String> {
    let mut v = vec![r.0.clone(), r.1.clone(), r.2.to_string()];
    v.extend(prf(Some(r.3)));
    v.extend(prf(r.4));
    v.push(r.5.map_or(String::new(), |t| t.to_string()));
    v
}

fn text(scores: &Scores, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    if !quiet {
        for f in &scores.findings {
            out.push_str(&finding_line(f));
        }
        if !scores.findings.is_empty() {
            out.push('\n');
        }
    }
    let mut t = table(style, HEADER.iter().map(|s| s.to_string()).collect());
    for r in all_rows(scores) {
        t.add_row(cells(&r).into_iter().enumerate().map(|(i, c)| {
            let cell = Cell::new(c);
            if i >= 2 {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(LEGEND);
    out.push_str(&file_lines(scores));
    out
}

/// One line per gold file in the reference scorer's words.
fn file_lines(scores: &Scores) -> String {
    scores
        .files
        .iter()
        .map(|f| {
            format!(
                "{} ({}): {}\n",
                printable(&f.path),
                crate::report::count(f.figures.articles, "article"),
                f.figures.summary_line()
            )
        })
        .collect()
}

fn markdown(scores: &Scores, quiet: bool) -> String {
    let rows: Vec<Vec<String>> = all_rows(scores).iter().map(cells).collect();
    let header: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    let mut out = String::from("### Extraction scored against gold\n\n");
    out.push_str(&md_table(&header, &rows));
    out.push('\n');
    out.push_str(LEGEND);
    out.push('\n');
    for line in file_lines(scores).lines() {
        out.push_str(&format!("- {}\n", md(line)));
    }
    if !quiet && !scores.findings.is_empty() {
        out.push_str(&format!(
            "\n<details><summary>{} misses, extras and traps</summary>\n\n",
            scores.findings.len()
        ));
        for f in &scores.findings {
            out.push_str(&format!(
                "- **{}** `{}:{}` {} — {}\n",
                f.kind.label(),
                md(&f.file).replace('`', "'"),
                f.line,
                md(&f.claim),
                md(&f.why)
            ));
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn tally_json(t: &Tally) -> serde_json::Value {
    let r = |x: f64| (x * 10_000.0).round() / 10_000.0;
    serde_json::json!({
        "tp": t.tp, "fp": t.fp, "fn": t.fn_,
        "precision": r(t.precision()), "recall": r(t.recall()), "f1": r(t.f1()),
    })
}

fn figures_json(f: &Figures) -> serde_json::Value {
    let kinds: serde_json::Map<String, serde_json::Value> = f
        .kinds
        .iter()
        .map(|(k, s)| {
            (
                k.as_str().to_string(),
                serde_json::json!({"strict": tally_json(&s.strict), "lenient": tally_json(&s.lenient)}),
            )
        })
        .collect();
    let all = f.casualties();
    serde_json::json!({
        "articles": f.articles,
        "casualties": {"strict": tally_json(&all.strict), "lenient": tally_json(&all.lenient)},
        "kinds": kinds,
        "blame": tally_json(&f.blame),
        "traps": f.traps,
    })
}

fn json(scores: &Scores, quiet: bool) -> String {
    let languages: serde_json::Map<String, serde_json::Value> = scores
        .languages
        .iter()
        .map(|(l, f)| (l.clone(), figures_json(f)))
        .collect();
    let files: Vec<serde_json::Value> = scores
        .files
        .iter()
        .map(|f| serde_json::json!({"gold": f.path, "figures": figures_json(&f.figures)}))
        .collect();
    let mut v = serde_json::json!({
        "files": files,
        "languages": languages,
        "total": figures_json(&scores.total),
    });
    if !quiet {
        v["findings"] = serde_json::to_value(&scores.findings).expect("findings serialise");
    }
    let mut s = serde_json::to_string_pretty(&v).expect("scores serialise");
    s.push('\n');
    s
}
