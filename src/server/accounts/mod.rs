//! Accounts: sign-up (after phone verification), log-in with rate limiting, rotating refresh tokens with
//! reuse detection, log-out, and resolving the caller from an access token; e-mail ownership
//! (`email_verification`), the member's own profile (`profile`) and finding an account or resetting its
//! password (`recovery`).

pub mod email_verification;
pub mod profile;
pub mod recovery;
pub mod suspension;

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::domain::account::{College, Email, Nickname, Password, PhoneNumber, RealName};
use crate::error::{AppError, ErrorKind};
use crate::server::auth::otp::{self, Purpose};
use crate::server::auth::social::Identity;
use crate::server::auth::throttle;
use crate::server::auth::tokens::{self, Claims, TokenKind};
use crate::server::auth::AuthUser;
use crate::server::db::errors::violated_unique_key;
use crate::server::AppState;

/// A fresh token pair.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub access_claims: Claims,
    pub refresh: String,
    pub refresh_claims: Claims,
}

pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub nickname: Nickname,
    pub real_name: RealName,
    pub phone: PhoneNumber,
    pub college: Option<College>,
}

/// Creates the account. The phone must have been verified for sign-up moments before.
pub async fn sign_up(state: &AppState, new: NewAccount, holder: &otp::Holder) -> Result<u64, AppError> {
    if !otp::has_proof(&state.redis, Purpose::SignUp, &new.phone, holder).await? {
        return Err(AppError::bad_request(crate::i18n::Key::ErrPhoneFirst));
    }
    let hash = state.passwords.hash(&new.password).await?;
    let mut tx = state.db.begin().await?;
    let id = insert_user(state, &mut tx, &new.profile(), Some(&hash), false).await?;
    tx.commit().await?;
    otp::take_proof(&state.redis, Purpose::SignUp, &new.phone, holder).await?;
    Ok(id)
}

/// The fields every account has, whichever way it signed up.
pub struct NewProfile<'a> {
    pub email: &'a Email,
    pub nickname: &'a Nickname,
    pub real_name: &'a RealName,
    pub phone: &'a PhoneNumber,
    pub college: Option<&'a College>,
}

impl NewAccount {
    fn profile(&self) -> NewProfile<'_> {
        NewProfile {
            email: &self.email,
            nickname: &self.nickname,
            real_name: &self.real_name,
            phone: &self.phone,
            college: self.college.as_ref(),
        }
    }
}

/// Inserts a user with a verified phone; unique keys become Korean messages naming the clash.
/// `email_verified`: a social provider vouched for the address (a school address then earns the badge).
async fn insert_user(
    state: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::MySql>,
    new: &NewProfile<'_>,
    password_hash: Option<&str>,
    email_verified: bool,
) -> Result<u64, AppError> {
    let student = email_verified && state.settings.accounts.is_school_email(new.email.as_str());
    let inserted = sqlx::query!(
        "INSERT INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at, password_hash, college, student_verified)
         VALUES (?, IF(?, UTC_TIMESTAMP(6), NULL), ?, ?, ?, UTC_TIMESTAMP(6), ?, ?, ?)",
        new.email.as_str(),
        email_verified,
        new.nickname.as_str(),
        new.real_name.as_str(),
        new.phone.as_e164(),
        password_hash,
        new.college.map(College::as_str),
        student,
    )
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(done) => Ok(done.last_insert_id()),
        Err(e) => Err(match violated_unique_key(&e).as_deref() {
            Some("uq_users_email") => AppError::conflict(crate::i18n::Key::EmailTaken),
            Some("uq_users_nickname") => AppError::conflict(crate::i18n::Key::NicknameTaken),
            Some("uq_users_phone") => AppError::conflict(crate::i18n::Key::ErrPhoneTaken),
            _ => AppError::from(e),
        }),
    }
}

/// What a social log-in leads to.
pub enum SocialOutcome {
    LoggedIn(Box<Session>),
    /// A new identity: the person completes `/signup/social` before any account exists.
    NeedsOnboarding,
}

