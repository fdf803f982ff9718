//! Ingest: files, directories and stdin into articles with metadata.

use crate::error::{Error, Location};
use crate::model::{Article, Meta};
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// File endings read as articles when walking a directory.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md"];

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

/// Reads every article under `paths` (files, directories recursively, `-` for stdin), sorted.
pub fn collect(paths: &[String]) -> Result<Vec<Article>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| io("<stdin>", e))?;
            out.push(article("<stdin>", text)?);
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            let mut files = Vec::new();
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Io {
                    path: p.clone(),
                    message: e.to_string(),
                })?;
                let ext = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("");
                if entry.file_type().is_file() && ARTICLE_EXTENSIONS.contains(&ext) {
                    files.push(entry.path().to_path_buf());
                }
            }
            for f in files {
                out.push(read_file(&f)?);
            }
        } else if path.exists() {
            out.push(read_file(path)?);
        } else {
            return Err(Error::Io {
                path: p.clone(),
                message: "no such file or directory".into(),
            });
        }
    }
    Ok(out)
}

fn io(path: &str, e: std::io::Error) -> Error {
    Error::Io {
        path: path.to_string(),
        message: e.to_string(),
    }
}

fn read_file(path: &Path) -> Result<Article, Error> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| io(&name, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..off]).unwrap_or("");
        let (line, column) = crate::error::line_col(valid, off);
        Error::Input {
            at: Location {
                file: name.clone(),
                line,
                column,
            },
            message: "not valid UTF-8".into(),
        }
    })?;
    article(&name, text)
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
        crate::yaml::parse_front_matter(name, yaml, 1)?
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
            let (line, column) = crate::yaml::locate(text, "date:", 0);
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
        event: raw.event,
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
