//! The rule files as written: plain serde structs, checked and compiled by `compile`.

use crate::model::{Bound, Group, Kind};
use crate::rules::yaml::{Value, from_value};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One YAML file of a rule pack; every top-level key is optional so packs can be split freely.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub settings: Option<RawSettings>,
    pub language: Option<RawLanguage>,
    #[serde(default)]
    pub sides: Vec<RawSide>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    /// Places of the conflicts' ground, by id with their names per language: reports of one
    /// incident name the same ones. Files add names to a place of the same id.
    #[serde(default)]
    pub places: Vec<RawPlace>,
    /// The language of `lexicon` and `rules` in this file.
    pub lang: Option<String>,
    #[serde(default)]
    pub lexicon: BTreeMap<String, RawLexEntry>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    /// Packs this one is laid on (`default`, or a directory relative to this file's pack).
    pub extends: Option<Vec<String>>,
    /// Words added to entries defined elsewhere (another file or a lower layer).
    pub extend: Option<RawExtend>,
    /// Entries defined elsewhere, replaced whole.
    pub replace: Option<RawReplace>,
}

/// Additions to sides, sources, events, a language and lexicon entries defined elsewhere.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtend {
    #[serde(default)]
    pub sides: Vec<RawSideExt>,
    #[serde(default)]
    pub sources: Vec<RawSourceExt>,
    #[serde(default)]
    pub events: Vec<RawEventExt>,
    /// Words added to a language's lists (`id` names the language).
    pub language: Option<RawLanguageExt>,
    /// Words added to lexicon entries of the file's `lang:`.
    #[serde(default)]
    pub lexicon: BTreeMap<String, RawLexEntry>,
}

/// Names and opponents added to a side.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSideExt {
    pub id: String,
    #[serde(default)]
    pub opponents: Vec<String>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// Names added to a source.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourceExt {
    pub id: String,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub exact_aliases: BTreeMap<String, Vec<String>>,
}

/// Names and places added to an event.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEventExt {
    pub id: String,
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub places: BTreeMap<String, Vec<String>>,
}

/// Words added to a language defined elsewhere: its lists and maps, never its settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguageExt {
    pub id: String,
    #[serde(default)]
    pub numbers: BTreeMap<String, RawNumber>,
    #[serde(default)]
    pub bounds: BTreeMap<Bound, RawBoundPhrases>,
    #[serde(default)]
    pub abbreviations: Vec<String>,
    #[serde(default)]
    pub proclitics: Vec<String>,
    #[serde(default)]
    pub attribution: RawAttributionExt,
}

/// Attribution words added to a language.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawAttributionExt {
    pub speech: Vec<String>,
    pub according_to: Vec<String>,
    pub via: Vec<String>,
    pub anaphora: BTreeMap<SourceKindName, Vec<String>>,
    pub carry: Vec<RawCarry>,
    pub institutions: Vec<RawInstitution>,
    pub possessives: Vec<String>,
    pub links: Vec<String>,
    pub told_before: Vec<String>,
    pub enemy: Vec<String>,
    pub object_endings: Vec<String>,
}

/// Whole entries that take the place of ones defined elsewhere, by id (rules and lexicon
/// entries of the file's `lang:`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReplace {
    #[serde(default)]
    pub sides: Vec<RawSide>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    #[serde(default)]
    pub lexicon: BTreeMap<String, RawLexEntry>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// Pack-wide tuning knobs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawSettings {
    /// Normalised Levenshtein similarity at or above which two alias words match.
    pub fuzzy_threshold: f64,
    /// Words shorter than this (in chars) must match exactly.
    pub fuzzy_min_len: usize,
    /// Relative tolerance of an "about" figure when comparing intervals.
    pub about_tolerance: f64,
    /// Numbers in this inclusive range, standing alone, are read as years (time anchors).
    pub years: [u32; 2],
    /// Two articles are copies of one text when their word 3-gram MinHash estimates this Jaccard...
    pub syndication_shingles: f64,
    /// ...and their openings are at least this similar (normalised Levenshtein).
    pub syndication_similarity: f64,
    /// Reports dated at most this many days apart, with no named event, of the same sides and
    /// kinds (and places, when both name one) are one incident.
    pub incident_days: u32,
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            fuzzy_threshold: 0.8,
            fuzzy_min_len: 6,
            about_tolerance: 0.1,
            years: [1900, 2100],
            syndication_shingles: 0.5,
            syndication_similarity: 0.7,
            incident_days: 3,
        }
    }
}

