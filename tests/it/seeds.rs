//! The claims SPEC.md section 7 says a correct run finds in the seed articles, as one table
//! (a row per claim, by seed line as published), and the numbers that must never be taken as
//! counts, as another; a failure names its row. In-process: the claims of `fixtures/seeds/`.

use crate::common::corpus;
use crosscheck::model::{Claim, Kind};
use std::sync::OnceLock;

const SEEDS: [(&str, &str); 2] = [
    ("000", "fixtures/seeds/000_4e59279048276d62.txt"),
    ("002", "fixtures/seeds/002_47c2d6917179a7ff.txt"),
];

const LACHIN: &str = "lachin-2022-08";
const NOV21: &str = "border-2021-11";
const WAR20: &str = "nk-war-2020";

/// SPEC 7 as one table, a row per seed line as published: the claims on it, each as speaker
/// (`source via ...`), what it says (`kind side bound value`, `?` for no side, or
/// `blame accuser -> accused`) and event. Each row is a test named after it; a line that is in
/// no row holds no claim (`every_other_seed_line_holds_no_claim`).
macro_rules! spec7 {
    ($($name:ident: $seed:literal line $line:literal => [$(($who:literal, $what:literal, $event:expr)),* $(,)?];)*) => {
        const SPEC7: &[(&str, usize, &[(&str, &str, &str)])] =
            &[$(($seed, $line, &[$(($who, $what, $event)),*])),*];
        $(
            #[test]
            fn $name() {
                check_line($seed, $line, &[$(($who, $what, $event)),*]);
            }
        )*
    };
}

spec7! {
    // Karabakh forces are the artsakh side (part of am).
    s000_line_1: "000" line 1 => [
        ("outlet", "killed am at_least 2", LACHIN),
        ("az_gov", "killed az exact 1", LACHIN),
        ("az_gov", "blame az -> artsakh", LACHIN),
    ];
    s000_line_3: "000" line 3 => [
        ("artsakh_mod via news_am", "killed am at_least 2", LACHIN),
        ("artsakh_mod via news_am", "wounded am at_least 14", LACHIN),
        ("artsakh_mod via news_am", "blame artsakh -> az", LACHIN),
    ];
    // "the Armenians" as a speaker is the Armenian government.
    s000_line_4: "000" line 4 => [("am_gov", "blame am -> az", LACHIN)];
    s000_line_6: "000" line 6 => [
        ("az_mod", "killed az exact 1", LACHIN),
        ("az_mod", "blame az -> am", LACHIN),
    ];
    // The headline (line 2) and its repeat (line 4) count once, at the first.
    s002_line_2: "002" line 2 => [("az_gov", "killed az exact 7", NOV21)];
    s002_line_4: "002" line 4 => [];
    s002_line_11: "002" line 11 => [("az_mod", "killed az exact 7", NOV21)];
    // "the ministry" refers back to the Azerbaijani defence ministry; ten is a number word.
    s002_line_13: "002" line 13 => [("az_mod", "wounded az exact 10", NOV21)];
    s002_line_15: "002" line 15 => [
        ("am_gov", "killed am exact 1", NOV21),
        ("am_gov", "missing am exact 24", NOV21),
        ("am_gov", "captured am exact 13", NOV21),
    ];
    // A background figure: the 2020 war, not this event.
    s002_line_27: "002" line 27 => [("outlet", "killed ? more_than 6500", WAR20)];
    s002_line_29: "002" line 29 => [("am_gov", "blame am -> az", NOV21)];
    s002_line_33: "002" line 33 => [("az_gov", "blame az -> am", NOV21)];
}

/// Numbers SPEC 7 says are not counts, a row (and a test) each: seed, line as published, the
/// words as written there, the figure they hold (None: a casualty noun with no figure).
macro_rules! not_counts {
    ($($name:ident: $seed:literal line $line:literal, $words:literal, $figure:expr;)*) => {
        $(
            #[test]
            fn $name() {
                check_not_count($seed, $line, $words, $figure);
            }
        )*
    };
}

not_counts! {
    not_a_count_tb2: "000" line 4, "تي بي 2", Some(2);
    not_a_count_two_years_dual: "000" line 2, "بعد عامين", Some(2);
    not_a_count_two_years_dual_again: "000" line 6, "قبل عامين", Some(2);
    not_a_count_three_regions: "000" line 6, "ثلاث مناطق", Some(3);
    not_a_count_thirty_years: "000" line 9, "30 عامًا", Some(30);
    not_a_count_year_2020: "000" line 7, "2020", Some(2020);
    not_a_count_year_1921: "000" line 10, "1921", Some(1921);
    not_a_count_year_1991: "000" line 10, "1991", Some(1991);
    not_a_count_year_1994: "000" line 10, "1994", Some(1994);
    not_a_count_year_2020_again: "000" line 10, "2020", Some(2020);
    not_a_count_crawl_year_2024: "002" line 1, "2024", Some(2024);
    not_a_count_six_weeks: "002" line 27, "ستة أسابيع", Some(6);
    not_a_count_year_2020_in_002: "002" line 27, "2020", Some(2020);
    not_a_count_year_2020_in_002_again: "002" line 36, "نوفمبر 2020", Some(2020);
    not_a_count_soldiers_without_number: "002" line 6, "جنود من الجيش الأذربيجاني", None;
    not_a_count_soldiers_without_number_again: "002" line 7, "جنود من الجيش الأذربيجاني", None;
}

