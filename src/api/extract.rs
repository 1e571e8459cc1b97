//! Extractors that answer in the app's error format: a JSON body whose every rejection
//! (syntax, wrong type, missing field, wrong content type, too large) becomes an [`ApiError`],
//! and the calling agency, the one the request's API key acts for.

use super::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// Header naming the calling agency (e.g. `X-Agency: FRONTEX`).
pub const AGENCY_HEADER: &str = "x-agency";

/// `axum::Json` with app-format rejections.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

fn rejection_to_error(r: JsonRejection) -> ApiError {
    match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(r.body_text()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => not_json(),
        _ => ApiError::bad_request(r.body_text()),
    }
}

/// `413 payload_too_large`: a body over its route's limit.
pub fn too_large(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", message)
}

/// `415 unsupported_media_type` of a JSON route.
pub fn not_json() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "expected a JSON body with 'Content-Type: application/json'",
    )
}

/// The raw body (a manifest) with app-format rejections: a body over the route's limit is a
/// `413 payload_too_large` like a JSON body's, not axum's plain-text answer.
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(ApiBytes(bytes)),
            Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large(r.body_text())),
            Err(r) => Err(ApiError::bad_request(r.body_text())),
        }
    }
}

/// `axum::extract::Query` with app-format rejections (an unknown or malformed parameter is a
/// 400 naming it).
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(r) => Err(ApiError::bad_request(r.body_text())),
        }
    }
}

/// A whole-number query parameter (`?limit=`, `?offset=`), read as the text sent so that a
/// refusal names the value given (`invalid limit: -5 is outside 1..=1000`, `invalid limit:
/// ten is not a whole number`) rather than the integer type it missed. `None` gives
/// `default`.
pub fn query_count(
    name: &str,
    value: Option<&str>,
    range: std::ops::RangeInclusive<u64>,
    default: u64,
) -> Result<u64, ApiError> {
    let Some(text) = value else {
        return Ok(default);
    };
    let shown = if range.end() == &u64::MAX {
        format!("{}..", range.start())
    } else {
        format!("{range:?}")
    };
    let text = text.trim();
    match text.parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        // a whole number, out of range (negative or too large included)
        _ if text.parse::<i128>().is_ok() => Err(ApiError::bad_request(format!(
            "invalid {name}: {text} is outside {shown}"
        ))),
        _ => Err(ApiError::bad_request(format!(
            "invalid {name}: {:?} is not a whole number ({shown})",
            text.chars().take(40).collect::<String>()
        ))),
    }
}

/// The calling agency: the one the request's API key acts for (see [`super::auth`]). An
/// `X-Agency` header may only repeat it: a malformed code is a 400, another agency a 403 (a
/// key cannot speak for an agency it was not issued to).
pub struct Agency(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Agency {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(identity) = parts.extensions.get::<crate::auth::Identity>() else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this route needs 'Authorization: Bearer <API key>'",
            ));
        };
        match parts.headers.get(AGENCY_HEADER) {
            None => {}
            Some(v) => match v.to_str() {
                Ok(code) if crate::feeds::valid_code(code) => {
                    if code != identity.agency {
                        return Err(other_agency(&identity.agency));
                    }
                }
                _ => return Err(bad_agency()),
            },
        }
        Ok(Agency(Some(identity.agency.clone())))
    }
}

/// `403`: an `X-Agency` header naming another agency than the key's (`agency`).
pub fn other_agency(agency: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this key acts for {agency}; X-Agency may only repeat it"),
    )
}

/// `400`: an `X-Agency` header that is no agency code.
pub fn bad_agency() -> ApiError {
    ApiError::bad_request("X-Agency must be an agency code matching [A-Z0-9_-]{2,32}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_count_is_refused_naming_the_value_given() {
        let count = |v: Option<&str>| query_count("limit", v, 1..=1000, 100);
        assert_eq!(count(None).unwrap(), 100);
        assert_eq!(count(Some("7")).unwrap(), 7);
        assert_eq!(count(Some(" 1000 ")).unwrap(), 1000);
        let refused = |v: &str| count(Some(v)).unwrap_err().message;
        assert_eq!(refused("0"), "invalid limit: 0 is outside 1..=1000");
        assert_eq!(refused("-5"), "invalid limit: -5 is outside 1..=1000");
        assert_eq!(
            refused("99999999999999999999999"),
            "invalid limit: 99999999999999999999999 is outside 1..=1000"
        );
        assert_eq!(
            refused("1e3"),
            "invalid limit: \"1e3\" is not a whole number (1..=1000)"
        );
        let offset = query_count("offset", Some("-1"), 0..=u64::MAX, 0).unwrap_err();
        assert_eq!(offset.message, "invalid offset: -1 is outside 0..");
    }
}
