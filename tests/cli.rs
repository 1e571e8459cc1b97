//! The `frontline` command line as a user meets it. Properties:
//! - a read-only command on a data directory without an index exits 2 naming the directory
//!   and how to build one, and creates nothing there;
//! - a reader that closes stdout early (`| head -1`) ends the command quietly: exit 0, no
//!   panic, no error;
//! - `serve` on a busy address names it and how to choose another, and exits non-zero; an
//!   unknown key in its `--config` file exits 2 naming the key;
//! - progress bars are drawn on a terminal only: piped runs have none on stderr;
//! - a rejected feed lists every bad line it says it lists, with its number and reason;
//! - every key of `frontline.toml` is set by its `FRONTLINE_<SECTION>__<KEY>` variable as
//!   `frontline config check` shows, and `config check` prints no secret.

use crate::util::{cli, data_dir_with, ingest_ok, BIN};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The ICAO 9303 specimen passport.
const MRZ: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

const MANIFEST: &str = "ID,Surname,Given_Names,Date_of_Birth,Nationality,Sex,Document_Number,Document_Type,Document_Country\n\
PAX1,Khrushchev,Nikita Sergeyevich,1960-01-01,RUS,M,,,\n\
PAX2,Mueller,Hans,02.01.1977,DEU,M,C01X00T47,P,DEU\n";

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path.clone());
            }
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
        }
    }
    found
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn read_only_commands_refuse_a_data_directory_without_an_index() {
    let work = tempfile::tempdir().unwrap();
    let manifest = work.path().join("manifest.csv");
    std::fs::write(&manifest, MANIFEST).unwrap();
    let manifest = manifest.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["search", "Hans Mueller"],
        &["check-doc", "C01X00T47", "--country", "DEU"],
        &["screen", manifest],
        &["mrz", MRZ[0], MRZ[1]],
        &["feeds", "status"],
        &["search", "Hans Mueller", "--json"],
    ];
    for args in commands {
        // an empty directory, and one that does not exist at all
        for data_dir in [work.path().join("empty"), work.path().join("absent")] {
            if data_dir.ends_with("empty") {
                std::fs::create_dir_all(&data_dir).unwrap();
            }
            let out = cli(&data_dir, args);
            let err = stderr_of(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains("no index in"), "{args:?}: {err}");
            assert!(
                err.contains(&data_dir.display().to_string()),
                "{args:?} does not name the directory: {err}"
            );
            assert!(
                err.contains(&format!(
                    "frontline --data-dir {} ingest",
                    data_dir.display()
                )),
                "{args:?} does not say how to build an index: {err}"
            );
            assert!(out.stdout.is_empty(), "{args:?}");
            assert_eq!(
                files_under(&data_dir),
                Vec::<String>::new(),
                "{args:?} created files in {}",
                data_dir.display()
            );
            if data_dir.ends_with("absent") {
                assert!(
                    !data_dir.exists(),
                    "{args:?} created {}",
                    data_dir.display()
                );
            }
        }
    }
}

/// `frontline ARGS` with stdout into a pipe of one page, from which one line is read before
/// the pipe is closed; the exit status and stderr. `full_len` is how much the command writes
/// when read to the end: more than the pipe and the line, so the command must meet the
/// closed pipe.
fn closed_after_one_line(data_dir: &Path, args: &[&str]) -> (Option<i32>, String, usize) {
    let full = cli(data_dir, args);
    assert!(full.status.success(), "{args:?}: {}", stderr_of(&full));
    let (reader, writer) = std::io::pipe().unwrap();
    {
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a pipe this test owns
        let size = unsafe { libc::fcntl(reader.as_raw_fd(), libc::F_SETPIPE_SZ, 4096) };
        assert!(
            size >= 4096,
            "F_SETPIPE_SZ: {}",
            std::io::Error::last_os_error()
        );
    }
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(reader).read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "{args:?}: no first line");
    // the reader is dropped: the pipe is closed
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), err, full.stdout.len())
}

#[test]
fn a_closed_stdout_ends_a_command_quietly() {
    let dir = data_dir_with(&[]);
    // the sample feeds: enough records for long answers
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/feeds");
    let feeds: Vec<String> = std::fs::read_dir(samples)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".jsonl"))
        .collect();
    ingest_ok(
        dir.path(),
        &feeds.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let commands: [&[&str]; 2] = [
        &["search", "Mohammed Al Hassan", "--limit", "100", "--json"],
        &["audit", "search"],
    ];
    // an audit log to search: one server run with requests
    {
        let s = crate::util::Server::start_with(dir.path(), &["--no-bootstrap"]);
        for n in 0..200 {
            let body = serde_json::json!({"name": format!("Person Number {n}")});
            assert_eq!(s.post("/v1/persons/search", &body).0, 200);
        }
    }
    for args in commands {
        let (code, err, full_len) = closed_after_one_line(dir.path(), args);
        assert!(
            full_len > 16 * 1024,
            "{args:?} writes only {full_len} bytes: too few to meet the closed pipe"
        );
        assert_eq!(code, Some(0), "{args:?}: {err}");
        for bad in ["panicked", "failed printing", "error", "Broken pipe"] {
            assert!(!err.contains(bad), "{args:?}: {bad:?} on stderr: {err}");
        }
    }
}

