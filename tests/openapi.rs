//! The OpenAPI document (`GET /openapi.json`) against the router that serves it, in process
//! (`api::router` and `tower::ServiceExt::oneshot`, no socket). What it proves:
//! 1. every documented operation is served: each (path, method) of the document, its path
//!    parameters and body taken from the document's examples, is answered by its route (not
//!    the fallback's `not_found` "no such route" nor `method_not_allowed`), with a status the
//!    operation documents and, for JSON, a body that validates against that status's schema;
//! 2. nothing else is served. By construction: every route is registered with utoipa-axum's
//!    `routes!`, which takes the method and path from the handler's `#[utoipa::path]`, and
//!    `clippy.toml` forbids the plain axum calls that would add a route beside the document
//!    (`Router::route`, `nest`, `merge` ...; CI runs clippy with `-D warnings`). Checked here:
//!    every method a documented path does not document is the fallback's 405, and a sample of
//!    undocumented paths is the fallback's 404;
//! 3. every example of the document (request bodies, responses, parameters, schemas)
//!    validates against its schema, `$ref`s resolved into `#/components/schemas`;
//! 4. the document is OpenAPI 3.1.0; every operation has a security requirement (a bearer
//!    role, or `{}` for the few that are public by design), a summary, its path parameters,
//!    and its error answers (the auth layer's 401/403, the rate limit's 429, the audit 503);
//! 5. every error code the API's source answers with is in the `ErrorCode` schema.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use frontline::api::{document, router, AppState};
use frontline::auth::{KeyStore, Role};
use frontline::config::Config;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tower::ServiceExt;

/// Operations open without a key (`/readyz` unless `readyz_needs_key`).
const PUBLIC: &[&str] = &[
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /openapi.json",
    "GET /docs",
    "GET /docs/{file}",
];

/// A service on an empty data directory (no index opened: engine routes answer 503
/// `not_ready`), with a key holding every role.
fn service(config: Config) -> (tempfile::TempDir, AppState, String) {
    let dir = tempfile::tempdir().unwrap();
    let (_, key) = KeyStore::open(dir.path())
        .unwrap()
        .create(
            "LOCAL",
            &[Role::Officer, Role::Screener, Role::Admin],
            Some("openapi tests"),
        )
        .unwrap();
    let state = AppState::new(Config {
        data_dir: dir.path().to_path_buf(),
        rate_limits: "off".parse().unwrap(),
        ..config
    })
    .unwrap();
    (dir, state, key)
}

fn doc_json(state: &AppState) -> Value {
    serde_json::to_value(document(state)).unwrap()
}

/// Every (path, method, operation) of `doc`.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("responses").is_some() {
                ops.push((path.clone(), method.to_uppercase(), op.clone()));
            }
        }
    }
    ops
}

/// Every example of a content object (`example`, `examples[*].value`).
fn examples_of(content: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = content.get("example").cloned().into_iter().collect();
    if let Some(map) = content.get("examples").and_then(Value::as_object) {
        out.extend(map.values().filter_map(|e| e.get("value").cloned()));
    }
    out
}

/// A validator of `schema`, whose `$ref`s point into `doc`'s components.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
    });
    for (k, v) in schema.as_object().unwrap() {
        root[k] = v.clone();
    }
    jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("schema {schema}: {e}"))
}

fn check(doc: &Value, schema: &Value, instance: &Value, what: &str) -> Result<(), String> {
    let v = validator(doc, schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(format!("{what}: {}", errors.join("; "))),
    }
}

/// `path` with each `{param}` replaced by the example of its parameter.
fn concrete(path: &str, op: &Value) -> String {
    let mut out = path.to_string();
    for p in op["parameters"].as_array().into_iter().flatten() {
        if p["in"] == "path" {
            let name = p["name"].as_str().unwrap();
            let value = p["example"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}: {name} has no example"));
            out = out.replace(&format!("{{{name}}}"), value);
        }
    }
    out
}

