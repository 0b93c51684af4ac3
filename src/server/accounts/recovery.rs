//! Account recovery, each step only after a code sent to the account's own phone: find my e-mail
//! (answered masked) and reset the password (which also ends every session of the account).
//! Answers never reveal whether a phone or e-mail is registered.

use std::net::IpAddr;

use chrono::Utc;

use crate::domain::account::{Email, Password, PhoneNumber};
use crate::error::AppError;
use crate::server::auth::otp::{self, Purpose};
use crate::server::AppState;

/// Sends a recovery code when an account matches (`email` is required for a password reset). The
/// answer is the same either way, so nobody can probe which numbers have accounts; the send limits
/// apply to every attempt.
pub async fn send_code(state: &AppState, purpose: Purpose, phone: &PhoneNumber, email: Option<&Email>, ip: IpAddr) -> Result<(), AppError> {
    let sms = state.sms.clone().ok_or_else(|| AppError::unavailable(crate::i18n::Key::ErrSmsUnavailable))?;
    let matches = account_with(state, phone, email).await?.is_some();
    if matches {
        otp::send_code(&state.redis, sms.as_ref(), purpose, phone, ip).await
    } else {
        // Count the attempt against the same limits without sending anything.
        otp::count_send(&state.redis, phone, ip).await
    }
}

async fn account_with(state: &AppState, phone: &PhoneNumber, email: Option<&Email>) -> Result<Option<(u64, String)>, AppError> {
    let row = sqlx::query!("SELECT id, email FROM users WHERE phone_e164 = ?", phone.as_e164()).fetch_optional(&state.db).await?;
    Ok(row.filter(|r| email.is_none_or(|e| e.as_str() == r.email)).map(|r| (r.id, r.email)))
}

fn not_verified() -> AppError {
    AppError::bad_request(crate::i18n::Key::ErrPhoneFirst)
}

/// The masked e-mail of the account on `phone`, after a verified find-e-mail code.
pub async fn find_email(state: &AppState, phone: &PhoneNumber, holder: &otp::Holder) -> Result<String, AppError> {
    if !otp::take_proof(&state.redis, Purpose::FindEmail, phone, holder).await? {
        return Err(not_verified());
    }
    let (_, email) = account_with(state, phone, None).await?.ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrNoAccountForPhone))?;
    Ok(Email::parse(&email).map(|e| e.masked()).unwrap_or_else(|_| "***".into()))
}

/// Sets a new password after a verified reset code; every refresh family of the account is revoked
/// and access tokens issued before now stop working.
pub async fn reset_password(
    state: &AppState,
    email: &Email,
    phone: &PhoneNumber,
    new_password: &str,
    holder: &otp::Holder,
) -> Result<(), AppError> {
    let new_password = Password::parse(new_password, Some(email)).map_err(AppError::bad_request)?;
    if !otp::has_proof(&state.redis, Purpose::ResetPassword, phone, holder).await? {
        return Err(not_verified());
    }
    let (user_id, _) =
        account_with(state, phone, Some(email)).await?.ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrNoMatchingAccount))?;
    let hash = state.passwords.hash(&new_password).await?;
    set_password(state, user_id, &hash).await?;
    otp::take_proof(&state.redis, Purpose::ResetPassword, phone, holder).await?;
    tracing::info!(user_id, "password reset by phone verification");
    Ok(())
}

/// Stores a new hash and ends every session of the account, in one transaction.
/// Returns the moment of the change; sessions opened afterwards must be issued later than it.
pub async fn set_password(state: &AppState, user_id: u64, hash: &str) -> Result<chrono::DateTime<Utc>, AppError> {
    let now = Utc::now();
    let mut tx = state.db.begin().await?;
    sqlx::query!("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", hash, now, user_id).execute(&mut *tx).await?;
    sqlx::query!("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(now)
}
