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

use crate::model::{Claim, Sketch};
use crate::rules::RulePack;
use crate::text::sketch::{SLOTS, mix};

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

/// Recomputes syndication clusters from the sketches claims carry (one per article): the reduce
/// step of a sharded run, where only articles with claims send a sketch.
pub fn recluster(pack: &RulePack, claims: &mut [Claim]) {
    let mut names: Vec<String> = claims.iter().map(|c| c.file.clone()).collect();
    names.sort();
    names.dedup();
    let sketches: Vec<Sketch> = names
        .iter()
        .map(|n| {
            claims
                .iter()
                .find(|c| &c.file == n)
                .and_then(|c| c.provenance.sketch.as_deref().cloned())
                .unwrap_or_default()
        })
        .collect();
    let clusters = cluster_names(pack, &names, &sketches);
    for c in claims.iter_mut() {
        if let Ok(i) = names.binary_search(&c.file) {
            c.provenance.cluster = clusters[i].clone();
        }
    }
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
