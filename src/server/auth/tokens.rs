//! Access and refresh tokens: HS256 JWTs. Access tokens live 15 minutes; refresh tokens 14 days and
//! rotate on every use (their state is in `refresh_tokens`). Logged-out token ids are kept in MySQL
//! (`revoked_tokens`) until they would have expired anyway, so they stay refused while Redis is down.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const ACCESS_TTL: Duration = Duration::minutes(15);
pub const REFRESH_TTL: Duration = Duration::days(14);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Refresh,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id (a string, as JWT requires).
    pub sub: String,
    pub jti: String,
    pub typ: TokenKind,
    /// Refresh-token family (refresh tokens only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fam: Option<String>,
    pub iat: i64,
    /// Issue time in milliseconds: a password change refuses tokens issued before it, even in the same second.
    #[serde(default)]
    pub iat_ms: i64,
    pub exp: i64,
}

impl Claims {
    pub fn user_id(&self) -> Option<u64> {
        self.sub.parse().ok()
    }

    /// When the token was issued, to the millisecond.
    pub fn issued_at_ms(&self) -> i64 {
        if self.iat_ms > 0 {
            self.iat_ms
        } else {
            self.iat * 1000
        }
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.exp, 0).unwrap_or_else(Utc::now)
    }
}

/// Signs and checks tokens with the configured `JWT_SECRET`.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    pub fn issue(&self, user_id: u64, typ: TokenKind, family: Option<String>, now: DateTime<Utc>) -> (String, Claims) {
        let ttl = match typ {
            TokenKind::Access => ACCESS_TTL,
            TokenKind::Refresh => REFRESH_TTL,
        };
        let claims = Claims {
            sub: user_id.to_string(),
            jti: new_id(),
            typ,
            fam: family,
            iat: now.timestamp(),
            iat_ms: now.timestamp_millis(),
            exp: (now + ttl).timestamp(),
        };
        // HS256 over serialisable claims cannot fail.
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).expect("HS256 signing of plain claims");
        (token, claims)
    }

    /// Checks signature, expiry and kind. Any failure is the same "not logged in" to the caller.
    pub fn verify(&self, token: &str, typ: TokenKind) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?.claims;
        (claims.typ == typ).then_some(claims)
    }
}

/// 128 random bits as 32 hex characters.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Revokes a token id until the token's own expiry (log-out). Idempotent.
pub async fn revoke(db: &sqlx::MySqlPool, claims: &Claims, now: DateTime<Utc>) -> Result<(), AppError> {
    let expires_at = claims.expires_at();
    if expires_at > now {
        sqlx::query!("INSERT IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)", claims.jti, expires_at).execute(db).await?;
    }
    Ok(())
}

/// Whether a token id was revoked (log-out).
pub async fn is_revoked(db: &sqlx::MySqlPool, jti: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!("SELECT 1 AS one FROM revoked_tokens WHERE jti = ?", jti).fetch_optional(db).await?.is_some())
}

/// Forgets revocations of tokens that have expired anyway (every 10 minutes, with the session sweep).
pub async fn forget_expired_revocations(db: &sqlx::MySqlPool, now: DateTime<Utc>) -> Result<u64, AppError> {
    Ok(sqlx::query!("DELETE FROM revoked_tokens WHERE expires_at < ?", now).execute(db).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_the_right_key_kind_and_time() {
        let keys = TokenKeys::new(&[7u8; 32]);
        let now = Utc::now();
        let (access, claims) = keys.issue(42, TokenKind::Access, None, now);
        assert_eq!(keys.verify(&access, TokenKind::Access), Some(claims.clone()));
        assert_eq!(claims.exp - claims.iat, 15 * 60);
        assert_eq!(keys.verify(&access, TokenKind::Refresh), None, "kinds do not mix");
        assert_eq!(TokenKeys::new(&[8u8; 32]).verify(&access, TokenKind::Access), None, "foreign key");
        let (old, _) = keys.issue(42, TokenKind::Access, None, now - Duration::minutes(16));
        assert_eq!(keys.verify(&old, TokenKind::Access), None, "expired");
        let mut tampered = access.clone();
        tampered.insert(tampered.len() / 2, 'x');
        assert_eq!(keys.verify(&tampered, TokenKind::Access), None);
        let (refresh, rc) = keys.issue(42, TokenKind::Refresh, Some("fam".into()), now);
        assert_eq!(rc.exp - rc.iat, 14 * 86_400);
        assert_eq!(keys.verify(&refresh, TokenKind::Refresh).unwrap().fam.as_deref(), Some("fam"));
    }
}
