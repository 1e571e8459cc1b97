//! Atomic ingest of one feed.
//!
//! A JSON Lines feed is streamed in chunks of [`CHUNK_LINES`]; each chunk is parsed, validated
//! and turned into index documents in parallel (rayon), then applied in line order to a tantivy
//! writer. A real-list feed (OFAC, UN, FtM, Senzing) is read by its importer
//! ([`crate::feeds::import`]) into the same chunks. If any entry is bad, nothing is committed
//! (`rollback`) and every bad entry is reported; a full ingest that would remove more than
//! [`IngestOptions::max_removal_share`] of its source's records is held back the same way
//! unless forced (a truncated upload must not wipe a source); otherwise the whole feed lands in
//! one commit: a full ingest deletes the source's records and adds the new ones in that one
//! commit, so a searcher sees the old set or the new one, never a mix. tantivy publishes a
//! commit by atomically replacing `meta.json`, so a crash or kill at any point leaves the
//! previous index readable and complete.

use crate::feeds::jsonl::{parse_line, FileChecker, BOM};
use crate::feeds::{FeedOp, Format, Mode, Sink, MAX_REPORTED_LINE_ERRORS};
use crate::index::Fields;
use crate::{Error, LineError, Result};
use rayon::prelude::*;
use serde::Serialize;
use sha2::Digest;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use tantivy::collector::Count;
use tantivy::indexer::UserOperation;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Lines parsed in parallel per batch (bounds memory on 10M-line feeds).
pub const CHUNK_LINES: usize = 20_000;
/// Memory budget of the tantivy writer, split across its threads.
pub const WRITER_MEMORY_BUDGET: usize = 512 * 1024 * 1024;
/// Share of the documents under which a segment is small, and which the small segments
/// together must reach for an ingest to merge everything (see [`merge_plan`]).
pub const MERGE_ALL_SHARE: f64 = 0.1;
/// Indexing threads of the tantivy writer.
pub const WRITER_THREADS: usize = 2;
/// Default of [`IngestOptions::max_removal_share`].
pub const MAX_REMOVAL_SHARE: f64 = 0.5;

/// A feed to ingest: where it is, its format, and whose records it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The file (a folder for [`Format::OfacSdn`]).
    pub path: PathBuf,
    pub format: Format,
    /// The source its records belong to. Importers need it (a real list does not name the
    /// organization that loads it); for JSON Lines, when given, every line must name it.
    pub source: Option<String>,
}

impl Feed {
    /// A JSON Lines feed whose lines name their source.
    pub fn jsonl(path: impl Into<PathBuf>) -> Feed {
        Feed {
            path: path.into(),
            format: Format::Jsonl,
            source: None,
        }
    }
}

/// How a feed is applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IngestOptions {
    pub mode: Mode,
    /// A full ingest leaving fewer than `1 - max_removal_share` of the source's records is
    /// rejected unless `force`. Default [`MAX_REMOVAL_SHARE`].
    pub max_removal_share: f64,
    /// Apply a full ingest however many records it removes.
    pub force: bool,
}

impl IngestOptions {
    /// `mode` with the default removal guard.
    pub fn new(mode: Mode) -> IngestOptions {
        IngestOptions {
            mode,
            max_removal_share: MAX_REMOVAL_SHARE,
            force: false,
        }
    }
}

/// How far an ingest has come.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestProgress {
    /// Bytes of the feed read (JSON Lines; for other formats, once the importer is done).
    pub bytes_read: u64,
    /// Entries read (non-empty lines, or list entries).
    pub lines_read: u64,
    /// Valid entries.
    pub accepted: u64,
    /// Bad entries.
    pub rejected: u64,
}

/// What an accepted feed did.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub path: PathBuf,
    pub format: Format,
    pub source: String,
    pub mode: Mode,
    /// Non-empty lines (or list entries) read.
    pub lines: usize,
    pub upserts: usize,
    pub deletes: usize,
    /// Records of the source before the commit.
    pub records_before: u64,
    /// Records of the source after the commit.
    pub records_after: u64,
    /// Size of the feed in bytes (all files of a folder feed).
    pub bytes: u64,
    /// SHA-256 of the feed, hex (for a folder: of its files' names and contents in name order).
    pub checksum: String,
    /// What importers left out of valid entries (the first [`MAX_REPORTED_LINE_ERRORS`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<LineError>,
    /// How many warnings in all.
    pub total_warnings: usize,
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

