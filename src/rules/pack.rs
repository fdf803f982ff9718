//! The compiled rule pack: what the stages read. Built by [`super::compile`] from the raw
//! files; nothing here refers to how the files are written.

use super::Origin;
use crate::error::Errors;
use crate::model::{Bound, Group, Kind, SideId, SourceId, SourceKind};
use crate::text::normalize::Normalizer;
use regex::Regex;
use std::collections::HashMap;

/// Pack-wide settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub fuzzy_threshold: f64,
    pub fuzzy_min_len: usize,
    pub about_tolerance: f64,
    pub years: (u32, u32),
    pub syndication_shingles: f64,
    pub syndication_similarity: f64,
    pub incident_days: u32,
}

/// Typed indices into the pack's lists, so that a side's index cannot be used as a source's.
macro_rules! index {
    ($(#[$doc:meta])* $name:ident => $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }

        impl std::ops::Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }
    };
}

index!(
    /// A side of the pack (`pack.sides[i]`).
    SideIx => Side
);
index!(
    /// A source of the pack (`pack.sources[i]`).
    SourceIx => Source
);
index!(
    /// A named event of the pack (`pack.events[i]`).
    EventIx => EventDef
);

/// A party; `camp` is the root of its `part_of` chain.
#[derive(Debug, Clone)]
pub struct Side {
    pub id: SideId,
    pub name: String,
    pub part_of: Option<SideIx>,
    pub camp: SideIx,
    pub opponents: Vec<SideIx>,
}

/// A speaker.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: SourceId,
    pub name: String,
    pub side: Option<SideIx>,
    pub kind: SourceKind,
    /// The institution of its side it is (`ombudsman`), named in the languages' rules.
    pub institution: Option<String>,
}

/// A named event with its date window.
#[derive(Debug, Clone)]
pub struct EventDef {
    pub id: String,
    pub name: String,
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    /// The camps of its conflict (empty: any).
    pub camps: Vec<SideIx>,
}

/// One word of an alias: exact text, or a stem when written `word*`.
#[derive(Debug, Clone)]
pub struct AliasWord {
    pub text: String,
    pub stem: bool,
    /// Letters in `text`, its last one, and which letters it has ([`letter_mask`]): fuzzy
    /// comparison rules most words out by these.
    pub chars: usize,
    pub last: Option<char>,
    pub mask: u64,
}

/// A bit per letter of `t` (by code point modulo 64), and how many letters it has. Each letter
/// of one word whose bit the other lacks costs an edit: a lower bound of their distance.
pub fn letter_mask(t: &str) -> (u64, usize) {
    t.chars()
        .fold((0, 0), |(m, n), c| (m | 1 << (c as u32 % 64), n + 1))
}

impl AliasWord {
    /// The word `text` (normalised), a stem when `stem`.
    pub fn new(text: String, stem: bool) -> AliasWord {
        AliasWord {
            chars: text.chars().count(),
            mask: letter_mask(&text).0,
            last: text.chars().next_back(),
            text,
            stem,
        }
    }
}

/// Names to look for at each word of a text, indexed by what a word must share with their
/// first word to be it: its first and last letters (as written or a close spelling keeps
/// both) and about as many letters, or, for a stem (`word*`), its opening letters.
#[derive(Clone, Default)]
pub struct Aliases<T> {
    pub list: Vec<Alias<T>>,
    /// By first and last letter: (letters, index) of each name, sorted.
    ends: HashMap<(char, char), Vec<(usize, usize)>>,
    stems: HashMap<[char; STEM_KEY], Vec<usize>>,
}

/// Letters of a stem that index it (a shorter stem is indexed by all of its own).
const STEM_KEY: usize = 3;

/// The first `n` letters of `t`, padded; `None` when `t` has fewer.
fn opening(t: &str, n: usize) -> Option<[char; STEM_KEY]> {
    let mut key = ['\0'; STEM_KEY];
    let mut cs = t.chars();
    for k in key.iter_mut().take(n) {
        *k = cs.next()?;
    }
    Some(key)
}

