//! Person facts laid out by document id: one `<segment id>.pfacts` file per segment, beside
//! tantivy's own files.
//!
//! Rescoring reads the [`Facts`](super::Facts) of every candidate (up to 300 a query). tantivy
//! keeps them in the bytes fast field [`PERSON_FACTS_FIELD`], whose values live in a sorted
//! dictionary: each read copies and scans a 4 KB block. This file answers the same read with
//! three array lookups on a memory map.
//!
//! It is derived data, never the source of truth: built from the fast field after a commit
//! (and when an index is opened without it), written to a temporary file and renamed into
//! place, validated when opened, and deleted once its segment is gone. A searcher that finds
//! no valid file for a segment reads the fast field instead, so results never depend on it.
//!
//! Layout (little endian): `MAGIC`, segment id (32 hex digits), `max_doc: u32`, `docs: u32`
//! (`max_doc`, or 0 in a segment without persons), `terms: u32`; `docs` `u32` term ordinals,
//! one per document (`NO_VALUE` when it has none); the values of the terms
//! back to back, in ordinal order; `terms + 1` `u64` offsets into them; the offset of that
//! table (`u64`) and `END_MAGIC`.

use super::schema::PERSON_FACTS_FIELD;
use crate::{Error, Result};
use memmap2::Mmap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::columnar::BytesColumn;
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

/// File extension of facts files.
pub const EXTENSION: &str = "pfacts";
const MAGIC: &[u8; 8] = b"FLPFACT1";
const END_MAGIC: &[u8; 8] = b"FLPFEND1";
const HEADER: usize = 8 + 32 + 4 + 4 + 4;
const FOOTER: usize = 8 + 8;
/// Term ordinal of a document without facts (a travel document).
const NO_VALUE: u32 = u32::MAX;

/// The facts file of one segment, mapped.
#[derive(Debug)]
pub struct SegmentFacts {
    map: Mmap,
    /// Documents with an entry (0 in a segment without persons).
    docs: u32,
    /// Where the term values start.
    values_at: usize,
    /// Where the offset table starts.
    offsets_at: usize,
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    let v = u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?);
    usize::try_from(v).ok()
}

impl SegmentFacts {
    /// The facts bytes of document `doc`, if it has any.
    pub fn get(&self, doc: DocId) -> Option<&[u8]> {
        if doc >= self.docs {
            return None;
        }
        let ord = u32_at(&self.map, HEADER + 4 * doc as usize)?;
        if ord == NO_VALUE {
            return None;
        }
        let at = self.offsets_at + 8 * ord as usize;
        let (start, end) = (u64_at(&self.map, at)?, u64_at(&self.map, at + 8)?);
        self.map.get(self.values_at + start..self.values_at + end)
    }

    /// Opens and validates the facts file of `segment`; `None` when it is missing or does not
    /// belong to this segment (a torn or foreign file is treated as missing).
    /// The map is populated up front: every query reads candidates spread over the whole file.
    pub fn open(dir: &Path, segment: &SegmentReader) -> Option<SegmentFacts> {
        Self::map(dir, segment, true)
    }

    fn map(dir: &Path, segment: &SegmentReader, populate: bool) -> Option<SegmentFacts> {
        let file = std::fs::File::open(path(dir, segment.segment_id())).ok()?;
        let mut options = memmap2::MmapOptions::new();
        if populate {
            options.populate();
        }
        // SAFETY: facts files are written once under a temporary name and renamed into place;
        // nothing modifies or truncates them afterwards (they are only ever deleted, which
        // leaves existing maps valid). This is the same contract as tantivy's MmapDirectory.
        let map = unsafe { options.map(&file) }.ok()?;
        let max_doc = segment.max_doc();
        let b: &[u8] = &map;
        let valid_head = b.len() >= HEADER + FOOTER
            && &b[..8] == MAGIC
            && b[8..40] == *segment.segment_id().uuid_string().as_bytes()
            && u32_at(b, 40)? == max_doc;
        let docs = u32_at(b, 44)?;
        if !valid_head || (docs != 0 && docs != max_doc) || &b[b.len() - 8..] != END_MAGIC {
            return None;
        }
        let terms = u32_at(b, 48)? as usize;
        let values_at = HEADER + 4 * docs as usize;
        let offsets_at = u64_at(b, b.len() - FOOTER)?;
        let values_len = offsets_at.checked_sub(values_at)?;
        if offsets_at + 8 * (terms + 1) + FOOTER != b.len()
            || u64_at(b, offsets_at + 8 * terms)? != values_len
        {
            return None;
        }
        Some(SegmentFacts {
            map,
            docs,
            values_at,
            offsets_at,
        })
    }
}

