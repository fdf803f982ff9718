//! Gold files (SPEC 9, `../shared/devset/README.md`): read, checked against their articles, and
//! typed. Every problem is reported at once, each naming the gold file's line and column.

use crate::error::{Error, Errors, Location};
use crate::model::{Bound, Group, Kind};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One gold file: the articles it annotates.
#[derive(Debug, Clone)]
pub struct GoldFile {
    pub path: String,
    pub cases: Vec<Case>,
}

/// One annotated article.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub lang: String,
    /// The article on disk (resolved against the gold file or `--articles`).
    pub article: PathBuf,
    /// Lines of front matter before the body: gold lines count body lines.
    pub body_offset: usize,
    pub claims: Vec<Expected>,
    pub optional: Vec<OptionalClaim>,
    pub traps: Vec<Trap>,
}

/// Who the gold says made a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoldSource {
    /// Any source (no `source` given).
    Any,
    /// A source id of the pack, or `outlet`.
    Id(String),
    /// A speaker the pack does not list (`other:<name>`): any source of its camp.
    Other { name: String, camp: Option<String> },
}

/// The side whose people a casualty claim counts, as gold writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoldSide {
    /// `both`, `unknown`, `any` or none: any side matches.
    Any,
    /// A side id (or `civilians_<side>`), compared by camp.
    Side(String),
}

/// A claim the gold requires.
#[derive(Debug, Clone)]
pub struct Expected {
    /// Body line.
    pub line: usize,
    pub cue: String,
    pub source: GoldSource,
    pub kind: Kind,
    pub alt_kinds: Vec<Kind>,
    pub side: GoldSide,
    pub group: Option<Group>,
    pub value: Option<u64>,
    pub bound: Bound,
    pub accuser: Option<String>,
    pub accused: Option<String>,
}

/// A claim that is neither required nor wrong (a sub-count, a vague figure).
#[derive(Debug, Clone)]
pub struct OptionalClaim {
    pub line: Option<usize>,
    pub value: Option<u64>,
}

/// A number that is no casualty count.
#[derive(Debug, Clone)]
pub struct Trap {
    pub line: Option<usize>,
    pub value: u64,
    pub why: String,
}

/// The camps gold may name, beyond the pack's sides (e.g. a sideless source's prefix).
pub fn camp_words(files: &[GoldFile]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in files {
        for c in &f.cases {
            for e in &c.claims {
                out.extend(e.accuser.iter().chain(&e.accused).cloned());
                if let GoldSource::Other {
                    camp: Some(camp), ..
                } = &e.source
                {
                    out.insert(camp.clone());
                }
            }
        }
    }
    out
}

// ---- raw form, as serde reads it ----

#[derive(Deserialize)]
struct RawCase {
    id: Option<serde_yaml::Value>,
    file: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    claims: Option<Vec<RawEntry>>,
    #[serde(default)]
    optional: Option<Vec<RawEntry>>,
    #[serde(default)]
    traps: Option<Vec<RawEntry>>,
    #[serde(flatten)]
    other: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Deserialize, Default)]
struct RawEntry {
    line: Option<serde_yaml::Value>,
    alt_lines: Option<serde_yaml::Value>,
    cue: Option<serde_yaml::Value>,
    source: Option<String>,
    camp: Option<String>,
    kind: Option<String>,
    alt_kinds: Option<Vec<String>>,
    side: Option<String>,
    group: Option<String>,
    value: Option<serde_yaml::Value>,
    bound: Option<String>,
    accuser: Option<String>,
    accused: Option<String>,
    why: Option<serde_yaml::Value>,
    #[serde(flatten)]
    other: BTreeMap<String, serde_yaml::Value>,
}

