//! Emitters: one function per output format, for claims and for the reconciliation report.

use crate::compare::reconcile::{EventReport, Report, Row, Status};
use crate::model::Claim;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use std::collections::BTreeMap;
use std::path::PathBuf;

mod chart;
mod html;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    /// One self-contained page with charts (see docs/report-format.md).
    Html,
}

/// What an HTML page needs beyond the report: names, fonts, where links start.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Font families per language id, best first.
    pub fonts: Vec<(String, Vec<String>)>,
    /// Names of sides and sources by id.
    pub names: BTreeMap<String, String>,
    /// The camps (sides that are part of no other) in the rules' order: their colours.
    pub camps: Vec<String>,
    /// Links to articles are relative to this directory (the output's); else as given.
    pub links_from: Option<PathBuf>,
    /// How far an "about" figure reaches (settings).
    pub about_tolerance: f64,
}

impl Page {
    /// The page for a report of `pack`'s claims written to `output` (stdout when None).
    pub fn new(pack: &crate::rules::RulePack, output: Option<&std::path::Path>) -> Self {
        let names = pack
            .sides
            .iter()
            .map(|s| (s.id.0.clone(), s.name.clone()))
            .chain(
                pack.sources
                    .iter()
                    .map(|s| (s.id.0.clone(), s.name.clone())),
            )
            .collect();
        Page {
            fonts: pack
                .languages
                .iter()
                .map(|l| (l.id.clone(), l.fonts.clone()))
                .collect(),
            names,
            camps: pack
                .sides
                .iter()
                .filter(|s| s.part_of.is_none())
                .map(|s| s.id.0.clone())
                .collect(),
            links_from: output
                .map(|o| o.parent().unwrap_or(std::path::Path::new("")).to_path_buf()),
            about_tolerance: pack.settings.about_tolerance,
        }
    }

    /// The rules' name of a side or source, with its id; the id alone when the rules have none.
    fn name(&self, id: &str) -> String {
        printable(&match self.names.get(id) {
            Some(n) if n != id => format!("{n} ({id})"),
            _ => id.to_string(),
        })
    }
}

/// How tables look: colour only for a terminal without NO_COLOR, and a width to fit.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Fixed width, or None to let the terminal decide.
    pub width: Option<u16>,
}

impl Style {
    /// How output looks: on a terminal, coloured unless `NO_COLOR` is set (to anything but
    /// empty) and as wide as the terminal; a terminal that says it has no width, and output
    /// that is no terminal, are `COLUMNS` wide, else 80.
    pub fn detect(
        terminal: bool,
        no_color: Option<&std::ffi::OsStr>,
        columns: Option<&str>,
        terminal_width: Option<u16>,
    ) -> Style {
        let columns = columns
            .and_then(|c| c.trim().parse().ok())
            .filter(|&w| w > 0);
        let fallback = columns.unwrap_or(80);
        if terminal {
            Style {
                color: no_color.is_none_or(|v| v.is_empty()),
                width: Some(terminal_width.filter(|&w| w > 0).unwrap_or(fallback)),
            }
        } else {
            Style {
                color: false,
                width: Some(fallback),
            }
        }
    }

    /// The width to fit, in columns.
    fn columns(&self) -> usize {
        usize::from(self.width.unwrap_or(80))
    }
}

/// `n` and a noun, plural unless `n` is one: "1 claim", "2 claims".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Text from an article made safe to print in a terminal or a document: control characters
/// (an ANSI escape, a carriage return) and bidi overrides become visible placeholders, so
/// nothing in an article can move the cursor, clear the screen or reorder a table row.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{1b}' => '\u{241B}',
            '\n' | '\t' => ' ',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Claims in the requested format.
pub fn claims(format: Format, claims: &[Claim], style: Style, page: &Page) -> String {
    match format {
        Format::Html => html::claims(claims, page),
        Format::Json => json(claims),
        Format::Jsonl => jsonl(claims),
        Format::Table => claims_table(claims, style),
        Format::Csv => claims_csv(claims),
        Format::Markdown => claims_markdown(claims),
    }
}