impl<T> Aliases<T> {
    /// The names, indexed.
    pub fn new(list: Vec<Alias<T>>) -> Aliases<T> {
        let mut ends: HashMap<(char, char), Vec<(usize, usize)>> = HashMap::new();
        let mut stems: HashMap<[char; STEM_KEY], Vec<usize>> = HashMap::new();
        for (k, a) in list.iter().enumerate() {
            let Some(w) = a.words.first() else { continue };
            let (Some(first), Some(last)) = (w.text.chars().next(), w.last) else {
                continue;
            };
            if w.stem {
                let n = w.chars.min(STEM_KEY);
                if let Some(key) = opening(&w.text, n) {
                    stems.entry(key).or_default().push(k);
                }
            } else {
                ends.entry((first, last)).or_default().push((w.chars, k));
            }
        }
        ends.values_mut().for_each(|v| v.sort_unstable());
        Aliases { list, ends, stems }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The names (with their index) whose first word may be one of a word's `forms` (each
    /// with its number of letters): a superset, in no particular order, maybe twice;
    /// [`crate::extract::attribute::alias_at`] decides. A form of fewer letters than fuzzy
    /// matching needs can only be a name's word as written, so of as many letters. Nothing
    /// is allocated: this runs at every word of every sentence.
    pub fn starting<'a, 't: 'a>(
        &'a self,
        forms: impl Iterator<Item = (&'t str, usize)> + 'a,
        st: &'a Settings,
    ) -> impl Iterator<Item = (usize, &'a Alias<T>)> + 'a {
        forms
            .flat_map(move |(t, n)| {
                let ends = match (t.chars().next(), t.chars().next_back()) {
                    (Some(first), Some(last)) => self.ends.get(&(first, last)),
                    _ => None,
                };
                let (lo, hi) = if n < st.fuzzy_min_len {
                    (n, n)
                } else if st.fuzzy_threshold > 0.0 {
                    // Wider than the threshold allows, to be safe from rounding.
                    let lo = (n as f64 * st.fuzzy_threshold).floor() as usize;
                    let hi = (n as f64 / st.fuzzy_threshold).ceil() as usize + 1;
                    (lo.max(st.fuzzy_min_len).saturating_sub(1), hi)
                } else {
                    (0, usize::MAX)
                };
                let window = ends.map_or(&[][..], |v| {
                    let a = v.partition_point(|x| x.0 < lo);
                    let b = v.partition_point(|x| x.0 <= hi);
                    &v[a..b.max(a)]
                });
                let stems = (1..=STEM_KEY)
                    .map_while(move |k| opening(t, k))
                    .filter_map(|key| self.stems.get(&key))
                    .flatten()
                    .copied();
                window.iter().map(|x| x.1).chain(stems)
            })
            .map(|k| (k, &self.list[k]))
    }
}

/// The names only (the index follows from them).
impl<T: std::fmt::Debug> std::fmt::Debug for Aliases<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.list.fmt(f)
    }
}

/// A multi-word name of a source (`Alias<SourceIx>`) or an event (`Alias<EventIx>`).
#[derive(Debug, Clone)]
pub struct Alias<T> {
    pub words: Vec<AliasWord>,
    pub target: T,
    /// The name as it must be written, case and all ("WHO"), for `exact_aliases`.
    pub exact: Option<String>,
}

/// What a side slot means in a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideRole {
    /// The side whose people are counted.
    Counted,
    /// The side blamed.
    Accused,
    /// The side attacked: its opponents are blamed.
    Victim,
}

/// A compiled slot: the capture groups it reads, by index in the rule's regex (`G` is the
/// group's name while the pattern is being built).
#[derive(Debug, Clone)]
pub enum Slot<G = usize> {
    /// `{count}` or `{count:NOUN}`: a figure, its bound and how the noun was written.
    Count {
        /// A bound phrase before the figure, and its group.
        bounds: Vec<(Bound, G)>,
        /// Groups of the (first) figure, one per form (plain, "X to Y", "between X and Y").
        numbers: Vec<G>,
        /// Groups of the upper figure of a range.
        uppers: Vec<G>,
        /// The noun alone meaning one ("a soldier").
        one: Option<G>,
        /// The noun alone meaning two (a dual).
        two: Option<G>,
        /// A separate possessive word ("its").
        own: Option<G>,
        /// A possessive form of the noun.
        possessive: Option<G>,
        /// Whom the noun counts.
        group: Option<Group>,
    },
    /// `{side}`, `{accused}` or `{victim}`: which side's alias matched.
    Side {
        role: SideRole,
        /// (group, side index): one group per side alias.
        alts: Vec<(G, SideIx)>,
        /// `{accused}`: the group of the words naming the speaker's opponent ("the enemy").
        enemy: Option<G>,
    },
}

impl<G> Slot<G> {
    /// The same slot with each group replaced by `f(group)`.
    pub fn map_groups<H>(self, mut f: impl FnMut(G) -> H) -> Slot<H> {
        match self {
            Slot::Count {
                bounds,
                numbers,
                uppers,
                one,
                two,
                own,
                possessive,
                group,
            } => Slot::Count {
                bounds: bounds.into_iter().map(|(b, g)| (b, f(g))).collect(),
                numbers: numbers.into_iter().map(&mut f).collect(),
                uppers: uppers.into_iter().map(&mut f).collect(),
                one: one.map(&mut f),
                two: two.map(&mut f),
                own: own.map(&mut f),
                possessive: possessive.map(&mut f),
                group,
            },
            Slot::Side { role, alts, enemy } => Slot::Side {
                role,
                alts: alts.into_iter().map(|(g, s)| (f(g), s)).collect(),
                enemy: enemy.map(&mut f),
            },
        }
    }
}

