//! The HTML report: what the page holds (a chart per row, a blame diagram per event with blame,
//! every claim with its quote and link), and that nothing from an article can run or reorder it.
//! scripts/browser_test.py checks the same page in a real browser.

use crate::common::{cc, claims_text, report_json, report_text, stdout, tempdir};
use crosscheck::report::Format;
use dom_query::Document;

/// The HTML report of `path` (in-process; as `report PATH --format html` to stdout).
fn page(path: &std::path::Path) -> String {
    report_text(&[path.to_str().unwrap()], Format::Html)
}

/// The text of each element `selector` finds.
fn texts(doc: &Document, selector: &str) -> Vec<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .map(|n| n.text().to_string())
        .collect()
}

/// Every attribute of every element of the page, as (element, name, value).
fn attributes(doc: &Document) -> Vec<(String, String, String)> {
    doc.select("*")
        .nodes()
        .iter()
        .flat_map(|n| {
            let tag = n.node_name().map(|t| t.to_string()).unwrap_or_default();
            n.attrs()
                .into_iter()
                .map(move |a| (tag.clone(), a.name.local.to_string(), a.value.to_string()))
        })
        .collect()
}

/// What no page may hold, whatever its input: scripts, handlers, embedded or remote content.
fn assert_inert(page: &str) {
    let doc = Document::from(page);
    for tag in [
        "script", "iframe", "object", "embed", "img", "link", "base", "form",
    ] {
        assert_eq!(doc.select(tag).length(), 0, "a <{tag}> element in the page");
    }
    assert!(!page.to_lowercase().contains("<script"), "{page}");
    for (tag, name, value) in attributes(&doc) {
        assert!(!name.starts_with("on"), "handler {name}={value} on <{tag}>");
        if name == "href" || name == "src" {
            assert!(
                value.starts_with("./")
                    || value.starts_with("../")
                    || value.starts_with('#')
                    || value.starts_with("file:///"),
                "{tag} {name}={value}"
            );
        }
    }
    let csp = doc.select("meta[http-equiv=Content-Security-Policy]");
    assert_eq!(
        csp.attr("content").map(|c| c.to_string()).as_deref(),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    );
    for c in [
        '\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    ] {
        assert!(
            !page.contains(c),
            "bidi control U+{:04X} in the page",
            c as u32
        );
    }
}

