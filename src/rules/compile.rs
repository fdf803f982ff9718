//! Checks a parsed pack and compiles it: every pattern becomes one regex, built once here.
//!
//! A pattern is a line of words and `{slots}` (`{count:soldier}`, `{side}`, `{accused}`,
//! `{victim}`, `{lexicon-name}`), `...` for a short gap and a trailing `?` for optional tokens.
//! Each side alias and each count form gets its own capture group, so the matcher can tell from
//! the groups that took part which side, bound and form it read.

use super::raw::*;
use super::*;
use crate::error::Location;
use crate::text::normalize::Step;
use crate::text::segment::words;
use regex::RegexBuilder;
use std::collections::{BTreeMap, HashSet};

/// What may separate two tokens of a pattern: white space, quotes, brackets and dashes.
pub const SEP: &str = r#"[\s"'«»“”„‟‹›()\[\]\-–—]+"#;
/// A regex matching whole words only, the match in group `m`: a non-word character (or the
/// start) before it and after it. Unlike `\b`, these classes let the regex crate's DFAs run on
/// non-ASCII text (a Unicode `\b` sends Arabic and Cyrillic searches to its slow NFA); the
/// engine still backtracks an optional last token that would end inside a word.
pub fn bounded(re: &str) -> String {
    format!(r"(?:^|[^\w])(?P<m>{re})(?:[^\w]|$)")
}

/// Digits as written after folding, with thousands separators.
const DIGITS: &str = r"[0-9]{1,3}(?:[,.' \x{202F}\x{A0}][0-9]{3})+|[0-9]+";

struct Ctx<'a> {
    files: &'a [(String, String)],
    errors: Vec<Error>,
    /// How often each (file, rule id) was compiled, to find the right occurrence of a duplicate.
    seen: HashMap<(usize, String), usize>,
}

impl Ctx<'_> {
    /// Records an error pointing at the first `needle` at or after byte `from` of file `f`.
    fn err(&mut self, f: usize, needle: &str, from: usize, rule: Option<&str>, msg: String) {
        let (name, text) = &self.files[f];
        let (line, column) = crate::rules::yaml::locate(text, needle, from);
        self.errors.push(Error::Rule {
            at: Location {
                file: name.clone(),
                line,
                column,
            },
            rule: rule.map(str::to_string),
            message: msg,
        });
    }

    /// Byte offset of the line `id: <id>` (or of `id` alone) in file `f`.
    fn offset_of_id(&self, f: usize, id: &str) -> usize {
        self.offset_of_nth_id(f, id, 0)
    }

    /// Byte offset of the `n`th (0-based) `id: <id>` line in file `f`.
    fn offset_of_nth_id(&self, f: usize, id: &str, n: usize) -> usize {
        let text = &self.files[f].1;
        for pat in [
            format!("id: {id}"),
            format!("id: \"{id}\""),
            format!("id: '{id}'"),
        ] {
            let mut hits = text.match_indices(&pat).map(|(i, _)| i);
            if let Some(i) = hits.nth(n) {
                return i;
            }
        }
        text.find(id).unwrap_or(0)
    }
}

/// Checks and compiles the files of a pack.
pub fn compile(files: &[(String, String)]) -> Result<RulePack, Errors> {
    let mut cx = Ctx {
        files,
        errors: Vec::new(),
        seen: HashMap::new(),
    };
    let mut parsed = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        match crate::rules::yaml::parse::<RawFile>(name, text, 0) {
            Ok(f) => parsed.push((i, f)),
            Err(e) => cx.errors.push(e),
        }
    }

    let mut settings = RawSettings::default();
    let mut seen_settings = false;
    for (f, file) in &parsed {
        if let Some(s) = &file.settings {
            if seen_settings {
                cx.err(
                    *f,
                    "settings",
                    0,
                    None,
                    "settings are given in more than one file".into(),
                );
            }
            seen_settings = true;
            settings = s.clone();
        }
    }

    let sides = compile_sides(&mut cx, &parsed);
    let sources = compile_sources(&mut cx, &parsed, &sides);
    let events = compile_events(&mut cx, &parsed);
    let settings = Settings {
        fuzzy_threshold: settings.fuzzy_threshold,
        fuzzy_min_len: settings.fuzzy_min_len,
        about_tolerance: settings.about_tolerance,
        years: (settings.years[0], settings.years[1]),
        syndication_shingles: settings.syndication_shingles,
        syndication_similarity: settings.syndication_similarity,
    };

    let mut defs = Vec::new();
    let mut lang_ids = HashSet::new();
    for (f, file) in &parsed {
        if let Some(l) = &file.language {
            if !lang_ids.insert(l.id.clone()) {
                cx.err(
                    *f,
                    "language",
                    0,
                    None,
                    format!("language `{}` is defined twice", l.id),
                );
                continue;
            }
            defs.push((*f, l));
        }
    }
    // Languages compile side by side (building their patterns is most of loading a pack);
    // each has its own files, so its errors are its own, reported in the order of the files.
    use rayon::prelude::*;
    let compiled: Vec<(Option<Language>, Vec<Error>)> = defs
        .par_iter()
        .map(|&(f, l)| {
            let mut own = Ctx {
                files: cx.files,
                errors: Vec::new(),
                seen: HashMap::new(),
            };
            let lang = compile_language(&mut own, f, l, &parsed, &sides, &sources, &events);
            (lang, own.errors)
        })
        .collect();
    let mut languages = Vec::new();
    for (lang, errors) in compiled {
        cx.errors.extend(errors);
        languages.extend(lang);
    }
    let all_parsed = parsed.len() == files.len();
    for (f, file) in &parsed {
        if let Some(l) = &file.lang {
            if all_parsed && !lang_ids.contains(l) {
                cx.err(
                    *f,
                    "lang",
                    0,
                    None,
                    format!("unknown language `{l}` (no file defines `language: {{id: {l}}}`)"),
                );
            }
        } else if !file.rules.is_empty() || !file.lexicon.is_empty() {
            cx.err(
                *f,
                "rules",
                0,
                None,
                "a file with `lexicon` or `rules` needs `lang:`".into(),
            );
        }
    }
    let mut rule_ids: HashMap<String, ()> = HashMap::new();
    for l in &languages {
        for r in &l.rules {
            if rule_ids.insert(r.id.clone(), ()).is_some() {
                let f = files.iter().position(|x| x.0 == r.file).unwrap_or(0);
                cx.err(
                    f,
                    &r.id,
                    r.id_offset,
                    Some(&r.id),
                    "duplicate rule id: another rule already has it".into(),
                );
            }
        }
    }

    if cx.errors.is_empty() {
        Ok(RulePack {
            settings,
            sides,
            sources,
            events,
            languages,
        })
    } else {
        Err(Errors(cx.errors))
    }
}

