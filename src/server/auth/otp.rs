//! Phone verification codes: 6 digits from the OS CSPRNG, kept in Redis for 3 minutes, deleted on
//! success, at most 5 wrong tries per code, and at most 1 send per minute and 10 per day for each phone
//! and each client IP.
//!
//! A verified code leaves a proof that only the client that entered it holds: a random token, kept
//! with the proof in Redis and in that browser's server-side session. The step that needs the proof
//! (sign-up, finding the e-mail, a password reset) presents the token of its own session, so knowing
//! someone's phone number and e-mail is never enough to use the code they entered.

use std::net::IpAddr;

use chrono::Utc;
use rand::Rng;
use redis::AsyncCommands;

use crate::domain::account::PhoneNumber;
use crate::error::AppError;
use crate::i18n::Key;
use crate::server::redis::Redis;
use crate::server::sms::SmsSender;

pub use crate::server::limits::codes::{DAILY_SENDS, MAX_WRONG_TRIES, PROOF_TTL_SECS, SMS_CODE_TTL_SECS as CODE_TTL_SECS};

/// What a code is for; codes and proofs of one purpose never satisfy another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    FindEmail,
    ResetPassword,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::SignUp => "signup",
            Purpose::FindEmail => "find-email",
            Purpose::ResetPassword => "reset-password",
        }
    }
}

fn code_key(purpose: Purpose, phone: &PhoneNumber) -> String {
    format!("otp:code:{}:{}", purpose.key(), phone.as_e164())
}

fn proof_key(purpose: Purpose, phone: &PhoneNumber) -> String {
    format!("otp:proof:{}:{}", purpose.key(), phone.as_e164())
}

/// Sends a new code to `phone`, replacing any earlier one, within the send limits.
pub async fn send_code(
    redis: &Redis,
    sms: &dyn SmsSender,
    purpose: Purpose,
    phone: &PhoneNumber,
    client_ip: IpAddr,
) -> Result<(), AppError> {
    count_send(redis, phone, client_ip).await?;
    let mut conn = redis.conn();
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let key = code_key(purpose, phone);
    redis::pipe()
        .atomic()
        .del(&key)
        .hset(&key, "code", &code)
        .hset(&key, "wrong", 0)
        .expire(&key, CODE_TTL_SECS as i64)
        .query_async::<()>(&mut conn)
        .await?;
    let text = crate::i18n::Locale::current().sms_code(&code);
    sms.send(phone, &text).await.map_err(|e| {
        tracing::error!(error = %e, "sms delivery failed");
        AppError::unavailable(Key::ErrSmsFailed)
    })
}

/// Counts one send for `phone` and `client_ip`, refusing when either is over its limits (1 per minute,
/// 10 per day). Recovery uses it on its own when no account matches, so probing costs the same quota.
pub async fn count_send(redis: &Redis, phone: &PhoneNumber, client_ip: IpAddr) -> Result<(), AppError> {
    count_send_for(redis, "", &format!("phone:{}", phone.as_e164()), client_ip).await
}

/// Counts one send of a code to `recipient` (a phone, an account's e-mail) asked for by `client_ip`:
/// at most one a minute and [`DAILY_SENDS`] a day for each, counted atomically for both or neither.
/// Each `channel` (`""` for SMS, `"email:"`) counts a client separately, so the SMS code of a sign-up
/// does not hold up the e-mail code that follows it.
pub async fn count_send_for(redis: &Redis, channel: &str, recipient: &str, client_ip: IpAddr) -> Result<(), AppError> {
    let mut conn = redis.conn();
    let day = Utc::now().with_timezone(&crate::domain::time::DISPLAY_TZ).format("%Y%m%d").to_string();
    let ip_id = format!("{channel}ip:{}", crate::server::limits::client_bucket(client_ip));
    let allowed: i64 = redis::Script::new(SEND_LIMIT_SCRIPT)
        .key(format!("otp:minute:{recipient}"))
        .key(format!("otp:minute:{ip_id}"))
        .key(format!("otp:day:{day}:{recipient}"))
        .key(format!("otp:day:{day}:{ip_id}"))
        .arg(DAILY_SENDS)
        .invoke_async(&mut conn)
        .await?;
    match allowed {
        1 => Ok(()),
        -1 => Err(AppError::new(crate::error::ErrorKind::TooManyRequests, Key::ErrCodeOncePerMinute)),
        _ => Err(AppError::new(crate::error::ErrorKind::TooManyRequests, Key::ErrCodeDailyLimit)),
    }
}

