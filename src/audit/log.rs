//! The writer of the audit log. Requests hand their lines to one writer thread; it takes
//! whatever has queued up as one commit (the lines, then a seal), writes it with one `write`,
//! syncs it with one `fdatasync`, answers every request of the batch, and then records the head
//! (a checkpoint a crash may leave one commit behind the log, never ahead of it). A request
//! waits for its own batch, so the cost of a sync is shared by all the requests that arrived
//! during the previous one (group commit).
//!
//! Files rotate after [`AuditLog::open`]'s `rotate_bytes`, the chain running on into the new
//! file. At start the writer recovers: it walks the newest file, moves any lines after the last
//! seal (a crash during a commit, or lines added by hand: nobody was answered for them) to
//! `audit/unsealed-*.jsonl`, records what it found in a `start` line, and refuses to start on a
//! log that was tampered with (`frontline audit verify` says where).

use super::chain::{AuditKey, Chain, Head, HeadFile};
use super::record::{now, Body, Line, Request, GENESIS};
use super::verify::{file_name, log_files, scan_file};
use crate::digest::sha256_hex;
use crate::fsutil::io_error;
use crate::{Error, Result};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

/// Most lines in one commit.
const MAX_BATCH: usize = 4096;

/// How the query of a request is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryMode {
    /// As sent.
    Plain,
    /// A keyed digest only ([`AuditKey::digest_query`]).
    Digest,
}

impl QueryMode {
    /// The name `FromStr` reads.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryMode::Plain => "plain",
            QueryMode::Digest => "digest",
        }
    }
}

impl std::str::FromStr for QueryMode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "plain" => Ok(QueryMode::Plain),
            "digest" => Ok(QueryMode::Digest),
            other => Err(format!(
                "unknown audit query mode {other:?}: plain or digest"
            )),
        }
    }
}

struct Pending {
    time: String,
    request: Request,
    done: tokio::sync::oneshot::Sender<std::result::Result<(), String>>,
}

/// The audit log of a running service.
pub struct AuditLog {
    /// `None` only while dropping.
    tx: Option<mpsc::Sender<Pending>>,
    /// The writer thread, joined on drop: once the log is dropped its last head is recorded
    /// and its lock released.
    writer: Option<std::thread::JoinHandle<()>>,
    key: Arc<AuditKey>,
    query: QueryMode,
}

impl Drop for AuditLog {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

impl AuditLog {
    /// Opens (recovering) the log of `data_dir` sealed with the key at `key_path` (created if
    /// absent), records the start, and starts the writer thread.
    pub fn open(
        data_dir: &Path,
        key_path: &Path,
        rotate_bytes: u64,
        query: QueryMode,
    ) -> Result<AuditLog> {
        let key = Arc::new(AuditKey::load_or_create(key_path)?);
        let dir = super::log_dir(data_dir);
        std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let lock_path = dir.join("writer.lock");
        let lock = std::fs::File::create(&lock_path).map_err(io_error(&lock_path))?;
        if !crate::fsutil::lock_exclusive(&lock, false) {
            return Err(Error::Audit(format!(
                "the audit log {} is in use by another process (a running server?)",
                dir.display()
            )));
        }
        let mut writer = Writer {
            _lock: lock,
            dir,
            head_path: super::head_path(data_dir),
            key: key.clone(),
            rotate_bytes,
            file: None,
            file_len: 0,
            next_seq: 1,
            prev: GENESIS.to_string(),
            head_file: None,
            head_failed: None,
        };
        let note = writer.recover()?;
        let head = writer
            .commit(vec![(now(), Body::Start { note })])
            .map_err(Error::Audit)?;
        head.write(&writer.head_path)
            .map_err(|e| Error::Audit(format!("cannot record the audit head: {e}")))?;
        writer.head_file = Some(HeadFile::open(&writer.head_path)?);
        let (tx, rx) = mpsc::channel::<Pending>();
        let writer = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| Error::Internal(format!("cannot start the audit writer: {e}")))?;
        Ok(AuditLog {
            tx: Some(tx),
            writer: Some(writer),
            key,
            query,
        })
    }

