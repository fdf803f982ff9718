//! Text as the rules read it: normalised per language with a map back to the original
//! ([`normalize`]), cut into sentences and words ([`segment`]), sketched for
//! syndication ([`sketch`]).

pub mod langid;
pub mod normalize;
pub mod segment;
pub mod sketch;
