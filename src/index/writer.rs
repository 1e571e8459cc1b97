//! Atomic ingest of one feed file.
//!
//! The file is streamed in chunks of [`CHUNK_LINES`]; each chunk is parsed, validated and
//! turned into index documents in parallel (rayon), then applied in line order to a tantivy
//! writer. If any line is bad, nothing is committed (`rollback`) and every bad line is
//! reported; otherwise the whole file lands in one commit. tantivy publishes a commit by
//! atomically replacing `meta.json`, so a crash or kill at any point leaves the previous
//! index readable and complete.

use crate::feeds::jsonl::{parse_line, FileChecker};
use crate::feeds::{FeedOp, Mode, MAX_REPORTED_LINE_ERRORS};
use crate::index::Fields;
use crate::{Error, LineError, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Lines parsed in parallel per batch (bounds memory on 10M-line feeds).
pub const CHUNK_LINES: usize = 20_000;
/// Memory budget of the tantivy writer, split across its threads.
pub const WRITER_MEMORY_BUDGET: usize = 512 * 1024 * 1024;
/// Share of documents outside the largest segment at which an ingest merges everything.
pub const MERGE_ALL_SHARE: f64 = 0.1;
/// Indexing threads of the tantivy writer.
pub const WRITER_THREADS: usize = 2;

/// What an accepted feed did.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub path: PathBuf,
    pub source: String,
    pub mode: Mode,
    /// Non-empty lines read.
    pub lines: usize,
    pub upserts: usize,
    pub deletes: usize,
    /// Records of the source before the commit.
    pub records_before: u64,
    /// Records of the source after the commit.
    pub records_after: u64,
    pub took_ms: u64,
}

/// Owns the index writer for the duration of one or more ingests.
pub struct IngestWriter<'a> {
    index: &'a Index,
    fields: Fields,
    writer: IndexWriter<TantivyDocument>,
}

fn count(index: &Index, fields: &Fields, source: &str) -> Result<u64> {
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let q = TermQuery::new(
        Term::from_field_text(fields.source, source),
        IndexRecordOption::Basic,
    );
    Ok(reader.searcher().search(&q, &Count)? as u64)
}

type Parsed = (
    usize,
    std::result::Result<(FeedOp, Option<TantivyDocument>), String>,
);

