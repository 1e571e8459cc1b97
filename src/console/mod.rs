//! The embedded web console: officers' search desk, manifest screening and feed
//! administration in the browser, served by the binary itself.
//!
//! The assets live in `console/` at the repository root (plain HTML, CSS and ES modules, no
//! build step) and are compiled into the binary by [`ASSETS`], so a release binary serves
//! exactly what was built, nothing is read from disk and nothing is fetched from elsewhere.
//! The page is public; every data call it makes goes to `/v1` with the API key the officer
//! signed in with (`Authorization: Bearer`), and `GET /v1/session` tells it the key's roles.
//!
//! Routes ([`router`]): `GET /` and `GET /console` redirect to `/console/`, which serves
//! `index.html`; `GET /console/{file}` serves an asset; any other name is a `404` in the API's
//! error format. Every answer carries strict headers ([`security_headers`]): a
//! `Content-Security-Policy` of `default-src 'self'` (no inline script or style, no frames),
//! `nosniff`, `X-Frame-Options: DENY` and no referrer. Assets are sent with
//! `Cache-Control: no-cache` and a strong `ETag` (SHA-256 of the bytes), so a browser
//! revalidates cheaply (`304`) and a new binary's console is picked up at once.

use crate::api::error::ApiError;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::sync::OnceLock;

/// Where the console is mounted.
pub const MOUNT: &str = "/console/";

/// The policy of every console answer: only this origin's scripts, styles, images and
/// connections; no inline code; no framing; forms post only here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// One embedded file: its name under [`MOUNT`], media type and bytes.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! assets {
    ($($name:literal => $type:literal),* $(,)?) => {
        &[$(Asset {
            name: $name,
            content_type: $type,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/console/", $name)),
        }),*]
    };
}

/// Every file of the console, compiled in. A new file in `console/` is served once it is
/// named here.
pub const ASSETS: &[Asset] = assets! {
    "index.html" => "text/html; charset=utf-8",
    "app.css" => "text/css; charset=utf-8",
    "favicon.svg" => "image/svg+xml",
    "app.js" => "text/javascript; charset=utf-8",
    "api.js" => "text/javascript; charset=utf-8",
    "dom.js" => "text/javascript; charset=utf-8",
    "input.js" => "text/javascript; charset=utf-8",
    "explain.js" => "text/javascript; charset=utf-8",
    "officer.js" => "text/javascript; charset=utf-8",
    "screening.js" => "text/javascript; charset=utf-8",
    "admin.js" => "text/javascript; charset=utf-8",
};

/// The asset called `name`, if there is one.
pub fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The `ETag` of every asset (quoted hex SHA-256 prefix), computed once.
fn etag(index: usize) -> &'static str {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    &TAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| format!("\"{}\"", &crate::digest::sha256_hex(a.bytes)[..32]))
            .collect()
    })[index]
}

/// The headers every console answer carries, whatever its status.
pub fn security_headers(headers: &mut HeaderMap) {
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ];
    for (name, value) in set {
        headers.insert(name, value);
    }
}

/// The answer for asset `name`: the bytes, `304` when the browser holds this version, or a
/// `404` in the API's error format.
fn serve(name: &str, request: &HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        let mut r = ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("the console has no file {name:?}"),
        )
        .into_response();
        security_headers(r.headers_mut());
        return r;
    };
    let asset = &ASSETS[index];
    let tag = etag(index);
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut r = match fresh {
        true => StatusCode::NOT_MODIFIED.into_response(),
        false => ([(header::CONTENT_TYPE, asset.content_type)], asset.bytes).into_response(),
    };
    let headers = r.headers_mut();
    security_headers(headers);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(tag).expect("hex is a header value"),
    );
    r
}

async fn index(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

async fn file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    serve(&name, &headers)
}

async fn to_console() -> Redirect {
    Redirect::to(MOUNT)
}

/// The paths [`router`] serves (`{file}` one segment: a deeper path is the service's 404).
pub const PATHS: [&str; 4] = ["/", "/console", MOUNT, "/console/{file}"];

/// The console's routes, to merge into the service's router outside the `/v1` key checks
/// (the page is public; its data calls carry the key).
// The page and its assets are not API operations (no key, no JSON, nothing for a client
// of the API to call), so they are routed with plain axum, outside the OpenAPI document
// that `clippy.toml` otherwise makes the only way to add a route; tests/openapi.rs knows
// these paths and still refuses every other undocumented one.
#[allow(clippy::disallowed_methods)]
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let [root, bare, mount, file_path] = PATHS;
    Router::new()
        .route(root, get(to_console))
        .route(bare, get(to_console))
        .route(mount, get(index))
        .route(file_path, get(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_is_embedded_and_index_names_only_embedded_files() {
        let html = std::str::from_utf8(asset("index.html").unwrap().bytes).unwrap();
        for a in ASSETS {
            assert!(!a.bytes.is_empty(), "{} is empty", a.name);
        }
        // every local file the page links must be served
        for attr in ["src=\"", "href=\""] {
            for part in html.split(attr).skip(1) {
                let target = part.split('"').next().unwrap();
                if !target.starts_with('#') {
                    assert!(asset(target).is_some(), "index.html links {target}");
                }
            }
        }
    }

    #[test]
    fn no_asset_carries_inline_script_or_style_the_policy_would_block() {
        let html = std::str::from_utf8(asset("index.html").unwrap().bytes).unwrap();
        assert!(
            !html.contains("<style"),
            "inline <style> is blocked by the CSP"
        );
        assert!(
            !html.contains(" style=\""),
            "style attributes are blocked by the CSP"
        );
        assert!(
            !html.contains("<script>"),
            "inline scripts are blocked by the CSP"
        );
        for a in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            let js = std::str::from_utf8(a.bytes).unwrap();
            assert!(
                !js.contains("innerHTML"),
                "{}: render with textContent",
                a.name
            );
            assert!(!js.contains("eval("), "{}: no eval", a.name);
        }
    }
}
