//! Route handlers: extract, convert to engine queries, run off the reactor, convert back,
//! and note for the audit line what was asked and shown.

use super::answered::AnsweredBy;
use super::audit::Note;
use super::dto::{
    Alerting, DocumentCheckRequest, DocumentHitDto, HitsResponse, PersonHitDto, PersonSearchRequest,
};
use super::error::ApiError;
use super::extract::{Agency, ApiJson};
use super::openapi::{errors, example, ErrorBody};
use super::AppState;
use crate::index::IndexVersion;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;
use utoipa::ToSchema;

/// Milliseconds since `since`, to the microsecond.
pub fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

/// Search persons by name, with optional date of birth, nationality and gender.
///
/// The best `limit` records scoring at least `min_score` (default 0.3), each with its
/// explanation: the aligned token pairs (query token, record token, similarity, rarity weight,
/// evidence), the unmatched parts, both coverages, the date-of-birth, nationality and gender
/// effects, the formula and `sentences` (one plain-English sentence per piece of evidence).
/// `alert_threshold` is the score at which a hit alerts. Only records shared with the key's
/// agency are searched.
#[utoipa::path(
    post,
    path = "/v1/persons/search",
    tag = "persons",
    request_body(content = PersonSearchRequest, example = json!({"name": "Ahmad Muhammad Alghamdi", "date_of_birth": "1976-03", "nationality": "SYR", "limit": 1})),
    responses(
        (status = 200, description = "The hits, best first", body = HitsResponse<PersonHitDto>, example = json!(example!("persons_search.json"))),
        (status = 400, description = "Malformed JSON, an unknown or missing field, a value out of range", body = ErrorBody, examples(
            ("limit" = (value = json!(errors::invalid("invalid limit: -5 is outside 1..=100")))),
            ("min_score" = (value = json!(errors::invalid("invalid min_score: 7 is outside 0..=1")))),
            ("unknown_field" = (value = json!(errors::invalid("Failed to deserialize the JSON body into the target type: nam: unknown field `nam`, expected one of `name`, `date_of_birth`, `nationality`, `gender`, `limit`, `min_score` at line 1 column 6")))),
        )),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody, example = json!(errors::not_json())),
        (status = 503, description = "The index is not open yet, or every search slot is taken", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::overloaded()))),
        )),
    ),
)]
pub async fn search_persons(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<PersonSearchRequest>,
) -> Response {
    let started = Instant::now();
    let note = Note::query(&req);
    let res = match req.into_query(agency) {
        Ok(query) => state.run(move |e| e.search_persons(&query)).await,
        Err(e) => Err(e.into()),
    };
    hits_answer::<_, PersonHitDto>(note, started, res.map(|r| (r.hits, r.index)), |h| {
        (&h.source, &h.id, h.alert)
    })
}

/// The `{"hits", "alert_threshold", "index", "took_ms"}` answer of a search from its hits
/// and the index commit that found them, noting the hits for the audit line.
fn hits_answer<H, D: From<H> + serde::Serialize + Alerting>(
    note: Note,
    started: Instant,
    res: Result<(Vec<H>, Arc<IndexVersion>), ApiError>,
    shown: fn(&H) -> (&str, &str, bool),
) -> Response {
    let note = match &res {
        Ok((hits, _)) => note.hits(hits.iter().map(shown)),
        Err(_) => note,
    };
    note.respond(res.map(|(hits, index)| {
        let body = Json(HitsResponse::new(
            hits.into_iter().map(D::from).collect(),
            index.clone(),
            ms(started),
        ));
        AnsweredBy::attach(index, body)
    }))
}

