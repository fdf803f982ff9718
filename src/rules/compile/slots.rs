//! Slots and figures: `{side}`, `{accused}`, `{victim}`, `{count}`, `{count:NOUN}` and
//! `{lexicon-name}` as regex pieces, each capture in a group named after its slot (`c0n`,
//! `s1a4`; [`super::rule`] turns the names into indices once the regex compiles), and the
//! figures counts are made of (digits, number words, ranges, bound phrases).

use super::pieces::{Builder, SEP, entry_words};
use super::{LangParts, Lexicon};
use crate::model::{Bound, Group};
use crate::rules::raw::{RawLexEntry, RawNoun};
use crate::rules::{NumberWord, RuleError, SideRole, Slot};
use std::collections::HashMap;

/// Digits as written after folding, with thousands separators.
const DIGITS: &str = r"[0-9]{1,3}(?:[,.' \x{202F}\x{A0}][0-9]{3})+|[0-9]+";

/// Compiles `{name}`, the `idx`th capturing slot of its pattern: its regex piece and, for
/// count and side slots, what it captures.
pub(super) fn slot(
    idx: usize,
    name: &str,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Result<(String, Option<Slot<String>>), RuleError> {
    let (base, arg) = match name.split_once(':') {
        Some((x, y)) => (x, Some(y)),
        None => (name, None),
    };
    let role = match base {
        "side" => Some(SideRole::Counted),
        "accused" => Some(SideRole::Accused),
        "victim" => Some(SideRole::Victim),
        _ => None,
    };
    if let Some(role) = role {
        return side_slot(idx, name, role, lp).map(|(p, s)| (p, Some(s)));
    }
    if base == "count" {
        return count_slot(idx, arg, lp, lexicon).map(|(p, s)| (p, Some(s)));
    }
    if arg.is_some() {
        return Err(RuleError::SlotArgument {
            slot: name.to_string(),
        });
    }
    let Some(entry) = lexicon.get(base) else {
        return Err(RuleError::UnknownSlot {
            slot: name.to_string(),
            known: lexicon.keys().map(|k| k.to_string()).collect(),
        });
    };
    lp.b.alt(&entry_words(entry))
        .map(|a| (a, None))
        .ok_or_else(|| RuleError::EmptyEntry {
            entry: base.to_string(),
        })
}

/// A side slot: one group per side alias of the language, longest alias first.
fn side_slot(
    idx: usize,
    name: &str,
    role: SideRole,
    lp: &LangParts,
) -> Result<(String, Slot<String>), RuleError> {
    if lp.side_alts.is_empty() {
        return Err(RuleError::NoSideAliases {
            slot: name.to_string(),
        });
    }
    let mut alts = Vec::new();
    let mut parts = Vec::new();
    // "The enemy" first: "the enemy's X forces" are the enemy's.
    let enemy = match role {
        SideRole::Accused => lp.b.alt(lp.enemy).map(|a| {
            let g = format!("s{idx}e");
            parts.push(format!("(?P<{g}>{a})"));
            g
        }),
        _ => None,
    };
    for (j, (alias, side)) in lp.side_alts.iter().enumerate() {
        let g = format!("s{idx}a{j}");
        parts.push(format!("(?P<{g}>{})", lp.b.word(alias)));
        alts.push((g, *side));
    }
    Ok((
        format!("(?:{})", parts.join("|")),
        Slot::Side { role, alts, enemy },
    ))
}

/// A count slot: an optional bound phrase, then a figure alone (`{count}`) or a figure and a
/// form of the noun, or the noun alone where a form of it means one or two (`{count:NOUN}`).
fn count_slot(
    idx: usize,
    noun: Option<&str>,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Result<(String, Slot<String>), RuleError> {
    let (prefix, bounds) = bound_prefix(idx, lp);
    let (number, numbers, uppers) = figure_regex(idx, lp);
    let slot = |forms: NounForms| Slot::Count {
        bounds,
        numbers,
        uppers,
        one: forms.one,
        two: forms.two,
        own: forms.own,
        possessive: forms.possessive,
        group: forms.group,
    };
    let Some(noun_name) = noun else {
        return Ok((format!("{prefix}{number}"), slot(NounForms::default())));
    };
    let noun = match lexicon.get(noun_name) {
        Some(RawLexEntry::Noun(x)) => x,
        Some(RawLexEntry::Words(_)) => {
            return Err(RuleError::CountOfWordList {
                noun: noun_name.to_string(),
            });
        }
        None => {
            return Err(RuleError::UnknownNoun {
                noun: noun_name.to_string(),
            });
        }
    };
    let (branches, forms) = noun_branches(idx, noun_name, noun, &number, lp)?;
    Ok((format!("{prefix}(?:{branches})"), slot(forms)))
}

/// The groups of a count slot that tell how the noun was written, and whom it counts.
#[derive(Default)]
struct NounForms {
    one: Option<String>,
    two: Option<String>,
    own: Option<String>,
    possessive: Option<String>,
    group: Option<Group>,
}

/// The optional bound phrase before a figure ("at least"), one group per bound.
fn bound_prefix(idx: usize, lp: &LangParts) -> (String, Vec<(Bound, String)>) {
    let mut bounds = Vec::new();
    let mut prefix = Vec::new();
    for (k, (bound, phrases)) in lp.bounds.iter().enumerate() {
        if let Some(a) = lp.b.alt(&phrases.before) {
            let g = format!("c{idx}b{k}");
            prefix.push(format!("(?P<{g}>{a}){SEP}"));
            bounds.push((*bound, g));
        }
    }
    if prefix.is_empty() {
        (String::new(), bounds)
    } else {
        (format!("(?:{})?", prefix.join("|")), bounds)
    }
}

/// The ways a count of `noun` is written: the figure and a form of the noun ("7 of its
/// soldiers"), a dual alone (two), a singular alone (one); and the groups telling them apart.
fn noun_branches(
    idx: usize,
    noun_name: &str,
    noun: &RawNoun,
    number: &str,
    lp: &LangParts,
) -> Result<(String, NounForms), RuleError> {
    let b = lp.b;
    let all: Vec<String> = noun
        .singular
        .iter()
        .chain(&noun.dual)
        .chain(&noun.plural)
        .cloned()
        .collect();
    let Some(all_alt) = b.alt(&all) else {
        return Err(RuleError::NounWithoutForms {
            noun: noun_name.to_string(),
        });
    };
    let mut forms = NounForms {
        group: noun.group,
        ..NounForms::default()
    };
    let mut after_number = String::new();
    if let Some(p) = b.alt(&lp.counting.partitive) {
        after_number.push_str(&format!("(?:{SEP}{p})?"));
    }
    forms.own = b.alt(&lp.counting.own).map(|o| {
        let g = format!("c{idx}own");
        after_number.push_str(&format!("(?:{SEP}(?P<{g}>{o}))?"));
        g
    });
    let pos = b.alt(&noun.possessive).map(|p| (format!("c{idx}pos"), p));
    let noun_re = match &pos {
        Some((g, p)) => format!("(?:(?P<{g}>{p})|{all_alt})"),
        None => all_alt,
    };
    forms.possessive = pos.map(|p| p.0);
    let mut branches = vec![format!("{number}{after_number}{SEP}{noun_re}")];
    forms.two = b.alt(&noun.dual).map(|d| {
        let g = format!("c{idx}two");
        branches.push(format!("(?P<{g}>{d})"));
        g
    });
    forms.one = b.alt(&noun.singular).map(|s| {
        let g = format!("c{idx}one");
        let art = b
            .alt(&lp.counting.articles)
            .map(|a| format!("(?:{a}{SEP})?"))
            .unwrap_or_default();
        branches.push(format!("{art}(?P<{g}>{s})"));
        g
    });
    Ok((branches.join("|"), forms))
}

/// A figure behind an optional proclitic; the figure itself in group `group` when given.
pub(super) fn number_regex(b: &Builder, figure: &str, group: Option<&str>) -> String {
    let name = group.map_or(String::new(), |g| format!("?P<{g}>"));
    format!(r"{}({name}{figure})", b.proc)
}

/// A figure as written: digits (with thousands separators) and an optional multiplier word
/// ("3 thousand"), or number words joined into a compound ("one hundred and fifty").
pub(super) fn figure_alts(numbers: &HashMap<String, NumberWord>, joiners: &[String]) -> String {
    let alt = |mut words: Vec<&String>| {
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let escaped: Vec<String> = words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        escaped.join("|")
    };
    let multipliers: Vec<&String> = numbers
        .iter()
        .filter(|(_, n)| n.value >= 100)
        .map(|(k, _)| k)
        .collect();
    let digits = if multipliers.is_empty() {
        DIGITS.to_string()
    } else {
        // "3 thousand", and "2 thousand 908" (some languages write thousands as a word between
        // digits): digits, a multiplier word, up to three more digits.
        format!(
            r"(?:{DIGITS})(?:\s+(?:{})(?:\s+[0-9]{{1,3}})?)?",
            alt(multipliers)
        )
    };
    if numbers.is_empty() {
        return digits;
    }
    let word = format!("(?:{})", alt(numbers.keys().collect()));
    let join = if joiners.is_empty() {
        r"\s+".to_string()
    } else {
        let j: Vec<String> = joiners.iter().map(|j| regex::escape(j)).collect();
        format!(r"(?:\s*(?:{})\s*|\s+)", j.join("|"))
    };
    format!(r"{digits}|{word}(?:{join}{word})*")
}

/// Joining words as a plain alternation: they may touch the figure after them (Arabic "and").
fn joiner_alt(b: &Builder, words: &[String]) -> Option<String> {
    let mut ws: Vec<String> = words
        .iter()
        .map(|w| regex::escape(&b.norm.word(w)))
        .filter(|w| !w.is_empty())
        .collect();
    ws.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    (!ws.is_empty()).then(|| format!("(?:{})", ws.join("|")))
}

/// The figure of count slot `idx`: a single figure or a range; returns the regex and the names
/// of the groups holding the (first) figure and the upper figure of a range.
fn figure_regex(idx: usize, lp: &LangParts) -> (String, Vec<String>, Vec<String>) {
    let b = lp.b;
    let r = &lp.counting.range;
    let upper = |g: &str| format!(r"(?P<{g}>{})", lp.figure);
    let (mut alts, mut numbers, mut uppers) = (Vec::new(), Vec::new(), Vec::new());
    let and: Vec<String> = r.and.iter().chain(&r.to).cloned().collect();
    if let (Some(between), Some(and)) = (b.alt(&r.between), joiner_alt(b, &and)) {
        let (n, u) = (format!("c{idx}bn"), format!("c{idx}bu"));
        alts.push(format!(
            r"{between}{SEP}{}\s*{and}\s*{}",
            number_regex(b, lp.figure, Some(&n)),
            upper(&u)
        ));
        numbers.push(n);
        uppers.push(u);
    }
    // The plain figure before "X to Y": "twenty-five" is a number, not the range 20-5; the
    // regex still falls back to the range when the plain reading cannot complete the pattern.
    let n = format!("c{idx}n");
    alts.push(number_regex(b, lp.figure, Some(&n)));
    numbers.push(n);
    if let Some(to) = joiner_alt(b, &r.to) {
        let (n, u) = (format!("c{idx}rn"), format!("c{idx}ru"));
        alts.push(format!(
            r"{}\s*{to}\s*{}",
            number_regex(b, lp.figure, Some(&n)),
            upper(&u)
        ));
        numbers.push(n);
        uppers.push(u);
    }
    (format!("(?:{})", alts.join("|")), numbers, uppers)
}
