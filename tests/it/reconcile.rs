//! Reconciliation on the composed fixtures (SPEC 8) and the report's output formats, through
//! the library (the binary only for `--explain-estimates`).

use crate::common::{cc, claims_text, event, ok, pack, report_json as report, report_text};
use crosscheck::report::{Format, Page};
use serde_json::Value;

fn row<'a>(e: &'a Value, side: &str, kind: &str) -> &'a Value {
    e["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["side"] == side && r["kind"] == kind)
        .unwrap_or_else(|| panic!("no row {side} {kind} in {e:#}"))
}

fn cell<'a>(r: &'a Value, source: &str) -> &'a Value {
    r["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == source)
        .unwrap_or_else(|| panic!("no cell {source} in {r:#}"))
}

#[test]
fn september_2022_shows_first_and_revised_armenian_figures() {
    let r = report("fixtures/composed/");
    let am = row(event(&r, "border-2022-09"), "am", "killed");
    assert_eq!(am["status"], "revised");
    let c = cell(am, "am_gov");
    assert_eq!(c["figure"], "105");
    assert_eq!(c["earlier"], serde_json::json!([">=49"]));
    let values: Vec<&Value> = c["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["value"])
        .collect();
    assert_eq!(
        values,
        vec![&Value::from(105), &Value::from(49), &Value::from(49)],
        "latest first (the first figure was reported in English and in Russian)"
    );
    let az = row(event(&r, "border-2022-09"), "az", "killed");
    assert_eq!(cell(az, "az_mod")["figure"], "50");
}

#[test]
fn april_2016_cross_camp_conflict_with_the_gap() {
    let r = report("fixtures/composed/");
    let am = row(event(&r, "four-day-war-2016"), "am", "killed");
    assert_eq!(am["status"], "conflict");
    assert_eq!(am["cross_camp"], true);
    assert_eq!(cell(am, "am_gov")["figure"], "18");
    assert_eq!(cell(am, "az_gov")["figure"], "~320");
    // "about 320" is [288, 352] with a 10% tolerance: 270 from 18.
    assert_eq!(am["gap"], 270);
    assert_eq!(am["estimate"]["low"], 18);
    assert_eq!(am["estimate"]["best"], 18);
    assert_eq!(am["estimate"]["high"], 320);
    assert_eq!(am["estimate"]["best_rule"], "own official figure (am_gov)");
}

#[test]
fn april_2016_azerbaijani_figures_contradict_each_other_and_the_other_camp() {
    let r = report("fixtures/composed/");
    let az = row(event(&r, "four-day-war-2016"), "az", "killed");
    assert_eq!(az["status"], "conflict");
    assert_eq!(
        az["self_contradicting"],
        serde_json::json!(["az"]),
        "az_mod 12 vs az_gov 31"
    );
    assert_eq!(
        az["cross_camp"], true,
        "Armenian sources' 300-500 against Baku's own"
    );
    assert_eq!(cell(az, "am_gov")["figure"], "300-500");
    // The gap between the camps comes first: 300-500 against Baku's 31, not 31 against 12.
    assert_eq!(az["gap"], 269);
    assert_eq!(az["estimate"]["best"], 31, "the latest own official figure");
}

#[test]
fn syndicated_pair_counts_once() {
    let r = report("fixtures/composed/");
    let e = event(&r, "khankendi-2023-03");
    let police = row(e, "am", "killed");
    assert_eq!(
        (police["outlets"].clone(), police["independent"].clone()),
        (Value::from(2), Value::from(1))
    );
    let az = row(e, "az", "killed");
    assert_eq!(
        (az["outlets"].clone(), az["independent"].clone()),
        (Value::from(3), Value::from(2))
    );
    let table = report_text(&["fixtures/composed/"], Format::Table);
    assert!(
        table.contains("2 outlets, 1") && table.contains("independent"),
        "{table}"
    );
}

#[test]
fn background_figures_land_in_the_2020_war() {
    let r = report("fixtures/");
    let war = event(&r, "nk-war-2020");
    let killed = &war["rows"][0];
    assert_eq!(killed["outlets"], 4);
    assert_eq!(
        killed["independent"], 3,
        "the seed and its HTML copy are one text"
    );
    let quotes: Vec<&str> = killed["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            c["claims"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["file"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        quotes.len(),
        4,
        "seed 002, its HTML copy, the composed Arabic and Russian 2022 articles: {quotes:?}"
    );
    for id in ["border-2021-11", "border-2022-09"] {
        let has = event(&r, id)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["cells"].to_string().contains("6500"));
        assert!(!has, "6500 must not be in {id}");
    }
}

