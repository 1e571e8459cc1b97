//! API keys as an administrator manages them with the CLI: created for an agency and roles,
//! printed once, listed without secrets, revoked.

use crate::util::{cli, strings_of};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn keys_are_created_listed_without_secrets_and_revoked_with_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(
        d,
        &[
            "keys",
            "create",
            "--agency",
            "FRA-NCB",
            "--roles",
            "officer,screener",
            "--label",
            "Roissy T2",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let key = text.lines().last().unwrap().to_string();
    let id = key
        .strip_prefix("fl_")
        .unwrap()
        .split('_')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(key.len(), 3 + 16 + 1 + 64, "{key}");
    assert!(
        text.contains(&format!("created key {id} for FRA-NCB (officer,screener)")),
        "{text}"
    );
    let out = cli(
        d,
        &["keys", "create", "--agency", "EUROPOL", "--roles", "admin"],
    );
    assert!(out.status.success());

    let list = stdout(&cli(d, &["keys", "list"]));
    assert!(
        list.contains(&id) && list.contains("Roissy T2") && list.contains("EUROPOL"),
        "{list}"
    );
    let secret = key.rsplit('_').next().unwrap();
    assert!(!list.contains(secret), "{list}");
    let file = std::fs::read_to_string(d.join("keys.json")).unwrap();
    assert!(!file.contains(secret), "the key file holds digests only");

    let out = cli(d, &["keys", "revoke", &id]);
    assert!(out.status.success());
    assert!(stdout(&out).contains(&format!("key {id} of FRA-NCB revoked at ")));
    let row = stdout(&cli(d, &["keys", "list"]))
        .lines()
        .find(|l| l.starts_with(&id))
        .unwrap()
        .to_string();
    assert!(
        row.matches("2026-").count() + row.matches("20").count() >= 2,
        "{row}"
    );
    assert!(!row.contains("  -  "), "revoked: {row}");

    // bad input: a clear error and exit code 2, nothing written
    for (args, says) in [
        (
            &[
                "keys", "create", "--agency", "fra-ncb", "--roles", "officer",
            ][..],
            "not an agency code",
        ),
        (
            &[
                "keys",
                "create",
                "--agency",
                "FRA-NCB",
                "--roles",
                "officer,root",
            ],
            "unknown role \"root\"",
        ),
        (
            &["keys", "revoke", "0123456789abcdef"],
            "no API key 0123456789abcdef",
        ),
    ] {
        let out = cli(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(stdout(&cli(d, &["keys", "list"])).lines().count(), 3);
}

#[test]
fn every_route_checks_the_key_and_its_role_and_a_revocation_applies_at_once() {
    let dir = crate::util::data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = crate::util::Server::start(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("local-admin.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let search = r#"{"name": "Mohamed Ali"}"#;
    let routes: [(&str, &str, Option<&str>); 5] = [
        ("POST", "/v1/persons/search", Some(search)),
        (
            "POST",
            "/v1/documents/check",
            Some(r#"{"number": "YA0099887"}"#),
        ),
        ("GET", "/v1/screenings", None),
        ("GET", "/v1/admin/feeds", None),
        ("GET", "/v1/admin/jobs", None),
    ];
    // no key, a malformed key, a made-up well-formed key: 401 on every /v1 route
    let (_, made_up) = frontline::auth::key::generate().unwrap();
    let bearer_made_up = format!("Bearer {made_up}");
    for auth in [
        "",
        "Bearer nope",
        "Basic dXNlcjpwYXNz",
        bearer_made_up.as_str(),
    ] {
        for (method, path, body) in routes {
            let (status, err) = s.request(method, path, body, &[("Authorization", auth)]);
            assert_eq!(status, 401, "{auth:?} {path}: {err}");
            assert_eq!(err["error"]["code"], "unauthorized", "{err}");
        }
    }
    // two Authorization or two X-Agency headers: ambiguous, a 400 (never the first silently)
    let local = format!("Bearer {}", s.local_key);
    for twice in [
        [
            ("Authorization", local.as_str()),
            ("Authorization", local.as_str()),
        ],
        [("X-Agency", "LOCAL"), ("X-Agency", "INTERPOL")],
    ] {
        let (status, err) = s.request("POST", "/v1/persons/search", Some(search), &twice);
        assert_eq!(status, 400, "{twice:?}: {err}");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("more than once"),
            "{err}"
        );
    }
    // health and readiness stay open
    assert_eq!(
        s.request("GET", "/healthz", None, &[("Authorization", "")])
            .0,
        200
    );
    assert_eq!(
        s.request("GET", "/readyz", None, &[("Authorization", "")])
            .0,
        200
    );

    // an officer-only key: checks yes, screenings and admin no (403)
    let out = cli(
        dir.path(),
        &[
            "keys", "create", "--agency", "FRA-NCB", "--roles", "officer",
        ],
    );
    let officer = stdout(&out).lines().last().unwrap().to_string();
    let id = frontline::auth::key::key_id(&officer).unwrap().to_string();
    let as_officer = format!("Bearer {officer}");
    for (method, path, body) in routes {
        let (status, r) = s.request(method, path, body, &[("Authorization", &as_officer)]);
        let want = if path.starts_with("/v1/persons") || path.starts_with("/v1/documents") {
            200
        } else {
            403
        };
        assert_eq!(status, want, "{path}: {r}");
        if want == 403 {
            assert_eq!(r["error"]["code"], "forbidden", "{r}");
        }
    }
    // the agency is the key's: X-Agency may repeat it, never name another
    let h = |agency: &'static str| [("Authorization", as_officer.as_str()), ("X-Agency", agency)];
    assert_eq!(
        s.request("POST", "/v1/persons/search", Some(search), &h("FRA-NCB"))
            .0,
        200
    );
    let (status, r) = s.request("POST", "/v1/persons/search", Some(search), &h("INTERPOL"));
    assert_eq!(status, 403, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("acts for FRA-NCB"),
        "{r}"
    );

    // revoked with the CLI while the server runs: refused at the next request
    assert!(cli(dir.path(), &["keys", "revoke", &id]).status.success());
    let (status, _) = s.request(
        "POST",
        "/v1/persons/search",
        Some(search),
        &[("Authorization", &as_officer)],
    );
    assert_eq!(status, 401);
    // the local key still works, and a restart creates no second local key
    assert_eq!(s.request("GET", "/v1/admin/feeds", None, &[]).0, 200);
    drop(s);
    let before = std::fs::read_to_string(dir.path().join("local-admin.key")).unwrap();
    let s = crate::util::Server::start(dir.path());
    assert_eq!(before.trim(), s.local_key);
    assert_eq!(
        stdout(&cli(dir.path(), &["keys", "list"])).lines().count(),
        3
    );
}

#[test]
fn admins_manage_keys_over_the_api_within_their_agency() {
    let dir = crate::util::data_dir_with(&["EUROPOL.jsonl"]);
    let s = crate::util::Server::start(dir.path());
    let body = |agency: &str, roles: &str| format!(r#"{{"agency": "{agency}", "roles": {roles}}}"#);
    // the local operator creates an admin key for EUROPOL: shown once, in the answer
    let (status, made) = s.request(
        "POST",
        "/v1/admin/keys",
        Some(&body("EUROPOL", r#"["admin", "officer"]"#)),
        &[],
    );
    assert_eq!(status, 201, "{made}");
    let europol = made["key"].as_str().unwrap().to_string();
    let europol_id = made["record"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        made["record"]["roles"],
        serde_json::json!(["officer", "admin"])
    );
    let as_europol = format!("Bearer {europol}");
    let h = [("Authorization", as_europol.as_str())];
    let (_, own) = s.request(
        "POST",
        "/v1/admin/keys",
        Some(&body("EUROPOL", r#"["officer"]"#)),
        &h,
    );
    assert!(own["key"].as_str().is_some(), "{own}");
    // EUROPOL's admin: its own keys only; none of another agency's
    let (status, list) = s.request("GET", "/v1/admin/keys", None, &h);
    assert_eq!(status, 200);
    let agencies = strings_of(&list, "keys", "agency");
    assert_eq!(agencies, vec!["EUROPOL", "EUROPOL"], "{list}");
    let text = list.to_string();
    assert!(
        !text.contains("digest") && !text.contains(europol.rsplit('_').next().unwrap()),
        "{text}"
    );
    let (status, _) = s.request(
        "POST",
        "/v1/admin/keys",
        Some(&body("ECO", r#"["officer"]"#)),
        &h,
    );
    assert_eq!(status, 403);
    let local_id = frontline::auth::key::key_id(&s.local_key)
        .unwrap()
        .to_string();
    let (status, _) = s.request("DELETE", &format!("/v1/admin/keys/{local_id}"), None, &h);
    assert_eq!(status, 404, "another agency's key is not there for it");
    // the local operator sees every key and revokes EUROPOL's admin key: refused at once
    let (_, all) = s.get("/v1/admin/keys");
    assert_eq!(all["keys"].as_array().unwrap().len(), 3, "{all}");
    let (status, revoked) = s.request("DELETE", &format!("/v1/admin/keys/{europol_id}"), None, &[]);
    assert_eq!(status, 200);
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    assert_eq!(s.request("GET", "/v1/admin/keys", None, &h).0, 401);
    // bad bodies are 400s naming the problem
    for (b, says) in [
        (body("EUROPOL", r#"["root"]"#), "root"),
        (body("EUROPOL", "[]"), "at least one role"),
        (body("europol", r#"["officer"]"#), "agency"),
        (
            r#"{"agency": "EUROPOL", "roles": ["officer"], "rights": 1}"#.to_string(),
            "rights",
        ),
    ] {
        let (status, err) = s.request("POST", "/v1/admin/keys", Some(&b), &[]);
        assert_eq!(status, 400, "{b}: {err}");
        assert!(
            err["error"]["message"].as_str().unwrap().contains(says),
            "{b}: {err}"
        );
    }
}

#[test]
fn serving_beyond_loopback_needs_operator_keys_or_insecure() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let serve = |extra: &[&str]| {
        std::process::Command::new(crate::util::BIN)
            .arg("--data-dir")
            .arg(dir.path())
            .args(["serve", "--listen", "0.0.0.0:0", "--no-bootstrap"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // only the local key (or none): refused, with what to do
    let out = serve(&[]).wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to serve on 0.0.0.0") && err.contains("--insecure"),
        "{err}"
    );
    // --insecure, or an operator's key: it serves
    let started = |mut child: std::process::Child| {
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let _ = child.kill();
        let _ = child.wait();
        line
    };
    assert!(started(serve(&["--insecure"])).contains("listening on http://0.0.0.0:"));
    assert!(cli(
        dir.path(),
        &["keys", "create", "--agency", "FRA-NCB", "--roles", "officer"]
    )
    .status
    .success());
    assert!(started(serve(&[])).contains("listening on http://0.0.0.0:"));
}

#[test]
fn an_organizations_admin_administers_its_own_feeds_only() {
    let dir = crate::util::data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl"]);
    let s = crate::util::Server::start(dir.path());
    let (_, made) = s.request(
        "POST",
        "/v1/admin/keys",
        Some(r#"{"agency": "EUROPOL", "roles": ["admin"]}"#),
        &[],
    );
    let auth = format!("Bearer {}", made["key"].as_str().unwrap());
    let h = [("Authorization", auth.as_str())];
    let (status, feeds) = s.request("GET", "/v1/admin/feeds", None, &h);
    assert_eq!(status, 200);
    let sources = strings_of(&feeds, "sources", "source");
    assert_eq!(sources, vec!["EUROPOL"], "{feeds}");
    let (_, all) = s.get("/v1/admin/feeds");
    assert_eq!(
        all["sources"].as_array().unwrap().len(),
        2,
        "the local key sees both"
    );
    // another organization's feed: no reload, no upload, no reload of everything
    for (method, path) in [
        ("POST", "/v1/admin/feeds/INTERPOL/reload"),
        ("POST", "/v1/admin/feeds/INTERPOL/ingest?mode=delta"),
        ("POST", "/v1/admin/reload"),
    ] {
        let (status, err) = s.request(method, path, Some(""), &h);
        assert_eq!(status, 403, "{path}: {err}");
    }
    let (status, job) = s.request("POST", "/v1/admin/feeds/EUROPOL/reload", None, &h);
    assert_eq!(status, 202, "{job}");
    // its jobs only: the bootstrap's INTERPOL job is not there for it
    let (_, jobs) = s.request("GET", "/v1/admin/jobs", None, &h);
    let keys = strings_of(&jobs, "jobs", "key");
    assert!(
        !keys.is_empty() && keys.iter().all(|k| *k == "EUROPOL"),
        "{jobs}"
    );
    let (_, everything) = s.get("/v1/admin/jobs");
    let interpol = everything["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["key"] == "INTERPOL")
        .unwrap();
    let href = interpol["href"].as_str().unwrap();
    assert_eq!(s.request("GET", href, None, &h).0, 404);
    assert_eq!(s.get(href).0, 200);
}

#[test]
fn readyz_can_be_put_behind_a_key_and_healthz_stays_open() {
    let dir = crate::util::data_dir_with(&["INTERPOL.jsonl"]);
    let server = crate::util::Server::start_with(dir.path(), &["--readyz-needs-key"]);
    let no_key = [("Authorization", "")];
    let (status, body) = server.request("GET", "/readyz", None, &no_key);
    assert_eq!(status, 401, "{body}");
    assert_eq!(server.request("GET", "/healthz", None, &no_key).0, 200);
    let (status, body) = server.get("/readyz");
    assert_eq!(status, 200, "{body}");
    // any role will do
    let officer = cli(
        dir.path(),
        &[
            "keys", "create", "--agency", "FRA-NCB", "--roles", "officer",
        ],
    );
    let key = stdout(&officer).lines().last().unwrap().to_string();
    let bearer = format!("Bearer {key}");
    assert_eq!(
        server
            .request("GET", "/readyz", None, &[("Authorization", &bearer)])
            .0,
        200
    );
    // and by default it is open
    drop(server);
    let server = crate::util::Server::start(dir.path());
    assert_eq!(server.request("GET", "/readyz", None, &no_key).0, 200);
}