/// Whose people a count is about when the sentence names no side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnnamedSide {
    /// The speaker's own (the default: a ministry reporting its losses).
    #[default]
    Speaker,
    /// The speaker's opponent (active sentences: "we killed N").
    Opponent,
    /// Nobody.
    None,
}

/// The fields a rule example's claim must have; absent fields are not checked.
///
/// Serialised (field names and order) for the `rules test` report of what was expected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExpectClaim {
    pub kind: Kind,
    pub side: Option<String>,
    pub value: Option<u64>,
    pub upper: Option<u64>,
    pub bound: Option<Bound>,
    pub source: Option<String>,
    pub accuser: Option<String>,
    pub accused: Option<String>,
    pub group: Option<Group>,
    /// The parts of a compound count.
    pub parts: Option<Vec<u64>>,
}

/// One rule example, compiled.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    /// `None`: the rule must not fire on `text`.
    pub expect: Option<ExpectClaim>,
}

/// A compiled claim pattern.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub lang: String,
    pub kind: Kind,
    pub pattern: String,
    /// The whole pattern, compiled on first use (see [`Lazy`]); search it with
    /// [`Rule::captures_at`].
    pub regex: Lazy,
    /// The slots, their groups by name, until the regex is compiled and can number them.
    pub named_slots: Vec<Slot<String>>,
    /// The slots by group index, and the engine that reads the groups of a match.
    pub groups: std::sync::OnceLock<Groups>,
    /// The pattern's automaton and the forward lazy DFA that finds where a match ends (see
    /// [`Rule::captures_at`]).
    pub finder: std::sync::OnceLock<Option<Finder>>,
    pub group: Option<Group>,
    pub needs_speaker: bool,
    /// Mutual blame: every camp blames its opponent (no `{accused}`).
    pub mutual: bool,
    pub unnamed_side: UnnamedSide,
    pub examples: Vec<Example>,
    pub file: String,
    pub line: usize,
    /// The pattern's required words and lexicon tokens: where all are present but the pattern
    /// did not match, `explain` reports a near miss. Patterns, compiled on first use: only
    /// `explain` needs them, and they would double the cost of loading a pack.
    pub required: Vec<String>,
    pub required_regexes: std::sync::OnceLock<Vec<Regex>>,
    /// Groups of words: a sentence must contain a word of each for the rule to match (none:
    /// the rule always runs).
    pub trigger: Vec<Vec<String>>,
    /// Byte offset of the rule's `id:` in its file, for messages that point at it.
    pub id_offset: usize,
    /// When the rule is a frame: its pattern is a count, and this says what happened to it.
    pub frame: Option<Frame>,
    /// When two rules' matches overlap, the higher priority wins (then the longer match, then
    /// the more specific pattern).
    pub priority: i32,
    /// Literal letters of the pattern: of two matches as long, the more specific wins.
    pub specificity: usize,
}

/// Where the words of what happened stand relative to the count they are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// After it: "7 soldiers were killed", "148 deaths".
    After,
    /// Before it: "killing 7", "the deaths of 18 soldiers".
    Before,
}

/// What happened to the people a frame rule counts, found around the count in any order.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The words of what happened after a count and before it: in each regex, capture group
    /// `i + 1` holds the words of kind `kinds[i]`.
    pub after: Option<Happened>,
    pub before: Option<Happened>,
    /// Nouns before the count ("the deaths of"): no agent to read.
    pub before_noun: Option<Happened>,
    /// Most words (fillers not counted) between a count and what happened to it.
    pub window: usize,
}

/// Words of what happened on one side of a count, by kind.
#[derive(Debug, Clone)]
pub struct Happened {
    pub regex: Lazy,
    pub kinds: Vec<Kind>,
}

/// A regex compiled on first use. A pack holds hundreds of patterns, each costing milliseconds
/// and a megabyte or so to compile, and a run on a few articles needs few of them; `rules lint`
/// and `rules test` compile every one (see [`crate::rules::compile::Build`]).
#[derive(Debug, Clone)]
pub struct Lazy {
    pub source: String,
    regex: std::sync::OnceLock<Result<Regex, String>>,
}

impl Lazy {
    /// A regex of `source`, not compiled yet.
    pub fn new(source: String) -> Lazy {
        Lazy {
            source,
            regex: std::sync::OnceLock::new(),
        }
    }

    /// The compiled regex, or why it does not compile (a pattern past the size limit).
    pub fn compiled(&self) -> Result<&Regex, &str> {
        self.regex
            .get_or_init(|| {
                // A whole pattern joins many alternations (a side slot holds every side
                // alias): it gets more room than the crate's default, which bounds each
                // `/regex/` piece.
                regex::RegexBuilder::new(&self.source)
                    .size_limit(1 << 25)
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The compiled regex; `None` when it does not compile (`rules lint` says why).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled().ok()
    }
}

/// A language's word lists read as their regex: one that does not compile (a list past the
/// size limit) matches nothing, as a missing list would.
impl std::ops::Deref for Lazy {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        static NEVER: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(r"[^\s\S]").expect("an empty class compiles"));
        self.get().unwrap_or(&NEVER)
    }
}

