//! The README's curl examples, run as written against the sample data: every `curl` command of
//! every code block of README.md, in order, with the real `curl` binary against a real
//! `frontline serve` on a copy of `index-data/feeds/`, from the project root (so `@index-data/...`
//! paths resolve). `localhost:8080` becomes the test server's address and `$K` its local key,
//! as the README's `K=` line makes it.
//!
//! Each command must be followed in its block by at least one annotation line saying what it
//! gives (a command without one fails the test: no example is skipped silently):
//! - `# expect: 202`: the status (without it, any 2xx);
//! - `# finds: SOURCE/ID`: the answer holds that record as a hit (an object with that `source`
//!   and `id`, at any depth);
//! - `# shows: TEXT`: the answer's body contains TEXT;
//! - `# sets: NAME=field`: later commands get NAME replaced by this answer's `field` (a job's
//!   `id`, say).
//!
//! A GET (no `-X`, `-d`, `--data...`, `-F`) is retried for up to 30 s until its annotations
//! hold: a job's results appear when it has run. Without `curl` on the machine the test says
//! so and passes.

use crate::util::Server;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The README's `K=` line, which the test reproduces with the test server's key.
const KEY_LINE: &str = r#"K="Authorization: Bearer $(cat index-data/local-admin.key)""#;
/// Where the README's examples send their requests.
const README_ADDR: &str = "localhost:8080";
/// How long a GET is retried until its annotations hold.
const RETRY_FOR: Duration = Duration::from_secs(30);

/// What an example's annotation says it gives.
#[derive(Debug, Clone, PartialEq)]
enum Claim {
    Status(u16),
    Finds(String, String),
    Shows(String),
    Sets(String, String),
}

/// One curl command of the README with its annotations.
#[derive(Debug, Clone, PartialEq)]
struct Example {
    /// 1-based line of the README where the command starts.
    line: usize,
    command: String,
    claims: Vec<Claim>,
}

fn claim(annotation: &str) -> Option<Result<Claim, String>> {
    let (kind, value) = annotation.split_once(':')?;
    let value = value.trim();
    Some(match kind.trim() {
        "expect" => value
            .parse()
            .map(Claim::Status)
            .map_err(|_| format!("bad status {value:?}")),
        "finds" => value
            .split_once('/')
            .map(|(s, i)| Claim::Finds(s.into(), i.into()))
            .ok_or_else(|| format!("finds needs SOURCE/ID, got {value:?}")),
        "shows" => Ok(Claim::Shows(value.into())),
        "sets" => value
            .split_once('=')
            .map(|(n, f)| Claim::Sets(n.trim().into(), f.trim().into()))
            .ok_or_else(|| format!("sets needs NAME=field, got {value:?}")),
        _ => return None,
    })
}

/// Whether a shell line leaves a single-quoted string open or continues with `\`.
fn continues(line: &str) -> bool {
    line.matches('\'').count() % 2 == 1 || line.trim_end().ends_with('\\')
}

/// Every curl command of README.md's code blocks with its annotations; an error names the
/// line of a command without an annotation or with a malformed one.
fn examples(readme: &str) -> Result<Vec<Example>, String> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out: Vec<Example> = Vec::new();
    let (mut in_block, mut i) = (false, 0);
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block || !line.trim_start().starts_with("curl ") {
            continue;
        }
        let start = i;
        let mut command = line.to_string();
        let mut open = continues(line);
        while open && i < lines.len() {
            command.push('\n');
            command.push_str(lines[i]);
            // a quote opened on an earlier line closes on this one
            let quotes = command.matches('\'').count();
            open = quotes % 2 == 1 || lines[i].trim_end().ends_with('\\');
            i += 1;
        }
        let mut claims = Vec::new();
        while let Some(next) = lines.get(i).and_then(|l| l.trim().strip_prefix('#')) {
            match claim(next) {
                Some(c) => claims.push(c.map_err(|e| format!("README.md:{}: {e}", i + 1))?),
                None => break,
            }
            i += 1;
        }
        if claims.iter().all(|c| matches!(c, Claim::Sets(..))) {
            return Err(format!(
                "README.md:{start}: curl example without an expectation (add `# finds: \
                 SOURCE/ID`, `# shows: TEXT` or `# expect: STATUS` after it)"
            ));
        }
        if command.contains("\ncurl ") {
            return Err(format!(
                "README.md:{start}: a quote left open runs into the next command (an \
                 apostrophe in a comment?)"
            ));
        }
        out.push(Example {
            line: start,
            command,
            claims,
        });
    }
    Ok(out)
}

/// Whether `v` holds, at any depth, an object with this `source` and `id`.
fn holds(v: &Value, source: &str, id: &str) -> bool {
    match v {
        Value::Object(m) => {
            (m.get("source").and_then(Value::as_str) == Some(source)
                && m.get("id").and_then(Value::as_str) == Some(id))
                || m.values().any(|x| holds(x, source, id))
        }
        Value::Array(a) => a.iter().any(|x| holds(x, source, id)),
        _ => false,
    }
}

