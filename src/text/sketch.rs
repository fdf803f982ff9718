//! The syndication sketch of a normalised text: a MinHash of its word 3-gram shingles and its
//! opening words, hashed with fixed functions so that every machine and every shard computes the
//! same sketch ([`crate::compare::syndication`] clusters copies by it).

use crate::model::Sketch;
use crate::text::segment::words;

/// MinHash slots per sketch.
pub const SLOTS: u64 = 64;
/// Characters of opening text kept for the confirmation.
const OPENING: usize = 1000;

/// The sketch of a normalised text.
pub fn sketch(norm: &str) -> Sketch {
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
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether two texts of `la` and `lb` characters have a normalised Levenshtein similarity
/// (1 - distance / longer length) of at least `threshold`. The length difference bounds the
/// distance from below, and the distance is computed only up to what the threshold allows
/// (bit-parallel, rapidfuzz), so a pair far apart costs little; the decision is the exact one.
pub fn similar_at_least(a: &str, b: &str, (la, lb): (usize, usize), threshold: f64) -> bool {
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
