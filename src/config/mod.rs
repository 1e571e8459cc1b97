//! Service configuration: one struct, every field with its default ([`Config`]), and the
//! `frontline.toml` file with its environment overrides that set it ([`file`]), and the list
//! of its keys ([`keys`]).

pub mod file;
pub mod keys;

pub use file::{ConfigError, FileConfig, LogFormat};

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
    /// Longest a request waits for a search slot before 503. Default 1 s.
    pub queue_timeout: Duration,
    /// Requests waiting for a search slot at once; one more is answered 503 at once (overload
    /// answers quickly, not after a long wait). Default 16 times `max_concurrent_searches`.
    pub max_queued_searches: usize,
    /// A connection must send a request's headers within this time of being ready for one
    /// (so also an idle keep-alive connection is closed after it). Default 10 s.
    pub header_timeout: Duration,
    /// Connections open at once; one more is closed at once. Default: the process's file
    /// descriptor limit less 512 (for the index, the stores and the audit log), at most 20,000.
    pub max_connections: usize,
    /// The last connections under the cap answer only `/healthz` and `/readyz`. Default 16.
    pub health_reserve: usize,
    /// Ingest `data_dir/feeds/*.jsonl` when the index is empty at start. Default true.
    pub bootstrap_samples: bool,
    /// Serve on a non-loopback address over plain HTTP with only the local key (see
    /// [`crate::api::server::serve`]). Default false.
    pub insecure: bool,
    /// Most travellers `POST /v1/manifests/screen` screens in one call; larger manifests go
    /// to `POST /v1/screenings`. Default [`MAX_SYNC_TRAVELLERS`].
    pub max_sync_travellers: usize,
    /// Largest body of `POST /v1/manifests/screen`. Default 2 MiB (1,000 PAXLST travellers
    /// take about 0.4 MiB).
    pub max_manifest_bytes: usize,
    /// Largest body of `POST /v1/screenings`. Default 64 MiB (about 150,000 travellers).
    pub max_screening_bytes: usize,
    /// Threads of the screening pool. Default: the number of cores.
    pub batch_threads: usize,
    /// Scheduling priority (nice value, 0..=19) of the screening pool's threads, so that
    /// officers' single queries win over batch work. Default 10.
    pub batch_nice: i32,
    /// Scheduling priority (nice value, 0..=19) of feed ingests run by the service (their
    /// parsing, indexing and merge threads), so that officers' queries keep their latency
    /// while a source is re-ingested. Default 10.
    pub ingest_nice: i32,
    /// Screening jobs queued or running at once; more are refused with 429. Default 4.
    pub max_pending_jobs: usize,
    /// Finished jobs and their results are removed this long after they were created.
    /// Default 24 h.
    pub job_retention: Duration,
    /// Largest feed accepted by `POST /v1/admin/feeds/{source}/ingest` (streamed to disk, so
    /// memory does not grow with it). Default 4 GiB.
    pub max_feed_bytes: u64,
    /// An upload that sends nothing for this long is dropped. Default 60 s.
    pub upload_idle_timeout: Duration,
    /// How often scheduled feed refreshes are looked for. Default 30 s.
    pub refresh_tick: Duration,
    /// Requests per second per API key by role and per client IP (see
    /// [`crate::api::limits`]). Default officer 100, screener 20, admin 20, IP 500.
    pub rate_limits: crate::api::limits::Rates,
    /// TLS: the PEM certificate chain and private key (both or neither); reloaded on SIGHUP.
    /// Default none (plain HTTP).
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// `/readyz` (it tells the record counts per source) needs a valid API key, of any role.
    /// Default false (open, like `/healthz`, which always is).
    pub readyz_needs_key: bool,
    /// Record requests in the audit log. Default true; off only to measure what the log costs,
    /// and refused beyond loopback (see [`crate::api::server::serve`]).
    pub audit: bool,
    /// The key sealing the audit log; kept apart from the log (`audit/`). Default
    /// `data_dir/audit.key`, created on first start.
    pub audit_key: Option<PathBuf>,
    /// Whether the audit log keeps queries as sent or only their keyed digests. Default plain.
    pub audit_query: crate::audit::QueryMode,
    /// Answer requests although their audit line could not be written (logged as an error).
    /// Default false: such requests get 503.
    pub audit_fail_open: bool,
    /// An audit file grows to about this size before the log goes on in a new one. Default
    /// 64 MiB.
    pub audit_rotate_bytes: u64,
    /// The service's log on stderr: text lines or JSON objects. Default text.
    pub log_format: LogFormat,
    /// What is logged: a `tracing` filter (`info`, `frontline=debug,tantivy=warn`); `RUST_LOG`,
    /// when set, wins. Default `info`.
    pub log_level: String,
}

/// Default of [`Config::max_sync_travellers`].
pub const MAX_SYNC_TRAVELLERS: usize = 1000;

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("index-data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(10),
            max_concurrent_searches: 2 * std::thread::available_parallelism()
                .map_or(2, |n| n.get()),
            queue_timeout: Duration::from_secs(1),
            max_queued_searches: 32 * std::thread::available_parallelism().map_or(2, |n| n.get()),
            header_timeout: Duration::from_secs(10),
            max_connections: default_max_connections(),
            health_reserve: 16,
            bootstrap_samples: true,
            insecure: false,
            max_sync_travellers: MAX_SYNC_TRAVELLERS,
            max_manifest_bytes: 2 << 20,
            max_screening_bytes: 64 << 20,
            batch_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            batch_nice: 10,
            ingest_nice: 10,
            max_pending_jobs: 4,
            job_retention: Duration::from_secs(24 * 3600),
            max_feed_bytes: 4 << 30,
            upload_idle_timeout: Duration::from_secs(60),
            refresh_tick: Duration::from_secs(30),
            rate_limits: crate::api::limits::Rates::default(),
            tls_cert: None,
            tls_key: None,
            readyz_needs_key: false,
            audit: true,
            audit_key: None,
            audit_query: crate::audit::QueryMode::Plain,
            audit_fail_open: false,
            audit_rotate_bytes: 64 << 20,
            log_format: LogFormat::Text,
            log_level: "info".to_string(),
        }
    }
}

/// The default of [`Config::max_connections`].
fn default_max_connections() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given
    let soft = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        limit.rlim_cur as usize
    } else {
        1024
    };
    soft.saturating_sub(512).clamp(64, 20_000)
}

impl Config {
    /// The index directory inside the data directory.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The job store inside the data directory.
    pub fn jobs_dir(&self) -> PathBuf {
        self.data_dir.join("jobs")
    }

    /// The audit key file.
    pub fn audit_key_path(&self) -> PathBuf {
        self.audit_key
            .clone()
            .unwrap_or_else(|| crate::audit::default_key_path(&self.data_dir))
    }

    /// The sample feeds directory inside the data directory.
    pub fn feeds_dir(&self) -> PathBuf {
        self.data_dir.join("feeds")
    }
}
