//! Loopback-only target parsing and a minimal HTTP/1.1 keep-alive client.
//!
//! The client speaks just enough HTTP/1.1 for a load generator: it writes a request with a
//! `Content-Length` body, reads the status line and headers, and reads the body by
//! `Content-Length`, by `Transfer-Encoding: chunked`, or (for a response that has neither) to
//! the end of the connection. Anything it cannot trust afterwards (an I/O error, a protocol
//! error, a timeout, `Connection: close`) makes the connection unusable; the caller reconnects.

use anyhow::{bail, Context};
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Longest status line or header line accepted.
const MAX_LINE: usize = 16 * 1024;
/// Most header lines accepted in one response head (or chunked trailer).
const MAX_HEADERS: usize = 128;
/// Largest response body accepted; anything bigger is a protocol error.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// A parsed `http://` target on a loopback address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The socket address connected to; always loopback.
    pub addr: SocketAddr,
    /// Value of the `Host` header.
    pub host_header: String,
    /// Path prefix prepended to every request path, without a trailing `/` (usually empty).
    pub base_path: String,
}

impl Target {
    /// Parses `http://HOST[:PORT][/PREFIX]` and refuses any host that is not loopback:
    /// `127.0.0.0/8`, `localhost` or `[::1]`. No name is ever resolved through DNS:
    /// `localhost` is taken to mean `127.0.0.1`.
    pub fn parse(url: &str) -> anyhow::Result<Target> {
        let rest = match url.strip_prefix("http://") {
            Some(r) => r,
            None if url.starts_with("https://") => {
                bail!("target {url:?}: https is not supported, use http://")
            }
            None => bail!("target {url:?}: expected http://HOST[:PORT]"),
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            bail!("target {url:?}: user info ('@') is not allowed in the target");
        }
        if path.contains(['?', '#']) {
            bail!("target {url:?}: query strings and fragments are not allowed in the target");
        }
        if path.bytes().any(|b| b <= b' ' || b == 0x7f) {
            bail!("target {url:?}: path contains whitespace or control characters");
        }
        let (host, port) = split_host_port(authority).with_context(|| format!("target {url:?}"))?;
        let ip = loopback_ip(host).with_context(|| format!("target {url:?}"))?;
        let addr = SocketAddr::new(ip, port);
        let host_header = match ip {
            IpAddr::V6(_) => format!("[{ip}]:{port}"),
            IpAddr::V4(_) => format!("{}:{port}", host.to_ascii_lowercase()),
        };
        Ok(Target {
            addr,
            host_header,
            base_path: path.trim_end_matches('/').to_string(),
        })
    }

    /// Full request path for an API path such as `/readyz`.
    pub fn path(&self, p: &str) -> String {
        format!("{}{}", self.base_path, p)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http://{}{}", self.host_header, self.base_path)
    }
}

fn split_host_port(authority: &str) -> anyhow::Result<(&str, u16)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']').context("unterminated '[' in IPv6 address")?;
        let host = &rest[..end];
        match &rest[end + 1..] {
            "" => (host, None),
            p => match p.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                None => bail!("unexpected {p:?} after IPv6 address"),
            },
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        bail!("missing host");
    }
    let port = match port {
        None => 80,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n != 0 => n,
            _ => bail!("invalid port {p:?}"),
        },
    };
    Ok((host, port))
}

/// The loopback address a host names, or an error if it names anything else.
/// `host` is the bare host: `127.0.0.1`, `localhost`, or `::1` (without brackets).
pub fn loopback_ip(host: &str) -> anyhow::Result<IpAddr> {
    let lower = host.to_ascii_lowercase();
    if lower == "localhost" || lower == "localhost." {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let ip: IpAddr = match host.parse::<Ipv4Addr>() {
        Ok(v4) => IpAddr::V4(v4),
        Err(_) => match host.parse::<Ipv6Addr>() {
            Ok(v6) => IpAddr::V6(v6),
            Err(_) => bail!(
                "refusing host {host:?}: this tool only loads loopback targets \
                 (127.0.0.0/8, localhost, [::1]) and never resolves other names"
            ),
        },
    };
    if ip.is_loopback() {
        Ok(ip)
    } else {
        bail!(
            "refusing host {host}: not a loopback address; this tool only loads loopback \
             targets (127.0.0.0/8, localhost, [::1])"
        )
    }
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TransportError {
    /// The TCP connection could not be opened.
    Connect,
    /// No complete response within the per-request timeout.
    Timeout,
    /// The server closed the connection before the response was complete.
    Closed,
    /// Read or write failed (reset, broken pipe, ...).
    Io,
    /// The response was not valid HTTP/1.1 as this client understands it.
    Protocol,
}

impl TransportError {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportError::Connect => "connect",
            TransportError::Timeout => "timeout",
            TransportError::Closed => "closed",
            TransportError::Io => "io",
            TransportError::Protocol => "protocol",
        }
    }

    fn from_io(e: &io::Error) -> TransportError {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => TransportError::Closed,
            io::ErrorKind::InvalidData => TransportError::Protocol,
            _ => TransportError::Io,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A response's status and whether the connection may be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body_len: usize,
    pub keep_alive: bool,
}

/// What a response head says about the body and the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    status: u16,
    content_length: Option<usize>,
    chunked: bool,
    keep_alive: bool,
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Reads one CRLF- (or LF-) terminated line into `line`, without the terminator.
/// EOF before any byte, or in the middle of a line, is `UnexpectedEof`.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R, line: &mut Vec<u8>) -> io::Result<()> {
    line.clear();
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > MAX_LINE {
            return Err(invalid("header line too long"));
        }
        line.extend_from_slice(&buf[..take]);
        r.consume(take);
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(());
        }
    }
}

