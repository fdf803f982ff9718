//! One article through the stages: normalize -> segment -> match -> attribute -> claims.
//!
//! The same code serves `claims` and `explain`: when a trace is asked for, every decision
//! (who speaks and why, which side, what was dropped) is recorded beside the claims.

use crate::error::{Error, Location};
use crate::extract::attribute::{self, Memory, Speaker};
use crate::extract::event;
use crate::extract::matcher::{self, Accused, Candidate};
use crate::model::{Article, Claim, Kind, Meta, Provenance, Sketch};
use crate::rules::{Language, RulePack, UnnamedSide};
use crate::text::segment::{self, Sentence};

/// What happened to one pattern match.
#[derive(Debug, Clone)]
pub struct MatchTrace {
    pub rule: String,
    pub kind: Kind,
    /// Normalised byte range of the match.
    pub span: (usize, usize),
    /// The claim made from it, if it was kept.
    pub claim: Option<Claim>,
    /// Why it was kept as it is, or why it was dropped.
    pub why: String,
}

/// Everything decided about one sentence (for `explain`).
#[derive(Debug, Clone)]
pub struct SentenceTrace {
    pub line: usize,
    /// The line the sentence ends on (a headline without a full stop runs on).
    pub end_line: usize,
    /// The language the sentence was read in.
    pub lang: String,
    pub sentence: Sentence,
    pub original: String,
    /// Sources named: (source id, words, anaphor?).
    pub mentions: Vec<(String, String, bool)>,
    pub speakers: Vec<String>,
    pub matches: Vec<MatchTrace>,
}

/// An article's normalised text and sentence traces.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    pub normalized: String,
    pub event: Option<String>,
    pub sentences: Vec<SentenceTrace>,
}

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
        .max_by_key(|(i, l)| (l.letters(body), std::cmp::Reverse(*i)))
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
    Ok(extract_in(pack, lang, forced_lang.is_none(), article, None))
}

/// One article's claims and the sketch syndication compares it by.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub claims: Vec<Claim>,
    pub sketch: std::sync::Arc<Sketch>,
}

/// Each article's claims and sketch, in article order, extracted in parallel (calling `done`
/// with each article as it is finished, for progress). The result does not depend on the number
/// of threads.
pub fn extract_each(
    pack: &RulePack,
    articles: &[Article],
    forced_lang: Option<&str>,
    done: &(dyn Fn(&Article) + Sync),
) -> Result<Vec<Extracted>, Error> {
    use rayon::prelude::*;
    // Claims and sketch come from one normalisation of the article.
    articles
        .par_iter()
        .map(|a| {
            let lang = language(pack, a, forced_lang)?;
            let (mut claims, text) = extract_normalized(pack, lang, forced_lang.is_none(), a, None);
            done(a);
            let sketch = std::sync::Arc::new(crate::text::sketch::sketch(&text));
            for c in &mut claims {
                c.provenance.sketch = Some(sketch.clone());
            }
            Ok(Extracted { claims, sketch })
        })
        .collect()
}

/// The claims of an article and the trace of every decision behind them.
pub fn trace(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
) -> Result<(Vec<Claim>, Trace), Error> {
    let lang = language(pack, article, forced_lang)?;
    let mut trace = Trace::default();
    let claims = extract_in(pack, lang, forced_lang.is_none(), article, Some(&mut trace));
    Ok((claims, trace))
}

/// Claims of one sentence or snippet in a given language (rule examples use this).
pub fn extract_text(pack: &RulePack, lang: &Language, text: &str) -> Vec<Claim> {
    let article = Article {
        path: "<example>".into(),
        text: text.to_string(),
        body_start: 0,
        meta: Meta::default(),
    };
    extract_in(pack, lang, false, &article, None)
}

/// The language of each line: the article's, unless most of the line's letters are in the
/// script of another language of the pack (a quote or a boilerplate line in another language).
fn line_language<'p>(pack: &'p RulePack, main: &'p Language, line: &str) -> &'p Language {
    let letters = |l: &Language| l.letters(line);
    let own = letters(main);
    pack.languages
        .iter()
        .map(|l| (letters(l), l))
        .filter(|(n, l)| *n > own && *n >= 3 && l.id != main.id)
        .max_by_key(|(n, _)| *n)
        .map_or(main, |(_, l)| l)
}

/// A normalised article body and its blocks of lines, each with its language.
type Blocks<'p> = (
    crate::text::normalize::Normalized,
    Vec<(usize, usize, &'p Language)>,
);

