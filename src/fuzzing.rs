//! Fuzz-target bodies: one function per parser of outside input, taking the raw bytes and
//! calling the public library functions the way the service does (same order, same
//! validation, the same conversions and serialisation of the answer), so a panic found here
//! is a panic of the service. Each body asserts nothing but "does not panic": most inputs are
//! rejected, and a rejection is a correct answer.
//!
//! The bodies are shared by the cargo-fuzz targets in `fuzz/` (a workspace of its own that
//! turns on the `fuzzing` feature; one target per entry of [`TARGETS`], same name) and by the
//! replay test below, which runs every committed file of `fuzz/corpus/<target>/` under plain
//! `cargo test`. The module is compiled only for tests and with the `fuzzing` feature.
//!
//! | target | input | path through the library |
//! |---|---|---|
//! | `feed_jsonl` | a JSON Lines feed | lines as the index writer reads them -> [`jsonl::parse_line`] -> index document, file checks |
//! | `feed_ofac` | `sdn.csv`, `alt.csv`, `add.csv`, `sdn_comments.csv` joined by [`OFAC_FILE_SEPARATOR`] | [`feeds::import`] of the folder -> index documents |
//! | `feed_un_xml`, `feed_ftm`, `feed_senzing` | one feed file | [`feeds::import`] -> index documents |
//! | `mrz` | MRZ text | [`mrz::parse`] -> traveller, the API's MRZ view, name readings |
//! | `paxlst`, `manifest_csv`, `manifest_json` | a manifest | [`manifest::parse`] -> validation -> screening of the first [`MAX_SCREENED`] travellers -> report |
//! | `api_person_search`, `api_document_check`, `api_traveller_check`, `api_create_key` | a request body | serde_json into the handler's DTO -> what the handler calls -> the answer serialised |
//!
//! Inputs that are not UTF-8 stop where the service stops them (an MRZ arrives in a JSON
//! string or a text file). Today is [`TODAY`], fixed, so an input reproduces on any day.
//!
//! Files: the importers read files and the engine-backed targets search a small index (the
//! test fixtures' records), so a process keeps a scratch folder `frontline-fuzz-<pid>` under
//! the temp dir (`TMPDIR`), one sub-folder per thread. [`remove_scratch`] removes it; a fuzz
//! process is ended by libFuzzer without running destructors, so `fuzz/run.sh` points
//! `TMPDIR` into `fuzz/target/` and empties it after each target.

use crate::api::dto::{
    Alerting, DocumentCheckRequest, DocumentHitDto, HitsResponse, PersonHitDto, PersonSearchRequest,
};
use crate::api::error::ApiError;
use crate::api::keys::{CreateKey, KeyView};
use crate::api::screenings::ScreenResponse;
use crate::api::travellers::{
    limit_of, traveller_of, MrzDto, TravellerCheckRequest, TravellerCheckResponse,
};
use crate::auth::{Identity, KeyStore, Role};
use crate::feeds::jsonl::{self, FileChecker, BOM};
use crate::feeds::{self, FeedOp, Format, Mode, Sink};
use crate::index::schema::Fields;
use crate::model::Date;
use crate::screening::check::{check_traveller, CheckOptions};
use crate::screening::manifest;
use crate::screening::mrz;
use crate::screening::{BatchPool, Traveller};
use crate::search::Engine;
use axum::response::IntoResponse;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A target's body: the input as the parser receives it.
pub type Body = fn(&[u8]);

/// Every target: its name (of the fuzz target and of its corpus folder) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("feed_jsonl", feed_jsonl),
    ("feed_ofac", feed_ofac),
    ("feed_un_xml", feed_un_xml),
    ("feed_ftm", feed_ftm),
    ("feed_senzing", feed_senzing),
    ("mrz", mrz),
    ("paxlst", paxlst),
    ("manifest_csv", manifest_csv),
    ("manifest_json", manifest_json),
    ("api_person_search", api_person_search),
    ("api_document_check", api_document_check),
    ("api_traveller_check", api_traveller_check),
    ("api_create_key", api_create_key),
];

/// The day every target takes as today.
pub const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 2,
};

/// The agency the API and screening targets act for (it sees records shared with it only,
/// so the sharing rules run too).
pub const AGENCY: &str = "EUROPOL";