/// The report in the requested format.
pub fn report(format: Format, report: &Report, style: Style, page: &Page) -> String {
    match format {
        Format::Html => html::report(report, page),
        Format::Json => json(report),
        Format::Jsonl => jsonl(&report.events),
        Format::Table => report_table(report, style, page),
        Format::Csv => report_csv(report),
        Format::Markdown => report_markdown(report),
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

pub(crate) fn table(style: Style, header: Vec<String>) -> Table {
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

fn source_label(c: &Claim) -> String {
    let mut s = c.source.to_string();
    for v in &c.via {
        s.push_str(&format!(" via {v}"));
    }
    s
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), |x| x.to_string())
}

/// The claims as one table per article under its path and event: line, source, claim and the
/// quote cut to what the width leaves, so a row stays one line at 80 columns.
fn claims_table(claims: &[Claim], style: Style) -> String {
    let mut out = String::new();
    for article in claims.chunk_by(|a, b| a.file == b.file) {
        let event = main_event(article);
        out.push_str(&format!("== {}", printable(&article[0].file)));
        if let Some(e) = event {
            out.push_str(&format!(" ({})", printable(&e.to_string())));
        }
        out.push('\n');
        let rows: Vec<[String; 3]> = (article.iter())
            .map(|c| {
                let mut claim = c.summary();
                // A claim of another event than its article's says which.
                if c.event.as_ref() != event {
                    let other = c.event.as_ref().map_or("-".into(), ToString::to_string);
                    claim.push_str(&format!(" @{}", printable(&other)));
                }
                [c.line.to_string(), source_label(c), claim]
            })
            .collect();
        let header = ["line", "source", "claim", "quote"]
            .map(String::from)
            .to_vec();
        let widths: Vec<usize> = (0..3)
            .map(|i| {
                let cells = rows.iter().map(|r| display_width(&r[i]));
                cells.chain([display_width(&header[i])]).max().unwrap_or(0)
            })
            .collect();
        // Borders and padding of four columns: "│ " + 3 x " ┆ " + " │".
        let room = style
            .columns()
            .saturating_sub(13 + widths.iter().sum::<usize>());
        let mut t = table(style, header);
        for (c, [line, source, claim]) in article.iter().zip(rows) {
            let quote = cut(&printable(c.quote.trim()), room.max(12));
            t.add_row(vec![line, source, claim, quote]);
        }
        for i in 0..3 {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
        }
        out.push_str(&format!("{t}\n"));
    }
    out.push_str(&format!("{}\n", count(claims.len(), "claim")));
    out
}

/// The event most of an article's claims belong to (the first on a tie).
fn main_event(claims: &[Claim]) -> Option<&crate::model::EventKey> {
    let mut best: Option<(&Option<crate::model::EventKey>, usize)> = None;
    for c in claims {
        let n = claims.iter().filter(|x| x.event == c.event).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((&c.event, n));
        }
    }
    best.and_then(|(e, _)| e.as_ref())
}

/// Columns in a terminal (wide characters count two).
fn display_width(s: &str) -> usize {
    s.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// `s` cut to `max` columns, with an ellipsis where it was cut.
fn cut(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(ch);
    }
    format!("{}…", out.trim_end())
}

/// Columns `0..widths.len()` never narrower than `widths` (of content): an id is never split.
fn hold_widths(t: &mut Table, widths: &[usize]) {
    for (i, &w) in widths.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            // A boundary counts the cell's padding too.
            let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
            c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(w),
            ));
        }
    }
}

/// The claim record's fields as CSV columns (span split in two, via joined by `;`).
const CLAIM_COLUMNS: [&str; 18] = [
    "file",
    "line",
    "span_start",
    "span_end",
    "quote",
    "lang",
    "source",
    "via",
    "kind",
    "side",
    "group",
    "value",
    "upper",
    "bound",
    "accuser",
    "accused",
    "event",
    "rule",
];

fn claim_fields(c: &Claim) -> Vec<String> {
    vec![
        c.file.clone(),
        c.line.to_string(),
        c.span.0.to_string(),
        c.span.1.to_string(),
        c.quote.clone(),
        c.lang.clone(),
        c.source.to_string(),
        c.via
            .iter()
            .map(|v| v.0.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        c.kind.as_str().to_string(),
        opt(&c.side),
        c.group.map_or(String::new(), |g| g.as_str().to_string()),
        opt(&c.value),
        opt(&c.upper),
        c.bound.map_or(String::new(), |b| b.as_str().to_string()),
        opt(&c.accuser),
        opt(&c.accused),
        opt(&c.event),
        c.rule.clone(),
    ]
}

/// Text a spreadsheet would run as a formula is made inert with a leading apostrophe.
fn csv_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn write_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(r.iter().map(|c| csv_cell(c)))
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flushing memory")).expect("CSV of UTF-8 fields")
}

fn claims_csv(claims: &[Claim]) -> String {
    write_csv(&CLAIM_COLUMNS, claims.iter().map(claim_fields))
}

/// A GitHub-flavoured markdown table cell: pipes escaped, line breaks and controls made visible.
pub(crate) fn md(s: &str) -> String {
    printable(s).replace('\\', "\\\\").replace('|', "\\|")
}

