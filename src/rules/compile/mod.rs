//! Checks a parsed pack and compiles it: every pattern becomes one regex, built once here.
//!
//! The jobs, in the order a pack goes through them:
//! - this file: parse each file ([`crate::rules::yaml`]); [`compose`]: `replace:` and `extend:`
//!   applied; settings, then the steps below, then
//!   the checks across languages (a file's `lang:`, rule ids unique);
//! - [`refs`]: sides, sources, events and their references;
//! - [`language`]: each language (side by side on threads): normaliser, numbers, attribution,
//!   aliases, time anchors, lexicon, and its rules through
//! - [`rule`]: one rule: its pattern ([`pattern`], [`slots`]), slot and example checks;
//! - [`locate`]: every problem placed at file, line, column and rule id.

mod compose;
mod language;
mod locate;
mod pattern;
mod pieces;
mod refs;
mod rule;
mod slots;
#[cfg(test)]
mod tests;

pub use language::plain_font;
pub use pieces::{SEP, bounded};

use crate::error::Errors;
use crate::model::Bound;
use crate::rules::raw::{
    RawBoundPhrases, RawCounting, RawFile, RawLanguage, RawLexEntry, RawSettings,
};
use crate::rules::{
    EventDef, LangSlot, Language, MakeLanguage, RuleError, RulePack, Settings, Side, Source,
};
use locate::Problems;
use pieces::Builder;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The files that parsed, each with its index in the pack's files.
type Parsed = [(usize, RawFile)];

/// A language's lexicon: entry name to entry, from all its files.
type Lexicon<'a> = BTreeMap<&'a str, &'a RawLexEntry>;

/// When a pack's patterns are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// On first use: a run compiles only the patterns its sentences call for.
    Lazy,
    /// All while loading, so a pattern past the size limit is reported (`rules lint`, `rules
    /// test`).
    Eager,
    /// As `Lazy`, and each language compiled when a run first reads text in it: only for a
    /// pack checked already (the embedded one, which the test suite lints), since a problem
    /// in a language found that late could not be reported.
    OnDemand,
}

/// What compiling a language needs from the rest of the pack.
struct Refs<'a> {
    build: Build,
    parsed: &'a Parsed,
    sides: &'a [Side],
    sources: &'a [Source],
    events: &'a [EventDef],
    /// Place ids (`RulePack::places`).
    places: &'a [String],
}

/// What compiling a slot needs from its language.
struct LangParts<'a> {
    b: &'a Builder<'a>,
    /// The regex of one figure (digits or number words).
    figure: &'a str,
    bounds: &'a BTreeMap<Bound, RawBoundPhrases>,
    counting: &'a RawCounting,
    /// Side aliases, normalised, longest first, with their side.
    side_alts: &'a [(String, crate::rules::SideIx)],
    /// The words naming the speaker's opponent ("the enemy").
    enemy: &'a [String],
    build: Build,
}

/// Checks and compiles the files (name, text) of a pack, every pattern at once; every problem
/// found is returned.
pub fn compile(files: &[(String, String)]) -> Result<RulePack, Errors> {
    compile_with(files, Build::Eager)
}

