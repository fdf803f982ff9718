//! Reconciliation: claims grouped by event, camp and kind, with a status per row, and blame.
//!
//! A figure is an interval (an "at least 2" is [2, inf)); sources agree when their intervals
//! overlap and conflict when two of them cannot both be true.

use crate::model::{Bound, Claim, Kind, SideId, SourceId};
use crate::rules::RulePack;
use serde::Serialize;
use std::collections::BTreeMap;

/// The event id used for claims that no date or anchor places.
pub const UNASSIGNED: &str = "unassigned";

/// How the sources of a row relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Agree,
    Conflict,
    SingleSource,
    SingleCamp,
}

impl Status {
    /// The name shown in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Agree => "agree",
            Status::Conflict => "conflict",
            Status::SingleSource => "single-source",
            Status::SingleCamp => "single-camp",
        }
    }
}

/// The whole reconciliation, one entry per event, sorted by event id.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub events: Vec<EventReport>,
}

/// Casualty rows and blame of one event.
#[derive(Debug, Clone, Serialize)]
pub struct EventReport {
    pub event: String,
    pub name: Option<String>,
    pub rows: Vec<Row>,
    pub blame: Vec<BlameRow>,
    /// Sources of different camps blame different parties.
    pub blame_conflict: bool,
}

/// One camp and kind in an event: each source's figure and the status.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The camp whose people are counted; null when no claim names one.
    pub side: Option<SideId>,
    pub kind: Kind,
    pub status: Status,
    pub cells: Vec<Cell>,
}

/// What one source said for a row, with the claims behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub source: SourceId,
    pub camp: Option<SideId>,
    pub figure: String,
    pub claims: Vec<Claim>,
}

/// Who blames whom in an event, at camp level, with the sources and claims behind it.
#[derive(Debug, Clone, Serialize)]
pub struct BlameRow {
    pub accuser: Option<SideId>,
    pub accused: SideId,
    /// The accused sides as the claims name them (e.g. a part of the accused camp).
    pub named: Vec<SideId>,
    pub sources: Vec<SourceId>,
    pub claims: Vec<Claim>,
}

/// Groups and compares the claims.
pub fn reconcile(pack: &RulePack, claims: &[Claim]) -> Report {
    let camp_of_side = |s: &SideId| -> SideId {
        pack.side_index(&s.0)
            .map_or_else(|| s.clone(), |i| pack.sides[pack.camp(i)].id.clone())
    };
    let mut by_event: BTreeMap<String, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_event
            .entry(c.event.clone().unwrap_or_else(|| UNASSIGNED.into()))
            .or_default()
            .push(c);
    }
    let events = by_event
        .into_iter()
        .map(|(event, claims)| {
            let mut rows: BTreeMap<(Option<SideId>, Kind), BTreeMap<SourceId, Vec<Claim>>> =
                BTreeMap::new();
            let mut blame: BTreeMap<(Option<SideId>, SideId), Vec<Claim>> = BTreeMap::new();
            for c in claims {
                if c.kind == Kind::Blame {
                    if let Some(acc) = &c.accused {
                        let key = (c.accuser.as_ref().map(camp_of_side), camp_of_side(acc));
                        blame.entry(key).or_default().push(c.clone());
                    }
                } else {
                    let key = (c.side.as_ref().map(camp_of_side), c.kind);
                    rows.entry(key)
                        .or_default()
                        .entry(c.source.clone())
                        .or_default()
                        .push(c.clone());
                }
            }
            let rows = rows
                .into_iter()
                .map(|((side, kind), cells)| {
                    let cells: Vec<Cell> = cells
                        .into_iter()
                        .map(|(source, claims)| {
                            let mut figures: Vec<String> =
                                claims.iter().map(Claim::figure).collect();
                            figures.dedup();
                            Cell {
                                camp: pack.source_camp(&source).cloned(),
                                source,
                                figure: figures.join(" / "),
                                claims,
                            }
                        })
                        .collect();
                    Row {
                        status: status(pack, &cells),
                        side,
                        kind,
                        cells,
                    }
                })
                .collect();
            let blame: Vec<BlameRow> = blame
                .into_iter()
                .map(|((accuser, accused), claims)| {
                    let mut sources: Vec<SourceId> =
                        claims.iter().map(|c| c.source.clone()).collect();
                    sources.sort();
                    sources.dedup();
                    let mut named: Vec<SideId> =
                        claims.iter().filter_map(|c| c.accused.clone()).collect();
                    named.sort();
                    named.dedup();
                    BlameRow {
                        accuser,
                        accused,
                        named,
                        sources,
                        claims,
                    }
                })
                .collect();
            let blame_conflict = blame.iter().any(|a| {
                blame.iter().any(|b| {
                    a.accuser.is_some()
                        && b.accuser.is_some()
                        && a.accuser != b.accuser
                        && a.accused != b.accused
                })
            });
            let name = pack
                .events
                .iter()
                .find(|e| e.id == event)
                .map(|e| e.name.clone());
            EventReport {
                event,
                name,
                rows,
                blame,
                blame_conflict,
            }
        })
        .collect();
    Report { events }
}

/// A figure as an interval of possible true values.
pub fn interval(c: &Claim, about_tolerance: f64) -> (f64, f64) {
    let v = c.value.unwrap_or(0) as f64;
    match c.bound.unwrap_or(Bound::Exact) {
        Bound::Exact => (v, v),
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::MoreThan => (v + 1.0, f64::INFINITY),
        Bound::About => (v * (1.0 - about_tolerance), v * (1.0 + about_tolerance)),
        Bound::AtMost | Bound::UpTo => (0.0, v),
        Bound::Range => (v, c.upper.map_or(v, |u| u as f64)),
    }
}

fn status(pack: &RulePack, cells: &[Cell]) -> Status {
    let tol = pack.settings.about_tolerance;
    let claims: Vec<(&SourceId, (f64, f64))> = cells
        .iter()
        .flat_map(|cell| {
            cell.claims
                .iter()
                .map(move |c| (&cell.source, interval(c, tol)))
        })
        .collect();
    let disjoint = claims.iter().enumerate().any(|(i, (sa, a))| {
        claims[i + 1..]
            .iter()
            .any(|(sb, b)| sa != sb && (a.1 < b.0 || b.1 < a.0))
    });
    if disjoint {
        return Status::Conflict;
    }
    if cells.len() == 1 {
        return Status::SingleSource;
    }
    let first = &cells[0].camp;
    if first.is_some() && cells.iter().all(|c| &c.camp == first) {
        Status::SingleCamp
    } else {
        Status::Agree
    }
}