/// What reads the groups of a rule's match: its slots by group index, and a backtracking
/// engine. A match is found by a forward lazy DFA (see [`Finder`]); its groups are then read
/// by the backtracker on the match alone. The regex crate would read them with
/// its PikeVM, whose memory grows with states times groups: tens of megabytes per pattern of
/// the default pack.
#[derive(Debug, Clone)]
pub struct Groups {
    pub slots: Vec<Slot>,
    reader: Option<regex_automata::nfa::thompson::backtrack::BoundedBacktracker>,
}

/// A rule's compiled automaton and the forward lazy DFA built from it, with a cache per
/// thread. Only forward (see [`Finder::find`]): no reverse automaton (larger than the forward
/// one for these patterns) and no cache for it is held, and the one automaton serves the DFA
/// and the backtracker.
#[derive(Clone)]
pub struct Finder {
    nfa: regex_automata::nfa::thompson::NFA,
    dfa: regex_automata::hybrid::dfa::DFA,
    caches: std::sync::Arc<
        regex_automata::util::pool::Pool<regex_automata::hybrid::dfa::Cache, CacheFn>,
    >,
}

/// Makes a thread's lazy DFA cache.
type CacheFn = Box<
    dyn Fn() -> regex_automata::hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

impl std::fmt::Debug for Finder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Finder({} states)", self.nfa.states().len())
    }
}

impl Finder {
    /// The automaton of `source` and its DFA; `None` when either cannot be built (a pattern
    /// past the size limit; `rules lint` says why).
    fn new(source: &str) -> Option<Finder> {
        use regex_automata::{hybrid::dfa::DFA, nfa::thompson, util::pool::Pool};
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(1 << 25)))
            .build(source)
            .ok()?;
        // It never gives up for refilling its cache (the regex crate's fallback then would
        // read the groups with a PikeVM sized by states times groups), and the largest
        // patterns get the least cache they can run in rather than none; a word boundary
        // outside ASCII makes it quit, and the regex crate reads that match.
        let config = DFA::config()
            .cache_capacity(CACHE)
            .skip_cache_capacity_check(true)
            .unicode_word_boundary(true);
        let dfa = DFA::builder()
            .configure(config)
            .build_from_nfa(nfa.clone())
            .ok()?;
        let make = dfa.clone();
        let create: CacheFn = Box::new(move || make.create_cache());
        Some(Finder {
            nfa,
            dfa,
            caches: std::sync::Arc::new(Pool::new(create)),
        })
    }

    /// Where the leftmost-first match at or after `at` starts and ends: `Err` when the DFA
    /// quit. The forward search finds its end; its start is the first place from `at` where
    /// an anchored search matches (no match starts earlier), which the DFA rules out for
    /// most places at their first byte, so no reverse automaton is needed.
    fn find(&self, hay: &str, at: usize) -> Result<Option<(usize, usize)>, ()> {
        use regex_automata::{Anchored, Input};
        let mut cache = self.caches.get();
        let input = Input::new(hay).range(at..);
        let end = match self.dfa.try_search_fwd(&mut cache, &input) {
            Ok(Some(m)) => m.offset(),
            Ok(None) => return Ok(None),
            Err(_) => return Err(()),
        };
        for start in (at..=end).filter(|&p| hay.is_char_boundary(p)) {
            let input = Input::new(hay).span(start..end).anchored(Anchored::Yes);
            match self.dfa.try_search_fwd(&mut cache, &input) {
                Ok(Some(_)) => return Ok(Some((start, end))),
                Ok(None) => {}
                Err(_) => return Err(()),
            }
        }
        Err(())
    }
}

/// The groups of one match of a rule, by index.
pub struct Found<'h> {
    hay: &'h str,
    caps: Caps<'h>,
}

/// The groups as the backtracker or, for the rare long match, the regex crate read them.
enum Caps<'h> {
    Automata(regex_automata::util::captures::Captures),
    Regex(regex::Captures<'h>),
}

/// One group of a match: where it is in the haystack, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Piece<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Piece<'h> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'h str {
        self.text
    }
}

impl<'h> Found<'h> {
    /// Group `i`, when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Piece<'h>> {
        let (start, end) = match &self.caps {
            Caps::Automata(c) => c.get_group(i).map(|s| (s.start, s.end))?,
            Caps::Regex(c) => c.get(i).map(|m| (m.start(), m.end()))?,
        };
        Some(Piece {
            start,
            end,
            text: &self.hay[start..end],
        })
    }

    /// The whole match of the pattern (group `m`, inside the word boundaries).
    pub fn whole(&self) -> Piece<'h> {
        self.get(1)
            .expect("rule regexes hold their match in group m, group 1")
    }
}

