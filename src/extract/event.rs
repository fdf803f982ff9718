//! Event assignment: which event a claim is about.
//!
//! An article's claims belong to its front-matter `event`, else to the rule event whose window
//! holds the article date, else to the date itself; an undated article naming an event's place
//! belongs to that event. A sentence that names a rule event moves its claims there. A time
//! anchor near a claim (a year, "last year", "on Tuesday") moves it to the event of that time:
//! a year to the rule event of that year (else the year itself), a day to the rule event
//! holding it (else the claim stays with its article).

use crate::extract::attribute::{Forms, alias_at};
use crate::model::{EventKey, Meta};
use crate::rules::{Alias, EventIx, Language, RulePack, Shift, SideIx};
use crate::text::segment::{WordIndex, words};
use jiff::civil::Date;

/// The event of an article as a whole; `text` is its normalised body.
pub fn article_event(
    pack: &RulePack,
    lang: &Language,
    text: &str,
    meta: &Meta,
) -> Option<EventKey> {
    if let Some(e) = &meta.event {
        return Some(e.clone());
    }
    match meta.date {
        Some(date) => Some(event_holding(pack, date).unwrap_or(EventKey::Day(date))),
        None => first_alias(pack, lang, text, &lang.event_places).map(|i| named(pack, i)),
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

/// The event index of the first alias of `aliases` found in `text`.
fn first_alias(
    pack: &RulePack,
    lang: &Language,
    text: &str,
    aliases: &[Alias<EventIx>],
) -> Option<EventIx> {
    let forms = Forms::new(text, &lang.proclitics);
    (0..forms.toks.len()).find_map(|i| {
        aliases
            .iter()
            .find(|a| alias_at(a, &forms, i, &pack.settings))
            .map(|a| a.target)
    })
}

/// When a time anchor places a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Year(i16),
    Day(Date),
}

/// What a sentence says about events and time, read once for all its claims: a rules' event it
/// names, and its time anchors (years, and phrases relative to the article's date).
pub struct SentenceTime {
    named: Option<EventKey>,
    /// Anchors by their byte ranges in the sentence.
    anchors: Vec<((usize, usize), Anchor)>,
    words: WordIndex,
}

impl SentenceTime {
    /// Reads sentence `sent` of an article with metadata `meta`.
    pub fn read(pack: &RulePack, lang: &Language, sent: &str, meta: &Meta) -> SentenceTime {
        let named = first_alias(pack, lang, sent, &lang.event_names).map(|i| named(pack, i));
        let mut anchors = Vec::new();
        if named.is_none() {
            let (lo, hi) = pack.settings.years;
            for (a, b) in words(sent) {
                let w = &sent[a..b];
                if let Some(y) = w
                    .parse::<u32>()
                    .ok()
                    .filter(|y| w.len() == 4 && (lo..=hi).contains(y))
                {
                    anchors.push(((a, b), Anchor::Year(y as i16)));
                }
            }
            if let Some(date) = meta.date {
                for (shift, re) in &lang.time.phrases {
                    for m in re.find_iter(sent) {
                        if let Some(anchor) = shifted(date, *shift) {
                            anchors.push(((m.start(), m.end()), anchor));
                        }
                    }
                }
            }
        }
        SentenceTime {
            named,
            anchors,
            words: WordIndex::new(sent, 0),
        }
    }

    /// The time anchor nearest a claim at bytes `claim` of the sentence, within the window.
    fn anchor_for(&self, lang: &Language, claim: (usize, usize)) -> Option<Anchor> {
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
        let (_, anchor) = self
            .anchors
            .iter()
            .map(|&(span, anchor)| (distance(span), anchor))
            .filter(|(d, _)| *d <= lang.time.window)
            .min_by_key(|(d, _)| *d)?;
        Some(anchor)
    }

    /// The year a claim at bytes `claim` of the sentence is placed in by a year near it.
    pub fn year_of(&self, lang: &Language, claim: (usize, usize)) -> Option<i16> {
        match self.anchor_for(lang, claim)? {
            Anchor::Year(y) => Some(y),
            Anchor::Day(d) => Some(d.year()),
        }
    }

    /// The event of a claim at bytes `claim` of the sentence, or `None` to keep the article's.
    pub fn event_of(
        &self,
        pack: &RulePack,
        lang: &Language,
        claim: (usize, usize),
        meta: &Meta,
    ) -> Option<EventKey> {
        if let Some(e) = &self.named {
            return Some(e.clone());
        }
        let anchor = self.anchor_for(lang, claim)?;
        match anchor {
            Anchor::Year(y) if Some(y) == meta.date.map(|d| d.year()) => None,
            Anchor::Year(y) => Some(
                narrowest(pack, |e| e.start.year() <= y && y <= e.end.year())
                    .map_or(EventKey::Year(y), |i| named(pack, i)),
            ),
            Anchor::Day(d) => event_holding(pack, d),
        }
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