/// Checks and compiles the files (name, text) of a pack, its patterns when `build` says.
pub fn compile_with(files: &[(String, String)], build: Build) -> Result<RulePack, Errors> {
    let mut p = Problems::new(files);
    let mut parsed = Vec::new();
    // Files are parsed in parallel, their results taken in the files' order.
    let read: Vec<_> = {
        use rayon::prelude::*;
        (files.par_iter().enumerate())
            // Its language's rules and names are read when a run first needs that language.
            .filter(|(_, (name, text))| {
                !(build == Build::OnDemand && later_dir(name, text).is_some())
            })
            .map(|(i, (name, text))| (i, crate::rules::yaml::parse_all::<RawFile>(name, text)))
            .collect()
    };
    for (i, (file, errors)) in read {
        // A file with broken rules is still checked, without them, so that one run names
        // every problem; the broken rules' errors already fail the load.
        parsed.extend(file.map(|f| (i, f)));
        errors.into_iter().for_each(|e| p.push(e));
    }
    // What a language compiled on demand composes its own files with.
    let raw = if build == Build::OnDemand {
        parsed.clone()
    } else {
        Vec::new()
    };
    compose::apply(&mut p, &mut parsed);
    let settings = settings(&mut p, &parsed);
    let sides = refs::sides(&mut p, &parsed);
    let sources = refs::sources(&mut p, &parsed, &sides);
    let events = refs::events(&mut p, &parsed, &sides);
    let defs = language_defs(&mut p, &parsed);
    let places = compose::place_ids(&parsed);
    let place_sides = refs::place_sides(&mut p, &parsed, &sides, &places);
    let refs = Refs {
        build,
        parsed: &parsed,
        sides: &sides,
        sources: &sources,
        events: &events,
        places: &places,
    };
    let lang_ids: HashSet<&str> = defs.iter().map(|(_, l)| l.id.as_str()).collect();
    check_file_langs(&mut p, &parsed, &lang_ids, parsed.len() == files.len());
    let languages: Vec<LangSlot> = if build == Build::OnDemand {
        let ready = (defs.iter())
            .map(|&(f, l)| Some((f, l, language::script_ranges(&mut p, f, l)?)))
            .collect::<Option<Vec<_>>>();
        let infos: Vec<_> = (ready.into_iter().flatten())
            .map(|(f, l, script)| {
                let identity = crate::text::langid::identity(&l.id);
                (f, l.id.clone(), identity, l.fonts.clone(), script)
            })
            .collect();
        drop(lang_ids);
        drop(defs);
        drop(parsed);
        let later = Arc::new(Later {
            files: files.to_vec(),
            raw,
            sides: sides.clone(),
            sources: sources.clone(),
            events: events.clone(),
            places: places.clone(),
        });
        (infos.into_iter())
            .map(|(f, id, identity, fonts, script)| {
                let later = Arc::clone(&later);
                let make: MakeLanguage = Arc::new(move || later.language(f));
                LangSlot::on_demand(id, identity, fonts, script, make)
            })
            .collect()
    } else {
        let languages = languages(&mut p, &defs, &refs);
        check_rule_ids(&mut p, &languages);
        languages.into_iter().map(LangSlot::ready).collect()
    };
    match p.into_errors() {
        Some(errors) => Err(Errors(errors)),
        None => Ok(RulePack {
            settings,
            sides,
            sources,
            events,
            places,
            place_sides,
            scripts: crate::rules::ScriptTable::new(languages.iter().map(|l| l.script())),
            languages,
        }),
    }
}

/// The language directory a file of the embedded pack belongs to, when reading it can wait
/// until a run needs that language: a file one directory down that defines no language (its
/// rules, lexicon and names in the language). The pack-wide files and every `language:`
/// block are read at once: telling languages apart needs their scripts.
fn later_dir<'a>(name: &'a str, text: &str) -> Option<&'a str> {
    let rel = name.strip_prefix(crate::rules::EMBEDDED_PREFIX)?;
    let (dir, file) = rel.split_once('/')?;
    let defines = text.lines().any(|l| l.starts_with("language:"));
    (!file.contains('/') && !defines).then_some(dir)
}

/// What compiling a language on demand needs: the checked pack's files, those read at load
/// as parsed (before composition), and its sides, sources, events and places.
struct Later {
    files: Vec<(String, String)>,
    raw: Vec<(usize, RawFile)>,
    sides: Vec<Side>,
    sources: Vec<Source>,
    events: Vec<EventDef>,
    places: Vec<String>,
}

impl Later {
    /// The language defined in file `f`, compiled as a lazy load compiles it: the files read
    /// at load and those of the language's directory, composed, then the language.
    fn language(&self, f: usize) -> Option<Language> {
        let name = &self.files.get(f)?.0;
        let dir = name
            .strip_prefix(crate::rules::EMBEDDED_PREFIX)?
            .split_once('/')?
            .0;
        let mut parsed = self.raw.clone();
        for (i, (name, text)) in self.files.iter().enumerate() {
            if later_dir(name, text) == Some(dir) {
                let (file, _) = crate::rules::yaml::parse_all::<RawFile>(name, text);
                parsed.extend(file.map(|x| (i, x)));
            }
        }
        parsed.sort_by_key(|(i, _)| *i);
        let mut p = Problems::new(&self.files);
        compose::apply(&mut p, &mut parsed);
        let (_, file) = parsed.iter().find(|(i, _)| *i == f)?;
        let l = file.language.as_ref()?;
        let refs = Refs {
            build: Build::Lazy,
            parsed: &parsed,
            sides: &self.sides,
            sources: &self.sources,
            events: &self.events,
            places: &self.places,
        };
        language::compile_language(&mut p, f, l, &refs)
    }
}

