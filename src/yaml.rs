//! All YAML parsing lives here: rule files and front matter go through [`parse`].

use crate::error::{Error, Location};
use serde::de::DeserializeOwned;

/// Parses a rule file `text` (the content of `file`) into `T`; errors carry file, line, column.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, line_offset: usize) -> Result<T, Error> {
    parse_at(file, text, line_offset).map_err(|(at, message)| Error::Rule {
        at,
        rule: None,
        message,
    })
}

/// Parses front matter that starts `line_offset` lines into `file`.
pub fn parse_front_matter<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Error> {
    parse_at(file, text, line_offset).map_err(|(at, message)| Error::Input {
        at,
        message: format!("front matter: {message}"),
    })
}

fn parse_at<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, (Location, String)> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let at = Location {
            file: file.to_string(),
            line: line + line_offset,
            column,
        };
        (at, strip_position(&e.to_string()))
    })
}

/// serde_yaml appends " at line L column C" to messages; we print the place ourselves.
fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
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
}
