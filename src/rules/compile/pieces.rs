//! Regex building blocks shared by patterns and slots: word separators, whole-word matching, a
//! language's words as regex pieces (proclitics, `word*` stems), and the forms of lexicon entries.

use crate::rules::Lazy;
use crate::rules::raw::RawLexEntry;
use crate::text::normalize::Normalizer;

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
    /// Any ending of a `word*` stem: letters of the language's script, marks, digits, `_`.
    pub stem: String,
    /// One character that is not part of a word: not a letter of the language's script nor
    /// an ASCII letter, mark, digit or `_`. Unicode's whole `[^\w]` class costs more than a
    /// third of compiling a pattern (a megabyte-sized UTF-8 automaton at each end).
    edge: String,
    /// Alternations already built: a lexicon entry or the side aliases recur in many patterns,
    /// and normalising their words again is most of building a pattern.
    memo: std::cell::RefCell<std::collections::HashMap<Vec<String>, Option<String>>>,
    /// Words already built (side aliases recur in every side slot).
    words: std::cell::RefCell<std::collections::HashMap<String, String>>,
    /// Words already normalised (the normaliser runs every step over every character).
    normal: std::cell::RefCell<std::collections::HashMap<String, String>>,
}

impl<'a> Builder<'a> {
    /// The blocks of a language with these proclitics (normalised, longest first) and stops
    /// (the characters that end a clause or a sentence).
    pub fn new(
        norm: &'a Normalizer,
        script: &str,
        procs: &[String],
        stops: &[String],
    ) -> Builder<'a> {
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
            stem: format!(r"[\p{{{script}}}\p{{Inherited}}0-9_]*"),
            edge: format!(r"[^\p{{{script}}}\p{{Inherited}}0-9A-Za-z_]"),
            memo: Default::default(),
            words: Default::default(),
            normal: Default::default(),
        }
    }

    /// A word or phrase as a regex: proclitics allowed, `*` for any ending. Word boundaries are
    /// not in the pieces: whole regexes get them from [`bounded`], and the words inside a
    /// pattern are separated by `SEP`.
    pub fn word(&self, w: &str) -> String {
        if let Some(done) = self.words.borrow().get(w) {
            return done.clone();
        }
        let built = self.build_word(w);
        self.words.borrow_mut().insert(w.to_string(), built.clone());
        built
    }

    /// `w` normalised as the text will be.
    pub fn normal(&self, w: &str) -> String {
        if let Some(done) = self.normal.borrow().get(w) {
            return done.clone();
        }
        let n = self.norm.word(w);
        self.normal.borrow_mut().insert(w.to_string(), n.clone());
        n
    }

    fn build_word(&self, w: &str) -> String {
        self.normal(w)
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
                    s.push_str(&self.stem);
                }
                s
            })
            .collect::<Vec<_>>()
            .join(SEP)
    }

    /// An alternation of words, longest first so the fullest phrase wins.
    pub fn alt(&self, words: &[String]) -> Option<String> {
        if let Some(done) = self.memo.borrow().get(words) {
            return done.clone();
        }
        let built = self.build_alt(words);
        self.memo.borrow_mut().insert(words.to_vec(), built.clone());
        built
    }

    fn build_alt(&self, words: &[String]) -> Option<String> {
        let mut ws: Vec<String> = words
            .iter()
            .map(|w| self.normal(w))
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

    /// Whole words of the list, the match in group `m` (compiled on first use); `None` for an
    /// empty list.
    pub fn regex(&self, words: &[String]) -> Option<Lazy> {
        self.alt(words).map(|a| Lazy::new(self.bounded(&a)))
    }

    /// `re` as whole words of this language, the match in group `m` (see [`bounded`]).
    pub fn bounded(&self, re: &str) -> String {
        format!("{}(?P<m>{re}){}", self.start(), self.end())
    }

    /// The start of a word: the start of the text or a non-word character (consumed).
    pub fn start(&self) -> String {
        format!("(?:^|{})", self.edge)
    }

    /// The end of a word: a non-word character (consumed) or the end of the text.
    pub fn end(&self) -> String {
        format!("(?:{}|$)", self.edge)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
