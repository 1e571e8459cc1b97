//! Access control at the edge: every `/v1` route requires `Authorization: Bearer <key>` and
//! the role its group needs ([`officer`], [`screener`], [`admin`] layers). No key, a malformed,
//! unknown or revoked key: `401 unauthorized` (one answer for all, so a caller learns nothing
//! about which keys exist; the reason goes to the log with the key id, never the key); a key
//! without the role: `403 forbidden`. The proven [`Identity`] travels in the request's
//! extensions; the calling agency is the key's ([`super::extract::Agency`]). The response
//! carries the [`Caller`] for the audit line.

use super::audit::Caller;
use super::error::ApiError;
use super::AppState;
use crate::auth::store::Denied;
use crate::auth::{key, Identity, Role};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The key of a request: the token of its `Authorization: Bearer` header.
pub(super) fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The message of a `401` to a request without a key.
pub const NO_KEY: &str = "this route needs 'Authorization: Bearer <API key>'";
/// The message of a `401` to a malformed, unknown or revoked key (one answer for all).
pub const BAD_KEY: &str = "the API key is not valid";

fn unauthorized(message: &str) -> Response {
    let mut r = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message).into_response();
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

/// The identity of the request's key, or the answer refusing it (a repeated `Authorization`
/// or `X-Agency` header, no key, a bad key).
fn prove(state: &AppState, req: &Request) -> Result<Identity, Box<Response>> {
    // a second Authorization or X-Agency header is ambiguous: never pick one silently
    for name in [
        header::AUTHORIZATION.as_str(),
        super::extract::AGENCY_HEADER,
    ] {
        if req.headers().get_all(name).iter().count() > 1 {
            return Err(Box::new(repeated_header(name).into_response()));
        }
    }
    let Some(token) = bearer(req) else {
        return Err(Box::new(unauthorized(NO_KEY)));
    };
    state.keys.verify(token).map_err(|denied| {
        let key_id = key::key_id(token).unwrap_or("-");
        let reason = match denied {
            Denied::Malformed => "malformed",
            Denied::Unknown => "unknown",
            Denied::Revoked => "revoked",
        };
        tracing::warn!(key_id, reason, path = %req.uri().path(), "API key refused");
        Box::new(unauthorized(BAD_KEY))
    })
}

/// `400`: a request giving the `name` header twice.
pub fn repeated_header(name: &str) -> ApiError {
    ApiError::bad_request(format!("the {name} header is given more than once"))
}

/// `403`: a key without the route's `role`.
pub fn missing_role(role: Role) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this key does not hold the {} role", role.as_str()),
    )
}

/// Checks the key and `role`, then runs the route with the caller's identity.
async fn check(state: AppState, role: Role, mut req: Request, next: Next) -> Response {
    let identity = match prove(&state, &req) {
        Ok(identity) => identity,
        Err(refused) => return *refused,
    };
    let caller = Caller {
        key_id: identity.key_id.clone(),
        agency: identity.agency.clone(),
        role,
    };
    let mut response = if identity.has(role) {
        match state.limits.check_key(&identity, role) {
            Ok(()) => {
                req.extensions_mut().insert::<Identity>(identity);
                next.run(req).await
            }
            Err(wait) => super::limits::too_many(wait),
        }
    } else {
        tracing::warn!(key_id = %identity.key_id, role = role.as_str(), path = %req.uri().path(), "role missing");
        missing_role(role).into_response()
    };
    response.extensions_mut().insert(caller);
    response
}

/// Person, document and traveller checks, records.
pub async fn officer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    check(state, Role::Officer, req, next).await
}

/// Manifests and screening jobs.
pub async fn screener(State(state): State<AppState>, req: Request, next: Next) -> Response {
    check(state, Role::Screener, req, next).await
}

/// Feeds and ingest jobs.
pub async fn admin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    check(state, Role::Admin, req, next).await
}

/// Any valid key, whatever its roles (`/readyz` when [`crate::config::Config::readyz_needs_key`],
/// `/v1/session`); the route gets the caller's identity.
pub async fn any_key(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match prove(&state, &req) {
        Ok(identity) => {
            req.extensions_mut().insert::<Identity>(identity);
            next.run(req).await
        }
        Err(refused) => *refused,
    }
}