/// One entry: its line and the op with its index document, or why it is bad.
type Parsed = (
    usize,
    std::result::Result<(FeedOp, Option<TantivyDocument>), String>,
);

/// An op with its index document (none for a delete).
fn with_document(fields: &Fields, op: FeedOp) -> (FeedOp, Option<TantivyDocument>) {
    let doc = match &op {
        FeedOp::Upsert(r) => Some(fields.document(r)),
        FeedOp::Delete { .. } => None,
    };
    (op, doc)
}

/// The state of one feed being applied.
struct Apply<'w, 'a> {
    writer: &'w mut IngestWriter<'a>,
    mode: Mode,
    /// The source the feed must hold (importers, admin uploads), if fixed.
    expected_source: Option<String>,
    checker: FileChecker,
    errors: Vec<LineError>,
    total_errors: usize,
    warnings: Vec<LineError>,
    total_warnings: usize,
    upserts: usize,
    deletes: usize,
    records_before: Option<u64>,
    progress: IngestProgress,
    on_progress: &'w mut dyn FnMut(&IngestProgress),
    /// Entries of an importer waiting to be applied as one chunk.
    pending: Vec<(usize, std::result::Result<FeedOp, String>)>,
}

impl Apply<'_, '_> {
    fn reject(&mut self, line: usize, reason: String) {
        self.total_errors += 1;
        self.progress.rejected += 1;
        if self.errors.len() < MAX_REPORTED_LINE_ERRORS {
            self.errors.push(LineError { line, reason });
        }
    }

    /// Applies parsed entries in line order; after the first bad one, only validates. The
    /// chunk's operations go to tantivy as one batch (one hand-over to an indexing thread
    /// instead of one per document; the order, and so what each delete removes, is the same).
    fn apply(&mut self, parsed: Vec<Parsed>) -> Result<()> {
        self.progress.lines_read += parsed.len() as u64;
        let mut ops: Vec<UserOperation> = Vec::with_capacity(parsed.len() + 1);
        for (n, res) in parsed {
            let res = res.and_then(|(op, doc)| {
                if let Some(s) = &self.expected_source {
                    if op.source() != s {
                        return Err(format!(
                            "source '{}' is not '{s}', the source this feed is ingested for",
                            op.source()
                        ));
                    }
                }
                self.checker.check(n, &op).map(|_| (op, doc))
            });
            let (op, doc) = match res {
                Err(reason) => {
                    self.reject(n, reason);
                    continue;
                }
                Ok(v) => v,
            };
            self.progress.accepted += 1;
            if self.total_errors > 0 {
                continue; // keep validating, stop applying
            }
            let w = &mut *self.writer;
            if self.records_before.is_none() {
                let source = op.source().to_string();
                self.records_before = Some(count(w.index, &w.fields, &source)?);
                if self.mode == Mode::Full {
                    let all = Term::from_field_text(w.fields.source, &source);
                    ops.push(UserOperation::Delete(all));
                }
            }
            // in full mode the source-wide delete above already removes every earlier
            // version, and ids are unique within a feed: per-record deletes (held in memory
            // until the commit) are needed only for delta upserts and for delete lines
            if self.mode == Mode::Delta || doc.is_none() {
                ops.push(UserOperation::Delete(
                    w.fields.key_term(op.source(), op.id()),
                ));
            }
            match doc {
                Some(doc) => {
                    ops.push(UserOperation::Add(doc));
                    self.upserts += 1;
                }
                None => self.deletes += 1,
            }
        }
        if !ops.is_empty() {
            self.writer.writer.run(ops)?;
        }
        (self.on_progress)(&self.progress);
        Ok(())
    }

    /// Builds the documents of the importer's pending entries in parallel and applies them.
    fn flush_pending(&mut self) -> Result<()> {
        let fields = self.writer.fields;
        let parsed: Vec<Parsed> = std::mem::take(&mut self.pending)
            .into_par_iter()
            .map(|(n, op)| (n, op.map(|op| with_document(&fields, op))))
            .collect();
        self.apply(parsed)
    }
}

impl Sink for Apply<'_, '_> {
    fn op(&mut self, line: usize, op: std::result::Result<FeedOp, String>) -> Result<()> {
        self.pending.push((line, op));
        if self.pending.len() >= CHUNK_LINES {
            self.flush_pending()?;
        }
        Ok(())
    }

