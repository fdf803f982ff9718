//! One article through the stages: normalize -> segment -> match -> attribute -> claims, every
//! decision reported to a [`Sink`] (claims for a report, a trace for `explain` and `score`).

use crate::error::{Error, Location};
use crate::extract::attribute::{self, Cue, Memory, Speaker, Who};
use crate::extract::event;
use crate::extract::matcher::{self, Accused, Candidate};
use crate::extract::sink::{ArticleView, Decision, SentenceView, Sink, Sketched, Trace, Tracer};
use crate::model::{Article, Claim, Kind, Meta, Provenance, Sketch, SourceId};
use crate::rules::{Language, RulePack, SideIx, SourceIx, UnnamedSide};
use crate::text::langid;
use crate::text::segment::{self, Sentence};

/// Picks the article's language: `--lang`, front matter, else the script most of its letters use.
pub fn language<'p>(
    pack: &'p RulePack,
    article: &Article,
    forced: Option<&str>,
) -> Result<&'p Language, Error> {
    let scripts = forced.is_none().then(|| Scripts::of(pack, article));
    choose_language(pack, article, forced, scripts.as_ref())
}

/// How many letters of each language's script each line of an article's body holds: counted
/// once, for the article's language and for each line's.
struct Scripts {
    lines: Vec<Vec<usize>>,
    /// The identifier's pick for the article among the languages of its script, and how sure
    /// it was (read once: the article's language, then whether its lines are in doubt).
    identified: std::cell::OnceCell<Option<(usize, f64)>>,
}

impl Scripts {
    fn of(pack: &RulePack, article: &Article) -> Scripts {
        // Languages of one script (six share the Latin one) are counted once, in one pass.
        let table = &pack.scripts;
        let count = |line: &str| {
            let mut by_script = vec![0; table.len()];
            table.count(line, &mut by_script);
            (table.of_language.iter().map(|&k| by_script[k])).collect()
        };
        Scripts {
            lines: article.text[article.body_start..]
                .split_inclusive('\n')
                .map(count)
                .collect(),
            identified: std::cell::OnceCell::new(),
        }
    }

    /// Letters of language `i` in the whole body.
    fn total(&self, i: usize) -> usize {
        self.lines.iter().map(|l| l[i]).sum()
    }
}

fn choose_language<'p>(
    pack: &'p RulePack,
    article: &Article,
    forced: Option<&str>,
    scripts: Option<&Scripts>,
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
    let scripts = scripts.expect("scripts are counted unless a language is forced");
    let first = pack
        .languages
        .iter()
        .enumerate()
        .max_by_key(|(i, _)| (scripts.total(*i), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .ok_or_else(|| Error::Usage("the rule pack defines no language".into()))?;
    // Languages of one script are told apart by the identifier, on the opening of the body.
    let body = &article.text[article.body_start..];
    let same: Vec<usize> = (0..pack.languages.len())
        .filter(|&i| scripts.total(i) == scripts.total(first))
        .collect();
    let identified = *scripts
        .identified
        .get_or_init(|| identify_among(pack, &same, langid::sample(body, SAMPLE)));
    Ok(&pack.languages[identified.map_or(first, |x| x.0)])
}

/// Bytes of an article's body the identifier reads (the gold articles' first 200 characters
/// are all identified right).
const SAMPLE: usize = 600;

/// The identifier's pick among pack languages `among` for `text`, with its confidence.
fn identify_among(pack: &RulePack, among: &[usize], text: &str) -> Option<(usize, f64)> {
    if among.len() < 2 {
        return None;
    }
    let names: Vec<_> = among.iter().map(|&i| pack.languages[i].identity).collect();
    let found = langid::identify(text, &names).map(|(k, conf)| (among[k], conf));
    if found.is_some_and(|(_, conf)| conf >= UNSURE) {
        return found;
    }
    // A short or mixed opening ("Near Lacin, the ministry said 2 soldiers were killed"): the
    // language whose rules the text calls for most, the identifier's choice on a tie.
    let fits = |i: usize| {
        let l = &pack.languages[i];
        l.prefilter.candidates(&l.normalizer.word(text)).len()
    };
    let chosen = |i: usize| found.is_some_and(|f| f.0 == i);
    let (n, best) = (among.iter())
        .map(|&i| (fits(i), i))
        .max_by_key(|&(n, i)| (n, chosen(i)))?;
    if n == 0 {
        return found;
    }
    Some((best, found.map_or(0.0, |f| f.1)))
}

/// Below this confidence of the identifier, the pack's rules have a say in the language.
const UNSURE: f64 = 0.5;

/// Every claim in the article, deduplicated (a headline repeated in the body counts once).
pub fn extract(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
) -> Result<Vec<Claim>, Error> {
    let mut claims = Vec::new();
    extract_into(pack, article, forced_lang, &mut claims)?;
    Ok(claims)
}

/// Reads an article, reporting every decision and its claims to `sink`.
pub fn extract_into(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    // Unless one language is forced, each line is read in its own script's language.
    let scripts = forced_lang.is_none().then(|| Scripts::of(pack, article));
    let lang = choose_language(pack, article, forced_lang, scripts.as_ref())?;
    read_article(pack, lang, scripts.as_ref(), article, sink);
    Ok(())
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
            let mut sink = Sketched::new(Vec::new());
            extract_into(pack, a, forced_lang, &mut sink)?;
            done(a);
            Ok(Extracted {
                claims: sink.inner,
                sketch: sink.sketch,
            })
        })
        .collect()
}

