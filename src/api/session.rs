//! `GET /v1/session`: who the presented key is (its id, agency, roles and label), for any
//! valid key whatever its roles. The web console ([`crate::console`]) asks it at sign-in to
//! offer only what the key may do; the route itself grants nothing. It sits behind
//! [`super::auth::any_key`], which has refused a missing or bad key with a 401 and put the
//! key's [`Identity`] in the request.

use super::error::ApiError;
use super::openapi::example;
use super::AppState;
use crate::auth::{Identity, Role};
use axum::extract::{Extension, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The answer of `GET /v1/session`: no secret, no digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// The key's public id (as `GET /v1/admin/keys` and the audit log name it).
    pub key_id: String,
    /// The agency the key acts for (whose sharing rules apply to its searches).
    pub agency: String,
    /// What the key may do.
    pub roles: Vec<Role>,
    /// What the key is for, as its creator wrote it (absent when none was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The presented key: its id, agency, roles and label.
///
/// Any valid key may ask, whatever its roles; the answer grants nothing (the web console
/// asks it at sign-in to offer only what the key may do).
#[utoipa::path(
    get,
    path = "/v1/session",
    tag = "session",
    operation_id = "session",
    responses(
        (status = 200, description = "The key", body = SessionView, example = json!(example!("session.json"))),
    ),
)]
pub async fn session(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
) -> Result<Json<SessionView>, ApiError> {
    let keys = state.keys.clone();
    let id = identity.key_id.clone();
    let label = super::blocking(move || {
        let all = keys.list()?;
        Ok(all.into_iter().find(|k| k.id == id).and_then(|k| k.label))
    })
    .await?;
    Ok(Json(SessionView {
        key_id: identity.key_id,
        agency: identity.agency,
        roles: identity.roles,
        label,
    }))
}
