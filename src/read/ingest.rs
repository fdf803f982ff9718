//! Ingest: files, directories and stdin into articles with metadata.

use crate::error::{Error, Location};
use crate::model::{Article, Meta};
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest article read, in bytes (`--max-article-mb`): bigger ones are skipped, since the
/// offset map back to the original costs several times an article's size in memory.
static MAX_ARTICLE_BYTES: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(10 << 20);

/// Sets the largest article read, in megabytes.
pub fn set_max_article_mb(mb: usize) {
    MAX_ARTICLE_BYTES.store(mb.max(1) << 20, std::sync::atomic::Ordering::Relaxed);
}

fn too_big(len: usize) -> Option<Skip> {
    let max = MAX_ARTICLE_BYTES.load(std::sync::atomic::Ordering::Relaxed);
    (len > max).then_some(Skip::TooLarge { max_mb: max >> 20 })
}

/// Why an input is not read as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Over `--max-article-mb`.
    TooLarge {
        max_mb: usize,
    },
    /// Nothing in the body.
    NoText,
    /// The file could not be read.
    Unreadable(String),
    /// A NUL byte at this offset.
    Binary {
        at: usize,
    },
    OddUtf16,
    InvalidUtf16,
    /// Neither UTF-8 (invalid at this place) nor UTF-16 with a byte order mark.
    InvalidUtf8 {
        line: usize,
        column: usize,
    },
    /// A corpus line that is not UTF-8.
    InvalidUtf8Line,
    HtmlUnreadable(String),
    NoMainText(String),
    /// A corpus line that is no article record.
    BadRecord(String),
    BadDate,
    SymlinkLoop,
    /// A directory walk error.
    Walk(String),
    /// A named file whose ending is no article format (its ending, or empty).
    NotAnArticle(String),
    /// A named `check` expectation file (`NAME.expect.yaml`).
    Expectation,
}

impl Skip {
    /// The kind of reason, as the run summary counts it.
    pub fn kind(&self) -> String {
        match self {
            Skip::TooLarge { max_mb } => format!("larger than the limit of {max_mb} MB"),
            Skip::NoText => "no text".into(),
            Skip::Unreadable(_) => "cannot be read".into(),
            Skip::Binary { .. } => "binary content".into(),
            Skip::OddUtf16 => "UTF-16 with an odd number of bytes".into(),
            Skip::InvalidUtf16 => "not valid UTF-16".into(),
            Skip::InvalidUtf8 { .. } | Skip::InvalidUtf8Line => "not valid UTF-8".into(),
            Skip::HtmlUnreadable(_) => "HTML not read".into(),
            Skip::NoMainText(_) => "no main text found in the HTML".into(),
            Skip::BadRecord(_) => "not a valid record".into(),
            Skip::BadDate => "`date` must start with YYYY-MM-DD".into(),
            Skip::SymlinkLoop => "symlink loop".into(),
            Skip::Walk(e) => e.split(" (").next().unwrap_or(e).to_string(),
            Skip::NotAnArticle(_) => "not an article format".into(),
            Skip::Expectation => "an expectation file".into(),
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::TooLarge { max_mb } => {
                write!(f, "larger than the limit of {max_mb} MB (--max-article-mb)")
            }
            Skip::Unreadable(e) => write!(f, "cannot be read ({e})"),
            Skip::Binary { at } => write!(f, "binary content (a NUL byte at byte {at})"),
            Skip::InvalidUtf8 { line, column } => write!(
                f,
                "not valid UTF-8 (line {line}, column {column}) and no UTF-16 byte order mark"
            ),
            Skip::HtmlUnreadable(e) => write!(f, "HTML not read ({e})"),
            Skip::NoMainText(e) => write!(f, "no main text found in the HTML ({e})"),
            Skip::BadRecord(e) => write!(f, "not a valid record ({e})"),
            Skip::Walk(e) => f.write_str(e),
            Skip::NotAnArticle(ext) => write!(
                f,
                "`.{ext}` is not an article format (articles end in .{})",
                ARTICLE_EXTENSIONS.join(", .")
            ),
            Skip::Expectation => f.write_str(
                "an expectation file of `check`, not an article (`check` reads it beside its article)",
            ),
            other => f.write_str(&other.kind()),
        }
    }
}

/// An input that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file, or `FILE:LINE` for a corpus record.
    pub at: String,
    pub why: Skip,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: skipped: {}", self.at, self.why)
    }
}

fn skip(at: impl Into<String>, why: Skip) -> Skipped {
    Skipped { at: at.into(), why }
}

