//! Recording results per worker, merging them, exact percentiles, and the report
//! (plain text or one JSON object), with the section of the job beside the load when there was one.

use crate::http::TransportError;
use crate::job::JobReport;
use crate::workload::{Kind, Mix, KINDS};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// Results of one kind of request.
#[derive(Debug, Clone, Default)]
pub struct KindStats {
    /// Requests sent (and finished, one way or another).
    pub count: u64,
    /// Latencies of 2xx responses, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Non-2xx responses by status.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no response, by cause.
    pub transport: BTreeMap<TransportError, u64>,
}

impl KindStats {
    fn merge(&mut self, other: KindStats) {
        self.count += other.count;
        if self.latencies_us.is_empty() {
            self.latencies_us = other.latencies_us;
        } else {
            self.latencies_us.extend_from_slice(&other.latencies_us);
        }
        for (s, n) in other.statuses {
            *self.statuses.entry(s).or_default() += n;
        }
        for (e, n) in other.transport {
            *self.transport.entry(e).or_default() += n;
        }
    }

    pub fn failed(&self) -> u64 {
        self.statuses.values().sum::<u64>() + self.transport.values().sum::<u64>()
    }
}

/// What one worker (one connection) recorded.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    pub kinds: [KindStats; KINDS],
    /// Connections opened after the first one (after a close, an error or a timeout).
    pub reconnects: u64,
}

impl Recorder {
    pub fn record(&mut self, kind: Kind, outcome: Result<(u16, Duration), TransportError>) {
        let k = &mut self.kinds[kind.index()];
        k.count += 1;
        match outcome {
            Ok((status, latency)) if (200..300).contains(&status) => {
                let us = u32::try_from(latency.as_micros()).unwrap_or(u32::MAX);
                k.latencies_us.push(us);
            }
            Ok((status, _)) => *k.statuses.entry(status).or_default() += 1,
            Err(e) => *k.transport.entry(e).or_default() += 1,
        }
    }

    pub fn merge(&mut self, other: Recorder) {
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            mine.merge(theirs);
        }
        self.reconnects += other.reconnects;
    }

    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|k| k.count).sum()
    }
}

/// The `p`-th percentile (0 < p <= 100) of sorted samples by the nearest-rank method:
/// the smallest sample such that at least `p`% of samples are at or below it. Exact,
/// since every sample is kept. `None` for no samples.
pub fn percentile(sorted: &[u32], p: f64) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

/// Latency summary in milliseconds, over 2xx responses.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Latency {
    pub samples: u64,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    /// Summarises samples, sorting them in place.
    pub fn from_samples(samples: &mut [u32]) -> Option<Latency> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_unstable();
        let ms = |us: Option<u32>| us.map_or(0.0, |u| f64::from(u) / 1000.0);
        let sum: u64 = samples.iter().map(|&u| u64::from(u)).sum();
        Some(Latency {
            samples: samples.len() as u64,
            mean_ms: sum as f64 / samples.len() as f64 / 1000.0,
            p50_ms: ms(percentile(samples, 50.0)),
            p95_ms: ms(percentile(samples, 95.0)),
            p99_ms: ms(percentile(samples, 99.0)),
            max_ms: ms(samples.last().copied()),
        })
    }
}

/// Errors of one kind (or of all kinds).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Errors {
    /// Non-2xx responses by status code.
    pub status: BTreeMap<String, u64>,
    /// Requests with no response, by cause (connect, timeout, closed, io, protocol).
    pub transport: BTreeMap<String, u64>,
    pub total: u64,
}

impl Errors {
    fn from_kind(k: &KindStats) -> Errors {
        Errors {
            status: k
                .statuses
                .iter()
                .map(|(s, n)| (s.to_string(), *n))
                .collect(),
            transport: k
                .transport
                .iter()
                .map(|(e, n)| (e.as_str().to_string(), *n))
                .collect(),
            total: k.failed(),
        }
    }

    fn add(&mut self, other: &Errors) {
        for (s, n) in &other.status {
            *self.status.entry(s.clone()).or_default() += n;
        }
        for (e, n) in &other.transport {
            *self.transport.entry(e.clone()).or_default() += n;
        }
        self.total += other.total;
    }

    fn describe(&self) -> String {
        if self.total == 0 {
            return "none".to_string();
        }
        let mut parts: Vec<String> = self
            .status
            .iter()
            .map(|(s, n)| format!("{n}x HTTP {s}"))
            .collect();
        parts.extend(self.transport.iter().map(|(e, n)| format!("{n}x {e}")));
        parts.join(", ")
    }
}

/// One kind's line of the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindReport {
    pub kind: &'static str,
    pub endpoint: &'static str,
    /// Share of the effective mix, in percent.
    pub mix_percent: f64,
    pub requests: u64,
    pub ok: u64,
    pub throughput_rps: f64,
    pub latency: Option<Latency>,
    pub errors: Errors,
}

