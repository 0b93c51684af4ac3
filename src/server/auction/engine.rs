//! The transactional shell around `domain::bidding::apply_bid`: lock the lot row, apply the rules, write
//! the bid and the lot event, move the holds (new leader held, previous leader released) and — on
//! buy-now — sell the lot, all in one transaction; publish only after it committed.
//!
//! Bids on one lot wait in that lot's lane (per instance) and are decided in batches: one transaction
//! locks the lot once and applies the waiting bids in arrival order, each accepted one under its own
//! savepoint (a bid that fails half-way — the points are no longer there — leaves nothing behind), then
//! commits once; every answer and every event follows that commit, in order. On a hot lot most bids in a
//! batch are refused by the rules in memory, without a statement of their own, so they no longer queue
//! for the lot's row lock one by one.
//!
//! Lock order everywhere: the artwork (lot) row → ledger accounts in ascending id order → hold rows. A
//! batch locks the accounts of the current leader and of every bidder the rules accept (a dry run in
//! memory) right after the lot, in one ascending locking read, so no bid in it takes an account lock out
//! of order.

use chrono::{DateTime, Utc};
use sqlx::Acquire;

use super::lanes::Job;
use super::live::Announcement;
use super::{notify, LotRow};
use crate::domain::bidding::{apply_bid, Bid, Leader, Refusal};
use crate::domain::{BidEntry, BidKind, BidOutcome, LotEvent, LotEventKind, LotSnapshot, LotStatus, NotificationKind, Won};
use crate::error::{AppError, ErrorKind};
use crate::i18n::{in_locale, with_locale, Key, Msg, Note};
use crate::server::auth::AuthUser;
use crate::server::wallet::ledger::{self, Reference, Tx};
use crate::server::AppState;

/// The highest maximum anyone may enter (₩1,000,000,000): keeps arithmetic far from overflow.
pub const MAX_BID: Won = Won(1_000_000_000);

/// Whether the caller names a maximum or takes the stored buy-now price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BidRequest {
    Max(Won),
    BuyNow,
}

pub(super) fn lot_missing() -> AppError {
    AppError::not_found(Key::ErrLotNotFound)
}

/// What the bidder was shown when they decided: a bid or buy-now is refused, changing nothing, when the
/// lot's terms differ from these by the time it is decided (the artist may still edit a lot without
/// bids). `None`: not checked (callers that read the terms in the same breath, e.g. the tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    pub shipping: Option<Won>,
    pub buy_now: Option<Won>,
}

/// Places a bid (or buys now) for `user` on `lot_id` without checking what they were shown.
pub async fn place(state: &AppState, user: &AuthUser, lot_id: u64, request: BidRequest) -> Result<BidOutcome, AppError> {
    place_seen(state, user, lot_id, request, Seen::default()).await
}

/// Places a bid (or buys now) for `user` on `lot_id` on the terms they were shown: checked, then decided
/// in the lot's lane (`lanes`).
pub async fn place_seen(state: &AppState, user: &AuthUser, lot_id: u64, request: BidRequest, seen: Seen) -> Result<BidOutcome, AppError> {
    if let BidRequest::Max(max) = request {
        if max.amount() == 0 {
            return Err(AppError::bad_request(Key::ErrBidRequired));
        }
        if max > MAX_BID {
            return Err(AppError::bad_request(Msg::BidMax { max: MAX_BID }));
        }
        // Below the lot's last committed minimum: refused without waiting for the lot's lock.
        if let Some(minimum) = state.live.floors.refusal(lot_id, user.id, max, Utc::now()) {
            return Err(AppError::bad_request(Refusal::TooLow { minimum }.message()));
        }
    }
    state.lanes.place(state, lot_id, user, request, seen).await
}

pub(super) type Decided = Result<(Announcement, BidOutcome), AppError>;