/// Logs in the account linked to `identity`; links an existing account only when the provider itself
/// verified the e-mail *and* the account proved it owns that address (`email_verified_at`): an
/// unverified account may be a squatter's. Otherwise asks for onboarding, where the owner of an
/// unverified account can prove it with its password instead (`link_pending_identity`).
pub async fn social_log_in(state: &AppState, identity: &Identity) -> Result<SocialOutcome, AppError> {
    let provider = identity.provider.key();
    let linked = sqlx::query_scalar!("SELECT user_id FROM social_accounts WHERE provider = ? AND subject = ?", provider, identity.subject)
        .fetch_optional(&state.db)
        .await?;
    let user_id = match (linked, &identity.email) {
        (Some(id), _) => id,
        (None, Some(email)) if identity.email_verified => {
            let Some(id) = sqlx::query_scalar!("SELECT id FROM users WHERE email = ? AND email_verified_at IS NOT NULL", email.as_str())
                .fetch_optional(&state.db)
                .await?
            else {
                return Ok(SocialOutcome::NeedsOnboarding);
            };
            let linked =
                sqlx::query!("INSERT INTO social_accounts (provider, subject, user_id) VALUES (?, ?, ?)", provider, identity.subject, id)
                    .execute(&state.db)
                    .await;
            if let Err(e) = linked {
                return Err(match violated_unique_key(&e).as_deref() {
                    Some("uq_social_accounts_user_provider") => {
                        AppError::conflict(crate::i18n::Msg::OtherIdentityLinked { provider: identity.provider })
                    }
                    // The same identity was linked a moment ago by a parallel callback: fine.
                    Some("PRIMARY") => AppError::conflict(crate::i18n::Key::ErrAlreadyLinked),
                    _ => AppError::from(e),
                });
            }
            tracing::info!(user_id = id, provider, "social identity linked by verified e-mail");
            id
        }
        (None, _) => return Ok(SocialOutcome::NeedsOnboarding),
    };
    Ok(SocialOutcome::LoggedIn(Box::new(open_session(state, user_id, None, Utc::now()).await?)))
}

/// Finishes a social sign-up: the phone was verified, so the account and its link are created together.
pub async fn complete_social_sign_up(
    state: &AppState,
    identity: &Identity,
    new: NewProfile<'_>,
    holder: &otp::Holder,
) -> Result<u64, AppError> {
    if !otp::has_proof(&state.redis, Purpose::SignUp, new.phone, holder).await? {
        return Err(AppError::bad_request(crate::i18n::Key::ErrPhoneFirst));
    }
    let vouched = identity.email_verified && identity.email.as_ref() == Some(new.email);
    let mut tx = state.db.begin().await?;
    let id = insert_user(state, &mut tx, &new, None, vouched).await?;
    let linked = sqlx::query!(
        "INSERT INTO social_accounts (provider, subject, user_id) VALUES (?, ?, ?)",
        identity.provider.key(),
        identity.subject,
        id
    )
    .execute(&mut *tx)
    .await;
    if let Err(e) = linked {
        return Err(match violated_unique_key(&e).as_deref() {
            Some("PRIMARY") => AppError::conflict(crate::i18n::Key::ErrSocialDone),
            _ => AppError::from(e),
        });
    }
    tx.commit().await?;
    otp::take_proof(&state.redis, Purpose::SignUp, new.phone, holder).await?;
    Ok(id)
}

/// After a password log-in (proof that the person owns the account), links the social identity this
/// browser brought back from its provider, if the provider vouched for exactly the account's address;
/// the address counts as verified from then on. Answers whether it linked.
pub async fn link_pending_identity(state: &AppState, user_id: u64, identity: &Identity) -> Result<bool, AppError> {
    let Some(email) = identity.email.as_ref().filter(|_| identity.email_verified) else { return Ok(false) };
    let mut tx = state.db.begin().await?;
    let owns = sqlx::query_scalar!("SELECT id FROM users WHERE id = ? AND email = ? FOR UPDATE", user_id, email.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !owns {
        return Ok(false);
    }
    let linked = sqlx::query!(
        "INSERT INTO social_accounts (provider, subject, user_id) VALUES (?, ?, ?)",
        identity.provider.key(),
        identity.subject,
        user_id
    )
    .execute(&mut *tx)
    .await;
    if let Err(e) = linked {
        return match violated_unique_key(&e).as_deref() {
            // Linked already, or this account has another identity of the provider: log-in stands, no link.
            Some("PRIMARY" | "uq_social_accounts_user_provider") => Ok(false),
            _ => Err(AppError::from(e)),
        };
    }
    let school = state.settings.accounts.is_school_email(email.as_str());
    sqlx::query!(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, UTC_TIMESTAMP(6)), student_verified = student_verified OR ?
         WHERE id = ?",
        school,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, provider = identity.provider.key(), "social identity linked after a password log-in");
    Ok(true)
}

/// True when an account whose address is not verified holds `email` (the social onboarding then
/// offers its owner to log in with the password to link).
pub async fn unverified_account_holds(state: &AppState, email: &Email) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar!("SELECT COUNT(*) FROM users WHERE email = ? AND email_verified_at IS NULL", email.as_str())
        .fetch_one(&state.db)
        .await?;
    Ok(n > 0)
}

