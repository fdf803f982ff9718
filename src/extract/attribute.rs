//! Attribution: who says what in a sentence.
//!
//! Sources are found by their aliases, word by word (tolerating proclitics, stems and
//! transliteration variants); anaphora ("the ministry") resolve to the last source of that kind
//! named in the article. A source becomes a speaker next to a speech verb (before or after it)
//! or after an "according to" phrase; a source after a "quoted by" phrase is a relay (`via`).
//! A speaker's scope runs from its cue to the next speaker in the sentence.

use crate::model::SourceId;
use crate::rules::{Alias, AliasWord, Language, RulePack, Settings, SideIx, SourceIx, SourceKind};
use crate::text::segment::{Sentence, WordIndex, words};
use std::collections::HashMap;

/// Who a mention names: a source of the pack, or a speaker it does not list, known by its
/// words ("the X ombudsman": a side's name and an institution noun of the rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Listed(SourceIx),
    Unlisted(std::sync::Arc<Unlisted>),
}

/// A speaker the pack does not list.
#[derive(Debug, PartialEq, Eq)]
pub struct Unlisted {
    /// The side it speaks for, when its words name one.
    pub side: Option<SideIx>,
    pub kind: SourceKind,
    /// The institution's name in the rules (`ombudsman`).
    pub name: String,
}

impl Who {
    /// The source id claims carry: the pack's, or `<side>:<name>`, or `unknown:<name>`.
    pub fn id(&self, pack: &RulePack) -> SourceId {
        match self {
            Who::Listed(i) => pack.sources[*i].id.clone(),
            Who::Unlisted(u) => SourceId(match u.side {
                Some(s) => format!("{}:{}", pack.sides[s].id, u.name),
                None => format!("unknown:{}", u.name),
            }),
        }
    }

    /// The side it speaks for.
    pub fn side(&self, pack: &RulePack) -> Option<SideIx> {
        match self {
            Who::Listed(i) => pack.sources[*i].side,
            Who::Unlisted(u) => u.side,
        }
    }

    /// What kind of speaker it is.
    pub fn kind(&self, pack: &RulePack) -> SourceKind {
        match self {
            Who::Listed(i) => pack.sources[*i].kind,
            Who::Unlisted(u) => u.kind,
        }
    }
}

/// A source named in a sentence (normalised byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub source: Who,
    /// Named by an anaphor ("the ministry") rather than by an alias.
    pub anaphor: bool,
    /// Named by its words (a side and an institution), not by an alias of the pack.
    pub described: bool,
    /// Speaks only after an according-to phrase ("according to the X side"): elsewhere the
    /// same words name a place or a target, not a subject.
    pub cited_only: bool,
    /// A medium (a source of kind `media`): beside another speaker of its sentence it relays
    /// that speaker ("X told Interfax", "Interfax reported, citing X").
    pub relay: bool,
}

/// How a speaker was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// "according to X".
    AccordingTo,
    /// A speech verb, then the speaker ("said the ministry").
    VerbThenSpeaker,
    /// The speaker, then its speech verb ("the ministry said").
    SpeakerThenVerb,
    /// Only a relay was named ("quoted by X").
    Relay,
    /// The sentence is inside a quotation whose speaker is named before or after it.
    Quote,
    /// A pronoun or a continuing verb refers back to an earlier speaker ("He said", "It added").
    Carried,
    /// Each side blames the other: every camp's government speaks.
    Mutual,
    /// The source opens the sentence, followed by a colon ("X: 13 captured").
    Colon,
    /// The next sentence says its speaker told this one ("This was reported by X").
    ToldAfter,
    /// A pronoun refers back, but no earlier speaker fits: a speaker the pack does not know.
    Unresolved,
}

impl Cue {
    /// Why a rule author should believe this speaker.
    pub fn describe(self) -> &'static str {
        match self {
            Cue::AccordingTo => "after an according-to phrase",
            Cue::VerbThenSpeaker => "after a speech verb",
            Cue::SpeakerThenVerb => "before a speech verb",
            Cue::Relay => "named as relay, no other speaker",
            Cue::Quote => "speaks the quotation the sentence is in",
            Cue::Carried => "referred back to by a pronoun or continuing verb",
            Cue::Mutual => "each side blames the other: this camp's government",
            Cue::Colon => "opens the line before a colon",
            Cue::ToldAfter => "the next sentence says this speaker told it",
            Cue::Unresolved => "a pronoun with no earlier speaker to refer back to: unknown",
        }
    }
}

/// A speaker and the part of the sentence it speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub source: Who,
    /// Relaying sources, nearest first.
    pub via: Vec<Who>,
    /// Where its scope starts.
    pub from: usize,
    pub cue: Cue,
    /// The cue words (normalised byte range).
    pub cue_span: (usize, usize),
    /// Where the speaker itself was named (normalised byte offset): another sentence when it
    /// was borrowed.
    pub named_at: usize,
}

/// What a mention without a name refers back to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refer {
    /// The last source of this kind ("the ministry").
    Kind(SourceKind),
    /// The source named last (a role: "a spokesman").
    Last,
    /// The last speaker described by this institution noun, else this unknown one.
    Named(std::sync::Arc<Unlisted>),
}

