//! Phone verification codes: 6 digits from the OS CSPRNG, kept in Redis for 3 minutes, deleted on
//! success, at most 5 wrong tries per code, and at most 1 send per minute and 10 per day for each phone
//! and each client IP.

use std::net::IpAddr;

use chrono::Utc;
use rand::Rng;
use redis::AsyncCommands;

use crate::domain::account::PhoneNumber;
use crate::error::AppError;
use crate::server::redis::Redis;
use crate::server::sms::SmsSender;

pub const CODE_TTL_SECS: u64 = crate::domain::account::OTP_TTL_SECS as u64;
pub const MAX_WRONG_TRIES: u32 = 5;
pub const DAILY_SENDS: u32 = 10;
/// How long a successful verification stays usable for the step that needs it (sign-up, reset).
pub const PROOF_TTL_SECS: u64 = 600;

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
    let text = format!("[Artipul] 인증번호 {code} (3분 안에 입력해 주세요)");
    sms.send(phone, &text).await.map_err(|e| {
        tracing::error!(error = %e, "sms delivery failed");
        AppError::unavailable("인증번호를 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })
}

/// Counts one send for `phone` and `client_ip`, refusing when either is over its limits (1 per minute,
/// 10 per day). Recovery uses it on its own when no account matches, so probing costs the same quota.
pub async fn count_send(redis: &Redis, phone: &PhoneNumber, client_ip: IpAddr) -> Result<(), AppError> {
    let mut conn = redis.conn();
    let day = Utc::now().with_timezone(&crate::domain::time::DISPLAY_TZ).format("%Y%m%d").to_string();
    let (phone_id, ip_id) = (format!("phone:{}", phone.as_e164()), format!("ip:{client_ip}"));
    let allowed: i64 = redis::Script::new(SEND_LIMIT_SCRIPT)
        .key(format!("otp:minute:{phone_id}"))
        .key(format!("otp:minute:{ip_id}"))
        .key(format!("otp:day:{day}:{phone_id}"))
        .key(format!("otp:day:{day}:{ip_id}"))
        .arg(DAILY_SENDS)
        .invoke_async(&mut conn)
        .await?;
    match allowed {
        1 => {}
        -1 => {
            return Err(AppError::new(
                crate::error::ErrorKind::TooManyRequests,
                "인증번호는 1분에 한 번만 보낼 수 있습니다. 잠시 후 다시 시도해 주세요.",
            ))
        }
        _ => {
            return Err(AppError::new(
                crate::error::ErrorKind::TooManyRequests,
                "오늘은 인증번호를 더 보낼 수 없습니다. 내일 다시 시도해 주세요.",
            ))
        }
    }
    Ok(())
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

/// Atomically checks a code: success deletes it; a wrong code counts a try; the fifth wrong try deletes it.
const VERIFY_SCRIPT: &str = r#"
local code = redis.call('HGET', KEYS[1], 'code')
if not code then return -1 end
if code == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
  return 1
end
local wrong = redis.call('HINCRBY', KEYS[1], 'wrong', 1)
if wrong >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return -2
end
return 0
"#;

/// Verifies `code` for `phone`. On success a short-lived proof is recorded for [`take_proof`].
pub async fn verify_code(redis: &Redis, purpose: Purpose, phone: &PhoneNumber, code: &str) -> Result<(), AppError> {
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::bad_request("인증번호 6자리 숫자를 입력해 주세요."));
    }
    let mut conn = redis.conn();
    let outcome: i64 = redis::Script::new(VERIFY_SCRIPT)
        .key(code_key(purpose, phone))
        .key(proof_key(purpose, phone))
        .arg(code)
        .arg(MAX_WRONG_TRIES)
        .arg(PROOF_TTL_SECS)
        .invoke_async(&mut conn)
        .await?;
    match outcome {
        1 => Ok(()),
        0 => Err(AppError::bad_request("인증번호가 일치하지 않습니다.")),
        -2 => Err(AppError::bad_request("인증번호를 5회 잘못 입력했습니다. 인증번호를 다시 받아 주세요.")),
        _ => Err(AppError::bad_request("인증번호가 만료되었습니다. 인증번호를 다시 받아 주세요.")),
    }
}

/// True when `phone` was verified for `purpose` within the last 10 minutes (the proof is not used up).
pub async fn has_proof(redis: &Redis, purpose: Purpose, phone: &PhoneNumber) -> Result<bool, AppError> {
    let mut conn = redis.conn();
    Ok(conn.exists(proof_key(purpose, phone)).await?)
}

/// Consumes the proof that `phone` was verified for `purpose` (once).
pub async fn take_proof(redis: &Redis, purpose: Purpose, phone: &PhoneNumber) -> Result<bool, AppError> {
    let mut conn = redis.conn();
    let removed: u32 = conn.del(proof_key(purpose, phone)).await?;
    Ok(removed == 1)
}

#[cfg(test)]
mod tests;
