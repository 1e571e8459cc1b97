//! Route handlers: extract, convert to engine queries, run off the reactor, convert back,
//! audit.

use super::dto::{
    DocumentCheckRequest, DocumentHitDto, HitsResponse, PersonHitDto, PersonSearchRequest,
};
use super::error::ApiError;
use super::extract::{Agency, ApiJson};
use super::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
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
) -> Result<Json<HitsResponse<PersonHitDto>>, ApiError> {
    let started = Instant::now();
    let query = req.into_query(agency.clone());
    let audit_name = query.name.clone();
    let res = state.run(move |e| e.search_persons(&query)).await;
    tracing::info!(
        target: "audit", endpoint = "persons/search", agency = agency.as_deref().unwrap_or("-"),
        name = %audit_name, hits = res.as_ref().map(|r| r.hits.len()).unwrap_or(0),
        alerts = res.as_ref().map(|r| r.hits.iter().filter(|h| h.alert).count()).unwrap_or(0),
        ok = res.is_ok(),
    );
    let res = res?;
    Ok(Json(HitsResponse {
        hits: res.hits.into_iter().map(Into::into).collect(),
        took_ms: ms(started),
    }))
}

pub async fn check_document(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<DocumentCheckRequest>,
) -> Result<Json<HitsResponse<DocumentHitDto>>, ApiError> {
    let started = Instant::now();
    let query = req.into_query(agency.clone());
    let audit_number = query.number.clone();
    let res = state.run(move |e| e.check_document(&query)).await;
    tracing::info!(
        target: "audit", endpoint = "documents/check", agency = agency.as_deref().unwrap_or("-"),
        number = %audit_number, hits = res.as_ref().map(|r| r.hits.len()).unwrap_or(0), ok = res.is_ok(),
    );
    let res = res?;
    Ok(Json(HitsResponse {
        hits: res.hits.into_iter().map(Into::into).collect(),
        took_ms: ms(started),
    }))
}

pub async fn get_record(
    State(state): State<AppState>,
    Agency(agency): Agency,
    Path((source, id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let audit = format!("{source}/{id}");
    let ag = agency.clone();
    let res = state
        .run(move |e| e.record(&source, &id, ag.as_deref()))
        .await;
    tracing::info!(target: "audit", endpoint = "records", agency = agency.as_deref().unwrap_or("-"), record = %audit, ok = res.is_ok());
    Ok(Json(res?))
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