impl<'a> IngestWriter<'a> {
    /// Takes the index lock; fails with [`Error::Busy`] if another writer holds it.
    pub fn new(index: &'a Index, fields: Fields) -> Result<Self> {
        let writer = index
            .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BUDGET)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Busy(e.to_string()),
                other => Error::Index(other),
            })?;
        // no background merges while ingesting: `finish` merges everything once
        writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        Ok(IngestWriter {
            index,
            fields,
            writer,
        })
    }

    /// Validates and applies one feed file atomically (see the module doc).
    pub fn ingest_file(&mut self, path: &Path, mode: Mode) -> Result<IngestReport> {
        let started = std::time::Instant::now();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path).map_err(io)?);
        let mut checker = FileChecker::default();
        let mut errors: Vec<LineError> = Vec::new();
        let mut total_errors = 0usize;
        let (mut lines, mut upserts, mut deletes) = (0usize, 0usize, 0usize);
        let mut records_before = None;
        let mut line_no = 0usize;
        let mut eof = false;
        while !eof {
            let mut chunk: Vec<(usize, std::result::Result<String, String>)> =
                Vec::with_capacity(CHUNK_LINES);
            while chunk.len() < CHUNK_LINES {
                let mut buf = Vec::new();
                if reader.read_until(b'\n', &mut buf).map_err(io)? == 0 {
                    eof = true;
                    break;
                }
                line_no += 1;
                if buf.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                chunk.push((
                    line_no,
                    String::from_utf8(buf).map_err(|_| "line is not valid UTF-8".to_string()),
                ));
            }
            lines += chunk.len();
            let fields = self.fields;
            let parsed: Vec<Parsed> = chunk
                .into_par_iter()
                .map(|(n, text)| {
                    let res = text.and_then(|t| parse_line(t.trim_end())).map(|op| {
                        let doc = match &op {
                            FeedOp::Upsert(r) => Some(fields.document(r)),
                            FeedOp::Delete { .. } => None,
                        };
                        (op, doc)
                    });
                    (n, res)
                })
                .collect();
            for (n, res) in parsed {
                let res = res.and_then(|(op, doc)| checker.check(n, &op).map(|_| (op, doc)));
                match res {
                    Err(reason) => {
                        total_errors += 1;
                        if errors.len() < MAX_REPORTED_LINE_ERRORS {
                            errors.push(LineError { line: n, reason });
                        }
                    }
                    Ok(_) if total_errors > 0 => {} // keep validating, stop applying
                    Ok((op, doc)) => {
                        if records_before.is_none() {
                            let source = op.source().to_string();
                            records_before = Some(count(self.index, &self.fields, &source)?);
                            if mode == Mode::Full {
                                self.writer.delete_term(Term::from_field_text(
                                    self.fields.source,
                                    &source,
                                ));
                            }
                        }
                        // in full mode the source-wide delete above already removes every
                        // earlier version, and ids are unique within a file: per-record
                        // deletes (held in memory until the commit) are needed only for
                        // delta upserts and for delete lines
                        if mode == Mode::Delta || doc.is_none() {
                            self.writer
                                .delete_term(self.fields.key_term(op.source(), op.id()));
                        }
                        match doc {
                            Some(doc) => {
                                self.writer.add_document(doc)?;
                                upserts += 1;
                            }
                            None => deletes += 1,
                        }
                    }
                }
            }
        }
        let source = checker.source().map(str::to_string);
        if total_errors == 0 && source.is_none() {
            total_errors = 1;
            errors.push(LineError {
                line: 0,
                reason: "the feed has no records".into(),
            });
        }
        if total_errors > 0 {
            self.writer.rollback()?;
            return Err(Error::FeedRejected {
                path: path.to_path_buf(),
                errors,
                total: total_errors,
            });
        }
        self.writer.commit()?;
        let source = source.expect("checked above");
        Ok(IngestReport {
            path: path.to_path_buf(),
            records_after: count(self.index, &self.fields, &source)?,
            source,
            mode,
            lines,
            upserts,
            deletes,
            records_before: records_before.unwrap_or(0),
            took_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// Merges segments, waits for background merges and releases the index lock.
    ///
    /// Each query looks every term up once per segment, so the index is kept at one large
    /// segment plus at most one small one: when the segments other than the largest hold at
    /// least [`MERGE_ALL_SHARE`] of the documents (a big ingest), everything is merged into
    /// one; otherwise (a delta) only the small segments are merged together, which costs
    /// little however large the index is. Merges are atomic commits of their own.
    pub fn finish(mut self) -> Result<()> {
        let mut metas = self.index.searchable_segment_metas()?;
        if metas.len() > 1 {
            metas.sort_by_key(|m| std::cmp::Reverse(m.max_doc()));
            let total: u64 = metas.iter().map(|m| m.max_doc() as u64).sum();
            let small: u64 = metas[1..].iter().map(|m| m.max_doc() as u64).sum();
            let ids: Vec<_> = if small as f64 >= MERGE_ALL_SHARE * total as f64 {
                metas.iter().map(|m| m.id()).collect()
            } else {
                metas[1..].iter().map(|m| m.id()).collect()
            };
            if ids.len() > 1 {
                let merged = self.writer.merge(&ids).wait()?;
                tracing::debug!(
                    segments = ids.len(),
                    merged = merged.is_some(),
                    "merged segments"
                );
            }
        }
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Deletes index files no segment uses any more. Call after the readers of this process have
/// moved to the new generation: tantivy keeps the files of searchers still alive. Without it
/// the merged-away segments stay on disk until the next ingest (at 11M records, as much again
/// as the live index).
pub fn collect_garbage(index: &Index) {
    let collected = index
        .writer_with_num_threads::<TantivyDocument>(1, GC_WRITER_ARENA_BYTES)
        .and_then(|w| w.garbage_collect_files().wait());
    if let Err(e) = collected {
        tracing::warn!(error = %e, "could not delete unused index files");
    }
}

/// Memory arena of the writer opened only to delete unused files (tantivy's minimum).
const GC_WRITER_ARENA_BYTES: usize = 15_000_000;
