//! Matching: runs a language's compiled patterns over one sentence and reads their slots.
//!
//! The output is a list of candidates in sentence order, with counts and sides read but no
//! speaker yet; attribution decides who said each one.

use crate::model::{Bound, Group, Kind};
use crate::rules::{Found, Language, Piece, Rule, SideIx, SideRole, Slot};
use crate::text::segment::{Sentence, words};

/// Whether `word`, a name of `side`, carries a case ending of an object after the name
/// ("ermenistani": "ermenistan" and the accusative "i").
fn object_case(lang: &Language, word: &str, side: SideIx) -> bool {
    if lang.object_endings.is_empty() {
        return false;
    }
    let word = word.trim();
    (lang.side_names.iter())
        .filter(|(name, s)| {
            *s == side
                && !name.is_empty()
                && word.len() > name.len()
                && word.starts_with(name.as_str())
        })
        .map(|(name, _)| word[name.len()..].trim_start_matches(|c: char| !c.is_alphanumeric()))
        .any(|ending| lang.object_endings.iter().any(|e| e == ending))
}

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
    Side(SideIx),
    /// That side was attacked: its opponents are blamed.
    OpponentOf(SideIx),
    /// "The enemy": the opponent of the speaker's side.
    SpeakersOpponent,
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
    pub side: Option<SideIx>,
    /// The count says "its own" (possessive), to be resolved to the speaker's side.
    pub own: bool,
    pub accused: Option<Accused>,
    pub group: Group,
    /// The figures of a compound count, when the pattern has several count slots.
    pub parts: Vec<u64>,
    /// Normalised byte ranges of the words that gave the figures (for highlighting).
    pub figures: Vec<(usize, usize)>,
    /// Who did it, when an active verb says ("X killed 30", "killing 3"): the people counted
    /// are then that agent's opponents, unless named.
    pub agent: Option<Agent>,
    /// The count is a noun alone ("a soldier": one), with no figure of its own.
    pub noun_only: bool,
}

/// The agent of an active verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agent {
    /// A side named before the verb.
    Side(SideIx),
    /// The speaker ("it", "we").
    Speaker,
}

/// A match dropped by the matcher, with why (for `explain`).
#[derive(Debug, Clone)]
pub struct Rejected {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub reason: String,
}

/// What the patterns found in a sentence.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// Candidates in sentence order, overlaps removed.
    pub kept: Vec<Candidate>,
    pub rejected: Vec<Rejected>,
    /// Whether any match was read (a claim or a frame's count), before overlaps and pairing.
    pub read_any: bool,
}