fn compile_sides(cx: &mut Ctx, parsed: &[(usize, RawFile)]) -> Vec<Side> {
    let mut sides: Vec<Side> = Vec::new();
    let mut raw_of = Vec::new();
    for (f, file) in parsed {
        for s in &file.sides {
            if sides.iter().any(|x| x.id.0 == s.id) {
                let at = cx.offset_of_id(*f, &s.id);
                cx.err(*f, &s.id, at, None, format!("duplicate side id `{}`", s.id));
                continue;
            }
            sides.push(Side {
                id: SideId(s.id.clone()),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                part_of: None,
                camp: sides.len(),
                opponents: vec![],
            });
            raw_of.push((*f, s));
        }
    }
    let index: HashMap<String, usize> = sides
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0.clone(), i))
        .collect();
    for (i, (f, s)) in raw_of.iter().enumerate() {
        let at = cx.offset_of_id(*f, &s.id);
        if let Some(p) = &s.part_of {
            match index.get(p) {
                Some(&j) => sides[i].part_of = Some(j),
                None => cx.err(
                    *f,
                    p,
                    at,
                    None,
                    format!("side `{}`: part_of names unknown side `{p}`", s.id),
                ),
            }
        }
        for o in &s.opponents {
            match index.get(o) {
                Some(&j) => sides[i].opponents.push(j),
                None => cx.err(
                    *f,
                    o,
                    at,
                    None,
                    format!("side `{}`: unknown opponent `{o}`", s.id),
                ),
            }
        }
    }
    let mut in_reported_cycle = HashSet::new();
    for i in 0..sides.len() {
        let mut cur = i;
        let mut path = vec![i];
        while let Some(p) = sides[cur].part_of {
            cur = p;
            if let Some(start) = path.iter().position(|&x| x == p) {
                // One message per cycle, at its first member that the loop meets.
                let cycle = &path[start..];
                if cycle.iter().all(|c| in_reported_cycle.insert(*c)) {
                    let (f, s) = raw_of[cycle[0]];
                    let at = cx.offset_of_id(f, &s.id);
                    let names: Vec<&str> = cycle.iter().map(|&c| sides[c].id.0.as_str()).collect();
                    cx.err(
                        f,
                        "part_of",
                        at,
                        None,
                        format!(
                            "side `{}`: part_of forms a cycle ({} -> {})",
                            s.id,
                            names.join(" -> "),
                            s.id
                        ),
                    );
                }
                cur = i;
                break;
            }
            path.push(p);
        }
        sides[i].camp = cur;
    }
    sides
}

fn compile_sources(cx: &mut Ctx, parsed: &[(usize, RawFile)], sides: &[Side]) -> Vec<Source> {
    let mut sources = Vec::new();
    for (f, file) in parsed {
        for s in &file.sources {
            let at = cx.offset_of_id(*f, &s.id);
            if sources.iter().any(|x: &Source| x.id.0 == s.id) {
                cx.err(
                    *f,
                    &s.id,
                    at,
                    None,
                    format!("duplicate source id `{}`", s.id),
                );
                continue;
            }
            let side = s.side.as_ref().and_then(|id| {
                let found = sides.iter().position(|x| &x.id.0 == id);
                if found.is_none() {
                    cx.err(
                        *f,
                        "side",
                        at,
                        None,
                        format!("source `{}`: unknown side `{id}`", s.id),
                    );
                }
                found
            });
            sources.push(Source {
                id: SourceId(s.id.clone()),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                side,
                kind: s.kind,
            });
        }
    }
    if !sources.iter().any(|s| s.id.0 == SourceId::OUTLET) {
        sources.push(Source {
            id: SourceId::outlet(),
            name: "the article's own voice".into(),
            side: None,
            kind: SourceKind::Outlet,
        });
    }
    sources
}

