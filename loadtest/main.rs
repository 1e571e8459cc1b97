//! `frontline-loadtest`: an HTTP load generator for the Frontline REST search service.
//!
//! It replays the query bodies written by `frontline synth ... --queries N` against a running
//! `frontline serve`, over N persistent HTTP/1.1 keep-alive connections, and reports
//! throughput and latency percentiles per request kind:
//!
//! | kind       | endpoint                    | bodies from               |
//! |------------|-----------------------------|---------------------------|
//! | `doc`      | `POST /v1/documents/check`  | `document_queries.jsonl`  |
//! | `person`   | `POST /v1/persons/search`   | `person_queries.jsonl`    |
//! | `manifest` | `POST /v1/manifests/screen` | `manifest_queries.jsonl`  |
//!
//! `manifest_queries.jsonl` is optional: when it is absent, the manifest share of `--mix` is
//! redistributed to the other kinds in proportion to their weights, and the report says so.
//!
//! # Running it
//!
//! ```text
//! cargo run --release -- serve --listen 127.0.0.1:8080        # in one shell (data in index-data/)
//! cargo run --release --bin frontline-loadtest -- \
//!     --target http://127.0.0.1:8080 --queries DIR \
//!     [--connections 32] [--requests N | --duration SECS] [--warmup SECS] \
//!     [--mix doc=70,person=25,manifest=5] [--timeout SECS] [--seed N] [--agency CODE] [--json]
//! ```
//!
//! It first waits (at most `--ready-timeout`, 30 s by default) for `GET /readyz` to return 200,
//! then sends `--warmup` seconds of unrecorded requests, then the measured ones: `--requests N`
//! (20000 by default) or `--duration SECS`. The kind of request `i` is a weighted choice drawn
//! from SplitMix64 seeded by `--seed` at index `i`, so a given seed and request count always
//! send the same number of each kind; each kind cycles through its bodies in file order.
//!
//! # Safety limits
//!
//! The tool only ever loads **loopback** targets: `127.0.0.0/8`, `localhost` (taken to be
//! `127.0.0.1`, never resolved through DNS) or `[::1]`. Any other host is refused with a usage
//! error before a single packet is sent. A run is capped at 10,000,000 measured requests and
//! 3600 s of load (warmup included), and always stops by itself; each request has a timeout
//! (`--timeout`, 10 s by default).
//!
//! # Output and exit code
//!
//! A text report (or, with `--json`, one JSON object on stdout): total time, throughput overall
//! and per kind, p50/p95/p99/max latency in ms over 2xx responses (exact: every sample is kept),
//! non-2xx statuses and transport errors (connect, timeout, closed, io, protocol) per kind, and
//! a one-line verdict. Exit code 0 when every request got a 2xx response, 1 when any request
//! failed (or the target never became ready), 2 on usage errors.

mod http;
mod runner;
mod stats;
mod workload;

#[cfg(test)]
mod testserver;

use clap::Parser;
use http::Target;
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
    /// manifest_queries.jsonl (as written by `frontline synth --queries N`).
    #[arg(long, value_name = "DIR")]
    queries: PathBuf,

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

    /// Relative weights of the request kinds (doc, person, manifest).
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

    /// Send `X-Agency: CODE` with every search request ([A-Z0-9_-]{2,32}).
    #[arg(long, value_name = "CODE")]
    agency: Option<String>,

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

fn valid_agency(code: &str) -> bool {
    (2..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Turns arguments into a plan, reading the query files.
fn plan(args: &Args) -> anyhow::Result<Plan> {
    let target = Target::parse(&args.target)?;
    let mix = Mix::parse(&args.mix)?;
    let limit = match (args.requests, args.duration) {
        (Some(_), Some(_)) => anyhow::bail!("give --requests or --duration, not both"),
        (Some(n), None) => Limit::Requests(n),
        (None, Some(d)) => Limit::DurationSecs(d),
        (None, None) => Limit::Requests(DEFAULT_REQUESTS),
    };
    if let Limit::DurationSecs(d) = limit {
        if d + args.warmup > MAX_SECS {
            anyhow::bail!(
                "--warmup {} + --duration {d} exceeds the {MAX_SECS} s cap",
                args.warmup
            );
        }
    }
    let mut headers = Vec::new();
    if let Some(code) = &args.agency {
        if !valid_agency(code) {
            anyhow::bail!("--agency must match [A-Z0-9_-]{{2,32}}, got {code:?}");
        }
        headers.push(("X-Agency".to_string(), code.clone()));
    }
    let workload = Workload::load(&args.queries, mix)?;
    Ok(Plan {
        target,
        connections: usize::from(args.connections),
        limit,
        warmup: Duration::from_secs(args.warmup),
        timeout: Duration::from_secs(args.timeout),
        seed: args.seed,
        workload,
        headers,
    })
}

fn execute(args: Args) -> Result<bool, Failure> {
    let plan = plan(&args).map_err(Failure::Usage)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("starting the async runtime: {e}")))?;
    let report = rt.block_on(async {
        eprintln!("frontline-loadtest: waiting for {} /readyz", plan.target);
        runner::wait_ready(&plan.target, Duration::from_secs(args.ready_timeout))
            .await
            .map_err(Failure::Runtime)?;
        for note in &plan.workload.notes {
            eprintln!("frontline-loadtest: note: {note}");
        }
        let what = match plan.limit {
            Limit::Requests(n) => format!("{n} requests"),
            Limit::DurationSecs(d) => format!("{d} s"),
        };
        eprintln!(
            "frontline-loadtest: ready; {} connections, warmup {} s, then {what} ({})",
            plan.connections,
            plan.warmup.as_secs(),
            plan.workload.effective.describe()
        );
        runner::run(plan).await.map_err(Failure::Runtime)
    })?;
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Runtime(anyhow::anyhow!("serialising the report: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", report.to_text());
    }
    Ok(report.passed)
}