    /// Appends `request` (stamped `time`) and waits until it is on disk, sealed.
    pub async fn append(&self, time: String, request: Request) -> std::result::Result<(), String> {
        let (done, wait) = tokio::sync::oneshot::channel();
        self.tx
            .as_ref()
            .ok_or_else(|| "the audit writer has stopped".to_string())?
            .send(Pending {
                time,
                request,
                done,
            })
            .map_err(|_| "the audit writer has stopped".to_string())?;
        wait.await
            .map_err(|_| "the audit writer has stopped".to_string())?
    }

    /// The `query` and `query_digest` fields of a request line for `query`, by the log's mode.
    pub fn query_fields(&self, query: Option<Value>) -> (Option<Value>, Option<String>) {
        match (self.query, query) {
            (_, None) => (None, None),
            (QueryMode::Plain, Some(q)) => (Some(q), None),
            (QueryMode::Digest, Some(q)) => {
                let bytes = serde_json::to_vec(&q).unwrap_or_default();
                (None, Some(self.key.digest_query(&bytes)))
            }
        }
    }
}

/// The writer thread's state: where the chain stands and the open file.
struct Writer {
    /// Held while the writer lives: one writer per log.
    _lock: std::fs::File,
    dir: PathBuf,
    head_path: PathBuf,
    key: Arc<AuditKey>,
    rotate_bytes: u64,
    /// The newest file, open for appending; `None` after a failed write (recovered before the
    /// next commit) and before the first.
    file: Option<(PathBuf, std::fs::File)>,
    file_len: u64,
    next_seq: u64,
    /// Hash of the last line written.
    prev: String,
    /// The head, open for overwriting; `None` after a failed write (the next head replaces
    /// the file).
    head_file: Option<HeadFile>,
    /// A head that could not be recorded (retried by the next commit).
    head_failed: Option<Head>,
}

