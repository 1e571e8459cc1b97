//! `/v1/admin/keys`: API keys over HTTP (the same store as `frontline keys`). An admin key
//! manages the keys of its own agency; the local operator's key (agency `LOCAL`, created by
//! the first start) manages every agency's. Lists never show a secret or a digest; a created
//! key is in the answer to its creation only.

use super::audit::Note;
use super::error::ApiError;
use super::extract::ApiJson;
use super::openapi::{errors, example, ErrorBody};
use super::AppState;
use crate::auth::{Identity, KeyRecord, Role};
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/admin/keys` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    /// The agency the key acts for (`[A-Z0-9_-]{2,32}`).
    pub agency: String,
    /// What the key may do.
    pub roles: Vec<Role>,
    /// A note for people (who holds the key, where).
    pub label: Option<String>,
}

/// A key as the API shows it: no secret, no digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyView {
    /// The key's public id (the part after `fl_`).
    pub id: String,
    pub agency: String,
    pub roles: Vec<Role>,
    /// RFC 3339 UTC.
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

/// `201` of `POST /v1/admin/keys`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    /// The key itself: shown in this answer only.
    pub key: String,
    pub record: KeyView,
}

/// `GET /v1/admin/keys`.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyList {
    pub keys: Vec<KeyView>,
}

fn forbidden(caller: &Identity) -> ApiError {
    not_theirs(&caller.agency)
}

fn not_theirs(agency: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this key manages the keys of {agency} only"),
    )
}

/// Create an API key for an agency (one's own; the local operator's key: any).
#[utoipa::path(
    post,
    path = "/v1/admin/keys",
    tag = "keys",
    operation_id = "create_key",
    request_body(content = CreateKey, example = json!({"agency": "FRA-NCB", "roles": ["officer"], "label": "desk 12"})),
    responses(
        (status = 201, description = "The key (in this answer only) and its record", body = CreatedKey, example = json!(example!("key_created.json"))),
        (status = 400, description = "Malformed JSON, an unknown role or field, a bad agency code", body = ErrorBody, example = json!(errors::invalid("Failed to deserialize the JSON body into the target type: roles[0]: unknown variant `boss`, expected one of `officer`, `screener`, `admin` at line 1 column 35"))),
        (status = 403, description = "Another agency's key", body = ErrorBody, example = json!(errors::of(not_theirs("FRA-NCB")))),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody, example = json!(errors::not_json())),
    ),
)]
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
    let body = CreatedKey {
        key,
        record: KeyView::from(record),
    };
    Ok(note.attach((StatusCode::CREATED, Json(body)).into_response()))
}

/// The keys the caller may manage (no secret, no digest).
#[utoipa::path(
    get,
    path = "/v1/admin/keys",
    tag = "keys",
    operation_id = "list_keys",
    responses(
        (status = 200, description = "The keys", body = KeyList, example = json!(example!("keys.json"))),
    ),
)]
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
    Ok(Json(KeyList { keys }).into_response())
}

/// Revoke a key, at once. A key the caller may not manage is a 404, like one that does not
/// exist.
#[utoipa::path(
    delete,
    path = "/v1/admin/keys/{id}",
    tag = "keys",
    operation_id = "revoke_key",
    params(("id" = String, Path, description = "The key's id", example = "bf4ed4597dbb05a1")),
    responses(
        (status = 200, description = "The revoked key", body = KeyView, example = json!(example!("key_revoked.json"))),
        (status = 404, description = "No such key (or one the caller may not manage)", body = ErrorBody, example = json!(errors::engine(crate::Error::NoSuchKey("0000000000000000".into())))),
    ),
)]
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