/// Every candidate in `s` (a sentence of normalised `text`), in order, overlaps removed;
/// `rules` are the rules its trigger words call for (the language's prefilter).
/// `names` are the byte ranges of source names in the text: a side word inside a longer one is
/// part of a name ("the X defence ministry"), never the party a blame rule accuses.
pub fn match_sentence(
    lang: &Language,
    years: (u32, u32),
    text: &str,
    s: Sentence,
    rules: &[usize],
    names: &[(usize, usize)],
) -> Matches {
    let sent = &text[s.start..s.end];
    let mut out = Vec::new();
    let mut rejected = Vec::new();
    let at = Site {
        years,
        base: s.start,
        names,
    };
    let mut frame_counts = Vec::new();
    for &ri in rules {
        let rule = &lang.rules[ri];
        let mut pos = 0;
        while let Some(caps) = rule.captures_at(sent, pos) {
            let m = caps.whole();
            match read(lang, &at, ri, rule, &caps, sent) {
                Ok(c) => {
                    if rule.frame.is_some() {
                        frame_counts.push(c);
                    } else {
                        out.push(c);
                    }
                    pos = if m.end() > m.start() {
                        m.end()
                    } else {
                        next_char(sent, m.end())
                    };
                }
                Err(reason) => {
                    rejected.push(Rejected {
                        rule: ri,
                        start: s.start + m.start(),
                        end: s.start + m.end(),
                        reason,
                    });
                    // A valid match may start inside a rejected one: look again one char later.
                    pos = next_char(sent, m.start());
                }
            }
            if pos >= sent.len() {
                break;
            }
        }
    }
    // A pattern says more than a frame: a figure a pattern read is not the frames' to read,
    // nor is a noun alone inside a pattern that read a count ("wounding one soldier": not
    // "soldier" again as a count of one).
    let read_by_rules: Vec<(usize, usize)> = out.iter().flat_map(|c| c.figures.clone()).collect();
    let counted: Vec<(usize, usize)> = (out.iter())
        .filter(|c| c.count.is_some())
        .map(|c| (c.start, c.end))
        .collect();
    frame_counts.retain(|c| {
        let overlaps = |r: &(usize, usize)| c.figures.iter().any(|f| f.0 < r.1 && r.0 < f.1);
        !read_by_rules.iter().any(overlaps) && !(c.noun_only && counted.iter().any(overlaps))
    });
    let read_any = !out.is_empty() || !frame_counts.is_empty();
    let (framed, dropped) = crate::extract::frames::pair(lang, sent, s.start, frame_counts);
    out.extend(framed);
    rejected.extend(dropped);
    // Two rules may read the same figure ("killed 7 soldiers" and "killed 7"): the stated
    // precedence decides (docs/rules.md, "Which rule wins").
    let rank = |c: &Candidate| {
        let r = &lang.rules[c.rule];
        (
            std::cmp::Reverse(r.priority),
            std::cmp::Reverse(c.end - c.start),
            std::cmp::Reverse(r.specificity),
            c.start,
            c.rule,
        )
    };
    out.sort_by_key(rank);
    let mut kept: Vec<Candidate> = Vec::new();
    for c in out {
        // One figure read as two kinds by two patterns, one inside the other ("zwei verletzte
        // Soldaten seien später gestorben": wounded by the words around the figure, killed by
        // the whole): the same people, and the reading of the whole says their fate.
        let nested = |k: &Candidate| {
            (k.start <= c.start && c.end <= k.end) || (c.start <= k.start && k.end <= c.end)
        };
        let same_figure = |k: &Candidate| {
            k.kind != Kind::Blame
                && c.kind != Kind::Blame
                && !is_frame(lang, k)
                && !is_frame(lang, &c)
                && !k.figures.is_empty()
                && k.figures == c.figures
                && nested(k)
        };
        // Claims of a frame share their words when a list shares a verb ("3 soldiers and 2
        // civilians were killed"): those overlap only where their figures do.
        let clash = |k: &&Candidate| {
            (k.kind == c.kind || same_figure(k))
                && if is_frame(lang, k) || is_frame(lang, &c) {
                    k.figures
                        .iter()
                        .any(|f| c.figures.iter().any(|g| f.0 < g.1 && g.0 < f.1))
                } else {
                    overlaps(k, &c)
                }
        };
        match kept.iter().find(clash) {
            Some(k) => rejected.push(Rejected {
                rule: c.rule,
                start: c.start,
                end: c.end,
                reason: format!(
                    "taken by rule {} ({})",
                    lang.rules[k.rule].id,
                    why_first(lang, k, &c)
                ),
            }),
            None => kept.push(c),
        }
    }
    kept.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.rule));
    Matches {
        kept,
        rejected,
        read_any,
    }
}

/// Why candidate `k` went before `c` in the precedence order.
fn why_first(lang: &Language, k: &Candidate, c: &Candidate) -> &'static str {
    let (rk, rc) = (&lang.rules[k.rule], &lang.rules[c.rule]);
    if rk.priority != rc.priority {
        "higher priority"
    } else if k.end - k.start != c.end - c.start {
        "longer match"
    } else if rk.specificity != rc.specificity {
        "more specific pattern"
    } else if k.start != c.start {
        "earlier in the sentence"
    } else {
        "earlier in the pack"
    }
}

fn is_frame(lang: &Language, c: &Candidate) -> bool {
    lang.rules[c.rule].frame.is_some()
}

/// Where a sentence sits: for reading figures and sides in context.
struct Site<'a> {
    years: (u32, u32),
    base: usize,
    names: &'a [(usize, usize)],
}

fn next_char(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(s.len(), |c| i + c.len_utf8())
}

fn overlaps(a: &Candidate, b: &Candidate) -> bool {
    a.start < b.end && b.start < a.end
}