pub(crate) fn md_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.iter().map(|h| md(h)).collect::<Vec<_>>().join(" | "),
        "---|".repeat(header.len())
    );
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

fn claims_markdown(claims: &[Claim]) -> String {
    let header: Vec<String> = ["where", "source", "claim", "event", "quote"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows: Vec<Vec<String>> = claims
        .iter()
        .map(|c| {
            vec![
                format!("{}:{}", c.file, c.line),
                source_label(c),
                c.summary(),
                c.event.as_ref().map_or("-".into(), ToString::to_string),
                c.quote.clone(),
            ]
        })
        .collect();
    format!(
        "{}\n{}\n",
        md_table(&header, &rows),
        count(claims.len(), "claim")
    )
}

fn event_title(e: &EventReport) -> String {
    printable(&match &e.name {
        Some(n) => format!("event {} ({n})", e.id()),
        None => format!("event {}", e.id()),
    })
}

fn kind_label(r: &Row) -> String {
    match r.group {
        crate::model::Group::Unspecified => r.kind.as_str().to_string(),
        g => format!("{} ({})", r.kind.as_str(), g.as_str()),
    }
}

/// The status with what qualifies it: gap, cross-camp, self-contradiction, independence.
fn status_notes(r: &Row) -> Vec<String> {
    let mut notes = vec![r.status.as_str().to_string()];
    if let Some(g) = r.gap {
        notes.push(format!("gap {g}"));
    }
    if r.cross_camp {
        notes.push("cross-camp".into());
    }
    for c in &r.self_contradicting {
        notes.push(format!("{c} contradicts itself"));
    }
    if r.outlets > r.independent {
        notes.push(format!(
            "{} outlets, {} independent",
            r.outlets, r.independent
        ));
    }
    notes
}

fn cell_figure(c: &crate::compare::reconcile::Cell) -> String {
    if c.earlier.is_empty() {
        c.figure.clone()
    } else {
        format!("{} (was {})", c.figure, c.earlier.join(", "))
    }
}

/// Column labels of an event's sources; the outlets' own voice is just `outlet` when only one
/// text speaks in it.
fn labels(e: &EventReport) -> Vec<String> {
    let mut l: Vec<String> = e
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.label()))
        .collect();
    l.sort();
    l.dedup();
    l
}

/// Column headers: source ids as they are; outlets as "outlet" when there is one, else
/// "outlet 1", "outlet 2"... named in the legend under the table.
fn short_labels(e: &EventReport) -> Vec<(String, String)> {
    let full = labels(e);
    let outlets = full.iter().filter(|l| l.starts_with("outlet: ")).count();
    let mut n = 0;
    full.iter()
        .map(|l| {
            let short = match l.strip_prefix("outlet: ") {
                Some(_) if outlets == 1 => "outlet".to_string(),
                Some(_) => {
                    n += 1;
                    format!("outlet {n}")
                }
                None => l.clone(),
            };
            (l.clone(), printable(&short))
        })
        .collect()
}

/// What the columns of a table's header are: sources by the pack's names, outlets by theirs;
/// wrapped to the width.
fn legend(labels: &[(String, String)], page: &Page, style: Style) -> String {
    let named: Vec<String> = (labels.iter())
        .filter_map(|(full, short)| match full.strip_prefix("outlet: ") {
            Some(name) => Some(format!("{short} = {}", printable(name))),
            None => {
                let name = page.names.get(full.as_str())?;
                (name != full).then(|| format!("{full} = {}", printable(name)))
            }
        })
        .collect();
    if named.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut line = String::from("sources:");
    for n in named {
        if display_width(&line) + 2 + display_width(&n) > style.columns() && line.len() > 8 {
            out.push_str(&format!("{line}\n"));
            line = String::from("        ");
        } else if line.len() > 8 {
            line.push(';');
        }
        line.push(' ');
        line.push_str(&n);
    }
    out.push_str(&format!("{line}\n"));
    out
}

/// The first column of a casualty row: side, kind and (when known) group.
fn row_label(r: &Row) -> String {
    let side = r.side.as_ref().map_or("-".to_string(), |s| s.to_string());
    match r.group {
        crate::model::Group::Unspecified => format!("{side} {}", r.kind.as_str()),
        g => format!("{side} {}\n{}", r.kind.as_str(), g.as_str()),
    }
}

