//! The pattern language to regex. A pattern is a line of tokens: words (`word*` for any
//! ending), `{slots}` (`{count:soldier}`, `{side}`, `{accused}`, `{victim}`, `{lexicon-name}`),
//! `/raw regex/`, `...` for a short gap, and a trailing `?` for an optional token. The whole
//! pattern becomes one regex; each side alias and each count form gets its own capture group,
//! so the matcher can tell from the groups that took part which side, bound and form it read.

use super::slots::slot;
use super::{LangParts, Lexicon};
use crate::rules::raw::RawLexEntry;
use crate::rules::{RuleError, Slot};
use crate::text::normalize::Normalizer;
use regex::Regex;

/// What may separate two tokens of a pattern: white space, quotes, brackets and dashes.
pub const SEP: &str = r#"[\s"'«»“”„‟‹›()\[\]\-–—]+"#;

/// A regex matching whole words only, the match in group `m`: a non-word character (or the
/// start) before it and after it. Unlike `\b`, these classes let the regex crate's DFAs run on
/// non-ASCII text (a Unicode `\b` sends Arabic and Cyrillic searches to its slow NFA); the
/// engine still backtracks an optional last token that would end inside a word.
pub fn bounded(re: &str) -> String {
    format!(r"(?:^|[^\w])(?P<m>{re})(?:[^\w]|$)")
}

/// Regex building blocks of one language.
pub(super) struct Builder<'a> {
    pub norm: &'a Normalizer,
    /// The language's proclitics, optional before a word (empty: none).
    pub proc: String,
    /// One word a `...` gap may skip: anything up to white space or a clause or sentence end.
    pub gap_word: String,
}

impl<'a> Builder<'a> {
    /// The blocks of a language with these proclitics (normalised, longest first) and stops
    /// (the characters that end a clause or a sentence).
    pub fn new(norm: &'a Normalizer, procs: &[String], stops: &[String]) -> Builder<'a> {
        let proc = if procs.is_empty() {
            String::new()
        } else {
            let alts: Vec<String> = procs.iter().map(|p| regex::escape(p)).collect();
            format!("(?:{})?", alts.join("|"))
        };
        let stops: String = stops
            .iter()
            .flat_map(|s| s.chars())
            .map(|c| regex::escape(&c.to_string()))
            .collect();
        Builder {
            norm,
            proc,
            gap_word: format!(r"[^\s{stops}]+"),
        }
    }

    /// A word or phrase as a regex: proclitics allowed, `*` for any ending. Word boundaries are
    /// not in the pieces: whole regexes get them from [`bounded`], and the words inside a
    /// pattern are separated by `SEP`.
    pub fn word(&self, w: &str) -> String {
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
    pub fn alt(&self, words: &[String]) -> Option<String> {
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
        let alts: Vec<String> = ws.iter().map(|w| self.word(w)).collect();
        Some(format!("(?:{})", alts.join("|")))
    }

    /// Whole words of the list, the match in group `m`; `None` for an empty list.
    pub fn regex(&self, words: &[String]) -> Option<Regex> {
        self.alt(words).and_then(|a| Regex::new(&bounded(&a)).ok())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// One token of a pattern; the flag says it is optional.
pub(super) enum Token<'p> {
    Gap,
    Slot(&'p str, bool),
    Word(&'p str, bool),
    /// `/regex/`: raw regex on normalised text, for forms words and slots cannot say.
    Regex(&'p str, bool),
}

/// The tokens of a pattern, split on white space.
pub(super) fn tokenize(pattern: &str) -> Vec<Token<'_>> {
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

/// A pattern as regex source, before it is compiled.
pub(super) struct Built {
    /// The tokens' pieces joined by separators (without the word boundaries of [`bounded`]).
    pub re: String,
    /// The count and side slots, their groups by name.
    pub slots: Vec<Slot<String>>,
    /// The pieces of the required words and lexicon tokens, for near misses in `explain`.
    pub required: Vec<String>,
}

/// Builds the regex source of a non-empty pattern whose `...` skips at most `gap` words. The
/// problems of its tokens come in token order; a token with a problem is left out.
pub(super) fn build(
    tokens: &[Token],
    gap: usize,
    lp: &LangParts,
    lexicon: &Lexicon,
) -> (Built, Vec<RuleError>) {
    let mut out = Built {
        re: String::new(),
        slots: Vec::new(),
        required: Vec::new(),
    };
    let mut errors = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        let (piece, opt) = match *tok {
            Token::Gap => {
                if i == 0 || i + 1 == tokens.len() {
                    errors.push(RuleError::GapAtEdge);
                } else {
                    let gap_word = &lp.b.gap_word;
                    out.re.push_str(&format!("(?:{SEP}{gap_word}){{0,{gap}}}?"));
                }
                continue;
            }
            Token::Word(w, opt) => {
                let piece = lp.b.word(w);
                if !opt {
                    out.required.push(piece.clone());
                }
                (piece, opt)
            }
            Token::Regex(x, opt) => match raw_regex(x) {
                Ok(piece) => (piece, opt),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
            Token::Slot(name, opt) => match slot(out.slots.len(), name, lp, lexicon) {
                Ok((piece, captures)) => {
                    match captures {
                        Some(s) => out.slots.push(s),
                        None if !opt => out.required.push(piece.clone()),
                        None => {}
                    }
                    (piece, opt)
                }
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
        };
        if i == 0 {
            if opt {
                errors.push(RuleError::OptionalFirst);
            }
            out.re.push_str(&format!("(?:{piece})"));
        } else if opt {
            out.re.push_str(&format!("(?:{SEP}(?:{piece}))?"));
        } else {
            out.re.push_str(&format!("{SEP}(?:{piece})"));
        }
    }
    (out, errors)
}

/// The piece of a `/regex/` token, which must compile and have no named group (those would
/// collide with the slots' groups).
fn raw_regex(x: &str) -> Result<String, RuleError> {
    match Regex::new(x) {
        Ok(_) if x.contains("(?P<") || x.contains("(?<") => Err(RuleError::NamedGroup {
            regex: x.to_string(),
        }),
        Ok(_) => Ok(format!("(?:{x})")),
        Err(e) => Err(RuleError::BadRegex {
            regex: x.to_string(),
            why: one_line(&e.to_string()),
        }),
    }
}

/// A message on one line (the regex crate's span diagrams take several).
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every form of a lexicon entry: its words, or all forms of a noun.
pub(super) fn entry_words(entry: &RawLexEntry) -> Vec<String> {
    match entry {
        RawLexEntry::Words(w) => w.clone(),
        RawLexEntry::Noun(n) => n
            .singular
            .iter()
            .chain(&n.dual)
            .chain(&n.plural)
            .chain(&n.possessive)
            .cloned()
            .collect(),
    }
}

/// Groups of literal words a sentence must contain, one word of each group, for the rule to
/// match: one group per required word or lexicon token, else the forms of its counted noun.
/// Only the first word of a phrase and the stem of `word*` are kept, so the test can only let
/// too much through, never too little; empty when the rule has no such token (it always runs).
pub(super) fn trigger_words(b: &Builder, tokens: &[Token], lexicon: &Lexicon) -> Vec<Vec<String>> {
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
    let lexicon_words = |name: &str| lexicon.get(name).map(|e| entry_words(e));
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