/// Where the facts file of segment `id` lives in index directory `dir`.
pub fn path(dir: &Path, id: SegmentId) -> PathBuf {
    dir.join(format!("{}.{EXTENSION}", id.uuid_string()))
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the facts file of `segment` from its fast field (temporary file, then rename).
pub fn build(dir: &Path, segment: &SegmentReader) -> Result<()> {
    let target = path(dir, segment.segment_id());
    let tmp = target.with_extension(format!("{EXTENSION}.{}.tmp", std::process::id()));
    let column = segment.fast_fields().bytes(PERSON_FACTS_FIELD)?;
    let terms = column.as_ref().map_or(0, |c| c.num_terms());
    let docs = if terms == 0 { 0 } else { segment.max_doc() };
    let written = (|| -> std::io::Result<()> {
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        out.write_all(MAGIC)?;
        out.write_all(segment.segment_id().uuid_string().as_bytes())?;
        out.write_all(&segment.max_doc().to_le_bytes())?;
        out.write_all(&docs.to_le_bytes())?;
        out.write_all(&(terms as u32).to_le_bytes())?;
        for doc in 0..docs {
            let ord = column
                .as_ref()
                .and_then(|c| c.term_ords(doc).next())
                .map_or(NO_VALUE, |o| o as u32);
            out.write_all(&ord.to_le_bytes())?;
        }
        let mut offsets: Vec<u64> = Vec::with_capacity(terms + 1);
        let mut len = 0u64;
        if let Some(c) = &column {
            let mut stream = c.dictionary().stream()?;
            while stream.advance() {
                offsets.push(len);
                out.write_all(stream.key())?;
                len += stream.key().len() as u64;
            }
        }
        offsets.push(len);
        if offsets.len() != terms + 1 {
            return Err(std::io::Error::other(
                "dictionary length changed while read",
            ));
        }
        let offsets_at = (HEADER + 4 * docs as usize) as u64 + len;
        for o in &offsets {
            out.write_all(&o.to_le_bytes())?;
        }
        out.write_all(&offsets_at.to_le_bytes())?;
        out.write_all(END_MAGIC)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io_error(&target))
}

/// Makes sure `segment` has a valid facts file, building it when it is missing or invalid. The
/// check maps the file without reading it in: only its header and footer are touched.
pub fn ensure(dir: &Path, segment: &SegmentReader) -> Result<()> {
    if SegmentFacts::map(dir, segment, false).is_some() {
        return Ok(());
    }
    build(dir, segment)?;
    SegmentFacts::map(dir, segment, false)
        .map(drop)
        .ok_or_else(|| Error::Internal("a facts file just written does not validate".into()))
}

/// Deletes the facts files (and temporary files) of segments not in `live`.
pub fn remove_stale(dir: &Path, live: &[SegmentId]) {
    let live: Vec<String> = live.iter().map(|id| id.uuid_string()).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((stem, rest)) = name.split_once('.') else {
            continue;
        };
        if !rest.starts_with(EXTENSION) || live.iter().any(|id| id == stem) {
            continue;
        }
        if let Err(e) = std::fs::remove_file(entry.path()) {
            tracing::warn!(file = %name, error = %e, "could not delete a stale facts file");
        }
    }
}

/// The facts files of the segments of the current searcher generation, kept between queries.
#[derive(Default)]
pub struct FactsFiles {
    state: std::sync::RwLock<FilesState>,
}

#[derive(Default)]
struct FilesState {
    generation: Option<u64>,
    /// When the segments lacking a file were last looked for.
    checked: Option<std::time::Instant>,
    /// Per segment ordinal of that generation.
    segments: Arc<[Option<Arc<SegmentFacts>>]>,
    by_id: std::collections::HashMap<SegmentId, Arc<SegmentFacts>>,
}

/// How long a segment found without a facts file is read from the fast field before the file
/// is looked for again (the process that committed the segment writes it just after).
const RECHECK_MISSING: std::time::Duration = std::time::Duration::from_secs(1);

impl FactsFiles {
    /// The facts files of `searcher`'s segments, by segment ordinal (`None`: read the fast
    /// field).
    pub fn for_searcher(
        &self,
        dir: &Path,
        searcher: &Searcher,
    ) -> Arc<[Option<Arc<SegmentFacts>>]> {
        let generation = searcher.generation().generation_id();
        let fresh = |s: &FilesState| {
            s.generation == Some(generation)
                && (s.segments.iter().all(Option::is_some)
                    || s.checked.is_some_and(|t| t.elapsed() < RECHECK_MISSING))
        };
        if let Ok(s) = self.state.read() {
            if fresh(&s) {
                return s.segments.clone();
            }
        }
        let Ok(mut s) = self.state.write() else {
            return vec![None; searcher.segment_readers().len()].into();
        };
        if !fresh(&s) {
            let mut by_id = std::mem::take(&mut s.by_id);
            let mut segments = Vec::with_capacity(searcher.segment_readers().len());
            for seg in searcher.segment_readers() {
                let id = seg.segment_id();
                let file = (by_id.get(&id).cloned())
                    .or_else(|| SegmentFacts::open(dir, seg).map(Arc::new));
                if let Some(f) = &file {
                    by_id.insert(id, f.clone());
                }
                segments.push(file);
            }
            by_id.retain(|id, _| {
                searcher
                    .segment_readers()
                    .iter()
                    .any(|r| r.segment_id() == *id)
            });
            *s = FilesState {
                generation: Some(generation),
                checked: Some(std::time::Instant::now()),
                segments: segments.into(),
                by_id,
            };
        }
        s.segments.clone()
    }
}

/// The facts of many documents read into one text: validated as UTF-8 once, and parsed from
/// memory that is already in cache rather than from scattered pages of the map.
#[derive(Debug, Default)]
pub struct FactsBatch {
    text: String,
    /// Per document read, where its facts are in `text` (`None`: it has none).
    ranges: Vec<Option<(usize, usize)>>,
}

impl FactsBatch {
    /// The facts text of the `i`-th document read; `None` if it has none.
    pub fn get(&self, i: usize) -> Result<Option<&str>> {
        match self.ranges.get(i).copied().flatten() {
            None => Ok(None),
            Some((start, end)) => self
                .text
                .get(start..end)
                .map(Some)
                .ok_or_else(|| Error::Internal("stored facts are not UTF-8".into())),
        }
    }
}

/// Reads the person facts of documents of one searcher: from the facts file of their segment
/// where there is one, from the fast field otherwise.
pub struct FactsReader<'s> {
    searcher: &'s Searcher,
    files: Arc<[Option<Arc<SegmentFacts>>]>,
    /// Fast-field columns, opened on first use per segment.
    columns: Vec<Option<Option<BytesColumn>>>,
    buf: Vec<u8>,
}

