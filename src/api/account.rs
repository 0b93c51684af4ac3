//! Account recovery (find my e-mail, reset password), social onboarding, the owner's profile, and
//! one-shot flash messages. Each function validates its input and takes the caller from the server.

use leptos::prelude::*;

use crate::domain::account::{MemberKind, MyProfile, PendingSocialSignUp, RecoveryPurpose, SocialProvider};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn otp_purpose(purpose: RecoveryPurpose) -> crate::server::auth::otp::Purpose {
    use crate::server::auth::otp::Purpose;
    match purpose {
        RecoveryPurpose::FindEmail => Purpose::FindEmail,
        RecoveryPurpose::ResetPassword => Purpose::ResetPassword,
    }
}

/// Sends a recovery code to the account's phone (for a reset, the e-mail must match too). The answer
/// is the same whether or not an account matches.
#[server(prefix = "/api", endpoint = "send_recovery_code")]
pub async fn send_recovery_code(purpose: RecoveryPurpose, phone: String, email: Option<String>) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::{Email, PhoneNumber};
            let state = crate::server::state::app_state()?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            let email = match (purpose, email.as_deref().map(str::trim).filter(|e| !e.is_empty())) {
                (RecoveryPurpose::ResetPassword, None) => return Err(AppError::bad_request(crate::i18n::Key::ErrEmailRequired)),
                (_, Some(e)) => Some(Email::parse(e).map_err(AppError::bad_request)?),
                (_, None) => None,
            };
            let ip = crate::server::auth::session::client_ip().await;
            crate::server::accounts::recovery::send_code(&state, otp_purpose(purpose), &phone, email.as_ref(), ip).await?;
            Ok(phone.masked())
        }
        .await,
    )
}

/// Checks a recovery code.
#[server(prefix = "/api", endpoint = "verify_recovery_code")]
pub async fn verify_recovery_code(purpose: RecoveryPurpose, phone: String, code: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::PhoneNumber;
            let state = crate::server::state::app_state()?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            crate::server::auth::otp::verify_in_session(&state.redis, otp_purpose(purpose), &phone, &code).await
        }
        .await,
    )
}

/// The masked e-mail of the account on a phone that was just verified for this purpose.
#[server(prefix = "/api", endpoint = "find_email")]
pub async fn find_email(phone: String) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::PhoneNumber;
            let state = crate::server::state::app_state()?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            let holder = crate::server::auth::otp::session_holder(crate::server::auth::otp::Purpose::FindEmail).await?;
            crate::server::accounts::recovery::find_email(&state, &phone, &holder).await
        }
        .await,
    )
}

/// Sets a new password after the reset code was verified; every session of the account ends.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(email: String, phone: String, password: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::{Email, PhoneNumber};
            use crate::server::web_session;
            let state = crate::server::state::app_state()?;
            let email = Email::parse(&email).map_err(AppError::bad_request)?;
            let phone = PhoneNumber::parse(&phone).map_err(AppError::bad_request)?;
            let holder = crate::server::auth::otp::session_holder(crate::server::auth::otp::Purpose::ResetPassword).await?;
            crate::server::accounts::recovery::reset_password(&state, &email, &phone, &password, &holder).await?;
            web_session::set_flash(&web_session::current().await?, &String::from(crate::i18n::Key::FlashPasswordReset)).await?;
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

/// A one-shot message left by the previous step (shown once, then gone).
#[server(prefix = "/api", endpoint = "flash")]
pub async fn take_flash() -> Result<Option<String>, AppError> {
    crate::error::respond(
        async move {
            let session = crate::server::web_session::current().await?;
            crate::server::web_session::take_flash(&session).await
        }
        .await,
    )
}

/// The social log-in providers configured on this server (the others are not shown).
#[server(prefix = "/api", endpoint = "social_providers")]
pub async fn social_providers() -> Result<Vec<SocialProvider>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            Ok(crate::server::auth::social::enabled(&state))
        }
        .await,
    )
}

/// The social sign-up waiting for onboarding in this browser, if any.
#[server(prefix = "/api", endpoint = "social_pending")]
pub async fn social_pending() -> Result<Option<PendingSocialSignUp>, AppError> {
    crate::error::respond(
        async move {
            use crate::server::auth::social::{Identity, PENDING_KEY};
            let session = crate::server::web_session::current().await?;
            let pending: Option<Identity> = crate::server::web_session::get(&session, PENDING_KEY).await?;
            let Some(identity) = pending else { return Ok(None) };
            let state = crate::server::state::app_state()?;
            Ok(Some(crate::server::accounts::pending_social_sign_up(&state, &identity).await?))
        }
        .await,
    )
}

