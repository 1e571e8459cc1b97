//! The synchronous engine API: open an index, ingest feeds, search persons, check documents,
//! fetch records, report counts. Knows nothing of HTTP.
//!
//! A query flows `validate -> normalise (crate::normalize) -> candidate terms -> tantivy
//! top-K among the records the caller may see (at most CANDIDATE_CAP) -> expiry filter ->
//! rescoring (crate::matching) -> ranked hits`. Work per query is bounded by the candidate
//! caps, never by the index size. Records the caller may not see take no place under a cap
//! and weigh in no statistic (`visibility`, `stats`): what an agency gets is what an index of
//! only its visible records would give.
//!
//! ```no_run
//! use frontline::search::{Engine, PersonQuery};
//! let engine = Engine::open("index-data/index").unwrap();
//! let hits = engine.search_persons(&PersonQuery::name("Muhammad Al Hassan")).unwrap();
//! for h in hits.hits { println!("{} {} {:.2}", h.source, h.id, h.score); }
//! ```

mod document;
mod near;
mod person;
mod stats;
mod visibility;

pub use document::{DocumentHit, DocumentQuery, DocumentResults, MatchedDocument, PresentedBy};
pub use person::{PersonHit, PersonQuery, PersonResults};
pub use stats::DF_CACHE_ENTRIES;

use stats::DfCache;

use crate::feeds::Mode;
use crate::index::facts_file::{self, FactsFiles};
use crate::index::writer::{Feed, IngestOptions, IngestProgress};
use crate::index::{Fields, IndexVersion, IngestReport, IngestWriter};
use crate::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

/// Size of a doc-store block before compression: small, since every candidate reads one.
pub const DOCSTORE_BLOCK_BYTES: usize = 2048;
/// Most person candidates rescored per query.
pub const PERSON_CANDIDATE_CAP: usize = 100;
/// Candidate cap for names written in an abjad (Arabic, Persian, Urdu, Pashto, Hebrew
/// scripts): without short vowels their terms are less selective, so more candidates are
/// needed to reach the same recall.
pub const ABJAD_CANDIDATE_CAP: usize = 300;
/// Most document candidates rescored per query.
pub const DOCUMENT_CANDIDATE_CAP: usize = 50;
/// Most hits a query may ask for.
pub const MAX_LIMIT: usize = 100;
/// Hits returned when the query does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Person hits scoring below this are dropped when the query gives no `min_score` (a caller
/// may still pass a lower one, down to 0). From `frontline eval --no-baseline --json`
/// (2026-12-03; 100k synthetic persons, seed 42, and the OFAC SDN set of
/// `../shared/data/sdn-eval`, name only; `floor_costs`): under 0.3 lie 7% (synthetic) and 28%
/// (SDN) of all hits returned but 1 of 1,986 and 12 of 4,555 true matches found in the top 10
/// (0.05%, 0.26%); at 0.4 the SDN cost is 0.9%, at 0.5 1.4%. README, "Matching quality".
pub const DEFAULT_MIN_SCORE: f32 = 0.3;
/// Longest query name, in characters.
pub const MAX_QUERY_NAME_CHARS: usize = 256;
/// Longest query name after NFKC normalisation, in characters: some characters expand
/// (U+FDFA, one Arabic ligature, is 18 characters), and 256 of them cost a search 60-130 ms.
pub const MAX_NORMALISED_NAME_CHARS: usize = 2 * MAX_QUERY_NAME_CHARS;
/// Query name tokens beyond this are ignored for candidate generation.
pub const MAX_QUERY_TOKENS: usize = 12;

/// The segments of a commit with their delete opstamps (what a searcher generation holds).
type SegmentSet = BTreeMap<tantivy::index::SegmentId, Option<u64>>;

/// Most index versions remembered (a few commits of one ingest and their merges).
const VERSIONS_KEPT: usize = 16;

fn remember_version(
    seen: &mut Vec<(SegmentSet, Arc<IndexVersion>)>,
    segments: SegmentSet,
    v: Arc<IndexVersion>,
) {
    if seen.last().is_some_and(|(s, _)| *s == segments) {
        return;
    }
    seen.push((segments, v));
    if seen.len() > VERSIONS_KEPT {
        seen.remove(0);
    }
}