/// Room for the backtracker's visited set: states times haystack bytes, in bits, taken only as
/// a search needs it. Past it (a very long match of a very large pattern) the regex crate
/// reads the groups instead.
const VISITED: usize = 8 << 20;

/// Room for a rule's lazy DFA states per thread (the largest patterns get the least they run
/// in: see [`Finder::new`]).
const CACHE: usize = 512 << 10;

impl Rule {
    /// The pattern's slots by group index, once its regex compiles (`rules lint` says why
    /// when it does not).
    pub fn groups(&self) -> Option<&Groups> {
        use regex_automata::nfa::thompson::backtrack::BoundedBacktracker;
        if let Some(g) = self.groups.get() {
            return Some(g);
        }
        let reader = self.finder().and_then(|f| {
            BoundedBacktracker::builder()
                .configure(BoundedBacktracker::config().visited_capacity(VISITED))
                .build_from_nfa(f.nfa.clone())
                .ok()
        });
        // Group numbers from the automaton; the whole regex is compiled for them only when
        // the automaton could not be built.
        let index: std::collections::HashMap<String, usize> = match &reader {
            Some(r) => {
                let info = r.get_nfa().group_info();
                (info.pattern_names(regex_automata::PatternID::ZERO))
                    .enumerate()
                    .filter_map(|(i, name)| name.map(|n| (n.to_string(), i)))
                    .collect()
            }
            None => (self.regex.get()?.capture_names())
                .enumerate()
                .filter_map(|(i, name)| name.map(|n| (n.to_string(), i)))
                .collect(),
        };
        let slots = (self.named_slots.iter().cloned())
            .map(|s| s.map_groups(|g| index[g.as_str()]))
            .collect();
        Some(self.groups.get_or_init(|| Groups { slots, reader }))
    }

    /// The pattern's automaton and its forward DFA, built on first use.
    fn finder(&self) -> Option<&Finder> {
        self.finder
            .get_or_init(|| Finder::new(&self.regex.source))
            .as_ref()
    }

    /// The first match of the pattern in `hay` at or after `at`, with its groups: the DFA
    /// finds where it is ([`Finder::find`]), the backtracker reads its groups there.
    pub fn captures_at<'h>(&self, hay: &'h str, at: usize) -> Option<Found<'h>> {
        use regex_automata::{Anchored, Input};
        let span = match self.finder().map(|f| f.find(hay, at)) {
            Some(Ok(None)) => return None,
            Some(Ok(Some(span))) => Some(span),
            // No automaton, or the DFA quit: the regex crate decides.
            None | Some(Err(())) => None,
        };
        if let (Some((start, end)), Some(reader)) =
            (span, self.groups().and_then(|g| g.reader.as_ref()))
        {
            let mut cache = reader.create_cache();
            let mut caps = reader.create_captures();
            let input = Input::new(hay).span(start..end).anchored(Anchored::Yes);
            if reader.try_search(&mut cache, &input, &mut caps).is_ok() && caps.is_match() {
                let caps = Caps::Automata(caps);
                return Some(Found { hay, caps });
            }
        }
        // Too long a match for the backtracker's room: the regex crate's own reader.
        let caps = Caps::Regex(self.regex.get()?.captures_at(hay, at)?);
        Some(Found { hay, caps })
    }

    /// The required words' patterns, compiled once.
    pub fn required(&self) -> &[Regex] {
        self.required_regexes.get_or_init(|| {
            self.required
                .iter()
                .filter_map(|t| Regex::new(&super::compile::bounded(t)).ok())
                .collect()
        })
    }
}

/// The value of a number word: `value` in compounds ("three thousand"), and, for a vague
/// quantity ("dozens"), the range it means by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberWord {
    /// What the word adds or multiplies in a compound.
    pub value: u64,
    /// The range it means standing alone, for a vague quantity ("dozens").
    pub alone: Option<(u64, u64)>,
}

/// How far a time phrase shifts the article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    /// To the last such weekday on or before the article's date.
    Weekday(jiff::civil::Weekday),
    /// By days, months and years.
    By { days: i32, months: i32, years: i32 },
}

/// Compiled time anchors of a language.
#[derive(Debug, Clone, Default)]
pub struct TimeAnchors {
    pub window: usize,
    pub phrases: Vec<(Shift, Lazy)>,
    /// Month names by month number (1-12).
    pub months: Vec<(i8, Lazy)>,
}

