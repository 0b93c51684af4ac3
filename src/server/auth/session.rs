//! The caller of a request: reads the token cookies, silently rotates an expired access token with the
//! refresh token, and writes or clears the cookies (httpOnly, SameSite=Lax, Secure outside local http).

use std::net::{IpAddr, SocketAddr};

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use axum_extra::extract::cookie::{Cookie, SameSite};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::error::AppError;
use crate::server::services::accounts::{self, AuthUser, Session};
use crate::server::AppState;

pub const ACCESS_COOKIE: &str = "artipul_at";
pub const REFRESH_COOKIE: &str = "artipul_rt";

fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
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

/// Writes both token cookies for a new or rotated session.
pub fn set_session_cookies(state: &AppState, session: &Session) {
    let now = chrono::Utc::now();
    let left = |exp: chrono::DateTime<chrono::Utc>| (exp - now).num_seconds().max(0);
    add_cookie(session_cookie(state, ACCESS_COOKIE, session.access.clone(), left(session.access_claims.expires_at())));
    add_cookie(session_cookie(state, REFRESH_COOKIE, session.refresh.clone(), left(session.refresh_claims.expires_at())));
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

/// The logged-in user, or "로그인이 필요합니다." (401).
pub async fn require_user(state: &AppState) -> Result<AuthUser, AppError> {
    current_user(state).await?.ok_or_else(AppError::unauthorized)
}

/// The client's address as seen by this server (the TCP peer).
pub async fn client_ip() -> IpAddr {
    leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
        .await
        .map(|info| info.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}
