//! The job queue: submitted work runs first in, first out on one worker thread (batch work
//! has its own bounded pool inside; one job at a time keeps a large job from starving the
//! ones behind it of memory). At most `max_pending` jobs may be queued or running; past that,
//! [`JobQueue::submit`] refuses with [`Error::TooManyJobs`].

use super::store::{now_rfc3339, JobKind, JobRecord, JobStatus, JobStore, Progress, ResultsWriter};
use crate::{Error, Result};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// How a job's work ended.
pub enum JobOutcome {
    /// Done; the summary goes into the record.
    Done(serde_json::Value),
    /// The input was refused as a whole: why, and the detail (e.g. every bad line).
    Rejected(String, Option<serde_json::Value>),
}

/// A job's work: runs once on the worker thread.
pub type Work = Box<dyn FnOnce(&JobContext) -> Result<JobOutcome> + Send>;

/// What a running job sees of its record.
pub struct JobContext {
    id: String,
    store: Arc<JobStore>,
    cancel: Arc<AtomicBool>,
}

impl JobContext {
    /// The job's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// True once cancellation was asked for; the work should stop at its next chunk.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Records progress.
    pub fn progress(&self, progress: Progress, results: u64) -> Result<()> {
        self.store
            .update(&self.id, |r| {
                r.progress = progress;
                r.results = results;
            })
            .map(|_| ())
    }

    /// A writer for the job's results.
    pub fn results(&self) -> Result<ResultsWriter> {
        self.store.results_writer(&self.id)
    }
}

struct Task {
    id: String,
    work: Work,
    cancel: Arc<AtomicBool>,
}

/// Runs jobs one at a time in submission order.
pub struct JobQueue {
    store: Arc<JobStore>,
    tx: Mutex<mpsc::Sender<Task>>,
    cancels: Mutex<HashMap<String, Arc<AtomicBool>>>,
    max_pending: usize,
    /// Serialises the pending-count check with the creation of a job.
    admit: Mutex<()>,
}

impl JobQueue {
    /// Starts the worker thread, at scheduling priority `nice` (0: normal; see
    /// [`crate::priority`]): work that runs on the worker itself, such as an ingest, and the
    /// threads it starts run at that priority.
    pub fn start(store: Arc<JobStore>, max_pending: usize, nice: i32) -> Result<Arc<JobQueue>> {
        let (tx, rx) = mpsc::channel::<Task>();
        let queue = Arc::new(JobQueue {
            store: store.clone(),
            tx: Mutex::new(tx),
            cancels: Mutex::new(HashMap::new()),
            max_pending,
            admit: Mutex::new(()),
        });
        let weak = Arc::downgrade(&queue);
        std::thread::Builder::new()
            .name("jobs".into())
            .spawn(move || {
                crate::priority::lower_current_thread(nice);
                for task in rx {
                    let Some(queue) = weak.upgrade() else { break };
                    queue.run(task);
                }
            })
            .map_err(|e| Error::Internal(format!("cannot start the job worker: {e}")))?;
        Ok(queue)
    }

    /// The store the queue records into.
    pub fn store(&self) -> &Arc<JobStore> {
        &self.store
    }

