//! The job store: one folder per job under `<data dir>/jobs/`, holding `job.json` (the record,
//! replaced atomically by write-to-temporary and rename) and the job's results as JSON Lines
//! (`results.jsonl`) with a table of their byte offsets (`results.idx`, one little-endian `u64`
//! per result) so any page of results is read without scanning the file.
//!
//! Records are kept in memory too (the store is small: finished jobs are removed after the
//! retention period). Opening the store marks every job left `queued` or `running` by a
//! previous process as `interrupted`.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Name of a job's record file.
const RECORD_FILE: &str = "job.json";
const RESULTS_FILE: &str = "results.jsonl";
const INDEX_FILE: &str = "results.idx";

/// What a job does.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// A manifest screening.
    Screening,
    /// A feed ingest.
    Ingest,
}

impl JobKind {
    /// The name the API shows.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Screening => "screening",
            JobKind::Ingest => "ingest",
        }
    }
}

/// Where a job stands.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Queued,
    Running,
    /// Finished; its results are complete.
    Succeeded,
    /// Its input was refused as a whole.
    Rejected,
    /// An internal error stopped it.
    Failed,
    /// Cancelled on request; the results written before are kept.
    Cancelled,
    /// Cut by a crash or restart; the results written before are kept, but are incomplete.
    Interrupted,
}

impl JobStatus {
    /// Every state, in the order of the enum.
    pub const ALL: [JobStatus; 7] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Rejected,
        JobStatus::Failed,
        JobStatus::Cancelled,
        JobStatus::Interrupted,
    ];

    /// The name the API shows.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Rejected => "rejected",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Interrupted => "interrupted",
        }
    }

    /// True for queued and running jobs.
    pub fn is_pending(self) -> bool {
        matches!(self, JobStatus::Queued | JobStatus::Running)
    }
}

/// How far a job has come.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Items done (travellers checked, lines read).
    pub done: u64,
    /// Items in all, when known.
    pub total: u64,
    /// Further counters of the job kind (bytes read, accepted, rejected ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counters: BTreeMap<String, u64>,
}

/// One job.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    /// RFC 3339 UTC times.
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Seconds since the Unix epoch at creation (retention is counted from it).
    pub created_unix: u64,
    /// Microseconds since the Unix epoch at creation (orders jobs created in one second).
    #[serde(default)]
    pub created_micros: u64,
    pub progress: Progress,
    /// What the job was asked to do (format, agency, source ...).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub params: serde_json::Value,
    /// The outcome's totals, when finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub summary: Option<serde_json::Value>,
    /// Why it was rejected, failed or interrupted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Results written so far.
    #[serde(default)]
    pub results: u64,
    /// What the job holds exclusively while pending (an ingest: its source), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The current time as RFC 3339 UTC.
/// Time since an RFC 3339 start (zero when unknown: a job that never started).
fn started_to_now(started: Option<&str>) -> std::time::Duration {
    let parsed = started.and_then(|s| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
    });
    match parsed {
        Some(t) => (time::OffsetDateTime::now_utc() - t)
            .try_into()
            .unwrap_or_default(),
        None => std::time::Duration::ZERO,
    }
}

pub fn now_rfc3339() -> String {
    rfc3339(now_unix())
}

/// Seconds since the Unix epoch as RFC 3339 UTC.
pub fn rfc3339(unix: u64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix as i64)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A new job id: the kind's prefix and 128 random bits in hex (from the standard library's
/// randomly seeded hasher: unguessable enough for an id, not a secret).
fn new_id(kind: JobKind) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut bits = String::new();
    for i in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        bits.push_str(&format!("{:016x}", h.finish()));
    }
    let prefix = match kind {
        JobKind::Screening => "scr",
        JobKind::Ingest => "ing",
    };
    format!("{prefix}_{bits}")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Job records and results on disk.
pub struct JobStore {
    dir: PathBuf,
    records: Mutex<BTreeMap<String, JobRecord>>,
    /// Held open with an exclusive `flock` for the store's lifetime (see [`LOCK_FILE`]).
    _lock: File,
}

/// Locked by the one process that owns the store: a second process opening it (a CLI run
/// against the data directory of a running server) would take the server's running jobs
/// for interrupted ones.
pub const LOCK_FILE: &str = "LOCK";

