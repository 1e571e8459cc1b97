//! The request id: taken from the request's `X-Request-Id` when it is short and well formed
//! (1 to 64 characters of letters, digits and `-_.:`), generated otherwise (64 random bits in
//! hex); echoed in the response's `X-Request-Id`, recorded in the request's audit line
//! ([`super::audit`]) and carried by the `request` tracing span every log line of the
//! request is written in.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument as _;

/// The header, in the request and the response.
pub const HEADER: &str = "x-request-id";

/// The longest id taken from a request.
pub const MAX_LEN: usize = 64;

/// The id of the request being served (a request extension).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Whether a client's id is taken as it is.
pub fn well_formed(id: &str) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// A new id: 64 random bits in hex.
pub fn generate() -> String {
    format!("{:016x}", getrandom::u64().unwrap_or_default())
}

/// The id of `req`: the client's when well formed, else a new one.
fn of(req: &Request) -> String {
    req.headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|id| well_formed(id))
        .map_or_else(generate, String::from)
}

/// The layer over every route: names the request, serves it inside its span, echoes the id.
pub async fn layer(mut req: Request, next: Next) -> Response {
    let id = of(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path()
    );
    let started = std::time::Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(
            status = response.status().as_u16(),
            took_ms = super::handlers::ms(started),
            "answered"
        )
    });
    let value = HeaderValue::from_str(&id).expect("a well-formed id is a header value");
    response.headers_mut().insert(HEADER, value);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_id_is_taken_only_when_short_and_plain() {
        assert!(well_formed("req-2026.12.03:0001_A"));
        assert!(well_formed(&"a".repeat(MAX_LEN)));
        for bad in [
            "",
            " x",
            "a b",
            "ä",
            "x\"y",
            "<script>",
            &"a".repeat(MAX_LEN + 1),
        ] {
            assert!(!well_formed(bad), "{bad:?}");
        }
        let id = generate();
        assert!(well_formed(&id) && id.len() == 16, "{id}");
    }
}
