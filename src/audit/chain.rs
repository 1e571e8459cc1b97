//! The chain that makes the log tamper-evident, and the key that seals it.
//!
//! - Every line's `prev` is the SHA-256 of the previous line's exact bytes (the first line's
//!   is [`super::record::GENESIS`]), and `seq` counts lines from 1 across files: editing,
//!   removing, inserting or swapping a line breaks the next line's link.
//! - Every commit ends with a seal line whose `mac` is an HMAC-SHA256, under the server's audit
//!   key, of its own `seq` and `prev`. As `prev` covers every byte before it, a seal proves the
//!   whole log up to it; someone who rewrites a line and recomputes every hash after it still
//!   cannot make the next seal verify without the key.
//! - The head file ([`Head`]) records the last seal's `seq` and hash under the key, so that a
//!   log cut after a seal (the newest commits removed) is noticed too.
//!
//! What the chain cannot show on its own: the log, the head and their backups all replaced by
//! an older, consistent copy. Record the head that `frontline audit verify` prints somewhere
//! else (a ticket, another system) to rule that out as well.

use super::record::{Body, Line, GENESIS};
use crate::digest::{hmac_hex, same_hex, sha256_hex};
use crate::fsutil::io_error;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The server's audit key: 256 random bits, in its own file (mode 0600), never in the log.
pub struct AuditKey(Vec<u8>);

impl AuditKey {
    /// Reads the key at `path`, creating it first if there is none.
    pub fn load_or_create(path: &Path) -> Result<AuditKey> {
        if !path.exists() {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| Error::Internal(format!("no randomness from the system: {e}")))?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut file) => {
                    use std::io::Write;
                    let text = format!("{}\n", crate::digest::hex(&bytes));
                    file.write_all(text.as_bytes()).map_err(io_error(path))?;
                    file.sync_all().map_err(io_error(path))?;
                }
                // another process created it first: use theirs
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_error(path)(e)),
            }
        }
        Self::load(path)
    }

    /// Reads the key at `path` (64 hex digits).
    pub fn load(path: &Path) -> Result<AuditKey> {
        let text = std::fs::read_to_string(path).map_err(io_error(path))?;
        let text = text.trim();
        let bytes: Option<Vec<u8>> = (text.len() == 64)
            .then(|| {
                (0..32)
                    .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok())
                    .collect()
            })
            .flatten();
        bytes.map(AuditKey).ok_or_else(|| {
            Error::Audit(format!(
                "the audit key {} is not 64 hex digits",
                path.display()
            ))
        })
    }

    /// The `mac` of a seal line with this `seq` and `prev`.
    pub fn seal(&self, seq: u64, prev: &str) -> String {
        hmac_hex(
            &self.0,
            &[
                b"frontline-audit-seal\0",
                seq.to_string().as_bytes(),
                b"\0",
                prev.as_bytes(),
            ],
        )
    }

    /// The `mac` of a head recording the seal `seq` whose line hashes to `hash`.
    fn head_mac(&self, seq: u64, hash: &str) -> String {
        hmac_hex(
            &self.0,
            &[
                b"frontline-audit-head\0",
                seq.to_string().as_bytes(),
                b"\0",
                hash.as_bytes(),
            ],
        )
    }

    /// A keyed digest of a query (the log's digest mode): equal queries give equal digests,
    /// and nobody without the key can test a guess against one.
    pub fn digest_query(&self, query: &[u8]) -> String {
        hmac_hex(&self.0, &[b"frontline-audit-query\0", query])
    }
}

/// The last seal, recorded outside the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
    pub mac: String,
}

impl Head {
    pub fn new(key: &AuditKey, seq: u64, hash: String) -> Head {
        let mac = key.head_mac(seq, &hash);
        Head { seq, hash, mac }
    }

    /// The head at `path`, `None` when there is none; a head that is not one, or whose MAC
    /// does not verify, is an error.
    pub fn read(path: &Path, key: &AuditKey) -> Result<Option<Head>> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(path)(e)),
        };
        let head: Head = serde_json::from_slice(bytes.trim_ascii_end()).map_err(|e| {
            Error::Audit(format!("the audit head {} is damaged: {e}", path.display()))
        })?;
        if !same_hex(&head.mac, &key.head_mac(head.seq, &head.hash)) {
            return Err(Error::Audit(format!(
                "the audit head {} does not verify under the audit key: it was edited",
                path.display()
            )));
        }
        Ok(Some(head))
    }

    /// The head's bytes: its JSON padded with spaces to [`HEAD_BYTES`] and a newline, so that
    /// every head has the same length and one can overwrite the last in place.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a head serialises");
        bytes.resize(HEAD_BYTES - 1, b' ');
        bytes.push(b'\n');
        bytes
    }

    /// Replaces the head at `path` atomically, synced with its folder (the first head of a
    /// service, before the writer overwrites it in place with [`HeadFile`]).
    pub fn write(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("head.tmp");
        crate::fsutil::write_atomic(path, &tmp, &self.encode(), true)?;
        if let Some(dir) = path.parent() {
            crate::fsutil::sync_dir(dir)?;
        }
        Ok(())
    }
}

