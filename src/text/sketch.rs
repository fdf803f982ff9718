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