/// The claims of an article and the trace of every decision behind them.
pub fn trace(
    pack: &RulePack,
    article: &Article,
    forced_lang: Option<&str>,
) -> Result<(Vec<Claim>, Trace), Error> {
    let mut tracer = Tracer::default();
    extract_into(pack, article, forced_lang, &mut tracer)?;
    Ok((tracer.claims, tracer.trace))
}

/// Claims of one sentence or snippet in a given language (rule examples use this).
pub fn extract_text(pack: &RulePack, lang: &Language, text: &str) -> Vec<Claim> {
    let mut claims = Vec::new();
    extract_text_into(pack, lang, text, &mut claims);
    claims
}

/// Reads a text in one language (a rule example), reporting to `sink`.
pub fn extract_text_into(pack: &RulePack, lang: &Language, text: &str, sink: &mut dyn Sink) {
    let article = Article {
        path: "<example>".into(),
        text: text.to_string(),
        body_start: 0,
        meta: Meta::default(),
    };
    read_article(pack, lang, None, &article, sink);
}

/// The language of a line: the article's, unless most of the line's letters (`letters`, per
/// language of the pack) are in the script of another language (a quote or a boilerplate line).
fn line_language<'p>(
    pack: &'p RulePack,
    main: &'p Language,
    scripts: &Scripts,
    (line, letters): (&str, &[usize]),
) -> &'p Language {
    let main_ix = pack.languages.iter().position(|l| l.id == main.id);
    let own = main_ix.map_or(0, |i| letters[i]);
    let best = letters.iter().copied().max().unwrap_or(0);
    if best > own && best >= 3 {
        // Another script: its language, told apart from others of that script on the line.
        let among: Vec<usize> = (0..letters.len()).filter(|&i| letters[i] == best).collect();
        let pick = identify_among(pack, &among, line).map_or(among[0], |x| x.0);
        return &pack.languages[pick];
    }
    // The article's script: its language, unless the article's own was in doubt and the line
    // is long enough to tell.
    let doubtful = scripts
        .identified
        .get()
        .copied()
        .flatten()
        .is_some_and(|(_, conf)| conf < LINE_DOUBT);
    if doubtful && own >= LINE_LETTERS {
        let among: Vec<usize> = (0..letters.len()).filter(|&i| letters[i] == own).collect();
        if let Some((pick, conf)) = identify_among(pack, &among, line)
            && conf >= LINE_DOUBT
        {
            return &pack.languages[pick];
        }
    }
    main
}

/// Below this confidence the article's language is in doubt, and its long lines are
/// identified one by one.
const LINE_DOUBT: f64 = 0.8;

