//! Feed administration, under the HTTP layer and the CLI: the feed directory ([`layout`]),
//! what is known of each source ([`status`]), and ingest jobs.
//!
//! Every ingest (an upload, a reload of one configured source or of all, a scheduled refresh)
//! is a job of kind `ingest` in the one job store ([`crate::jobs`]), run by an ingest queue of
//! its own: first in, first out, one at a time, behind the index's single writer. A source has
//! at most one ingest queued or running; a second is refused with [`Error::IngestRunning`].

pub mod layout;
pub mod status;
pub mod upload;

use crate::feeds::Mode;
use crate::index::writer::{checksum, Feed, IngestOptions, IngestProgress};
use crate::index::IngestReport;
use crate::jobs::store::{now_rfc3339, now_unix, rfc3339};
use crate::jobs::{JobKind, JobOutcome, JobQueue, JobRecord, JobStatus, JobStore, Progress, Work};
use crate::search::{Engine, SourceCounts};
use crate::{Error, Result};
use layout::{Layout, SourceEntry};
use serde::Serialize;
use status::{LastCheck, LastFailure, LastIngest, SourceStatus, StatusStore};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Ingests queued or running at once (one per source; the rest are refused with 429).
pub const MAX_PENDING_INGESTS: usize = 64;
/// Folder of the data directory where uploaded feeds wait for their job.
pub const UPLOADS_DIR: &str = "uploads";

/// How an ingest was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A feed sent in the request body.
    Upload,
    /// A configured source read from its location.
    Reload,
    /// A scheduled refresh that found the feed changed.
    Refresh,
}

/// One ingest to run.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// The feed, with its source set.
    pub feed: Feed,
    pub options: IngestOptions,
    pub origin: Origin,
}

impl IngestRequest {
    fn source(&self) -> &str {
        self.feed.source.as_deref().unwrap_or_default()
    }
}

/// One source as `GET /v1/admin/feeds` shows it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct FeedView {
    pub source: String,
    /// Alive records by kind.
    pub records: SourceCounts,
    /// Where the feed is configured, if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configured: Option<SourceEntry>,
    #[serde(flatten)]
    pub status: SourceStatus,
    /// The queued or running ingest, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_job: Option<JobRecord>,
    /// When the next scheduled refresh is due (RFC 3339 UTC), for sources with a refresh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_refresh: Option<String>,
}

/// `GET /v1/admin/feeds`.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct FeedsReport {
    #[schema(value_type = String)]
    pub feed_dir: PathBuf,
    pub sources: Vec<FeedView>,
    /// Entries of the feed directory that are not a feed.
    pub problems: Vec<String>,
}

/// What `reload_all` did per source.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct ReloadAll {
    /// Jobs queued, one per source.
    pub queued: Vec<JobRecord>,
    /// Sources not queued, with the reason (an ingest already pending, ...).
    pub skipped: Vec<Skipped>,
}

/// A source `reload_all` did not queue.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
}

/// Feed administration over one data directory.
pub struct FeedAdmin {
    feeds_dir: PathBuf,
    uploads_dir: PathBuf,
    status: Arc<StatusStore>,
    queue: Arc<JobQueue>,
}

impl FeedAdmin {
    /// Opens the feed status of `data_dir` and starts the ingest queue over `store`. Ingest
    /// jobs a previous process left pending (the store marked them interrupted) are recorded
    /// as the last failure of their source; uploads they left behind are deleted. Ingests run
    /// at scheduling priority `nice` ([`crate::config::Config::ingest_nice`]).
    pub fn open(
        data_dir: &Path,
        feeds_dir: PathBuf,
        store: Arc<JobStore>,
        nice: i32,
    ) -> Result<FeedAdmin> {
        let status = Arc::new(StatusStore::open(data_dir)?);
        let uploads_dir = data_dir.join(UPLOADS_DIR);
        if uploads_dir.exists() {
            std::fs::remove_dir_all(&uploads_dir).map_err(|source| Error::Io {
                path: uploads_dir.clone(),
                source,
            })?;
        }
        // the newest interrupted job of each source, unless something later was recorded
        let mut newest: BTreeMap<String, JobRecord> = BTreeMap::new();
        for job in store.list_of(JobKind::Ingest, usize::MAX) {
            if let (JobStatus::Interrupted, Some(source)) = (job.status, job.key.clone()) {
                newest.entry(source).or_insert(job);
            }
        }
        for (source, job) in newest {
            let known = status.get(&source);
            let failure_recorded = known
                .last_failure
                .as_ref()
                .is_some_and(|f| f.job_id == job.id);
            // one ingest per source at a time: a success in the very second the job was
            // created came before it, so only a strictly later one supersedes it
            let later_success = known
                .last_success
                .as_ref()
                .is_some_and(|s| s.finished_at > job.created_at);
            if !failure_recorded && !later_success {
                status.update(&source, |s| {
                    s.last_failure = Some(LastFailure {
                        job_id: job.id.clone(),
                        at: job.finished_at.clone().unwrap_or_else(now_rfc3339),
                        status: "interrupted".into(),
                        reason: "the service stopped during the ingest; the index holds the \
                                 state before it"
                            .into(),
                    })
                })?;
            }
        }
        let queue = JobQueue::start(store, MAX_PENDING_INGESTS, nice)?;
        Ok(FeedAdmin {
            feeds_dir,
            uploads_dir,
            status,
            queue,
        })
    }

