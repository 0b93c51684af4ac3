//! Sign-up with phone verification, log-in and log-out.

use leptos::prelude::*;

use crate::domain::account::Me;
use crate::error::AppError;

/// Sends a sign-up verification code by SMS. Returns the masked number it went to.
#[server(prefix = "/api", endpoint = "send_signup_code")]
pub async fn send_signup_code(phone: String) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::PhoneNumber;
            use crate::server::auth::{otp, session};
            let state = crate::server::state::app_state()?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            let sms = state.sms.clone().ok_or_else(|| AppError::unavailable(crate::i18n::Key::ErrSmsUnavailable))?;
            otp::send_code(&state.redis, sms.as_ref(), otp::Purpose::SignUp, &phone, session::client_ip().await).await?;
            Ok(phone.masked())
        }
        .await,
    )
}

/// Checks a sign-up verification code.
#[server(prefix = "/api", endpoint = "verify_signup_code")]
pub async fn verify_signup_code(phone: String, code: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::PhoneNumber;
            use crate::server::auth::otp;
            let state = crate::server::state::app_state()?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            otp::verify_in_session(&state.redis, otp::Purpose::SignUp, &phone, &code).await
        }
        .await,
    )
}

/// Whether a nickname is free (for the live check while typing). Invalid nicknames say why.
#[server(prefix = "/api", endpoint = "check_nickname")]
pub async fn check_nickname(nickname: String) -> Result<bool, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::Nickname;
            let state = crate::server::state::app_state()?;
            existence_probe(&state).await?;
            let nickname = Nickname::parse(&nickname).map_err(AppError::bad_request)?;
            crate::server::accounts::nickname_available(&state, &nickname).await
        }
        .await,
    )
}

/// Whether an e-mail address can still sign up (for the live check while typing).
#[server(prefix = "/api", endpoint = "check_email")]
pub async fn check_email(email: String) -> Result<bool, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::Email;
            let state = crate::server::state::app_state()?;
            existence_probe(&state).await?;
            let email = Email::parse(&email).map_err(AppError::bad_request)?;
            crate::server::accounts::email_available(&state, &email).await
        }
        .await,
    )
}

/// Counts one "is it free?" probe of this client: they answer whether a member exists, so they must not
/// become a way to list members.
#[cfg(feature = "ssr")]
async fn existence_probe(state: &crate::server::AppState) -> Result<(), AppError> {
    crate::server::limits::take_for_client(state, crate::server::limits::EXISTENCE_CHECKS).await
}

/// Creates the account (after phone verification), logs it in and goes to the home page.
#[server(prefix = "/api", endpoint = "sign_up")]
#[allow(clippy::too_many_arguments)]
pub async fn sign_up(
    kind: crate::domain::account::MemberKind,
    email: String,
    password: String,
    nickname: String,
    name: String,
    phone: String,
    college: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::{Email, Password, ProfileFields};
            use crate::server::accounts::{self, NewAccount};
            use crate::server::auth::session;
            let state = crate::server::state::app_state()?;
            let email = Email::parse(&email).map_err(AppError::bad_request)?;
            let profile = ProfileFields { kind, nickname: &nickname, name: &name, phone: &phone, college: college.as_deref() }
                .validate()
                .map_err(AppError::bad_request)?;
            let new = NewAccount {
                password: Password::parse(&password, Some(&email)).map_err(AppError::bad_request)?,
                email,
                nickname: profile.nickname,
                real_name: profile.real_name,
                phone: profile.phone,
                college: profile.college,
            };
            let holder = crate::server::auth::otp::session_holder(crate::server::auth::otp::Purpose::SignUp).await?;
            let id = accounts::sign_up(&state, new, &holder).await?;
            crate::api::account::send_first_email_code(&state, id).await;
            let session = accounts::open_session(&state, id, None, chrono::Utc::now()).await?;
            session::set_session_cookies(&state, &session);
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Logs in and goes to `next` (a path on this site) or home.
#[server(prefix = "/api", endpoint = "log_in")]
pub async fn log_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::auth::session;
            let state = crate::server::state::app_state()?;
            if email.trim().is_empty() || password.is_empty() {
                return Err(AppError::bad_request(crate::i18n::Key::ErrEmailPasswordRequired));
            }
            let ip = session::client_ip().await;
            let (user, session_pair) = crate::server::accounts::log_in(&state, &email, &password, ip).await?;
            session::set_session_cookies(&state, &session_pair);
            // A social log-in that met this account's unverified address waits in this browser's session:
            // the password just proved the account is this person's, so the identity is linked now.
            {
                use crate::server::auth::social::{Identity, PENDING_KEY};
                use crate::server::web_session;
                let web = web_session::current().await?;
                if let Some(identity) = web_session::get::<Identity>(&web, PENDING_KEY).await? {
                    if crate::server::accounts::link_pending_identity(&state, user.id, &identity).await? {
                        web_session::take::<Identity>(&web, PENDING_KEY).await?;
                        web_session::set_flash(&web, &String::from(crate::i18n::Msg::SocialLinked { provider: identity.provider })).await?;
                    }
                }
            }
            leptos_axum::redirect(&crate::server::auth::session::safe_next(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Ends the session everywhere it matters: token ids revoked, family revoked, cookies cleared.
#[server(prefix = "/api", endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::auth::session::{self, ACCESS_COOKIE, REFRESH_COOKIE};
            let state = crate::server::state::app_state()?;
            let access = session::request_cookie(ACCESS_COOKIE);
            let refresh = session::request_cookie(REFRESH_COOKIE);
            crate::server::accounts::log_out(&state, access.as_deref(), refresh.as_deref()).await?;
            session::clear_session_cookies(&state);
            // A visitor sees the site's zone again.
            if session::request_cookie(crate::i18n::TZ_COOKIE).is_some() {
                session::set_time_zone_cookie(&state, None);
            }
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// The logged-in user for the header, or `None`.
#[server(prefix = "/api", endpoint = "me")]
pub async fn current_me() -> Result<Option<Me>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let Some(u) = crate::server::auth::session::current_user(&state).await? else {
                return Ok(None);
            };
            let unread = crate::server::auction::notify::unread(&state.db, u.id).await?;
            let time_zone = crate::server::accounts::profile::time_zone(&state, u.id).await?;
            // Pages are rendered in the zone the browser's cookie names: keep it in step with the
            // profile (another device may have changed it), for the next page.
            let cookie = crate::server::auth::session::request_cookie(crate::i18n::TZ_COOKIE).filter(|v| !v.is_empty());
            if cookie != time_zone {
                crate::server::auth::session::set_time_zone_cookie(&state, time_zone.as_deref());
            }
            Ok(Some(Me {
                nickname: u.nickname,
                is_artist: u.is_artist,
                phone_verified: u.phone_verified,
                unread,
                is_admin: u.is_admin,
                time_zone,
            }))
        }
        .await,
    )
}
