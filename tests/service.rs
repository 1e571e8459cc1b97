//! The REST service end to end. Properties checked:
//! - readiness reports per-source, per-kind counts of the bootstrapped sample feeds;
//! - persons are found through transliteration variants, reordered names, typos, missing
//!   middle names, glued particles and other scripts (Cyrillic query -> Latin record);
//! - stolen documents are found through OCR confusions and formatting noise, and the issuing
//!   country is respected;
//! - sharing rules and expiry hide records; records can be fetched by source and id;
//! - every bad request gets a 4xx JSON error with a code and a message.

use crate::util::{data_dir_with, ids, Server};
use serde_json::json;

fn server() -> (tempfile::TempDir, Server) {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = Server::start(dir.path());
    (dir, s)
}

fn top(s: &Server, body: serde_json::Value) -> (String, serde_json::Value) {
    let (status, resp) = s.post("/v1/persons/search", &body);
    assert_eq!(status, 200, "{resp}");
    let hit = resp["hits"][0].clone();
    (hit["id"].as_str().unwrap_or("none").to_string(), hit)
}

#[test]
fn health_and_readiness_report_counts() {
    let (_d, s) = server();
    assert_eq!(s.get("/healthz"), (200, json!({"status": "ok"})));
    let (status, ready) = s.get("/readyz");
    assert_eq!(status, 200);
    assert_eq!(ready["ready"], true);
    assert_eq!(
        ready["records"]["INTERPOL"],
        json!({"person": 12, "document": 3})
    );
    assert_eq!(
        ready["records"]["EUROPOL"],
        json!({"person": 3, "document": 1})
    );
}

