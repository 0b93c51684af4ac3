//! What admins do to lots: cancel a live lot, and void a bid. Each is one transaction under the lot's
//! row lock (lot → hold → ledger accounts, as everywhere), audited in `admin_audit`, announced to open
//! pages by a lot event and to the members concerned by notifications, published after the commit.
//!
//! Voiding recomputes the lot from the bids that remain through the same pure rules that accepted them
//! (`domain::bidding::replay`): the price may go down and the lead may change. The hold follows the
//! leader. A remaining leader whose points no longer cover their maximum (their hold went back to them
//! when they were outbid, and they may have spent it) cannot lead: their bids on the lot are voided too,
//! and the lot is recomputed again.

use chrono::{DateTime, Utc};

use super::engine::{lot_missing, write_event};
use super::live::Announcement;
use super::{notify, LotRow};
use crate::domain::bidding::{replay, LotState, PlacedBid};
use crate::domain::{LotEvent, LotEventKind, LotStatus, NotificationKind, Won};
use crate::error::AppError;
use crate::i18n::Note;
use crate::server::auth::AuthUser;
use crate::server::moderation;
use crate::server::wallet::ledger::{self, Reference, Tx};
use crate::server::AppState;

/// An admin cancels a live lot with a reason: every hold is released, no order is ever made.
pub async fn cancel_lot(state: &AppState, admin: &AuthUser, lot_id: u64, reason: &str) -> Result<(), AppError> {
    let reason = moderation::admin_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let mut lot = LotRow::lock(&mut tx, lot_id).await?.ok_or_else(lot_missing)?;
    if lot.status != LotStatus::Live {
        return Err(AppError::conflict(crate::i18n::Key::ErrCancelLiveOnly));
    }
    let announcement = cancel_locked(&mut tx, state, &mut lot, &reason).await?;
    moderation::audit(&mut tx, admin.id, "cancel_lot", "artwork", lot_id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(lot_id, admin_id = admin.id, "lot cancelled by admin");
    announcement.publish(state).await;
    Ok(())
}

/// Cancels a live lot the caller has locked: the leader's hold released, the lot `cancelled`, the
/// `cancelled` event written (and the search outbox row), its artist and every bidder notified. Also the
/// path of hiding a live lot, so a hidden lot can never be sold at its deadline.
pub(crate) async fn cancel_locked(tx: &mut Tx<'_>, state: &AppState, lot: &mut LotRow, reason: &str) -> Result<Announcement, AppError> {
    let rules = state.settings.auction_rules();
    let now = Utc::now();
    if let Some(leader) = lot.leader_id {
        ledger::lock_users(tx, &[leader]).await?;
    }
    if let Some(hold) = lot.leader_hold_id {
        ledger::release(tx, hold).await?;
    }
    lot.event_seq += 1;
    lot.status = LotStatus::Cancelled;
    lot.leader_hold_id = None;
    sqlx::query!(
        "UPDATE artworks SET status = ?, closed_at = ?, leader_hold_id = NULL, event_seq = ? WHERE id = ?",
        LotStatus::Cancelled,
        now,
        lot.event_seq,
        lot.id
    )
    .execute(&mut **tx)
    .await?;
    let event = LotEvent {
        kind: LotEventKind::Cancelled,
        lot: lot.snapshot_with_handle(&mut **tx, &rules).await?,
        bid: None,
        extended_now: false,
        server_time: now,
        voided_seq: None,
    };
    write_event(tx, &event).await?;
    let bidders =
        sqlx::query_scalar!("SELECT user_id FROM lot_bidders WHERE artwork_id = ? ORDER BY user_id", lot.id).fetch_all(&mut **tx).await?;
    let link = format!("/artworks/{}", lot.id);
    let mut notices = vec![
        notify::insert(
            tx,
            lot.artist_id,
            NotificationKind::Cancelled,
            &Note::LotCancelled { title: lot.title.clone(), reason: reason.to_string() },
            &link,
            None,
        )
        .await?,
    ];
    for bidder in bidders {
        notices.push(
            notify::insert(tx, bidder, NotificationKind::Cancelled, &Note::LotCancelledBidder { title: lot.title.clone() }, &link, None)
                .await?,
        );
    }
    Ok(Announcement { event, bidders: lot.bidders(), notices })
}

/// A bid as the void reads it.
struct BidRow {
    id: u64,
    seq: u32,
    bidder_id: u64,
    max: Won,
    at: DateTime<Utc>,
}

async fn standing_bids(tx: &mut Tx<'_>, lot_id: u64) -> Result<Vec<BidRow>, AppError> {
    Ok(sqlx::query_as!(
        BidRow,
        r#"SELECT id, seq, bidder_id, max_amount AS "max: Won", created_at AS "at: DateTime<Utc>"
           FROM bids WHERE artwork_id = ? AND voided_at IS NULL ORDER BY seq"#,
        lot_id
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// An admin voids bid number `seq` of a live lot, with a reason.
pub async fn void_bid(state: &AppState, admin: &AuthUser, lot_id: u64, seq: u32, reason: &str) -> Result<(), AppError> {
    let reason = moderation::admin_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let mut lot = LotRow::lock(&mut tx, lot_id).await?.ok_or_else(lot_missing)?;
    if lot.status != LotStatus::Live {
        return Err(AppError::conflict(crate::i18n::Key::ErrVoidLiveOnly));
    }
    let bids = standing_bids(&mut tx, lot_id).await?;
    let bid = bids.iter().find(|b| b.seq == seq).ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrBidToVoidNotFound))?;
    let (bid_id, bidder) = (bid.id, bid.bidder_id);
    let announcement = void_locked(&mut tx, state, &mut lot, &[bid_id], VoidCause::Admin(&reason)).await?;
    moderation::audit(&mut tx, admin.id, "void_bid", "bid", bid_id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(lot_id, seq, bidder, admin_id = admin.id, "bid voided by admin");
    announcement.publish(state).await;
    Ok(())
}

/// Why bids are voided: what is recorded on them and what their bidders are told.
#[derive(Clone, Copy)]
pub(crate) enum VoidCause<'a> {
    /// An admin voided the bid; the reason they gave is recorded and sent to the bidder.
    Admin(&'a str),
    /// The bidder was suspended; the suspension's reason is recorded for admins only, and the bidder is
    /// told the cause without it.
    BidderSuspended(&'a str),
}

/// Voids the bids `void_ids` of a locked live lot and recomputes it: the bids marked, the lot replayed
/// from the rest, the hold moved to the new leader (whose bids are voided as well when their points no
/// longer cover their maximum), the lot row and a `voided` event written, the members told.
pub(crate) async fn void_locked(
    tx: &mut Tx<'_>,
    state: &AppState,
    lot: &mut LotRow,
    void_ids: &[u64],
    cause: VoidCause<'_>,
) -> Result<Announcement, AppError> {
    let reason = match cause {
        VoidCause::Admin(reason) => reason.to_string(),
        VoidCause::BidderSuspended(reason) => format!("입찰자 이용 정지: {reason}"), // not-ui-text: bids.void_reason, for admins
    };
    let reason = reason.as_str();
    let rules = state.settings.auction_rules();
    let now = Utc::now();
    let all = standing_bids(tx, lot.id).await?;
    let mut voided: Vec<u64> = void_ids.to_vec();
    let mut unfunded: Vec<u64> = Vec::new();
    let fresh =
        LotState { current_price: Won(lot.start_price), leader: None, bid_count: 0, ends_at: lot.ends_at, live: true, ..lot.state() };
    // Every account this transaction may touch, locked once in id order: the old leader's and every
    // bidder's who could lead after the replay.
    let mut users: Vec<u64> = all.iter().map(|b| b.bidder_id).collect();
    users.sort_unstable();
    users.dedup();
    ledger::lock_users(tx, &users).await?;
    if let Some(hold) = lot.leader_hold_id {
        ledger::release(tx, hold).await?;
    }
    let replayed = loop {
        let remaining: Vec<PlacedBid> = all
            .iter()
            .filter(|b| !voided.contains(&b.id) && !unfunded.contains(&b.bidder_id))
            .map(|b| PlacedBid { bidder_id: b.bidder_id, max: b.max, at: b.at })
            .collect();
        let replayed = replay(&fresh, &remaining, lot.ends_at, &rules);
        match replayed.state.leader {
            Some(leader) if ledger::available_locked(tx, leader.bidder_id).await? < lot.hold_for(leader.max) => {
                unfunded.push(leader.bidder_id)
            }
            _ => break replayed,
        }
    };
    let mut hold_id = None;
    if let Some(leader) = replayed.state.leader {
        let held = lot.hold_for(leader.max);
        hold_id = Some(ledger::hold(tx, leader.bidder_id, held, "bid", &Reference { kind: "lot", id: lot.id.to_string() }).await?);
    }
    let unfunded_reason = "최고 입찰자가 되었으나 보유 포인트가 최대 입찰가에 미치지 못함"; // not-ui-text: bids.void_reason, for admins
    for b in all.iter().filter(|b| voided.contains(&b.id)) {
        sqlx::query!("UPDATE bids SET voided_at = ?, void_reason = ? WHERE id = ?", now, reason, b.id).execute(&mut **tx).await?;
    }
    let passed_over: Vec<u64> = all.iter().filter(|b| unfunded.contains(&b.bidder_id) && !voided.contains(&b.id)).map(|b| b.id).collect();
    for id in passed_over {
        sqlx::query!("UPDATE bids SET voided_at = ?, void_reason = ? WHERE id = ?", now, unfunded_reason, id).execute(&mut **tx).await?;
        voided.push(id);
    }
    let s = &replayed.state;
    let leader = s.leader;
    lot.event_seq += 1;
    sqlx::query!(
        "UPDATE artworks SET current_price = ?, bid_count = ?, leader_id = ?, leader_max = ?, leader_at = ?, leader_hold_id = ?,
                event_seq = ? WHERE id = ?",
        s.current_price,
        s.bid_count,
        leader.map(|l| l.bidder_id),
        leader.map(|l| l.max),
        leader.map(|l| l.at),
        hold_id,
        lot.event_seq,
        lot.id
    )
    .execute(&mut **tx)
    .await?;
    lot.current_price = s.current_price.amount();
    lot.bid_count = s.bid_count;
    lot.leader_id = leader.map(|l| l.bidder_id);
    lot.leader_max = leader.map(|l| l.max.amount());
    lot.leader_at = leader.map(|l| l.at);
    lot.leader_hold_id = hold_id;
    let first_voided_seq = all.iter().filter(|b| voided.contains(&b.id)).map(|b| b.seq).min();
    let event = LotEvent {
        kind: LotEventKind::Voided,
        lot: lot.snapshot_with_handle(&mut **tx, &rules).await?,
        bid: None,
        extended_now: false,
        server_time: now,
        voided_seq: first_voided_seq,
    };
    write_event(tx, &event).await?;
    let mut affected: Vec<u64> = all.iter().filter(|b| voided.contains(&b.id)).map(|b| b.bidder_id).collect();
    affected.sort_unstable();
    affected.dedup();
    let link = format!("/artworks/{}", lot.id);
    let mut notices = Vec::new();
    for user in &affected {
        let title = lot.title.clone();
        let note = match cause {
            _ if unfunded.contains(user) => Note::BidVoidedUnfunded { title },
            VoidCause::BidderSuspended(_) => Note::BidVoidedSuspended { title },
            VoidCause::Admin(reason) => Note::BidVoided { title, reason: reason.to_string() },
        };
        notices.push(notify::insert(tx, *user, NotificationKind::Voided, &note, &link, None).await?);
    }
    if let Some(l) = leader.filter(|l| !affected.contains(&l.bidder_id)) {
        notices.push(
            notify::insert(
                tx,
                l.bidder_id,
                NotificationKind::Voided,
                &Note::LeaderAfterVoid { title: lot.title.clone(), price: s.current_price },
                &link,
                None,
            )
            .await?,
        );
    }
    Ok(Announcement { event, bidders: lot.bidders(), notices })
}
