//! Packs laid on packs: `replace:` takes an entry's place and `extend:` adds words to one,
//! before anything is compiled. A later file (a later layer) acts on earlier ones, and nothing
//! is shadowed silently: a target that does not exist, or one entry replaced by two files, is a
//! problem naming both places.

use super::Parsed;
use super::locate::Problems;
use crate::rules::RuleError;
use crate::rules::raw::{RawFile, RawLanguage, RawLanguageExt, RawLexEntry};
use std::collections::{BTreeMap, HashMap};

/// Applies every file's `replace:` and then every `extend:` to the entries they name.
pub(super) fn apply(p: &mut Problems, parsed: &mut [(usize, RawFile)]) {
    let mut replaced: HashMap<(&'static str, String), (usize, usize)> = HashMap::new();
    for i in 0..parsed.len() {
        let Some(mut r) = parsed[i].1.replace.take() else {
            continue;
        };
        let lang = parsed[i].1.lang.clone();
        for e in std::mem::take(&mut r.sides) {
            let id = e.id.clone();
            if take_place(
                p,
                parsed,
                i,
                "side",
                &id,
                &mut replaced,
                (|f| &mut f.sides, &|_| true),
                |s| &s.id,
            ) {
                parsed[i].1.sides.push(e);
            }
        }
        for e in std::mem::take(&mut r.sources) {
            let id = e.id.clone();
            if take_place(
                p,
                parsed,
                i,
                "source",
                &id,
                &mut replaced,
                (|f| &mut f.sources, &|_| true),
                |s| &s.id,
            ) {
                parsed[i].1.sources.push(e);
            }
        }
        for e in std::mem::take(&mut r.events) {
            let id = e.id.clone();
            if take_place(
                p,
                parsed,
                i,
                "event",
                &id,
                &mut replaced,
                (|f| &mut f.events, &|_| true),
                |s| &s.id,
            ) {
                parsed[i].1.events.push(e);
            }
        }
        // Rules and lexicon entries belong to the language of the file that replaces them.
        for e in std::mem::take(&mut r.rules) {
            let id = e.id.clone();
            let own = |f: &RawFile| f.lang.is_some() && f.lang == lang;
            let list: Lists<_> = (|f| &mut f.rules, &own);
            if take_place(p, parsed, i, "rule", &id, &mut replaced, list, |s| &s.id) {
                parsed[i].1.rules.push(e);
            }
        }
        for (name, e) in std::mem::take(&mut r.lexicon) {
            let key = ("lexicon entry", name.clone());
            let at = p.offset_of_id(parsed[i].0, &name);
            if let Some(&(f, o)) = replaced.get(&key) {
                let first_at = p.place(f, o);
                let error = RuleError::ReplacedTwice {
                    what: key.0.into(),
                    id: name,
                    first_at,
                };
                p.report(parsed[i].0, at, None, error);
                continue;
            }
            let target = (0..parsed.len()).find(|&j| {
                parsed[j].1.lang == lang
                    && lang.is_some()
                    && parsed[j].1.lexicon.contains_key(&name)
            });
            match target {
                Some(j) => {
                    parsed[j].1.lexicon.remove(&name);
                    parsed[i].1.lexicon.insert(name.clone(), e);
                    replaced.insert(key, (parsed[i].0, at));
                }
                None => {
                    let error = RuleError::ReplaceMissing {
                        what: key.0.into(),
                        id: name,
                    };
                    p.report(parsed[i].0, at, None, error);
                }
            }
        }
    }
    for i in 0..parsed.len() {
        extend(p, parsed, i);
    }
}

/// Where entries of one kind are listed in a file, and which files may hold the target.
type Lists<'a, T> = (
    fn(&mut RawFile) -> &mut Vec<T>,
    &'a dyn Fn(&RawFile) -> bool,
);

