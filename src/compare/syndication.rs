//! Independence: articles that are copies of one text (the same wire copy in several outlets)
//! form one cluster and count as one independent source.
//!
//! Each article gets a sketch: a MinHash of its word 3-gram shingles (64 slots; the share of
//! equal slots estimates their Jaccard similarity) and its opening text (1,000 chars). Pairs
//! whose estimate passes the threshold are confirmed, once each, by the normalised Levenshtein
//! similarity of the openings (bounded by the threshold), which page furniture inserted at the start barely moves (strsim's
//! Sorensen-Dice divides by bytes, which halves it for two-byte scripts). Sketches are small and
//! hashed with fixed functions, so the map step of a sharded run can ship them with its claims
//! and the reduce step finds the same clusters as a single run.

use crate::model::{Claim, Sketch};
use crate::rules::RulePack;
use crate::text::sketch::{SLOTS, mix};

/// Members of one band bucket compared pair by pair; a bucket with more compares each member
/// with at most this many representatives, so a corpus of rewrites of one story stays linear.
const CROWD: usize = 32;

/// What clustering reads of each article's sketch: its MinHash always, its opening only to
/// confirm a candidate pair, so that a large corpus's openings can wait on disk.
pub trait Sketches {
    /// Article `i`'s MinHash slots.
    fn minhash(&self, i: usize) -> &[u32];
    /// Article `i`'s opening; none when it cannot be read back (the pair is then no copy).
    fn opening(&self, i: usize) -> Option<std::borrow::Cow<'_, str>>;
}

impl<S: std::borrow::Borrow<Sketch>> Sketches for [S] {
    fn minhash(&self, i: usize) -> &[u32] {
        &self[i].borrow().minhash
    }
    fn opening(&self, i: usize) -> Option<std::borrow::Cow<'_, str>> {
        Some(std::borrow::Cow::Borrowed(&self[i].borrow().opening))
    }
}

