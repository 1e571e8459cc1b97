//! The HTTP side of [`crate::metrics`]: the request counter and latency histogram of every
//! response (labelled by route template, never by the path a client sent), the requests
//! refused before a handler ran, and `GET /metrics`, which refreshes the gauges read at
//! scrape time (records per source and kind, the index commit and its age, jobs by kind and
//! state) and renders the Prometheus text format.

use super::AppState;
use crate::metrics as m;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

/// The route template a response answered, carried from the routing to [`layer`].
#[derive(Clone)]
struct RouteLabel(String);

/// Inside the router (a `route_layer`): notes the matched route template on the response.
pub async fn mark_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let mut response = next.run(req).await;
    if let Some(route) = route {
        response.extensions_mut().insert(RouteLabel(route));
    }
    response
}

/// Outside everything: counts and times every response; refusals by their status.
pub async fn layer(req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let started = Instant::now();
    let response = next.run(req).await;
    let took = started.elapsed();
    let status = response.status();
    let route = response
        .extensions()
        .get::<RouteLabel>()
        .map_or_else(|| "unmatched".to_string(), |r| r.0.clone());
    let class = m::status_class(status.as_u16());
    metrics::counter!(m::HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => class)
        .increment(1);
    metrics::histogram!(m::HTTP_DURATION, "route" => route, "method" => method, "status" => class)
        .record(took.as_secs_f64());
    if let Some(reason) = refusal(&response) {
        m::rejected(reason);
    }
    response
}

/// The codes of a refusal: the request was not served (shed, limited, not allowed, not
/// possible now), as against a request answered with an error of its own.
const REFUSALS: &[&str] = &[
    "rate_limited",
    "overloaded",
    "not_ready",
    "shutting_down",
    "audit_unavailable",
    "unauthorized",
    "forbidden",
    "timeout",
    "payload_too_large",
];

/// The reason label of a refused response: its error code (a constant, so the set is
/// bounded) when that is a refusal.
fn refusal(response: &Response) -> Option<&'static str> {
    let code = response.extensions().get::<super::error::ErrorCode>()?.0;
    REFUSALS.contains(&code).then_some(code)
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::PUT => "PUT",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// Sources given a records gauge so far (a source gone from the index is set to 0).
static SOURCES_SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Prometheus metrics, in the text exposition format.
///
/// Requests by route template, method and status class (count and latency histogram),
/// refused requests by reason, checks and alerts by kind, candidates and rescoring time per
/// person search, records per source and kind, the index generation and its age, jobs by
/// kind and state and their durations, audit-write latency. Labels come from bounded sets
/// only (never a name, a key or a query). Open like `/readyz` (behind a key when the service
/// runs with `--readyz-needs-key`).
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "health",
    responses(
        (status = 200, description = "The metrics (Prometheus text format 0.0.4)", content_type = "text/plain", body = String,
         example = "# TYPE frontline_http_requests_total counter\nfrontline_http_requests_total{route=\"/v1/persons/search\",method=\"POST\",status=\"2xx\"} 42\n"),
    ),
)]
pub async fn render(State(state): State<AppState>) -> Response {
    let handle = m::handle();
    if let Ok(engine) = state.engine() {
        let refreshed = super::blocking(move || {
            let counts = engine.counts().map_err(super::ApiError::from)?;
            let version = engine.version().map_err(super::ApiError::from)?;
            Ok((counts, version))
        })
        .await;
        if let Ok((counts, version)) = refreshed {
            let mut seen = SOURCES_SEEN.lock().unwrap_or_else(|p| p.into_inner());
            for gone in seen.iter().filter(|s| !counts.contains_key(*s)) {
                for kind in ["person", "document"] {
                    metrics::gauge!(m::INDEX_RECORDS, "source" => gone.clone(), "kind" => kind)
                        .set(0.0);
                }
            }
            seen.clear();
            for (source, c) in &counts {
                seen.insert(source.clone());
                metrics::gauge!(m::INDEX_RECORDS, "source" => source.clone(), "kind" => "person")
                    .set(c.person as f64);
                metrics::gauge!(m::INDEX_RECORDS, "source" => source.clone(), "kind" => "document")
                    .set(c.document as f64);
            }
            metrics::gauge!(m::INDEX_GENERATION).set(version.generation as f64);
            metrics::gauge!(m::INDEX_AGE).set(version.age_secs());
        }
    }
    let jobs = state.jobs.store().list(usize::MAX);
    for kind in [
        crate::jobs::JobKind::Screening,
        crate::jobs::JobKind::Ingest,
    ] {
        for status in crate::jobs::JobStatus::ALL {
            let n = jobs
                .iter()
                .filter(|j| j.kind == kind && j.status == status)
                .count();
            metrics::gauge!(m::JOBS, "kind" => kind.as_str(), "state" => status.as_str())
                .set(n as f64);
        }
    }
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ApiError;

    #[test]
    fn a_refusal_is_labelled_by_its_error_code_and_an_answered_error_is_none() {
        let not_ready = ApiError::from(crate::Error::NotReady).into_response();
        assert_eq!(
            refusal(&not_ready),
            Some("not_ready"),
            "not counted as overloaded"
        );
        let limited = crate::api::limits::rate_limited(1).into_response();
        assert_eq!(refusal(&limited), Some("rate_limited"));
        let missing = ApiError::from(crate::Error::NotFound {
            source_code: "INTERPOL".into(),
            id: "P1".into(),
        })
        .into_response();
        assert_eq!(refusal(&missing), None);
        assert_eq!(refusal(&StatusCodeOnly.into_response()), None);
    }

    /// A response no `ApiError` made.
    struct StatusCodeOnly;

    impl IntoResponse for StatusCodeOnly {
        fn into_response(self) -> Response {
            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
