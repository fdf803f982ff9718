//! Normalisation by named steps from the language rules, keeping a map back to the original.
//!
//! Every normalised char remembers the original byte range it came from, so spans and quotes
//! found on normalised text point at the text as written.

use crate::text::segment::is_letter;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A compiled normalisation step.
#[derive(Debug, Clone)]
pub enum Step {
    StripMarks,
    Decompose,
    DropFormat,
    Lowercase,
    FoldDigits,
    SplitScripts,
    SplitAfter(CharSet),
    Delete(CharSet),
    Map(CharMap),
}

/// A few chars, kept sorted and found by bisection: cheaper than hashing every char of a text.
#[derive(Debug, Clone, Default)]
pub struct CharSet(Vec<char>);

impl CharSet {
    /// Whether `c` is in the set.
    pub fn contains(&self, c: &char) -> bool {
        self.0.binary_search(c).is_ok()
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(it: I) -> Self {
        let mut v: Vec<char> = it.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        CharSet(v)
    }
}

/// Replacements of single chars, sorted by the char (the last one given for a char wins).
#[derive(Debug, Clone, Default)]
pub struct CharMap {
    pairs: Vec<(char, String)>,
    /// Every replacement is one char, so the step keeps the text's length.
    one_to_one: bool,
}

impl CharMap {
    /// The replacement of `c`.
    pub fn get(&self, c: &char) -> Option<&String> {
        self.pairs
            .binary_search_by(|(k, _)| k.cmp(c))
            .ok()
            .map(|i| &self.pairs[i].1)
    }
}

impl FromIterator<(char, String)> for CharMap {
    fn from_iter<I: IntoIterator<Item = (char, String)>>(it: I) -> Self {
        let mut pairs: Vec<(char, String)> = Vec::new();
        for (k, v) in it {
            pairs.retain(|(x, _)| *x != k);
            pairs.push((k, v));
        }
        pairs.sort_by_key(|(k, _)| *k);
        let one_to_one = pairs.iter().all(|(_, v)| one_char(v).is_some());
        CharMap { pairs, one_to_one }
    }
}

/// The steps of one language, in order.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    pub steps: Vec<Step>,
}

/// Normalised text with, per byte, the original byte range of the char that produced it.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

type Unit = (char, usize, usize);

impl Normalizer {
    /// Normalises `text`; original offsets are reported relative to `base`.
    pub fn run(&self, text: &str, base: usize) -> Normalized {
        let mut out = Normalized::default();
        self.run_into(text, base, &mut out);
        out
    }

    /// Normalises `text` onto the end of `out` (text that follows it in the original).
    pub fn run_into(&self, text: &str, base: usize, out: &mut Normalized) {
        // ASCII that no step but lowercasing and deleting touches (most English lines): byte
        // by byte, as the steps would treat each char.
        if text.is_ascii() && self.keeps_ascii() {
            out.text.reserve(text.len());
            out.starts.reserve(text.len());
            out.ends.reserve(text.len());
            // The last char of this text kept: a deleted one widens its original range.
            let mut last: Option<usize> = None;
            for (i, b) in text.bytes().enumerate() {
                let mut c = char::from(b);
                let mut deleted = false;
                for step in &self.steps {
                    match step {
                        Step::Lowercase => c = c.to_ascii_lowercase(),
                        Step::Delete(set) if set.contains(&c) => {
                            deleted = true;
                            break;
                        }
                        _ => {}
                    }
                }
                if deleted {
                    if let Some(k) = last {
                        out.ends[k] = out.ends[k].max(base + i + 1);
                    }
                    continue;
                }
                out.text.push(c);
                out.starts.push(base + i);
                out.ends.push(base + i + 1);
                last = Some(out.ends.len() - 1);
            }
            return;
        }
        let mut units: Vec<Unit> = text
            .char_indices()
            .map(|(i, c)| (c, base + i, base + i + c.len_utf8()))
            .collect();
        for step in &self.steps {
            units = apply(step, units);
        }
        let bytes: usize = units.iter().map(|u| u.0.len_utf8()).sum();
        out.text.reserve(bytes);
        out.starts.reserve(bytes);
        out.ends.reserve(bytes);
        for (c, s, e) in units {
            for _ in 0..c.len_utf8() {
                out.starts.push(s);
                out.ends.push(e);
            }
            out.text.push(c);
        }
    }