#[test]
fn every_cell_carries_its_claims() {
    let r = report("fixtures/");
    let events = r["events"].as_array().unwrap();
    // An empty report would pass the loop below without a check.
    let cells: usize = events
        .iter()
        .flat_map(|e| e["rows"].as_array().unwrap())
        .map(|row| row["cells"].as_array().unwrap().len())
        .sum();
    assert!(cells >= 20, "{cells} cells in the fixtures' report");
    for e in events {
        for row in e["rows"].as_array().unwrap() {
            for c in row["cells"].as_array().unwrap() {
                let claims = c["claims"].as_array().unwrap();
                assert!(!claims.is_empty());
                assert!(
                    claims
                        .iter()
                        .all(|x| x["quote"].as_str().is_some_and(|q| !q.is_empty())
                            && x["line"].is_u64())
                );
            }
        }
    }
}

#[test]
fn explain_estimates_states_the_rule_per_row() {
    let out = cc()
        .args(["report", "fixtures/composed/", "--explain-estimates"])
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("best = the counted camp's own official figure"),
        "{s}"
    );
    assert!(s.contains("four-day-war-2016 am killed (military): low 18, best 18 (own official figure (am_gov)), high 320"), "{s}");
}

#[test]
fn csv_is_rfc4180_with_one_record_per_claim() {
    let out = claims_text(&["fixtures/seeds/"], Format::Csv);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[..5],
        ["file", "line", "span_start", "span_end", "quote"]
    );
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 18);
    assert!(records.iter().any(|r| &r[7] == "news_am"), "via column");
    let report = report_text(&["fixtures/composed/"], Format::Csv);
    let mut rdr = csv::Reader::from_reader(report.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(
        rows.iter()
            .any(|r| &r[0] == "four-day-war-2016" && &r[4] == "conflict" && &r[5] == "270")
    );
}

#[test]
fn csv_cells_cannot_become_formulas() {
    // The file column is the path as given: a file named like a formula.
    let a = crosscheck::read::ingest::article(
        "=1+1.md",
        "The Armenian defence ministry said 3 soldiers were killed.\n".into(),
    )
    .unwrap();
    let claims = crosscheck::extract::extract(pack(), &a, None).unwrap();
    let out = crosscheck::report::claims(
        Format::Csv,
        &claims,
        crate::common::PIPED,
        &Page::new(pack(), None),
    );
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(
        &records[0][0], "'=1+1.md",
        "escaped with a leading apostrophe"
    );
    for field in records[0].iter() {
        assert!(!field.starts_with(['=', '+', '-', '@']), "{field}");
    }
}

