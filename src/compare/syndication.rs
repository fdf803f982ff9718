//! Independence: articles that are copies of one text (the same wire copy in several outlets)
//! form one cluster and count as one independent source.
//!
//! Each article gets a sketch: a MinHash of its word 3-gram shingles (64 slots; the share of
//! equal slots estimates their Jaccard similarity) and its opening text (1,000 chars). Pairs
//! whose estimate passes the threshold are confirmed with strsim's normalised Levenshtein
//! similarity of the openings, which page furniture inserted at the start barely moves (strsim's
//! Sorensen-Dice divides by bytes, which halves it for two-byte scripts). Sketches are small and
//! hashed with fixed functions, so the map step of a sharded run can ship them with its claims
//! and the reduce step finds the same clusters as a single run.

use crate::model::Article;
use crate::rules::RulePack;
use crate::text::segment::words;
use serde::{Deserialize, Serialize};

/// MinHash slots per sketch.
const SLOTS: u64 = 64;
/// Characters of opening text kept for the confirmation.
const OPENING: usize = 1000;

/// What syndication needs to know of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sketch {
    pub minhash: Vec<u32>,
    pub opening: String,
}

/// The sketch of an article: of its body as the rules read it.
pub fn sketch(pack: &RulePack, a: &Article) -> Sketch {
    let norm = crate::extract::driver::normalized_body(pack, a)
        .unwrap_or_else(|_| a.text[a.body_start..].to_lowercase());
    sketch_normalized(&norm)
}

/// The sketch of a normalised text.
pub fn sketch_normalized(norm: &str) -> Sketch {
    let ws: Vec<&str> = words(norm).into_iter().map(|(x, y)| &norm[x..y]).collect();
    let shingles: Vec<u64> = ws.windows(3).map(|w| fnv(w.join(" ").as_bytes())).collect();
    let minhash = if shingles.is_empty() {
        Vec::new()
    } else {
        (0..SLOTS)
            .map(|seed| {
                shingles
                    .iter()
                    .map(|&h| (mix(h ^ mix(seed + 1)) >> 32) as u32)
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect()
    };
    Sketch {
        minhash,
        opening: ws.join(" ").chars().take(OPENING).collect(),
    }
}

/// FNV-1a: a fixed hash, the same on every machine and version.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64 finaliser: spreads a seed over all bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The cluster of each article: the smallest name among the copies of its text.
pub fn clusters(pack: &RulePack, articles: &[Article]) -> Vec<String> {
    // Claims carry their article's sketch: `pipeline::extract_all` clusters with it directly.
    use rayon::prelude::*;
    let sketches: Vec<Sketch> = articles.par_iter().map(|a| sketch(pack, a)).collect();
    let names: Vec<String> = articles.iter().map(|a| a.path.clone()).collect();
    cluster_names(pack, &names, &sketches)
}

/// Clusters named articles by their sketches; equal results mean copies of one text.
///
/// Candidate pairs come from locality-sensitive hashing: the slots are cut into bands of `r`
/// rows, and articles sharing a whole band are compared. With `needed` equal slots required,
/// `r` is chosen so that `bands * (r - 1) < needed`: a pair with that many equal slots then
/// shares at least one whole band (pigeonhole), so no qualifying pair is missed.
pub fn cluster_names(pack: &RulePack, names: &[String], sketches: &[Sketch]) -> Vec<String> {
    let mut parent: Vec<usize> = (0..names.len()).collect();
    let needed = needed_slots(pack);
    let rows = [8usize, 4, 2, 1]
        .into_iter()
        .find(|&r| (SLOTS as usize / r) * (r - 1) < needed)
        .unwrap_or(1);
    let mut buckets: std::collections::HashMap<(usize, u64), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, s) in sketches.iter().enumerate() {
        for (band, chunk) in s.minhash.chunks(rows).enumerate() {
            let key = chunk.iter().fold(0u64, |h, &v| mix(h ^ u64::from(v)));
            buckets.entry((band, key)).or_default().push(i);
        }
    }
    let mut keys: Vec<&(usize, u64)> = buckets.keys().collect();
    keys.sort_unstable();
    for key in keys {
        let members = &buckets[key];
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj && copies(pack, &sketches[i], &sketches[j]) {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut smallest: Vec<Option<usize>> = vec![None; names.len()];
    for i in 0..names.len() {
        let r = root(&mut parent, i);
        if smallest[r].is_none_or(|s| names[i] < names[s]) {
            smallest[r] = Some(i);
        }
    }
    (0..names.len())
        .map(|i| {
            let r = root(&mut parent, i);
            names[smallest[r].unwrap_or(i)].clone()
        })
        .collect()
}

/// Equal MinHash slots that make an estimated Jaccard similarity above the threshold.
fn needed_slots(pack: &RulePack) -> usize {
    (pack.settings.syndication_shingles * SLOTS as f64).floor() as usize + 1
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn copies(pack: &RulePack, a: &Sketch, b: &Sketch) -> bool {
    if a.minhash.is_empty() || a.minhash.len() != b.minhash.len() {
        return false;
    }
    let equal = a
        .minhash
        .iter()
        .zip(&b.minhash)
        .filter(|(x, y)| x == y)
        .count();
    let jaccard = equal as f64 / a.minhash.len() as f64;
    jaccard >= pack.settings.syndication_shingles
        && strsim::normalized_levenshtein(&a.opening, &b.opening)
            >= pack.settings.syndication_similarity
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch_with(equal: &[usize]) -> (Sketch, Sketch) {
        let a: Vec<u32> = (0..SLOTS as u32).collect();
        let b: Vec<u32> = (0..SLOTS as usize)
            .map(|i| {
                if equal.contains(&i) {
                    i as u32
                } else {
                    1000 + i as u32
                }
            })
            .collect();
        let opening = "same opening text of the wire copy".to_string();
        (
            Sketch {
                minhash: a,
                opening: opening.clone(),
            },
            Sketch {
                minhash: b,
                opening,
            },
        )
    }

    #[test]
    fn banding_never_misses_a_pair_above_the_threshold() {
        let pack = RulePack::embedded().unwrap();
        let names = vec!["a".to_string(), "b".to_string()];
        // 32 equal slots, one in each band of two: not above half, not copies.
        let one_per_band: Vec<usize> = (0..SLOTS as usize).step_by(2).collect();
        let (a, b) = sketch_with(&one_per_band);
        assert_eq!(cluster_names(&pack, &names, &[a, b]), vec!["a", "b"]);
        // One more equal slot completes a band: found, whatever the arrangement.
        let mut more = one_per_band.clone();
        more.push(63);
        let (a, b) = sketch_with(&more);
        assert_eq!(cluster_names(&pack, &names, &[a, b]), vec!["a", "a"]);
    }
}