/// Completes a first social log-in: phone verified, nickname (+ college for artists), name, and an
/// e-mail unless the provider verified one. Creates the account, links the identity and logs in.
#[server(prefix = "/api", endpoint = "complete_social_sign_up")]
#[allow(clippy::too_many_arguments)]
pub async fn complete_social_sign_up(
    kind: MemberKind,
    nickname: String,
    name: String,
    phone: String,
    college: Option<String>,
    email: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::{Email, ProfileFields};
            use crate::server::accounts::{self, NewProfile};
            use crate::server::auth::session;
            use crate::server::auth::social::{Identity, PENDING_KEY, PENDING_NEXT_KEY};
            use crate::server::web_session;
            let state = crate::server::state::app_state()?;
            let web = web_session::current().await?;
            let identity: Identity = web_session::get(&web, PENDING_KEY)
                .await?
                .ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrSocialSignupExpired))?;
            let email = match (&identity.email, identity.email_verified) {
                (Some(verified), true) => verified.clone(),
                _ => Email::parse(email.as_deref().unwrap_or_default()).map_err(AppError::bad_request)?,
            };
            let valid = ProfileFields { kind, nickname: &nickname, name: &name, phone: &phone, college: college.as_deref() }
                .validate()
                .map_err(AppError::bad_request)?;
            let profile = NewProfile {
                email: &email,
                nickname: &valid.nickname,
                real_name: &valid.real_name,
                phone: &valid.phone,
                college: valid.college.as_ref(),
            };
            let holder = crate::server::auth::otp::session_holder(crate::server::auth::otp::Purpose::SignUp).await?;
            let id = accounts::complete_social_sign_up(&state, &identity, profile, &holder).await?;
            let vouched = identity.email_verified && identity.email.as_ref() == Some(&email);
            if !vouched {
                send_first_email_code(&state, id).await;
            }
            let next: Option<String> = web_session::take(&web, PENDING_NEXT_KEY).await?;
            web_session::take::<Identity>(&web, PENDING_KEY).await?;
            let pair = accounts::open_session(&state, id, None, chrono::Utc::now()).await?;
            session::set_session_cookies(&state, &pair);
            leptos_axum::redirect(&crate::server::auth::session::safe_next(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Sends the first verification code after an account is made; a failure leaves the prompt to resend.
#[cfg(feature = "ssr")]
pub(crate) async fn send_first_email_code(state: &crate::server::AppState, user_id: u64) {
    let ip = crate::server::auth::session::client_ip().await;
    if let Err(e) = crate::server::accounts::email_verification::send_code(state, user_id, ip).await {
        tracing::warn!(user_id, error = %e.message, "first verification e-mail not sent");
    }
}

/// Sends a code to the caller's e-mail address (1 a minute, 10 a day). Answers the masked address.
#[server(prefix = "/api", endpoint = "send_email_code")]
pub async fn send_email_code() -> Result<String, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let ip = crate::server::auth::session::client_ip().await;
            crate::server::accounts::email_verification::send_code(&state, user.id, ip).await
        }
        .await,
    )
}

/// Whether the caller's e-mail address is verified (`false` for visitors): my page's prompt, without
/// putting the address itself into the page.
#[server(prefix = "/api", endpoint = "email_verified")]
pub async fn email_verified() -> Result<bool, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let Some(user) = crate::server::auth::session::current_user(&state).await? else { return Ok(false) };
            crate::server::accounts::email_verification::is_verified(&state, user.id).await
        }
        .await,
    )
}

/// Verifies the caller's e-mail address with the code sent to it.
#[server(prefix = "/api", endpoint = "verify_email")]
pub async fn verify_email(code: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::accounts::email_verification::verify(&state, user.id, &code).await
        }
        .await,
    )
}

/// Changes the caller's e-mail address (current password required when the account has one); the new
/// address must be verified with the code sent to it.
#[server(prefix = "/api", endpoint = "change_email")]
pub async fn change_email(email: String, current_password: Option<String>) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let ip = crate::server::auth::session::client_ip().await;
            let password = current_password.unwrap_or_default();
            crate::server::accounts::email_verification::change_email(&state, user.id, &email, &password, ip).await
        }
        .await,
    )
}

/// Admins only: grants (`granted = true`) or revokes a member's verified-student badge, with a reason
/// (audited).
#[server(prefix = "/api", endpoint = "set_student_badge")]
pub async fn set_student_badge(nickname: String, granted: bool, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_user(&state).await?;
            crate::server::accounts::email_verification::set_student_badge(&state, &admin, nickname.trim(), granted, &reason).await
        }
        .await,
    )
}

/// The caller's own profile (with private fields: only ever answered to the account itself).
#[server(prefix = "/api", endpoint = "my_profile")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::accounts::profile::my_profile(&state, user.id).await
        }
        .await,
    )
}

/// Saves the bio (markdown, ≤ 1,000 characters; rendered sanitised).
#[server(prefix = "/api", endpoint = "update_bio")]
pub async fn update_bio(bio: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::accounts::profile::update_bio(&state, user.id, &bio).await
        }
        .await,
    )
}

/// Saves the shipping address.
#[server(prefix = "/api", endpoint = "set_shipping_address")]
pub async fn set_shipping_address(
    recipient: String,
    phone: String,
    postal_code: String,
    address1: String,
    address2: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::domain::account::ShippingAddress;
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let address = ShippingAddress { recipient, phone, postal_code, address1, address2: address2.unwrap_or_default() };
            crate::server::accounts::profile::set_shipping_address(&state, user.id, address).await
        }
        .await,
    )
}

/// Saves the member's time zone (an IANA name such as `Europe/London`; empty: the site's zone) and
/// remembers it in the browser, so pages render in it. Returns the zone now in force.
#[server(prefix = "/api", endpoint = "set_time_zone")]
pub async fn set_time_zone(time_zone: String) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            use crate::server::auth::session;
            let state = crate::server::state::app_state()?;
            let user = session::require_user(&state).await?;
            let stored = crate::server::accounts::profile::set_time_zone(&state, user.id, &time_zone).await?;
            session::set_time_zone_cookie(&state, stored.as_deref());
            Ok(stored.unwrap_or_else(|| state.settings.display_tz().name().to_string()))
        }
        .await,
    )
}

/// Changes the password (the current one is required). Other devices are logged out.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::auth::session;
            let state = crate::server::state::app_state()?;
            let user = session::require_user(&state).await?;
            let pair = crate::server::accounts::profile::change_password(&state, user.id, &current_password, &new_password).await?;
            session::set_session_cookies(&state, &pair);
            Ok(())
        }
        .await,
    )
}
