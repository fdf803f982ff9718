//! The rule pack: discovery, loading, and the compiled form the stages use.
//!
//! Files are parsed into the raw structs of [`raw`], then [`compile`] checks every cross
//! reference and compiles every pattern once into the types of [`pack`]; the stages only ever
//! see a [`RulePack`]. A problem found on the way is a [`RuleError`].

pub mod compile;

pub mod pack;
pub mod raw;
pub mod yaml;

pub use crate::error::RuleError;
pub use crate::model::SourceKind;
pub use pack::*;

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The default pack, compiled into the binary so the tool works from anywhere.
static EMBEDDED: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Where a rule pack comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Dir(PathBuf),
    Embedded,
}

impl Origin {
    /// `--rules DIR`, else `CROSSCHECK_RULES`, else `./rules` when present, else the embedded pack.
    pub fn discover(flag: Option<&Path>) -> Origin {
        if let Some(d) = flag {
            return Origin::Dir(d.to_path_buf());
        }
        if let Some(d) = std::env::var_os("CROSSCHECK_RULES").filter(|v| !v.is_empty()) {
            return Origin::Dir(PathBuf::from(d));
        }
        let local = Path::new("rules");
        if local.is_dir() {
            return Origin::Dir(local.to_path_buf());
        }
        Origin::Embedded
    }

    /// The YAML files of the pack as (display path, text), sorted by path.
    pub fn files(&self) -> Result<Vec<(String, String)>, Error> {
        let mut out = Vec::new();
        match self {
            Origin::Embedded => collect_embedded(&EMBEDDED, &mut out),
            Origin::Dir(dir) => {
                if !dir.is_dir() {
                    return Err(Error::Io {
                        path: dir.display().to_string(),
                        message: "rules directory not found".into(),
                    });
                }
                for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                    let entry = entry.map_err(|e| Error::Io {
                        path: dir.display().to_string(),
                        message: e.to_string(),
                    })?;
                    let p = entry.path();
                    if entry.file_type().is_file() && is_yaml(p) {
                        let text = std::fs::read_to_string(p).map_err(|e| Error::Io {
                            path: p.display().to_string(),
                            message: e.to_string(),
                        })?;
                        out.push((p.display().to_string(), text));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Writes the embedded pack's files under `dir`.
    pub fn dump_embedded(dir: &Path) -> Result<usize, Error> {
        let io = |p: &Path, e: std::io::Error| Error::Io {
            path: p.display().to_string(),
            message: e.to_string(),
        };
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        for (name, text) in &files {
            let rel = name.trim_start_matches("<embedded>/");
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        }
        Ok(files.len())
    }
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn collect_embedded(dir: &include_dir::Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if is_yaml(f.path())
            && let Some(text) = f.contents_utf8()
        {
            out.push((
                format!("<embedded>/{}", f.path().display()),
                text.to_string(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}