/// An article worth reading: not over the size limit, and with some text in its body.
fn usable(a: Article, out: &mut Ingested) {
    if let Some(why) = too_big(a.text.len()) {
        out.skipped.push(skip(&a.path, why));
    } else if a.text[a.body_start..].trim().is_empty() {
        out.skipped.push(skip(&a.path, Skip::NoText));
    } else {
        out.articles.push(a);
    }
}

/// File endings read as articles when walking a directory.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "jsonl"];

/// Front matter fields; other keys are allowed and ignored.
#[derive(Debug, Default, Deserialize)]
struct RawMeta {
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    date: Option<serde_yaml::Value>,
    lang: Option<String>,
    event: Option<String>,
}

/// What ingest read, and what it had to skip (one line each, naming the place and why).
#[derive(Debug, Default)]
pub struct Ingested {
    pub articles: Vec<Article>,
    pub skipped: Vec<Skipped>,
}

/// The name of articles read from stdin.
pub use crate::model::STDIN;

/// Reads every article under `paths` (files, directories recursively, `-` for stdin), sorted
/// within directories. Text, markdown, HTML (main text) and JSONL corpora (one article a line).
pub fn collect(paths: &[String]) -> Result<Ingested, Error> {
    let (inputs, mut out) = list(paths)?;
    for input in &inputs {
        read_input(input, &mut out)?;
    }
    Ok(out)
}

/// One thing to read: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name its articles get (a corpus's records add `:LINE`).
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => STDIN.to_string(),
        }
    }
}

/// What `paths` name, in the order `collect` reads them: files (directories walked, sorted
/// within each), `-` as stdin; what cannot be read as an article is skipped with a reason.
pub fn list(paths: &[String]) -> Result<(Vec<Input>, Ingested), Error> {
    let mut inputs = Vec::new();
    let mut out = Ingested::default();
    for p in paths {
        if p == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            let ignored = ignore_file(path)?;
            for entry in walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0
                        || !ignored
                            .matched_path_or_any_parents(e.path(), e.file_type().is_dir())
                            .is_ignore()
                })
            {
                // A link loop or an unreadable folder is named and skipped, not fatal.
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let at = e
                            .path()
                            .map_or_else(|| p.clone(), |x| x.display().to_string());
                        let why = if e.loop_ancestor().is_some() {
                            Skip::SymlinkLoop
                        } else {
                            Skip::Walk(e.to_string())
                        };
                        out.skipped.push(skip(at, why));
                        continue;
                    }
                };
                if entry.file_type().is_file()
                    && ARTICLE_EXTENSIONS.contains(&extension(entry.path()).as_str())
                {
                    inputs.push(Input::File(entry.path().to_path_buf()));
                }
            }
        } else if path.exists() {
            // A named file is read when its ending is an article's, or when it has none.
            let ext = extension(path);
            if p.ends_with(".expect.yaml") {
                out.skipped.push(skip(p.clone(), Skip::Expectation));
            } else if !ext.is_empty() && !ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
                out.skipped.push(skip(p.clone(), Skip::NotAnArticle(ext)));
            } else {
                inputs.push(Input::File(path.to_path_buf()));
            }
        } else {
            return Err(Error::Io {
                path: p.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    Ok((inputs, out))
}

/// Reads one input's articles into `out` (an unreadable or unusable one is skipped there).
pub fn read_input(input: &Input, out: &mut Ingested) -> Result<(), Error> {
    match input {
        Input::File(f) => read_file(f, out),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| io(STDIN, e))?;
            let kind = match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => "jsonl",
                Some(b'<') => "html",
                _ => "txt",
            };
            read_bytes(STDIN, kind, bytes, out)
        }
    }
}

/// The file in a directory given as input that lists, in gitignore syntax, paths under it that
/// are not articles to read (a gold set kept beside fixtures, drafts).
pub const IGNORE_FILE: &str = ".crosscheckignore";

/// The patterns of `dir`'s ignore file (none when it has no such file).
fn ignore_file(dir: &Path) -> Result<ignore::gitignore::Gitignore, Error> {
    let file = dir.join(IGNORE_FILE);
    let mut b = ignore::gitignore::GitignoreBuilder::new(dir);
    if file.is_file()
        && let Some(e) = b.add(&file)
    {
        return Err(Error::Io {
            path: file.display().to_string(),
            message: e.to_string(),
        });
    }
    b.build().map_err(|e| Error::Io {
        path: file.display().to_string(),
        message: e.to_string(),
    })
}

