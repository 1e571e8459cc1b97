//! The engine's error type. User errors (bad input: the caller can fix it) are kept apart
//! from internal ones (the index, the disk); `api::error` maps them to HTTP in one table.

use std::path::PathBuf;

/// One rejected feed line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineError {
    /// 1-based line number in the feed file.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub reason: String,
}

/// Everything the engine can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request field is missing, malformed or out of range.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },
    /// A feed file was rejected; nothing of it was applied. Holds the first
    /// [`crate::feeds::MAX_REPORTED_LINE_ERRORS`] bad lines and the total count.
    #[error("feed {path} rejected: {total} invalid entries; nothing was applied{}", summarize(.errors, *.total))]
    FeedRejected {
        path: PathBuf,
        errors: Vec<LineError>,
        total: usize,
    },
    /// A full ingest would remove more of its source's records than allowed; nothing was
    /// applied (a truncated feed must not wipe a source).
    #[error(
        "full ingest of {source_code} held back: it would leave {after} of its {before} records, \
         removing more than {:.0}% of them; if that is intended, ingest again with force",
        .max_share * 100.0
    )]
    TooManyRemovals {
        source_code: String,
        before: u64,
        after: u64,
        max_share: f64,
    },
    /// A record looked up by source and id does not exist (or is not visible to the caller).
    #[error("record {source_code}/{id} not found")]
    NotFound { source_code: String, id: String },
    /// No job has this id (it never existed, or was removed after its retention period).
    #[error("no job {0}")]
    NoSuchJob(String),
    /// No API key has this id.
    #[error("no API key {0}")]
    NoSuchKey(String),
    /// An ingest of this source is already queued or running.
    #[error("an ingest of {source_code} is already queued or running (job {job_id}); wait for it to finish")]
    IngestRunning { source_code: String, job_id: String },
    /// Too many jobs are queued or running.
    #[error("{0} jobs are already queued or running; retry when one has finished")]
    TooManyJobs(usize),
    /// Another writer (an ingest in this or another process) holds the index lock.
    #[error("the index is busy: another ingest is running ({0}); retry when it has finished")]
    Busy(String),
    /// Another process (a running server) owns the data directory's job store.
    #[error("the job store {} is in use by another process (a running server?)", .0.display())]
    StoreInUse(PathBuf),
    /// The index on disk was written by a Frontline with another schema.
    #[error(
        "the index in {} was built by another version of Frontline; move it away and ingest \
         the feeds again",
        .0.display()
    )]
    IncompatibleIndex(PathBuf),
    /// No index is open yet.
    #[error("the index is not open yet")]
    NotReady,
    /// The index failed (disk, corruption, lock).
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Reading a file failed.
    #[error("i/o error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The audit log cannot be written, or is damaged.
    #[error("audit log: {0}")]
    Audit(String),
    /// An invariant broke; a bug.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Every reported bad line, and how many more were found but not kept.
fn summarize(errors: &[LineError], total: usize) -> String {
    let mut s = String::new();
    for e in errors {
        s.push_str(&format!("\n  line {}: {}", e.line, e.reason));
    }
    if total > errors.len() {
        s.push_str(&format!(
            "\n  ... and {} more (only the first {} are listed)",
            total - errors.len(),
            errors.len()
        ));
    }
    s
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }

    /// True when the caller caused the error and can fix it.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput { .. }
                | Error::FeedRejected { .. }
                | Error::TooManyRemovals { .. }
                | Error::NotFound { .. }
                | Error::NoSuchJob(_)
                | Error::NoSuchKey(_)
        )
    }
}

/// Result with the engine's error.
pub type Result<T> = std::result::Result<T, Error>;
