//! The CI gate: each article's claims and reconciliation compared with a reviewed expectation
//! file beside it (`NAME.expect.yaml`), with a readable diff; `--bless` rewrites the files.

use crate::compare::reconcile::{Report, Status};
use crate::error::Error;
use crate::model::{Article, Bound, Claim, Group, Kind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What an article is expected to yield.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// A reviewer's note, kept when blessing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub claims: Vec<ExpectedClaim>,
    #[serde(default)]
    pub report: Vec<ExpectedEvent>,
}

/// One expected claim; absent optional fields mean "none".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedClaim {
    pub line: usize,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuser: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accused: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub rule: String,
    pub quote: String,
    /// The parts of a compound count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u64>,
}

/// The expected reconciliation of one event of the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedEvent {
    pub event: String,
    #[serde(default)]
    pub rows: Vec<ExpectedRow>,
    /// Blame at camp level, as `accuser -> accused` (third parties by source).
    #[serde(default)]
    pub blame: Vec<String>,
    #[serde(default)]
    pub blame_conflict: bool,
}

/// One expected row: the status and each source's figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRow {
    pub side: Option<String>,
    pub kind: Kind,
    pub group: Group,
    pub status: Status,
    /// Each source's latest figure, with earlier ones as `(was ...)`.
    pub figures: BTreeMap<String, String>,
    /// `low/best/high`.
    pub estimate: String,
}

/// The expectation file of an article: `NAME.expect.yaml` beside it.
pub fn expectation_path(article: &Article) -> PathBuf {
    let p = PathBuf::from(&article.path);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    p.with_file_name(format!("{stem}.expect.yaml"))
}

/// What a run actually produced for an article, in expectation form.
pub fn actual(claims: &[Claim], report: &Report) -> Expectation {
    let opt = |s: &Option<crate::model::SideId>| s.as_ref().map(|x| x.0.clone());
    Expectation {
        note: None,
        claims: claims
            .iter()
            .map(|c| ExpectedClaim {
                line: c.line,
                source: c.source.0.clone(),
                via: c.via.iter().map(|v| v.0.clone()).collect(),
                kind: c.kind,
                side: opt(&c.side),
                group: c.group,
                value: c.value,
                upper: c.upper,
                bound: c.bound,
                accuser: opt(&c.accuser),
                accused: opt(&c.accused),
                event: c.event.as_ref().map(ToString::to_string),
                rule: c.rule.clone(),
                quote: c.quote.clone(),
                parts: c.parts.clone(),
            })
            .collect(),
        report: report
            .events
            .iter()
            .map(|e| ExpectedEvent {
                event: e.id(),
                rows: e
                    .rows
                    .iter()
                    .map(|r| ExpectedRow {
                        side: opt(&r.side),
                        kind: r.kind,
                        group: r.group,
                        status: r.status,
                        figures: r
                            .cells
                            .iter()
                            .map(|c| {
                                let fig = match c.earlier.is_empty() {
                                    true => c.figure.clone(),
                                    false => format!("{} (was {})", c.figure, c.earlier.join(", ")),
                                };
                                (c.label(), fig)
                            })
                            .collect(),
                        estimate: format!(
                            "{}/{}/{}",
                            r.estimate.low, r.estimate.best, r.estimate.high
                        ),
                    })
                    .collect(),
                blame: e
                    .blame
                    .iter()
                    .map(|b| format!("{} -> {}", b.accuser, b.accused))
                    .chain(
                        e.third_party_blame
                            .iter()
                            .map(|t| format!("{} (third party) -> {}", t.source, t.accused)),
                    )
                    .collect(),
                blame_conflict: e.blame_conflict,
            })
            .collect(),
    }
}

/// Reads an expectation file; `None` when there is none yet.
pub fn read(path: &PathBuf) -> Result<Option<Expectation>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => crate::rules::yaml::parse(&path.display().to_string(), &text, 0).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
    }
}

/// The reviewer's note of an expectation file, even one that no longer matches the format.
pub fn read_note(path: &PathBuf) -> Option<String> {
    #[derive(Deserialize)]
    struct NoteOnly {
        note: Option<String>,
    }
    let text = std::fs::read_to_string(path).ok()?;
    crate::rules::yaml::parse::<NoteOnly>("", &text, 0)
        .ok()?
        .note
}

/// Writes an expectation file, keeping the reviewer's note of the old one.
pub fn bless(
    path: &std::path::Path,
    mut new: Expectation,
    old: Option<&Expectation>,
) -> Result<(), Error> {
    new.note = old.and_then(|o| o.note.clone());
    let header = "# crosscheck expectations: what this article must yield. Review changes by hand;\n\
                  # `crosscheck check --bless` rewrites this file from the current rules (keeping `note`).\n";
    crate::files::write_atomic(
        path,
        &format!("{header}{}", crate::rules::yaml::to_string(&new)),
    )
}

fn claim_label(c: &ExpectedClaim) -> String {
    let who = match (&c.side, &c.accused) {
        (_, Some(acc)) => format!("{} -> {acc}", c.accuser.as_deref().unwrap_or("?")),
        (Some(s), None) => s.clone(),
        (None, None) => "?".into(),
    };
    format!("line {} {} {who} by {}", c.line, c.kind.as_str(), c.source)
}