fn compile_events(cx: &mut Ctx, parsed: &[(usize, RawFile)]) -> Vec<EventDef> {
    let mut events = Vec::new();
    for (f, file) in parsed {
        for e in &file.events {
            let at = cx.offset_of_id(*f, &e.id);
            let mut date = |field: &str, v: &str| match v.parse::<jiff::civil::Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    cx.err(
                        *f,
                        field,
                        at,
                        None,
                        format!(
                            "event `{}`: `{field}` must be a date YYYY-MM-DD, got `{v}`",
                            e.id
                        ),
                    );
                    None
                }
            };
            let (start, end) = (date("start", &e.start), date("end", &e.end));
            if let (Some(start), Some(end)) = (start, end) {
                events.push(EventDef {
                    id: e.id.clone(),
                    name: e.name.clone().unwrap_or_else(|| e.id.clone()),
                    start,
                    end,
                });
            }
        }
    }
    events
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

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

fn compile_normalizer(cx: &mut Ctx, f: usize, steps: &[RawStep]) -> Normalizer {
    let chars = |cx: &mut Ctx, list: &[String]| -> crate::text::normalize::CharSet {
        list.iter()
            .filter_map(|s| {
                let c = single_char(s);
                if c.is_none() {
                    cx.err(
                        f,
                        s,
                        0,
                        None,
                        format!("normalize: `{s}` must be a single character"),
                    );
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
            RawStep::SplitAfter(l) => Step::SplitAfter(chars(cx, &l.split_after)),
            RawStep::Delete(l) => Step::Delete(chars(cx, &l.delete)),
            RawStep::Map(MapStep { map: m }) => {
                let mut map = Vec::new();
                for (k, v) in m {
                    match single_char(k) {
                        Some(c) => map.push((c, v.clone())),
                        None => cx.err(
                            f,
                            k,
                            0,
                            None,
                            format!("normalize map: key `{k}` must be a single character"),
                        ),
                    }
                }
                Step::Map(map.into_iter().collect())
            }
        });
    }
    Normalizer { steps: out }
}

/// Regex building blocks of one language.
struct Builder<'a> {
    norm: &'a Normalizer,
    proc: String,
    gap_word: String,
}

impl Builder<'_> {
    /// A word or phrase as a regex: proclitics allowed, `*` for any ending. Word boundaries are
    /// not in the pieces: whole regexes get them from [`bounded`], and the words inside a
    /// pattern are separated by `SEP`.
    fn word(&self, w: &str) -> String {
        self.norm
            .word(w)
            .split_whitespace()
            .map(|part| {
                let (core, stem) = match part.strip_suffix('*') {
                    Some(c) => (c, true),
                    None => (part, false),
                };
                let mut s = String::new();
                if core.chars().next().is_some_and(is_word_char) {
                    s.push_str(&self.proc);
                }
                s.push_str(&regex::escape(core));
                if stem {
                    s.push_str(r"\w*");
                }
                s
            })
            .collect::<Vec<_>>()
            .join(SEP)
    }

    /// An alternation of words, longest first so the fullest phrase wins.
    fn alt(&self, words: &[String]) -> Option<String> {
        let mut ws: Vec<String> = words
            .iter()
            .map(|w| self.norm.word(w))
            .filter(|w| !w.is_empty())
            .collect();
        ws.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        ws.dedup();
        if ws.is_empty() {
            return None;
        }
        Some(format!(
            "(?:{})",
            ws.iter()
                .map(|w| self.word(w))
                .collect::<Vec<_>>()
                .join("|")
        ))
    }

    fn regex(&self, words: &[String]) -> Option<Regex> {
        self.alt(words).and_then(|a| Regex::new(&bounded(&a)).ok())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokenised alias words: `*` marks a stem.
fn alias_words(norm: &Normalizer, text: &str) -> Vec<AliasWord> {
    let n = norm.word(text);
    let mut out: Vec<AliasWord> = Vec::new();
    for (a, b) in words(&n) {
        let stem = n[b..].starts_with('*');
        out.push(AliasWord {
            text: n[a..b].to_string(),
            stem,
        });
    }
    out
}

fn aliases_for<'a>(
    map: &'a BTreeMap<String, Vec<String>>,
    lang: &str,
) -> impl Iterator<Item = &'a String> {
    map.get(lang).into_iter().chain(map.get("any")).flatten()
}

/// A font family name that is safe in a style sheet: letters, digits, spaces, `-` and `_`.
pub fn plain_font(f: &str) -> bool {
    !f.trim().is_empty()
        && f.chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
}

