//! The audit trail: every `/v1` request, appended to `audit/` in the data directory before
//! its response is sent, in a log that shows any edit, removal, reordering or truncation.
//!
//! - [`record`]: what a line holds (a request, a seal, a start) and how it is written: one
//!   JSON object per line, so a newline or a control character inside a searched name is
//!   escaped by the encoder and can never forge a line.
//! - [`chain`]: the chain and its seals. Each line carries the SHA-256 of the previous line's
//!   exact bytes; every commit ends with a seal whose HMAC (under the server's audit key,
//!   kept apart from the log) covers the chain so far; the head file records the last seal.
//! - [`log`]: the writer: group commits (one write and one fsync per batch, each response
//!   waiting for its batch only), rotation that keeps the chain across files, recovery after
//!   a crash.
//! - [`verify`] and [`search`]: `frontline audit verify` and `frontline audit search`.

pub mod chain;
pub mod log;
pub mod record;
pub mod search;
pub mod verify;

pub use chain::AuditKey;
pub use log::{AuditLog, QueryMode};
pub use record::{Body, Line, Request};

use std::path::{Path, PathBuf};

/// The log's folder in a data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("audit")
}

/// Where the audit key is kept by default: in the data directory, outside the log's folder.
pub fn default_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("audit.key")
}

/// The head file: the last seal's sequence number and hash, under the key's HMAC, so that a
/// log cut after a seal is noticed. Kept beside the key, outside the log's folder.
pub fn head_path(data_dir: &Path) -> PathBuf {
    data_dir.join("audit.head")
}