#[test]
fn persons_are_found_through_name_variants() {
    let (_d, s) = server();
    for (query, expected) in [
        ("Muhammad Alhassan", "P1"),      // transliteration + glued particle
        ("Mohamed Al Hasan", "P1"),       // spelling + split particle + typo
        ("محمد الحسن", "P1"),             // original script
        ("Sidorov Ivan Petrovich", "P3"), // reordered
        ("Ivan Sidorvo", "P3"),           // typo (transposition) + missing middle name
        ("Иван Сидоров", "P3"),           // Cyrillic query, Latin-only record
        ("Nikita Khrushchev", "P2"),      // missing middle name
        ("Nikita Chruschtschow", "P2"),   // German transliteration
        ("Evgeny Ivanov", "P11"),
        ("Muammar Gaddafi", "P12"),
        ("Abdulrahman Khalid", "P6"),
        ("Maria Fernanda Garcia Lopez", "P4"),
        ("WANG WEI", "P5"),
    ] {
        let (id, hit) = top(&s, json!({"name": query}));
        assert_eq!(id, expected, "{query}: {hit}");
        assert_eq!(hit["alert"], true, "{query}: {hit}");
        let score = hit["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0);
        assert!(!hit["explanation"]["name"]["pairs"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}

#[test]
fn hits_carry_record_fields_and_explanations() {
    let (_d, s) = server();
    let (id, hit) = top(
        &s,
        json!({"name": "Mohammed Al-Hassan", "date_of_birth": "1975-04-12", "nationality": "SYR", "gender": "M"}),
    );
    assert_eq!(id, "P1");
    assert_eq!(hit["score"], 1.0);
    assert_eq!(hit["source"], "INTERPOL");
    assert_eq!(hit["name"], "Mohammed Al-Hassan");
    assert_eq!(hit["names"][1], "محمد الحسن");
    assert_eq!(hit["date_of_birth"], "1975-04-12");
    assert_eq!(hit["nationality"], json!(["SYR"]));
    assert_eq!(hit["category"], "wanted");
    assert_eq!(hit["action"], "arrest and notify INTERPOL NCB");
    let e = &hit["explanation"];
    assert!(e["date_of_birth"]["effect"].as_f64().unwrap() > 0.0);
    assert!(e["nationality"]["effect"].as_f64().unwrap() > 0.0);
    assert!(e["formula"].as_str().unwrap().contains("name"));

    // a conflicting date of birth lowers the score below the name-only score
    let (_, no_dob) = top(&s, json!({"name": "Mohammed Al-Hassan"}));
    let (_, wrong_dob) = top(
        &s,
        json!({"name": "Mohammed Al-Hassan", "date_of_birth": "1999-01-01"}),
    );
    assert!(wrong_dob["score"].as_f64() < no_dob["score"].as_f64());
    assert!(no_dob["score"].as_f64().unwrap() < 1.0);

    // a shared common first name alone does not alert
    let (status, resp) = s.post("/v1/persons/search", &json!({"name": "Mohammed Yilmaz"}));
    assert_eq!(status, 200);
    assert!(
        resp["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["alert"] == false),
        "{resp}"
    );
    assert!(resp["took_ms"].as_f64().is_some());

    // limit and min_score
    let (_, resp) = s.post(
        "/v1/persons/search",
        &json!({"name": "Mohammed", "limit": 2}),
    );
    assert!(resp["hits"].as_array().unwrap().len() <= 2);
    let (_, resp) = s.post(
        "/v1/persons/search",
        &json!({"name": "Mohammed Khan", "min_score": 0.99}),
    );
    assert!(resp["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["score"].as_f64().unwrap() >= 0.99));
}

#[test]
fn documents_are_checked_with_ocr_tolerance() {
    let (_d, s) = server();
    let (status, resp) = s.post("/v1/documents/check", &json!({"number": "XI234567"}));
    assert_eq!(status, 200);
    assert_eq!(ids(&resp)[0], "D1");
    let hit = &resp["hits"][0];
    assert_eq!(hit["alert"], true);
    assert_eq!(hit["status"], "stolen");
    assert_eq!(hit["explanation"]["number"], "ocr_confusion");
    // formatting noise and OCR confusions B/8, O/0
    let (_, resp) = s.post(
        "/v1/documents/check",
        &json!({"number": "a8-8O1 2345", "issuing_country": "DEU"}),
    );
    assert_eq!(ids(&resp), vec!["D2"]);
    assert_eq!(resp["hits"][0]["holder"]["names"][0], "Hans Mueller");
    // exact
    let (_, resp) = s.post(
        "/v1/documents/check",
        &json!({"number": "K5501234", "issuing_country": "ITA"}),
    );
    assert_eq!(resp["hits"][0]["score"], 1.0);
    // issuing country respected
    let (_, resp) = s.post(
        "/v1/documents/check",
        &json!({"number": "X1234567", "issuing_country": "DEU"}),
    );
    assert!(ids(&resp).is_empty());
    // one character off: found, but alerts only with the same issuing country
    let (_, resp) = s.post("/v1/documents/check", &json!({"number": "X1234568"}));
    assert_eq!(ids(&resp), vec!["D1"]);
    assert_eq!(resp["hits"][0]["alert"], false);
    let (_, resp) = s.post(
        "/v1/documents/check",
        &json!({"number": "X1234568", "issuing_country": "FRA"}),
    );
    assert_eq!(resp["hits"][0]["alert"], true);
    // unrelated number
    let (_, resp) = s.post("/v1/documents/check", &json!({"number": "ZZ9999999"}));
    assert!(ids(&resp).is_empty());
}

#[test]
fn sharing_rules_and_expiry_hide_records() {
    let (_d, s) = server();
    let q = json!({"name": "Olga Smirnova"});
    let (_, anon) = s.post("/v1/persons/search", &q);
    assert!(!ids(&anon).contains(&"P7".to_string()));
    let (_, other) = s.post_as("AFRIPOL", "/v1/persons/search", &q);
    assert!(!ids(&other).contains(&"P7".to_string()));
    let (_, allowed) = s.post_as("EUROPOL", "/v1/persons/search", &q);
    assert_eq!(ids(&allowed)[0], "P7");
    let (_, owner) = s.post_as("INTERPOL", "/v1/persons/search", &q);
    assert_eq!(ids(&owner)[0], "P7");
    assert_eq!(s.get("/v1/records/INTERPOL/P7").0, 404);
    let (status, rec) = s.request(
        "GET",
        "/v1/records/INTERPOL/P7",
        None,
        &[("X-Agency", "FRONTEX")],
    );
    assert_eq!(status, 200);
    assert_eq!(rec["names"][0], "Olga Smirnova");

    let (_, expired) = s.post("/v1/persons/search", &json!({"name": "Johann Expiredmann"}));
    assert!(!ids(&expired).contains(&"P8".to_string()));
}

#[test]
fn records_are_fetched_by_source_and_id() {
    let (_d, s) = server();
    let (status, rec) = s.get("/v1/records/INTERPOL/D2");
    assert_eq!(status, 200);
    assert_eq!(rec["kind"], "document");
    assert_eq!(rec["number"], "AB-801 2345");
    let (status, err) = s.get("/v1/records/INTERPOL/NOPE");
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn bad_requests_get_4xx_json_errors() {
    let (_d, s) = server();
    let long = "a".repeat(300);
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<String>,
        Vec<(&'a str, &'a str)>,
        u16,
    );
    let cases: Vec<Case> = vec![
        (
            "POST",
            "/v1/persons/search",
            Some("{not json".into()),
            vec![],
            400,
        ),
        ("POST", "/v1/persons/search", Some("{}".into()), vec![], 400),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": 5}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "  -- "}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(format!(r#"{{"name": "{long}"}}"#)),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "date_of_birth": "1980-02-30"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "limit": 0}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "limit": 101}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "limit": -3}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "min_score": 1.5}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "nationality": "Russia"}"#.into()),
            vec![],
            400,
        ),
        (
            // 256 characters that NFKC expands eighteenfold: refused after normalisation
            "POST",
            "/v1/persons/search",
            Some(format!(r#"{{"name": "{}"}}"#, "\u{FDFA}".repeat(256))),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "gender": "male"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan", "dob": "1980"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan"}"#.into()),
            vec![("X-Agency", "bad agency!")],
            400,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(r#"{"name": "Ivan"}"#.into()),
            vec![("Content-Type", "text/plain")],
            415,
        ),
        (
            "POST",
            "/v1/persons/search",
            Some(format!(r#"{{"name": "{}"}}"#, "a".repeat(70_000))),
            vec![],
            413,
        ),
        (
            "POST",
            "/v1/documents/check",
            Some(r#"{"number": "--"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/documents/check",
            Some(r#"{"number": "X1", "issuing_country": "fr"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/documents/check",
            Some(r#"{"number": "X1", "document_type": "boat"}"#.into()),
            vec![],
            400,
        ),
        (
            "POST",
            "/v1/documents/check",
            Some(format!(r#"{{"number": "{long}"}}"#)),
            vec![],
            400,
        ),
        ("GET", "/v1/persons/search", None, vec![], 405),
        ("DELETE", "/healthz", None, vec![], 405),
        ("GET", "/v2/nothing", None, vec![], 404),
    ];
    for (method, path, body, headers, expected) in cases {
        let (status, resp) = s.request(method, path, body.as_deref(), &headers);
        assert_eq!(
            status,
            expected,
            "{method} {path} {:?}: {resp}",
            body.as_deref().map(|b| &b[..b.len().min(80)])
        );
        assert!(resp["error"]["code"].is_string(), "{method} {path}: {resp}");
        assert!(
            resp["error"]["message"].is_string(),
            "{method} {path}: {resp}"
        );
    }
    // the service is still healthy after all that
    assert_eq!(s.get("/healthz").0, 200);
}

#[test]
fn serve_bootstraps_the_committed_sample_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds");
    std::fs::create_dir_all(&feeds).unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/feeds");
    let mut persons = 0u64;
    let mut documents = 0u64;
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        persons += text
            .lines()
            .filter(|l| l.contains(r#""kind":"person""#))
            .count() as u64;
        documents += text
            .lines()
            .filter(|l| l.contains(r#""kind":"document""#))
            .count() as u64;
        std::fs::copy(&path, feeds.join(path.file_name().unwrap())).unwrap();
    }
    assert!(persons >= 1000 && documents >= 1000);
    let s = Server::start(dir.path());
    let (_, ready) = s.get("/readyz");
    let records = ready["records"].as_object().unwrap();
    assert_eq!(records.len(), 9, "{ready}");
    let sum = |k: &str| {
        records
            .values()
            .map(|v| v[k].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!((sum("person"), sum("document")), (persons, documents));
}

#[test]
fn low_quality_aliases_and_other_dates_of_birth_are_searched_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("feeds")).unwrap();
    std::fs::write(
        dir.path().join("feeds/UNSC.jsonl"),
        concat!(
            r#"{"kind":"person","source":"UNSC","id":"QDi.401","names":["Tariq Anwar al-Sayyid"],"#,
            r#""low_quality_names":["Abu Dujanna Khorasani"],"date_of_birth":"1961-03-02","#,
            r#""other_dates_of_birth":["1964-07-15"],"#,
            r#""documents":[{"number":"K7712043","issuing_country":"EGY","type":"passport"}]}"#,
            "\n",
            r#"{"kind":"person","source":"UNSC","id":"QDi.402","names":["Karim Benali"]}"#,
            "\n"
        ),
    )
    .unwrap();
    let s = Server::start(dir.path());
    // through the low-quality alias alone: found, named, but it counts for less: no alert
    let (id, hit) = top(&s, json!({"name": "Abu Dujana Khorasani"}));
    assert_eq!(id, "QDi.401", "{hit}");
    assert_eq!(hit["name"], "Abu Dujanna Khorasani");
    assert_eq!(hit["low_quality_name"], true);
    assert_eq!(hit["alert"], false, "{hit}");
    let alone = hit["score"].as_f64().unwrap();
    assert_eq!(hit["explanation"]["low_quality_name"], true);
    assert_eq!(hit["explanation"]["matched_name_index"], 0);
    let formula = hit["explanation"]["formula"].as_str().unwrap();
    assert!(formula.contains("low-quality alias 0.85"), "{formula}");
    // with the other date of birth, exact: it alerts, and the date is the one explained
    let (id, hit) = top(
        &s,
        json!({"name": "Abu Dujanna Khorasani", "date_of_birth": "1964-07-15"}),
    );
    assert_eq!(id, "QDi.401");
    assert_eq!(hit["alert"], true, "{hit}");
    let dob = hit["explanation"]["date_of_birth"]["evidence"]
        .as_str()
        .unwrap();
    assert!(
        dob.starts_with("exact") && dob.contains("1964-07-15"),
        "{dob}"
    );
    // the good name keeps its full weight
    let (_, good) = top(&s, json!({"name": "Tariq Anwar al-Sayyid"}));
    assert_eq!(good["low_quality_name"], false);
    assert!(good["score"].as_f64().unwrap() > alone + 0.1, "{good}");
    // the holder of the person's own passport, presented with the other date: the same person
    let (status, check) = s.post(
        "/v1/travellers/check",
        &json!({"name": "Tariq Anwar al Sayyid", "date_of_birth": "1964-07-15",
                "document": {"number": "K7712043", "issuing_country": "EGY"}}),
    );
    assert_eq!(status, 200, "{check}");
    let holder = &check["document_hits"][0]["holder_check"];
    assert_eq!(holder["date_of_birth"], "agrees", "{check}");
    assert_eq!(holder["other_person"], false, "{check}");
}

#[test]
fn explanations_carry_sentences_and_answers_the_alert_threshold() {
    let (_d, s) = server();
    let (status, resp) = s.post(
        "/v1/persons/search",
        &json!({"name": "Sidorov Ivan", "date_of_birth": "1980-05", "nationality": "RUS"}),
    );
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["alert_threshold"], json!(0.845));
    assert_eq!(resp["hits"][0]["id"], "P3");
    let sentences = &resp["hits"][0]["explanation"]["sentences"];
    for expected in [
        "name part identical (ivan)",
        "name part identical (sidorov)",
        "name parts in another order than the record's",
        "record name part missing from the query (petrovich)",
        "matched the record's primary name",
        "date of birth: same year and month, no day on one side (query 1980-05, record 1980-05-05)",
        "nationality listed on the record (RUS)",
    ] {
        assert!(
            sentences.as_array().unwrap().contains(&json!(expected)),
            "{expected:?} not in {sentences}"
        );
    }

    let (status, resp) = s.post("/v1/documents/check", &json!({"number": "XI234567"}));
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["alert_threshold"], json!(0.85));
    assert_eq!(
        resp["hits"][0]["explanation"]["sentences"],
        json!(["document number the same but for 1 character an OCR reader confuses: I for 1 (XI234567 / X1234567)"])
    );

    let (status, resp) = s.post(
        "/v1/travellers/check",
        &json!({"name": "Hans Muller", "date_of_birth": "1990-01-01", "document": {"number": "AB8012345"}}),
    );
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        resp["alert_thresholds"],
        json!({"person": 0.845, "document": 0.85})
    );
    let doc = &resp["document_hits"][0];
    assert_eq!(doc["id"], "D2", "{resp}");
    let sentences = doc["explanation"]["sentences"].as_array().unwrap();
    assert!(
        sentences.contains(&json!(
            "holder's date of birth differs from the traveller's"
        )),
        "{sentences:?}"
    );
    assert!(sentences.contains(&json!(
        "presented by someone other than the recorded holder"
    )));
}

#[test]
fn the_default_min_score_keeps_weak_hits_out_unless_asked_for() {
    let (_d, s) = server();
    let floor = frontline::search::DEFAULT_MIN_SCORE as f64;
    let scores = |body: serde_json::Value| -> Vec<f64> {
        let (status, resp) = s.post("/v1/persons/search", &body);
        assert_eq!(status, 200, "{resp}");
        resp["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["score"].as_f64().unwrap())
            .collect()
    };
    // many parts, each shared with a different record, and a far-off date of birth: a few
    // weak hits above the floor, more below it
    let name = "Mohammed Ivan Wang Maria Garcia Lopez Khan";
    let default = scores(json!({"name": name, "date_of_birth": "1901"}));
    let all = scores(json!({"name": name, "date_of_birth": "1901", "min_score": 0}));
    assert!(!default.is_empty(), "{all:?}");
    assert!(default.iter().all(|s| *s >= floor - 1e-6), "{default:?}");
    assert!(
        all.iter().any(|s| *s < floor),
        "the query should have weak hits: {all:?}"
    );
    assert_eq!(
        default,
        all.iter()
            .copied()
            .filter(|s| *s >= floor - 1e-6)
            .collect::<Vec<_>>()
    );
}

#[test]
fn out_of_range_numbers_are_refused_naming_the_value_given() {
    let (_d, s) = server();
    for (path, body, value) in [
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "limit": -5}"#,
            "-5",
        ),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "limit": 2.5}"#,
            "2.5",
        ),
        ("/v1/persons/search", r#"{"name": "Ivan", "limit": 0}"#, "0"),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "limit": 101}"#,
            "101",
        ),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "limit": 99999999999999999999}"#,
            "1e+20",
        ),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "min_score": 7}"#,
            "7",
        ),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "min_score": -0.5}"#,
            "-0.5",
        ),
        (
            "/v1/persons/search",
            r#"{"name": "Ivan", "min_score": 1e40}"#,
            "1e+40",
        ),
        (
            "/v1/documents/check",
            r#"{"number": "X1234567", "limit": -5}"#,
            "-5",
        ),
        (
            "/v1/travellers/check",
            r#"{"name": "Ivan", "limit": -5}"#,
            "-5",
        ),
        (
            "/v1/travellers/check",
            r#"{"name": "Ivan", "limit": 0.5}"#,
            "0.5",
        ),
    ] {
        let (status, resp) = s.request("POST", path, Some(body), &[]);
        assert_eq!(status, 400, "{path} {body}: {resp}");
        assert_eq!(resp["error"]["code"], "invalid_request", "{resp}");
        let message = resp["error"]["message"].as_str().unwrap();
        let field = if body.contains("min_score") {
            "min_score"
        } else {
            "limit"
        };
        assert!(
            message.starts_with(&format!("invalid {field}: {value} ")),
            "{body}: {message}"
        );
    }
    let (status, resp) = s.request(
        "POST",
        "/v1/persons/search",
        Some(r#"{"name": "Ivan", "limit": -5}"#),
        &[],
    );
    assert_eq!(status, 400);
    assert_eq!(
        resp["error"]["message"],
        "invalid limit: -5 is outside 1..=100"
    );
}
