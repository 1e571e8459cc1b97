//! The job that runs beside the search load: a screening (`--screening FILE`) or a re-ingest
//! of a configured feed (`--reload SOURCE`).
//!
//! Data flow: a manifest file is read once ([`JobPlan::load`]); when the measured phase
//! starts, [`run_job`] submits the job on a connection of its own (`POST /v1/screenings?
//! format=...` with the manifest, or `POST /v1/admin/feeds/{source}/reload`), then polls it
//! (`GET /v1/screenings/{id}?limit=1`, `GET /v1/admin/jobs/{id}`) every [`POLL_EVERY`] until
//! it reaches a final status (`succeeded`, `failed`, `cancelled`, `interrupted`, `rejected`).
//! None of these requests is counted in the load statistics. What the client saw becomes a
//! [`JobReport`]: the job's size (travellers, or feed lines) and final status, the wall time
//! from submit to the first poll that saw the final status (so up to one poll interval late),
//! the server's own `summary.took_ms`, the rate by both, and (filled in by the runner) the
//! share of the measured window during which the job was running.
//!
//! A job passes only when it ends `succeeded`; any other end, a refused submission or a job
//! that can no longer be followed fails the run (exit code 1).

use crate::http::{build_request, build_request_typed, Client, Target};
use anyhow::{bail, Context};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the job's status is polled.
pub const POLL_EVERY: Duration = Duration::from_millis(200);
/// Longest wait for the answer to the submission (the server reads and validates the whole
/// manifest before it answers 202).
const SUBMIT_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest wait for the answer to one poll.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
/// Consecutive failed polls after which the job is given up (5 s at [`POLL_EVERY`]).
const MAX_POLL_FAILURES: u32 = 25;
/// How often a running job's progress is reported on stderr.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);
/// Longest excerpt of an error response body quoted in the report.
const MAX_QUOTED_BODY: usize = 300;
/// Longest job id accepted from the server (it is put into a request path).
const MAX_JOB_ID: usize = 128;

/// The manifest formats are the server's own (`?format=` names, extensions, content types).
pub use frontline::screening::manifest::Format;

/// The job to run beside the load.
#[derive(Debug, Clone)]
pub enum JobPlan {
    /// `--screening FILE`: a manifest screened by `POST /v1/screenings`.
    Screening(Manifest),
    /// `--reload SOURCE`: a configured feed re-ingested by `POST /v1/admin/feeds/{source}/reload`.
    Reload { source: String },
}

/// A manifest to screen as a job, read and checked.
#[derive(Clone)]
pub struct Manifest {
    pub file: PathBuf,
    pub format: Format,
    /// The file's bytes, sent as they are.
    pub body: Arc<Vec<u8>>,
}

impl fmt::Debug for Manifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Manifest")
            .field("file", &self.file)
            .field("format", &self.format)
            .field("bytes", &self.body.len())
            .finish()
    }
}

impl JobPlan {
    /// Reads `file`; `format` (`--screening-format`) wins over the file's extension.
    pub fn load(file: &Path, format: Option<&str>) -> anyhow::Result<JobPlan> {
        let format = match format {
            Some(f) => Format::parse(f).with_context(|| {
                format!("--screening-format: expected csv, json or paxlst, got {f:?}")
            })?,
            None => Format::from_extension(file).with_context(|| {
                format!(
                    "--screening {}: cannot tell the manifest format from the extension; \
                     give --screening-format csv|json|paxlst",
                    file.display()
                )
            })?,
        };
        let body = std::fs::read(file)
            .with_context(|| format!("--screening: reading {}", file.display()))?;
        if body.is_empty() {
            bail!("--screening {}: the file is empty", file.display());
        }
        Ok(JobPlan::Screening(Manifest {
            file: file.to_path_buf(),
            format,
            body: Arc::new(body),
        }))
    }

    /// A re-ingest of `source` (`--reload`), whose code is checked before it goes into a path.
    pub fn reload(source: &str) -> anyhow::Result<JobPlan> {
        if !frontline::feeds::valid_code(source) {
            bail!("--reload must name a source code ([A-Z0-9_-]{{2,32}}), got {source:?}");
        }
        Ok(JobPlan::Reload {
            source: source.to_string(),
        })
    }

