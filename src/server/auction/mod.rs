//! Auctions: bidding (`engine`), closing (`closer`), orders with escrow (`orders`), the live event stream
//! (`live`), in-app notifications (`notify`) and the read side for pages (`room`).

pub mod admin;
#[cfg(test)]
mod admin_tests;
pub mod chain;
pub mod closer;
pub mod engine;
pub mod floor;
#[cfg(test)]
mod hot_lot_tests;
pub mod lanes;
pub mod live;
pub mod notify;
pub mod orders;
pub mod receipts;
pub mod room;
#[cfg(test)]
pub(crate) mod tests;

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use crate::domain::bidding::{AuctionRules, LotState};
use crate::domain::{LotSnapshot, LotStatus, Won};
use crate::error::AppError;
use crate::server::wallet::ledger::Tx;

/// The auction columns of an artwork row.
#[derive(Debug, Clone)]
pub struct LotRow {
    pub id: u64,
    pub artist_id: u64,
    pub title: String,
    pub status: LotStatus,
    pub start_price: u64,
    pub buy_now_price: Option<u64>,
    pub reserve_price: Option<u64>,
    pub current_price: u64,
    pub bid_count: u32,
    pub ends_at: DateTime<Utc>,
    pub original_ends_at: DateTime<Utc>,
    pub leader_id: Option<u64>,
    pub leader_max: Option<u64>,
    pub leader_at: Option<DateTime<Utc>>,
    pub leader_hold_id: Option<u64>,
    pub event_seq: u32,
    pub hidden: bool,
    /// What the winner pays on top of the price (0 for pick-up): held with the bid, charged with the sale.
    pub shipping_fee: u64,
}

// The three reads below name the same columns: `query_as!` takes only a literal.
impl LotRow {
    /// Reads and locks the lot row (the first lock of every lot state change).
    pub async fn lock(tx: &mut Tx<'_>, id: u64) -> Result<Option<LotRow>, AppError> {
        Ok(sqlx::query_as!(
            LotRow,
            r#"SELECT id, artist_id, title, status AS "status: LotStatus", start_price, buy_now_price, reserve_price, current_price,
                  bid_count, ends_at AS "ends_at: DateTime<Utc>", original_ends_at AS "original_ends_at: DateTime<Utc>", leader_id,
                  leader_max, leader_at AS "leader_at: DateTime<Utc>", leader_hold_id, event_seq, hidden_at IS NOT NULL AS "hidden: bool", shipping_fee
               FROM artworks WHERE id = ? FOR UPDATE"#,
            id
        )
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Locks the lot only if it is live, due at `now`, and not locked by someone else right now (a bid in
    /// flight or another closer): `SKIP LOCKED` lets several closers share the work without waiting.
    pub async fn lock_due(tx: &mut Tx<'_>, id: u64, now: DateTime<Utc>) -> Result<Option<LotRow>, AppError> {
        Ok(sqlx::query_as!(
            LotRow,
            r#"SELECT id, artist_id, title, status AS "status: LotStatus", start_price, buy_now_price, reserve_price, current_price,
                  bid_count, ends_at AS "ends_at: DateTime<Utc>", original_ends_at AS "original_ends_at: DateTime<Utc>", leader_id,
                  leader_max, leader_at AS "leader_at: DateTime<Utc>", leader_hold_id, event_seq, hidden_at IS NOT NULL AS "hidden: bool", shipping_fee
               FROM artworks WHERE id = ? AND status = ? AND ends_at <= ? FOR UPDATE SKIP LOCKED"#,
            id,
            LotStatus::Live,
            now
        )
        .fetch_optional(&mut **tx)
        .await?)
    }

    pub async fn read(db: &MySqlPool, id: u64) -> Result<Option<LotRow>, AppError> {
        Ok(sqlx::query_as!(
            LotRow,
            r#"SELECT id, artist_id, title, status AS "status: LotStatus", start_price, buy_now_price, reserve_price, current_price,
                  bid_count, ends_at AS "ends_at: DateTime<Utc>", original_ends_at AS "original_ends_at: DateTime<Utc>", leader_id,
                  leader_max, leader_at AS "leader_at: DateTime<Utc>", leader_hold_id, event_seq, hidden_at IS NOT NULL AS "hidden: bool", shipping_fee
               FROM artworks WHERE id = ?"#,
            id
        )
        .fetch_optional(db)
        .await?)
    }

    /// Who this lot's floor must never refuse (`floor`).
    pub fn bidders(&self) -> floor::Bidders {
        floor::Bidders { artist_id: self.artist_id, leader_id: self.leader_id }
    }

    /// The rules' view of this lot.
    pub fn state(&self) -> LotState {
        LotState {
            artist_id: self.artist_id,
            start_price: Won(self.start_price),
            reserve_price: self.reserve_price.map(Won),
            buy_now_price: self.buy_now_price.map(Won),
            current_price: Won(self.current_price),
            leader: self.leader(),
            bid_count: self.bid_count,
            ends_at: self.ends_at,
            original_ends_at: self.original_ends_at,
            live: self.status == LotStatus::Live,
        }
    }

    /// What a bidder must hold for a maximum of `max`: the maximum plus shipping.
    pub fn hold_for(&self, max: Won) -> Won {
        crate::domain::delivery::total(max, Won(self.shipping_fee))
    }

    /// Whether a sale at the current price satisfies the (hidden) reserve.
    pub fn reserve_met(&self) -> bool {
        self.leader_id.is_some() && self.reserve_price.is_none_or(|r| self.current_price >= r)
    }

    pub fn snapshot(&self, rules: &AuctionRules, extended: bool) -> LotSnapshot {
        let state = self.state();
        let live = state.live;
        LotSnapshot {
            lot_id: self.id,
            seq: self.event_seq,
            status: self.status,
            current_price: Won(self.current_price),
            bid_count: self.bid_count,
            ends_at: self.ends_at,
            min_next_bid: state.minimum_next_bid(rules),
            buy_now: if live { state.buy_now_available() } else { None },
            has_reserve: self.reserve_price.is_some(),
            reserve_met: self.reserve_price.is_none() || self.reserve_met(),
            extended,
            leader_handle: None,
            shipping_fee: Won(self.shipping_fee),
        }
    }

    /// The snapshot with the leader's handle looked up (reads outside the lot's transaction).
    pub async fn snapshot_with_handle<'e, E>(&self, db: E, rules: &AuctionRules) -> Result<LotSnapshot, AppError>
    where
        E: sqlx::Executor<'e, Database = sqlx::MySql>,
    {
        let mut s = self.snapshot(rules, self.ends_at > self.original_ends_at);
        if let Some(leader) = self.leader_id {
            s.leader_handle = handle(db, self.id, leader).await?;
        }
        Ok(s)
    }
}

/// The anonymous handle of `user_id` on `lot_id`, if they ever bid on it.
pub(crate) async fn handle<'e, E>(db: E, lot_id: u64, user_id: u64) -> Result<Option<u32>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::MySql>,
{
    Ok(sqlx::query_scalar!("SELECT handle FROM lot_bidders WHERE artwork_id = ? AND user_id = ?", lot_id, user_id)
        .fetch_optional(db)
        .await?)
}
