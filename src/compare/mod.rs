//! Comparison across articles: copies of one text found ([`syndication`]), claims grouped by
//! event, side and kind and their figures weighed against each other ([`reconcile`]).

pub mod reconcile;
pub mod syndication;

use crate::error::Error;
use crate::model::{Article, Claim};
use crate::rules::RulePack;

/// The claims of a set of articles, in article order, each carrying its article's syndication
/// cluster (copies of one text share one). The result does not depend on the number of threads.
pub fn corpus_claims(
    pack: &RulePack,
    articles: &[Article],
    forced_lang: Option<&str>,
) -> Result<Vec<Claim>, Error> {
    corpus_claims_with(pack, articles, forced_lang, &|_| {})
}

/// As [`corpus_claims`], calling `done` with each article as it is finished (for progress).
pub fn corpus_claims_with(
    pack: &RulePack,
    articles: &[Article],
    forced_lang: Option<&str>,
    done: &(dyn Fn(&Article) + Sync),
) -> Result<Vec<Claim>, Error> {
    let each = crate::extract::extract_each(pack, articles, forced_lang, done)?;
    let names: Vec<String> = articles.iter().map(|a| a.path.clone()).collect();
    Ok(clustered(pack, &names, each))
}

/// The claims of each named article (in article order), each given its article's syndication
/// cluster.
pub fn clustered(
    pack: &RulePack,
    names: &[String],
    each: Vec<crate::extract::Extracted>,
) -> Vec<Claim> {
    let sketches: Vec<std::sync::Arc<crate::model::Sketch>> =
        each.iter().map(|e| e.sketch.clone()).collect();
    let clusters = syndication::cluster_names(pack, names, &sketches[..]);
    with_clusters(each.into_iter().map(|e| e.claims), clusters)
}

/// Each article's claims (in article order) given its cluster, in one list.
pub fn with_clusters(
    each: impl IntoIterator<Item = Vec<Claim>>,
    clusters: Vec<String>,
) -> Vec<Claim> {
    let each: Vec<Vec<Claim>> = each.into_iter().collect();
    // Sized once: a corpus's claims are large, and a doubling vector holds up to twice them.
    let mut claims = Vec::with_capacity(each.iter().map(Vec::len).sum());
    for (mine, cluster) in each.into_iter().zip(clusters) {
        for mut c in mine {
            c.provenance.cluster = cluster.clone();
            claims.push(c);
        }
    }
    claims
}

/// Sketches whose openings wait in a temporary file until a candidate pair needs them: a large
/// corpus's openings (a kilobyte or two per article) are not held, only its MinHashes.
pub struct SpilledSketches {
    minhashes: Vec<Vec<u32>>,
    /// Where each opening is in the file: offset and length in bytes.
    at: Vec<(u64, usize)>,
    file: std::io::BufWriter<std::fs::File>,
    written: u64,
}

impl SpilledSketches {
    /// An empty set, its file created in the system's temporary directory (removed on exit).
    pub fn new() -> std::io::Result<SpilledSketches> {
        Ok(SpilledSketches {
            minhashes: Vec::new(),
            at: Vec::new(),
            file: std::io::BufWriter::new(tempfile::tempfile()?),
            written: 0,
        })
    }

    /// Adds the next article's sketch.
    pub fn push(&mut self, sketch: &crate::model::Sketch) -> std::io::Result<()> {
        use std::io::Write;
        self.file.write_all(sketch.opening.as_bytes())?;
        self.at.push((self.written, sketch.opening.len()));
        self.written += sketch.opening.len() as u64;
        self.minhashes.push(sketch.minhash.clone());
        Ok(())
    }

    /// Ready to be read: everything written reaches the file.
    pub fn finish(mut self) -> std::io::Result<ReadSketches> {
        use std::io::Write;
        self.file.flush()?;
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        Ok(ReadSketches {
            minhashes: self.minhashes,
            at: self.at,
            file,
        })
    }
}

/// Spilled sketches, read back an opening at a time.
pub struct ReadSketches {
    minhashes: Vec<Vec<u32>>,
    at: Vec<(u64, usize)>,
    file: std::fs::File,
}

impl syndication::Sketches for ReadSketches {
    fn minhash(&self, i: usize) -> &[u32] {
        &self.minhashes[i]
    }
    fn opening(&self, i: usize) -> Option<std::borrow::Cow<'_, str>> {
        use std::io::{Read, Seek};
        let (offset, len) = self.at[i];
        let mut bytes = vec![0; len];
        let mut file = &self.file;
        file.seek(std::io::SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok().map(std::borrow::Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::syndication::{Sketches, cluster_names};
    use super::*;

    #[test]
    fn spilled_sketches_cluster_as_held_ones() {
        let pack = RulePack::embedded().unwrap();
        let wire = "the ministry said seven soldiers were killed on the border overnight and \
                    two more were wounded in shelling of the positions near the village";
        let texts = [
            wire.to_string(),
            format!("home | world | {wire}"),
            "talks on the treaty resumed in the capital with envoys from both sides".into(),
            String::new(),
            format!("Ünïcödé {wire}"),
        ];
        let sketches: Vec<crate::model::Sketch> = texts
            .iter()
            .map(|t| crate::text::sketch::sketch(t))
            .collect();
        let names: Vec<String> = (0..texts.len()).map(|i| format!("a{i}")).collect();
        let mut spilled = SpilledSketches::new().unwrap();
        for s in &sketches {
            spilled.push(s).unwrap();
        }
        let read = spilled.finish().unwrap();
        for (i, s) in sketches.iter().enumerate() {
            assert_eq!(read.opening(i).unwrap(), s.opening);
            assert_eq!(read.minhash(i), &s.minhash[..]);
        }
        let held = cluster_names(&pack, &names, &sketches[..]);
        assert_eq!(cluster_names(&pack, &names, &read), held);
        assert_eq!(
            held[1], "a0",
            "the copy behind page furniture joins the wire text"
        );
    }
}