/// Waits for `child` to exit; kills it and fails after 60 s (a server that did not stop).
fn exit_of(mut child: std::process::Child, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what}: still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn spawn_serve(data_dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn serve_on_a_busy_address_names_it_and_how_to_choose_another() {
    let dir = data_dir_with(&[]);
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let child = spawn_serve(dir.path(), &["--listen", &addr, "--no-bootstrap"]);
    let out = exit_of(child, "serve on a busy address");
    let err = stderr_of(&out);
    assert!(!out.status.success(), "{err}");
    for expected in [
        addr.as_str(),
        "already in use",
        "--listen HOST:PORT",
        "server.listen",
        "FRONTLINE_SERVER__LISTEN",
        "port 0",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    drop(busy);
}

#[test]
fn serve_with_an_unknown_key_in_its_config_file_exits_2_naming_it() {
    let dir = data_dir_with(&[]);
    let file = dir.path().join("custom.toml");
    std::fs::write(
        &file,
        "[server]\nlisten_address = \"127.0.0.1:0\"\nbootstrap_samples = false\n",
    )
    .unwrap();
    let child = spawn_serve(
        dir.path(),
        &[
            "--config",
            file.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
    );
    let out = exit_of(child, "serve with an unknown key");
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("listen_address"), "{err}");
    assert!(err.contains("custom.toml"), "{err}");
}

/// What progress bars leave on a stream: carriage returns and terminal escapes (a bar
/// redraws itself in place), or their templates' words.
fn progress_marks(text: &str) -> Vec<&'static str> {
    ["\r", "\x1b[", "entries read", "travellers,", "eta "]
        .into_iter()
        .filter(|m| text.contains(m))
        .collect()
}

/// The long commands, each with stderr and stdout piped.
fn long_commands(work: &Path) -> Vec<(String, Output)> {
    let feeds = work.join("feeds");
    let data = work.join("data");
    let synth_out = feeds.to_str().unwrap();
    let run = |args: Vec<String>| {
        let out = Command::new(BIN)
            .arg("--data-dir")
            .arg(&data)
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        (args.join(" "), out)
    };
    let mut runs = vec![run([
        "synth",
        "--persons",
        "2000",
        "--documents",
        "500",
        "--manifest-travellers",
        "300",
        "--out",
        synth_out,
    ]
    .map(String::from)
    .to_vec())];
    let mut ingest = vec!["ingest".to_string()];
    for entry in std::fs::read_dir(&feeds).unwrap().flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "jsonl") && !p.ends_with("manifest.truth.jsonl") {
            ingest.push(p.display().to_string());
        }
    }
    runs.push(run(ingest));
    runs.push(run(vec![
        "screen".into(),
        feeds.join("manifest.csv").display().to_string(),
    ]));
    runs.push(run([
        "eval",
        "--persons",
        "500",
        "--per-family",
        "5",
        "--negatives",
        "20",
        "--no-baseline",
        "--sdn",
        "/nonexistent",
        "--work-dir",
        work.join("eval").to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()));
    runs
}

#[test]
fn long_commands_draw_no_progress_when_stderr_is_not_a_terminal() {
    let work = tempfile::tempdir().unwrap();
    for (what, out) in long_commands(work.path()) {
        let err = stderr_of(&out);
        assert_eq!(progress_marks(&err), Vec::<&str>::new(), "{what}: {err:?}");
        assert!(!out.stdout.is_empty(), "{what}: no result");
    }
}

#[test]
fn screen_draws_its_progress_bar_on_a_terminal() {
    // the same screening as above, under `script`, whose pseudo-terminal is stderr
    let work = tempfile::tempdir().unwrap();
    long_commands(work.path());
    let command = format!(
        "{BIN} --data-dir {} screen {}",
        work.path().join("data").display(),
        work.path().join("feeds/manifest.csv").display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs a command on a pseudo-terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("screened 300 travellers"), "{text}");
    assert!(text.contains("travellers,"), "no progress bar: {text:?}");
}

