//! Checking a whole log: every file in order, every line against the chain and the seals,
//! the end against the head (`frontline audit verify`). The same file walk serves the writer's
//! recovery at start.

use super::chain::{AuditKey, Chain, Head};
use super::record::Body;
use crate::fsutil::io_error;
use crate::Result;
use std::path::{Path, PathBuf};

/// Prefix and suffix of the log's files: `audit-<seq of its first line, 12 digits>.jsonl`.
pub const FILE_PREFIX: &str = "audit-";
pub const FILE_SUFFIX: &str = ".jsonl";

/// The log's files in chain order.
pub fn log_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(io_error(dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_error(dir))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX) {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The name of the file whose first line is `seq`.
pub fn file_name(seq: u64) -> String {
    format!("{FILE_PREFIX}{seq:012}{FILE_SUFFIX}")
}

/// A line that does not verify.
#[derive(Debug, Clone)]
pub struct BadLine {
    /// 1-based line number in its file.
    pub line: usize,
    /// Byte offset of the line in its file.
    pub offset: u64,
    pub reason: String,
}

/// What walking one file found.
#[derive(Debug, Default)]
pub struct FileScan {
    pub len: u64,
    /// Bytes up to and including the last seal (0: no seal in this file).
    pub sealed_end: u64,
    /// The first line after the last seal (line number, offset, seq), if any.
    pub first_unsealed: Option<(usize, u64, u64)>,
    /// The first line that does not verify; the walk stops there.
    pub bad: Option<BadLine>,
    /// Whether a seal line follows the bad line (damage inside the sealed log, not a tail).
    pub seal_after_bad: bool,
    /// An incomplete last line (no newline): line number and offset.
    pub torn: Option<(usize, u64)>,
}

/// Walks the file at `path`, moving `chain` past every line that verifies.
pub fn scan_file(path: &Path, chain: &mut Chain, key: &AuditKey) -> Result<FileScan> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let mut scan = FileScan {
        len: bytes.len() as u64,
        ..Default::default()
    };
    let mut offset = 0usize;
    let mut line_no = 0usize;
    while offset < bytes.len() {
        line_no += 1;
        let Some(len) = bytes[offset..].iter().position(|b| *b == b'\n') else {
            scan.torn = Some((line_no, offset as u64));
            break;
        };
        let end = offset + len;
        match chain.step(key, &bytes[offset..end]) {
            Ok(line) => {
                if matches!(line.body, Body::Seal { .. }) {
                    scan.sealed_end = end as u64 + 1;
                    scan.first_unsealed = None;
                } else if scan.first_unsealed.is_none() {
                    scan.first_unsealed = Some((line_no, offset as u64, line.seq));
                }
            }
            Err(reason) => {
                scan.bad = Some(BadLine {
                    line: line_no,
                    offset: offset as u64,
                    reason,
                });
                scan.seal_after_bad = bytes[end..].split(|b| *b == b'\n').any(|l| {
                    serde_json::from_slice::<super::Line>(l)
                        .is_ok_and(|l| matches!(l.body, Body::Seal { .. }))
                });
                break;
            }
        }
        offset = end + 1;
    }
    Ok(scan)
}

/// An intact log.
#[derive(Debug)]
pub struct Report {
    pub files: usize,
    /// Lines (requests, seals, starts).
    pub lines: u64,
    pub requests: u64,
    /// The last seal's seq and hash: record it elsewhere to rule out a rollback of everything.
    pub head: Option<(u64, String)>,
}

/// The first thing wrong with a log.
#[derive(Debug)]
pub struct Damage {
    pub file: PathBuf,
    /// 1-based line number in `file` (0: the file as a whole).
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{} line {}: {}",
                self.file.display(),
                self.line,
                self.reason
            )
        } else {
            write!(f, "{}: {}", self.file.display(), self.reason)
        }
    }
}

