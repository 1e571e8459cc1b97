//! Passenger manifests: CSV, JSON and UN/EDIFACT PAXLST read into one list of travellers, each
//! with its position in the input (line, index or segment) so a rejection can name it.
//!
//! A format-level problem (not UTF-8, no header, not a JSON array, no PAXLST message) rejects
//! the whole manifest; a problem with one traveller rejects that traveller only, and the others
//! are screened. Nothing is dropped silently: every traveller of the input is an [`Entry`].

mod csv;
pub use self::csv::COLUMNS;
mod json;
mod paxlst;

use super::traveller::{FieldError, Traveller, TravellerFields};
use crate::model::Date;
use serde::Serialize;

/// A manifest format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Json,
    Paxlst,
}

impl Format {
    /// Every format name accepted by [`Format::parse`].
    pub const ALL: &'static [&'static str] = &["csv", "json", "paxlst"];

    /// Parses a format name (`csv`, `json`, `paxlst`).
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "paxlst" | "edifact" => Some(Format::Paxlst),
            _ => None,
        }
    }

    /// The format a `Content-Type` names (`text/csv`, `application/json`,
    /// `application/edifact`), parameters such as `; charset=utf-8` ignored.
    pub fn from_content_type(ct: &str) -> Option<Format> {
        match ct.split(';').next()?.trim().to_ascii_lowercase().as_str() {
            "text/csv" | "application/csv" => Some(Format::Csv),
            "application/json" => Some(Format::Json),
            "application/edifact" | "application/edi-edifact" | "text/edifact" => {
                Some(Format::Paxlst)
            }
            _ => None,
        }
    }

    /// The name `?format=` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Paxlst => "paxlst",
        }
    }

    /// The `Content-Type` of the format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::Paxlst => "application/edifact",
        }
    }

    /// The format a file name's extension suggests: `.csv`, `.json`, and `.edi`, `.edifact`,
    /// `.paxlst` or `.txt` for PAXLST.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "edi" | "edifact" | "paxlst" | "txt" => Some(Format::Paxlst),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a traveller stands in the input.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Position {
    /// CSV: 1-based line of the file (the header is line 1).
    Line { line: u64 },
    /// JSON: 0-based index in the array.
    Index { index: usize },
    /// PAXLST: 1-based segment number in the interchange and the segment's tag.
    Segment { segment: usize, tag: String },
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Position::Line { line } => write!(f, "line {line}"),
            Position::Index { index } => write!(f, "index {index}"),
            Position::Segment { segment, tag } => write!(f, "segment {segment} ({tag})"),
        }
    }
}

/// Why one traveller was rejected.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// The field at fault (`surname`, `date_of_birth`, `DTM+329`, ...).
    pub field: String,
    pub message: String,
    /// The carrier's reference of the rejected traveller, when it could be read (reports
    /// echo it beside the position).
    #[serde(skip)]
    pub id: Option<String>,
}

impl From<FieldError> for Rejection {
    fn from(e: FieldError) -> Self {
        Rejection {
            field: e.field.to_string(),
            message: e.message,
            id: None,
        }
    }
}

/// One traveller of a manifest: where it is, and its fields or why they could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub position: Position,
    pub fields: Result<TravellerFields, Rejection>,
}

/// What a manifest says about the voyage (PAXLST only).
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize)]
pub struct Voyage {
    /// Flight or voyage ids with their legs, e.g. `ZZ123 SYD-HNL`.
    pub legs: Vec<String>,
    /// `passengers` or `crew` (BGM 745 / 250).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
}

/// A read manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    pub entries: Vec<Entry>,
    /// Irregularities tolerated (a wrong UNT count, stray spaces ...).
    pub warnings: Vec<String>,
    pub voyage: Option<Voyage>,
}

/// One traveller ready to check, or rejected.
pub type Validated = Result<Traveller, Rejection>;

impl Manifest {
    /// Validates every entry (see [`TravellerFields::validate`]), in input order.
    pub fn validate(&self, today: Date) -> Vec<(Position, Validated)> {
        self.entries
            .iter()
            .map(|e| {
                let v = match &e.fields {
                    Ok(f) => f.validate(today).map_err(|err| Rejection {
                        id: f
                            .id
                            .as_deref()
                            .map(str::trim)
                            .filter(|i| !i.is_empty())
                            .map(str::to_string),
                        ..Rejection::from(err)
                    }),
                    Err(r) => Err(r.clone()),
                };
                (e.position.clone(), v)
            })
            .collect()
    }
}

/// A manifest that cannot be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{format} manifest rejected: {message}")]
pub struct ManifestError {
    pub format: Format,
    pub message: String,
}

/// Reads a manifest of `format`.
pub fn parse(format: Format, input: &[u8], today: Date) -> Result<Manifest, ManifestError> {
    let fail = |message: String| ManifestError { format, message };
    match format {
        Format::Csv => csv::parse(input).map_err(fail),
        Format::Json => json::parse(input).map_err(fail),
        Format::Paxlst => {
            let text = std::str::from_utf8(input).map_err(|e| {
                fail(format!(
                    "not UTF-8 text (first bad byte at offset {})",
                    e.valid_up_to()
                ))
            })?;
            paxlst::parse(text, today).map_err(fail)
        }
    }
}