/// Keys a case or entry may carry that the scorer does not read (notes for people).
const CASE_KEYS: &[&str] = &[
    "id",
    "file",
    "lang",
    "claims",
    "optional",
    "traps",
    "date",
    "event",
    "event_date",
    "facts_from",
    "disagreements",
    "note",
];
/// Keys of an entry the scorer reads or checks: a near-miss of one of these is a typo.
const ENTRY_KEYS: &[&str] = &[
    "line",
    "alt_lines",
    "cue",
    "source",
    "camp",
    "via",
    "kind",
    "alt_kinds",
    "side",
    "group",
    "value",
    "bound",
    "accuser",
    "accused",
    "event_not_article",
    "why",
];
/// Keys of an entry for people only; never suggested as a correction.
const ENTRY_NOTES: &[&str] = &["note", "vague"];

/// Where each case and each list entry starts in the text, found by indentation: serde keeps no
/// spans. Entries of a list written in flow style (`claims: [..]`) point at their case.
#[derive(Debug, Default)]
struct Layout {
    cases: Vec<CaseLayout>,
}

#[derive(Debug, Default)]
struct CaseLayout {
    start: usize,
    end: usize,
    sections: BTreeMap<String, Vec<usize>>,
}

impl Layout {
    fn scan(text: &str) -> Layout {
        let mut out = Layout::default();
        // (section key, its indent, indent of its items once seen)
        let mut section: Option<(String, usize, Option<usize>)> = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let at = offset;
            offset += line.len();
            let trimmed = line.trim_start_matches(' ');
            let indent = line.len() - trimmed.len();
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if indent == 0 && trimmed.starts_with("- ") {
                if let Some(c) = out.cases.last_mut() {
                    c.end = at;
                }
                out.cases.push(CaseLayout {
                    start: at,
                    ..Default::default()
                });
                section = None;
                // "- claims:" cannot open a case's first key in practice; keys follow below.
                continue;
            }
            let Some(case) = out.cases.last_mut() else {
                continue;
            };
            if let Some((key, _)) = trimmed.split_once(':')
                && !trimmed.starts_with("- ")
                && key.chars().all(|c| c.is_alphanumeric() || c == '_')
                && section.as_ref().is_none_or(|(_, ind, _)| indent <= *ind)
            {
                section = Some((key.to_string(), indent, None));
                continue;
            }
            if let Some((key, key_indent, item_indent)) = section.as_mut()
                && trimmed.starts_with("- ")
                && indent >= *key_indent
                && item_indent.is_none_or(|i| i == indent)
            {
                *item_indent = Some(indent);
                case.sections
                    .entry(key.clone())
                    .or_default()
                    .push(at + indent);
            }
        }
        if let Some(c) = out.cases.last_mut() {
            c.end = text.len();
        }
        out
    }

    /// The byte range of entry `i` of `section` in case `case` (the case itself if unknown).
    fn entry(&self, case: usize, section: &str, i: usize) -> (usize, usize) {
        let Some(c) = self.cases.get(case) else {
            return (0, 0);
        };
        match c.sections.get(section) {
            Some(items) if i < items.len() => {
                let end = items.get(i + 1).copied().unwrap_or(c.end);
                (items[i], end.max(items[i]))
            }
            _ => (c.start, c.end),
        }
    }
}

/// Collects problems with their places.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    list: Vec<Error>,
}

impl Problems<'_> {
    /// A problem at `key:` inside `range` (at the range's start when the key is not found).
    fn at(&mut self, range: (usize, usize), key: &str, message: String) {
        let region = self.text.get(range.0..range.1).unwrap_or("");
        let at = find_key(region, key).map_or(range.0, |i| range.0 + i);
        let (line, column) = crate::error::line_col(self.text, at);
        self.list.push(Error::Input {
            at: Location {
                file: self.file.to_string(),
                line,
                column,
            },
            message,
        });
    }
}

/// The offset of `key`'s value in a YAML fragment (`key: value` or `{.., key: value}`).
fn find_key(region: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = region[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0
            || region[..at]
                .chars()
                .next_back()
                .is_some_and(|c| !(c.is_alphanumeric() || c == '_'));
        let rest = &region[at + key.len()..];
        if before_ok && rest.starts_with(':') {
            let value = rest[1..].len() - rest[1..].trim_start().len();
            return Some(at + key.len() + 1 + value);
        }
        from = at + key.len();
    }
    None
}