/// Reads a response head (status line and headers), skipping any `1xx` interim responses.
async fn read_head<R: AsyncBufRead + Unpin>(r: &mut R, line: &mut Vec<u8>) -> io::Result<Head> {
    loop {
        read_line(r, line).await?;
        let text = std::str::from_utf8(line).map_err(|_| invalid("status line is not UTF-8"))?;
        let mut parts = text.splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        let http11 = match version {
            "HTTP/1.1" => true,
            "HTTP/1.0" => false,
            _ => return Err(invalid(format!("bad status line {text:?}"))),
        };
        let status = parts
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..1000).contains(s))
            .ok_or_else(|| invalid(format!("bad status line {text:?}")))?;
        let mut head = Head {
            status,
            content_length: None,
            chunked: false,
            keep_alive: http11,
        };
        let mut n = 0;
        loop {
            read_line(r, line).await?;
            if line.is_empty() {
                break;
            }
            n += 1;
            if n > MAX_HEADERS {
                return Err(invalid("too many headers"));
            }
            let text = std::str::from_utf8(line).map_err(|_| invalid("header is not UTF-8"))?;
            let (name, value) = text
                .split_once(':')
                .ok_or_else(|| invalid(format!("bad header {text:?}")))?;
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                let len = value
                    .parse::<usize>()
                    .map_err(|_| invalid(format!("bad Content-Length {value:?}")))?;
                if head.content_length.is_some_and(|l| l != len) {
                    return Err(invalid("conflicting Content-Length headers"));
                }
                head.content_length = Some(len);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                let last = value.rsplit(',').next().unwrap_or("").trim();
                if last.eq_ignore_ascii_case("chunked") {
                    head.chunked = true;
                } else {
                    return Err(invalid(format!("unsupported Transfer-Encoding {value:?}")));
                }
            } else if name.eq_ignore_ascii_case("connection") {
                for token in value.split(',').map(str::trim) {
                    if token.eq_ignore_ascii_case("close") {
                        head.keep_alive = false;
                    } else if token.eq_ignore_ascii_case("keep-alive") {
                        head.keep_alive = true;
                    }
                }
            }
        }
        // 1xx responses are interim; 101 would switch protocols, which we never ask for.
        if (100..200).contains(&status) && status != 101 {
            continue;
        }
        return Ok(head);
    }
}

