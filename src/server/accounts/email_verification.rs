//! E-mail ownership. A member proves an address by entering the 6-digit code sent to it (at sign-up, on
//! every change of address, and on request); `users.email_verified_at` records it and a change of address
//! clears it. Social log-in links automatically only to a verified address (see `accounts`). Verifying
//! an address at a school domain (`accounts.school_email_domains`) earns the verified-student badge.
//!
//! Codes live in Redis for 30 minutes with the address they were sent to, so a code proves only that
//! address; 5 wrong tries delete it; sends count against the same limits as SMS codes (1 a minute,
//! 10 a day, per account and per client).

use std::net::IpAddr;

use rand::Rng;

use crate::domain::account::Email;
use crate::error::AppError;
use crate::i18n::Key;
use crate::server::auth::AuthUser;
use crate::server::email::OutgoingEmail;
use crate::server::AppState;

use crate::server::limits::codes::{EMAIL_CODE_TTL_SECS as CODE_TTL_SECS, MAX_WRONG_TRIES};

fn code_key(user_id: u64) -> String {
    format!("email:code:{user_id}")
}

/// Whether the account's address is verified, and the address.
async fn address(state: &AppState, user_id: u64) -> Result<(Email, bool), AppError> {
    let row = sqlx::query!("SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = ?", user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let email = Email::parse(&row.email).map_err(|_| AppError::internal("a stored e-mail no longer parses"))?;
    Ok((email, row.verified != 0))
}

pub async fn is_verified(state: &AppState, user_id: u64) -> Result<bool, AppError> {
    Ok(address(state, user_id).await?.1)
}

/// Sends a new code to the account's current address (replacing any earlier one), within the send
/// limits. Answers the masked address it went to.
pub async fn send_code(state: &AppState, user_id: u64, client_ip: IpAddr) -> Result<String, AppError> {
    let (email, verified) = address(state, user_id).await?;
    if verified {
        return Err(AppError::bad_request(Key::ErrEmailAlreadyVerified));
    }
    let sender = state.email.clone().ok_or_else(|| AppError::unavailable(Key::ErrEmailUnavailable))?;
    crate::server::auth::otp::count_send_for(&state.redis, "email:", &format!("email-account:{user_id}"), client_ip).await?;
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let key = code_key(user_id);
    let mut conn = state.redis.conn();
    redis::pipe()
        .atomic()
        .del(&key)
        .hset(&key, "code", &code)
        .hset(&key, "email", email.as_str())
        .hset(&key, "wrong", 0)
        .expire(&key, CODE_TTL_SECS as i64)
        .query_async::<()>(&mut conn)
        .await?;
    let mail = OutgoingEmail {
        to: email.clone(),
        subject: crate::i18n::Locale::current().email_code_subject(&code),
        text: crate::i18n::email_code_text(&code),
    };
    sender.send(&mail).await.map_err(|e| {
        tracing::error!(error = %e, "verification e-mail not delivered");
        AppError::unavailable(Key::ErrEmailFailed)
    })?;
    Ok(email.masked())
}

/// Atomically checks a code: success deletes it and answers the address it was sent to; a wrong code
/// counts a try; the fifth wrong try deletes it.
const VERIFY_SCRIPT: &str = r#"
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return {-1, ''} end
if code == ARGV[1] then
  local email = redis.call('HGET', KEYS[1], 'email')
  redis.call('DEL', KEYS[1])
  return {1, email}
end
local wrong = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if wrong >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return {-2, ''}
end
return {0, ''}
"#;

/// Checks `code` for the account. On success the address the code was sent to is verified — if it is
/// still the account's address — and, at a school domain, the verified-student badge is granted.
pub async fn verify(state: &AppState, user_id: u64, code: &str) -> Result<(), AppError> {
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::bad_request(Key::ErrCodeFormat));
    }
    let mut conn = state.redis.conn();
    let (outcome, sent_to): (i64, String) =
        redis::Script::new(VERIFY_SCRIPT).key(code_key(user_id)).arg(code).arg(MAX_WRONG_TRIES).invoke_async(&mut conn).await?;
    match outcome {
        1 => {}
        0 => return Err(AppError::bad_request(Key::ErrCodeWrong)),
        -2 => return Err(AppError::bad_request(Key::ErrCodeBurnt)),
        _ => return Err(AppError::bad_request(Key::ErrCodeExpired)),
    }
    let school = state.settings.accounts.is_school_email(&sent_to);
    let done = sqlx::query!(
        "UPDATE users SET email_verified_at = UTC_TIMESTAMP(6), student_verified = student_verified OR ?
         WHERE id = ? AND email = ? AND email_verified_at IS NULL",
        school,
        user_id,
        sent_to
    )
    .execute(&state.db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::bad_request(Key::ErrEmailChangedSince));
    }
    tracing::info!(user_id, school, "e-mail verified");
    Ok(())
}

/// Changes the account's address (the current password is required when the account has one). The
/// new address is unverified until its code is entered; a code is sent at once when the limits allow.
pub async fn change_email(
    state: &AppState,
    user_id: u64,
    new_email: &str,
    current_password: &str,
    client_ip: IpAddr,
) -> Result<(), AppError> {
    let email = Email::parse(new_email).map_err(AppError::bad_request)?;
    let row = sqlx::query!("SELECT email, password_hash FROM users WHERE id = ?", user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    if row.email.eq_ignore_ascii_case(email.as_str()) {
        return Err(AppError::bad_request(Key::ErrSameEmail));
    }
    if let Some(hash) = row.password_hash.as_deref() {
        if current_password.is_empty() {
            return Err(AppError::bad_request(Key::ErrCurrentPasswordRequired));
        }
        if !state.passwords.verify(current_password, hash).await? {
            return Err(AppError::bad_request(Key::ErrCurrentPasswordWrong));
        }
    }
    let changed =
        sqlx::query!("UPDATE users SET email = ?, email_verified_at = NULL WHERE id = ?", email.as_str(), user_id).execute(&state.db).await;
    if let Err(e) = changed {
        return Err(match crate::server::db::errors::violated_unique_key(&e).as_deref() {
            Some("uq_users_email") => AppError::conflict(Key::EmailTaken),
            _ => AppError::from(e),
        });
    }
    let mut conn = state.redis.conn();
    let _: () = redis::AsyncCommands::del(&mut conn, code_key(user_id)).await?;
    tracing::info!(user_id, "e-mail changed; verification pending");
    if let Err(e) = send_code(state, user_id, client_ip).await {
        // The change stands; the prompt on the profile offers to send the code again.
        tracing::info!(user_id, error = %e.message, "verification code not sent with the change");
    }
    Ok(())
}

/// An admin grants or revokes the verified-student badge, with a reason, audited in the same
/// transaction.
pub async fn set_student_badge(state: &AppState, admin: &AuthUser, nickname: &str, granted: bool, reason: &str) -> Result<(), AppError> {
    let reason = crate::server::moderation::admin_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let id = sqlx::query_scalar!("SELECT id FROM users WHERE nickname = ? FOR UPDATE", nickname)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(Key::ErrMemberNotFound))?;
    sqlx::query!("UPDATE users SET student_verified = ? WHERE id = ?", granted, id).execute(&mut *tx).await?;
    let action = if granted { "grant_student_badge" } else { "revoke_student_badge" };
    crate::server::moderation::audit(&mut tx, admin.id, action, "user", id, &reason).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