/// The number of front-matter lines before an article's body, as the reference scorer counts
/// them: an opening `---` line and everything up to the closing `---` or `...`.
pub fn front_matter_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.first().is_none_or(|l| l.trim() != "---") {
        return 0;
    }
    lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim(), "---" | "..."))
        .map_or(0, |(i, _)| i + 1)
}

fn kind(s: &str) -> Option<Kind> {
    Some(match s {
        "killed" => Kind::Killed,
        "wounded" => Kind::Wounded,
        "missing" => Kind::Missing,
        "captured" => Kind::Captured,
        "blame" => Kind::Blame,
        _ => return None,
    })
}

/// A gold bound, with the reference scorer's aliases; none means exact.
pub fn bound(s: Option<&str>) -> Option<Bound> {
    let s = s.unwrap_or("exact").to_lowercase();
    Some(match s.as_str() {
        "exact" => Bound::Exact,
        "at_least" | "min" => Bound::AtLeast,
        "more_than" | "over" => Bound::MoreThan,
        "about" | "approx" | "around" => Bound::About,
        "at_most" => Bound::AtMost,
        "up_to" => Bound::UpTo,
        "range" => Bound::Range,
        _ => return None,
    })
}

fn group(s: &str) -> Option<Group> {
    Some(match s {
        "military" => Group::Military,
        "civilian" => Group::Civilian,
        "police" => Group::Police,
        "unspecified" => Group::Unspecified,
        _ => return None,
    })
}

/// A whole number from YAML (gold values and lines are integers).
fn whole(v: &serde_yaml::Value) -> Option<u64> {
    v.as_u64()
}

fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A key close to a known one is a typo the scorer would silently ignore.
fn typo_of(key: &str, known: &[&'static str]) -> Option<&'static str> {
    if known.contains(&key) {
        return None;
    }
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len() / 2 + 1)
        .min()
        .map(|(_, k)| k)
}

/// What the gold may name, from the rule pack: side ids and source ids.
pub struct Vocabulary {
    pub sides: BTreeSet<String>,
    pub sources: BTreeSet<String>,
}

/// Reads and checks a gold file. `articles`, when given, is where the articles are (else the
/// `file` of each case, relative to the gold file).
pub fn read(path: &str, articles: Option<&Path>, vocab: &Vocabulary) -> Result<GoldFile, Errors> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let raw: Vec<RawCase> =
        match crate::rules::yaml::parse_input::<Option<Vec<RawCase>>>(path, &text) {
            Ok(Some(r)) => r,
            Ok(None) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
    let layout = Layout::scan(&text);
    let mut p = Problems {
        file: path,
        text: &text,
        list: Vec::new(),
    };
    let base = Path::new(path).parent().unwrap_or(Path::new(""));
    let mut cases = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (ci, rc) in raw.into_iter().enumerate() {
        let whole_case = layout.entry(ci, "", usize::MAX);
        for key in rc.other.keys() {
            if let Some(k) = typo_of(key, CASE_KEYS) {
                p.at(
                    whole_case,
                    key,
                    format!("unknown key `{key}` (did you mean `{k}`?)"),
                );
            }
        }
        let Some(id) = rc.id.as_ref().and_then(scalar_text) else {
            p.at(whole_case, "id", "a case needs an `id`".into());
            continue;
        };
        if let Some(first) = ids.insert(id.clone(), ci) {
            let (line, _) = crate::error::line_col(&text, layout.entry(first, "", usize::MAX).0);
            p.at(
                whole_case,
                "id",
                format!("duplicate id `{id}` (first on line {line})"),
            );
        }
        let file_name = rc.file.clone().unwrap_or_else(|| format!("{id}.md"));
        let article = match articles {
            Some(dir) => dir.join(
                Path::new(&file_name)
                    .file_name()
                    .map_or_else(|| PathBuf::from(&file_name), PathBuf::from),
            ),
            None => base.join(&file_name),
        };
        let body = match std::fs::read_to_string(&article) {
            Ok(t) => t,
            Err(e) => {
                p.at(
                    whole_case,
                    "file",
                    format!("case `{id}`: cannot read {}: {e}", article.display()),
                );
                continue;
            }
        };
        let body_offset = front_matter_lines(&body);
        let mut body_lines: Vec<&str> = body.split('\n').skip(body_offset).collect();
        // A final newline ends the last line; it does not start another.
        if body.ends_with('\n') {
            body_lines.pop();
        }
        let lang = rc.lang.clone().unwrap_or_default();
        if lang.is_empty() {
            p.at(whole_case, "lang", format!("case `{id}` has no `lang`"));
        }
        let mut case = Case {
            id: id.clone(),
            lang,
            article,
            body_offset,
            claims: Vec::new(),
            optional: Vec::new(),
            traps: Vec::new(),
        };
        for (section, entries) in [
            ("claims", rc.claims.unwrap_or_default()),
            ("optional", rc.optional.unwrap_or_default()),
            ("traps", rc.traps.unwrap_or_default()),
        ] {
            for (i, e) in entries.into_iter().enumerate() {
                let range = layout.entry(ci, section, i);
                let mut ctx = Entry {
                    p: &mut p,
                    range,
                    id: &id,
                    section,
                    body: &body_lines,
                    vocab,
                };
                match section {
                    "claims" => {
                        if let Some(x) = ctx.expected(e) {
                            case.claims.push(x);
                        }
                    }
                    "optional" => {
                        if let Some(x) = ctx.optional(e) {
                            case.optional.push(x);
                        }
                    }
                    _ => {
                        if let Some(x) = ctx.trap(e) {
                            case.traps.push(x);
                        }
                    }
                }
            }
        }
        cases.push(case);
    }
    if p.list.is_empty() {
        Ok(GoldFile {
            path: path.to_string(),
            cases,
        })
    } else {
        Err(Errors(p.list))
    }
}

/// Checks one list entry of a case.
struct Entry<'a, 'b> {
    p: &'a mut Problems<'b>,
    range: (usize, usize),
    id: &'a str,
    section: &'a str,
    body: &'a [&'a str],
    vocab: &'a Vocabulary,
}

