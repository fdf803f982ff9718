//! All YAML parsing lives here: rule files and front matter go through [`parse`].

use crate::error::{Error, Location};
use crate::rules::RuleError;
use serde::de::DeserializeOwned;

/// A parsed YAML node, for the few rule shapes that take more than one form.
pub use serde_yaml::Value;

/// Parses a rule file `text` (the content of `file`) into `T`; errors carry file, line, column,
/// and the id of the rule they are in.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, line_offset: usize) -> Result<T, Error> {
    parse_at(file, text, line_offset).map_err(|(at, index, message)| Error::Rule {
        at,
        rule: enclosing_rule_id(text, index),
        error: Box::new(problem(text, message)),
    })
}

/// The kind of problem serde's `message` about `text` describes.
fn problem(text: &str, message: String) -> RuleError {
    if let Some(e) = RuleError::from_serde(&message) {
        return e;
    }
    // Reading the text as any YAML tells a syntax error from a shape the format does not take
    // (done only on failure; skipping nodes expands no aliases).
    match serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => RuleError::Invalid { message },
        Err(_) => RuleError::Syntax { message },
    }
}

/// Parses front matter that starts `line_offset` lines into `file`.
pub fn parse_front_matter<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Error> {
    parse_at(file, text, line_offset).map_err(|(at, _, message)| Error::Input {
        at,
        message: format!("front matter: {message}"),
    })
}

/// Parses a whole input document (a gold file): errors are input errors with file, line, column.
pub fn parse_input<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Error> {
    parse_at(file, text, 0).map_err(|(at, _, message)| Error::Input { at, message })
}

/// Writes `v` as YAML (expectation files).
pub fn to_string<T: serde::Serialize>(v: &T) -> String {
    serde_yaml::to_string(v).expect("expectations serialise")
}

/// Deserialises a node already parsed; the message says what was wrong, without a place
/// (the caller's deserializer adds the place of the enclosing node).
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_yaml::from_value(v).map_err(|e| strip_position(&e.to_string()))
}

fn parse_at<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, (Location, usize, String)> {
    serde_yaml::from_str(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        let mut index = e.location().map_or(0, |l| l.index());
        // serde reports a bad key or value at its enclosing node: point at the token itself.
        if let Some(needle) = offending_token(&message) {
            // A duplicate key is the second occurrence; other tokens are the first.
            let nth = usize::from(message.contains("duplicate field `"));
            if let Some((i, _)) = text
                .get(index..)
                .and_then(|t| t.match_indices(&needle).nth(nth))
            {
                index += i;
            }
        }
        let (line, column) = crate::error::line_col(text, index);
        let at = Location {
            file: file.to_string(),
            line: line + line_offset,
            column,
        };
        (at, index, message)
    })
}

/// The text to look for when serde names the offending key or value in its message.
fn offending_token(message: &str) -> Option<String> {
    let quoted = |q: char| message.split(q).nth(1).map(str::to_string);
    if message.contains("unknown field `") || message.contains("duplicate field `") {
        quoted('`').map(|k| format!("{k}:"))
    } else if message.contains("unknown variant `") {
        quoted('`')
    } else if message.contains("invalid type: string \"")
        || message.contains("invalid value: string \"")
    {
        quoted('"')
    } else {
        None
    }
}

/// serde_yaml appends " at line L column C" to messages; we print the place ourselves.
fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The id of the rule (a `- id: X` item) that byte `index` falls in, if the text before it has one.
fn enclosing_rule_id(text: &str, index: usize) -> Option<String> {
    let before = &text[..crate::error::floor_char_boundary(text, index)];
    let rules_at = before.rfind("\nrules:")?;
    before[rules_at..]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- id:"))
        .next_back()
        .map(|id| id.trim().trim_matches(['"', '\'']).to_string())
}

/// Where a post-parse check should point: the first line at or after `from` containing `needle`.
///
/// serde keeps no spans, so checks made after parsing find their place in the text again.
pub fn locate(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let from = crate::error::floor_char_boundary(text, from);
    let at = text[from..].find(needle).map_or(from, |i| from + i);
    crate::error::line_col(text, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn error_names_line_and_column() {
        let e = parse::<BTreeMap<String, u32>>("r.yaml", "a: 1\nb: x\n", 0).unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("r.yaml:2:"), "{s}");
        assert!(!s.contains(" at line "), "{s}");
    }

    #[test]
    fn locate_finds_needle_after_offset() {
        let t = "id: a\npattern: x\nid: b\npattern: y\n";
        assert_eq!(locate(t, "pattern", 12), (4, 1));
    }

    #[test]
    fn enclosing_rule_is_the_last_id_before() {
        let t = "lang: x\nrules:\n  - id: a.one\n    k: 1\n  - id: a.two\n    k: 2\n";
        assert_eq!(
            enclosing_rule_id(t, t.find("k: 2").unwrap()).as_deref(),
            Some("a.two")
        );
        assert_eq!(enclosing_rule_id(t, 3), None);
    }
}
