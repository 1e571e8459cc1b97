//! The data directory's index as the commands open it: `ingest` creates it when there is
//! none; every command that only reads it (`search`, `check-doc`, `screen`, `mrz`,
//! `feeds status`) refuses a data directory without one, naming the directory and how to
//! build an index, instead of creating an empty index and finding nothing.

use anyhow::Context;
use frontline::config::Config;
use frontline::search::Engine;
use std::path::{Path, PathBuf};

/// The file every index has (tantivy's list of segments).
const INDEX_META: &str = "meta.json";

/// A command that needs an index was given a data directory without one (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error(
    "no index in {data_dir} (there is no {index}): build one with \
     `frontline --data-dir {data_dir} ingest FEED.jsonl...`, or start \
     `frontline --data-dir {data_dir} serve`, which ingests {data_dir}/feeds into an empty \
     index; or give the --data-dir of an existing index",
    data_dir = .data_dir.display(),
    index = .index_dir.join(INDEX_META).display()
)]
pub struct NoIndex {
    pub data_dir: PathBuf,
    pub index_dir: PathBuf,
}

/// The index directory of `data_dir`.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    Config {
        data_dir: data_dir.to_path_buf(),
        ..Config::default()
    }
    .index_dir()
}

/// Opens the index of `data_dir`, creating an empty one if there is none (for `ingest`).
pub fn open_or_create(data_dir: &Path) -> anyhow::Result<Engine> {
    let dir = index_dir(data_dir);
    Engine::open(&dir).with_context(|| format!("opening the index in {}", dir.display()))
}

/// Opens the existing index of `data_dir`; [`NoIndex`] when there is none (nothing is
/// created).
pub fn open_existing(data_dir: &Path) -> anyhow::Result<Engine> {
    let dir = index_dir(data_dir);
    if !dir.join(INDEX_META).is_file() {
        return Err(NoIndex {
            data_dir: data_dir.to_path_buf(),
            index_dir: dir,
        }
        .into());
    }
    open_or_create(data_dir)
}
