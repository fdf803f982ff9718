//! Placing a problem in its file. serde keeps no spans, so a problem found after parsing is
//! placed by finding again, from a known offset (the `id:` of its item), the text it names.

use crate::error::{Error, Location};
use crate::rules::RuleError;
use std::borrow::Cow;
use std::collections::HashMap;

/// The problems found so far, each placed at file, line, column and rule id.
pub(super) struct Problems<'a> {
    files: &'a [(String, String)],
    errors: Vec<Error>,
    /// How many rules with each (file, id) were met, to place a duplicate at its own `id:`.
    seen: HashMap<(usize, String), usize>,
    /// Per file, built on first use: where its lines start, and where each `id: <id>` line
    /// is (placing every rule by scanning its whole file made loading a large pack quadratic).
    lines: Vec<std::cell::OnceCell<Vec<usize>>>,
    ids: Vec<std::cell::OnceCell<HashMap<String, Vec<usize>>>>,
}

impl<'a> Problems<'a> {
    /// No problems yet, in the pack made of `files` (name, text).
    pub fn new(files: &'a [(String, String)]) -> Problems<'a> {
        Problems {
            files,
            errors: Vec::new(),
            seen: HashMap::new(),
            lines: files.iter().map(|_| Default::default()).collect(),
            ids: files.iter().map(|_| Default::default()).collect(),
        }
    }

    /// The pack's files, (name, text).
    pub fn files(&self) -> &'a [(String, String)] {
        self.files
    }

    /// Records `error` in file `f` of rule `rule`, at the text it names found at or after byte
    /// `from` (at `from` itself when the text is not there).
    pub fn report(&mut self, f: usize, from: usize, rule: Option<&str>, error: RuleError) {
        let (name, text) = &self.files[f];
        let (line, column) = crate::rules::yaml::locate(text, &needle(&error), from);
        self.errors.push(Error::Rule {
            at: Location {
                file: name.clone(),
                line,
                column,
            },
            rule: rule.map(str::to_string),
            error: Box::new(error),
        });
    }

    /// Records an error already placed (by the YAML parser).
    pub fn push(&mut self, e: Error) {
        self.errors.push(e);
    }

    /// Adds the problems another pass found (a language compiled on its own thread).
    pub fn extend(&mut self, other: Problems) {
        self.errors.extend(other.errors);
    }

    /// The problems, or `None` when there are none.
    pub fn into_errors(self) -> Option<Vec<Error>> {
        (!self.errors.is_empty()).then_some(self.errors)
    }

    /// Byte offset of the line `id: <id>` (or of `id` alone) in file `f`.
    pub fn offset_of_id(&self, f: usize, id: &str) -> usize {
        self.offset_of_nth_id(f, id, 0)
    }

    /// Byte offset of the `id:` of the next rule `id` of file `f`: the first time it is asked
    /// the first such line, then the second (a duplicate id points at its own rule).
    pub fn next_rule_offset(&mut self, f: usize, id: &str) -> usize {
        let n = self.seen.entry((f, id.to_string())).or_insert(0);
        *n += 1;
        let nth = *n - 1;
        self.offset_of_nth_id(f, id, nth)
    }

    /// "file:line" of byte `offset` of file `f`, for a message that names a second place.
    pub fn place(&self, f: usize, offset: usize) -> String {
        format!("{}:{}", self.files[f].0, self.line_of(f, offset))
    }

