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
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// A 500 with no internal detail (the cause is logged where it happened).
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
            Error::FeedRejected { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "feed_rejected"),
            Error::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found"),
            Error::Busy(_) => (StatusCode::CONFLICT, "busy"),
            Error::NoSuchJob(_) => (StatusCode::NOT_FOUND, "not_found"),
            Error::TooManyJobs(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_jobs"),
            Error::NotReady => (StatusCode::SERVICE_UNAVAILABLE, "not_ready"),
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response()
    }
}