/// Removes the entry `id` that file `i` replaces from the file that has it; false (and a
/// problem reported) when there is none or another file replaced it already.
#[allow(clippy::too_many_arguments)]
fn take_place<T>(
    p: &mut Problems,
    parsed: &mut [(usize, RawFile)],
    i: usize,
    what: &'static str,
    id: &str,
    replaced: &mut HashMap<(&'static str, String), (usize, usize)>,
    (list, eligible): Lists<T>,
    id_of: impl Fn(&T) -> &String,
) -> bool {
    let f = parsed[i].0;
    let at = p.offset_of_id(f, id);
    let key = (what, id.to_string());
    if let Some(&(ff, o)) = replaced.get(&key) {
        let first_at = p.place(ff, o);
        let error = RuleError::ReplacedTwice {
            what: what.into(),
            id: id.into(),
            first_at,
        };
        p.report(f, at, None, error);
        return false;
    }
    for (_, file) in parsed.iter_mut() {
        if !eligible(file) {
            continue;
        }
        let l = list(file);
        if let Some(k) = l.iter().position(|x| id_of(x) == id) {
            l.remove(k);
            replaced.insert(key, (f, at));
            return true;
        }
    }
    let error = RuleError::ReplaceMissing {
        what: what.into(),
        id: id.into(),
    };
    p.report(f, at, None, error);
    false
}

/// Applies file `i`'s `extend:`: names stay in the extending file (the compiler reads them
/// there, so a problem with one points at it); a language's words and lexicon entries are
/// added to their definitions.
fn extend(p: &mut Problems, parsed: &mut [(usize, RawFile)], i: usize) {
    let f = parsed[i].0;
    let Some(ext) = parsed[i].1.extend.as_mut() else {
        return;
    };
    let language = ext.language.take();
    let lexicon = std::mem::take(&mut ext.lexicon);
    let opponents: Vec<(String, Vec<String>)> = (ext.sides.iter())
        .map(|s| (s.id.clone(), s.opponents.clone()))
        .collect();
    let ids = |what: &'static str, ids: Vec<String>| ids.into_iter().map(move |id| (what, id));
    let wanted: Vec<(&'static str, String)> =
        ids("side", ext.sides.iter().map(|s| s.id.clone()).collect())
            .chain(ids(
                "source",
                ext.sources.iter().map(|s| s.id.clone()).collect(),
            ))
            .chain(ids(
                "event",
                ext.events.iter().map(|s| s.id.clone()).collect(),
            ))
            .collect();
    for (what, id) in wanted {
        let exists = parsed.iter().any(|(_, file)| match what {
            "side" => file.sides.iter().any(|s| s.id == id),
            "source" => file.sources.iter().any(|s| s.id == id),
            _ => file.events.iter().any(|s| s.id == id),
        });
        if !exists {
            let at = p.offset_of_id(f, &id);
            p.report(
                f,
                at,
                None,
                RuleError::ExtendMissing {
                    what: what.into(),
                    id,
                },
            );
        }
    }
    for (id, more) in opponents {
        if let Some(s) = parsed
            .iter_mut()
            .flat_map(|(_, x)| &mut x.sides)
            .find(|s| s.id == id)
        {
            append(&mut s.opponents, more);
        }
    }
    if let Some(l) = language {
        match parsed
            .iter()
            .position(|(_, x)| x.language.as_ref().is_some_and(|d| d.id == l.id))
        {
            Some(j) => {
                let target_file = parsed[j].0;
                let mut target = parsed[j].1.language.take().expect("found above");
                add_language(p, (f, target_file), &mut target, l);
                parsed[j].1.language = Some(target);
            }
            None => {
                let at = p.offset_of_id(f, &l.id);
                let error = RuleError::ExtendMissing {
                    what: "language".into(),
                    id: l.id,
                };
                p.report(f, at, None, error);
            }
        }
    }
    let lang = parsed[i].1.lang.clone();
    for (name, more) in lexicon {
        let target = (parsed.iter_mut())
            .filter(|(_, x)| lang.is_some() && x.lang == lang)
            .find_map(|(_, x)| x.lexicon.get_mut(&name));
        let problem = match target {
            None => Some(RuleError::ExtendMissing {
                what: "lexicon entry".into(),
                id: name.clone(),
            }),
            Some(entry) => add_entry(&name, entry, more),
        };
        if let Some(error) = problem {
            p.report(f, 0, None, error);
        }
    }
}

/// Adds an extension's words to a lexicon entry of the same shape.
fn add_entry(name: &str, entry: &mut RawLexEntry, more: RawLexEntry) -> Option<RuleError> {
    match (entry, more) {
        (RawLexEntry::Words(w), RawLexEntry::Words(m)) => append(w, m),
        (RawLexEntry::Noun(n), RawLexEntry::Noun(m)) => {
            append(&mut n.singular, m.singular);
            append(&mut n.dual, m.dual);
            append(&mut n.plural, m.plural);
            append(&mut n.possessive, m.possessive);
        }
        (e, _) => {
            let is = if matches!(e, RawLexEntry::Words(_)) {
                "word list"
            } else {
                "noun"
            };
            return Some(RuleError::ExtendShape {
                entry: name.into(),
                is: is.into(),
            });
        }
    }
    None
}

/// Adds words to a list, each once.
fn append(to: &mut Vec<String>, more: Vec<String>) {
    for w in more {
        if !to.contains(&w) {
            to.push(w);
        }
    }
}

/// Adds a language extension's words to the language; a number word given another value is a
/// problem (in the extending file `f`, naming the definition's file `t`).
fn add_language(p: &mut Problems, (f, t): (usize, usize), l: &mut RawLanguage, e: RawLanguageExt) {
    for (word, n) in e.numbers {
        match l.numbers.get(&word) {
            Some(old) if old.value != n.value || old.alone != n.alone => {
                let text = &p.files()[t].1;
                let first_at = p.place(t, text.find(&format!("{word}:")).unwrap_or(0));
                let error = RuleError::NumberTwice {
                    word: word.clone(),
                    lang: l.id.clone(),
                    first: old.value,
                    second: n.value,
                    first_at,
                };
                p.report(f, 0, None, error);
            }
            _ => {
                l.numbers.insert(word, n);
            }
        }
    }
    for (bound, phrases) in e.bounds {
        let to = l.bounds.entry(bound).or_default();
        append(&mut to.before, phrases.before);
        append(&mut to.after, phrases.after);
    }
    append(&mut l.abbreviations, e.abbreviations);
    append(&mut l.proclitics, e.proclitics);
    let (a, x) = (&mut l.attribution, e.attribution);
    append(&mut a.speech, x.speech);
    append(&mut a.according_to, x.according_to);
    append(&mut a.via, x.via);
    append(&mut a.possessives, x.possessives);
    append(&mut a.links, x.links);
    append(&mut a.told_before, x.told_before);
    append(&mut a.enemy, x.enemy);
    append(&mut a.object_endings, x.object_endings);
    for (kind, words) in x.anaphora {
        append(a.anaphora.entry(kind).or_default(), words);
    }
    a.carry.extend(x.carry);
    a.institutions.extend(x.institutions);
}

/// The names each file gives a kind of entry, its definitions first: (file, id, names per
/// language, whether they match exactly as written).
pub(super) type Names<'a> = Vec<(usize, &'a str, &'a BTreeMap<String, Vec<String>>, bool)>;

/// Every source's names in the pack, with the file they are given in.
pub(super) fn source_names(parsed: &Parsed) -> Names<'_> {
    let mut out: Names = Vec::new();
    for (f, file) in parsed {
        for s in &file.sources {
            out.push((*f, s.id.as_str(), &s.aliases, false));
            out.push((*f, s.id.as_str(), &s.exact_aliases, true));
        }
        for s in file.extend.iter().flat_map(|e| &e.sources) {
            out.push((*f, s.id.as_str(), &s.aliases, false));
            out.push((*f, s.id.as_str(), &s.exact_aliases, true));
        }
    }
    out
}

/// Every side's names in the pack, with the file they are given in.
pub(super) fn side_names(parsed: &Parsed) -> Names<'_> {
    let mut out: Names = Vec::new();
    for (f, file) in parsed {
        out.extend(
            file.sides
                .iter()
                .map(|s| (*f, s.id.as_str(), &s.aliases, false)),
        );
        if let Some(e) = &file.extend {
            out.extend(
                e.sides
                    .iter()
                    .map(|s| (*f, s.id.as_str(), &s.aliases, false)),
            );
        }
    }
    out
}

/// Place ids in the order first given: the `places` of every file, then each event that has
/// places (by its id).
pub(super) fn place_ids(parsed: &Parsed) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut add = |id: &str| {
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    };
    parsed
        .iter()
        .flat_map(|(_, f)| &f.places)
        .for_each(|p| add(&p.id));
    let (_, places) = event_names(parsed);
    places
        .iter()
        .filter(|p| !p.2.is_empty())
        .for_each(|p| add(p.1));
    ids
}

/// Every event's names and places in the pack.
pub(super) fn event_names(parsed: &Parsed) -> (Names<'_>, Names<'_>) {
    let (mut names, mut places): (Names, Names) = (Vec::new(), Vec::new());
    for (f, file) in parsed {
        for e in &file.events {
            names.push((*f, e.id.as_str(), &e.names, false));
            places.push((*f, e.id.as_str(), &e.places, false));
        }
        if let Some(x) = &file.extend {
            for e in &x.events {
                names.push((*f, e.id.as_str(), &e.names, false));
                places.push((*f, e.id.as_str(), &e.places, false));
            }
        }
    }
    (names, places)
}
