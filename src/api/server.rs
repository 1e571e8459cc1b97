//! Running the service: bind, answer `/healthz` at once, open the index (ingesting the sample
//! feeds into an empty one) on the blocking pool, publish it for `/readyz`, and stop gracefully
//! on SIGINT/SIGTERM, or with an error if the index cannot be opened.

use super::{router, AppState};
use crate::admin::FeedAdmin;
use crate::config::Config;
use crate::search::Engine;
use std::io::Write;
use std::sync::Arc;

/// Opens the index of `config`; when it is empty and bootstrapping is on, ingests every
/// source configured in the feed directory (the sample feeds) through ingest jobs, waiting
/// for them, so the service is ready with data.
pub fn open_and_bootstrap(config: &Config, admin: &FeedAdmin) -> crate::Result<Arc<Engine>> {
    let engine = Arc::new(Engine::open(config.index_dir())?);
    if config.bootstrap_samples && engine.counts()?.is_empty() {
        let layout = admin.layout()?;
        for p in &layout.problems {
            tracing::warn!(problem = %p, "feed directory entry skipped");
        }
        if !layout.sources.is_empty() {
            tracing::info!(count = layout.sources.len(), dir = %layout.dir.display(), "empty index: ingesting the feed directory");
            let out = admin.reload_all(engine.clone(), false)?;
            for job in out.queued {
                let done = admin.store().wait(&job.id)?;
                match done.status {
                    crate::jobs::JobStatus::Succeeded => {
                        tracing::info!(source = ?done.key, job = %done.id, "feed ingested")
                    }
                    status => {
                        return Err(crate::Error::Internal(format!(
                            "bootstrap ingest of {} {status:?}: {}",
                            done.key.unwrap_or_default(),
                            done.error.unwrap_or_default()
                        )))
                    }
                }
            }
        }
    }
    Ok(engine)
}

/// Binds `config.listen`, prints `frontline listening on http://ADDR` on stdout (tests and
/// scripts read it to learn an ephemeral port) and serves until a signal arrives.
pub async fn serve(config: Config) -> std::io::Result<()> {
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(Arc::new(
            super::tls::Tls::load(cert, key).map_err(std::io::Error::other)?,
        )),
        (None, None) => None,
        _ => {
            return Err(std::io::Error::other(
                "TLS needs both a certificate (--tls-cert) and its key (--tls-key)",
            ))
        }
    };
    refuse_insecure(&config, tls.is_some())?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| bind_error(config.listen, e))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("frontline listening on {scheme}://{addr}");
    std::io::stdout().flush()?;
    let state = AppState::new(config.clone()).map_err(std::io::Error::other)?;
    if let Some(path) = crate::auth::local::ensure_local_key(&config.data_dir, &state.keys)
        .map_err(std::io::Error::other)?
    {
        // stdout may be closed by now (a parent that read only the address): never fatal
        let _ = writeln!(
            std::io::stdout(),
            "created a local API key (agency {}, every role) in {p}; use it as\n  \
             curl -H \"Authorization: Bearer $(cat {p})\" {scheme}://{addr}/v1/...",
            crate::auth::local::LOCAL_AGENCY,
            p = path.display()
        );
    }
    let limits = super::edge::Limits {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
        health_reserve: config.health_reserve.min(config.max_connections),
        drain: config.request_timeout + std::time::Duration::from_secs(5),
    };
    let (fail_tx, fail_rx) = tokio::sync::oneshot::channel::<String>();
    let publish = state.clone();
    let refresh_tick = config.refresh_tick;
    tokio::task::spawn_blocking(move || match open_and_bootstrap(&config, &publish.admin) {
        Ok(engine) => {
            tracing::info!(dir = %engine.dir().display(), "index open; ready");
            publish.set_engine(engine.clone());
            tokio::runtime::Handle::current().spawn(refresh_loop(publish, engine, refresh_tick));
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open the index");
            let _ = fail_tx.send(e.to_string());
        }
    });
    let failed = Arc::new(std::sync::Mutex::new(None));
    let failed_set = failed.clone();
    let shutdown = async move {
        tokio::select! {
            _ = signal() => tracing::info!("shutting down"),
            Ok(msg) = fail_rx => { *failed_set.lock().unwrap() = Some(msg); }
        }
    };
    let reserve = super::reserve_router(state.clone());
    if let Some(tls) = &tls {
        tokio::spawn(reload_on_hangup(tls.clone()));
    }
    let pruned = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            pruned.limits.prune();
        }
    });
    super::edge::serve(listener, router(state), reserve, limits, tls, shutdown).await?;
    let msg = failed.lock().unwrap().take();
    match msg {
        Some(msg) => Err(std::io::Error::other(msg)),
        None => Ok(()),
    }
}

/// Serving beyond this machine over plain HTTP with only the local key
/// (whose file anyone with the data directory can read) is refused unless
/// [`Config::insecure`]: create keys with `frontline keys create` first. Serving beyond it
/// without the audit log is refused always.
fn refuse_insecure(config: &Config, tls: bool) -> std::io::Result<()> {
    if config.listen.ip().is_loopback() {
        if !config.audit {
            tracing::warn!("the audit log is off (--no-audit): requests are not recorded");
        }
        return Ok(());
    }
    if !config.audit {
        return Err(std::io::Error::other(
            "refusing to serve beyond loopback without the audit log (--no-audit is for \
             measuring its cost on this machine only)",
        ));
    }
    if config.insecure || tls {
        return Ok(());
    }
    let store = crate::auth::KeyStore::open(&config.data_dir).map_err(std::io::Error::other)?;
    if crate::auth::local::has_operator_keys(&store).map_err(std::io::Error::other)? {
        return Ok(());
    }
    Err(std::io::Error::other(format!(
        "refusing to serve on {} without TLS and with no API key but the local one: create \
         keys for the agencies with `frontline keys create`, or pass --insecure",
        config.listen
    )))
}

/// A failed bind, saying which address and how to choose another (the kind is kept).
fn bind_error(addr: std::net::SocketAddr, e: std::io::Error) -> std::io::Error {
    let how = "choose another with --listen HOST:PORT, server.listen in frontline.toml or \
               FRONTLINE_SERVER__LISTEN (port 0 picks a free one)";
    let what = match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("the address {addr} is already in use (another server on it?)")
        }
        _ => format!("cannot listen on {addr}: {e}"),
    };
    std::io::Error::new(e.kind(), format!("{what}: {how}"))
}

/// Reloads the TLS certificate and key on every SIGHUP (a failed reload keeps the old ones).
async fn reload_on_hangup(tls: Arc<super::tls::Tls>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            tracing::warn!("no SIGHUP handler: TLS certificates reload only on restart");
            return;
        };
        while hangup.recv().await.is_some() {
            match tls.reload() {
                Ok(()) => tracing::info!("TLS certificate reloaded"),
                Err(e) => {
                    tracing::error!(error = %e, "TLS reload failed; keeping the old certificate")
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tls;
}

/// Looks for due scheduled feed refreshes every `tick`.
async fn refresh_loop(state: AppState, engine: Arc<Engine>, tick: std::time::Duration) {
    let mut interval = tokio::time::interval(tick);
    loop {
        interval.tick().await;
        let admin = state.admin.clone();
        let engine = engine.clone();
        let checked = tokio::task::spawn_blocking(move || admin.refresh_due(&engine)).await;
        if let Ok(Err(e)) = checked {
            tracing::warn!(error = %e, "scheduled feed refresh failed");
        }
    }
}

async fn signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
