//! Independence: articles that are copies of one text (the same wire copy in several outlets)
//! form one cluster and count as one independent source.
//!
//! Word 3-gram shingles give a cheap Jaccard similarity; pairs above the threshold are then
//! confirmed with strsim's normalised Levenshtein similarity of their opening text (3,000
//! chars), which page furniture inserted at the start (a crawl date, a breadcrumb) barely moves.
//! (strsim's Sorensen-Dice divides by bytes, which halves it for two-byte scripts.)

use crate::model::Article;
use crate::rules::RulePack;
use crate::segment::words;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Cluster id per article (same order as `articles`): equal ids mean copies of one text.
pub fn clusters(pack: &RulePack, articles: &[Article]) -> Vec<usize> {
    use rayon::prelude::*;
    let prints: Vec<(HashSet<u64>, String)> =
        articles.par_iter().map(|a| fingerprint(pack, a)).collect();

    let mut parent: Vec<usize> = (0..articles.len()).collect();
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            if copies(pack, &prints[i], &prints[j]) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    (0..articles.len()).map(|i| root(&mut parent, i)).collect()
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Shingles of the normalised body, and its opening text.
fn fingerprint(pack: &RulePack, a: &Article) -> (HashSet<u64>, String) {
    let body = &a.text[a.body_start..];
    let norm = match crate::pipeline::language(pack, a, None) {
        Ok(lang) => lang.normalizer.run(body, 0).text,
        Err(_) => body.to_lowercase(),
    };
    let ws: Vec<&str> = words(&norm).into_iter().map(|(x, y)| &norm[x..y]).collect();
    let shingles = ws
        .windows(3)
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    let opening: String = ws.join(" ").chars().take(3000).collect();
    (shingles, opening)
}

fn copies(pack: &RulePack, a: &(HashSet<u64>, String), b: &(HashSet<u64>, String)) -> bool {
    if a.0.is_empty() || b.0.is_empty() {
        return false;
    }
    let common = a.0.intersection(&b.0).count() as f64;
    let jaccard = common / (a.0.len() as f64 + b.0.len() as f64 - common);
    jaccard >= pack.settings.syndication_shingles
        && strsim::normalized_levenshtein(&a.1, &b.1) >= pack.settings.syndication_similarity
}