    fn warning(&mut self, line: usize, message: String) {
        self.total_warnings += 1;
        if self.warnings.len() < MAX_REPORTED_LINE_ERRORS {
            self.warnings.push(LineError {
                line,
                reason: message,
            });
        }
    }
}

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

    /// Validates and applies one JSON Lines feed file atomically (see the module doc).
    pub fn ingest_file(&mut self, path: &Path, mode: Mode) -> Result<IngestReport> {
        self.ingest(&Feed::jsonl(path), &IngestOptions::new(mode), &mut |_| {})
    }

    /// Validates and applies one feed atomically (see the module doc), calling `on_progress`
    /// after each chunk.
    pub fn ingest(
        &mut self,
        feed: &Feed,
        options: &IngestOptions,
        on_progress: &mut dyn FnMut(&IngestProgress),
    ) -> Result<IngestReport> {
        let started = std::time::Instant::now();
        if feed.format != Format::Jsonl && feed.source.is_none() {
            return Err(Error::invalid(
                "source",
                format!(
                    "a {} feed needs the source its records belong to",
                    feed.format.as_str()
                ),
            ));
        }
        let mut apply = Apply {
            writer: self,
            mode: options.mode,
            expected_source: feed.source.clone(),
            checker: FileChecker::default(),
            errors: Vec::new(),
            total_errors: 0,
            warnings: Vec::new(),
            total_warnings: 0,
            upserts: 0,
            deletes: 0,
            records_before: None,
            progress: IngestProgress::default(),
            on_progress,
            pending: Vec::new(),
        };
        let (bytes, checksum) = match feed.format {
            Format::Jsonl => read_jsonl(&feed.path, &mut apply)?,
            format => {
                let source = feed.source.as_deref().unwrap_or_default();
                crate::feeds::import(format, &feed.path, source, &mut apply)?;
                apply.flush_pending()?;
                let sum = checksum(&feed.path)?;
                apply.progress.bytes_read = sum.0;
                (apply.on_progress)(&apply.progress);
                sum
            }
        };
        let source = apply
            .checker
            .source()
            .map(str::to_string)
            .or_else(|| feed.source.clone());
        if apply.total_errors == 0 && apply.checker.source().is_none() {
            apply.reject(0, "the feed has no records".into());
        }
        let records_before = apply.records_before.unwrap_or(0);
        let (upserts, deletes) = (apply.upserts, apply.deletes);
        let (warnings, total_warnings) = (apply.warnings, apply.total_warnings);
        let (errors, total) = (apply.errors, apply.total_errors);
        let lines = apply.progress.lines_read as usize;
        if total > 0 {
            self.writer.rollback()?;
            return Err(Error::FeedRejected {
                path: feed.path.clone(),
                errors,
                total,
            });
        }
        let source = source.expect("a feed with records has a source");
        if options.mode == Mode::Full && !options.force {
            let kept = upserts as f64;
            if kept < (1.0 - options.max_removal_share) * records_before as f64 {
                self.writer.rollback()?;
                return Err(Error::TooManyRemovals {
                    source_code: source,
                    before: records_before,
                    after: upserts as u64,
                    max_share: options.max_removal_share,
                });
            }
        }
        let now = crate::jobs::store::now_rfc3339();
        let meta = self.index.load_metas()?;
        let payload =
            super::version::IndexVersion::from_commit(meta.opstamp, meta.payload.as_deref())
                .next_payload(
                    &source,
                    Some(super::version::FeedVersion {
                        checksum: format!("sha256:{checksum}"),
                        mode: match options.mode {
                            Mode::Full => "full",
                            Mode::Delta => "delta",
                        }
                        .to_string(),
                        ingested_at: now.clone(),
                    }),
                    &now,
                );
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        Ok(IngestReport {
            path: feed.path.clone(),
            format: feed.format,
            records_after: count(self.index, &self.fields, &source)?,
            source,
            mode: options.mode,
            lines,
            upserts,
            deletes,
            records_before,
            bytes,
            checksum,
            warnings,
            total_warnings,
            took_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// Merges segments, waits for background merges and releases the index lock.
    ///
    /// Each query looks every term up once per segment, so the index is kept at one large
    /// segment, and a small one after a delta (see [`merge_plan`], [`MERGE_GROUPS`]). Merges
    /// are atomic commits of their own; the groups of a plan are merged concurrently.
    pub fn finish(mut self) -> Result<()> {
        let metas = self.index.searchable_segment_metas()?;
        let sizes: Vec<SegmentSize> = metas
            .iter()
            .map(|m| SegmentSize {
                live: m.num_docs() as u64,
                deleted: m.num_deleted_docs() as u64,
            })
            .collect();
        let groups = merge_plan(&sizes, MERGE_GROUPS);
        let merges: Vec<_> = groups
            .iter()
            .map(|g| {
                let ids: Vec<_> = g.iter().map(|&i| metas[i].id()).collect();
                self.writer.merge(&ids)
            })
            .collect();
        for (merge, group) in merges.into_iter().zip(&groups) {
            let merged = merge.wait()?;
            tracing::debug!(
                segments = group.len(),
                merged = merged.is_some(),
                "merged segments"
            );
        }
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Large segments an ingest leaves at most: one. A query walks every segment's term
/// dictionaries (the one-edit lookups of names and numbers) and looks every term up in each,
/// so one segment answers faster than two: a 20,000-traveller screening over 1M persons + 10M
/// documents ran x1.10-1.30 faster on the same index merged into one (same report), and over
/// 1M persons x1.01-1.46. The merge then runs on one core instead of two: a 1M-person ingest
/// took 29.7 / 32.0 s against 27.1 / 27.5 s into two (2026-12-02, a slow evening). Queries
/// run all day, ingests a few times; the service answers throughout either way.
pub const MERGE_GROUPS: usize = 1;

/// Which segments to merge together, given each segment's live and deleted documents: the
/// groups of segment indexes to merge, concurrently (a group of one drops its deleted
/// documents).
///
/// The `groups` largest segments are kept; the *churn* is the live documents of all the
/// others plus every deleted document. When the churn reaches [`MERGE_ALL_SHARE`] of the live
/// documents (a big or full ingest), everything is merged into `groups` groups balanced by
/// size, which also drops the deleted documents; otherwise (a delta) only the segments beyond
/// the kept ones are merged together, which costs little however large the index is.
pub fn merge_plan(segments: &[SegmentSize], groups: usize) -> Vec<Vec<usize>> {
    let groups = groups.max(1);
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(segments[i].live));
    let live: u64 = segments.iter().map(|s| s.live).sum();
    let deleted: u64 = segments.iter().map(|s| s.deleted).sum();
    let rest = order.get(groups..).unwrap_or_default();
    let churn = deleted + rest.iter().map(|&i| segments[i].live).sum::<u64>();
    let plan = if (churn as f64) < MERGE_ALL_SHARE * live as f64 {
        vec![rest.to_vec()]
    } else {
        // largest first, each into the lightest group
        let mut plan: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); groups];
        for i in order {
            let lightest = plan.iter_mut().min_by_key(|(n, _)| *n).expect("a group");
            lightest.0 += segments[i].live + segments[i].deleted;
            lightest.1.push(i);
        }
        plan.into_iter().map(|(_, g)| g).collect()
    };
    // a lone segment is rewritten only to drop its deleted documents
    plan.into_iter()
        .filter(|g| g.len() > 1 || g.iter().any(|&i| segments[i].deleted > 0))
        .collect()
}

/// The documents of one segment, as [`merge_plan`] weighs them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentSize {
    pub live: u64,
    pub deleted: u64,
}

