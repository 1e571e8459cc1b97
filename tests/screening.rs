//! Traveller checks and manifest screening through the real server and CLI. Properties
//! checked:
//! - a scanned MRZ (generated with the project's encoder) finds the wanted person through the
//!   Doc 9303 transliteration of the name, and the person's own passport by its number;
//! - a worn MRZ (one digit changed) reports exactly the failed check digit and still checks;
//! - a lost passport presented by someone else alerts and says the traveller is not its holder;
//! - a person's own document is found by the document check, and sharing rules still hide it;
//! - CSV, JSON and PAXLST manifests with bad travellers screen the good ones and name each bad
//!   one by line, index or segment and field;
//! - an asynchronous screening job gives the same results as the synchronous call, pages them,
//!   and is deleted on request; a job cut by a kill is reported `interrupted` after restart;
//! - `frontline screen` and `frontline mrz` work against the local index.

use crate::util::hit_ids;
use crate::util::{cli, data_dir_with, eventually, Server};
use frontline::screening::mrz::{encode, MrzFields, MrzFormat};
use serde_json::{json, Value};

fn server() -> (tempfile::TempDir, Server) {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]);
    let s = Server::start(dir.path());
    (dir, s)
}

/// The MRZ of a German passport for Hans Jürgen Müller (record FRONTEX/F1).
fn mueller_mrz() -> Vec<String> {
    encode(&MrzFields {
        format: MrzFormat::Td3,
        document_code: "P<".into(),
        issuing_state: "D".into(),
        primary_identifier: "Müller".into(),
        secondary_identifier: "Hans Jürgen".into(),
        document_number: "C01X00T47".into(),
        nationality: "D".into(),
        date_of_birth: "770102".into(),
        sex: Some('M'),
        date_of_expiry: "310101".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    })
    .unwrap()
}

fn check(s: &Server, body: Value) -> Value {
    let (status, resp) = s.post("/v1/travellers/check", &body);
    assert_eq!(status, 200, "{resp}");
    resp
}

#[test]
fn an_mrz_finds_the_wanted_person_and_their_own_passport() {
    let (_d, s) = server();
    let lines = mueller_mrz();
    assert!(
        lines[0].starts_with("P<D<<MUELLER<<HANS<JUERGEN<"),
        "{lines:?}"
    );
    // a scanner that sends lower case and joins the lines
    let resp = check(&s, json!({"mrz": lines.join("").to_lowercase()}));
    assert_eq!(resp["mrz"]["valid"], true, "{resp}");
    assert_eq!(resp["mrz"]["format"], "TD3");
    assert!(!resp["mrz"]["warnings"].as_array().unwrap().is_empty());
    assert_eq!(resp["traveller"]["nationality"], "DEU");
    assert_eq!(resp["alert"], true);
    assert_eq!(resp["action"], "arrest and notify FRONTEX");
    assert_eq!(hit_ids(&resp, "person_hits")[0], "FRONTEX/F1");
    let doc = &resp["document_hits"][0];
    assert_eq!(
        (doc["id"].as_str(), doc["kind"].as_str()),
        (Some("F1"), Some("person"))
    );
    assert_eq!(doc["holder_check"]["other_person"], false, "{doc}");
    assert_eq!(doc["person"]["action"], "arrest and notify FRONTEX");

    // Åsa Öberg: the MRZ writes AASA OEBERG; the reading with AA/OE undone matches best
    let oeberg = encode(&MrzFields {
        format: MrzFormat::Td3,
        document_code: "PP".into(),
        issuing_state: "SWE".into(),
        primary_identifier: "Öberg".into(),
        secondary_identifier: "Åsa".into(),
        document_number: "X0000001".into(),
        nationality: "SWE".into(),
        date_of_birth: "840630".into(),
        sex: Some('F'),
        date_of_expiry: "300101".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    })
    .unwrap();
    let resp = check(&s, json!({"mrz": oeberg.join("\n")}));
    assert!(oeberg[0].contains("OEBERG<<AASA"), "{oeberg:?}");
    assert_eq!(hit_ids(&resp, "person_hits")[0], "FRONTEX/F2", "{resp}");
    assert_eq!(resp["alert"], true, "{resp}");
}