/// The request of an operation: its path from the examples, the key, its first body example.
fn request_for(path: &str, method: &str, op: &Value, key: &str) -> Request<Body> {
    let builder = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(concrete(path, op))
        .header("authorization", format!("Bearer {key}"));
    let Some(content) = op["requestBody"]["content"].as_object() else {
        return builder.body(Body::empty()).unwrap();
    };
    let (content_type, media) = content
        .iter()
        .find(|(_, m)| !examples_of(m).is_empty())
        .unwrap_or_else(|| panic!("{method} {path}: no request example"));
    let example = examples_of(media).remove(0);
    let body = match example {
        Value::String(s) => s,
        other => other.to_string(),
    };
    builder
        .header("content-type", content_type.as_str())
        .body(Body::from(body))
        .unwrap()
}

async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let response = router(state.clone()).oneshot(req).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, content_type, body.to_vec())
}

/// Whether an answer is the router's fallback (no such route, or no such method).
fn is_fallback(status: StatusCode, body: &[u8]) -> bool {
    let v: Value = serde_json::from_slice(body).unwrap_or_default();
    let code = v["error"]["code"].as_str().unwrap_or_default();
    let message = v["error"]["message"].as_str().unwrap_or_default();
    (status == StatusCode::NOT_FOUND && code == "not_found" && message.starts_with("no such route"))
        || (status == StatusCode::METHOD_NOT_ALLOWED && code == "method_not_allowed")
}

#[tokio::test]
async fn every_documented_operation_is_served_and_answers_as_documented() {
    let (_dir, state, key) = service(Config::default());
    let doc = doc_json(&state);
    let ops = operations(&doc);
    assert!(ops.len() >= 23, "{} operations", ops.len());
    for (path, method, op) in ops {
        let what = format!("{method} {path}");
        let (status, content_type, body) =
            send(&state, request_for(&path, &method, &op, &key)).await;
        assert!(
            !is_fallback(status, &body),
            "{what} is not routed: {status}"
        );
        let documented = &op["responses"][status.as_str()];
        assert!(
            documented.is_object(),
            "{what} answered {status}, which it does not document"
        );
        if content_type.starts_with("application/json") && path != "/openapi.json" {
            let schema = &documented["content"]["application/json"]["schema"];
            let instance: Value = serde_json::from_slice(&body).unwrap();
            check(&doc, schema, &instance, &format!("{what} {status} answer")).unwrap();
        }
    }
}

