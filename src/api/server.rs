//! Running the service: bind, answer `/healthz` at once, open the index (ingesting the sample
//! feeds into an empty one) on the blocking pool, publish it for `/readyz`, and stop gracefully
//! on SIGINT/SIGTERM, or with an error if the index cannot be opened.

use super::{router, AppState};
use crate::config::Config;
use crate::feeds::Mode;
use crate::search::Engine;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

/// Opens the index of `config`, ingesting `feeds/*.jsonl` if it is empty and bootstrapping is on.
pub fn open_and_bootstrap(config: &Config) -> crate::Result<Engine> {
    let engine = Engine::open(config.index_dir())?;
    if config.bootstrap_samples && engine.counts()?.is_empty() {
        let feeds = sample_feeds(config)?;
        if !feeds.is_empty() {
            tracing::info!(count = feeds.len(), dir = %config.feeds_dir().display(), "empty index: ingesting sample feeds");
            for r in engine.ingest(&feeds, Mode::Full)? {
                tracing::info!(source = %r.source, records = r.records_after, took_ms = r.took_ms, "sample feed ingested");
            }
        }
    }
    Ok(engine)
}

fn sample_feeds(config: &Config) -> crate::Result<Vec<PathBuf>> {
    let dir = config.feeds_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    out.sort();
    Ok(out)
}

/// Binds `config.listen`, prints `frontline listening on http://ADDR` on stdout (tests and
/// scripts read it to learn an ephemeral port) and serves until a signal arrives.
pub async fn serve(config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    println!("frontline listening on http://{addr}");
    std::io::stdout().flush()?;
    let state = AppState::new(config.clone()).map_err(std::io::Error::other)?;
    let (fail_tx, fail_rx) = tokio::sync::oneshot::channel::<String>();
    let publish = state.clone();
    tokio::task::spawn_blocking(move || match open_and_bootstrap(&config) {
        Ok(engine) => {
            tracing::info!(dir = %engine.dir().display(), "index open; ready");
            publish.set_engine(Arc::new(engine));
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
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    let msg = failed.lock().unwrap().take();
    match msg {
        Some(msg) => Err(std::io::Error::other(msg)),
        None => Ok(()),
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
