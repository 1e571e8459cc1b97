//! The audit layer: every `/v1` request, once its handler has answered, is appended to the
//! audit log ([`crate::audit`]) with who asked (the key's [`Caller`], put in the response by
//! [`super::auth`]), what (the handler's [`Note`]: the query, the records shown, the alert),
//! the status and the latency; the response leaves only when its line is on disk. When the
//! line cannot be written the answer is `503 audit_unavailable` instead (fail closed), unless
//! the service runs with [`crate::config::Config::audit_fail_open`]. The line records the
//! request's id ([`super::request_id`]), which the response carries in `X-Request-Id`.

use super::error::ApiError;
use super::AppState;
use crate::audit::record::{now, outcome};
use crate::auth::Role;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use std::time::Instant;

/// The proven caller of a request, as the audit line names it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key_id: String,
    pub agency: String,
    /// The role the route requires.
    pub role: Role,
}

/// What a handler tells the audit line about its request.
#[derive(Debug, Clone, Default)]
pub struct Note {
    pub query: Option<Value>,
    /// `source/id` of every record the response shows.
    pub records: Vec<String>,
    pub alert: Option<bool>,
}

impl Note {
    /// A note of the query `query` (its JSON form).
    pub fn query(query: &impl Serialize) -> Note {
        Note {
            query: serde_json::to_value(query).ok(),
            ..Default::default()
        }
    }

    /// Adds shown records (`source`, `id`, alert) and whether any alerted.
    pub fn hits<'a>(mut self, hits: impl IntoIterator<Item = (&'a str, &'a str, bool)>) -> Note {
        let mut alert = self.alert.unwrap_or(false);
        for (source, id, a) in hits {
            self.records.push(format!("{source}/{id}"));
            alert |= a;
        }
        self.alert = Some(alert);
        self
    }

    /// Adds the records of every `person_hits` and `document_hits` inside `values` (lines of
    /// screening reports), and whether any alerted.
    pub fn hits_in(mut self, values: &[Value]) -> Note {
        let mut alert = self.alert.unwrap_or(false);
        for v in values {
            collect_hits(v, &mut self.records, &mut alert);
        }
        self.alert = Some(alert);
        self
    }

    /// A note of the query `query`, given as JSON.
    pub fn json(query: Value) -> Note {
        Note {
            query: Some(query),
            ..Default::default()
        }
    }

    /// The response of `result` carrying this note.
    pub fn respond<T: IntoResponse>(self, result: Result<T, ApiError>) -> Response {
        match result {
            Ok(r) => self.attach(r.into_response()),
            Err(e) => self.attach(e.into_response()),
        }
    }

    /// `response` carrying this note.
    pub fn attach(self, mut response: Response) -> Response {
        response.extensions_mut().insert(self);
        response
    }
}

fn collect_hits(value: &Value, records: &mut Vec<String>, alert: &mut bool) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "person_hits" || k == "document_hits" {
                    for hit in v.as_array().into_iter().flatten() {
                        if let (Some(s), Some(i)) = (hit["source"].as_str(), hit["id"].as_str()) {
                            records.push(format!("{s}/{i}"));
                            *alert |= hit["alert"].as_bool().unwrap_or(false);
                        }
                    }
                } else {
                    collect_hits(v, records, alert);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_hits(v, records, alert)),
        _ => {}
    }
}

/// The layer over every route (only `/v1` is audited).
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(log) = state.audit.clone() else {
        return next.run(req).await;
    };
    if !req.uri().path().starts_with("/v1/") {
        return next.run(req).await;
    }
    let started = Instant::now();
    let time = now();
    let id = req
        .extensions()
        .get::<super::request_id::RequestId>()
        .map_or_else(super::request_id::generate, |r| r.0.clone());
    let claimed = super::auth::bearer(&req)
        .and_then(crate::auth::key::key_id)
        .map(String::from);
    let method = req.method().to_string();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_string(), |p| p.to_string());
    let mut response = next.run(req).await;
    let caller = response.extensions_mut().remove::<Caller>();
    let note = response
        .extensions_mut()
        .remove::<Note>()
        .unwrap_or_default();
    let status = response.status().as_u16();
    let (query, query_digest) = log.query_fields(note.query);
    let line = crate::audit::Request {
        request_id: id.clone(),
        key_id: caller.as_ref().map(|c| c.key_id.clone()).or(claimed),
        agency: caller.as_ref().map(|c| c.agency.clone()),
        role: caller.as_ref().map(|c| c.role.as_str().to_string()),
        method,
        path,
        status,
        outcome: outcome(status).to_string(),
        latency_ms: super::handlers::ms(started),
        query,
        query_digest,
        records: note.records,
        alert: note.alert,
    };
    if let Err(e) = log.append(time, line).await {
        if state.config.audit_fail_open {
            tracing::error!(error = %e, request_id = %id, "request answered without an audit line (audit_fail_open)");
        } else {
            tracing::error!(error = %e, request_id = %id, "request refused: the audit log cannot be written");
            response = ApiError::audit_unavailable().into_response();
        }
    }
    response
}