/// Record counts of one source.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceCounts {
    pub person: u64,
    pub document: u64,
}

/// The open index and everything needed to query and update it.
pub struct Engine {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Serialises in-process ingests (tantivy allows one writer).
    ingest_lock: Mutex<()>,
    /// Term counts shared by the queries of each agency (see [`DfCache`]).
    df_cache: std::sync::RwLock<DfCache>,
    /// Person facts by document id (see [`crate::index::facts_file`]).
    facts_files: FactsFiles,
    /// What each agency may see, per segment (see [`visibility::VisibleSets`]).
    visible_sets: visibility::VisibleSets,
    /// Index versions by segment set, the newest last ([`Engine::version_of`]).
    versions: Mutex<Vec<(SegmentSet, Arc<IndexVersion>)>>,
}

impl Engine {
    /// Opens the index in `dir`, creating an empty one if there is none.
    pub fn open(dir: impl AsRef<Path>) -> Result<Engine> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        let (schema, _) = Fields::schema();
        let mmap = tantivy::directory::MmapDirectory::open(&dir)
            .map_err(|e| Error::Internal(format!("cannot open {}: {e}", dir.display())))?;
        let settings = tantivy::IndexSettings {
            // rescoring reads up to PERSON_CANDIDATE_CAP stored documents per query: small
            // LZ4 blocks keep each read cheap and the store about a third of its raw size
            docstore_compression: tantivy::store::Compressor::Lz4,
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..Default::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .open_or_create(mmap)
            .map_err(|e| match e {
                tantivy::TantivyError::SchemaError(_) => Error::IncompatibleIndex(dir.clone()),
                other => Error::Index(other),
            })?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let engine = Engine {
            dir,
            index,
            reader,
            fields,
            ingest_lock: Mutex::new(()),
            df_cache: Default::default(),
            facts_files: FactsFiles::default(),
            visible_sets: Default::default(),
            versions: Mutex::new(Vec::new()),
        };
        // files of an ingest killed before its commit are garbage now; a writer of another
        // process (holding the lock) makes this a no-op
        engine.remove_unused_files();
        engine.build_facts_files();
        engine.note_commit();
        Ok(engine)
    }

