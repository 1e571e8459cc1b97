//! The audit trail as an organization uses it: every `/v1` request on disk before its answer,
//! hash-chained and sealed, checked with `frontline audit verify`, searched with
//! `frontline audit search`, failing closed when it cannot be written, intact after a kill -9.

use crate::util::{cli, data_dir_with, Server};
use serde_json::{json, Value};
use std::path::Path;

/// Every request line of the log, by request id.
fn requests(data_dir: &Path) -> std::collections::HashMap<String, Value> {
    let mut out = std::collections::HashMap::new();
    for f in frontline::audit::verify::log_files(&data_dir.join("audit")).unwrap() {
        let text = std::fs::read_to_string(&f).unwrap();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            if v["kind"] == "request" {
                out.insert(v["request_id"].as_str().unwrap().to_string(), v);
            }
        }
    }
    out
}

fn verify(data_dir: &Path) -> (bool, String) {
    let out = cli(data_dir, &["audit", "verify"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

#[test]
fn every_request_is_on_disk_before_its_answer_and_names_who_asked_what_and_what_was_shown() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]);
    let d = dir.path();
    let server = Server::start(d);
    let agency_key = server.key_of("FRA-NCB");
    let key_id = agency_key.split('_').nth(1).unwrap().to_string();
    // a name that tries to forge a line and to drive the terminal of whoever reads the log
    let forged = "Ali\n{\"seq\":1,\"kind\":\"seal\"}\r\u{1b}[2J\u{7f}\u{202e}";
    let (status, headers, body) = server
        .try_request_full(
            "POST",
            "/v1/persons/search",
            json!({ "name": "Mohamed Alhasan" }).to_string().as_bytes(),
            &[("X-Agency", "FRA-NCB")],
        )
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let search_id = header(&headers, "x-request-id").to_string();
    let shown = crate::util::hit_ids(&body, "hits");
    assert!(!shown.is_empty(), "{body}");
    // the line is on disk already, while the server runs
    let lines = requests(d);
    let line = &lines[&search_id];
    assert_eq!(line["agency"], "FRA-NCB");
    assert_eq!(line["key_id"], key_id.as_str());
    assert_eq!(line["role"], "officer");
    assert_eq!(line["path"], "/v1/persons/search");
    assert_eq!(line["status"], 200);
    assert_eq!(line["outcome"], "ok");
    assert_eq!(line["query"]["name"], "Mohamed Alhasan");
    assert_eq!(line["records"], json!(shown));
    assert!(line["alert"].is_boolean() && line["latency_ms"].as_f64().unwrap() > 0.0);

    let (_, h, _) = server
        .try_request_full(
            "POST",
            "/v1/persons/search",
            json!({ "name": forged }).to_string().as_bytes(),
            &[],
        )
        .unwrap();
    let forged_id = header(&h, "x-request-id").to_string();
    let (status, h, _) = server
        .try_request_full("GET", "/v1/records/INTERPOL/nope", b"", &[])
        .unwrap();
    assert_eq!(status, 404);
    let missing_id = header(&h, "x-request-id").to_string();
    let made_up = format!("Bearer fl_0123456789abcdef_{}", "0".repeat(64));
    let (status, h, _) = server
        .try_request_full(
            "GET",
            "/v1/admin/feeds",
            b"",
            &[("Authorization", &made_up)],
        )
        .unwrap();
    assert_eq!(status, 401);
    let refused_id = header(&h, "x-request-id").to_string();

    let lines = requests(d);
    assert_eq!(
        lines[&forged_id]["query"]["name"], forged,
        "kept exactly, escaped"
    );
    assert_eq!(lines[&missing_id]["outcome"], "rejected");
    assert_eq!(
        lines[&missing_id]["records"],
        Value::Null,
        "nothing was shown"
    );
    assert_eq!(lines[&refused_id]["outcome"], "denied");
    assert_eq!(
        lines[&refused_id]["key_id"], "0123456789abcdef",
        "the id it claimed"
    );
    assert_eq!(lines[&refused_id]["agency"], Value::Null);
    // no raw control character anywhere, one JSON object per line
    for f in frontline::audit::verify::log_files(&d.join("audit")).unwrap() {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "raw control character"
        );
        assert!(!text.contains('\u{202e}'));
    }
    let (ok, text) = verify(d);
    assert!(ok, "{text}");

    // who looked at my record
    let record = &shown[0];
    let search = |args: &[&str]| -> Vec<Value> {
        let out = cli(d, &[&["audit", "search"], args].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let found = search(&["--record", record]);
    assert!(
        found.iter().any(|l| l["request_id"] == search_id.as_str()),
        "{found:?}"
    );
    assert!(found
        .iter()
        .all(|l| l["records"].as_array().unwrap().contains(&json!(record))));
    let found = search(&["--record", record, "--agency", "FRA-NCB"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["request_id"], search_id.as_str());
    let out = cli(
        d,
        &[
            "audit",
            "search",
            "--agency",
            "FRA-NCB",
            "--since",
            "2000-01-01",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let out = cli(
        d,
        &["audit", "search", "--key", &key_id, "--until", "2000-01-01"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 0);
    let out = cli(d, &["audit", "search", "--since", "yesterday"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid time"));

    // a restart goes on with the same chain
    drop(server);
    let server = Server::start(d);
    let (status, _) = server.get("/v1/records/INTERPOL/nope");
    assert_eq!(status, 404);
    drop(server);
    let (ok, text) = verify(d);
    assert!(ok, "{text}");
    let starts = frontline::audit::verify::log_files(&d.join("audit"))
        .unwrap()
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .matches("\"kind\":\"start\"")
                .count()
        })
        .sum::<usize>();
    assert!(starts >= 2, "each start is recorded");

    // tampering with the served log: each caught, naming the line
    let files = frontline::audit::verify::log_files(&d.join("audit")).unwrap();
    let file = &files[0];
    let original = std::fs::read_to_string(file).unwrap();
    let edited = original.replacen("FRA-NCB", "DEU-NCB", 1);
    std::fs::write(file, &edited).unwrap();
    let (ok, text) = verify(d);
    assert!(
        !ok && text.contains("line ") && text.contains("does not chain"),
        "{text}"
    );
    let mut lines: Vec<&str> = original.lines().collect();
    lines.truncate(lines.len() - 3);
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
    let (ok, text) = verify(d);
    assert!(!ok, "{text}");
    // and a server refuses to go on writing a cut log
    let out = std::process::Command::new(crate::util::BIN)
        .arg("--data-dir")
        .arg(d)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the audit log is damaged"), "{err}");
}

#[test]
fn requests_fail_closed_when_the_audit_log_cannot_be_written_and_go_on_once_it_can() {
    for fail_open in [false, true] {
        let dir = data_dir_with(&["INTERPOL.jsonl"]);
        let d = dir.path();
        let mut args = vec!["--audit-rotate-bytes", "1"];
        if fail_open {
            args.push("--audit-fail-open");
        }
        let server = Server::start_with(d, &args);
        let search = || server.post("/v1/persons/search", &json!({ "name": "Mohamed Alhasan" }));
        assert_eq!(search().0, 200);
        // every commit starts a new file (rotate after 1 byte): make that impossible
        let aside = d.join("audit-aside");
        std::fs::rename(d.join("audit"), &aside).unwrap();
        std::fs::write(d.join("audit"), b"not a folder").unwrap();
        let (status, body) = search();
        if fail_open {
            assert_eq!(status, 200, "{body}");
        } else {
            assert_eq!(status, 503, "{body}");
            assert_eq!(body["error"]["code"], "audit_unavailable");
        }
        assert_eq!(server.get("/healthz").0, 200, "not audited, still answered");
        std::fs::remove_file(d.join("audit")).unwrap();
        std::fs::rename(&aside, d.join("audit")).unwrap();
        assert_eq!(search().0, 200, "the writer recovers");
        drop(server);
        let (ok, text) = verify(d);
        assert!(ok, "{text}");
    }
}

#[test]
fn a_kill_9_under_load_loses_no_answered_request_and_leaves_a_log_that_verifies() {
    let dir = data_dir_with(&["INTERPOL.jsonl"]);
    let d = dir.path();
    let server = Server::start(d);
    let answered = std::sync::Mutex::new(Vec::new());
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let body = json!({ "name": "Mohamed Alhasan" }).to_string();
                    match server.try_request_full(
                        "POST",
                        "/v1/persons/search",
                        body.as_bytes(),
                        &[],
                    ) {
                        Ok((200, h, _)) => answered
                            .lock()
                            .unwrap()
                            .push(header(&h, "x-request-id").to_string()),
                        _ => break,
                    }
                }
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(700));
        // SIGKILL while requests are in flight
        unsafe { libc::kill(server.child.id() as i32, libc::SIGKILL) };
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    drop(server);
    let answered = answered.into_inner().unwrap();
    assert!(answered.len() > 20, "{} answered", answered.len());
    let logged = requests(d);
    for id in &answered {
        assert!(
            logged.contains_key(id),
            "request {id} was answered but is not in the log"
        );
    }
    // the next start recovers whatever the kill cut, and the log verifies
    let server = Server::start(d);
    assert_eq!(server.get("/v1/records/INTERPOL/nope").0, 404);
    drop(server);
    let (ok, text) = verify(d);
    assert!(ok, "{text}");
}
