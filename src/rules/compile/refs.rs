//! Sides, sources and events, and the references between them: ids unique, `part_of`,
//! `opponents` and a source's `side` naming known sides, `part_of` without cycles, dates.

use super::Parsed;
use super::locate::Problems;
use crate::model::{SideId, SourceId, SourceKind};
use crate::rules::raw::RawSide;
use crate::rules::{EventDef, RuleError, Side, SideIx, Source};
use std::collections::{HashMap, HashSet};

/// The sides of the pack, in file order, with their `part_of`, opponents and camps.
pub(super) fn sides(p: &mut Problems, parsed: &Parsed) -> Vec<Side> {
    let (mut sides, raw_of) = declare_sides(p, parsed);
    link_sides(p, &mut sides, &raw_of);
    find_camps(p, &mut sides, &raw_of);
    sides
}

/// Each side once (a repeated id is reported and dropped), with the raw side it comes from.
fn declare_sides<'a>(
    p: &mut Problems,
    parsed: &'a Parsed,
) -> (Vec<Side>, Vec<(usize, &'a RawSide)>) {
    let mut sides: Vec<Side> = Vec::new();
    let mut raw_of = Vec::new();
    for (f, file) in parsed {
        for s in &file.sides {
            if let Some(k) = sides.iter().position(|x| x.id.0 == s.id) {
                let (first, _) = raw_of[k];
                let error = if first == *f {
                    RuleError::DuplicateSide { id: s.id.clone() }
                } else {
                    let first_at = p.place(first, p.offset_of_id(first, &s.id));
                    RuleError::DefinedTwice {
                        what: "side".into(),
                        id: s.id.clone(),
                        first_at,
                    }
                };
                // The same file: the first (as always); another file: this one.
                let at = p.offset_of_id(*f, &s.id);
                p.report(*f, at, None, error);
                continue;
            }
            sides.push(Side {
                id: SideId(s.id.clone()),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                part_of: None,
                camp: SideIx(sides.len()),
                opponents: vec![],
            });
            raw_of.push((*f, s));
        }
    }
    (sides, raw_of)
}

/// Resolves `part_of` and `opponents` to side indices.
fn link_sides(p: &mut Problems, sides: &mut [Side], raw_of: &[(usize, &RawSide)]) {
    let index: HashMap<String, SideIx> = sides
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0.clone(), SideIx(i)))
        .collect();
    for (i, (f, s)) in raw_of.iter().enumerate() {
        let at = p.offset_of_id(*f, &s.id);
        if let Some(part_of) = &s.part_of {
            match index.get(part_of) {
                Some(&j) => sides[i].part_of = Some(j),
                None => p.report(
                    *f,
                    at,
                    None,
                    RuleError::UnknownPartOf {
                        side: s.id.clone(),
                        part_of: part_of.clone(),
                    },
                ),
            }
        }
        for o in &s.opponents {
            match index.get(o) {
                Some(&j) => sides[i].opponents.push(j),
                None => p.report(
                    *f,
                    at,
                    None,
                    RuleError::UnknownOpponent {
                        side: s.id.clone(),
                        opponent: o.clone(),
                    },
                ),
            }
        }
    }
}

/// Follows each side's `part_of` chain to its camp; a chain that loops is reported once per
/// cycle, at its first member met, and its sides stay their own camps.
fn find_camps(p: &mut Problems, sides: &mut [Side], raw_of: &[(usize, &RawSide)]) {
    let mut in_reported_cycle = HashSet::new();
    for i in (0..sides.len()).map(SideIx) {
        let mut cur = i;
        let mut path = vec![i];
        while let Some(up) = sides[cur.0].part_of {
            cur = up;
            if let Some(start) = path.iter().position(|&x| x == up) {
                let cycle = &path[start..];
                if cycle.iter().all(|c| in_reported_cycle.insert(*c)) {
                    let (f, s) = raw_of[cycle[0].0];
                    let at = p.offset_of_id(f, &s.id);
                    let cycle = cycle.iter().map(|&c| sides[c.0].id.0.clone()).collect();
                    p.report(
                        f,
                        at,
                        None,
                        RuleError::PartOfCycle {
                            side: s.id.clone(),
                            cycle,
                        },
                    );
                }
                cur = i;
                break;
            }
            path.push(up);
        }
        sides[i.0].camp = cur;
    }
}

