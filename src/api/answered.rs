//! Which data answered: every response carries `X-Index-Version`, the index generation and
//! each organization's feed version ([`IndexVersion::header`]: `GENERATION; SOURCE=CHECKSUM12
//! ...`). A handler that searched names the commit its searcher read ([`AnsweredBy`] in the
//! response); every other response names the commit serving queries when it left. Nothing
//! is said before the index is open.

use super::AppState;
use crate::index::IndexVersion;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The header.
pub const HEADER: &str = "x-index-version";

/// The index commit a handler's answer came from (a response extension).
#[derive(Debug, Clone)]
pub struct AnsweredBy(pub Arc<IndexVersion>);

impl AnsweredBy {
    /// `response` naming `version`.
    pub fn attach(version: Arc<IndexVersion>, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        response.extensions_mut().insert(AnsweredBy(version));
        response
    }
}

/// The layer over every route.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let version = match response.extensions_mut().remove::<AnsweredBy>() {
        Some(AnsweredBy(v)) => Some(v),
        None => match state.engine.get() {
            Some(engine) => engine.version().ok(),
            None => None,
        },
    };
    if let Some(value) = version.and_then(|v| HeaderValue::from_str(&v.header()).ok()) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}