/// Decodes a `Transfer-Encoding: chunked` body from `r` into `body` (appending), consuming
/// the final zero-size chunk and any trailers. Errors on malformed framing or on a body
/// larger than [`MAX_BODY`].
pub async fn read_chunked<R: AsyncBufRead + Unpin>(
    r: &mut R,
    body: &mut Vec<u8>,
    line: &mut Vec<u8>,
) -> io::Result<()> {
    loop {
        read_line(r, line).await?;
        let text = std::str::from_utf8(line).map_err(|_| invalid("chunk size is not UTF-8"))?;
        let size_text = text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| invalid(format!("bad chunk size {text:?}")))?;
        if size == 0 {
            // Trailers, then the empty line that ends the message.
            for _ in 0..=MAX_HEADERS {
                read_line(r, line).await?;
                if line.is_empty() {
                    return Ok(());
                }
            }
            return Err(invalid("too many trailer lines"));
        }
        if body.len().saturating_add(size) > MAX_BODY {
            return Err(invalid("chunked body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..]).await?;
        read_line(r, line).await?;
        if !line.is_empty() {
            return Err(invalid("missing CRLF after chunk data"));
        }
    }
}

/// Reads one full response (head and body) from `r`; the body goes into `body` (cleared first).
pub async fn read_response<R: AsyncBufRead + Unpin>(
    r: &mut R,
    body: &mut Vec<u8>,
    line: &mut Vec<u8>,
) -> io::Result<Response> {
    let head = read_head(r, line).await?;
    body.clear();
    let mut keep_alive = head.keep_alive;
    if head.status == 204 || head.status == 304 {
        // No body by definition (this client never sends HEAD).
    } else if head.chunked {
        // Chunked wins over any Content-Length (RFC 9112, 6.3).
        read_chunked(r, body, line).await?;
    } else if let Some(len) = head.content_length {
        if len > MAX_BODY {
            return Err(invalid(format!("Content-Length {len} too large")));
        }
        body.resize(len, 0);
        r.read_exact(body).await?;
    } else {
        // Delimited by the end of the connection.
        keep_alive = false;
        let mut limited = (&mut *r).take(MAX_BODY as u64 + 1);
        limited.read_to_end(body).await?;
        if body.len() > MAX_BODY {
            return Err(invalid("body too large"));
        }
    }
    Ok(Response {
        status: head.status,
        body_len: body.len(),
        keep_alive,
    })
}

/// Builds the bytes of one request. `body` is sent as `application/json` when present.
pub fn build_request(
    method: &str,
    target: &Target,
    path: &str,
    extra_headers: &[(String, String)],
    body: Option<&[u8]>,
) -> Vec<u8> {
    build_request_typed(method, target, path, extra_headers, body, JSON)
}

/// The media type of JSON request bodies.
pub const JSON: &str = "application/json";

/// Builds the bytes of one request whose body (when present) has the given `Content-Type`.
pub fn build_request_typed(
    method: &str,
    target: &Target,
    path: &str,
    extra_headers: &[(String, String)],
    body: Option<&[u8]>,
    content_type: &str,
) -> Vec<u8> {
    let mut req = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: frontline-loadtest\r\nAccept: application/json\r\n",
        target.path(path),
        target.host_header
    );
    for (k, v) in extra_headers {
        req.push_str(k);
        req.push_str(": ");
        req.push_str(v);
        req.push_str("\r\n");
    }
    match body {
        Some(b) => {
            req.push_str(&format!("Content-Type: {content_type}\r\n"));
            req.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
            let mut bytes = req.into_bytes();
            bytes.extend_from_slice(b);
            bytes
        }
        None => {
            req.push_str("\r\n");
            req.into_bytes()
        }
    }
}

/// One persistent HTTP/1.1 connection that reconnects lazily after any failure.
pub struct Client {
    addr: SocketAddr,
    timeout: Duration,
    conn: Option<BufReader<TcpStream>>,
    body: Vec<u8>,
    line: Vec<u8>,
    /// Connections opened so far (the first one included).
    pub connects: u64,
}

impl Client {
    pub fn new(addr: SocketAddr, timeout: Duration) -> Client {
        Client {
            addr,
            timeout,
            conn: None,
            body: Vec::with_capacity(4096),
            line: Vec::with_capacity(256),
            connects: 0,
        }
    }

    /// The body of the last response [`Client::send`] returned.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Sends one pre-built request and reads its response, all within the timeout
    /// (connecting first if needed). On any error the connection is dropped.
    pub async fn send(&mut self, request: &[u8]) -> Result<Response, TransportError> {
        match tokio::time::timeout(self.timeout, self.send_inner(request)).await {
            Ok(Ok(resp)) => {
                if !resp.keep_alive {
                    self.conn = None;
                }
                Ok(resp)
            }
            Ok(Err(e)) => {
                self.conn = None;
                Err(e)
            }
            Err(_) => {
                self.conn = None;
                Err(TransportError::Timeout)
            }
        }
    }

    async fn send_inner(&mut self, request: &[u8]) -> Result<Response, TransportError> {
        let conn = match &mut self.conn {
            Some(c) => c,
            None => {
                let stream = TcpStream::connect(self.addr)
                    .await
                    .map_err(|_| TransportError::Connect)?;
                stream
                    .set_nodelay(true)
                    .map_err(|_| TransportError::Connect)?;
                self.connects += 1;
                self.conn
                    .insert(BufReader::with_capacity(16 * 1024, stream))
            }
        };
        conn.get_mut()
            .write_all(request)
            .await
            .map_err(|e| TransportError::from_io(&e))?;
        read_response(conn, &mut self.body, &mut self.line)
            .await
            .map_err(|e| TransportError::from_io(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_accepted() {
        for (url, addr) in [
            ("http://127.0.0.1:8080", "127.0.0.1:8080"),
            ("http://127.1.2.3:9000/", "127.1.2.3:9000"),
            ("http://localhost:8080", "127.0.0.1:8080"),
            ("http://LOCALHOST", "127.0.0.1:80"),
            ("http://[::1]:8080", "[::1]:8080"),
            ("http://[::1]", "[::1]:80"),
        ] {
            let t = Target::parse(url).unwrap_or_else(|e| panic!("{url}: {e:#}"));
            assert_eq!(t.addr, addr.parse::<SocketAddr>().unwrap(), "{url}");
        }
        for host in [
            "127.0.0.1",
            "127.1.2.3",
            "127.255.255.255",
            "localhost",
            "::1",
        ] {
            assert!(loopback_ip(host).is_ok(), "{host}");
        }
    }

    #[test]
    fn non_loopback_refused() {
        for url in [
            "http://10.0.0.1:8080",
            "http://192.168.1.1",
            "http://example.com",
            "http://example.com:8080/",
            "http://0.0.0.0:8080",
            "http://128.0.0.1",
            "http://[::2]:8080",
            "http://[::ffff:10.0.0.1]",
            "http://127.0.0.1@example.com",
            "http://localhost.example.com",
            "http://2130706433",
            "https://127.0.0.1",
            "127.0.0.1:8080",
            "http://127.0.0.1:0",
            "http://127.0.0.1:99999",
        ] {
            assert!(Target::parse(url).is_err(), "{url} should be refused");
        }
        for host in ["10.0.0.1", "192.168.1.1", "example.com", "8.8.8.8", "::"] {
            let err = loopback_ip(host).unwrap_err().to_string();
            assert!(err.contains("loopback"), "{host}: {err}");
        }
    }

    #[test]
    fn target_path_prefix() {
        let t = Target::parse("http://127.0.0.1:8080/api/").unwrap();
        assert_eq!(t.path("/readyz"), "/api/readyz");
        assert_eq!(t.to_string(), "http://127.0.0.1:8080/api");
        let t = Target::parse("http://localhost:8080").unwrap();
        assert_eq!(t.path("/readyz"), "/readyz");
        assert_eq!(t.host_header, "localhost:8080");
    }

    #[tokio::test]
    async fn chunked_decoding() {
        let wire = b"4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT";
        let mut r: &[u8] = wire;
        let (mut body, mut line) = (Vec::new(), Vec::new());
        read_chunked(&mut r, &mut body, &mut line).await.unwrap();
        assert_eq!(body, b"Wikipedia in \r\n\r\nchunks.");
        assert_eq!(r, b"NEXT", "decoder must stop right after the message");

        // Empty body; LF-only line endings are tolerated.
        let mut r: &[u8] = b"0\n\n";
        body.clear();
        read_chunked(&mut r, &mut body, &mut line).await.unwrap();
        assert!(body.is_empty());

        // Malformed framing.
        for bad in [
            &b"zz\r\nab\r\n0\r\n\r\n"[..],
            b"2\r\nabc\r\n0\r\n\r\n",
            b"5\r\nab",
            b"",
        ] {
            let mut r: &[u8] = bad;
            body.clear();
            assert!(read_chunked(&mut r, &mut body, &mut line).await.is_err());
        }
    }

    #[tokio::test]
    async fn response_parsing() {
        let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\nHTTP/1.1 503 Service Unavailable\r\ncontent-length: 5\r\nConnection: close\r\n\r\nbusy!";
        let mut r: &[u8] = wire;
        let (mut body, mut line) = (Vec::new(), Vec::new());
        let a = read_response(&mut r, &mut body, &mut line).await.unwrap();
        assert_eq!(
            (a.status, a.keep_alive, body.as_slice()),
            (200, true, &b"{}"[..])
        );
        let b = read_response(&mut r, &mut body, &mut line).await.unwrap();
        assert_eq!(
            (b.status, b.keep_alive, body.as_slice()),
            (503, false, &b"busy!"[..])
        );
        assert!(r.is_empty());

        let mut r: &[u8] = b"HTTP/1.0 200 OK\r\n\r\nuntil-eof";
        let c = read_response(&mut r, &mut body, &mut line).await.unwrap();
        assert_eq!((c.status, c.keep_alive, c.body_len), (200, false, 9));

        for bad in [
            &b"HTTP/2 200 OK\r\n\r\n"[..],
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            b"HTTP/1.1 200 OK\r\nContent-Le",
        ] {
            let mut r: &[u8] = bad;
            assert!(read_response(&mut r, &mut body, &mut line).await.is_err());
        }
    }

    #[test]
    fn request_bytes() {
        let t = Target::parse("http://127.0.0.1:8080").unwrap();
        let req = build_request(
            "POST",
            &t,
            "/v1/documents/check",
            &[("X-Agency".into(), "FRONTEX".into())],
            Some(br#"{"number":"X1"}"#),
        );
        let text = String::from_utf8(req).unwrap();
        assert!(text.starts_with("POST /v1/documents/check HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
        assert!(text.contains("X-Agency: FRONTEX\r\n"));
        assert!(text.ends_with("Content-Length: 15\r\n\r\n{\"number\":\"X1\"}"));
    }
}
