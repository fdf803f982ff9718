//! The data every stage passes on: articles, claims and the ids that give them meaning.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of a side (a party whose people are counted or blamed), as written in the rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SideId(pub String);

/// The id of a source (who speaks), as written in the rules; `outlet` is the article's own voice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub String);

impl SourceId {
    /// The reserved id of the article's own voice.
    pub const OUTLET: &'static str = "outlet";

    /// The article's own voice.
    pub fn outlet() -> Self {
        SourceId(Self::OUTLET.to_string())
    }

    /// A speaker the pack does not know, of no known side (`unknown:<name>`).
    pub fn is_unknown(&self) -> bool {
        self.0.starts_with("unknown:")
    }
}

impl fmt::Display for SideId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of speaker a source is; anaphora ("the ministry") refer back by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Ministry,
    Government,
    Leader,
    Military,
    Media,
    Outlet,
    Other,
}

/// Which event a claim is about: a named event (of the rules, or an article's front matter),
/// else the day or the year it is placed at. Written as its id, `YYYY-MM-DD` or `YYYY`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKey {
    Named(String),
    Day(jiff::civil::Date),
    Year(i16),
}

impl EventKey {
    /// Reads an event as written: a day or a year when it is one, written as such; else a name.
    pub fn parse(s: &str) -> EventKey {
        if let Ok(d) = s.parse::<jiff::civil::Date>()
            && d.to_string() == s
        {
            return EventKey::Day(d);
        }
        if s.len() == 4
            && let Ok(y) = s.parse::<i16>()
            && y.to_string() == s
        {
            return EventKey::Year(y);
        }
        EventKey::Named(s.to_string())
    }

    /// The id of a named event.
    pub fn name(&self) -> Option<&str> {
        match self {
            EventKey::Named(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for EventKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventKey::Named(n) => f.write_str(n),
            EventKey::Day(d) => write!(f, "{d}"),
            EventKey::Year(y) => write!(f, "{y}"),
        }
    }
}

impl Serialize for EventKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(EventKey::parse(&String::deserialize(d)?))
    }
}

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Killed,
    Wounded,
    Missing,
    Captured,
    Blame,
}

impl Kind {
    /// The name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Killed => "killed",
            Kind::Wounded => "wounded",
            Kind::Missing => "missing",
            Kind::Captured => "captured",
            Kind::Blame => "blame",
        }
    }
}

/// How a figure bounds the true number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    AtLeast,
    MoreThan,
    About,
    AtMost,
    UpTo,
    Range,
}

impl Bound {
    /// The name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::AtLeast => "at_least",
            Bound::MoreThan => "more_than",
            Bound::About => "about",
            Bound::AtMost => "at_most",
            Bound::UpTo => "up_to",
            Bound::Range => "range",
        }
    }

    /// A short human prefix for a figure with this bound (symbols, not words of any language).
    pub fn prefix(self) -> &'static str {
        match self {
            Bound::Exact | Bound::Range => "",
            Bound::AtLeast => ">=",
            Bound::MoreThan => ">",
            Bound::About => "~",
            Bound::AtMost | Bound::UpTo => "<=",
        }
    }
}

/// Which kind of people a casualty figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Military,
    Civilian,
    Police,
    Unspecified,
}

impl Group {
    /// The name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Military => "military",
            Group::Civilian => "civilian",
            Group::Police => "police",
            Group::Unspecified => "unspecified",
        }
    }
}

/// Metadata of an article, from front matter or the corpus record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub lang: Option<String>,
    pub event: Option<EventKey>,
}

/// The name of articles read from stdin.
pub const STDIN: &str = "<stdin>";

/// The name of an article, parsed once: a file, or record `record` (its line) of a JSONL corpus
/// or of stdin, written `FILE:LINE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleName<'a> {
    pub file: &'a str,
    pub record: Option<usize>,
}

impl<'a> ArticleName<'a> {
    /// Reads an article's name (`Article.path`, `Claim.file`).
    pub fn parse(name: &'a str) -> ArticleName<'a> {
        match name.rsplit_once(':') {
            Some((f, n)) if f == STDIN || f.to_lowercase().ends_with(".jsonl") => {
                match n.parse::<usize>() {
                    Ok(n) => ArticleName {
                        file: f,
                        record: Some(n),
                    },
                    Err(_) => ArticleName {
                        file: name,
                        record: None,
                    },
                }
            }
            _ => ArticleName {
                file: name,
                record: None,
            },
        }
    }

    /// The file the article is in; none for stdin.
    pub fn path(&self) -> Option<&'a str> {
        (self.file != STDIN).then_some(self.file)
    }

    /// The order of articles: by file, then by record number ("c.jsonl:10" after "c.jsonl:2").
    pub fn sort_key(&self) -> (String, usize) {
        (self.file.to_string(), self.record.unwrap_or(0))
    }
}

/// One input article: the file's whole text, where the body starts, and its metadata.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path as given on the command line (or a pseudo path for stdin).
    pub path: String,
    /// The file's full text, front matter included, so spans and lines point into the file.
    pub text: String,
    /// Byte offset where the body starts (after the front matter).
    pub body_start: usize,
    /// Line number (1-based) of the first body line.
    pub meta: Meta,
}