#[test]
fn markdown_is_a_github_table() {
    let s = report_text(&["fixtures/composed/"], Format::Markdown);
    assert!(s.contains("### event four-day-war-2016"), "{s}");
    assert!(s.contains("| side | kind |"), "{s}");
    assert!(s.contains("|---|---|"), "{s}");
    assert!(s.contains("conflict, gap 270, cross-camp"), "{s}");
    // Pipes in the cells: the file name and the event id (a quote is the matched words only,
    // so a pipe in the sentence would not reach a cell).
    let a = crosscheck::read::ingest::article(
        "a | b.md",
        "---\nevent: x | y\n---\nThe Armenian defence ministry said 3 soldiers were killed.\n"
            .into(),
    )
    .unwrap();
    let claims = crosscheck::extract::extract(pack(), &a, Some("en")).unwrap();
    let c = crosscheck::report::claims(
        Format::Markdown,
        &claims,
        crate::common::PIPED,
        &Page::new(pack(), None),
    );
    let body = c.lines().nth(2).unwrap();
    assert!(
        body.contains("a \\| b.md:4") && body.contains("x \\| y"),
        "the pipes are in the cells: {body}"
    );
    assert_eq!(
        body.matches(" | ").count(),
        4,
        "pipes inside a cell are escaped: {body}"
    );
}

#[test]
fn json_report_is_the_documented_schema() {
    let r = report("fixtures/seeds/");
    let e = &r["events"][0];
    for key in [
        "event",
        "name",
        "rows",
        "blame",
        "blame_conflict",
        "third_party_blame",
    ] {
        assert!(e.get(key).is_some(), "event.{key}");
    }
    let row = &e["rows"][0];
    for key in [
        "side",
        "kind",
        "group",
        "status",
        "gap",
        "cross_camp",
        "self_contradicting",
        "estimate",
        "outlets",
        "independent",
        "cells",
    ] {
        assert!(row.get(key).is_some(), "row.{key}");
    }
    for key in ["source", "outlets", "camp", "figure", "earlier", "claims"] {
        assert!(row["cells"][0].get(key).is_some(), "cell.{key}");
    }
    let doc = std::fs::read_to_string("docs/report-format.md").unwrap();
    for key in [
        "self_contradicting",
        "third_party_blame",
        "best_rule",
        "independent",
        "earlier",
    ] {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/report-format.md documents {key}"
        );
    }
}

#[test]
fn increments_add_to_the_source_s_total_and_contradict_nothing() {
    let dir = crate::common::tempdir();
    let article = |name: &str, date: &str, text: &str| {
        let front =
            format!("---\nlang: en\ndate: {date}\nevent: border-2022-09\noutlet: {name}\n---\n");
        std::fs::write(dir.join(format!("{name}.md")), front + text).unwrap();
    };
    article(
        "a",
        "2022-09-13",
        "The Armenian defence ministry said at least 4 soldiers were killed.\n",
    );
    article(
        "b",
        "2022-09-14",
        "The Armenian defence ministry said one more soldier died of his wounds.\n",
    );
    article(
        "c",
        "2022-09-14",
        "Another 2 Armenian soldiers were killed overnight.\n",
    );
    let claims: Value =
        serde_json::from_str(&claims_text(&[dir.to_str().unwrap()], Format::Json)).unwrap();
    let flags: Vec<bool> = (claims.as_array().unwrap().iter())
        .map(|c| c["increment"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(flags, [false, true, true], "{claims:#}");
    let r = report(dir.to_str().unwrap());
    let am = row(event(&r, "border-2022-09"), "am", "killed");
    let ministry = cell(am, "am_mod");
    assert_eq!(ministry["figure"], ">=5 (>=4 + 1 more)");
    assert_eq!(ministry["added"], 1);
    assert_eq!(
        ministry["earlier"],
        serde_json::json!([]),
        "a running total, not a revision"
    );
    // The outlet's "another 2" adds to no total of its own: shown, compared with nothing.
    assert_eq!(cell(am, "outlet")["figure"], "+2");
    assert_eq!(am["status"], "single-source");
    assert_eq!(am["self_contradicting"], serde_json::json!([]));
    assert_eq!(am["estimate"]["low"], 5);
}

#[test]
fn reports_of_one_incident_days_apart_are_one_event() {
    // fixtures/events: two wire reports of the February 2024 border incident, a day apart, in
    // no named event; together they show the blame conflict neither shows alone.
    let r = report("fixtures/events/");
    let e = event(&r, "2024-02-13");
    assert_eq!(e["blame_conflict"], true, "{e:#}");
    let ids: Vec<&str> = (r["events"].as_array().unwrap().iter())
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"2024-02-14"), "{ids:?}");
    // The dateline, not the place it names, dates the article without front matter.
    assert!(ids.contains(&"2023-09-20"), "{ids:?}");
    assert!(!ids.contains(&"khankendi-2023-03"), "{ids:?}");
    // A date written in a sentence moves its claims into the event holding it.
    let war = event(&r, "border-2022-09");
    assert_eq!(row(war, "am", "killed")["cells"][0]["figure"], ">=49");
    assert_eq!(row(war, "az", "killed")["cells"][0]["figure"], "50");
}

