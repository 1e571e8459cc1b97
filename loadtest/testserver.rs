//! A tiny in-process HTTP/1.1 keep-alive server for the tests: `/readyz` answers 200,
//! `/v1/persons/search` a fixed JSON body in chunked encoding, `/v1/documents/check` and
//! `/v1/travellers/check` fixed bodies with `Content-Length`, anything else 404. It counts
//! requests per request target (path and query) and body, and keeps the last `Content-Type`
//! per path.
//!
//! It also fakes screening jobs (and reloads, `POST /v1/admin/feeds/{S}/reload` then
//! `GET /v1/admin/jobs/job-N`, `running` until the last poll, [`RELOAD_LINES`] lines): `POST /v1/screenings` answers 202 with job `job-N`, whose
//! travellers are the body's non-empty lines but the first (a CSV header). Each
//! `GET /v1/screenings/job-N` is one poll: `queued` first, then `running`, and from poll
//! [`ServerOptions::job_polls`] on the final status [`ServerOptions::job_status`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const BODY: &str = r#"{"hits":[{"id":"p-1","score":0.93}],"took_ms":1}"#;
const TRAVELLER_BODY: &str = r#"{"alert":false,"person_hits":[],"document_hits":[],"took_ms":1}"#;
/// The server-side time a fake job reports, in `summary.took_ms`.
pub const JOB_TOOK_MS: f64 = 250.0;

#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Answer every n-th response on a connection with `Connection: close` and close (0: never).
    pub close_every: u64,
    /// Delay before each search response.
    pub delay: Duration,
    /// Polls of a screening job before it shows its final status (0: at the first poll).
    pub job_polls: u64,
    /// A screening job's final status; empty means `succeeded`.
    pub job_status: &'static str,
}

#[derive(Default)]
struct Seen {
    paths: HashMap<String, u64>,
    bodies: HashMap<Vec<u8>, u64>,
    content_types: HashMap<String, String>,
    /// Per fake job: travellers and polls so far.
    jobs: Vec<(u64, u64)>,
}

pub struct TestServer {
    port: u16,
    seen: Arc<Mutex<Seen>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    pub async fn start(opts: ServerOptions) -> TestServer {
        Self::start_on(0, opts).await
    }

    /// Starts on `127.0.0.1:port` (0: any free port).
    pub async fn start_on(port: u16, opts: ServerOptions) -> TestServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
        let port = listener.local_addr().expect("local addr").port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let seen2 = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let seen = Arc::clone(&seen2);
                let opts = opts.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, seen, opts).await;
                });
            }
        });
        TestServer { port, seen, task }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn counts(&self) -> HashMap<String, u64> {
        self.seen.lock().expect("lock").paths.clone()
    }

    pub fn bodies(&self) -> HashMap<Vec<u8>, u64> {
        self.seen.lock().expect("lock").bodies.clone()
    }

    /// The `Content-Type` of the last request to `path` (without the query).
    pub fn content_type(&self, path: &str) -> Option<String> {
        self.seen
            .lock()
            .expect("lock")
            .content_types
            .get(path)
            .cloned()
    }
}

/// Feed lines of every faked reload job.
pub const RELOAD_LINES: u64 = 1000;