/// How a language is normalised, counted and attributed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub id: String,
    pub name: Option<String>,
    /// Unicode script name used to detect the language (`Arabic`, `Latin`, `Cyrillic`...).
    pub script: String,
    #[serde(default)]
    pub normalize: Vec<RawStep>,
    /// Prefixes that glue onto any word ("and", "the", "for" in Arabic).
    #[serde(default)]
    pub proclitics: Vec<String>,
    /// Number words and their values; a vague quantity is a range (`dozens: [24, 99]`).
    #[serde(default)]
    pub numbers: BTreeMap<String, RawNumber>,
    /// Bound phrases: where they stand relative to the number.
    #[serde(default)]
    pub bounds: BTreeMap<Bound, RawBoundPhrases>,
    /// Characters that end a sentence when followed by white space.
    #[serde(default)]
    pub sentence_end: Vec<String>,
    /// Words ending in a sentence terminator that do not end a sentence ("Gen.", "a.m.").
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Characters that end a clause: gaps in patterns never cross them.
    #[serde(default)]
    pub clause_break: Vec<String>,
    #[serde(default)]
    pub counting: RawCounting,
    #[serde(default)]
    pub attribution: RawAttribution,
    #[serde(default)]
    pub time: RawTime,
    /// Font families that hold the script's glyphs, best first (for the HTML report).
    #[serde(default)]
    pub fonts: Vec<String>,
}

/// Time anchors: words that date what a claim is about, relative to the article's date.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawTime {
    /// An anchor moves only claims at most this many words away from it.
    pub window: usize,
    /// Day names: "on Tuesday" is the last Tuesday on or before the article's date.
    pub weekdays: BTreeMap<Weekday, Vec<String>>,
    /// Phrases that shift the article's date ("yesterday", "last year").
    pub relative: Vec<RawRelative>,
    /// Month names, for absolute dates ("21 April", "Sept 20, 2023").
    pub months: BTreeMap<Month, Vec<String>>,
}

impl Default for RawTime {
    fn default() -> Self {
        RawTime {
            window: 8,
            weekdays: BTreeMap::new(),
            relative: Vec::new(),
            months: BTreeMap::new(),
        }
    }
}

/// A day of the week, as named in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// A month, as named in rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Month {
    January,
    February,
    March,
    April,
    May,
    June,
    July,
    August,
    September,
    October,
    November,
    December,
}

/// A phrase and the shift from the article's date it means.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelative {
    pub words: Vec<String>,
    #[serde(default)]
    pub days: i32,
    #[serde(default)]
    pub months: i32,
    #[serde(default)]
    pub years: i32,
}

/// One normalisation step: a plain name, or a one-key map for steps that take arguments.
#[derive(Debug, Clone)]
pub enum RawStep {
    Simple(SimpleStep),
    SplitAfter(SplitAfterStep),
    Delete(DeleteStep),
    Map(MapStep),
}

impl<'de> Deserialize<'de> for RawStep {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = Value::deserialize(d)?;
        let r = match &v {
            Value::String(_) => from_value(v).map(RawStep::Simple),
            Value::Mapping(m) if m.contains_key("split_after") => {
                from_value(v).map(RawStep::SplitAfter)
            }
            Value::Mapping(m) if m.contains_key("delete") => from_value(v).map(RawStep::Delete),
            Value::Mapping(m) if m.contains_key("map") => from_value(v).map(RawStep::Map),
            _ => Err(
                "a step is a name (strip_marks, decompose, drop_format, lowercase, fold_digits, \
                      split_scripts) or a map with one key: split_after, delete or map"
                    .into(),
            ),
        };
        r.map_err(|e| D::Error::custom(format!("normalize step: {e}")))
    }
}

/// Steps without arguments.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SimpleStep {
    /// Drop combining marks (diacritics such as Arabic tashkeel).
    StripMarks,
    /// Decompose letters and drop their accents (ç -> c).
    Decompose,
    /// Drop zero-width, bidi and other invisible format characters.
    DropFormat,
    /// Lower-case everything.
    Lowercase,
    /// Read digits of every script as ASCII digits.
    FoldDigits,
    /// Put a space where one script's letters touch another's (glued breadcrumbs).
    SplitScripts,
}

/// Put a space after these letters when a letter follows (letters that only end words).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitAfterStep {
    pub split_after: Vec<String>,
}

/// Delete these characters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteStep {
    pub delete: Vec<String>,
}

/// Replace single characters by strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapStep {
    pub map: BTreeMap<String, String>,
}

