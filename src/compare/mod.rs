//! Comparison across articles: copies of one text found ([`syndication`]), claims grouped by
//! event, side and kind and their figures weighed against each other ([`reconcile`]).

pub mod reconcile;
pub mod syndication;
