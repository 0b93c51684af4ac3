//! Server-side sessions (tower-sessions, stored in MySQL) for the short flows that need state between
//! requests: OAuth state + PKCE verifier, a pending social sign-up, and one-shot flash messages.
//! Log-in itself lives in the token cookies; a visitor gets a session cookie only when a flow starts.

use std::time::Duration;

use serde::{de::DeserializeOwned, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::MySqlStore;

use crate::error::AppError;
use crate::server::AppState;

pub const SESSION_COOKIE: &str = "artipul_sid";
/// A flow left alone this long starts over.
const IDLE_LIMIT: time::Duration = time::Duration::minutes(30);

fn store(state: &AppState) -> MySqlStore {
    // The table comes from our migrations; the store addresses it as `<database>.sessions`.
    let database = state.db.connect_options().get_database().unwrap_or("artipul").to_string();
    MySqlStore::new(state.db.clone())
        .with_schema_name(&database)
        .and_then(|s| s.with_table_name("sessions"))
        .unwrap_or_else(|e| panic!("database name {database:?} is not usable as an identifier: {e}"))
}

/// The session middleware: httpOnly, SameSite=Lax, Secure outside local http, 30 minutes idle.
pub fn layer(state: &AppState) -> SessionManagerLayer<MySqlStore> {
    SessionManagerLayer::new(store(state))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE_LIMIT))
}

/// Deletes expired sessions every 10 minutes for as long as the server runs.
pub async fn delete_expired_forever(state: AppState) {
    let store = store(&state);
    loop {
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "deleting expired sessions failed");
        }
        if let Err(e) = crate::server::auth::tokens::forget_expired_revocations(&state.db, chrono::Utc::now()).await {
            tracing::warn!(error = %e.message, "forgetting expired token revocations failed");
        }
        if !state.live.idle(Duration::from_secs(600)).await {
            return;
        }
    }
}

/// The session of the current request (inside a server function or a server-rendered component).
pub async fn current() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| AppError::internal(format!("session unavailable: {e:?}")))
}

fn store_error(e: tower_sessions::session::Error) -> AppError {
    AppError::internal(format!("session store: {e}"))
}

pub async fn put<T: Serialize + Send + Sync>(session: &Session, key: &str, value: &T) -> Result<(), AppError> {
    session.insert(key, value).await.map_err(store_error)
}

pub async fn get<T: DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AppError> {
    session.get(key).await.map_err(store_error)
}

/// Reads and removes `key` (one-shot values: OAuth state, flash).
pub async fn take<T: DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AppError> {
    session.remove(key).await.map_err(store_error)
}

const FLASH: &str = "flash";

/// A message for the next page this browser shows (e.g. "비밀번호를 바꿨습니다" on the log-in page).
pub async fn set_flash(session: &Session, message: &str) -> Result<(), AppError> {
    put(session, FLASH, &message.to_string()).await
}

pub async fn take_flash(session: &Session) -> Result<Option<String>, AppError> {
    take(session, FLASH).await
}
