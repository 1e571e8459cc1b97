//! The connection edge: the accept loop in front of the router (in place of `axum::serve`,
//! which has no timeouts and no connection cap).
//!
//! - Every connection must send a request's headers within
//!   [`crate::config::Config::header_timeout`] of being ready for one: a connection that sends
//!   nothing, a partial header, or one byte every few seconds, and an idle keep-alive
//!   connection, are all closed then (hyper's header-read timeout runs from the moment a
//!   connection waits for its next request).
//! - At most [`crate::config::Config::max_connections`] connections are open. The last
//!   [`crate::config::Config::health_reserve`] of them answer only `/healthz` and `/readyz`
//!   (everything else `503 overloaded`, and the connection is closed), so a flood of
//!   connections never hides the health of the service from its monitor; beyond the cap a
//!   connection is closed at once. The process never runs out of file descriptors for the
//!   index, the audit log or the stores.
//! - With TLS ([`super::tls`]) each connection's handshake must also finish within the header
//!   timeout; a connection keeps the certificate it was accepted with across a reload.
//! - Shutdown stops accepting, lets every request in flight finish, and closes idle
//!   connections.

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// The client address of a request (in its extensions), for the per-IP rate limit.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub std::net::SocketAddr);

/// How the edge treats connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub health_reserve: usize,
    /// Longest a shutdown waits for requests in flight.
    pub drain: Duration,
}

/// Counts a connection while it is open.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves `app` on `listener` (connections past the reserve threshold get `reserve`) until
/// `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    reserve: Router,
    limits: Limits,
    tls: Option<Arc<super::tls::Tls>>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let open = Arc::new(AtomicUsize::new(0));
    let full_service = limits.max_connections.saturating_sub(limits.health_reserve);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // EMFILE and the like: keep the loop alive, do not spin
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let n = open.fetch_add(1, Ordering::Relaxed) + 1;
        let guard = Open(open.clone());
        if n > limits.max_connections {
            tracing::warn!(open = n - 1, "connection refused: at the connection cap");
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let router = if n > full_service {
            tracing::warn!(open = n, "connection served for health checks only");
            reserve.clone()
        } else {
            app.clone()
        };
        let router = router.map_request(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(Peer(peer));
            req
        });
        let (http, watcher, tls) = (http.clone(), graceful.watcher(), tls.clone());
        tokio::spawn(async move {
            let _guard = guard;
            let Some(tls) = tls else {
                return serve_io(&http, watcher, TokioIo::new(stream), router).await;
            };
            match tokio::time::timeout(limits.header_timeout, tls.acceptor().accept(stream)).await {
                Ok(Ok(stream)) => serve_io(&http, watcher, TokioIo::new(stream), router).await,
                Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!("TLS handshake not finished in time"),
            }
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(limits.drain) => {
            tracing::warn!("requests still running after the drain time: stopping anyway");
        }
    }
    Ok(())
}

/// Serves one connection's requests until it closes (or the shutdown closes it when idle).
async fn serve_io<I, S>(
    http: &hyper::server::conn::http1::Builder,
    watcher: hyper_util::server::graceful::Watcher,
    io: I,
    router: S,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: tower::Service<
            axum::http::Request<Incoming>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let conn = http.serve_connection(io, TowerToHyperService::new(router));
    if let Err(e) = watcher.watch(conn).await {
        tracing::debug!(error = %e, "connection closed with an error");
    }
}