fn blame_lines(e: &EventReport) -> Vec<String> {
    let mut out = Vec::new();
    if e.blame_conflict {
        let pairs: Vec<String> = e
            .blame
            .iter()
            .map(|b| format!("{} blames {}", b.accuser, b.accused))
            .collect();
        out.push(format!("blame conflict: {}", pairs.join("; ")));
    }
    for t in &e.third_party_blame {
        out.push(format!("third party: {} blames {}", t.source, t.accused));
    }
    out
}

fn report_table(report: &Report, style: Style, page: &Page) -> String {
    let mut out = String::new();
    if report.events.is_empty() {
        out.push_str("no claims found\n");
    }
    for e in &report.events {
        out.push_str(&format!("== {}\n", event_title(e)));
        if !e.rows.is_empty() {
            let labels = short_labels(e);
            let mut header = vec!["row".to_string()];
            header.extend(labels.iter().map(|l| l.1.clone()));
            header.extend(["status".to_string(), "estimate".to_string()]);
            let mut t = table(style, header);
            for r in &e.rows {
                let mut row = vec![Cell::new(row_label(r))];
                for (full, _) in &labels {
                    row.push(Cell::new(
                        r.cells
                            .iter()
                            .find(|c| &c.label() == full)
                            .map_or(String::new(), cell_figure),
                    ));
                }
                let mut st = Cell::new(status_notes(r).join("\n"));
                if style.color {
                    st = st.fg(match r.status {
                        Status::Conflict => Color::Red,
                        Status::Agree => Color::Green,
                        _ => Color::Yellow,
                    });
                }
                row.push(st);
                row.push(Cell::new(format!(
                    "{}/{}/{}",
                    r.estimate.low, r.estimate.best, r.estimate.high
                )));
                t.add_row(row);
            }
            // Row labels, ids, "single-source" / "single-camp" and estimates stay on one line.
            let words = (e.rows.iter()).flat_map(|r| {
                row_label(r)
                    .split_whitespace()
                    .map(display_width)
                    .collect::<Vec<_>>()
            });
            let estimates = e.rows.iter().map(|r| {
                display_width(&format!(
                    "{}/{}/{}",
                    r.estimate.low, r.estimate.best, r.estimate.high
                ))
            });
            let mut widths: Vec<usize> = vec![words.max().unwrap_or(0)];
            widths.extend(labels.iter().map(|l| display_width(&l.1)));
            widths.push(display_width("single-source"));
            widths.push(estimates.max().unwrap_or(0).max(display_width("estimate")));
            hold_widths(&mut t, &widths);
            out.push_str(&format!("{t}\n"));
            out.push_str(&legend(&labels, page, style));
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
                    b.accuser.to_string(),
                    accused,
                    b.sources
                        .iter()
                        .map(|s| s.0.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]);
            }
            out.push_str(&format!("{t}\n"));
        }
        for l in blame_lines(e) {
            out.push_str(&format!("{l}\n"));
        }
        out.push('\n');
    }
    if report.events.iter().any(|e| !e.rows.is_empty()) {
        out.push_str("estimate = low/best/high (report --explain-estimates says how)\n");
    }
    out
}

const REPORT_COLUMNS: [&str; 17] = [
    "event",
    "side",
    "kind",
    "group",
    "status",
    "gap",
    "cross_camp",
    "low",
    "best",
    "high",
    "best_rule",
    "source",
    "outlets",
    "camp",
    "figure",
    "earlier",
    "evidence",
];

fn report_csv(report: &Report) -> String {
    let rows = report.events.iter().flat_map(|e| {
        e.rows.iter().flat_map(move |r| {
            r.cells.iter().map(move |c| {
                vec![
                    e.id(),
                    opt(&r.side),
                    r.kind.as_str().to_string(),
                    r.group.as_str().to_string(),
                    r.status.as_str().to_string(),
                    opt(&r.gap),
                    r.cross_camp.to_string(),
                    r.estimate.low.to_string(),
                    r.estimate.best.to_string(),
                    r.estimate.high.to_string(),
                    r.estimate.best_rule.clone(),
                    c.source.to_string(),
                    c.outlets.join(";"),
                    opt(&c.camp),
                    c.figure.clone(),
                    c.earlier.join(";"),
                    c.claims
                        .iter()
                        .map(|cl| format!("{}:{}", cl.file, cl.line))
                        .collect::<Vec<_>>()
                        .join(";"),
                ]
            })
        })
    });
    write_csv(&REPORT_COLUMNS, rows)
}