#[tokio::test]
async fn nothing_outside_the_document_is_served() {
    let (_dir, state, key) = service(Config::default());
    let doc = doc_json(&state);
    let all = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in all {
            if item.get(method.to_lowercase()).is_some() {
                continue;
            }
            let op = item.as_object().unwrap().values().next().unwrap();
            let req = Request::builder()
                .method(method)
                .uri(concrete(path, op))
                .header("authorization", format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap();
            let (status, _, body) = send(&state, req).await;
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert!(is_fallback(status, &body), "{method} {path}");
        }
    }
    let undocumented = [
        "/",
        "/v1",
        "/v1/",
        "/v1/persons",
        "/v1/persons/search/more",
        "/v2/persons/search",
        "/v1/records/INTERPOL",
        "/v1/admin",
        "/v1/admin/feeds/INTERPOL",
        "/v1/screenings/x/results",
        "/openapi.yaml",
        "/docs/",
        "/docs/a/b",
        "/healthz/",
        "/metrics/",
    ];
    for path in undocumented {
        for method in ["GET", "POST"] {
            let req = Request::builder()
                .method(method)
                .uri(path)
                .header("authorization", format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap();
            let (status, _, body) = send(&state, req).await;
            assert!(
                status == StatusCode::NOT_FOUND && is_fallback(status, &body),
                "{method} {path} is served: {status}"
            );
        }
    }
}

#[test]
fn every_example_validates_against_its_schema() {
    let (_dir, state, _) = service(Config::default());
    let doc = doc_json(&state);
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut validate = |schema: &Value, example: &Value, what: String| {
        checked += 1;
        if let Err(e) = check(&doc, schema, example, &what) {
            failures.push(e);
        }
    };
    for (path, method, op) in operations(&doc) {
        let what = format!("{method} {path}");
        for (ct, media) in op["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
        {
            for ex in examples_of(media) {
                validate(&media["schema"], &ex, format!("{what} request {ct}"));
            }
        }
        for (status, response) in op["responses"].as_object().unwrap() {
            for (ct, media) in response["content"].as_object().into_iter().flatten() {
                for ex in examples_of(media) {
                    validate(&media["schema"], &ex, format!("{what} {status} {ct}"));
                }
            }
        }
        for p in op["parameters"].as_array().into_iter().flatten() {
            if let Some(ex) = p.get("example") {
                validate(&p["schema"], ex, format!("{what} parameter {}", p["name"]));
            }
        }
    }
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        for ex in schema["examples"].as_array().into_iter().flatten() {
            validate(schema, ex, format!("schema {name}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "{checked} examples checked");
}

#[test]
fn every_json_answer_and_request_body_has_an_example() {
    let (_dir, state, _) = service(Config::default());
    let doc = doc_json(&state);
    for (path, method, op) in operations(&doc) {
        let what = format!("{method} {path}");
        let request = op["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten();
        let responses = op["responses"].as_object().unwrap().iter();
        let answers = responses.flat_map(|(s, r)| {
            let content = r["content"].as_object().into_iter().flatten();
            content.map(move |(ct, m)| (format!("{s} {ct}"), m))
        });
        for (ct, media) in request
            .map(|(ct, m)| (format!("request {ct}"), m))
            .chain(answers)
        {
            let json = ct.ends_with("application/json");
            let own_document = path == "/openapi.json";
            if json && !own_document {
                assert!(!examples_of(media).is_empty(), "{what} {ct}: no example");
            }
        }
    }
}

#[test]
fn the_document_is_openapi_3_1_with_security_and_errors_on_every_operation() {
    let (_dir, state, _) = service(Config::default());
    let doc = doc_json(&state);
    assert_eq!(doc["openapi"], "3.1.0");
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(
        (&scheme["type"], &scheme["scheme"]),
        (&json!("http"), &json!("bearer"))
    );
    for (path, method, op) in operations(&doc) {
        let what = format!("{method} {path}");
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{what}: no summary"
        );
        let security = op["security"]
            .as_array()
            .unwrap_or_else(|| panic!("{what}: no security"));
        let responses = op["responses"].as_object().unwrap();
        let has = |s: &str| responses.contains_key(s);
        if PUBLIC.contains(&what.as_str()) {
            assert_eq!(security, &vec![json!({})], "{what} is public, explicitly");
        } else {
            let scopes = security[0]["bearer"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}"));
            assert_eq!(scopes.len(), 1, "{what}: one role");
            assert!(["officer", "screener", "admin"].contains(&scopes[0].as_str().unwrap()));
            assert!(has("401") && has("403"), "{what}: the auth layer's answers");
            assert!(path.starts_with("/v1/"), "{what}");
        }
        if path.starts_with("/v1/") {
            assert!(has("503"), "{what}: the audit log's 503");
        }
        assert!(has("429"), "{what}: the rate limit's 429");
        assert!(
            responses.keys().any(|s| s.starts_with('4')),
            "{what}: no error answer"
        );
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(|c| c == '{' || c == '}');
            let params = op["parameters"].as_array().unwrap();
            assert!(
                params
                    .iter()
                    .any(|p| p["in"] == "path" && p["name"] == name),
                "{what}: path parameter {name} undocumented"
            );
        }
    }
    let (_dir, state, _) = service(Config {
        readyz_needs_key: true,
        ..Config::default()
    });
    let doc = doc_json(&state);
    let readyz = &doc["paths"]["/readyz"]["get"];
    assert_eq!(readyz["security"], json!([{"bearer": []}]), "any valid key");
    assert!(readyz["responses"]["401"].is_object());
}

#[test]
fn every_error_code_of_the_source_is_documented() {
    let (_dir, state, _) = service(Config::default());
    let doc = doc_json(&state);
    let documented: BTreeSet<&str> = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // `StatusCode::NAME, "code"`: the shape of ApiError::new and of the error table
        for (i, _) in text.match_indices("StatusCode::") {
            let rest = &text[i..];
            let Some(comma) = rest.find(',') else {
                continue;
            };
            let after = rest[comma + 1..].trim_start();
            if rest[..comma].contains(|c: char| c.is_whitespace()) || !after.starts_with('"') {
                continue;
            }
            let code = &after[1..after[1..].find('"').unwrap() + 1];
            found.insert(code.to_string());
        }
    }
    assert!(found.len() >= 15, "{found:?}");
    let missing: Vec<&String> = found
        .iter()
        .filter(|c| !documented.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes answered but not in ErrorCode: {missing:?}"
    );
}