impl Entry<'_, '_> {
    fn err(&mut self, key: &str, message: String) {
        let message = format!("case `{}`, {}: {message}", self.id, self.section);
        self.p.at(self.range, key, message);
    }

    fn typos(&mut self, e: &RawEntry) {
        for key in e.other.keys() {
            if ENTRY_NOTES.contains(&key.as_str()) {
                continue;
            }
            if let Some(k) = typo_of(key, ENTRY_KEYS) {
                self.err(key, format!("unknown key `{key}` (did you mean `{k}`?)"));
            }
        }
    }

    /// A body line number that exists.
    fn line(&mut self, v: Option<&serde_yaml::Value>, required: bool) -> Option<Option<usize>> {
        let Some(v) = v else {
            if required {
                self.err("line", "no `line`".into());
                return None;
            }
            return Some(None);
        };
        match whole(v) {
            Some(n) if n >= 1 && (n as usize) <= self.body.len() => Some(Some(n as usize)),
            Some(n) => {
                self.err(
                    "line",
                    format!(
                        "line {n} is not a body line (the article's body has {} lines)",
                        self.body.len()
                    ),
                );
                None
            }
            None => {
                self.err("line", "`line` must be a whole number".into());
                None
            }
        }
    }

    fn value(&mut self, v: Option<&serde_yaml::Value>) -> Result<Option<u64>, ()> {
        match v {
            None | Some(serde_yaml::Value::Null) => Ok(None),
            Some(v) => match whole(v) {
                Some(n) => Ok(Some(n)),
                None => {
                    self.err("value", "`value` must be a whole number".into());
                    Err(())
                }
            },
        }
    }

    /// The cue must be words of its line, as written.
    fn cue(&mut self, v: Option<&serde_yaml::Value>, line: usize) -> Option<String> {
        let Some(cue) = v.and_then(scalar_text) else {
            self.err(
                "cue",
                "no `cue` (the words of the line that show the claim)".into(),
            );
            return None;
        };
        let on_line = self.body.get(line - 1).is_some_and(|l| l.contains(&cue));
        if !on_line {
            let elsewhere = self
                .body
                .iter()
                .position(|l| l.contains(&cue))
                .map_or(String::new(), |i| format!(" (it is on line {})", i + 1));
            self.err(
                "cue",
                format!(
                    "cue `{}` is not on line {line}{elsewhere}",
                    crate::report::printable(&cue)
                ),
            );
            return None;
        }
        Some(cue)
    }

