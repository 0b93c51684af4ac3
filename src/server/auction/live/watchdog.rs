//! Which lots this instance's streams follow, and the watchdog that finds events whose publish was lost.

use std::collections::HashMap;

use super::{engine, Live, LiveMessage, CATCH_UP_LIMIT, PING};
use crate::server::AppState;

#[derive(Debug, Clone, Copy)]
pub(super) struct Watch {
    pub(super) streams: usize,
    pub(super) seq: u32,
}

impl Live {
    pub(super) fn watched(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Watch>> {
        self.watched.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A stream starts following `lot`, having seen up to `seq`.
    pub(super) fn watch(&self, lot: u64, seq: u32) {
        let mut watched = self.watched();
        let w = watched.entry(lot).or_insert(Watch { streams: 0, seq });
        w.streams += 1;
        w.seq = w.seq.max(seq);
    }

    /// How many of this instance's streams follow `lot`.
    pub fn followers(&self, lot: u64) -> usize {
        self.watched().get(&lot).map_or(0, |w| w.streams)
    }

    pub(super) fn unwatch(&self, lots: impl Iterator<Item = u64>) {
        let mut watched = self.watched();
        for lot in lots {
            if let Some(w) = watched.get_mut(&lot) {
                w.streams -= 1;
                if w.streams == 0 {
                    watched.remove(&lot);
                }
            }
        }
    }

    /// The safety net for a lost publish (nothing later would reveal the gap, e.g. a close): every
    /// [`PING`], one query per instance compares the followed lots' event numbers with the newest this
    /// instance has seen, and puts the missing events into the ring as if relayed — streams need no
    /// query of their own (they used to check their lots themselves at every ping: with 10,000 idle
    /// streams, 667 queries a second).
    pub async fn watchdog_forever(self, state: AppState) {
        while self.idle(PING).await {
            self.deliver_missed(&state).await;
            // One ping frame for every stream of this instance (no timer per stream).
            self.enter(LiveMessage::Ping);
        }
    }

    /// One round of the watchdog.
    pub(crate) async fn deliver_missed(&self, state: &AppState) {
        let seen: Vec<(u64, u32)> = self.watched().iter().map(|(lot, w)| (*lot, w.seq)).collect();
        for chunk in seen.chunks(500) {
            let ids = chunk.iter().map(|(l, _)| l.to_string()).collect::<Vec<_>>().join(",");
            // The ids are integers, so formatting them into the statement is safe.
            let latest: Vec<(u64, u32)> =
                match sqlx::query_as(&format!("SELECT id, event_seq FROM artworks WHERE id IN ({ids})")).fetch_all(&state.db).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::warn!(error = %e, "live watchdog check failed");
                        continue;
                    }
                };
            for (lot, seq) in latest {
                let Some(&(_, had)) = chunk.iter().find(|(l, _)| *l == lot) else { continue };
                if seq <= had {
                    continue;
                }
                tracing::info!(lot, had, seq, "live events missed by the relay; delivering them from the database");
                match engine::events_after(&state.db, lot, had, CATCH_UP_LIMIT).await {
                    // Without the bidders: the lot's floor is dropped until its next relayed event.
                    Ok(events) => events.into_iter().for_each(|event| self.enter(LiveMessage::Lot { event, bidders: None })),
                    Err(e) => tracing::warn!(error = %e, lot, "live watchdog catch-up failed"),
                }
            }
        }
    }
}
