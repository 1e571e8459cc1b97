//! Request and response bodies of the REST API, apart from the engine's types.

use crate::matching::document::DocumentExplanation;
use crate::matching::holder::HolderCheck;
use crate::matching::person::PersonExplanation;
use crate::model::{DocType, Kind};
use crate::search::{DocumentHit, DocumentQuery, PersonHit, PersonQuery};
use serde::{Deserialize, Serialize};
use serde_json::{json, Number, Value};
use utoipa::ToSchema;

/// `POST /v1/persons/search`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonSearchRequest {
    /// Any script, any order. Required.
    pub name: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub nationality: Option<String>,
    /// M, F, X or U.
    pub gender: Option<String>,
    /// 1..=100, default 10.
    #[schema(value_type = Option<i64>)]
    pub limit: Option<Number>,
    /// 0..=1, default 0.3 (`search::DEFAULT_MIN_SCORE`): hits scoring below are left out.
    #[schema(value_type = Option<f64>)]
    pub min_score: Option<Number>,
}

/// A requested hit count as JSON gives it: any number is read (so that an answer can name the
/// value given, `-5` or `2.5`, rather than the integer type it missed); a negative or fractional
/// one is refused here, a positive integer passed on for the engine's range check.
pub fn limit(l: Option<Number>) -> Result<Option<usize>, crate::Error> {
    let Some(n) = l else { return Ok(None) };
    match n.as_u64() {
        Some(v) => Ok(Some(usize::try_from(v).unwrap_or(usize::MAX))),
        None if n.as_f64().is_some_and(|f| f.fract() != 0.0) => Err(crate::Error::invalid(
            "limit",
            format!(
                "{n} is not a whole number (1..={})",
                crate::search::MAX_LIMIT
            ),
        )),
        None => Err(crate::search::limit_refused(n)),
    }
}

/// A requested score floor, refused with the value as given (`1e40`, not what an `f32` makes
/// of it) when outside 0..=1.
fn min_score(m: Option<Number>) -> Result<Option<f32>, crate::Error> {
    let Some(n) = m else { return Ok(None) };
    match n.as_f64() {
        Some(f) if (0.0..=1.0).contains(&f) => Ok(Some(f as f32)),
        _ => Err(crate::search::min_score_refused(n)),
    }
}

impl PersonSearchRequest {
    pub fn into_query(self, agency: Option<String>) -> Result<PersonQuery, crate::Error> {
        Ok(PersonQuery {
            name: self.name,
            date_of_birth: self.date_of_birth,
            nationality: self.nationality,
            gender: self.gender,
            limit: limit(self.limit)?,
            min_score: min_score(self.min_score)?,
            agency,
            skip_explanations: false,
        })
    }
}

/// `POST /v1/documents/check`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCheckRequest {
    /// Any spacing, dashes or MRZ fillers. Required.
    pub number: String,
    /// ISO 3166-1 alpha-3; given, it filters.
    pub issuing_country: Option<String>,
    /// `passport`, `id_card`, `visa`, `residence_permit`, `other` (or the ICAO letters); a
    /// differing type lowers the score.
    pub document_type: Option<String>,
    /// 1..=100, default 10.
    #[schema(value_type = Option<i64>)]
    pub limit: Option<Number>,
}

impl DocumentCheckRequest {
    pub fn into_query(self, agency: Option<String>) -> Result<DocumentQuery, crate::Error> {
        Ok(DocumentQuery {
            number: self.number,
            issuing_country: self.issuing_country,
            document_type: self.document_type,
            limit: limit(self.limit)?,
            agency,
            presented_by: None,
        })
    }
}

/// One person hit as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonHitDto {
    pub source: String,
    pub id: String,
    pub score: f32,
    pub alert: bool,
    /// The record name that matched best.
    pub name: String,
    /// True when that name is one of the record's `low_quality_names` (the list calls it low
    /// quality, so the match counts for less).
    pub low_quality_name: bool,
    /// The record's names: primary name first, then aliases.
    #[schema(value_type = Vec<String>)]
    pub names: Value,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; null when unknown.
    #[schema(value_type = Option<String>)]
    pub date_of_birth: Value,
    /// ISO 3166-1 alpha-3 codes.
    #[schema(value_type = Vec<String>)]
    pub nationality: Value,
    /// `M`, `F`, `X` or `U`; null when unknown.
    #[schema(value_type = Option<String>)]
    pub gender: Value,
    /// Why the person is listed (`wanted`, `missing`, `sanctioned` ...).
    #[schema(value_type = Option<String>)]
    pub category: Value,
    /// What the officer must do on a match.
    #[schema(value_type = Option<String>)]
    pub action: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<PersonExplanation>,
}

impl From<PersonHit> for PersonHitDto {
    fn from(h: PersonHit) -> Self {
        let r = h.record;
        PersonHitDto {
            source: h.source,
            id: h.id,
            score: h.score,
            alert: h.alert,
            name: h.name,
            low_quality_name: h.low_quality_name,
            names: r["names"].clone(),
            date_of_birth: r["date_of_birth"].clone(),
            nationality: r["nationality"].clone(),
            gender: r["gender"].clone(),
            category: r["category"].clone(),
            action: r["action"].clone(),
            explanation: h.explanation,
        }
    }
}