fn read(
    lang: &Language,
    at: &Site,
    ri: usize,
    rule: &Rule,
    caps: &Found,
    sent: &str,
) -> Result<Candidate, String> {
    let (years, base) = (at.years, at.base);
    let m = caps.whole();
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
        parts: Vec::new(),
        figures: Vec::new(),
        agent: None,
        noun_only: false,
    };
    let slots = rule.groups().map_or(&[][..], |g| &g.slots[..]);
    for slot in slots {
        match slot {
            Slot::Count {
                bounds,
                numbers,
                uppers,
                one,
                two,
                own,
                possessive,
                group,
            } => {
                let mut bound = bounds
                    .iter()
                    .find(|(_, g)| caps.get(*g).is_some())
                    .map_or(Bound::Exact, |(b, _)| *b);
                let figure = |m: Piece| -> Result<(u64, Option<u64>), String> {
                    if is_year(m.as_str(), years) {
                        return Err(format!("`{}` is a year, not a count", m.as_str()));
                    }
                    parse_number(lang, m.as_str())
                        .ok_or_else(|| format!("`{}` cannot be read as a number", m.as_str()))
                };
                let first = numbers.iter().find_map(|g| caps.get(*g));
                let up = uppers.iter().find_map(|g| caps.get(*g));
                let small = [two, one].iter().find_map(|g| g.and_then(|g| caps.get(g)));
                for f in [first.or(small), up].into_iter().flatten() {
                    c.figures.push((base + f.start(), base + f.end()));
                }
                let mut upper = match up {
                    // The upper end of "dozens to hundreds" is the top of "hundreds".
                    Some(u) => figure(u).map(|(v, up)| Some(up.unwrap_or(v)))?,
                    None => None,
                };
                let value = if let Some(n) = first {
                    let (v, vague) = figure(n)?;
                    upper = upper.or(vague);
                    v
                } else if two.is_some_and(|g| caps.get(g).is_some()) {
                    c.noun_only = true;
                    2
                } else if one.is_some_and(|g| caps.get(g).is_some()) {
                    c.noun_only = true;
                    1
                } else {
                    return Err("no figure in the count slot".into());
                };
                c.own = [own, possessive]
                    .iter()
                    .any(|g| g.is_some_and(|g| caps.get(g).is_some()));
                // A "range" that does not rise ("18 to 5") is read as its first figure.
                upper = upper.filter(|u| *u > value);
                if upper.is_some() {
                    bound = Bound::Range;
                }
                let this = Count {
                    value,
                    upper,
                    bound,
                };
                c.count = Some(match c.count {
                    None => this,
                    Some(before) => {
                        if c.parts.is_empty() {
                            c.parts.push(before.value);
                        }
                        c.parts.push(this.value);
                        add(before, this)?
                    }
                });
                if rule.group.is_none() {
                    c.group = group.unwrap_or(Group::Unspecified);
                }
            }
            Slot::Side { role, alts, enemy } => {
                if enemy.and_then(|g| caps.get(g)).is_some() {
                    c.accused = Some(Accused::SpeakersOpponent);
                    continue;
                }
                let Some((word, side)) = alts
                    .iter()
                    .find_map(|&(g, side)| caps.get(g).map(|w| (w, side)))
                else {
                    continue;
                };
                let (ws, we) = (base + word.start(), base + word.end());
                // Strictly inside a longer name: a country name alone is both a source and a side.
                let inside = |&(a, b): &(usize, usize)| a <= ws && we <= b && b - a > we - ws;
                // The subject of a speech verb speaks; it is not the party blamed.
                let speaks = lang.speech.as_ref().is_some_and(|re| {
                    re.captures(&sent[word.end()..])
                        .and_then(|c| c.name("m"))
                        .is_some_and(|m| sent[word.end()..word.end() + m.start()].trim().is_empty())
                });
                if *role == SideRole::Accused && speaks && !object_case(lang, word.as_str(), side) {
                    return Err(format!(
                        "`{}` speaks here; it is not the party blamed",
                        word.as_str()
                    ));
                }
                if *role != SideRole::Counted && at.names.iter().any(inside) {
                    return Err(format!(
                        "`{}` is part of a source's name, not a party blamed",
                        word.as_str()
                    ));
                }
                match role {
                    SideRole::Counted => c.side = Some(side),
                    SideRole::Accused => c.accused = Some(Accused::Side(side)),
                    SideRole::Victim => c.accused = Some(Accused::OpponentOf(side)),
                }
            }
        }
    }
    // A bound phrase may follow the match ("two soldiers at least"), or the figure inside it
    // ("100'den fazla Ermeni askeri": more than 100).
    if let Some(count) = c.count.as_mut()
        && count.bound == Bound::Exact
    {
        let bound_at = |rest: &str| {
            (lang.after_bounds.iter()).find_map(|(b, re)| {
                re.captures(rest)
                    .and_then(|c| c.name("m"))
                    .map(|h| (*b, h.end()))
            })
        };
        if let Some((b, len)) = bound_at(&sent[m.end()..]) {
            count.bound = b;
            c.end += len;
        } else if let [.., (_, fe)] = c.figures[..]
            && fe >= base
            && fe - base < m.end()
            && let Some((b, _)) = bound_at(&sent[fe - base..])
        {
            count.bound = b;
        }
    }
    Ok(c)
}

