//! Claim records with their provenance: what the map step of a sharded run writes
//! (`claims --format jsonl --provenance`) and the reduce step reads (`reconcile`).

use crate::error::{Error, Location};
use crate::model::{Claim, Sketch};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a claim was published, as written beside the claim record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvenanceRecord {
    pub outlet: String,
    pub published: Option<String>,
    pub sketch: Sketch,
    /// Where the figure's words are in the file (to highlight them in a quote).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<(usize, usize)>,
    /// Why the claim is in its event.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub placed: String,
    /// The places of the rules its article names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// The syndication cluster (its smallest member's name), when a distributed reduce has
    /// found it across every shard (`reconcile --keep-clusters`); never written by `claims`.
    #[serde(default, skip_serializing)]
    pub cluster: Option<String>,
}

#[derive(Serialize)]
struct Out<'a> {
    #[serde(flatten)]
    claim: &'a Claim,
    provenance: ProvenanceRecord,
}

#[derive(Deserialize)]
struct In {
    #[serde(flatten)]
    claim: Claim,
    provenance: Option<ProvenanceRecord>,
}

/// One JSON line: the claim record and its `provenance`.
pub fn to_line(c: &Claim) -> String {
    let p = &c.provenance;
    let provenance = ProvenanceRecord {
        outlet: p.outlet.clone(),
        published: p.published.map(|d| d.to_string()),
        sketch: p.sketch.as_deref().cloned().unwrap_or_default(),
        figures: c.figures.clone(),
        placed: p.placed.clone(),
        places: p.places.clone(),
        cluster: None,
    };
    serde_json::to_string(&Out {
        claim: c,
        provenance,
    })
    .expect("claims serialise")
        + "\n"
}

/// Reads claim records (JSON lines, with or without provenance) from `text`, named `name`;
/// also how many had no provenance.
pub fn read(name: &str, text: &str) -> Result<(Vec<Claim>, usize), Error> {
    let mut out = Vec::new();
    let mut bare = 0;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (c, with_provenance) = parse(name, i + 1, line)?;
        bare += usize::from(!with_provenance);
        out.push(c);
    }
    Ok((out, bare))
}

/// One claim record, line `line` of `name`; also whether it had its provenance.
pub fn parse(name: &str, line: usize, text: &str) -> Result<(Claim, bool), Error> {
    let record: In = serde_json::from_str(text).map_err(|e| Error::Input {
        at: Location {
            file: name.to_string(),
            line,
            column: e.column(),
        },
        message: format!("not a claim record: {e}"),
    })?;
    let mut c = record.claim;
    let with_provenance = record.provenance.is_some();
    if let Some(p) = record.provenance {
        c.provenance.outlet = p.outlet;
        c.provenance.published = p.published.and_then(|d| d.parse().ok());
        c.provenance.sketch = Some(Arc::new(p.sketch));
        c.figures = p.figures;
        c.provenance.placed = p.placed;
        c.provenance.places = p.places;
        c.provenance.cluster = p.cluster.unwrap_or_else(|| c.file.clone());
    } else {
        c.provenance.outlet = c.file.clone();
        c.provenance.cluster = c.file.clone();
    }
    Ok((c, with_provenance))
}
