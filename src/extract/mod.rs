//! Extraction: one article at a time, from its normalised text to claims. The [`driver`] runs
//! each sentence through the [`matcher`] (rule patterns), [`attribute`] (who speaks) and
//! [`event`] (which event a claim belongs to), and reports every decision to a [`sink`].

pub mod attribute;
pub mod driver;
pub mod event;
pub mod frames;
pub mod matcher;
pub mod sink;

pub use driver::{Extracted, extract, extract_each, extract_into, extract_text, language, trace};
pub use sink::{Sink, Trace};