#[test]
fn the_fixtures_page_has_a_chart_per_row_a_diagram_per_blame_and_every_claim() {
    let page = page("fixtures/".as_ref());
    assert_inert(&page);
    let doc = Document::from(page.as_str());
    let rep = report_json("fixtures/");
    let events = rep["events"].as_array().unwrap();
    assert_eq!(doc.select("section.event").length(), events.len());
    let rows: usize = events
        .iter()
        .map(|e| e["rows"].as_array().unwrap().len())
        .sum();
    assert_eq!(doc.select("figure.row").length(), rows);
    assert_eq!(doc.select("figure.row svg").length(), rows);
    let conflicts = events
        .iter()
        .flat_map(|e| e["rows"].as_array().unwrap())
        .filter(|r| r["status"] == "conflict")
        .count();
    assert!(conflicts > 0);
    assert_eq!(doc.select("figure.row.conflict").length(), conflicts);
    // The summary's conflicts link to their charts.
    let targets: Vec<String> = doc
        .select("table.summary a.status.conflict")
        .nodes()
        .iter()
        .filter_map(|a| a.attr("href").map(|h| h.to_string()))
        .collect();
    assert_eq!(targets.len(), conflicts);
    for t in targets {
        let sel = format!("figure.row.conflict[id=\"{}\"]", t.trim_start_matches('#'));
        assert_eq!(doc.select(&sel).length(), 1, "{t}");
    }
    let blamed = events
        .iter()
        .filter(|e| !e["blame"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(doc.select("figure.blame svg").length(), blamed);
    let mutual = events
        .iter()
        .filter(|e| e["blame_conflict"] == true)
        .count();
    assert_eq!(doc.select("figure.blame.mutual").length(), mutual);
    // One table row, one quote and one link per claim.
    let claims = claims_text(&["fixtures/"], Format::Jsonl);
    let n = claims.lines().count();
    assert_eq!(doc.select("table.claims tbody tr").length(), n);
    assert_eq!(doc.select("q.quote[dir=auto]").length(), n);
    assert_eq!(doc.select("td.where a").length(), n);
    assert_eq!(doc.select("details.claims[open]").length(), events.len());
    // Figures are marked inside the quotes, as written ("7", a number word, "300" and "500").
    let marks = texts(&doc, "q.quote mark");
    assert!(marks.len() >= 40, "{marks:?}");
    for m in ["7", "105", "300", "500", "320"] {
        assert!(marks.iter().any(|x| x == m), "no mark {m} in {marks:?}");
    }
    // The key explains the marks with the same drawing, and the summary heads the page.
    assert_eq!(doc.select("header .key svg").length(), 1);
    let lede = doc.select("header p.lede").text().to_string();
    assert!(
        lede.starts_with(&format!("{n} claims from 17 articles in 8 events")),
        "{lede}"
    );
    // The Arabic rules' fonts are in the page's font stack.
    let style = doc.select("style").text().to_string();
    assert!(
        style.contains(":lang(ar){font-family:\"Noto Naskh Arabic\""),
        "{style}"
    );
}

#[test]
fn hostile_articles_show_as_text_and_nothing_runs() {
    let dir = tempdir();
    std::fs::write(
        dir.join("a.md"),
        "---\n\
         title: \"<script>alert('title')</script>\"\n\
         outlet: \"\\\"><img src=x onerror=alert(1)><script>alert(2)</script>\"\n\
         date: 2022-09-13\n\
         event: \"e\\\" onmouseover=\\\"alert(3)\\\"><script>alert(4)</script>\"\n\
         lang: en\n\
         ---\n\
         At least 5 civilians were killed. <script>alert(5)</script>\n\
         The Armenian defence ministry said 4 soldiers\u{202E} were killed.\n\
         The Azerbaijani defence ministry said 50 soldiers were killed ' onload='alert(6)'.\n",
    )
    .unwrap();
    // Such a name is a valid file name here: written unconditionally, so the link check below
    // always runs.
    let name = dir.join("x\"'><script>alert(7)<.md");
    std::fs::write(
        &name,
        "---\ndate: 2022-09-13\n---\n7 soldiers were killed.\n",
    )
    .unwrap();
    let page = page(&dir);
    assert_inert(&page);
    let doc = Document::from(page.as_str());
    let text = doc.select("body").text().to_string();
    // The outlet's and the event's markup are shown, as text.
    assert!(
        text.contains("\"><img src=x onerror=alert(1)><script>alert(2)</script>"),
        "{text}"
    );
    assert!(text.contains("<script>alert(4)</script>"), "{text}");
    // The bidi override in the quote is a visible placeholder; the quote is still there.
    let quotes = texts(&doc, "q.quote");
    assert!(
        quotes.iter().any(|q| q == "4 soldiers\u{FFFD} were killed"),
        "{quotes:?}"
    );
    let links: Vec<String> = attributes(&doc)
        .into_iter()
        .filter(|(t, n, _)| t == "a" && n == "href")
        .map(|(_, _, v)| v)
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l.ends_with("/x%22%27%3E%3Cscript%3Ealert%287%29%3C.md")),
        "{links:?}"
    );
}

