//! API keys as an administrator manages them with the CLI: created for an agency and roles,
//! printed once, listed without secrets, revoked.

use crate::util::cli;

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