#[test]
fn a_worn_mrz_reports_the_failed_check_digit_and_still_checks() {
    let (_d, s) = server();
    let mut lines = mueller_mrz();
    // the date of birth's check digit is line 2 position 20: change it
    let mut l2: Vec<char> = lines[1].chars().collect();
    l2[19] = if l2[19] == '0' { '1' } else { '0' };
    lines[1] = l2.into_iter().collect();
    let resp = check(&s, json!({"mrz": lines.join("\n")}));
    assert_eq!(resp["mrz"]["valid"], false);
    assert_eq!(
        resp["mrz"]["failed_checks"],
        json!(["date_of_birth", "composite"])
    );
    assert_eq!(resp["alert"], true, "the check ran: {resp}");
    // a line one character short is accepted and reported
    let mut short = mueller_mrz();
    short[0].pop();
    let resp = check(&s, json!({"mrz": short.join("\n")}));
    assert!(resp["mrz"]["warnings"].to_string().contains("43"), "{resp}");
    assert_eq!(resp["mrz"]["valid"], true);
}

#[test]
fn a_lost_passport_presented_by_someone_else_alerts() {
    let (_d, s) = server();
    // INTERPOL/D2: lost, holder Hans Mueller born 1977-01-02
    let resp = check(
        &s,
        json!({"name": "Ali Hassan", "date_of_birth": "03.04.1990",
               "document": {"number": "AB8012345", "issuing_country": "DEU"}}),
    );
    assert_eq!(resp["alert"], true);
    let doc = &resp["document_hits"][0];
    assert_eq!(doc["id"], "D2");
    assert_eq!(doc["holder_check"]["name"], "differs");
    assert_eq!(doc["holder_check"]["date_of_birth"], "differs");
    assert!(resp["action"]
        .as_str()
        .unwrap()
        .contains("someone other than its recorded holder"));
    // its holder presenting it: no "someone else"
    let resp = check(
        &s,
        json!({"name": "MUELLER HANS", "date_of_birth": "1977-01-02",
               "document": {"number": "AB8012345"}}),
    );
    assert_eq!(
        resp["document_hits"][0]["holder_check"]["other_person"],
        false
    );
    assert!(!resp["action"].as_str().unwrap().contains("someone other"));
}

#[test]
fn a_persons_own_document_is_found_by_the_document_check_within_sharing_rules() {
    let (_d, s) = server();
    let (status, resp) = s.post("/v1/documents/check", &json!({"number": "C01X00T47"}));
    assert_eq!(status, 200);
    assert_eq!(resp["hits"][0]["id"], "F1");
    assert_eq!(resp["hits"][0]["kind"], "person");
    assert_eq!(resp["hits"][0]["alert"], true);
    // F3 is shared with EUROPOL only
    let (_, hidden) = s.post("/v1/documents/check", &json!({"number": "MP7654321"}));
    assert!(hidden["hits"].as_array().unwrap().is_empty(), "{hidden}");
    let (_, seen) = s.post_as(
        "EUROPOL",
        "/v1/documents/check",
        &json!({"number": "MP7654321"}),
    );
    assert_eq!(seen["hits"][0]["id"], "F3");
}

#[test]
fn bad_traveller_requests_get_clear_errors() {
    let (_d, s) = server();
    for (body, needle) in [
        (json!({"mrz": "P<UTO", "name": "A"}), "either"),
        (json!({}), "missing traveller"),
        (json!({"mrz": "HELLO WORLD"}), "invalid mrz"),
        (
            json!({"name": "A B", "date_of_birth": "1975-13-01"}),
            "date_of_birth",
        ),
        (json!({"name": "A B", "gender": "Q"}), "gender"),
        (
            json!({"name": "A B", "document": {"number": "X1", "issuing_country": "France"}}),
            "document.issuing_country",
        ),
        (json!({"name": "A B", "dob": "1970"}), "dob"),
        (
            json!({"mrz": mueller_mrz().join("\n"), "nationality": "FRA"}),
            "do not send",
        ),
    ] {
        let (status, resp) = s.post("/v1/travellers/check", &body);
        assert_eq!(status, 400, "{body} -> {resp}");
        let msg = resp["error"]["message"].as_str().unwrap();
        assert!(msg.contains(needle), "{body} -> {msg}");
    }
}