/// A valid person line of INTERPOL.
fn good_line(n: usize) -> String {
    format!(r#"{{"kind":"person","source":"INTERPOL","id":"G{n}","names":["Good Person {n}"]}}"#)
}

#[test]
fn a_rejected_feed_lists_every_bad_line_it_promises() {
    let dir = data_dir_with(&[]);
    // a few bad lines, of several kinds, among good ones
    let bad: [(usize, &str, &str); 5] = [
        (
            2,
            r#"{"kind":"person","source":"INTERPOL","id":"B1","names":["Bad Date"],"date_of_birth":"1980-02-30"}"#,
            "'date_of_birth'",
        ),
        (
            4,
            r#"{"kind":"person","source":"INTERPOL","id":"B2""#,
            "invalid JSON",
        ),
        (
            5,
            r#"{"kind":"spaceship","source":"INTERPOL","id":"B3"}"#,
            "unknown kind",
        ),
        (7, "not json at all", "invalid JSON"),
        (
            9,
            r#"{"kind":"person","source":"EUROPOL","id":"B4","names":["Mixed"]}"#,
            "source 'EUROPOL' differs",
        ),
    ];
    let mut lines: Vec<String> = (1..=10).map(good_line).collect();
    for (n, text, _) in &bad {
        lines[n - 1] = text.to_string();
    }
    let feed = dir.path().join("few.jsonl");
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let out = cli(dir.path(), &["ingest", feed.to_str().unwrap()]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("5 invalid entries"), "{err}");
    for (n, _, reason) in bad {
        let listed = err
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("line {n}: ")) && l.contains(reason));
        assert!(listed, "line {n} ({reason}) not listed: {err}");
    }
    assert!(!err.contains("more (only the first"), "{err}");

    // more bad lines than are listed: the first ones, up to the bound said, each listed
    let bound = frontline::feeds::MAX_REPORTED_LINE_ERRORS;
    let total = bound + 20;
    let many: Vec<String> = (1..=2 * total + 10)
        .map(|n| {
            if n % 2 == 0 && n / 2 <= total {
                format!("bad line {n}")
            } else {
                good_line(n)
            }
        })
        .collect();
    let bad_lines: Vec<usize> = (1..=many.len())
        .filter(|n| many[n - 1].starts_with("bad"))
        .collect();
    assert_eq!(bad_lines.len(), total);
    let feed = dir.path().join("many.jsonl");
    std::fs::write(&feed, many.join("\n") + "\n").unwrap();
    let out = cli(dir.path(), &["ingest", feed.to_str().unwrap()]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{total} invalid entries")), "{err}");
    let listed: Vec<usize> = err
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("line "))
        .filter_map(|l| l.split_once(": invalid JSON"))
        .map(|(n, _)| n.parse().unwrap())
        .collect();
    assert_eq!(listed, bad_lines[..bound], "{err}");
    assert!(
        err.contains(&format!(
            "... and 20 more (only the first {bound} are listed)"
        )),
        "{err}"
    );
    // nothing was applied, nor an index left behind with records
    let search = cli(dir.path(), &["search", "Good Person", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap_or_default();
    assert_eq!(hits["hits"].as_array().map(Vec::len), Some(0), "{hits}");
}

#[test]
fn config_check_shows_every_key_set_by_its_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let keys = frontline::config::keys::every_key();
    assert!(keys.len() >= 35, "{} keys", keys.len());
    let mut command = Command::new(BIN);
    command
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "check"]);
    for k in &keys {
        command.env(k.env_var(), k.other_text());
    }
    let out = command.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let shown: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    for k in &keys {
        assert_ne!(k.other, k.default, "{}", k.name());
        assert_eq!(
            shown[&k.section][&k.key],
            k.other,
            "{} as {}: {text}",
            k.name(),
            k.env_var()
        );
    }
    // and each variable alone is an error naming it when its value does not fit
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "check"])
        .env("FRONTLINE_SEARCH__MAX_QUEUED", "many")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("FRONTLINE_SEARCH__MAX_QUEUED"));
}

#[test]
fn config_check_prints_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "fl_0123456789abcdef_SECRETSECRETSECRET";
    let key_pem = "-----BEGIN PRIVATE KEY-----\nTLSKEYSECRET\n-----END PRIVATE KEY-----\n";
    std::fs::write(dir.path().join("audit.key"), "AUDITKEYSECRET\n").unwrap();
    std::fs::write(dir.path().join("key.pem"), key_pem).unwrap();
    std::fs::write(dir.path().join("chain.pem"), "CHAINCONTENT").unwrap();
    std::fs::write(
        dir.path().join("frontline.toml"),
        "[server]\ntls_cert = \"chain.pem\"\ntls_key = \"key.pem\"\n[audit]\nkey = \"audit.key\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "check"])
        .env("FRONTLINE_KEY", secret)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // the paths are shown
    for file in ["key.pem", "chain.pem", "audit.key"] {
        let path = dir.path().join(file).display().to_string();
        assert!(text.contains(&path), "{file} not shown: {text}");
    }
    // never what is in them, nor the API key of the environment
    for hidden in ["TLSKEYSECRET", "AUDITKEYSECRET", "CHAINCONTENT", secret] {
        assert!(!text.contains(hidden), "{hidden} shown: {text}");
        assert!(!stderr_of(&out).contains(hidden), "{hidden} on stderr");
    }
}