    /// `screening` or `reload`: the report's section.
    pub fn kind(&self) -> &'static str {
        match self {
            JobPlan::Screening(_) => "screening",
            JobPlan::Reload { .. } => "reload",
        }
    }

    /// What the job is, for messages.
    pub fn describe(&self) -> String {
        match self {
            JobPlan::Screening(m) => format!("screening {}", m.file.display()),
            JobPlan::Reload { source } => format!("reload of {source}"),
        }
    }

    /// The submission: its path (for messages) and request bytes.
    fn submit(&self, target: &Target, headers: &[(String, String)]) -> (String, Vec<u8>) {
        match self {
            JobPlan::Screening(m) => {
                let path = format!("/v1/screenings?format={}", m.format);
                let request = build_request_typed(
                    "POST",
                    target,
                    &path,
                    headers,
                    Some(&m.body),
                    m.format.content_type(),
                );
                ("POST /v1/screenings".to_string(), request)
            }
            JobPlan::Reload { source } => {
                let path = format!("/v1/admin/feeds/{source}/reload");
                let request = build_request("POST", target, &path, headers, None);
                (format!("POST {path}"), request)
            }
        }
    }

    /// Where the job's status is read.
    fn poll_path(&self, id: &str) -> String {
        match self {
            JobPlan::Screening(_) => format!("/v1/screenings/{id}?limit=1"),
            JobPlan::Reload { .. } => format!("/v1/admin/jobs/{id}"),
        }
    }
}

/// What the client saw of the job; `--json` prints it as the `screening` or `reload` object.
/// The traveller figures are a screening's, the line figures a reload's.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JobReport {
    /// `screening` or `reload`.
    pub kind: &'static str,
    /// The manifest file (a screening).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The source re-ingested (a reload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Set once the server accepted the job.
    pub job_id: Option<String>,
    /// The last status the server reported, or `not_submitted`.
    pub status: String,
    /// True once the server reported a final status.
    pub finished: bool,
    /// Travellers in the manifest (`summary.travellers`, else `progress.total`).
    pub travellers: Option<u64>,
    /// Travellers screened, or feed lines read, when last polled.
    pub done: Option<u64>,
    pub alerts: Option<u64>,
    pub rejected: Option<u64>,
    /// Feed lines of a reload (`summary.lines`, else `progress.counters.lines_read`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<u64>,
    /// The source's records after a reload (`summary.records_after`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_after: Option<u64>,
    /// Seconds from the submission to the first poll that saw the final status.
    pub wall_secs: Option<f64>,
    /// The server's `summary.took_ms`.
    pub server_took_ms: Option<f64>,
    /// Travellers per second over [`JobReport::wall_secs`].
    pub client_travellers_per_sec: Option<f64>,
    /// Travellers per second over [`JobReport::server_took_ms`].
    pub server_travellers_per_sec: Option<f64>,
    /// Feed lines per second over [`JobReport::server_took_ms`] (a reload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_lines_per_sec: Option<f64>,
    /// Share of the measured load window during which the job ran (submit to final status),
    /// in percent; absent with `--screening-only`.
    pub measured_overlap_percent: Option<f64>,
    pub polls: u64,
    pub poll_errors: u64,
    /// Why the job did not pass: the server's `error`, or what went wrong on the client.
    pub error: Option<String>,
    pub passed: bool,
}

impl JobReport {
    fn new(plan: &JobPlan) -> JobReport {
        let (file, format, bytes, source) = match plan {
            JobPlan::Screening(m) => (
                Some(m.file.display().to_string()),
                Some(m.format),
                Some(m.body.len() as u64),
                None,
            ),
            JobPlan::Reload { source } => (None, None, None, Some(source.clone())),
        };
        JobReport {
            kind: plan.kind(),
            file,
            format,
            bytes,
            source,
            job_id: None,
            status: "not_submitted".to_string(),
            finished: false,
            travellers: None,
            done: None,
            alerts: None,
            rejected: None,
            lines: None,
            records_after: None,
            wall_secs: None,
            server_took_ms: None,
            client_travellers_per_sec: None,
            server_travellers_per_sec: None,
            server_lines_per_sec: None,
            measured_overlap_percent: None,
            polls: 0,
            poll_errors: 0,
            error: None,
            passed: false,
        }
    }

