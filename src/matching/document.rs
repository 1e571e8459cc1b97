//! Document-number evidence: exact, OCR confusion, or one character off; the issuing country
//! and document type when the query gives them.

use crate::normalize::docnum::{ocr_canonical, ocr_confusions};
use serde::Serialize;

/// Score of an exact (normalised) number.
pub const EXACT: f32 = 1.0;
/// Score of a number equal up to OCR confusions, before the per-confusion cost.
pub const OCR: f32 = 0.96;
/// Cost of each OCR-confused character.
pub const OCR_PER_CHAR: f32 = 0.02;
/// Score of a number one edit away (on the OCR-canonical form).
pub const ONE_EDIT: f32 = 0.82;
/// Shortest number for which one-edit matches are considered at all.
pub const MIN_ONE_EDIT_LEN: usize = 6;
/// Effect of an agreeing issuing country given in the query.
pub const COUNTRY_MATCH: f32 = 0.04;
/// Effect of a contradicting document type given in the query.
pub const TYPE_MISMATCH: f32 = -0.1;

/// How the numbers relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberEvidence {
    Exact,
    OcrConfusion,
    OneEdit,
}

/// Why a document scored what it scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentExplanation {
    pub number: NumberEvidence,
    pub query_number: String,
    pub record_number: String,
    /// Characters that differ only by an OCR confusion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confusions: Option<usize>,
    pub number_score: f32,
    pub country_effect: f32,
    pub type_effect: f32,
    pub score: f32,
}

/// Scores normalised numbers; `None` when they are further apart than one edit.
/// `country_agrees`/`type_agrees` are `None` when the query does not give them.
pub fn score_document(
    query: &str,
    record: &str,
    country_agrees: Option<bool>,
    type_agrees: Option<bool>,
) -> Option<DocumentExplanation> {
    let confusions = ocr_confusions(query, record);
    let (number, number_score) = if query == record {
        (NumberEvidence::Exact, EXACT)
    } else if let Some(n) = confusions {
        (
            NumberEvidence::OcrConfusion,
            (OCR - OCR_PER_CHAR * (n as f32 - 1.0)).max(ONE_EDIT + 0.05),
        )
    } else if query.len().min(record.len()) >= MIN_ONE_EDIT_LEN
        && strsim::osa_distance(&ocr_canonical(query), &ocr_canonical(record)) <= 1
    {
        (NumberEvidence::OneEdit, ONE_EDIT)
    } else {
        return None;
    };
    let country_effect = if country_agrees == Some(true) {
        COUNTRY_MATCH
    } else {
        0.0
    };
    let type_effect = if type_agrees == Some(false) {
        TYPE_MISMATCH
    } else {
        0.0
    };
    let score = (number_score + country_effect + type_effect).clamp(0.0, 1.0);
    Some(DocumentExplanation {
        number,
        query_number: query.to_string(),
        record_number: record.to_string(),
        ocr_confusions: confusions.filter(|n| *n > 0),
        number_score,
        country_effect,
        type_effect,
        score,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_ladder() {
        let exact = score_document("X1234567", "X1234567", None, None).unwrap();
        let ocr = score_document("XI234567", "X1234567", None, None).unwrap();
        let edit = score_document("X1234568", "X1234567", None, None).unwrap();
        assert_eq!(exact.score, 1.0);
        assert_eq!(ocr.number, NumberEvidence::OcrConfusion);
        assert_eq!(edit.number, NumberEvidence::OneEdit);
        assert!(exact.score > ocr.score && ocr.score > edit.score);
        assert!(score_document("X1239999", "X1234567", None, None).is_none());
        assert!(score_document("X12", "X13", None, None).is_none());
        let edit_country = score_document("X1234568", "X1234567", Some(true), None).unwrap();
        assert!(edit_country.score >= crate::matching::DOCUMENT_ALERT_THRESHOLD);
        assert!(edit.score < crate::matching::DOCUMENT_ALERT_THRESHOLD);
    }
}