/// Status and JSON body of a job request (a screening, or a reload and its admin job), `None`
/// if `path` is not a job route.
fn screening(
    method: &str,
    path: &str,
    body: &[u8],
    seen: &Mutex<Seen>,
    opts: &ServerOptions,
) -> Option<(&'static str, String)> {
    let mut s = seen.lock().expect("lock");
    if method == "POST" && path == "/v1/screenings" {
        let lines = body
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count() as u64;
        let total = lines.saturating_sub(1);
        s.jobs.push((total, 0));
        let id = s.jobs.len();
        let job = format!(
            r#"{{"id":"job-{id}","kind":"screening","status":"queued","progress":{{"done":0,"total":{total}}},"href":"/v1/screenings/job-{id}"}}"#
        );
        return Some(("202 Accepted", job));
    }
    if method == "POST" && path.starts_with("/v1/admin/feeds/") && path.ends_with("/reload") {
        s.jobs.push((RELOAD_LINES, 0));
        let id = s.jobs.len();
        let job = format!(
            r#"{{"id":"job-{id}","kind":"ingest","status":"queued","progress":{{"done":0,"total":0}}}}"#
        );
        return Some(("202 Accepted", job));
    }
    if let Some(n) = path.strip_prefix("/v1/admin/jobs/job-") {
        let n: usize = n.parse().ok()?;
        if method != "GET" || n == 0 || n > s.jobs.len() {
            return None;
        }
        let job = &mut s.jobs[n - 1];
        job.1 += 1;
        let record = if job.1 < opts.job_polls {
            format!(
                r#"{{"id":"job-{n}","status":"running","progress":{{"done":10,"total":0,"counters":{{"lines_read":10,"rejected":0}}}}}}"#
            )
        } else {
            format!(
                r#"{{"id":"job-{n}","status":"succeeded","progress":{{"done":{RELOAD_LINES},"total":0}},"summary":{{"lines":{RELOAD_LINES},"records_after":{RELOAD_LINES},"took_ms":{JOB_TOOK_MS}}}}}"#
            )
        };
        return Some(("200 OK", record));
    }
    let n: usize = path.strip_prefix("/v1/screenings/job-")?.parse().ok()?;
    if method != "GET" || n == 0 || n > s.jobs.len() {
        return None;
    }
    let (total, polls) = {
        let job = &mut s.jobs[n - 1];
        job.1 += 1;
        *job
    };
    let record = if polls == 1 && opts.job_polls > 1 {
        format!(r#"{{"id":"job-{n}","status":"queued","progress":{{"done":0,"total":{total}}}}}"#)
    } else if polls < opts.job_polls {
        let done = total * polls / opts.job_polls;
        format!(
            r#"{{"id":"job-{n}","status":"running","progress":{{"done":{done},"total":{total},"counters":{{"alerts":0}}}}}}"#
        )
    } else {
        match opts.job_status {
            "" | "succeeded" => format!(
                r#"{{"id":"job-{n}","status":"succeeded","progress":{{"done":{total},"total":{total}}},"summary":{{"travellers":{total},"alerts":1,"rejected":0,"took_ms":{JOB_TOOK_MS}}},"results":[]}}"#
            ),
            other => format!(
                r#"{{"id":"job-{n}","status":"{other}","progress":{{"done":0,"total":{total}}},"error":"the batch pool broke down"}}"#
            ),
        }
    };
    Some(("200 OK", record))
}

async fn serve(
    stream: TcpStream,
    seen: Arc<Mutex<Seen>>,
    opts: ServerOptions,
) -> std::io::Result<()> {
    let mut conn = BufReader::new(stream);
    let mut served = 0u64;
    let mut line = String::new();
    loop {
        line.clear();
        if conn.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let method = line.split(' ').next().unwrap_or("").to_string();
        let target = line.split(' ').nth(1).unwrap_or("").to_string();
        let path = target.split('?').next().unwrap_or("").to_string();
        let mut len = 0usize;
        let mut content_type = None;
        loop {
            line.clear();
            conn.read_line(&mut line).await?;
            let h = line.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                } else if k.eq_ignore_ascii_case("content-type") {
                    content_type = Some(v.trim().to_string());
                }
            }
        }
        let mut body = vec![0u8; len];
        conn.read_exact(&mut body).await?;
        {
            let mut s = seen.lock().expect("lock");
            *s.paths.entry(target.clone()).or_default() += 1;
            if let Some(ct) = content_type {
                s.content_types.insert(path.clone(), ct);
            }
        }
        served += 1;
        let close = opts.close_every > 0 && served.is_multiple_of(opts.close_every);
        let conn_header = if close { "Connection: close\r\n" } else { "" };
        if path != "/readyz" && !opts.delay.is_zero() {
            tokio::time::sleep(opts.delay).await;
        }
        let job = screening(&method, &path, &body, &seen, &opts);
        if !body.is_empty() {
            *seen.lock().expect("lock").bodies.entry(body).or_default() += 1;
        }
        let resp = match (path.as_str(), job) {
            (_, Some((status, json))) => format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{conn_header}Content-Length: {}\r\n\r\n{json}",
                json.len()
            ),
            ("/v1/travellers/check", None) => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{conn_header}Content-Length: {}\r\n\r\n{TRAVELLER_BODY}",
                TRAVELLER_BODY.len()
            ),
            ("/readyz", None) => format!(
                "HTTP/1.1 200 OK\r\n{conn_header}Content-Length: 2\r\n\r\nok"
            ),
            ("/v1/documents/check", None) => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{conn_header}Content-Length: {}\r\n\r\n{BODY}",
                BODY.len()
            ),
            ("/v1/persons/search", None) => {
                let (a, b) = BODY.split_at(10);
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{conn_header}Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
                    a.len(),
                    b.len()
                )
            }
            _ => {
                let e = r#"{"error":{"code":"not_found","message":"no such route"}}"#;
                format!(
                    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n{conn_header}Content-Length: {}\r\n\r\n{e}",
                    e.len()
                )
            }
        };
        conn.get_mut().write_all(resp.as_bytes()).await?;
        if close {
            return conn.get_mut().shutdown().await;
        }
    }
}
