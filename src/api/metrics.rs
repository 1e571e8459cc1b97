//! The HTTP side of [`crate::metrics`]: the request counter and latency histogram of every
//! response (labelled by route template, never by the path a client sent), the requests
//! refused before a handler ran, and `GET /metrics`, which refreshes the gauges read at
//! scrape time (records per source and kind, the index commit and its age, jobs by kind and
//! state) and renders the Prometheus text format.

use super::AppState;
use crate::metrics as m;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
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
    if let Some(reason) = refusal(status) {
        m::rejected(reason);
    }
    response
}

/// The reason label of a refusal status.
fn refusal(status: StatusCode) -> Option<&'static str> {
    match status {
        StatusCode::TOO_MANY_REQUESTS => Some("rate_limited"),
        StatusCode::SERVICE_UNAVAILABLE => Some("overloaded"),
        StatusCode::UNAUTHORIZED => Some("unauthorized"),
        StatusCode::FORBIDDEN => Some("forbidden"),
        StatusCode::REQUEST_TIMEOUT => Some("timeout"),
        StatusCode::PAYLOAD_TOO_LARGE => Some("too_large"),
        _ => None,
    }
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
