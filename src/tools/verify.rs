//! Rule examples as tests: each example sentence must (or must not) yield a claim from its rule.

use crate::extract::driver::extract_text_into;
use crate::extract::sink::{Decision, Sink};
use crate::model::Claim;
use crate::report::Style;
use crate::rules::{ExpectClaim, RulePack};
use comfy_table::{Cell, Color};

/// The result of one example.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    pub rule: String,
    pub text: String,
    pub expected: String,
    pub got: String,
    pub passed: bool,
}

/// Runs every example of every rule, in pack order.
pub fn run_examples(pack: &RulePack) -> Vec<Outcome> {
    let mut out = Vec::new();
    for lang in &pack.languages {
        for rule in &lang.rules {
            for ex in &rule.examples {
                let mut seen = Seen {
                    rule: &rule.id,
                    taken: None,
                    claims: Vec::new(),
                };
                extract_text_into(pack, lang, &ex.text, &mut seen);
                let claims: Vec<Claim> = seen
                    .claims
                    .into_iter()
                    .filter(|c| c.rule == rule.id)
                    .collect();
                let got = if claims.is_empty() {
                    // Say which rule took the text, when another did.
                    match seen.taken {
                        Some(why) => format!("none: {why}"),
                        None => "none".to_string(),
                    }
                } else {
                    claims.iter().map(describe).collect::<Vec<_>>().join("; ")
                };
                let (expected, passed) = match &ex.expect {
                    None => ("none".to_string(), claims.is_empty()),
                    Some(e) => (describe_expect(e), claims.iter().any(|c| fits(e, c))),
                };
                out.push(Outcome {
                    rule: rule.id.clone(),
                    text: ex.text.clone(),
                    expected,
                    got,
                    passed,
                });
            }
        }
    }
    out
}

/// The claims of an example, and why a match of the rule under test was dropped when another
/// rule took its text.
struct Seen<'a> {
    rule: &'a str,
    taken: Option<String>,
    claims: Vec<Claim>,
}

impl Sink for Seen<'_> {
    fn decision(&mut self, d: &Decision) {
        if d.rule.id == self.rule && d.why.contains("taken by rule") && self.taken.is_none() {
            let why = d.why.trim_start_matches("dropped: ");
            self.taken = Some(why.to_string());
        }
    }
    fn claims(&mut self, claims: Vec<Claim>) {
        self.claims.extend(claims);
    }
}

/// Whether a claim has every field the expectation states.
pub fn fits(e: &ExpectClaim, c: &Claim) -> bool {
    let eq =
        |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| Some(w) == have);
    e.kind == c.kind
        && eq(&e.side, c.side.as_ref().map(|s| s.0.as_str()))
        && eq(&e.source, Some(c.source.0.as_str()))
        && eq(&e.accuser, c.accuser.as_ref().map(|s| s.0.as_str()))
        && eq(&e.accused, c.accused.as_ref().map(|s| s.0.as_str()))
        && e.value.is_none_or(|v| Some(v) == c.value)
        && e.upper.is_none_or(|v| Some(v) == c.upper)
        && e.bound.is_none_or(|b| Some(b) == c.bound)
        && e.group.is_none_or(|g| Some(g) == c.group)
        && e.parts.as_ref().is_none_or(|p| p == &c.parts)
}

/// A claim in one short line: `killed x >=2 by x_mod`.
pub fn describe(c: &Claim) -> String {
    format!("{} by {}", c.summary(), c.source)
}

fn describe_expect(e: &ExpectClaim) -> String {
    let yaml = serde_json::to_value(e).expect("expectation serialises");
    let fields: Vec<String> = yaml
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), str::to_string)))
        .collect();
    fields.join(" ")
}

/// The `rules test` table: per rule, how many examples passed and failed.
pub fn table(outcomes: &[Outcome], style: Style) -> String {
    let mut t = crate::report::table(
        style,
        vec![
            "rule".into(),
            "examples".into(),
            "passed".into(),
            "failed".into(),
            "result".into(),
        ],
    );
    let mut rules: Vec<&str> = outcomes.iter().map(|o| o.rule.as_str()).collect();
    rules.dedup();
    for r in rules {
        let of: Vec<_> = outcomes.iter().filter(|o| o.rule == r).collect();
        let failed = of.iter().filter(|o| !o.passed).count();
        let mut result = Cell::new(if failed == 0 { "pass" } else { "FAIL" });
        if style.color {
            result = result.fg(if failed == 0 {
                Color::Green
            } else {
                Color::Red
            });
        }
        t.add_row(vec![
            Cell::new(r),
            Cell::new(of.len()),
            Cell::new(of.len() - failed),
            Cell::new(failed),
            result,
        ]);
    }
    format!("{t}\n")
}