/// Checks both subjects' limits and, only when both allow it, counts the send for both — atomically,
/// so a refused send consumes nobody's quota.
const SEND_LIMIT_SCRIPT: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local limit = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[3]) or '0') >= limit or tonumber(redis.call('GET', KEYS[4]) or '0') >= limit then
  return -2
end
redis.call('SET', KEYS[1], '1', 'EX', 60)
redis.call('SET', KEYS[2], '1', 'EX', 60)
redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 86400)
redis.call('INCR', KEYS[4])
redis.call('EXPIRE', KEYS[4], 86400)
return 1
"#;

/// Atomically checks a code: success deletes it and records the proof with its holder's token; a wrong
/// code counts a try; the fifth wrong try deletes it.
const VERIFY_SCRIPT: &str = r#"
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return -1 end
if code == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[3])
  return 1
end
local wrong = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if wrong >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return -2
end
return 0
"#;

/// The token of a proof's holder: only the client that entered the code has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder(String);

impl Holder {
    /// Nobody: the holder of a client that never verified a code. Matches no proof.
    pub fn none() -> Self {
        Holder(String::new())
    }
}

/// Verifies `code` for `phone`. On success a short-lived proof is recorded for [`take_proof`], held by
/// the returned token.
pub async fn verify_code(redis: &Redis, purpose: Purpose, phone: &PhoneNumber, code: &str) -> Result<Holder, AppError> {
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::bad_request(Key::ErrCodeFormat));
    }
    let holder = Holder(crate::server::auth::tokens::new_id());
    let mut conn = redis.conn();
    let outcome: i64 = redis::Script::new(VERIFY_SCRIPT)
        .key(code_key(purpose, phone))
        .key(proof_key(purpose, phone))
        .arg(code)
        .arg(MAX_WRONG_TRIES)
        .arg(PROOF_TTL_SECS)
        .arg(&holder.0)
        .invoke_async(&mut conn)
        .await?;
    match outcome {
        1 => Ok(holder),
        0 => Err(AppError::bad_request(Key::ErrCodeWrong)),
        -2 => Err(AppError::bad_request(Key::ErrCodeBurnt)),
        _ => Err(AppError::bad_request(Key::ErrCodeExpired)),
    }
}

/// True when `phone` was verified for `purpose` within the last 10 minutes by `holder` (the proof is
/// not used up).
pub async fn has_proof(redis: &Redis, purpose: Purpose, phone: &PhoneNumber, holder: &Holder) -> Result<bool, AppError> {
    if holder.0.is_empty() {
        return Ok(false);
    }
    let mut conn = redis.conn();
    let stored: Option<String> = conn.get(proof_key(purpose, phone)).await?;
    Ok(stored.as_deref() == Some(holder.0.as_str()))
}

/// Consumes the proof that `phone` was verified for `purpose` by `holder` (once).
pub async fn take_proof(redis: &Redis, purpose: Purpose, phone: &PhoneNumber, holder: &Holder) -> Result<bool, AppError> {
    if holder.0.is_empty() {
        return Ok(false);
    }
    let mut conn = redis.conn();
    let removed: i64 = redis::Script::new(TAKE_PROOF_SCRIPT).key(proof_key(purpose, phone)).arg(&holder.0).invoke_async(&mut conn).await?;
    Ok(removed == 1)
}

/// Deletes the proof only when it is held by the token given.
const TAKE_PROOF_SCRIPT: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

fn session_key(purpose: Purpose) -> String {
    format!("otp_holder:{}", purpose.key())
}

/// Verifies `code` and keeps the proof's token in this browser's session (inside a server function).
pub async fn verify_in_session(redis: &Redis, purpose: Purpose, phone: &PhoneNumber, code: &str) -> Result<(), AppError> {
    use crate::server::web_session;
    let session = web_session::current().await?;
    let holder = verify_code(redis, purpose, phone, code).await?;
    web_session::put(&session, &session_key(purpose), &holder.0).await
}

/// The token this browser's session holds for `purpose` (inside a server function); [`Holder::none`]
/// when it verified nothing.
pub async fn session_holder(purpose: Purpose) -> Result<Holder, AppError> {
    use crate::server::web_session;
    let session = web_session::current().await?;
    Ok(web_session::get::<String>(&session, &session_key(purpose)).await?.map_or_else(Holder::none, Holder))
}

#[cfg(test)]
mod tests;