/// Deletes index files no segment uses any more. Call after the readers of this process have
/// moved to the new generation: tantivy keeps the files of searchers still alive. Without it
/// the merged-away segments stay on disk until the next ingest (at 11M records, as much again
/// as the live index). Returns false when another writer holds the index (nothing is deleted).
pub fn collect_garbage(index: &Index) -> bool {
    let collected = index
        .writer_with_num_threads::<TantivyDocument>(1, GC_WRITER_ARENA_BYTES)
        .and_then(|w| w.garbage_collect_files().wait());
    match collected {
        Ok(_) => true,
        Err(tantivy::TantivyError::LockFailure(..)) => {
            tracing::debug!("another writer holds the index; unused files left to it");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not delete unused index files");
            false
        }
    }
}

/// Memory arena of the writer opened only to delete unused files (tantivy's minimum).
const GC_WRITER_ARENA_BYTES: usize = 15_000_000;

/// Streams a JSON Lines feed into `apply` chunk by chunk; returns its size and SHA-256.
fn read_jsonl(path: &Path, apply: &mut Apply) -> Result<(u64, String)> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path).map_err(io)?);
    let mut hasher = sha2::Sha256::new();
    let mut bytes = 0u64;
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
            hasher.update(&buf);
            bytes += buf.len() as u64;
            line_no += 1;
            if line_no == 1 && buf.starts_with(BOM.as_bytes()) {
                buf.drain(..BOM.len());
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            chunk.push((
                line_no,
                String::from_utf8(buf).map_err(|_| "line is not valid UTF-8".to_string()),
            ));
        }
        apply.progress.bytes_read = bytes;
        let fields = apply.writer.fields;
        let parsed: Vec<Parsed> = chunk
            .into_par_iter()
            .map(|(n, text)| {
                let res = text
                    .and_then(|t| parse_line(t.trim_end()))
                    .map(|op| with_document(&fields, op));
                (n, res)
            })
            .collect();
        apply.apply(parsed)?;
    }
    Ok((bytes, crate::digest::hex(&hasher.finalize())))
}

