//! The integration tests, as one test binary (one link against the library instead of one per
//! file): a module per area, `common` the helpers they share.

mod common;

mod cli;
mod html;
mod inputs;
mod pipeline;
mod properties;
mod reconcile;
// rules.rs declares its own `mod common;`: with an explicit path it is looked up beside it
// (tests/it/common), not under tests/it/rules/.
#[path = "rules.rs"]
mod rules;
mod scale;
mod score;
mod seeds;
mod snapshots;
