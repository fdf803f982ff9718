//! Inputs: articles from files, directories, corpora and stdin ([`ingest`]); claim records
//! written by a sharded run's map step ([`records`]).

pub mod ingest;
pub mod records;