/// Bytes of an encoded head (its JSON is about 170).
pub const HEAD_BYTES: usize = 256;

/// The head file held open by the audit writer, each head overwriting the last in place: one
/// `pwrite` of a fixed length into the file's first sector, with no new file, rename or size
/// change (replacing the file for each commit cost as much again as the log's own sync). Not
/// synced: a head older than the log after a power cut is fine, one newer cannot happen as the
/// log is synced first; a write of one sector is never torn.
pub struct HeadFile(std::fs::File);

impl HeadFile {
    /// Opens the head at `path` (written by [`Head::write`]) for overwriting.
    pub fn open(path: &Path) -> Result<HeadFile> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io_error(path))?;
        Ok(HeadFile(file))
    }

    /// Records `head` over the last.
    pub fn write(&self, head: &Head) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.0.write_all_at(&head.encode(), 0)
        }
        #[cfg(not(unix))]
        {
            use std::io::{Seek, Write};
            let mut f = &self.0;
            f.seek(std::io::SeekFrom::Start(0))?;
            f.write_all(&head.encode())
        }
    }
}

/// Walks lines in order, checking each against the ones before.
#[derive(Debug, Clone)]
pub struct Chain {
    /// The last line's `seq` (0 before the first line).
    pub seq: u64,
    /// The SHA-256 of the last line's bytes.
    pub hash: String,
    /// `seq` and hash of the last seal (or of the state the walk resumed from).
    pub sealed_seq: u64,
    pub sealed_hash: String,
    /// Lines since the last seal.
    pub unsealed: u64,
    /// Request lines seen.
    pub requests: u64,
    /// A `seq` whose line hash to remember (the head's), and that hash once seen.
    pub watch: Option<u64>,
    pub watched_hash: Option<String>,
}

impl Chain {
    /// Before the first line of a log.
    pub fn new() -> Chain {
        Chain::resume(0, GENESIS.to_string())
    }

    /// After a line `seq` whose bytes hash to `hash` (a walk that starts in a later file).
    pub fn resume(seq: u64, hash: String) -> Chain {
        Chain {
            seq,
            sealed_seq: seq,
            sealed_hash: hash.clone(),
            hash,
            unsealed: 0,
            requests: 0,
            watch: None,
            watched_hash: None,
        }
    }

    /// Checks the next line's `bytes` (without the newline) and moves past it; the error says
    /// what is wrong with it.
    pub fn step(&mut self, key: &AuditKey, bytes: &[u8]) -> std::result::Result<Line, String> {
        let line: Line = serde_json::from_slice(bytes)
            .map_err(|e| format!("not an audit line ({e}): it was edited or written by hand"))?;
        let expected = self.seq + 1;
        if line.seq != expected {
            return Err(format!(
                "seq {} where seq {expected} should follow: lines were removed, added or reordered",
                line.seq
            ));
        }
        if line.prev != self.hash {
            return Err(format!(
                "seq {} does not chain to the line before it: seq {} was edited, or lines were \
                 removed or reordered",
                line.seq, self.seq
            ));
        }
        let hash = sha256_hex(bytes);
        match &line.body {
            Body::Seal { mac } => {
                if !same_hex(mac, &key.seal(line.seq, &line.prev)) {
                    return Err(format!(
                        "the seal seq {} does not verify under the audit key: a line after seq \
                         {} (the seal before) was edited, or the seal was forged",
                        line.seq, self.sealed_seq
                    ));
                }
                self.sealed_seq = line.seq;
                self.sealed_hash = hash.clone();
                self.unsealed = 0;
            }
            Body::Request(_) => {
                self.requests += 1;
                self.unsealed += 1;
            }
            Body::Start { .. } => self.unsealed += 1,
        }
        if self.watch == Some(line.seq) {
            self.watched_hash = Some(hash.clone());
        }
        self.seq = line.seq;
        self.hash = hash;
        Ok(line)
    }
}

impl Default for Chain {
    fn default() -> Self {
        Chain::new()
    }
}
