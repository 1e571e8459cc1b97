//! Receiving a feed: bytes arrive in chunks and go straight to a file (memory stays flat
//! however large the feed), checked as they arrive. For line formats (JSON Lines, FtM) every
//! line must be UTF-8 and at most [`crate::feeds::MAX_LINE_BYTES`] long: the first line that
//! is not stops the upload at once with its number, before any ingest is queued. The full
//! validation of each entry is the ingest job's.

use crate::feeds::{Format, MAX_LINE_BYTES};
use crate::{Error, LineError, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an upload stopped.
#[derive(Debug)]
pub enum UploadError {
    /// The bytes are not a feed of the format (line, reason).
    Framing(LineError),
    /// More than the allowed size.
    TooLarge(u64),
    /// The disk failed.
    Io(Error),
}

/// Writes one uploaded file.
pub struct UploadWriter {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    max_bytes: u64,
    bytes: u64,
    /// Line checks, for line formats.
    lines: Option<LineCheck>,
}

/// The line being received and how many came before it.
struct LineCheck {
    line: usize,
    current: Vec<u8>,
}

impl LineCheck {
    fn feed(&mut self, mut data: &[u8]) -> std::result::Result<(), LineError> {
        while let Some(pos) = data.iter().position(|&b| b == b'\n') {
            self.current.extend_from_slice(&data[..pos]);
            self.end_line()?;
            data = &data[pos + 1..];
        }
        self.current.extend_from_slice(data);
        if self.current.len() > MAX_LINE_BYTES + 1 {
            return Err(self.error(format!("line longer than {MAX_LINE_BYTES} bytes")));
        }
        Ok(())
    }

    fn error(&self, reason: String) -> LineError {
        LineError {
            line: self.line + 1,
            reason,
        }
    }

    fn end_line(&mut self) -> std::result::Result<(), LineError> {
        let mut line: &[u8] = &self.current;
        if self.line == 0 {
            line = line
                .strip_prefix(crate::feeds::jsonl::BOM.as_bytes())
                .unwrap_or(line);
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > MAX_LINE_BYTES {
            return Err(self.error(format!("line longer than {MAX_LINE_BYTES} bytes")));
        }
        if std::str::from_utf8(line).is_err() {
            return Err(self.error("line is not valid UTF-8".into()));
        }
        self.line += 1;
        self.current.clear();
        Ok(())
    }
}

impl UploadWriter {
    /// Creates `path` for a feed of `format` of at most `max_bytes`.
    pub fn create(path: &Path, format: Format, max_bytes: u64) -> Result<UploadWriter> {
        let file = std::fs::File::create(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let line_format = matches!(format, Format::Jsonl | Format::Ftm);
        Ok(UploadWriter {
            path: path.to_path_buf(),
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            max_bytes,
            bytes: 0,
            lines: line_format.then(|| LineCheck {
                line: 0,
                current: Vec::new(),
            }),
        })
    }

    fn io(&self, source: std::io::Error) -> UploadError {
        UploadError::Io(Error::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Appends a chunk.
    pub fn write(&mut self, data: &[u8]) -> std::result::Result<(), UploadError> {
        self.bytes += data.len() as u64;
        if self.bytes > self.max_bytes {
            return Err(UploadError::TooLarge(self.max_bytes));
        }
        if let Some(lines) = &mut self.lines {
            lines.feed(data).map_err(UploadError::Framing)?;
        }
        self.file.write_all(data).map_err(|e| self.io(e))
    }

    /// Checks the last line, flushes and syncs; returns the size.
    pub fn finish(mut self) -> std::result::Result<u64, UploadError> {
        if let Some(lines) = &mut self.lines {
            if !lines.current.is_empty() {
                lines.end_line().map_err(UploadError::Framing)?;
            }
        }
        self.file.flush().map_err(|e| self.io(e))?;
        self.file.get_ref().sync_all().map_err(|e| self.io(e))?;
        Ok(self.bytes)
    }
}

/// Removes an upload's file or folder (best effort: the uploads folder is emptied at the
/// next start anyway).
pub fn discard(path: &Path) {
    let _ = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(format: Format, chunks: &[&[u8]], max: u64) -> std::result::Result<u64, UploadError> {
        let d = tempfile::tempdir().unwrap();
        let mut w = UploadWriter::create(&d.path().join("f"), format, max).unwrap();
        for c in chunks {
            w.write(c)?;
        }
        w.finish()
    }

    #[test]
    fn lines_split_across_chunks_are_checked_whole() {
        let e = "é".as_bytes();
        assert_eq!(
            upload(
                Format::Jsonl,
                &[b"{\"a\":1}\n{\"b\":\"", &e[..1], &e[1..], b"\"}\n"],
                100
            )
            .unwrap(),
            19
        );
        let bad = upload(Format::Jsonl, &[b"ok\n", b"ok\nbad\xff", b"\nok\n"], 100);
        match bad {
            Err(UploadError::Framing(l)) => {
                assert_eq!(l.line, 3);
                assert!(l.reason.contains("UTF-8"));
            }
            other => panic!("{other:?}"),
        }
        let long = vec![b'a'; MAX_LINE_BYTES + 10];
        assert!(matches!(
            upload(Format::Jsonl, &[b"ok\n", &long], u64::MAX),
            Err(UploadError::Framing(LineError { line: 2, .. }))
        ));
        // an XML feed is not a line format: only its size counts
        assert!(upload(Format::UnXml, &[&long], u64::MAX).is_ok());
        assert!(matches!(
            upload(Format::UnXml, &[&long], 100),
            Err(UploadError::TooLarge(100))
        ));
    }
}