/// True when nobody uses `nickname` yet (case-insensitively).
pub async fn nickname_available(state: &AppState, nickname: &Nickname) -> Result<bool, AppError> {
    let taken: i64 = sqlx::query_scalar!("SELECT COUNT(*) FROM users WHERE nickname = ?", nickname.as_str()).fetch_one(&state.db).await?;
    Ok(taken == 0)
}

/// True when no account uses `email` yet (case-insensitively).
pub async fn email_available(state: &AppState, email: &Email) -> Result<bool, AppError> {
    let taken: i64 = sqlx::query_scalar!("SELECT COUNT(*) FROM users WHERE email = ?", email.as_str()).fetch_one(&state.db).await?;
    Ok(taken == 0)
}

/// Checks the password and opens a session. The attempt is taken by the log-in throttle first (see
/// `auth::throttle`): a locked account or client gets 429 before any password is checked.
pub async fn log_in(state: &AppState, email: &str, password_raw: &str, ip: IpAddr) -> Result<(AuthUser, Session), AppError> {
    let email = email.trim().to_lowercase();
    // Found by the database's own comparison, so every spelling it treats as this address is this account.
    let row = sqlx::query!(r#"SELECT id, password_hash, suspended_at IS NOT NULL AS "suspended: bool" FROM users WHERE email = ?"#, email)
        .fetch_optional(&state.db)
        .await?;
    let account = match &row {
        Some(r) => throttle::Account::Id(r.id),
        None => throttle::Account::Unknown(email.clone()),
    };
    let attempt = throttle::take(&state.redis, &account, ip).await?;
    // Verify against a real (random) hash when the account does not exist, so timing does not reveal accounts.
    let stored = match row.as_ref().and_then(|r| r.password_hash.clone()) {
        Some(hash) => hash,
        None => dummy_hash(state).await?.to_string(),
    };
    let ok = state.passwords.verify(password_raw, &stored).await? && row.as_ref().is_some_and(|r| r.password_hash.is_some());
    if !ok {
        return Err(AppError::new(ErrorKind::Unauthorized, crate::i18n::Key::ErrBadCredentials));
    }
    throttle::succeeded(&state.redis, attempt).await?;
    if row.as_ref().is_some_and(|r| r.suspended) {
        return Err(AppError::forbidden(crate::i18n::Key::ErrSuspended));
    }
    let id = row.map(|r| r.id).ok_or_else(AppError::unauthorized)?;
    let user = load_user(state, id).await?.ok_or_else(AppError::unauthorized)?;
    let session = open_session(state, id, None, Utc::now()).await?;
    Ok((user, session))
}

async fn dummy_hash(state: &AppState) -> Result<&'static str, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async { state.passwords.hash(&Password::parse(&tokens::new_id(), None).map_err(AppError::internal)?).await })
        .await
        .map(String::as_str)
}

/// Issues an access token and a refresh token (in `family`, or a new family).
pub async fn open_session(state: &AppState, user_id: u64, family: Option<String>, now: DateTime<Utc>) -> Result<Session, AppError> {
    let family = family.unwrap_or_else(tokens::new_id);
    let (access, access_claims) = state.tokens.issue(user_id, TokenKind::Access, None, now);
    let (refresh, refresh_claims) = state.tokens.issue(user_id, TokenKind::Refresh, Some(family.clone()), now);
    sqlx::query!(
        "INSERT INTO refresh_tokens (jti, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)",
        refresh_claims.jti,
        family,
        user_id,
        refresh_claims.expires_at(),
    )
    .execute(&state.db)
    .await?;
    Ok(Session { access, access_claims, refresh, refresh_claims })
}

/// A rotated token presented again within this many seconds is a race between the owner's own parallel
/// requests (two tabs, two calls at once), not theft: it is refused without revoking anything.
pub const ROTATION_GRACE_SECS: i64 = 30;

