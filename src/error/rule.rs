//! What can be wrong in a rule pack: one variant per kind of problem, with its fields.
//!
//! `crate::error::Error::Rule` carries one of these with where it was found (file, line,
//! column, rule id); the text of each variant is the message `rules lint` prints.

use crate::model::Kind;

/// One problem in a rule pack.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    // --- Reading a file as YAML of the rule format (serde's messages, kept as they are).
    /// The text is not well-formed YAML.
    #[error("{message}")]
    Syntax { message: String },
    /// A key the format does not have (`path` is where in the document, possibly empty).
    #[error("{}unknown field `{field}`, {expected}", prefix(.path))]
    UnknownField {
        path: String,
        field: String,
        expected: String,
    },
    /// A key the format needs is absent (an example without `expect:`).
    #[error("{}missing field `{field}`", prefix(.path))]
    MissingField { path: String, field: String },
    /// A key given twice in one map.
    #[error("{}duplicate field `{field}`", prefix(.path))]
    DuplicateField { path: String, field: String },
    /// A name outside a closed list (a kind, a group, a normalisation step).
    #[error("{}unknown variant `{variant}`, {expected}", prefix(.path))]
    UnknownVariant {
        path: String,
        variant: String,
        expected: String,
    },
    /// A value of the wrong type (a word where a number goes).
    #[error("{}invalid type: {found}, expected {expected}", prefix(.path))]
    WrongType {
        path: String,
        found: String,
        expected: String,
    },
    /// Well-formed YAML of the wrong shape otherwise (a bad value, too many repetitions).
    #[error("{message}")]
    Invalid { message: String },

    // --- The files of a pack together.
    /// `settings:` in two files.
    #[error("settings are given in more than one file")]
    SettingsTwice,
    /// `lang:` names a language no file defines.
    #[error("unknown language `{lang}` (no file defines `language: {{id: {lang}}}`)")]
    UnknownLanguage { lang: String },
    /// `lexicon:` or `rules:` in a file without `lang:`.
    #[error("a file with `lexicon` or `rules` needs `lang:`")]
    NoLang,
    /// Two rules with one id (reported at the second, naming the first).
    #[error("duplicate rule id: the rule at {first} already has it")]
    DuplicateRule { id: String, first: String },

    // --- Sides, sources, events and their references.
    /// Two sides with one id.
    #[error("duplicate side id `{id}`")]
    DuplicateSide { id: String },
    /// `part_of` names no side.
    #[error("side `{side}`: part_of names unknown side `{part_of}`")]
    UnknownPartOf { side: String, part_of: String },
    /// `opponents` names no side.
    #[error("side `{side}`: unknown opponent `{opponent}`")]
    UnknownOpponent { side: String, opponent: String },
    /// `part_of` leads back to `side`; `cycle` lists the sides met, from `side`.
    #[error("side `{side}`: part_of forms a cycle ({} -> {side})", .cycle.join(" -> "))]
    PartOfCycle { side: String, cycle: Vec<String> },
    /// Two sources with one id.
    #[error("duplicate source id `{id}`")]
    DuplicateSource { id: String },
    /// A source speaks for a side that does not exist.
    #[error("source `{source_id}`: unknown side `{side}`")]
    UnknownSide { source_id: String, side: String },
    /// A source is an institution no language's rules name.
    #[error(
        "source `{source_id}`: no language names the institution `{name}` (attribution.institutions)"
    )]
    UnknownInstitution { source_id: String, name: String },
    /// An event's `start` or `end` is not a date.
    #[error("event `{event}`: `{field}` must be a date YYYY-MM-DD, got `{value}`")]
    BadDate {
        event: String,
        field: String,
        value: String,
    },
    /// One alias names two sources in a language.
    #[error("alias `{alias}` is claimed by two sources: `{first}` and `{second}`")]
    AliasClaimedTwice {
        alias: String,
        first: String,
        second: String,
    },

    // --- A language.
    /// A `split_after` or `delete` entry longer than one character.
    #[error("normalize: `{text}` must be a single character")]
    NotOneChar { text: String },
    /// A `map` key longer than one character.
    #[error("normalize map: key `{key}` must be a single character")]
    MapKeyNotOneChar { key: String },
    /// `script:` is not a Unicode script.
    #[error("language `{lang}`: unknown script `{script}`")]
    UnknownScript { lang: String, script: String },
    /// A font name that could break out of the report's style sheet.
    #[error("language `{lang}`: font `{font}` may hold only letters, digits, spaces and dashes")]
    UnsafeFont { lang: String, font: String },
    /// A word list's regex does not compile (a list past the size limit).
    #[error("language `{lang}`: the words of `{list}` do not compile: {why}")]
    WordListDoesNotCompile {
        lang: String,
        list: String,
        why: String,
    },
    /// A place's `side:` names no side, or two files give one place different sides.
    #[error("place `{place}`: {why}")]
    PlaceSide { place: String, why: String },
    /// An event's `sides:` names no side.
    #[error("event `{event}`: unknown side `{side}`")]
    EventUnknownSide { event: String, side: String },
    /// An entry defined in two files (two layers, or two files of one pack).
    #[error(
        "{what} `{id}` is defined twice (first at {first_at}); add to it with `extend:` or \
         take its place with `replace:`"
    )]
    DefinedTwice {
        what: String,
        id: String,
        first_at: String,
    },
    /// One alias names two sources, given in two files.
    #[error("alias `{alias}` is claimed by two sources: `{first}` ({first_at}) and `{second}`")]
    AliasClaimedInTwoFiles {
        alias: String,
        first: String,
        first_at: String,
        second: String,
    },
    /// `extend:` names an entry no file defines.
    #[error("extend: no {what} `{id}` to add to")]
    ExtendMissing { what: String, id: String },
    /// `replace:` names an entry no file defines.
    #[error("replace: no {what} `{id}` to replace")]
    ReplaceMissing { what: String, id: String },
    /// Two files replace one entry.
    #[error("{what} `{id}` is replaced twice (first at {first_at})")]
    ReplacedTwice {
        what: String,
        id: String,
        first_at: String,
    },
    /// `extend:` adds a word list to a noun entry, or noun forms to a word list.
    #[error("extend: lexicon entry `{entry}` is a {is}; add {is} forms to it")]
    ExtendShape { entry: String, is: String },
    /// Two files give one number word different values.
    #[error("number word `{word}` of `{lang}` is {first} (at {first_at}) and {second} here")]
    NumberTwice {
        word: String,
        lang: String,
        first: u64,
        second: u64,
        first_at: String,
    },
    /// Two lexicon entries with one name in a language.
    #[error("lexicon entry `{entry}` is defined twice for `{lang}`")]
    LexiconTwice { entry: String, lang: String },

    // --- A rule's pattern.
    /// A pattern without tokens.
    #[error("empty pattern")]
    EmptyPattern,
    /// `...` first or last.
    #[error("a `...` gap must stand between two tokens")]
    GapAtEdge,
    /// `/regex/` with a named group (the slots' groups are named).
    #[error("regex `/{regex}/` must not use named groups")]
    NamedGroup { regex: String },
    /// `/regex/` that does not compile.
    #[error("regex `/{regex}/` does not compile: {why}")]
    BadRegex { regex: String, why: String },
    /// A side slot in a language where no side has aliases.
    #[error("slot {{{slot}}}: no side has aliases in this language")]
    NoSideAliases { slot: String },
    /// `{name:arg}` for a slot other than `count`.
    #[error("unknown slot {{{slot}}}: only {{count:NOUN}} takes an argument")]
    SlotArgument { slot: String },
    /// `{name}` that is no slot and no lexicon entry; `known` lists the entries.
    #[error(
        "unknown slot {{{slot}}}: not count, side, accused, victim, nor a lexicon entry (known: {})",
        .known.join(", ")
    )]
    UnknownSlot { slot: String, known: Vec<String> },
    /// A lexicon entry used in a pattern has no words.
    #[error("lexicon entry `{entry}` is empty")]
    EmptyEntry { entry: String },
    /// `{count:X}` where X is a word list, not a counted noun.
    #[error(
        "{{count:{noun}}}: `{noun}` is a word list; a counted noun needs singular/dual/plural forms"
    )]
    CountOfWordList { noun: String },
    /// `{count:X}` where X is no lexicon entry.
    #[error("{{count:{noun}}}: no lexicon entry `{noun}`")]
    UnknownNoun { noun: String },
    /// `{count:X}` where the noun has no singular, dual or plural form.
    #[error("{{count:{noun}}}: the noun has no forms")]
    NounWithoutForms { noun: String },
    /// `token?` first.
    #[error("the first token of a pattern cannot be optional")]
    OptionalFirst,
    /// The whole pattern does not compile (too large, most often).
    #[error("pattern does not compile: {why}")]
    PatternDoesNotCompile { why: String },

    // --- A rule's slots and examples.
    /// A blame pattern with a `{count}`, or without exactly one `{accused}`/`{victim}`.
    #[error("a blame pattern needs exactly one {{accused}} or {{victim}} slot and no {{count}}")]
    BlameSlots { counts: usize, accused: usize },
    /// A casualty pattern without a `{count}`, or with an `{accused}`/`{victim}`.
    #[error(
        "a {} pattern needs a {{count}} slot (several are added up) and no {{accused}}/{{victim}}",
        .kind.as_str()
    )]
    CasualtySlots {
        kind: Kind,
        counts: usize,
        accused: usize,
    },
    /// `examples:` absent or empty.
    #[error("rule has no examples: add at least one sentence it must match")]
    NoExamples,
    /// `expect:` a word other than `none`.
    #[error("example expectation must be `none` or a claim, got `{keyword}`")]
    BadExpectKeyword { keyword: String },
    /// An example expects a claim of another kind than the rule's.
    #[error(
        "example expects kind `{}` but the rule is `{}`",
        .expected.as_str(),
        .rule.as_str()
    )]
    ExpectKindMismatch { expected: Kind, rule: Kind },
    /// Every example is `expect: none`.
    #[error("rule needs at least one example it must match (with `expect:` fields)")]
    NoMatchingExample,
}