/// Size and SHA-256 (hex) of a feed: a file's bytes, or for a folder every regular file's
/// name and bytes in name order (sub-folders are not part of a feed).
pub fn checksum(path: &Path) -> Result<(u64, String)> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| Error::Io { path: p, source }
    };
    let mut hasher = sha2::Sha256::new();
    let mut bytes = 0u64;
    let hash_file = |p: &Path, hasher: &mut sha2::Sha256| -> Result<u64> {
        let mut f = std::fs::File::open(p).map_err(io(p))?;
        let mut buf = vec![0u8; 1 << 20];
        let mut n_total = 0u64;
        loop {
            let n = std::io::Read::read(&mut f, &mut buf).map_err(io(p))?;
            if n == 0 {
                return Ok(n_total);
            }
            hasher.update(&buf[..n]);
            n_total += n as u64;
        }
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io(path))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
            hasher.update(name.unwrap_or_default().as_bytes());
            hasher.update([0u8]);
            bytes += hash_file(&f, &mut hasher)?;
        }
    } else {
        bytes = hash_file(path, &mut hasher)?;
    }
    Ok((bytes, crate::digest::hex(&hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(list: &[(u64, u64)]) -> Vec<SegmentSize> {
        list.iter()
            .map(|&(live, deleted)| SegmentSize { live, deleted })
            .collect()
    }

    #[test]
    fn a_big_ingest_is_merged_into_balanced_groups() {
        // 9 sources of a first ingest, two segments each
        let s = sizes(&[
            (150, 0),
            (150, 0),
            (70, 0),
            (70, 0),
            (40, 0),
            (40, 0),
            (60, 0),
            (60, 0),
            (30, 0),
            (30, 0),
            (45, 0),
            (45, 0),
            (35, 0),
            (35, 0),
            (40, 0),
            (40, 0),
            (30, 0),
            (30, 0),
        ]);
        let plan = merge_plan(&s, 2);
        assert_eq!(plan.len(), 2);
        let mut all: Vec<usize> = plan.concat();
        all.sort();
        assert_eq!(
            all,
            (0..18).collect::<Vec<_>>(),
            "every segment in one group"
        );
        let weight = |g: &Vec<usize>| g.iter().map(|&i| s[i].live).sum::<u64>();
        assert_eq!(weight(&plan[0]), 500);
        assert_eq!(weight(&plan[1]), 500);
    }

    #[test]
    fn a_delta_merges_only_the_segments_beyond_the_large_ones() {
        let s = sizes(&[(500, 2), (3, 0), (498, 1), (4, 0)]);
        assert_eq!(merge_plan(&s, 2), vec![vec![3, 1]]);
        // one small segment beside the two large ones: nothing to do
        assert!(merge_plan(&sizes(&[(500, 0), (498, 0), (4, 0)]), 2).is_empty());
        assert!(merge_plan(&sizes(&[(500, 0)]), 2).is_empty());
        assert!(merge_plan(&[], 2).is_empty());
    }

    #[test]
    fn a_full_reingest_with_many_deletions_merges_everything() {
        // the old halves carry the replaced source's deleted documents
        let s = sizes(&[(350, 150), (350, 150), (150, 0), (150, 0)]);
        let plan = merge_plan(&s, 2);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan.concat().len(), 4);
        // deletions alone reach the share too
        assert_eq!(merge_plan(&sizes(&[(400, 100), (400, 0)]), 2).len(), 1);
    }
}
