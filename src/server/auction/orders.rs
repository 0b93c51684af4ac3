//! Orders of sold lots: `paid` (the price in escrow) → `shipped` (the artist's carrier and tracking
//! number) → `received` (the buyer confirms, or automatically N days after shipping) → `settled` (escrow
//! paid to the artist: the price minus commission, plus the shipping). A buyer's dispute freezes settlement until an admin refunds the
//! buyer or releases the money to the artist. Each step is one transaction under the order row lock.

use chrono::{DateTime, Utc};

use super::live::LiveMessage;
use super::notify;
use crate::domain::{NotificationKind, OrderStatus, Won};
use crate::error::AppError;
use crate::i18n::Note;
use crate::server::auth::AuthUser;
use crate::server::wallet::ledger::{self, Reference, Tx};
use crate::server::AppState;

#[derive(Debug, Clone)]
struct OrderRow {
    artwork_id: u64,
    buyer_id: u64,
    artist_id: u64,
    amount: Won,
    shipping_fee: Won,
    status: OrderStatus,
    title: String,
    /// The work is handed over in person (직거래): no carrier, no tracking number.
    pickup: bool,
    /// With `pickup`: the code the buyer gives the artist at the handover.
    handover_code: Option<String>,
}

impl OrderRow {
    /// What the buyer paid into escrow: the price and the shipping.
    fn paid(&self) -> Won {
        crate::domain::delivery::total(self.amount, self.shipping_fee)
    }
}

fn order_missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ErrOrderNotFound)
}

async fn lock(tx: &mut Tx<'_>, id: u64) -> Result<OrderRow, AppError> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT o.artwork_id, o.buyer_id, o.artist_id, o.amount AS "amount: Won", o.shipping_fee AS "shipping_fee: Won",
                  o.status AS "status: OrderStatus", a.title, a.delivery = 'pickup' AS "pickup: bool", o.handover_code
           FROM orders o JOIN artworks a ON a.id = o.artwork_id WHERE o.id = ? FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(order_missing)
}

/// Validated shipping details.
pub fn validate_shipping(carrier: &str, tracking_no: &str) -> Result<(String, String), AppError> {
    let carrier = carrier.trim();
    let tracking: String = tracking_no.trim().chars().filter(|c| *c != '-' && *c != ' ').collect();
    if carrier.is_empty() || carrier.chars().count() > 40 {
        return Err(AppError::bad_request(crate::i18n::Key::ErrCarrierPick));
    }
    if !(6..=30).contains(&tracking.len()) || !tracking.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::bad_request(crate::i18n::Key::ErrTrackingFormat));
    }
    Ok((carrier.to_string(), tracking))
}

async fn publish(state: &AppState, users: Vec<Option<u64>>) {
    for user_id in users.into_iter().flatten() {
        state.live.publish(state, LiveMessage::Notice { user_id }).await;
    }
}

/// The artist enters the carrier and tracking number of a paid order — or, for a work handed over in
/// person (직거래), the handover code the buyer gave them (carrier `직거래`, no tracking number).
pub async fn ship(state: &AppState, artist: &AuthUser, order_id: u64, carrier: &str, tracking_no: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let order = lock(&mut tx, order_id).await?;
    if order.artist_id != artist.id {
        return Err(order_missing());
    }
    if order.status != OrderStatus::Paid {
        return Err(AppError::conflict(crate::i18n::Key::ErrAlreadyShipped));
    }
    let (carrier, tracking) = if order.pickup {
        // Proof that they met: the code only the buyer was shown (tries limited: it has six digits).
        use crate::server::limits::{self, Subject};
        limits::take(state, limits::HANDOVER_CODES, Subject::Member(artist.id)).await?;
        let entered: String = tracking_no.chars().filter(char::is_ascii_digit).collect();
        if order.handover_code.as_deref().is_none_or(|code| code != entered) {
            return Err(AppError::bad_request(crate::i18n::Key::ErrHandoverCode));
        }
        (crate::i18n::PICKUP_CARRIER.to_string(), None)
    } else {
        let (c, t) = validate_shipping(carrier, tracking_no)?;
        (c, Some(t))
    };
    sqlx::query!(
        "UPDATE orders SET status = ?, carrier = ?, tracking_no = ?, shipped_at = ? WHERE id = ?",
        OrderStatus::Shipped,
        carrier,
        tracking,
        Utc::now(),
        order_id
    )
    .execute(&mut *tx)
    .await?;
    let nudge = notify::insert(
        &mut tx,
        order.buyer_id,
        NotificationKind::Shipped,
        &match &tracking {
            Some(t) => Note::Shipped { title: order.title.clone(), carrier: carrier.clone(), tracking: t.clone() },
            None => Note::HandedOver { title: order.title.clone() },
        },
        "/me/auctions",
        None,
    )
    .await?;
    tx.commit().await?;
    publish(state, vec![nudge]).await;
    Ok(())
}

