//! Ingest through the `frontline ingest` command while the service answers. Properties:
//! - a feed with bad lines is rejected whole, its bad lines listed by number and reason, and
//!   the index keeps the same counts and the same hits;
//! - a delta feed deletes and upserts, and the running service sees it;
//! - a full feed replaces exactly its own source;
//! - killing an ingest midway leaves the previous index readable and complete.

use crate::util::{cli, data_dir_with, eventually, fixture, ids, ingest_ok, Server};
use serde_json::json;
use std::io::Write;
use std::time::Duration;

#[test]
fn rejected_feed_changes_nothing_and_names_each_bad_line() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    let q = json!({"name": "Mohammed Al-Hassan"});
    let before_counts = s.get("/readyz").1;
    let before_hits = s.post("/v1/persons/search", &q).1;

    let out = cli(
        dir.path(),
        &["ingest", fixture("bad_feed.jsonl").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "line 2: 'date_of_birth'",
        "line 3: invalid JSON",
        "line 4: unknown kind",
        "line 5: source 'EUROPOL' differs",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    assert!(
        err.contains("4 invalid entries; nothing was applied"),
        "{err}"
    );

    std::thread::sleep(Duration::from_millis(700)); // longer than the reader's reload delay
    assert_eq!(s.get("/readyz").1, before_counts);
    let after_hits = s.post("/v1/persons/search", &q).1;
    assert_eq!(ids(&after_hits), ids(&before_hits));
    assert_eq!(
        after_hits["hits"][0]["score"],
        before_hits["hits"][0]["score"]
    );
}

#[test]
fn delta_feed_deletes_and_upserts_while_serving() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    let ivan = json!({"name": "Ivan Petrovich Sidorov"});
    assert_eq!(ids(&s.post("/v1/persons/search", &ivan).1)[0], "P3");
    assert_eq!(s.get("/v1/records/INTERPOL/P3").0, 200);

    let out = ingest_ok(
        dir.path(),
        &[
            "--mode",
            "delta",
            fixture("delta_delete.jsonl").to_str().unwrap(),
        ],
    );
    assert!(
        out.contains("1 upserts, 1 deletes; records 15 -> 15"),
        "{out}"
    );

    assert!(eventually(
        || !ids(&s.post("/v1/persons/search", &ivan).1).contains(&"P3".to_string())
    ));
    assert_eq!(s.get("/v1/records/INTERPOL/P3").0, 404);
    let greek = s
        .post(
            "/v1/persons/search",
            &json!({"name": "Γιώργος Παπαδόπουλος"}),
        )
        .1;
    assert_eq!(ids(&greek)[0], "P13");
    assert_eq!(
        s.get("/readyz").1["records"]["EUROPOL"],
        json!({"person": 3, "document": 1})
    );
}

#[test]
fn full_feed_replaces_only_its_source() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    let small = dir.path().join("interpol_v2.jsonl");
    std::fs::write(
        &small,
        r#"{"kind":"person","source":"INTERPOL","id":"N1","names":["Karim Benali"],"date_of_birth":"1990-01-01"}
"#,
    )
    .unwrap();
    // 1 record for 15: a truncated feed would wipe the source, so it is held back unforced
    let out = cli(dir.path(), &["ingest", small.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it would leave 1 of its 15 records"), "{err}");
    ingest_ok(dir.path(), &["--force", small.to_str().unwrap()]);
    assert!(eventually(
        || s.get("/readyz").1["records"]["INTERPOL"] == json!({"person": 1, "document": 0})
    ));
    assert_eq!(
        s.get("/readyz").1["records"]["EUROPOL"],
        json!({"person": 3, "document": 1})
    );
    assert_eq!(
        ids(&s
            .post("/v1/persons/search", &json!({"name": "Karim Ben Ali"}))
            .1)[0],
        "N1"
    );
}

#[test]
fn killed_ingest_leaves_previous_index_intact() {
    let dir = data_dir_with(&[]);
    ingest_ok(
        dir.path(),
        &[
            fixture("INTERPOL.jsonl").to_str().unwrap(),
            fixture("EUROPOL.jsonl").to_str().unwrap(),
        ],
    );

    // a large full replacement of INTERPOL, killed while it runs
    let big = dir.path().join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    for i in 0..300_000 {
        writeln!(
            f,
            r#"{{"kind":"person","source":"INTERPOL","id":"B{i}","names":["Person{i} Family{}","Alias{} Other{i}"],"date_of_birth":"1970-01-01"}}"#,
            i % 977,
            i % 131
        )
        .unwrap();
    }
    drop(f);
    for delay_ms in [300u64, 1500] {
        let mut child = std::process::Command::new(crate::util::BIN)
            .arg("--data-dir")
            .arg(dir.path())
            .args(["ingest", big.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            !finished,
            "the ingest finished before it could be killed; grow the feed"
        );

        let out = cli(dir.path(), &["search", "Mohammed Al-Hassan", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let res: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(res["hits"][0]["id"], "P1");
    }
    // the index is complete and writable after the kills
    let s = Server::start(dir.path());
    let counts = s.get("/readyz").1;
    assert_eq!(
        counts["records"]["INTERPOL"],
        json!({"person": 12, "document": 3})
    );
    assert_eq!(
        counts["records"]["EUROPOL"],
        json!({"person": 3, "document": 1})
    );
    drop(s);
    ingest_ok(
        dir.path(),
        &[
            "--mode",
            "delta",
            fixture("delta_delete.jsonl").to_str().unwrap(),
        ],
    );
}

#[test]
fn ingest_leaves_no_unused_index_files() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    for _ in 0..2 {
        for feed in ["INTERPOL.jsonl", "EUROPOL.jsonl"] {
            ingest_ok(dir.path(), &[fixture(feed).to_str().unwrap()]);
        }
    }
    let index = dir.path().join("index");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    for entry in std::fs::read_dir(&index).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "meta.json" {
            continue;
        }
        assert!(
            live.iter().any(|id| name.starts_with(id.as_str())),
            "{name} belongs to no live segment ({live:?})"
        );
    }
    for id in &live {
        assert!(
            index.join(format!("{id}.pfacts")).exists(),
            "segment {id} has no person facts file"
        );
    }
}
