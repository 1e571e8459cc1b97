//! Running the load: waiting for `/readyz`, the connection workers, warmup, and the stop rules.
//!
//! With a job beside the load (`--screening`, `--reload`), the job is submitted when the
//! measured phase starts and followed by a task of its own ([`crate::job::run_job`]); under
//! [`Limit::UntilJobDone`] the workers stop as soon as that task has seen the job end.

use crate::http::{build_request, Client, Target, TransportError};
use crate::job::{self, JobPlan};
use crate::stats::{Limit, Recorder, Report, RunInfo};
use crate::workload::{Kind, Mix, SplitMix64, Workload, KINDS};
use anyhow::bail;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most requests one run may send (warmup not included).
pub const MAX_REQUESTS: u64 = 10_000_000;
/// Longest a run may load the target, warmup included.
pub const MAX_SECS: u64 = 3600;
/// How often a long run reports progress on stderr.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);
/// Salt for the warmup request sequence, so warmup does not shift the measured one.
const WARMUP_SALT: u64 = 0x7761_726d_7570_0000;

/// Everything a run needs, already validated.
#[derive(Debug, Clone)]
pub struct Plan {
    pub target: Target,
    pub connections: usize,
    pub limit: Limit,
    pub warmup: Duration,
    pub timeout: Duration,
    pub seed: u64,
    pub workload: Workload,
    /// Extra headers sent with every request (e.g. `X-Agency`), the job's included.
    pub headers: Vec<(String, String)>,
    /// The job to run beside the measured load (`--screening`, `--reload`).
    pub job: Option<JobPlan>,
}

