//! Event assignment: which event a claim is about, and why.
//!
//! An article's claims belong to its front-matter `event`, else to the rule event whose window
//! holds the article's date, else to the date itself. The date is the front matter's, else the
//! dateline's (a date written in the article's first lines), else the latest date written in
//! the text; only an article with no date at all goes by a place it names. A sentence that
//! names a rule event moves its claims there. A time anchor near a claim (a date, a year, "last
//! year", "on Tuesday") moves it to the event of that time: a year to the rule event of that
//! year (else the year itself), a day to the rule event holding it (else, for a written date
//! more than a few days from the article's, that day; else the claim stays with its article).

use crate::extract::attribute::{Forms, alias_at};
use crate::model::{EventKey, Meta};
use crate::rules::{Aliases, EventIx, Language, RulePack, Shift, SideIx};
use crate::text::segment::{WordIndex, words};
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Where an article's claims go, and why (for `report --explain-events` and `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventChoice {
    pub key: Option<EventKey>,
    pub why: String,
}

/// How many lines of the body (headline included) a dateline may be on.
const DATELINE_LINES: usize = 3;

/// The article's metadata with its date read from the text when the front matter gives none
/// (the dateline, else the latest full date written in the text), and how that date was found.
pub fn dated(lang: &Language, pack: &RulePack, text: &str, meta: &Meta) -> (Meta, Option<String>) {
    if meta.date.is_some() {
        return (meta.clone(), Some("its front matter's date".to_string()));
    }
    // A date alone on its line (with a weekday, say) is page furniture, a crawl or print
    // date, not the article's: a dateline leads into the story on its line.
    let written: Vec<Written> = written_dates(lang, pack, text)
        .into_iter()
        .filter(|w| w.year.is_some() && leads(text, w.span))
        .collect();
    // The dateline: a full date on one of the first lines with words.
    // Where the last of those lines ends, blank lines between them included.
    let mut end = 0;
    let opening_end = (text.split_inclusive('\n'))
        .map(|l| {
            end += l.len();
            (end, l)
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .take(DATELINE_LINES)
        .last()
        .map_or(0, |(e, _)| e);
    let found = match written.iter().find(|w| w.span.1 <= opening_end) {
        Some(w) => w.date().map(|d| (d, "its dateline", w.span)),
        None => (written.iter())
            .filter_map(|w| w.date().map(|d| (d, w.span)))
            .max_by_key(|(d, _)| *d)
            .map(|(d, span)| (d, "the latest date written in it", span)),
    };
    match found {
        Some((date, how, (a, b))) => {
            let mut m = meta.clone();
            m.date = Some(date);
            let words = text[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
            (m, Some(format!("{how} (\"{words}\")")))
        }
        None => (meta.clone(), None),
    }
}

/// The event of an article as a whole, and why; `text` is its normalised body, `meta` its
/// metadata with the date [`dated`] found, `how` how that date was found.
pub fn article_event(
    pack: &RulePack,
    lang: &Language,
    text: &str,
    meta: &Meta,
    how: Option<&str>,
) -> EventChoice {
    if let Some(e) = &meta.event {
        return EventChoice {
            key: Some(e.clone()),
            why: "its front matter names the event".to_string(),
        };
    }
    match meta.date {
        Some(date) => {
            let how = how.unwrap_or("its date");
            match narrowest(pack, |e| e.start <= date && date <= e.end) {
                Some(i) => {
                    let e = &pack.events[i];
                    EventChoice {
                        key: Some(named(pack, i)),
                        why: format!(
                            "dated {date} by {how}, inside the window of {} ({} to {})",
                            e.id, e.start, e.end
                        ),
                    }
                }
                None => EventChoice {
                    key: Some(EventKey::Day(date)),
                    why: format!("dated {date} by {how}, in no event's window"),
                },
            }
        }
        None => match first_alias(pack, lang, text, &lang.event_places) {
            Some((i, (a, b))) => EventChoice {
                key: Some(named(pack, i)),
                why: format!(
                    "no date in it or its front matter; it names a place of {} (\"{}\")",
                    pack.events[i].id,
                    &text[a..b]
                ),
            },
            None => EventChoice {
                key: None,
                why: "no date, no event and no event's place in it".to_string(),
            },
        },
    }
}

/// The event a claim whose sides are of `camps` joins: `event` when it is a rules' event of
/// their conflict (or the claim names no side, or the article's front matter chose it), else
/// the rules' event of their conflict holding the article's date, else that date. A year or a
/// window never moves a claim into another conflict's event.
pub fn fitted(
    pack: &RulePack,
    event: Option<EventKey>,
    camps: &[SideIx],
    (meta, year): (&Meta, Option<i16>),
) -> Option<EventKey> {
    let fits = |e: &crate::rules::EventDef| {
        e.camps.is_empty() || camps.is_empty() || camps.iter().any(|c| e.camps.contains(c))
    };
    let Some(EventKey::Named(id)) = &event else {
        return event;
    };
    match pack.events.iter().find(|e| &e.id == id) {
        Some(e) if !fits(e) && meta.event.as_ref() != event.as_ref() => {
            // A year near the claim: their conflict's event of that year, else the year.
            if let Some(y) = year.filter(|&y| Some(y) != meta.date.map(|d| d.year())) {
                let other = narrowest(pack, |e| {
                    e.start.year() <= y && y <= e.end.year() && fits(e)
                });
                return Some(other.map_or(EventKey::Year(y), |i| named(pack, i)));
            }
            let date = meta.date?;
            let other = narrowest(pack, |e| e.start <= date && date <= e.end && fits(e));
            Some(other.map_or(EventKey::Day(date), |i| named(pack, i)))
        }
        _ => event,
    }
}

/// The rules' event `i`.
fn named(pack: &RulePack, i: EventIx) -> EventKey {
    EventKey::Named(pack.events[i].id.clone())
}

fn event_holding(pack: &RulePack, date: Date) -> Option<EventKey> {
    narrowest(pack, |e| e.start <= date && date <= e.end).map(|i| named(pack, i))
}

/// Of the rules' events that `fits`, the one of the narrowest window: a day of a war's battle
/// belongs to the battle, whatever order the rules list them in (then the first listed).
fn narrowest(pack: &RulePack, fits: impl Fn(&crate::rules::EventDef) -> bool) -> Option<EventIx> {
    (pack.events.iter().enumerate())
        .filter(|(_, e)| fits(e))
        .min_by_key(|(i, e)| ((e.end - e.start).get_days(), *i))
        .map(|(i, _)| EventIx(i))
}

/// The event index of the first alias of `aliases` found in `text`, and its bytes.
fn first_alias(
    pack: &RulePack,
    lang: &Language,
    text: &str,
    aliases: &Aliases<EventIx>,
) -> Option<(EventIx, (usize, usize))> {
    let forms = Forms::new(text, &lang.proclitics);
    (0..forms.toks.len()).find_map(|i| {
        (aliases.starting(forms.texts(i), &pack.settings))
            .filter(|(_, a)| alias_at(a, &forms, i, &pack.settings))
            // The pack's first name that stands here.
            .min_by_key(|&(k, _)| k)
            .map(|(_, a)| {
                let last = (i + a.words.len()).min(forms.toks.len()) - 1;
                (a.target, (forms.toks[i].0, forms.toks[last].1))
            })
    })
}

/// The ids of the rules' places `text` names, in the pack's order.
pub fn places_named(pack: &RulePack, lang: &Language, text: &str) -> Vec<String> {
    (place_indices(pack, lang, text).into_iter())
        .map(|i| pack.places[i].clone())
        .collect()
}

/// The side of the places `text` names, when those that have a side agree on one.
pub fn place_side(pack: &RulePack, lang: &Language, text: &str) -> Option<SideIx> {
    let mut sides = (place_indices(pack, lang, text).into_iter())
        .filter_map(|i| pack.place_sides.get(i).copied().flatten());
    let first = sides.next()?;
    sides.all(|s| s == first).then_some(first)
}

/// The indices (in `RulePack::places`) of the places `text` names, in the pack's order.
fn place_indices(pack: &RulePack, lang: &Language, text: &str) -> Vec<usize> {
    if lang.places.is_empty() {
        return Vec::new();
    }
    let forms = Forms::new(text, &lang.proclitics);
    let mut found: Vec<usize> = Vec::new();
    for i in 0..forms.toks.len() {
        (lang.places.starting(forms.texts(i), &pack.settings))
            .filter(|(_, a)| alias_at(a, &forms, i, &pack.settings))
            .for_each(|(_, a)| found.push(a.target));
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// A date written in the text: a day of a month, its year when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Bytes of the whole date in the text.
    pub span: (usize, usize),
    pub day: i8,
    pub month: i8,
    pub year: Option<i16>,
}

impl Written {
    /// The date, when the text gives its year.
    pub fn date(&self) -> Option<Date> {
        Date::new(self.year?, self.month, self.day).ok()
    }

    /// The date in the year that puts it at most a few days after `on` (a report tells what
    /// happened up to its day: "20 December" in a January article is last year's).
    fn near(&self, on: Date) -> Option<Date> {
        if let Some(d) = self.date() {
            return Some(d);
        }
        let this = Date::new(on.year(), self.month, self.day).ok()?;
        let late = on.checked_add(jiff::Span::new().days(31)).ok()?;
        if this > late {
            Date::new(on.year() - 1, self.month, self.day).ok()
        } else {
            Some(this)
        }
    }
}

/// Words a date's line needs beside it to be part of the story rather than page furniture.
const STORY_WORDS: usize = 4;

/// Whether the line of the date at `span` has words of a story beside the date.
fn leads(text: &str, (a, b): (usize, usize)) -> bool {
    let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    let end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let words_of = |t: &str| words(t).len();
    words_of(&text[start..a]) + words_of(&text[b..end]) >= STORY_WORDS
}

/// Digits-only dates: day-first with dots or slashes ("20.09.2023"), or ISO ("2023-09-20").
static NUMERIC_DATES: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    [
        Regex::new(r"(?:^|[^\d.,/])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?:[^\d]|$)"),
        Regex::new(r"(?:^|[^\d.,/-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[^\d]|$)"),
    ]
    .map(|r| r.expect("the numeric date patterns compile"))
});

/// A day of the month written as a word: digits (1-31), with at most an ordinal ending of
/// letters ("20th").
fn day_word(w: &str) -> Option<i8> {
    let digits = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &w[digits..];
    if digits == 0 || digits > 2 || !rest.chars().all(char::is_alphabetic) {
        return None;
    }
    w[..digits]
        .parse::<i8>()
        .ok()
        .filter(|d| (1..=31).contains(d))
}

/// Whether only spaces and light punctuation separate two words of a date.
fn joined(gap: &str) -> bool {
    gap.chars().count() <= 3
        && gap
            .chars()
            .all(|c| c.is_whitespace() || ".,-/'’".contains(c))
}

/// The dates written in `text` (normalised), by position: a month name of the language with a
/// day number beside it ("20 September", "September 20"), a year when one
/// stands within two words; and digits-only dates.
pub fn written_dates(lang: &Language, pack: &RulePack, text: &str) -> Vec<Written> {
    let mut out = Vec::new();
    let (lo, hi) = pack.settings.years;
    let ws = words(text);
    let year_at = |i: usize| -> Option<i16> {
        let (a, b) = *ws.get(i)?;
        let w = &text[a..b];
        w.parse::<u32>()
            .ok()
            .filter(|y| w.len() == 4 && (lo..=hi).contains(y))
            .map(|y| y as i16)
    };
    for (month, re) in &lang.time.months {
        let Some(re) = re.get() else { continue };
        for caps in re.captures_iter(text) {
            let Some(m) = caps.name("m") else { continue };
            // Words of the month name, and the words just before and after it.
            let first = ws.partition_point(|w| w.1 <= m.start());
            let after = ws.partition_point(|w| w.0 < m.end());
            let before = first.checked_sub(1);
            let day_before = before
                .filter(|&i| joined(&text[ws[i].1..m.start()]))
                .and_then(|i| day_word(&text[ws[i].0..ws[i].1]).map(|d| (i, d)));
            let day_after = (after < ws.len() && joined(&text[m.end()..ws[after].0]))
                .then(|| day_word(&text[ws[after].0..ws[after].1]).map(|d| (after, d)))
                .flatten();
            let Some((di, day)) = day_before.or(day_after) else {
                continue;
            };
            let (lo_w, hi_w) = (di.min(first), di.max(after.saturating_sub(1)));
            // A year right after the date, else right before it, within two words.
            let year = (hi_w + 1..=hi_w + 2)
                .chain((lo_w.saturating_sub(2)..lo_w).rev())
                .find_map(|i| year_at(i).map(|y| (i, y)));
            let (mut a, mut b) = (ws[lo_w].0.min(m.start()), ws[hi_w].1.max(m.end()));
            if let Some((yi, _)) = year {
                a = a.min(ws[yi].0);
                b = b.max(ws[yi].1);
            }
            out.push(Written {
                span: (a, b),
                day,
                month: *month,
                year: year.map(|(_, y)| y),
            });
        }
    }
    for re in NUMERIC_DATES.iter() {
        for caps in re.captures_iter(text) {
            let num = |k: &str| caps.name(k).and_then(|g| g.as_str().parse::<i16>().ok());
            let (Some(d), Some(m), Some(y)) = (num("d"), num("m"), num("y")) else {
                continue;
            };
            let span = (
                caps.name("d")
                    .map_or(0, |g| g.start())
                    .min(caps.name("y").map_or(0, |g| g.start())),
                caps.name("d")
                    .map_or(0, |g| g.end())
                    .max(caps.name("y").map_or(0, |g| g.end())),
            );
            let w = Written {
                span,
                day: d as i8,
                month: m as i8,
                year: ((lo..=hi).contains(&(y as u32))).then_some(y),
            };
            if (1..=12).contains(&m) && (1..=31).contains(&d) && w.date().is_some() {
                out.push(w);
            }
        }
    }
    out.sort_by_key(|w| w.span);
    out.dedup_by_key(|w| w.span);
    out
}

/// When a time anchor places a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Year(i16),
    Day(Date),
    /// A date written in full or as day and month ("21 April").
    Written(Date),
}

/// What a sentence says about events and time, read once for all its claims: a rules' event it
/// names, and its time anchors (dates, years, and phrases relative to the article's date).
pub struct SentenceTime {
    named: Option<(EventKey, String)>,
    /// Anchors by their byte ranges in the sentence, with their words.
    anchors: Vec<((usize, usize), Anchor, String)>,
    words: WordIndex,
    /// Reports this many days apart are of one incident.
    incident_days: i64,
}

impl SentenceTime {
    /// Reads sentence `sent` of an article with metadata `meta`.
    pub fn read(pack: &RulePack, lang: &Language, sent: &str, meta: &Meta) -> SentenceTime {
        let quote =
            |(a, b): (usize, usize)| sent[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
        let named = first_alias(pack, lang, sent, &lang.event_names)
            .map(|(i, span)| (named(pack, i), quote(span)));
        let mut anchors = Vec::new();
        if named.is_none() {
            let dates = written_dates(lang, pack, sent);
            let in_date = |a: usize| dates.iter().any(|w| w.span.0 <= a && a < w.span.1);
            for w in &dates {
                if let Some(d) = meta.date.map_or(w.date(), |on| w.near(on)) {
                    anchors.push((w.span, Anchor::Written(d), quote(w.span)));
                }
            }
            let (lo, hi) = pack.settings.years;
            for (a, b) in words(sent) {
                let w = &sent[a..b];
                if let Some(y) = w
                    .parse::<u32>()
                    .ok()
                    .filter(|y| w.len() == 4 && (lo..=hi).contains(y) && !in_date(a))
                {
                    anchors.push(((a, b), Anchor::Year(y as i16), w.to_string()));
                }
            }
            if let Some(date) = meta.date {
                for (shift, re) in &lang.time.phrases {
                    for m in re.find_iter(sent) {
                        if let Some(anchor) = shifted(date, *shift) {
                            let span = (m.start(), m.end());
                            anchors.push((span, anchor, quote(span)));
                        }
                    }
                }
            }
        }
        SentenceTime {
            named,
            anchors,
            words: WordIndex::new(sent, 0),
            incident_days: i64::from(pack.settings.incident_days),
        }
    }

    /// The time anchor nearest a claim at bytes `claim` of the sentence, within the window (a
    /// written date: anywhere in the sentence).
    fn anchor_for(&self, lang: &Language, claim: (usize, usize)) -> Option<(Anchor, &str)> {
        let (cs, ce) = claim;
        // Words between an anchor and the claim.
        let distance = |(a, b): (usize, usize)| {
            if b <= cs {
                self.words.between(b, cs)
            } else if a >= ce {
                self.words.between(ce, a)
            } else {
                0
            }
        };
        self.anchors
            .iter()
            .map(|(span, anchor, words)| (distance(*span), *anchor, words.as_str()))
            // A written date frames its whole sentence ("On 13 September, X said ...").
            .filter(|(d, a, _)| *d <= lang.time.window || matches!(a, Anchor::Written(_)))
            .min_by_key(|(d, _, _)| *d)
            .map(|(_, anchor, words)| (anchor, words))
    }

    /// The year a claim at bytes `claim` of the sentence is placed in by a year near it.
    pub fn year_of(&self, lang: &Language, claim: (usize, usize)) -> Option<i16> {
        match self.anchor_for(lang, claim)?.0 {
            Anchor::Year(y) => Some(y),
            Anchor::Day(d) | Anchor::Written(d) => Some(d.year()),
        }
    }

    /// The event of a claim at bytes `claim` of the sentence, and why, or `None` to keep the
    /// article's.
    pub fn event_of(
        &self,
        pack: &RulePack,
        lang: &Language,
        claim: (usize, usize),
        meta: &Meta,
    ) -> Option<(EventKey, String)> {
        if let Some((e, words)) = &self.named {
            return Some((
                e.clone(),
                format!("its sentence names the event (\"{words}\")"),
            ));
        }
        let (anchor, words) = self.anchor_for(lang, claim)?;
        let key = match anchor {
            Anchor::Year(y) if Some(y) == meta.date.map(|d| d.year()) => None,
            Anchor::Year(y) => Some(
                narrowest(pack, |e| e.start.year() <= y && y <= e.end.year())
                    .map_or(EventKey::Year(y), |i| named(pack, i)),
            ),
            Anchor::Day(d) => event_holding(pack, d),
            // A written date days away from the article's is another day's news.
            Anchor::Written(d) => event_holding(pack, d).or_else(|| {
                let apart = meta
                    .date
                    .map_or(i64::MAX, |on| (d - on).get_days().abs().into());
                (apart > self.incident_days).then_some(EventKey::Day(d))
            }),
        }?;
        let what = match anchor {
            Anchor::Year(_) => "a year",
            Anchor::Day(_) => "a time",
            Anchor::Written(_) => "a date",
        };
        Some((key, format!("{what} near it (\"{words}\")")))
    }
}

/// The time a phrase means, relative to the article's date.
fn shifted(date: Date, shift: Shift) -> Option<Anchor> {
    match shift {
        Shift::Weekday(w) => {
            let back =
                (date.weekday().to_monday_zero_offset() - w.to_monday_zero_offset()).rem_euclid(7);
            date.checked_sub(jiff::Span::new().days(i64::from(back)))
                .ok()
                .map(Anchor::Day)
        }
        Shift::By {
            days: 0,
            months: 0,
            years,
        } => Some(Anchor::Year(date.year() + years as i16)),
        Shift::By {
            days,
            months,
            years,
        } => date
            .checked_add(
                jiff::Span::new()
                    .days(i64::from(days))
                    .months(i64::from(months))
                    .years(i64::from(years)),
            )
            .ok()
            .map(Anchor::Day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};

    #[test]
    fn weekday_is_the_last_one_on_or_before() {
        // 2021-11-17 was a Wednesday.
        assert_eq!(
            shifted(date(2021, 11, 17), Shift::Weekday(Weekday::Tuesday)),
            Some(Anchor::Day(date(2021, 11, 16)))
        );
        assert_eq!(
            shifted(date(2021, 11, 17), Shift::Weekday(Weekday::Wednesday)),
            Some(Anchor::Day(date(2021, 11, 17)))
        );
        assert_eq!(
            shifted(date(2021, 11, 17), Shift::Weekday(Weekday::Thursday)),
            Some(Anchor::Day(date(2021, 11, 11)))
        );
    }

    #[test]
    fn relative_shifts() {
        let by = |days, months, years| Shift::By {
            days,
            months,
            years,
        };
        assert_eq!(
            shifted(date(2021, 11, 17), by(0, 0, -1)),
            Some(Anchor::Year(2020))
        );
        assert_eq!(
            shifted(date(2021, 11, 17), by(-1, 0, 0)),
            Some(Anchor::Day(date(2021, 11, 16)))
        );
    }
}

#[cfg(test)]
mod dates {
    use super::*;
    use jiff::civil::date;

    fn found(lang: &str, text: &str) -> Vec<(i8, i8, Option<i16>)> {
        let pack = RulePack::embedded().unwrap();
        let l = pack.language(lang).unwrap();
        written_dates(l, &pack, text)
            .iter()
            .map(|w| (w.day, w.month, w.year))
            .collect()
    }

    #[test]
    fn dates_in_words_and_digits() {
        assert_eq!(
            found("en", "capital, sept 20, 2023 (wire) - four"),
            [(20, 9, Some(2023))]
        );
        assert_eq!(
            found("en", "on 13 september, the ministry said"),
            [(13, 9, None)]
        );
        assert_eq!(found("en", "the 20th of may"), Vec::new());
        assert_eq!(
            found("en", "2023, 20 sept: the ministry"),
            [(20, 9, Some(2023))]
        );
        assert_eq!(
            found("en", "capital, 20.09.2023 - the ministry"),
            [(20, 9, Some(2023))]
        );
        assert_eq!(
            found("en", "on 2023-09-20 the ministry"),
            [(20, 9, Some(2023))]
        );
        // A count before a month with no day beside it is no date.
        assert_eq!(found("en", "killed 32 people in september"), Vec::new());
        assert_eq!(found("en", "on 31.02.2023 and 2023-13-01"), Vec::new());
    }

    #[test]
    fn a_date_alone_on_its_line_is_no_dateline() {
        let pack = RulePack::embedded().unwrap();
        let l = pack.language("en").unwrap();
        let meta = Meta::default();
        let text = "thursday, 28 november 2024\n\nfighting near the pass\n\nclashes broke out at dawn.\n\nthe ministry said seven soldiers were killed on 16 november 2021 near the border.\n";
        let (m, how) = dated(l, &pack, text, &meta);
        assert_eq!(m.date, Some(date(2021, 11, 16)));
        assert!(how.unwrap().starts_with("the latest date written in it"));
        let text =
            "clashes\n\ncapital, sept 20, 2023 (wire) - four soldiers were killed, it said.\n";
        let (m, how) = dated(l, &pack, text, &meta);
        assert_eq!(m.date, Some(date(2023, 9, 20)));
        assert!(how.unwrap().starts_with("its dateline"));
        // Blank lines between the first lines do not push a dateline's date out of them.
        let spaced = format!(
            "h\n{0}sub\n{0}four soldiers were killed, it said, sept 20, 2023\n",
            "\n".repeat(9)
        );
        let (_, how) = dated(l, &pack, &spaced, &meta);
        assert!(how.unwrap().starts_with("its dateline"));
        let choice = article_event(&pack, l, text, &m, Some("its dateline"));
        assert_eq!(choice.key, Some(EventKey::Day(date(2023, 9, 20))));
    }

    #[test]
    fn a_day_without_year_is_the_last_one_before_the_article() {
        let w = Written {
            span: (0, 0),
            day: 20,
            month: 12,
            year: None,
        };
        assert_eq!(w.near(date(2024, 1, 5)), Some(date(2023, 12, 20)));
        assert_eq!(w.near(date(2024, 12, 21)), Some(date(2024, 12, 20)));
    }
}