/// Letters a line needs before it is identified on its own.
const LINE_LETTERS: usize = 40;

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
    mixed: Option<&Scripts>,
    article: &Article,
) -> Blocks<'p> {
    let mut norm =
        crate::text::normalize::Normalized::with_capacity(article.text.len() - article.body_start);
    let mut blocks: Vec<(usize, usize, &Language)> = Vec::new();
    let mut offset = article.body_start;
    for (i, line) in article.text[article.body_start..]
        .split_inclusive('\n')
        .enumerate()
    {
        let l = match mixed {
            Some(scripts) => line_language(pack, main, scripts, (line, &scripts.lines[i])),
            None => main,
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

/// Reads an article in `lang` (each line in its own language when `mixed` gives the lines'
/// scripts), reporting to `sink`.
fn read_article(
    pack: &RulePack,
    lang: &Language,
    mixed: Option<&Scripts>,
    article: &Article,
    sink: &mut dyn Sink,
) {
    let (norm, blocks) = normalize_article(pack, lang, mixed, article);
    let text = norm.text.as_str();
    let mut memory = Memory::default();
    // The date from the text when the front matter gives none: anchors and windows use it.
    let (meta, dated_by) = event::dated(lang, pack, text, &article.meta);
    let choice = event::article_event(pack, lang, text, &meta, dated_by.as_deref());
    let article_event = choice.key.clone();
    let outlet = pack.outlet();
    let mut claims: Vec<Claim> = Vec::new();
    // The headline: the body's first line with words.
    let headline = {
        let body = &article.text[article.body_start..];
        let skipped = body.len() - body.trim_start().len();
        crate::error::line_col(&article.text, article.body_start + skipped).0
    };
    sink.article(&ArticleView {
        article,
        lang,
        normalized: &norm,
        event: article_event.as_ref(),
        placed: &choice.why,
    });
    let sentences: Vec<(Sentence, &Language)> = blocks
        .iter()
        .flat_map(|&(a, b, l)| {
            segment::sentences(&text[a..b], &l.terminators, &l.abbreviations)
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
        })
        .collect();
    // No claim can come from an article in which no rule's trigger words all occur (most of a
    // news corpus): it is not read further unless the sink traces every sentence.
    // Each sentence's candidate rules, found once: the gate and the matcher share them.
    let candidates: Vec<Vec<usize>> = (sentences.iter())
        .map(|&(s, l)| l.prefilter.candidates(&text[s.start..s.end]))
        .collect();
    if !sink.every_sentence() && candidates.iter().all(Vec::is_empty) {
        sink.claims(Vec::new());
        return;
    }
    // Each sentence matched as if it named no source: names only reject matches (a side inside
    // one is no party blamed), and a rejected match is searched past the same way, so where
    // nothing is read here nothing is read with them. An article whose rules read nothing in
    // any sentence (their trigger words met by chance) gives no claim either; the others reuse
    // these matches in every sentence that names no source.
    let unnamed: Vec<matcher::Matches> = (sentences.iter().zip(&candidates))
        .map(|(&(s, l), rules)| {
            matcher::match_sentence(l, pack.settings.years, text, s, rules, &[])
        })
        .collect();
    if !sink.every_sentence() && !unnamed.iter().any(|m| m.read_any) {
        sink.claims(Vec::new());
        return;
    }
    let mut unnamed: Vec<Option<matcher::Matches>> = unnamed.into_iter().map(Some).collect();
    let places = event::places_named(pack, lang, text);
    // Sources named in every sentence first (anaphora resolve in reading order): a quotation's
    // speaker may be named after it, and a pronoun refers back to earlier sentences.
    // ... and before each sentence, the side the text was about.
    let mut abouts: Vec<Option<SideIx>> = Vec::new();
    let mentions: Vec<Vec<attribute::Mention>> = sentences
        .iter()
        .map(|&(s, l)| {
            let written = attribute::Written {
                norm: &norm,
                text: &article.text,
            };
            abouts.push(memory.about());
            attribute::mentions(pack, l, (text, &written), s, &mut memory)
        })
        .collect();
    let voices = Voices {
        pack,
        text,
        sentences: &sentences,
        mentions: &mentions,
        speakers: sentences
            .iter()
            .map(|_| std::cell::OnceCell::new())
            .collect(),
        quotes: attribute::quotations(text),
    };
    for (i, &(s, lang)) in sentences.iter().enumerate() {
        let mentions = &mentions[i];
        // Names of the pack: a side inside one is no party blamed ("the X defence ministry").
        let names: Vec<(usize, usize)> = (mentions.iter())
            .filter(|m| !m.described)
            .map(|m| (m.start, m.end))
            .collect();
        let found = match unnamed[i].take() {
            Some(found) if names.is_empty() => found,
            _ => {
                matcher::match_sentence(lang, pack.settings.years, text, s, &candidates[i], &names)
            }
        };
        let view = SentenceView {
            pack,
            lang,
            article,
            normalized: &norm,
            sentence: s,
            mentions,
            speakers: &voices.speakers[i],
        };
        sink.sentence(&view);
        for r in &found.rejected {
            let why = format!("dropped: {}", r.reason);
            sink.decision(&Decision {
                rule: &lang.rules[r.rule],
                span: (r.start, r.end),
                claim: None,
                why: &why,
            });
        }
        if found.kept.is_empty() {
            continue;
        }
        let speakers = view.speakers();
        let starts: Vec<usize> = found.kept.iter().map(|c| c.start).collect();
        let mut last_side = None;
        // An attack the sentence blames on a side ("X troops opened fire on a car: three
        // people died"): where it is told, and the attacker.
        let attacks: Vec<(usize, SideIx)> = (found.kept.iter())
            .filter(|c| c.kind == Kind::Blame)
            .filter_map(|c| match c.accused {
                Some(Accused::Side(x)) => Some((c.start, x)),
                _ => None,
            })
            .collect();
        let time = event::SentenceTime::read(pack, lang, &text[s.start..s.end], &meta);
        // The side that holds the places the sentence names (its civilians when none is named).
        let held = event::place_side(pack, lang, &text[s.start..s.end]);
        // The side the text was about, for a claim of the article's own story (not a past
        // war's toll told in passing).
        let about_here =
            |e: &Option<crate::model::EventKey>| abouts[i].filter(|_| *e == article_event);
        for c in &found.kept {
            let (event, placed) = time
                .event_of(pack, lang, (c.start - s.start, c.end - s.start), &meta)
                .map_or_else(
                    || (article_event.clone(), choice.why.clone()),
                    |(e, why)| (Some(e), why),
                );
            let year = time.year_of(lang, (c.start - s.start, c.end - s.start));
            // The sentence's own speaker, else one borrowed from a quotation or an earlier
            // sentence; an accuser is never the side it blames (that is the accused, named
            // after the verb: "He accused X of ...").
            let own = attribute::speaker_for(speakers, (c.start, c.end), &starts);
            let borrowed = match own {
                Some(sp) if !blames_itself(pack, sp, c) => None,
                _ => voices.borrowed(i, c.start),
            };
            let speaker = match own {
                Some(sp) if !blames_itself(pack, sp, c) => Some(sp),
                _ => borrowed.as_ref().filter(|b| !blames_itself(pack, b, c)),
            };
            // Mutual blame: each camp blames its opponent, through its government.
            let mutual: Vec<(Candidate, Speaker)> = if lang.rules[c.rule].mutual {
                mutual_blame(pack, c)
            } else {
                Vec::new()
            };
            let mut made = Vec::new();
            if !mutual.is_empty() {
                for (mc, sp) in &mutual {
                    made.push(claim(
                        pack,
                        lang,
                        article,
                        &norm,
                        mc,
                        Some(sp),
                        None,
                        &mut last_side,
                        (&event, year, &meta),
                        (outlet, about_here(&event), held),
                    ));
                }
            } else if lang.rules[c.rule].mutual {
                made.push(Err("no camps with opponents in the rules".to_string()));
            } else if own.is_some() && speaker.is_none() {
                made.push(Err("the speaker is of the camp it would blame".to_string()));
            } else {
                made.push(claim(
                    pack,
                    lang,
                    article,
                    &norm,
                    c,
                    speaker,
                    attacks.iter().rev().find(|a| a.0 <= c.start).map(|a| a.1),
                    &mut last_side,
                    (&event, year, &meta),
                    (outlet, about_here(&event), held),
                ));
            }
            for made in &mut made {
                if let Ok((cl, _)) = made {
                    cl.provenance.places = places.clone();
                    cl.provenance.placed = match &event {
                        Some(e) if cl.event.as_ref() != Some(e) => {
                            format!("its sides are not of {e}'s conflict")
                        }
                        _ => placed.clone(),
                    };
                }
            }
            for made in made {
                let (kept, why) = match made {
                    Err(why) => (None, format!("dropped: {why}")),
                    // A figure first given with no known speaker on the same line ("Ombudsman
                    // says 200 dead. X, the ombudsman, says ..."), or with neither speaker nor
                    // side in the headline, is the claim of the speaker who repeats it.
                    Ok((cl, why))
                        if let Some(o) = claims.iter_mut().find(|o| {
                            (o.line == cl.line || (o.line == headline && o.side.is_none()))
                                && restates(o, &cl)
                        }) =>
                    {
                        let line = o.line;
                        *o = Claim {
                            parts: std::mem::take(&mut o.parts),
                            ..cl.clone()
                        };
                        if !cl.parts.is_empty() {
                            o.parts = cl.parts.clone();
                        }
                        let why = format!(
                            "{why}; it names the speaker of the same figure on line {line}, whose claim it replaces"
                        );
                        (Some(cl), why)
                    }
                    // A figure repeated counts once; an accusation repeated in the body counts again
                    // (each is a statement), unless it repeats the headline or its own line.
                    Ok((cl, why)) => match claims.iter_mut().find(|o| {
                        same_claim(o, &cl)
                            && (cl.kind != Kind::Blame || o.line == headline || o.line == cl.line)
                    }) {
                        // The same figure again: it counts once, but a breakdown or a relay it
                        // gives is kept.
                        Some(o) => {
                            let mut kept = Vec::new();
                            if o.parts.is_empty() && !cl.parts.is_empty() {
                                o.parts = cl.parts.clone();
                                kept.push("its parts");
                            }
                            if o.via.is_empty() && !cl.via.is_empty() {
                                o.via = cl.via.clone();
                                kept.push("its relay");
                            }
                            let kept = match kept.as_slice() {
                                [] => String::new(),
                                k => format!(" ({} kept there)", k.join(" and ")),
                            };
                            let why =
                                format!("dropped: repeats the claim of line {}{kept}", o.line);
                            (None, why)
                        }
                        None => {
                            claims.push(cl.clone());
                            (Some(cl), why)
                        }
                    },
                };
                sink.decision(&Decision {
                    rule: &lang.rules[c.rule],
                    span: (c.start, c.end),
                    claim: kept.as_ref(),
                    why: &why,
                });
            }
        }
    }
    sink.claims(claims);
}

/// Who speaks in an article's sentences: each sentence's own speakers (found on first need),
/// and for a claim whose sentence names none, the speaker of the quotation it is in or the
/// speaker a pronoun or continuing verb refers back to.
struct Voices<'a> {
    pack: &'a RulePack,
    text: &'a str,
    sentences: &'a [(Sentence, &'a Language)],
    mentions: &'a [Vec<attribute::Mention>],
    speakers: Vec<std::cell::OnceCell<Vec<Speaker>>>,
    quotes: Vec<(usize, usize)>,
}

