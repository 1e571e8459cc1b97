//! End-to-end tests of the binary's flags against the in-process test server
//! ([`crate::testserver`]): kinds and their endpoints, the mix, warmup and stop rules,
//! transport errors, the screening job beside the load and alone, and usage errors.

use super::*;
use crate::testserver::{self, ServerOptions, TestServer};
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

const PERSONS: &str =
    "{\"name\": \"Mohamed Alhasan\", \"date_of_birth\": \"1975\"}\n{\"name\": \"Anna Schmidt\"}\n";
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

fn expected_counts(seed: u64, n: u64, mix: Mix) -> [u64; workload::KINDS] {
    let mut c = [0u64; workload::KINDS];
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
    assert_eq!(plan.workload.effective.weights, [70, 25, 0, 0]);
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
        ("manifest_queries.jsonl", "[{\"surname\": \"SCHMIDT\"}]\n"),
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

const TRAVELLERS: &str = "{\"name\": \"ERIKSSON ANNA MARIA\", \"date_of_birth\": \"1974-08-12\", \"nationality\": \"SWE\", \"gender\": \"F\", \"document\": {\"number\": \"L898902C3\", \"issuing_country\": \"UTO\", \"document_type\": \"passport\"}}\n{\"mrz\": \"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\"}\n";
/// A CSV manifest of five travellers.
const MANIFEST_CSV: &str = "id,surname,given_names,date_of_birth,nationality,sex,document_number,document_type,document_country\n1,ERIKSSON,ANNA,1974-08-12,SWE,F,L898902C3,P,UTO\n2,SCHMIDT,ANNA,1980-01-01,DEU,F,C01X00T47,P,DEU\n3,ALHASAN,MOHAMED,1975-03-04,SYR,M,N1234567,P,SYR\n4,DUPONT,JEAN,1990-12-31,FRA,M,12AB34567,P,FRA\n5,ROSSI,MARIO,1965-06-15,ITA,M,YA1234567,P,ITA\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traveller_kind_posts_to_the_traveller_endpoint() {
    // Proves: `traveller=N` in --mix sends traveller_queries.jsonl bodies, in file order,
    // to POST /v1/travellers/check, and the report has a traveller row; an absent file
    // redistributes the share instead.
    let server = TestServer::start(ServerOptions::default()).await;
    let dir = query_dir(&[
        ("document_queries.jsonl", DOCS),
        ("traveller_queries.jsonl", TRAVELLERS),
    ]);
    let extra = ["--connections", "4", "--requests", "400", "--seed", "7"];
    let a = args(
        &server.url(),
        &dir,
        &[&extra[..], &["--mix", "doc=1,traveller=3"]].concat(),
    );
    let report = runner::run(plan(&a).unwrap()).await.unwrap();
    assert!(report.passed, "{}", report.to_text());
    let want = expected_counts(7, 400, Mix::parse("doc=1,traveller=3").unwrap());
    let t = report.kinds.iter().find(|k| k.kind == "traveller").unwrap();
    assert_eq!(
        (t.endpoint, t.requests, t.ok),
        ("/v1/travellers/check", want[3], want[3])
    );
    let seen = server.counts();
    assert_eq!(seen.get("/v1/travellers/check"), Some(&want[3]));
    assert_eq!(seen.get("/v1/documents/check"), Some(&want[0]));
    assert_eq!(
        server.content_type("/v1/travellers/check").as_deref(),
        Some("application/json")
    );
    let first = TRAVELLERS.lines().next().unwrap().as_bytes();
    let n = server.bodies().get(first).copied().unwrap_or(0);
    assert!(n.abs_diff(want[3] / 2) <= 1, "{n} of {}", want[3]);
    assert!(report.to_text().contains("traveller"));

    let no_file = query_dir(&[("document_queries.jsonl", DOCS)]);
    let a = args(&server.url(), &no_file, &["--mix", "doc=1,traveller=3"]);
    let p = plan(&a).unwrap();
    assert_eq!(p.workload.effective.weights, [1, 0, 0, 0]);
    assert!(p.workload.notes[0].contains("traveller share (75.0%)"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&no_file);
}

/// A test server whose jobs end at the `polls`-th poll.
async fn job_server(polls: u64) -> TestServer {
    TestServer::start(ServerOptions {
        job_polls: polls,
        ..Default::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screening_job_runs_beside_the_load_until_it_ends() {
    // Proves: --screening submits the manifest once (CSV, by its extension), polls the
    // job on its own connection until it ends, keeps the load going until then, and
    // reports the job's travellers, status, both rates and the overlap.
    let polls = 4;
    let server = job_server(polls).await;
    let dir = query_dir(&[
        ("person_queries.jsonl", PERSONS),
        ("document_queries.jsonl", DOCS),
        ("manifest.csv", MANIFEST_CSV),
    ]);
    let file = dir.join("manifest.csv").display().to_string();
    let a = args(
        &server.url(),
        &dir,
        &["--connections", "2", "--screening", &file],
    );
    let plan = plan(&a).unwrap();
    assert_eq!(plan.limit, Limit::UntilJobDone(MAX_REQUESTS));
    let report = runner::run(plan).await.unwrap();
    let job = report.screening.clone().expect("screening section");
    assert_eq!(job.job_id.as_deref(), Some("job-1"));
    assert_eq!((job.status.as_str(), job.finished), ("succeeded", true));
    assert_eq!(job.travellers, Some(5));
    assert_eq!(job.server_took_ms, Some(testserver::JOB_TOOK_MS));
    assert_eq!(job.server_travellers_per_sec, Some(20.0));
    assert_eq!(job.polls, polls);
    assert!(job.passed && report.passed, "{}", report.to_text());
    // The load stopped when the job ended: the whole window overlapped it.
    let wall = job.wall_secs.unwrap();
    assert!(wall >= 0.2 * polls as f64 - 0.05, "{wall}");
    assert!(
        report.total_time_secs <= wall + 0.5,
        "{}",
        report.total_time_secs
    );
    assert!(job.measured_overlap_percent.unwrap() > 90.0, "{job:?}");
    assert!(report.requests > 0);
    // The job's requests went to the server but not into the load statistics.
    let seen = server.counts();
    assert_eq!(seen.get("/v1/screenings?format=csv"), Some(&1));
    assert_eq!(seen.get("/v1/screenings/job-1?limit=1"), Some(&polls));
    assert_eq!(
        server.content_type("/v1/screenings").as_deref(),
        Some("text/csv")
    );
    let searches = seen["/v1/documents/check"] + seen["/v1/persons/search"];
    assert_eq!(searches, report.requests);
    let text = report.to_text();
    assert!(text.contains("job-1  status succeeded"), "{text}");
    assert!(text.contains("travellers 5"), "{text}");
    assert!(report.verdict.starts_with("PASS"), "{}", report.verdict);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["screening"]["status"], "succeeded");
    assert_eq!(json["screening"]["travellers"], 5);
    assert_eq!(json["limit"]["until_job_done"], MAX_REQUESTS);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_runs_beside_the_load_until_it_ends() {
    // Proves: --reload SOURCE posts the reload once, polls the admin job until it ends, keeps
    // the load going until then, and reports lines, records after and the overlap.
    let polls = 3;
    let server = job_server(polls).await;
    let dir = query_dir(&[
        ("person_queries.jsonl", PERSONS),
        ("document_queries.jsonl", DOCS),
    ]);
    let a = args(
        &server.url(),
        &dir,
        &["--connections", "2", "--reload", "INTERPOL"],
    );
    let p = plan(&a).unwrap();
    assert_eq!(p.limit, Limit::UntilJobDone(MAX_REQUESTS));
    let report = runner::run(p).await.unwrap();
    assert!(report.screening.is_none());
    let job = report.reload.clone().expect("reload section");
    assert_eq!((job.status.as_str(), job.finished), ("succeeded", true));
    assert_eq!(job.lines, Some(testserver::RELOAD_LINES));
    assert_eq!(job.records_after, Some(testserver::RELOAD_LINES));
    assert_eq!(job.polls, polls);
    assert!(job.passed && report.passed, "{}", report.to_text());
    assert!(job.measured_overlap_percent.unwrap() > 90.0, "{job:?}");
    let seen = server.counts();
    assert_eq!(seen.get("/v1/admin/feeds/INTERPOL/reload"), Some(&1));
    assert_eq!(seen.get("/v1/admin/jobs/job-1"), Some(&polls));
    let searches = seen["/v1/documents/check"] + seen["/v1/persons/search"];
    assert_eq!(searches, report.requests);
    let text = report.to_text();
    assert!(text.contains("reload       INTERPOL"), "{text}");
    assert!(
        report
            .verdict
            .contains("reload job job-1: 1000 lines succeeded"),
        "{}",
        report.verdict
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["reload"]["records_after"], 1000);
    // a bad source code is a usage error before anything is sent
    let bad = args(&server.url(), &dir, &["--reload", "../x"]);
    let err = format!("{:#}", plan(&bad).unwrap_err());
    assert!(err.contains("--reload"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn failed_job_fails_the_run_and_screening_only_reports_the_job_alone() {
    // Proves: a job that ends `failed` gives exit code 1 and a report naming the status
    // and the server's reason, though every search succeeded; --screening-only sends no
    // search at all, needs no --queries, and passes (exit 0) on a job that succeeds.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let failing = rt.block_on(TestServer::start(ServerOptions {
        job_polls: 2,
        job_status: "failed",
        ..Default::default()
    }));
    let dir = query_dir(&[
        ("document_queries.jsonl", DOCS),
        ("manifest.txt", MANIFEST_CSV),
    ]);
    let file = dir.join("manifest.txt").display().to_string();
    let a = args(
        &failing.url(),
        &dir,
        &[
            "--connections",
            "2",
            "--mix",
            "doc=1",
            "--screening",
            &file,
            "--screening-format",
            "csv",
        ],
    );
    let out = execute(a).unwrap();
    assert!(!out.passed);
    assert!(
        out.output
            .contains("status failed (the batch pool broke down)"),
        "{}",
        out.output
    );
    let verdict = out.output.lines().last().unwrap();
    assert!(
        verdict.starts_with("FAIL: screening job job-1 ended failed"),
        "{verdict}"
    );
    assert!(verdict.contains("load PASS"), "{verdict}");
    assert_eq!(finish(Ok(out)), 1);
    assert_eq!(failing.counts().get("/v1/screenings?format=csv"), Some(&1));

    let ok = rt.block_on(TestServer::start(ServerOptions {
        job_polls: 2,
        ..Default::default()
    }));
    let a = Args::try_parse_from([
        "frontline-loadtest",
        "--target",
        &ok.url(),
        "--screening",
        &file,
        "--screening-format",
        "csv",
        "--screening-only",
        "--json",
    ])
    .unwrap();
    let out = execute(a).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out.output).unwrap();
    assert_eq!(json["screening"]["status"], "succeeded");
    assert_eq!(json["screening"]["travellers"], 5);
    assert_eq!(
        json["screening"]["measured_overlap_percent"],
        serde_json::Value::Null
    );
    assert_eq!(json["passed"], true);
    assert_eq!(finish(Ok(out)), 0);
    let seen = ok.counts();
    assert_eq!(
        seen.keys()
            .filter(|p| p.starts_with("/v1/screenings"))
            .count(),
        2
    );
    assert_eq!(
        seen.values().sum::<u64>(),
        1 + 1 + 2,
        "readyz, submit, 2 polls: {seen:?}"
    );
    drop((failing, ok));
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
    // Screening flags: --screening-only and --screening-format need --screening, the
    // only-mode takes no load flags, and only it may leave out --queries.
    for v in [
        &["x", "--queries", "d", "--screening-only"][..],
        &["x", "--queries", "d", "--screening-format", "csv"],
        &[
            "x",
            "--screening",
            "m.csv",
            "--screening-only",
            "--requests",
            "5",
        ],
        &["x", "--screening", "m.csv"],
    ] {
        assert_eq!(Args::try_parse_from(v).unwrap_err().exit_code(), 2, "{v:?}");
    }
    assert!(Args::try_parse_from(["x", "--screening", "m.csv", "--screening-only"]).is_ok());
    let manifest = dir.join("manifest");
    std::fs::write(&manifest, MANIFEST_CSV).unwrap();
    let m = manifest.display().to_string();
    let err = format!(
        "{:#}",
        plan(&args("http://localhost:8080", &dir, &["--screening", &m])).unwrap_err()
    );
    assert!(err.contains("--screening-format"), "{err}");
    let p = plan(&args(
        "http://localhost:8080",
        &dir,
        &[
            "--screening",
            &m,
            "--screening-format",
            "CSV",
            "--requests",
            "9",
        ],
    ))
    .unwrap();
    assert_eq!(p.limit, Limit::UntilJobDone(9));
    assert!(plan(&args(
        "http://localhost:8080",
        &dir,
        &["--screening", &m, "--screening-format", "xml"]
    ))
    .is_err());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn a_key_file_becomes_the_authorization_header() {
    let dir = query_dir(&[
        ("person_queries.jsonl", PERSONS),
        ("document_queries.jsonl", DOCS),
    ]);
    let (_, key) = frontline::auth::key::generate().unwrap();
    let file = dir.join("local-admin.key");
    std::fs::write(&file, format!("{key}\n")).unwrap();
    let a = args(
        "http://127.0.0.1:9",
        &dir,
        &["--key-file", file.to_str().unwrap()],
    );
    let h = super::headers(&a).unwrap();
    assert_eq!(
        h,
        vec![("Authorization".to_string(), format!("Bearer {key}"))]
    );
    std::fs::write(&file, "not a key").unwrap();
    let err = format!("{:#}", super::headers(&a).unwrap_err());
    assert!(err.contains("not an API key"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