/// The kind of unnamed input (stdin) by its first character: JSONL, HTML or text.
pub fn sniff(bytes: &[u8]) -> &'static str {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => "jsonl",
        Some(b'<') => "html",
        _ => "txt",
    }
}

/// Articles from unnamed bytes (stdin), their kind sniffed.
pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Ingested, Error> {
    let mut out = Ingested::default();
    read_bytes(name, sniff(&bytes), bytes, &mut out)?;
    Ok(out)
}

fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn io(path: &str, e: std::io::Error) -> Error {
    Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    }
}

fn read_file(path: &Path, out: &mut Ingested) -> Result<(), Error> {
    let name = path.display().to_string();
    // A file that cannot be read is named and skipped: the run still fails unless --keep-going.
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(&name, &extension(path), bytes, out),
        Err(e) => {
            out.skipped
                .push(skip(name, Skip::Unreadable(e.to_string())));
            Ok(())
        }
    }
}

/// Decodes and parses one input by its kind; unusable content is skipped with a reason.
fn read_bytes(name: &str, kind: &str, bytes: Vec<u8>, out: &mut Ingested) -> Result<(), Error> {
    // A corpus is many articles: the limit applies to each of its records, not to the file.
    if let Some(why) = too_big(bytes.len()).filter(|_| kind != "jsonl") {
        out.skipped.push(skip(name, why));
        return Ok(());
    }
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(why) => {
            out.skipped.push(skip(name, why));
            return Ok(());
        }
    };
    match kind {
        "html" | "htm" => match html_article(name, &text) {
            Ok(a) => usable(a, out),
            Err(why) => out.skipped.push(skip(name, why)),
        },
        "jsonl" => jsonl_articles(name, &text, out),
        _ => usable(article(name, text)?, out),
    }
    Ok(())
}

/// Text from bytes: UTF-8 (a BOM is kept and later dropped as a format mark), or UTF-16 with a
/// BOM; anything else is not an article.
fn decode(bytes: Vec<u8>) -> Result<String, Skip> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        if !rest.len().is_multiple_of(2) {
            return Err(Skip::OddUtf16);
        }
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
        String::from_utf16(&units).map_err(|_| Skip::InvalidUtf16)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err(Skip::Binary { at: i });
    }
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..off]).unwrap_or("");
        let (line, column) = crate::error::line_col(valid, off);
        Skip::InvalidUtf8 { line, column }
    })
}

/// The main text of an HTML page (navigation and boilerplate dropped) under its title, with the
/// publication date; spans and lines refer to this extracted text.
fn html_article(name: &str, html: &str) -> Result<Article, Skip> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg))
        .map_err(|e| Skip::HtmlUnreadable(e.to_string()))?;
    let page = r.parse().map_err(|e| Skip::NoMainText(e.to_string()))?;
    let date = page
        .published_time
        .as_deref()
        .and_then(|t| t.get(..10))
        .and_then(|d| d.parse().ok());
    let meta = Meta {
        title: Some(page.title.clone()).filter(|t| !t.is_empty()),
        outlet: page.site_name.clone(),
        date,
        ..Meta::default()
    };
    // The headline is part of the article (readability drops an <h1> that repeats it).
    let body = page.text_content.trim();
    let text = match &meta.title {
        Some(t) if !body.starts_with(t.as_str()) => format!("{t}\n\n{body}\n"),
        _ => format!("{body}\n"),
    };
    Ok(Article {
        path: name.to_string(),
        text,
        body_start: 0,
        meta,
    })
}

/// One record of a JSONL corpus: `text` and the front-matter fields, and an optional `id`
/// naming the article (default `FILE:LINE`; a sharded map step sets it to keep names global).
#[derive(Deserialize)]
struct Record {
    id: Option<String>,
    text: String,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    event: Option<String>,
}

/// Articles of a JSONL corpus, named `FILE:LINE`; a line that is no valid record is skipped.
fn jsonl_articles(name: &str, text: &str, out: &mut Ingested) {
    for (i, line) in text.lines().enumerate() {
        jsonl_record(name, i + 1, line, out);
    }
}

/// A JSONL corpus read a batch of records at a time, for streaming.
pub struct JsonlBatches<R: std::io::BufRead> {
    name: String,
    reader: R,
    size: usize,
    line: usize,
}

impl<R: std::io::BufRead> JsonlBatches<R> {
    /// Reads `reader` (named `name`) `size` records at a time.
    pub fn new(name: &str, reader: R, size: usize) -> Self {
        JsonlBatches {
            name: name.to_string(),
            reader,
            size: size.max(1),
            line: 0,
        }
    }