const CSV: &str = "ID,Surname,Given_Names,Date_of_Birth,Nationality,Sex,Document_Number,Document_Type,Document_Country\n\
PAX1,Khrushchev,Nikita Sergeyevich,1960-01-01,RUS,M,,,\n\
PAX2,\"Rossi, Jr\",Anna,1993-13-40,ITA,F,,,\n\
PAX3,Nobody,Really,1980,FRA,M,X999999,passport,FRA\n\
PAX4,Mueller,Hans,02.01.1977,DEU,M,C01X00T47,P,DEU\n\
PAX5,,Nameless,1980,FRA,M,,,\n";

const JSON_MANIFEST: &str = r#"[
 {"id": "J1", "surname": "Khrushchev", "given_names": "Nikita", "date_of_birth": "1960-01-01"},
 {"id": "J2", "surname": "Rossi", "nationality": "Italy"},
 {"id": "J3", "surname": "Nobody", "seat": "14C"},
 {"id": "J4", "surname": "Qadhafi", "given_names": "Muammar", "date_of_birth": "1942-06-07"}
]"#;

const PAXLST: &str = "UNA:+.? '\n\
UNB+UNOA:4+ZZAIRLINE+CUSTOMS+261201:0900+000000001'\n\
UNG+PAXLST+ZZAIRLINE+CUSTOMS+261201:0900+000000001+UN+D:15B'\n\
UNH+PAX001+PAXLST:D:15B:UN:IATA'\n\
BGM+745'\n\
NAD+MS+++DAVIDSON:ROBERT'\n\
TDT+20+ZZ123+++ZZ'\n\
LOC+125+SYD'\n\
DTM+189:2612010900:201'\n\
LOC+87+FRA'\n\
DTM+232:2612012200:201'\n\
NAD+FL+++KHRUSHCHEV:NIKITA'\n\
ATT+2++M'\n\
DTM+329:600101'\n\
NAT+2+RUS'\n\
RFF+ABO:K1'\n\
NAD+FL+++SMITH:JOHN'\n\
ATT+2++M'\n\
DTM+329:751340'\n\
NAD+FL+++O?'NEIL:MARY'\n\
ATT+2++F'\n\
DTM+329:800202'\n\
DOC+P+AB8012345'\n\
DTM+36:301231'\n\
LOC+91+DEU'\n\
CNT+42:3'\n\
UNT+99+PAX001'\n\
UNE+1+000000001'\n\
UNZ+1+000000001'\n";

fn screen(s: &Server, format: &str, body: &str) -> Value {
    let (status, resp) = s.request(
        "POST",
        &format!("/v1/manifests/screen?format={format}"),
        Some(body),
        &[("Content-Type", "application/octet-stream")],
    );
    assert_eq!(status, 200, "{resp}");
    resp
}

