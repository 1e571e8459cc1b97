//! Document-number evidence: exact, OCR confusion, or one character off; the issuing country
//! and document type when the query gives them.

use super::holder::HolderCheck;
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
/// Effect, on a number one character off, of a presenting traveller who is not the recorded
/// holder: most likely another, valid document whose number happens to be one character from
/// a listed one. An exact or OCR-confused number keeps its score (a listed document presented
/// by someone else is the case to catch).
pub const HOLDER_DIFFERS_ONE_EDIT: f32 = -0.1;
/// Effect, on a number one character off, of a presenting traveller whose name and date of
/// birth agree with the recorded holder: the same document, misread or mistyped.
pub const HOLDER_AGREES_ONE_EDIT: f32 = 0.04;

/// How the numbers relate.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberEvidence {
    Exact,
    OcrConfusion,
    OneEdit,
}

/// Why a document scored what it scored.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct DocumentExplanation {
    pub number: NumberEvidence,
    pub query_number: String,
    pub record_number: String,
    /// Characters that differ only by an OCR confusion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_confusions: Option<usize>,
    pub number_score: f32,
    /// Whether the record's issuing country is the one the query gave; absent when the query
    /// gives none or the record has none (a given country filters: never false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_agrees: Option<bool>,
    pub country_effect: f32,
    /// Whether the record's document type is the one the query gave; absent when either side
    /// gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_agrees: Option<bool>,
    pub type_effect: f32,
    /// The effect of the holder check on a number one character off (see
    /// [`HOLDER_DIFFERS_ONE_EDIT`]); 0 otherwise.
    pub holder_effect: f32,
    pub score: f32,
    /// One short plain-English sentence per piece of evidence, the holder check's included
    /// (`matching::words`).
    pub sentences: Vec<String>,
}

impl DocumentExplanation {
    /// Applies the holder check: moves the score of a one-edit number by
    /// [`HOLDER_DIFFERS_ONE_EDIT`] or [`HOLDER_AGREES_ONE_EDIT`].
    pub fn apply_holder(&mut self, holder: &HolderCheck) {
        if self.number == NumberEvidence::OneEdit {
            self.holder_effect = match (holder.other_person, holder.agrees()) {
                (true, _) => HOLDER_DIFFERS_ONE_EDIT,
                (false, true) => HOLDER_AGREES_ONE_EDIT,
                _ => 0.0,
            };
            self.score =
                (self.number_score + self.country_effect + self.type_effect + self.holder_effect)
                    .clamp(0.0, 1.0);
        }
    }

    /// Writes the sentences (`matching::words`), the holder check's included when there was
    /// one: once, for a hit that is shown, not for every candidate scored.
    pub fn put_in_words(&mut self, holder: Option<&HolderCheck>) {
        self.sentences = super::words::document_sentences(self, holder);
    }
}

/// Scores normalised numbers; `None` when they are further apart than one edit.
/// `country_agrees`/`type_agrees` are `None` when the query does not give them. The
/// sentences are left empty for [`DocumentExplanation::put_in_words`].
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
        country_agrees,
        country_effect,
        type_agrees,
        type_effect,
        holder_effect: 0.0,
        score,
        sentences: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::holder::Agreement;

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

    /// A holder check saying the traveller is someone else, or the recorded holder.
    fn holder(other_person: bool) -> HolderCheck {
        let verdict = if other_person {
            Agreement::Differs
        } else {
            Agreement::Agrees
        };
        HolderCheck {
            name: verdict,
            name_score: None,
            date_of_birth: verdict,
            other_person,
        }
    }

    #[test]
    fn the_holder_moves_only_a_one_edit_number() {
        let threshold = crate::matching::DOCUMENT_ALERT_THRESHOLD;
        let mut edit = score_document("X1234568", "X1234567", Some(true), None).unwrap();
        edit.apply_holder(&holder(true));
        assert!(
            edit.score < threshold,
            "someone else with a near number: no alert"
        );
        let mut edit = score_document("X1234568", "X1234567", None, None).unwrap();
        edit.apply_holder(&holder(false));
        assert!(
            edit.score >= threshold,
            "the holder with a misread number: alert"
        );
        let mut exact = score_document("X1234567", "X1234567", None, None).unwrap();
        exact.apply_holder(&holder(true));
        assert_eq!(
            exact.score, 1.0,
            "a listed document presented by someone else still alerts"
        );
    }
}
