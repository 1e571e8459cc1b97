//! What is known of each source's feed between restarts: its last successful ingest, its
//! last failure and its last refresh check, kept in `<data dir>/feed-status.json` (replaced
//! atomically: write to a temporary file, sync, rename).

use crate::feeds::{Format, Mode};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The status file inside the data directory.
pub const STATUS_FILE: &str = "feed-status.json";

/// The last successful ingest of a source.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastIngest {
    pub job_id: String,
    /// RFC 3339 UTC.
    pub finished_at: String,
    pub mode: Mode,
    pub format: Format,
    /// SHA-256 of the feed, hex.
    pub checksum: String,
    pub bytes: u64,
    pub took_ms: u64,
    pub records_before: u64,
    pub records_after: u64,
}

impl LastIngest {
    /// The record of the ingest `report` made as job `job_id`.
    pub fn of(job_id: &str, report: &crate::index::IngestReport) -> LastIngest {
        LastIngest {
            job_id: job_id.to_string(),
            finished_at: crate::jobs::store::now_rfc3339(),
            mode: report.mode,
            format: report.format,
            checksum: report.checksum.clone(),
            bytes: report.bytes,
            took_ms: report.took_ms,
            records_before: report.records_before,
            records_after: report.records_after,
        }
    }
}

/// The last failed or rejected ingest of a source.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastFailure {
    pub job_id: String,
    /// RFC 3339 UTC.
    pub at: String,
    /// `rejected` (the feed was refused; nothing changed), `failed` or `interrupted`.
    pub status: String,
    pub reason: String,
}

/// The last time a scheduled refresh looked at the feed.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastCheck {
    /// RFC 3339 UTC.
    pub at: String,
    /// Seconds since the Unix epoch (when the next one is due is counted from it).
    pub at_unix: u64,
    /// `unchanged` (checksum as last ingested: nothing to do), `changed` (a reload was
    /// queued), or why the check could not be made.
    pub outcome: String,
}

/// Everything recorded of one source.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<LastIngest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_failure: Option<LastFailure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<LastCheck>,
}

/// The status of every source, in memory and on disk.
pub struct StatusStore {
    path: PathBuf,
    map: Mutex<BTreeMap<String, SourceStatus>>,
}

impl StatusStore {
    /// Opens `<data_dir>/feed-status.json` (absent: nothing recorded yet). An unreadable
    /// file is an error: the service must not forget what it knew without saying so.
    pub fn open(data_dir: &Path) -> Result<StatusStore> {
        let path = data_dir.join(STATUS_FILE);
        let map = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::Internal(format!(
                    "{} is not a feed status file ({e}); move it away to start afresh",
                    path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(source) => return Err(Error::Io { path, source }),
        };
        Ok(StatusStore {
            path,
            map: Mutex::new(map),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, SourceStatus>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every source's status.
    pub fn all(&self) -> BTreeMap<String, SourceStatus> {
        self.lock().clone()
    }

    /// One source's status (default when nothing is recorded).
    pub fn get(&self, source: &str) -> SourceStatus {
        self.lock().get(source).cloned().unwrap_or_default()
    }

    /// Changes one source's status and writes the file.
    pub fn update(&self, source: &str, f: impl FnOnce(&mut SourceStatus)) -> Result<()> {
        let mut map = self.lock();
        f(map.entry(source.to_string()).or_default());
        let text = serde_json::to_vec_pretty(&*map)
            .map_err(|e| Error::Internal(format!("feed status: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        crate::fsutil::write_atomic(&self.path, &tmp, &text, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_survives_a_reopen_and_a_bad_file_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let s = StatusStore::open(d.path()).unwrap();
        s.update("OFAC", |st| {
            st.last_failure = Some(LastFailure {
                job_id: "ing_1".into(),
                at: "2026-12-01T00:00:00Z".into(),
                status: "rejected".into(),
                reason: "bad".into(),
            })
        })
        .unwrap();
        let again = StatusStore::open(d.path()).unwrap();
        assert_eq!(again.get("OFAC"), s.get("OFAC"));
        assert_eq!(again.get("UNSC"), SourceStatus::default());
        std::fs::write(d.path().join(STATUS_FILE), "{oops").unwrap();
        assert!(StatusStore::open(d.path()).is_err());
    }
}
