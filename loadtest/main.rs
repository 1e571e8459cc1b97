//! `frontline-loadtest`: an HTTP load generator for the Frontline REST search service.
//!
//! It replays the query bodies written by `frontline synth ... --queries N` against a running
//! `frontline serve`, over N persistent HTTP/1.1 keep-alive connections, and reports
//! throughput and latency percentiles per request kind:
//!
//! | kind        | endpoint                     | bodies from (one per line)                  |
//! |-------------|------------------------------|---------------------------------------------|
//! | `doc`       | `POST /v1/documents/check`   | `document_queries.jsonl` (JSON objects)     |
//! | `person`    | `POST /v1/persons/search`    | `person_queries.jsonl` (JSON objects)       |
//! | `manifest`  | `POST /v1/manifests/screen`  | `manifest_queries.jsonl` (JSON arrays)      |
//! | `traveller` | `POST /v1/travellers/check`  | `traveller_queries.jsonl` (JSON objects)    |
//!
//! Every body is sent with `Content-Type: application/json`; a `manifest` line is a JSON
//! manifest, an array of traveller objects keyed by the CSV column names (`surname`,
//! `given_names`, `date_of_birth`, ...). `manifest_queries.jsonl` and `traveller_queries.jsonl`
//! are optional: when one is absent, that kind's share of `--mix` is redistributed to the
//! other kinds in proportion to their weights, and the report says so.
//!
//! # Running it
//!
//! ```text
//! cargo run --release -- serve --listen 127.0.0.1:8080        # in one shell (data in index-data/)
//! cargo run --release --bin frontline-loadtest -- \
//!     --target http://127.0.0.1:8080 --queries DIR \
//!     [--connections 32] [--requests N | --duration SECS] [--warmup SECS] \
//!     [--mix doc=70,person=25,manifest=5,traveller=0] [--timeout SECS] [--seed N] \
//!     [--agency CODE] [--screening FILE [--screening-format csv|json|paxlst] [--screening-only]] \
//!     [--reload SOURCE] [--key-file FILE] \
//!     [--json]
//! ```
//!
//! It first waits (at most `--ready-timeout`, 30 s by default) for `GET /readyz` to return 200,
//! then sends `--warmup` seconds of unrecorded requests, then the measured ones: `--requests N`
//! (20000 by default) or `--duration SECS`. The kind of request `i` is a weighted choice drawn
//! from SplitMix64 seeded by `--seed` at index `i`, so a given seed and request count always
//! send the same number of each kind; each kind cycles through its bodies in file order.
//!
//! # A screening job beside the load
//!
//! `--screening FILE` submits a manifest (format from `--screening-format`, else from the
//! extension: `.csv`, `.json`, `.edi`/`.edifact`/`.paxlst`/`.txt`) to `POST /v1/screenings`
//! the moment the measured phase starts, then polls `GET /v1/screenings/{id}` every 200 ms on
//! a connection of its own; neither request is counted in the latency figures. Without
//! `--duration`, the measured phase lasts until the job ends (`--requests N`, if given, caps
//! it), so every latency is taken while the job ran; with `--duration`, it lasts that long and
//! the tool then waits for the job. The report gains a screening section: job id, travellers
//! (alerts, rejected), final status, wall time from submit to the poll that saw the end, the
//! server's `summary.took_ms`, travellers/s by both clocks, and the share of the measured
//! window during which the job ran. `--screening-only` sends no search load: it submits,
//! waits and reports the job's rate alone (`--queries` is then not needed).
//!
//! # A feed re-ingested beside the load
//!
//! `--reload SOURCE` does the same with a re-ingest of a configured source: it sends
//! `POST /v1/admin/feeds/{SOURCE}/reload` when the measured phase starts and polls
//! `GET /v1/admin/jobs/{id}`; the report gains a reload section (job id, feed lines, rejected
//! lines, the source's records after, both wall times, lines/s, overlap). It measures what
//! officers see while an administrator swaps a source: failed searches and the latency
//! percentiles during the swap.
//!
//! # Safety limits
//!
//! The tool only ever loads **loopback** targets: `127.0.0.0/8`, `localhost` (taken to be
//! `127.0.0.1`, never resolved through DNS) or `[::1]`. Any other host is refused with a usage
//! error before a single packet is sent. A run is capped at 10,000,000 measured requests and
//! 3600 s of load (warmup included; waiting for a screening job included), and always stops by
//! itself; each request has a timeout (`--timeout`, 10 s by default).
//!
//! # Output and exit code
//!
//! A text report (or, with `--json`, one JSON object on stdout, the screening section as its
//! `screening` object): total time, throughput overall and per kind, p50/p95/p99/max latency in
//! ms over 2xx responses (exact: every sample is kept), non-2xx statuses and transport errors
//! (connect, timeout, closed, io, protocol) per kind, the screening section, and a one-line
//! verdict. Exit code 0 when every request got a 2xx response and the screening job (if any)
//! ended `succeeded`, 1 when any request failed, the job ended otherwise (`failed`,
//! `cancelled`, `interrupted`, `rejected`) or could not be followed, or the target never
//! became ready, 2 on usage errors.