#[test]
fn manifests_with_bad_travellers_screen_the_good_ones_and_name_the_bad() {
    let (_d, s) = server();
    // CSV: header case-insensitive, quoted fields; line 3 has a bad date, line 6 no surname
    let r = screen(&s, "csv", CSV);
    assert_eq!(r["summary"]["travellers"], 5);
    assert_eq!(r["summary"]["rejected"], 2, "{r}");
    let t = r["travellers"].as_array().unwrap();
    assert_eq!(t[0]["alert"], true);
    assert_eq!(t[0]["person_hits"][0]["id"], "P2");
    assert_eq!(t[1]["position"], json!({"line": 3}));
    assert_eq!(t[1]["rejected"]["field"], "date_of_birth");
    assert_eq!(
        t[1]["id"], "PAX2",
        "a rejected traveller's reference is echoed"
    );
    assert_eq!(t[2]["alert"], false);
    assert_eq!(t[3]["alert"], true);
    assert_eq!(t[3]["document_hits"][0]["kind"], "person");
    assert_eq!(t[4]["position"], json!({"line": 6}));
    assert_eq!(t[4]["rejected"]["field"], "surname");

    // JSON: index and key named
    let r = screen(&s, "json", JSON_MANIFEST);
    let t = r["travellers"].as_array().unwrap();
    assert_eq!(t.len(), 4);
    assert_eq!(
        (t[0]["alert"].clone(), t[3]["alert"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(t[1]["position"], json!({"index": 1}));
    assert_eq!(t[1]["rejected"]["field"], "nationality");
    assert_eq!(t[1]["id"], "J2");
    assert_eq!(t[2]["rejected"]["field"], "seat");

    // PAXLST: the bad DTM+329 is named by segment; the wrong UNT count is a warning;
    // O?'NEIL is read with the release character
    let r = screen(&s, "paxlst", PAXLST);
    let t = r["travellers"].as_array().unwrap();
    assert_eq!(t.len(), 3, "{r}");
    assert_eq!(t[0]["alert"], true);
    assert_eq!(t[0]["id"], "K1");
    assert_eq!(
        t[1]["position"],
        json!({"segment": 18, "tag": "DTM"}),
        "{}",
        t[1]
    );
    assert!(
        t[1]["rejected"]["field"].as_str().unwrap().contains("329"),
        "{}",
        t[1]
    );
    assert_eq!(t[2]["traveller"]["surname"], "O'NEIL");
    assert_eq!(t[2]["document_hits"][0]["id"], "D2");
    assert_eq!(
        t[2]["document_hits"][0]["holder_check"]["other_person"],
        true
    );
    assert!(r["warnings"].to_string().contains("UNT"), "{r}");
    assert_eq!(r["voyage"]["legs"], json!(["ZZ123 SYD-FRA"]));

    // the format from the Content-Type
    let (status, _) = s.request(
        "POST",
        "/v1/manifests/screen",
        Some(CSV),
        &[("Content-Type", "text/csv")],
    );
    assert_eq!(status, 200);
    // format-level problems reject the manifest
    let (status, resp) = s.request(
        "POST",
        "/v1/manifests/screen",
        Some("surname,seat\nA,1\n"),
        &[("Content-Type", "text/csv")],
    );
    assert_eq!(
        (status, resp["error"]["code"].as_str()),
        (422, Some("manifest_rejected")),
        "{resp}"
    );
    let (status, _) = s.request(
        "POST",
        "/v1/manifests/screen",
        Some(CSV),
        &[("Content-Type", "text/plain")],
    );
    assert_eq!(status, 415);
    let (status, _) = s.request("POST", "/v1/manifests/screen?format=xml", Some(CSV), &[]);
    assert_eq!(status, 400);
    let (status, _) = s.request("POST", "/v1/manifests/screen?formt=csv", Some(CSV), &[]);
    assert_eq!(status, 400);
}

fn wait_job(s: &Server, id: &str) -> Value {
    let mut last = Value::Null;
    assert!(
        eventually(|| {
            last = s.get(&format!("/v1/screenings/{id}?limit=1000")).1;
            !matches!(last["status"].as_str(), Some("queued" | "running"))
        }),
        "job never finished: {last}"
    );
    last
}

#[test]
fn a_screening_job_matches_the_synchronous_result_and_pages() {
    let (_d, s) = server();
    let (status, job) = s.request(
        "POST",
        "/v1/screenings",
        Some(CSV),
        &[("Content-Type", "text/csv")],
    );
    assert_eq!(status, 202, "{job}");
    assert_eq!(job["progress"]["total"], 5);
    let id = job["id"].as_str().unwrap().to_string();
    let done = wait_job(&s, &id);
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["summary"]["alerts"], 2);
    let sync = screen(&s, "csv", CSV);
    assert_eq!(done["results"], sync["travellers"]);
    let (_, page) = s.get(&format!("/v1/screenings/{id}?offset=3&limit=1"));
    assert_eq!(page["results"], json!([sync["travellers"][3]]));
    // a bad page parameter is a 400 naming the value given
    for (query, says) in [
        ("limit=-5", "invalid limit: -5 is outside 1..=1000"),
        ("limit=0", "invalid limit: 0 is outside 1..=1000"),
        (
            "limit=ten",
            "invalid limit: \"ten\" is not a whole number (1..=1000)",
        ),
        ("offset=-1", "invalid offset: -1 is outside 0.."),
        (
            "limit=2.5",
            "invalid limit: \"2.5\" is not a whole number (1..=1000)",
        ),
    ] {
        let (status, body) = s.get(&format!("/v1/screenings/{id}?{query}"));
        assert_eq!(
            (status, body["error"]["message"].as_str()),
            (400, Some(says)),
            "{query}: {body}"
        );
    }
    // another agency does not see the job
    let (status, _) = s.request(
        "GET",
        &format!("/v1/screenings/{id}"),
        None,
        &[("X-Agency", "EUROPOL")],
    );
    assert_eq!(status, 404);
    let (_, list) = s.get("/v1/screenings");
    assert_eq!(list["jobs"][0]["id"], id.as_str());
    let (status, _) = s.request("DELETE", &format!("/v1/screenings/{id}"), None, &[]);
    assert_eq!(status, 204);
    assert_eq!(s.get(&format!("/v1/screenings/{id}")).0, 404);
}

#[test]
fn a_job_cut_by_a_kill_is_reported_interrupted_after_restart() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]);
    let mut csv = String::from("surname,given_names,date_of_birth\n");
    for i in 0..60_000 {
        csv.push_str(&format!("Khrushchev{},Nikita,1960-01-01\n", i % 977));
    }
    let id = {
        let s = Server::start(dir.path());
        let (status, job) = s.request(
            "POST",
            "/v1/screenings",
            Some(&csv),
            &[("Content-Type", "text/csv")],
        );
        assert_eq!(status, 202, "{job}");
        let id = job["id"].as_str().unwrap().to_string();
        assert!(eventually(|| {
            let (_, j) = s.get(&format!("/v1/screenings/{id}"));
            j["status"] == "running" && j["progress"]["done"].as_u64().unwrap_or(0) > 0
        }));
        id
        // dropping the server kills it (SIGKILL) mid-job
    };
    let s = Server::start(dir.path());
    let (status, job) = s.get(&format!("/v1/screenings/{id}?limit=5"));
    assert_eq!(status, 200);
    assert_eq!(job["status"], "interrupted", "{job}");
    assert!(job["error"].as_str().unwrap().contains("interrupted"));
    let done = job["progress"]["done"].as_u64().unwrap();
    assert!(done > 0 && done < 60_000, "{job}");
    assert_eq!(job["results"].as_array().unwrap().len(), 5);
}