#[test]
fn explain_events_says_why_each_article_went_where() {
    let s = ok(cc().args(["report", "fixtures/events/", "--explain-events"]));
    for why in [
        "fixtures/events/dateline-stepanakert.md: 2 claims: dated 2023-09-20 by its dateline (\"sept 20, 2023\"), in no event's window",
        "fixtures/events/wire-2024-02-14.md: 2 claims: dated 2024-02-14 by its front matter's date, in no event's window; one incident with the reports of 2024-02-13 (fixtures/events/wire-2024-02-13.md): 1 day apart, sides am, az, wounded, blame in common",
        "fixtures/events/crawl-date.md: 1 claim: no date in it or its front matter; it names a place of border-2021-11 (\"kalbajar\")",
        "fixtures/events/dated-in-text.md: 2 claims: a date near it (\"13 september\")",
    ] {
        assert!(s.contains(why), "missing {why:?} in\n{s}");
    }
    // The reduce step explains the same from claims written with their provenance.
    let dir = crate::common::tempdir();
    let claims = dir.join("claims.jsonl");
    ok(cc()
        .args([
            "claims",
            "fixtures/events/",
            "--format",
            "jsonl",
            "--provenance",
            "-o",
        ])
        .arg(&claims));
    let again = ok(cc().arg("reconcile").arg(&claims).arg("--explain-events"));
    let tail = |t: &str| t[t.find("Events:").unwrap()..].to_string();
    assert_eq!(tail(&again), tail(&s));
    // A machine-read format stays whole: the explanation goes to stderr.
    let out = cc()
        .args([
            "report",
            "fixtures/events/",
            "--explain-events",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout).expect("the JSON report stays JSON");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Events: why"));
}

#[test]
fn keeping_only_the_claims_figures_are_read_from_gives_the_same_tables() {
    use crosscheck::compare::reconcile::{Incidents, Keep, Reconciler};
    // Every fixture set and the gold, each claim fed alone and in reverse order, the way a
    // large corpus streams into `report`: the text tables are those of the full report.
    let claims = crate::common::corpus(&["fixtures/", "fixtures/gold/articles/"]);
    let mut incidents = Incidents::default();
    for c in &claims {
        incidents.note(pack(), c);
    }
    let mut lean = Reconciler::new(pack(), incidents, Keep::Figures, true);
    for c in claims.iter().rev() {
        lean.add(c.clone());
    }
    let lean = lean.finish();
    let full = crosscheck::compare::reconcile::reconcile(pack(), &claims);
    let page = Page::new(pack(), None);
    for format in [Format::Table, Format::Markdown] {
        assert_eq!(
            crosscheck::report::report(format, &lean, crate::common::PIPED, &page),
            crosscheck::report::report(format, &full, crate::common::PIPED, &page),
        );
    }
    // And it let claims go: fewer are kept than were given.
    let kept = |r: &crosscheck::compare::reconcile::Report| -> usize {
        (r.events.iter())
            .flat_map(|e| e.rows.iter().flat_map(|r| &r.cells))
            .map(|c| c.claims.len())
            .sum()
    };
    assert!(kept(&lean) < kept(&full), "{} {}", kept(&lean), kept(&full));
}