/// The source the importers import for.
pub const SOURCE: &str = "FUZZ";

/// Separates the four files of an `feed_ofac` input (ASCII record separator), in the order
/// `sdn.csv`, `alt.csv`, `add.csv`, `sdn_comments.csv`; missing ones are empty.
pub const OFAC_FILE_SEPARATOR: u8 = 0x1e;

/// Travellers of a manifest screened (the rest are read and validated only): a screening is
/// [`check_traveller`] in a loop, and the loop adds nothing after a few rounds.
pub const MAX_SCREENED: usize = 8;

/// The index documents built for the writer (a panic while indexing is the service's too).
fn fields() -> Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    *FIELDS.get_or_init(|| Fields::schema().1)
}

// ---- scratch files and the sample engine ------------------------------------------------

fn scratch_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("frontline-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("cannot create the fuzzing scratch folder");
        dir
    })
}

/// This thread's scratch folder.
fn scratch() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static DIR: PathBuf = {
            let dir = scratch_root().join(format!("t{}", NEXT.fetch_add(1, Ordering::Relaxed)));
            std::fs::create_dir_all(&dir).expect("cannot create the fuzzing scratch folder");
            dir
        };
    }
    DIR.with(PathBuf::clone)
}

/// Removes this process's scratch folder (the sample engine's index included: call it last).
pub fn remove_scratch() {
    let _ = std::fs::remove_dir_all(scratch_root());
}

/// The feeds of the sample engine: the test fixtures (persons, listed documents, records
/// shared with some agencies only, an expired record).
const FIXTURES: [(&str, &str); 3] = [
    (
        "INTERPOL.jsonl",
        include_str!("../tests/fixtures/INTERPOL.jsonl"),
    ),
    (
        "EUROPOL.jsonl",
        include_str!("../tests/fixtures/EUROPOL.jsonl"),
    ),
    (
        "FRONTEX.jsonl",
        include_str!("../tests/fixtures/FRONTEX.jsonl"),
    ),
];

/// An engine over the fixtures, built once per process in the scratch folder.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = scratch_root().join("engine");
        std::fs::create_dir_all(&dir).expect("cannot create the sample engine's folder");
        let feeds: Vec<PathBuf> = FIXTURES
            .iter()
            .map(|(name, text)| {
                let path = dir.join(name);
                std::fs::write(&path, text).expect("cannot write a sample feed");
                path
            })
            .collect();
        let engine = Engine::open(dir.join("index")).expect("cannot open the sample index");
        engine
            .ingest(&feeds, Mode::Full)
            .expect("the fixtures are valid feeds");
        engine
    })
}

/// The screening pool: one thread, as small as a pool gets.
fn pool() -> &'static BatchPool {
    static POOL: OnceLock<BatchPool> = OnceLock::new();
    POOL.get_or_init(|| BatchPool::new(1, 0).expect("cannot start the screening pool"))
}

/// An engine error as the API answers it.
fn api_error(e: crate::Error) {
    let _ = ApiError::from(e).into_response();
}

// ---- feeds ------------------------------------------------------------------------------

/// What the index writer does with an importer's entries, minus the index: each valid
/// record becomes its index document, and the file-level checks run.
struct Apply {
    checker: FileChecker,
}

impl Sink for Apply {
    fn op(&mut self, line: usize, op: Result<FeedOp, String>) -> crate::Result<()> {
        if let Ok(op) = op {
            if let FeedOp::Upsert(r) = &op {
                let _ = fields().document(r);
            }
            if op.source() == SOURCE {
                let _ = self.checker.check(line, &op);
            }
        }
        Ok(())
    }

    fn warning(&mut self, _line: usize, _message: String) {}
}

fn import(format: Format, path: &Path) {
    let mut sink = Apply {
        checker: FileChecker::default(),
    };
    if let Err(e) = feeds::import(format, path, SOURCE, &mut sink) {
        let _ = e.to_string();
    }
}

/// Writes a scratch file afresh: rewriting a file in place (truncating it) makes ext4 write
/// it back to disk on close, which slows a target down twentyfold.
fn write_scratch(path: &Path, data: &[u8]) {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, data).expect("cannot write a scratch file");
}

fn import_file(format: Format, name: &str, data: &[u8]) {
    let path = scratch().join(name);
    write_scratch(&path, data);
    import(format, &path);
}