/// `path: ` before a message, or nothing at the top of a document.
fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl RuleError {
    /// The problem serde describes in `message` (a path, then what is wrong), when it is one of
    /// the kinds with fields; `None` for any other message. The variant prints `message` back
    /// byte for byte, or is not used.
    pub fn from_serde(message: &str) -> Option<RuleError> {
        const MARKERS: [&str; 5] = [
            "unknown field `",
            "missing field `",
            "duplicate field `",
            "unknown variant `",
            "invalid type: ",
        ];
        // The path is the text before the first marker that starts a `: `-separated segment.
        let (start, marker) = MARKERS
            .iter()
            .flat_map(|m| message.match_indices(m))
            .filter(|(i, _)| *i == 0 || message[..*i].ends_with(": "))
            .min_by_key(|(i, _)| *i)?;
        let path = message[..start]
            .strip_suffix(": ")
            .unwrap_or("")
            .to_string();
        let rest = &message[start + marker.len()..];
        let quoted = || rest.split_once('`');
        let e = match marker {
            "unknown field `" | "unknown variant `" => {
                let (name, tail) = quoted()?;
                let expected = tail.strip_prefix(", ")?.to_string();
                if marker.starts_with("unknown field") {
                    RuleError::UnknownField {
                        path,
                        field: name.to_string(),
                        expected,
                    }
                } else {
                    RuleError::UnknownVariant {
                        path,
                        variant: name.to_string(),
                        expected,
                    }
                }
            }
            "missing field `" | "duplicate field `" => {
                let (field, tail) = quoted()?;
                let field = field.to_string();
                if !tail.is_empty() {
                    return None;
                }
                if marker.starts_with("missing") {
                    RuleError::MissingField { path, field }
                } else {
                    RuleError::DuplicateField { path, field }
                }
            }
            _ => {
                let (found, expected) = rest.rsplit_once(", expected ")?;
                RuleError::WrongType {
                    path,
                    found: found.to_string(),
                    expected: expected.to_string(),
                }
            }
        };
        (e.to_string() == message).then_some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_keep_their_text() {
        for m in [
            "unknown field `x`, expected one of `a`, `b`",
            "rules[1]: unknown field `gapp`, expected one of `id`",
            "lexicon: lexicon entry: unknown field `y`, there are no fields",
            "rules[0].examples[0]: missing field `expect`",
            "rules[1]: duplicate field `gap`",
            "language.normalize: normalize step: unknown variant `z`, expected one of `a`",
            "rules[6].examples[0]: expect: invalid type: string \"fifty\", expected u64",
        ] {
            let e = RuleError::from_serde(m).unwrap_or_else(|| panic!("{m}"));
            assert_eq!(e.to_string(), m);
        }
        assert_eq!(
            RuleError::from_serde("rules[0]: missing field `id`"),
            Some(RuleError::MissingField {
                path: "rules[0]".into(),
                field: "id".into()
            })
        );
        assert_eq!(
            RuleError::from_serde("mapping values are not allowed in this context"),
            None
        );
        // A marker inside a value is not the message's kind.
        assert_eq!(
            RuleError::from_serde("number word: range [2, 1] must rise"),
            None
        );
    }
}