mod http;
mod job;
mod runner;
mod stats;
mod workload;

#[cfg(test)]
mod testserver;

use anyhow::Context;
use clap::Parser;
use http::Target;
use job::{AloneReport, JobPlan};
use runner::{Plan, MAX_REQUESTS, MAX_SECS};
use stats::Limit;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use workload::{Mix, Workload};

/// Default number of measured requests when neither --requests nor --duration is given.
const DEFAULT_REQUESTS: u64 = 20_000;

/// HTTP load generator for `frontline serve` (loopback targets only).
#[derive(Debug, Parser)]
#[command(name = "frontline-loadtest", version, about, long_about = None)]
struct Args {
    /// Base URL of the service; must be loopback (127.0.0.0/8, localhost, [::1]).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    target: String,

    /// Directory holding person_queries.jsonl, document_queries.jsonl and optionally
    /// manifest_queries.jsonl and traveller_queries.jsonl (as written by
    /// `frontline synth --queries N`). Not needed with --screening-only.
    #[arg(long, value_name = "DIR", required_unless_present = "screening_only")]
    queries: Option<PathBuf>,

    /// Concurrent keep-alive connections, one worker each.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=1024))]
    connections: u16,

    /// Measured requests to send (default 20000; at most 10,000,000).
    #[arg(long, conflicts_with = "duration", value_parser = clap::value_parser!(u64).range(1..=MAX_REQUESTS))]
    requests: Option<u64>,

    /// Measure for this many seconds instead of a request count (at most 3600, warmup included).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=MAX_SECS))]
    duration: Option<u64>,

    /// Seconds of unrecorded warmup load before measuring.
    #[arg(long, value_name = "SECS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..MAX_SECS))]
    warmup: u64,

    /// Relative weights of the request kinds (doc, person, manifest, traveller).
    #[arg(long, default_value = "doc=70,person=25,manifest=5")]
    mix: String,

    /// Per-request timeout in seconds; a request that takes longer counts as an error.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=120))]
    timeout: u64,

    /// Longest wait, in seconds, for GET /readyz to return 200 before giving up.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=600))]
    ready_timeout: u64,

    /// Seed of the request-kind sequence.
    #[arg(long, default_value_t = 0x5EED)]
    seed: u64,

    /// Send `X-Agency: CODE` with every request, the screening job's included ([A-Z0-9_-]{2,32}).
    #[arg(long, value_name = "CODE")]
    agency: Option<String>,

    /// Send the API key in this file (`Authorization: Bearer`) with every request, e.g. the
    /// `local-admin.key` the server wrote into its data directory on first start.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,

    /// Screen this manifest as a job (POST /v1/screenings) while the measured load runs;
    /// without --duration the measured phase lasts until the job ends.
    #[arg(long, value_name = "FILE")]
    screening: Option<PathBuf>,

    /// Format of the --screening manifest: csv, json or paxlst (default: from the extension).
    #[arg(long, value_name = "FORMAT", requires = "screening")]
    screening_format: Option<String>,

    /// Re-ingest this configured source (POST /v1/admin/feeds/{SOURCE}/reload) while the
    /// measured load runs; without --duration the measured phase lasts until the job ends.
    #[arg(long, value_name = "SOURCE", conflicts_with = "screening")]
    reload: Option<String>,

    /// Run the --screening job alone, with no search load, and report its rate.
    #[arg(long, requires = "screening", conflicts_with_all = ["requests", "duration", "warmup", "mix", "connections"])]
    screening_only: bool,

    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Why the tool could not do its job.
#[derive(Debug)]
enum Failure {
    /// Bad arguments or inputs: exit code 2.
    Usage(anyhow::Error),
    /// The run could not happen (e.g. the target never became ready): exit code 1.
    Runtime(anyhow::Error),
}

/// The headers every request carries (`X-Agency`, `Authorization`).
fn headers(args: &Args) -> anyhow::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    if let Some(code) = &args.agency {
        if !frontline::feeds::valid_code(code) {
            anyhow::bail!("--agency must match [A-Z0-9_-]{{2,32}}, got {code:?}");
        }
        headers.push(("X-Agency".to_string(), code.clone()));
    }
    if let Some(file) = &args.key_file {
        let key = std::fs::read_to_string(file)
            .with_context(|| format!("--key-file: reading {}", file.display()))?;
        let key = key.trim();
        if frontline::auth::key::key_id(key).is_none() {
            anyhow::bail!(
                "--key-file {}: not an API key (fl_<id>_<secret>)",
                file.display()
            );
        }
        headers.push(("Authorization".to_string(), format!("Bearer {key}")));
    }
    Ok(headers)
}