/// A number word: `7`; a vague quantity as a range `[24, 99]`; or both forms as
/// `{value: 1000, alone: [2000, 9999]}` (a multiplier in compounds, a range by itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawNumber {
    pub value: u64,
    pub alone: Option<(u64, u64)>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumberMap {
    value: u64,
    alone: [u64; 2],
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let rising = |[lo, hi]: [u64; 2]| {
            if lo < hi {
                Ok((lo, hi))
            } else {
                Err(format!("range [{lo}, {hi}] must rise"))
            }
        };
        let v = Value::deserialize(d)?;
        let r = match &v {
            Value::Number(_) => from_value(v).map(|value| RawNumber { value, alone: None }),
            Value::Sequence(_) => {
                from_value::<[u64; 2]>(v)
                    .and_then(rising)
                    .map(|(lo, hi)| RawNumber {
                        value: lo,
                        alone: Some((lo, hi)),
                    })
            }
            Value::Mapping(_) => from_value::<RawNumberMap>(v).and_then(|m| {
                rising(m.alone).map(|a| RawNumber {
                    value: m.value,
                    alone: Some(a),
                })
            }),
            _ => Err(
                "expected a whole number, a range [low, high], or {value, alone: [low, high]}"
                    .into(),
            ),
        };
        r.map_err(|e| D::Error::custom(format!("number word: {e}")))
    }
}

/// Bound phrases before and after a number.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoundPhrases {
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
}

/// Words that shape how counts are read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounting {
    /// "of" between a number and its noun ("7 of its soldiers").
    #[serde(default)]
    pub partitive: Vec<String>,
    /// Possessive words meaning "the speaker's own" ("its", "their").
    #[serde(default)]
    pub own: Vec<String>,
    /// Indefinite articles: "a soldier" counts one.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Words joining the parts of a number written in words ("twenty-five", "one hundred and five").
    #[serde(default)]
    pub number_joiner: Vec<String>,
    /// Ranges: "between 300 and 500", "300 to 500".
    #[serde(default)]
    pub range: RawRange,
    /// Words after a number that show it is not a casualty count, by reason
    /// (`duration: [years, weeks]`); `explain` names the reason.
    #[serde(default)]
    pub not_counted: BTreeMap<String, Vec<String>>,
    /// Words before a number that show it is not a casualty count ("September 13").
    #[serde(default)]
    pub not_counted_before: BTreeMap<String, Vec<String>>,
    /// In frames: words between a count and what happened that do not count against the
    /// window ("were", "had been").
    #[serde(default)]
    pub fillers: Vec<String>,
    /// In frames: words just before an active verb ("killing") that make the speaker its
    /// agent ("it", "we"): the people it counts are then the speaker's opponents.
    #[serde(default)]
    pub speaker_agent: Vec<String>,
    /// Words that make a count an addition to an earlier total rather than a total.
    #[serde(default)]
    pub increment: RawIncrement,
    /// Words before a count that make it a part of the count before it ("32 dead, including 7
    /// civilians"): it shares what happened to that count.
    #[serde(default)]
    pub subset: Vec<String>,
}

/// Words of an increment: right after the figure ("3 more"), right before it ("another 3"),
/// or anywhere in the claim ("died of wounds").
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIncrement {
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub within: Vec<String>,
}

/// The words of a range of figures.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    /// Before the first figure: "between".
    #[serde(default)]
    pub between: Vec<String>,
    /// Between the figures after `between`: "and".
    #[serde(default)]
    pub and: Vec<String>,
    /// Between the figures, with or without `between`: "to", "-".
    #[serde(default)]
    pub to: Vec<String>,
}

