//! Prometheus metrics: their names, buckets and labels in one place, the process-wide
//! recorder ([`handle`]), and what the engine, the jobs and the audit log record.
//!
//! Everything goes through the `metrics` facade (its macros work from rayon workers and the
//! blocking pool alike); `metrics-exporter-prometheus` renders it at `GET /metrics`
//! ([`crate::api`] serves it). Histograms have explicit buckets, so they render as Prometheus
//! histograms (aggregatable), not summaries. Labels come from bounded sets only: a route
//! template, a method, a status class, a check kind, a job kind and state, a source code
//! (one per organization), a rejection reason; never a name, a key, a query or an id.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

/// Requests answered: `route` (the route template, `unmatched` for none), `method`,
/// `status` (the class: `2xx`, `4xx`, ...).
pub const HTTP_REQUESTS: &str = "frontline_http_requests_total";
/// Time to answer a request, seconds: `route`, `method`, `status`.
pub const HTTP_DURATION: &str = "frontline_http_request_duration_seconds";
/// Requests refused: `reason`, the error code (`rate_limited`, `overloaded`, `not_ready`,
/// `shutting_down`, `audit_unavailable`, `unauthorized`, `forbidden`, `timeout`,
/// `payload_too_large`).
pub const REJECTED: &str = "frontline_requests_rejected_total";
/// Checks that raised an alert: `check` (`person`, `document`).
pub const ALERTS: &str = "frontline_alerts_total";
/// Checks run: `check` (`person`, `document`).
pub const CHECKS: &str = "frontline_checks_total";
/// Candidates rescored per person search.
pub const SEARCH_CANDIDATES: &str = "frontline_search_candidates";
/// Time spent rescoring a person search's candidates, seconds.
pub const SEARCH_RESCORE: &str = "frontline_search_rescore_seconds";
/// Alive records in the index: `source`, `kind` (`person`, `document`).
pub const INDEX_RECORDS: &str = "frontline_index_records";
/// The index commit serving queries (its opstamp).
pub const INDEX_GENERATION: &str = "frontline_index_generation";
/// Seconds since that commit.
pub const INDEX_AGE: &str = "frontline_index_age_seconds";
/// Jobs in the store: `kind` (`screening`, `ingest`), `state`.
pub const JOBS: &str = "frontline_jobs";
/// Time from a job's start to its end, seconds: `kind`, `state` (how it ended).
pub const JOB_DURATION: &str = "frontline_job_duration_seconds";
/// Time to write (and fsync) one batch of audit lines, seconds.
pub const AUDIT_WRITE: &str = "frontline_audit_write_seconds";

/// Request latencies, 0.5 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];
/// Rescoring and audit writes, 20 µs to 1 s.
const FAST_BUCKETS: &[f64] = &[
    0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.2, 1.0,
];
/// Candidates per search (the caps are 100 and 200).
const CANDIDATE_BUCKETS: &[f64] = &[0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 150.0, 200.0];
/// Job durations, 0.1 s to 2 h.
const JOB_BUCKETS: &[f64] = &[
    0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0,
];