impl Writer {
    fn run(mut self, rx: mpsc::Receiver<Pending>) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(p) => batch.push(p),
                    Err(_) => break,
                }
            }
            let (lines, waiting): (Vec<_>, Vec<_>) = batch
                .into_iter()
                .map(|p| ((p.time, Body::Request(Box::new(p.request))), p.done))
                .unzip();
            let result = self.commit(lines);
            if let Err(e) = &result {
                tracing::error!(error = %e, "audit log write failed");
            }
            for done in waiting {
                let _ = done.send(result.as_ref().map(|_| ()).map_err(Clone::clone));
            }
            // the head after the answers: they wait for their lines to be on disk, not for
            // the checkpoint (on ext4 replacing a file forces out its data, a second sync); a
            // head that cannot be written fails the next commit
            if let Ok(head) = result {
                if let Err(e) = self.record_head(&head) {
                    tracing::error!(error = %e, "audit head write failed");
                    self.head_failed = Some(head);
                }
            }
        }
    }

    /// Writes `lines` and a seal as one commit, synced; returns the head to record once the
    /// batch is answered. A head that could not be recorded after the previous commit is
    /// written first, and failing again fails this commit.
    fn commit(&mut self, lines: Vec<(String, Body)>) -> std::result::Result<Head, String> {
        if let Some(head) = self.head_failed.take() {
            if let Err(e) = self.record_head(&head) {
                self.head_failed = Some(head);
                return Err(e);
            }
        }
        if self.file.is_none() {
            // after a failed write the file may end in a part of that commit: recover first
            self.recover().map_err(|e| e.to_string())?;
        }
        if self.file.is_none() || self.file_len >= self.rotate_bytes {
            self.start_file().map_err(|e| e.to_string())?;
        }
        let mut seq = self.next_seq;
        let mut prev = self.prev.clone();
        let mut buf = Vec::with_capacity(256 * (lines.len() + 1));
        for (time, body) in lines {
            append_line(&mut buf, &mut seq, &mut prev, time, body);
        }
        let seal_seq = seq;
        let mac = self.key.seal(seal_seq, &prev);
        append_line(&mut buf, &mut seq, &mut prev, now(), Body::Seal { mac });
        let (path, file) = self.file.as_mut().expect("a file is open");
        let started = std::time::Instant::now();
        let written = file.write_all(&buf).and_then(|_| file.sync_data());
        crate::metrics::audit_written(started.elapsed());
        if let Err(e) = written {
            let message = format!("cannot write the audit log {}: {e}", path.display());
            self.file = None;
            return Err(message);
        }
        self.file_len += buf.len() as u64;
        self.next_seq = seq;
        self.prev = prev;
        Ok(Head::new(&self.key, seal_seq, self.prev.clone()))
    }

    /// Records `head`: in place in the open head file, or after a failed write by replacing
    /// the file (which may have been removed or replaced meanwhile) and opening it again.
    fn record_head(&mut self, head: &Head) -> std::result::Result<(), String> {
        let failed = |e: &dyn std::fmt::Display| format!("cannot record the audit head: {e}");
        if let Some(file) = &self.head_file {
            if let Err(e) = file.write(head) {
                self.head_file = None;
                return Err(failed(&e));
            }
            return Ok(());
        }
        head.write(&self.head_path).map_err(|e| failed(&e))?;
        self.head_file = Some(HeadFile::open(&self.head_path).map_err(|e| failed(&e))?);
        Ok(())
    }

    /// Opens a new file for the lines from `next_seq` on.
    fn start_file(&mut self) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(io_error(&self.dir))?;
        let path = self.dir.join(file_name(self.next_seq));
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&path)
            .map_err(io_error(&path))?;
        crate::fsutil::sync_dir(&self.dir)?;
        self.file = Some((path, file));
        self.file_len = 0;
        Ok(())
    }

    /// Finds where the chain stands on disk and opens the newest file for appending; moves an
    /// unsealed tail aside; refuses a tampered log. Returns what it found, for the start line.
    fn recover(&mut self) -> Result<String> {
        std::fs::create_dir_all(&self.dir).map_err(io_error(&self.dir))?;
        let damaged = |what: String| {
            Error::Audit(format!(
                "the audit log is damaged: {what}; run `frontline audit verify` for details. To \
                 start a new log, move {} and {} aside (keep them as evidence)",
                self.dir.display(),
                self.head_path.display()
            ))
        };
        let head = Head::read(&self.head_path, &self.key)?;
        let files = log_files(&self.dir)?;
        let Some(last) = files.last() else {
            if let Some(h) = head {
                return Err(damaged(format!(
                    "there are no log files, but the head records seq {}",
                    h.seq
                )));
            }
            self.file = None;
            self.next_seq = 1;
            self.prev = GENESIS.to_string();
            return Ok("a new audit log".into());
        };
        let mut chain = match files.len() {
            1 => Chain::new(),
            n => resume_after(&files[n - 2])?,
        };
        chain.watch = head.as_ref().map(|h| h.seq);
        let first_seq = chain.seq + 1;
        let scan = scan_file(last, &mut chain, &self.key)?;
        if let Some(bad) = &scan.bad {
            if scan.seal_after_bad {
                return Err(damaged(format!(
                    "{} line {}: {}",
                    last.display(),
                    bad.line,
                    bad.reason
                )));
            }
        }
        if let Some(h) = &head {
            if h.seq > chain.sealed_seq {
                return Err(damaged(format!(
                    "the log ends at seq {}, but the head records seq {}",
                    chain.sealed_seq, h.seq
                )));
            }
            if h.seq >= first_seq && chain.watched_hash.as_deref() != Some(h.hash.as_str()) {
                return Err(damaged(format!(
                    "the line seq {} is not the one the head records",
                    h.seq
                )));
            }
        }
        let mut note = format!(
            "the audit log continues after seq {} in {}",
            chain.sealed_seq,
            last.display()
        );
        if scan.sealed_end < scan.len {
            let moved = self.move_tail(last, scan.sealed_end)?;
            note.push_str(&format!(
                "; {} bytes after the last seal were not sealed (a crash during a commit, or \
                 lines added by hand) and were moved to {}",
                scan.len - scan.sealed_end,
                moved.display()
            ));
            tracing::warn!(file = %moved.display(), "unsealed audit lines moved aside");
        }
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(last)
            .map_err(io_error(last))?;
        self.file = Some((last.clone(), file));
        self.file_len = scan.sealed_end;
        self.next_seq = chain.sealed_seq + 1;
        self.prev = chain.sealed_hash;
        Ok(note)
    }

    /// Copies the bytes of `path` after `keep` to a new `unsealed-*.jsonl` beside it (synced),
    /// then cuts `path` to `keep` bytes.
    fn move_tail(&self, path: &Path, keep: u64) -> Result<PathBuf> {
        let bytes = std::fs::read(path).map_err(io_error(path))?;
        let stamp = now().replace([':', '.'], "");
        let aside = self.dir.join(format!("unsealed-{stamp}.jsonl"));
        let mut out = std::fs::File::create(&aside).map_err(io_error(&aside))?;
        out.write_all(&bytes[keep as usize..])
            .and_then(|_| out.sync_all())
            .map_err(io_error(&aside))?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io_error(path))?;
        file.set_len(keep)
            .and_then(|_| file.sync_all())
            .map_err(io_error(path))?;
        crate::fsutil::sync_dir(&self.dir)?;
        Ok(aside)
    }
}

