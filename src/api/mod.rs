//! The REST service: a thin axum face over [`crate::search::Engine`].
//!
//! [`router`] builds every route and layer in one place (tests can call it without a socket);
//! [`server::serve`] binds, opens the index off the reactor and shuts down gracefully.
//! CPU-bound engine calls run on the blocking pool behind a semaphore
//! ([`crate::config::Config::max_concurrent_searches`]); a request that cannot get a slot in
//! time gets 503, one that runs too long 408, and a panic 500 with no internal detail.

pub mod dto;
pub mod error;
pub mod extract;
mod handlers;
pub mod server;

use crate::config::Config;
use crate::search::Engine;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
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
}

impl AppState {
    /// State with no index open yet (`/readyz` answers 503 until [`AppState::set_engine`]).
    pub fn new(config: Config) -> Self {
        AppState {
            engine: Arc::new(OnceLock::new()),
            permits: Arc::new(Semaphore::new(config.max_concurrent_searches)),
            config: Arc::new(config),
        }
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
        let permit = tokio::time::timeout(
            self.config.queue_timeout,
            self.permits.clone().acquire_owned(),
        )
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "too many requests in flight; retry",
            )
        })?
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the service is stopping",
            )
        })?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&engine)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "search task failed");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error; see the server log",
            )
        })?
        .map_err(ApiError::from)
    }
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

/// Every route and layer of the service.
pub fn router(state: AppState) -> Router {
    let timeout = state.config.request_timeout;
    let body_limit = state.config.max_body_bytes;
    Router::new()
        .route("/v1/persons/search", post(handlers::search_persons))
        .route("/v1/documents/check", post(handlers::check_document))
        .route("/v1/records/{source}/{id}", get(handlers::get_record))
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_layer_error))
                .layer(tower::timeout::TimeoutLayer::new(timeout)),
        )
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}