    fn is_reload(&self) -> bool {
        self.kind == "reload"
    }

    /// Takes in a job record (`POST` answer or `GET` answer).
    fn absorb(&mut self, record: &Value) {
        let u = |v: &Value| v.as_u64();
        if let Some(s) = record["status"].as_str() {
            self.status = s.to_string();
        }
        let progress = &record["progress"];
        let summary = &record["summary"];
        self.done = u(&progress["done"]).or(self.done);
        self.server_took_ms = summary["took_ms"].as_f64().or(self.server_took_ms);
        if self.is_reload() {
            self.lines = u(&summary["lines"])
                .or(u(&progress["counters"]["lines_read"]))
                .or(self.lines);
            self.rejected = u(&progress["counters"]["rejected"]).or(self.rejected);
            self.records_after = u(&summary["records_after"]).or(self.records_after);
        } else {
            self.travellers = u(&progress["total"]).or(self.travellers);
            self.alerts = u(&progress["counters"]["alerts"]).or(self.alerts);
            self.rejected = u(&progress["counters"]["rejected"]).or(self.rejected);
            self.travellers = u(&summary["travellers"]).or(self.travellers);
            self.alerts = u(&summary["alerts"]).or(self.alerts);
            self.rejected = u(&summary["rejected"]).or(self.rejected);
        }
        if let Some(e) = record["error"].as_str() {
            self.error = Some(e.to_string());
        }
    }

    /// Ends the report: rates, and whether it passed.
    fn finish(&mut self, wall: Option<Duration>) {
        self.wall_secs = wall.map(|w| w.as_secs_f64());
        let rate = |n: f64, secs: f64| (secs > 0.0).then(|| n / secs);
        let per_server_sec = |n: Option<u64>| {
            n.zip(self.server_took_ms)
                .and_then(|(n, ms)| rate(n as f64, ms / 1000.0))
        };
        self.client_travellers_per_sec = self
            .travellers
            .zip(self.wall_secs)
            .and_then(|(n, s)| rate(n as f64, s));
        self.server_travellers_per_sec = per_server_sec(self.travellers);
        self.server_lines_per_sec = per_server_sec(self.lines);
        self.passed = self.finished && self.status == "succeeded";
        if self.finished && !self.passed && self.error.is_none() {
            self.error = Some(format!("the job ended {}", self.status));
        }
    }

    /// One clause for the run's verdict.
    pub fn verdict(&self) -> String {
        let job = self.job_id.as_deref().unwrap_or("-");
        let kind = self.kind;
        if !self.passed {
            return format!(
                "{kind} job {job} {} {}",
                if self.finished { "ended" } else { "is" },
                self.status_text()
            );
        }
        if self.is_reload() {
            format!(
                "reload job {job}: {} lines succeeded in {:.1} s ({} records after)",
                self.lines.unwrap_or(0),
                self.wall_secs.unwrap_or(0.0),
                self.records_after.unwrap_or(0)
            )
        } else {
            format!(
                "screening job {job}: {} travellers succeeded in {:.1} s ({:.0} travellers/s by the server)",
                self.travellers.unwrap_or(0),
                self.wall_secs.unwrap_or(0.0),
                self.server_travellers_per_sec.unwrap_or(0.0)
            )
        }
    }

    fn status_text(&self) -> String {
        match &self.error {
            Some(e) => format!("{} ({e})", self.status),
            None => self.status.clone(),
        }
    }

