//! The integration tests, as one test binary (one link against the library instead of one per
//! file): a module per area, `common` the helpers they share. What only the library decides is
//! checked in-process (common::corpus, report_text, claims_text, the embedded pack compiled
//! once); the binary is started where the command line itself is the point (arguments, stdin,
//! files written, environment, stderr, exit codes) and for the snapshots of what it prints.

mod common;

mod cli;
mod commands;
mod compose;
mod html;
mod inputs;
mod pipeline;
mod properties;
mod reconcile;
mod rules;
mod scale;
mod score;
mod seeds;
mod snapshots;
