//! Route handlers: extract, convert to engine queries, run off the reactor, convert back,
//! and note for the audit line what was asked and shown.

use super::audit::Note;
use super::dto::{
    DocumentCheckRequest, DocumentHitDto, HitsResponse, PersonHitDto, PersonSearchRequest,
};
use super::error::ApiError;
use super::extract::{Agency, ApiJson};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::time::Instant;

/// Milliseconds since `since`, to the microsecond.
pub fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

pub async fn search_persons(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<PersonSearchRequest>,
) -> Response {
    let started = Instant::now();
    let note = Note::query(&req);
    let query = req.into_query(agency);
    let res = state.run(move |e| e.search_persons(&query)).await;
    hits_answer::<_, PersonHitDto>(note, started, res.map(|r| r.hits), |h| {
        (&h.source, &h.id, h.alert)
    })
}

/// The `{"hits", "took_ms"}` answer of a search, noting the hits for the audit line.
fn hits_answer<H, D: From<H> + serde::Serialize>(
    note: Note,
    started: Instant,
    res: Result<Vec<H>, ApiError>,
    shown: fn(&H) -> (&str, &str, bool),
) -> Response {
    let note = match &res {
        Ok(hits) => note.hits(hits.iter().map(shown)),
        Err(_) => note,
    };
    note.respond(res.map(|hits| {
        Json(HitsResponse {
            hits: hits.into_iter().map(D::from).collect(),
            took_ms: ms(started),
        })
    }))
}

pub async fn check_document(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<DocumentCheckRequest>,
) -> Response {
    let started = Instant::now();
    let note = Note::query(&req);
    let query = req.into_query(agency);
    let res = state.run(move |e| e.check_document(&query)).await;
    hits_answer::<_, DocumentHitDto>(note, started, res.map(|r| r.hits), |h| {
        (&h.source, &h.id, h.alert)
    })
}

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

pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.run(|e| e.counts()).await {
        Ok(counts) => (
            StatusCode::OK,
            Json(json!({"ready": true, "records": counts})),
        )
            .into_response(),
        Err(e) => (
            e.status,
            Json(json!({"ready": false, "error": {"code": e.code, "message": e.message}})),
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
