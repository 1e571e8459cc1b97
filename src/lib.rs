//! Frontline: fuzzy person and travel-document search for frontline identity checks.
//!
//! Architecture, from the bottom up:
//! - [`model`]: plain record types (persons, travel documents, partial dates).
//! - [`feeds`]: feeds -> records, with line-numbered validation: JSON Lines and importers of
//!   real lists (OFAC SDN, UN XML, FollowTheMoney, Senzing).
//! - [`normalize`]: the one normalisation pipeline (fold, transliterate, tokens, skeletons,
//!   document numbers) used by both indexing and querying.
//! - [`matching`]: scoring and explanations, no index code.
//! - [`index`]: all tantivy code (schema, atomic writer, stored facts).
//! - [`search`]: the synchronous engine API used by the CLI and the HTTP layer.
//! - [`screening`]: traveller checks (MRZ, typed fields) and passenger-manifest screening
//!   (CSV, JSON, PAXLST) over the engine API, batch work on its own low-priority pool.
//! - [`jobs`]: the one job store and queue model (screening and ingest jobs).
//! - [`admin`]: feed administration: the feed directory, feed status, uploads and ingest
//!   jobs, under both the HTTP layer and the CLI.
//! - [`auth`]: API keys (agency and roles), their store of digests and the local key.
//! - [`api`]: the axum REST service, a thin face over [`search::Engine`]; every `/v1` route
//!   checks the caller's key and role there.
//! - [`console`]: the embedded web console (officer, screening and admin pages) and the
//!   routes serving its assets.
//! - [`audit`]: the durable, hash-chained and HMAC-sealed audit trail of every `/v1` request.
//! - [`metrics`]: the Prometheus metrics' names, buckets and recorder.
//! - [`priority`], [`fsutil`], [`digest`]: thread priorities, the data directory's file
//!   helpers, hex SHA-256 and HMAC.
//! - [`synth`]: deterministic synthetic feeds for samples, benches and evaluation.
//! - [`eval`]: the rerunnable name-matching evaluation (synthetic and OFAC SDN).
//! - `fuzzing` (tests and the `fuzzing` feature only): the fuzz targets' bodies, one per
//!   parser of outside input, shared by `fuzz/` and the corpus replay test.
//!
//! ```no_run
//! use frontline::{feeds::Mode, search::{Engine, PersonQuery}};
//! let engine = Engine::open("/tmp/frontline-index").unwrap();
//! engine.ingest(&["index-data/feeds/INTERPOL.jsonl".into()], Mode::Full).unwrap();
//! let res = engine.search_persons(&PersonQuery::name("Mohamed Alhasan")).unwrap();
//! println!("{} hits", res.hits.len());
//! ```

pub mod admin;
pub mod api;
pub mod audit;
pub mod auth;
pub mod config;
pub mod console;
pub mod digest;
pub mod error;
pub mod eval;
pub mod feeds;
pub mod fsutil;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod index;
pub mod jobs;
pub mod matching;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod priority;
pub mod screening;
pub mod search;
pub mod synth;

pub use error::{Error, LineError, Result};
