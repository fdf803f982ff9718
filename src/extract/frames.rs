//! Frames: a count of people and what happened to them, in either order, as a reader joins them.
//!
//! A frame rule's pattern reads a count ("seven of its soldiers", "49 of side X's servicemen",
//! "12"); the frame's words say what happened, after the count ("were killed", "dead",
//! "deaths") or before it ("killing", "the deaths of"). Each count takes the nearest word of
//! what happened within the frame's window, not counting fillers ("were", "had been"), with no
//! other count or word of what happened in between; a count in a list shares the verb of the
//! list ("3 soldiers and 2 civilians were killed"). Figures that are no count (a time, a model
//! number, a date by its month, a duration) are left out. An active verb before the count
//! ("side X's strikes killed 2", "it killed 30") makes the people counted the agent's
//! opponents unless the count names them.

use crate::extract::matcher::{Agent, Candidate, Rejected};
use crate::model::Kind;
use crate::rules::{Frame, Language, Place};
use crate::text::segment::{WordIndex, words};

/// A word of what happened in the sentence (normalised byte range).
#[derive(Debug, Clone, Copy)]
struct Happening {
    start: usize,
    end: usize,
    kind: Kind,
    place: Place,
    /// An active verb ("killing"), whose agent tells whose people they are; not a noun ("the
    /// deaths of").
    agentive: bool,
    /// The frame rule whose words these are.
    rule: usize,
}

/// Pairs the counts frame rules read in sentence `sent` (starting at byte `base` of the text)
/// with what happened to them; counts that are no casualty count, or that nothing happened to,
/// are returned as rejected with why.
pub fn pair(
    lang: &Language,
    sent: &str,
    base: usize,
    counts: Vec<Candidate>,
) -> (Vec<Candidate>, Vec<Rejected>) {
    let mut rejected = Vec::new();
    let counts = real_counts(lang, sent, base, counts, &mut rejected);
    if counts.is_empty() {
        return (Vec::new(), rejected);
    }
    let happenings = happenings(lang, sent, base, &counts);
    let index = WordIndex::new(sent, base);
    let fillers = |a: usize, b: usize| -> usize {
        if b <= a {
            return 0;
        }
        words(&sent[a - base..b - base])
            .into_iter()
            .filter(|&(x, y)| lang.fillers.contains(&sent[a - base + x..a - base + y]))
            .count()
    };
    let gap = |a: usize, b: usize| {
        let (x, y) = aside(lang, sent, base, a, b);
        (index.between(a, b) - index.between(x, y))
            .saturating_sub(fillers(a, b) - fillers(x, y).min(fillers(a, b)))
    };
    let mut paired: Vec<Option<Happening>> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let scene = Scene {
                lang,
                sent,
                base,
                counts: &counts,
                happenings: &happenings,
            };
            nearest(&scene, i, c, &gap)
        })
        .collect();
    share_lists(lang, sent, base, &counts, &mut paired);
    let spans: Vec<(usize, usize)> = counts.iter().map(|c| (c.start, c.end)).collect();
    let mut out = Vec::new();
    for (c, h) in counts.into_iter().zip(paired) {
        match h {
            Some(h) => out.push(claim(lang, sent, base, c, h, &spans)),
            None => rejected.push(Rejected {
                rule: c.rule,
                start: c.start,
                end: c.end,
                reason: "a count with no word of what happened near it".into(),
            }),
        }
    }
    (out, rejected)
}

/// The aside between the first and the last clause mark of `a..b` ("nine of its staff, among
/// them medics, were killed"), or an empty range.
fn aside(lang: &Language, sent: &str, base: usize, a: usize, b: usize) -> (usize, usize) {
    let marks: Vec<usize> = sent[a - base..b - base]
        .char_indices()
        .filter(|(_, ch)| lang.clause_breaks.contains(ch))
        .map(|(i, _)| a + i)
        .collect();
    match (marks.first(), marks.last()) {
        (Some(&x), Some(&y)) if x < y => (x, y),
        _ => (a, a),
    }
}

