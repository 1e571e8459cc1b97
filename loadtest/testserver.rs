//! A tiny in-process HTTP/1.1 keep-alive server for the tests: `/readyz` answers 200,
//! `/v1/persons/search` a fixed JSON body in chunked encoding, `/v1/documents/check` the
//! same body with `Content-Length`, anything else 404. It counts requests per path and body.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const BODY: &str = r#"{"hits":[{"id":"p-1","score":0.93}],"took_ms":1}"#;

#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Answer every n-th response on a connection with `Connection: close` and close (0: never).
    pub close_every: u64,
    /// Delay before each search response.
    pub delay: Duration,
}

#[derive(Default)]
struct Seen {
    paths: HashMap<String, u64>,
    bodies: HashMap<Vec<u8>, u64>,
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
        let path = line.split(' ').nth(1).unwrap_or("").to_string();
        let mut len = 0usize;
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
                }
            }
        }
        let mut body = vec![0u8; len];
        conn.read_exact(&mut body).await?;
        {
            let mut s = seen.lock().expect("lock");
            *s.paths.entry(path.clone()).or_default() += 1;
            if !body.is_empty() {
                *s.bodies.entry(body).or_default() += 1;
            }
        }
        served += 1;
        let close = opts.close_every > 0 && served % opts.close_every == 0;
        let conn_header = if close { "Connection: close\r\n" } else { "" };
        if path != "/readyz" && !opts.delay.is_zero() {
            tokio::time::sleep(opts.delay).await;
        }
        let resp = match path.as_str() {
            "/readyz" => format!(
                "HTTP/1.1 200 OK\r\n{conn_header}Content-Length: 2\r\n\r\nok"
            ),
            "/v1/documents/check" => format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{conn_header}Content-Length: {}\r\n\r\n{BODY}",
                BODY.len()
            ),
            "/v1/persons/search" => {
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
