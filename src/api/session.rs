//! `GET /v1/session`: who the presented key is (its id, agency, roles and label), for any
//! valid key whatever its roles. The web console ([`crate::console`]) asks it at sign-in to
//! offer only what the key may do; the route itself grants nothing. It sits behind
//! [`super::auth::any_key`], which has already refused a missing or bad key with a 401.

use super::error::ApiError;
use super::AppState;
use crate::auth::Role;
use axum::extract::{Request, State};
use axum::Json;
use serde::Serialize;

/// The answer of `GET /v1/session`: no secret, no digest.
#[derive(Debug, Serialize)]
pub struct SessionView {
    /// The key's public id (as `GET /v1/admin/keys` and the audit log name it).
    pub key_id: String,
    /// The agency the key acts for (whose sharing rules apply to its searches).
    pub agency: String,
    /// What the key may do: `officer`, `screener`, `admin`.
    pub roles: Vec<Role>,
    /// What the key is for, as its creator wrote it (absent when none was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `GET /v1/session` -> `{"key_id", "agency", "roles", "label"?}`.
pub async fn session(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<SessionView>, ApiError> {
    let token = super::auth::bearer(&req).map(str::to_string);
    let keys = state.keys.clone();
    let view = super::blocking(move || {
        // any_key proved the key a moment ago; proving it again yields its identity (a key
        // revoked in between is a 401 like any other bad key)
        let identity = token.and_then(|t| keys.verify(&t).ok()).ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the API key is not valid",
            )
        })?;
        let label = keys
            .list()?
            .into_iter()
            .find(|k| k.id == identity.key_id)
            .and_then(|k| k.label);
        Ok(SessionView {
            key_id: identity.key_id,
            agency: identity.agency,
            roles: identity.roles,
            label,
        })
    })
    .await?;
    Ok(Json(view))
}