    /// The report's job section, one line per figure.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let opt = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
        let f1 =
            |v: Option<f64>, unit: &str| v.map_or("-".to_string(), |v| format!("{v:.1}{unit}"));
        let mut s = String::new();
        match (&self.file, self.format, self.bytes, &self.source) {
            (Some(file), Some(format), Some(bytes), _) => {
                let _ = writeln!(s, "  screening    {file} ({format}, {bytes} bytes)");
            }
            (_, _, _, source) => {
                let _ = writeln!(s, "  reload       {}", source.as_deref().unwrap_or("-"));
            }
        }
        let _ = writeln!(
            s,
            "    job        {}  status {}",
            self.job_id.as_deref().unwrap_or("-"),
            self.status_text()
        );
        if self.is_reload() {
            let _ = writeln!(
                s,
                "    lines      {}  (rejected {}, read {}); records after {}",
                opt(self.lines),
                opt(self.rejected),
                opt(self.done),
                opt(self.records_after)
            );
        } else {
            let _ = writeln!(
                s,
                "    travellers {}  (alerts {}, rejected {}, screened {})",
                opt(self.travellers),
                opt(self.alerts),
                opt(self.rejected),
                opt(self.done)
            );
        }
        let _ = writeln!(
            s,
            "    wall time  {} client (submit to final status, {} ms polls), {} server (took_ms)",
            f1(self.wall_secs, " s"),
            POLL_EVERY.as_millis(),
            f1(self.server_took_ms.map(|ms| ms / 1000.0), " s")
        );
        if self.is_reload() {
            let _ = writeln!(
                s,
                "    rate       {} lines/s server",
                f1(self.server_lines_per_sec, "")
            );
        } else {
            let _ = writeln!(
                s,
                "    rate       {} travellers/s client, {} travellers/s server",
                f1(self.client_travellers_per_sec, ""),
                f1(self.server_travellers_per_sec, "")
            );
        }
        if let Some(p) = self.measured_overlap_percent {
            let _ = writeln!(
                s,
                "    overlap    the job ran during {p:.1}% of the measured window"
            );
        }
        let _ = writeln!(
            s,
            "    polls      {} ({} failed)",
            self.polls, self.poll_errors
        );
        s
    }
}

/// A job's report and when, on the client's clock, it was submitted and seen finished.
#[derive(Debug, Clone)]
pub struct JobRun {
    pub report: JobReport,
    /// When the submission was sent (`None`: it never was).
    pub submitted: Option<Instant>,
    /// When a poll first saw the final status.
    pub finished: Option<Instant>,
}

/// Share (percent) of `window` covered by `job`; 0 for an empty window.
pub fn overlap_percent(window: (Instant, Instant), job: (Instant, Instant)) -> f64 {
    let len = window.1.saturating_duration_since(window.0);
    if len.is_zero() {
        return 0.0;
    }
    let start = window.0.max(job.0);
    let end = window.1.min(job.1);
    end.saturating_duration_since(start).as_secs_f64() * 100.0 / len.as_secs_f64()
}