/// Encodes the line `seq` after the line hashing to `prev` into `buf`, moving both on.
fn append_line(buf: &mut Vec<u8>, seq: &mut u64, prev: &mut String, time: String, body: Body) {
    let bytes = Line {
        seq: *seq,
        prev: std::mem::take(prev),
        time,
        body,
    }
    .encode();
    *prev = sha256_hex(&bytes);
    buf.extend_from_slice(&bytes);
    buf.push(b'\n');
    *seq += 1;
}

/// The chain state after the last line of `file` (a file before the newest, which the writer
/// does not walk again).
fn resume_after(file: &Path) -> Result<Chain> {
    let bytes = std::fs::read(file).map_err(io_error(file))?;
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let last = body.rsplit(|b| *b == b'\n').next().unwrap_or_default();
    let line: Line = serde_json::from_slice(last).map_err(|e| {
        Error::Audit(format!(
            "the audit log is damaged: the last line of {} is not an audit line ({e}); run \
             `frontline audit verify`",
            file.display()
        ))
    })?;
    Ok(Chain::resume(line.seq, sha256_hex(last)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::now;

    #[test]
    fn each_commit_overwrites_the_head_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let key_path = crate::audit::default_key_path(dir.path());
        let head_path = crate::audit::head_path(dir.path());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let log = AuditLog::open(dir.path(), &key_path, 1 << 20, QueryMode::Plain).unwrap();
        let key = AuditKey::load(&key_path).unwrap();
        let inode = || {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&head_path).unwrap().ino()
        };
        let first = inode();
        for c in 0..5u64 {
            let request = Request {
                request_id: format!("r{c}"),
                ..Default::default()
            };
            rt.block_on(log.append(now(), request)).unwrap();
            // the start line and its seal, then a request and a seal a commit; the head
            // follows the answer, written by the writer thread: wait for it
            let sealed = 4 + 2 * c;
            // (a read racing the writer's overwrite may see a part of it: read again)
            let read = || Head::read(&head_path, &key).ok().flatten().map(|h| h.seq);
            let mut seq = read();
            for _ in 0..400 {
                if seq >= Some(sealed) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
                seq = read();
            }
            assert_eq!(seq, Some(sealed));
            assert_eq!(
                inode(),
                first,
                "the head file was replaced, not overwritten"
            );
            let len = std::fs::metadata(&head_path).unwrap().len();
            assert_eq!(len, super::super::chain::HEAD_BYTES as u64);
        }
        drop(log);
        let report = crate::audit::verify::verify(dir.path(), &key)
            .unwrap()
            .unwrap();
        assert_eq!(report.requests, 5);
    }
}