/// Clusters named articles by their sketches; equal results mean copies of one text.
///
/// Candidate pairs come from locality-sensitive hashing: the slots are cut into bands of `r`
/// rows, and articles sharing a whole band are compared. With `needed` equal slots required,
/// `r` is chosen so that `bands * (r - 1) < needed`: a pair with that many equal slots then
/// shares at least one whole band (pigeonhole), so no qualifying pair is missed. Buckets are
/// formed one band at a time, in the order of their keys: the memory of one band, not of all.
pub fn cluster_names<S: Sketches + ?Sized>(
    pack: &RulePack,
    names: &[String],
    sketches: &S,
) -> Vec<String> {
    let mut parent: Vec<usize> = (0..names.len()).collect();
    // Each pair is confirmed at most once, whatever the bands it shares (a pair packed in one
    // word: a crowded corpus meets millions).
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut confirm = |parent: &mut Vec<usize>, i: usize, j: usize| -> bool {
        let (ri, rj) = (root(parent, i), root(parent, j));
        if ri == rj {
            return true;
        }
        if !seen.insert(((i.min(j) as u64) << 32) | i.max(j) as u64) {
            return false;
        }
        let joined = copies_by(pack, sketches.minhash(i), sketches.minhash(j), || {
            Some((sketches.opening(i)?, sketches.opening(j)?))
        });
        if joined {
            parent[ri.max(rj)] = ri.min(rj);
        }
        joined
    };
    let rows = band_rows(pack);
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(names.len());
    for band in 0..(SLOTS as usize).div_ceil(rows) {
        keyed.clear();
        keyed.extend((0..names.len()).filter_map(|i| {
            let chunk = sketches.minhash(i).chunks(rows).nth(band)?;
            Some((band_key(chunk), i))
        }));
        keyed.sort_unstable();
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
            let members = bucket.iter().map(|&(_, i)| i);
            if bucket.len() <= CROWD {
                for (x, i) in members.clone().enumerate() {
                    for j in members.clone().skip(x + 1) {
                        confirm(&mut parent, i, j);
                    }
                }
                continue;
            }
            // A crowded band (one story in hundreds of rewrites): each member meets the first
            // member of each cluster seen in the band, at most CROWD of them, not every member.
            let mut reps: Vec<usize> = Vec::new();
            for i in members {
                if !reps.iter().any(|&r| confirm(&mut parent, r, i)) && reps.len() < CROWD {
                    reps.push(i);
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

/// Rows per band: the most that still lets every pair above the threshold share a band.
fn band_rows(pack: &RulePack) -> usize {
    let needed = needed_slots(pack);
    [8usize, 4, 2, 1]
        .into_iter()
        .find(|&r| (SLOTS as usize / r) * (r - 1) < needed)
        .unwrap_or(1)
}

/// The hash of one band's rows.
fn band_key(chunk: &[u32]) -> u64 {
    chunk.iter().fold(0u64, |h, &v| mix(h ^ u64::from(v)))
}

/// The bands of a sketch (band number, hash of its rows): articles sharing one are candidate
/// copies.
pub fn bands(pack: &RulePack, s: &Sketch) -> Vec<(usize, u64)> {
    (s.minhash.chunks(band_rows(pack)).enumerate())
        .map(|(band, chunk)| (band, band_key(chunk)))
        .collect()
}

/// The pairs of copies among articles that share a band bucket, each pair (smaller name
/// first) once: the candidates of a distributed reduce, keyed by bucket, confirmed where the
/// bucket is. Every pair of a bucket is compared, however crowded (a single run compares a
/// crowded bucket's members with its clusters' first members only, so on a corpus of hundreds
/// of rewrites of one story the two may join differently).
pub fn pairs_in_buckets(
    pack: &RulePack,
    members: &[(String, String, Sketch)],
) -> std::collections::BTreeSet<(String, String)> {
    let mut buckets: std::collections::BTreeMap<&str, Vec<(&str, &Sketch)>> = Default::default();
    for (bucket, name, sketch) in members {
        buckets.entry(bucket).or_default().push((name, sketch));
    }
    // Each pair is compared once, whatever the buckets it shares.
    let mut compared: std::collections::HashSet<(&str, &str)> = Default::default();
    let mut out = std::collections::BTreeSet::new();
    for (_, mut m) in buckets {
        m.sort_by(|a, b| a.0.cmp(b.0));
        m.dedup_by(|a, b| a.0 == b.0);
        for (x, &(a, sa)) in m.iter().enumerate() {
            for &(b, sb) in &m[x + 1..] {
                if compared.insert((a, b)) && copies(pack, sa, sb) {
                    out.insert((a.to_string(), b.to_string()));
                }
            }
        }
    }
    out
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
    // The sketch of each article's first claim, in one pass over the claims.
    let mut first: Vec<Option<Sketch>> = vec![None; names.len()];
    for c in claims.iter() {
        if let Ok(i) = names.binary_search(&c.file)
            && first[i].is_none()
        {
            first[i] = Some(c.provenance.sketch.as_deref().cloned().unwrap_or_default());
        }
    }
    let sketches: Vec<Sketch> = first.into_iter().map(Option::unwrap_or_default).collect();
    let clusters = cluster_names(pack, &names, &sketches[..]);
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
    copies_by(pack, &a.minhash, &b.minhash, || {
        Some((a.opening.as_str().into(), b.opening.as_str().into()))
    })
}

/// Whether two articles are copies: enough equal MinHash slots, then openings (read only
/// when the slots pass) similar enough.
fn copies_by<'a>(
    pack: &RulePack,
    a: &[u32],
    b: &[u32],
    openings: impl FnOnce() -> Option<(std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
) -> bool {
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let jaccard = equal as f64 / a.len() as f64;
    jaccard >= pack.settings.syndication_shingles
        && openings()
            .is_some_and(|(x, y)| similar_openings(&x, &y, pack.settings.syndication_similarity))
}

/// Whether two openings have a normalised Levenshtein similarity (1 - distance / longer length,
/// in characters) of at least `threshold`. The length difference bounds the distance from
/// below, and the distance is computed only up to what the threshold allows (bit-parallel,
/// rapidfuzz), so a pair far apart costs little; the decision is the exact one.
fn similar_openings(a: &str, b: &str, threshold: f64) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longer = la.max(lb);
    if longer == 0 {
        return true;
    }
    let similarity = |d: usize| 1.0 - d as f64 / longer as f64;
    if similarity(la.abs_diff(lb)) < threshold {
        return false;
    }
    // The largest distance that can pass, plus one for rounding.
    let allowed = ((1.0 - threshold) * longer as f64).floor() as usize + 1;
    let args = rapidfuzz::distance::levenshtein::Args::default().score_cutoff(allowed);
    match rapidfuzz::distance::levenshtein::distance_with_args(a.chars(), b.chars(), &args) {
        Some(d) => similarity(d) >= threshold,
        None => false,
    }
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
        assert_eq!(cluster_names(&pack, &names, &[a, b][..]), vec!["a", "b"]);
        // One more equal slot completes a band: found, whatever the arrangement.
        let mut more = one_per_band.clone();
        more.push(63);
        let (a, b) = sketch_with(&more);
        assert_eq!(cluster_names(&pack, &names, &[a, b][..]), vec!["a", "a"]);
    }

    #[test]
    fn bounded_similarity_decides_as_the_full_distance() {
        let base = "the ministry said seven soldiers were killed on the border overnight";
        let variants = [
            base.to_string(),
            format!("home | world {base}"),
            base.replace("seven", "eight"),
            base.chars().rev().collect(),
            base[10..].to_string(),
            "unrelated text about the harvest and prices in the valley market".into(),
            String::new(),
            "ΤΟ ΥΠΟΥΡΓΕΙΟ ΕΙΠΕ ΟΤΙ ΕΠΤΑ ΣΤΡΑΤΙΩΤΕΣ ΣΚΟΤΩΘΗΚΑΝ".into(),
        ];
        for a in &variants {
            for b in &variants {
                for t in [0.3, 0.5, 0.7, 0.77, 0.9, 1.0] {
                    assert_eq!(
                        similar_openings(a, b, t),
                        strsim::normalized_levenshtein(a, b) >= t,
                        "{a:?} {b:?} {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_crowded_band_joins_copies_through_representatives() {
        let pack = RulePack::embedded().unwrap();
        // 200 articles in every band together: two texts, each behind its own furniture.
        let a = "the ministry of side x said seven of its soldiers were killed overnight";
        let b = "talks on the peace treaty resumed in the capital with envoys from both sides";
        let names: Vec<String> = (0..200).map(|i| format!("n{i:03}")).collect();
        let sketches: Vec<Sketch> = (0..200)
            .map(|i| Sketch {
                minhash: (0..SLOTS as u32).collect(),
                opening: format!("page {i} {}", if i % 2 == 0 { a } else { b }),
            })
            .collect();
        let clusters = cluster_names(&pack, &names, &sketches[..]);
        assert!(clusters.iter().step_by(2).all(|c| c == "n000"));
        assert!(clusters.iter().skip(1).step_by(2).all(|c| c == "n001"));
    }
}