/// Words that tell who is speaking.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawAttribution {
    /// Verbs of saying, announcing, denouncing.
    pub speech: Vec<String>,
    /// "according to" phrases, followed by the speaker.
    pub according_to: Vec<String>,
    /// "quoted by" phrases, followed by a relaying source.
    pub via: Vec<String>,
    /// Words that refer back to the last named source of a kind ("the ministry").
    pub anaphora: BTreeMap<SourceKindName, Vec<String>>,
    /// How many words may stand between a verb and the speaker after it.
    pub max_gap_after_verb: usize,
    /// How many words may stand between a speaker and its verb after it.
    pub max_gap_before_verb: usize,
    /// Look for the speaker before its verb first (subject-verb languages) rather than after.
    pub speaker_before_verb: bool,
    /// A side's bare name opening a sentence, set off by a comma ("Ermenistan, ... suçladı"),
    /// is its government speaking (languages whose reports open with the subject so).
    pub opening_side: bool,
    /// Words that continue an earlier speaker in a sentence that names none ("He said", "It
    /// added"; a subject-less verb form), with the kinds of source they can refer to.
    pub carry: Vec<RawCarry>,
    /// Institution and role nouns: with a side's name they make a speaker the pack does not
    /// list ("the X ombudsman" is `x:ombudsman`).
    pub institutions: Vec<RawInstitution>,
    /// Words before an institution noun that give it the side the text is about ("its defence
    /// ministry", "the country's prosecutor"): the first side named in the sentence before
    /// them, else the side the previous sentences were about.
    pub possessives: Vec<String>,
    /// Words joining an anaphor to the side named after it ("the ministry of X"): that side's
    /// own source of the anaphor's kind.
    pub links: Vec<String>,
    /// Words saying a sentence's speaker told the sentence before ("this was reported by"):
    /// the claims there with no speaker of their own take it.
    pub told_before: Vec<String>,
    /// Words naming the speaker's opponent ("the enemy"): an `{accused}` slot reads them as
    /// the opponent of the speaker's side.
    pub enemy: Vec<String>,
    /// Case endings that make a side's name an object ("Ermenistan'ı" suçladı: accused, not
    /// the speaker): a side written with one of them after its name is never the subject of
    /// the speech verb right after it.
    pub object_endings: Vec<String>,
}

/// An institution or role noun of speakers the pack does not list.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstitution {
    /// The name in source ids (`ombudsman`): letters, digits and `_`.
    pub name: String,
    pub kind: SourceKindName,
    pub words: Vec<String>,
    /// With a side, the pack's own source of that side and one of these kinds, when it has one
    /// ("the X foreign ministry" is side X's government source).
    #[serde(default)]
    pub listed: Vec<SourceKindName>,
    /// A role ("a spokesman"): without a side it speaks for the source named last.
    #[serde(default)]
    pub role: bool,
    /// It speaks only after an according-to phrase ("according to the X side"); elsewhere
    /// its words name a place or a target.
    #[serde(default)]
    pub cited_only: bool,
}

/// Words that continue the last speaker of some kinds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCarry {
    pub words: Vec<String>,
    pub kinds: Vec<SourceKindName>,
    /// The words are speech verbs themselves (a verb form that carries its subject): no other
    /// speech verb is needed.
    #[serde(default)]
    pub verb: bool,
}

impl Default for RawAttribution {
    fn default() -> Self {
        RawAttribution {
            speech: vec![],
            according_to: vec![],
            via: vec![],
            anaphora: BTreeMap::new(),
            max_gap_after_verb: 2,
            max_gap_before_verb: 14,
            speaker_before_verb: false,
            opening_side: false,
            carry: vec![],
            institutions: vec![],
            possessives: vec![],
            links: vec![],
            told_before: vec![],
            enemy: vec![],
            object_endings: vec![],
        }
    }
}

/// The kind of a source, as named in rules.
pub type SourceKindName = crate::model::SourceKind;

/// A party whose people are counted or blamed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSide {
    pub id: String,
    pub name: Option<String>,
    /// The side this one belongs to (its camp), e.g. local forces of a larger party.
    pub part_of: Option<String>,
    /// Sides this one fights: "aggression against X" blames X's opponents.
    #[serde(default)]
    pub opponents: Vec<String>,
    /// Demonyms, adjectives and names per language; `word*` matches any ending.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// Someone who speaks.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: String,
    pub name: Option<String>,
    /// The side it speaks for; none for neutral sources.
    pub side: Option<String>,
    pub kind: crate::model::SourceKind,
    /// The institution of its side it is (`ombudsman`, a name of `attribution.institutions`):
    /// "the X ombudsman" in any language is this source.
    pub institution: Option<String>,
    /// Names per language; matched word by word, tolerating transliteration variants.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Names matched exactly as written, case and all ("WHO", "AP"), per language.
    #[serde(default)]
    pub exact_aliases: BTreeMap<String, Vec<String>>,
}

/// A named event with a date window.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: String,
    pub name: Option<String>,
    pub start: String,
    pub end: String,
    /// The sides of the conflict it belongs to: a claim of other camps never joins it.
    #[serde(default)]
    pub sides: Vec<String>,
    /// Names of the event per language; a sentence naming it is moved to it.
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    /// Places of the event per language; an undated article naming one belongs to it.
    #[serde(default)]
    pub places: BTreeMap<String, Vec<String>>,
}