/// How the run was bounded.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    Requests(u64),
    DurationSecs(u64),
    /// Until the job beside the load ends, at most this many requests.
    UntilJobDone(u64),
}

impl Limit {
    pub fn describe(&self) -> String {
        match self {
            Limit::Requests(n) => format!("{n} requests"),
            Limit::DurationSecs(d) => format!("{d} s"),
            Limit::UntilJobDone(n) => {
                format!("until the job ends (at most {n} requests)")
            }
        }
    }
}

/// The whole report; `--json` prints it as one object.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub target: String,
    pub connections: usize,
    pub limit: Limit,
    pub warmup_secs: u64,
    pub seed: u64,
    pub mix_requested: BTreeMap<&'static str, u64>,
    pub mix_effective: String,
    pub total_time_secs: f64,
    pub requests: u64,
    pub ok: u64,
    pub failed: u64,
    pub throughput_rps: f64,
    pub latency: Option<Latency>,
    pub errors: Errors,
    pub kinds: Vec<KindReport>,
    /// Connections opened beyond each worker's first (after a close, an error or a timeout).
    pub reconnects: u64,
    /// The job screened beside the load (`--screening`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screening: Option<JobReport>,
    /// The feed re-ingested beside the load (`--reload`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload: Option<JobReport>,
    pub notes: Vec<String>,
    /// True when every request got a 2xx response and the job beside it (if any) succeeded.
    pub passed: bool,
    pub verdict: String,
}

/// Everything about the run that is not a measurement.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub target: String,
    pub connections: usize,
    pub limit: Limit,
    pub warmup_secs: u64,
    pub seed: u64,
    pub requested: Mix,
    pub effective: Mix,
    pub notes: Vec<String>,
}

impl Report {
    pub fn build(
        info: RunInfo,
        mut rec: Recorder,
        elapsed: Duration,
        job: Option<JobReport>,
    ) -> Report {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mut all_latencies: Vec<u32> = Vec::new();
        let mut errors = Errors::default();
        let mut kinds = Vec::new();
        for kind in Kind::ALL {
            let k = &mut rec.kinds[kind.index()];
            if info.effective.weight(kind) == 0 && k.count == 0 {
                continue;
            }
            all_latencies.extend_from_slice(&k.latencies_us);
            let e = Errors::from_kind(k);
            errors.add(&e);
            kinds.push(KindReport {
                kind: kind.as_str(),
                endpoint: kind.path(),
                mix_percent: info.effective.percent(kind),
                requests: k.count,
                ok: k.count - k.failed(),
                throughput_rps: k.count as f64 / secs,
                latency: Latency::from_samples(&mut k.latencies_us),
                errors: e,
            });
        }
        let requests = rec.total();
        let failed = errors.total;
        let latency = Latency::from_samples(&mut all_latencies);
        let throughput = requests as f64 / secs;
        let load_passed = failed == 0 && requests > 0;
        let passed = load_passed && job.as_ref().is_none_or(|s| s.passed);
        let mut verdict = if requests == 0 {
            "FAIL: no requests were sent".to_string()
        } else if failed == 0 {
            format!(
                "PASS: {requests} requests, 0 failed, {throughput:.0} req/s, p99 {:.3} ms",
                latency.map_or(0.0, |l| l.p99_ms)
            )
        } else {
            format!(
                "FAIL: {failed} of {requests} requests failed ({:.2}%): {}",
                failed as f64 * 100.0 / requests as f64,
                errors.describe()
            )
        };
        if let Some(s) = &job {
            if load_passed && !s.passed {
                verdict = format!("FAIL: {}; load {}", s.verdict(), verdict);
            } else {
                verdict = format!("{verdict}; {}", s.verdict());
            }
        }
        Report {
            target: info.target,
            connections: info.connections,
            limit: info.limit,
            warmup_secs: info.warmup_secs,
            seed: info.seed,
            mix_requested: Kind::ALL
                .into_iter()
                .map(|k| (k.as_str(), info.requested.weight(k)))
                .collect(),
            mix_effective: info.effective.describe(),
            total_time_secs: elapsed.as_secs_f64(),
            requests,
            ok: requests - failed,
            failed,
            throughput_rps: throughput,
            latency,
            errors,
            kinds,
            reconnects: rec.reconnects,
            screening: job.clone().filter(|j| j.kind == "screening"),
            reload: job.filter(|j| j.kind == "reload"),
            notes: info.notes,
            passed,
            verdict,
        }
    }

