//! The error body's schema (one for every error answer, see [`crate::api::error`]) and the
//! error examples of the document, each made by the very constructor the service answers
//! with, so an example cannot say what the service no longer says.

use crate::api::error::ApiError;
use crate::auth::Role;
use axum::http::StatusCode;
use serde_json::Value;
use utoipa::ToSchema;

/// The body of every error answer: `{"error": {"code", "message", ...}}`.
#[derive(ToSchema)]
#[allow(dead_code)] // a schema only: the body is written by `ApiError::body`
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable `code` to branch on, a `message` for people, and for some codes
/// machine-readable detail.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// What went wrong and, where it helps, how to fix the request.
    pub message: String,
    /// `ingest_running`: the job holding the source.
    pub job_id: Option<String>,
    /// `feed_rejected`: how many entries were invalid.
    pub total: Option<u64>,
    /// `feed_rejected`: the first invalid entries.
    pub errors: Option<Vec<BadLine>>,
}

/// One invalid entry of a rejected feed.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct BadLine {
    /// 1-based line (or entry) of the feed.
    pub line: u64,
    pub reason: String,
}

/// Every error code the service answers with, and its status:
/// `invalid_request` 400 (malformed JSON, missing, unknown or over-long fields or query
/// parameters, bad dates, limits out of range, a bad MRZ or agency header, a header given
/// twice); `unauthorized` 401 (no key, a malformed, unknown or revoked key); `forbidden` 403
/// (a role the key lacks, another agency's `X-Agency`, another organization's source);
/// `not_found` 404 (no such record, job, key or route); `method_not_allowed` 405; `timeout`
/// 408 (a request over the time limit, an idle upload); `busy` and `ingest_running` 409;
/// `payload_too_large` and `too_many_travellers` 413; `unsupported_media_type` 415;
/// `manifest_rejected`, `feed_rejected` and `too_many_removals` 422; `too_many_jobs` and
/// `rate_limited` 429 (with `Retry-After`); `internal` 500 (never expected: the cause is in
/// the server log); `not_ready`, `overloaded`, `shutting_down` and `audit_unavailable` 503
/// (with `Retry-After: 1`).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ErrorCode {
    InvalidRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Timeout,
    Busy,
    IngestRunning,
    PayloadTooLarge,
    TooManyTravellers,
    UnsupportedMediaType,
    ManifestRejected,
    FeedRejected,
    TooManyRemovals,
    TooManyJobs,
    RateLimited,
    Internal,
    NotReady,
    Overloaded,
    ShuttingDown,
    AuditUnavailable,
}

/// The body of `e`.
pub fn of(e: ApiError) -> Value {
    e.body()
}

/// The body of the engine error `e`.
pub fn engine(e: crate::Error) -> Value {
    ApiError::from(e).body()
}

/// `400 invalid_request` saying `message`.
pub fn invalid(message: &str) -> Value {
    ApiError::bad_request(message).body()
}

/// `503 not_ready`.
pub fn not_ready() -> Value {
    engine(crate::Error::NotReady)
}

/// `503 overloaded` of a search slot.
pub fn overloaded() -> Value {
    of(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        crate::api::SEARCH_BUSY,
    ))
}

/// `415` of a JSON route.
pub fn not_json() -> Value {
    of(crate::api::extract::not_json())
}

/// `404 not_found` of a job.
pub fn no_job(id: &str) -> Value {
    engine(crate::Error::NoSuchJob(id.to_string()))
}

/// `401 unauthorized`: no key, or a bad one.
pub fn no_key() -> Value {
    of(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        crate::api::auth::NO_KEY,
    ))
}

/// `401 unauthorized` of a malformed, unknown or revoked key.
pub fn bad_key() -> Value {
    of(ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        crate::api::auth::BAD_KEY,
    ))
}

/// `403 forbidden`: the key lacks `role`.
pub fn missing_role(role: Role) -> Value {
    of(crate::api::auth::missing_role(role))
}