/// A source named in a sentence, before references back are resolved.
struct Found {
    start: usize,
    end: usize,
    who: Option<Who>,
    refer: Option<Refer>,
    /// Named by its words (a side and an institution noun).
    described: bool,
    /// The institution noun it was named by.
    name: Option<String>,
    /// Speaks only after an according-to phrase.
    cited_only: bool,
}

impl Found {
    /// A source named outright.
    fn named(start: usize, end: usize, who: Who) -> Found {
        Found {
            start,
            end,
            who: Some(who),
            refer: None,
            described: false,
            name: None,
            cited_only: false,
        }
    }
}

/// What attribution remembers across the sentences of one article.
#[derive(Debug, Default)]
pub struct Memory {
    last_of_kind: HashMap<SourceKind, Who>,
    /// The source named last, of any kind.
    last: Option<Who>,
    /// The side the text was last about: the first side named in the last sentence naming one.
    about: Option<SideIx>,
    /// Short names an article gives a speaker it described ("... Mine Action (ANAMA)").
    local: Vec<(String, Who)>,
    /// The last speaker described by each institution noun.
    by_name: HashMap<String, Who>,
}

impl Memory {
    /// The side the text is about so far: the first side named in the last sentence naming one.
    pub fn about(&self) -> Option<SideIx> {
        self.about
    }
}

/// The text as written behind a normalised text, for names matched case and all.
pub struct Written<'a> {
    pub norm: &'a crate::text::normalize::Normalized,
    pub text: &'a str,
}

impl Written<'_> {
    /// Whether normalised bytes `a..b` were written `exact` (spaces aside).
    fn is(&self, a: usize, b: usize, exact: &str) -> bool {
        let (x, y) = self.norm.original(a, b);
        let got = self.text.get(x..y).unwrap_or("");
        got.split_whitespace().eq(exact.split_whitespace())
    }
}

