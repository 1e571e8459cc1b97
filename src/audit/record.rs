//! The lines of the audit log. A line is one JSON object ending in `\n`: its sequence number
//! (`seq`, from 1, continuous across files), the SHA-256 of the previous line's bytes
//! (`prev`), the time, and its body tagged by `kind`. serde_json escapes every control
//! character inside strings, and [`Line::encode`] also escapes the ones it leaves raw (DEL, the
//! C1 controls, line and paragraph separators, bidirectional overrides), so whatever a caller
//! sends (a newline in a name, a terminal escape sequence, text that reorders a line on
//! screen) stays inside its field, visible as an escape.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `prev` of the very first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Line {
    pub seq: u64,
    pub prev: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ` (fixed width, so text order is time order).
    pub time: String,
    #[serde(flatten)]
    pub body: Body,
}

/// What a line records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// A request to `/v1` and what it was answered.
    Request(Box<Request>),
    /// The end of a commit: `mac` is the HMAC of the seal's `seq` and `prev` (see
    /// [`super::chain::AuditKey::seal`]), which authenticates every line before it.
    Seal { mac: String },
    /// The writer started (a service start), with what its recovery found.
    Start { note: String },
}

/// A request to `/v1`: who asked what and what came back.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Request {
    /// The id the response carried in `X-Request-Id`.
    pub request_id: String,
    /// The key that made the request (for a refused key, the id it claimed, if well formed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The agency of the key, once the key was proven.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The role the route requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub method: String,
    /// The path as sent (query string included).
    pub path: String,
    pub status: u16,
    /// `ok`, `denied` (401/403), `rejected` (other 4xx) or `failed` (5xx).
    pub outcome: String,
    pub latency_ms: f64,
    /// The query as the route read it (its JSON body, or what identifies an upload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Value>,
    /// Instead of `query` when the log keeps digests only: the HMAC of the query's JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_digest: Option<String>,
    /// The records the response showed, as `source/id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
    /// Whether the response raised an alert (routes that can).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<bool>,
}

/// The outcome word of an HTTP status.
pub fn outcome(status: u16) -> &'static str {
    match status {
        401 | 403 => "denied",
        400..=499 => "rejected",
        500..=599 => "failed",
        _ => "ok",
    }
}

/// The time of a line: now, UTC, to the microsecond, fixed width.
pub fn now() -> String {
    format_time(time::OffsetDateTime::now_utc())
}

/// `t` as a line's time: UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
pub fn format_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

impl Line {
    /// The line's bytes, without the ending newline.
    pub fn encode(&self) -> Vec<u8> {
        let json = serde_json::to_string(self).expect("an audit line always serialises");
        escape_invisible(json).into_bytes()
    }
}

/// Characters JSON allows raw in a string that a terminal or an editor would act on or hide.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// `json` with every [`needs_escape`] character written `\uXXXX` (all are in the BMP, and all
/// can only occur inside strings, so the result is the same JSON value).
fn escape_invisible(json: String) -> String {
    if !json.chars().any(needs_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newline_or_control_character_in_a_query_cannot_forge_a_line() {
        let forged = "A\n{\"seq\":2,\"kind\":\"seal\"}\r\u{1b}[2J\u{0}\u{7f}\u{9b}\u{2028}\u{202e}";
        let line = Line {
            seq: 1,
            prev: GENESIS.into(),
            time: now(),
            body: Body::Request(Box::new(Request {
                path: "/v1/persons/search".into(),
                query: Some(serde_json::json!({ "name": forged })),
                ..Default::default()
            })),
        };
        let bytes = line.encode();
        assert!(!bytes.iter().any(|b| *b < 0x20), "a raw control byte");
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.chars().any(needs_escape), "{text}");
        assert_eq!(text.lines().count(), 1);
        let back: Line = serde_json::from_str(&text).unwrap();
        assert_eq!(back, line);
        let Body::Request(r) = back.body else {
            panic!()
        };
        assert_eq!(r.query.unwrap()["name"], forged);
    }

    #[test]
    fn time_is_fixed_width_utc() {
        let t = now();
        assert_eq!(t.len(), 27, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T');
    }
}
