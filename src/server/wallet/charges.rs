//! Charging points and refunding unused charges.
//!
//! Charge: the server issues a `merchant_uid` to this user for this amount (`prepare`). After checkout a
//! payment is *settled* — whichever comes first of the browser's redirect (`confirm`), the gateway's
//! webhook (`webhook`), the member's "결제 확인" on the wallet page (`check`) or the periodic sweep
//! (`reconcile_charges`). Settling never trusts what it is told: it asks the gateway itself — paid, the
//! same amount, our merchant id — then credits once: the payment row is locked, `imp_uid` is unique, and
//! a paid payment is never credited again. Attempts nobody paid within an hour expire (and are still
//! credited if the gateway later says they were paid).
//!
//! Refund: the intent is recorded first (points move from `wallet` to `refunding` in one transaction,
//! so they cannot be spent meanwhile), then the gateway is asked; on success `refunding` goes back to the
//! gateway. If the call fails it is retried by `reconcile_refunds` (every minute and at start-up), which
//! first looks the payment up so a cancel that did happen is never repeated. A refund the gateway refuses
//! for good, or that fails for an hour, ends as `refund_failed` with its points back in the wallet.

use chrono::Utc;

use super::gateway::{GatewayError, PaymentGateway};
use super::ledger::{self, Reference};
use crate::domain::ledger as money;
use crate::domain::{PaymentStatus, Won};
use crate::error::AppError;
use crate::server::AppState;

pub const MIN_CHARGE: u64 = 1_000;
pub const MAX_CHARGE: u64 = 2_000_000;

fn gateway(state: &AppState) -> Result<&dyn PaymentGateway, AppError> {
    state.payments.as_deref().ok_or_else(|| AppError::unavailable(crate::i18n::Key::ErrChargeUnavailable))
}

/// Starts a charge: a fresh merchant id tied to the caller and the amount.
pub async fn prepare(state: &AppState, user_id: u64, amount: u64) -> Result<String, AppError> {
    if !(MIN_CHARGE..=MAX_CHARGE).contains(&amount) || amount % 1000 != 0 {
        return Err(AppError::bad_request(crate::i18n::Msg::ChargeRange { min: Won(MIN_CHARGE), max: Won(MAX_CHARGE) }));
    }
    let merchant_uid = format!("artipul_{}", uuid::Uuid::new_v4().simple());
    sqlx::query!("INSERT INTO payments (merchant_uid, user_id, amount) VALUES (?, ?, ?)", merchant_uid, user_id, amount)
        .execute(&state.db)
        .await?;
    Ok(merchant_uid)
}

fn refused() -> AppError {
    AppError::bad_request(crate::i18n::Key::ErrPaymentMismatch)
}

fn not_paid_yet() -> AppError {
    AppError::bad_request(crate::i18n::Key::ErrPaymentPending)
}

fn gateway_down() -> AppError {
    AppError::unavailable(crate::i18n::Key::ErrGatewayUnreachable)
}

/// Unpaid attempts older than this expire.
pub const CHARGE_EXPIRY: chrono::Duration = chrono::Duration::hours(1);

/// Confirms a charge of the caller after the checkout redirect. Returns the credited amount.
pub async fn confirm(state: &AppState, user_id: u64, imp_uid: &str, merchant_uid: &str) -> Result<Won, AppError> {
    owned(state, user_id, merchant_uid).await?;
    settle(state, merchant_uid, Some(imp_uid)).await
}

/// "결제 확인": looks the caller's charge up at the gateway by our own id (the member closed the tab
/// after paying) and credits it if it was paid.
pub async fn check(state: &AppState, user_id: u64, merchant_uid: &str) -> Result<Won, AppError> {
    owned(state, user_id, merchant_uid).await?;
    settle(state, merchant_uid, None).await
}

/// The gateway's notification of a payment: taken only as a hint to look the payment up.
pub async fn webhook(state: &AppState, imp_uid: &str, merchant_uid: &str) -> Result<(), AppError> {
    match settle(state, merchant_uid, Some(imp_uid)).await {
        Ok(_) => Ok(()),
        Err(e) if e.kind == crate::error::ErrorKind::Unavailable || e.kind == crate::error::ErrorKind::Internal => Err(e),
        // Unknown, unpaid or mismatched: nothing to credit, and nothing for the gateway to retry.
        Err(e) => {
            tracing::info!(merchant_uid, imp_uid, reason = %e.message, "webhook for a payment not credited");
            Ok(())
        }
    }
}