#[test]
fn the_cli_screens_a_manifest_and_checks_an_mrz() {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]);
    let feeds: Vec<String> = ["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]
        .iter()
        .map(|f| dir.path().join("feeds").join(f).display().to_string())
        .collect();
    let feed_args: Vec<&str> = feeds.iter().map(String::as_str).collect();
    crate::util::ingest_ok(dir.path(), &feed_args);
    let manifest = dir.path().join("m.csv");
    std::fs::write(&manifest, CSV).unwrap();
    let report = dir.path().join("r.json");
    let out = cli(
        dir.path(),
        &[
            "screen",
            manifest.to_str().unwrap(),
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("screened 5 travellers") && stdout.contains("2 alerts, 2 rejected"),
        "{stdout}"
    );
    let r: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["travellers"].as_array().unwrap().len(), 5);
    assert_eq!(r["summary"]["alerts"], 2);
    let csv_report = dir.path().join("r.csv");
    let out = cli(
        dir.path(),
        &[
            "screen",
            manifest.to_str().unwrap(),
            "--out",
            csv_report.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&csv_report)
            .unwrap()
            .lines()
            .count(),
        6
    );

    let lines = mueller_mrz();
    let out = cli(dir.path(), &["mrz", &lines[0], &lines[1]]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("ALERT: arrest and notify FRONTEX"),
        "{stdout}"
    );
    assert!(stdout.contains("FRONTEX/F1"), "{stdout}");
    let out = cli(dir.path(), &["mrz", "NOT AN MRZ"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn screening_a_manifest_equals_checking_each_traveller_and_synth_mrzs_round_trip() {
    use frontline::feeds::Mode;
    use frontline::model::Date;
    use frontline::screening::manifest::{Entry, Manifest, Position};
    use frontline::screening::mrz::{parse, Today};
    use frontline::screening::report::ReportLine;
    use frontline::screening::Screened;
    use frontline::screening::{
        check_traveller, BatchPool, CheckOptions, Traveller, TravellerFields,
    };
    use frontline::search::Engine;

    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds");
    let summary = frontline::synth::write_feeds(&feeds, 3000, 3000, 11).unwrap();
    let engine = Engine::open(dir.path().join("index")).unwrap();
    engine.ingest(&summary.files, Mode::Full).unwrap();

    // 300 travellers: listed persons as their own passports' MRZs would read them, listed
    // documents, and outsiders
    let today = Today {
        year: 2026,
        month: 12,
        day: 1,
    };
    let mut entries = Vec::new();
    let mut mrz_checked = 0;
    for k in 0..300u64 {
        let p = if k % 3 == 2 {
            frontline::synth::outsider(11, k)
        } else {
            frontline::synth::person(11, k * 7 % 3000)
        };
        let (number, country, _) = p.documents.first().cloned().unwrap_or((
            "Z0000000".into(),
            "FRA".into(),
            "passport".into(),
        ));
        let dob = p.date_of_birth.clone().unwrap_or_default();
        let mut fields = TravellerFields {
            id: Some(format!("T{k}")),
            surname: Some(if p.family.is_empty() {
                p.given.join(" ")
            } else {
                p.family.join(" ")
            }),
            given_names: Some(if p.family.is_empty() {
                String::new()
            } else {
                p.given.join(" ")
            }),
            date_of_birth: (!dob.is_empty()).then(|| dob.clone()),
            nationality: p.nationality.first().cloned(),
            sex: Some(p.gender.to_string()),
            document_number: Some(number.clone()),
            document_type: Some("passport".into()),
            document_country: Some(country.clone()),
        };
        // the MRZ of that passport round-trips (TD3 numbers hold 9 characters)
        if number.len() <= 9 && dob.len() == 10 {
            let lines = encode(&MrzFields {
                format: MrzFormat::Td3,
                document_code: "P<".into(),
                issuing_state: country.clone(),
                primary_identifier: fields.surname.clone().unwrap(),
                secondary_identifier: fields.given_names.clone().unwrap(),
                document_number: number.clone(),
                nationality: country.clone(),
                date_of_birth: format!("{}{}{}", &dob[2..4], &dob[5..7], &dob[8..10]),
                sex: Some(p.gender),
                date_of_expiry: "300101".into(),
                optional_data: String::new(),
                optional_data_2: String::new(),
            })
            .unwrap();
            let m = parse(&lines.join("\n"), today).unwrap();
            assert!(m.valid(), "{lines:?}");
            assert_eq!(m.document_number, number);
            assert_eq!(m.date_of_birth.to_iso(), dob);
            let t = Traveller::from_mrz(&m);
            assert_eq!(t.document.as_ref().unwrap().number, number);
            mrz_checked += 1;
            if k % 2 == 0 {
                // screen this traveller by the MRZ's reading of the name
                fields.surname = Some(m.primary_identifier.clone());
                fields.given_names = Some(m.secondary_identifier.clone());
            }
        }
        if k % 50 == 49 {
            fields.date_of_birth = Some("31.02.1970".into()); // a bad row
        }
        entries.push(Entry {
            position: Position::Index { index: k as usize },
            fields: Ok(fields),
        });
    }
    assert!(mrz_checked > 100, "{mrz_checked}");
    let manifest = Manifest {
        entries,
        ..Default::default()
    };
    let travellers = manifest.validate(Date::parse("2026-12-01").unwrap());
    // the screening leaves explanations out; its report lines equal those of single checks
    let opts = CheckOptions::screening(None);
    let pool = BatchPool::new(2, 10).unwrap();
    let screened = pool.screen_all(&engine, &travellers, &opts).unwrap();
    assert_eq!(screened.len(), 300);
    let mut alerts = 0;
    for (s, (position, t)) in screened.iter().zip(&travellers) {
        let single = Screened {
            n: s.n,
            position: position.clone(),
            traveller: t.as_ref().ok().cloned(),
            outcome: match t {
                Ok(t) => Ok(check_traveller(&engine, t, &CheckOptions::default()).unwrap()),
                Err(e) => Err(e.clone()),
            },
        };
        assert_eq!(
            ReportLine::from(s),
            ReportLine::from(&single),
            "traveller {}",
            s.n
        );
        if let (Ok(batch), Ok(one)) = (&s.outcome, &single.outcome) {
            // and the hits are the same, scores included, with and without explanations
            let strip = |r: &frontline::screening::TravellerResult| {
                let mut v = serde_json::to_value(r).unwrap();
                for h in v["person_hits"].as_array_mut().unwrap() {
                    h.as_object_mut().unwrap().remove("explanation");
                }
                v
            };
            assert_eq!(strip(batch), strip(one));
            assert!(one.person_hits.iter().all(|h| h.explanation.is_some()));
            alerts += batch.alert as usize;
        }
    }
    // two thirds are listed persons (some with their own documents); records shared with
    // named agencies only, or expired, stay hidden from a caller without an agency
    assert!(alerts >= 120, "{alerts} alerts");
}

/// The README's traveller and manifest examples, on the sample feeds and manifests of
/// `index-data/`.
#[test]
fn the_readme_examples_work_on_the_sample_data() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("feeds")).unwrap();
    for f in std::fs::read_dir(root.join("feeds")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join("feeds").join(f.file_name().unwrap())).unwrap();
    }
    let s = Server::start(dir.path());
    let resp = check(
        &s,
        json!({"mrz": "P<CHNCAI<<YAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nG337982769CHN9912083F3012316<<<<<<<<<<<<<<<4"}),
    );
    assert_eq!(resp["mrz"]["valid"], true, "{resp}");
    assert_eq!(resp["alert"], true);
    assert_eq!(hit_ids(&resp, "person_hits")[0], "INTERPOL/P00000000");
    let resp = check(
        &s,
        json!({"name": "Cai Yan", "date_of_birth": "08.12.1999", "document": {"number": "G33798276", "issuing_country": "CHN"}}),
    );
    assert_eq!(resp["strongest"]["id"], "P00000000");
    for (file, format) in [
        ("manifest.csv", "csv"),
        ("manifest.json", "json"),
        ("manifest.edi", "paxlst"),
    ] {
        let body = std::fs::read_to_string(root.join("manifests").join(file)).unwrap();
        let r = screen(&s, format, &body);
        assert_eq!(r["summary"]["travellers"], 200, "{file}");
        assert!(
            r["summary"]["alerts"].as_u64().unwrap() >= 10,
            "{file}: {}",
            r["summary"]
        );
        assert_eq!(r["summary"]["rejected"], 1, "{file}");
    }
}