/// The claims of the seeds, found once.
fn claims() -> &'static [Claim] {
    static CLAIMS: OnceLock<Vec<Claim>> = OnceLock::new();
    CLAIMS.get_or_init(|| corpus(&["fixtures/seeds/"]))
}

fn file(seed: &str) -> &'static str {
    SEEDS.iter().find(|(s, _)| *s == seed).unwrap().1
}

/// Lines of front matter before line 1 as published.
fn front_matter(seed: &str) -> usize {
    let text = std::fs::read_to_string(file(seed)).unwrap();
    text.lines().skip(1).position(|l| l == "---").unwrap() + 2
}

/// Line `n` as published of `seed`, as written.
fn published_line(seed: &str, n: usize) -> String {
    let text = std::fs::read_to_string(file(seed)).unwrap();
    text.lines()
        .nth(n + front_matter(seed) - 1)
        .unwrap()
        .to_string()
}

/// A claim as a row of SPEC7 (without seed and line).
fn row(c: &Claim) -> (String, String, String) {
    let mut speaker = c.source.0.clone();
    for v in &c.via {
        speaker.push_str(&format!(" via {}", v.0));
    }
    fn id(s: &Option<crosscheck::model::SideId>) -> &str {
        s.as_ref().map_or("?", |s| s.0.as_str())
    }
    let what = if c.kind == Kind::Blame {
        format!("blame {} -> {}", id(&c.accuser), id(&c.accused))
    } else {
        format!(
            "{} {} {} {}",
            c.kind.as_str(),
            id(&c.side),
            c.bound.map_or("?", |b| b.as_str()),
            c.value.map_or("?".to_string(), |v| v.to_string())
        )
    };
    let event = c
        .event
        .as_ref()
        .map_or_else(String::new, ToString::to_string);
    (speaker, what, event)
}

/// The claims of `seed` as (line as published, row).
fn found(seed: &str) -> Vec<(usize, (String, String, String))> {
    let fm = front_matter(seed);
    claims()
        .iter()
        .filter(|c| c.file == file(seed))
        .map(|c| (c.line.saturating_sub(fm), row(c)))
        .collect()
}

/// Asserts that line `line` (as published) of `seed` holds exactly `want`.
fn check_line(seed: &str, line: usize, want: &[(&str, &str, &str)]) {
    let text = published_line(seed, line);
    assert!(
        !text.trim().is_empty(),
        "seed {seed} line {line} is empty: the row checks nothing"
    );
    let mut want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    let mut have: Vec<(String, String, String)> = found(seed)
        .into_iter()
        .filter(|(l, _)| *l == line)
        .map(|(_, r)| r)
        .collect();
    want.sort();
    have.sort();
    assert_eq!(
        have, want,
        "seed {seed} line {line} (speaker, claim, event); the line: {text}"
    );
}

/// Asserts that no casualty claim on line `line` of `seed` is read from `words`.
fn check_not_count(seed: &str, line: usize, words: &str, figure: Option<u64>) {
    // The words must be on that line, or the row checks nothing.
    let text = published_line(seed, line);
    assert!(
        text.contains(words),
        "`{words}` is not on {seed}:{line}: {text}"
    );
    let fm = front_matter(seed);
    let taken: Vec<&Claim> = claims()
        .iter()
        .filter(|c| c.file == file(seed) && c.line == line + fm && c.kind != Kind::Blame)
        .filter(|c| c.quote.contains(words) || (figure.is_some() && c.value == figure))
        .collect();
    assert!(
        taken.is_empty(),
        "`{words}` on {seed}:{line} taken as a count: {taken:#?}"
    );
}

#[test]
fn every_other_seed_line_holds_no_claim() {
    for (seed, _) in SEEDS {
        for (line, r) in found(seed) {
            assert!(
                SPEC7.iter().any(|row| row.0 == seed && row.1 == line),
                "seed {seed} line {line}: {r:?} is in no row of SPEC 7"
            );
        }
    }
    let rows: usize = SPEC7.iter().map(|r| r.2.len()).sum();
    assert_eq!(claims().len(), rows, "the seeds hold only SPEC 7's claims");
}

#[test]
fn every_quote_is_the_original_text_at_its_span() {
    assert!(!claims().is_empty());
    for c in claims() {
        let text = std::fs::read_to_string(&c.file).unwrap();
        let (a, b) = c.span;
        assert_eq!(&text[a..b], c.quote, "{c:?}");
        assert_eq!(text[..a].matches('\n').count() + 1, c.line, "{c:?}");
    }
}

#[test]
fn records_have_exactly_the_spec_fields_in_order() {
    let out = crosscheck::report::claims(
        crosscheck::report::Format::Jsonl,
        &claims()[..1],
        crate::common::PIPED,
        &crosscheck::report::Page::new(crate::common::pack(), None),
    );
    let first = out.lines().next().unwrap().to_string();
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&first).unwrap();
    let keys: Vec<&str> = v.keys().map(String::as_str).collect();
    // The record's keys, in the order of SPEC 5.1.
    assert_eq!(
        keys,
        vec![
            "file", "line", "span", "quote", "lang", "source", "via", "kind", "side", "group",
            "value", "upper", "bound", "accuser", "accused", "event", "rule",
        ],
        "field order: {first}"
    );
}