    /// Whether every step leaves ASCII chars as they are, but for lowercasing and deleting
    /// them: no split or map of the steps holds one (marks, format chars, other scripts'
    /// digits and letters are not ASCII).
    fn keeps_ascii(&self) -> bool {
        self.steps.iter().all(|s| match s {
            Step::SplitAfter(set) => set.0.first().is_none_or(|c| !c.is_ascii()),
            Step::Map(map) => map.pairs.first().is_none_or(|(c, _)| !c.is_ascii()),
            _ => true,
        })
    }

    /// Normalises a rule word: same steps, spaces collapsed, no offsets kept.
    pub fn word(&self, text: &str) -> String {
        let n = self.run(text.trim(), 0).text;
        n.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl Normalized {
    /// An empty text with room for about `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> Self {
        Normalized {
            text: String::with_capacity(bytes),
            starts: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(bytes),
        }
    }

    /// The original byte span of normalised bytes `a..b`.
    pub fn original(&self, a: usize, b: usize) -> (usize, usize) {
        if self.starts.is_empty() || a >= b {
            let p = self.starts.get(a).copied().unwrap_or(0);
            return (p, p);
        }
        (self.starts[a], self.ends[b - 1])
    }
}

fn apply(step: &Step, mut units: Vec<Unit>) -> Vec<Unit> {
    match step {
        Step::StripMarks => drop_into_previous(units, is_combining_mark),
        // ASCII has nothing to decompose: such text keeps its vector.
        Step::Decompose if units.iter().all(|u| u.0.is_ascii()) => units,
        Step::Decompose => units
            .into_iter()
            .flat_map(|(c, s, e)| {
                let parts: Vec<char> = std::iter::once(c).nfd().collect();
                parts
                    .into_iter()
                    .filter(|p| !is_combining_mark(*p))
                    .map(move |p| (p, s, e))
            })
            .collect(),
        Step::DropFormat => drop_into_previous(units, is_format),
        // One char to one char (nearly always): in place.
        Step::Lowercase if units.iter().all(|u| single_lower(u.0).is_some()) => {
            for u in &mut units {
                u.0 = single_lower(u.0).unwrap_or(u.0);
            }
            units
        }
        Step::Lowercase => units
            .into_iter()
            .flat_map(|(c, s, e)| c.to_lowercase().map(move |l| (l, s, e)))
            .collect(),
        Step::FoldDigits => {
            for u in &mut units {
                u.0 = fold_digit(u.0).unwrap_or(u.0);
            }
            units
        }
        Step::SplitScripts => split_where(units, |a, b| {
            let (x, y) = (script_class(a), script_class(b));
            x != 0 && y != 0 && x != y
        }),
        Step::SplitAfter(set) => split_where(units, |a, b| set.contains(&a) && is_letter(b)),
        Step::Delete(set) => drop_into_previous(units, |c| set.contains(&c)),
        Step::Map(map) if map.one_to_one => {
            for u in &mut units {
                if let Some(r) = map.get(&u.0).and_then(|r| one_char(r)) {
                    u.0 = r;
                }
            }
            units
        }
        Step::Map(map) => units
            .into_iter()
            .flat_map(|(c, s, e)| match map.get(&c) {
                Some(r) => r.chars().map(|m| (m, s, e)).collect::<Vec<_>>(),
                None => vec![(c, s, e)],
            })
            .collect(),
    }
}

/// The lowercase of `c` when it is one char.
fn single_lower(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => Some(x),
        _ => None,
    }
}

/// The only char of `s`, if it has exactly one.
fn one_char(s: &str) -> Option<char> {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Drops chars, widening the previous kept char's original range over them, so that a span
/// ending on a letter also covers the diacritics written on it.
fn drop_into_previous(units: Vec<Unit>, drop: impl Fn(char) -> bool) -> Vec<Unit> {
    if !units.iter().any(|u| drop(u.0)) {
        return units;
    }
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    for u in units {
        if !drop(u.0) {
            out.push(u);
        } else if let Some(prev) = out.last_mut() {
            prev.2 = prev.2.max(u.2);
        }
    }
    out
}

/// Inserts a zero-width-in-the-original space between two chars where `glued` says so.
fn split_where(units: Vec<Unit>, glued: impl Fn(char, char) -> bool) -> Vec<Unit> {
    if !units.windows(2).any(|w| glued(w[0].0, w[1].0)) {
        return units;
    }
    let mut out = Vec::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        if i > 0 && glued(units[i - 1].0, u.0) {
            out.push((' ', u.1, u.1));
        }
        out.push(*u);
    }
    out
}