/// A JSON Lines feed, line by line as the index writer reads it (a byte-order mark skipped,
/// blank lines skipped, a line that is not UTF-8 rejected, trailing white space trimmed).
pub fn feed_jsonl(data: &[u8]) {
    let mut checker = FileChecker::default();
    for (i, raw) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        let line = match i {
            0 => raw.strip_prefix(BOM.as_bytes()).unwrap_or(raw),
            _ => raw,
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        if let Ok(op) = jsonl::parse_line(text.trim_end()) {
            if let FeedOp::Upsert(r) = &op {
                let _ = fields().document(r);
            }
            let _ = checker.check(i + 1, &op);
        }
    }
}

/// An OFAC SDN folder: the input's four parts (see [`OFAC_FILE_SEPARATOR`]) as its files.
pub fn feed_ofac(data: &[u8]) {
    let dir = scratch().join("ofac");
    std::fs::create_dir_all(&dir).expect("cannot create the scratch feed folder");
    let mut parts = data.splitn(4, |&b| b == OFAC_FILE_SEPARATOR);
    for name in ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"] {
        write_scratch(&dir.join(name), parts.next().unwrap_or_default());
    }
    import(Format::OfacSdn, &dir);
}

/// A UN consolidated list (XML).
pub fn feed_un_xml(data: &[u8]) {
    import_file(Format::UnXml, "un.xml", data);
}

/// FollowTheMoney entities (JSON Lines).
pub fn feed_ftm(data: &[u8]) {
    import_file(Format::Ftm, "entities.ftm.json", data);
}

/// Senzing JSON (an array or JSON Lines).
pub fn feed_senzing(data: &[u8]) {
    import_file(Format::Senzing, "senzing.json", data);
}

// ---- screening --------------------------------------------------------------------------

