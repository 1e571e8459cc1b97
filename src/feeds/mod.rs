//! Feed formats -> model records, with validation that names the line and the reason.
//!
//! A feed is one organization's UTF-8 JSON Lines file ([`jsonl`]). Parsing is pure: it turns
//! text into [`FeedOp`]s or [`crate::LineError`]s and never touches the index; the index
//! writer decides to apply a file only when every line of it is valid.

pub mod jsonl;

use crate::model::{Kind, Record};

/// How many bad lines a rejection lists (the total is always reported).
pub const MAX_REPORTED_LINE_ERRORS: usize = 100;
/// Longest accepted feed line, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// Most names (primary + aliases) per person.
pub const MAX_NAMES: usize = 64;
/// Longest record id, in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Longest free-text field (category, action), in characters.
pub const MAX_TEXT_CHARS: usize = 1024;
/// Most identity documents per person, and most nationalities / sharing entries.
pub const MAX_LIST_LEN: usize = 32;

/// Whether a feed replaces its source's records or applies changes to them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Replace every record of the file's source in one atomic commit.
    #[default]
    Full,
    /// Apply the file's upserts and deletes.
    Delta,
}

/// One valid feed line.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOp {
    /// Insert or replace the record with this source and id.
    Upsert(Record),
    /// Remove the record with this source and id (absent is not an error).
    Delete {
        kind: Kind,
        source: String,
        id: String,
    },
}

impl FeedOp {
    /// The organization that supplied the line.
    pub fn source(&self) -> &str {
        match self {
            FeedOp::Upsert(r) => &r.source,
            FeedOp::Delete { source, .. } => source,
        }
    }

    /// The record id.
    pub fn id(&self) -> &str {
        match self {
            FeedOp::Upsert(r) => &r.id,
            FeedOp::Delete { id, .. } => id,
        }
    }
}

/// Checks an organization / agency code: `[A-Z0-9_-]{2,32}`.
pub fn valid_code(code: &str) -> bool {
    (2..=32).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Checks an ISO 3166-1 alpha-3 country code (three upper-case letters).
pub fn valid_country(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}