#[allow(clippy::too_many_arguments)]
fn compile_language(
    cx: &mut Ctx,
    f: usize,
    l: &RawLanguage,
    parsed: &[(usize, RawFile)],
    sides: &[Side],
    sources: &[Source],
    events: &[EventDef],
) -> Option<Language> {
    // The script's code point ranges, from the same Unicode tables the regex engine uses.
    let class = regex_syntax::parse(&format!(r"\p{{{}}}", l.script)).map(|h| h.into_kind());
    let script = match class {
        Ok(regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => {
            cx.err(
                f,
                &l.script,
                0,
                None,
                format!("language `{}`: unknown script `{}`", l.id, l.script),
            );
            return None;
        }
    };
    // A font name ends up in the report's style sheet: letters, digits, spaces and dashes only.
    for font in &l.fonts {
        if !plain_font(font) {
            cx.err(
                f,
                font,
                0,
                None,
                format!(
                    "language `{}`: font `{font}` may hold only letters, digits, spaces and dashes",
                    l.id
                ),
            );
        }
    }
    let norm = compile_normalizer(cx, f, &l.normalize);
    let mut procs: Vec<String> = l
        .proclitics
        .iter()
        .map(|p| norm.word(p))
        .filter(|p| !p.is_empty())
        .collect();
    procs.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let proc = if procs.is_empty() {
        String::new()
    } else {
        format!(
            "(?:{})?",
            procs
                .iter()
                .map(|p| regex::escape(p))
                .collect::<Vec<_>>()
                .join("|")
        )
    };
    let stops: String = l
        .clause_break
        .iter()
        .chain(&l.sentence_end)
        .flat_map(|s| s.chars())
        .map(|c| regex::escape(&c.to_string()))
        .collect();
    let b = Builder {
        norm: &norm,
        proc,
        gap_word: format!(r"[^\s{stops}]+"),
    };

    let numbers: HashMap<String, RawNumber> =
        l.numbers.iter().map(|(k, v)| (norm.word(k), *v)).collect();
    let number_joiners: Vec<String> = l
        .counting
        .number_joiner
        .iter()
        .map(|j| norm.word(j))
        .collect();
    let figure = figure_alts(&numbers, &number_joiners);
    let mut after_bounds = Vec::new();
    for (bound, phrases) in &l.bounds {
        if let Some(a) = b.alt(&phrases.after) {
            after_bounds.push((
                *bound,
                Regex::new(&format!(r"^(?P<m>{SEP}{a})(?:[^\w]|$)"))
                    .expect("escaped alternation compiles"),
            ));
        }
    }
    let anaphora = l
        .attribution
        .anaphora
        .iter()
        .filter_map(|(k, words)| b.regex(words).map(|r| (*k, r)))
        .collect();

    // Aliases of this language: sources (an alias may name only one source) and event names.
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut source_aliases = Vec::new();
    for (pf, file) in parsed {
        for s in &file.sources {
            let Some(target) = sources.iter().position(|x| x.id.0 == s.id) else {
                continue;
            };
            for a in aliases_for(&s.aliases, &l.id) {
                let words = alias_words(&norm, a);
                if words.is_empty() {
                    continue;
                }
                let key = norm.word(a);
                match owner.get(&key) {
                    Some(&o) if o != target => {
                        let at = cx.offset_of_id(*pf, &s.id);
                        cx.err(
                            *pf,
                            a,
                            at,
                            None,
                            format!(
                                "alias `{a}` is claimed by two sources: `{}` and `{}`",
                                sources[o].id, s.id
                            ),
                        );
                    }
                    _ => {
                        owner.insert(key, target);
                        source_aliases.push(Alias { words, target });
                    }
                }
            }
        }
    }
    let (mut event_names, mut event_places) = (Vec::new(), Vec::new());
    for (_, file) in parsed {
        for e in &file.events {
            let Some(target) = events.iter().position(|x| x.id == e.id) else {
                continue;
            };
            for a in aliases_for(&e.names, &l.id) {
                event_names.push(Alias {
                    words: alias_words(&norm, a),
                    target,
                });
            }
            for a in aliases_for(&e.places, &l.id) {
                event_places.push(Alias {
                    words: alias_words(&norm, a),
                    target,
                });
            }
        }
    }
    let mut phrases = Vec::new();
    for (day, words) in &l.time.weekdays {
        if let Some(re) = b.regex(words) {
            phrases.push((Shift::Weekday(weekday(*day)), re));
        }
    }
    for r in &l.time.relative {
        if let Some(re) = b.regex(&r.words) {
            phrases.push((
                Shift::By {
                    days: r.days,
                    months: r.months,
                    years: r.years,
                },
                re,
            ));
        }
    }
    let time = TimeAnchors {
        window: l.time.window,
        phrases,
    };

    // Side aliases, longest first, each with its side.
    let mut side_alts: Vec<(String, usize)> = Vec::new();
    for (_, file) in parsed {
        for s in &file.sides {
            let Some(i) = sides.iter().position(|x| x.id.0 == s.id) else {
                continue;
            };
            for a in aliases_for(&s.aliases, &l.id) {
                side_alts.push((norm.word(a), i));
            }
        }
    }
    side_alts.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    side_alts.dedup();

    let lang = LangParts {
        b: &b,
        figure: &figure,
        bounds: &l.bounds,
        counting: &l.counting,
        side_alts: &side_alts,
    };
    let mut lexicon: BTreeMap<&str, &RawLexEntry> = BTreeMap::new();
    for (pf, file) in parsed {
        if file.lang.as_deref() != Some(&l.id) {
            continue;
        }
        for (name, entry) in &file.lexicon {
            if lexicon.insert(name, entry).is_some() {
                cx.err(
                    *pf,
                    &format!("{name}:"),
                    0,
                    None,
                    format!("lexicon entry `{name}` is defined twice for `{}`", l.id),
                );
            }
        }
    }
    let mut rules = Vec::new();
    for (pf, file) in parsed {
        if file.lang.as_deref() != Some(&l.id) {
            continue;
        }
        for r in &file.rules {
            if let Some(rule) = compile_rule(cx, *pf, &l.id, r, &lang, &lexicon) {
                rules.push(rule);
            }
        }
    }

    let number_finder = Regex::new(&bounded(&number_regex(&b, &figure, None)))
        .expect("escaped number words compile");
    let not_counted = l
        .counting
        .not_counted
        .iter()
        .filter_map(|(why, words)| {
            b.alt(words).map(|a| {
                (
                    why.clone(),
                    Regex::new(&format!(r"^{SEP}{a}(?:[^\w]|$)"))
                        .expect("escaped alternation compiles"),
                )
            })
        })
        .collect();
    let prefilter = Prefilter::new(&rules);
    let mut alias_index: HashMap<char, Vec<usize>> = HashMap::new();
    for (k, a) in source_aliases.iter().enumerate() {
        if let Some(c) = a.words.first().and_then(|w| w.text.chars().next()) {
            alias_index.entry(c).or_default().push(k);
        }
    }
    Some(Language {
        alias_index,
        prefilter,
        number_joiners,
        event_places,
        time,
        id: l.id.clone(),
        fonts: l.fonts.clone(),
        number_finder,
        not_counted,
        script,
        terminators: l.sentence_end.iter().flat_map(|s| s.chars()).collect(),
        numbers,
        after_bounds,
        speech: b.regex(&l.attribution.speech),
        according_to: b.regex(&l.attribution.according_to),
        via: b.regex(&l.attribution.via),
        anaphora,
        max_gap_after_verb: l.attribution.max_gap_after_verb,
        max_gap_before_verb: l.attribution.max_gap_before_verb,
        speaker_before_verb: l.attribution.speaker_before_verb,
        proclitics: procs,
        source_aliases,
        event_names,
        rules,
        normalizer: norm,
    })
}

struct LangParts<'a> {
    b: &'a Builder<'a>,
    figure: &'a str,
    bounds: &'a BTreeMap<Bound, RawBoundPhrases>,
    counting: &'a RawCounting,
    side_alts: &'a [(String, usize)],
}