/// A sentence's pronoun or continuing verb: its span, the kinds of speaker it may stand for,
/// and whether it is a verb alone (`attribute::carried`).
type CarryCue<'l> = ((usize, usize), &'l [crate::rules::SourceKind], bool);

/// How many sentences back a pronoun may refer.
const CARRY_REACH: usize = 6;

impl Voices<'_> {
    fn of(&self, i: usize) -> &[Speaker] {
        self.speakers[i].get_or_init(|| {
            let (s, lang) = self.sentences[i];
            attribute::speakers(lang, self.text, s, &self.mentions[i])
        })
    }

    fn sentence_at(&self, at: usize) -> Option<usize> {
        self.sentences
            .iter()
            .position(|(s, _)| s.start <= at && at < s.end.max(s.start + 1))
    }

    /// The speaker a claim at `at` in sentence `i` borrows, if any.
    fn borrowed(&self, i: usize, at: usize) -> Option<Speaker> {
        // A continuing verb alone ("seien ... gestorben") only guesses the last speaker: a
        // next sentence saying who told it ("Das teilten die Behörden mit") names them. A
        // pronoun ("he said") names its speaker first.
        let (s, lang) = self.sentences[i];
        // The sentence's pronoun or continuing verb, read once for both uses below.
        let cue = attribute::carried(lang, self.text, s);
        let verb_only = cue.as_ref().is_some_and(|c| c.2);
        self.quoted(at)
            .or_else(|| {
                if verb_only {
                    self.told_after(i).or_else(|| self.carried(i, cue.as_ref()))
                } else {
                    self.carried(i, cue.as_ref()).or_else(|| self.told_after(i))
                }
            })
            .or_else(|| self.unresolved(i, cue.as_ref()))
    }

    /// A pronoun subject of a speech verb ("he said") with no earlier speaker to refer back to:
    /// a speaker the pack does not know, named by the pronoun, not the outlet.
    fn unresolved(&self, i: usize, cue: Option<&CarryCue>) -> Option<Speaker> {
        let (s, _) = self.sentences[i];
        let (span, kinds, verb) = cue?;
        let span = *span;
        // A continuing verb alone (no pronoun) names nobody.
        if *verb {
            return None;
        }
        let name = self.text[span.0..span.1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Some(Speaker {
            source: attribute::Who::Unlisted(std::sync::Arc::new(attribute::Unlisted {
                side: None,
                kind: *kinds.first()?,
                name,
            })),
            via: Vec::new(),
            from: s.start,
            cue: attribute::Cue::Unresolved,
            cue_span: span,
            named_at: span.0,
        })
    }

    /// The speaker of the next sentence when it says it told this one ("This was reported by
    /// the ministry"): on the same line, or as a paragraph of its own right after this
    /// sentence's paragraph (then it told the whole paragraph).
    fn told_after(&self, i: usize) -> Option<Speaker> {
        let (s, _) = self.sentences[i];
        let line_end = |at: usize| {
            self.text[at..]
                .find('\n')
                .map_or(self.text.len(), |n| at + n)
        };
        let told = |j: usize| {
            let (t, lang) = *self.sentences.get(j)?;
            Some((j, attribute::told_before(lang, self.text, t)?))
        };
        let same_line = (self.sentences.get(i + 1))
            .filter(|(n, _)| !self.text[s.end..n.start].contains('\n'))
            .and_then(|_| told(i + 1));
        // Else the first sentence after this paragraph, alone on its line, right after it.
        let own_paragraph = || {
            let end = line_end(s.end);
            let j = (i + 1..self.sentences.len()).find(|&j| self.sentences[j].0.start > end)?;
            let start = self.sentences[j].0.start;
            let alone = (self.sentences.get(j + 1)).is_none_or(|(n, _)| n.start > line_end(start));
            let gap = &self.text[end..start];
            if !alone || gap.matches('\n').count() > 2 || !gap.trim().is_empty() {
                return None;
            }
            told(j)
        };
        let (j, span) = same_line.or_else(own_paragraph)?;
        self.of(j).first().map(|sp| Speaker {
            cue: attribute::Cue::ToldAfter,
            from: s.start,
            cue_span: span,
            ..sp.clone()
        })
    }

    /// The speaker of the quotation around `at`: named after its closing mark in the same
    /// sentence, or before its opening mark.
    fn quoted(&self, at: usize) -> Option<Speaker> {
        let &(open, close) = self.quotes.iter().find(|&&(o, c)| o < at && at < c)?;
        let after = self
            .sentence_at(close)
            .and_then(|j| self.of(j).iter().find(|sp| sp.cue_span.0 > close));
        let before = || {
            self.sentence_at(open)
                .and_then(|j| self.of(j).iter().rev().find(|sp| sp.cue_span.1 <= open))
        };
        after.or_else(before).map(|sp| Speaker {
            cue: attribute::Cue::Quote,
            from: open,
            ..sp.clone()
        })
    }

    /// The last earlier speaker of a kind sentence `i`'s pronoun or continuing verb (`cue`)
    /// fits.
    fn carried(&self, i: usize, cue: Option<&CarryCue>) -> Option<Speaker> {
        let (s, _) = self.sentences[i];
        let &(span, ref kinds, _) = cue?;
        (i.saturating_sub(CARRY_REACH)..i).rev().find_map(|j| {
            self.of(j)
                .iter()
                .rev()
                .find(|sp| kinds.contains(&sp.source.kind(self.pack)))
                .map(|sp| Speaker {
                    cue: attribute::Cue::Carried,
                    from: s.start,
                    cue_span: span,
                    ..sp.clone()
                })
        })
    }
}