/// One document hit as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentHitDto {
    pub source: String,
    pub id: String,
    /// `document`: a listed stolen/lost/invalid document; `person`: a document listed in a
    /// person-of-interest record (then `person` holds who it is).
    pub kind: Kind,
    /// The matched number (normalised), its country and type.
    pub number: String,
    pub issuing_country: Option<String>,
    pub document_type: Option<DocType>,
    /// A listed document's status and report date; null for a person's document.
    #[schema(value_type = Option<crate::model::DocStatus>)]
    pub status: Value,
    #[schema(value_type = Option<crate::model::Date>)]
    pub reported: Value,
    /// The holder the record names (a listed document's `holder`; for a person's document
    /// the person's names and date of birth): `{"names", "date_of_birth"}`, or null.
    #[schema(value_type = Option<Object>)]
    pub holder: Value,
    /// For a person's document: the person's `names`, `date_of_birth`, `nationality`,
    /// `category` and `action`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub person: Option<Value>,
    pub score: f32,
    pub alert: bool,
    /// Whether the presenting traveller agrees with the recorded holder (traveller checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_check: Option<HolderCheck>,
    pub explanation: DocumentExplanation,
}

impl From<DocumentHit> for DocumentHitDto {
    fn from(h: DocumentHit) -> Self {
        let r = h.record;
        let (holder, person) = match h.kind {
            Kind::Person => (
                json!({"names": r["names"], "date_of_birth": r["date_of_birth"]}),
                Some(json!({
                    "names": r["names"],
                    "date_of_birth": r["date_of_birth"],
                    "nationality": r["nationality"],
                    "category": r["category"],
                    "action": r["action"],
                })),
            ),
            Kind::Document => (r["holder"].clone(), None),
        };
        DocumentHitDto {
            source: h.source,
            id: h.id,
            kind: h.kind,
            number: h.document.number,
            issuing_country: h.document.issuing_country,
            document_type: h.document.document_type,
            status: r["status"].clone(),
            reported: r["reported"].clone(),
            holder,
            person,
            score: h.score,
            alert: h.alert,
            holder_check: h.holder_check,
            explanation: h.explanation,
        }
    }
}

/// A hit that alerts at a threshold of its kind.
pub trait Alerting {
    /// The score at or above which a hit of this kind has `alert: true`.
    const ALERT_THRESHOLD: f32;
}

impl Alerting for PersonHitDto {
    const ALERT_THRESHOLD: f32 = crate::matching::PERSON_ALERT_THRESHOLD;
}

impl Alerting for DocumentHitDto {
    const ALERT_THRESHOLD: f32 = crate::matching::DOCUMENT_ALERT_THRESHOLD;
}

/// `{"hits": [...], "alert_threshold": ..., "index": {...}, "took_ms": ...}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitsResponse<T> {
    /// Best first.
    pub hits: Vec<T>,
    /// The score at or above which a hit has `alert: true` (persons 0.845, documents 0.85).
    pub alert_threshold: f32,
    /// The index commit that answered: its generation, when it was made, and the version of
    /// each organization's feed in it (shared with the engine, not copied).
    #[schema(value_type = crate::index::IndexVersion)]
    pub index: std::sync::Arc<crate::index::IndexVersion>,
    /// Time spent answering, in milliseconds.
    pub took_ms: f64,
}

impl<T: Alerting> HitsResponse<T> {
    pub fn new(
        hits: Vec<T>,
        index: std::sync::Arc<crate::index::IndexVersion>,
        took_ms: f64,
    ) -> Self {
        HitsResponse {
            hits,
            alert_threshold: T::ALERT_THRESHOLD,
            index,
            took_ms,
        }
    }
}

/// The alert thresholds in force, of an answer that holds hits of both kinds.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertThresholds {
    /// A person hit alerts at or above this score.
    pub person: f32,
    /// A document hit alerts at or above this score.
    pub document: f32,
}

impl Default for AlertThresholds {
    fn default() -> Self {
        AlertThresholds {
            person: PersonHitDto::ALERT_THRESHOLD,
            document: DocumentHitDto::ALERT_THRESHOLD,
        }
    }
}

/// A job (a screening or an ingest) as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobDto {
    #[serde(flatten)]
    pub record: crate::jobs::JobRecord,
    /// Where to follow it.
    pub href: String,
}

impl From<crate::jobs::JobRecord> for JobDto {
    fn from(record: crate::jobs::JobRecord) -> Self {
        let route = match record.kind {
            crate::jobs::JobKind::Screening => "/v1/screenings",
            crate::jobs::JobKind::Ingest => "/v1/admin/jobs",
        };
        JobDto {
            href: format!("{route}/{}", record.id),
            record,
        }
    }
}

/// A list of jobs, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobList {
    pub jobs: Vec<JobDto>,
}
