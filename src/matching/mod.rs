//! Scoring with no index code: how well a query name, date of birth, nationality, gender or
//! document number matches one record, with an explanation of every part.
//!
//! Data flow: `search` fetches candidates from the index, then calls [`person::score_person`]
//! or [`document::score_document`] on each. Scores are in `[0, 1]`; the alert thresholds are
//! named constants here so that one place documents the operating point.

pub mod abjad;
pub mod date;
pub mod distinct;
pub mod document;
pub mod holder;
pub mod name;
pub mod person;
pub mod words;

/// Person hits with a score at or above this raise `alert: true`. Chosen from the evaluation
/// (README, "Matching quality"): true spelling variants score above it, names sharing only one
/// common part with a listed person stay below it.
pub const PERSON_ALERT_THRESHOLD: f32 = 0.845;

/// Document hits at or above this raise `alert: true`: exact numbers, OCR confusions, and a
/// one-character error backed by the same issuing country.
pub const DOCUMENT_ALERT_THRESHOLD: f32 = 0.85;
