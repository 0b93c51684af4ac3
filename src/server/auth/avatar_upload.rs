//! `POST /api/me/avatar` (multipart, field `avatar`): replaces the caller's avatar. Answers JSON
//! `{"avatar_url"}` to scripts, and redirects browsers posting the plain form back to the profile page
//! (on failure `?error=avatar`, the message itself in the session's flash: the page never shows text
//! from its URL), so it works before hydration too.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};

use crate::error::AppError;
use crate::server::accounts::profile;
use crate::server::images::MAX_UPLOAD_BYTES;
use crate::server::limits;
use crate::server::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/me/avatar", post(upload))
        // Room for the image plus the multipart envelope; bigger bodies are cut off before buffering.
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

async fn upload(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let html = wants_html(&headers);
    match store(&state, &headers, multipart).await {
        Ok(_) if html => Redirect::to("/me/profile").into_response(),
        Ok(url) => Json(serde_json::json!({ "avatar_url": url })).into_response(),
        Err(e) if html => match crate::server::web_session::set_flash(&session, &e.message).await {
            Ok(()) => Redirect::to("/me/profile?error=avatar").into_response(),
            Err(flash) => flash.into_response(),
        },
        Err(e) => e.into_response(),
    }
}

async fn store(
    state: &AppState,
    headers: &HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<String, AppError> {
    let user = super::session::user_from_headers(state, headers).await?;
    limits::take(state, limits::AVATARS, limits::Subject::Member(user.id)).await?;
    let mut multipart = multipart.map_err(|_| AppError::bad_request(crate::i18n::Key::ErrPickImage))?;
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::bad_request(crate::i18n::Key::ErrImageTooBig))? {
        if field.name() != Some("avatar") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|_| AppError::bad_request(crate::i18n::Key::ErrImageTooBig))?;
        return profile::set_avatar(state, user.id, bytes.to_vec()).await;
    }
    Err(AppError::bad_request(crate::i18n::Key::ErrPickImage))
}
