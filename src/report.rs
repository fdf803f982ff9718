//! Emitters: one function per output format, for claims and for the reconciliation report.

use crate::model::Claim;
use crate::reconcile::{Report, Status};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
}

/// How tables look: colour only for a terminal without NO_COLOR, and a width to fit.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Fixed width, or None to let the terminal decide.
    pub width: Option<u16>,
}

impl Style {
    /// No colour, 80 columns: for files, pipes and tests.
    pub fn plain() -> Self {
        Style {
            color: false,
            width: Some(80),
        }
    }
}

fn table(style: Style, header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = style.width {
        t.set_width(w);
    }
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(header);
    t
}

/// Claims in the requested format.
pub fn claims(format: Format, claims: &[Claim], style: Style) -> String {
    match format {
        Format::Json => json(claims),
        Format::Jsonl => jsonl(claims),
        Format::Table => claims_table(claims, style),
    }
}

/// The report in the requested format.
pub fn report(format: Format, report: &Report, style: Style) -> String {
    match format {
        Format::Json => json(report),
        Format::Jsonl => jsonl(&report.events),
        Format::Table => report_table(report, style),
    }
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("claims serialise");
    s.push('\n');
    s
}

fn jsonl<T: serde::Serialize>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| serde_json::to_string(i).expect("claims serialise") + "\n")
        .collect()
}

fn source_label(c: &Claim) -> String {
    let mut s = c.source.to_string();
    for v in &c.via {
        s.push_str(&format!(" via {v}"));
    }
    s
}

fn claims_table(claims: &[Claim], style: Style) -> String {
    let header = ["where", "source", "claim", "event", "quote"];
    let mut t = table(style, header.iter().map(|s| s.to_string()).collect());
    for c in claims {
        t.add_row(vec![
            format!("{}:{}", c.file, c.line),
            source_label(c),
            crate::verify::summary(c),
            c.event.clone().unwrap_or_else(|| "-".into()),
            c.quote.clone(),
        ]);
    }
    format!("{t}\n{} claims\n", claims.len())
}

fn report_table(report: &Report, style: Style) -> String {
    let mut out = String::new();
    if report.events.is_empty() {
        out.push_str("no claims found\n");
    }
    for e in &report.events {
        match &e.name {
            Some(n) => out.push_str(&format!("== event {} ({n})\n", e.event)),
            None => out.push_str(&format!("== event {}\n", e.event)),
        }
        if !e.rows.is_empty() {
            let mut sources: Vec<&str> = e
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.source.0.as_str()))
                .collect();
            sources.sort();
            sources.dedup();
            let mut header = vec!["side".to_string(), "kind".to_string()];
            header.extend(sources.iter().map(|s| s.to_string()));
            header.push("status".into());
            let mut t = table(style, header);
            for r in &e.rows {
                let mut row = vec![
                    Cell::new(r.side.as_ref().map_or("-".into(), |s| s.to_string())),
                    Cell::new(r.kind.as_str()),
                ];
                for s in &sources {
                    let fig = r
                        .cells
                        .iter()
                        .find(|c| c.source.0 == *s)
                        .map_or(String::new(), |c| c.figure.clone());
                    row.push(Cell::new(fig));
                }
                let mut st = Cell::new(r.status.as_str());
                if style.color {
                    st = st.fg(match r.status {
                        Status::Conflict => Color::Red,
                        Status::Agree => Color::Green,
                        _ => Color::Yellow,
                    });
                }
                row.push(st);
                t.add_row(row);
            }
            out.push_str(&format!("{t}\n"));
        }
        if !e.blame.is_empty() {
            let mut t = table(
                style,
                vec!["accuser".into(), "accused".into(), "sources".into()],
            );
            for b in &e.blame {
                let parts: Vec<&str> = b
                    .named
                    .iter()
                    .filter(|n| **n != b.accused)
                    .map(|n| n.0.as_str())
                    .collect();
                let accused = if parts.is_empty() {
                    b.accused.to_string()
                } else {
                    format!("{} ({})", b.accused, parts.join(", "))
                };
                t.add_row(vec![
                    b.accuser.as_ref().map_or("-".into(), |a| a.to_string()),
                    accused,
                    b.sources
                        .iter()
                        .map(|s| s.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]);
            }
            out.push_str(&format!("{t}\n"));
            if e.blame_conflict {
                let pairs: Vec<String> = e
                    .blame
                    .iter()
                    .filter_map(|b| {
                        b.accuser
                            .as_ref()
                            .map(|a| format!("{a} blames {}", b.accused))
                    })
                    .collect();
                out.push_str(&format!("blame conflict: {}\n", pairs.join("; ")));
            }
        }
        out.push('\n');
    }
    out
}

/// The `rules test` table: per rule, how many examples passed and failed.
pub fn example_table(outcomes: &[crate::verify::Outcome], style: Style) -> String {
    let mut t = table(
        style,
        vec![
            "rule".into(),
            "examples".into(),
            "passed".into(),
            "failed".into(),
            "result".into(),
        ],
    );
    let mut rules: Vec<&str> = outcomes.iter().map(|o| o.rule.as_str()).collect();
    rules.dedup();
    for r in rules {
        let of: Vec<_> = outcomes.iter().filter(|o| o.rule == r).collect();
        let failed = of.iter().filter(|o| !o.passed).count();
        let mut result = Cell::new(if failed == 0 { "pass" } else { "FAIL" });
        if style.color {
            result = result.fg(if failed == 0 {
                Color::Green
            } else {
                Color::Red
            });
        }
        t.add_row(vec![
            Cell::new(r),
            Cell::new(of.len()),
            Cell::new(of.len() - failed),
            Cell::new(failed),
            result,
        ]);
    }
    format!("{t}\n")
}