/// Takes the store's lock without waiting.
fn lock_store(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path))?;
    if !crate::fsutil::lock_exclusive(&file, false) {
        return Err(Error::StoreInUse(dir.to_path_buf()));
    }
    Ok(file)
}

impl JobStore {
    /// Opens (creating) the store in `dir`, marking jobs a previous process left pending as
    /// interrupted and removing finished jobs older than `retention`.
    pub fn open(dir: impl AsRef<Path>, retention: Duration) -> Result<JobStore> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let lock = lock_store(&dir)?;
        let mut records = BTreeMap::new();
        for entry in fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            if !entry.path().is_dir() {
                continue;
            }
            let path = entry.path().join(RECORD_FILE);
            let Ok(text) = fs::read_to_string(&path) else {
                continue; // a folder whose record was never written: a job cut at birth
            };
            match serde_json::from_str::<JobRecord>(&text) {
                Ok(r) => {
                    records.insert(r.id.clone(), r);
                }
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "unreadable job record skipped")
                }
            }
        }
        let store = JobStore {
            dir,
            records: Mutex::new(records),
            _lock: lock,
        };
        let pending: Vec<String> = store
            .list(usize::MAX)
            .into_iter()
            .filter(|r| r.status.is_pending())
            .map(|r| r.id)
            .collect();
        for id in pending {
            store.update(&id, |r| {
                r.status = JobStatus::Interrupted;
                r.finished_at = Some(now_rfc3339());
                r.error = Some(
                    "interrupted: the service stopped before the job finished; its results are \
                     incomplete, submit it again"
                        .into(),
                );
            })?;
        }
        store.purge(retention)?;
        Ok(store)
    }

    fn job_dir(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    fn write_record(&self, r: &JobRecord) -> Result<()> {
        let dir = self.job_dir(&r.id);
        let tmp = dir.join(format!("{RECORD_FILE}.tmp"));
        let text = serde_json::to_vec_pretty(r)
            .map_err(|e| Error::Internal(format!("job record: {e}")))?;
        // a final status must survive a crash that follows
        let sync = !r.status.is_pending();
        crate::fsutil::write_atomic(&dir.join(RECORD_FILE), &tmp, &text, sync)
    }

    /// Creates a queued job.
    pub fn create(
        &self,
        kind: JobKind,
        total: u64,
        params: serde_json::Value,
    ) -> Result<JobRecord> {
        self.create_keyed(kind, None, total, params)
    }

    /// Creates a queued job holding `key` (see [`JobRecord::key`]).
    pub fn create_keyed(
        &self,
        kind: JobKind,
        key: Option<String>,
        total: u64,
        params: serde_json::Value,
    ) -> Result<JobRecord> {
        let r = JobRecord {
            id: new_id(kind),
            kind,
            status: JobStatus::Queued,
            created_at: now_rfc3339(),
            started_at: None,
            finished_at: None,
            created_unix: now_unix(),
            created_micros: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_micros() as u64),
            progress: Progress {
                total,
                ..Default::default()
            },
            params,
            summary: None,
            error: None,
            results: 0,
            key,
        };
        let dir = self.job_dir(&r.id);
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        self.write_record(&r)?;
        self.lock().insert(r.id.clone(), r.clone());
        Ok(r)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, JobRecord>> {
        self.records.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes a job and writes its record.
    pub fn update(&self, id: &str, f: impl FnOnce(&mut JobRecord)) -> Result<JobRecord> {
        let r = {
            let mut records = self.lock();
            let r = records
                .get_mut(id)
                .ok_or_else(|| Error::NoSuchJob(id.to_string()))?;
            let was_pending = r.status.is_pending();
            f(r);
            if was_pending && !r.status.is_pending() {
                let took = started_to_now(r.started_at.as_deref());
                crate::metrics::job_ended(r.kind.as_str(), r.status.as_str(), took);
            }
            r.clone()
        };
        self.write_record(&r)?;
        Ok(r)
    }

    /// One job.
    pub fn get(&self, id: &str) -> Result<JobRecord> {
        self.lock()
            .get(id)
            .cloned()
            .ok_or_else(|| Error::NoSuchJob(id.to_string()))
    }

    /// The most recent jobs first, at most `limit`.
    pub fn list(&self, limit: usize) -> Vec<JobRecord> {
        self.select(None, limit)
    }

    /// The most recent jobs of `kind` first, at most `limit`.
    pub fn list_of(&self, kind: JobKind, limit: usize) -> Vec<JobRecord> {
        self.select(Some(kind), limit)
    }

    fn select(&self, kind: Option<JobKind>, limit: usize) -> Vec<JobRecord> {
        let mut all: Vec<JobRecord> = self
            .lock()
            .values()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .cloned()
            .collect();
        all.sort_by(|a, b| {
            let key = |r: &JobRecord| (r.created_unix, r.created_micros, r.id.clone());
            key(b).cmp(&key(a))
        });
        all.truncate(limit);
        all
    }

    /// Waits until job `id` is no longer pending and returns its record.
    pub fn wait(&self, id: &str) -> Result<JobRecord> {
        loop {
            let r = self.get(id)?;
            if !r.status.is_pending() {
                return Ok(r);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Queued and running jobs of `kind`.
    pub fn pending(&self, kind: JobKind) -> usize {
        self.lock()
            .values()
            .filter(|r| r.kind == kind && r.status.is_pending())
            .count()
    }

    /// The queued or running job of `kind` holding `key`, if any.
    pub fn pending_with_key(&self, kind: JobKind, key: &str) -> Option<JobRecord> {
        self.lock()
            .values()
            .find(|r| r.kind == kind && r.status.is_pending() && r.key.as_deref() == Some(key))
            .cloned()
    }

    /// Removes a job that is not pending, with its results.
    pub fn remove(&self, id: &str) -> Result<()> {
        let r = self.get(id)?;
        if r.status.is_pending() {
            return Err(Error::Internal(format!("job {id} is still pending")));
        }
        self.lock().remove(id);
        let dir = self.job_dir(id);
        fs::remove_dir_all(&dir).map_err(io(&dir))
    }

    /// Removes finished jobs created more than `retention` ago.
    pub fn purge(&self, retention: Duration) -> Result<usize> {
        let cutoff = now_unix().saturating_sub(retention.as_secs());
        let old: Vec<String> = self
            .lock()
            .values()
            .filter(|r| !r.status.is_pending() && r.created_unix < cutoff)
            .map(|r| r.id.clone())
            .collect();
        for id in &old {
            self.remove(id)?;
        }
        Ok(old.len())
    }

    /// A writer appending results to a job.
    pub fn results_writer(&self, id: &str) -> Result<ResultsWriter> {
        let dir = self.job_dir(id);
        let open = |name: &str| -> Result<(File, u64)> {
            let path = dir.join(name);
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(io(&path))?;
            let len = f.metadata().map_err(io(&path))?.len();
            Ok((f, len))
        };
        let (data, data_len) = open(RESULTS_FILE)?;
        let (index, index_len) = open(INDEX_FILE)?;
        Ok(ResultsWriter {
            data: BufWriter::new(data),
            index: BufWriter::new(index),
            offset: data_len,
            count: index_len / 8,
        })
    }

    /// Results `offset..offset + limit` of a job (fewer at the end).
    pub fn read_results(
        &self,
        id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<serde_json::Value>> {
        self.get(id)?;
        let dir = self.job_dir(id);
        let index_path = dir.join(INDEX_FILE);
        let data_path = dir.join(RESULTS_FILE);
        let (Ok(mut index), Ok(mut data)) = (File::open(&index_path), File::open(&data_path))
        else {
            return Ok(Vec::new());
        };
        let count = index.metadata().map_err(io(&index_path))?.len() / 8;
        if offset >= count || limit == 0 {
            return Ok(Vec::new());
        }
        let end = (offset + limit).min(count);
        let mut offsets = vec![0u8; ((end - offset) * 8) as usize];
        index
            .seek(SeekFrom::Start(offset * 8))
            .and_then(|_| index.read_exact(&mut offsets))
            .map_err(io(&index_path))?;
        let at =
            |i: usize| u64::from_le_bytes(offsets[i * 8..i * 8 + 8].try_into().unwrap_or_default());
        let start = at(0);
        let stop = if end < count {
            let mut next = [0u8; 8];
            index
                .seek(SeekFrom::Start(end * 8))
                .and_then(|_| index.read_exact(&mut next))
                .map_err(io(&index_path))?;
            u64::from_le_bytes(next)
        } else {
            data.metadata().map_err(io(&data_path))?.len()
        };
        let mut bytes = vec![0u8; stop.saturating_sub(start) as usize];
        data.seek(SeekFrom::Start(start))
            .and_then(|_| data.read_exact(&mut bytes))
            .map_err(io(&data_path))?;
        bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                serde_json::from_slice(l)
                    .map_err(|e| Error::Internal(format!("corrupt job result in {id}: {e}")))
            })
            .collect()
    }
}

/// Appends a job's results.
pub struct ResultsWriter {
    data: BufWriter<File>,
    index: BufWriter<File>,
    offset: u64,
    count: u64,
}

impl ResultsWriter {
    /// Appends one result (one JSON line).
    pub fn push(&mut self, value: &impl Serialize) -> Result<()> {
        let mut line =
            serde_json::to_vec(value).map_err(|e| Error::Internal(format!("job result: {e}")))?;
        line.push(b'\n');
        let fail = |e: std::io::Error| Error::Internal(format!("writing job results: {e}"));
        self.data.write_all(&line).map_err(fail)?;
        self.index
            .write_all(&self.offset.to_le_bytes())
            .map_err(fail)?;
        self.offset += line.len() as u64;
        self.count += 1;
        Ok(())
    }

    /// Writes buffered results out (data before index, so an index entry never points past
    /// the data); returns how many results the job has.
    pub fn flush(&mut self) -> Result<u64> {
        let fail = |e: std::io::Error| Error::Internal(format!("writing job results: {e}"));
        self.data.flush().map_err(fail)?;
        self.index.flush().map_err(fail)?;
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_jobs_are_interrupted_on_reopen_and_results_page() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(86_400);
        let store = JobStore::open(dir.path(), day).unwrap();
        let a = store
            .create(JobKind::Screening, 3, serde_json::json!({}))
            .unwrap();
        let b = store
            .create(JobKind::Screening, 1, serde_json::json!({}))
            .unwrap();
        store
            .update(&a.id, |r| r.status = JobStatus::Running)
            .unwrap();
        store
            .update(&b.id, |r| r.status = JobStatus::Succeeded)
            .unwrap();
        let mut w = store.results_writer(&a.id).unwrap();
        for i in 0..5 {
            w.push(&serde_json::json!({ "n": i })).unwrap();
        }
        assert_eq!(w.flush().unwrap(), 5);
        drop(store);

        let store = JobStore::open(dir.path(), day).unwrap();
        assert_eq!(store.get(&a.id).unwrap().status, JobStatus::Interrupted);
        assert!(store.get(&a.id).unwrap().error.is_some());
        assert_eq!(store.get(&b.id).unwrap().status, JobStatus::Succeeded);
        let page = store.read_results(&a.id, 1, 3).unwrap();
        let ns: Vec<i64> = page.iter().map(|v| v["n"].as_i64().unwrap()).collect();
        assert_eq!(ns, [1, 2, 3]);
        assert_eq!(store.read_results(&a.id, 4, 10).unwrap().len(), 1);
        assert!(store.read_results(&a.id, 5, 10).unwrap().is_empty());
        assert!(matches!(store.get("nope"), Err(Error::NoSuchJob(_))));
    }

    #[test]
    fn retention_removes_only_old_finished_jobs() {
        let dir = tempfile::tempdir().unwrap();
        let store = JobStore::open(dir.path(), Duration::from_secs(60)).unwrap();
        let old = store
            .create(JobKind::Screening, 0, serde_json::json!({}))
            .unwrap();
        let pending = store
            .create(JobKind::Screening, 0, serde_json::json!({}))
            .unwrap();
        store
            .update(&old.id, |r| {
                r.status = JobStatus::Succeeded;
                r.created_unix -= 3600;
            })
            .unwrap();
        store
            .update(&pending.id, |r| r.created_unix -= 3600)
            .unwrap();
        assert_eq!(store.purge(Duration::from_secs(60)).unwrap(), 1);
        assert!(store.get(&old.id).is_err());
        assert!(!dir.path().join(&old.id).exists());
        assert!(store.get(&pending.id).is_ok());
    }
}
