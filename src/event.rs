//! Event assignment: which event a claim is about.
//!
//! An article's claims belong to its front-matter `event`, else to the rule event whose window
//! holds the article date, else to the date itself. A sentence that names a rule event, or
//! anchors itself in another year ("in autumn 2020"), moves its claims there.

use crate::model::Meta;
use crate::rules::{Alias, Language, RulePack};
use crate::segment::words;

/// The event of an article as a whole.
pub fn article_event(pack: &RulePack, meta: &Meta) -> Option<String> {
    if let Some(e) = &meta.event {
        return Some(e.clone());
    }
    let date = meta.date?;
    Some(
        pack.events
            .iter()
            .find(|e| e.start <= date && date <= e.end)
            .map_or_else(|| date.to_string(), |e| e.id.clone()),
    )
}

/// The event a sentence points to by itself, if any.
pub fn sentence_event(pack: &RulePack, lang: &Language, sent: &str, meta: &Meta) -> Option<String> {
    let toks = words(sent);
    for i in 0..toks.len() {
        if let Some(a) = lang
            .event_names
            .iter()
            .find(|a| names_at(a, sent, &toks[i..]))
        {
            return Some(pack.events[a.target].id.clone());
        }
    }
    let (lo, hi) = pack.settings.years;
    let article_year = meta.date.map(|d| d.year() as u32);
    let year = toks.iter().find_map(|&(a, b)| {
        let w = &sent[a..b];
        let y: u32 = w.parse().ok().filter(|_| w.len() == 4)?;
        (lo..=hi).contains(&y).then_some(y)
    })?;
    if Some(year) == article_year {
        return None;
    }
    let in_year = pack
        .events
        .iter()
        .find(|e| e.start.year() as u32 <= year && year <= e.end.year() as u32);
    Some(in_year.map_or_else(|| year.to_string(), |e| e.id.clone()))
}

fn names_at(a: &Alias, sent: &str, toks: &[(usize, usize)]) -> bool {
    a.words.len() <= toks.len()
        && a.words.iter().zip(toks).all(|(w, &(x, y))| {
            let t = &sent[x..y];
            if w.stem {
                t.starts_with(&w.text)
            } else {
                t == w.text
            }
        })
}
