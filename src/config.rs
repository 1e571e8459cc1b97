//! Service configuration: one struct, every field with its default.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How `frontline serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Data directory: sample feeds in `feeds/`, the index in `index/`. Default `index-data`.
    pub data_dir: PathBuf,
    /// Listen address. Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// Largest accepted request body. Default 64 KiB.
    pub max_body_bytes: usize,
    /// A request taking longer is answered 408. Default 10 s.
    pub request_timeout: Duration,
    /// Searches running at once on the blocking pool; more wait their turn (FIFO). Default:
    /// twice the number of cores (search is CPU-bound: more threads only add switching).
    pub max_concurrent_searches: usize,
    /// Longest a request waits for a search slot before 503. Default 2 s.
    pub queue_timeout: Duration,
    /// Ingest `data_dir/feeds/*.jsonl` when the index is empty at start. Default true.
    pub bootstrap_samples: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("index-data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(10),
            max_concurrent_searches: 2 * std::thread::available_parallelism()
                .map_or(2, |n| n.get()),
            queue_timeout: Duration::from_secs(2),
            bootstrap_samples: true,
        }
    }
}

impl Config {
    /// The index directory inside the data directory.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The sample feeds directory inside the data directory.
    pub fn feeds_dir(&self) -> PathBuf {
        self.data_dir.join("feeds")
    }
}