async fn owned(state: &AppState, user_id: u64, merchant_uid: &str) -> Result<(), AppError> {
    let owner = sqlx::query_scalar!("SELECT user_id FROM payments WHERE merchant_uid = ?", merchant_uid).fetch_optional(&state.db).await?;
    match owner {
        Some(owner) if owner == user_id => Ok(()),
        Some(_) => {
            tracing::warn!(user_id, merchant_uid, "confirmation of another user's payment refused");
            Err(refused())
        }
        None => Err(refused()),
    }
}

/// Settles `merchant_uid`: asks the gateway (by `imp_uid` when one was named, else by our id) and
/// credits the owner once if it was paid in full. Returns the amount (also when it was credited before).
pub async fn settle(state: &AppState, merchant_uid: &str, imp_uid: Option<&str>) -> Result<Won, AppError> {
    let row =
        sqlx::query!(r#"SELECT user_id, amount, status AS "status: PaymentStatus" FROM payments WHERE merchant_uid = ?"#, merchant_uid)
            .fetch_optional(&state.db)
            .await?;
    let (user_id, amount, status) = row.map(|r| (r.user_id, r.amount, r.status)).ok_or_else(refused)?;
    if !status.creditable() {
        return Ok(Won(amount)); // already credited (or refunded): nothing more to do
    }
    let gw = gateway(state)?;
    let lookup = match imp_uid {
        Some(imp_uid) => gw.payment(imp_uid).await.map(Some),
        None => gw.find(merchant_uid).await,
    };
    let paid = match lookup {
        Ok(Some(p)) => p,
        Ok(None) => return Err(not_paid_yet()),
        Err(GatewayError::Refused(e)) => {
            tracing::warn!(merchant_uid, error = %e, "gateway does not know the payment");
            return Err(refused());
        }
        Err(GatewayError::Unavailable(e)) => {
            tracing::error!(merchant_uid, error = %e, "gateway unavailable while settling");
            return Err(gateway_down());
        }
    };
    if paid.merchant_uid == merchant_uid && paid.amount == amount && matches!(paid.status.as_str(), "ready" | "failed") {
        return Err(not_paid_yet());
    }
    if paid.status != "paid" || paid.amount != amount || paid.merchant_uid != merchant_uid || imp_uid.is_some_and(|i| i != paid.imp_uid) {
        tracing::warn!(merchant_uid, ?imp_uid, reported = ?paid, expected = amount, "gateway payment does not match the charge");
        let failure = format!("mismatch: status {} amount {} merchant {}", paid.status, paid.amount, paid.merchant_uid);
        sqlx::query!(
            "UPDATE payments SET status = ?, failure = ? WHERE merchant_uid = ? AND status = ?",
            PaymentStatus::Failed,
            failure,
            merchant_uid,
            PaymentStatus::Pending
        )
        .execute(&state.db)
        .await?;
        return Err(refused());
    }
    credit(state, user_id, amount, merchant_uid, &paid.imp_uid).await
}

/// A payment's status under its row lock.
async fn lock_status(tx: &mut ledger::Tx<'_>, merchant_uid: &str) -> Result<PaymentStatus, AppError> {
    Ok(sqlx::query_scalar!(r#"SELECT status AS "status: PaymentStatus" FROM payments WHERE merchant_uid = ? FOR UPDATE"#, merchant_uid)
        .fetch_one(&mut **tx)
        .await?)
}

/// Marks the payment paid and posts the charge, once: under the payment row's lock.
async fn credit(state: &AppState, user_id: u64, amount: u64, merchant_uid: &str, imp_uid: &str) -> Result<Won, AppError> {
    let mut tx = state.db.begin().await?;
    if !lock_status(&mut tx, merchant_uid).await?.creditable() {
        return Ok(Won(amount)); // a concurrent settlement credited it a moment ago
    }
    let updated = sqlx::query!(
        "UPDATE payments SET status = ?, imp_uid = ?, paid_at = ?, failure = NULL WHERE merchant_uid = ?",
        PaymentStatus::Paid,
        imp_uid,
        Utc::now(),
        merchant_uid
    )
    .execute(&mut *tx)
    .await;
    if let Err(e) = updated {
        if crate::server::db::errors::violated_unique_key(&e).as_deref() == Some("uq_payments_imp_uid") {
            tracing::warn!(imp_uid, merchant_uid, "gateway payment already credited to another charge");
            return Err(refused());
        }
        return Err(e.into());
    }
    ledger::post(&mut tx, &money::charge(user_id, Won(amount))?, &Reference { kind: "payment", id: merchant_uid.to_string() }).await?;
    tx.commit().await?;
    tracing::info!(user_id, merchant_uid, amount, "charge credited");
    Ok(Won(amount))
}

/// The sweep for charges whose browser never came back: every pending attempt is looked up at the
/// gateway by our id and credited if paid; attempts unpaid after [`CHARGE_EXPIRY`] expire. Returns how
/// many were credited.
pub async fn reconcile_charges(state: &AppState, now: chrono::DateTime<Utc>) -> Result<usize, AppError> {
    let pending = sqlx::query!(
        r#"SELECT merchant_uid, created_at AS "created_at: chrono::DateTime<Utc>" FROM payments
           WHERE status = ? ORDER BY created_at LIMIT 200"#,
        PaymentStatus::Pending
    )
    .fetch_all(&state.db)
    .await?;
    let mut credited = 0;
    for p in pending {
        let (merchant_uid, created_at) = (p.merchant_uid, p.created_at);
        match settle(state, &merchant_uid, None).await {
            Ok(_) => credited += 1,
            Err(e) if e.kind == crate::error::ErrorKind::BadRequest && now - created_at > CHARGE_EXPIRY => {
                sqlx::query!(
                    "UPDATE payments SET status = ?, failure = 'unpaid within an hour' WHERE merchant_uid = ? AND status = ?",
                    PaymentStatus::Expired,
                    merchant_uid,
                    PaymentStatus::Pending
                )
                .execute(&state.db)
                .await?;
            }
            Err(e) if e.kind == crate::error::ErrorKind::BadRequest => {}
            Err(e) => tracing::warn!(merchant_uid, error = %e.message, "charge still unsettled"),
        }
    }
    Ok(credited)
}

/// Asks for a refund of an unused charge: only the caller's own paid charge, only while its amount is
/// still available. Records the intent, then calls the gateway (retried later if that fails).
pub async fn request_refund(state: &AppState, user_id: u64, merchant_uid: &str) -> Result<(), AppError> {
    gateway(state)?;
    let mut tx = state.db.begin().await?;
    let row = sqlx::query!(
        r#"SELECT user_id, amount AS "amount: Won", status AS "status: PaymentStatus" FROM payments WHERE merchant_uid = ? FOR UPDATE"#,
        merchant_uid
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row.filter(|r| r.user_id == user_id) else {
        return Err(AppError::not_found(crate::i18n::Key::ErrChargeNotFound));
    };
    if row.status != PaymentStatus::Paid {
        return Err(AppError::conflict(crate::i18n::Key::ErrChargeNotRefundable));
    }
    ledger::post(&mut tx, &money::refund_request(user_id, row.amount)?, &Reference { kind: "payment", id: merchant_uid.to_string() })
        .await
        .map_err(
            |e| {
                if e.kind == crate::error::ErrorKind::BadRequest {
                    AppError::conflict(crate::i18n::Key::ErrChargeSpent)
                } else {
                    e
                }
            },
        )?;
    sqlx::query!(
        "UPDATE payments SET status = ?, refund_requested_at = ? WHERE merchant_uid = ?",
        PaymentStatus::RefundRequested,
        Utc::now(),
        merchant_uid
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if let Err(e) = process_refund(state, merchant_uid).await {
        tracing::warn!(merchant_uid, error = %e.message, "refund will be retried");
    }
    Ok(())
}

/// Completes one requested refund: looks the payment up, cancels it unless already cancelled, then
/// moves `refunding` back to the gateway. Safe to run any number of times, from any number of instances:
/// one attempt per payment runs at a time (a named lock across instances), and it reads the payment's
/// status only once it holds the lock. Two attempts at once would both see the payment `paid` and both
/// cancel it; the gateway answers the second "already cancelled", a refusal that would end the refund as
/// failed and return the points to the wallet after the money went back to the card.
pub async fn process_refund(state: &AppState, merchant_uid: &str) -> Result<(), AppError> {
    let Some(turn) = crate::server::db::NamedLock::try_acquire(&state.db, &format!("refund:{merchant_uid}")).await? else {
        // Another instance is completing this refund right now.
        return Ok(());
    };
    let result = attempt_refund(state, merchant_uid).await;
    turn.release().await;
    result
}

async fn attempt_refund(state: &AppState, merchant_uid: &str) -> Result<(), AppError> {
    let gw = gateway(state)?;
    let row = sqlx::query!(
        r#"SELECT user_id, amount, imp_uid, status AS "status: PaymentStatus" FROM payments WHERE merchant_uid = ?"#,
        merchant_uid
    )
    .fetch_optional(&state.db)
    .await?;
    let Some((user_id, amount, Some(imp_uid), status)) = row.map(|r| (r.user_id, r.amount, r.imp_uid, r.status)) else {
        return Err(AppError::internal(format!("refund of unknown payment {merchant_uid}")));
    };
    if status != PaymentStatus::RefundRequested {
        return Ok(());
    }
    let attempt = async {
        let current = gw.payment(&imp_uid).await?;
        if current.status != "cancelled" {
            gw.cancel(&imp_uid, amount, "미사용 포인트 환불").await?; // not-ui-text: the reason recorded at the (Korean) payment gateway
        }
        Ok::<(), GatewayError>(())
    };
    match attempt.await {
        Ok(()) => {}
        Err(GatewayError::Refused(reason)) => return finish_refund(state, merchant_uid, user_id, amount, RefundEnd::Failed(&reason)).await,
        Err(GatewayError::Unavailable(e)) => {
            sqlx::query!("UPDATE payments SET refund_attempts = refund_attempts + 1 WHERE merchant_uid = ?", merchant_uid)
                .execute(&state.db)
                .await?;
            let attempts = sqlx::query_scalar!("SELECT refund_attempts FROM payments WHERE merchant_uid = ?", merchant_uid)
                .fetch_one(&state.db)
                .await?;
            if attempts >= MAX_REFUND_ATTEMPTS {
                let reason = format!("gateway unreachable after {attempts} attempts: {e}");
                return finish_refund(state, merchant_uid, user_id, amount, RefundEnd::Failed(&reason)).await;
            }
            return Err(AppError::unavailable(crate::i18n::Key::ErrRefundFailed));
        }
    }
    finish_refund(state, merchant_uid, user_id, amount, RefundEnd::Refunded).await
}

/// How a requested refund ends.
enum RefundEnd<'a> {
    /// The gateway cancelled the payment: `refunding` goes back to the gateway.
    Refunded,
    /// It cannot happen: `refunding` goes back to the member's wallet, and the charge shows why.
    Failed(&'a str),
}

/// Ends a requested refund in one transaction under the payment's lock: the ledger posting and the
/// payment's new status together. Safe to run twice (the second finds it no longer requested).
async fn finish_refund(state: &AppState, merchant_uid: &str, user_id: u64, amount: u64, end: RefundEnd<'_>) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    if lock_status(&mut tx, merchant_uid).await? != PaymentStatus::RefundRequested {
        return Ok(());
    }
    let amount = Won(amount);
    let reference = Reference { kind: "payment", id: merchant_uid.to_string() };
    match end {
        RefundEnd::Refunded => {
            ledger::post(&mut tx, &money::refund(user_id, amount)?, &reference).await?;
            sqlx::query!(
                "UPDATE payments SET status = ?, refunded_at = ? WHERE merchant_uid = ?",
                PaymentStatus::Refunded,
                Utc::now(),
                merchant_uid
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(user_id, merchant_uid, amount = amount.0, "refund completed");
        }
        RefundEnd::Failed(reason) => {
            ledger::post(&mut tx, &money::refund_revert(user_id, amount)?, &reference).await?;
            let reason: String = reason.chars().take(200).collect();
            sqlx::query!(
                "UPDATE payments SET status = ?, refund_failure = ? WHERE merchant_uid = ?",
                PaymentStatus::RefundFailed,
                reason,
                merchant_uid
            )
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::warn!(user_id, merchant_uid, amount = amount.0, reason, "refund failed for good; points returned to the wallet");
        }
    }
    Ok(())
}

/// Refund attempts (about one a minute) before a refund the gateway cannot be reached for is given up.
pub const MAX_REFUND_ATTEMPTS: u32 = 60;

/// Retries every requested refund; returns how many completed.
pub async fn reconcile_refunds(state: &AppState) -> Result<usize, AppError> {
    let pending = sqlx::query_scalar!(
        "SELECT merchant_uid FROM payments WHERE status = ? ORDER BY refund_requested_at LIMIT 100",
        PaymentStatus::RefundRequested
    )
    .fetch_all(&state.db)
    .await?;
    let mut done = 0;
    for merchant_uid in pending {
        match process_refund(state, &merchant_uid).await {
            Ok(()) => done += 1,
            Err(e) => tracing::warn!(merchant_uid, error = %e.message, "refund still pending"),
        }
    }
    Ok(done)
}

/// Runs [`reconcile_charges`] and [`reconcile_refunds`] at start-up and every minute.
pub async fn reconcile_forever(state: AppState) {
    loop {
        if let Err(e) = reconcile_charges(&state, Utc::now()).await {
            tracing::warn!(error = %e.message, "charge reconciliation failed");
        }
        if let Err(e) = reconcile_refunds(&state).await {
            tracing::warn!(error = %e.message, "refund reconciliation failed");
        }
        if !state.live.idle(std::time::Duration::from_secs(60)).await {
            return;
        }
    }
}