#[test]
fn running_jobs_cancel_and_the_queue_is_capped() {
    let (_d, s) = server();
    let mut csv = String::from("surname,given_names,date_of_birth\n");
    for i in 0..40_000 {
        csv.push_str(&format!("Khrushchev{},Nikita,1960-01-01\n", i % 977));
    }
    let submit = || {
        s.request(
            "POST",
            "/v1/screenings",
            Some(&csv),
            &[("Content-Type", "text/csv")],
        )
    };
    let mut ids = Vec::new();
    for _ in 0..4 {
        let (status, job) = submit();
        assert_eq!(status, 202, "{job}");
        ids.push(job["id"].as_str().unwrap().to_string());
    }
    // four queued or running: the fifth is refused
    let (status, resp) = submit();
    assert_eq!(
        (status, resp["error"]["code"].as_str()),
        (429, Some("too_many_jobs")),
        "{resp}"
    );
    // cancel the running one mid-way, and the queued ones
    assert!(eventually(|| s
        .get(&format!("/v1/screenings/{}", ids[0]))
        .1["status"]
        == "running"));
    for id in &ids {
        let (status, _) = s.request("DELETE", &format!("/v1/screenings/{id}"), None, &[]);
        assert_eq!(status, 200);
    }
    let first = wait_job(&s, &ids[0]);
    assert_eq!(first["status"], "cancelled", "{first}");
    assert!(first["progress"]["done"].as_u64().unwrap() < 40_000);
    for id in &ids[1..] {
        let (_, job) = s.get(&format!("/v1/screenings/{id}"));
        assert_eq!(job["status"], "cancelled");
        assert_eq!(job["progress"]["done"], 0);
    }
    // the queue has room again
    let (status, _) = submit();
    assert_eq!(status, 202);
}
