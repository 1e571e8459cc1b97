//! All tantivy code: the schema, how a record becomes an index document, the atomic writer
//! and the facts stored for rescoring.
//!
//! One tantivy document per record. Person names are indexed as exact folded tokens and glued
//! adjacent pairs (`nt`), phonetic skeletons (`nk`) and one-deletion keys (`nd`); document
//! dates of birth as terms
//! at each precision (`dob`); document numbers as normalised (`dn`), OCR-canonical (`dc`) and canonical one-deletion keys (`dd`).
//! Candidate queries only ever look terms up exactly: no automaton over the term dictionary.
//! Each document stores the record as JSON (for display) and compact precomputed facts (for
//! rescoring without renormalising).

pub mod facts;
pub mod facts_file;
pub mod schema;
pub mod writer;

pub use facts::{Facts, FactsView};
pub use schema::{dob_terms, Fields};
pub use writer::{IngestReport, IngestWriter};
