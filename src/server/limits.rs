//! Every rate limit in one place: what it counts, per whom, and in which window. Windows are fixed: the
//! first hit opens one, and it ends on time however steady the traffic inside it (`Redis::hit_window`).
//! Client addresses are bucketed (IPv6 by /64), so one host cannot step around a limit by rotating
//! through the addresses of its own network.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use crate::error::AppError;
use crate::server::AppState;

/// A limit: at most `max` hits per `window` for each subject.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// Searches and suggestion lookups, per client.
pub const SEARCH: Limit = Limit { name: "search", max: 240, window: MINUTE };
/// "Is this e-mail / nickname free?" probes, per client: enough for typing, not for enumerating members.
pub const EXISTENCE_CHECKS: Limit = Limit { name: "exists", max: 30, window: MINUTE };
/// Comments posted or edited, per member.
pub const COMMENTS: Limit = Limit { name: "comment", max: 10, window: MINUTE };
/// Likes and unlikes, per member.
pub const LIKES: Limit = Limit { name: "like", max: 60, window: MINUTE };
/// Artwork photos, per member (ten works of ten photos, with room for retries).
pub const ARTWORK_IMAGES: Limit = Limit { name: "artwork-image", max: 120, window: HOUR };
/// Review photos, per member.
pub const REVIEW_IMAGES: Limit = Limit { name: "review-image", max: 30, window: HOUR };
/// Certificate PDFs made, per client (each costs a font subset and a few milliseconds of CPU).
pub const CERTIFICATE_PDFS: Limit = Limit { name: "certificate-pdf", max: 30, window: MINUTE };
/// Public receipt and certificate checks, per client.
pub const VERIFICATIONS: Limit = Limit { name: "verify", max: 60, window: MINUTE };
/// Handover codes entered for pick-up orders, per artist (a six-digit code cannot be guessed at this pace).
pub const HANDOVER_CODES: Limit = Limit { name: "handover", max: 10, window: HOUR };
/// Reports (신고), per member.
pub const REPORTS: Limit = Limit { name: "report", max: 10, window: HOUR };
/// Avatar changes, per member.
pub const AVATARS: Limit = Limit { name: "avatar", max: 20, window: HOUR };

/// Log-in attempts (`auth/throttle.rs`, one Redis script that counts before the password is checked):
/// per account and per client, the [`log_in::FREE_ATTEMPTS`]th attempt within [`log_in::WINDOW_SECS`]
/// locks the subject for [`log_in::FIRST_LOCK_SECS`], doubling with each further one up to
/// [`log_in::MAX_LOCK_SECS`]; without Redis, [`log_in::FALLBACK_WINDOW`] windows in the process.
pub mod log_in {
    pub const FREE_ATTEMPTS: i64 = 5;
    pub const FIRST_LOCK_SECS: i64 = 30;
    pub const MAX_LOCK_SECS: i64 = 900;
    pub const WINDOW_SECS: i64 = 3600;
    pub const FALLBACK_WINDOW: std::time::Duration = std::time::Duration::from_secs(900);
}

/// One-time codes by SMS (`auth/otp.rs`) and e-mail (`accounts/email_verification.rs`): one send a
/// minute and [`codes::DAILY_SENDS`] a day per recipient (phone, or account for e-mail) and per client
/// (each channel counted apart); [`codes::MAX_WRONG_TRIES`] wrong entries kill a code.
pub mod codes {
    pub const DAILY_SENDS: u32 = 10;
    pub const MAX_WRONG_TRIES: u32 = 5;
    /// How long an SMS code is valid (the rulebook's 3 minutes).
    pub const SMS_CODE_TTL_SECS: u64 = crate::domain::account::OTP_TTL_SECS as u64;
    /// How long an e-mail code is valid (mail is slower than a text).
    pub const EMAIL_CODE_TTL_SECS: u64 = 30 * 60;
    /// How long a verified SMS code stays usable for the step that needs it (sign-up, reset).
    pub const PROOF_TTL_SECS: u64 = 600;
}

/// Bids and buy-now attempts, per member (`auction.max_bids_per_minute` in Leptos.toml).
pub fn bids(state: &AppState) -> Limit {
    Limit { name: "bid", max: state.settings.auction.max_bids_per_minute, window: MINUTE }
}

/// Who a limit counts.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Member(u64),
    Client(IpAddr),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Member(id) => write!(f, "u{id}"),
            Subject::Client(ip) => write!(f, "ip{}", client_bucket(*ip)),
        }
    }
}

/// The unit that per-address limits count: an IPv4 address, or an IPv6 /64 (what one subscriber
/// usually holds). An IPv4 address mapped into IPv6 counts as itself.
pub fn client_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// `take` for the client of the server function being answered (its address, behind trusted proxies).
pub async fn take_for_client(state: &AppState, limit: Limit) -> Result<(), AppError> {
    take(state, limit, Subject::Client(crate::server::auth::session::client_ip().await)).await
}

/// Counts one hit of `subject` against `limit`; 429 with a Korean message when it is over.
/// Fails open when Redis is unreachable (see `Redis::within_limit`).
pub async fn take(state: &AppState, limit: Limit, subject: Subject) -> Result<(), AppError> {
    let key = format!("rl:{}:{subject}", limit.name);
    if state.redis.within_limit(&key, limit.max, limit.window.as_secs().max(1)).await {
        Ok(())
    } else {
        Err(AppError::too_many_requests())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_by_their_slash_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_bucket(a), client_bucket(b));
        assert_ne!(client_bucket(a), client_bucket(c));
        assert_eq!(client_bucket("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(client_bucket("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(Subject::Client(a).to_string(), "ip2001:db8:1:2::/64");
        assert_eq!(Subject::Member(7).to_string(), "u7");
    }
}
