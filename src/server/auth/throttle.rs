//! The log-in throttle. Every attempt is *taken* — counted, atomically, in one Redis script — before the
//! password is checked, so a burst of parallel guesses cannot all slip past a lock that only the
//! finished checks would set. Two subjects are counted: the account (by user id once the address is
//! found, so every spelling the database treats as equal shares one count; a normalised address
//! otherwise) and the client (its address, IPv6 by /64). The fifth attempt of a subject within an hour
//! locks it for 30 s; each later one that gets through doubles the lock, up to 15 minutes. A successful
//! log-in clears the account's count and takes its own attempt back from the client's, so a school's
//! shared address is not locked by its members' successes.

use std::net::IpAddr;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::{AppError, ErrorKind};
use crate::server::limits::client_bucket;
use crate::server::redis::Redis;

pub use crate::server::limits::log_in::{FALLBACK_WINDOW, FIRST_LOCK_SECS, FREE_ATTEMPTS, MAX_LOCK_SECS, WINDOW_SECS};

/// What an account is counted by.
#[derive(Debug, Clone)]
pub enum Account {
    Id(u64),
    /// No account has this address: counted by its normalised form.
    Unknown(String),
}

impl Account {
    fn key(&self) -> String {
        match self {
            Account::Id(id) => format!("acct:{id}"),
            Account::Unknown(email) => format!("email:{}", normalise_email(email)),
        }
    }
}

/// The attempts taken for one log-in: the keys to settle when it succeeds.
pub struct Attempt {
    account: String,
    client: String,
}

fn tries(subject: &str) -> String {
    format!("auth:tries:{subject}")
}

fn lock(subject: &str) -> String {
    format!("auth:lock:{subject}")
}

/// Refuses when either subject is locked; otherwise counts one attempt for both and, from the fifth on,
/// locks each subject that reached it (the attempt itself goes ahead). Returns 1 or 0.
const TAKE_SCRIPT: &str = r#"
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i + 1]) == 1 then return 0 end
end
local free, first, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 1, #KEYS, 2 do
  local n = redis.call('INCR', KEYS[i])
  if n == 1 then redis.call('EXPIRE', KEYS[i], window) end
  if n >= free then
    local secs = math.min(first * 2 ^ math.min(n - free, 5), max)
    redis.call('SET', KEYS[i + 1], '1', 'EX', secs)
  end
end
return 1
"#;

fn throttled() -> AppError {
    AppError::new(ErrorKind::TooManyRequests, crate::i18n::Key::ErrTooManyLogins)
}

/// Takes one attempt for `account` from `client`, or answers 429 while either is locked. While Redis is
/// unreachable, attempts are counted in this process instead ([`FREE_ATTEMPTS`] per account and ten
/// times that per client in 15 minutes), so log-in keeps working and guessing stays bounded.
pub async fn take(redis: &Redis, account: &Account, client: IpAddr) -> Result<Attempt, AppError> {
    let attempt = Attempt { account: account.key(), client: format!("ip:{}", client_bucket(client)) };
    match take_in_redis(redis, &attempt).await {
        Ok(true) => Ok(attempt),
        Ok(false) => Err(throttled()),
        Err(e) => {
            tracing::warn!(error = %e, "log-in attempts counted in this process: Redis is unreachable");
            let account_hits = redis.local().hit(&tries(&attempt.account), FALLBACK_WINDOW);
            let client_hits = redis.local().hit(&tries(&attempt.client), FALLBACK_WINDOW);
            if account_hits as i64 > FREE_ATTEMPTS || client_hits as i64 > FREE_ATTEMPTS * 10 {
                Err(throttled())
            } else {
                Ok(attempt)
            }
        }
    }
}

async fn take_in_redis(redis: &Redis, attempt: &Attempt) -> redis::RedisResult<bool> {
    let mut conn = redis.conn();
    let allowed: i64 = redis::Script::new(TAKE_SCRIPT)
        .key(tries(&attempt.account))
        .key(lock(&attempt.account))
        .key(tries(&attempt.client))
        .key(lock(&attempt.client))
        .arg(FREE_ATTEMPTS)
        .arg(FIRST_LOCK_SECS)
        .arg(MAX_LOCK_SECS)
        .arg(WINDOW_SECS)
        .invoke_async(&mut conn)
        .await?;
    Ok(allowed == 1)
}

/// The password was right: the account starts afresh, and the client's count forgets this attempt.
/// Never fails the log-in: without Redis only this process's count is cleared.
pub async fn succeeded(redis: &Redis, attempt: Attempt) -> Result<(), AppError> {
    redis.local().forget(&tries(&attempt.account));
    let mut conn = redis.conn();
    let cleared = redis::Script::new(SUCCEEDED_SCRIPT)
        .key(tries(&attempt.account))
        .key(lock(&attempt.account))
        .key(tries(&attempt.client))
        .invoke_async::<()>(&mut conn)
        .await;
    if let Err(e) = cleared {
        tracing::warn!(error = %e, "log-in counts not cleared: Redis is unreachable");
    }
    Ok(())
}

const SUCCEEDED_SCRIPT: &str = r#"
redis.call('DEL', KEYS[1], KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 1 then redis.call('DECR', KEYS[3]) else redis.call('DEL', KEYS[3]) end
"#;

/// An address as the throttle counts it when no account has it: lower-cased, compatibility-decomposed,
/// without combining marks and without characters that are invisible or ignored in comparison
/// (zero-width spaces, joiners, soft hyphens, BOMs), so `vìctim@x.kr` and `victim\u{200B}@x.kr` count as
/// `victim@x.kr`, as the database's accent-insensitive collation would match them.
pub fn normalise_email(email: &str) -> String {
    email.trim().nfkd().filter(|c| !is_combining_mark(*c) && !is_ignorable(*c) && !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn is_ignorable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}')
        || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_the_collation_treats_as_equal_normalise_to_one_address() {
        for spelling in [
            "victim@x.kr",
            "VICTIM@X.KR",
            "vìctim@x.kr",
            "victim\u{200B}@x.kr",
            " vi\u{00AD}ctim@x.kr",
            "ｖｉｃｔｉｍ@x.kr",
            "vic\u{0301}tim@x.kr",
        ] {
            assert_eq!(normalise_email(spelling), "victim@x.kr", "{spelling:?}");
        }
        assert_ne!(normalise_email("victor@x.kr"), "victim@x.kr");
    }
}