/// One transaction for the batch: the lot locked once, each bid applied in order.
pub(super) async fn decide_once(state: &AppState, lot_id: u64, jobs: &[Job]) -> Result<Vec<Decided>, AppError> {
    let rules = state.settings.auction_rules();
    let mut tx = state.db.begin().await?;
    let Some(mut lot) = LotRow::lock(&mut tx, lot_id).await?.filter(|l| !l.hidden) else {
        return Ok(jobs.iter().map(|job| Err(with_locale(job.locale, lot_missing))).collect());
    };
    let now = Utc::now();
    // The accounts the batch will touch, locked up front in ascending id order, so that no bid in it takes
    // an account lock out of order (bids locking their own accounts one after another deadlocked with
    // other lots' batches): the current leader's and those of the bidders the rules accept, found by
    // running the rules over the batch in memory first. Refused bidders' accounts stay unlocked. Only
    // a bid failing half-way (points gone) can make the real run differ; a bid accepted then that was not
    // in the dry run locks its own accounts, and a deadlock that may cause retries the batch. Accounts are
    // not created here; a bidder without one cannot pay and is refused.
    let mut users: Vec<u64> = lot.leader_id.into_iter().collect();
    let mut dry = lot.clone();
    for job in jobs {
        if let Ok(judged) = with_locale(job.locale, || judge(&dry, &job.user, job.request, job.seen, &rules, now)) {
            users.push(job.user.id);
            let status = if judged.accepted.bought_now { LotStatus::Sold } else { LotStatus::Live };
            dry.apply(&judged.accepted.state, dry.leader_hold_id, dry.event_seq + 1, status);
        }
    }
    users.sort_unstable();
    users.dedup();
    ledger::lock_existing(&mut tx, &users).await?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        let accepted = match with_locale(job.locale, || judge(&lot, &job.user, job.request, job.seen, &rules, now)) {
            Ok(accepted) => accepted,
            Err(refusal) => {
                results.push(Err(refusal));
                continue;
            }
        };
        let mut savepoint = tx.begin().await?;
        match in_locale(job.locale, write_bid(&mut savepoint, &lot, &job.user, accepted, &rules)).await {
            Ok((after, announcement, outcome)) => {
                savepoint.commit().await?;
                lot = after;
                results.push(Ok((announcement, outcome)));
            }
            // Whatever the database itself refused (a deadlock, a lost connection) ends the batch.
            Err(e) if e.kind == ErrorKind::Internal || e.is_retryable() => return Err(e),
            Err(refusal) => {
                savepoint.rollback().await?;
                results.push(Err(refusal));
            }
        }
    }
    tx.commit().await?;
    Ok(results)
}

/// A bid the rules accepted, with what it was judged at.
struct Judged {
    max: Won,
    now: DateTime<Utc>,
    accepted: crate::domain::bidding::Accepted,
}

/// The rules alone, on the locked lot as the batch has left it.
fn judge(
    lot: &LotRow,
    user: &AuthUser,
    request: BidRequest,
    seen: Seen,
    rules: &crate::domain::bidding::AuctionRules,
    now: DateTime<Utc>,
) -> Result<Judged, AppError> {
    let before = lot.state();
    if seen.shipping.is_some_and(|s| s.amount() != lot.shipping_fee) {
        return Err(AppError::bad_request(Key::ErrShippingChanged));
    }
    if request == BidRequest::BuyNow && seen.buy_now.is_some() && seen.buy_now != before.buy_now_available() {
        return Err(AppError::bad_request(Key::ErrBuyNowChanged));
    }
    let max = match request {
        BidRequest::Max(max) => max,
        BidRequest::BuyNow => {
            if !before.live || now >= before.ends_at {
                return Err(AppError::bad_request(Key::ErrLotEnded));
            }
            before.buy_now_available().ok_or_else(|| AppError::bad_request(Key::ErrNoBuyNow))?
        }
    };
    let accepted = apply_bid(&before, Bid { bidder_id: user.id, max }, now, rules).map_err(|r| AppError::bad_request(r.message()))?;
    Ok(Judged { max, now, accepted })
}