/// The job of `--screening` (read from its file) or `--reload`.
fn job_plan(args: &Args) -> anyhow::Result<Option<JobPlan>> {
    if let Some(source) = &args.reload {
        return JobPlan::reload(source).map(Some);
    }
    args.screening
        .as_deref()
        .map(|file| JobPlan::load(file, args.screening_format.as_deref()))
        .transpose()
}

/// Turns arguments into a plan, reading the query files.
fn plan(args: &Args) -> anyhow::Result<Plan> {
    let target = Target::parse(&args.target)?;
    let mix = Mix::parse(&args.mix)?;
    let job = job_plan(args)?;
    let limit = match (args.requests, args.duration, job.is_some()) {
        (Some(_), Some(_), _) => anyhow::bail!("give --requests or --duration, not both"),
        (None, Some(d), _) => Limit::DurationSecs(d),
        (n, None, true) => Limit::UntilJobDone(n.unwrap_or(MAX_REQUESTS)),
        (Some(n), None, false) => Limit::Requests(n),
        (None, None, false) => Limit::Requests(DEFAULT_REQUESTS),
    };
    if let Limit::DurationSecs(d) = limit {
        if d + args.warmup > MAX_SECS {
            anyhow::bail!(
                "--warmup {} + --duration {d} exceeds the {MAX_SECS} s cap",
                args.warmup
            );
        }
    }
    let headers = headers(args)?;
    let queries = args
        .queries
        .as_deref()
        .context("--queries DIR is required")?;
    let workload = Workload::load(queries, mix)?;
    Ok(Plan {
        target,
        connections: usize::from(args.connections),
        limit,
        warmup: Duration::from_secs(args.warmup),
        timeout: Duration::from_secs(args.timeout),
        seed: args.seed,
        workload,
        headers,
        job,
    })
}

/// What a run prints and whether it passed.
struct Outcome {
    passed: bool,
    output: String,
}

fn render<T: serde::Serialize>(
    json: bool,
    report: &T,
    text: impl Fn() -> String,
) -> Result<String, Failure> {
    if json {
        let json = serde_json::to_string_pretty(report)
            .map_err(|e| Failure::Runtime(anyhow::anyhow!("serialising the report: {e}")))?;
        Ok(format!("{json}\n"))
    } else {
        Ok(text())
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("starting the async runtime: {e}")))
}

/// `--screening-only`: submit, wait, report the job alone.
fn execute_screening_only(args: &Args) -> Result<Outcome, Failure> {
    let usage = |e: anyhow::Error| Failure::Usage(e);
    let target = Target::parse(&args.target).map_err(usage)?;
    let headers = headers(args).map_err(usage)?;
    let job = job_plan(args)
        .map_err(usage)?
        .ok_or_else(|| usage(anyhow::anyhow!("--screening-only needs --screening FILE")))?;
    let run = runtime()?.block_on(async {
        eprintln!("frontline-loadtest: waiting for {target} /readyz");
        runner::wait_ready(&target, Duration::from_secs(args.ready_timeout))
            .await
            .map_err(Failure::Runtime)?;
        eprintln!("frontline-loadtest: ready; {} alone", job.describe());
        let deadline = std::time::Instant::now() + Duration::from_secs(MAX_SECS);
        Ok(job::run_job(&target, &job, &headers, deadline).await)
    })?;
    let report = AloneReport::new(&target, run);
    Ok(Outcome {
        passed: report.passed,
        output: render(args.json, &report, || report.to_text())?,
    })
}

fn execute(args: Args) -> Result<Outcome, Failure> {
    if args.screening_only {
        return execute_screening_only(&args);
    }
    let plan = plan(&args).map_err(Failure::Usage)?;
    let report = runtime()?.block_on(async {
        eprintln!("frontline-loadtest: waiting for {} /readyz", plan.target);
        runner::wait_ready(&plan.target, Duration::from_secs(args.ready_timeout))
            .await
            .map_err(Failure::Runtime)?;
        for note in &plan.workload.notes {
            eprintln!("frontline-loadtest: note: {note}");
        }
        let what = plan.limit.describe();
        eprintln!(
            "frontline-loadtest: ready; {} connections, warmup {} s, then {what} ({})",
            plan.connections,
            plan.warmup.as_secs(),
            plan.workload.effective.describe()
        );
        runner::run(plan).await.map_err(Failure::Runtime)
    })?;
    Ok(Outcome {
        passed: report.passed,
        output: render(args.json, &report, || report.to_text())?,
    })
}

/// Prints a run's outcome and gives its exit code: 0 passed, 1 failed, 2 usage error.
fn finish(result: Result<Outcome, Failure>) -> u8 {
    match result {
        Ok(outcome) => {
            print!("{}", outcome.output);
            u8::from(!outcome.passed)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("frontline-loadtest: error: {e:#}");
            2
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("frontline-loadtest: error: {e:#}");
            1
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse(); // exits with code 2 on bad arguments
    ExitCode::from(finish(execute(args)))
}

#[cfg(test)]
mod tests;
