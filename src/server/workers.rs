//! The background workers, as one supervised set: each has a name (in every log line about it), a
//! worker that fails (panics) is logged and started again after a second, and at shutdown the set is
//! awaited — each worker returns between two rounds of its work (`Live::idle`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::task::{Id, JoinSet};

use super::AppState;

type Work = Pin<Box<dyn Future<Output = ()> + Send>>;
type Start = fn(AppState) -> Work;

/// Every worker a serving process runs.
const WORKERS: &[(&str, Start)] = &[
    ("session-sweep", |s| Box::pin(super::web_session::delete_expired_forever(s))),
    ("charge-reconciler", |s| Box::pin(super::wallet::charges::reconcile_forever(s))),
    ("upload-sweep", |s| Box::pin(super::uploads::sweep_forever(s))),
    ("live-relay", |s| Box::pin(s.live.clone().relay_forever(s))),
    ("live-watchdog", |s| Box::pin(s.live.clone().watchdog_forever(s))),
    ("closer", |s| Box::pin(super::auction::closer::run_forever(s))),
    ("search-claim", |s| Box::pin(super::search::claim::renew_forever(s))),
    ("search-indexer", |s| Box::pin(super::search::indexer::run_forever(s.db.clone(), s.search.clone(), s.live.clone()))),
];

/// How long a failed worker waits before it is started again.
const RESTART_AFTER: Duration = Duration::from_secs(1);

/// Runs every worker until the shutdown starts and all have returned.
pub async fn supervise(state: AppState) {
    supervise_these(state, WORKERS).await;
}

async fn supervise_these(state: AppState, workers: &[(&'static str, Start)]) {
    let mut set = JoinSet::new();
    let mut names: HashMap<Id, (&'static str, Start)> = HashMap::new();
    for &(name, start) in workers {
        let handle = set.spawn(start(state.clone()));
        names.insert(handle.id(), (name, start));
        tracing::debug!(worker = name, "started");
    }
    while let Some(joined) = set.join_next_with_id().await {
        let (id, failure) = match joined {
            Ok((id, ())) => (id, None),
            Err(e) => (e.id(), Some(e)),
        };
        let Some((name, start)) = names.remove(&id) else { continue };
        match failure {
            None => tracing::info!(worker = name, "stopped"),
            Some(e) if state.live.is_shutting_down() => tracing::warn!(worker = name, error = %e, "failed while stopping"),
            Some(e) => {
                tracing::error!(worker = name, error = %e, "failed; starting it again");
                let state = state.clone();
                let handle = set.spawn(async move {
                    if state.live.idle(RESTART_AFTER).await {
                        start(state).await;
                    }
                });
                names.insert(handle.id(), (name, start));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use sqlx::MySqlPool;

    use super::*;

    static STARTS: AtomicUsize = AtomicUsize::new(0);

    /// Panics the first time; afterwards works until the shutdown.
    fn flaky(state: AppState) -> Work {
        Box::pin(async move {
            if STARTS.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("a worker's bug");
            }
            state.live.shutting_down().await;
        })
    }

    #[sqlx::test]
    async fn a_failed_worker_is_started_again_and_all_stop_at_shutdown(pool: MySqlPool) {
        let (state, _dir) = crate::server::testing::test_state(pool);
        let supervisor = tokio::spawn(supervise_these(state.clone(), &[("flaky", flaky)]));
        let started = tokio::time::Instant::now();
        while STARTS.load(Ordering::SeqCst) < 2 {
            assert!(started.elapsed() < Duration::from_secs(10), "the failed worker was not started again");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        state.live.shut_down();
        tokio::time::timeout(Duration::from_secs(5), supervisor).await.expect("the set stops at shutdown").unwrap();
    }
}