fn frame_of(lang: &Language, rule: usize) -> &Frame {
    lang.rules[rule]
        .frame
        .as_ref()
        .expect("frame counts come from frame rules")
}

/// The counts that are casualty counts, one per figure (the longest reading wins).
fn real_counts(
    lang: &Language,
    sent: &str,
    base: usize,
    mut counts: Vec<Candidate>,
    rejected: &mut Vec<Rejected>,
) -> Vec<Candidate> {
    counts.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.rule.cmp(&b.rule))
    });
    let mut out: Vec<Candidate> = Vec::new();
    for c in counts {
        if out.iter().any(|k| k.start < c.end && c.start < k.end) {
            continue;
        }
        match not_a_count(lang, sent, base, &c) {
            Some(why) => rejected.push(Rejected {
                rule: c.rule,
                start: c.start,
                end: c.end,
                reason: why,
            }),
            None => out.push(c),
        }
    }
    out
}

/// Why the figure of a count is no count of people, if it is not.
fn not_a_count(lang: &Language, sent: &str, base: usize, c: &Candidate) -> Option<String> {
    let &(fs, fe) = c.figures.first()?;
    let (before, after) = (&sent[..fs - base], &sent[fe - base..]);
    // A clock time ("15:20") and a designation ("Mi-24") are written the same in every script.
    let mut back = before.chars().rev();
    let prev = back.next();
    let time =
        |x: Option<char>, y: Option<char>| x == Some(':') && y.is_some_and(|d| d.is_ascii_digit());
    let mut fwd = after.chars();
    if time(prev, back.clone().next()) || time(fwd.next(), fwd.next()) {
        return Some("a time".into());
    }
    if prev.is_some_and(char::is_alphanumeric)
        || prev == Some('-') && back.next().is_some_and(char::is_alphabetic)
    {
        return Some("part of a name or model number".into());
    }
    // What follows the figure, past a side's name ("six X tanks").
    let past_side = lang
        .side_finder
        .as_ref()
        .and_then(|(re, _)| {
            re.find(after)
                .filter(|m| after[..m.start()].trim().is_empty())
        })
        .map_or("", |m| &after[m.end().saturating_sub(1)..]);
    if let Some((why, _)) = (lang.not_counted.iter())
        .find(|(_, re)| re.is_match(after) || !past_side.is_empty() && re.is_match(past_side))
    {
        return Some(format!("followed by a {why} word"));
    }
    if let Some((why, _)) = lang
        .not_counted_before
        .iter()
        .find(|(_, re)| re.is_match(before))
    {
        return Some(format!("after a {why} word"));
    }
    None
}

/// The words of what happened in the sentence, of every frame rule the counts come from.
fn happenings(lang: &Language, sent: &str, base: usize, counts: &[Candidate]) -> Vec<Happening> {
    let mut rules: Vec<usize> = counts.iter().map(|c| c.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let mut out = Vec::new();
    for rule in rules {
        let frame = frame_of(lang, rule);
        for (happened, place, agentive) in [
            (&frame.after, Place::After, false),
            (&frame.before, Place::Before, true),
            (&frame.before_noun, Place::Before, false),
        ] {
            let Some(h) = happened else { continue };
            for caps in h
                .regex
                .get()
                .into_iter()
                .flat_map(|r| r.captures_iter(sent))
            {
                if let Some((i, m)) = (1..caps.len()).find_map(|i| caps.get(i).map(|m| (i, m))) {
                    out.push(Happening {
                        start: base + m.start(),
                        end: base + m.end(),
                        kind: h.kinds[i - 1],
                        place,
                        agentive,
                        rule,
                    });
                }
            }
        }
    }
    out
}

/// A sentence's counts and words of what happened, as a frame reads them.
struct Scene<'a> {
    lang: &'a Language,
    sent: &'a str,
    /// Where the sentence starts in the text (spans are text offsets).
    base: usize,
    counts: &'a [Candidate],
    happenings: &'a [Happening],
}

