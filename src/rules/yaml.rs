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

/// Parses a rule file like [`parse`], but goes on past a broken rule: each rule item serde
/// stops at is reported and blanked out (byte offsets and lines kept), and the file parsed
/// again, so one run names every broken rule of the file. The value is what parsed without the
/// broken rules, if anything did.
pub fn parse_all<T: DeserializeOwned>(file: &str, text: &str) -> (Option<T>, Vec<Error>) {
    /// More broken rules than this in one file are reported on the next run.
    const MAX_ERRORS: usize = 100;
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut errors = Vec::new();
    // What was blanked: an alias of an anchor defined there is no new problem.
    let mut blanked = String::new();
    for _ in 0..MAX_ERRORS {
        match parse_at::<T>(file, &text, 0) {
            Ok(v) => return (Some(v), errors),
            Err((at, index, message)) => {
                let range = enclosing_rule_range(&text, index);
                let alias = text.get(index..).and_then(|t| {
                    let t = &t[t.find('*')? + 1..];
                    let end = t.find(|c: char| c.is_whitespace() || ",]}".contains(c));
                    Some(t[..end.unwrap_or(t.len())].to_string())
                });
                let cascade = message.contains("unknown anchor")
                    && alias.is_some_and(|a| blanked.contains(&format!("&{a}")));
                if !cascade {
                    errors.push(Error::Rule {
                        at,
                        rule: enclosing_rule_id(&text, index),
                        error: Box::new(problem(&text, message)),
                    });
                }
                let Some((a, b)) = range else {
                    return (None, errors);
                };
                blanked.push_str(&text[a..b]);
                let blank: String = text[a..b]
                    .chars()
                    .map(|c| {
                        if c == '\n' {
                            "\n".to_string()
                        } else {
                            " ".repeat(c.len_utf8())
                        }
                    })
                    .collect();
                text.to_mut().replace_range(a..b, &blank);
            }
        }
    }
    (None, errors)
}

/// The byte range of the rule item (`- id: X` under `rules:`) that byte `index` falls in: from
/// its dash to the next item at the same indentation or the first line indented less.
fn enclosing_rule_range(text: &str, index: usize) -> Option<(usize, usize)> {
    let index = crate::error::floor_char_boundary(text, index);
    let rules_at = rules_key(&text[..index])?;
    // The start of the last `- id:` line before the index.
    let mut start = None;
    let mut at = rules_at;
    for line in text[rules_at..].split_inclusive('\n') {
        if at > index {
            break;
        }
        if line.trim_start().starts_with("- id:") {
            start = Some((at, line.len() - line.trim_start().len()));
        }
        at += line.len();
    }
    let (start, indent) = start?;
    let first = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let mut end = first;
    for line in text[first..].split_inclusive('\n') {
        let body = line.trim_start();
        let depth = line.len() - body.len();
        let blank = body.trim().is_empty() || body.starts_with('#');
        if !blank && (depth < indent || depth == indent && body.starts_with("- ")) {
            break;
        }
        end += line.len();
    }
    Some((start, end))
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

/// Where the last top-level `rules:` key in `text` starts.
fn rules_key(text: &str) -> Option<usize> {
    match text.rfind("\nrules:") {
        Some(i) => Some(i + 1),
        None => text.starts_with("rules:").then_some(0),
    }
}

/// The id of the rule (a `- id: X` item) that byte `index` falls in, if the text before it has one.
fn enclosing_rule_id(text: &str, index: usize) -> Option<String> {
    let before = &text[..crate::error::floor_char_boundary(text, index)];
    let rules_at = rules_key(before)?;
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
    fn parse_all_reports_every_broken_rule_of_a_file() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        struct R {
            id: String,
            #[allow(dead_code)]
            kind: u32,
        }
        #[derive(serde::Deserialize, Debug)]
        struct F {
            rules: Vec<R>,
        }
        let t = "rules:\n  - id: a\n    kind: x\n  - id: b\n    kind: 2\n  - id: c\n    knd: 3\n";
        let (v, errors) = parse_all::<F>("r.yaml", t);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("r.yaml:3:") && lines[0].contains("rule a"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("r.yaml:7:") && lines[1].contains("rule c"),
            "{lines:?}"
        );
        let ids: Vec<String> = v.unwrap().rules.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["b"]);
    }

    #[test]
    fn parse_all_does_not_report_aliases_of_a_broken_rule_s_anchor() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct R {
            id: String,
            words: Vec<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct F {
            rules: Vec<R>,
        }
        let t = "rules:\n  - id: a\n    wrds: 1\n    words: &w [x]\n  - id: b\n    words: *w\n  - id: c\n    words: *nope\n";
        let (_, errors) = parse_all::<F>("r.yaml", t);
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("rule a") && lines[0].contains("wrds"),
            "{lines:?}"
        );
        assert!(lines[1].starts_with("r.yaml:8:"), "{lines:?}");
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