/// Writes an accepted bid: holds, handle, bid row, lot row, event, notifications (and the sale on
/// buy-now). Returns the lot as it now is, what to publish after the commit, and the bidder's answer.
async fn write_bid(
    tx: &mut Tx<'_>,
    lot: &LotRow,
    user: &AuthUser,
    judged: Judged,
    rules: &crate::domain::bidding::AuctionRules,
) -> Result<(LotRow, Announcement, BidOutcome), AppError> {
    let Judged { max, now, accepted } = judged;
    let lot_id = lot.id;
    let before = lot.state();
    let leader = accepted.state.leader.expect("an accepted bid leaves a leader");
    let previous = before.leader;
    let leader_changed = previous.map(|p| p.bidder_id) != Some(leader.bidder_id);
    let raised = !leader_changed && previous.map(|p| p.max) != Some(leader.max);

    // Every account this transaction may touch, locked once in id order.
    let mut users = vec![user.id];
    users.extend(previous.map(|p| p.bidder_id));
    ledger::lock_users(tx, &users).await?;

    let lot_ref = Reference { kind: "lot", id: lot_id.to_string() };
    let mut hold_id = lot.leader_hold_id;
    if leader_changed || raised {
        // The previous leader's hold (or the leader's own smaller one) goes back first, so a leader
        // raising their maximum needs only the difference to be available.
        if let Some(h) = lot.leader_hold_id {
            ledger::release(tx, h).await?;
        }
        // A maximum at or above buy-now buys at the buy-now price: only that much is needed and held.
        // Either way the hold covers the shipping too: it is what the winner pays.
        let held = lot.hold_for(if accepted.bought_now { accepted.state.current_price } else { leader.max });
        hold_id = Some(ledger::hold(tx, leader.bidder_id, held, "bid", &lot_ref).await?);
    } else {
        // A challenger who does not take the lead holds nothing, but must still be able to pay their
        // maximum and the shipping.
        let available = ledger::available_locked(tx, user.id).await?;
        if available < lot.hold_for(max) {
            return Err(ledger::insufficient(available));
        }
    }

    let handle = handle_for(tx, lot_id, user.id).await?;
    let seq = lot.event_seq + 1;
    let kind = if accepted.bought_now {
        BidKind::BuyNow
    } else if raised {
        BidKind::Raise
    } else {
        BidKind::Bid
    };
    sqlx::query!(
        "INSERT INTO bids (artwork_id, seq, bidder_id, kind, max_amount, price_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        lot_id,
        seq,
        user.id,
        kind,
        max,
        accepted.state.current_price,
        now
    )
    .execute(&mut **tx)
    .await?;
    let status = if accepted.bought_now { LotStatus::Sold } else { LotStatus::Live };
    let closed_at = (status != LotStatus::Live).then_some(now);
    sqlx::query!(
        "UPDATE artworks SET current_price = ?, bid_count = ?, ends_at = ?, leader_id = ?, leader_max = ?, leader_at = ?,
                leader_hold_id = ?, event_seq = ?, status = ?, closed_at = ? WHERE id = ?",
        accepted.state.current_price,
        accepted.state.bid_count,
        accepted.state.ends_at,
        leader.bidder_id,
        leader.max,
        leader.at,
        hold_id,
        seq,
        status,
        closed_at,
        lot_id
    )
    .execute(&mut **tx)
    .await?;

    let mut after = lot.clone();
    after.apply(&accepted.state, hold_id, seq, status);
    let mut snapshot = after.snapshot(rules, accepted.extended || after.ends_at > after.original_ends_at);
    snapshot.leader_handle =
        if leader.bidder_id == user.id { Some(handle) } else { super::handle(&mut **tx, lot_id, leader.bidder_id).await? };
    let bid_entry = BidEntry { seq, handle, price: accepted.state.current_price, at: now, buy_now: accepted.bought_now };
    let kind = if accepted.bought_now { LotEventKind::BuyNow } else { LotEventKind::Bid };
    // A leader raising their own maximum is private: the event only carries the (unchanged) lot state.
    let bid = (!raised).then_some(bid_entry);
    let event = LotEvent { kind, lot: snapshot.clone(), bid, extended_now: accepted.extended, server_time: now, voided_seq: None };
    write_event(tx, &event).await?;

    let mut notices = Vec::new();
    if let Some(outbid) = accepted.outbid.filter(|o| o.bidder_id != user.id) {
        notices.push(
            notify::insert(
                tx,
                outbid.bidder_id,
                NotificationKind::Outbid,
                &Note::Outbid { title: lot.title.clone(), price: accepted.state.current_price },
                &format!("/artworks/{lot_id}"),
                None,
            )
            .await?,
        );
    }
    if accepted.bought_now {
        let hold = hold_id.ok_or_else(|| AppError::internal("sold without a hold"))?;
        notices.extend(super::closer::sell(tx, &after, leader, hold, accepted.state.current_price, now).await?);
    }
    let outcome = BidOutcome { lot: snapshot, leading: leader.bidder_id == user.id, bought: accepted.bought_now, receipt: None };
    Ok((after.clone(), Announcement { event, bidders: after.bidders(), notices }, outcome))
}

/// The bidder's stable handle on this lot, assigned on their first bid (under the lot lock).
async fn handle_for(tx: &mut Tx<'_>, lot_id: u64, user_id: u64) -> Result<u32, AppError> {
    if let Some(h) = super::handle(&mut **tx, lot_id, user_id).await? {
        return Ok(h);
    }
    let count = sqlx::query_scalar!("SELECT COUNT(*) FROM lot_bidders WHERE artwork_id = ?", lot_id).fetch_one(&mut **tx).await?;
    let handle = u32::try_from(count).ok().and_then(|c| c.checked_add(1)).ok_or_else(|| AppError::internal("too many bidders"))?;
    sqlx::query!("INSERT INTO lot_bidders (artwork_id, user_id, handle) VALUES (?, ?, ?)", lot_id, user_id, handle)
        .execute(&mut **tx)
        .await?;
    Ok(handle)
}

