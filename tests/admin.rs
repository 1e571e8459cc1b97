//! Feed administration as an administrator sees it: uploads and reloads over the API while
//! officers search, jobs and feed status that survive restarts and kills, the CLI.

use crate::util::{cli, data_dir_with, ids, strings_of, Server};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

fn wait_job(s: &Server, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, job) = s.get(&format!("/v1/admin/jobs/{id}"));
        assert_eq!(status, 200, "{job}");
        if !matches!(job["status"].as_str(), Some("queued" | "running")) {
            return job;
        }
        assert!(
            Instant::now() < deadline,
            "job {id} still {}",
            job["status"]
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn upload(s: &Server, source: &str, query: &str, body: &[u8]) -> (u16, Value) {
    s.request_bytes(
        "POST",
        &format!("/v1/admin/feeds/{source}/ingest{query}"),
        body,
        &[("Content-Type", "application/x-ndjson")],
    )
}

fn person(source: &str, id: &str, name: &str) -> String {
    format!(r#"{{"kind":"person","source":"{source}","id":"{id}","names":["{name}"]}}"#)
}

/// A feed of `n` filler persons of `source` plus the marker person M1 "Zarathustra Quenby".
fn big_feed(source: &str, n: usize, salt: &str) -> Vec<u8> {
    let mut out = Vec::new();
    writeln!(out, "{}", person(source, "M1", "Zarathustra Quenby")).unwrap();
    for i in 0..n {
        writeln!(
            out,
            r#"{{"kind":"person","source":"{source}","id":"F{i}","names":["Filler{salt}{i} Family{}"],"date_of_birth":"1970-01-01"}}"#,
            i % 977
        )
        .unwrap();
    }
    out
}

fn records(s: &Server, source: &str) -> Value {
    s.get("/readyz").1["records"][source].clone()
}

#[test]
fn an_uploaded_feed_is_validated_listed_line_by_line_and_lands_whole() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    let before = records(&s, "EUROPOL");
    assert_eq!(before, json!({"person": 3, "document": 1}));

    // every kind of bad line, each named; nothing changes
    let bad = [
        person("EUROPOL", "E1", "Mohamed Ali"),
        r#"{"kind":"person","source":"EUROPOL","id":"E9","names":["Hidden Person"],"sharng":["ECO"]}"#.into(),
        r#"{"kind":"person","source":"EUROPOL","id":"E8","names":["A B"],"date_of_brith":"1970-01-01"}"#.into(),
        r#"{"kind":"person","source":"EUROPOL","id":"E1","op":"delete"}"#.into(),
        person("INTERPOL", "X1", "Other Source"),
        "{not json".into(),
    ]
    .join("\n");
    let (status, job) = upload(&s, "EUROPOL", "", format!("\u{feff}{bad}\n").as_bytes());
    assert_eq!(status, 202, "{job}");
    assert_eq!(job["kind"], "ingest");
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "rejected", "{job}");
    let errors = job["summary"]["errors"].as_array().unwrap();
    let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6], "{errors:?}");
    let reason = |i: usize| errors[i]["reason"].as_str().unwrap().to_string();
    assert!(
        reason(0).contains("unknown field `sharng`"),
        "{}",
        reason(0)
    );
    assert!(
        reason(1).contains("unknown field `date_of_brith`"),
        "{}",
        reason(1)
    );
    assert!(
        reason(2).contains("already given on line 1"),
        "{}",
        reason(2)
    );
    assert!(reason(3).contains("not 'EUROPOL'"), "{}", reason(3));
    assert!(reason(4).contains("invalid JSON"), "{}", reason(4));
    assert_eq!(job["progress"]["counters"]["rejected"], 5);
    assert_eq!(records(&s, "EUROPOL"), before);
    let (_, hits) = s.post("/v1/persons/search", &json!({"name": "Hidden Person"}));
    assert!(ids(&hits).is_empty(), "{hits}");

    // not UTF-8: refused as it arrives, before any job
    let (status, err) = upload(&s, "EUROPOL", "", b"{\"a\":1}\n\xff\xfe\n");
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["errors"][0]["line"], 2);

    // a truncated full feed would wipe the source: held back unless forced
    let one = person("EUROPOL", "E1", "Mohamed Ali");
    let (_, job) = upload(&s, "EUROPOL", "?mode=full", one.as_bytes());
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "rejected");
    assert!(
        job["error"]
            .as_str()
            .unwrap()
            .contains("leave 1 of its 4 records"),
        "{job}"
    );
    assert_eq!(records(&s, "EUROPOL"), before);
    let (_, job) = upload(&s, "EUROPOL", "?mode=full&force=true", one.as_bytes());
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["summary"]["records_before"], 4);
    assert_eq!(job["summary"]["records_after"], 1);
    assert_eq!(
        job["summary"]["records"],
        json!({"person": 1, "document": 0})
    );
    assert_eq!(job["progress"]["counters"]["accepted"], 1);
    assert_eq!(records(&s, "EUROPOL"), json!({"person": 1, "document": 0}));

    // a delta adds to it
    let (_, job) = upload(
        &s,
        "EUROPOL",
        "?mode=delta",
        person("EUROPOL", "E7", "Karla Nowak").as_bytes(),
    );
    assert_eq!(
        wait_job(&s, job["id"].as_str().unwrap())["status"],
        "succeeded"
    );
    assert_eq!(records(&s, "EUROPOL")["person"], 2);

    // the feed status tells the story; jobs are listed newest first
    let (status, feeds) = s.get("/v1/admin/feeds");
    assert_eq!(status, 200);
    let europol = feeds["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == "EUROPOL")
        .unwrap()
        .clone();
    assert_eq!(europol["records"], json!({"person": 2, "document": 0}));
    assert_eq!(europol["last_success"]["mode"], "delta");
    assert_eq!(
        europol["last_success"]["checksum"].as_str().unwrap().len(),
        64
    );
    assert_eq!(europol["last_failure"]["status"], "rejected");
    assert_eq!(europol["configured"]["format"], "jsonl");
    let (_, jobs) = s.get("/v1/admin/jobs");
    assert_eq!(jobs["jobs"].as_array().unwrap().len(), 4 + 2, "{jobs}");
    assert_eq!(jobs["jobs"][0]["params"]["mode"], "delta");

    // bad requests are 4xx JSON
    for (path, code) in [
        ("/v1/admin/feeds/EUROPOL/ingest?format=csv", 400),
        ("/v1/admin/feeds/EUROPOL/ingest?mod=full", 400),
        ("/v1/admin/feeds/bad%20code/ingest", 400),
        ("/v1/admin/feeds/OFAC/ingest?format=ofac-sdn", 415),
    ] {
        let (status, err) = s.request_bytes("POST", path, b"{}", &[]);
        assert_eq!(status, code, "{path}: {err}");
        assert!(err["error"]["message"].is_string(), "{path}: {err}");
    }
    assert_eq!(s.get("/v1/admin/jobs/ing_nope").0, 404);
    assert_eq!(s.post("/v1/admin/feeds/NOPE/reload", &json!({})).0, 400);
}