    /// Writes the facts files the current segments lack (an index from before they existed,
    /// or an ingest cut off before writing them). Best effort: a segment without one is read
    /// from its fast field.
    fn build_facts_files(&self) {
        for segment in self.reader.searcher().segment_readers() {
            if let Err(e) = facts_file::ensure(&self.dir, segment) {
                tracing::warn!(error = %e, "could not write a facts file; reading the fast field");
            }
        }
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Ingests JSON Lines feed files in order, each atomically (see
    /// [`crate::index::writer`]). Stops at the first rejected file; files before it stay applied.
    pub fn ingest(&self, paths: &[PathBuf], mode: Mode) -> Result<Vec<IngestReport>> {
        let mut reports = Vec::new();
        self.ingest_each(paths, mode, &mut |r| reports.push(r.clone()))?;
        Ok(reports)
    }

    /// Like [`Engine::ingest`], calling `on_applied` as soon as each file has landed, so a
    /// caller can report the files that were applied before a later one is rejected.
    pub fn ingest_each(
        &self,
        paths: &[PathBuf],
        mode: Mode,
        on_applied: &mut dyn FnMut(&IngestReport),
    ) -> Result<()> {
        let feeds: Vec<Feed> = paths.iter().map(Feed::jsonl).collect();
        self.ingest_feeds(&feeds, &IngestOptions::new(mode), &mut |_| {}, on_applied)
    }

    /// Ingests feeds of any format in order, each atomically, reporting progress within each
    /// and each one as soon as it has landed. Stops at the first rejected feed; feeds before
    /// it stay applied. Ingests of this process run one at a time (tantivy has one writer);
    /// a writer of another process makes this fail with [`Error::Busy`].
    pub fn ingest_feeds(
        &self,
        feeds: &[Feed],
        options: &IngestOptions,
        on_progress: &mut dyn FnMut(&IngestProgress),
        on_applied: &mut dyn FnMut(&IngestReport),
    ) -> Result<()> {
        let _guard = self
            .ingest_lock
            .lock()
            .map_err(|_| Error::Internal("ingest lock poisoned".into()))?;
        let mut writer = IngestWriter::new(&self.index, self.fields)?;
        let mut outcome = Ok(());
        for feed in feeds {
            match writer.ingest(feed, options, on_progress) {
                Ok(r) => {
                    self.note_commit();
                    on_applied(&r)
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        writer.finish()?;
        self.note_commit();
        self.reader.reload()?;
        self.build_facts_files();
        self.remove_unused_files();
        outcome
    }

    /// Deletes index and facts files no live segment uses: the segments merged away by the
    /// last ingest, or the files a killed ingest left behind.
    fn remove_unused_files(&self) {
        if !crate::index::writer::collect_garbage(&self.index) {
            return; // another process is writing: its new files are not garbage
        }
        if let Ok(live) = self.index.searchable_segment_ids() {
            facts_file::remove_stale(&self.dir, &live);
        }
    }

    /// The index commit queries see now, with its feed versions.
    pub fn version(&self) -> Result<Arc<IndexVersion>> {
        self.version_of(&self.reader.searcher())
    }

    /// The index commit `searcher` reads, with its feed versions ([`IndexVersion`], the
    /// commit's payload). A meta file on disk always pairs its segments with the payload of
    /// the last commit (merges keep it), so the versions are recorded by segment set: at open,
    /// after every commit of an ingest, and when first asked. A searcher whose segments match
    /// none (one still open on data older than every recorded state, for the moments after an
    /// ingest's commit) gets generation 0 and no feeds: unknown, never another commit's.
    pub fn version_of(&self, searcher: &tantivy::Searcher) -> Result<Arc<IndexVersion>> {
        let segments = searcher.generation().segments();
        let mut seen = self.versions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, v)) = seen.iter().rev().find(|(s, _)| s == segments) {
            return Ok(v.clone());
        }
        let (on_disk, v) = self.commit_on_disk()?;
        if &on_disk == segments {
            remember_version(&mut seen, on_disk, v.clone());
            return Ok(v);
        }
        tracing::debug!("no recorded index version for a searcher mid-reload");
        Ok(Arc::new(IndexVersion::default()))
    }

    /// The meta file's segments and the version of its commit.
    fn commit_on_disk(&self) -> Result<(SegmentSet, Arc<IndexVersion>)> {
        let meta = self.index.load_metas()?;
        let segments = meta
            .segments
            .iter()
            .map(|s| (s.id(), s.delete_opstamp()))
            .collect();
        let v = IndexVersion::from_commit(meta.opstamp, meta.payload.as_deref());
        Ok((segments, Arc::new(v)))
    }

    /// Records the meta file's state (after a commit, a merge, at open).
    fn note_commit(&self) {
        match self.commit_on_disk() {
            Ok((segments, v)) => {
                let mut seen = self.versions.lock().unwrap_or_else(|p| p.into_inner());
                remember_version(&mut seen, segments, v);
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the index commit"),
        }
    }

    /// Alive record counts per source and kind.
    pub fn counts(&self) -> Result<BTreeMap<String, SourceCounts>> {
        let searcher = self.reader.searcher();
        let mut keys = std::collections::BTreeSet::new();
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(self.fields.source_kind)?;
            let mut stream = inv
                .terms()
                .stream()
                .map_err(|e| Error::Internal(format!("term stream: {e}")))?;
            while stream.advance() {
                keys.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        let mut out: BTreeMap<String, SourceCounts> = BTreeMap::new();
        for k in keys {
            let q = TermQuery::new(
                Term::from_field_text(self.fields.source_kind, &k),
                IndexRecordOption::Basic,
            );
            let n = searcher.search(&q, &Count)? as u64;
            if n == 0 {
                continue;
            }
            let (source, kind) = k.rsplit_once('/').unwrap_or((&k, ""));
            let e = out.entry(source.to_string()).or_default();
            match kind {
                "person" => e.person = n,
                _ => e.document = n,
            }
        }
        Ok(out)
    }

    /// The stored record `source/id` as JSON, if `agency` may see it.
    pub fn record(
        &self,
        source: &str,
        id: &str,
        agency: Option<&str>,
    ) -> Result<serde_json::Value> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(self.fields.key_term(source, id), IndexRecordOption::Basic);
        let top = searcher.search(
            &q,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        let not_found = || Error::NotFound {
            source_code: source.to_string(),
            id: id.to_string(),
        };
        let (_, addr) = top.first().ok_or_else(not_found)?;
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let facts = self.facts(&doc)?;
        if !facts.visible(agency, crate::model::Date::today()) {
            return Err(not_found());
        }
        self.record_json(&doc)
    }

    fn facts<'d>(&self, doc: &'d TantivyDocument) -> Result<crate::index::FactsView<'d>> {
        let text = doc
            .get_first(self.fields.facts)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        crate::index::FactsView::parse(text)
    }

    fn record_json(&self, doc: &TantivyDocument) -> Result<serde_json::Value> {
        let text = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        serde_json::from_str(text)
            .map_err(|e| Error::Internal(format!("corrupt stored record: {e}")))
    }
}

/// A boosted exact-term clause: person candidate queries are made only of these.
fn term_query(
    field: tantivy::schema::Field,
    text: &str,
    boost: f32,
) -> Box<dyn tantivy::query::Query> {
    let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
    Box::new(tantivy::query::BoostQuery::new(Box::new(q), boost))
}

/// Checks an optional ISO 3166-1 alpha-3 code given in a query.
fn check_country(field: &'static str, code: Option<&str>) -> Result<Option<String>> {
    match code {
        Some(c) if crate::feeds::valid_country(c) => Ok(Some(c.to_string())),
        Some(c) => Err(Error::invalid(
            field,
            format!("'{c}' is not an ISO 3166-1 alpha-3 code"),
        )),
        None => Ok(None),
    }
}

/// A requested hit count, `default` when not given, rejecting out-of-range values.
pub fn check_limit(limit: Option<usize>, default: usize) -> Result<usize> {
    match limit {
        None => Ok(default),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(limit_refused(n)),
    }
}

/// The error of a hit count outside `1..=MAX_LIMIT`, naming the value as the caller gave it
/// (a caller reading a signed or fractional number rejects it with this too).
pub fn limit_refused(given: impl std::fmt::Display) -> Error {
    Error::invalid("limit", format!("{given} is outside 1..={MAX_LIMIT}"))
}

/// The error of a score floor outside `0..=1`, naming the value as the caller gave it.
pub fn min_score_refused(given: impl std::fmt::Display) -> Error {
    Error::invalid("min_score", format!("{given} is outside 0..=1"))
}

fn check_min_score(min: Option<f32>) -> Result<f32> {
    match min {
        None => Ok(DEFAULT_MIN_SCORE),
        Some(m) if (0.0..=1.0).contains(&m) => Ok(m),
        Some(m) => Err(min_score_refused(m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index written with an earlier facts layout (its facts fields named `facts2`/`pf2`)
    /// is refused, never read with the new layout.
    #[test]
    fn an_index_of_another_facts_layout_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, _) = Fields::schema();
        let mut old = tantivy::schema::Schema::builder();
        for (_, entry) in schema.fields() {
            let name = match entry.name() {
                crate::index::schema::FACTS_FIELD => "facts2",
                crate::index::schema::PERSON_FACTS_FIELD => "pf2",
                other => other,
            };
            old.add_field(tantivy::schema::FieldEntry::new(
                name.to_string(),
                entry.field_type().clone(),
            ));
        }
        Index::create_in_dir(dir.path(), old.build()).unwrap();
        assert!(matches!(
            Engine::open(dir.path()),
            Err(Error::IncompatibleIndex(_))
        ));
    }
}
