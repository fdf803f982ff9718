//! Property tests: arbitrary Unicode (mixed scripts, bidi and zero-width marks, combining marks,
//! replacement characters from lossy decoding) through every stage never panics, and every
//! claim's span is on char boundaries with its quote equal to the text there.

use crate::common::pack;
use crosscheck::extract;
use crosscheck::read::ingest;
use crosscheck::tools::explain;
use proptest::prelude::*;

/// Characters news text (and broken news text) is made of, weighted towards the interesting ones.
fn chars() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('a', 'z'),
        3 => prop::char::range('\u{0621}', '\u{064A}'),   // Arabic letters
        2 => prop::char::range('\u{0430}', '\u{044F}'),   // Cyrillic
        2 => prop::char::range('0', '9'),
        1 => prop::char::range('\u{0660}', '\u{0669}'),   // Arabic-Indic digits
        1 => prop::char::range('\u{064B}', '\u{0652}'),   // tashkeel (combining)
        1 => prop::sample::select(vec!['\u{200B}', '\u{200F}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{0640}', '\u{FFFD}', '\u{0301}']),
        3 => prop::sample::select(vec![' ', ' ', '\n', '.', ',', '،', '؟', '(', ')', '-', '“', '"', ':', '*', '{', '}']),
    ]
}

/// Fragments of real claim sentences, so that patterns actually fire inside the noise.
fn fragments() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "أعلنت وزارة الدفاع الأذربيجانية مقتل 7 من جنودها",
        "مقتل جنديين أرمنيين على الأقل",
        "The Armenian defence ministry said 3 soldiers were killed",
        "Azerbaijan accused Armenia",
        "погибли 49 армянских военнослужащих",
        "between 300 and 500 Azerbaijani dead",
        "---\ndate: 2021-11-17\n---\n",
    ])
    .prop_map(str::to_string)
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => prop::collection::vec(chars(), 0..12).prop_map(|v| v.into_iter().collect::<String>()), 1 => fragments()], 0..24)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, .. ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_quotes_are_the_text_at_their_span(t in text()) {
        let article = match ingest::article("p.txt", t.clone()) {
            Ok(a) => a,
            Err(_) => return Ok(()), // broken front matter is an error, not a panic
        };
        for lang in [None, Some("ar"), Some("en"), Some("ru")] {
            let claims = extract::extract(pack(), &article, lang).unwrap();
            for c in &claims {
                prop_assert!(t.is_char_boundary(c.span.0) && t.is_char_boundary(c.span.1), "{:?}", c.span);
                prop_assert!(c.span.0 <= c.span.1);
                prop_assert_eq!(&t[c.span.0..c.span.1], c.quote.as_str());
            }
        }
        let _ = crosscheck::compare::reconcile::reconcile(pack(), &extract::extract(pack(), &article, None).unwrap());
    }

    #[test]
    fn explain_never_panics(t in text()) {
        if let Ok(article) = ingest::article("p.txt", t) {
            let _ = explain::explain(pack(), &article, None, None).unwrap();
        }
    }

    #[test]
    fn normalised_spans_map_into_the_original(t in prop::collection::vec(chars(), 0..80).prop_map(|v| v.into_iter().collect::<String>())) {
        for lang in &pack().languages {
            let n = lang.normalizer.run(&t, 0);
            for (i, _) in n.text.char_indices() {
                let (a, b) = n.original(i, i + n.text[i..].chars().next().unwrap().len_utf8());
                prop_assert!(t.is_char_boundary(a) && t.is_char_boundary(b) && a <= b && b <= t.len());
            }
        }
    }
}
