//! Sentence segmentation of normalised text.
//!
//! Lines are paragraphs; within a line, a sentence ends at a terminator followed by white space,
//! unless inside brackets (so "(n.r. - ...)" stays whole). Lines without letters are dropped.

use std::sync::LazyLock;

/// Which chars of the Basic Multilingual Plane have a property, one bit each (8 KB): the
/// standard library's Unicode lookups are a binary search per non-ASCII char, the hottest
/// thing on Arabic or Cyrillic text.
struct CharTable(Box<[u64; 1024]>);

impl CharTable {
    fn of(has: impl Fn(char) -> bool) -> Self {
        let mut bits = Box::new([0u64; 1024]);
        for cp in 0..0x1_0000u32 {
            if char::from_u32(cp).is_some_and(&has) {
                bits[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
        CharTable(bits)
    }

    fn get(&self, c: char, slow: impl Fn(char) -> bool) -> bool {
        let cp = c as u32;
        match self.0.get((cp >> 6) as usize) {
            Some(w) => w >> (cp & 63) & 1 == 1,
            None => slow(c),
        }
    }
}

fn word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

static LETTERS: LazyLock<CharTable> = LazyLock::new(|| CharTable::of(char::is_alphabetic));
static WORD_CHARS: LazyLock<CharTable> = LazyLock::new(|| CharTable::of(word_char_slow));

/// `char::is_alphabetic`, by table.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    LETTERS.get(c, char::is_alphabetic)
}

/// A char of a word: a letter, digit, `_` or a combining mark (by table).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    WORD_CHARS.get(c, word_char_slow)
}

/// A sentence as a byte range of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into sentences using the language's terminators.
pub fn sentences(text: &str, terminators: &[char], abbreviations: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let end_here = match c {
            '\n' | '\r' => {
                depth = 0;
                true
            }
            '(' | '[' => {
                depth += 1;
                false
            }
            ')' | ']' => {
                depth = (depth - 1).max(0);
                false
            }
            _ => {
                depth == 0
                    && terminators.contains(&c)
                    && next.is_none_or(char::is_whitespace)
                    && !abbreviated(text, i + c.len_utf8(), abbreviations)
            }
        };
        if end_here {
            let stop = if matches!(c, '\n' | '\r') {
                i
            } else {
                i + c.len_utf8()
            };
            push(&mut out, text, start, stop);
            start = i + c.len_utf8();
        }
    }
    push(&mut out, text, start, text.len());
    out
}

/// Whether the word ending at `end` (its terminator included) is an abbreviation of the
/// language ("gen.", "a.m."), which does not end a sentence.
fn abbreviated(text: &str, end: usize, abbreviations: &[String]) -> bool {
    let start = text[..end]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[start..end];
    abbreviations.iter().any(|a| a == word)
}

fn push(out: &mut Vec<Sentence>, text: &str, a: usize, b: usize) {
    let piece = &text[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (s, e) = (a + lead, b - trail);
    if s < e && text[s..e].chars().any(is_letter) {
        out.push(Sentence { start: s, end: e });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(
            t,
            &['.', '!', '?'],
            &["gen.".to_string(), "a.m.".to_string()],
        )
        .iter()
        .map(|s| &t[s.start..s.end])
        .collect()
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            split("Lt. gen. x said at 10 a.m. that y. Z"),
            vec!["Lt.", "gen. x said at 10 a.m. that y.", "Z"]
        );
    }

    #[test]
    fn splits_lines_and_terminators() {
        assert_eq!(split("A b. C d\n\nE f"), vec!["A b.", "C d", "E f"]);
    }

    #[test]
    fn keeps_brackets_and_inner_dots_whole() {
        assert_eq!(
            split("The ministry (n.r. - a note), citing News.am, said x. Next"),
            vec![
                "The ministry (n.r. - a note), citing News.am, said x.",
                "Next"
            ]
        );
    }

    #[test]
    fn drops_lines_without_letters() {
        assert_eq!(split(".\n \n2024\nword"), vec!["word"]);
    }
}

/// Byte ranges of the words of `text`: runs of letters, digits, marks and `_`.
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = is_word_char(c);
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The words of a stretch of text, to count words between two places without tokenising again.
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    /// Byte ranges of the words, offset by where the stretch starts.
    spans: Vec<(usize, usize)>,
}

impl WordIndex {
    /// The words of `text`, which starts at byte `base` of a larger text.
    pub fn new(text: &str, base: usize) -> WordIndex {
        WordIndex {
            spans: words(text)
                .into_iter()
                .map(|(a, b)| (base + a, base + b))
                .collect(),
        }
    }

    /// How many words `words(&text[a..b])` would find: words are runs of word characters, so
    /// they are the words that overlap `a..b`, cut at its ends.
    pub fn between(&self, a: usize, b: usize) -> usize {
        if b <= a {
            return 0;
        }
        let first = self.spans.partition_point(|&(_, e)| e <= a);
        let last = self.spans.partition_point(|&(s, _)| s < b);
        last.saturating_sub(first)
    }
}

#[cfg(test)]
mod word_tests {
    #[test]
    fn the_index_counts_what_tokenising_the_stretch_counts() {
        let text = "x. the ministry, said: 7 soldiers\u{2014}were killed ";
        // The stretch starts at byte 3 of the larger text.
        let index = super::WordIndex::new(&text[3..], 3);
        for a in 3..=text.len() {
            for b in a..=text.len() {
                if text.is_char_boundary(a) && text.is_char_boundary(b) {
                    let want = super::words(&text[a..b]).len();
                    assert_eq!(index.between(a, b), want, "{a}..{b}");
                }
            }
        }
    }

    #[test]
    fn char_tables_agree_with_the_standard_library() {
        for cp in (0..0x11_0000u32).step_by(7).chain(0..0x800) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "U+{cp:04X}");
            assert_eq!(
                super::is_word_char(c),
                super::word_char_slow(c),
                "U+{cp:04X}"
            );
        }
    }

    #[test]
    fn words_split_on_punctuation() {
        let t = "News.am, Ruritania's x";
        let w: Vec<&str> = super::words(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(w, vec!["News", "am", "Ruritania", "s", "x"]);
    }
}