/// Everything about one language the stages need, compiled.
#[derive(Debug, Clone)]
pub struct Language {
    pub id: String,
    /// The language as the identifier knows it (by its ISO 639-1 id), when it does: tells
    /// languages of one script apart.
    pub identity: Option<whatlang::Lang>,
    /// Font families with the script's glyphs, best first (HTML report).
    pub fonts: Vec<String>,
    /// The code point ranges of the language's script, sorted.
    pub script: Vec<(char, char)>,
    pub normalizer: Normalizer,
    pub terminators: Vec<char>,
    /// Characters that end a clause (frames skip asides between two of them).
    pub clause_breaks: Vec<char>,
    /// Words ending in a terminator that do not end a sentence, normalised ("gen.").
    pub abbreviations: Vec<String>,
    /// Number words, normalised.
    pub numbers: HashMap<String, NumberWord>,
    /// Words joining the parts of a number in words, normalised.
    pub number_joiners: Vec<String>,
    pub after_bounds: Vec<(Bound, Lazy)>,
    pub speech: Option<Lazy>,
    pub according_to: Option<Lazy>,
    pub via: Option<Lazy>,
    pub anaphora: Vec<(SourceKind, Lazy)>,
    pub max_gap_after_verb: usize,
    pub max_gap_before_verb: usize,
    pub speaker_before_verb: bool,
    /// A side's bare name opening a sentence before a comma is its government speaking.
    pub opening_side: bool,
    /// Institution nouns that make a speaker the pack does not list ("ombudsman").
    pub institutions: Vec<Institution>,
    /// All institutions' words at once: which institutions a sentence names, in one pass
    /// (compiled on first use).
    pub institution_set: std::sync::OnceLock<Option<regex::RegexSet>>,
    /// Words before an institution noun that give it the side the text is about ("its").
    pub possessives: Option<Lazy>,
    /// Words joining an anaphor to the side named after it ("of", "in").
    pub links: Option<Lazy>,
    /// Words saying a sentence's speaker told the sentence before ("this was reported by").
    pub told_before: Option<Lazy>,
    /// Case endings after a side's name that make it an object, normalised.
    pub object_endings: Vec<String>,
    /// Each side's names (normalised, stems without `*`), to tell a name's ending.
    pub side_names: Vec<(String, SideIx)>,
    /// Words continuing an earlier speaker of these kinds; `true`: the words are verbs.
    pub carry: Vec<(Lazy, Vec<SourceKind>, bool)>,
    pub proclitics: Vec<String>,
    pub source_aliases: Aliases<SourceIx>,
    pub event_names: Aliases<EventIx>,
    pub event_places: Aliases<EventIx>,
    /// Names of places, each with its index in the pack's `places`.
    pub places: Aliases<usize>,
    pub time: TimeAnchors,
    /// Finds every figure (digits or number word) in normalised text.
    pub number_finder: Lazy,
    /// Reasons a figure followed by these words is not a count.
    pub not_counted: Vec<(String, Lazy)>,
    /// Reasons a figure after these words is not a count (each regex ends at the figure).
    pub not_counted_before: Vec<(String, Lazy)>,
    /// Words between a count and what happened to it that frames do not count, normalised.
    pub fillers: std::collections::HashSet<String>,
    /// What makes a count an increment: words right after its figure, right before it (each
    /// regex anchored at the figure), anywhere in the claim.
    pub increment: [Option<Lazy>; 3],
    /// The words between two counts that make the second a part of the first, alone.
    pub subset: Option<Lazy>,
    /// Words before an active verb that make the speaker its agent ("it", "we").
    pub speaker_agent: Option<Lazy>,
    /// Finds a side's name or adjective: group `i + 1` is side `sides[i]`.
    pub side_finder: Option<(Lazy, Vec<SideIx>)>,
    pub rules: Vec<Rule>,
    /// One pass over a sentence says which rules' triggers hit; only those run in full.
    pub prefilter: Prefilter,
}

impl Language {
    /// The institutions whose words occur in `sent` (all of them when their words cannot be
    /// compiled as one set: each institution's own regex then decides).
    pub fn institutions_in(&self, sent: &str) -> Vec<&Institution> {
        let set = self.institution_set.get_or_init(|| {
            regex::RegexSetBuilder::new(self.institutions.iter().map(|i| &i.regex.source))
                .size_limit(1 << 25)
                .build()
                .ok()
        });
        match set {
            Some(set) => (set.matches(sent).iter())
                .map(|k| &self.institutions[k])
                .collect(),
            None => self.institutions.iter().collect(),
        }
    }
}

