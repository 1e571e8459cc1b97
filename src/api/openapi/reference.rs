//! `GET /openapi.json` (the document) and the reference page: `GET /docs` and its files
//! `GET /docs/{file}`, Swagger UI as vendored into the binary at build time
//! (`utoipa-swagger-ui`'s `vendored` feature: the build downloads nothing, the page fetches
//! nothing but this service's own files, and its validator badge is off).

use crate::api::error::ApiError;
use axum::extract::{Extension, Path};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::{Arc, LazyLock};
use utoipa_swagger_ui::Config;

/// The document as served, shared by every request (put in the requests' extensions by
/// [`crate::api::router`]).
#[derive(Clone)]
pub struct Document(pub Arc<axum::body::Bytes>);

/// Where the reference page's files are.
const DOCS_INDEX: &str = "/docs/index.html";

/// What the page loads: this service's document, the bearer key typed into "Authorize" kept
/// for the page's lifetime only (not in the browser's storage), no external validator.
static SWAGGER: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
    Arc::new(
        Config::new(["/openapi.json"])
            .validator_url("none")
            .persist_authorization(false)
            .try_it_out_enabled(true),
    )
});

/// The OpenAPI 3.1 document of this service.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "reference",
    operation_id = "openapi_document",
    security(()),
    responses(
        (status = 200, description = "This document (OpenAPI 3.1)", body = serde_json::Value),
    ),
)]
pub async fn document(Extension(doc): Extension<Document>) -> Response {
    let mut r = axum::body::Bytes::clone(&doc.0).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The API reference page (Swagger UI): redirects to its first file.
#[utoipa::path(
    get,
    path = "/docs",
    tag = "reference",
    operation_id = "docs_index",
    security(()),
    responses(
        (status = 303, description = "To `/docs/index.html`", headers(("Location" = String))),
    ),
)]
pub async fn docs_index() -> Redirect {
    Redirect::to(DOCS_INDEX)
}

/// A file of the reference page (`index.html`, `swagger-ui-bundle.js`, ...).
#[utoipa::path(
    get,
    path = "/docs/{file}",
    tag = "reference",
    operation_id = "docs_file",
    security(()),
    params(("file" = String, Path, description = "A file of Swagger UI's distribution", example = "index.html")),
    responses(
        (status = 200, description = "The file", content(
            ("text/html"), ("text/javascript"), ("text/css"), ("image/png"),
        )),
        (status = 404, description = "No such file", body = super::ErrorBody, example = json!(super::errors::of(no_file()))),
    ),
)]
pub async fn docs_file(Path(file): Path<String>) -> Response {
    match utoipa_swagger_ui::serve(&file, SWAGGER.clone()) {
        Ok(Some(f)) => {
            let mut r = (StatusCode::OK, f.bytes.into_owned()).into_response();
            if let Ok(v) = HeaderValue::from_str(&f.content_type) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            r
        }
        Ok(None) => no_file().into_response(),
        Err(e) => {
            tracing::error!(error = %e, file, "reference page file failed");
            ApiError::internal().into_response()
        }
    }
}

fn no_file() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such file of the reference page; it starts at /docs",
    )
}
