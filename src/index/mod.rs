//! All tantivy code: the schema, how a record becomes an index document, the atomic writer
//! and the facts stored for rescoring.
//!
//! One tantivy document per record. Person names are indexed as exact folded tokens and glued
//! adjacent pairs (`nt`) and phonetic skeletons (`nk`); dates of birth as terms at each
//! precision (`dob`); document numbers as OCR-canonical (`dc`) and the same backwards (`dr`).
//! Candidate queries look terms up exactly, except that the rarest name tokens and document
//! numbers are also looked up one edit away: a Levenshtein automaton walks the `nt` or the
//! `dc` and `dr` dictionaries of each segment (`search::near`) and the terms it accepts are looked
//! up exactly. One term per value, where one-deletion keys (SymSpell) indexed one per letter.
//! Each document stores the record as JSON (for display) and compact precomputed facts (for
//! rescoring without renormalising).

pub mod facts;
pub mod facts_file;
pub mod schema;
pub mod version;
pub mod writer;

pub use facts::{Facts, FactsView};
pub use schema::{dob_terms, Fields};
pub use version::{FeedVersion, IndexVersion};
pub use writer::{IngestReport, IngestWriter};