    fn kind(&mut self, s: Option<&str>, required: bool) -> Option<Option<Kind>> {
        match s {
            None if required => {
                self.err("kind", "no `kind`".into());
                None
            }
            None => Some(None),
            Some(k) => match kind(k) {
                Some(k) => Some(Some(k)),
                None => {
                    self.err(
                        "kind",
                        format!("unknown kind `{k}` (killed, wounded, missing, captured, blame)"),
                    );
                    None
                }
            },
        }
    }

    fn side(&mut self, s: Option<&str>) -> Option<GoldSide> {
        match s {
            None | Some("both" | "unknown" | "any") => Some(GoldSide::Any),
            Some(x) => {
                let base = x.strip_prefix("civilians_").unwrap_or(x);
                if self.vocab.sides.contains(base) {
                    Some(GoldSide::Side(x.to_string()))
                } else {
                    let known: Vec<&str> = self.vocab.sides.iter().map(String::as_str).collect();
                    self.err(
                        "side",
                        format!(
                            "unknown side `{x}` (the rules define {}; also civilians_<side>, both, unknown)",
                            known.join(", ")
                        ),
                    );
                    None
                }
            }
        }
    }

    fn source(&mut self, s: Option<&str>, camp: Option<&str>) -> Option<GoldSource> {
        match s {
            None => Some(GoldSource::Any),
            Some(x) if x.starts_with("other:") => Some(GoldSource::Other {
                name: x["other:".len()..].to_string(),
                camp: camp.map(str::to_string),
            }),
            Some(x) if self.vocab.sources.contains(x) => Some(GoldSource::Id(x.to_string())),
            Some(x) => {
                self.err(
                    "source",
                    format!(
                        "unknown source `{x}` (a source id of the rules, `outlet`, or `other:<name>` with `camp:`)"
                    ),
                );
                None
            }
        }
    }

    fn expected(&mut self, e: RawEntry) -> Option<Expected> {
        self.typos(&e);
        let line = self.line(e.line.as_ref(), true)??;
        if let Some(alt) = &e.alt_lines
            && alt
                .as_sequence()
                .is_none_or(|s| s.iter().any(|v| whole(v).is_none()))
        {
            self.err(
                "alt_lines",
                "`alt_lines` must be a list of line numbers".into(),
            );
        }
        let cue = self.cue(e.cue.as_ref(), line);
        let kind = self.kind(e.kind.as_deref(), true)??;
        let mut alt_kinds = Vec::new();
        for k in e.alt_kinds.iter().flatten() {
            alt_kinds.push(self.kind(Some(k), true)??);
        }
        let source = self.source(e.source.as_deref(), e.camp.as_deref());
        let value = self.value(e.value.as_ref()).ok()?;
        let bound_ok = bound(e.bound.as_deref());
        if bound_ok.is_none() {
            self.err(
                "bound",
                format!(
                    "unknown bound `{}` (exact, at_least, more_than, about, at_most, up_to, range)",
                    e.bound.as_deref().unwrap_or("")
                ),
            );
        }
        let group = match e.group.as_deref() {
            None => None,
            Some(g) => match group(g) {
                Some(g) => Some(g),
                None => {
                    self.err(
                        "group",
                        format!("unknown group `{g}` (military, civilian, police, unspecified)"),
                    );
                    return None;
                }
            },
        };
        let side = if kind == Kind::Blame {
            if e.accuser.is_none() || e.accused.is_none() {
                self.err("kind", "a blame claim needs `accuser` and `accused`".into());
            }
            Some(GoldSide::Any)
        } else {
            if value.is_none() {
                self.err("kind", "a casualty claim needs a `value`".into());
            }
            self.side(e.side.as_deref())
        };
        if let Some(GoldSource::Other { camp: None, name }) = &source {
            self.err(
                "source",
                format!("`other:{name}` needs a `camp:` (the side its speaker belongs to)"),
            );
        }
        Some(Expected {
            line,
            cue: cue?,
            source: source?,
            kind,
            alt_kinds,
            side: side?,
            group,
            value,
            bound: bound_ok?,
            accuser: e.accuser,
            accused: e.accused,
        })
    }

