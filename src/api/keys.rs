//! `/v1/admin/keys`: API keys over HTTP (the same store as `frontline keys`). An admin key
//! manages the keys of its own agency; the local operator's key (agency `LOCAL`, created by
//! the first start) manages every agency's. Lists never show a secret or a digest; a created
//! key is in the answer to its creation only.

use super::audit::Note;
use super::error::ApiError;
use super::extract::ApiJson;
use super::AppState;
use crate::auth::{Identity, KeyRecord, Role};
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// `POST /v1/admin/keys` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    pub agency: String,
    pub roles: Vec<Role>,
    pub label: Option<String>,
}

/// A key as the API shows it: no secret, no digest.
#[derive(Debug, Serialize)]
pub struct KeyView {
    pub id: String,
    pub agency: String,
    pub roles: Vec<Role>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

impl From<KeyRecord> for KeyView {
    fn from(k: KeyRecord) -> Self {
        KeyView {
            id: k.id,
            agency: k.agency,
            roles: k.roles,
            created_at: k.created_at,
            label: k.label,
            revoked_at: k.revoked_at,
        }
    }
}

fn forbidden(caller: &Identity) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this key manages the keys of {} only", caller.agency),
    )
}

/// `POST /v1/admin/keys` -> `201 {"key", "record"}`.
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    ApiJson(body): ApiJson<CreateKey>,
) -> Result<Response, ApiError> {
    if !caller.manages(&body.agency) {
        return Err(forbidden(&caller));
    }
    let keys = state.keys.clone();
    let (record, key) = super::blocking(move || {
        Ok(keys.create(&body.agency, &body.roles, body.label.as_deref())?)
    })
    .await?;
    // the new key's id and grant, never the key itself
    let note = Note::json(serde_json::json!({
        "key_id": record.id, "agency": record.agency, "roles": record.roles, "label": record.label,
    }));
    let body = serde_json::json!({"key": key, "record": KeyView::from(record)});
    Ok(note.attach((StatusCode::CREATED, Json(body)).into_response()))
}

/// `GET /v1/admin/keys` -> `{"keys": [...]}`, those the caller may manage.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
) -> Result<Response, ApiError> {
    let keys = state.keys.clone();
    let all = super::blocking(move || Ok(keys.list()?)).await?;
    let keys: Vec<KeyView> = all
        .into_iter()
        .filter(|k| caller.manages(&k.agency))
        .map(KeyView::from)
        .collect();
    Ok(Json(serde_json::json!({ "keys": keys })).into_response())
}

/// `DELETE /v1/admin/keys/{id}` -> the revoked key. A key the caller may not manage is a 404,
/// like one that does not exist.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let keys = state.keys.clone();
    let who = caller.clone();
    let record = super::blocking(move || {
        let owner = keys
            .list()?
            .into_iter()
            .find(|k| k.id == id)
            .map(|k| k.agency);
        if !owner.is_some_and(|a| who.manages(&a)) {
            return Err(crate::Error::NoSuchKey(id).into());
        }
        Ok(keys.revoke(&id)?)
    })
    .await?;
    Ok(Json(KeyView::from(record)).into_response())
}