/// Normalises an article line by line, each line in its own language (unless `mixed` is off),
/// into one text with one map back to the original.
fn normalize_article<'p>(
    pack: &'p RulePack,
    main: &'p Language,
    mixed: bool,
    article: &Article,
) -> Blocks<'p> {
    let mut norm =
        crate::text::normalize::Normalized::with_capacity(article.text.len() - article.body_start);
    let mut blocks: Vec<(usize, usize, &Language)> = Vec::new();
    let mut offset = article.body_start;
    for line in article.text[article.body_start..].split_inclusive('\n') {
        let l = if mixed {
            line_language(pack, main, line)
        } else {
            main
        };
        let start = norm.text.len();
        l.normalizer.run_into(line, offset, &mut norm);
        match blocks.last_mut() {
            Some(b) if std::ptr::eq(b.2, l) => b.1 = norm.text.len(),
            _ => blocks.push((start, norm.text.len(), l)),
        }
        offset += line.len();
    }
    (norm, blocks)
}

fn extract_in(
    pack: &RulePack,
    lang: &Language,
    mixed: bool,
    article: &Article,
    trace: Option<&mut Trace>,
) -> Vec<Claim> {
    extract_normalized(pack, lang, mixed, article, trace).0
}

/// The claims of an article and its normalised body.
fn extract_normalized(
    pack: &RulePack,
    lang: &Language,
    mixed: bool,
    article: &Article,
    mut trace: Option<&mut Trace>,
) -> (Vec<Claim>, String) {
    let (norm, blocks) = normalize_article(pack, lang, mixed, article);
    let text = norm.text.as_str();
    let mut memory = Memory::default();
    let article_event = event::article_event(pack, lang, text, &article.meta);
    let outlet = pack.outlet();
    let mut claims: Vec<Claim> = Vec::new();
    if let Some(t) = trace.as_deref_mut() {
        t.normalized = norm.text.clone();
        t.event = article_event.clone();
    }
    let sentences = blocks.iter().flat_map(|&(a, b, l)| {
        segment::sentences(&text[a..b], &l.terminators)
            .into_iter()
            .map(move |s| {
                (
                    Sentence {
                        start: a + s.start,
                        end: a + s.end,
                    },
                    l,
                )
            })
    });
    for (s, lang) in sentences {
        let mentions = attribute::mentions(pack, lang, text, s, &mut memory);
        let names: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
        let found = matcher::match_sentence(lang, pack.settings.years, text, s, &names);
        let speakers = if found.kept.is_empty() && trace.is_none() {
            Vec::new()
        } else {
            attribute::speakers(lang, text, s, &mentions)
        };
        let mut st = trace.as_ref().map(|_| {
            let (a, b) = norm.original(s.start, s.end);
            SentenceTrace {
                line: crate::error::line_col(&article.text, a).0,
                end_line: crate::error::line_col(&article.text, b.saturating_sub(1).max(a)).0,
                lang: lang.id.clone(),
                sentence: s,
                original: article.text[a..b].to_string(),
                mentions: mentions
                    .iter()
                    .map(|m| {
                        (
                            pack.sources[m.source].id.0.clone(),
                            text[m.start..m.end].to_string(),
                            m.anaphor,
                        )
                    })
                    .collect(),
                speakers: speakers
                    .iter()
                    .map(|sp| describe_speaker(pack, text, sp))
                    .collect(),
                matches: found
                    .rejected
                    .iter()
                    .map(|r| MatchTrace {
                        rule: lang.rules[r.rule].id.clone(),
                        kind: lang.rules[r.rule].kind,
                        span: (r.start, r.end),
                        claim: None,
                        why: format!("dropped: {}", r.reason),
                    })
                    .collect(),
            }
        });
        if !found.kept.is_empty() {
            let starts: Vec<usize> = found.kept.iter().map(|c| c.start).collect();
            let mut last_side = None;
            for c in &found.kept {
                let event = event::claim_event(
                    pack,
                    lang,
                    &text[s.start..s.end],
                    s.start,
                    (c.start, c.end),
                    &article.meta,
                )
                .or_else(|| article_event.clone());
                let made = claim(
                    pack,
                    lang,
                    article,
                    &norm,
                    c,
                    &speakers,
                    &starts,
                    &mut last_side,
                    &event,
                    outlet,
                );
                let (kept, why) = match made {
                    Err(why) => (None, format!("dropped: {why}")),
                    Ok((cl, why)) => match claims.iter_mut().find(|o| same_claim(o, &cl)) {
                        // The same figure again: it counts once, but a breakdown it gives is kept.
                        Some(o) if o.parts.is_empty() && !cl.parts.is_empty() => {
                            o.parts = cl.parts.clone();
                            (
                                None,
                                format!(
                                    "dropped: repeats the claim of line {} (its parts are kept there)",
                                    o.line
                                ),
                            )
                        }
                        Some(o) => (
                            None,
                            format!("dropped: repeats the claim of line {}", o.line),
                        ),
                        None => {
                            claims.push(cl.clone());
                            (Some(cl), why)
                        }
                    },
                };
                if let Some(st) = st.as_mut() {
                    st.matches.push(MatchTrace {
                        rule: lang.rules[c.rule].id.clone(),
                        kind: c.kind,
                        span: (c.start, c.end),
                        claim: kept,
                        why,
                    });
                }
            }
        }
        if let (Some(t), Some(mut st)) = (trace.as_deref_mut(), st) {
            st.matches.sort_by_key(|m| m.span);
            t.sentences.push(st);
        }
    }
    (claims, norm.text)
}

