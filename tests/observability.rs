//! What operators see of a running service: Prometheus metrics at `/metrics` (request
//! counts and latency histograms by route template, checks and alerts, candidates and
//! rescoring time, records per source and kind, the index generation, jobs, audit writes,
//! refusals), the request id (a client's well-formed `X-Request-Id` echoed and recorded in
//! the audit line, anything else replaced), and the index version every answer names.

use crate::util::{data_dir_with, Server};
use serde_json::{json, Value};

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The value of the sample `name{labels}` (labels as rendered, in order), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

fn metrics(s: &Server) -> String {
    let (status, headers, body) = s.try_request_full("GET", "/metrics", b"", &[]).unwrap();
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    body.as_str().expect("text").to_string()
}

#[test]
fn metrics_count_requests_checks_alerts_records_and_refusals_with_bounded_labels() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    for _ in 0..3 {
        let (status, _) = s.post("/v1/persons/search", &json!({"name": "Muhammad Alhassan"}));
        assert_eq!(status, 200);
    }
    let (status, _) = s.post("/v1/documents/check", &json!({"number": "X0000000"}));
    assert_eq!(status, 200);
    let (status, _) = s.request(
        "POST",
        "/v1/persons/search",
        Some(r#"{"name":"x"}"#),
        &[("Authorization", "Bearer fl_nokey_nosecret")],
    );
    assert_eq!(status, 401);
    assert_eq!(s.get("/v1/records/INTERPOL/Mohammed%20Al-Hassan").0, 404);
    let text = metrics(&s);
    let search = r#"route="/v1/persons/search",method="POST",status="2xx""#;
    assert_eq!(
        sample(&text, &format!("frontline_http_requests_total{{{search}}}")),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            &format!("frontline_http_request_duration_seconds_count{{{search}}}")
        ),
        Some(3.0)
    );
    assert!(
        text.contains(&format!(
            "frontline_http_request_duration_seconds_bucket{{{search},le=\"0.005\"}}"
        )),
        "real buckets: {text}"
    );
    // the record's id is a path parameter: the label is the template, never the id
    assert!(
        text.contains(r#"route="/v1/records/{source}/{id}""#),
        "{text}"
    );
    assert!(!text.contains("Mohammed"), "no name as a label");
    assert_eq!(
        sample(
            &text,
            r#"frontline_requests_rejected_total{reason="unauthorized"}"#
        ),
        Some(1.0)
    );
    assert!(sample(&text, r#"frontline_checks_total{check="person"}"#).unwrap() >= 3.0);
    assert!(sample(&text, r#"frontline_alerts_total{check="person"}"#).unwrap() >= 3.0);
    assert_eq!(
        sample(&text, r#"frontline_checks_total{check="document"}"#),
        Some(1.0)
    );
    assert!(sample(&text, "frontline_search_candidates_count").unwrap() >= 3.0);
    assert!(sample(&text, "frontline_search_rescore_seconds_count").unwrap() >= 3.0);
    assert_eq!(
        sample(
            &text,
            r#"frontline_index_records{source="INTERPOL",kind="person"}"#
        ),
        Some(12.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"frontline_index_records{source="EUROPOL",kind="document"}"#
        ),
        Some(1.0)
    );
    assert!(sample(&text, "frontline_index_generation").unwrap() > 0.0);
    assert!(sample(&text, "frontline_index_age_seconds").is_some());
    assert_eq!(
        sample(&text, r#"frontline_jobs{kind="ingest",state="succeeded"}"#),
        Some(2.0),
        "the two bootstrap ingests"
    );
    assert!(sample(&text, "frontline_audit_write_seconds_count").unwrap() >= 1.0);
}

#[test]
fn a_well_formed_request_id_is_echoed_and_audited_and_any_other_is_replaced() {
    let dir = data_dir_with(&["INTERPOL.jsonl"]);
    let s = Server::start(dir.path());
    let body = br#"{"name":"Ivan Sidorov"}"#;
    let (status, headers, _) = s
        .try_request_full(
            "POST",
            "/v1/persons/search",
            body,
            &[("X-Request-Id", "desk-7.2026:0001")],
        )
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "x-request-id"), Some("desk-7.2026:0001"));
    let too_long = "a".repeat(65);
    let mut generated = Vec::new();
    for bad in ["has space", "quote\"d", too_long.as_str()] {
        let (_, headers, _) = s
            .try_request_full("POST", "/v1/persons/search", body, &[("X-Request-Id", bad)])
            .unwrap();
        let id = header(&headers, "x-request-id").unwrap().to_string();
        assert_eq!(id.len(), 16, "{bad:?} replaced by a new id: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        generated.push(id);
    }
    // unaudited routes carry one too
    let (_, headers, _) = s.try_request_full("GET", "/healthz", b"", &[]).unwrap();
    assert!(header(&headers, "x-request-id").is_some());
    let mut audited = Vec::new();
    for f in frontline::audit::verify::log_files(&dir.path().join("audit")).unwrap() {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            if let (true, Some(id)) = (v["kind"] == "request", v["request_id"].as_str()) {
                audited.push(id.to_string());
            }
        }
    }
    assert!(
        audited.contains(&"desk-7.2026:0001".to_string()),
        "{audited:?}"
    );
    for id in &generated {
        assert!(audited.contains(id), "{id} in {audited:?}");
    }
}

#[test]
fn every_answer_names_the_index_generation_and_feed_versions_that_produced_it() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    let (status, headers, before) = s
        .try_request_full(
            "POST",
            "/v1/persons/search",
            br#"{"name":"Ivan Sidorov"}"#,
            &[],
        )
        .unwrap();
    assert_eq!(status, 200);
    let index = &before["index"];
    let generation = index["generation"].as_u64().unwrap();
    let europol = index["feeds"]["EUROPOL"]["checksum"].as_str().unwrap();
    assert!(
        europol.starts_with("sha256:") && europol.len() == 71,
        "{index}"
    );
    assert_eq!(index["feeds"]["INTERPOL"]["mode"], "full");
    let header_value = header(&headers, "x-index-version").unwrap().to_string();
    assert_eq!(
        header_value,
        format!(
            "{generation}; EUROPOL={}; INTERPOL={}",
            &europol[7..19],
            &index["feeds"]["INTERPOL"]["checksum"].as_str().unwrap()[7..19]
        )
    );
    let (_, headers, _) = s.try_request_full("GET", "/readyz", b"", &[]).unwrap();
    assert_eq!(
        header(&headers, "x-index-version"),
        Some(header_value.as_str())
    );

    // a new EUROPOL feed: a later generation, EUROPOL's checksum changed, INTERPOL's kept
    let feed = dir.path().join("EUROPOL-2.jsonl");
    std::fs::write(
        &feed,
        r#"{"kind":"person","source":"EUROPOL","id":"E9","names":["Jan Kowalski"],"category":"wanted","action":"detain"}
"#,
    )
    .unwrap();
    let (status, job) = s.request_bytes(
        "POST",
        "/v1/admin/feeds/EUROPOL/ingest?mode=delta",
        &std::fs::read(&feed).unwrap(),
        &[("Content-Type", "application/x-ndjson")],
    );
    assert_eq!(status, 202, "{job}");
    let job_path = job["href"].as_str().unwrap().to_string();
    assert!(crate::util::eventually(
        || s.get(&job_path).1["status"] == "succeeded"
    ));
    let (_, after) = s.post("/v1/documents/check", &json!({"number": "X0000000"}));
    assert!(
        after["index"]["generation"].as_u64().unwrap() > generation,
        "{after}"
    );
    assert_ne!(
        after["index"]["feeds"]["EUROPOL"]["checksum"],
        index["feeds"]["EUROPOL"]["checksum"]
    );
    assert_eq!(after["index"]["feeds"]["EUROPOL"]["mode"], "delta");
    assert_eq!(
        after["index"]["feeds"]["INTERPOL"],
        index["feeds"]["INTERPOL"]
    );
}