/// An MRZ as a scanner sends it: parsed, then turned into what a traveller check uses and
/// shows.
pub fn mrz(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = mrz::looks_like_mrz(text);
    match mrz::parse(text, TODAY.into()) {
        Ok(m) => {
            let t = Traveller::from_mrz(&m);
            let _ = t.name();
            let _ = m.name_readings();
            let _ = m.failed_checks();
            let _ = serde_json::to_vec(&t);
            let _ = serde_json::to_vec(&MrzDto::new(&m, TODAY));
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// A manifest read, validated and (its first [`MAX_SCREENED`] travellers) screened, the
/// answer built as `POST /v1/manifests/screen` builds it.
fn screen_manifest(format: manifest::Format, data: &[u8]) {
    let m = match manifest::parse(format, data, TODAY) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let mut travellers = m.validate(TODAY);
    travellers.truncate(MAX_SCREENED);
    let opts = CheckOptions::screening(Some(AGENCY.into()));
    match pool().screen_all(engine(), &travellers, &opts) {
        Ok(screened) => {
            let _ = serde_json::to_vec(&ScreenResponse::new(m.voyage, m.warnings, &screened, 0.0));
        }
        Err(e) => api_error(e),
    }
}

/// A UN/EDIFACT PAXLST manifest.
pub fn paxlst(data: &[u8]) {
    screen_manifest(manifest::Format::Paxlst, data);
}

/// A CSV manifest.
pub fn manifest_csv(data: &[u8]) {
    screen_manifest(manifest::Format::Csv, data);
}

/// A JSON manifest.
pub fn manifest_json(data: &[u8]) {
    screen_manifest(manifest::Format::Json, data);
}

// ---- API request bodies -----------------------------------------------------------------

/// A search's answer as the handlers send it: `{"hits": [DTO...]}`, or the API error.
fn hits_answer<H, D: From<H> + serde::Serialize + Alerting>(res: crate::Result<Vec<H>>) {
    match res {
        Ok(hits) => {
            let hits: Vec<D> = hits.into_iter().map(Into::into).collect();
            let _ = serde_json::to_vec(&HitsResponse::new(hits, Default::default(), 0.0));
        }
        Err(e) => api_error(e),
    }
}

/// `POST /v1/persons/search`.
pub fn api_person_search(data: &[u8]) {
    let Ok(req) = serde_json::from_slice::<PersonSearchRequest>(data) else {
        return;
    };
    let res = req
        .into_query(Some(AGENCY.into()))
        .and_then(|q| engine().search_persons(&q));
    hits_answer::<_, PersonHitDto>(res.map(|r| r.hits));
}

/// `POST /v1/documents/check`.
pub fn api_document_check(data: &[u8]) {
    let Ok(req) = serde_json::from_slice::<DocumentCheckRequest>(data) else {
        return;
    };
    let res = req
        .into_query(Some(AGENCY.into()))
        .and_then(|q| engine().check_document(&q));
    hits_answer::<_, DocumentHitDto>(res.map(|r| r.hits));
}

/// `POST /v1/travellers/check`, by MRZ or by typed fields.
pub fn api_traveller_check(data: &[u8]) {
    let Ok(req) = serde_json::from_slice::<TravellerCheckRequest>(data) else {
        return;
    };
    let Ok(limit) = limit_of(req.limit.clone()) else {
        return;
    };
    let (traveller, mrz) = match traveller_of(req, TODAY) {
        Ok(read) => read,
        Err(e) => {
            let _ = e.into_response();
            return;
        }
    };
    let opts = CheckOptions {
        limit,
        agency: Some(AGENCY.into()),
        explain: true,
    };
    let _ = traveller.name();
    match check_traveller(engine(), &traveller, &opts) {
        Ok(res) => {
            let _ = serde_json::to_vec(&TravellerCheckResponse::new(
                traveller, mrz, res, TODAY, 0.0,
            ));
        }
        Err(e) => api_error(e),
    }
}

/// `POST /v1/admin/keys` by the local operator (who may create keys for any agency): the key
/// is created in a scratch key store, which is emptied again.
pub fn api_create_key(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<CreateKey>(data) else {
        return;
    };
    let caller = Identity {
        key_id: "0".repeat(crate::auth::key::ID_HEX),
        agency: crate::auth::local::LOCAL_AGENCY.into(),
        roles: vec![Role::Admin],
    };
    if !caller.manages(&body.agency) {
        return;
    }
    let dir = scratch().join("keys");
    std::fs::create_dir_all(&dir).expect("cannot create the scratch key folder");
    let store = KeyStore::open(&dir).expect("cannot open the scratch key store");
    match store.create(&body.agency, &body.roles, body.label.as_deref()) {
        Ok((record, key)) => {
            let _ = serde_json::json!({"key": key, "record": KeyView::from(record)}).to_string();
        }
        Err(e) => api_error(e),
    }
    let _ = std::fs::remove_file(dir.join(crate::auth::store::KEYS_FILE));
}

#[cfg(test)]
mod tests {
    //! The committed corpus replays without a panic (one test: it removes the scratch folder,
    //! the sample engine's included, when done); every target has its fuzz target and its
    //! corpus.

    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    fn fuzz_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
    }

    fn corpus(target: &str) -> Vec<PathBuf> {
        let dir = fuzz_dir().join("corpus").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn committed_corpus_replays_without_panic() {
        // the sample engine holds its records, else the engine-backed targets search nothing
        let q = crate::search::PersonQuery::name("Mohammed Al-Hassan");
        let hits = engine().search_persons(&q).unwrap().hits;
        assert!(hits.iter().any(|h| h.id == "P1"), "{hits:?}");
        let started = std::time::Instant::now();
        let mut failures = Vec::new();
        let mut replayed = 0;
        for (name, body) in TARGETS {
            for file in corpus(name) {
                let data = std::fs::read(&file).unwrap();
                if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
                    failures.push(file.display().to_string());
                }
                replayed += 1;
            }
        }
        remove_scratch();
        eprintln!(
            "replayed {replayed} corpus files in {:?}",
            started.elapsed()
        );
        assert!(failures.is_empty(), "panicked on: {failures:#?}");
    }

    #[test]
    fn every_target_has_its_fuzz_target_and_a_corpus() {
        for (name, _) in TARGETS {
            let target = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
            assert!(target.is_file(), "{} is missing", target.display());
            assert!(!corpus(name).is_empty(), "the corpus of {name} is empty");
        }
        for entry in std::fs::read_dir(fuzz_dir().join("corpus")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                TARGETS.iter().any(|(t, _)| *t == name),
                "fuzz/corpus/{name} belongs to no target"
            );
        }
    }
}
