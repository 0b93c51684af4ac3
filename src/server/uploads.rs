//! `POST /api/uploads/artwork-image` (multipart, field `image`): one artwork image from a verified student
//! artist, checked by content, resized and stored; answers `{ id, thumb_url, width, height }` for the
//! listing form, which then names the ids in order.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

use crate::error::AppError;
use crate::server::images::MAX_UPLOAD_BYTES;
use crate::server::services::listings;
use crate::server::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/uploads/artwork-image", post(upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    match store(&state, &headers, multipart).await {
        Ok(uploaded) => Json(uploaded).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn store(
    state: &AppState,
    headers: &HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<listings::UploadedImage, AppError> {
    let user = crate::server::auth::session::user_from_headers(state, headers).await?;
    if !user.phone_verified || !user.is_artist {
        return Err(AppError::forbidden("미대생 회원만 작품을 등록할 수 있습니다."));
    }
    let too_big = || AppError::bad_request("이미지는 10MB 이하만 올릴 수 있습니다.");
    let mut multipart = multipart.map_err(|_| AppError::bad_request("이미지 파일을 골라 주세요."))?;
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        if field.name() != Some("image") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|_| too_big())?;
        return listings::upload_image(state, user.id, bytes.to_vec()).await;
    }
    Err(AppError::bad_request("이미지 파일을 골라 주세요."))
}