/// Runs a README command through `sh` with `curl` wrapped to print the status last.
fn run(command: &str, key: &str) -> (u16, String) {
    let script = format!("curl() {{ command curl -w '\\n%{{http_code}}' \"$@\"; }}\n{command}");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("K", format!("Authorization: Bearer {key}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = stdout
        .trim_end()
        .rsplit_once('\n')
        .unwrap_or(("", stdout.as_str()));
    (status.trim().parse().unwrap_or(0), body.to_string())
}

/// What is wrong with an answer against an example's claims (empty: nothing).
fn check(claims: &[Claim], status: u16, body: &str) -> Vec<String> {
    let json: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let mut wrong = Vec::new();
    let expected = claims.iter().find_map(|c| match c {
        Claim::Status(s) => Some(*s),
        _ => None,
    });
    match expected {
        Some(s) if s != status => wrong.push(format!("status {status}, expected {s}")),
        None if !(200..300).contains(&status) => wrong.push(format!("status {status}")),
        _ => {}
    }
    for c in claims {
        match c {
            Claim::Finds(s, i) if !holds(&json, s, i) => wrong.push(format!("no hit {s}/{i}")),
            Claim::Shows(t) if !body.contains(t.as_str()) => wrong.push(format!("no {t:?}")),
            Claim::Sets(n, f) if json[f.as_str()].as_str().is_none() => {
                wrong.push(format!("no string `{f}` to set {n} from"))
            }
            _ => {}
        }
    }
    wrong
}

fn is_get(command: &str) -> bool {
    !["-X ", "-d ", "--data", "-F ", "-T "]
        .iter()
        .any(|flag| command.contains(flag))
}

/// A data directory whose feed directory is a copy of the sample feeds.
fn sample_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds");
    std::fs::create_dir_all(&feeds).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("index-data/feeds");
    for entry in std::fs::read_dir(samples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, feeds.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn every_readme_curl_example_runs_and_finds_what_it_says() {
    if Command::new("curl").arg("--version").output().is_err() {
        println!("SKIPPED: no curl binary on this machine, the README examples were not run");
        return;
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(KEY_LINE),
        "the README's examples no longer set K with {KEY_LINE}"
    );
    let examples = examples(&readme).unwrap_or_else(|e| panic!("{e}"));
    assert!(examples.len() >= 15, "only {} examples", examples.len());
    let dir = sample_data_dir();
    let server = Server::start(dir.path());
    let addr = server.addr.to_string();
    let mut names: Vec<(String, String)> = Vec::new();
    let mut failures = Vec::new();
    for ex in &examples {
        let mut command = ex.command.replace(README_ADDR, &addr);
        for (name, value) in &names {
            command = command.replace(name.as_str(), value);
        }
        let deadline = Instant::now()
            + if is_get(&command) {
                RETRY_FOR
            } else {
                Duration::ZERO
            };
        let (status, body, wrong) = loop {
            let (status, body) = run(&command, &server.local_key);
            let wrong = check(&ex.claims, status, &body);
            if wrong.is_empty() || Instant::now() >= deadline {
                break (status, body, wrong);
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        if !wrong.is_empty() {
            let shown: String = body.chars().take(600).collect();
            failures.push(format!(
                "README.md:{} ({status}): {}\n  {command}\n  -> {shown}",
                ex.line,
                wrong.join("; ")
            ));
            continue;
        }
        let json: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        for c in &ex.claims {
            if let Claim::Sets(name, field) = c {
                names.push((name.clone(), json[field.as_str()].as_str().unwrap().into()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_are_read_with_their_annotations_and_a_bare_one_fails() {
    let readme = "text\n```sh\nK=x\ncurl -s a \\\n  -d '{\"a\":\n 1}'\n# finds: EUROPOL/EU-1\n\
                  # sets: JOB=id\ncurl -s b   # trailing comment\n# expect: 404\n```\n";
    let got = examples(readme).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].line, 4);
    assert_eq!(got[0].command, "curl -s a \\\n  -d '{\"a\":\n 1}'");
    assert_eq!(
        got[0].claims,
        [
            Claim::Finds("EUROPOL".into(), "EU-1".into()),
            Claim::Sets("JOB".into(), "id".into())
        ]
    );
    assert_eq!(got[1].claims, [Claim::Status(404)]);
    let bare = "```sh\ncurl -s a\n# just a comment\n```\n";
    assert!(examples(bare).unwrap_err().contains("README.md:2"));
    let only_sets = "```sh\ncurl -s a\n# sets: JOB=id\n```\n";
    assert!(examples(only_sets).is_err());
    // an answer is held to its claims
    let body = r#"{"hits": [{"source": "EUROPOL", "id": "EU-1"}], "id": "j1"}"#;
    let claims = &got[0].claims;
    assert!(check(claims, 200, body).is_empty());
    assert_eq!(check(claims, 500, body), ["status 500"]);
    assert_eq!(check(claims, 200, "{}").len(), 2);
    assert_eq!(
        check(&got[1].claims, 200, "{}"),
        ["status 200, expected 404"]
    );
}
