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

/// How the embedded pack's files are named: this, then their path in `rules/`.
pub const EMBEDDED_PREFIX: &str = "<embedded>/";

/// Where a rule pack comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Dir(PathBuf),
    Embedded,
    /// Packs laid one on another, the first at the bottom.
    Layers(Vec<Origin>),
}

/// The `extends:` of a pack's files, read before the pack is compiled (anything else in the
/// file is left to the compiler).
#[derive(serde::Deserialize)]
struct Extends {
    extends: Option<Vec<String>>,
}

/// How deep `extends:` may chain (a loop stops here with an error).
const MAX_EXTENDS: usize = 16;

impl Origin {
    /// `--rules DIR` (each a layer on the ones before; `default` is the embedded pack), else
    /// `CROSSCHECK_RULES`, else `./rules` when present, else the embedded pack.
    pub fn discover(flags: &[PathBuf]) -> Origin {
        let one = |d: &PathBuf| {
            if d.as_os_str() == "default" {
                Origin::Embedded
            } else {
                Origin::Dir(d.clone())
            }
        };
        match flags {
            [] => {}
            [d] => return one(d),
            many => return Origin::Layers(many.iter().map(one).collect()),
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

    /// What the pack is, for the run summary and `rules lint`.
    pub fn describe(&self) -> String {
        match self {
            // "./rules", so a pack picked up from the working directory reads as one.
            Origin::Dir(d) if d.is_relative() && !d.starts_with(".") && !d.starts_with("..") => {
                format!("./{}", d.display())
            }
            Origin::Dir(d) => d.display().to_string(),
            Origin::Embedded => "the embedded default pack".into(),
            Origin::Layers(layers) => {
                let names: Vec<String> = layers.iter().map(Origin::describe).collect();
                names.join(" + ")
            }
        }
    }

    /// The YAML files of the pack as (display path, text): the packs it extends first, then
    /// its own, sorted by path.
    pub fn files(&self) -> Result<Vec<(String, String)>, Error> {
        let mut all = Vec::new();
        self.collect(&mut all, 0)?;
        // A pack laid twice (two layers extending one base) is read once, where it first comes.
        let mut seen = std::collections::HashSet::new();
        Ok(all
            .into_iter()
            .filter(|(n, _)| seen.insert(n.clone()))
            .collect())
    }

    fn collect(&self, out: &mut Vec<(String, String)>, depth: usize) -> Result<(), Error> {
        if depth > MAX_EXTENDS {
            return Err(Error::Io {
                path: self.describe(),
                message: format!("`extends:` chains more than {MAX_EXTENDS} packs (a loop?)"),
            });
        }
        match self {
            Origin::Embedded => {
                let mut own = Vec::new();
                collect_embedded(&EMBEDDED, &mut own);
                own.sort_by(|a, b| a.0.cmp(&b.0));
                out.extend(own);
            }
            Origin::Layers(layers) => {
                for l in layers {
                    l.collect(out, depth + 1)?;
                }
            }
            Origin::Dir(dir) => {
                let own = Self::dir_files(dir)?;
                for base in Self::bases(dir, &own) {
                    base.collect(out, depth + 1)?;
                }
                out.extend(own);
            }
        }
        Ok(())
    }

    /// The packs a directory's files say it extends.
    fn bases(dir: &Path, files: &[(String, String)]) -> Vec<Origin> {
        let mut out = Vec::new();
        for (_, text) in files {
            // Parsing a whole rule file for one key is most of reading a large pack's files: a
            // file that cannot spell the key, not even through an escape of a letter, is passed
            // over.
            let escapes = ["\\x", "\\u", "\\U"].iter().any(|e| text.contains(e));
            if !text.contains("extends") && !escapes {
                continue;
            }
            let Ok(Extends {
                extends: Some(list),
            }) = serde_yaml::from_str::<Extends>(text)
            else {
                continue;
            };
            for b in list {
                let o = if b == "default" {
                    Origin::Embedded
                } else {
                    Origin::Dir(dir.join(b))
                };
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// A directory's own YAML files, sorted by path.
    fn dir_files(dir: &Path) -> Result<Vec<(String, String)>, Error> {
        let mut out = Vec::new();
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
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Writes an empty overlay on the embedded pack under `dir`: one file to fill in.
    pub fn dump_overlay(dir: &Path) -> Result<usize, Error> {
        let path = dir.join("overlay.yaml");
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        crate::files::write_atomic(&path, OVERLAY)?;
        Ok(1)
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
            let rel = name.trim_start_matches(EMBEDDED_PREFIX);
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            crate::files::write_atomic(&path, text)?;
        }
        Ok(files.len())
    }
}

/// The file `rules dump --overlay` starts a new conflict from.
const OVERLAY: &str = include_str!("overlay.yaml");

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn collect_embedded(dir: &include_dir::Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if is_yaml(f.path())
            && let Some(text) = f.contents_utf8()
        {
            out.push((
                format!("{EMBEDDED_PREFIX}{}", f.path().display()),
                text.to_string(),
            ));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}