/// Turns a candidate into a claim, saying who said it and whose side it counts, and why.
#[allow(clippy::too_many_arguments)]
fn claim(
    pack: &RulePack,
    lang: &Language,
    article: &Article,
    norm: &crate::text::normalize::Normalized,
    c: &Candidate,
    speaker: Option<&Speaker>,
    attacked_by: Option<SideIx>,
    last_side: &mut Option<(SideIx, SourceId)>,
    (event, year, meta): (
        &Option<crate::model::EventKey>,
        Option<i16>,
        &crate::model::Meta,
    ),
    (outlet, about, held): (SourceIx, Option<SideIx>, Option<SideIx>),
) -> Result<(Claim, String), String> {
    let rule = &lang.rules[c.rule];
    let source = speaker.map_or(Who::Listed(outlet), |sp| sp.source.clone());
    let source_id = source.id(pack);
    let who = match speaker {
        None if rule.needs_speaker => {
            return Err("this rule needs a speaker and the sentence names none".into());
        }
        None => "no speaker in the sentence: the outlet".to_string(),
        Some(sp) if sp.from > c.start => {
            format!("{source_id} speaks after it and closes the sentence")
        }
        Some(sp) => {
            let (at, _) = norm.original(sp.cue_span.0, sp.cue_span.1);
            let (from, _) = norm.original(sp.named_at, sp.named_at);
            let (here, there) = (
                crate::error::line_col(&article.text, at).0,
                crate::error::line_col(&article.text, from).0,
            );
            // A borrowed speaker says where it was named.
            let named = match sp.cue {
                Cue::Carried | Cue::Quote | Cue::ToldAfter if here != there => {
                    format!(", named on line {there}")
                }
                _ => String::new(),
            };
            format!("in the scope of {source_id} ({}{named})", sp.cue.describe())
        }
    };
    let speaker_side = source.side(pack);
    let side_name =
        |i: Option<SideIx>| i.map_or("none".to_string(), |i| pack.sides[i].id.0.clone());
    let (side, accuser, accused, side_why) = if c.kind == Kind::Blame {
        let accused = match c.accused {
            Some(Accused::Side(x)) => Some(x),
            Some(Accused::OpponentOf(v)) => opponent(pack, v),
            Some(Accused::SpeakersOpponent) => speaker_side.and_then(|s| opponent(pack, s)),
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
        // The outlet's own voice counts the people of the side its text is about, as a reader
        // takes them ("three soldiers were killed" in a report on one side's losses).
        let unnamed = match rule.unnamed_side {
            UnnamedSide::Speaker if speaker.is_none() => about,
            UnnamedSide::Speaker => speaker_side,
            UnnamedSide::Opponent => speaker_side.and_then(|s| opponent(pack, s)),
            UnnamedSide::None => None,
        };
        let agent = match c.agent {
            Some(matcher::Agent::Side(a)) => {
                opponent(pack, a).map(|o| (o, "the opponent of the side that did it"))
            }
            Some(matcher::Agent::Speaker) => speaker_side
                .and_then(|s| opponent(pack, s))
                .map(|o| (o, "the speaker did it: its opponent")),
            None => None,
        };
        let (side, why) = if let Some(x) = c.side {
            (Some(x), "named")
        } else if c.own && speaker_side.is_some() {
            (speaker_side, "possessive: the speaker's own")
        } else if let Some((o, why)) = agent {
            (Some(o), why)
        } else if let Some((x, _)) = last_side.as_ref().filter(|(_, by)| *by == source_id) {
            // Only from the same speaker: "X said 2 died, while Y said it lost 50".
            (Some(*x), "as the claim before it in the sentence")
        } else if let Some(o) = attacked_by
            // Told by a speaker of another camp than the attacker's (one's own side's attacks
            // are told with their agent, which frames read).
            .filter(|&a| {
                speaker_side.is_some_and(|s| pack.sides[s].camp != pack.sides[a].camp)
                    || speaker_side.is_none()
            })
            .and_then(|a| opponent(pack, a))
        {
            (
                Some(o),
                "hit by an attack of the side blamed before it: its opponent",
            )
        } else if let Some(x) = held.filter(|_| {
            // Civilians live where they were hurt; soldiers fight at places on either side, so
            // a place tells their side only when no one speaks for a side.
            c.group == crate::model::Group::Civilian
                || (c.group == crate::model::Group::Unspecified && speaker_side.is_none())
        }) {
            (
                Some(x),
                "not named: the side that holds the place the sentence names",
            )
        } else if unnamed.is_some() {
            let why = match rule.unnamed_side {
                UnnamedSide::Opponent => "not named: the speaker's opponent",
                UnnamedSide::Speaker if speaker.is_none() => {
                    "not named: the side the text is about"
                }
                _ => "not named: the speaker's own",
            };
            (unnamed, why)
        } else {
            (None, "not named")
        };
        if let Some(x) = side {
            *last_side = Some((x, source_id.clone()));
        }
        (
            side,
            None,
            None,
            format!("side {} ({why})", side_name(side)),
        )
    };
    let (a, b) = norm.original(c.start, c.end);
    let (line, _) = crate::error::line_col(&article.text, a);
    let side_id = |i: SideIx| pack.sides[i].id.clone();
    // A claim joins only an event of its own conflict.
    let camps: Vec<SideIx> = [side, accuser, accused, source.side(pack)]
        .into_iter()
        .flatten()
        .map(|s| pack.sides[s].camp)
        .collect();
    let event = event::fitted(pack, event.clone(), &camps, (meta, year));
    let cl = Claim {
        file: article.path.clone(),
        line,
        span: (a, b),
        quote: article.text[a..b].to_string(),
        lang: lang.id.clone(),
        source: source_id,
        via: speaker.map_or_else(Vec::new, |sp| sp.via.iter().map(|v| v.id(pack)).collect()),
        kind: c.kind,
        side: side.map(side_id),
        group: (c.kind != Kind::Blame).then_some(c.group),
        value: c.count.map(|n| n.value),
        upper: c.count.and_then(|n| n.upper),
        bound: c.count.map(|n| n.bound),
        accuser: accuser.map(side_id),
        accused: accused.map(side_id),
        event,
        rule: rule.id.clone(),
        increment: c.kind != Kind::Blame && increment(lang, &norm.text, c),
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
            placed: String::new(),
            places: Vec::new(),
        },
    };
    Ok((cl, format!("{who}; {side_why}")))
}