/// What syndication needs to know of an article: a MinHash of its word shingles and its
/// opening words (computed by [`crate::text::sketch`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sketch {
    pub minhash: Vec<u32>,
    pub opening: String,
}

/// Where a claim was published: not part of the claim record, used to order and weigh claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The outlet (front matter), else the file.
    pub outlet: String,
    /// The article's publication date.
    pub published: Option<jiff::civil::Date>,
    /// Articles in the same cluster are copies of one text (syndication): one independent
    /// source. Named by the smallest article name among the copies.
    pub cluster: String,
    /// The article's syndication sketch, shared by its claims.
    pub sketch: Option<std::sync::Arc<Sketch>>,
    /// Why the claim is in its event (the article's date, a date near it, a joined incident).
    pub placed: String,
    /// The places of the rules the article names (ids), to tell incidents apart.
    pub places: Vec<String>,
}

/// One extracted claim (SPEC 5.1); field order is the JSON interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub file: String,
    pub line: usize,
    pub span: (usize, usize),
    pub quote: String,
    pub lang: String,
    pub source: SourceId,
    pub via: Vec<SourceId>,
    pub kind: Kind,
    pub side: Option<SideId>,
    pub group: Option<Group>,
    pub value: Option<u64>,
    pub upper: Option<u64>,
    pub bound: Option<Bound>,
    pub accuser: Option<SideId>,
    pub accused: Option<SideId>,
    pub event: Option<EventKey>,
    pub rule: String,
    /// The count adds to an earlier total ("3 more", "another 3", "died of wounds").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub increment: bool,
    /// The figures a compound count adds up ("42 soldiers and 8 border guards": [42, 8]);
    /// only in records of compound counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u64>,
    /// Byte ranges in the file of the words that gave the figure, to highlight them in a
    /// quote (not in the record; `--provenance` lines carry them).
    #[serde(skip)]
    pub figures: Vec<(usize, usize)>,
    /// Where it was published (not in the record).
    #[serde(skip)]
    pub provenance: Provenance,
}

impl Claim {
    /// What a claim says, without who said it: `killed am >=2`, `killed am +1` (an
    /// increment), `blame az -> am`.
    pub fn summary(&self) -> String {
        match (&self.side, &self.accuser, &self.accused) {
            (_, a, Some(b)) => format!(
                "{} {} -> {b}",
                self.kind.as_str(),
                a.as_ref().map_or("?", |a| a.0.as_str())
            ),
            (side, _, _) => {
                let side = side.as_ref().map_or("?", |s| s.0.as_str());
                let more = if self.increment { "+" } else { "" };
                format!("{} {side} {more}{}", self.kind.as_str(), self.figure())
            }
        }
    }

    /// The figure a casualty claim gives; none for blame.
    pub fn count(&self) -> Option<Figure> {
        let value = self.value?;
        let bound = self.bound.unwrap_or(Bound::Exact);
        Some(Figure {
            value,
            bound,
            upper: (bound == Bound::Range).then(|| self.upper.unwrap_or(value)),
        })
    }

    /// The figure as people read it: `>=2`, `7`, `300-500`; empty for blame.
    pub fn figure(&self) -> String {
        self.count().map_or_else(String::new, |f| f.to_string())
    }
}

/// A figure with how it bounds the true number; a range has an upper end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Figure {
    pub value: u64,
    pub bound: Bound,
    pub upper: Option<u64>,
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.upper {
            Some(u) => write!(f, "{}-{u}", self.value),
            None => write!(f, "{}{}", self.bound.prefix(), self.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_keys_read_back_as_written() {
        for s in [
            "2020-10-17",
            "2016",
            "war-2020",
            "2020-1-5",
            "0999",
            "unassigned",
        ] {
            assert_eq!(EventKey::parse(s).to_string(), s);
        }
        assert!(matches!(EventKey::parse("2020-10-17"), EventKey::Day(_)));
        assert_eq!(EventKey::parse("2016"), EventKey::Year(2016));
        assert!(matches!(EventKey::parse("0999"), EventKey::Named(_)));
        let json = serde_json::to_string(&EventKey::Year(2016)).unwrap();
        assert_eq!(json, "\"2016\"");
        assert_eq!(
            serde_json::from_str::<EventKey>(&json).unwrap(),
            EventKey::Year(2016)
        );
    }

    #[test]
    fn article_names_are_files_or_corpus_records() {
        let r = ArticleName::parse("c.JSONL:12");
        assert_eq!((r.file, r.record), ("c.JSONL", Some(12)));
        assert_eq!(ArticleName::parse("a:b.txt").file, "a:b.txt");
        assert_eq!(ArticleName::parse("notes.txt:3").record, None);
        assert_eq!(ArticleName::parse("<stdin>:4").path(), None);
        assert!(
            ArticleName::parse("c.jsonl:10").sort_key()
                > ArticleName::parse("c.jsonl:2").sort_key()
        );
    }
}