    fn cancels(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        self.cancels.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues work as a new job of `kind` with `total` items.
    pub fn submit(
        &self,
        kind: JobKind,
        total: u64,
        params: serde_json::Value,
        work: Work,
    ) -> Result<JobRecord> {
        self.submit_keyed(kind, None, total, params, work)
    }

    /// Like [`JobQueue::submit`], for a job holding `key` while pending: while another job of
    /// `kind` holds it, refuses with [`Error::IngestRunning`] naming that job.
    pub fn submit_keyed(
        &self,
        kind: JobKind,
        key: Option<&str>,
        total: u64,
        params: serde_json::Value,
        work: Work,
    ) -> Result<JobRecord> {
        let _admit = self.admit.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(holder) = key.and_then(|k| self.store.pending_with_key(kind, k)) {
            return Err(Error::IngestRunning {
                source_code: key.unwrap_or_default().to_string(),
                job_id: holder.id,
            });
        }
        if self.store.pending(kind) >= self.max_pending {
            return Err(Error::TooManyJobs(self.max_pending));
        }
        let record = self
            .store
            .create_keyed(kind, key.map(str::to_string), total, params)?;
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancels().insert(record.id.clone(), cancel.clone());
        let task = Task {
            id: record.id.clone(),
            work,
            cancel,
        };
        let sent = self.tx.lock().unwrap_or_else(|p| p.into_inner()).send(task);
        if sent.is_err() {
            self.finish(
                &record.id,
                JobStatus::Failed,
                None,
                Some("the job worker stopped".into()),
            );
            return Err(Error::Internal("the job worker stopped".into()));
        }
        Ok(record)
    }

    /// Asks a queued or running job to stop; a finished job is removed with its results.
    /// Returns the record as it stands (`None` when it was removed).
    pub fn cancel(&self, id: &str) -> Result<Option<JobRecord>> {
        let record = self.store.get(id)?;
        if !record.status.is_pending() {
            self.store.remove(id)?;
            return Ok(None);
        }
        if let Some(flag) = self.cancels().get(id) {
            flag.store(true, Ordering::Relaxed);
        }
        if record.status == JobStatus::Queued {
            // the worker will skip it; say so at once
            return Ok(Some(self.store.update(id, |r| {
                r.status = JobStatus::Cancelled;
                r.finished_at = Some(now_rfc3339());
            })?));
        }
        Ok(Some(record))
    }

    fn finish(
        &self,
        id: &str,
        status: JobStatus,
        summary: Option<serde_json::Value>,
        error: Option<String>,
    ) {
        self.cancels().remove(id);
        let res = self.store.update(id, |r| {
            r.status = status;
            r.finished_at = Some(now_rfc3339());
            r.summary = summary;
            r.error = error;
        });
        if let Err(e) = res {
            tracing::error!(job = id, error = %e, "cannot record the end of a job");
        }
    }

    fn run(&self, task: Task) {
        let Task { id, work, cancel } = task;
        if cancel.load(Ordering::Relaxed) {
            self.cancels().remove(&id);
            return; // cancelled while queued: already recorded
        }
        if let Err(e) = self.store.update(&id, |r| {
            r.status = JobStatus::Running;
            r.started_at = Some(now_rfc3339());
        }) {
            tracing::error!(job = %id, error = %e, "cannot start a job");
            return;
        }
        let ctx = JobContext {
            id: id.clone(),
            store: self.store.clone(),
            cancel: cancel.clone(),
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&ctx)));
        match outcome {
            Ok(Ok(JobOutcome::Done(summary))) if cancel.load(Ordering::Relaxed) => {
                self.finish(&id, JobStatus::Cancelled, Some(summary), None)
            }
            Ok(Ok(JobOutcome::Done(summary))) => {
                self.finish(&id, JobStatus::Succeeded, Some(summary), None)
            }
            Ok(Ok(JobOutcome::Rejected(why, detail))) => {
                self.finish(&id, JobStatus::Rejected, detail, Some(why))
            }
            Ok(Err(e)) => {
                tracing::error!(job = %id, error = %e, "job failed");
                let msg = if e.is_user_error() {
                    e.to_string()
                } else {
                    "internal error; see the server log".to_string()
                };
                self.finish(&id, JobStatus::Failed, None, Some(msg))
            }
            Err(_) => {
                tracing::error!(job = %id, "job panicked");
                self.finish(
                    &id,
                    JobStatus::Failed,
                    None,
                    Some("internal error; see the server log".into()),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn wait_for(store: &JobStore, id: &str, status: JobStatus) -> JobRecord {
        for _ in 0..500 {
            let r = store.get(id).unwrap();
            if r.status == status {
                return r;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("job {id} never reached {status:?}: {:?}", store.get(id));
    }

    #[test]
    fn jobs_run_in_order_with_a_cap_and_cancellation() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(JobStore::open(dir.path(), Duration::from_secs(3600)).unwrap());
        let queue = JobQueue::start(store.clone(), 2, 0).unwrap();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let first = queue
            .submit(
                JobKind::Screening,
                1,
                serde_json::json!({}),
                Box::new(move |ctx| {
                    release_rx.recv().ok();
                    ctx.progress(
                        Progress {
                            done: 1,
                            total: 1,
                            ..Default::default()
                        },
                        0,
                    )?;
                    Ok(JobOutcome::Done(serde_json::json!({"ok": true})))
                }),
            )
            .unwrap();
        let second = queue
            .submit(
                JobKind::Screening,
                1,
                serde_json::json!({}),
                Box::new(|_| Ok(JobOutcome::Rejected("bad".into(), None))),
            )
            .unwrap();
        // the cap counts queued and running jobs
        let third = queue.submit(
            JobKind::Screening,
            1,
            serde_json::json!({}),
            Box::new(|_| unreachable!()),
        );
        assert!(matches!(third, Err(Error::TooManyJobs(2))));
        // a queued job cancelled never runs
        let cancelled = queue.cancel(&second.id).unwrap().unwrap();
        assert_eq!(cancelled.status, JobStatus::Cancelled);
        release_tx.send(()).unwrap();
        let done = wait_for(&store, &first.id, JobStatus::Succeeded);
        assert_eq!(done.progress.done, 1);
        assert_eq!(done.summary.unwrap()["ok"], true);
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(store.get(&second.id).unwrap().status, JobStatus::Cancelled);
        // deleting a finished job removes it
        assert!(queue.cancel(&first.id).unwrap().is_none());
        assert!(store.get(&first.id).is_err());
    }
}