fn report_markdown(report: &Report) -> String {
    let mut out = String::new();
    if report.events.is_empty() {
        out.push_str("No claims found.\n");
    }
    for e in &report.events {
        out.push_str(&format!("### {}\n\n", md(&event_title(e))));
        if !e.rows.is_empty() {
            let labels = labels(e);
            let mut header = vec!["side".to_string(), "kind".to_string()];
            header.extend(labels.iter().cloned());
            header.extend(["status".to_string(), "low / best / high".to_string()]);
            // Markdown has room: full outlet names.
            let rows: Vec<Vec<String>> = e
                .rows
                .iter()
                .map(|r| {
                    let mut row = vec![
                        r.side.as_ref().map_or("-".to_string(), |s| s.to_string()),
                        kind_label(r),
                    ];
                    for l in &labels {
                        row.push(
                            r.cells
                                .iter()
                                .find(|c| &c.label() == l)
                                .map_or(String::new(), cell_figure),
                        );
                    }
                    row.push(status_notes(r).join(", "));
                    row.push(format!(
                        "{} / {} / {}",
                        r.estimate.low, r.estimate.best, r.estimate.high
                    ));
                    row
                })
                .collect();
            out.push_str(&md_table(&header, &rows));
            out.push('\n');
        }
        for b in &e.blame {
            let sources = b
                .sources
                .iter()
                .map(|s| s.0.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "- {} blames {} ({})\n",
                b.accuser,
                b.accused,
                md(&sources)
            ));
        }
        for l in blame_lines(e) {
            out.push_str(&format!("- **{}**\n", md(&l)));
        }
        out.push('\n');
    }
    out
}

/// `report --explain-estimates`: how each row's low, best and high were chosen.
pub fn explain_estimates(report: &Report) -> String {
    let mut out = String::from(
        "Estimates per row (docs/reconciliation.md):\n  low  = the smallest lower bound of the sources' latest figures\n  \
         high = the largest figure claimed\n  best = the counted camp's own official figure, else the median of neutral \
         sources, else the median of all; kept within [low, high]\n",
    );
    for e in &report.events {
        for r in &e.rows {
            let figures: Vec<String> = r
                .cells
                .iter()
                .map(|c| format!("{} {}", c.label(), c.figure))
                .collect();
            out.push_str(&format!(
                "{} {} {}: low {}, best {} ({}), high {}; from {}\n",
                e.id(),
                r.side.as_ref().map_or("-".to_string(), |s| s.to_string()),
                kind_label(r),
                r.estimate.low,
                r.estimate.best,
                r.estimate.best_rule,
                r.estimate.high,
                figures.join(", ")
            ));
        }
    }
    out
}

/// Why each article's claims are in their event: the article's date and where it was found,
/// a date or event named near a claim, reports joined as one incident.
pub fn explain_events(report: &Report) -> String {
    let mut out = String::from("Events: why each article's claims are where they are\n");
    for e in &report.events {
        let name = e
            .name
            .as_ref()
            .map_or_else(String::new, |n| format!(" ({n})"));
        out.push_str(&format!("{}{}\n", printable(&e.id()), printable(&name)));
        for p in &e.placed {
            let why = if p.why.is_empty() {
                "not known (claims read without provenance)"
            } else {
                p.why.as_str()
            };
            out.push_str(&format!(
                "  {}: {}: {}\n",
                printable(&p.file),
                count(p.claims, "claim"),
                printable(why)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Style::detect(true, None, None, None).color);
        assert!(Style::detect(true, Some(OsStr::new("")), None, None).color);
        assert!(!Style::detect(true, Some(OsStr::new("1")), None, None).color);
        assert!(!Style::detect(false, None, None, None).color);
    }

    #[test]
    fn width_is_the_terminal_or_columns_or_80() {
        assert_eq!(
            Style::detect(true, None, Some("120"), Some(90)).width,
            Some(90)
        );
        // A terminal of width 0 (some CI pseudo-terminals) falls back to COLUMNS, then 80.
        assert_eq!(
            Style::detect(true, None, Some("120"), Some(0)).width,
            Some(120)
        );
        assert_eq!(Style::detect(true, None, None, Some(0)).width, Some(80));
        assert_eq!(Style::detect(true, None, Some("0"), None).width, Some(80));
        assert_eq!(
            Style::detect(false, None, Some("120"), None).width,
            Some(120)
        );
        assert_eq!(
            Style::detect(false, None, Some("wide"), None).width,
            Some(80)
        );
        assert_eq!(Style::detect(false, None, None, None).width, Some(80));
    }

    #[test]
    fn a_cut_quote_ends_in_an_ellipsis_and_fits() {
        assert_eq!(cut("short", 10), "short");
        let c = cut("eighteen servicemen were killed in the shelling", 20);
        assert!(c.ends_with('…') && display_width(&c) <= 20, "{c}");
    }
}
