//! The claims SPEC.md section 7 says a correct run finds in the seed articles, one test each,
//! so a regression names itself; and the numbers that must never be taken as counts.

use crate::common::{cc, stdout};
use serde_json::Value;
use std::sync::OnceLock;

const S000: &str = "fixtures/seeds/000_4e59279048276d62.txt";
const S002: &str = "fixtures/seeds/002_47c2d6917179a7ff.txt";

/// All claims of the fixtures, from the binary's JSON output (run once).
fn claims() -> &'static Vec<Value> {
    static CLAIMS: OnceLock<Vec<Value>> = OnceLock::new();
    CLAIMS.get_or_init(|| {
        serde_json::from_str(&stdout(&["claims", "fixtures/seeds/", "--format", "json"])).unwrap()
    })
}

/// The line in the fixture of line `n` of the seed as published (front matter shifts it).
fn line(file: &str, n: u64) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    let fm = text.lines().skip(1).position(|l| l == "---").unwrap() as u64 + 2;
    n + fm
}

fn of(file: &str) -> Vec<&'static Value> {
    claims()
        .iter()
        .filter(|c| {
            c["file"]
                .as_str()
                .unwrap()
                .ends_with(file.rsplit('/').next().unwrap())
        })
        .collect()
}

/// Claims of `file` at seed line `n` with every given field equal.
fn find(file: &str, n: u64, fields: &[(&str, Value)]) -> Vec<&'static Value> {
    let l = line(file, n);
    of(file)
        .into_iter()
        .filter(|c| c["line"] == l && fields.iter().all(|(k, v)| &c[*k] == v))
        .collect()
}

fn one(file: &str, n: u64, fields: &[(&str, Value)]) -> &'static Value {
    let hits = find(file, n, fields);
    assert_eq!(
        hits.len(),
        1,
        "want exactly one claim at {file}:{n} with {fields:?}; all claims:\n{:#?}",
        of(file)
    );
    hits[0]
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}
fn n(v: u64) -> Value {
    Value::from(v)
}

#[test]
fn s000_l1_outlet_armenian_killed_at_least_2() {
    let c = one(
        S000,
        1,
        &[
            ("source", s("outlet")),
            ("kind", s("killed")),
            ("side", s("am")),
        ],
    );
    assert_eq!(
        (c["value"].clone(), c["bound"].clone()),
        (n(2), s("at_least"))
    );
}

