//! Matching: runs a language's compiled patterns over one sentence and reads their slots.
//!
//! The output is a list of candidates in sentence order, with counts and sides read but no
//! speaker yet; attribution decides who said each one.

use crate::model::{Bound, Group, Kind};
use crate::rules::{Language, Rule, SideRole, Slot};
use crate::segment::Sentence;
use regex::Captures;

/// A figure read from a count slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub value: u64,
    pub upper: Option<u64>,
    pub bound: Bound,
}

/// Who a blame pattern points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accused {
    /// That side is blamed.
    Side(usize),
    /// That side was attacked: its opponents are blamed.
    OpponentOf(usize),
}

/// One pattern match in a sentence, before attribution.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the rule in its language.
    pub rule: usize,
    pub kind: Kind,
    /// Normalised byte range of the whole match.
    pub start: usize,
    pub end: usize,
    pub count: Option<Count>,
    /// The side named for the counted people.
    pub side: Option<usize>,
    /// The count says "its own" (possessive), to be resolved to the speaker's side.
    pub own: bool,
    pub accused: Option<Accused>,
    pub group: Group,
}

/// Every candidate in `s` (a sentence of normalised `text`), in order, overlaps removed.
pub fn match_sentence(
    lang: &Language,
    years: (u32, u32),
    text: &str,
    s: Sentence,
) -> Vec<Candidate> {
    let sent = &text[s.start..s.end];
    let mut out = Vec::new();
    for (ri, rule) in lang.rules.iter().enumerate() {
        for caps in rule.regex.captures_iter(sent) {
            if let Some(c) = read(lang, years, ri, rule, &caps, sent, s.start) {
                out.push(c);
            }
        }
    }
    // Two rules may read the same figure ("killed 7 soldiers" and "killed 7"): keep the longer.
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in out {
        let dup = kept.iter().any(|k| k.kind == c.kind && overlaps(k, &c));
        if !dup {
            kept.push(c);
        }
    }
    kept
}

fn overlaps(a: &Candidate, b: &Candidate) -> bool {
    a.start < b.end && b.start < a.end
}

fn read(
    lang: &Language,
    years: (u32, u32),
    ri: usize,
    rule: &Rule,
    caps: &Captures,
    sent: &str,
    base: usize,
) -> Option<Candidate> {
    let m = caps.get(0)?;
    let mut c = Candidate {
        rule: ri,
        kind: rule.kind,
        start: base + m.start(),
        end: base + m.end(),
        count: None,
        side: None,
        own: false,
        accused: None,
        group: rule.group.unwrap_or(Group::Unspecified),
    };
    for slot in &rule.slots {
        match slot {
            Slot::Count {
                bounds,
                number,
                one,
                two,
                own,
                possessive,
                group,
            } => {
                let bound = bounds
                    .iter()
                    .find(|(_, g)| caps.name(g).is_some())
                    .map_or(Bound::Exact, |(b, _)| *b);
                let value = if let Some(n) = caps.name(number) {
                    if is_year(n.as_str(), years) {
                        return None;
                    }
                    parse_number(lang, n.as_str())?
                } else if two.as_ref().is_some_and(|g| caps.name(g).is_some()) {
                    2
                } else if one.as_ref().is_some_and(|g| caps.name(g).is_some()) {
                    1
                } else {
                    return None;
                };
                c.own = [own, possessive]
                    .iter()
                    .any(|g| g.as_ref().is_some_and(|g| caps.name(g).is_some()));
                c.count = Some(Count {
                    value,
                    upper: None,
                    bound,
                });
                if rule.group.is_none() {
                    c.group = group.unwrap_or(Group::Unspecified);
                }
            }
            Slot::Side { role, alts } => {
                let Some(side) = alts
                    .iter()
                    .find(|(g, _)| caps.name(g).is_some())
                    .map(|a| a.1)
                else {
                    continue;
                };
                match role {
                    SideRole::Counted => c.side = Some(side),
                    SideRole::Accused => c.accused = Some(Accused::Side(side)),
                    SideRole::Victim => c.accused = Some(Accused::OpponentOf(side)),
                }
            }
        }
    }
    // A bound phrase may follow the figure ("two soldiers at least").
    if let Some(count) = c.count.as_mut() {
        if count.bound == Bound::Exact {
            let rest = &sent[m.end()..];
            if let Some((b, hit)) = lang
                .after_bounds
                .iter()
                .find_map(|(b, re)| re.find(rest).map(|h| (*b, h)))
            {
                count.bound = b;
                c.end += hit.end();
            }
        }
    }
    Some(c)
}

/// Four bare digits in the years range are a year, never a count ("2,000" with a separator is).
fn is_year(s: &str, (lo, hi): (u32, u32)) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (lo..=hi).contains(&y))
}

/// Reads digits (any thousands separator) or a number word of the language.
fn parse_number(lang: &Language, s: &str) -> Option<u64> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    let key = s.split_whitespace().collect::<Vec<_>>().join(" ");
    lang.numbers.get(&key).copied()
}