/// Verifies the log of the data directory `data_dir` under `key`: `Ok(Ok(report))` when it is
/// intact, `Ok(Err(damage))` naming the first bad line, `Err` when it cannot be read.
pub fn verify(data_dir: &Path, key: &AuditKey) -> Result<std::result::Result<Report, Damage>> {
    let head_path = super::head_path(data_dir);
    let files = log_files(&super::log_dir(data_dir))?;
    let damage = |file: &Path, line: usize, reason: String| {
        Ok(Err(Damage {
            file: file.to_path_buf(),
            line,
            reason,
        }))
    };
    let head = match Head::read(&head_path, key) {
        Ok(h) => h,
        Err(crate::Error::Audit(reason)) => return damage(&head_path, 0, reason),
        Err(e) => return Err(e),
    };
    let mut chain = Chain::new();
    chain.watch = head.as_ref().map(|h| h.seq);
    // the first line not covered by a seal yet
    let mut unsealed: Option<(PathBuf, usize)> = None;
    for file in &files {
        let scan = scan_file(file, &mut chain, key)?;
        if let Some(bad) = scan.bad {
            return damage(file, bad.line, bad.reason);
        }
        if let Some((line, _)) = scan.torn {
            return damage(
                file,
                line,
                "an incomplete line (a write cut by a crash, or an edit); starting the service \
                 moves it aside"
                    .into(),
            );
        }
        if chain.unsealed == 0 {
            unsealed = None;
        } else if unsealed.is_none() {
            unsealed = scan.first_unsealed.map(|(line, _, _)| (file.clone(), line));
        }
    }
    if let Some((file, line)) = unsealed {
        return damage(
            &file,
            line,
            format!(
                "{} lines from here on are not sealed: added by hand, or written by a process \
                 that crashed before sealing them (starting the service moves them aside)",
                chain.unsealed
            ),
        );
    }
    let last = files
        .last()
        .cloned()
        .unwrap_or_else(|| super::log_dir(data_dir));
    match &head {
        None if chain.seq > 0 => {
            return damage(
                &head_path,
                0,
                "the head file is missing: the log cannot be checked for removed lines at its end"
                    .into(),
            )
        }
        None => {}
        Some(h) if h.seq > chain.sealed_seq => {
            return damage(
                &last,
                0,
                format!(
                    "the log ends at seq {}, but the head records seq {}: the newest lines or \
                     files were removed",
                    chain.sealed_seq, h.seq
                ),
            )
        }
        Some(h) if chain.watched_hash.as_deref() != Some(h.hash.as_str()) => {
            return damage(
                &last,
                0,
                format!("the line seq {} is not the one the head records", h.seq),
            )
        }
        Some(_) => {}
    }
    Ok(Ok(Report {
        files: files.len(),
        lines: chain.seq,
        requests: chain.requests,
        head: (chain.seq > 0).then(|| (chain.sealed_seq, chain.sealed_hash.clone())),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditLog, QueryMode, Request};
    use crate::digest::sha256_hex;

    /// A log of `commits` commits of one request each (after the start's), in files of about
    /// `rotate` bytes: lines alternate request and seal.
    fn write_log(dir: &Path, commits: usize, rotate: u64) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let log = AuditLog::open(
            dir,
            &crate::audit::default_key_path(dir),
            rotate,
            QueryMode::Plain,
        )
        .unwrap();
        for c in 0..commits {
            let request = Request {
                request_id: format!("r{c}"),
                agency: Some("FRA-NCB".into()),
                path: "/v1/persons/search".into(),
                records: vec![format!("INTERPOL/P{c}")],
                ..Default::default()
            };
            rt.block_on(log.append(crate::audit::record::now(), request))
                .unwrap();
        }
    }

    fn check(dir: &Path) -> std::result::Result<Report, Damage> {
        let key = AuditKey::load(&crate::audit::default_key_path(dir)).unwrap();
        verify(dir, &key).unwrap()
    }

    fn lines(file: &Path) -> Vec<String> {
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    fn write_lines(file: &Path, lines: &[String]) {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(file, text).unwrap();
    }

    /// Copies the data directory's log, key and head to a fresh one.
    fn copy(from: &Path) -> tempfile::TempDir {
        let to = tempfile::tempdir().unwrap();
        std::fs::create_dir(to.path().join("audit")).unwrap();
        for f in log_files(&from.join("audit")).unwrap() {
            std::fs::copy(&f, to.path().join("audit").join(f.file_name().unwrap())).unwrap();
        }
        for f in ["audit.key", "audit.head"] {
            std::fs::copy(from.join(f), to.path().join(f)).unwrap();
        }
        to
    }

    #[test]
    fn every_tampering_is_caught_and_named() {
        let base = tempfile::tempdir().unwrap();
        write_log(base.path(), 36, 2000);
        let report = check(base.path()).expect("an untouched log verifies");
        assert_eq!(report.requests, 36);
        assert!(report.files >= 3, "{report:?}");
        let names: Vec<String> = log_files(&base.path().join("audit"))
            .unwrap()
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        // (what, tampering, file index named, line named, words of the reason)
        type Tamper = Box<dyn Fn(&Path, &[String])>;
        let at = |d: &Path, n: &[String], i: usize| d.join("audit").join(&n[i]);
        let cases: Vec<(&str, Tamper, Option<usize>, usize, &str)> = vec![
            (
                "edit a field",
                Box::new(move |d, n| {
                    let f = at(d, n, 1);
                    let mut l = lines(&f);
                    l[0] = l[0].replace("FRA-NCB", "DEU-NCB");
                    write_lines(&f, &l);
                }),
                Some(1),
                2,
                "does not chain",
            ),
            (
                "edit a field and recompute every hash after it",
                Box::new(move |d, n| {
                    let f = at(d, n, 1);
                    let mut l = lines(&f);
                    l[0] = l[0].replace("FRA-NCB", "DEU-NCB");
                    for i in 1..l.len() {
                        let mut v: serde_json::Value = serde_json::from_str(&l[i]).unwrap();
                        v["prev"] = sha256_hex(l[i - 1].as_bytes()).into();
                        l[i] = serde_json::to_string(&v).unwrap();
                    }
                    write_lines(&f, &l);
                }),
                Some(1),
                2,
                "does not verify under the audit key",
            ),
            (
                "delete a line",
                Box::new(move |d, n| {
                    let f = at(d, n, 1);
                    let mut l = lines(&f);
                    l.remove(2);
                    write_lines(&f, &l);
                }),
                Some(1),
                3,
                "lines were removed",
            ),
            (
                "swap two lines",
                Box::new(move |d, n| {
                    let f = at(d, n, 1);
                    let mut l = lines(&f);
                    l.swap(1, 2);
                    write_lines(&f, &l);
                }),
                Some(1),
                2,
                "reordered",
            ),
            (
                "truncate after a seal",
                Box::new(move |d, n| {
                    let last = n.len() - 1;
                    let f = at(d, n, last);
                    let l = lines(&f);
                    std::fs::write(
                        &f,
                        l[..l.len() - 2]
                            .iter()
                            .map(|l| format!("{l}\n"))
                            .collect::<String>(),
                    )
                    .unwrap();
                }),
                None,
                0,
                "the head records",
            ),
            (
                "cut the last line in the middle",
                Box::new(move |d, n| {
                    let f = at(d, n, n.len() - 1);
                    let text = std::fs::read_to_string(&f).unwrap();
                    std::fs::write(&f, &text[..text.len() - 20]).unwrap();
                }),
                Some(usize::MAX),
                0,
                "incomplete line",
            ),
            (
                "append a forged line that chains",
                Box::new(move |d, n| {
                    let f = at(d, n, n.len() - 1);
                    let mut l = lines(&f);
                    let last: serde_json::Value = serde_json::from_str(l.last().unwrap()).unwrap();
                    let forged = serde_json::json!({
                        "seq": last["seq"].as_u64().unwrap() + 1,
                        "prev": sha256_hex(l.last().unwrap().as_bytes()),
                        "time": "2026-12-02T10:00:00.000000Z", "kind": "request",
                        "request_id": "x", "method": "GET", "path": "/v1/records/A/B",
                        "status": 200, "outcome": "ok", "latency_ms": 1.0,
                    });
                    l.push(forged.to_string());
                    write_lines(&f, &l);
                }),
                Some(usize::MAX),
                0,
                "not sealed",
            ),
            (
                "remove the newest file",
                Box::new(move |d, n| {
                    std::fs::remove_file(at(d, n, n.len() - 1)).unwrap();
                }),
                None,
                0,
                "the head records",
            ),
            (
                "remove a file in the middle",
                Box::new(move |d, n| {
                    std::fs::remove_file(at(d, n, 1)).unwrap();
                }),
                Some(2),
                1,
                "lines were removed",
            ),
            (
                "remove the head",
                Box::new(|d, _| {
                    std::fs::remove_file(d.join("audit.head")).unwrap();
                }),
                None,
                0,
                "head file is missing",
            ),
            (
                "edit the head",
                Box::new(|d, _| {
                    let h = std::fs::read_to_string(d.join("audit.head")).unwrap();
                    let v: serde_json::Value = serde_json::from_str(&h).unwrap();
                    let mut v = v;
                    v["seq"] = (v["seq"].as_u64().unwrap() - 1).into();
                    std::fs::write(d.join("audit.head"), v.to_string()).unwrap();
                }),
                None,
                0,
                "does not verify under the audit key",
            ),
        ];
        for (what, tamper, file, line, words) in cases {
            let dir = copy(base.path());
            tamper(dir.path(), &names);
            let damage = check(dir.path()).expect_err(what);
            assert!(damage.reason.contains(words), "{what}: {damage}");
            if let Some(i) = file {
                let all = log_files(&dir.path().join("audit")).unwrap();
                let want = if i == usize::MAX {
                    all.last().unwrap().clone()
                } else {
                    dir.path().join("audit").join(&names[i])
                };
                assert_eq!(damage.file, want, "{what}: {damage}");
            }
            if line > 0 {
                assert_eq!(damage.line, line, "{what}: {damage}");
            }
        }
    }

    #[test]
    fn the_writer_recovers_what_a_crash_left_and_refuses_a_cut_log() {
        let dir = tempfile::tempdir().unwrap();
        write_log(dir.path(), 2, 1 << 20);
        // a commit cut by a crash: a whole request line and half of the next, no seal
        let f = log_files(&dir.path().join("audit")).unwrap().pop().unwrap();
        let mut l = lines(&f);
        let last = l.last().unwrap().clone();
        l.push(last.replace("\"seal\"", "\"request\""));
        let mut text = l.join("\n");
        text.push_str("\n{\"seq\":99,\"pr");
        std::fs::write(&f, text).unwrap();
        assert!(check(dir.path()).is_err());
        write_log(dir.path(), 1, 1 << 20);
        let report = check(dir.path()).expect("recovered");
        assert_eq!(report.requests, 3);
        let aside: Vec<_> = std::fs::read_dir(dir.path().join("audit"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("unsealed-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains("were moved to"), "the start line says so");

        // a log whose newest commits were cut away: the writer refuses it
        let l = lines(&f);
        write_lines(&f, &l[..3]);
        let key = crate::audit::default_key_path(dir.path());
        let err = AuditLog::open(dir.path(), &key, 1 << 20, QueryMode::Plain)
            .err()
            .unwrap();
        assert!(err.to_string().contains("the head records"), "{err}");
    }
}