    /// The feed directory as it is now.
    pub fn layout(&self) -> Result<Layout> {
        Layout::scan(&self.feeds_dir)
    }

    /// The job store.
    pub fn store(&self) -> &Arc<JobStore> {
        self.queue.store()
    }

    /// A fresh path in the uploads folder for a feed about to be received.
    pub fn upload_path(&self, name: &str) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.uploads_dir).map_err(|source| Error::Io {
            path: self.uploads_dir.clone(),
            source,
        })?;
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(self.uploads_dir.join(format!("{stamp:x}-{name}")))
    }

    /// Records a feed refused before it became a job (e.g. an upload that is not UTF-8).
    pub fn record_refusal(&self, source: &str, reason: &str) -> Result<()> {
        self.status.update(source, |s| {
            s.last_failure = Some(LastFailure {
                job_id: String::new(),
                at: now_rfc3339(),
                status: "rejected".into(),
                reason: reason.to_string(),
            })
        })
    }

    /// Queues an ingest. An uploaded feed's file is deleted when its job ends.
    pub fn submit(&self, engine: Arc<Engine>, req: IngestRequest) -> Result<JobRecord> {
        let source = req.source().to_string();
        let params = serde_json::json!({
            "source": source,
            "format": req.feed.format,
            "mode": req.options.mode,
            "force": req.options.force,
            "origin": req.origin,
            "path": match req.origin {
                Origin::Upload => serde_json::Value::Null,
                _ => serde_json::json!(req.feed.path),
            },
        });
        let status = self.status.clone();
        let work: Work = Box::new(move |ctx| run(&engine, &status, ctx.id(), &req, ctx));
        self.queue
            .submit_keyed(JobKind::Ingest, Some(&source), 0, params, work)
    }

    /// Queues a reload of configured source `source` from its location.
    pub fn reload(&self, engine: Arc<Engine>, source: &str, force: bool) -> Result<JobRecord> {
        let layout = self.layout()?;
        let entry = layout.source(source)?;
        self.submit(engine, reload_request(entry, force, Origin::Reload))
    }

    /// Queues a reload of every configured source, in source-code order.
    pub fn reload_all(&self, engine: Arc<Engine>, force: bool) -> Result<ReloadAll> {
        let layout = self.layout()?;
        let mut out = ReloadAll {
            queued: Vec::new(),
            skipped: Vec::new(),
        };
        for entry in layout.sources.values() {
            match self.submit(engine.clone(), reload_request(entry, force, Origin::Reload)) {
                Ok(job) => out.queued.push(job),
                Err(Error::IngestRunning { job_id, .. }) => out.skipped.push(Skipped {
                    source: entry.source.clone(),
                    reason: "an ingest of this source is already queued or running".into(),
                    job_id: Some(job_id),
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Every source in the index or the feed directory, with its status.
    pub fn feeds(&self, engine: &Engine) -> Result<FeedsReport> {
        let layout = self.layout()?;
        let counts = engine.counts()?;
        let statuses = self.status.all();
        let mut sources: Vec<String> = counts.keys().cloned().collect();
        sources.extend(layout.sources.keys().cloned());
        sources.extend(statuses.keys().cloned());
        sources.sort();
        sources.dedup();
        let views = sources
            .into_iter()
            .map(|source| {
                let configured = layout.sources.get(&source).cloned();
                let status = statuses.get(&source).cloned().unwrap_or_default();
                let next_refresh = configured
                    .as_ref()
                    .and_then(|c| c.refresh)
                    .map(|every| rfc3339(next_due(&status, every.as_secs())));
                FeedView {
                    records: counts.get(&source).cloned().unwrap_or_default(),
                    running_job: self.store().pending_with_key(JobKind::Ingest, &source),
                    configured,
                    status,
                    next_refresh,
                    source,
                }
            })
            .collect();
        Ok(FeedsReport {
            feed_dir: layout.dir,
            sources: views,
            problems: layout.problems,
        })
    }

    /// Looks at every source with a refresh interval whose refresh is due: an unchanged feed
    /// (same checksum as its last successful ingest) is recorded as such and left alone; a
    /// changed one is queued for a full reload. Returns the jobs queued.
    pub fn refresh_due(&self, engine: &Arc<Engine>) -> Result<Vec<JobRecord>> {
        let layout = self.layout()?;
        let mut queued = Vec::new();
        for entry in layout.sources.values() {
            let Some(every) = entry.refresh else { continue };
            let status = self.status.get(&entry.source);
            let now = now_unix();
            if next_due(&status, every.as_secs()) > now
                || self
                    .store()
                    .pending_with_key(JobKind::Ingest, &entry.source)
                    .is_some()
            {
                continue;
            }
            let outcome = match checksum(&entry.path) {
                Ok((_, sum))
                    if status.last_success.as_ref().map(|s| s.checksum.as_str())
                        == Some(sum.as_str()) =>
                {
                    "unchanged".to_string()
                }
                Ok(_) => {
                    match self.submit(
                        engine.clone(),
                        reload_request(entry, false, Origin::Refresh),
                    ) {
                        Ok(job) => {
                            let o = format!("changed: reload queued as job {}", job.id);
                            queued.push(job);
                            o
                        }
                        Err(e) => format!("changed, but the reload could not be queued: {e}"),
                    }
                }
                Err(e) => format!("cannot read the feed: {e}"),
            };
            tracing::info!(source = %entry.source, outcome = %outcome, "scheduled feed check");
            self.status.update(&entry.source, |s| {
                s.last_check = Some(LastCheck {
                    at: rfc3339(now),
                    at_unix: now,
                    outcome,
                })
            })?;
        }
        Ok(queued)
    }
}

/// When a source's next scheduled check is due (Unix seconds): one interval after its last
/// check, or now if it was never checked.
fn next_due(status: &SourceStatus, every_secs: u64) -> u64 {
    status
        .last_check
        .as_ref()
        .map_or_else(now_unix, |c| c.at_unix + every_secs)
}

fn reload_request(entry: &SourceEntry, force: bool, origin: Origin) -> IngestRequest {
    IngestRequest {
        feed: entry.feed(),
        options: IngestOptions {
            mode: Mode::Full,
            max_removal_share: entry.max_removal_share,
            force,
        },
        origin,
    }
}

/// The summary of a finished ingest job.
#[derive(Serialize)]
struct Summary<'a> {
    #[serde(flatten)]
    report: &'a IngestReport,
    /// The source's alive records by kind after the ingest.
    records: SourceCounts,
}

/// The work of one ingest job: runs the feed into the index, records progress in the job and
/// the outcome in the feed status.
fn run(
    engine: &Engine,
    status: &StatusStore,
    job_id: &str,
    req: &IngestRequest,
    ctx: &crate::jobs::JobContext,
) -> Result<JobOutcome> {
    let source = req.source().to_string();
    let mut on_progress = |p: &IngestProgress| {
        let counters = BTreeMap::from([
            ("bytes_read".to_string(), p.bytes_read),
            ("lines_read".to_string(), p.lines_read),
            ("accepted".to_string(), p.accepted),
            ("rejected".to_string(), p.rejected),
        ]);
        let progress = Progress {
            done: p.lines_read,
            total: 0,
            counters,
        };
        if let Err(e) = ctx.progress(progress, 0) {
            tracing::warn!(job = job_id, error = %e, "cannot record ingest progress");
        }
    };
    let mut report = None;
    let res = engine.ingest_feeds(
        std::slice::from_ref(&req.feed),
        &req.options,
        &mut on_progress,
        &mut |r| report = Some(r.clone()),
    );
    if req.origin == Origin::Upload {
        upload::discard(&req.feed.path);
    }
    let fail = |kind: &str, reason: String| {
        status.update(&source, |s| {
            s.last_failure = Some(LastFailure {
                job_id: job_id.to_string(),
                at: now_rfc3339(),
                status: kind.to_string(),
                reason,
            })
        })
    };
    match res {
        Ok(()) => {
            let report = report.ok_or_else(|| Error::Internal("ingest without report".into()))?;
            let records = engine.counts()?.remove(&source).unwrap_or_default();
            status.update(&source, |s| {
                s.last_success = Some(LastIngest::of(job_id, &report))
            })?;
            let summary = serde_json::to_value(Summary {
                report: &report,
                records,
            })
            .map_err(|e| Error::Internal(format!("ingest summary: {e}")))?;
            Ok(JobOutcome::Done(summary))
        }
        Err(Error::FeedRejected { errors, total, .. }) => {
            let reason = format!("{total} invalid entries; nothing was applied");
            fail("rejected", reason.clone())?;
            let detail = serde_json::json!({"total_errors": total, "errors": errors});
            Ok(JobOutcome::Rejected(reason, Some(detail)))
        }
        Err(e @ Error::TooManyRemovals { .. }) => {
            let reason = e.to_string();
            fail("rejected", reason.clone())?;
            Ok(JobOutcome::Rejected(reason, None))
        }
        Err(e) => {
            let reason = if e.is_user_error() {
                e.to_string()
            } else {
                "internal error; see the server log".into()
            };
            fail("failed", reason)?;
            Err(e)
        }
    }
}