impl<'s> FactsReader<'s> {
    pub fn new(searcher: &'s Searcher, files: Arc<[Option<Arc<SegmentFacts>>]>) -> Self {
        FactsReader {
            searcher,
            files,
            columns: vec![None; searcher.segment_readers().len()],
            buf: Vec::new(),
        }
    }

    /// The facts of the documents at `addrs`, in order.
    pub fn read_batch(&mut self, addrs: impl Iterator<Item = DocAddress>) -> Result<FactsBatch> {
        let mut bytes = Vec::new();
        let mut ranges = Vec::new();
        for addr in addrs {
            let range = self.read(addr)?.map(|b| {
                bytes.extend_from_slice(b);
                (bytes.len() - b.len(), bytes.len())
            });
            ranges.push(range);
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::Internal("stored facts are not UTF-8".into()))?;
        Ok(FactsBatch { text, ranges })
    }

    /// The facts bytes of the document at `addr`; `None` if it has none (not a person).
    pub fn read(&mut self, addr: DocAddress) -> Result<Option<&[u8]>> {
        let seg = addr.segment_ord as usize;
        if let Some(Some(file)) = self.files.get(seg) {
            return Ok(file.get(addr.doc_id));
        }
        let Some(reader) = self.searcher.segment_readers().get(seg) else {
            return Ok(None);
        };
        if self.columns[seg].is_none() {
            self.columns[seg] = Some(reader.fast_fields().bytes(PERSON_FACTS_FIELD)?);
        }
        let Some(Some(column)) = &self.columns[seg] else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(addr.doc_id).next() else {
            return Ok(None);
        };
        self.buf.clear();
        let found = column
            .ord_to_bytes(ord, &mut self.buf)
            .map_err(|e| Error::Internal(format!("person facts column: {e}")))?;
        Ok(found.then_some(self.buf.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::{jsonl::parse_line, FeedOp};
    use crate::index::{Facts, Fields};
    use tantivy::Index;

    const LINES: [&str; 4] = [
        r#"{"kind":"person","source":"INTERPOL","id":"P1","names":["Ivan Petrov"]}"#,
        r#"{"kind":"document","source":"INTERPOL","id":"D1","number":"AB123","issuing_country":"FRA","document_type":"passport","status":"stolen"}"#,
        r#"{"kind":"person","source":"INTERPOL","id":"P2","names":["Zhang Wei","Wei Zhang"],"date_of_birth":"1980"}"#,
        r#"{"kind":"person","source":"EUROPOL","id":"P3","names":["Ana Lopez"]}"#,
    ];

    /// An index in `dir` holding `lines` in one segment, and their encoded facts (empty for
    /// documents) in document order.
    fn index_of(dir: &Path, lines: &[&str]) -> (Index, Vec<String>) {
        let (schema, _) = Fields::schema();
        let index = Index::create_in_dir(dir, schema).unwrap();
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut expected = Vec::new();
        for line in lines {
            let FeedOp::Upsert(r) = parse_line(line).unwrap() else {
                panic!("not an upsert")
            };
            let facts = Facts::of(&r);
            expected.push(if facts.person.is_some() {
                facts.encode()
            } else {
                String::new()
            });
            writer.add_document(fields.document(&r)).unwrap();
        }
        writer.commit().unwrap();
        (index, expected)
    }

    #[test]
    fn built_file_returns_each_documents_facts() {
        let dir = tempfile::tempdir().unwrap();
        let (index, expected) = index_of(dir.path(), &LINES);
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        assert!(
            SegmentFacts::open(dir.path(), segment).is_none(),
            "nothing built yet"
        );
        ensure(dir.path(), segment).unwrap();
        let file = SegmentFacts::open(dir.path(), segment).unwrap();
        let mut fallback = FactsReader::new(&searcher, vec![None].into());
        for (doc, want) in expected.iter().enumerate() {
            let got = file.get(doc as DocId).unwrap_or_default();
            assert_eq!(std::str::from_utf8(got).unwrap(), want, "doc {doc}");
            let addr = DocAddress::new(0, doc as DocId);
            assert_eq!(fallback.read(addr).unwrap().unwrap_or_default(), got);
        }
        assert!(file.get(LINES.len() as DocId).is_none());
    }

    #[test]
    fn a_segment_without_persons_gets_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _) = index_of(dir.path(), &[LINES[1]]);
        let searcher = index.reader().unwrap().searcher();
        ensure(dir.path(), &searcher.segment_readers()[0]).unwrap();
        let file = SegmentFacts::open(dir.path(), &searcher.segment_readers()[0]).unwrap();
        assert!(file.get(0).is_none());
        let len = std::fs::metadata(path(dir.path(), searcher.segment_readers()[0].segment_id()));
        assert_eq!(len.unwrap().len() as usize, HEADER + 8 + FOOTER);
    }

    #[test]
    fn torn_or_foreign_files_are_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let (index, expected) = index_of(dir.path(), &LINES);
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        build(dir.path(), segment).unwrap();
        let file = path(dir.path(), segment.segment_id());
        let whole = std::fs::read(&file).unwrap();
        for bad in [
            whole[..whole.len() - 3].to_vec(),
            [
                &whole[..8],
                b"0123456789abcdef0123456789abcdef",
                &whole[40..],
            ]
            .concat(),
            Vec::new(),
        ] {
            std::fs::write(&file, &bad).unwrap();
            assert!(SegmentFacts::open(dir.path(), segment).is_none());
            ensure(dir.path(), segment).unwrap();
            let rebuilt = SegmentFacts::open(dir.path(), segment).unwrap();
            assert_eq!(rebuilt.get(0).unwrap(), expected[0].as_bytes());
        }
    }

    #[test]
    fn stale_files_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _) = index_of(dir.path(), &LINES);
        let searcher = index.reader().unwrap().searcher();
        let live = searcher.segment_readers()[0].segment_id();
        build(dir.path(), &searcher.segment_readers()[0]).unwrap();
        let stale = SegmentId::generate_random();
        std::fs::write(path(dir.path(), stale), b"old").unwrap();
        let tmp = path(dir.path(), stale).with_extension("pfacts.42.tmp");
        std::fs::write(&tmp, b"torn").unwrap();
        remove_stale(dir.path(), &[live]);
        assert!(path(dir.path(), live).exists());
        assert!(!path(dir.path(), stale).exists());
        assert!(!tmp.exists());
    }
}