/// Whether `c` is in the script of these sorted code point ranges.
fn in_script(script: &[(char, char)], c: char) -> bool {
    script
        .binary_search_by(|&(a, b)| {
            if b < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Compiles a language of a checked pack when it is first needed.
pub type MakeLanguage = std::sync::Arc<dyn Fn() -> Option<Language> + Send + Sync>;

/// A language of the pack: what telling languages apart and the HTML page need, and the
/// rest, [`Language`], reached through `Deref`. In a pack compiled at once it is there from
/// the start; in the embedded pack (checked by `rules lint` when it is built) it is compiled
/// the first time a run reads text in it, so a run pays only for its articles' languages.
#[derive(Clone)]
pub struct LangSlot {
    pub id: String,
    /// As [`Language::identity`].
    pub identity: Option<whatlang::Lang>,
    /// As [`Language::fonts`].
    pub fonts: Vec<String>,
    /// As [`Language::script`].
    script: Vec<(char, char)>,
    compiled: std::sync::OnceLock<Language>,
    make: Option<MakeLanguage>,
}

impl LangSlot {
    /// A language compiled already.
    pub fn ready(l: Language) -> LangSlot {
        LangSlot {
            id: l.id.clone(),
            identity: l.identity,
            fonts: l.fonts.clone(),
            script: l.script.clone(),
            compiled: std::sync::OnceLock::from(l),
            make: None,
        }
    }

    /// A language compiled by `make` on first use.
    pub fn on_demand(
        id: String,
        identity: Option<whatlang::Lang>,
        fonts: Vec<String>,
        script: Vec<(char, char)>,
        make: MakeLanguage,
    ) -> LangSlot {
        LangSlot {
            id,
            identity,
            fonts,
            script,
            compiled: std::sync::OnceLock::new(),
            make: Some(make),
        }
    }

    /// The code point ranges of the language's script (without compiling it).
    pub fn script(&self) -> &[(char, char)] {
        &self.script
    }

    /// Whether the language has been compiled (for tests of loading on demand).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

impl std::ops::Deref for LangSlot {
    type Target = Language;
    fn deref(&self) -> &Language {
        self.compiled.get_or_init(|| {
            let make = self
                .make
                .as_ref()
                .expect("a slot without a maker is compiled");
            // Only the embedded pack is compiled on demand, and the test suite lints it.
            make().expect("the embedded pack's languages compile (`rules lint` checks them)")
        })
    }
}

impl std::fmt::Debug for LangSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangSlot")
            .field("id", &self.id)
            .field("compiled", &self.compiled.get())
            .finish()
    }
}

/// An institution or role noun: with a side's name it makes a speaker the pack does not list.
#[derive(Debug, Clone)]
pub struct Institution {
    /// What reports call it (`ombudsman`): the source id is `<side>:<name>`.
    pub name: String,
    pub kind: SourceKind,
    /// Its words, whole, the match in group `m`.
    pub regex: Lazy,
    /// With a side, the pack's source of that side and one of these kinds, when it has one.
    pub listed: Vec<SourceKind>,
    /// A role: without a side it speaks for the source named last.
    pub role: bool,
    /// It speaks only after an according-to phrase.
    pub cited_only: bool,
}

/// Which rules can match a sentence: one Aho-Corasick pass over all rules' trigger words; a
/// rule runs in full only when a word of each of its trigger groups is in the sentence.
#[derive(Debug, Clone)]
pub struct Prefilter {
    words: aho_corasick::AhoCorasick,
    /// For each word of the automaton, the (rule, group) pairs it stands for.
    groups_of: Vec<Vec<(usize, usize)>>,
    /// How many trigger groups each rule has (0: it always runs).
    needed: Vec<usize>,
    /// The language's proclitics: a trigger word may follow one ("and-the-killed").
    proclitics: Vec<String>,
}

impl Prefilter {
    /// The prefilter of a language's rules.
    pub fn new(rules: &[Rule], proclitics: &[String]) -> Prefilter {
        let mut index: std::collections::BTreeMap<&str, Vec<(usize, usize)>> =
            std::collections::BTreeMap::new();
        for (i, r) in rules.iter().enumerate() {
            for (g, words) in r.trigger.iter().enumerate() {
                for w in words {
                    let e = index.entry(w.as_str()).or_default();
                    if !e.contains(&(i, g)) {
                        e.push((i, g));
                    }
                }
            }
        }
        let words: Vec<&str> = index.keys().copied().collect();
        Prefilter {
            words: aho_corasick::AhoCorasick::new(&words)
                .expect("literal words build an automaton"),
            groups_of: index.into_values().collect(),
            needed: rules.iter().map(|r| r.trigger.len()).collect(),
            proclitics: proclitics.to_vec(),
        }
    }

    /// Whether byte `at` of `text` starts a word, or follows a proclitic that does: a pattern's
    /// words are whole words, so a trigger inside a word can start no match.
    fn word_start(&self, text: &str, at: usize) -> bool {
        let starts = |i: usize| {
            !text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        starts(at)
            || self
                .proclitics
                .iter()
                .any(|p| text[..at].ends_with(p.as_str()) && starts(at - p.len()))
    }

    /// The rules worth running on `text`, in rule order.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        // Groups seen per rule, as a bit set (rules have few required tokens).
        let mut seen = vec![0u64; self.needed.len()];
        for m in self.words.find_overlapping_iter(text) {
            if !self.word_start(text, m.start()) {
                continue;
            }
            for &(r, g) in &self.groups_of[m.pattern().as_usize()] {
                seen[r] |= 1 << g.min(63);
            }
        }
        let full = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        (0..self.needed.len())
            .filter(|&r| seen[r] & full(self.needed[r]) == full(self.needed[r]))
            .collect()
    }
}

/// A loaded, checked and compiled rule pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub settings: Settings,
    pub sides: Vec<Side>,
    pub sources: Vec<Source>,
    pub events: Vec<EventDef>,
    /// Place ids: the pack's `places`, then each event with places of its own (by its id).
    pub places: Vec<String>,
    /// The side of each place, when its rules give one.
    pub place_sides: Vec<Option<SideIx>>,
    pub languages: Vec<LangSlot>,
    /// The languages' scripts, to count a text's letters in each in one pass.
    pub scripts: ScriptTable,
}

/// The distinct scripts of a pack's languages (six languages share the Latin one), to count
/// how many letters of a text each holds in one pass over it.
#[derive(Debug, Clone, Default)]
pub struct ScriptTable {
    /// Each language's script, by index into `ranges`.
    pub of_language: Vec<usize>,
    ranges: Vec<Vec<(char, char)>>,
    /// For each code point below [`LOW`]: a bit per script that holds it (when there are at
    /// most 64 scripts; the alphabets of most languages are there).
    low: Vec<u64>,
}

/// Code points looked up in a table rather than searched for in each script's ranges.
const LOW: usize = 0x800;

impl ScriptTable {
    /// The table of these languages' scripts, in the languages' order.
    pub fn new<'a>(scripts: impl Iterator<Item = &'a [(char, char)]>) -> ScriptTable {
        let mut t = ScriptTable::default();
        for script in scripts {
            let k = match t.ranges.iter().position(|r| r.as_slice() == script) {
                Some(k) => k,
                None => {
                    t.ranges.push(script.to_vec());
                    t.ranges.len() - 1
                }
            };
            t.of_language.push(k);
        }
        if t.ranges.len() <= 64 {
            t.low = (0..LOW as u32)
                .map(|c| {
                    let c = char::from_u32(c).unwrap_or('\0');
                    (t.ranges.iter().enumerate())
                        .filter(|(_, r)| in_script(r, c))
                        .fold(0u64, |m, (k, _)| m | 1 << k)
                })
                .collect();
        }
        t
    }

    /// How many distinct scripts there are.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether the pack has no script.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Adds the letters of `text` in each script to `counts` (one entry per script).
    pub fn count(&self, text: &str, counts: &mut [usize]) {
        for c in text.chars() {
            match self.low.get(c as usize) {
                Some(&bits) => {
                    let mut bits = bits;
                    while bits != 0 {
                        counts[bits.trailing_zeros() as usize] += 1;
                        bits &= bits - 1;
                    }
                }
                None => {
                    for (k, r) in self.ranges.iter().enumerate() {
                        if in_script(r, c) {
                            counts[k] += 1;
                        }
                    }
                }
            }
        }
    }
}

