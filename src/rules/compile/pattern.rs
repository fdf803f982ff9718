//! The pattern language to regex. A pattern is a line of tokens: words (`word*` for any
//! ending), `{slots}` (`{count:soldier}`, `{side}`, `{accused}`, `{victim}`, `{lexicon-name}`),
//! `/raw regex/`, `...` for a short gap, and a trailing `?` for an optional token. The whole
//! pattern becomes one regex; each side alias and each count form gets its own capture group,
//! so the matcher can tell from the groups that took part which side, bound and form it read.

use super::pieces::{Builder, SEP, entry_words, one_line};
use super::slots::slot;
use super::{Build, LangParts, Lexicon};
use crate::rules::{RuleError, Slot};

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
            Token::Regex(x, opt) => match raw_regex(x, lp.build) {
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

/// The piece of a `/regex/` token, which must parse and have no named group (those would
/// collide with the slots' groups). Its size is checked when patterns are built eagerly (the
/// crate's default limit for a piece; a lazy build parses it only).
fn raw_regex(x: &str, build: Build) -> Result<String, RuleError> {
    let checked = match build {
        Build::Eager => regex::Regex::new(x).map(|_| ()).map_err(|e| e.to_string()),
        Build::Lazy | Build::OnDemand => regex_syntax::parse(x)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    };
    match checked {
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

/// Groups of literal words a sentence must contain, one word of each group, for the rule to
/// match: one group per required word, lexicon token or `/regex/` whose matches start with
/// one of finitely many literals, else the forms of its counted noun.
/// Only the first word of a phrase and the stem of `word*` are kept, so the test can only let
/// too much through, never too little; empty when the rule has no such token (it always runs).
pub(super) fn trigger_words(b: &Builder, tokens: &[Token], lexicon: &Lexicon) -> Vec<Vec<String>> {
    let lexicon_words = |name: &str| lexicon.get(name).map(|e| entry_words(e));
    let required: Vec<Vec<String>> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Word(w, false) => Some(literals(b, &[w.to_string()])),
            Token::Slot(name, false)
                if !name.contains(':')
                    && !matches!(*name, "count" | "side" | "accused" | "victim") =>
            {
                lexicon_words(name).map(|w| literals(b, &w))
            }
            Token::Regex(x, false) => regex_literals(x),
            _ => None,
        })
        .filter(|w| !w.is_empty())
        .collect();
    if !required.is_empty() {
        return required;
    }
    let noun = tokens.iter().find_map(|t| match t {
        Token::Slot(name, _) => name.strip_prefix("count:").and_then(lexicon_words),
        _ => None,
    });
    noun.map(|w| literals(b, &w))
        .filter(|w| !w.is_empty())
        .into_iter()
        .collect()
}

/// The literal start of each word: its first word, normalised, without a stem's `*`.
pub(super) fn literals(b: &Builder, words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter_map(|w| {
            b.normal(w)
                .split_whitespace()
                .next()
                .map(|f| f.trim_end_matches('*').to_string())
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The literals a `/regex/` token's match must start with, when there are finitely many and
/// none is empty (else `None`: the token says nothing a trigger can use).
fn regex_literals(x: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(x).ok()?;
    let seq = regex_syntax::hir::literal::Extractor::new().extract(&hir);
    let lits = seq.literals()?;
    let words: Option<Vec<String>> = lits
        .iter()
        .map(|l| {
            String::from_utf8(l.as_bytes().to_vec())
                .ok()
                .filter(|w| !w.is_empty())
        })
        .collect();
    words.filter(|w| !w.is_empty())
}