#[test]
fn links_point_at_the_articles_from_where_the_page_is_written() {
    let dir = tempdir();
    let out = dir.join("deep").join("report.html");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    cc().args(["report", "fixtures/seeds", "--format", "html", "-o"])
        .arg(&out)
        .assert()
        .success();
    let page = std::fs::read_to_string(&out).unwrap();
    let doc = Document::from(page.as_str());
    let here = std::env::current_dir().unwrap();
    let links: Vec<String> = attributes(&doc)
        .into_iter()
        .filter(|(_, name, href)| name == "href" && !href.starts_with('#'))
        .map(|(_, _, href)| href)
        .collect();
    // One link per claim of the seeds: a page without links would pass the loop unchecked.
    assert_eq!(
        links.len(),
        crate::common::corpus(&["fixtures/seeds"]).len(),
        "{links:?}"
    );
    for href in links {
        // The link, resolved from the page's directory, is the article.
        let target = out.parent().unwrap().join(&href);
        let target = target.canonicalize().unwrap_or(target);
        assert!(target.is_file(), "{href} -> {}", target.display());
        assert!(target.starts_with(here.join("fixtures/seeds")), "{href}");
    }
}

#[test]
fn the_page_is_the_same_whatever_the_thread_count_and_claims_render_alone() {
    let one = stdout(&["report", "fixtures/", "--format", "html", "-j", "1"]);
    let two = stdout(&["report", "fixtures/", "--format", "html", "-j", "2"]);
    assert!(
        one == two,
        "the HTML report differs between 1 and 2 threads"
    );
    let claims = claims_text(&["fixtures/seeds"], Format::Html);
    assert_inert(&claims);
    let doc = Document::from(claims.as_str());
    let n = claims_text(&["fixtures/seeds"], Format::Jsonl)
        .lines()
        .count();
    assert!(n > 0);
    assert_eq!(doc.select("table.claims tbody tr").length(), n);
    assert_eq!(doc.select("svg").length(), 0);
}

#[test]
fn a_long_claims_list_starts_folded() {
    let dir = tempdir();
    let mut text = String::from("---\ndate: 2022-09-13\nlang: en\n---\n");
    for i in 1..=101 {
        text.push_str(&format!(
            "The Azerbaijani defence ministry said {i} soldiers were killed.\n"
        ));
    }
    std::fs::write(dir.join("many.md"), text).unwrap();
    let page = page(&dir);
    let doc = Document::from(page.as_str());
    assert_eq!(doc.select("details.claims").length(), 1);
    assert_eq!(doc.select("details.claims[open]").length(), 0);
    assert_eq!(
        doc.select("details.claims summary").text().trim(),
        "Claims (101)"
    );
    assert_eq!(doc.select("table.claims tbody tr").length(), 101);
}

#[test]
fn claims_without_an_event_get_a_section_that_says_so() {
    let dir = tempdir();
    std::fs::write(
        dir.join("undated.md"),
        "The Azerbaijani defence ministry said 3 soldiers were killed.\n",
    )
    .unwrap();
    let page = page(&dir);
    let doc = Document::from(page.as_str());
    let h2 = doc.select("section#event-unassigned h2").text().to_string();
    assert!(h2.starts_with("Claims no date or anchor places"), "{h2}");
    assert_eq!(doc.select("figure.row").length(), 1);
}

#[test]
fn third_party_blame_is_in_the_diagram_and_its_caption() {
    let dir = tempdir();
    std::fs::write(
        dir.join("a.md"),
        "---\ndate: 2022-09-13\nlang: en\n---\n\
         The Russian defence ministry blamed Azerbaijan for the attack.\n\
         The Armenian defence ministry said 49 soldiers were killed in the Azerbaijani attack.\n",
    )
    .unwrap();
    let page = page(&dir);
    let doc = Document::from(page.as_str());
    let caption = doc.select("figure.blame figcaption").text().to_string();
    assert!(caption.contains("Third party: ru_mod blames"), "{caption}");
    // One-sided blame is not marked mutual; the third party is a node of its own.
    assert_eq!(doc.select("figure.blame.mutual").length(), 0);
    let svg = doc.select("figure.blame svg").text().to_string();
    assert!(svg.contains("ru_mod") && svg.contains("am_mod"), "{svg}");
}
