//! Rule examples as tests: each example sentence must (or must not) yield a claim from its rule.

use crate::extract::driver::extract_text;
use crate::model::Claim;
use crate::rules::{RulePack, raw::ExpectClaim};

/// The result of one example.
#[derive(Debug, Clone)]
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
                let claims: Vec<Claim> = extract_text(pack, lang, &ex.text)
                    .into_iter()
                    .filter(|c| c.rule == rule.id)
                    .collect();
                let got = if claims.is_empty() {
                    "none".to_string()
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
    format!("{} by {}", summary(c), c.source)
}

/// What a claim says, without who said it: `killed am >=2`, `blame az -> am`.
pub fn summary(c: &Claim) -> String {
    match (&c.side, &c.accuser, &c.accused) {
        (_, a, Some(b)) => format!(
            "{} {} -> {b}",
            c.kind.as_str(),
            a.as_ref().map_or("?", |a| a.0.as_str())
        ),
        (side, _, _) => {
            let side = side.as_ref().map_or("?", |s| s.0.as_str());
            format!("{} {side} {}", c.kind.as_str(), c.figure())
        }
    }
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