impl RulePack {
    /// Loads and compiles a pack, reporting every problem found.
    pub fn load(origin: &Origin) -> Result<RulePack, Errors> {
        Self::load_with(origin, super::compile::Build::Eager)
    }

    /// Loads and checks a pack, compiling its patterns when `build` says.
    pub fn load_with(origin: &Origin, build: super::compile::Build) -> Result<RulePack, Errors> {
        use super::compile::Build;
        let files = origin.files()?;
        // The embedded pack is linted by the test suite: a lazy run compiles only the
        // languages of its articles.
        let build = match (origin, build) {
            (Origin::Embedded, Build::Lazy) => Build::OnDemand,
            _ => build,
        };
        super::compile::compile_with(&files, build)
    }

    /// The embedded default pack.
    pub fn embedded() -> Result<RulePack, Errors> {
        Self::load(&Origin::Embedded)
    }

    /// The language with this id.
    pub fn language(&self, id: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.id == id).map(|l| &**l)
    }

    /// The source of the article's own voice.
    pub fn outlet(&self) -> SourceIx {
        self.sources
            .iter()
            .position(|s| s.id.0 == SourceId::OUTLET)
            .map(SourceIx)
            .expect("compile adds the outlet source")
    }

    /// The camp (root side) of a side.
    pub fn camp(&self, side: SideIx) -> SideIx {
        self.sides[side].camp
    }

    /// The side with this id.
    pub fn side_index(&self, id: &str) -> Option<SideIx> {
        self.sides.iter().position(|s| s.id.0 == id).map(SideIx)
    }

    /// The camp id of a source, if it speaks for a side: a source of the pack, or one it does
    /// not list, written `<side>:<name>`.
    pub fn source_camp(&self, source: &SourceId) -> Option<&SideId> {
        match self.sources.iter().find(|s| &s.id == source) {
            Some(s) => s.side.map(|i| &self.sides[self.camp(i)].id),
            None => {
                let (side, _) = source.0.split_once(':')?;
                self.side_index(side).map(|i| &self.sides[self.camp(i)].id)
            }
        }
    }
}
