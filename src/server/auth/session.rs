//! The caller of a request: reads the token cookies, silently rotates an expired access token with the
//! refresh token, and writes or clears the cookies (httpOnly, SameSite=Lax, Secure outside local http).

use std::net::{IpAddr, SocketAddr};

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum_extra::extract::cookie::{Cookie, SameSite};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::AuthUser;
use crate::error::AppError;
use crate::server::accounts::{self, Session};
use crate::server::AppState;

pub const ACCESS_COOKIE: &str = "artipul_at";
pub const REFRESH_COOKIE: &str = "artipul_rt";

fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    cookie_in(&parts.headers, name)
}

/// The cookie `name` of a request's headers (for plain axum handlers).
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    // The first cookie of that name, as the browser orders them (the most specific path first).
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// The request's cookie `name`, inside a server function or a server-rendered component.
pub fn request_cookie(name: &str) -> Option<String> {
    use_context::<Parts>().and_then(|parts| cookie_value(&parts, name))
}

fn add_cookie(cookie: Cookie<'static>) {
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie.to_string())) {
        response.append_header(SET_COOKIE, value);
    }
}

fn session_cookie(state: &AppState, name: &'static str, value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age_secs))
        .build()
}

/// Both token cookies for a new or rotated session, as `Set-Cookie` values (for plain axum handlers).
pub fn session_cookies(state: &AppState, session: &Session) -> Vec<HeaderValue> {
    let now = chrono::Utc::now();
    let left = |exp: chrono::DateTime<chrono::Utc>| (exp - now).num_seconds().max(0);
    [
        session_cookie(state, ACCESS_COOKIE, session.access.clone(), left(session.access_claims.expires_at())),
        session_cookie(state, REFRESH_COOKIE, session.refresh.clone(), left(session.refresh_claims.expires_at())),
    ]
    .iter()
    .filter_map(|c| HeaderValue::from_str(&c.to_string()).ok())
    .collect()
}

/// Writes both token cookies for a new or rotated session (inside a server function or page).
pub fn set_session_cookies(state: &AppState, session: &Session) {
    if let Some(response) = use_context::<ResponseOptions>() {
        for value in session_cookies(state, session) {
            response.append_header(SET_COOKIE, value);
        }
    }
}

/// Remembers the member's time zone in the browser (`None`: forget it, the site's zone applies), so pages
/// are rendered in it from the first byte. Display only: it is not a credential, and pages parse it.
pub fn set_time_zone_cookie(state: &AppState, zone: Option<&str>) {
    let cookie = Cookie::build((crate::i18n::TZ_COOKIE, zone.unwrap_or_default().to_string()))
        .path("/")
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(if zone.is_some() { 31_536_000 } else { 0 }))
        .build();
    add_cookie(cookie);
}

pub fn clear_session_cookies(state: &AppState) {
    add_cookie(session_cookie(state, ACCESS_COOKIE, String::new(), 0));
    add_cookie(session_cookie(state, REFRESH_COOKIE, String::new(), 0));
}

/// The caller of one request, resolved at most once: a page and its header both ask, and rotating the
/// refresh token twice in one request would look like token theft.
#[derive(Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<AuthUser>>>);

/// The logged-in user, if any. An expired access token is renewed from the refresh token on the way.
pub async fn current_user(state: &AppState) -> Result<Option<AuthUser>, AppError> {
    match use_context::<RequestUser>() {
        Some(cell) => cell.0.get_or_try_init(|| resolve_user(state)).await.cloned(),
        None => resolve_user(state).await,
    }
}

