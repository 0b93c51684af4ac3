//! Bids refused without the lot's row lock. Every bid on a hot lot used to queue for that lock, even one
//! that could only be refused — and most attempts on a hot lot are refusals (a bidder answering a minimum
//! that has already moved on). A live lot's minimum next bid only rises; the one change that lowers it
//! is an admin void, which is itself a lot event. So each instance keeps, per live lot, the last
//! committed minimum it has heard of (its *floor*), and a bid below it is refused at once with the same
//! answer the locked path would give.
//!
//! Soundness: a floor is learned from committed lot events only (this instance's commits as they
//! publish, the other instances' through the relay), newest event number wins, and a lot that is no
//! longer live has no floor. A floor can therefore lag the true minimum (a bid the floor lets through
//! is decided under the lock as before) but never lead it — except for the relay's delivery delay of a
//! void made on another instance, in which window a refused bid is answered as if it had arrived just
//! before the void. Floors are only trusted while the relay is subscribed to Redis; when it loses the
//! subscription (events may be missed) every floor is forgotten and all bids take the locked path until
//! it is back. A floor is used for at most [`FLOOR_TTL`] after the event it came from: a publish lost for
//! another reason (the committing process died between its commit and its publish) can keep a floor too
//! high for no longer than that — a hot lot, the only kind that needs floors, renews its floor with every
//! bid. The artist and the current leader always take the locked path (their answers differ).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{LotEvent, LotStatus, Won};

/// Who a lot event's fast refusals must never apply to. Travels with the event between instances
/// (Redis), never to pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bidders {
    pub artist_id: u64,
    pub leader_id: Option<u64>,
}

#[derive(Debug, Clone, Copy)]
struct Floor {
    learned: std::time::Instant,
    seq: u32,
    min_next: Won,
    ends_at: DateTime<Utc>,
    bidders: Bidders,
}

/// The floors of the live lots this instance has heard of (in `Live`).
#[derive(Clone, Default)]
pub struct Floors {
    lots: Arc<Mutex<HashMap<u64, Floor>>>,
    /// The relay is subscribed: no lot event can have been missed since the floors were last cleared.
    trusted: Arc<AtomicBool>,
}

/// Live lots remembered at most (a floor is only an optimisation: beyond this, new lots are not learned).
const MAX_LOTS: usize = 100_000;
/// How long a floor is used after the event it was learned from.
pub const FLOOR_TTL: std::time::Duration = std::time::Duration::from_secs(10);

impl Floors {
    /// Learns from a committed lot event (idempotent; an older or equal event number changes nothing).
    pub fn learn(&self, event: &LotEvent, bidders: Option<Bidders>) {
        let mut lots = self.lots.lock().unwrap_or_else(|p| p.into_inner());
        let lot = event.lot.lot_id;
        if lots.get(&lot).is_some_and(|f| f.seq >= event.lot.seq) {
            return;
        }
        match bidders {
            Some(bidders) if event.lot.status == LotStatus::Live && (lots.len() < MAX_LOTS || lots.contains_key(&lot)) => {
                lots.insert(
                    lot,
                    Floor {
                        learned: std::time::Instant::now(),
                        seq: event.lot.seq,
                        min_next: event.lot.min_next_bid,
                        ends_at: event.lot.ends_at,
                        bidders,
                    },
                );
            }
            _ => {
                lots.remove(&lot);
            }
        }
    }

    /// The minimum `max` falls short of, when `bidder` can be refused without the lock.
    pub fn refusal(&self, lot: u64, bidder: u64, max: Won, now: DateTime<Utc>) -> Option<Won> {
        if !self.trusted.load(Ordering::Acquire) {
            return None;
        }
        let lots = self.lots.lock().unwrap_or_else(|p| p.into_inner());
        let floor = lots.get(&lot)?;
        let exempt = bidder == floor.bidders.artist_id || Some(bidder) == floor.bidders.leader_id;
        let fresh = floor.learned.elapsed() < FLOOR_TTL;
        (fresh && !exempt && now < floor.ends_at && max < floor.min_next).then_some(floor.min_next)
    }

    /// Whether floors are in use (the relay is subscribed).
    pub fn is_trusted(&self) -> bool {
        self.trusted.load(Ordering::Acquire)
    }