/// Whether a count adds to an earlier total: an increment word right after its figure ("3
/// more"), right before it ("another 3"), or in the claim ("died of wounds"). After another
/// figure of its sentence, they are other people ("2 killed and another 5 wounded") or part of
/// the same toll, not an increment.
fn increment(lang: &Language, text: &str, c: &Candidate) -> bool {
    let Some(&(fs, fe)) = c.figures.first() else {
        return false;
    };
    let [after, before, within] = &lang.increment;
    let hit = |re: &Option<crate::rules::Lazy>, t: &str| re.as_ref().is_some_and(|r| r.is_match(t));
    let worded =
        hit(after, &text[fe..]) || hit(before, &text[..fs]) || hit(within, &text[c.start..c.end]);
    // The sentence's start: after the last terminator or line break before the figure.
    let from = (text[..fs].char_indices())
        .rfind(|&(_, ch)| ch == '\n' || lang.terminators.contains(&ch))
        .map_or(0, |(i, ch)| i + ch.len_utf8());
    worded && !lang.number_finder.is_match(&text[from..fs])
}

/// Mutual blame as one candidate per camp that has an opponent: that camp's government blames
/// its opponent.
fn mutual_blame(pack: &RulePack, c: &Candidate) -> Vec<(Candidate, Speaker)> {
    let mut out = Vec::new();
    for (i, side) in pack.sides.iter().enumerate() {
        let camp = SideIx(i);
        if side.part_of.is_some() {
            continue;
        }
        let (Some(opp), Some(gov)) = (
            opponent(pack, camp),
            pack.sources.iter().position(|s| {
                s.side == Some(camp) && s.kind == crate::model::SourceKind::Government
            }),
        ) else {
            continue;
        };
        let mut mc = c.clone();
        mc.accused = Some(Accused::Side(opp));
        let sp = Speaker {
            source: Who::Listed(SourceIx(gov)),
            via: Vec::new(),
            from: c.start,
            cue: attribute::Cue::Mutual,
            cue_span: (c.start, c.end),
            named_at: c.start,
        };
        out.push((mc, sp));
    }
    out
}