/// A figure behind an optional proclitic; the figure itself in group `group` when given.
fn number_regex(b: &Builder, figure: &str, group: Option<&str>) -> String {
    let name = group.map_or(String::new(), |g| format!("?P<{g}>"));
    format!(r"{}({name}{figure})", b.proc)
}

/// A figure as written: digits (with thousands separators) and an optional multiplier word
/// ("3 thousand"), or number words joined into a compound ("one hundred and fifty").
fn figure_alts(numbers: &HashMap<String, RawNumber>, joiners: &[String]) -> String {
    let alt = |mut words: Vec<&String>| {
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let escaped: Vec<String> = words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        escaped.join("|")
    };
    let multipliers: Vec<&String> = numbers
        .iter()
        .filter(|(_, n)| n.value >= 100)
        .map(|(k, _)| k)
        .collect();
    let digits = if multipliers.is_empty() {
        DIGITS.to_string()
    } else {
        format!(r"(?:{DIGITS})(?:\s+(?:{}))?", alt(multipliers))
    };
    if numbers.is_empty() {
        return digits;
    }
    let word = format!("(?:{})", alt(numbers.keys().collect()));
    let join = if joiners.is_empty() {
        r"\s+".to_string()
    } else {
        let j: Vec<String> = joiners.iter().map(|j| regex::escape(j)).collect();
        format!(r"(?:\s*(?:{})\s*|\s+)", j.join("|"))
    };
    format!(r"{digits}|{word}(?:{join}{word})*")
}

/// Joining words as a plain alternation: they may touch the figure after them (Arabic "and").
fn joiner_alt(b: &Builder, words: &[String]) -> Option<String> {
    let mut ws: Vec<String> = words
        .iter()
        .map(|w| regex::escape(&b.norm.word(w)))
        .filter(|w| !w.is_empty())
        .collect();
    ws.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    (!ws.is_empty()).then(|| format!("(?:{})", ws.join("|")))
}