/// A place and its names per language.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub id: String,
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    /// The side whose people live there: civilians hurt there, no side named, are its.
    #[serde(default)]
    pub side: Option<String>,
}

/// A lexicon entry: a plain word list, or a noun with its number forms.
#[derive(Clone, Debug)]
pub enum RawLexEntry {
    Words(Vec<String>),
    Noun(RawNoun),
}

impl<'de> Deserialize<'de> for RawLexEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = Value::deserialize(d)?;
        let r = match &v {
            Value::Sequence(_) => from_value(v).map(RawLexEntry::Words),
            Value::Mapping(_) => from_value(v).map(RawLexEntry::Noun),
            _ => Err(
                "expected a list of words, or a noun: {singular, dual, plural, possessive, group}"
                    .into(),
            ),
        };
        r.map_err(|e| D::Error::custom(format!("lexicon entry: {e}")))
    }
}

/// A counted noun: which forms mean one or two by themselves, which need a number.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNoun {
    /// Forms that mean one when they stand without a number ("a soldier").
    #[serde(default)]
    pub singular: Vec<String>,
    /// Forms that mean two by themselves (Arabic dual).
    #[serde(default)]
    pub dual: Vec<String>,
    /// Forms that need a number before them.
    #[serde(default)]
    pub plural: Vec<String>,
    /// Plural forms meaning "the speaker's own" (a possessive suffix).
    #[serde(default)]
    pub possessive: Vec<String>,
    /// Who the noun counts.
    pub group: Option<Group>,
}

/// One claim pattern.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub kind: Kind,
    pub pattern: String,
    pub description: Option<String>,
    /// Who the figure counts, when the noun does not say.
    pub group: Option<Group>,
    /// Most words a `...` gap may skip.
    #[serde(default = "default_gap")]
    pub gap: usize,
    /// When matches of two rules overlap, the higher priority wins (default 0), then the
    /// longer match, then the more specific pattern, then the earlier in the sentence.
    #[serde(default)]
    pub priority: i32,
    /// Whether the claim needs a speaker other than the outlet (default: yes for blame).
    pub needs_speaker: Option<bool>,
    /// A blame rule for mutual blame ("each side blamed the other"): every camp blames its
    /// opponent, each through its government; the rule has no `{accused}`.
    #[serde(default)]
    pub mutual: bool,
    /// Whose people are counted when the sentence names no side: the speaker's own (default),
    /// the speaker's opponent (active "we killed N"), or nobody.
    #[serde(default)]
    pub unnamed_side: RawUnnamedSide,
    /// Makes the rule a frame: its pattern is a count of people, and what happened to them is
    /// found around it, before or after, by kind (`killed: {after: [killed], before: [killing]}`).
    pub happened: Option<BTreeMap<Kind, RawHappened>>,
    /// In a frame: most words between a count and what happened to it (fillers not counted).
    pub window: Option<usize>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
}

/// What happened to the people a frame counts: words after the count ("7 soldiers were
/// killed") and before it ("killing 7 soldiers"); `{entry}` stands for a lexicon entry's words.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHappened {
    #[serde(default)]
    pub after: Vec<String>,
    /// Active verbs before the count ("killing"): who did it tells whose people they are.
    #[serde(default)]
    pub before: Vec<String>,
    /// Nouns before the count ("the deaths of", "the loss of"): no agent.
    #[serde(default)]
    pub before_noun: Vec<String>,
}

fn default_gap() -> usize {
    3
}

/// A sentence a rule must (or must not) turn into a claim.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: String,
    pub expect: RawExpect,
}

/// `none`, or the fields the claim must have.
#[derive(Clone, Debug)]
pub enum RawExpect {
    Keyword(String),
    Claim(RawClaim),
}

impl<'de> Deserialize<'de> for RawExpect {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = Value::deserialize(d)?;
        let r = match &v {
            Value::String(s) => Ok(RawExpect::Keyword(s.clone())),
            Value::Mapping(_) => from_value(v).map(RawExpect::Claim),
            _ => Err(
                "expected `none` or a map of claim fields (kind, side, value, bound, source...)"
                    .into(),
            ),
        };
        r.map_err(|e| D::Error::custom(format!("expect: {e}")))
    }
}

/// Expected claim fields; absent fields are not checked.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
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

/// Whose people a count is about when the sentence names no side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawUnnamedSide {
    #[default]
    Speaker,
    Opponent,
    None,
}
