//! The REST service: a thin axum face over [`crate::search::Engine`].
//!
//! [`router`] builds every route and layer in one place (tests can call it without a socket);
//! [`server::serve`] binds, opens the index off the reactor and shuts down gracefully.
//! CPU-bound engine calls run on the blocking pool behind a semaphore
//! ([`crate::config::Config::max_concurrent_searches`]); a request that cannot get a slot in
//! time gets 503, one that runs too long 408, and a panic 500 with no internal detail.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod dto;
pub mod edge;
pub mod error;
pub mod extract;
mod handlers;
pub mod keys;
pub mod limits;
pub mod screenings;
pub mod server;
pub mod session;
pub mod tls;
pub mod travellers;

use crate::admin::FeedAdmin;
use crate::config::Config;
use crate::jobs::{JobQueue, JobStore};
use crate::screening::BatchPool;
use crate::search::Engine;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use error::ApiError;
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    engine: Arc<OnceLock<Arc<Engine>>>,
    permits: Arc<Semaphore>,
    config: Arc<Config>,
    /// The screening pool (batch work, low priority).
    batch: Arc<BatchPool>,
    /// Synchronous manifest screenings admitted at once (each holds a blocking thread).
    batch_permits: Arc<Semaphore>,
    /// Screening jobs.
    jobs: Arc<JobQueue>,
    /// Feed administration (ingest jobs, feed status).
    admin: Arc<FeedAdmin>,
    /// The API keys every `/v1` route checks.
    keys: Arc<crate::auth::KeyStore>,
    /// Rate limits per key and per IP.
    limits: Arc<limits::Limiters>,
    /// Requests waiting for a slot of a semaphore ([`AppState::permit`]).
    queued: Arc<std::sync::atomic::AtomicUsize>,
    /// Where every `/v1` request is recorded (`None` only when [`Config::audit`] is off).
    audit: Option<Arc<crate::audit::AuditLog>>,
}

impl AppState {
    /// State with no index open yet (`/readyz` answers 503 until [`AppState::set_engine`]);
    /// opens the job store (marking jobs a previous process left running as interrupted) and
    /// starts the screening pool.
    pub fn new(config: Config) -> crate::Result<Self> {
        let store = Arc::new(JobStore::open(config.jobs_dir(), config.job_retention)?);
        let admin = FeedAdmin::open(
            &config.data_dir,
            config.feeds_dir(),
            store.clone(),
            config.ingest_nice,
        )?;
        let jobs = JobQueue::start(store, config.max_pending_jobs, 0)?;
        let batch = BatchPool::new(config.batch_threads, config.batch_nice)?;
        let keys = Arc::new(crate::auth::KeyStore::open(&config.data_dir)?);
        let audit = match config.audit {
            true => Some(Arc::new(crate::audit::AuditLog::open(
                &config.data_dir,
                &config.audit_key_path(),
                config.audit_rotate_bytes,
                config.audit_query,
            )?)),
            false => None,
        };
        Ok(AppState {
            keys,
            queued: Default::default(),
            limits: Arc::new(limits::Limiters::new(config.rate_limits)),
            audit,
            engine: Arc::new(OnceLock::new()),
            permits: Arc::new(Semaphore::new(config.max_concurrent_searches)),
            batch: Arc::new(batch),
            batch_permits: Arc::new(Semaphore::new(2 * config.batch_threads.max(1))),
            jobs,
            admin: Arc::new(admin),
            config: Arc::new(config),
        })
    }

    /// A slot of `permits`: at once if one is free; else, when fewer than
    /// [`Config::max_queued_searches`] requests are waiting, after waiting up to the queue
    /// timeout; else `503 overloaded` at once. `busy` says why.
    async fn permit(
        &self,
        permits: &Arc<Semaphore>,
        busy: &'static str,
    ) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        use std::sync::atomic::Ordering;
        let closed = || {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the service is stopping",
            )
        };
        match permits.clone().try_acquire_owned() {
            Ok(p) => return Ok(p),
            Err(tokio::sync::TryAcquireError::Closed) => return Err(closed()),
            Err(tokio::sync::TryAcquireError::NoPermits) => {}
        }
        let overloaded = || ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", busy);
        if self.queued.fetch_add(1, Ordering::Relaxed) >= self.config.max_queued_searches {
            self.queued.fetch_sub(1, Ordering::Relaxed);
            return Err(overloaded());
        }
        let waited =
            tokio::time::timeout(self.config.queue_timeout, permits.clone().acquire_owned()).await;
        self.queued.fetch_sub(1, Ordering::Relaxed);
        waited.map_err(|_| overloaded())?.map_err(|_| closed())
    }

    /// Waits for a synchronous screening slot.
    async fn batch_permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.permit(
            &self.batch_permits,
            "too many manifests in flight; retry, or use POST /v1/screenings",
        )
        .await
    }

    /// Publishes the open engine.
    pub fn set_engine(&self, engine: Arc<Engine>) {
        let _ = self.engine.set(engine);
    }

    fn engine(&self) -> Result<Arc<Engine>, ApiError> {
        self.engine
            .get()
            .cloned()
            .ok_or_else(|| crate::Error::NotReady.into())
    }

    /// Runs `f` on the blocking pool once a search slot is free.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Engine) -> crate::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let engine = self.engine()?;
        let permit = self
            .permit(&self.permits, "too many requests in flight; retry")
            .await?;
        blocking(move || {
            let _permit = permit;
            f(&engine).map_err(ApiError::from)
        })
        .await
    }
}