/// The sources of the pack, in file order, with the outlet (the article's own voice) added
/// when no file defines it.
pub(super) fn sources(p: &mut Problems, parsed: &Parsed, sides: &[Side]) -> Vec<Source> {
    let mut sources = Vec::new();
    let mut file_of = Vec::new();
    for (f, file) in parsed {
        for s in &file.sources {
            let at = p.offset_of_id(*f, &s.id);
            if let Some(k) = sources.iter().position(|x: &Source| x.id.0 == s.id) {
                let first: usize = file_of[k];
                let error = if first == *f {
                    RuleError::DuplicateSource { id: s.id.clone() }
                } else {
                    let first_at = p.place(first, p.offset_of_id(first, &s.id));
                    RuleError::DefinedTwice {
                        what: "source".into(),
                        id: s.id.clone(),
                        first_at,
                    }
                };
                p.report(*f, at, None, error);
                continue;
            }
            file_of.push(*f);
            let side = s.side.as_ref().and_then(|id| {
                let found = sides.iter().position(|x| &x.id.0 == id).map(SideIx);
                if found.is_none() {
                    let error = RuleError::UnknownSide {
                        source_id: s.id.clone(),
                        side: id.clone(),
                    };
                    p.report(*f, at, None, error);
                }
                found
            });
            sources.push(Source {
                id: SourceId(s.id.clone()),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                side,
                kind: s.kind,
                institution: s.institution.clone(),
            });
            let known = |name: &str| {
                (parsed.iter())
                    .filter_map(|(_, file)| file.language.as_ref())
                    .any(|l| l.attribution.institutions.iter().any(|i| i.name == name))
            };
            if let Some(name) = s.institution.as_ref().filter(|n| !known(n)) {
                let error = RuleError::UnknownInstitution {
                    source_id: s.id.clone(),
                    name: name.clone(),
                };
                p.report(*f, at, None, error);
            }
        }
    }
    if !sources.iter().any(|s| s.id.0 == SourceId::OUTLET) {
        sources.push(Source {
            id: SourceId::outlet(),
            name: "the article's own voice".into(),
            side: None,
            kind: SourceKind::Outlet,
            institution: None,
        });
    }
    sources
}

/// The events of the pack with their date windows; an event with a bad date is reported
/// and left out.
/// The side of each place (`places`, by id) that a file gives one; a side no rule defines,
/// or two files giving one place different sides, is an error.
pub(super) fn place_sides(
    p: &mut Problems,
    parsed: &Parsed,
    sides: &[Side],
    places: &[String],
) -> Vec<Option<SideIx>> {
    let mut out: Vec<Option<(SideIx, usize)>> = vec![None; places.len()];
    for (f, file) in parsed {
        for place in &file.places {
            let Some(id) = &place.side else { continue };
            let at = p.offset_of_id(*f, &place.id);
            let Some(side) = sides.iter().position(|x| &x.id.0 == id).map(SideIx) else {
                let why = format!("unknown side `{id}`");
                let error = RuleError::PlaceSide {
                    place: place.id.clone(),
                    why,
                };
                p.report(*f, at, None, error);
                continue;
            };
            let Some(i) = places.iter().position(|x| x == &place.id) else {
                continue;
            };
            match out[i] {
                Some((other, first)) if other != side => {
                    let why = format!(
                        "side `{id}` here, `{}` at {}",
                        sides[other].id.0,
                        p.place(first, p.offset_of_id(first, &place.id))
                    );
                    let error = RuleError::PlaceSide {
                        place: place.id.clone(),
                        why,
                    };
                    p.report(*f, at, None, error);
                }
                Some(_) => {}
                None => out[i] = Some((side, *f)),
            }
        }
    }
    out.into_iter().map(|x| x.map(|(s, _)| s)).collect()
}

pub(super) fn events(p: &mut Problems, parsed: &Parsed, sides: &[Side]) -> Vec<EventDef> {
    let mut events = Vec::new();
    let mut first_of: Vec<(String, usize)> = Vec::new();
    for (f, file) in parsed {
        for e in &file.events {
            let at = p.offset_of_id(*f, &e.id);
            if let Some(&(_, first)) = first_of.iter().find(|(id, _)| *id == e.id) {
                let first_at = p.place(first, p.offset_of_id(first, &e.id));
                let what = "event".into();
                let error = RuleError::DefinedTwice {
                    what,
                    id: e.id.clone(),
                    first_at,
                };
                let at = if first == *f {
                    p.offset_of_nth_id(*f, &e.id, 1)
                } else {
                    at
                };
                p.report(*f, at, None, error);
                continue;
            }
            first_of.push((e.id.clone(), *f));
            let mut date = |field: &str, v: &str| match v.parse::<jiff::civil::Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    let error = RuleError::BadDate {
                        event: e.id.clone(),
                        field: field.to_string(),
                        value: v.to_string(),
                    };
                    p.report(*f, at, None, error);
                    None
                }
            };
            let (start, end) = (date("start", &e.start), date("end", &e.end));
            let mut camps = Vec::new();
            for id in &e.sides {
                match sides.iter().position(|x| &x.id.0 == id) {
                    Some(i) => camps.push(sides[i].camp),
                    None => {
                        let error = RuleError::EventUnknownSide {
                            event: e.id.clone(),
                            side: id.clone(),
                        };
                        p.report(*f, at, None, error);
                    }
                }
            }
            if let (Some(start), Some(end)) = (start, end) {
                events.push(EventDef {
                    id: e.id.clone(),
                    name: e.name.clone().unwrap_or_else(|| e.id.clone()),
                    start,
                    end,
                    camps,
                });
            }
        }
    }
    events
}
