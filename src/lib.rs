//! crosscheck: cross-source fact-checking of conflict news.
//!
//! The stages follow the data: [`ingest`] -> [`normalize`] -> [`segment`] -> [`matcher`] ->
//! [`attribute`] -> [`reconcile`] -> [`report`], driven by a [`rules::RulePack`] and tied
//! together per article by [`pipeline`].

pub mod attribute;
pub mod check;
pub mod error;
pub mod event;
pub mod explain;
pub mod ingest;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod reconcile;
pub mod records;
pub mod report;
pub mod rules;
pub mod score;
pub mod segment;
pub mod syndication;
pub mod verify;
pub mod yaml;