/// The body of a response, cut for quoting in the report.
fn quote(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(MAX_QUOTED_BODY) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

fn valid_job_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_JOB_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Submits the job and follows it until it ends, polls keep failing, or `deadline`.
/// `headers` (e.g. `X-Agency`) go with every request: the server shows a screening job only
/// to the agency that submitted it.
pub async fn run_job(
    target: &Target,
    plan: &JobPlan,
    headers: &[(String, String)],
    deadline: Instant,
) -> JobRun {
    let mut report = JobReport::new(plan);
    let mut client = Client::new(target.addr, SUBMIT_TIMEOUT);
    let (route, submit) = plan.submit(target, headers);
    let submitted = Instant::now();
    let run = |report: JobReport, finished: Option<Instant>| JobRun {
        report,
        submitted: Some(submitted),
        finished,
    };
    let answer = match client.send(&submit).await {
        Ok(r) if r.status == 202 => serde_json::from_slice::<Value>(client.body()).ok(),
        Ok(r) => {
            report.error = Some(format!(
                "{route} answered HTTP {}: {}",
                r.status,
                quote(client.body())
            ));
            report.finish(None);
            return run(report, None);
        }
        Err(e) => {
            report.error = Some(format!("{route} got no answer: {e}"));
            report.finish(None);
            return run(report, None);
        }
    };
    let Some(record) = answer.filter(|r| r["id"].as_str().is_some_and(valid_job_id)) else {
        report.error = Some(format!(
            "{route} answered 202 without a usable job id: {}",
            quote(client.body())
        ));
        report.finish(None);
        return run(report, None);
    };
    let id = record["id"].as_str().unwrap_or_default().to_string();
    report.job_id = Some(id.clone());
    report.absorb(&record);
    eprintln!(
        "frontline-loadtest: {} job {id} submitted ({})",
        plan.kind(),
        plan.describe()
    );
    let poll_path = plan.poll_path(&id);
    let poll = build_request("GET", target, &poll_path, headers, None);
    let mut client = Client::new(target.addr, POLL_TIMEOUT);
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await; // the first tick is immediate
    let mut failures = 0u32;
    let mut next_progress = submitted + PROGRESS_EVERY;
    loop {
        tick.tick().await;
        report.polls += 1;
        match client.send(&poll).await {
            Ok(r) if r.status == 200 => match serde_json::from_slice::<Value>(client.body()) {
                Ok(record) => {
                    failures = 0;
                    report.absorb(&record);
                }
                Err(_) => {
                    failures += 1;
                    report.poll_errors += 1;
                }
            },
            Ok(r) if r.status == 404 => {
                report.poll_errors += 1;
                report.error = Some(format!(
                    "GET {poll_path} answered 404: the job is gone ({})",
                    quote(client.body())
                ));
                break;
            }
            Ok(_) | Err(_) => {
                failures += 1;
                report.poll_errors += 1;
            }
        }
        let now = Instant::now();
        if !matches!(report.status.as_str(), "queued" | "running") {
            report.finished = true;
            report.finish(Some(now - submitted));
            return run(report, Some(now));
        }
        if failures >= MAX_POLL_FAILURES {
            report.error = Some(format!(
                "gave up after {failures} failed polls in a row; the job was last {}",
                report.status
            ));
            break;
        }
        if now >= deadline {
            report.error = Some(format!(
                "gave up waiting at the time cap; the job is still {} on the server",
                report.status
            ));
            break;
        }
        if now >= next_progress {
            next_progress = now + PROGRESS_EVERY;
            eprintln!(
                "frontline-loadtest: {} job {id}: {} {}/{}",
                plan.kind(),
                report.status,
                report.done.unwrap_or(0),
                report.travellers.map_or("?".to_string(), |n| n.to_string())
            );
        }
    }
    report.finish(None);
    run(report, None)
}

/// The whole report of `--screening-only`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AloneReport {
    pub target: String,
    pub screening: JobReport,
    pub passed: bool,
    pub verdict: String,
}

impl AloneReport {
    pub fn new(target: &Target, run: JobRun) -> AloneReport {
        let screening = run.report;
        AloneReport {
            target: target.to_string(),
            passed: screening.passed,
            verdict: format!(
                "{}: {}",
                if screening.passed { "PASS" } else { "FAIL" },
                screening.verdict()
            ),
            screening,
        }
    }

