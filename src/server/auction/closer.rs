//! Closing lots at their deadline, exactly once, however many instances run: each lot is closed in its
//! own transaction that locks the row with `FOR UPDATE SKIP LOCKED` and re-checks `status = 'live' AND
//! ends_at <= now`, so a lot is closed by whoever locks it first and everybody else skips it. The worker
//! sleeps until the next deadline (woken early when a lot is listed) and sweeps every few seconds anyway;
//! at start-up it closes whatever became due while no instance was running.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::engine::write_event;
use super::live::{Announcement, LiveMessage};
use super::{notify, LotRow};
use crate::domain::bidding::Leader;
use crate::domain::{LotEvent, LotEventKind, LotStatus, NotificationKind, OrderStatus, Won};
use crate::error::AppError;
use crate::i18n::Note;
use crate::server::wallet::ledger::{self, Reference, Tx};
use crate::server::AppState;

/// The safety-net sweep interval (also the longest the worker sleeps).
const SWEEP: Duration = Duration::from_secs(5);

/// Sells a locked lot to `winner` at `price`: the order row, the winner's hold captured into escrow
/// (the part above the price goes back to them), and the won/sold notifications. Returns users to nudge.
pub(super) async fn sell(
    tx: &mut Tx<'_>,
    lot: &LotRow,
    winner: Leader,
    hold_id: u64,
    price: Won,
    now: DateTime<Utc>,
) -> Result<Vec<Option<u64>>, AppError> {
    // A work handed over in person gets a code only its buyer sees; the artist enters it at the handover.
    let pickup = sqlx::query_scalar!("SELECT delivery FROM artworks WHERE id = ?", lot.id).fetch_one(&mut **tx).await? == "pickup";
    let handover_code = pickup.then(|| format!("{:06}", rand::Rng::gen_range(&mut rand::thread_rng(), 0..1_000_000u32)));
    let order_id = sqlx::query!(
        "INSERT INTO orders (artwork_id, buyer_id, artist_id, amount, shipping_fee, handover_code, status, paid_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        lot.id,
        winner.bidder_id,
        lot.artist_id,
        price,
        lot.shipping_fee,
        handover_code,
        OrderStatus::Paid,
        now
    )
    .execute(&mut **tx)
    .await?
    .last_insert_id();
    // The order charges the price and the shipping (the hold covered both); the rest of the hold goes back.
    let total = lot.hold_for(price);
    let captured = ledger::capture_part(tx, hold_id, Some(total), &Reference { kind: "order", id: order_id.to_string() }).await?;
    if !captured {
        return Err(AppError::internal(format!("hold {hold_id} of lot {} was not held at sale", lot.id)));
    }
    Ok(vec![
        notify::insert(
            tx,
            winner.bidder_id,
            NotificationKind::Won,
            &Note::Won { title: lot.title.clone(), price, total },
            "/me/auctions",
            None,
        )
        .await?,
        notify::insert(tx, lot.artist_id, NotificationKind::Sold, &Note::Sold { title: lot.title.clone(), price }, "/me/auctions", None)
            .await?,
    ])
}

/// Closes one lot if it is live and due at `now` and nobody else holds it. Returns whether this call closed it.
pub async fn close_one(state: &AppState, lot_id: u64, now: DateTime<Utc>) -> Result<bool, AppError> {
    let rules = state.settings.auction_rules();
    let mut tx = state.db.begin().await?;
    let Some(mut lot) = LotRow::lock_due(&mut tx, lot_id, now).await? else {
        return Ok(false);
    };
    let leader = lot.leader();
    let sold = lot.reserve_met();
    if let Some(l) = leader {
        ledger::lock_users(&mut tx, &[l.bidder_id]).await?;
    }
    let mut notices = Vec::new();
    match (sold, leader, lot.leader_hold_id) {
        (true, Some(winner), Some(hold)) => {
            notices.extend(sell(&mut tx, &lot, winner, hold, Won(lot.current_price), now).await?);
        }
        (true, _, _) => return Err(AppError::internal(format!("lot {lot_id} has a leader without a hold"))),
        (false, _, hold) => {
            if let Some(h) = hold {
                ledger::release(&mut tx, h).await?;
            }
            notices.push(
                notify::insert(
                    &mut tx,
                    lot.artist_id,
                    NotificationKind::Unsold,
                    &Note::Unsold { title: lot.title.clone() },
                    &format!("/artworks/{lot_id}"),
                    None,
                )
                .await?,
            );
            if let Some(l) = leader {
                notices.push(
                    notify::insert(
                        &mut tx,
                        l.bidder_id,
                        NotificationKind::Unsold,
                        &Note::ReserveNotMet { title: lot.title.clone() },
                        &format!("/artworks/{lot_id}"),
                        None,
                    )
                    .await?,
                );
            }
        }
    }
    let status = if sold { LotStatus::Sold } else { LotStatus::Unsold };
    lot.event_seq += 1;
    lot.status = status;
    sqlx::query!(
        "UPDATE artworks SET status = ?, closed_at = ?, event_seq = ? WHERE id = ? AND status = ?",
        status,
        now,
        lot.event_seq,
        lot_id,
        LotStatus::Live
    )
    .execute(&mut *tx)
    .await?;
    let event = LotEvent {
        kind: LotEventKind::Closed,
        lot: lot.snapshot_with_handle(&mut *tx, &rules).await?,
        bid: None,
        extended_now: false,
        server_time: now,
        voided_seq: None,
    };
    write_event(&mut tx, &event).await?;
    tx.commit().await?;
    tracing::info!(lot_id, sold, price = lot.current_price, late_ms = (now - lot.ends_at).num_milliseconds(), "lot closed");
    Announcement { event, bidders: lot.bidders(), notices }.publish(state).await;
    Ok(true)
}

