//! Tools for rule authors and CI built on the pipeline: the fixture gate ([`check`]), rule
//! examples ([`verify`]), the trace of an article ([`explain`]) and gold scoring ([`score`]).

pub mod check;
pub mod explain;
pub mod score;
pub mod verify;