fn show<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v).expect("fields serialise") {
        serde_json::Value::Null => "none".into(),
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Rewrites `path` with `actual` when it says something else (or cannot be read any more: an older
/// format is repaired); the file's note is kept. True when it was rewritten.
pub fn bless_changed(path: &PathBuf, actual: Expectation) -> Result<bool, Error> {
    let old = read(path).ok().flatten();
    let changed = old.as_ref().is_none_or(|o| !diff(o, &actual).is_empty());
    if changed {
        let note = old.map(|o| o.note).unwrap_or_else(|| read_note(path));
        let keep = Expectation {
            note,
            ..Default::default()
        };
        bless(path, actual, Some(&keep))?;
    }
    Ok(changed)
}

/// The differences between the expectation file at `path` and `actual`, one line each (a
/// missing file is one difference).
pub fn drift(path: &PathBuf, actual: &Expectation) -> Result<Vec<String>, Error> {
    Ok(match read(path)? {
        Some(e) => diff(&e, actual),
        None => vec![format!(
            "no expectation file {} (run `crosscheck check --bless` and review it)",
            path.display()
        )],
    })
}

/// Differences between expected and actual, one readable line each; empty when they agree.
pub fn diff(expected: &Expectation, actual: &Expectation) -> Vec<String> {
    let mut out = Vec::new();
    let key = |c: &ExpectedClaim| (c.line, c.kind, c.source.clone());
    let mut unmatched: Vec<&ExpectedClaim> = actual.claims.iter().collect();
    for e in &expected.claims {
        let Some(i) = unmatched.iter().position(|a| key(a) == key(e)) else {
            out.push(format!(
                "missing claim: {} (value {}, quote \"{}\")",
                claim_label(e),
                show(&e.value),
                e.quote
            ));
            continue;
        };
        let a = unmatched.remove(i);
        let fields: [(&str, String, String); 12] = [
            ("via", show(&e.via), show(&a.via)),
            ("side", show(&e.side), show(&a.side)),
            ("group", show(&e.group), show(&a.group)),
            ("value", show(&e.value), show(&a.value)),
            ("upper", show(&e.upper), show(&a.upper)),
            ("bound", show(&e.bound), show(&a.bound)),
            ("accuser", show(&e.accuser), show(&a.accuser)),
            ("accused", show(&e.accused), show(&a.accused)),
            ("event", show(&e.event), show(&a.event)),
            ("rule", e.rule.clone(), a.rule.clone()),
            ("quote", e.quote.clone(), a.quote.clone()),
            ("parts", show(&e.parts), show(&a.parts)),
        ];
        for (name, want, got) in fields {
            if want != got {
                out.push(format!(
                    "changed claim: {}: {name} expected {want}, got {got}",
                    claim_label(e)
                ));
            }
        }
    }
    for a in unmatched {
        out.push(format!(
            "unexpected claim: {} (value {}, quote \"{}\")",
            claim_label(a),
            show(&a.value),
            a.quote
        ));
    }
    let events = |x: &Expectation| -> BTreeMap<String, ExpectedEvent> {
        x.report
            .iter()
            .map(|e| (e.event.clone(), e.clone()))
            .collect()
    };
    let (want, got) = (events(expected), events(actual));
    for (id, w) in &want {
        let Some(g) = got.get(id) else {
            out.push(format!("missing event in report: {id}"));
            continue;
        };
        let row_key = |r: &ExpectedRow| {
            let group = show(&r.group);
            format!(
                "{} {} ({group})",
                r.side.as_deref().unwrap_or("-"),
                r.kind.as_str()
            )
        };
        for wr in &w.rows {
            let Some(gr) = g.rows.iter().find(|gr| row_key(gr) == row_key(wr)) else {
                out.push(format!("missing report row: event {id}, {}", row_key(wr)));
                continue;
            };
            let fields = [
                (
                    "status",
                    wr.status.as_str().to_string(),
                    gr.status.as_str().to_string(),
                ),
                ("figures", show(&wr.figures), show(&gr.figures)),
                ("estimate", wr.estimate.clone(), gr.estimate.clone()),
            ];
            for (name, want, got) in fields {
                if want != got {
                    out.push(format!(
                        "changed report row: event {id}, {}: {name} expected {want}, got {got}",
                        row_key(wr)
                    ));
                }
            }
        }
        for gr in g
            .rows
            .iter()
            .filter(|gr| !w.rows.iter().any(|wr| row_key(wr) == row_key(gr)))
        {
            out.push(format!(
                "unexpected report row: event {id}, {}",
                row_key(gr)
            ));
        }
        if w.blame != g.blame {
            out.push(format!(
                "changed blame: event {id}: expected {}, got {}",
                show(&w.blame),
                show(&g.blame)
            ));
        }
        if w.blame_conflict != g.blame_conflict {
            out.push(format!(
                "changed blame conflict: event {id}: expected {}, got {}",
                w.blame_conflict, g.blame_conflict
            ));
        }
    }
    for id in got.keys().filter(|k| !want.contains_key(*k)) {
        out.push(format!("unexpected event in report: {id}"));
    }
    out
}
