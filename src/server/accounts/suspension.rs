//! Suspending a member (and reinstating them), by an admin with a reason, audited. A suspended member's
//! sessions end at once — every refresh family revoked, access tokens refused by the query that loads
//! the caller — log-in is refused with a clear message, and their bids on live lots (the leading ones and
//! the rest, which a later void could bring back to the lead) are voided through the auction's void path
//! (each lot in its own transaction under its row lock).

use chrono::Utc;

use crate::domain::LotStatus;
use crate::error::AppError;
use crate::server::auction::{admin as lot_admin, LotRow};
use crate::server::auth::AuthUser;
use crate::server::moderation;
use crate::server::AppState;

/// Suspends `user_id`. Returns how many live lots were recomputed without their bids.
pub async fn suspend(state: &AppState, admin: &AuthUser, user_id: u64, reason: &str) -> Result<usize, AppError> {
    let reason = moderation::admin_reason(admin, reason)?;
    let now = Utc::now();
    let mut tx = state.db.begin().await?;
    let target = sqlx::query!(r#"SELECT role, suspended_at IS NOT NULL AS "suspended: bool" FROM users WHERE id = ? FOR UPDATE"#, user_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrMemberNotFound))?;
    if target.role == "admin" {
        return Err(AppError::conflict(crate::i18n::Key::ErrCannotSuspendAdmin));
    }
    if target.suspended {
        return Err(AppError::conflict(crate::i18n::Key::ErrAlreadySuspended));
    }
    sqlx::query!("UPDATE users SET suspended_at = ?, suspended_reason = ? WHERE id = ?", now, reason, user_id).execute(&mut *tx).await?;
    sqlx::query!("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, user_id)
        .execute(&mut *tx)
        .await?;
    moderation::audit(&mut tx, admin.id, "suspend", "user", user_id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(user_id, admin_id = admin.id, "member suspended");

    // Their bids on live lots — the leading ones, and the others too, which a later void could otherwise
    // bring back to the lead: each lot recomputed without them, in its own transaction.
    let lots = sqlx::query_scalar!(
        "SELECT DISTINCT b.artwork_id FROM bids b JOIN artworks a ON a.id = b.artwork_id
         WHERE b.bidder_id = ? AND b.voided_at IS NULL AND a.status = ? ORDER BY b.artwork_id",
        user_id,
        LotStatus::Live
    )
    .fetch_all(&state.db)
    .await?;
    let mut voided_lots = 0;
    for lot_id in lots {
        let mut tx = state.db.begin().await?;
        let Some(mut lot) = LotRow::lock(&mut tx, lot_id).await? else { continue };
        if lot.status != LotStatus::Live {
            continue; // closed meanwhile
        }
        let theirs =
            sqlx::query_scalar!("SELECT id FROM bids WHERE artwork_id = ? AND bidder_id = ? AND voided_at IS NULL", lot_id, user_id)
                .fetch_all(&mut *tx)
                .await?;
        if theirs.is_empty() {
            continue;
        }
        let announcement =
            lot_admin::void_locked(&mut tx, state, &mut lot, &theirs, lot_admin::VoidCause::BidderSuspended(&reason)).await?;
        for bid in &theirs {
            moderation::audit(&mut tx, admin.id, "void_bid", "bid", *bid, &format!("suspended: {reason}")).await?;
        }
        tx.commit().await?;
        announcement.publish(state).await;
        voided_lots += 1;
    }
    Ok(voided_lots)
}

/// Lifts a suspension; the member logs in again as before.
pub async fn reinstate(state: &AppState, admin: &AuthUser, user_id: u64, reason: &str) -> Result<(), AppError> {
    let reason = moderation::admin_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let lifted =
        sqlx::query!("UPDATE users SET suspended_at = NULL, suspended_reason = NULL WHERE id = ? AND suspended_at IS NOT NULL", user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if lifted == 0 {
        return Err(AppError::conflict(crate::i18n::Key::ErrNotSuspended));
    }
    moderation::audit(&mut tx, admin.id, "reinstate", "user", user_id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(user_id, admin_id = admin.id, "member reinstated");
    Ok(())
}

/// The id of the member with `nickname` (admins name members by nickname).
pub async fn member_id(state: &AppState, nickname: &str) -> Result<u64, AppError> {
    sqlx::query_scalar!("SELECT id FROM users WHERE nickname = ?", nickname.trim())
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrMemberNotFound))
}
