//! Sentence segmentation of normalised text.
//!
//! Lines are paragraphs; within a line, a sentence ends at a terminator followed by white space,
//! unless inside brackets (so "(n.r. - ...)" stays whole). Lines without letters are dropped.

/// A sentence as a byte range of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into sentences using the language's terminators.
pub fn sentences(text: &str, terminators: &[char]) -> Vec<Sentence> {
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
            _ => depth == 0 && terminators.contains(&c) && next.is_none_or(char::is_whitespace),
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

fn push(out: &mut Vec<Sentence>, text: &str, a: usize, b: usize) {
    let piece = &text[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (s, e) = (a + lead, b - trail);
    if s < e && text[s..e].chars().any(char::is_alphabetic) {
        out.push(Sentence { start: s, end: e });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t, &['.', '!', '?'])
            .iter()
            .map(|s| &t[s.start..s.end])
            .collect()
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
        let w =
            c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c);
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

#[cfg(test)]
mod word_tests {
    #[test]
    fn words_split_on_punctuation() {
        let t = "News.am, Ruritania's x";
        let w: Vec<&str> = super::words(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(w, vec!["News", "am", "Ruritania", "s", "x"]);
    }
}