#[test]
fn a_full_reingest_swaps_in_one_step_while_officers_search() {
    let dir = data_dir_with(&["INTERPOL.jsonl"]);
    let feeds = dir.path().join("feeds");
    std::fs::write(feeds.join("BIG.jsonl"), big_feed("BIG", 20_000, "A")).unwrap();
    let s = std::sync::Arc::new(Server::start(dir.path()));
    assert_eq!(records(&s, "BIG")["person"], 20_001);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hammer: Vec<_> = (0..3)
        .map(|_| {
            let (s, stop) = (s.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let (status, hits) =
                        s.post("/v1/persons/search", &json!({"name": "Zarathustra Quenby"}));
                    assert_eq!(status, 200, "{hits}");
                    assert_eq!(ids(&hits).first().map(String::as_str), Some("M1"), "{hits}");
                    let (status, ready) = s.get("/readyz");
                    assert_eq!(status, 200, "{ready}");
                    let big = ready["records"]["BIG"]["person"].as_u64().unwrap();
                    assert!(
                        big == 20_001 || big == 25_001,
                        "a mixed or empty source: {big}"
                    );
                    n += 1;
                }
                n
            })
        })
        .collect();
    for (i, (n, salt)) in [(25_000, "B"), (20_000, "A"), (25_000, "C")]
        .iter()
        .enumerate()
    {
        let (status, job) = upload(&s, "BIG", "", &big_feed("BIG", *n, salt));
        assert_eq!(status, 202, "{job}");
        // a second ingest of the same source while the first is pending: 409 naming it
        if i == 0 {
            let (status, err) = upload(&s, "BIG", "", &big_feed("BIG", 10, "D"));
            assert_eq!(status, 409, "{err}");
            assert_eq!(err["error"]["job_id"], job["id"]);
            assert_eq!(err["error"]["code"], "ingest_running");
        }
        let job = wait_job(&s, job["id"].as_str().unwrap());
        assert_eq!(job["status"], "succeeded", "{job}");
        assert_eq!(job["summary"]["records_after"], *n as u64 + 1);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let checks: usize = hammer.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(checks > 30, "only {checks} searches ran during the swaps");
    assert_eq!(records(&s, "BIG")["person"], 25_001);
    assert_eq!(records(&s, "INTERPOL")["person"], 12);
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

#[test]
fn a_kill_at_any_point_of_an_ingest_job_leaves_the_last_commit_and_says_interrupted() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let feed = big_feed("INTERPOL", 150_000, "K");
    let mut clean_size = 0;
    // after the upload was accepted; once lines are being applied; late in the job
    for lines_seen in [0u64, 20_000, 120_000] {
        let s = Server::start(dir.path());
        if clean_size == 0 {
            clean_size = dir_size(&dir.path().join("index"));
        }
        let (status, job) = upload(&s, "INTERPOL", "", &feed);
        assert_eq!(status, 202, "{job}");
        let id = job["id"].as_str().unwrap().to_string();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let j = s.get(&format!("/v1/admin/jobs/{id}")).1;
            assert!(
                matches!(j["status"].as_str(), Some("queued" | "running")),
                "finished before the kill at {lines_seen}: {j}"
            );
            if j["progress"]["done"].as_u64().unwrap_or(0) >= lines_seen {
                break;
            }
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(s); // SIGKILL
        let s = Server::start(dir.path());
        assert_eq!(
            records(&s, "INTERPOL"),
            json!({"person": 12, "document": 3})
        );
        assert_eq!(records(&s, "EUROPOL"), json!({"person": 3, "document": 1}));
        let (_, hits) = s.post("/v1/persons/search", &json!({"name": "Mohammed Al-Hassan"}));
        assert_eq!(ids(&hits)[0], "P1");
        let job = s.get(&format!("/v1/admin/jobs/{id}")).1;
        assert_eq!(job["status"], "interrupted", "{job}");
        let feeds = s.get("/v1/admin/feeds").1;
        let interpol = feeds["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["source"] == "INTERPOL")
            .unwrap()
            .clone();
        assert_eq!(
            interpol["last_failure"]["status"], "interrupted",
            "{interpol}"
        );
        assert_eq!(interpol["last_failure"]["job_id"], id.as_str());
        // what the killed ingest wrote is gone, and so is the upload
        let size = dir_size(&dir.path().join("index"));
        assert!(
            size < clean_size * 3 / 2,
            "{size} vs {clean_size} after a kill at {lines_seen}"
        );
        assert!(
            !dir.path().join("uploads").exists()
                || std::fs::read_dir(dir.path().join("uploads"))
                    .unwrap()
                    .next()
                    .is_none()
        );
    }
}

#[test]
fn reloads_and_the_cli_work_against_a_server_and_a_data_dir() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    std::fs::write(dir.path().join("feeds/notes.txt"), "not a feed").unwrap();
    // local: status and reload of one source and of all
    let out = cli(dir.path(), &["feeds", "reload", "EUROPOL"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("EUROPOL: succeeded"), "{text}");
    let out = cli(dir.path(), &["feeds", "status"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("EUROPOL"), "{text}");
    assert!(text.contains("problem: notes.txt: not a feed"), "{text}");

    let s = Server::start(dir.path());
    // the local data dir is the server's now: the CLI says so and points at --server
    let out = cli(dir.path(), &["feeds", "status"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--server"));
    let url = format!("http://{}", s.addr);
    let out = cli(dir.path(), &["feeds", "reload", "--server", &url]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("INTERPOL: succeeded") && text.contains("EUROPOL: succeeded"),
        "{text}"
    );
    let out = cli(dir.path(), &["feeds", "status", "--server", &url, "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = strings_of(&report, "sources", "source");
    assert_eq!(sources, vec!["EUROPOL", "INTERPOL"]);
    // a bad feed in the directory: the reload is rejected and every bad line printed
    let mut bad = std::fs::read_to_string(dir.path().join("feeds/EUROPOL.jsonl")).unwrap();
    for i in 0..120 {
        bad.push_str(&format!("{{\"kind\":\"person\",\"source\":\"EUROPOL\",\"id\":\"Z{i}\",\"names\":[\"Z\"],\"sharng\":[\"ECO\"]}}\n"));
    }
    std::fs::write(dir.path().join("feeds/EUROPOL.jsonl"), bad).unwrap();
    let out = cli(
        dir.path(),
        &["feeds", "reload", "EUROPOL", "--server", &url],
    );
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        text.matches("unknown field `sharng`").count(),
        100,
        "{text}"
    );
    assert!(
        text.contains("... and 20 more (only the first 100 are listed)"),
        "{text}"
    );
    assert_eq!(records(&s, "EUROPOL"), json!({"person": 3, "document": 1}));
}

/// The status of `source` in `GET /v1/admin/feeds`.
fn feed_status(s: &Server, source: &str) -> Value {
    let (status, report) = s.get("/v1/admin/feeds");
    assert_eq!(status, 200, "{report}");
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == source)
        .cloned()
        .unwrap_or_else(|| panic!("no {source} in {report}"))
}

#[test]
fn a_scheduled_refresh_reloads_a_changed_feed_and_records_an_unchanged_one() {
    // Both sources refresh hourly; neither was checked yet, so the server checks both at its
    // first tick: EUROPOL's file changed since its last ingest and is reloaded, INTERPOL's
    // did not and is only recorded as checked.
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    std::fs::write(
        dir.path().join("feeds/sources.toml"),
        "[sources.EUROPOL]\nrefresh = \"1h\"\n\n[sources.INTERPOL]\nrefresh = \"1h\"\n",
    )
    .unwrap();
    let out = cli(dir.path(), &["feeds", "reload"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feed = dir.path().join("feeds/EUROPOL.jsonl");
    let mut text = std::fs::read_to_string(&feed).unwrap();
    text.push_str(&person("EUROPOL", "NEW1", "Quillon Ashdown-Verey"));
    text.push('\n');
    std::fs::write(&feed, text).unwrap();

    let s = Server::start(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    let (europol, interpol) = loop {
        let (e, i) = (feed_status(&s, "EUROPOL"), feed_status(&s, "INTERPOL"));
        let reloaded = e["records"]["person"] == 4 && e["running_job"].is_null();
        if reloaded && !i["last_check"].is_null() {
            break (e, i);
        }
        assert!(Instant::now() < deadline, "no refresh in 60 s: {e} {i}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(interpol["last_check"]["outcome"], "unchanged", "{interpol}");
    let outcome = europol["last_check"]["outcome"].as_str().unwrap();
    let job_id = outcome
        .strip_prefix("changed: reload queued as job ")
        .unwrap_or_else(|| panic!("{outcome}"));
    let job = wait_job(&s, job_id);
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["params"]["origin"], "refresh", "{job}");
    assert_eq!(europol["last_success"]["job_id"], job_id, "{europol}");
    // the next check is one interval after this one, for both
    for f in [&europol, &interpol] {
        let next = f["next_refresh"].as_str().unwrap_or_else(|| panic!("{f}"));
        let at = f["last_check"]["at"].as_str().unwrap();
        assert!(next > at, "{next} after {at}");
    }
    // officers find the new record, and INTERPOL was not re-ingested
    let (_, r) = s.post(
        "/v1/persons/search",
        &json!({"name": "Quillon Ashdown-Verey"}),
    );
    assert_eq!(r["hits"][0]["id"], "NEW1", "{r}");
    let (_, jobs) = s.get("/v1/admin/jobs");
    let interpol_jobs = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["key"] == "INTERPOL")
        .count();
    assert_eq!(interpol_jobs, 1, "only the CLI's reload: {jobs}");
}

#[test]
fn fifty_full_reingests_stay_within_one_and_a_half_fresh_ingests() {
    use frontline::feeds::Mode;
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("BIG.jsonl");
    std::fs::write(&feed, big_feed("BIG", 5_000, "S")).unwrap();
    let fresh = {
        let engine = frontline::search::Engine::open(dir.path().join("fresh")).unwrap();
        engine
            .ingest(std::slice::from_ref(&feed), Mode::Full)
            .unwrap();
        dir_size(engine.dir())
    };
    let engine = frontline::search::Engine::open(dir.path().join("again")).unwrap();
    for i in 0..50 {
        if let Err(e) = engine.ingest(std::slice::from_ref(&feed), Mode::Full) {
            panic!("re-ingest {i}: {e}");
        }
    }
    let again = dir_size(engine.dir());
    assert!(
        (again as f64) <= 1.5 * fresh as f64,
        "50 re-ingests: {again} bytes, one fresh ingest: {fresh}"
    );
}

#[test]
fn real_list_formats_are_ingested_over_the_api_and_the_cli() {
    let dir = data_dir_with(&["INTERPOL.jsonl"]);
    let s = Server::start(dir.path());
    // FollowTheMoney, written here in its published form: a person and its passport
    let ftm = [
        r#"{"id":"NK-abc","schema":"Person","properties":{"name":["Viktor Stepanovich Orlov"],"alias":["Виктор Орлов"],"weakAlias":["The Bear"],"birthDate":["1961-04-02","1962"],"nationality":["ru"],"topics":["sanction"]}}"#,
        r#"{"id":"NK-pass","schema":"Passport","properties":{"holder":["NK-abc"],"number":["7201 445566"],"country":["ru"]}}"#,
        r#"{"id":"NK-org","schema":"Organization","properties":{"name":["Orlov Holdings"]}}"#,
    ]
    .join("\n");
    let (status, job) = upload(&s, "OPENSANCTIONS", "?format=ftm", ftm.as_bytes());
    assert_eq!(status, 202, "{job}");
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(
        job["summary"]["records"],
        json!({"person": 1, "document": 0})
    );
    let (_, hits) = s.post(
        "/v1/persons/search",
        &json!({"name": "Wiktor Orlow", "date_of_birth": "1962"}),
    );
    assert_eq!(
        ids(&hits).first().map(String::as_str),
        Some("NK-abc"),
        "{hits}"
    );
    let (_, record) = s.get("/v1/records/OPENSANCTIONS/NK-abc");
    assert_eq!(
        record["references"][0],
        json!({"scheme": "ftm_id", "value": "NK-abc"})
    );
    let (_, docs) = s.post("/v1/documents/check", &json!({"number": "7201445566"}));
    assert_eq!(docs["hits"][0]["id"], "NK-abc", "{docs}");
    // a real list needs the format: sent as JSON Lines it is rejected line by line
    let (_, job) = upload(&s, "OPENSANCTIONS", "", ftm.as_bytes());
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "rejected");

    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/watchman-testdata");
    if !data.exists() {
        eprintln!("skipping the real lists: {} is absent", data.display());
        return;
    }
    // OFAC SDN over the API as four multipart parts
    let boundary = "frontline-test-boundary";
    let mut body = Vec::new();
    for name in ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"] {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .unwrap();
        body.extend(std::fs::read(data.join(name)).unwrap());
        body.extend(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    let (status, job) = s.request_bytes(
        "POST",
        "/v1/admin/feeds/OFAC/ingest?format=ofac-sdn",
        &body,
        &[(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )],
    );
    assert_eq!(status, 202, "{job}");
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["summary"]["records"]["person"], 3845);
    eprintln!(
        "OFAC SDN ingest over the API: {} ms",
        job["summary"]["took_ms"]
    );
    // the UN list and the Senzing export
    let (_, job) = upload(
        &s,
        "UNSC",
        "?format=un-xml",
        &std::fs::read(data.join("UN_consolidated.xml")).unwrap(),
    );
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "succeeded", "{job}");
    assert_eq!(job["summary"]["records"]["person"], 730);
    let (_, job) = upload(
        &s,
        "USCONGRESS",
        "?format=senzing",
        &std::fs::read(data.join("opensanctions/us_congress_senzing.json")).unwrap(),
    );
    let job = wait_job(&s, job["id"].as_str().unwrap());
    assert_eq!(job["status"], "succeeded", "{job}");
    assert!(job["summary"]["records"]["person"].as_u64().unwrap() > 1300);
    drop(s);
    // the CLI takes the SDN folder
    let out = cli(
        dir.path(),
        &[
            "ingest",
            "--format",
            "ofac-sdn",
            "--source",
            "OFAC2",
            data.join("bench").to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains("source OFAC2") && text.contains("-> 4620"),
        "{text}"
    );
}
