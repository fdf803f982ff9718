//! The HTML report: one self-contained page, no script and no network, with a summary, and per
//! event a chart of each row's figures, the blame diagram and the claims with their quotes.
//!
//! Markup comes from maud, which escapes every value it is given; article text is also made
//! printable first (no controls or bidi overrides), and a content security policy forbids
//! scripts, so nothing in an article can run or reorder the page.

use super::chart::{self, Arrow, Figures, Mark, Node, PALETTE};
use super::{Page, cell_figure, printable, status_notes};
use crate::compare::reconcile::{self, EventReport, Report, Row, Status};
use crate::model::{Bound, Claim, Group, SideId, SourceId};
// The loader already refuses other names; the page checks again, as it may be given any pack.
use crate::rules::compile::plain_font;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use plotters::style::RGBColor;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The page's style sheet; fonts are added from the rule packs.
const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;color:#222;background:#fff;font-family:var(--fonts);line-height:1.45}
.page{max-width:1240px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:0 0 6px}
h3{font-size:16px;margin:18px 0 8px}
.lede{font-size:16px;margin:4px 0 14px}
.muted{color:#666}
code,.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:5px 8px;text-align:start;vertical-align:top}
th{background:#f4f4f4;font-weight:600}
.status{display:inline-block;text-decoration:none;padding:0 7px;border-radius:9px;font-size:12.5px;font-weight:600;white-space:nowrap;color:#fff;background:#8a6d00}
.status.agree{background:#1b7f4b}
.status.compatible{background:#4f7d5f}
.status.conflict{background:#c02828}
.status.revised{background:#5a4fb0}
.status.none{background:#999}
.event{border-top:3px solid #222;margin-top:34px;padding-top:14px;break-before:auto}
.rows{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px 22px}
figure{margin:0}
figure.row{border:1px solid #ddd;border-radius:6px;padding:8px 10px;break-inside:avoid}
figure.row.conflict{border:2px solid #c02828}
figcaption{font-size:14px;margin-bottom:4px}
figcaption .what{font-weight:600}
.estimate{font-size:13px;color:#444}
svg{max-width:100%;height:auto;display:block}
svg text{font-family:var(--fonts)}
figure.blame{max-width:640px;border:1px solid #ddd;border-radius:6px;padding:8px 10px;break-inside:avoid}
figure.blame.mutual{border:2px solid #c02828}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;margin:6px 0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-inline-end:5px;vertical-align:-1px}
.key{display:grid;grid-template-columns:minmax(300px,600px) 1fr;gap:8px 24px;align-items:center;font-size:13.5px}
.key ul{margin:0;padding-inline-start:18px}
blockquote,q.quote{quotes:none}
.quote{font-size:15px;unicode-bidi:isolate}
.quote mark{background:#ffe27a;font-weight:700;padding:0 2px;border-radius:2px}
details.claims>summary{cursor:pointer}
details.claims>summary h3{display:inline-block;margin:18px 0 8px}
td.where a{white-space:nowrap}
.claims td:nth-child(3){white-space:nowrap}
.claims td:nth-child(4){width:46%}
.chart-error{color:#c02828}
@page{size:A4;margin:12mm}
@media print{
 .page{max-width:none;padding:0}
 body{font-size:11pt}
 .rows{display:block}
 figure.row{margin-bottom:10px}
 .event{break-before:page;border-top:none}
 h2,h3{break-after:avoid}
 a{color:inherit;text-decoration:none}
 table{font-size:10pt}
 tr{break-inside:avoid}
 .key{grid-template-columns:1fr}
}
"#;

/// Events with more claims than this show their claims table folded (a click opens it).
const OPEN_CLAIMS: usize = 100;

/// The content security policy: styles inline, nothing else, so no script can ever run.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The reconciliation report as a page.
pub fn report(rep: &Report, page: &Page) -> String {
    let colors = Colors::of(rep, page);
    let body = html! {
        header {
            h1 { "crosscheck report" }
            (summary(rep))
            (key(page, &colors))
        }
        main {
            @for e in &rep.events {
                (event(e, page, &colors))
            }
        }
    };
    document("crosscheck report", page, body)
}

/// Claims alone (the `claims` command) as a page with one table.
pub fn claims(claims: &[Claim], page: &Page) -> String {
    let body = html! {
        header {
            h1 { "crosscheck claims" }
            p.lede { (claims.len()) " claims from " (articles(claims.iter())) " articles" }
        }
        main { (claims_table(claims.iter(), page)) }
    };
    document("crosscheck claims", page, body)
}

fn document(title: &str, page: &Page, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("crosscheck ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(fonts_css(page))) }
            }
            body { div.page { (body) } }
        }
    }
    .into_string()
        + "\n"
}

/// The page's font stack (every language's fonts, so a quote in any script has glyphs) and
/// each language's own fonts first for text marked with its `lang`.
fn fonts_css(page: &Page) -> String {
    let stack = |fonts: &mut dyn Iterator<Item = &String>| {
        let mut seen = BTreeSet::new();
        let mut out: Vec<String> = fonts
            .filter(|f| plain_font(f) && seen.insert(f.to_string()))
            .map(|f| format!("\"{f}\""))
            .collect();
        out.extend(["system-ui".to_string(), "sans-serif".to_string()]);
        out.join(",")
    };
    let mut css = format!(
        ":root{{--fonts:{}}}\n",
        stack(&mut page.fonts.iter().flat_map(|(_, f)| f))
    );
    for (lang, fonts) in &page.fonts {
        if !fonts.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            let own = page.fonts.iter().flat_map(|(_, f)| f);
            css.push_str(&format!(
                ":lang({lang}){{font-family:{}}}\n",
                stack(&mut fonts.iter().chain(own))
            ));
        }
    }
    css
}

/// Camp colours: the rules' camps in their order (the same colours in every report), then any
/// other camp the report names; sources of no camp are grey.
struct Colors {
    order: Vec<SideId>,
    /// The camps the report names, for the legend.
    shown: BTreeSet<SideId>,
}

impl Colors {
    fn of(rep: &Report, page: &Page) -> Self {
        let mut camps = BTreeSet::new();
        for e in &rep.events {
            for r in &e.rows {
                camps.extend(r.cells.iter().filter_map(|c| c.camp.clone()));
                camps.extend(r.side.clone());
            }
            for b in &e.blame {
                camps.insert(b.accuser.clone());
                camps.insert(b.accused.clone());
            }
        }
        let mut order: Vec<SideId> = page.camps.iter().map(|c| SideId(c.clone())).collect();
        order.extend(camps.iter().filter(|c| !page.camps.contains(&c.0)).cloned());
        Colors {
            order,
            shown: camps,
        }
    }

    fn of_camp(&self, camp: Option<&SideId>) -> RGBColor {
        let last = PALETTE.len() - 1;
        camp.and_then(|c| self.order.iter().position(|x| x == c))
            .map_or(PALETTE[last], |i| PALETTE[i % last])
    }

    fn css(&self, camp: Option<&SideId>) -> String {
        let RGBColor(r, g, b) = self.of_camp(camp);
        format!("background:rgb({r},{g},{b})")
    }
}

fn articles<'a>(claims: impl Iterator<Item = &'a Claim>) -> usize {
    claims
        .map(|c| c.file.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

/// Every claim of an event, in the canonical order.
fn event_claims(e: &EventReport) -> Vec<&Claim> {
    let mut all: Vec<&Claim> = e
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flat_map(|c| &c.claims))
        .chain(e.blame.iter().flat_map(|b| &b.claims))
        .chain(e.third_party_blame.iter().flat_map(|t| &t.claims))
        .collect();
    all.sort_by_key(|c| reconcile::claim_order(c));
    all
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Agree => "agree",
        Status::Compatible => "compatible",
        Status::Conflict => "conflict",
        Status::Revised => "revised",
        Status::SingleSource | Status::SingleCamp => "single",
    }
}

fn summary(rep: &Report) -> Markup {
    let claims: Vec<&Claim> = rep.events.iter().flat_map(event_claims).collect();
    let rows: Vec<&Row> = rep.events.iter().flat_map(|e| &e.rows).collect();
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    let blame_conflicts = rep.events.iter().filter(|e| e.blame_conflict).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    html! {
        p.lede {
            (plural(claims.len(), "claim", "claims")) " from "
            (plural(articles(claims.iter().copied()), "article", "articles")) " in "
            (plural(rep.events.len(), "event", "events")) ": "
            strong { (plural(count(Status::Conflict), "conflict", "conflicts")) } " between sources, "
            strong { (plural(blame_conflicts, "blame conflict", "blame conflicts")) } ", "
            (count(Status::Agree)) " agree, " (count(Status::Compatible)) " compatible, "
            (count(Status::Revised)) " revised, "
            (count(Status::SingleSource) + count(Status::SingleCamp)) " with one source or camp."
        }
        @if rep.events.is_empty() {
            p { "No claims found." }
        } @else {
            table.summary {
                thead { tr { th { "event" } th { "rows" } th { "conflicts" } th { "blame" } } }
                tbody {
                    @for e in &rep.events {
                        tr {
                            td {
                                a href={ "#" (anchor(&e.id())) } { (event_name(e)) }
                                " " span.id.muted { (printable(&e.id())) }
                            }
                            td { (e.rows.len()) }
                            td {
                                @for (i, r) in e.rows.iter().enumerate().filter(|(_, r)| r.status == Status::Conflict) {
                                    a.status.conflict href={ "#" (row_anchor(&e.id(), i)) } { (row_title(r)) } " "
                                }
                            }
                            td {
                                @if e.blame_conflict {
                                    span.status.conflict { "mutual blame" }
                                } @else if !e.blame.is_empty() || !e.third_party_blame.is_empty() {
                                    span.status.none { "one-sided" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the marks mean, drawn by the same code as the charts, and the camps' colours.
fn key(page: &Page, colors: &Colors) -> Markup {
    let mark = |label: &str, figure: &str, bound, value: f64, lo: f64, hi: f64| Mark {
        label: label.into(),
        figure: figure.into(),
        value,
        lo,
        hi,
        bound,
        color: PALETTE[PALETTE.len() - 1],
        earlier: vec![],
    };
    let mut marks = vec![
        mark("exact", "120", Bound::Exact, 120.0, 120.0, 120.0),
        mark(
            "at least",
            "\u{2265}120",
            Bound::AtLeast,
            120.0,
            120.0,
            f64::INFINITY,
        ),
        mark("about", "~120", Bound::About, 120.0, 108.0, 132.0),
        mark("at most", "\u{2264}120", Bound::AtMost, 120.0, 0.0, 120.0),
        mark("range", "250-400", Bound::Range, 250.0, 250.0, 400.0),
        mark(
            "revised",
            "300 (was 200)",
            Bound::Exact,
            300.0,
            300.0,
            300.0,
        ),
    ];
    marks[5].earlier = vec![200.0];
    let svg = chart::figures(&Figures {
        marks,
        band: None,
        gap: None,
    });
    html! {
        div.key {
            figure.legend-chart { (PreEscaped(svg)) }
            ul {
                li { "A bar runs from zero to a source's latest figure, in its camp's colour." }
                li { "An " b { "at least" } " figure is an open bar: it runs off the scale, with an arrow." }
                li { "An " b { "about" } " figure has whiskers; a " b { "range" } " is a span; an " b { "at most" } " figure is hollow up to its ceiling." }
                li { "A ring is a figure the same source gave earlier." }
                li { "The grey band is the low-high estimate, the dark line the best estimate." }
                li { "A red band marks the gap between sources that cannot both be right (a conflict)." }
            }
        }
        div.legend {
            @for camp in colors.order.iter().filter(|c| colors.shown.contains(c)) {
                span { span.swatch style=(colors.css(Some(camp))) {} (page.name(&camp.0)) }
            }
            span { span.swatch style=(colors.css(None)) {} "no camp" }
        }
    }
}

fn anchor(event: &str) -> String {
    let safe: String = event
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("event-{safe}")
}

/// The anchor of row `i` of an event.
fn row_anchor(event: &str, i: usize) -> String {
    format!("{}-row-{}", anchor(event), i + 1)
}

fn event_name(e: &EventReport) -> String {
    match &e.name {
        Some(n) => printable(n),
        None if e.event.is_none() => "Claims no date or anchor places".to_string(),
        None => printable(&e.id()),
    }
}

fn row_title(r: &Row) -> String {
    let what = match r.group {
        Group::Unspecified => r.kind.as_str().to_string(),
        g => format!("{} ({})", r.kind.as_str(), g.as_str()),
    };
    match &r.side {
        Some(side) => printable(&format!("{side} {what}")),
        None => format!("{what}, side not named"),
    }
}

fn event(e: &EventReport, page: &Page, colors: &Colors) -> Markup {
    let claims = event_claims(e);
    html! {
        section.event id=(anchor(&e.id())) {
            h2 { (event_name(e)) " " span.id.muted { (printable(&e.id())) } }
            @if !e.rows.is_empty() {
                h3 { "Figures" }
                div.rows {
                    @for (i, r) in e.rows.iter().enumerate() {
                        (row(r, &row_anchor(&e.id(), i), page, colors))
                    }
                }
            }
            @if !e.blame.is_empty() || !e.third_party_blame.is_empty() {
                h3 { "Blame" }
                (blame(e, page, colors))
            }
            // A long list starts folded, so the charts of a big corpus stay one scroll apart.
            details.claims open[claims.len() <= OPEN_CLAIMS] {
                summary { h3 { "Claims (" (claims.len()) ")" } }
                (claims_table(claims.into_iter(), page))
            }
        }
    }
}

/// A row's marks: each source's latest figure as an interval, its earlier figures as rings.
fn marks(r: &Row, page: &Page, colors: &Colors) -> Vec<Mark> {
    r.cells
        .iter()
        .filter_map(|cell| {
            let latest = cell.claims.first()?;
            let (lo, hi) = reconcile::interval(latest, page.about_tolerance);
            let mut earlier: Vec<f64> = cell.claims[1..]
                .iter()
                .filter_map(|c| c.value)
                .filter(|v| Some(*v) != latest.value)
                .map(|v| v as f64)
                .collect();
            earlier.dedup();
            Some(Mark {
                label: printable(&cell.label()),
                figure: printable(&cell_figure(cell))
                    .replace(">=", "\u{2265}")
                    .replace("<=", "\u{2264}"),
                value: latest.value.unwrap_or(0) as f64,
                lo,
                hi,
                bound: latest.bound.unwrap_or(Bound::Exact),
                color: colors.of_camp(cell.camp.as_ref()),
                earlier,
            })
        })
        .collect()
}

/// The smallest gap between two marks' intervals that do not meet.
fn gap(marks: &[Mark]) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for a in marks {
        for b in marks {
            if a.hi < b.lo && best.is_none_or(|(x, y)| b.lo - a.hi < y - x) {
                best = Some((a.hi, b.lo));
            }
        }
    }
    best
}

fn row(r: &Row, id: &str, page: &Page, colors: &Colors) -> Markup {
    let marks = marks(r, page, colors);
    let conflict = r.status == Status::Conflict;
    let figures = Figures {
        gap: if conflict { gap(&marks) } else { None },
        band: Some((
            r.estimate.low as f64,
            r.estimate.best as f64,
            r.estimate.high as f64,
        )),
        marks,
    };
    let notes = status_notes(r);
    html! {
        figure.row.conflict[conflict] id=(id) {
            figcaption {
                span.what { (row_title(r)) } " "
                span class={ "status " (status_class(r.status)) } { (r.status.as_str()) }
                @for n in &notes[1..] { " · " (n) }
                br;
                span.estimate {
                    "estimate low " (r.estimate.low) " · best " (r.estimate.best)
                    " · high " (r.estimate.high) " (" (r.estimate.best_rule) ")"
                }
            }
            (PreEscaped(chart::figures(&figures)))
        }
    }
}

fn blame(e: &EventReport, page: &Page, colors: &Colors) -> Markup {
    let mut nodes: Vec<Node> = Vec::new();
    let mut index = |label: String, color, third_party| match nodes
        .iter()
        .position(|n| n.label == label && n.third_party == third_party)
    {
        Some(i) => i,
        None => {
            nodes.push(Node {
                label,
                color,
                third_party,
            });
            nodes.len() - 1
        }
    };
    let mut arrows = Vec::new();
    for b in &e.blame {
        let from = index(
            printable(&b.accuser.0),
            colors.of_camp(Some(&b.accuser)),
            false,
        );
        let to = index(
            printable(&b.accused.0),
            colors.of_camp(Some(&b.accused)),
            false,
        );
        let mutual = e
            .blame
            .iter()
            .any(|o| o.accuser == b.accused && o.accused == b.accuser);
        let sources: Vec<&str> = b.sources.iter().map(|s| s.0.as_str()).collect();
        arrows.push(Arrow {
            from,
            to,
            label: printable(&sources.join(", ")),
            mutual,
        });
    }
    for t in &e.third_party_blame {
        let from = index(printable(&t.source.0), colors.of_camp(None), true);
        let to = index(
            printable(&t.accused.0),
            colors.of_camp(Some(&t.accused)),
            false,
        );
        arrows.push(Arrow {
            from,
            to,
            label: String::new(),
            mutual: false,
        });
    }
    let svg = chart::blame(&nodes, &arrows);
    html! {
        figure.blame.mutual[e.blame_conflict] {
            (PreEscaped(svg))
            figcaption {
                @if e.blame_conflict { strong { "Mutual blame. " } }
                @for b in &e.blame {
                    (page.name(&b.accuser.0)) " blames " (page.name(&b.accused.0))
                    @let parts: Vec<&SideId> = b.named.iter().filter(|n| **n != b.accused).collect();
                    @if !parts.is_empty() {
                        " (" @for (i, p) in parts.iter().enumerate() { @if i > 0 { ", " } (printable(&p.0)) } ")"
                    }
                    " (" @for (i, s) in b.sources.iter().enumerate() { @if i > 0 { ", " } code { (printable(&s.0)) } } "). "
                }
                @for t in &e.third_party_blame {
                    "Third party: " code { (printable(&t.source.0)) } " blames " (page.name(&t.accused.0)) ". "
                }
            }
        }
    }
}

fn claims_table<'a>(claims: impl Iterator<Item = &'a Claim>, page: &Page) -> Markup {
    html! {
        table.claims {
            thead { tr { th { "where" } th { "source" } th { "claim" } th { "quote" } } }
            tbody {
                @for c in claims {
                    tr {
                        td.where { (place(c, page)) }
                        td {
                            code { (printable(&c.source.0)) }
                            @if c.source.0 == SourceId::OUTLET && c.provenance.outlet != c.file {
                                " (" (printable(&c.provenance.outlet)) ")"
                            }
                            @for v in &c.via { " via " code { (printable(&v.0)) } }
                        }
                        td { (printable(&c.summary())) }
                        td { (quote(c)) }
                    }
                }
            }
        }
    }
}

/// `file:line`, linked to the article when it is a file.
fn place(c: &Claim, page: &Page) -> Markup {
    let text = printable(&format!("{}:{}", c.file, c.line));
    match crate::model::ArticleName::parse(&c.file).path() {
        Some(file) => html! { a href=(href(page.links_from.as_deref(), file)) { (text) } },
        None => html! { (text) },
    }
}

/// The quote, its figure's words marked, isolated and set right to left when its text is.
fn quote(c: &Claim) -> Markup {
    let lang: String = c
        .lang
        .chars()
        .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-')
        .collect();
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    let mut figures: Vec<(usize, usize)> = c
        .figures
        .iter()
        .filter_map(|&(a, b)| Some((a.checked_sub(c.span.0)?, b.checked_sub(c.span.0)?)))
        .collect();
    figures.sort();
    for (a, b) in figures {
        // Offsets that do not fall on the quote's characters are ignored, never trusted.
        let (Some(before), Some(figure)) = (c.quote.get(at..a), c.quote.get(a..b)) else {
            continue;
        };
        pieces.push((before, false));
        pieces.push((figure, true));
        at = b;
    }
    pieces.push((c.quote.get(at..).unwrap_or(""), false));
    html! {
        q.quote dir="auto" lang=(lang) {
            @for (text, figure) in pieces {
                @if figure { mark { (printable(text)) } } @else { (printable(text)) }
            }
        }
    }
}

/// A link to a file: relative to the page's directory when known, each part percent-encoded,
/// so that no file name can become a `javascript:` or other URL.
fn href(from: Option<&Path>, file: &str) -> String {
    let target = Path::new(file);
    let rel = match from {
        Some(dir) => relative(dir, target).unwrap_or_else(|| target.to_path_buf()),
        None => target.to_path_buf(),
    };
    let mut out = if rel.is_absolute() {
        "file://".to_string()
    } else {
        String::new()
    };
    let mut first = true;
    for part in rel.components() {
        let piece = match part {
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(_) => continue,
            Component::CurDir => ".".to_string(),
            Component::ParentDir => "..".to_string(),
            Component::Normal(s) => encode(&s.to_string_lossy()),
        };
        if first && !rel.is_absolute() && !piece.starts_with('.') {
            out.push_str("./");
        }
        if !first {
            out.push('/');
        }
        out.push_str(&piece);
        first = false;
    }
    out
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `target` as seen from directory `dir`, both taken from the working directory.
fn relative(dir: &Path, target: &Path) -> Option<PathBuf> {
    let abs = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        std::path::absolute(p).ok().map(|p| {
            // `a/./b` and `a/x/../b` are the same place for a link.
            let mut out = PathBuf::new();
            for c in p.components() {
                match c {
                    Component::CurDir => {}
                    Component::ParentDir => {
                        out.pop();
                    }
                    c => out.push(c),
                }
            }
            out
        })
    };
    let (dir, target) = (abs(dir)?, abs(target)?);
    let common = dir
        .components()
        .zip(target.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in dir.components().skip(common) {
        out.push("..");
    }
    for c in target.components().skip(common) {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_cannot_become_other_urls() {
        assert_eq!(href(None, "fixtures/a b.md"), "./fixtures/a%20b.md");
        assert_eq!(
            href(None, "javascript:alert(1)"),
            "./javascript%3Aalert%281%29"
        );
        assert_eq!(href(None, "/tmp/x\".md"), "file:///tmp/x%22.md");
        assert_eq!(href(None, "../up.txt"), "../up.txt");
        assert_eq!(
            href(Some(Path::new("out/sub")), "fixtures/a.md"),
            "../../fixtures/a.md"
        );
        assert_eq!(
            href(Some(Path::new("")), "fixtures/a.md"),
            "./fixtures/a.md"
        );
        assert_eq!(
            href(Some(Path::new("./fixtures")), "fixtures/a.md"),
            "./a.md"
        );
    }

    #[test]
    fn font_names_outside_the_plain_set_stay_out_of_the_style_sheet() {
        let page = Page {
            fonts: vec![
                (
                    "xx".into(),
                    vec!["Good Font".into(), "x}</style><script>".into()],
                ),
                ("bad lang".into(), vec!["Other".into()]),
            ],
            ..Page::default()
        };
        let css = fonts_css(&page);
        assert!(css.contains("\"Good Font\""), "{css}");
        assert!(!css.contains("script") && !css.contains('<'), "{css}");
        assert!(
            css.contains(":lang(xx)") && !css.contains("bad lang"),
            "{css}"
        );
    }

    #[test]
    fn the_figure_is_marked_inside_the_quote_and_bad_offsets_are_ignored() {
        let mut c: Claim = serde_json::from_str(
            r#"{"file":"a.md","line":1,"span":[0,0],"quote":"","lang":"en","source":"s",
                "via":[],"kind":"killed","rule":"r"}"#,
        )
        .unwrap();
        c.quote = "killed <b>7</b> soldiers".into();
        c.span = (100, 100 + c.quote.len());
        c.figures = vec![(110, 111)];
        let out = quote(&c).into_string();
        assert!(out.contains("<mark>7</mark>"), "{out}");
        assert!(out.contains("&lt;b&gt;"), "{out}");
        c.figures = vec![(50, 60), (111, 9999)];
        let out = quote(&c).into_string();
        assert!(!out.contains("<mark>"), "{out}");
        assert!(out.contains("soldiers"), "{out}");
    }
}
