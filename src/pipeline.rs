//! One article through the stages: normalize -> segment -> match -> attribute -> claims.

use crate::attribute::{self, Memory};
use crate::error::{Error, Location};
use crate::event;
use crate::matcher::{self, Accused};
use crate::model::{Article, Claim, Kind, Meta};
use crate::rules::raw::UnnamedSide;
use crate::rules::{Language, RulePack};
use crate::segment;

/// Picks the article's language: `--lang`, front matter, else the script most of its letters use.
pub fn language<'p>(
    pack: &'p RulePack,
    article: &Article,
    forced: Option<&str>,
) -> Result<&'p Language, Error> {
    let wanted = forced.or(article.meta.lang.as_deref());
    if let Some(id) = wanted {
        return pack.language(id).ok_or_else(|| Error::Input {
            at: Location {
                file: article.path.clone(),
                line: 1,
                column: 1,
            },
            message: format!(
                "unknown language `{id}` (the rules define: {})",
                pack.languages
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let body = &article.text[article.body_start..];
    pack.languages
        .iter()
        .enumerate()
        .max_by_key(|(i, l)| (l.script.find_iter(body).count(), std::cmp::Reverse(*i)))
        .map(|(_, l)| l)
        .ok_or_else(|| Error::Usage("the rule pack defines no language".into()))
}

/// Every claim in the article, deduplicated (a headline repeated in the body counts once).
pub fn extract(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
) -> Result<Vec<Claim>, Error> {
    let lang = language(pack, article, forced_lang)?;
    Ok(extract_in(pack, lang, article))
}

/// Claims of one sentence or snippet in a given language (rule examples use this).
pub fn extract_text(pack: &RulePack, lang: &Language, text: &str) -> Vec<Claim> {
    let article = Article {
        path: "<example>".into(),
        text: text.to_string(),
        body_start: 0,
        meta: Meta::default(),
    };
    extract_in(pack, lang, &article)
}

fn extract_in(pack: &RulePack, lang: &Language, article: &Article) -> Vec<Claim> {
    let norm = lang
        .normalizer
        .run(&article.text[article.body_start..], article.body_start);
    let text = norm.text.as_str();
    let mut memory = Memory::default();
    let article_event = event::article_event(pack, &article.meta);
    let outlet = pack.outlet();
    let mut claims: Vec<Claim> = Vec::new();
    for s in segment::sentences(text, &lang.terminators) {
        let mentions = attribute::mentions(pack, lang, text, s, &mut memory);
        let candidates = matcher::match_sentence(lang, pack.settings.years, text, s);
        if candidates.is_empty() {
            continue;
        }
        let speakers = attribute::speakers(lang, text, s, &mentions);
        let starts: Vec<usize> = candidates.iter().map(|c| c.start).collect();
        let event = event::sentence_event(pack, lang, &text[s.start..s.end], &article.meta)
            .or_else(|| article_event.clone());
        let mut last_side = None;
        for c in &candidates {
            let rule = &lang.rules[c.rule];
            let speaker = attribute::speaker_for(&speakers, c.start, &starts);
            if rule.needs_speaker && speaker.is_none() {
                continue;
            }
            let source = speaker.map_or(outlet, |sp| sp.source);
            let speaker_side = pack.sources[source].side;
            let (side, accuser, accused) = if c.kind == Kind::Blame {
                let accused = match c.accused {
                    Some(Accused::Side(x)) => Some(x),
                    Some(Accused::OpponentOf(v)) => opponent(pack, v),
                    None => None,
                };
                if accused.is_none() {
                    continue;
                }
                (None, speaker_side, accused)
            } else {
                // Named side, else "its own" = the speaker's, else the side of the claim before
                // it in the sentence ("killed 2 of side X and wounded 14"), else the speaker's own.
                let own = if c.own { speaker_side } else { None };
                let unnamed = match rule.unnamed_side {
                    UnnamedSide::Speaker => speaker_side,
                    UnnamedSide::Opponent => speaker_side.and_then(|s| opponent(pack, s)),
                    UnnamedSide::None => None,
                };
                let side = c.side.or(own).or(last_side).or(unnamed);
                last_side = side.or(last_side);
                (side, None, None)
            };
            let (a, b) = norm.original(c.start, c.end);
            let (line, _) = crate::error::line_col(&article.text, a);
            let side_id = |i: usize| pack.sides[i].id.clone();
            claims.push(Claim {
                file: article.path.clone(),
                line,
                span: (a, b),
                quote: article.text[a..b].to_string(),
                lang: lang.id.clone(),
                source: pack.sources[source].id.clone(),
                via: speaker.map_or_else(Vec::new, |sp| {
                    sp.via.iter().map(|&v| pack.sources[v].id.clone()).collect()
                }),
                kind: c.kind,
                side: side.map(side_id),
                group: (c.kind != Kind::Blame).then_some(c.group),
                value: c.count.map(|n| n.value),
                upper: c.count.and_then(|n| n.upper),
                bound: c.count.map(|n| n.bound),
                accuser: accuser.map(side_id),
                accused: accused.map(side_id),
                event: event.clone(),
                rule: rule.id.clone(),
            });
        }
    }
    dedupe(claims)
}

/// The opponent of a side: its own first opponent, else its camp's.
fn opponent(pack: &RulePack, victim: usize) -> Option<usize> {
    let side = &pack.sides[victim];
    side.opponents
        .first()
        .or_else(|| pack.sides[side.camp].opponents.first())
        .copied()
}

/// Keeps the first of claims that say the same thing from the same source about the same event.
fn dedupe(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for c in claims {
        let same = |o: &Claim| {
            (
                &o.source, &o.via, o.kind, &o.side, o.value, o.upper, o.bound, &o.accuser,
                &o.accused, &o.event,
            ) == (
                &c.source, &c.via, c.kind, &c.side, c.value, c.upper, c.bound, &c.accuser,
                &c.accused, &c.event,
            )
        };
        if !out.iter().any(same) {
            out.push(c);
        }
    }
    out
}
