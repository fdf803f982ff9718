//! Errors that stop a run: each prints as one line naming file, line, column and rule.

mod rule;

pub use rule::RuleError;
use std::fmt;

/// A place in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// What went wrong, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A rule file is broken: what is wrong, where, and in which rule.
    Rule {
        at: Location,
        rule: Option<String>,
        /// Boxed: a rule problem is rare, and every `Result` of the crate carries its size.
        error: Box<RuleError>,
    },
    /// An input file cannot be used.
    Input { at: Location, message: String },
    /// Reading or writing failed.
    Io { path: String, message: String },
    /// The command line asks for something impossible.
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Rule { at, rule, error } => {
                write!(f, "{}:{}:{}: ", at.file, at.line, at.column)?;
                if let Some(id) = rule {
                    write!(f, "rule {id}: ")?;
                }
                write!(f, "{error}")
            }
            Error::Input { at, message } => {
                write!(f, "{}:{}:{}: {}", at.file, at.line, at.column, message)
            }
            Error::Io { path, message } => write!(f, "{path}: {message}"),
            Error::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// Several errors found in one pass (a rule pack reports all its problems at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

/// 1-based line and column (in chars) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