/// Sources named in sentence `s`, with anaphora resolved; updates `memory`.
pub fn mentions(
    pack: &RulePack,
    lang: &Language,
    (text, written): (&str, &Written),
    s: Sentence,
    memory: &mut Memory,
) -> Vec<Mention> {
    let sent = &text[s.start..s.end];
    let forms = Forms::new(sent, &lang.proclitics);
    let toks = &forms.toks;
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A short name the article gave a speaker earlier.
        if let Some((_, who)) = memory
            .local
            .iter()
            .find(|(w, _)| *w == sent[toks[i].0..toks[i].1])
        {
            found.push(Found::named(toks[i].0, toks[i].1, who.clone()));
            i += 1;
            continue;
        }
        // Only aliases whose first word starts like this word (or like it without a proclitic).
        let best = (lang.source_aliases.starting(forms.texts(i), &pack.settings))
            .filter(|(_, a)| alias_at(a, &forms, i, &pack.settings))
            // A name that must be written as given ("WHO") is checked against the text as written.
            .filter(|(_, a)| {
                a.exact.as_ref().is_none_or(|e| {
                    let end = toks[(i + a.words.len()).min(toks.len()) - 1].1;
                    written.is(s.start + toks[i].0, s.start + end, e)
                })
            })
            // The longest name; of as long, the pack's last.
            .max_by_key(|&(k, a)| (a.words.len(), k))
            .map(|(_, a)| a);
        match best {
            Some(a) => {
                let n = a.words.len();
                found.push(Found::named(
                    toks[i].0,
                    toks[i + n - 1].1,
                    Who::Listed(a.target),
                ));
                i += n;
            }
            None => i += 1,
        }
    }
    // A wire dateline ("Lisbon/Porto (AFP) – ...") names where and by whom the story was
    // filed, not who speaks: its places and its agency are no speakers, and no side the text
    // is about (the agency's voice is the article's own).
    let dateline = dateline_end(text, s);
    found.retain(|f| f.start >= dateline);
    let mut sides = side_names(lang, sent);
    sides.retain(|x| x.0 >= dateline);
    // "Ermenistan, Azerbaycan'ı ... suçladı": a side's name opening the sentence, set off by a
    // comma, is its government speaking, where the language's reports open so.
    if lang.opening_side
        && let Some(&(a, b, side)) = sides.first()
        && !sent[..a].chars().any(char::is_alphanumeric)
        && sent[b..].trim_start().starts_with(',')
        && !found.iter().any(|f| f.start < b && a < f.end)
        && let Some(i) = (pack.sources.iter())
            .position(|x| x.side == Some(side) && x.kind == SourceKind::Government)
    {
        found.push(Found::named(a, b, Who::Listed(SourceIx(i))));
    }
    // The side the text is about at a place: the nearest source before it that has one, else
    // the first side named in the sentence before it, else the one the text was about.
    let named: Vec<(usize, SideIx)> = (found.iter())
        .filter_map(|f| Some((f.end, f.who.as_ref()?.side(pack)?)))
        .collect();
    let about = |at: usize| {
        (named.iter().rev().find(|x| x.0 <= at).map(|x| x.1))
            .or_else(|| sides.iter().find(|x| x.1 <= at).map(|x| x.2))
            .or(memory.about)
    };
    for (a, b, who, name, cited_only) in unlisted(pack, lang, sent, &sides, about) {
        // "X's prosecutors" are the prosecutors, not the alias of the country X inside.
        let inside = |f: &Found| a <= f.start && f.end <= b && f.end - f.start < b - a;
        if found
            .iter()
            .all(|f| !(f.start < b && a < f.end) || inside(f))
        {
            found.retain(|f| !inside(f));
            let (who, refer) = match who {
                Described::Who(w) => (Some(w), None),
                Described::Refer(r) => (None, Some(r)),
            };
            found.push(Found {
                start: a,
                end: b,
                who,
                refer,
                described: true,
                name: Some(name),
                cited_only,
            });
        }
    }
    let index = WordIndex::new(sent, 0);
    for (kind, re) in &lang.anaphora {
        for m in re.captures_iter(sent).filter_map(|c| c.name("m")) {
            if !found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                // "the ministry in X": X's own source of that kind, not the last ministry named.
                let own =
                    side_linked(lang, sent, &index, &sides, m.end()).and_then(|(end, side)| {
                        let i = (pack.sources.iter())
                            .position(|x| x.side == Some(side) && x.kind == *kind)?;
                        Some((end, Who::Listed(SourceIx(i))))
                    });
                match own {
                    // The side's name is part of this mention, not a speaker of its own.
                    Some((end, who)) => {
                        found.retain(|f| f.end <= m.start() || f.start >= end);
                        let f = Found {
                            described: true,
                            ..Found::named(m.start(), end, who)
                        };
                        found.push(f);
                    }
                    None => found.push(Found {
                        start: m.start(),
                        end: m.end(),
                        who: None,
                        refer: Some(Refer::Kind(*kind)),
                        described: false,
                        name: None,
                        cited_only: false,
                    }),
                }
            }
        }
    }
    found.sort_by_key(|f| f.start);
    let about_at: Vec<Option<SideIx>> = found.iter().map(|f| about(f.start)).collect();
    // A sentence that names a source of its own ("the ministry said ..., the government announced")
    // speaks through it: an unresolved institution there is no unknown speaker.
    let named_here = found.iter().any(|f| f.who.is_some());
    let mut out = Vec::new();
    for (f, about) in found.into_iter().zip(about_at) {
        let (a, b, described) = (f.start, f.end, f.described);
        let kind = f.refer.clone();
        let source = match (f.who, f.refer) {
            (Some(src), _) => Some(src),
            (None, Some(Refer::Last)) => memory.last.clone(),
            // "the defence ministry" with none named before: that of the side the text is about;
            // with no such side, an institution described by its words ("Iran's foreign
            // ministry") is a speaker the pack does not know, never the outlet.
            (None, Some(Refer::Kind(k))) => (memory.last_of_kind.get(&k).cloned())
                .or_else(|| {
                    let side = about?;
                    let i = pack
                        .sources
                        .iter()
                        .position(|x| x.side == Some(side) && x.kind == k)?;
                    Some(Who::Listed(SourceIx(i)))
                })
                .or_else(|| {
                    let name = f.name.clone().filter(|_| !named_here)?;
                    Some(Who::Unlisted(std::sync::Arc::new(Unlisted {
                        side: None,
                        kind: k,
                        name,
                    })))
                }),
            // "the agency", "the prosecutor's office": the last speaker so described, if any.
            // "the agency" after Interfax is Interfax. Else a ministry is of the side the text
            // is about ("the health ministry" in a report on one side's losses), as a reader
            // takes it; other bodies (an agency, a prosecutor, an ombudsman) may be of either
            // side or none, and keep no side.
            (None, Some(Refer::Named(u))) => Some(
                (memory.by_name.get(&u.name).cloned())
                    .or_else(|| {
                        let medium = u.kind == SourceKind::Media;
                        medium
                            .then(|| memory.last_of_kind.get(&u.kind).cloned())
                            .flatten()
                    })
                    .unwrap_or_else(|| match about {
                        Some(side) if u.kind == SourceKind::Ministry => {
                            Who::Unlisted(std::sync::Arc::new(Unlisted {
                                side: Some(side),
                                kind: u.kind,
                                name: u.name.clone(),
                            }))
                        }
                        _ => Who::Unlisted(u),
                    }),
            ),
            _ => None,
        };
        if let (Some(src), Some(name)) = (&source, &f.name) {
            memory.by_name.insert(name.clone(), src.clone());
        }
        if described && let (Some(src), Some(short)) = (&source, short_name(sent, b)) {
            memory.local.push((short.to_string(), src.clone()));
        }
        if let Some(src) = source {
            let relay = src.kind(pack) == SourceKind::Media;
            memory.last_of_kind.insert(src.kind(pack), src.clone());
            // "He said" after "X told Interfax" is X.
            if !relay {
                memory.last = Some(src.clone());
            }
            out.push(Mention {
                relay,
                start: s.start + a,
                end: s.start + b,
                source: src,
                anaphor: kind.is_some(),
                described,
                cited_only: f.cited_only,
            });
        }
    }
    // "the Armenpress news agency": a name and the noun that describes it are one mention.
    out.dedup_by(|b, a| {
        let one =
            a.source == b.source && sent[a.end - s.start..b.start - s.start].trim().is_empty();
        if one {
            a.end = b.end;
        }
        one
    });
    if let Some(side) =
        (out.iter().rev().find_map(|m| m.source.side(pack))).or_else(|| sides.first().map(|x| x.2))
    {
        memory.about = Some(side);
    }
    out
}