    /// The next batch, or `None` at the end.
    pub fn next_batch(&mut self) -> std::io::Result<Option<Ingested>> {
        let mut out = Ingested::default();
        let mut buf = Vec::new();
        while out.articles.len() + out.skipped.len() < self.size {
            buf.clear();
            if self.reader.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            self.line += 1;
            match std::str::from_utf8(&buf) {
                Ok(l) => jsonl_record(
                    &self.name,
                    self.line,
                    l.trim_end_matches(['\n', '\r']),
                    &mut out,
                ),
                Err(_) => out.skipped.push(skip(
                    format!("{}:{}", self.name, self.line),
                    Skip::InvalidUtf8Line,
                )),
            }
        }
        Ok((!out.articles.is_empty() || !out.skipped.is_empty()).then_some(out))
    }
}

/// One record of a JSONL corpus at line `n`; a blank line is nothing, a broken one is skipped.
fn jsonl_record(name: &str, n: usize, line: &str, out: &mut Ingested) {
    if line.trim().is_empty() {
        return;
    }
    let at = format!("{name}:{n}");
    let record: Record = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            out.skipped.push(skip(at, Skip::BadRecord(e.to_string())));
            return;
        }
    };
    let date = match record
        .date
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d).parse::<jiff::civil::Date>())
    {
        Some(Err(_)) => {
            out.skipped.push(skip(at, Skip::BadDate));
            return;
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let meta = Meta {
        title: record.title,
        outlet: record.outlet,
        url: record.url,
        date,
        lang: record.lang,
        event: record.event.as_deref().map(crate::model::EventKey::parse),
    };
    usable(
        Article {
            path: record.id.unwrap_or(at),
            text: record.text,
            body_start: 0,
            meta,
        },
        out,
    );
}

/// Builds an article from a file's text, reading YAML front matter when the text starts with `---`.
pub fn article(name: &str, text: String) -> Result<Article, Error> {
    let (meta, body_start) = front_matter(name, &text)?;
    Ok(Article {
        path: name.to_string(),
        text,
        body_start,
        meta,
    })
}

fn front_matter(name: &str, text: &str) -> Result<(Meta, usize), Error> {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let rest = &text[bom..];
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return Ok((Meta::default(), bom));
    };
    let open_len = rest.len() - after_open.len();
    let mut offset = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body)) = close else {
        return Err(Error::Input {
            at: Location {
                file: name.into(),
                line: 1,
                column: 1,
            },
            message: "front matter is not closed (no line `---` after the opening one)".into(),
        });
    };
    let yaml = &after_open[..yaml_end];
    let raw: RawMeta = if yaml.trim().is_empty() {
        RawMeta::default()
    } else {
        crate::rules::yaml::parse_front_matter(name, yaml, 1)?
    };
    let date = match raw.date {
        None | Some(serde_yaml::Value::Null) => None,
        Some(v) => {
            let s = match &v {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let (line, column) = crate::rules::yaml::locate(text, "date:", 0);
            let day = s.get(..10).unwrap_or(&s);
            Some(day.parse::<jiff::civil::Date>().map_err(|_| Error::Input {
                at: Location {
                    file: name.into(),
                    line,
                    column,
                },
                message: format!("front matter: `date` must start with YYYY-MM-DD, got `{s}`"),
            })?)
        }
    };
    let meta = Meta {
        title: raw.title,
        outlet: raw.outlet,
        url: raw.url,
        date,
        lang: raw.lang,
        event: raw.event.as_deref().map(crate::model::EventKey::parse),
    };
    Ok((meta, bom + open_len + body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_and_body_offset() {
        let t = "---\ntitle: T\ndate: 2021-11-17\nlang: ar\n---\nbody line\n".to_string();
        let a = article("a.txt", t).unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("T"));
        assert_eq!(a.meta.date.unwrap().to_string(), "2021-11-17");
        assert_eq!(&a.text[a.body_start..], "body line\n");
    }

    #[test]
    fn no_front_matter_means_whole_text() {
        let a = article("a.txt", "just text".into()).unwrap();
        assert_eq!(a.body_start, 0);
        assert_eq!(a.meta, Meta::default());
    }

    #[test]
    fn bad_date_names_its_line() {
        let e = article("a.txt", "---\ntitle: x\ndate: yesterday\n---\nb".into()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.txt:3:1: front matter: `date` must start with YYYY-MM-DD, got `yesterday`"
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(article("a.txt", "---\ntitle: x\n".into()).is_err());
    }
}
