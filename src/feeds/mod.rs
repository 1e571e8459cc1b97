//! Feed formats -> model records, with validation that names the line and the reason.
//!
//! The native format is one organization's UTF-8 JSON Lines file ([`jsonl`]). Real public
//! lists come in their own formats, each read by an importer of its own: OFAC SDN CSV
//! ([`ofac`]), the UN Security Council consolidated list XML ([`un_xml`]), FollowTheMoney
//! entities ([`ftm`]) and Senzing JSON ([`senzing`]). An importer maps its format's fields
//! explicitly to a feed line (a JSON value) and validates it with [`jsonl::parse_value`], so
//! every format passes the one validation. Parsing is pure: it turns input into [`FeedOp`]s
//! or reasons and never touches the index; the index writer applies a feed only when every
//! entry of it is valid.

pub mod countries;
pub mod ftm;
pub mod jsonl;
pub mod ofac;
pub mod senzing;
#[cfg(test)]
pub(crate) mod test_support;
pub mod un_xml;

use crate::model::{Kind, Record};
use std::path::Path;

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
    utoipa::ToSchema,
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
// an op is built once and moved into the writer: boxing the record would only add an
// allocation per line
#[allow(clippy::large_enum_variant)]
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

/// The formats a feed may come in.
#[derive(
    utoipa::ToSchema,
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
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Frontline's JSON Lines (README, "Feed format"); the source is named on every line.
    #[default]
    Jsonl,
    /// OFAC's SDN list: a folder holding `sdn.csv`, `alt.csv`, `add.csv`, `sdn_comments.csv`.
    OfacSdn,
    /// The UN Security Council consolidated list (XML).
    UnXml,
    /// FollowTheMoney entities as JSON Lines (OpenSanctions).
    Ftm,
    /// Senzing JSON (a JSON array or JSON Lines of Senzing records).
    Senzing,
}

impl Format {
    /// Every format with its name, as the CLI and the API spell it.
    pub const ALL: [(Format, &'static str); 5] = [
        (Format::Jsonl, "jsonl"),
        (Format::OfacSdn, "ofac-sdn"),
        (Format::UnXml, "un-xml"),
        (Format::Ftm, "ftm"),
        (Format::Senzing, "senzing"),
    ];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("jsonl", |(_, n)| n)
    }

    /// The format named `name`, or an error listing the names.
    pub fn parse(name: &str) -> Result<Format, String> {
        Format::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(f, _)| *f)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|(_, n)| *n).collect();
                format!(
                    "unknown format '{name}' (expected one of {})",
                    names.join(", ")
                )
            })
    }

    /// True for a format read from a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::OfacSdn
    }
}

/// Receives what an importer reads, in input order.
pub trait Sink {
    /// One entry of the input: the op it becomes, or why it cannot be imported. `line` is
    /// the entry's 1-based line in the input (for several files, in the main one; the reason
    /// then names the other file and line).
    fn op(&mut self, line: usize, op: Result<FeedOp, String>) -> crate::Result<()>;
    /// Something left out of an otherwise valid entry (a country name no ISO code is known
    /// for, a remark that could not be read), reported with the ingest.
    fn warning(&mut self, line: usize, message: String);
}

/// Reads a real-list feed (any format but [`Format::Jsonl`], which the index writer streams
/// itself) at `path` into `sink`, every record owned by `source`.
pub fn import(format: Format, path: &Path, source: &str, sink: &mut dyn Sink) -> crate::Result<()> {
    match format {
        Format::Jsonl => Err(crate::Error::Internal(
            "jsonl feeds are read by the index writer".into(),
        )),
        Format::OfacSdn => ofac::import(path, source, sink),
        Format::UnXml => un_xml::import(path, source, sink),
        Format::Ftm => ftm::import(path, source, sink),
        Format::Senzing => senzing::import(path, source, sink),
    }
}