/// A short name given in parentheses within a few words after a described speaker ("the X
/// Agency for Mine Action (ANAMA)"): one short word with a letter (the text is case-folded, so
/// an acronym is known by its length).
fn short_name(sent: &str, end: usize) -> Option<&str> {
    let rest = &sent[end..];
    let open = rest.find('(')?;
    let close = open + rest[open..].find(')')?;
    let before = &rest[..open];
    let inner = rest[open + 1..close].trim();
    let ok = words(before).len() <= 4
        && !before.contains([',', ';', ':', '.'])
        && !inner.is_empty()
        && !inner.contains(char::is_whitespace)
        && inner.chars().any(char::is_alphabetic)
        && (2..=10).contains(&inner.chars().count());
    ok.then_some(inner)
}

/// Every side's name or adjective in a sentence: (start, end, side), in order.
fn side_names(lang: &Language, sent: &str) -> Vec<(usize, usize, SideIx)> {
    lang.side_finder
        .as_ref()
        .map(|(re, sides)| {
            re.captures_iter(sent)
                .filter_map(|c| {
                    (1..c.len()).find_map(|i| c.get(i).map(|m| (m.start(), m.end(), sides[i - 1])))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How many words a side's name may stand from the institution it qualifies.
const SIDE_REACH: usize = 3;

/// The side named after an anaphor and joined to it by a link word ("the ministry of X",
/// "the ministry in X"): a few words on, no clause mark or speech verb between. Returns where
/// the side's name ends, and the side.
fn side_linked(
    lang: &Language,
    sent: &str,
    index: &WordIndex,
    sides: &[(usize, usize, SideIx)],
    end: usize,
) -> Option<(usize, SideIx)> {
    let links = lang.links.as_ref()?;
    let x = sides.iter().find(|x| x.0 >= end)?;
    let between = &sent[end..x.0];
    let linked = links
        .find(between)
        .is_some_and(|m| between[..m.start()].trim().is_empty());
    let open = !between
        .contains(|c: char| lang.clause_breaks.contains(&c) || lang.terminators.contains(&c))
        && !lang.speech.as_ref().is_some_and(|re| re.is_match(between));
    (linked && open && index.between(end, x.0) <= SIDE_REACH).then_some((x.1, x.2))
}

/// The side named next to an institution noun: the nearer of one a few words before it and one
/// a few words after it ("the ministry of X"), before on a tie; never across a clause mark or a
/// speech verb ("the ministry said X ..." names the ministry's subject, not its side).
fn side_near(
    lang: &Language,
    sent: &str,
    index: &WordIndex,
    sides: &[(usize, usize, SideIx)],
    (a, b): (usize, usize),
) -> Option<(usize, usize, SideIx)> {
    let open = |x: usize, y: usize| {
        let between = &sent[x..y];
        !between
            .contains(|c: char| lang.clause_breaks.contains(&c) || lang.terminators.contains(&c))
            && !lang.speech.as_ref().is_some_and(|re| re.is_match(between))
    };
    let before = (sides.iter().rev())
        .find(|x| x.1 <= a)
        .filter(|x| open(x.1, a))
        .map(|x| (index.between(x.1, a), x));
    let after = (sides.iter())
        .find(|x| x.0 >= b)
        .filter(|x| open(b, x.0))
        .map(|x| (index.between(b, x.0), x));
    [before, after]
        .into_iter()
        .flatten()
        .filter(|(d, _)| *d <= SIDE_REACH)
        .min_by_key(|(d, _)| *d)
        .map(|(_, x)| *x)
}

/// Speakers the pack does not list, by their words: an institution noun of the rules with a
/// side's name a few words before it ("the X ombudsman", "X's prosecutor
/// general's office") or after it ("a spokesman for the separatist army"); without one, an
/// unknown speaker of that name.
/// A speaker named by its words: known, or to be resolved as a reference back.
enum Described {
    Who(Who),
    Refer(Refer),
}

fn unlisted(
    pack: &RulePack,
    lang: &Language,
    sent: &str,
    sides: &[(usize, usize, SideIx)],
    about: impl Fn(usize) -> Option<SideIx>,
) -> Vec<(usize, usize, Described, String, bool)> {
    let mut out = Vec::new();
    let named = lang.institutions_in(sent);
    if named.is_empty() {
        return out;
    }
    let index = WordIndex::new(sent, 0);
    let possessives: Vec<(usize, usize)> = (lang.possessives.iter())
        .flat_map(|re| re.captures_iter(sent).filter_map(|c| c.name("m")))
        .map(|m| (m.start(), m.end()))
        .collect();
    for inst in named {
        for m in inst.regex.captures_iter(sent).filter_map(|c| c.name("m")) {
            // "its ministry", "the country's prosecutor": the side the text is about.
            let owner = (possessives.iter())
                .find(|&&(_, e)| e <= m.start() && index.between(e, m.start()) == 0)
                .filter(|_| !inst.role);
            let side = match owner {
                Some(&(a, e)) => about(a).map(|s| (a, e, s)),
                None => side_near(lang, sent, &index, sides, (m.start(), m.end())),
            };
            let start = side.map_or(m.start(), |(a, _, _)| a.min(m.start()));
            let end = side.map_or(m.end(), |(_, e, _)| e.max(m.end()));
            let who = match side {
                // The pack's own source of that side and kind, when it lists one.
                Some((_, _, s)) => Described::Who(
                    (pack.sources.iter())
                        .position(|x| {
                            x.side == Some(s) && x.institution.as_ref() == Some(&inst.name)
                        })
                        .or_else(|| {
                            (pack.sources.iter())
                                .position(|x| x.side == Some(s) && inst.listed.contains(&x.kind))
                        })
                        .map(|i| Who::Listed(SourceIx(i)))
                        .unwrap_or_else(|| {
                            Who::Unlisted(std::sync::Arc::new(Unlisted {
                                side: Some(s),
                                kind: inst.kind,
                                name: inst.name.clone(),
                            }))
                        }),
                ),
                // Without a side: a role speaks for the source named last ("a spokesman"); an
                // institution the pack lists refers back to its last source of that kind ("the
                // defence ministry"); any other is a speaker of no known side.
                None if inst.role => Described::Refer(Refer::Last),
                None if !inst.listed.is_empty() => Described::Refer(Refer::Kind(inst.listed[0])),
                None => Described::Refer(Refer::Named(std::sync::Arc::new(Unlisted {
                    side: None,
                    kind: inst.kind,
                    name: inst.name.clone(),
                }))),
            };
            out.push((start, end, who, inst.name.clone(), inst.cited_only));
        }
    }
    out.sort_by_key(|x| x.0);
    out
}

/// The words of a text, each with its forms: as written and behind each proclitic it may
/// carry. Found once per text, then shared by every alias tried there.
pub struct Forms<'a> {
    /// Byte range of each word in the text.
    pub toks: Vec<(usize, usize)>,
    all: Vec<Form<'a>>,
    /// Where each word's forms start in `all` (one entry more than there are words).
    at: Vec<usize>,
}

/// One form of a word, with what fuzzy comparison rules most aliases out by.
pub struct Form<'a> {
    pub text: &'a str,
    /// Its letters as [`crate::rules::letter_mask`] gives them, and how many.
    mask: u64,
    chars: usize,
}

impl<'a> Form<'a> {
    fn new(text: &'a str) -> Self {
        let (mask, chars) = crate::rules::letter_mask(text);
        Form { text, mask, chars }
    }
}

impl<'a> Forms<'a> {
    /// The words of `text` and their forms under the language's proclitics.
    pub fn new(text: &'a str, procs: &[String]) -> Self {
        let toks = words(text);
        let mut all = Vec::with_capacity(toks.len() * 2);
        let mut at = Vec::with_capacity(toks.len() + 1);
        for &(x, y) in &toks {
            at.push(all.len());
            let tok = &text[x..y];
            all.push(Form::new(tok));
            all.extend(
                procs
                    .iter()
                    .filter_map(|p| tok.strip_prefix(p.as_str()))
                    .filter(|r| !r.is_empty())
                    .map(Form::new),
            );
        }
        at.push(all.len());
        Forms { toks, all, at }
    }

    /// The forms of word `i`, the word as written first.
    pub fn of(&self, i: usize) -> &[Form<'a>] {
        &self.all[self.at[i]..self.at[i + 1]]
    }

    /// The texts of word `i`'s forms and their letters (where an alias may start:
    /// [`crate::rules::Aliases::starting`]).
    pub fn texts(&self, i: usize) -> impl Iterator<Item = (&'a str, usize)> + '_ {
        self.of(i).iter().map(|f| (f.text, f.chars))
    }
}

/// Whether the alias `a` stands at word `i` of `forms`.
pub fn alias_at<T>(a: &Alias<T>, forms: &Forms, i: usize, st: &Settings) -> bool {
    a.words.len() <= forms.toks.len() - i.min(forms.toks.len())
        && a.words
            .iter()
            .enumerate()
            .all(|(k, w)| forms.of(i + k).iter().any(|t| word_is(w, t, st)))
}

/// Whether a form of a text word is this alias word, possibly spelled a bit differently.
fn word_is(w: &AliasWord, t: &Form, st: &Settings) -> bool {
    if w.stem {
        t.text.starts_with(&w.text)
    } else {
        t.text == w.text || similar(w, t, st)
    }
}

/// Transliteration variants: long enough words, same first and last letter, close in edits.
///
/// Requiring the same ends keeps inflected forms (a different suffix) from passing as names.
/// The cheap tests come first: this runs for every alias at every word of every sentence.
fn similar(a: &AliasWord, b: &Form, st: &Settings) -> bool {
    if a.chars < st.fuzzy_min_len
        || b.chars < st.fuzzy_min_len
        || a.last != b.text.chars().next_back()
        || a.text.chars().next() != b.text.chars().next()
    {
        return false;
    }
    let longest = a.chars.max(b.chars) as f64;
    // Edits at least: the difference in length, and the letters either has that the other lacks.
    let least = (a.chars.abs_diff(b.chars) as u32)
        .max((a.mask & !b.mask).count_ones())
        .max((b.mask & !a.mask).count_ones());
    1.0 - least as f64 / longest >= st.fuzzy_threshold
        && strsim::normalized_levenshtein(&a.text, b.text) >= st.fuzzy_threshold
}

/// Where a wire dateline ends in sentence `s` (0: none): the sentence opens a line with at
/// most six words (places, a date), then an agency in brackets, then a dash: "Lyon/Genf
/// (dpa) –", "PARIS, 13 septembre (AFP) -".
fn dateline_end(text: &str, s: Sentence) -> usize {
    let sent = &text[s.start..s.end];
    let line_start = s.start == 0 || text[..s.start].ends_with('\n');
    let Some(open) = sent.find('(') else { return 0 };
    let Some(close) = sent[open..].find(')').map(|c| open + c) else {
        return 0;
    };
    let after = sent[close + 1..].trim_start();
    let places = &sent[..open];
    let dashed = after.starts_with(['-', '–', '—']);
    if line_start
        && dashed
        && close - open <= 40
        && !places.contains(['\n', ':', '"', '«', '“'])
        && (1..=6).contains(&places.split_whitespace().count())
    {
        close + 1
    } else {
        0
    }
}

/// Whether what opens a line before a source is nothing, or only a time stamp set off by a
/// colon or a dash ("23:45 -", "14.40 Uhr:"): a figure and at most one word.
fn time_stamp_only(before: &str) -> bool {
    if !before.chars().any(char::is_alphabetic) {
        return true;
    }
    let stamp = before.trim_end();
    let Some(stamp) = stamp.strip_suffix([':', '-', '–', '—']) else {
        return false;
    };
    stamp.chars().any(|c| c.is_ascii_digit())
        && stamp
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            <= 1
}

/// How many words may stand between a relay cue ("quoted by") and the relay.
const VIA_REACH: usize = 2;

/// The speakers of sentence `s`, ordered by where their scope starts.
pub fn speakers(lang: &Language, text: &str, s: Sentence, mentions: &[Mention]) -> Vec<Speaker> {
    let sent = &text[s.start..s.end];
    // Words strictly between two places of the sentence.
    let index = WordIndex::new(sent, s.start);
    let gap = |a: usize, b: usize| index.between(a, b);
    let cues = |re: &Option<crate::rules::Lazy>| -> Vec<(usize, usize)> {
        re.iter()
            .flat_map(|r| r.captures_iter(sent).filter_map(|c| c.name("m")))
            .map(|m| (s.start + m.start(), s.start + m.end()))
            .filter(|&(a, b)| !mentions.iter().any(|x| x.start < b && a < x.end))
            .collect()
    };
    let via_cues = cues(&lang.via);
    // A relay stands right after its cue, or a couple of words on ("quoted by the Anadolu
    // agency") with no other source between.
    let is_via: Vec<bool> = mentions
        .iter()
        .map(|m| {
            via_cues.iter().any(|&(_, e)| {
                e <= m.start
                    && gap(e, m.start) <= VIA_REACH
                    && !mentions.iter().any(|x| e <= x.start && x.end <= m.start)
            })
        })
        .collect();
    let mut out: Vec<Speaker> = Vec::new();
    let take =
        |mi: usize, from: usize, cue: Cue, cue_span: (usize, usize), out: &mut Vec<Speaker>| {
            let m = &mentions[mi];
            if !out
                .iter()
                .any(|sp| sp.source == m.source && sp.from == from)
            {
                out.push(Speaker {
                    source: m.source.clone(),
                    via: vec![],
                    from,
                    cue,
                    cue_span,
                    named_at: m.start,
                });
            }
        };
    let after = |e: usize, max: usize| {
        (0..mentions.len()).find(|&i| {
            !is_via[i]
                && !mentions[i].cited_only
                && mentions[i].start >= e
                && gap(e, mentions[i].start) <= max
        })
    };
    // After "according to", any source; a cited-only one ("the X side") too.
    let cited = |e: usize| {
        (0..mentions.len())
            .find(|&i| !is_via[i] && mentions[i].start >= e && gap(e, mentions[i].start) <= 3)
    };
    // "X: ..." (a headline or a live-blog entry, "23:45 - X: ...", "14.40 Uhr: X: ..."): the
    // source before the colon speaks.
    if let Some(mi) = (mentions.iter())
        .position(|m| !m.anaphor && !m.cited_only && time_stamp_only(&text[s.start..m.start]))
        && text[mentions[mi].end..s.end].trim_start().starts_with(':')
    {
        let m = &mentions[mi];
        take(mi, m.start, Cue::Colon, (m.start, m.end), &mut out);
    }
    for (a, e) in cues(&lang.according_to) {
        if let Some(mi) = cited(e) {
            take(mi, a, Cue::AccordingTo, (a, e), &mut out);
        }
    }
    let speech = cues(&lang.speech);
    // The object of a speech verb ("accused X", "told the agency") is not its subject.
    let object = |i: usize| {
        lang.speaker_before_verb
            && (speech.iter()).any(|&(_, e)| {
                let m = &mentions[i];
                e <= m.start
                    && gap(e, m.start) <= 1
                    && !text[e..m.start].contains(|c: char| lang.clause_breaks.contains(&c))
            })
    };
    // Words from a subject to its verb, an aside right after the subject not counted ("X,
    // quoted by Y, said").
    let subject_gap = |end: usize, a: usize| {
        let between = &text[end..a];
        let is_mark = |c: char| lang.clause_breaks.contains(&c);
        if let Some(mark) = between.trim_start().chars().next().filter(|&c| is_mark(c)) {
            let after = end + between.find(mark).unwrap_or(0) + mark.len_utf8();
            if let Some(close) = text[after..a].rfind(is_mark) {
                return gap(after + close, a);
            }
        }
        gap(end, a)
    };
    let before = |a: usize| {
        (0..mentions.len()).rev().find(|&i| {
            !is_via[i]
                && !mentions[i].cited_only
                && !object(i)
                && mentions[i].end <= a
                && subject_gap(mentions[i].end, a) <= lang.max_gap_before_verb
        })
    };
    for &(a, e) in &speech {
        // Verb-first languages look after the verb first; subject-verb languages before it.
        let after_verb =
            || after(e, lang.max_gap_after_verb).map(|mi| (mi, a, Cue::VerbThenSpeaker));
        let before_verb = || before(a).map(|mi| (mi, mentions[mi].start, Cue::SpeakerThenVerb));
        // ", said the ministry": a verb right after a clause mark or a closing
        // quote comes before its subject, whatever the language's usual order.
        let inverted = text[s.start..a].trim_end().ends_with(|c: char| {
            lang.clause_breaks.contains(&c) || "\u{201D}\u{00BB}\"".contains(c)
        });
        // ... and its subject follows in the same clause (", said that ..." is not inverted).
        let inverted_after = || {
            after_verb().filter(|&(mi, _, _)| {
                !text[e..mentions[mi].start].contains(|c: char| lang.clause_breaks.contains(&c))
            })
        };
        // "X, in turn, accused Y": a subject, an aside, then the verb: not inverted.
        let aside_before = || {
            before(a).is_some_and(|mi| {
                let rest = text[mentions[mi].end..a].trim_start();
                rest.starts_with(|c: char| lang.clause_breaks.contains(&c))
            })
        };
        let found = if inverted && !aside_before() {
            inverted_after().or_else(before_verb)
        } else if lang.speaker_before_verb {
            // "X said ... and accused Y": a verb inside a speaker's scope continues its subject;
            // the word after it is the object, not a new speaker.
            let in_scope = out.iter().any(|sp| sp.from < a);
            before_verb().or_else(|| if in_scope { None } else { after_verb() })
        } else {
            after_verb().or_else(before_verb)
        };
        if let Some((mi, from, cue)) = found {
            take(mi, from, cue, (a, e), &mut out);
        }
    }
    let mut speakers = out;
    speakers.sort_by_key(|sp| sp.from);
    // A relay attaches to the nearest speaker; with none, the relay itself is who we heard it from.
    for (i, m) in mentions.iter().enumerate().filter(|(i, _)| is_via[*i]) {
        let nearest = speakers
            .iter_mut()
            .min_by_key(|sp| sp.from.abs_diff(m.start));
        match nearest {
            Some(sp) => sp.via.push(m.source.clone()),
            None => speakers.push(Speaker {
                source: mentions[i].source.clone(),
                via: vec![],
                from: m.start,
                cue: Cue::Relay,
                cue_span: (m.start, m.end),
                named_at: m.start,
            }),
        }
    }
    speakers.sort_by_key(|sp| sp.from);
    relay_media(mentions, &is_via, &mut speakers);
    speakers
}

/// Media beside another speaker relay it: a medium that speaks ("Interfax reported, citing
/// the ministry") or is told ("the ministry told Interfax") joins the `via` of the nearest
/// speaker that is not a medium.
fn relay_media(mentions: &[Mention], is_via: &[bool], speakers: &mut Vec<Speaker>) {
    let is_medium = |sp: &Speaker| mentions.iter().any(|m| m.relay && m.start == sp.named_at);
    if !speakers.iter().any(|sp| !is_medium(sp)) {
        return;
    }
    let mut relays: Vec<(usize, Who)> = Vec::new();
    speakers.retain(|sp| {
        let medium = is_medium(sp);
        if medium {
            relays.push((sp.named_at, sp.source.clone()));
        }
        !medium
    });
    for (i, m) in mentions.iter().enumerate() {
        let spoken = speakers.iter().any(|sp| sp.named_at == m.start);
        if m.relay && !is_via[i] && !spoken && !relays.iter().any(|(at, _)| *at == m.start) {
            relays.push((m.start, m.source.clone()));
        }
    }
    // It relays the speaker before it ("X said ..., Interfax reported"; "X told Interfax"),
    // else the first after it ("Interfax reported, citing X").
    for (at, who) in relays {
        let before = speakers.iter().rposition(|sp| sp.named_at < at);
        let after = speakers.iter().position(|sp| sp.named_at > at);
        if let Some(sp) = before.or(after).map(|k| &mut speakers[k])
            && !sp.via.contains(&who)
        {
            sp.via.push(who);
        }
    }
}

/// The speaker of a claim spanning `at..end`; `claim_starts` are where the sentence's claims start.
///
/// The last speaker whose scope has begun wins; a claim before every speaker takes the first one
/// only when that speaker closes the sentence ("... were killed, the ministry said"); a speaker named
/// inside the claim's words is its own.
pub fn speaker_for<'a>(
    speakers: &'a [Speaker],
    (at, end): (usize, usize),
    claim_starts: &[usize],
) -> Option<&'a Speaker> {
    // A speaker named inside the claim's own words ("Losses, the ministry said, were 2").
    if let Some(sp) = speakers
        .iter()
        .find(|sp| at < sp.from && sp.cue_span.1 <= end)
    {
        return Some(sp);
    }
    if let Some(sp) = speakers.iter().rev().find(|sp| sp.from <= at) {
        return Some(sp);
    }
    let first = speakers.first()?;
    (!claim_starts.iter().any(|&c| c >= first.from)).then_some(first)
}

/// Quotations in a normalised text: (opening mark, closing mark) byte offsets, within a line.
/// Curly and angle quotes open and close; a straight double quote alternates.
pub fn quotations(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut open: Option<usize> = None;
        for (i, c) in line.char_indices() {
            let at = line_start + i;
            match (c, open) {
                ('\u{201C}' | '\u{00AB}' | '\u{201E}', None) => open = Some(at),
                ('"', None) => open = Some(at),
                ('\u{201D}' | '\u{00BB}' | '"', Some(o)) => {
                    out.push((o, at));
                    open = None;
                }
                _ => {}
            }
        }
        line_start += line.len();
    }
    out
}

/// Where sentence `s` says that its speaker told the sentence before ("This was reported by",
/// `attribution.told_before`): the words' range.
pub fn told_before(lang: &Language, text: &str, s: Sentence) -> Option<(usize, usize)> {
    let m = lang
        .told_before
        .as_ref()?
        .captures(&text[s.start..s.end])?
        .name("m")?;
    Some((s.start + m.start(), s.start + m.end()))
}

/// The kinds of source a sentence continues, when it names no speaker but has a word that
/// refers back ("He said", "It added", a subject-less verb): the word's range and the kinds.
pub fn carried<'l>(
    lang: &'l Language,
    text: &str,
    s: Sentence,
) -> Option<((usize, usize), &'l [SourceKind], bool)> {
    let sent = &text[s.start..s.end];
    let verbs: Vec<(usize, usize)> = lang
        .speech
        .iter()
        .flat_map(|r| r.captures_iter(sent).filter_map(|c| c.name("m")))
        .map(|m| (m.start(), m.end()))
        .collect();
    let index = WordIndex::new(sent, 0);
    for (re, kinds, verb) in &lang.carry {
        for m in re.captures_iter(sent).filter_map(|c| c.name("m")) {
            // The word is the verb's subject: just before it (or after it, verb first).
            let subject = *verb
                || verbs.iter().any(|&(a, b)| {
                    (m.end() <= a && index.between(m.end(), a) <= lang.max_gap_before_verb)
                        || (b <= m.start()
                            && index.between(b, m.start()) <= lang.max_gap_after_verb)
                });
            if subject {
                return Some((
                    (s.start + m.start(), s.start + m.end()),
                    kinds.as_slice(),
                    *verb,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::dateline_end;
    use crate::text::segment::Sentence;

    fn end(text: &str) -> usize {
        let s = Sentence {
            start: 0,
            end: text.len(),
        };
        dateline_end(text, s)
    }

    #[test]
    fn a_wire_dateline_ends_after_its_agency() {
        let t = "Lisbon/Porto (AFP) – Three soldiers were killed.";
        assert_eq!(&t[..end(t)], "Lisbon/Porto (AFP)");
        let t = "PARIS, 13 septembre (AFP) - Trois soldats ont été tués.";
        assert_eq!(&t[..end(t)], "PARIS, 13 septembre (AFP)");
    }

    #[test]
    fn brackets_that_are_no_dateline_are_left() {
        // No dash after the bracket, or too many words before it: the text of the story.
        assert_eq!(
            end("The ministry (MoD) said three soldiers were killed."),
            0
        );
        let t = "The defence ministry of the country said on Monday (local time) - three died.";
        assert_eq!(end(t), 0);
    }
}