/// Stores a lot event (its number is the lot's new `event_seq`, already written to the row) and the
/// search outbox row for the change.
pub(super) async fn write_event(tx: &mut Tx<'_>, event: &LotEvent) -> Result<(), AppError> {
    let payload = serde_json::to_string(event).map_err(AppError::internal)?;
    let (lot_id, seq) = (event.lot.lot_id, event.lot.seq);
    // Stored (and hashed) at the column's precision, microseconds.
    let at = DateTime::from_timestamp_micros(event.server_time.timestamp_micros()).unwrap_or(event.server_time);
    // The next link of the lot's hash chain (the lot's row is locked: the previous event is settled).
    let previous = super::chain::previous_hash(tx, lot_id, seq).await?;
    let hash = super::chain::link(&previous, &super::chain::canonical(lot_id, seq, event.kind.as_db(), at, &payload));
    sqlx::query!(
        "INSERT INTO lot_events (artwork_id, seq, kind, payload, created_at, hash) VALUES (?, ?, ?, ?, ?, ?)",
        lot_id,
        seq,
        event.kind,
        payload,
        at,
        hash.as_slice()
    )
    .execute(&mut **tx)
    .await?;
    // Every lot event changes what search shows (price, bids, status, end, or the listing itself).
    crate::server::search::outbox::enqueue(tx, event.lot.lot_id).await?;
    Ok(())
}

/// Records a change made to a locked lot outside bidding (an edit or withdrawal by its artist): the next
/// event number and an `updated` event with the new snapshot, in the caller's transaction. Publish the
/// returned announcement after the commit.
pub async fn record_update(tx: &mut Tx<'_>, lot_id: u64, rules: &crate::domain::bidding::AuctionRules) -> Result<Announcement, AppError> {
    sqlx::query!("UPDATE artworks SET event_seq = event_seq + 1 WHERE id = ?", lot_id).execute(&mut **tx).await?;
    let lot = LotRow::lock(tx, lot_id).await?.ok_or_else(lot_missing)?;
    let event = LotEvent {
        kind: LotEventKind::Updated,
        lot: lot.snapshot(rules, false),
        bid: None,
        extended_now: false,
        server_time: Utc::now(),
        voided_seq: None,
    };
    write_event(tx, &event).await?;
    Ok(Announcement { event, bidders: lot.bidders(), notices: Vec::new() })
}

/// A lot's current public state (no lock).
pub async fn snapshot(state: &AppState, lot_id: u64) -> Result<Option<LotSnapshot>, AppError> {
    let rules = state.settings.auction_rules();
    match LotRow::read(&state.db, lot_id).await?.filter(|l| !l.hidden) {
        Some(l) => Ok(Some(l.snapshot_with_handle(&state.db, &rules).await?)),
        None => Ok(None),
    }
}

/// Events of `lot_id` after `after_seq`, oldest first (at most `limit`).
pub async fn events_after(db: &sqlx::MySqlPool, lot_id: u64, after_seq: u32, limit: u32) -> Result<Vec<LotEvent>, AppError> {
    let rows = sqlx::query_scalar!(
        "SELECT payload FROM lot_events WHERE artwork_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        lot_id,
        after_seq,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.iter().map(|p| serde_json::from_str(p).map_err(AppError::internal)).collect()
}

impl LotRow {
    /// Writes an accepted state back into this row's copy.
    fn apply(&mut self, s: &crate::domain::bidding::LotState, hold: Option<u64>, seq: u32, status: LotStatus) {
        self.current_price = s.current_price.amount();
        self.bid_count = s.bid_count;
        self.ends_at = s.ends_at;
        self.leader_id = s.leader.map(|l| l.bidder_id);
        self.leader_max = s.leader.map(|l| l.max.amount());
        self.leader_at = s.leader.map(|l| l.at);
        self.leader_hold_id = hold;
        self.event_seq = seq;
        self.status = status;
    }

    pub(super) fn leader(&self) -> Option<Leader> {
        match (self.leader_id, self.leader_max, self.leader_at) {
            (Some(bidder_id), Some(max), Some(at)) => Some(Leader { bidder_id, max: Won(max), at }),
            _ => None,
        }
    }
}

/// `now` for callers that want one clock reading per operation.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}