/// Rotates a refresh token. A token rotated earlier than the grace window is a stolen copy: its family
/// is revoked. Inside the window the answer is `Conflict` and nothing changes.
pub async fn refresh(state: &AppState, refresh_token: &str) -> Result<(AuthUser, Session), AppError> {
    let claims = state.tokens.verify(refresh_token, TokenKind::Refresh).ok_or_else(AppError::unauthorized)?;
    if tokens::is_revoked(&state.db, &claims.jti).await? {
        return Err(AppError::unauthorized());
    }
    let now = Utc::now();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query!(
        r#"SELECT family_id, user_id, rotated_at AS "rotated_at: DateTime<Utc>", revoked_at
           FROM refresh_tokens WHERE jti = ? FOR UPDATE"#,
        claims.jti
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(AppError::unauthorized)?;
    if row.revoked_at.is_some() {
        return Err(AppError::unauthorized());
    }
    if let Some(rotated_at) = row.rotated_at {
        if now - rotated_at < chrono::Duration::seconds(ROTATION_GRACE_SECS) {
            return Err(AppError::conflict(crate::i18n::Key::ErrSessionRotated));
        }
        sqlx::query!("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL", now, row.family_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::warn!(user_id = row.user_id, "refresh token reuse: family revoked");
        return Err(AppError::unauthorized());
    }
    sqlx::query!("UPDATE refresh_tokens SET rotated_at = ? WHERE jti = ?", now, claims.jti).execute(&mut *tx).await?;
    tx.commit().await?;
    let user = load_user(state, row.user_id).await?.ok_or_else(AppError::unauthorized)?;
    let session = open_session(state, row.user_id, Some(row.family_id), now).await?;
    Ok((user, session))
}

/// Ends a session: both token ids are revoked until expiry and the refresh family is revoked.
pub async fn log_out(state: &AppState, access: Option<&str>, refresh: Option<&str>) -> Result<(), AppError> {
    let now = Utc::now();
    if let Some(claims) = access.and_then(|t| state.tokens.verify(t, TokenKind::Access)) {
        tokens::revoke(&state.db, &claims, now).await?;
    }
    if let Some(claims) = refresh.and_then(|t| state.tokens.verify(t, TokenKind::Refresh)) {
        tokens::revoke(&state.db, &claims, now).await?;
        if let Some(family) = &claims.fam {
            sqlx::query!("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL", now, family)
                .execute(&state.db)
                .await?;
        }
    }
    Ok(())
}

/// The user behind an access token, unless it is invalid, expired or logged out.
pub async fn authenticate(state: &AppState, access_token: &str) -> Result<Option<AuthUser>, AppError> {
    let Some(claims) = state.tokens.verify(access_token, TokenKind::Access) else {
        return Ok(None);
    };
    let Some(user_id) = claims.user_id() else {
        return Ok(None);
    };
    // Logged-out tokens and tokens issued before the last password change are refused, in the one
    // query that loads the user (MySQL, so Redis being down never lets a logged-out token through).
    let row = sqlx::query!(
        r#"SELECT u.id, u.nickname, u.college, u.phone_verified_at AS "phone_verified_at: DateTime<Utc>", u.role,
                  u.password_changed_at AS "password_changed_at: DateTime<Utc>",
                  EXISTS(SELECT 1 FROM revoked_tokens r WHERE r.jti = ?) AS "revoked: bool"
           FROM users u WHERE u.id = ? AND u.suspended_at IS NULL"#,
        claims.jti,
        user_id
    )
    .fetch_optional(&state.db)
    .await?;
    Ok(row.filter(|r| !r.revoked).filter(|r| r.password_changed_at.is_none_or(|at| claims.issued_at_ms() > at.timestamp_millis())).map(
        |r| AuthUser {
            id: r.id,
            nickname: r.nickname,
            is_artist: r.college.is_some(),
            phone_verified: r.phone_verified_at.is_some(),
            is_admin: r.role == "admin",
        },
    ))
}

pub(crate) async fn load_user(state: &AppState, id: u64) -> Result<Option<AuthUser>, AppError> {
    Ok(load_user_row(state, id).await?.map(|(user, _)| user))
}

/// The user and when their password last changed.
async fn load_user_row(state: &AppState, id: u64) -> Result<Option<(AuthUser, Option<DateTime<Utc>>)>, AppError> {
    let row = sqlx::query!(
        r#"SELECT id, nickname, college, phone_verified_at AS "phone_verified_at: DateTime<Utc>", role,
                  password_changed_at AS "password_changed_at: DateTime<Utc>"
           FROM users WHERE id = ? AND suspended_at IS NULL"#,
        id
    )
    .fetch_optional(&state.db)
    .await?;
    Ok(row.map(|r| {
        let user = AuthUser {
            id: r.id,
            nickname: r.nickname,
            is_artist: r.college.is_some(),
            phone_verified: r.phone_verified_at.is_some(),
            is_admin: r.role == "admin",
        };
        (user, r.password_changed_at)
    }))
}

/// What the onboarding page of a first social log-in shows: the provider, the e-mail it vouched for
/// (masked), whether an unverified account already holds that address (its owner links by password).
pub async fn pending_social_sign_up(
    state: &AppState,
    identity: &Identity,
) -> Result<crate::domain::account::PendingSocialSignUp, AppError> {
    let verified = identity.email.as_ref().filter(|_| identity.email_verified);
    let existing_account = match verified {
        Some(email) => unverified_account_holds(state, email).await?,
        None => false,
    };
    Ok(crate::domain::account::PendingSocialSignUp {
        provider: identity.provider,
        existing_account,
        verified_email_masked: verified.map(|e| e.masked()),
        suggested_nickname: identity.nickname.clone(),
    })
}

#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod time_zone_tests;