/// The pack's settings: the one file's that has them, else the defaults.
fn settings(p: &mut Problems, parsed: &Parsed) -> Settings {
    let mut s = RawSettings::default();
    let mut seen = false;
    for (f, file) in parsed {
        if let Some(given) = &file.settings {
            if seen {
                p.report(*f, 0, None, RuleError::SettingsTwice);
            }
            seen = true;
            s = given.clone();
        }
    }
    Settings {
        fuzzy_threshold: s.fuzzy_threshold,
        fuzzy_min_len: s.fuzzy_min_len,
        about_tolerance: s.about_tolerance,
        years: (s.years[0], s.years[1]),
        syndication_shingles: s.syndication_shingles,
        syndication_similarity: s.syndication_similarity,
        incident_days: s.incident_days,
    }
}

/// The `language:` blocks with the file of each; a second block with an id is reported.
fn language_defs<'a>(p: &mut Problems, parsed: &'a Parsed) -> Vec<(usize, &'a RawLanguage)> {
    let mut defs: Vec<(usize, &RawLanguage)> = Vec::new();
    for (f, file) in parsed {
        if let Some(l) = &file.language {
            if let Some((first, _)) = defs.iter().find(|(_, d)| d.id == l.id) {
                let first_at = p.place(*first, p.files()[*first].1.find("language").unwrap_or(0));
                let error = RuleError::DefinedTwice {
                    what: "language".into(),
                    id: l.id.clone(),
                    first_at,
                };
                p.report(*f, 0, None, error);
                continue;
            }
            defs.push((*f, l));
        }
    }
    defs
}

/// Compiles the languages side by side (building their patterns is most of loading a pack);
/// each has its own files, so its problems are its own, reported in the order of the files.
fn languages(p: &mut Problems, defs: &[(usize, &RawLanguage)], refs: &Refs) -> Vec<Language> {
    use rayon::prelude::*;
    let files = p.files();
    let compiled: Vec<(Option<Language>, Problems)> = defs
        .par_iter()
        .map(|&(f, l)| {
            let mut own = Problems::new(files);
            let lang = language::compile_language(&mut own, f, l, refs);
            (lang, own)
        })
        .collect();
    let mut languages = Vec::new();
    for (lang, own) in compiled {
        p.extend(own);
        languages.extend(lang);
    }
    languages
}

/// Every file with `lexicon` or `rules` names a defined language in `lang:` (checked only
/// when every file parsed: the definition may be in the broken one).
fn check_file_langs(p: &mut Problems, parsed: &Parsed, lang_ids: &HashSet<&str>, all_parsed: bool) {
    for (f, file) in parsed {
        if let Some(l) = &file.lang {
            if all_parsed && !lang_ids.contains(l.as_str()) {
                let error = RuleError::UnknownLanguage { lang: l.clone() };
                p.report(*f, 0, None, error);
            }
        } else if !file.rules.is_empty() || !file.lexicon.is_empty() {
            p.report(*f, 0, None, RuleError::NoLang);
        }
    }
}

/// Rule ids are unique across the pack; a repeat is reported at its own `id:`.
fn check_rule_ids(p: &mut Problems, languages: &[Language]) {
    let mut ids: std::collections::HashMap<&str, (&str, usize)> = Default::default();
    for r in languages.iter().flat_map(|l| &l.rules) {
        if let Some((file, line)) = ids.insert(&r.id, (&r.file, r.line)) {
            ids.insert(&r.id, (file, line));
            let f = p.files().iter().position(|x| x.0 == r.file).unwrap_or(0);
            let first = format!("{file}:{line}");
            let error = RuleError::DuplicateRule {
                id: r.id.clone(),
                first,
            };
            p.report(f, r.id_offset, Some(&r.id), error);
        }
    }
}
