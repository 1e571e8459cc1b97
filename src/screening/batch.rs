//! The batch runner: manifests screened on their own bounded rayon pool, off the async reactor
//! and apart from the officers' single queries.
//!
//! Travellers are checked in chunks of [`CHUNK`], in parallel inside a chunk, with results
//! handed on in input order chunk by chunk (a job writes them to disk as they come, so memory
//! stays flat however long the manifest). The pool's threads run at a lower scheduling
//! priority ([`crate::config::Config::batch_nice`]): when an officer's query and a screening
//! compete for a core, the officer's query wins, so single-query latency holds while a large
//! screening runs. Each traveller goes through [`check_traveller`], exactly as a single
//! traveller check does.

use super::check::{check_traveller, CheckOptions, TravellerResult};
use super::manifest::{Position, Rejection, Validated};
use super::traveller::Traveller;
use crate::search::Engine;
use crate::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};

/// Travellers checked between two progress reports (and cancellation checks).
pub const CHUNK: usize = 256;

/// One traveller's outcome, in input order.
#[derive(Debug, Clone, Serialize)]
pub struct Screened {
    /// 0-based position among the manifest's travellers.
    pub n: usize,
    /// Where it stands in the input.
    pub position: Position,
    /// The traveller as read, when it could be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traveller: Option<Traveller>,
    /// The check, or why the traveller could not be checked.
    pub outcome: std::result::Result<TravellerResult, Rejection>,
}

impl Screened {
    /// True when the traveller was checked and something alerts.
    pub fn alert(&self) -> bool {
        self.outcome.as_ref().is_ok_and(|r| r.alert)
    }
}

/// Totals of a screening.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Summary {
    pub travellers: usize,
    pub alerts: usize,
    pub rejected: usize,
}

impl Summary {
    /// Adds one traveller's outcome.
    pub fn add(&mut self, s: &Screened) {
        self.travellers += 1;
        self.alerts += s.alert() as usize;
        self.rejected += s.outcome.is_err() as usize;
    }
}

/// The bounded pool batch work runs on.
pub struct BatchPool {
    pool: rayon::ThreadPool,
}

impl BatchPool {
    /// A pool of `threads` threads at scheduling priority `nice` (0 = normal, 19 = lowest).
    pub fn new(threads: usize, nice: i32) -> Result<BatchPool> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(|i| format!("screening-{i}"))
            .start_handler(move |_| crate::priority::lower_current_thread(nice))
            .build()
            .map_err(|e| Error::Internal(format!("cannot start the screening pool: {e}")))?;
        Ok(BatchPool { pool })
    }

    /// Screens `travellers` in input order, handing each finished chunk to `sink`; stops
    /// early (returning `Ok(false)`) when `cancel` is set. An engine failure (not a bad
    /// traveller) aborts the run. The sink of one chunk runs on the calling thread while the
    /// pool screens the next, so writing results out never leaves the pool idle.
    pub fn screen(
        &self,
        engine: &Engine,
        travellers: &[(Position, Validated)],
        opts: &CheckOptions,
        cancel: &AtomicBool,
        sink: &mut dyn FnMut(Vec<Screened>) -> Result<()>,
    ) -> Result<bool> {
        let chunks = travellers.len().div_ceil(CHUNK);
        std::thread::scope(|scope| {
            // one chunk in flight while the sink handles the one before
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Screened>>>(1);
            scope.spawn(move || {
                for (c, chunk) in travellers.chunks(CHUNK).enumerate() {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let done: Vec<Result<Screened>> = self.pool.install(|| {
                        chunk
                            .par_iter()
                            .enumerate()
                            .map(|(i, (position, t))| {
                                screen_one(engine, c * CHUNK + i, position, t, opts)
                            })
                            .collect()
                    });
                    if tx.send(done.into_iter().collect()).is_err() {
                        return; // the sink failed: stop
                    }
                }
            });
            let mut received = 0;
            for chunk in rx {
                sink(chunk?)?;
                received += 1;
            }
            Ok(received == chunks)
        })
    }

    /// Screens everything and returns the outcomes in input order.
    pub fn screen_all(
        &self,
        engine: &Engine,
        travellers: &[(Position, Validated)],
        opts: &CheckOptions,
    ) -> Result<Vec<Screened>> {
        let mut out = Vec::with_capacity(travellers.len());
        self.screen(
            engine,
            travellers,
            opts,
            &AtomicBool::new(false),
            &mut |c| {
                out.extend(c);
                Ok(())
            },
        )?;
        Ok(out)
    }
}

/// Checks one traveller; a query the engine refuses (a user error) rejects the traveller.
pub fn screen_one(
    engine: &Engine,
    n: usize,
    position: &Position,
    t: &Validated,
    opts: &CheckOptions,
) -> Result<Screened> {
    let (traveller, outcome) = match t {
        Err(r) => (None, Err(r.clone())),
        Ok(t) => match check_traveller(engine, t, opts) {
            Ok(r) => (Some(t.clone()), Ok(r)),
            Err(Error::InvalidInput { field, message }) => (
                Some(t.clone()),
                Err(Rejection {
                    id: None,
                    field: field.to_string(),
                    message,
                }),
            ),
            Err(e) => return Err(e),
        },
    };
    Ok(Screened {
        n,
        position: position.clone(),
        traveller,
        outcome,
    })
}