/// The figure of count slot `idx`: a single figure or a range; returns the regex and the names
/// of the groups holding the (first) figure and the upper figure of a range.
fn figure_regex(idx: usize, lp: &LangParts) -> (String, Vec<String>, Vec<String>) {
    let b = lp.b;
    let r = &lp.counting.range;
    let upper = |g: &str| format!(r"(?P<{g}>{})", lp.figure);
    let (mut alts, mut numbers, mut uppers) = (Vec::new(), Vec::new(), Vec::new());
    let and: Vec<String> = r.and.iter().chain(&r.to).cloned().collect();
    if let (Some(between), Some(and)) = (b.alt(&r.between), joiner_alt(b, &and)) {
        let (n, u) = (format!("c{idx}bn"), format!("c{idx}bu"));
        alts.push(format!(
            r"{between}{SEP}{}\s*{and}\s*{}",
            number_regex(b, lp.figure, Some(&n)),
            upper(&u)
        ));
        numbers.push(n);
        uppers.push(u);
    }
    // The plain figure before "X to Y": "twenty-five" is a number, not the range 20-5; the
    // regex still falls back to the range when the plain reading cannot complete the pattern.
    let n = format!("c{idx}n");
    alts.push(number_regex(b, lp.figure, Some(&n)));
    numbers.push(n);
    if let Some(to) = joiner_alt(b, &r.to) {
        let (n, u) = (format!("c{idx}rn"), format!("c{idx}ru"));
        alts.push(format!(
            r"{}\s*{to}\s*{}",
            number_regex(b, lp.figure, Some(&n)),
            upper(&u)
        ));
        numbers.push(n);
        uppers.push(u);
    }
    (format!("(?:{})", alts.join("|")), numbers, uppers)
}

/// Groups of literal words a sentence must contain, one word of each group, for the rule to
/// match: one group per required word or lexicon token, else the forms of its counted noun.
/// Only the first word of a phrase and the stem of `word*` are kept, so the test can only let
/// too much through, never too little; empty when the rule has no such token (it always runs).
fn trigger_words(
    b: &Builder,
    tokens: &[Token],
    lexicon: &BTreeMap<&str, &RawLexEntry>,
) -> Vec<Vec<String>> {
    let literals = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .filter_map(|w| {
                b.norm
                    .word(w)
                    .split_whitespace()
                    .next()
                    .map(|f| f.trim_end_matches('*').to_string())
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let lexicon_words = |name: &str| -> Option<Vec<String>> {
        match lexicon.get(name)? {
            RawLexEntry::Words(w) => Some(w.clone()),
            RawLexEntry::Noun(n) => Some(
                n.singular
                    .iter()
                    .chain(&n.dual)
                    .chain(&n.plural)
                    .chain(&n.possessive)
                    .cloned()
                    .collect(),
            ),
        }
    };
    let required: Vec<Vec<String>> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w, false) => Some(vec![w.to_string()]),
            Token::Slot(name, false)
                if !name.contains(':')
                    && !matches!(*name, "count" | "side" | "accused" | "victim") =>
            {
                lexicon_words(name)
            }
            _ => None,
        })
        .map(|w| literals(&w))
        .filter(|w| !w.is_empty())
        .collect();
    if !required.is_empty() {
        return required;
    }
    let noun = tokens.iter().find_map(|t| match t {
        Token::Slot(name, _) => name.strip_prefix("count:").and_then(lexicon_words),
        _ => None,
    });
    noun.map(|w| literals(&w))
        .filter(|w| !w.is_empty())
        .into_iter()
        .collect()
}

/// One token of a pattern.
enum Token<'p> {
    Gap,
    Slot(&'p str, bool),
    Word(&'p str, bool),
    /// `/regex/`: raw regex on normalised text, for forms words and slots cannot say.
    Regex(&'p str, bool),
}

fn tokenize(pattern: &str) -> Vec<Token<'_>> {
    pattern
        .split_whitespace()
        .map(|t| {
            if t == "..." {
                return Token::Gap;
            }
            let (t, opt) = match t.strip_suffix('?') {
                Some(x) => (x, true),
                None => (t, false),
            };
            if let Some(re) = t
                .strip_prefix('/')
                .and_then(|x| x.strip_suffix('/'))
                .filter(|x| !x.is_empty())
            {
                return Token::Regex(re, opt);
            }
            match t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                Some(name) => Token::Slot(name, opt),
                None => Token::Word(t, opt),
            }
        })
        .collect()
}