/// Polls `GET /readyz` until it answers 200, for at most `wait`.
pub async fn wait_ready(target: &Target, wait: Duration) -> anyhow::Result<()> {
    let start = Instant::now();
    let request = build_request("GET", target, "/readyz", &[], None);
    let mut last;
    loop {
        let mut client = Client::new(target.addr, Duration::from_secs(2));
        match client.send(&request).await {
            Ok(r) if r.status == 200 => return Ok(()),
            Ok(r) => last = format!("last answer: HTTP {}", r.status),
            Err(TransportError::Connect) => last = "connection refused or failed".to_string(),
            Err(e) => last = format!("last attempt failed: {e}"),
        }
        if start.elapsed() >= wait {
            bail!(
                "{target} was not ready: GET /readyz did not return 200 within {} s ({last}); \
                 is `frontline serve` running there?",
                wait.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// State shared by the workers.
struct Shared {
    /// Pre-built request bytes per kind, indexed by [`Kind::index`].
    requests: [Vec<Vec<u8>>; KINDS],
    /// Next body to send per kind (cycled modulo the number of bodies).
    cursors: [AtomicUsize; KINDS],
    mix: Mix,
    seed: u64,
    /// Index of the next measured request.
    issued: AtomicU64,
    /// Index of the next warmup request.
    warm_issued: AtomicU64,
    max_requests: u64,
    measure_start: Instant,
    stop_at: Instant,
    /// Set when the job ended under [`Limit::UntilJobDone`].
    stop: AtomicBool,
}

impl Shared {
    /// The next request to send, or `None` when the run is over. The bool is true for warmup.
    fn next(&self) -> Option<(Kind, &[u8], bool)> {
        let now = Instant::now();
        let (kind, warm) = if now < self.measure_start {
            let i = self.warm_issued.fetch_add(1, Ordering::Relaxed);
            (
                self.mix.pick(SplitMix64::nth(self.seed ^ WARMUP_SALT, i)),
                true,
            )
        } else {
            if now >= self.stop_at || self.stop.load(Ordering::Relaxed) {
                return None;
            }
            let i = self.issued.fetch_add(1, Ordering::Relaxed);
            if i >= self.max_requests {
                return None;
            }
            (self.mix.pick(SplitMix64::nth(self.seed, i)), false)
        };
        let bodies = &self.requests[kind.index()];
        if bodies.is_empty() {
            return None; // cannot happen: kinds with weight > 0 have bodies
        }
        let j = self.cursors[kind.index()].fetch_add(1, Ordering::Relaxed) % bodies.len();
        Some((kind, &bodies[j], warm))
    }
}

async fn worker(shared: Arc<Shared>, addr: std::net::SocketAddr, timeout: Duration) -> Recorder {
    let mut client = Client::new(addr, timeout);
    let mut rec = Recorder::default();
    let mut connect_failures = 0u32;
    while let Some((kind, request, warm)) = shared.next() {
        let t0 = Instant::now();
        let outcome = client.send(request).await;
        let latency = t0.elapsed();
        if !warm {
            rec.record(kind, outcome.map(|r| (r.status, latency)));
        }
        // Back off while the server refuses connections rather than spinning.
        if matches!(outcome, Err(TransportError::Connect)) {
            connect_failures = connect_failures.saturating_add(1);
            let ms = 10u64 << connect_failures.min(6);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        } else {
            connect_failures = 0;
        }
    }
    rec.reconnects = client.connects.saturating_sub(1);
    rec
}

/// Runs the load (after `/readyz` said ready) and builds the report.
pub async fn run(plan: Plan) -> anyhow::Result<Report> {
    let Plan {
        target,
        connections,
        limit,
        warmup,
        timeout,
        seed,
        workload,
        headers,
        job,
    } = plan;
    let requests: [Vec<Vec<u8>>; KINDS] = Kind::ALL.map(|kind| {
        if workload.effective.weight(kind) == 0 {
            return Vec::new();
        }
        workload.queries[kind.index()]
            .bodies
            .iter()
            .map(|b| build_request("POST", &target, kind.path(), &headers, Some(b)))
            .collect()
    });
    let start = Instant::now();
    let measure_start = start + warmup;
    let (max_requests, stop_at) = match limit {
        Limit::Requests(n) => (n.min(MAX_REQUESTS), start + Duration::from_secs(MAX_SECS)),
        Limit::DurationSecs(d) => (
            MAX_REQUESTS,
            measure_start + Duration::from_secs(d.min(MAX_SECS)),
        ),
        Limit::UntilJobDone(n) => (n.min(MAX_REQUESTS), start + Duration::from_secs(MAX_SECS)),
    };
    let shared = Arc::new(Shared {
        requests,
        cursors: Default::default(),
        mix: workload.effective,
        seed,
        issued: AtomicU64::new(0),
        warm_issued: AtomicU64::new(0),
        max_requests,
        measure_start,
        stop_at,
        stop: AtomicBool::new(false),
    });
    // The job starts with the measured phase, on a connection of its own.
    let job_task = job.map(|job| {
        let shared = Arc::clone(&shared);
        let target = target.clone();
        let headers = headers.clone();
        let until_done = matches!(limit, Limit::UntilJobDone(_));
        tokio::spawn(async move {
            tokio::time::sleep_until(measure_start.into()).await;
            let deadline = start + Duration::from_secs(MAX_SECS);
            let run = job::run_job(&target, &job, &headers, deadline).await;
            if until_done {
                shared.stop.store(true, Ordering::Relaxed);
            }
            run
        })
    });
    // A line on stderr every 10 s, so a long run shows it is alive.
    let progress = {
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(
                tokio::time::Instant::now() + PROGRESS_EVERY,
                PROGRESS_EVERY,
            );
            loop {
                tick.tick().await;
                let sent = shared
                    .issued
                    .load(Ordering::Relaxed)
                    .min(shared.max_requests);
                eprintln!(
                    "frontline-loadtest: {:.0} s: {sent} measured requests started",
                    start.elapsed().as_secs_f64()
                );
            }
        })
    };
    let handles: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(worker(Arc::clone(&shared), target.addr, timeout)))
        .collect();
    let mut rec = Recorder::default();
    for h in handles {
        match h.await {
            Ok(r) => rec.merge(r),
            Err(e) => bail!("a connection worker failed: {e}"),
        }
    }
    let measure_end = Instant::now();
    let stopped_by_job = shared.stop.load(Ordering::Relaxed);
    let elapsed = measure_end - measure_start;
    progress.abort();
    let mut notes = workload.notes.clone();
    let sent = rec.total();
    let job_report = match job_task {
        None => None,
        Some(task) => {
            if !task.is_finished() {
                eprintln!("frontline-loadtest: load done; waiting for the job to end");
            }
            let run = match task.await {
                Ok(run) => run,
                Err(e) => bail!("the job task failed: {e}"),
            };
            let mut report = run.report;
            // A refused submission never ran: no overlap to speak of.
            if let (Some(submitted), true) = (run.submitted, report.job_id.is_some()) {
                let job_end = run.finished.unwrap_or(measure_end);
                report.measured_overlap_percent = Some(job::overlap_percent(
                    (measure_start, measure_end),
                    (submitted, job_end),
                ));
            }
            if run.finished.is_some_and(|f| f > measure_end) {
                notes.push(
                    "the job outlived the measured load; its rate is partly unloaded".to_string(),
                );
            }
            Some(report)
        }
    };
    match limit {
        Limit::Requests(n) if sent < n => notes.push(format!(
            "stopped at the {MAX_SECS} s time cap after {sent} of {n} requests"
        )),
        Limit::UntilJobDone(n) if !stopped_by_job && sent >= n => notes.push(format!(
            "stopped at the {n} request cap before the job ended"
        )),
        Limit::UntilJobDone(_) if !stopped_by_job => notes.push(format!(
            "stopped at the {MAX_SECS} s time cap before the job ended"
        )),
        Limit::DurationSecs(_) if sent >= MAX_REQUESTS => notes.push(format!(
            "stopped at the {MAX_REQUESTS} request cap before the duration ran out"
        )),
        _ => {}
    }
    let info = RunInfo {
        target: target.to_string(),
        connections,
        limit,
        warmup_secs: warmup.as_secs(),
        seed,
        requested: workload.requested,
        effective: workload.effective,
        notes,
    };
    Ok(Report::build(info, rec, elapsed, job_report))
}
