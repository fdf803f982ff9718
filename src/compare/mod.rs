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
    let sketches: Vec<crate::model::Sketch> = each.iter().map(|e| (*e.sketch).clone()).collect();
    let clusters = syndication::cluster_names(pack, names, &sketches);
    let mut claims = Vec::new();
    for (e, cluster) in each.into_iter().zip(clusters) {
        for mut c in e.claims {
            c.provenance.cluster = cluster.clone();
            claims.push(c);
        }
    }
    claims
}