fn compile_rule(
    cx: &mut Ctx,
    f: usize,
    lang: &str,
    r: &RawRule,
    lp: &LangParts,
    lexicon: &BTreeMap<&str, &RawLexEntry>,
) -> Option<Rule> {
    let nth = cx.seen.entry((f, r.id.clone())).or_insert(0);
    *nth += 1;
    let nth = *nth - 1;
    let at = cx.offset_of_nth_id(f, &r.id, nth);
    let fail = |cx: &mut Ctx, needle: &str, msg: String| cx.err(f, needle, at, Some(&r.id), msg);
    let b = lp.b;
    let mut re = String::new();
    let mut slots = Vec::new();
    let tokens = tokenize(&r.pattern);
    if tokens.is_empty() {
        fail(cx, "pattern", "empty pattern".into());
        return None;
    }
    let mut ok = true;
    // Required words and lexicon tokens, for near misses in `explain`.
    let mut required: Vec<String> = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let (piece, opt) = match tok {
            Token::Gap => {
                if i == 0 || i + 1 == tokens.len() {
                    fail(
                        cx,
                        "...",
                        "a `...` gap must stand between two tokens".into(),
                    );
                    ok = false;
                    continue;
                }
                re.push_str(&format!("(?:{SEP}{}){{0,{}}}?", b.gap_word, r.gap));
                continue;
            }
            Token::Word(w, opt) => {
                let piece = b.word(w);
                if !opt {
                    required.push(piece.clone());
                }
                (piece, *opt)
            }
            Token::Regex(x, opt) => match regex::Regex::new(x) {
                // Named groups would collide with the slots' groups.
                Ok(_) if x.contains("(?P<") || x.contains("(?<") => {
                    fail(cx, x, format!("regex `/{x}/` must not use named groups"));
                    ok = false;
                    continue;
                }
                Ok(_) => (format!("(?:{x})"), *opt),
                Err(e) => {
                    let why = one_line(&e.to_string());
                    fail(cx, x, format!("regex `/{x}/` does not compile: {why}"));
                    ok = false;
                    continue;
                }
            },
            Token::Slot(name, opt) => match slot(slots.len(), name, lp, lexicon) {
                Ok((piece, s)) => {
                    match s {
                        Some(s) => slots.push(s),
                        None if !*opt => required.push(piece.clone()),
                        None => {}
                    }
                    (piece, *opt)
                }
                Err(msg) => {
                    fail(cx, &format!("{{{name}"), msg);
                    ok = false;
                    continue;
                }
            },
        };
        if i == 0 {
            if opt {
                fail(
                    cx,
                    "pattern",
                    "the first token of a pattern cannot be optional".into(),
                );
                ok = false;
            }
            re.push_str(&format!("(?:{piece})"));
        } else if opt {
            re.push_str(&format!("(?:{SEP}(?:{piece}))?"));
        } else {
            re.push_str(&format!("{SEP}(?:{piece})"));
        }
    }
    let count_slots = slots
        .iter()
        .filter(|s| matches!(s, Slot::Count { .. }))
        .count();
    let accused = slots
        .iter()
        .filter(|s| {
            matches!(
                s,
                Slot::Side {
                    role: SideRole::Accused | SideRole::Victim,
                    ..
                }
            )
        })
        .count();
    if !ok {
        // A broken slot already said what is wrong; the slot count would only repeat it.
    } else if r.kind == Kind::Blame {
        if count_slots > 0 || accused != 1 {
            fail(
                cx,
                "pattern",
                "a blame pattern needs exactly one {accused} or {victim} slot and no {count}"
                    .into(),
            );
            ok = false;
        }
    } else if count_slots == 0 || accused > 0 {
        fail(
            cx,
            "pattern",
            format!(
                "a {} pattern needs a {{count}} slot (several are added up) and no {{accused}}/{{victim}}",
                r.kind.as_str()
            ),
        );
        ok = false;
    }
    let regex = match RegexBuilder::new(&bounded(&re)).size_limit(1 << 25).build() {
        Ok(x) => Some(x),
        Err(e) => {
            fail(
                cx,
                "pattern",
                format!("pattern does not compile: {}", one_line(&e.to_string())),
            );
            None
        }
    };
    let mut examples = Vec::new();
    if r.examples.is_empty() {
        fail(
            cx,
            "pattern",
            "rule has no examples: add at least one sentence it must match".into(),
        );
        ok = false;
    }
    for ex in &r.examples {
        match &ex.expect {
            RawExpect::Keyword(k) if k == "none" => examples.push(Example {
                text: ex.text.clone(),
                expect: None,
            }),
            RawExpect::Keyword(k) => {
                fail(
                    cx,
                    k,
                    format!("example expectation must be `none` or a claim, got `{k}`"),
                );
                ok = false;
            }
            RawExpect::Claim(c) => {
                if c.kind != r.kind {
                    fail(
                        cx,
                        "expect",
                        format!(
                            "example expects kind `{}` but the rule is `{}`",
                            c.kind.as_str(),
                            r.kind.as_str()
                        ),
                    );
                    ok = false;
                }
                examples.push(Example {
                    text: ex.text.clone(),
                    expect: Some(c.clone()),
                })
            }
        }
    }
    if ok && !examples.iter().any(|e| e.expect.is_some()) {
        fail(
            cx,
            "examples",
            "rule needs at least one example it must match (with `expect:` fields)".into(),
        );
        ok = false;
    }
    let (line, _) = crate::error::line_col(&cx.files[f].1, at);
    Some(Rule {
        id: r.id.clone(),
        lang: lang.to_string(),
        kind: r.kind,
        pattern: r.pattern.clone(),
        regex: regex.filter(|_| ok)?,
        slots,
        group: r.group,
        needs_speaker: r.needs_speaker.unwrap_or(r.kind == Kind::Blame),
        unnamed_side: r.unnamed_side,
        examples,
        file: cx.files[f].0.clone(),
        line,
        trigger: trigger_words(lp.b, &tokens, lexicon),
        required,
        required_regexes: std::sync::OnceLock::new(),
        id_offset: at,
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compiles one `{slot}`: its regex piece and, for count and side slots, what it captures.
fn slot(
    idx: usize,
    name: &str,
    lp: &LangParts,
    lexicon: &BTreeMap<&str, &RawLexEntry>,
) -> Result<(String, Option<Slot>), String> {
    let b = lp.b;
    let (base, arg) = match name.split_once(':') {
        Some((x, y)) => (x, Some(y)),
        None => (name, None),
    };
    let role = match base {
        "side" => Some(SideRole::Counted),
        "accused" => Some(SideRole::Accused),
        "victim" => Some(SideRole::Victim),
        _ => None,
    };
    if let Some(role) = role {
        if lp.side_alts.is_empty() {
            return Err(format!(
                "slot {{{name}}}: no side has aliases in this language"
            ));
        }
        let mut alts = Vec::new();
        let mut parts = Vec::new();
        for (j, (alias, side)) in lp.side_alts.iter().enumerate() {
            let g = format!("s{idx}a{j}");
            parts.push(format!("(?P<{g}>{})", b.word(alias)));
            alts.push((g, *side));
        }
        return Ok((
            format!("(?:{})", parts.join("|")),
            Some(Slot::Side { role, alts }),
        ));
    }
    if base == "count" {
        return count_slot(idx, arg, lp, lexicon).map(|(p, s)| (p, Some(s)));
    }
    if arg.is_some() {
        return Err(format!(
            "unknown slot {{{name}}}: only {{count:NOUN}} takes an argument"
        ));
    }
    let words: Vec<String> = match lexicon.get(base) {
        Some(RawLexEntry::Words(w)) => w.clone(),
        Some(RawLexEntry::Noun(n)) => n
            .singular
            .iter()
            .chain(&n.dual)
            .chain(&n.plural)
            .chain(&n.possessive)
            .cloned()
            .collect(),
        None => {
            let known: Vec<&str> = lexicon.keys().copied().collect();
            return Err(format!(
                "unknown slot {{{name}}}: not count, side, accused, victim, nor a lexicon entry (known: {})",
                known.join(", ")
            ));
        }
    };
    b.alt(&words)
        .map(|a| (a, None))
        .ok_or_else(|| format!("lexicon entry `{base}` is empty"))
}

fn count_slot(
    idx: usize,
    noun: Option<&str>,
    lp: &LangParts,
    lexicon: &BTreeMap<&str, &RawLexEntry>,
) -> Result<(String, Slot), String> {
    let b = lp.b;
    let mut bounds = Vec::new();
    let mut prefix = Vec::new();
    for (k, (bound, phrases)) in lp.bounds.iter().enumerate() {
        if let Some(a) = b.alt(&phrases.before) {
            let g = format!("c{idx}b{k}");
            prefix.push(format!("(?P<{g}>{a}){SEP}"));
            bounds.push((*bound, g));
        }
    }
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("(?:{})?", prefix.join("|"))
    };
    let (number, numbers, uppers) = figure_regex(idx, lp);
    let Some(noun_name) = noun else {
        let slot = Slot::Count {
            bounds,
            numbers,
            uppers,
            one: None,
            two: None,
            own: None,
            possessive: None,
            group: None,
        };
        return Ok((format!("{prefix}{number}"), slot));
    };
    let noun = match lexicon.get(noun_name) {
        Some(RawLexEntry::Noun(x)) => x,
        Some(RawLexEntry::Words(_)) => {
            return Err(format!(
                "{{count:{noun_name}}}: `{noun_name}` is a word list; a counted noun needs singular/dual/plural forms"
            ));
        }
        None => {
            return Err(format!(
                "{{count:{noun_name}}}: no lexicon entry `{noun_name}`"
            ));
        }
    };
    let all: Vec<String> = noun
        .singular
        .iter()
        .chain(&noun.dual)
        .chain(&noun.plural)
        .cloned()
        .collect();
    let Some(all_alt) = b.alt(&all) else {
        return Err(format!("{{count:{noun_name}}}: the noun has no forms"));
    };
    let mut after_number = String::new();
    if let Some(p) = b.alt(&lp.counting.partitive) {
        after_number.push_str(&format!("(?:{SEP}{p})?"));
    }
    let own = b.alt(&lp.counting.own).map(|o| {
        let g = format!("c{idx}own");
        after_number.push_str(&format!("(?:{SEP}(?P<{g}>{o}))?"));
        g
    });
    let possessive = b.alt(&noun.possessive).map(|p| (format!("c{idx}pos"), p));
    let noun_re = match &possessive {
        Some((g, p)) => format!("(?:(?P<{g}>{p})|{all_alt})"),
        None => all_alt,
    };
    let mut branches = vec![format!("{number}{after_number}{SEP}{noun_re}")];
    let two = b.alt(&noun.dual).map(|d| {
        let g = format!("c{idx}two");
        branches.push(format!("(?P<{g}>{d})"));
        g
    });
    let one = b.alt(&noun.singular).map(|s| {
        let g = format!("c{idx}one");
        let art = b
            .alt(&lp.counting.articles)
            .map(|a| format!("(?:{a}{SEP})?"))
            .unwrap_or_default();
        branches.push(format!("{art}(?P<{g}>{s})"));
        g
    });
    let slot = Slot::Count {
        bounds,
        numbers,
        uppers,
        one,
        two,
        own,
        possessive: possessive.map(|p| p.0),
        group: noun.group,
    };
    Ok((format!("{prefix}(?:{})", branches.join("|")), slot))
}
