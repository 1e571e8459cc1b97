//! The REST service: a thin axum face over [`crate::search::Engine`].
//!
//! [`router`] builds every route and layer in one place (tests can call it without a socket);
//! [`server::serve`] binds, opens the index off the reactor and shuts down gracefully.
//! CPU-bound engine calls run on the blocking pool behind a semaphore
//! ([`crate::config::Config::max_concurrent_searches`]); a request that cannot get a slot in
//! time gets 503, one that runs too long 408, and a panic 500 with no internal detail.

pub mod admin;
pub mod answered;
pub mod audit;
pub mod auth;
pub mod dto;
pub mod edge;
pub mod error;
pub mod extract;
mod handlers;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod openapi;
pub mod request_id;
pub mod screenings;
pub mod server;
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
use axum::{Extension, Router};
use error::ApiError;
use openapi::Access;
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt as _;
use utoipa_axum::routes;

/// What `503 overloaded` says when every search slot is taken and the queue is full.
pub const SEARCH_BUSY: &str = "too many requests in flight; retry";
/// What `503 overloaded` says when every synchronous manifest slot is taken.
pub const MANIFESTS_BUSY: &str = "too many manifests in flight; retry, or use POST /v1/screenings";

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
        // the recorder first, so nothing recorded from here on is lost
        crate::metrics::handle();
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
        self.permit(&self.batch_permits, MANIFESTS_BUSY).await
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
        let permit = self.permit(&self.permits, SEARCH_BUSY).await?;
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

/// `408 timeout`: a request over [`Config::request_timeout`].
pub(crate) fn timed_out() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "timeout",
        "the request took too long",
    )
}

async fn handle_layer_error(err: tower::BoxError) -> ApiError {
    if err.is::<tower::timeout::error::Elapsed>() {
        timed_out()
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
    let (routes, _) = health(&state).split_for_parts();
    routes.fallback(refuse).with_state(state)
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

/// A group of routes behind the auth layer of `access`, its operations documented with it.
fn guarded(
    routes: OpenApiRouter<AppState>,
    state: &AppState,
    access: Access,
) -> OpenApiRouter<AppState> {
    use crate::auth::Role;
    let s = state.clone();
    let mut routes = match access {
        Access::Public => routes,
        Access::AnyKey => routes.route_layer(from_fn_with_state(s, auth::any_key)),
        Access::Role(Role::Officer) => routes.route_layer(from_fn_with_state(s, auth::officer)),
        Access::Role(Role::Screener) => routes.route_layer(from_fn_with_state(s, auth::screener)),
        Access::Role(Role::Admin) => routes.route_layer(from_fn_with_state(s, auth::admin)),
    };
    openapi::access(routes.get_openapi_mut(), access);
    routes
}

/// `routes` with request bodies up to `bytes`, documented.
fn body_limited(routes: OpenApiRouter<AppState>, bytes: usize) -> OpenApiRouter<AppState> {
    let mut routes = routes.layer(DefaultBodyLimit::max(bytes));
    openapi::body_limit(routes.get_openapi_mut(), bytes);
    routes
}

/// `GET /healthz`, and `GET /readyz` and `GET /metrics` (behind a key when
/// [`Config::readyz_needs_key`]).
fn health(state: &AppState) -> OpenApiRouter<AppState> {
    let ready = match state.config.readyz_needs_key {
        true => Access::AnyKey,
        false => Access::Public,
    };
    let healthz = OpenApiRouter::new().routes(routes!(handlers::healthz));
    let readyz = OpenApiRouter::new()
        .routes(routes!(handlers::readyz))
        .routes(routes!(metrics::render));
    guarded(healthz, state, Access::Public).merge(guarded(readyz, state, ready))
}

/// Every route of the service, each registered with its documented operation (`routes!`
/// takes the method and path from the handler's `#[utoipa::path]`), and the document they
/// make. The layers of each group are added with the answers they give ([`openapi`]).
fn api(state: &AppState) -> OpenApiRouter<AppState> {
    use crate::auth::Role;
    let config = &state.config;
    let mut officer = OpenApiRouter::new()
        .routes(routes!(handlers::search_persons))
        .routes(routes!(handlers::check_document))
        .routes(routes!(handlers::get_record))
        .routes(routes!(travellers::check));
    openapi::agency_header(officer.get_openapi_mut());
    let officer = guarded(officer, state, Access::Role(Role::Officer));
    let mut screener = OpenApiRouter::new()
        .merge(body_limited(
            OpenApiRouter::new().routes(routes!(screenings::screen)),
            config.max_manifest_bytes,
        ))
        .merge(body_limited(
            OpenApiRouter::new().routes(routes!(screenings::start)),
            config.max_screening_bytes,
        ))
        .routes(routes!(screenings::list))
        .routes(routes!(screenings::get, screenings::cancel));
    openapi::agency_header(screener.get_openapi_mut());
    let screener = guarded(screener, state, Access::Role(Role::Screener));
    let admin = OpenApiRouter::new()
        .routes(routes!(admin::feeds))
        .routes(routes!(admin::reload))
        .routes(routes!(admin::reload_all))
        .routes(routes!(admin::jobs))
        .routes(routes!(admin::job))
        .routes(routes!(keys::create, keys::list))
        .routes(routes!(keys::revoke));
    let admin = guarded(admin, state, Access::Role(Role::Admin));
    let reference = OpenApiRouter::new()
        .routes(routes!(openapi::reference::document))
        .routes(routes!(openapi::reference::docs_index))
        .routes(routes!(openapi::reference::docs_file));
    let reference = guarded(reference, state, Access::Public);
    let mut timed = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(body_limited(officer.merge(admin), config.max_body_bytes))
        .merge(screener)
        .merge(health(state))
        .merge(reference)
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_layer_error))
                .layer(tower::timeout::TimeoutLayer::new(config.request_timeout)),
        );
    openapi::timed(timed.get_openapi_mut(), config.request_timeout);
    // a feed upload may take minutes: it has no overall timeout (an idle upload is dropped
    // after `upload_idle_timeout`) and its size is capped while streaming (`max_feed_bytes`)
    let uploads =
        OpenApiRouter::new().routes(routes!(admin::ingest).layer(DefaultBodyLimit::disable()));
    timed.merge(guarded(uploads, state, Access::Role(Role::Admin)))
}

/// The OpenAPI document of the service as `state` configures it (what `/openapi.json` serves).
pub fn document(state: &AppState) -> utoipa::openapi::OpenApi {
    openapi::finish(api(state).into_openapi())
}

/// Every route and layer of the service. From the outside in: metrics (every answer counted
/// and timed, by the route template the routing noted), the request id and its span, the
/// per-IP limit, the audit log (`/v1`), the index version header, the panic catcher.
pub fn router(state: AppState) -> Router {
    let (routes, doc) = api(&state).split_for_parts();
    let json = openapi::finish(doc)
        .to_json()
        .expect("the document serializes");
    routes
        .route_layer(axum::middleware::from_fn(metrics::mark_route))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(Extension(openapi::Document(Arc::new(json.into()))))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(state.clone(), answered::layer))
        .layer(from_fn_with_state(state.clone(), audit::layer))
        .layer(from_fn_with_state(state.clone(), per_ip_limit))
        .layer(axum::middleware::from_fn(request_id::layer))
        .layer(axum::middleware::from_fn(metrics::layer))
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
