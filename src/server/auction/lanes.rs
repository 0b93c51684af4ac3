//! Per-lot lanes: bids on one lot wait here (per instance) and a worker per busy lot decides them in
//! batches, each in one transaction (`engine::decide_once`); answers and events follow the commit.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use super::engine::{decide_once, BidRequest};
use crate::domain::BidOutcome;
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::AppState;

/// A bid waiting in its lot's lane.
pub struct Job {
    pub(super) user: AuthUser,
    pub(super) request: BidRequest,
    pub(super) seen: super::engine::Seen,
    /// The bidder's language, for the answer's message (the lane's task is nobody's request).
    pub(super) locale: crate::i18n::Locale,
    reply: oneshot::Sender<Result<BidOutcome, AppError>>,
}

/// Bids decided per transaction at most.
const BATCH: usize = 64;

/// Each lot's waiting bids on this instance (in `AppState`); a lot with waiting bids has one worker.
#[derive(Clone, Default)]
pub struct Lanes {
    lots: Arc<Mutex<HashMap<u64, VecDeque<Job>>>>,
}

impl Lanes {
    fn lots(&self) -> std::sync::MutexGuard<'_, HashMap<u64, VecDeque<Job>>> {
        self.lots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Bids waiting for `lot_id` on this instance (not counting a batch being decided); `None` when
    /// the lot has no worker.
    pub fn waiting(&self, lot_id: u64) -> Option<usize> {
        self.lots().get(&lot_id).map(VecDeque::len)
    }

    /// Queues a bid that passed the checks and waits for its answer (sent after its batch committed).
    pub(super) async fn place(
        &self,
        state: &AppState,
        lot_id: u64,
        user: &AuthUser,
        request: BidRequest,
        seen: super::engine::Seen,
    ) -> Result<BidOutcome, AppError> {
        let (reply, answer) = oneshot::channel();
        self.submit(state, lot_id, Job { user: user.clone(), request, seen, locale: crate::i18n::Locale::current(), reply });
        answer.await.unwrap_or_else(|_| Err(AppError::internal("the lot's bid lane stopped")))
    }

    /// Queues `job`; the first bid for an idle lot starts the lot's worker (a task of its own, so a
    /// caller that goes away never strands the others).
    fn submit(&self, state: &AppState, lot_id: u64, job: Job) {
        let mut lots = self.lots();
        if let Some(queue) = lots.get_mut(&lot_id) {
            queue.push_back(job);
            return;
        }
        lots.insert(lot_id, VecDeque::from([job]));
        drop(lots);
        let mut worker = Worker { lanes: self.clone(), lot_id, done: false };
        let state = state.clone();
        tokio::spawn(async move { worker.run(&state).await });
    }
}

/// A lot's worker: decides batches until the lane is empty.
struct Worker {
    lanes: Lanes,
    lot_id: u64,
    done: bool,
}

impl Worker {
    async fn run(&mut self, state: &AppState) {
        loop {
            let batch: Vec<Job> = {
                let mut lots = self.lanes.lots();
                let Some(queue) = lots.get_mut(&self.lot_id) else { break };
                // A caller that gave up (its request timed out or was dropped) gets no bid placed.
                queue.retain(|job| !job.reply.is_closed());
                if queue.is_empty() {
                    lots.remove(&self.lot_id);
                    break;
                }
                let n = queue.len().min(BATCH);
                queue.drain(..n).collect()
            };
            decide(state, self.lot_id, batch).await;
        }
        self.done = true;
    }
}

impl Drop for Worker {
    /// A worker that panicked leaves no lane behind that nobody serves: its waiting bids are answered
    /// with an error (their senders dropped) and the next bid starts a new worker.
    fn drop(&mut self) {
        if !self.done {
            self.lanes.lots().remove(&self.lot_id);
        }
    }
}

/// Decides a batch: retried whole when MariaDB picks it as a deadlock victim; every answer is sent only
/// after the commit (and the events are published, in order).
async fn decide(state: &AppState, lot_id: u64, jobs: Vec<Job>) {
    let mut attempt = 0;
    let decided = loop {
        attempt += 1;
        match decide_once(state, lot_id, &jobs).await {
            Err(e) if attempt < 4 && e.is_retryable() => {
                tracing::info!(lot_id, attempt, bids = jobs.len(), "bid batch retried after a lock conflict");
                tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
            }
            other => break other,
        }
    };
    match decided {
        Ok(results) => {
            // Answers first (each follows the commit; the bidders' next requests can queue meanwhile), then
            // the events, in order.
            let mut announcements = Vec::new();
            for (job, result) in jobs.into_iter().zip(results) {
                let answer = result.map(|(announcement, outcome)| {
                    if outcome.bought {
                        tracing::info!(lot_id, buyer = job.user.id, price = outcome.lot.current_price.0, "lot bought now");
                    }
                    announcements.push(announcement);
                    outcome
                });
                let _ = job.reply.send(answer);
            }
            for announcement in announcements {
                announcement.publish(state).await;
            }
        }
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(e.clone()));
            }
        }
    }
}