/// Whether `sp` would blame its own camp with blame candidate `c`.
fn blames_itself(pack: &RulePack, sp: &Speaker, c: &Candidate) -> bool {
    let accused = match c.accused {
        Some(Accused::Side(x)) => Some(x),
        Some(Accused::OpponentOf(v)) => opponent(pack, v),
        // The speaker's opponent is never the speaker's camp.
        Some(Accused::SpeakersOpponent) | None => None,
    };
    match (sp.source.side(pack), accused) {
        (Some(a), Some(b)) => c.kind == Kind::Blame && pack.camp(a) == pack.camp(b),
        _ => false,
    }
}

/// The opponent of a side: its own first opponent, else its camp's.
fn opponent(pack: &RulePack, side: SideIx) -> Option<SideIx> {
    let s = &pack.sides[side];
    s.opponents
        .first()
        .or_else(|| pack.sides[s.camp].opponents.first())
        .copied()
}

/// Whether `c` gives the figure of `o` with a better-known speaker: `o` had none (the outlet) or
/// one of no known side, and kind, figure, bound and event agree, with `o`'s side unknown or
/// the same.
fn restates(o: &Claim, c: &Claim) -> bool {
    let vague = |s: &SourceId| s.0 == SourceId::OUTLET || s.0.starts_with("unknown:");
    o.kind != Kind::Blame
        && vague(&o.source)
        && !vague(&c.source)
        && (o.kind, o.value, o.upper, o.bound, &o.event)
            == (c.kind, c.value, c.upper, c.bound, &c.event)
        && (o.side.is_none() || o.side == c.side)
}

/// Whether two claims say the same thing from the same source (whoever relayed it).
fn same_claim(o: &Claim, c: &Claim) -> bool {
    (
        &o.source, o.kind, &o.side, o.value, o.upper, o.bound, &o.accuser, &o.accused, &o.event,
    ) == (
        &c.source, c.kind, &c.side, c.value, c.upper, c.bound, &c.accuser, &c.accused, &c.event,
    )
}