/// The nearest word of what happened to count `i`: within the window, nothing between but
/// words (no other count, no other word of what happened); after the count on a tie.
fn nearest(
    scene: &Scene,
    i: usize,
    c: &Candidate,
    gap: &dyn Fn(usize, usize) -> usize,
) -> Option<Happening> {
    let Scene {
        lang,
        sent,
        base,
        counts,
        happenings,
    } = *scene;
    let window = frame_of(lang, c.rule).window;
    let broken = |a: usize, b: usize| {
        sent[a - base..b - base].chars().any(|ch| {
            lang.clause_breaks.contains(&ch) || matches!(ch, '-' | '\u{2013}' | '\u{2014}')
        })
    };
    // "and" between them, outside an aside: another clause ("were wounded and six tanks"),
    // unless a list of counts stands between ("4 officers and 2 civilians were killed").
    let joined = |a: usize, b: usize, place: Place| {
        let (x, y) = aside(lang, sent, base, a, b);
        let outside = [&sent[a - base..x - base], &sent[y - base..b - base]];
        let and = outside.iter().any(|part| {
            words(part)
                .into_iter()
                .any(|(p, q)| lang.number_joiners.iter().any(|j| j == &part[p..q]))
        });
        let list = place == Place::After && lang.number_finder.is_match(&sent[a - base..b - base]);
        and && !list
    };
    // Nothing between but words: counts inside an aside are about the same people ("two
    // soldiers, one of them a conscript, were killed") and do not stand in the way.
    let clear = |a: usize, b: usize| {
        let (x, y) = aside(lang, sent, base, a, b);
        !counts
            .iter()
            .enumerate()
            .any(|(j, k)| j != i && a <= k.start && k.end <= b && !(x <= k.start && k.end <= y))
            && !happenings.iter().any(|h| a <= h.start && h.end <= b)
    };
    // One clause mark alone between them closes the clause the count is in.
    let marks = |a: usize, b: usize| {
        sent[a - base..b - base]
            .chars()
            .filter(|ch| lang.clause_breaks.contains(ch))
            .count()
    };
    happenings
        .iter()
        .filter(|h| h.rule == c.rule)
        .filter_map(|h| {
            let (a, b) = match h.place {
                Place::After if h.start >= c.end && marks(c.end, h.start) != 1 => (c.end, h.start),
                // A verb before a count governs it only in the same clause: "were killed - 42
                // from the army" does not kill the 42 again.
                Place::Before if h.end <= c.start && !broken(h.end, c.start) => (h.end, c.start),
                _ => return None,
            };
            let g = gap(a, b);
            (g <= window && clear(a, b) && !joined(a, b, h.place)).then_some((
                g,
                h.place == Place::Before,
                *h,
            ))
        })
        .min_by_key(|&(g, before, h)| (g, before, h.start))
        .map(|(_, _, h)| h)
}

/// A count left alone in a list shares the list's verb: with the next count's word after them
/// ("3 soldiers and 2 civilians were killed"), or the previous count's word before them
/// ("killing 3 soldiers and 2 civilians"), when only joining words stand between the counts; a
/// count after a `counting.subset` word shares the word of the count before it ("32 dead,
/// including 7 civilians").
fn share_lists(
    lang: &Language,
    sent: &str,
    base: usize,
    counts: &[Candidate],
    paired: &mut [Option<Happening>],
) {
    let joined = |a: usize, b: usize| {
        let between = &sent[a - base..b - base];
        words(between).into_iter().all(|(x, y)| {
            let w = &between[x..y];
            lang.number_joiners.iter().any(|j| j == w) || lang.fillers.contains(w)
        })
    };
    for i in (0..counts.len().saturating_sub(1)).rev() {
        if paired[i].is_none()
            && let Some(h) = paired[i + 1].filter(|h| h.place == Place::After)
            && joined(counts[i].end, counts[i + 1].start)
        {
            paired[i] = Some(h);
        }
    }
    for i in 1..counts.len() {
        if paired[i].is_none()
            && let Some(h) = paired[i - 1].filter(|h| h.place == Place::Before)
            && joined(counts[i - 1].end, counts[i].start)
        {
            paired[i] = Some(h);
        }
    }
    // "32 dead, including 7 civilians": a part of the count before it, whatever happened to it.
    let Some(subset) = &lang.subset else {
        return;
    };
    // It takes precedence: "32 dead, including 7 civilians, and 200 wounded" does not wound
    // the 7.
    for i in 1..counts.len() {
        if let Some(h) = paired[i - 1] {
            let from = match h.place {
                Place::After if h.start >= counts[i - 1].end && h.end <= counts[i].start => h.end,
                _ => counts[i - 1].end,
            };
            if from <= counts[i].start
                && subset.is_match(&sent[from - base..counts[i].start - base])
            {
                paired[i] = Some(h);
            }
        }
    }
}