    /// The 1-based line of byte `offset` of file `f`.
    pub fn line_of(&self, f: usize, offset: usize) -> usize {
        let text = &self.files[f].1;
        let starts = self.lines[f].get_or_init(|| {
            let ends = text.match_indices('\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(ends).collect()
        });
        starts.partition_point(|&s| s <= offset.min(text.len()))
    }

    /// Byte offset of the `n`th (0-based) `id: <id>` line in file `f`.
    pub fn offset_of_nth_id(&self, f: usize, id: &str, n: usize) -> usize {
        let text = &self.files[f].1;
        let index = self.ids[f].get_or_init(|| id_lines(text));
        if let Some(&i) = index.get(id).and_then(|hits| hits.get(n)) {
            return i;
        }
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

/// Where each `id: <id>` line of a file is, by id (quoted or not; `- id:` too).
fn id_lines(text: &str) -> HashMap<String, Vec<usize>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = body.strip_prefix("id: ") {
            let value = rest.split_whitespace().next().unwrap_or("");
            let value = (value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            let offset = at + (line.len() - body.len());
            out.entry(value.to_string()).or_default().push(offset);
        }
        at += line.len();
    }
    out
}

/// The text a problem points at in its file: the key, value or token it is about.
fn needle(e: &RuleError) -> Cow<'_, str> {
    use RuleError as E;
    let s = |x: &'static str| Cow::Borrowed(x);
    match e {
        // Placed by the parser; never looked up.
        E::Syntax { .. }
        | E::UnknownField { .. }
        | E::MissingField { .. }
        | E::DuplicateField { .. }
        | E::UnknownVariant { .. }
        | E::WrongType { .. }
        | E::Invalid { .. } => s(""),
        E::SettingsTwice => s("settings"),
        E::UnknownLanguage { .. } => s("lang"),
        E::NoLang => s("rules"),
        E::DuplicateRule { id, .. } | E::DuplicateSide { id } | E::DuplicateSource { id } => {
            Cow::Borrowed(id)
        }
        E::UnknownPartOf { part_of, .. } => Cow::Borrowed(part_of),
        E::UnknownOpponent { opponent, .. } => Cow::Borrowed(opponent),
        E::PartOfCycle { .. } => s("part_of"),
        E::UnknownSide { .. } => s("side"),
        E::UnknownInstitution { .. } => s("institution"),
        E::BadDate { field, .. } => Cow::Borrowed(field),
        E::AliasClaimedTwice { alias, .. } | E::AliasClaimedInTwoFiles { alias, .. } => {
            Cow::Borrowed(alias)
        }
        E::EventUnknownSide { side, .. } => Cow::Borrowed(side),
        E::PlaceSide { .. } => s("side"),
        E::DefinedTwice { what, .. } if what == "language" => s("language"),
        E::DefinedTwice { id, .. }
        | E::ExtendMissing { id, .. }
        | E::ReplaceMissing { id, .. }
        | E::ReplacedTwice { id, .. } => Cow::Borrowed(id),
        E::ExtendShape { entry, .. } => Cow::Owned(format!("{entry}:")),
        E::NumberTwice { word, .. } => Cow::Borrowed(word),
        E::NotOneChar { text } => Cow::Borrowed(text),
        E::MapKeyNotOneChar { key } => Cow::Borrowed(key),
        E::UnknownScript { script, .. } => Cow::Borrowed(script),
        E::UnsafeFont { font, .. } => Cow::Borrowed(font),
        E::WordListDoesNotCompile { list, .. } => Cow::Owned(format!("{list}:")),
        E::LexiconTwice { entry, .. } => Cow::Owned(format!("{entry}:")),
        E::GapAtEdge => s("..."),
        E::NamedGroup { regex } | E::BadRegex { regex, .. } => Cow::Borrowed(regex),
        E::NoSideAliases { slot } | E::SlotArgument { slot } | E::UnknownSlot { slot, .. } => {
            Cow::Owned(format!("{{{slot}"))
        }
        E::EmptyEntry { entry } => Cow::Owned(format!("{{{entry}")),
        E::CountOfWordList { noun } | E::UnknownNoun { noun } | E::NounWithoutForms { noun } => {
            Cow::Owned(format!("{{count:{noun}"))
        }
        E::EmptyPattern
        | E::OptionalFirst
        | E::PatternDoesNotCompile { .. }
        | E::BlameSlots { .. }
        | E::CasualtySlots { .. }
        | E::NoExamples => s("pattern"),
        E::BadExpectKeyword { keyword } => Cow::Borrowed(keyword),
        E::ExpectKindMismatch { .. } => s("expect"),
        E::NoMatchingExample => s("examples"),
    }
}