/// Closes every lot due at `now`; returns (closed here, skipped because someone else held the row, failed).
pub async fn close_due(state: &AppState, now: DateTime<Utc>) -> Result<(u32, u32, u32), AppError> {
    let due =
        sqlx::query_scalar!("SELECT id FROM artworks WHERE status = ? AND ends_at <= ? ORDER BY ends_at LIMIT 200", LotStatus::Live, now)
            .fetch_all(&state.db)
            .await?;
    let (mut closed, mut skipped, mut failed) = (0, 0, 0);
    for id in due {
        match close_one(state, id, now).await {
            Ok(true) => closed += 1,
            Ok(false) => skipped += 1,
            Err(e) => {
                failed += 1;
                tracing::error!(lot_id = id, error = %e, "closing a lot failed; it will be retried");
            }
        }
    }
    Ok((closed, skipped, failed))
}

/// "Watched lot ends within 1 hour": once per (watcher, lot), for watchers who are not its artist.
pub async fn notify_ending_soon(state: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
    let rows = sqlx::query!(
        "SELECT l.user_id, a.id, a.title FROM artwork_likes l JOIN artworks a ON a.id = l.artwork_id
         LEFT JOIN notifications n ON n.dedupe_key = CONCAT('ending:', a.id, ':', l.user_id)
         WHERE a.status = ? AND a.hidden_at IS NULL AND a.ends_at > ? AND a.ends_at <= ? AND l.user_id <> a.artist_id AND n.id IS NULL
         LIMIT 500",
        LotStatus::Live,
        now,
        now + chrono::Duration::hours(1)
    )
    .fetch_all(&state.db)
    .await?;
    for row in rows {
        let (user_id, lot_id, title) = (row.user_id, row.id, row.title);
        let mut tx = state.db.begin().await?;
        let key = format!("ending:{lot_id}:{user_id}");
        let nudged = notify::insert(
            &mut tx,
            user_id,
            NotificationKind::EndingSoon,
            &Note::EndingSoon { title: title.to_string() },
            &format!("/artworks/{lot_id}"),
            Some(&key),
        )
        .await?;
        tx.commit().await?;
        if let Some(user_id) = nudged {
            state.live.publish(state, LiveMessage::Notice { user_id }).await;
        }
    }
    Ok(())
}

/// The worker: close what is due, run the order timers, then sleep until the next deadline.
pub async fn run_forever(state: AppState) {
    let mut last_housekeeping = tokio::time::Instant::now() - SWEEP;
    loop {
        let now = Utc::now();
        let (skipped, failed) = match close_due(&state, now).await {
            Ok((_, skipped, failed)) => (skipped, failed),
            Err(e) => {
                tracing::warn!(error = %e, "closing sweep failed");
                (0, 1)
            }
        };
        if last_housekeeping.elapsed() >= SWEEP {
            last_housekeeping = tokio::time::Instant::now();
            if let Err(e) = notify_ending_soon(&state, now).await {
                tracing::warn!(error = %e, "ending-soon notices failed");
            }
            if let Err(e) = super::orders::run_timers(&state, now).await {
                tracing::warn!(error = %e, "order timers failed");
            }
        }
        let next = sqlx::query_scalar!(r#"SELECT MIN(ends_at) AS "next: DateTime<Utc>" FROM artworks WHERE status = ?"#, LotStatus::Live)
            .fetch_one(&state.db)
            .await
            .unwrap_or(None);
        let mut wait = next.map_or(SWEEP, |at| (at - Utc::now()).to_std().unwrap_or(Duration::ZERO)).min(SWEEP);
        if skipped > 0 {
            // A lot was busy (a bid committing at the deadline): look again very soon.
            wait = wait.max(Duration::from_millis(50));
        }
        if failed > 0 {
            // Something is wrong (the database, or one lot): do not spin; the error is logged.
            wait = wait.max(Duration::from_secs(1));
        }
        if state.live.is_shutting_down() {
            return;
        }
        if wait.is_zero() {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.live.wake_closer.notified() => {}
            () = state.live.shutting_down() => return,
        }
    }
}
