//! Shared fixtures: a temporary data directory, the `frontline` binary as a child process,
//! and a minimal HTTP/1.1 client (so tests can also send malformed requests).

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Response headers, in order.
pub type Headers = Vec<(String, String)>;

pub const BIN: &str = env!("CARGO_BIN_EXE_frontline");

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A data directory with `feeds/` holding the given fixtures.
pub fn data_dir_with(feeds: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("feeds")).unwrap();
    for f in feeds {
        std::fs::copy(fixture(f), dir.path().join("feeds").join(f)).unwrap();
    }
    dir
}

/// Runs `frontline --data-dir DIR ARGS...` to completion.
pub fn cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `frontline --data-dir DIR ingest ARGS...`, asserts success, returns stdout.
pub fn ingest_ok(data_dir: &Path, args: &[&str]) -> String {
    let out = cli(data_dir, &[&["ingest"], args].concat());
    assert!(
        out.status.success(),
        "ingest {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts `frontline --data-dir DIR serve --listen 127.0.0.1:0 ARGS...` (stderr to
/// `DIR/server.log`) and reads the scheme and address it prints.
pub fn spawn_serve(data_dir: &Path, args: &[&str]) -> (Child, String, SocketAddr) {
    let log = std::fs::File::create(data_dir.join("server.log")).unwrap();
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let (scheme, addr) = line
        .trim()
        .strip_prefix("frontline listening on ")
        .and_then(|rest| rest.split_once("://"))
        .unwrap_or_else(|| panic!("bad line {line:?}"));
    let addr = addr.parse().unwrap_or_else(|_| panic!("bad line {line:?}"));
    (child, scheme.to_string(), addr)
}

/// A running `frontline serve` on an ephemeral loopback port; killed on drop.
///
/// Every request carries an API key: the local key the server created on its first start
/// (agency `LOCAL`, every role), or, for a request with an `X-Agency: CODE` header, a key
/// issued to that agency (created in the data directory's key store the first time; the
/// running server sees it at once). A request given an `Authorization` header sends that one
/// instead (an empty value: no header at all).
pub struct Server {
    pub addr: SocketAddr,
    pub child: Child,
    pub data_dir: PathBuf,
    pub local_key: String,
    agency_keys: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

impl Server {
    pub fn start(data_dir: &Path) -> Server {
        Server::start_with(data_dir, &[])
    }

    /// `frontline serve` with more arguments.
    pub fn start_with(data_dir: &Path, args: &[&str]) -> Server {
        let (child, scheme, addr) = spawn_serve(data_dir, args);
        assert_eq!(scheme, "http", "use spawn_serve for TLS");
        let mut server = Server {
            addr,
            child,
            data_dir: data_dir.to_path_buf(),
            local_key: String::new(),
            agency_keys: Default::default(),
        };
        server.wait_ready();
        server
    }

    /// A key of `agency` with every role (created once per test server).
    pub fn key_of(&self, agency: &str) -> String {
        let mut keys = self.agency_keys.lock().unwrap();
        keys.entry(agency.to_string())
            .or_insert_with(|| {
                let store = frontline::auth::KeyStore::open(&self.data_dir).unwrap();
                let roles = frontline::auth::Role::ALL;
                store.create(agency, &roles, Some("test")).unwrap().1
            })
            .clone()
    }

    /// Waits for the local key the server writes on its first start, then for `/readyz`.
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let key_file = self.data_dir.join(frontline::auth::local::LOCAL_KEY_FILE);
        loop {
            if self.local_key.is_empty() {
                match frontline::auth::local::read_key_file(&key_file) {
                    Ok(key) => self.local_key = key,
                    Err(e) => {
                        assert!(Instant::now() < deadline, "no local key after start: {e}");
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                }
            }
            if let Ok((200, _)) = self.try_request("GET", "/readyz", None, &[]) {
                return;
            }
            assert!(Instant::now() < deadline, "server not ready in 60 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        self.request("GET", path, None, &[])
    }

    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.request("POST", path, Some(&body.to_string()), &[])
    }

    pub fn post_as(&self, agency: &str, path: &str, body: &Value) -> (u16, Value) {
        self.request(
            "POST",
            path,
            Some(&body.to_string()),
            &[("X-Agency", agency)],
        )
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        self.try_request(method, path, body, headers).unwrap()
    }

    pub fn try_request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> std::io::Result<(u16, Value)> {
        self.try_request_bytes(method, path, body.unwrap_or("").as_bytes(), headers)
    }

    /// Sends any bytes as the body (a feed upload, invalid UTF-8).
    pub fn request_bytes(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        self.try_request_bytes(method, path, body, headers).unwrap()
    }

    pub fn try_request_bytes(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> std::io::Result<(u16, Value)> {
        self.try_request_full(method, path, body, headers)
            .map(|(status, _, json)| (status, json))
    }

    /// A request, answered with the status, the response headers and the body.
    pub fn try_request_full(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> std::io::Result<(u16, Headers, Value)> {
        let mut s = TcpStream::connect(self.addr)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req.push_str("Content-Type: application/json\r\n");
        }
        let given = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
        if given("authorization").is_none() {
            let key = match given("x-agency") {
                Some((_, a)) if frontline::feeds::valid_code(a) && *a != "LOCAL" => self.key_of(a),
                _ => self.local_key.clone(),
            };
            req.push_str(&format!("Authorization: Bearer {key}\r\n"));
        }
        for (k, v) in headers {
            if !v.is_empty() {
                req.push_str(&format!("{k}: {v}\r\n"));
            }
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes())?;
        s.write_all(body)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        let json = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&body).unwrap_or(Value::String(body))
        };
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Ok((status, headers, json))
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((len, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The string `field` of every object in the array `resp[list]`, in order.
pub fn strings_of<'a>(resp: &'a Value, list: &str, field: &str) -> Vec<&'a str> {
    resp[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o[field].as_str().unwrap())
        .collect()
}

/// Ids of the hits of a search response, in rank order.
pub fn ids(resp: &Value) -> Vec<String> {
    strings_of(resp, "hits", "id")
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// `source/id` of every hit in `resp[key]`, in order.
pub fn hit_ids(resp: &Value, key: &str) -> Vec<String> {
    resp[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}/{}",
                h["source"].as_str().unwrap(),
                h["id"].as_str().unwrap()
            )
        })
        .collect()
}

/// Polls `f` until it returns true or 15 s pass.
pub fn eventually(mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}
