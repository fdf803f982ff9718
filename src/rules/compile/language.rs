//! A language: its script and fonts, the normaliser, proclitics, number words, bound phrases,
//! attribution words, the aliases of sources, events and sides in it, time anchors, and its
//! lexicon and rules.

use super::locate::Problems;
use super::pieces::{Builder, SEP};
use super::slots::{figure_alts, number_regex};
use super::{LangParts, Lexicon, Parsed, Refs, rule};
use crate::rules::raw::{MapStep, RawLanguage, RawStep, RawTime, SimpleStep, Weekday};
use crate::rules::{
    Alias, AliasWord, Aliases, EventIx, Institution, Language, Lazy, NumberWord, Prefilter, Rule,
    RuleError, Shift, SideIx, SourceIx, TimeAnchors,
};
use crate::text::normalize::{CharSet, Normalizer, Step};
use crate::text::segment::words;
use std::collections::{BTreeMap, HashMap};

/// Compiles the language `l` defined in file `f`; `None` when its script is unknown (nothing
/// of it can be read then).
pub(super) fn compile_language(
    p: &mut Problems,
    f: usize,
    l: &RawLanguage,
    refs: &Refs,
) -> Option<Language> {
    let script = script_ranges(p, f, l)?;
    check_fonts(p, f, l);
    let norm = normalizer(p, f, &l.normalize);
    let procs = proclitics(&norm, &l.proclitics);
    let stops = [&l.clause_break[..], &l.sentence_end[..]].concat();
    let b = Builder::new(&norm, &l.script, &procs, &stops);
    let (numbers, number_joiners) = number_words(&norm, l);
    let figure = figure_alts(&numbers, &number_joiners);
    let source_aliases = source_aliases(p, l, &norm, refs);
    let [event_names, event_places] = event_aliases(l, &norm, refs);
    let places = place_aliases(l, &norm, refs);
    let side_alts = side_alts(l, &norm, refs);
    let lp = LangParts {
        b: &b,
        figure: &figure,
        bounds: &l.bounds,
        counting: &l.counting,
        side_alts: &side_alts,
        enemy: &l.attribution.enemy,
        build: refs.build,
    };
    let lexicon = lexicon(p, l, refs.parsed);
    let rules = rules(p, l, refs.parsed, &lp, &lexicon);
    let language = Language {
        id: l.id.clone(),
        identity: crate::text::langid::identity(&l.id),
        fonts: l.fonts.clone(),
        script,
        terminators: l.sentence_end.iter().flat_map(|s| s.chars()).collect(),
        clause_breaks: l.clause_break.iter().flat_map(|s| s.chars()).collect(),
        abbreviations: l.abbreviations.iter().map(|a| norm.word(a)).collect(),
        number_finder: Lazy::new(b.bounded(&number_regex(&b, &figure, None))),
        numbers,
        number_joiners,
        after_bounds: after_bounds(&b, l),
        not_counted: not_counted(&b, l),
        not_counted_before: not_counted_before(&b, l),
        fillers: (l.counting.fillers.iter())
            .flat_map(|w| {
                norm.word(w)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect(),
        speaker_agent: b.regex(&l.counting.speaker_agent),
        increment: increment(&b, l),
        subset: (b.alt(&l.counting.subset))
            .map(|a| Lazy::new(format!(r#"^[\s,;:()"'«»“”\-–—]*{a}[\s,;:()"'«»“”\-–—]*$"#))),
        side_finder: side_finder(&b, &side_alts),
        speech: b.regex(&l.attribution.speech),
        according_to: b.regex(&l.attribution.according_to),
        via: b.regex(&l.attribution.via),
        anaphora: (l.attribution.anaphora.iter())
            .filter_map(|(k, words)| b.regex(words).map(|r| (*k, r)))
            .collect(),
        max_gap_after_verb: l.attribution.max_gap_after_verb,
        max_gap_before_verb: l.attribution.max_gap_before_verb,
        speaker_before_verb: l.attribution.speaker_before_verb,
        opening_side: l.attribution.opening_side,
        institutions: (l.attribution.institutions.iter())
            .filter_map(|i| {
                b.regex(&i.words).map(|regex| Institution {
                    name: i.name.clone(),
                    kind: i.kind,
                    regex,
                    listed: i.listed.clone(),
                    role: i.role,
                    cited_only: i.cited_only,
                })
            })
            .collect(),
        institution_set: std::sync::OnceLock::new(),
        possessives: b.regex(&l.attribution.possessives),
        links: b.regex(&l.attribution.links),
        told_before: b.regex(&l.attribution.told_before),
        object_endings: (l.attribution.object_endings.iter())
            .map(|e| norm.word(e))
            .collect(),
        side_names: (side_alts.iter())
            .map(|(w, s)| (w.trim_end_matches('*').to_string(), *s))
            .collect(),
        carry: (l.attribution.carry.iter())
            .filter_map(|c| b.regex(&c.words).map(|r| (r, c.kinds.clone(), c.verb)))
            .collect(),
        proclitics: procs.clone(),
        source_aliases: Aliases::new(source_aliases),
        event_names: Aliases::new(event_names),
        event_places: Aliases::new(event_places),
        places: Aliases::new(places),
        time: time_anchors(&b, &l.time),
        prefilter: Prefilter::new(&rules, &procs),
        rules,
        normalizer: norm,
    };
    if refs.build == super::Build::Eager {
        check_word_lists(p, f, &language);
    }
    Some(language)
}

/// Every word list of the language compiles (a list past the regex size limit would match
/// nothing); checked when the pack is built eagerly (`rules lint`, `rules test`).
fn check_word_lists(p: &mut Problems, f: usize, l: &Language) {
    fn some(x: &Option<Lazy>) -> Vec<&Lazy> {
        x.iter().collect()
    }
    let lists: Vec<(&str, Vec<&Lazy>)> = vec![
        ("numbers", vec![&l.number_finder]),
        ("bounds", l.after_bounds.iter().map(|x| &x.1).collect()),
        ("speech", some(&l.speech)),
        ("according_to", some(&l.according_to)),
        ("via", some(&l.via)),
        ("anaphora", l.anaphora.iter().map(|x| &x.1).collect()),
        ("possessives", some(&l.possessives)),
        ("links", some(&l.links)),
        ("told_before", some(&l.told_before)),
        ("carry", l.carry.iter().map(|x| &x.0).collect()),
        ("not_counted", l.not_counted.iter().map(|x| &x.1).collect()),
        (
            "not_counted_before",
            l.not_counted_before.iter().map(|x| &x.1).collect(),
        ),
        ("speaker_agent", some(&l.speaker_agent)),
        (
            "institutions",
            l.institutions.iter().map(|x| &x.regex).collect(),
        ),
        ("time", l.time.phrases.iter().map(|x| &x.1).collect()),
        ("aliases", l.side_finder.iter().map(|x| &x.0).collect()),
    ];
    for (list, regexes) in lists {
        if let Some(why) = regexes.iter().find_map(|r| r.compiled().err()) {
            let error = RuleError::WordListDoesNotCompile {
                lang: l.id.clone(),
                list: list.to_string(),
                why: super::pieces::one_line(why),
            };
            p.report(f, 0, None, error);
        }
    }
}

/// The number words and the words joining them, normalised.
fn number_words(norm: &Normalizer, l: &RawLanguage) -> (HashMap<String, NumberWord>, Vec<String>) {
    let numbers = (l.numbers.iter())
        .map(|(k, v)| {
            let n = NumberWord {
                value: v.value,
                alone: v.alone,
            };
            (norm.word(k), n)
        })
        .collect();
    let joiners = (l.counting.number_joiner.iter())
        .map(|j| norm.word(j))
        .collect();
    (numbers, joiners)
}

/// The script's code point ranges, from the same Unicode tables the regex engine uses.
pub(super) fn script_ranges(
    p: &mut Problems,
    f: usize,
    l: &RawLanguage,
) -> Option<Vec<(char, char)>> {
    use regex_syntax::hir::{Class, HirKind};
    let class = regex_syntax::parse(&format!(r"\p{{{}}}", l.script)).map(|h| h.into_kind());
    match class {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            Some(c.ranges().iter().map(|r| (r.start(), r.end())).collect())
        }
        _ => {
            let error = RuleError::UnknownScript {
                lang: l.id.clone(),
                script: l.script.clone(),
            };
            p.report(f, 0, None, error);
            None
        }
    }
}

/// A font name ends up in the report's style sheet: letters, digits, spaces and dashes only.
fn check_fonts(p: &mut Problems, f: usize, l: &RawLanguage) {
    for font in l.fonts.iter().filter(|font| !plain_font(font)) {
        let error = RuleError::UnsafeFont {
            lang: l.id.clone(),
            font: font.clone(),
        };
        p.report(f, 0, None, error);
    }
}

/// A font family name that is safe in a style sheet: letters, digits, spaces, `-` and `_`.
pub fn plain_font(f: &str) -> bool {
    !f.trim().is_empty()
        && f.chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
}

/// The normalisation steps; an argument that is not a single character is reported and left
/// out.
fn normalizer(p: &mut Problems, f: usize, steps: &[RawStep]) -> Normalizer {
    let chars = |p: &mut Problems, list: &[String]| -> CharSet {
        list.iter()
            .filter_map(|s| {
                let c = single_char(s);
                if c.is_none() {
                    p.report(f, 0, None, RuleError::NotOneChar { text: s.clone() });
                }
                c
            })
            .collect()
    };
    let mut out = Vec::new();
    for s in steps {
        out.push(match s {
            RawStep::Simple(SimpleStep::StripMarks) => Step::StripMarks,
            RawStep::Simple(SimpleStep::Decompose) => Step::Decompose,
            RawStep::Simple(SimpleStep::DropFormat) => Step::DropFormat,
            RawStep::Simple(SimpleStep::Lowercase) => Step::Lowercase,
            RawStep::Simple(SimpleStep::FoldDigits) => Step::FoldDigits,
            RawStep::Simple(SimpleStep::SplitScripts) => Step::SplitScripts,
            RawStep::SplitAfter(l) => Step::SplitAfter(chars(p, &l.split_after)),
            RawStep::Delete(l) => Step::Delete(chars(p, &l.delete)),
            RawStep::Map(MapStep { map: m }) => {
                let mut map = Vec::new();
                for (k, v) in m {
                    match single_char(k) {
                        Some(c) => map.push((c, v.clone())),
                        None => {
                            let error = RuleError::MapKeyNotOneChar { key: k.clone() };
                            p.report(f, 0, None, error);
                        }
                    }
                }
                Step::Map(map.into_iter().collect())
            }
        });
    }
    Normalizer { steps: out }
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The proclitics, normalised, longest first (so the regex tries the fullest one).
fn proclitics(norm: &Normalizer, raw: &[String]) -> Vec<String> {
    let mut procs: Vec<String> = raw
        .iter()
        .map(|p| norm.word(p))
        .filter(|p| !p.is_empty())
        .collect();
    procs.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    procs
}

/// Bound phrases that may follow a figure ("two soldiers at least"), the phrase in group `m`.
fn after_bounds(b: &Builder, l: &RawLanguage) -> Vec<(crate::model::Bound, Lazy)> {
    let mut out = Vec::new();
    for (bound, phrases) in &l.bounds {
        if let Some(a) = b.alt(&phrases.after) {
            let re = Lazy::new(format!(r"^(?P<m>{SEP}{a}){}", b.end()));
            out.push((*bound, re));
        }
    }
    out
}

/// Words after a figure that make it no count, by reason (for `explain`).
fn not_counted(b: &Builder, l: &RawLanguage) -> Vec<(String, Lazy)> {
    (l.counting.not_counted.iter())
        .filter_map(|(why, words)| {
            b.alt(words).map(|a| {
                let re = Lazy::new(format!(r"^{SEP}{a}{}", b.end()));
                (why.clone(), re)
            })
        })
        .collect()
}

/// Words that make a count an increment: after the figure, before it, anywhere in the claim.
fn increment(b: &Builder, l: &RawLanguage) -> [Option<Lazy>; 3] {
    let i = &l.counting.increment;
    [
        b.alt(&i.after)
            .map(|a| Lazy::new(format!(r"^{SEP}{a}{}", b.end()))),
        b.alt(&i.before)
            .map(|a| Lazy::new(format!(r"{}{a}{SEP}$", b.start()))),
        b.alt(&i.within)
            .map(|a| Lazy::new(format!("{}{a}{}", b.start(), b.end()))),
    ]
}

/// Words before a figure that make it no count (a month before a day), by reason.
fn not_counted_before(b: &Builder, l: &RawLanguage) -> Vec<(String, Lazy)> {
    (l.counting.not_counted_before.iter())
        .filter_map(|(why, words)| {
            b.alt(words).map(|a| {
                let re = Lazy::new(format!(r"{}{a}{SEP}$", b.start()));
                (why.clone(), re)
            })
        })
        .collect()
}

/// One regex finding any side's alias, a capture group per side.
fn side_finder(b: &Builder, side_alts: &[(String, SideIx)]) -> Option<(Lazy, Vec<SideIx>)> {
    let mut all: Vec<SideIx> = side_alts.iter().map(|(_, s)| *s).collect();
    all.sort();
    all.dedup();
    let (mut groups, mut sides) = (Vec::new(), Vec::new());
    for s in all {
        let words: Vec<String> = (side_alts.iter())
            .filter(|(_, x)| *x == s)
            .map(|(w, _)| w.clone())
            .collect();
        if let Some(a) = b.alt(&words) {
            groups.push(format!("({a})"));
            sides.push(s);
        }
    }
    if groups.is_empty() {
        return None;
    }
    let re = format!("{}(?:{}){}", b.start(), groups.join("|"), b.end());
    Some((Lazy::new(re), sides))
}

/// The names of a map of names per language that apply in `lang` (its own and `any`).
fn aliases_for<'a>(
    map: &'a BTreeMap<String, Vec<String>>,
    lang: &str,
) -> impl Iterator<Item = &'a String> {
    map.get(lang).into_iter().chain(map.get("any")).flatten()
}

/// Tokenised alias words: `*` marks a stem.
fn alias_words(norm: &Normalizer, text: &str) -> Vec<AliasWord> {
    let n = norm.word(text);
    words(&n)
        .into_iter()
        .map(|(a, b)| AliasWord::new(n[a..b].to_string(), n[b..].starts_with('*')))
        .collect()
}

/// The source names of the language; a name may belong to one source only.
fn source_aliases(
    p: &mut Problems,
    l: &RawLanguage,
    norm: &Normalizer,
    refs: &Refs,
) -> Vec<Alias<SourceIx>> {
    let mut owner: HashMap<String, (SourceIx, usize)> = HashMap::new();
    let mut out = Vec::new();
    for (pf, id, aliases, exact) in super::compose::source_names(refs.parsed) {
        let Some(target) = refs.sources.iter().position(|x| x.id.0 == id).map(SourceIx) else {
            continue;
        };
        for a in aliases_for(aliases, &l.id) {
            let words = alias_words(norm, a);
            if words.is_empty() {
                continue;
            }
            // An exact name ("WHO") is a different name from its folded form ("who").
            let key = if exact {
                format!("={}", written(a))
            } else {
                norm.word(a)
            };
            match owner.get(&key) {
                Some(&(o, of)) if o != target => {
                    let at = p.offset_of_id(pf, id);
                    let (first, second) = (refs.sources[o].id.0.clone(), id.to_string());
                    let error = if of == pf {
                        RuleError::AliasClaimedTwice {
                            alias: a.clone(),
                            first,
                            second,
                        }
                    } else {
                        let first_id = &refs.sources[o].id.0;
                        let first_at = p.place(of, p.offset_of_id(of, first_id));
                        RuleError::AliasClaimedInTwoFiles {
                            alias: a.clone(),
                            first,
                            first_at,
                            second,
                        }
                    };
                    p.report(pf, at, None, error);
                }
                _ => {
                    owner.insert(key, (target, pf));
                    out.push(Alias {
                        words,
                        target,
                        exact: exact.then(|| written(a)),
                    });
                }
            }
        }
    }
    out
}

/// A name as written, its spaces made single.
fn written(a: &str) -> String {
    a.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The events' names and places in the language.
fn event_aliases(l: &RawLanguage, norm: &Normalizer, refs: &Refs) -> [Vec<Alias<EventIx>>; 2] {
    let (all_names, all_places) = super::compose::event_names(refs.parsed);
    let mut out = [Vec::new(), Vec::new()];
    for (given, out) in [all_names, all_places].into_iter().zip(out.iter_mut()) {
        for (_, id, map, _) in given {
            if let Some(target) = refs.events.iter().position(|x| x.id == id).map(EventIx) {
                push_aliases(out, map, l, norm, target);
            }
        }
    }
    out
}

/// Names of places in the language, each with its index among the pack's place ids.
fn place_aliases(l: &RawLanguage, norm: &Normalizer, refs: &Refs) -> Vec<Alias<usize>> {
    let own = (refs.parsed.iter())
        .flat_map(|(_, f)| &f.places)
        .map(|p| (p.id.as_str(), &p.names));
    let (_, of_events) = super::compose::event_names(refs.parsed);
    let mut out = Vec::new();
    for (id, map) in own.chain(of_events.iter().map(|p| (p.1, p.2))) {
        if let Some(target) = refs.places.iter().position(|x| x == id) {
            push_aliases(&mut out, map, l, norm, target);
        }
    }
    out
}

/// Adds the names `map` gives in language `l` as aliases of `target`.
fn push_aliases<T: Copy>(
    out: &mut Vec<Alias<T>>,
    map: &BTreeMap<String, Vec<String>>,
    l: &RawLanguage,
    norm: &Normalizer,
    target: T,
) {
    out.extend(aliases_for(map, &l.id).map(|a| Alias {
        exact: None,
        words: alias_words(norm, a),
        target,
    }));
}

/// Side aliases of the language, normalised, longest first, each with its side.
fn side_alts(l: &RawLanguage, norm: &Normalizer, refs: &Refs) -> Vec<(String, SideIx)> {
    let mut alts: Vec<(String, SideIx)> = Vec::new();
    for (_, id, aliases, _) in super::compose::side_names(refs.parsed) {
        let Some(i) = refs.sides.iter().position(|x| x.id.0 == id).map(SideIx) else {
            continue;
        };
        for a in aliases_for(aliases, &l.id) {
            alts.push((norm.word(a), i));
        }
    }
    alts.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    alts.dedup();
    alts
}

/// Phrases that date a claim relative to the article: day names and shifts.
fn time_anchors(b: &Builder, t: &RawTime) -> TimeAnchors {
    let mut phrases = Vec::new();
    for (day, words) in &t.weekdays {
        if let Some(re) = b.regex(words) {
            phrases.push((Shift::Weekday(weekday(*day)), re));
        }
    }
    for r in &t.relative {
        if let Some(re) = b.regex(&r.words) {
            let shift = Shift::By {
                days: r.days,
                months: r.months,
                years: r.years,
            };
            phrases.push((shift, re));
        }
    }
    let months = (t.months.iter())
        .filter_map(|(m, words)| b.regex(words).map(|re| (*m as i8 + 1, re)))
        .collect();
    TimeAnchors {
        window: t.window,
        phrases,
        months,
    }
}

fn weekday(d: Weekday) -> jiff::civil::Weekday {
    use jiff::civil::Weekday as W;
    match d {
        Weekday::Monday => W::Monday,
        Weekday::Tuesday => W::Tuesday,
        Weekday::Wednesday => W::Wednesday,
        Weekday::Thursday => W::Thursday,
        Weekday::Friday => W::Friday,
        Weekday::Saturday => W::Saturday,
        Weekday::Sunday => W::Sunday,
    }
}

/// The lexicon entries of every file in the language; a name given twice is reported.
fn lexicon<'a>(p: &mut Problems, l: &RawLanguage, parsed: &'a Parsed) -> Lexicon<'a> {
    let mut lexicon: Lexicon = BTreeMap::new();
    for (pf, file) in parsed {
        if file.lang.as_deref() != Some(&l.id) {
            continue;
        }
        for (name, entry) in &file.lexicon {
            if lexicon.insert(name, entry).is_some() {
                let error = RuleError::LexiconTwice {
                    entry: name.clone(),
                    lang: l.id.clone(),
                };
                p.report(*pf, 0, None, error);
            }
        }
    }
    lexicon
}

/// The rules of every file in the language, in file order; a rule with a problem is left out.
fn rules(
    p: &mut Problems,
    l: &RawLanguage,
    parsed: &Parsed,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    for (pf, file) in parsed {
        if file.lang.as_deref() != Some(&l.id) {
            continue;
        }
        for r in &file.rules {
            rules.extend(rule::compile_rule(p, *pf, &l.id, r, lp, lexicon));
        }
    }
    rules
}