fn describe_speaker(pack: &RulePack, text: &str, sp: &Speaker) -> String {
    let mut s = format!(
        "{} ({} `{}`",
        pack.sources[sp.source].id,
        sp.cue.describe(),
        &text[sp.cue_span.0..sp.cue_span.1]
    );
    for v in &sp.via {
        s.push_str(&format!(", via {}", pack.sources[*v].id));
    }
    s.push(')');
    s
}

/// Turns a candidate into a claim, saying who said it and whose side it counts, and why.
#[allow(clippy::too_many_arguments)]
fn claim(
    pack: &RulePack,
    lang: &Language,
    article: &Article,
    norm: &crate::text::normalize::Normalized,
    c: &Candidate,
    speakers: &[Speaker],
    starts: &[usize],
    last_side: &mut Option<usize>,
    event: &Option<String>,
    outlet: usize,
) -> Result<(Claim, String), String> {
    let rule = &lang.rules[c.rule];
    let speaker = attribute::speaker_for(speakers, c.start, starts);
    let source = speaker.map_or(outlet, |sp| sp.source);
    let who = match speaker {
        None if rule.needs_speaker => {
            return Err("this rule needs a speaker and the sentence names none".into());
        }
        None => "no speaker in the sentence: the outlet".to_string(),
        Some(sp) if sp.from > c.start => format!(
            "{} speaks after it and closes the sentence",
            pack.sources[source].id
        ),
        Some(sp) => format!(
            "in the scope of {} ({})",
            pack.sources[source].id,
            sp.cue.describe()
        ),
    };
    let speaker_side = pack.sources[source].side;
    let side_name = |i: Option<usize>| i.map_or("none".to_string(), |i| pack.sides[i].id.0.clone());
    let (side, accuser, accused, side_why) = if c.kind == Kind::Blame {
        let accused = match c.accused {
            Some(Accused::Side(x)) => Some(x),
            Some(Accused::OpponentOf(v)) => opponent(pack, v),
            None => None,
        };
        if accused.is_none() {
            return Err(
                "no side to blame (the attacked side has no opponents in the rules)".into(),
            );
        }
        (
            None,
            speaker_side,
            accused,
            format!("accuser = the speaker's side {}", side_name(speaker_side)),
        )
    } else {
        // Named side, else "its own" = the speaker's, else the side of the claim before it in
        // the sentence ("killed 2 of side X and wounded 14"), else the rule's default.
        let unnamed = match rule.unnamed_side {
            UnnamedSide::Speaker => speaker_side,
            UnnamedSide::Opponent => speaker_side.and_then(|s| opponent(pack, s)),
            UnnamedSide::None => None,
        };
        let (side, why) = if let Some(x) = c.side {
            (Some(x), "named")
        } else if c.own && speaker_side.is_some() {
            (speaker_side, "possessive: the speaker's own")
        } else if last_side.is_some() {
            (*last_side, "as the claim before it in the sentence")
        } else if unnamed.is_some() {
            let why = match rule.unnamed_side {
                UnnamedSide::Opponent => "not named: the speaker's opponent",
                _ => "not named: the speaker's own",
            };
            (unnamed, why)
        } else {
            (None, "not named")
        };
        *last_side = side.or(*last_side);
        (
            side,
            None,
            None,
            format!("side {} ({why})", side_name(side)),
        )
    };
    let (a, b) = norm.original(c.start, c.end);
    let (line, _) = crate::error::line_col(&article.text, a);
    let side_id = |i: usize| pack.sides[i].id.clone();
    let cl = Claim {
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
        parts: c.parts.clone(),
        figures: c
            .figures
            .iter()
            .map(|&(x, y)| norm.original(x, y))
            .collect(),
        provenance: Provenance {
            outlet: article
                .meta
                .outlet
                .clone()
                .unwrap_or_else(|| article.path.clone()),
            published: article.meta.date,
            cluster: article.path.clone(),
            sketch: None,
        },
    };
    Ok((cl, format!("{who}; {side_why}")))
}

/// The opponent of a side: its own first opponent, else its camp's.
fn opponent(pack: &RulePack, side: usize) -> Option<usize> {
    let s = &pack.sides[side];
    s.opponents
        .first()
        .or_else(|| pack.sides[s.camp].opponents.first())
        .copied()
}

/// Whether two claims say the same thing from the same source about the same event.
fn same_claim(o: &Claim, c: &Claim) -> bool {
    (
        &o.source, &o.via, o.kind, &o.side, o.value, o.upper, o.bound, &o.accuser, &o.accused,
        &o.event,
    ) == (
        &c.source, &c.via, c.kind, &c.side, c.value, c.upper, c.bound, &c.accuser, &c.accused,
        &c.event,
    )
}
