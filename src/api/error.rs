//! The one table from errors to HTTP statuses and `{"error": {"code", "message"}}` bodies.
//! Internal errors are logged and answered with a generic message: no internal text leaks.

use crate::Error;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Machine-readable detail merged into the error object (the bad lines of a rejected
    /// feed, the id of the job holding a source).
    pub details: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    /// Adds a machine-readable field to the error object.
    pub fn with(mut self, key: &str, value: serde_json::Value) -> Self {
        self.details
            .get_or_insert_with(Default::default)
            .insert(key.to_string(), value);
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// A 500 with no internal detail (the cause is logged where it happened).
    /// The answer when the audit log cannot record a request (the service fails closed).
    pub fn audit_unavailable() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "audit_unavailable",
            "the audit log cannot be written, so no request is answered; see the server log",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; see the server log",
        )
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let (status, code) = match &e {
            Error::InvalidInput { .. } => (StatusCode::BAD_REQUEST, "invalid_request"),
            Error::FeedRejected { errors, total, .. } => {
                return ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "feed_rejected",
                    format!("the feed was rejected: {total} invalid entries; nothing was applied"),
                )
                .with("total", json!(total))
                .with("errors", json!(errors))
            }
            Error::TooManyRemovals { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "too_many_removals")
            }
            Error::IngestRunning { job_id, .. } => {
                let id = json!(job_id);
                return ApiError::new(StatusCode::CONFLICT, "ingest_running", e.to_string())
                    .with("job_id", id);
            }
            Error::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found"),
            Error::Busy(_) | Error::StoreInUse(_) => (StatusCode::CONFLICT, "busy"),
            Error::NoSuchJob(_) | Error::NoSuchKey(_) => (StatusCode::NOT_FOUND, "not_found"),
            Error::TooManyJobs(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_jobs"),
            Error::NotReady => (StatusCode::SERVICE_UNAVAILABLE, "not_ready"),
            Error::Audit(_) => {
                tracing::error!(error = %e, "audit log unavailable");
                return ApiError::audit_unavailable();
            }
            Error::Index(_)
            | Error::IncompatibleIndex(_)
            | Error::Io { .. }
            | Error::Internal(_) => {
                tracing::error!(error = %e, "internal error");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; see the server log",
                );
            }
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl ApiError {
    /// The answer's body, `{"error": {"code", "message", ...details}}`.
    pub fn body(&self) -> serde_json::Value {
        let mut error = serde_json::Map::new();
        error.insert("code".into(), json!(self.code));
        error.insert("message".into(), json!(self.message));
        error.extend(self.details.clone().unwrap_or_default());
        json!({ "error": error })
    }
}

/// The code of an error answer, for the layers outside the handler (the metrics' refusal
/// reason).
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        response.extensions_mut().insert(ErrorCode(self.code));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // overload, shutdown, no index yet, no audit log: all worth a retry soon
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}