/// Check a travel-document number against listed stolen, lost or invalid documents and the
/// documents of persons of interest.
///
/// Spacing, dashes, MRZ fillers and OCR confusions (`O`/`0`, `I`/`1` ...) are tolerated. A
/// given issuing country filters; a given document type that differs lowers the score.
#[utoipa::path(
    post,
    path = "/v1/documents/check",
    tag = "documents",
    request_body(content = DocumentCheckRequest, example = json!({"number": "OO-DK 79361", "issuing_country": "FRA", "limit": 1})),
    responses(
        (status = 200, description = "The hits, best first", body = HitsResponse<DocumentHitDto>, example = json!(example!("documents_check.json"))),
        (status = 400, description = "Malformed JSON, an unknown or missing field, a value out of range", body = ErrorBody, example = json!(errors::invalid("invalid limit: 0 is outside 1..=100"))),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody, example = json!(errors::not_json())),
        (status = 503, description = "The index is not open yet, or every search slot is taken", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::overloaded()))),
        )),
    ),
)]
pub async fn check_document(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<DocumentCheckRequest>,
) -> Response {
    let started = Instant::now();
    let note = Note::query(&req);
    let res = match req.into_query(agency) {
        Ok(query) => state.run(move |e| e.check_document(&query)).await,
        Err(e) => Err(e.into()),
    };
    hits_answer::<_, DocumentHitDto>(note, started, res.map(|r| (r.hits, r.index)), |h| {
        (&h.source, &h.id, h.alert)
    })
}

/// A stored record, as its feed gave it (with `source`, `id`, `kind` and `sharing`).
#[utoipa::path(
    get,
    path = "/v1/records/{source}/{id}",
    tag = "records",
    params(
        ("source" = String, Path, description = "The source organization's code", example = "INTERPOL"),
        ("id" = String, Path, description = "The record's id in its source", example = "P00000000"),
    ),
    responses(
        (status = 200, description = "The record: a person (`names`, `date_of_birth`, `nationality`, `gender`, `category`, `action`, `documents` ...) or a listed document (`number`, `issuing_country`, `document_type`, `status`, `reported`, `holder` ...)", body = Object, example = json!(example!("record.json"))),
        (status = 404, description = "No such record, or not shared with the key's agency", body = ErrorBody, example = json!(errors::engine(crate::Error::NotFound { source_code: "INTERPOL".into(), id: "P99999999".into() }))),
        (status = 503, description = "The index is not open yet, or every search slot is taken", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::overloaded()))),
        )),
    ),
)]
pub async fn get_record(
    State(state): State<AppState>,
    Agency(agency): Agency,
    Path((source, id)): Path<(String, String)>,
) -> Response {
    let mut note = Note::default();
    let shown = format!("{source}/{id}");
    let res = state
        .run(move |e| e.record(&source, &id, agency.as_deref()))
        .await;
    if res.is_ok() {
        note.records.push(shown);
    }
    note.respond(res.map(Json))
}

/// `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    responses((status = 200, description = "The process is up", body = Health, example = json!(example!("healthz.json")))),
)]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// `GET /readyz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// Whether the index is open and searches are answered.
    pub ready: bool,
    /// Alive records per source and kind (when ready).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<BTreeMap<String, crate::search::SourceCounts>>,
    /// Why not (when not ready): the error object of an error answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub error: Option<serde_json::Value>,
}

/// Whether the index is open, with the record counts per source and kind.
///
/// Open unless the service runs with `--readyz-needs-key` (then any valid key).
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "health",
    responses(
        (status = 200, description = "Ready: the index is open", body = Readiness, example = json!(example!("readyz.json"))),
        (status = 503, description = "Not ready yet (the index is being opened or the sample feeds ingested), or overloaded", body = Readiness, examples(
            ("not_ready" = (value = json!({"ready": false, "error": errors::not_ready()["error"]}))),
            ("overloaded" = (value = json!({"ready": false, "error": errors::overloaded()["error"]}))),
        )),
    ),
)]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.run(|e| e.counts()).await {
        Ok(counts) => (
            StatusCode::OK,
            Json(Readiness {
                ready: true,
                records: Some(counts),
                error: None,
            }),
        )
            .into_response(),
        Err(e) => (
            e.status,
            Json(Readiness {
                ready: false,
                error: Some(e.body()["error"].take()),
                records: None,
            }),
        )
            .into_response(),
    }
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see README.md for the API",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not accept that method",
    )
}