#[test]
fn s000_l1_azerbaijan_own_killed_1() {
    let c = one(S000, 1, &[("source", s("az_gov")), ("kind", s("killed"))]);
    assert_eq!(
        (c["side"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("az"), n(1), s("exact"))
    );
}

#[test]
fn s000_l1_azerbaijan_blames_karabakh_forces() {
    let c = one(S000, 1, &[("source", s("az_gov")), ("kind", s("blame"))]);
    assert_eq!(c["accuser"], s("az"));
    assert_eq!(
        c["accused"],
        s("artsakh"),
        "Karabakh forces are the artsakh side (part of am)"
    );
}

#[test]
fn s000_l3_artsakh_mod_via_news_am_killed_at_least_2() {
    let c = one(S000, 3, &[("kind", s("killed"))]);
    assert_eq!(c["source"], s("artsakh_mod"));
    assert_eq!(c["via"], serde_json::json!(["news_am"]));
    assert_eq!(
        (c["side"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("am"), n(2), s("at_least"))
    );
}

#[test]
fn s000_l3_artsakh_mod_wounded_at_least_14() {
    let c = one(S000, 3, &[("kind", s("wounded"))]);
    assert_eq!(c["source"], s("artsakh_mod"));
    assert_eq!(
        (c["side"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("am"), n(14), s("at_least"))
    );
}

#[test]
fn s000_l3_artsakh_mod_blames_azerbaijan() {
    let c = one(S000, 3, &[("kind", s("blame"))]);
    assert_eq!(
        (c["source"].clone(), c["accused"].clone()),
        (s("artsakh_mod"), s("az"))
    );
}

#[test]
fn s000_l4_armenians_blame_azerbaijan() {
    let c = one(S000, 4, &[("kind", s("blame"))]);
    assert_eq!(
        (
            c["source"].clone(),
            c["accuser"].clone(),
            c["accused"].clone()
        ),
        (s("am_gov"), s("am"), s("az"))
    );
}

#[test]
fn s000_l6_az_mod_killed_1() {
    let c = one(S000, 6, &[("kind", s("killed"))]);
    assert_eq!(c["source"], s("az_mod"));
    assert_eq!(
        (c["side"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("az"), n(1), s("exact"))
    );
}

#[test]
fn s000_l6_az_mod_blames_pro_armenian_forces() {
    let c = one(S000, 6, &[("kind", s("blame"))]);
    assert_eq!(
        (
            c["source"].clone(),
            c["accuser"].clone(),
            c["accused"].clone()
        ),
        (s("az_mod"), s("az"), s("am"))
    );
}

#[test]
fn s002_l2_l4_azerbaijan_its_soldiers_killed_7_once() {
    let hits: Vec<_> = of(S002)
        .into_iter()
        .filter(|c| c["source"] == s("az_gov") && c["kind"] == s("killed"))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "headline and repeated headline count once: {hits:#?}"
    );
    assert_eq!(hits[0]["line"], n(line(S002, 2)));
    assert_eq!(
        (hits[0]["side"].clone(), hits[0]["value"].clone()),
        (s("az"), n(7))
    );
}

#[test]
fn s002_l11_az_mod_killed_7() {
    let c = one(S002, 11, &[("kind", s("killed"))]);
    assert_eq!(
        (c["source"].clone(), c["side"].clone(), c["value"].clone()),
        (s("az_mod"), s("az"), n(7))
    );
}

#[test]
fn s002_l13_the_ministry_wounded_10_number_word() {
    let c = one(S002, 13, &[("kind", s("wounded"))]);
    assert_eq!(
        c["source"],
        s("az_mod"),
        "'the ministry' refers back to the Azerbaijani defence ministry"
    );
    assert_eq!(
        (c["side"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("az"), n(10), s("exact"))
    );
}

#[test]
fn s002_l15_armenia_killed_1() {
    let c = one(S002, 15, &[("kind", s("killed"))]);
    assert_eq!(
        (c["source"].clone(), c["side"].clone(), c["value"].clone()),
        (s("am_gov"), s("am"), n(1))
    );
}

#[test]
fn s002_l15_armenia_missing_24() {
    let c = one(S002, 15, &[("kind", s("missing"))]);
    assert_eq!(
        (c["source"].clone(), c["side"].clone(), c["value"].clone()),
        (s("am_gov"), s("am"), n(24))
    );
}

#[test]
fn s002_l15_armenia_captured_13() {
    let c = one(S002, 15, &[("kind", s("captured"))]);
    assert_eq!(
        (c["source"].clone(), c["side"].clone(), c["value"].clone()),
        (s("am_gov"), s("am"), n(13))
    );
}

#[test]
fn s002_l27_outlet_more_than_6500_in_the_2020_war() {
    let c = one(S002, 27, &[("kind", s("killed"))]);
    assert_eq!(
        (c["source"].clone(), c["value"].clone(), c["bound"].clone()),
        (s("outlet"), n(6500), s("more_than"))
    );
    assert_eq!(
        c["event"],
        s("nk-war-2020"),
        "background figure belongs to the 2020 war"
    );
}

#[test]
fn s002_l29_pashinyan_blames_azerbaijan() {
    let c = one(S002, 29, &[("kind", s("blame"))]);
    assert_eq!(
        (
            c["source"].clone(),
            c["accuser"].clone(),
            c["accused"].clone()
        ),
        (s("am_gov"), s("am"), s("az"))
    );
}

#[test]
fn s002_l33_azerbaijan_blames_armenia() {
    let c = one(S002, 33, &[("kind", s("blame"))]);
    assert_eq!(
        (
            c["source"].clone(),
            c["accuser"].clone(),
            c["accused"].clone()
        ),
        (s("az_gov"), s("az"), s("am"))
    );
}

#[test]
fn s002_claims_of_this_event_are_in_the_november_2021_event() {
    for c in of(S002)
        .into_iter()
        .filter(|c| c["line"] != n(line(S002, 27)))
    {
        assert_eq!(c["event"], s("border-2021-11"), "{c:#?}");
    }
}

#[test]
fn s000_claims_are_in_the_august_2022_event() {
    for c in of(S000) {
        assert_eq!(c["event"], s("lachin-2022-08"), "{c:#?}");
    }
}

fn casualties(file: &str) -> Vec<&'static Value> {
    of(file)
        .into_iter()
        .filter(|c| c["kind"] != s("blame"))
        .collect()
}

#[test]
fn nothing_else_is_a_casualty_count() {
    assert_eq!(casualties(S000).len(), 5, "{:#?}", casualties(S000));
    assert_eq!(casualties(S002).len(), 7, "{:#?}", casualties(S002));
}

/// A casualty claim whose evidence contains `text` (in the file as written).
fn casualty_quoting(text: &str) -> Vec<&'static Value> {
    claims()
        .iter()
        .filter(|c| c["kind"] != s("blame") && c["quote"].as_str().unwrap().contains(text))
        .collect()
}

#[test]
fn not_a_count_tb2() {
    assert!(casualty_quoting("تي بي 2").is_empty());
    assert!(
        claims()
            .iter()
            .all(|c| c["value"] != n(2) || c["side"] == s("am"))
    );
}

#[test]
fn not_a_count_two_years_dual() {
    assert!(casualty_quoting("عامين").is_empty());
}

#[test]
fn not_a_count_three_regions() {
    assert!(casualty_quoting("ثلاث مناطق").is_empty());
    assert!(claims().iter().all(|c| c["value"] != n(3)));
}

#[test]
fn not_a_count_thirty_years() {
    assert!(casualty_quoting("30").is_empty());
    assert!(claims().iter().all(|c| c["value"] != n(30)));
}

#[test]
fn not_a_count_any_year() {
    for y in [1921, 1991, 1994, 2020, 2021, 2022, 2024] {
        assert!(
            claims().iter().all(|c| c["value"] != n(y)),
            "year {y} taken as a count"
        );
    }
}

#[test]
fn not_a_count_six_weeks() {
    assert!(casualty_quoting("ستة أسابيع").is_empty());
    assert!(claims().iter().all(|c| c["value"] != n(6)));
}

#[test]
fn not_a_count_soldiers_without_number() {
    // The photo captions "جنود من الجيش الأذربيجاني" (lines 6-7 of seed 002) carry no figure.
    for l in [6, 7] {
        assert!(find(S002, l, &[]).is_empty());
    }
}

#[test]
fn every_quote_is_the_original_text_at_its_span() {
    for c in claims() {
        let text = std::fs::read_to_string(c["file"].as_str().unwrap()).unwrap();
        let (a, b) = (
            c["span"][0].as_u64().unwrap() as usize,
            c["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], c["quote"].as_str().unwrap());
        let l = text[..a].matches('\n').count() as u64 + 1;
        assert_eq!(c["line"], n(l));
    }
}

#[test]
fn records_have_exactly_the_spec_fields_in_order() {
    let out = cc()
        .args(["claims", S000, "--format", "jsonl"])
        .output()
        .unwrap();
    let first = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let v: serde_json::Map<String, Value> = serde_json::from_str(&first).unwrap();
    let keys: Vec<&str> = v.keys().map(String::as_str).collect();
    let mut expected = vec![
        "file", "line", "span", "quote", "lang", "source", "via", "kind", "side", "group", "value",
        "upper", "bound", "accuser", "accused", "event", "rule",
    ];
    let mut got = keys.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    let order: Vec<usize> = [
        "\"file\"",
        "\"line\"",
        "\"span\"",
        "\"quote\"",
        "\"source\"",
        "\"kind\"",
        "\"rule\"",
    ]
    .iter()
    .map(|k| first.find(k).unwrap())
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "field order: {first}"
    );
}