/// Runs `f` on the blocking pool; a task that panicked or was cancelled is a 500 (logged).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "blocking task failed");
        ApiError::internal()
    })?
}

async fn handle_layer_error(err: tower::BoxError) -> ApiError {
    if err.is::<tower::timeout::error::Elapsed>() {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "the request took too long",
        )
    } else {
        tracing::error!(error = %err, "middleware error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; see the server log",
        )
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "internal error; see the server log",
    )
    .into_response()
}

/// What a connection past the health reserve threshold is served ([`edge`]): the health
/// routes, and `503 overloaded` (closing the connection) for everything else.
pub fn reserve_router(state: AppState) -> Router {
    async fn refuse() -> Response {
        let mut r = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "too many connections are open; retry",
        )
        .into_response();
        r.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        r
    }
    Router::new()
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", readyz(&state))
        .fallback(refuse)
        .with_state(state)
}

/// The per-IP rate limit, before anything else (see [`limits`]).
async fn per_ip_limit(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(edge::Peer(peer)) = req.extensions().get::<edge::Peer>() {
        if let Err(wait) = state.limits.check_ip(peer.ip()) {
            tracing::warn!(peer = %peer.ip(), "request refused: over the per-IP rate");
            return limits::too_many(wait);
        }
    }
    next.run(req).await
}

/// `GET /readyz`, behind a key when [`Config::readyz_needs_key`].
fn readyz(state: &AppState) -> axum::routing::MethodRouter<AppState> {
    let route = get(handlers::readyz);
    match state.config.readyz_needs_key {
        true => route.route_layer(from_fn_with_state(state.clone(), auth::any_key)),
        false => route,
    }
}

/// Every route and layer of the service.
pub fn router(state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let body_limit = state.config.max_body_bytes;
    let manifest_limit = DefaultBodyLimit::max(state.config.max_manifest_bytes);
    let screening_limit = DefaultBodyLimit::max(state.config.max_screening_bytes);
    let officer = Router::new()
        .route("/v1/persons/search", post(handlers::search_persons))
        .route("/v1/documents/check", post(handlers::check_document))
        .route("/v1/records/{source}/{id}", get(handlers::get_record))
        .route("/v1/travellers/check", post(travellers::check))
        .route_layer(from_fn_with_state(state.clone(), auth::officer));
    let screener = Router::new()
        .route(
            "/v1/manifests/screen",
            post(screenings::screen).layer(manifest_limit),
        )
        .route(
            "/v1/screenings",
            post(screenings::start)
                .layer(screening_limit)
                .get(screenings::list),
        )
        .route(
            "/v1/screenings/{id}",
            get(screenings::get).merge(delete(screenings::cancel)),
        )
        .route_layer(from_fn_with_state(state.clone(), auth::screener));
    let admin = Router::new()
        .route("/v1/admin/feeds", get(admin::feeds))
        .route("/v1/admin/feeds/{source}/reload", post(admin::reload))
        .route("/v1/admin/reload", post(admin::reload_all))
        .route("/v1/admin/jobs", get(admin::jobs))
        .route("/v1/admin/jobs/{id}", get(admin::job))
        .route("/v1/admin/keys", post(keys::create).get(keys::list))
        .route("/v1/admin/keys/{id}", delete(keys::revoke))
        .route_layer(from_fn_with_state(state.clone(), auth::admin));
    let timed = Router::new()
        .merge(officer)
        .merge(screener)
        .merge(admin)
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", readyz(&state))
        .route(
            "/v1/session",
            get(session::session).route_layer(from_fn_with_state(state.clone(), auth::any_key)),
        )
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_layer_error))
                .layer(tower::timeout::TimeoutLayer::new(timeout)),
        );
    // a feed upload may take minutes: it has no overall timeout (an idle upload is dropped
    // after `upload_idle_timeout`) and its size is capped while streaming (`max_feed_bytes`)
    let uploads = Router::new()
        .route(
            "/v1/admin/feeds/{source}/ingest",
            post(admin::ingest).layer(DefaultBodyLimit::disable()),
        )
        .route_layer(from_fn_with_state(state.clone(), auth::admin));
    timed
        .merge(uploads)
        .merge(crate::console::router())
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(state.clone(), audit::layer))
        .layer(from_fn_with_state(state.clone(), per_ip_limit))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test]
    async fn a_full_queue_answers_503_at_once_and_a_queued_request_gets_the_next_slot() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(Config {
            data_dir: dir.path().to_path_buf(),
            max_concurrent_searches: 1,
            max_queued_searches: 1,
            queue_timeout: Duration::from_secs(5),
            ..Config::default()
        })
        .unwrap();
        let permits = state.permits.clone();
        let held = state.permit(&permits, "busy").await.unwrap();
        let queued = {
            let (state, permits) = (state.clone(), permits.clone());
            tokio::spawn(async move { state.permit(&permits, "busy").await.map(drop) })
        };
        while state.queued.load(std::sync::atomic::Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let started = Instant::now();
        let refused = state.permit(&permits, "busy").await.unwrap_err();
        assert_eq!(
            (refused.status, refused.code),
            (StatusCode::SERVICE_UNAVAILABLE, "overloaded")
        );
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "refused at once, not after the wait"
        );
        drop(held);
        queued
            .await
            .unwrap()
            .expect("the queued request gets the freed slot");
    }
}