fn main() -> ExitCode {
    let args = Args::parse(); // exits with code 2 on bad arguments
    match execute(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure::Usage(e)) => {
            eprintln!("frontline-loadtest: error: {e:#}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("frontline-loadtest: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testserver::{ServerOptions, TestServer};
    use crate::workload::SplitMix64;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A fresh directory under the system temp dir with the given query files.
    fn query_dir(files: &[(&str, &str)]) -> PathBuf {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "frontline-loadtest-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    const PERSONS: &str = "{\"name\": \"Mohamed Alhasan\", \"date_of_birth\": \"1975\"}\n{\"name\": \"Anna Schmidt\"}\n";
    const DOCS: &str = "{\"number\": \"X1234567\", \"issuing_country\": \"FRA\"}\n{\"number\": \"Y7654321\"}\n{\"number\": \"Z1\"}\n";

    fn args(target: &str, dir: &std::path::Path, extra: &[&str]) -> Args {
        let mut v = vec![
            "frontline-loadtest".to_string(),
            "--target".into(),
            target.into(),
            "--queries".into(),
            dir.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        Args::try_parse_from(v).unwrap()
    }

    fn expected_counts(seed: u64, n: u64, mix: Mix) -> [u64; 3] {
        let mut c = [0u64; 3];
        for i in 0..n {
            c[mix.pick(SplitMix64::nth(seed, i)).index()] += 1;
        }
        c
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn end_to_end_against_test_server() {
        // Persons answer chunked, documents with Content-Length; every 50th response closes.
        let server = TestServer::start(ServerOptions {
            close_every: 50,
            ..Default::default()
        })
        .await;
        let dir = query_dir(&[
            ("person_queries.jsonl", PERSONS),
            ("document_queries.jsonl", DOCS),
        ]);
        let a = args(
            &server.url(),
            &dir,
            &["--connections", "8", "--requests", "3000", "--seed", "99"],
        );
        let plan = plan(&a).unwrap();
        assert_eq!(plan.workload.effective.weights, [70, 25, 0]);
        assert!(plan.workload.notes[0].contains("manifest_queries.jsonl not found"));
        runner::wait_ready(&plan.target, Duration::from_secs(5))
            .await
            .unwrap();
        let report = runner::run(plan).await.unwrap();

        assert_eq!(report.requests, 3000);
        assert_eq!(report.failed, 0, "{}", report.to_text());
        assert!(report.passed);
        let want = expected_counts(99, 3000, Mix::parse("doc=70,person=25").unwrap());
        let doc = &report.kinds[0];
        let person = &report.kinds[1];
        assert_eq!((doc.kind, doc.requests), ("doc", want[0]));
        assert_eq!((person.kind, person.requests), ("person", want[1]));
        assert_eq!(report.kinds.len(), 2, "manifest dropped from the report");
        assert_eq!(report.latency.unwrap().samples, 3000);
        // Server saw exactly the same requests (plus one /readyz).
        let seen = server.counts();
        assert_eq!(seen.get("/v1/documents/check"), Some(&want[0]));
        assert_eq!(seen.get("/v1/persons/search"), Some(&want[1]));
        assert_eq!(seen.get("/readyz"), Some(&1));
        // The server closed every 50th response; the client reconnected without errors.
        assert!(report.reconnects >= 3000 / 50 - 8, "{}", report.reconnects);
        // Bodies cycle: each document body is sent about equally often.
        let bodies = server.bodies();
        let x = bodies.get(br#"{"number": "X1234567", "issuing_country": "FRA"}"#.as_slice());
        assert!(x.is_some_and(|n| n.abs_diff(want[0] / 3) <= 1), "{x:?}");
        let text = report.to_text();
        assert!(text.contains("PASS: 3000 requests"), "{text}");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["requests"], 3000);
        assert_eq!(json["passed"], true);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn errors_warmup_and_duration() {
        // Manifests answer 404 (endpoint absent); the warmup is not recorded.
        let server = TestServer::start(ServerOptions::default()).await;
        let dir = query_dir(&[
            ("person_queries.jsonl", PERSONS),
            ("document_queries.jsonl", DOCS),
            ("manifest_queries.jsonl", "{\"passengers\": []}\n"),
        ]);
        let a = args(
            &server.url(),
            &dir,
            &[
                "--connections",
                "4",
                "--duration",
                "1",
                "--warmup",
                "1",
                "--mix",
                "doc=1,person=1,manifest=2",
            ],
        );
        let plan = plan(&a).unwrap();
        assert!(plan.workload.notes.is_empty());
        let report = runner::run(plan).await.unwrap();
        assert!(report.total_time_secs >= 1.0 && report.total_time_secs < 3.0);
        assert!(report.requests > 0);
        let manifest = report.kinds.iter().find(|k| k.kind == "manifest").unwrap();
        assert_eq!(manifest.errors.status.get("404"), Some(&manifest.requests));
        assert_eq!(report.failed, manifest.requests);
        assert!(!report.passed);
        assert!(report.verdict.starts_with("FAIL"), "{}", report.verdict);
        // Warmup requests reached the server but are not in the report.
        let served: u64 = server.counts().values().sum();
        assert!(served > report.requests, "{served} vs {}", report.requests);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn transport_errors_are_counted() {
        // Nothing listens on this port once the listener is dropped.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let dir = query_dir(&[
            ("person_queries.jsonl", PERSONS),
            ("document_queries.jsonl", DOCS),
        ]);
        let url = format!("http://127.0.0.1:{port}");
        let a = args(&url, &dir, &["--connections", "2", "--requests", "6"]);
        let plan = plan(&a).unwrap();
        let err = runner::wait_ready(&plan.target, Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("not ready"), "{err}");
        let report = runner::run(plan).await.unwrap();
        assert_eq!((report.requests, report.failed), (6, 6));
        assert_eq!(report.errors.transport.get("connect"), Some(&6));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn slow_server_times_out() {
        let server = TestServer::start(ServerOptions {
            delay: Duration::from_millis(1500),
            ..Default::default()
        })
        .await;
        let dir = query_dir(&[("document_queries.jsonl", DOCS)]);
        let a = args(
            &server.url(),
            &dir,
            &[
                "--connections",
                "2",
                "--requests",
                "2",
                "--timeout",
                "1",
                "--mix",
                "doc=1",
            ],
        );
        let report = runner::run(plan(&a).unwrap()).await.unwrap();
        assert_eq!(report.errors.transport.get("timeout"), Some(&2));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn usage_errors() {
        let dir = query_dir(&[
            ("person_queries.jsonl", PERSONS),
            ("document_queries.jsonl", DOCS),
        ]);
        let ok = args("http://127.0.0.1:8080", &dir, &[]);
        let p = plan(&ok).unwrap();
        assert_eq!(p.limit, Limit::Requests(DEFAULT_REQUESTS));
        assert_eq!(p.connections, 32);
        for target in [
            "http://10.0.0.1:8080",
            "http://192.168.1.1",
            "http://example.com",
        ] {
            let err = format!("{:#}", plan(&args(target, &dir, &[])).unwrap_err());
            assert!(err.contains("loopback"), "{err}");
        }
        assert!(plan(&args("http://[::1]:8080", &dir, &[])).is_ok());
        assert!(plan(&args("http://localhost:8080", &dir, &["--mix", "visa=1"])).is_err());
        assert!(plan(&args(
            "http://localhost:8080",
            &dir,
            &["--agency", "bad code"]
        ))
        .is_err());
        assert!(plan(&args(
            "http://localhost:8080",
            &dir,
            &["--duration", "3600", "--warmup", "1"]
        ))
        .is_err());
        // Missing required file for a kind with weight.
        let empty = query_dir(&[]);
        let err = format!(
            "{:#}",
            plan(&args("http://localhost:8080", &empty, &[])).unwrap_err()
        );
        assert!(err.contains("document_queries.jsonl"), "{err}");
        // Caps and conflicts enforced by the parser (clap exits with code 2 for these).
        let base = ["x", "--queries", "d"];
        for extra in [
            &["--requests", "10000001"][..],
            &["--duration", "3601"],
            &["--requests", "5", "--duration", "5"],
            &["--connections", "0"],
            &["--requests", "0"],
        ] {
            let v: Vec<&str> = base.iter().chain(extra).copied().collect();
            let e = Args::try_parse_from(v).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{extra:?}");
        }
        assert!(Args::try_parse_from(["x", "--queries", "d", "--requests", "10000000"]).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&empty);
    }
}
