//! The transactional shell around `domain::bidding::apply_bid`: lock the lot row, apply the rules, write
//! the bid and the lot event, move the holds (new leader held, previous leader released) and — on
//! buy-now — sell the lot, all in one transaction; publish only after it committed.
//!
//! Lock order everywhere: the artwork (lot) row → hold rows → ledger accounts in ascending id order
//! (`ledger::lock_users` takes every account the transaction will touch up front).

use chrono::{DateTime, Utc};

use super::live::Announcement;
use super::{notify, LotRow};
use crate::domain::bidding::{apply_bid, Bid, Leader, Refusal};
use crate::domain::{BidEntry, BidKind, BidOutcome, LotEvent, LotEventKind, LotSnapshot, LotStatus, NotificationKind, Won};
use crate::error::AppError;
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
    AppError::not_found("경매를 찾을 수 없습니다.")
}

/// Places a bid (or buys now) for `user` on `lot_id`. Retries a few times when MariaDB picks this
/// transaction as a deadlock victim; everything else is answered at once.
pub async fn place(state: &AppState, user: &AuthUser, lot_id: u64, request: BidRequest) -> Result<BidOutcome, AppError> {
    if let BidRequest::Max(max) = request {
        if max.amount() == 0 {
            return Err(AppError::bad_request("입찰가를 입력해 주세요."));
        }
        if max > MAX_BID {
            return Err(AppError::bad_request(format!("입찰가는 {} 이하로 입력해 주세요.", MAX_BID.display())));
        }
        // Below the lot's last committed minimum: refused without waiting for the lot's lock.
        if let Some(minimum) = state.live.floors.refusal(lot_id, user.id, max, Utc::now()) {
            return Err(AppError::bad_request(Refusal::TooLow { minimum }.message()));
        }
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match place_once(state, user, lot_id, request).await {
            Err(e) if attempt < 4 && e.is_retryable() => {
                tracing::info!(lot_id, attempt, "bid transaction retried after a lock conflict");
                tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
            }
            other => return other,
        }
    }
}

async fn place_once(state: &AppState, user: &AuthUser, lot_id: u64, request: BidRequest) -> Result<BidOutcome, AppError> {
    let rules = state.settings.auction_rules();
    let mut tx = state.db.begin().await?;
    let lot = LotRow::lock(&mut tx, lot_id).await?.filter(|l| !l.hidden).ok_or_else(lot_missing)?;
    let before = lot.state();
    let max = match request {
        BidRequest::Max(max) => max,
        BidRequest::BuyNow => {
            if !before.live || Utc::now() >= before.ends_at {
                return Err(AppError::bad_request("이미 마감된 경매입니다."));
            }
            before.buy_now_available().ok_or_else(|| AppError::bad_request("이 작품은 즉시 구매할 수 없습니다."))?
        }
    };
    let now = Utc::now();
    let accepted = apply_bid(&before, Bid { bidder_id: user.id, max }, now, &rules).map_err(|r| AppError::bad_request(r.message()))?;
    let leader = accepted.state.leader.expect("an accepted bid leaves a leader");
    let previous = before.leader;
    let leader_changed = previous.map(|p| p.bidder_id) != Some(leader.bidder_id);
    let raised = !leader_changed && previous.map(|p| p.max) != Some(leader.max);

    // Every account this transaction may touch, locked once in id order.
    let mut users = vec![user.id];
    users.extend(previous.map(|p| p.bidder_id));
    ledger::lock_users(&mut tx, &users).await?;

    let lot_ref = Reference { kind: "lot", id: lot_id.to_string() };
    let mut hold_id = lot.leader_hold_id;
    if leader_changed || raised {
        // The previous leader's hold (or the leader's own smaller one) goes back first, so a leader
        // raising their maximum needs only the difference to be available.
        if let Some(h) = lot.leader_hold_id {
            ledger::release(&mut tx, h).await?;
        }
        // A maximum at or above buy-now buys at the buy-now price: only that much is needed and held.
        let held = if accepted.bought_now { accepted.state.current_price } else { leader.max };
        hold_id = Some(ledger::hold(&mut tx, leader.bidder_id, held, "bid", &lot_ref).await?);
    } else {
        // A challenger who does not take the lead holds nothing, but must still be able to pay their maximum.
        let available = ledger::available_locked(&mut tx, user.id).await?;
        if available < max {
            return Err(ledger::insufficient(available));
        }
    }

    let handle = handle_for(&mut tx, lot_id, user.id).await?;
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
    .execute(&mut *tx)
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
    .execute(&mut *tx)
    .await?;

    let mut after = lot.clone();
    after.apply(&accepted.state, hold_id, seq, status);
    let mut snapshot = after.snapshot(&rules, accepted.extended || after.ends_at > after.original_ends_at);
    snapshot.leader_handle =
        if leader.bidder_id == user.id { Some(handle) } else { super::handle(&mut *tx, lot_id, leader.bidder_id).await? };
    let bid_entry = BidEntry { seq, handle, price: accepted.state.current_price, at: now, buy_now: accepted.bought_now };
    let kind = if accepted.bought_now { LotEventKind::BuyNow } else { LotEventKind::Bid };
    // A leader raising their own maximum is private: the event only carries the (unchanged) lot state.
    let bid = (!raised).then_some(bid_entry);
    let event = LotEvent { kind, lot: snapshot.clone(), bid, extended_now: accepted.extended, server_time: now, voided_seq: None };
    write_event(&mut tx, &event).await?;

    let mut notices = Vec::new();
    if let Some(outbid) = accepted.outbid.filter(|o| o.bidder_id != user.id) {
        notices.push(
            notify::insert(
                &mut tx,
                outbid.bidder_id,
                NotificationKind::Outbid,
                &format!("'{}' 경매에서 더 높은 입찰이 나왔습니다. 현재가 {}", lot.title, accepted.state.current_price.display()),
                &format!("/artworks/{lot_id}"),
                None,
            )
            .await?,
        );
    }
    if accepted.bought_now {
        let hold = hold_id.ok_or_else(|| AppError::internal("sold without a hold"))?;
        notices.extend(super::closer::sell(&mut tx, &after, leader, hold, accepted.state.current_price, now).await?);
    }
    tx.commit().await?;

    Announcement { event, bidders: after.bidders(), notices }.publish(state).await;
    if accepted.bought_now {
        tracing::info!(lot_id, buyer = user.id, price = accepted.state.current_price.0, "lot bought now");
    }
    Ok(BidOutcome { lot: snapshot, leading: leader.bidder_id == user.id, bought: accepted.bought_now })
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
    sqlx::query!(
        "INSERT INTO lot_events (artwork_id, seq, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        event.lot.lot_id,
        event.lot.seq,
        event.kind,
        payload,
        event.server_time
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
