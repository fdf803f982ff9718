//! crosscheck: cross-source fact-checking of conflict news.
//!
//! The folders follow the data: [`read`] -> [`text`] -> [`extract`] -> [`compare`] ->
//! [`report`], driven by a [`rules::RulePack`]; [`tools`] (check, explain, score, rule
//! examples) are built on top, and [`commands`] are the binary's commands as library functions.
//! [`model`] and [`error`] are the data every stage shares; [`files`] writes users' files.

pub mod commands;
pub mod compare;
pub mod error;
pub mod extract;
pub mod files;
pub mod model;
pub mod read;
pub mod report;
pub mod rules;
pub mod text;
pub mod tools;