/// Words before an active verb that may name its agent.
const AGENT_REACH: usize = 12;

/// The claim of count `c` and what happened to it.
fn claim(
    lang: &Language,
    sent: &str,
    base: usize,
    mut c: Candidate,
    h: Happening,
    counts: &[(usize, usize)],
) -> Candidate {
    c.kind = h.kind;
    c.start = c.start.min(h.start);
    c.end = c.end.max(h.end);
    if h.agentive && c.side.is_none() && !c.own {
        c.agent = agent(lang, sent, base, h.start, counts);
    }
    c
}

/// The agent of a verb at byte `at`: the speaker ("it", "we") just before it, else the nearest
/// side named a few words before it outside the counts (whose sides are the people counted).
fn agent(
    lang: &Language,
    sent: &str,
    base: usize,
    at: usize,
    counts: &[(usize, usize)],
) -> Option<Agent> {
    let before = &sent[..at - base];
    let ws = words(before);
    let from = ws.len().saturating_sub(AGENT_REACH);
    let reach = ws.get(from).map_or(0, |w| w.0);
    let near = ws.len().saturating_sub(2);
    let close = ws.get(near).map_or(0, |w| w.0);
    if let Some(re) = &lang.speaker_agent
        && re.find_iter(before).any(|m| m.end() > close)
    {
        return Some(Agent::Speaker);
    }
    let (re, sides) = lang.side_finder.as_ref()?;
    let in_count = |x: usize| counts.iter().any(|&(a, b)| a <= base + x && base + x < b);
    re.captures_iter(&before[reach..])
        .filter_map(|caps| {
            (1..caps.len()).find_map(|i| caps.get(i).map(|m| (reach + m.start(), sides[i - 1])))
        })
        .filter(|&(x, _)| !in_count(x))
        // The subject is in the sentence's first clause or in the clause the verb follows
        // ("X forces shelled the village, killing"); not in an aside between ("a missile hit
        // the city, X's second-largest, at night, killing").
        .filter(|&(x, _)| {
            let marks: Vec<usize> = (before.char_indices())
                .filter(|&(_, c)| lang.clause_breaks.contains(&c))
                .map(|(i, _)| i)
                .collect();
            let has_words = |a: usize, b: usize| !words(&before[a..b]).is_empty();
            let Some(&first) = marks.first() else {
                return true;
            };
            // The clause the verb follows: after the last mark with words before the verb.
            let last = marks
                .iter()
                .rev()
                .copied()
                .find(|&m| has_words(m + 1, before.len()));
            let verb_clause_start = match last {
                Some(m) => m,
                // Only a mark right before the verb: the clause before that mark.
                None => marks.iter().rev().nth(1).copied().unwrap_or(0),
            };
            x < first || x > verb_clause_start
        })
        // "a mine went off in X's district, killing one": a place, not the agent.
        .filter(|&(x, _)| {
            let Some(links) = &lang.links else {
                return true;
            };
            let prev = words(&before[..x]);
            !prev
                .last()
                .is_some_and(|&(a, b)| links.is_match(&before[a..b]))
        })
        .last()
        .map(|(_, s)| Agent::Side(s))
}