/// The recorder of this process, installed on first use (also when something records before
/// the service starts). Every later call returns the same handle.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let buckets = |b: PrometheusBuilder, name: &str, buckets: &[f64]| {
            b.set_buckets_for_metric(Matcher::Full(name.to_string()), buckets)
                .expect("non-empty buckets")
        };
        let mut b = PrometheusBuilder::new();
        b = buckets(b, HTTP_DURATION, LATENCY_BUCKETS);
        b = buckets(b, SEARCH_RESCORE, FAST_BUCKETS);
        b = buckets(b, AUDIT_WRITE, FAST_BUCKETS);
        b = buckets(b, SEARCH_CANDIDATES, CANDIDATE_BUCKETS);
        b = buckets(b, JOB_DURATION, JOB_BUCKETS);
        let recorder = b.build_recorder();
        let handle = recorder.handle();
        // another recorder (a test harness's) may be installed already: then this one only
        // renders what it was given, which is nothing, and the service still answers
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was installed already; /metrics will be empty");
        }
        describe();
        // histogram samples wait in the recorder until drained: drain them every few seconds
        // even when nothing scrapes, so memory stays flat
        let upkeep = handle.clone();
        let started = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            });
        if let Err(e) = started {
            tracing::warn!(error = %e, "cannot start the metrics upkeep thread");
        }
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        HTTP_REQUESTS,
        "Requests answered, by route template, method and status class"
    );
    describe_histogram!(HTTP_DURATION, Unit::Seconds, "Time to answer a request");
    describe_counter!(REJECTED, "Requests refused before a handler ran, by reason");
    describe_counter!(ALERTS, "Checks that raised an alert, by kind of check");
    describe_counter!(CHECKS, "Checks run, by kind of check");
    describe_histogram!(
        SEARCH_CANDIDATES,
        Unit::Count,
        "Candidates rescored per person search"
    );
    describe_histogram!(
        SEARCH_RESCORE,
        Unit::Seconds,
        "Time rescoring a person search's candidates"
    );
    describe_gauge!(
        INDEX_RECORDS,
        "Alive records in the index, by source and kind"
    );
    describe_gauge!(
        INDEX_GENERATION,
        "The opstamp of the index commit serving queries"
    );
    describe_gauge!(
        INDEX_AGE,
        Unit::Seconds,
        "Seconds since the index commit serving queries"
    );
    describe_gauge!(JOBS, "Jobs in the job store, by kind and state");
    describe_histogram!(
        JOB_DURATION,
        Unit::Seconds,
        "Job durations, by kind and how they ended"
    );
    describe_histogram!(
        AUDIT_WRITE,
        Unit::Seconds,
        "Time to write and sync one batch of audit lines"
    );
}

/// A check (`person` or `document`) ran; `alerted` when it raised an alert.
pub fn check(kind: &'static str, alerted: bool) {
    metrics::counter!(CHECKS, "check" => kind).increment(1);
    if alerted {
        metrics::counter!(ALERTS, "check" => kind).increment(1);
    }
}

/// A person search rescored `candidates` in `took`.
pub fn rescored(candidates: usize, took: Duration) {
    metrics::histogram!(SEARCH_CANDIDATES).record(candidates as f64);
    metrics::histogram!(SEARCH_RESCORE).record(took.as_secs_f64());
}

/// A request was refused before its handler: `reason` from the documented set.
pub fn rejected(reason: &'static str) {
    metrics::counter!(REJECTED, "reason" => reason).increment(1);
}

/// A job of `kind` ended in `state` after `took`.
pub fn job_ended(kind: &'static str, state: &'static str, took: Duration) {
    metrics::histogram!(JOB_DURATION, "kind" => kind, "state" => state).record(took.as_secs_f64());
}

/// One batch of audit lines was written and synced in `took`.
pub fn audit_written(took: Duration) {
    metrics::histogram!(AUDIT_WRITE).record(took.as_secs_f64());
}

/// The status class of an HTTP status code (`2xx`, ...): a bounded label.
pub fn status_class(code: u16) -> &'static str {
    match code {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_render_with_buckets_and_labels_stay_bounded() {
        let h = handle();
        rescored(42, Duration::from_micros(300));
        check("person", true);
        let text = h.render();
        assert!(
            text.contains("frontline_search_candidates_bucket{le=\"50\"}"),
            "a histogram, not a summary:\n{text}"
        );
        assert!(text.contains("frontline_search_rescore_seconds_bucket{le=\"0.0005\"}"));
        assert!(text.contains("frontline_alerts_total{check=\"person\"}"));
        assert_eq!(status_class(204), "2xx");
        assert_eq!(status_class(503), "5xx");
    }
}
