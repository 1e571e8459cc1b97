//! Request and response bodies of the REST API, apart from the engine's types.

use crate::matching::document::DocumentExplanation;
use crate::matching::holder::HolderCheck;
use crate::matching::person::PersonExplanation;
use crate::model::{DocType, Kind};
use crate::search::{DocumentHit, DocumentQuery, PersonHit, PersonQuery};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
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
    pub limit: Option<i64>,
    /// 0..=1, default 0.
    pub min_score: Option<f64>,
}

fn limit(l: Option<i64>) -> Option<usize> {
    // out-of-range values map to 0 or a huge number so the engine rejects them with its message
    l.map(|n| usize::try_from(n).unwrap_or(0))
}

impl PersonSearchRequest {
    pub fn into_query(self, agency: Option<String>) -> PersonQuery {
        PersonQuery {
            name: self.name,
            date_of_birth: self.date_of_birth,
            nationality: self.nationality,
            gender: self.gender,
            limit: limit(self.limit),
            min_score: self.min_score.map(|m| m as f32),
            agency,
            skip_explanations: false,
        }
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
    pub limit: Option<i64>,
}

impl DocumentCheckRequest {
    pub fn into_query(self, agency: Option<String>) -> DocumentQuery {
        DocumentQuery {
            number: self.number,
            issuing_country: self.issuing_country,
            document_type: self.document_type,
            limit: limit(self.limit),
            agency,
            presented_by: None,
        }
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

/// `{"hits": [...], "index": {...}, "took_ms": ...}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitsResponse<T> {
    /// Best first.
    pub hits: Vec<T>,
    /// The index commit that answered: its generation, when it was made, and the version of
    /// each organization's feed in it.
    pub index: crate::index::IndexVersion,
    /// Time spent answering, in milliseconds.
    pub took_ms: f64,
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