async fn resolve_user(state: &AppState) -> Result<Option<AuthUser>, AppError> {
    // API clients send the access token as a bearer token; it is never refreshed silently.
    if let Some(bearer) = use_context::<Parts>().and_then(|parts| bearer_token(&parts.headers)) {
        return accounts::authenticate(state, &bearer).await;
    }
    if let Some(access) = request_cookie(ACCESS_COOKIE).filter(|v| !v.is_empty()) {
        if let Some(user) = accounts::authenticate(state, &access).await? {
            return Ok(Some(user));
        }
    }
    let Some(refresh) = request_cookie(REFRESH_COOKIE).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match accounts::refresh(state, &refresh).await {
        Ok((user, session)) => {
            set_session_cookies(state, &session);
            Ok(Some(user))
        }
        Err(e) if e.kind == crate::error::ErrorKind::Unauthorized => {
            clear_session_cookies(state);
            Ok(None)
        }
        // A parallel request of the same browser rotated it a moment ago; its response carries the new
        // cookies, so this one just proceeds as a visitor and leaves the cookies alone.
        Err(e) if e.kind == crate::error::ErrorKind::Conflict => Ok(None),
        Err(e) => Err(e),
    }
}

/// The caller of a plain axum handler (uploads): the bearer or cookie access token, without silent
/// refresh (pages refresh it on load), or "로그인이 필요합니다." (401).
pub async fn user_from_headers(state: &AppState, headers: &axum::http::HeaderMap) -> Result<AuthUser, AppError> {
    let token = bearer_token(headers).or_else(|| cookie_in(headers, ACCESS_COOKIE));
    match token {
        Some(t) => accounts::authenticate(state, &t).await?,
        None => None,
    }
    .ok_or_else(AppError::unauthorized)
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim().to_string())
}

/// The logged-in user, or "로그인이 필요합니다." (401).
pub async fn require_user(state: &AppState) -> Result<AuthUser, AppError> {
    current_user(state).await?.ok_or_else(AppError::unauthorized)
}

/// A logged-in user whose phone is verified (needed to bid, buy, charge or list).
pub async fn require_verified(state: &AppState) -> Result<AuthUser, AppError> {
    let user = require_user(state).await?;
    if !user.phone_verified {
        return Err(AppError::forbidden(crate::i18n::Key::ErrPhoneVerifiedOnly));
    }
    Ok(user)
}

/// A verified student artist (미대생 회원): the only ones who may list works.
pub async fn require_artist(state: &AppState) -> Result<AuthUser, AppError> {
    let user = require_verified(state).await?;
    if !user.is_artist {
        return Err(AppError::forbidden(crate::i18n::Key::ErrArtistsOnly));
    }
    Ok(user)
}

/// An administrator.
pub async fn require_admin(state: &AppState) -> Result<AuthUser, AppError> {
    let user = require_user(state).await?;
    if !user.is_admin {
        return Err(AppError::forbidden(crate::i18n::Key::ErrAdminsOnly));
    }
    Ok(user)
}

/// The client's address: the TCP peer, or — when the peer is one of `TRUSTED_PROXIES` — the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy. Anyone else's header is ignored, so
/// clients cannot pick their own address to dodge rate limits.
pub fn client_ip_from(state: &AppState, headers: &axum::http::HeaderMap, peer: SocketAddr) -> IpAddr {
    let trusted = &state.config.trusted_proxies;
    if !trusted.contains(&peer.ip()) {
        return peer.ip();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer.ip())
}

/// The client's address inside a server function (see [`client_ip_from`]).
pub async fn client_ip() -> IpAddr {
    let peer = leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
        .await
        .map(|info| info.0)
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0)));
    match (crate::server::state::app_state(), use_context::<Parts>()) {
        (Ok(state), Some(parts)) => client_ip_from(&state, &parts.headers, peer),
        _ => peer.ip(),
    }
}

/// Only local paths are followed after log-in, never another site: `/` followed by neither `/` nor `\\`,
/// with no control characters or spaces (browsers drop tabs and newlines from a URL, so `/<TAB>/evil`
/// would become `//evil`), and no scheme. Anything else goes home; the answer is always a valid header.
pub fn safe_next(next: Option<&str>) -> String {
    let local = next.filter(|path| {
        let mut chars = path.chars();
        chars.next() == Some('/')
            && !matches!(chars.next(), Some('/' | '\\'))
            && !path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    });
    local.unwrap_or("/").to_string()
}

#[cfg(test)]
mod safe_next_tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next(Some("/me")), "/me");
        for bad in [None, Some("https://evil.example"), Some("//evil.example"), Some("/\\evil"), Some("me")] {
            assert_eq!(super::safe_next(bad), "/");
        }
    }
}
