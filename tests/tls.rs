//! TLS as an operator runs it: `serve --tls-cert --tls-key`, certificates renewed in place and
//! reloaded on SIGHUP without dropping the connections already open, a broken renewal kept
//! out.

use crate::util::data_dir_with;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

/// A new self-signed certificate for localhost written to `cert.pem` and `key.pem` in `dir`;
/// returns the certificate (DER).
fn new_certificate(dir: &Path) -> Vec<u8> {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    // write beside, then rename: the server never reads half a file
    std::fs::write(dir.join("cert.tmp"), ck.cert.pem()).unwrap();
    std::fs::write(dir.join("key.tmp"), ck.signing_key.serialize_pem()).unwrap();
    std::fs::rename(dir.join("cert.tmp"), dir.join("cert.pem")).unwrap();
    std::fs::rename(dir.join("key.tmp"), dir.join("key.pem")).unwrap();
    ck.cert.der().to_vec()
}

/// A TLS connection that trusts `cert` only.
fn connect(addr: SocketAddr, cert: &[u8]) -> std::io::Result<TlsStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.to_vec().into()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut stream = rustls::StreamOwned::new(conn, tcp);
    // finish the handshake now, so a certificate the client does not trust fails here
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock)?;
    }
    Ok(stream)
}

/// One keep-alive request on `stream`: status and body.
fn request(
    stream: &mut TlsStream,
    method: &str,
    path: &str,
    key: &str,
    body: &str,
) -> (u16, String) {
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn tls_serves_and_a_sighup_reloads_the_certificate_without_dropping_open_connections() {
    let dir = data_dir_with(&["INTERPOL.jsonl"]);
    let d = dir.path();
    let first = new_certificate(d);
    let (cert, key) = (d.join("cert.pem"), d.join("key.pem"));
    let (child, scheme, addr) = crate::util::spawn_serve(
        d,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(scheme, "https");
    let kill = Guard(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    let key = loop {
        let key = frontline::auth::local::read_key_file(&d.join("local-admin.key"));
        if let (Ok(key), Ok(mut s)) = (key, connect(addr, &first)) {
            if request(&mut s, "GET", "/readyz", "", "").0 == 200 {
                break key;
            }
        }
        assert!(Instant::now() < deadline, "not ready over TLS in 60 s");
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut open = connect(addr, &first).unwrap();
    let search = r#"{"name": "Mohamed Alhasan"}"#;
    let (status, body) = request(&mut open, "POST", "/v1/persons/search", &key, search);
    assert_eq!(status, 200, "{body}");
    // plain HTTP on the TLS port gets no HTTP answer
    let mut plain = TcpStream::connect(addr).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    plain
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    let _ = plain.read_to_end(&mut buf);
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));

    // renew the certificate in place and signal
    let second = new_certificate(d);
    let hangup = || unsafe { libc::kill(kill.0.id() as i32, libc::SIGHUP) };
    hangup();
    assert!(
        crate::util::eventually(|| connect(addr, &second).is_ok()),
        "the new certificate was not served after SIGHUP"
    );
    assert!(
        connect(addr, &first).is_err(),
        "the old certificate is still served"
    );
    // the connection opened before the reload goes on
    let (status, body) = request(&mut open, "POST", "/v1/persons/search", &key, search);
    assert_eq!(status, 200, "{body}");

    // a broken renewal is refused and the running certificate kept
    std::fs::write(d.join("cert.pem"), "not a certificate").unwrap();
    hangup();
    assert!(crate::util::eventually(|| {
        std::fs::read_to_string(d.join("server.log"))
            .unwrap()
            .contains("TLS reload failed")
    }));
    let mut s = connect(addr, &second).unwrap();
    assert_eq!(request(&mut s, "GET", "/healthz", "", "").0, 200);
}

/// Kills the child when dropped.
struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn tls_needs_both_files_and_a_certificate_that_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = crate::util::cli(
        d,
        &["serve", "--listen", "127.0.0.1:0", "--tls-cert", "x.pem"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-key"));
    std::fs::write(d.join("cert.pem"), "garbage").unwrap();
    std::fs::write(d.join("key.pem"), "garbage").unwrap();
    let cert = d.join("cert.pem");
    let key = d.join("key.pem");
    let out = crate::util::cli(
        d,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TLS") && err.contains("cert.pem"), "{err}");
}
