//! Jobs: the one store and status model for long-running work (manifest screenings now, feed
//! ingests next), and the queue that runs them one at a time.
//!
//! - [`store`]: job records and their results in the data directory (`jobs/<id>/job.json`,
//!   `results.jsonl` + `results.idx`), written atomically, reloaded at start; a job that was
//!   queued or running when the process stopped is marked [`JobStatus::Interrupted`], never
//!   left `running`.
//! - [`queue`]: a FIFO of submitted work with a cap on queued and running jobs, run by one
//!   worker thread, with cancellation.
//!
//! Status model: `queued -> running -> succeeded | rejected | failed | cancelled`, and
//! `interrupted` for a job cut by a crash or restart.

pub mod queue;
pub mod store;

pub use queue::{JobContext, JobOutcome, JobQueue, Work};
pub use store::{JobKind, JobRecord, JobStatus, JobStore, Progress};