    pub fn to_text(&self) -> String {
        format!(
            "frontline-loadtest report (screening only)\n  target       {}\n{}{}\n",
            self.target,
            self.screening.to_text(),
            self.verdict
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_flag_or_extension() {
        assert_eq!(Format::parse("CSV"), Some(Format::Csv));
        assert_eq!(Format::parse("edifact"), Some(Format::Paxlst));
        assert_eq!(Format::parse("xml"), None);
        for (name, f) in [
            ("m.csv", Format::Csv),
            ("m.JSON", Format::Json),
            ("m.edi", Format::Paxlst),
            ("m.txt", Format::Paxlst),
        ] {
            assert_eq!(Format::from_extension(Path::new(name)), Some(f), "{name}");
        }
        assert_eq!(Format::from_extension(Path::new("manifest")), None);
    }

    #[test]
    fn overlap_is_the_covered_share_of_the_window() {
        let t = Instant::now();
        let s = |n: u64| t + Duration::from_secs(n);
        assert_eq!(overlap_percent((s(0), s(10)), (s(0), s(10))), 100.0);
        assert_eq!(overlap_percent((s(0), s(10)), (s(5), s(20))), 50.0);
        assert_eq!(overlap_percent((s(2), s(10)), (s(0), s(4))), 25.0);
        assert_eq!(overlap_percent((s(0), s(10)), (s(11), s(20))), 0.0);
        assert_eq!(overlap_percent((s(3), s(3)), (s(0), s(20))), 0.0);
    }

    #[test]
    fn records_fill_the_report_and_rates_use_both_clocks() {
        let plan = JobPlan::Screening(Manifest {
            file: "m.csv".into(),
            format: Format::Csv,
            body: Arc::new(b"id\n".to_vec()),
        });
        let mut r = JobReport::new(&plan);
        r.absorb(&serde_json::json!({"status": "running", "progress": {"done": 10, "total": 400, "counters": {"alerts": 2}}}));
        assert_eq!(
            (r.travellers, r.done, r.alerts),
            (Some(400), Some(10), Some(2))
        );
        r.absorb(
            &serde_json::json!({"status": "succeeded", "progress": {"done": 400, "total": 400},
            "summary": {"travellers": 400, "alerts": 3, "rejected": 1, "took_ms": 500.0}}),
        );
        r.finished = true;
        r.finish(Some(Duration::from_secs(2)));
        assert!(r.passed);
        assert_eq!(r.client_travellers_per_sec, Some(200.0));
        assert_eq!(r.server_travellers_per_sec, Some(800.0));
        assert_eq!((r.alerts, r.rejected), (Some(3), Some(1)));
        // Any other final status fails, with the server's reason when it gave one.
        let mut r = JobReport::new(&plan);
        r.absorb(&serde_json::json!({"status": "cancelled", "progress": {"done": 1, "total": 4}}));
        r.finished = true;
        r.finish(Some(Duration::from_secs(1)));
        assert!(!r.passed);
        assert_eq!(r.error.as_deref(), Some("the job ended cancelled"));
        assert!(r.verdict().contains("ended cancelled"), "{}", r.verdict());
    }

    #[test]
    fn a_reload_reads_lines_and_records_from_the_ingest_job() {
        let plan = JobPlan::reload("INTERPOL").unwrap();
        let mut r = JobReport::new(&plan);
        r.absorb(
            &serde_json::json!({"status": "running", "progress": {"done": 20000, "total": 0,
            "counters": {"lines_read": 20000, "accepted": 20000, "rejected": 0}}}),
        );
        assert_eq!(
            (r.lines, r.done, r.travellers),
            (Some(20000), Some(20000), None)
        );
        r.absorb(
            &serde_json::json!({"status": "succeeded", "progress": {"done": 1000, "total": 0},
            "summary": {"lines": 1000, "records_after": 1000, "took_ms": 500.0}}),
        );
        r.finished = true;
        r.finish(Some(Duration::from_secs(1)));
        assert!(r.passed);
        assert_eq!((r.lines, r.records_after), (Some(1000), Some(1000)));
        assert_eq!(r.server_lines_per_sec, Some(2000.0));
        assert!(
            r.verdict().contains("1000 lines succeeded"),
            "{}",
            r.verdict()
        );
        assert!(
            r.to_text().contains("reload       INTERPOL"),
            "{}",
            r.to_text()
        );
        assert_eq!(plan.poll_path("ing_1"), "/v1/admin/jobs/ing_1");
        for bad in ["interpol", "A", "../X", "A B"] {
            assert!(JobPlan::reload(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn job_ids_are_checked_before_going_into_a_path() {
        assert!(valid_job_id("01J9ZK3-abc_d"));
        for bad in ["", "../x", "a b", "a?b", &"x".repeat(MAX_JOB_ID + 1)] {
            assert!(!valid_job_id(bad), "{bad:?}");
        }
    }
}