/// The sum of two parts of a compound count; the looser bound wins ("at least 42 and 8" is at
/// least 50).
fn add(a: Count, b: Count) -> Result<Count, String> {
    let value = a.value.checked_add(b.value).ok_or("the parts overflow")?;
    let upper = match (a.upper, b.upper) {
        (None, None) => None,
        (x, y) => x.unwrap_or(a.value).checked_add(y.unwrap_or(b.value)),
    };
    let bound = if upper.is_some() {
        Bound::Range
    } else if a.bound == Bound::Exact {
        b.bound
    } else {
        a.bound
    };
    Ok(Count {
        value,
        upper,
        bound,
    })
}

/// Four bare digits in the years range are a year, never a count ("2,000" with a separator is).
fn is_year(s: &str, (lo, hi): (u32, u32)) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (lo..=hi).contains(&y))
}

/// The value of a figure as the language's rules read it (digits or number words), if any.
pub fn figure_value(lang: &Language, s: &str) -> Option<u64> {
    parse_number(lang, s).map(|(v, _)| v)
}

/// Reads digits (any thousands separator) or a number word of the language.
fn parse_number(lang: &Language, s: &str) -> Option<(u64, Option<u64>)> {
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        let figure: String = s
            .chars()
            .take_while(|c| {
                c.is_ascii_digit() || matches!(c, ',' | '.' | '\'' | ' ' | '\u{202F}' | '\u{A0}')
            })
            .collect();
        let value: u64 = figure
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()?;
        let rest = s[figure.len()..].trim();
        if rest.is_empty() {
            return Some((value, None));
        }
        // "3 thousand": digits times a multiplier word; "2 thousand 908": and what follows it,
        // when less than the multiplier.
        if let Some(times) = lang.numbers.get(&collapse(rest)) {
            return value.checked_mul(times.value).map(|v| (v, None));
        }
        let (word, tail) = rest.rsplit_once(char::is_whitespace)?;
        let times = lang.numbers.get(&collapse(word))?;
        let tail: u64 = tail.parse().ok().filter(|t| *t < times.value)?;
        return value
            .checked_mul(times.value)
            .and_then(|v| v.checked_add(tail))
            .map(|v| (v, None));
    }
    if let Some(n) = lang.numbers.get(&collapse(s)) {
        return Some(n.alone.map_or((n.value, None), |(lo, hi)| (lo, Some(hi))));
    }
    let toks: Vec<&str> = words(s).into_iter().map(|(a, b)| &s[a..b]).collect();
    compound(lang, &toks).map(|v| (v, None))
}

/// Number words in a row: the longest known word at each place, joiners skipped, joiners or
/// proclitics glued to a word (the Arabic "and" on "twenty") stripped.
fn compound(lang: &Language, toks: &[&str]) -> Option<u64> {
    let mut values = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let longest = (i + 1..=toks.len()).rev().find_map(|j| {
            lang.numbers
                .get(&toks[i..j].join(" "))
                .map(|n| (j, n.value))
        });
        if let Some((j, v)) = longest {
            values.push(v);
            i = j;
            continue;
        }
        let t = toks[i];
        if !lang.number_joiners.iter().any(|j| j == t) {
            let glued = lang
                .number_joiners
                .iter()
                .chain(&lang.proclitics)
                .filter_map(|p| t.strip_prefix(p.as_str()));
            values.push(
                glued
                    .filter_map(|bare| lang.numbers.get(bare))
                    .map(|n| n.value)
                    .next()?,
            );
        }
        i += 1;
    }
    combine(&values)
}

/// Adds the parts of a number in words; a hundred multiplies what precedes it, a thousand (or
/// more) multiplies everything below it: "three thousand five hundred and twenty" = 3520.
fn combine(values: &[u64]) -> Option<u64> {
    let (mut total, mut current) = (0u64, 0u64);
    for &v in values {
        if v >= 1000 {
            total = total.checked_add(current.max(1).checked_mul(v)?)?;
            current = 0;
        } else if v == 100 {
            current = current.max(1) * 100;
        } else {
            current = current.checked_add(v)?;
        }
    }
    total.checked_add(current)
}

#[cfg(test)]
mod tests {
    use super::combine;

    #[test]
    fn compounds_combine_like_spoken_numbers() {
        assert_eq!(combine(&[20, 5]), Some(25));
        assert_eq!(combine(&[3, 1000, 5, 100, 20]), Some(3520));
        assert_eq!(combine(&[100, 50]), Some(150));
        assert_eq!(combine(&[200, 50]), Some(250));
        assert_eq!(combine(&[1000]), Some(1000));
        assert_eq!(combine(&[6, 1000, 500]), Some(6500));
    }
}