/// The buyer confirms receipt; settlement follows at once.
pub async fn confirm(state: &AppState, buyer: &AuthUser, order_id: u64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let order = lock(&mut tx, order_id).await?;
    if order.buyer_id != buyer.id {
        return Err(order_missing());
    }
    match order.status {
        OrderStatus::Shipped => {}
        OrderStatus::Paid => return Err(AppError::conflict(crate::i18n::Key::ErrNotShippedYet)),
        _ => return Err(AppError::conflict(crate::i18n::Key::ErrAlreadyReceived)),
    }
    mark_received(&mut tx, order_id, false).await?;
    tx.commit().await?;
    settle(state, order_id).await?;
    Ok(())
}

async fn mark_received(tx: &mut Tx<'_>, order_id: u64, auto: bool) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE orders SET status = ?, received_at = ?, auto_confirmed = ? WHERE id = ?",
        OrderStatus::Received,
        Utc::now(),
        auto,
        order_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Pays a received order's escrow to its artist minus commission. Does nothing unless it is `received`.
pub async fn settle(state: &AppState, order_id: u64) -> Result<bool, AppError> {
    let mut tx = state.db.begin().await?;
    let order = lock(&mut tx, order_id).await?;
    if order.status != OrderStatus::Received {
        return Ok(false);
    }
    ledger::lock_users(&mut tx, &[order.artist_id]).await?;
    let (share, commission) = ledger::settle(
        &mut tx,
        order.amount,
        order.shipping_fee,
        order.artist_id,
        state.settings.orders.commission_percent,
        &Reference { kind: "order", id: order_id.to_string() },
    )
    .await?;
    sqlx::query!(
        "UPDATE orders SET status = ?, settled_at = ?, commission = ?, artist_share = ? WHERE id = ?",
        OrderStatus::Settled,
        Utc::now(),
        commission,
        share,
        order_id
    )
    .execute(&mut *tx)
    .await?;
    let nudge = notify::insert(
        &mut tx,
        order.artist_id,
        NotificationKind::Settled,
        &Note::Settled { title: order.title.clone(), amount: share },
        "/me/wallet",
        None,
    )
    .await?;
    // The buyer's certificate of authenticity, with the settlement or not at all.
    let serial = crate::server::certificates::issue(&mut tx, state, order_id, Utc::now()).await?;
    let certified = notify::insert(
        &mut tx,
        order.buyer_id,
        NotificationKind::Settled,
        &Note::CertificateIssued { title: order.title.clone(), serial: serial.clone() },
        &format!("/certificates/{serial}"),
        None,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(order_id, artwork_id = order.artwork_id, share = share.0, commission = commission.0, "order settled");
    publish(state, vec![nudge, certified]).await;
    Ok(true)
}

/// The most photos a buyer attaches to a dispute.
pub const DISPUTE_PHOTOS: usize = 5;

/// The buyer reports a problem before confirming, with up to five photos (upload ids of kind `dispute`):
/// settlement stops until an admin decides.
pub async fn dispute(state: &AppState, buyer: &AuthUser, order_id: u64, reason: &str, photos: &[String]) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::bad_request(crate::i18n::Key::ErrDisputeReason));
    }
    if photos.len() > DISPUTE_PHOTOS {
        return Err(AppError::bad_request(crate::i18n::Msg::TooManyPhotos { max: DISPUTE_PHOTOS }));
    }
    let mut tx = state.db.begin().await?;
    let order = lock(&mut tx, order_id).await?;
    if order.buyer_id != buyer.id {
        return Err(order_missing());
    }
    if !matches!(order.status, OrderStatus::Paid | OrderStatus::Shipped) {
        return Err(AppError::conflict(crate::i18n::Key::ErrDisputeAfterReceipt));
    }
    sqlx::query!(
        "UPDATE orders SET status = ?, dispute_reason = ?, disputed_at = ? WHERE id = ?",
        OrderStatus::Disputed,
        reason,
        Utc::now(),
        order_id
    )
    .execute(&mut *tx)
    .await?;
    crate::server::uploads::claim(&mut tx, crate::server::uploads::UploadKind::Dispute, buyer.id, order_id, photos, false).await?;
    tx.commit().await?;
    tracing::warn!(order_id, "order disputed");
    Ok(())
}