    /// The relay (re)subscribed: forget everything heard before, trust what comes from now on.
    pub(super) fn restart(&self) {
        self.lots.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.trusted.store(true, Ordering::Release);
    }

    /// The relay lost its subscription: events may be missed, so no floor is used until it is back.
    pub(super) fn distrust(&self) {
        self.trusted.store(false, Ordering::Release);
        self.lots.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

#[cfg(test)]
impl Floors {
    /// Makes every floor `by` older.
    fn age(&self, by: std::time::Duration) {
        for f in self.lots.lock().unwrap_or_else(|p| p.into_inner()).values_mut() {
            f.learned = f.learned.checked_sub(by).expect("an instant that far back");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LotEventKind, LotSnapshot};

    fn event(seq: u32, min_next: u64, status: LotStatus) -> LotEvent {
        LotEvent {
            kind: LotEventKind::Bid,
            lot: LotSnapshot {
                lot_id: 7,
                seq,
                status,
                current_price: Won(min_next - 1_000),
                bid_count: seq,
                ends_at: Utc::now() + chrono::Duration::hours(1),
                min_next_bid: Won(min_next),
                buy_now: None,
                has_reserve: false,
                reserve_met: true,
                extended: false,
                leader_handle: Some(1),
                shipping_fee: Won::ZERO,
            },
            bid: None,
            extended_now: false,
            server_time: Utc::now(),
            voided_seq: None,
        }
    }

    const WHO: Option<Bidders> = Some(Bidders { artist_id: 1, leader_id: Some(2) });

    #[test]
    fn refuses_below_the_newest_minimum_only_when_trusted_and_never_the_artist_or_leader() {
        let floors = Floors::default();
        let now = Utc::now();
        floors.learn(&event(3, 20_000, LotStatus::Live), WHO);
        assert_eq!(floors.refusal(7, 9, Won(15_000), now), None, "not trusted before the relay subscribed");
        floors.restart();
        floors.learn(&event(3, 20_000, LotStatus::Live), WHO);
        assert_eq!(floors.refusal(7, 9, Won(15_000), now), Some(Won(20_000)));
        assert_eq!(floors.refusal(7, 9, Won(20_000), now), None, "at the minimum: decided under the lock");
        assert_eq!(floors.refusal(7, 1, Won(15_000), now), None, "the artist gets the locked answer");
        assert_eq!(floors.refusal(7, 2, Won(15_000), now), None, "so does the leader (raising their own maximum)");
        assert_eq!(floors.refusal(8, 9, Won(1), now), None, "an unknown lot");
        // An older event arriving late changes nothing; a newer one (an admin void) may lower the floor.
        floors.learn(&event(2, 30_000, LotStatus::Live), WHO);
        assert_eq!(floors.refusal(7, 9, Won(25_000), now), None);
        floors.learn(&event(4, 12_000, LotStatus::Live), WHO);
        assert_eq!(floors.refusal(7, 9, Won(15_000), now), None, "voided down to 12,000");
        assert_eq!(floors.refusal(7, 9, Won(11_000), now), Some(Won(12_000)));
        // Past the end (awaiting its closer) the locked path answers "ended".
        assert_eq!(floors.refusal(7, 9, Won(11_000), now + chrono::Duration::hours(2)), None);
        // A closed lot, or an event without its bidders, leaves no floor.
        floors.learn(&event(5, 12_000, LotStatus::Sold), WHO);
        assert_eq!(floors.refusal(7, 9, Won(11_000), now), None);
        floors.learn(&event(6, 12_000, LotStatus::Live), None);
        assert_eq!(floors.refusal(7, 9, Won(11_000), now), None);
        // A floor is used for a bounded time only (a lost publish cannot keep one too high for long).
        floors.learn(&event(7, 12_000, LotStatus::Live), WHO);
        assert!(floors.refusal(7, 9, Won(11_000), now).is_some());
        floors.age(FLOOR_TTL);
        assert_eq!(floors.refusal(7, 9, Won(11_000), now), None, "expired");
        // Losing the relay forgets and distrusts.
        floors.learn(&event(8, 12_000, LotStatus::Live), WHO);
        assert!(floors.refusal(7, 9, Won(11_000), now).is_some());
        floors.distrust();
        floors.learn(&event(9, 12_000, LotStatus::Live), WHO);
        assert_eq!(floors.refusal(7, 9, Won(11_000), now), None);
    }
}