/// Invisible format characters: zero-width, joiners, bidi marks and isolates, BOM, soft hyphen.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// Zero code points of the decimal digit blocks we fold (Unicode Nd runs of ten).
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0xFF10,
];

/// The ASCII digit for a decimal digit of any folded script.
pub fn fold_digit(c: char) -> Option<char> {
    let cp = c as u32;
    if cp < DIGIT_ZEROS[0] {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&z| cp >= z && cp < z + 10)
        .and_then(|z| char::from_digit(cp - z, 10))
}

/// A coarse script class by Unicode block, for splitting glued words: 0 means "not a letter we split".
fn script_class(c: char) -> u8 {
    if !is_letter(c) {
        return 0;
    }
    match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => 1,
        0x0370..=0x03FF => 2,
        0x0400..=0x052F => 3,
        0x0590..=0x05FF => 4,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            5
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    //! Mechanics only, on neutral text; the real language packs are tested in tests/pipeline.rs.
    use super::*;

    fn steps(steps: Vec<Step>) -> Normalizer {
        Normalizer { steps }
    }

    #[test]
    fn ascii_is_read_byte_by_byte_as_the_steps_read_it() {
        let delete: CharSet = ['\'', 'Q'].into_iter().collect();
        let n = steps(vec![
            Step::DropFormat,
            Step::Decompose,
            Step::Delete(delete),
            Step::Lowercase,
            Step::FoldDigits,
        ]);
        assert!(n.keeps_ascii());
        for text in ["''Zeta's TEAM'' Q", "it's 12 o'clock", "'", "QqQ abc'"] {
            let fast = n.run(text, 3);
            // A char outside ASCII at the end sends the same text through every step.
            let slow = n.run(&format!("{text}\u{e9}"), 3);
            let len = fast.text.len();
            assert_eq!(fast.text, slow.text[..len], "{text}");
            for a in 0..len {
                for b in a + 1..=len {
                    assert_eq!(fast.original(a, b), slow.original(a, b), "{text} {a}..{b}");
                }
            }
        }
        let mapped = steps(vec![Step::Map(
            [('x', "y".to_string())].into_iter().collect(),
        )]);
        assert!(!mapped.keeps_ascii());
    }

    #[test]
    fn strips_marks_and_format_characters() {
        let n = steps(vec![Step::StripMarks, Step::DropFormat]);
        assert_eq!(n.word("e\u{301}x\u{200F}y\u{200B}z"), "exyz");
    }

    #[test]
    fn folds_digits_of_other_scripts() {
        let n = steps(vec![Step::FoldDigits]);
        // Arabic-Indic, extended (Persian), Devanagari and full-width digits.
        assert_eq!(
            n.word("\u{0667} \u{06F2}\u{06F4} \u{0969} \u{FF15}"),
            "7 24 3 5"
        );
    }

    #[test]
    fn maps_deletes_and_splits_after() {
        let map: CharMap = [('x', "ks".to_string())].into_iter().collect();
        let n = steps(vec![
            Step::SplitAfter(['q'].into_iter().collect()),
            Step::Delete(['-'].into_iter().collect()),
            Step::Map(map),
        ]);
        assert_eq!(n.word("aqb x-y"), "aq b ksy");
    }

    #[test]
    fn splits_glued_scripts() {
        let n = steps(vec![Step::SplitScripts]);
        assert_eq!(n.word("Home\u{0391}\u{03B8}"), "Home \u{0391}\u{03B8}");
    }

    #[test]
    fn spans_map_back_to_original() {
        let orig = "ab Ca\u{301}fe\u{301} \u{0667}";
        let n = steps(vec![Step::StripMarks, Step::Lowercase, Step::FoldDigits]).run(&orig[3..], 3);
        assert_eq!(n.text, "cafe 7");
        let (s, e) = n.original(0, 4);
        assert_eq!(
            &orig[s..e],
            "Ca\u{301}fe\u{301}",
            "marks on the last letter belong to it"
        );
        let (s, e) = n.original(5, 6);
        assert_eq!(&orig[s..e], "\u{0667}");
    }

    #[test]
    fn decompose_folds_latin_accents() {
        let n = steps(vec![Step::Decompose, Step::Lowercase]);
        assert_eq!(n.word("La\u{E7}\u{131}n"), "lac\u{131}n");
    }
}
