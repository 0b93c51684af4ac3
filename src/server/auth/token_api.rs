//! The token pair as JSON, for API clients that cannot use cookies (mobile apps, scripts):
//! `POST /api/auth/token`, `POST /api/auth/refresh`, `POST /api/auth/revoke`. The rules are the
//! browser's: same rate limits, rotation with reuse detection, revocation on revoke. Such clients then
//! send `Authorization: Bearer <access_token>`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::server::accounts::{self, Session};
use crate::server::AppState;

#[derive(Deserialize)]
pub struct PasswordGrant {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize)]
pub struct RefreshGrant {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
}

impl From<&Session> for TokenResponse {
    fn from(s: &Session) -> Self {
        let now = Utc::now();
        TokenResponse {
            access_token: s.access.clone(),
            refresh_token: s.refresh.clone(),
            token_type: "Bearer".into(),
            expires_in: (s.access_claims.expires_at() - now).num_seconds().max(0),
            refresh_expires_in: (s.refresh_claims.expires_at() - now).num_seconds().max(0),
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/auth/token", post(token)).route("/api/auth/refresh", post(refresh)).route("/api/auth/revoke", post(revoke))
}

/// Token responses must never be cached by anything in between.
fn no_store(body: TokenResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

fn json_body<T>(body: Result<Json<T>, axum::extract::rejection::JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|_| AppError::bad_request(crate::i18n::Key::ErrJsonBody))
}

async fn token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<PasswordGrant>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, AppError> {
    let grant = json_body(body)?;
    if grant.email.trim().is_empty() || grant.password.is_empty() {
        return Err(AppError::bad_request(crate::i18n::Key::ErrEmailPasswordRequired));
    }
    let ip = super::session::client_ip_from(&state, &headers, peer);
    let (_, session) = accounts::log_in(&state, &grant.email, &grant.password, ip).await?;
    Ok(no_store(TokenResponse::from(&session)))
}

async fn refresh(
    State(state): State<AppState>,
    body: Result<Json<RefreshGrant>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, AppError> {
    let grant = json_body(body)?;
    let (_, session) = accounts::refresh(&state, &grant.refresh_token).await?;
    Ok(no_store(TokenResponse::from(&session)))
}

async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RefreshGrant>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, AppError> {
    let grant = json_body(body)?;
    let access = super::session::bearer_token(&headers);
    accounts::log_out(&state, access.as_deref(), Some(&grant.refresh_token)).await?;
    Ok(StatusCode::NO_CONTENT)
}