    /// The human-readable report.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let limit = self.limit.describe();
        let _ = writeln!(s, "frontline-loadtest report");
        let _ = writeln!(
            s,
            "  target       {}  ({} connections, limit {limit}, warmup {} s, seed {})",
            self.target, self.connections, self.warmup_secs, self.seed
        );
        let _ = writeln!(s, "  mix          {}", self.mix_effective);
        let _ = writeln!(s, "  total time   {:.3} s", self.total_time_secs);
        let _ = writeln!(
            s,
            "  requests     {} ({} ok, {} failed), {} reconnects",
            self.requests, self.ok, self.failed, self.reconnects
        );
        let _ = writeln!(s, "  throughput   {:.1} req/s", self.throughput_rps);
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "  {:<9} {:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>7}",
            "kind", "mix%", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"
        );
        let row = |s: &mut String,
                   name: &str,
                   mix: String,
                   n: u64,
                   rps: f64,
                   l: Option<Latency>,
                   e: u64| {
            let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
            let _ = writeln!(
                s,
                "  {:<9} {:>6} {:>9} {:>10.1} {:>10} {:>10} {:>10} {:>10} {:>7}",
                name,
                mix,
                n,
                rps,
                f(l.map(|l| l.p50_ms)),
                f(l.map(|l| l.p95_ms)),
                f(l.map(|l| l.p99_ms)),
                f(l.map(|l| l.max_ms)),
                e
            );
        };
        for k in &self.kinds {
            row(
                &mut s,
                k.kind,
                format!("{:.1}", k.mix_percent),
                k.requests,
                k.throughput_rps,
                k.latency,
                k.errors.total,
            );
        }
        row(
            &mut s,
            "all",
            "100.0".to_string(),
            self.requests,
            self.throughput_rps,
            self.latency,
            self.errors.total,
        );
        let _ = writeln!(s);
        let _ = writeln!(s, "  latency percentiles are over 2xx responses only");
        for k in &self.kinds {
            if k.errors.total > 0 {
                let _ = writeln!(s, "  errors {:<9} {}", k.kind, k.errors.describe());
            }
        }
        if let Some(screening) = self.screening.as_ref().or(self.reload.as_ref()) {
            let _ = writeln!(s);
            s.push_str(&screening.to_text());
        }
        for note in &self.notes {
            let _ = writeln!(s, "  note: {note}");
        }
        let _ = writeln!(s, "{}", self.verdict);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), Some(50));
        assert_eq!(percentile(&v, 95.0), Some(95));
        assert_eq!(percentile(&v, 99.0), Some(99));
        assert_eq!(percentile(&v, 100.0), Some(100));
        assert_eq!(percentile(&v, 0.0), Some(1));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[7], 99.0), Some(7));
        let v = [10, 20, 30, 40];
        assert_eq!(percentile(&v, 50.0), Some(20));
        assert_eq!(percentile(&v, 50.1), Some(30));
        assert_eq!(percentile(&v, 75.0), Some(30));
        assert_eq!(percentile(&v, 99.0), Some(40));
        // 1000 samples: p99 is the 990th smallest.
        let v: Vec<u32> = (0..1000).map(|i| i * 10).collect();
        assert_eq!(percentile(&v, 99.0), Some(9890));
    }

    #[test]
    fn latency_summary_sorts_and_converts() {
        let mut v: Vec<u32> = (1..=1000).rev().map(|i| i * 1000).collect();
        let l = Latency::from_samples(&mut v).unwrap();
        assert_eq!(l.samples, 1000);
        assert_eq!(l.p50_ms, 500.0);
        assert_eq!(l.p95_ms, 950.0);
        assert_eq!(l.p99_ms, 990.0);
        assert_eq!(l.max_ms, 1000.0);
        assert!((l.mean_ms - 500.5).abs() < 1e-9);
        assert!(Latency::from_samples(&mut []).is_none());
    }

    #[test]
    fn recording_and_report() {
        let mut a = Recorder::default();
        a.record(Kind::Document, Ok((200, Duration::from_millis(2))));
        a.record(Kind::Document, Ok((503, Duration::from_millis(1))));
        a.record(Kind::Person, Err(TransportError::Timeout));
        a.reconnects = 1;
        let mut b = Recorder::default();
        b.record(Kind::Person, Ok((200, Duration::from_millis(4))));
        b.reconnects = 0;
        a.merge(b);
        let mix = Mix::parse("doc=1,person=1").unwrap();
        let info = RunInfo {
            target: "http://127.0.0.1:1".into(),
            connections: 2,
            limit: Limit::Requests(4),
            warmup_secs: 0,
            seed: 1,
            requested: mix,
            effective: mix,
            notes: vec![],
        };
        let r = Report::build(info, a, Duration::from_secs(2), None);
        assert_eq!((r.requests, r.ok, r.failed, r.reconnects), (4, 2, 2, 1));
        assert_eq!(r.throughput_rps, 2.0);
        assert!(!r.passed);
        assert_eq!(r.kinds.len(), 2);
        assert_eq!(r.kinds[0].errors.status.get("503"), Some(&1));
        assert_eq!(r.kinds[1].errors.transport.get("timeout"), Some(&1));
        assert_eq!(r.latency.unwrap().max_ms, 4.0);
        assert!(r.verdict.starts_with("FAIL: 2 of 4"), "{}", r.verdict);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["errors"]["total"], 2);
        assert_eq!(json["limit"]["requests"], 4);
        assert!(r.to_text().contains("1x HTTP 503"));
    }
}