/// An admin ends a dispute: refund the buyer from escrow, or release the money to the artist.
pub async fn resolve_dispute(state: &AppState, admin: &AuthUser, order_id: u64, refund: bool, note: &str) -> Result<(), AppError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        return Err(AppError::bad_request(crate::i18n::Key::ErrResolutionNote));
    }
    let mut tx = state.db.begin().await?;
    let order = lock(&mut tx, order_id).await?;
    if order.status != OrderStatus::Disputed {
        return Err(AppError::conflict(crate::i18n::Key::ErrNotDisputed));
    }
    if refund {
        ledger::lock_users(&mut tx, &[order.buyer_id]).await?;
        ledger::refund_escrow(&mut tx, order.paid(), order.buyer_id, &Reference { kind: "order", id: order_id.to_string() }).await?;
        sqlx::query!("UPDATE orders SET status = ? WHERE id = ?", OrderStatus::Refunded, order_id).execute(&mut *tx).await?;
    } else {
        mark_received(&mut tx, order_id, false).await?;
    }
    sqlx::query!("UPDATE orders SET resolved_at = ?, resolution_note = ? WHERE id = ?", Utc::now(), note, order_id)
        .execute(&mut *tx)
        .await?;
    let action = if refund { "order_refund" } else { "order_release" };
    crate::server::moderation::audit(&mut tx, admin.id, action, "order", order_id, note).await?;
    let (to_buyer, to_artist) = if refund {
        (
            Note::DisputeRefunded { title: order.title.clone(), amount: order.paid(), note: note.to_string() },
            Note::DisputeRefundedArtist { title: order.title.clone(), note: note.to_string() },
        )
    } else {
        (
            Note::DisputeReleasedBuyer { title: order.title.clone(), note: note.to_string() },
            Note::DisputeReleasedArtist { title: order.title.clone(), note: note.to_string() },
        )
    };
    let nudges = vec![
        notify::insert(&mut tx, order.buyer_id, NotificationKind::Dispute, &to_buyer, "/me/auctions?tab=won", None).await?,
        notify::insert(&mut tx, order.artist_id, NotificationKind::Dispute, &to_artist, "/me/auctions?tab=sales", None).await?,
    ];
    tx.commit().await?;
    publish(state, nudges).await;
    if !refund {
        settle(state, order_id).await?;
    }
    Ok(())
}

/// Auto-confirms orders shipped more than the configured days ago and settles received ones (also those
/// a crash left between the two steps).
pub async fn run_timers(state: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
    let cutoff = now - chrono::Duration::days(i64::from(state.settings.orders.auto_confirm_days));
    let overdue = sqlx::query_scalar!(
        "SELECT id FROM orders WHERE status = ? AND shipped_at <= ? ORDER BY id LIMIT 200",
        OrderStatus::Shipped,
        cutoff
    )
    .fetch_all(&state.db)
    .await?;
    for id in overdue {
        let confirmed = async {
            let mut tx = state.db.begin().await?;
            let order = lock(&mut tx, id).await?;
            if order.status == OrderStatus::Shipped {
                mark_received(&mut tx, id, true).await?;
                tracing::info!(order_id = id, "order confirmed automatically");
            }
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        // One failing order must not hold up the others.
        if let Err(e) = confirmed.await {
            tracing::error!(order_id = id, error = %e, "auto-confirm failed; retried on the next sweep");
        }
    }
    let received = sqlx::query_scalar!("SELECT id FROM orders WHERE status = ? ORDER BY id LIMIT 200", OrderStatus::Received)
        .fetch_all(&state.db)
        .await?;
    for id in received {
        if let Err(e) = settle(state, id).await {
            tracing::error!(order_id = id, error = %e, "settlement failed; retried on the next sweep");
        }
    }
    Ok(())
}
