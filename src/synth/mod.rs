//! Deterministic synthetic feeds for Frontline.
//!
//! This module fabricates realistic-looking watch-list data — wanted / missing
//! persons and lost / stolen travel documents — with names from many cultures
//! (Arabic, Persian, Russian, Ukrainian, Chinese, Korean, Japanese, Greek,
//! Georgian, Armenian, Hindi, Thai, Spanish, Turkish, Indonesian, Yoruba, Hausa,
//! Akan, German, French, Pashto, Urdu), including transliteration variants and
//! native-script spellings. It is used for sample data, benchmarks, load tests
//! and the name-matching evaluation.
//!
//! Everything is seeded: record `i` depends only on `(seed, i)` (via an internal
//! SplitMix64 generator), so the same seed and counts always produce
//! byte-identical output and any subset of records can be regenerated on demand.
//!
//! Feeds are JSON Lines, one file per organization (`<SOURCE>.jsonl`), written in
//! a streaming fashion by [`write_feeds`]; load-test query files are written by
//! [`write_queries`].
//!
//! Document numbers are drawn from a bijective permutation of a 10^8 index space
//! and formatted per issuing-country style, so every number identifies exactly
//! one record as long as there are at most 50,000,000 documents and 10,000,000
//! persons.
//!
//! How the files divide the work, by what they make:
//! - `rng`: the SplitMix64 [`Rng`] and the salts naming each record stream.
//! - `organizations`: [`ORGANIZATIONS`], their volume and culture mix, sharing and expiry.
//! - [`names`] (tables), `spelling` (automatic variants) and `name_gen` (drawing
//!   and rendering a name).
//! - `dates`: birth, report and expiry dates.
//! - `numbers`: the document-number permutation and per-country formats.
//! - `persons`: [`SynthPerson`], [`person`] and [`outsider`].
//! - `documents`: [`SynthDocument`] and [`document`].
//! - `noise`: typos, noisy names and noisy numbers, as officers and scanners make them.
//! - `feeds`: the JSON Lines records and [`write_feeds`].
//! - `queries`: [`write_queries`].
//! - [`manifests`]: passenger manifests planted from the feeds, with their ground truth.

mod dates;
mod documents;
mod feeds;
pub mod manifests;
mod name_gen;
pub mod names;
mod noise;
mod numbers;
mod organizations;
mod persons;
mod queries;
mod rng;
mod spelling;
#[cfg(test)]
mod test_support;

pub use documents::{document, SynthDocument, SynthHolder};
pub use feeds::{write_feeds, SynthSummary};
pub use organizations::ORGANIZATIONS;
pub use persons::{outsider, person, SynthPerson};
pub use queries::write_queries;
pub use rng::Rng;