    fn optional(&mut self, e: RawEntry) -> Option<OptionalClaim> {
        self.typos(&e);
        let line = self.line(e.line.as_ref(), false)?;
        if let (Some(l), Some(_)) = (line, &e.cue) {
            self.cue(e.cue.as_ref(), l)?;
        }
        self.kind(e.kind.as_deref(), false)?;
        if bound(e.bound.as_deref()).is_none() {
            self.err(
                "bound",
                format!("unknown bound `{}`", e.bound.as_deref().unwrap_or("")),
            );
            return None;
        }
        let value = self.value(e.value.as_ref()).ok()?;
        Some(OptionalClaim { line, value })
    }

    fn trap(&mut self, e: RawEntry) -> Option<Trap> {
        self.typos(&e);
        let line = self.line(e.line.as_ref(), false)?;
        let Some(value) = self.value(e.value.as_ref()).ok()? else {
            self.err("value", "a trap needs a `value`".into());
            return None;
        };
        let why = e.why.as_ref().and_then(scalar_text).unwrap_or_default();
        Some(Trap { line, value, why })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_counted_as_the_reference_scorer_does() {
        assert_eq!(front_matter_lines("---\na: 1\n---\nbody\n"), 3);
        assert_eq!(front_matter_lines("body\n---\n"), 0);
        assert_eq!(front_matter_lines("---\na: 1\n...\nbody"), 3);
        assert_eq!(front_matter_lines("---\nunclosed\n"), 0);
    }

    #[test]
    fn layout_finds_entries_in_block_and_flow_items() {
        let t = "# c\n- id: a\n  claims:\n  - {line: 1, cue: x}\n  - line: 2\n    alt_lines:\n    - 1\n    cue: y\n  traps:\n  - {line: 3, value: 4}\n- id: b\n  claims: []\n";
        let l = Layout::scan(t);
        assert_eq!(l.cases.len(), 2);
        let c = &l.cases[0];
        assert_eq!(c.sections["claims"].len(), 2);
        assert_eq!(c.sections["traps"].len(), 1);
        let (a, b) = l.entry(0, "claims", 1);
        assert!(t[a..b].starts_with("- line: 2") && t[a..b].contains("cue: y"));
        assert_eq!(l.entry(1, "claims", 0), (l.cases[1].start, t.len()));
    }

    #[test]
    fn keys_are_found_as_keys_not_inside_words() {
        assert_eq!(find_key("{line: 1, cue: x}", "line"), Some(7));
        assert_eq!(find_key("{alt_lines: [1], line: 2}", "line"), Some(23));
        assert_eq!(find_key("{cue: a}", "kind"), None);
    }

    #[test]
    fn typos_are_caught_and_notes_are_not() {
        assert_eq!(typo_of("vaule", ENTRY_KEYS), Some("value"));
        assert_eq!(typo_of("sorce", ENTRY_KEYS), Some("source"));
        assert_eq!(typo_of("number word", ENTRY_KEYS), None);
        assert_eq!(typo_of("later revised", ENTRY_KEYS), None);
        assert_eq!(typo_of("vaule", ENTRY_KEYS), Some("value"));
        assert_eq!(typo_of("date", CASE_KEYS), None);
    }

    #[test]
    fn bounds_take_the_reference_aliases() {
        assert_eq!(bound(None), Some(Bound::Exact));
        assert_eq!(bound(Some("approx")), Some(Bound::About));
        assert_eq!(bound(Some("over")), Some(Bound::MoreThan));
        assert_eq!(bound(Some("Min")), Some(Bound::AtLeast));
        assert_eq!(bound(Some("roughly")), None);
    }
}
