//! Image uploads, one pipeline for every kind: `POST /api/uploads/artwork-image` (verified student
//! artists) and `POST /api/uploads/review-image` (verified members), multipart field `image`. Each image is
//! checked by content (never by name or type header), re-encoded at 1200 and 400 px (no EXIF survives)
//! under a fresh random key, and recorded as the uploader's, unclaimed. Answers `{ id, thumb_url, width,
//! height }`; a listing or review then claims the ids, in order, in the transaction that saves it.
//! Uploads nobody claims within a day are swept with their files.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};

use crate::error::AppError;
use crate::server::images::{self, MAX_UPLOAD_BYTES};
use crate::server::limits;
use crate::server::storage::image_url;
use crate::server::wallet::ledger::Tx;
use crate::server::AppState;

/// Image widths stored for every uploaded image.
pub const WIDTHS: [u32; 2] = [1200, 400];

/// What an upload is for; a claim only takes uploads of its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    Artwork,
    Review,
    /// A buyer's photo of what arrived, attached to a dispute.
    Dispute,
}

impl UploadKind {
    pub fn as_db(self) -> &'static str {
        match self {
            UploadKind::Artwork => "artwork",
            UploadKind::Review => "review",
            UploadKind::Dispute => "dispute",
        }
    }

    fn key_prefix(self) -> &'static str {
        match self {
            UploadKind::Artwork => "artworks",
            UploadKind::Review => "reviews",
            UploadKind::Dispute => "disputes",
        }
    }

    /// The table of the claimed images and the column naming their owner there and in `uploads`.
    fn images_table(self) -> (&'static str, &'static str) {
        match self {
            UploadKind::Artwork => ("artwork_images", "artwork_id"),
            UploadKind::Review => ("review_images", "review_id"),
            UploadKind::Dispute => ("dispute_images", "order_id"),
        }
    }
}

/// Claims uploads `ids` of `kind` for `target_id` (the uploader's unclaimed uploads, or images the
/// target already has) and writes them as its images in this order, replacing the ones it had. Runs in
/// the caller's transaction, after the caller locked the target's row.
/// `replacing`: the target existed before this transaction and may hold images to drop. A target made
/// in this transaction has none, and is not searched for: under REPEATABLE READ a search for rows that do
/// not exist locks the index gap at its end, where every other member's new work is inserted — twenty
/// artists listing at once deadlocked each other that way.
pub async fn claim(
    tx: &mut Tx<'_>,
    kind: UploadKind,
    owner_id: u64,
    target_id: u64,
    ids: &[String],
    replacing: bool,
) -> Result<(), AppError> {
    let (table, column) = kind.images_table();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let row: (String, u32, u32) = sqlx::query_as(&format!(
            "SELECT storage_key, width_px, height_px FROM uploads
             WHERE id = ? AND owner_id = ? AND kind = ? AND ({column} IS NULL OR {column} = ?) FOR UPDATE"
        ))
        .bind(id)
        .bind(owner_id)
        .bind(kind.as_db())
        .bind(target_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrPhotosInvalid))?;
        rows.push(row);
    }
    if replacing {
        sqlx::query(&format!("DELETE FROM {table} WHERE {column} = ?")).bind(target_id).execute(&mut **tx).await?;
        sqlx::query(&format!("UPDATE uploads SET {column} = NULL WHERE {column} = ?")).bind(target_id).execute(&mut **tx).await?;
    }
    for (position, (id, (key, width, height))) in ids.iter().zip(rows).enumerate() {
        sqlx::query(&format!(
            "INSERT INTO {table} ({column}, upload_id, position, storage_key, width_px, height_px) VALUES (?, ?, ?, ?, ?, ?)"
        ))
        .bind(target_id)
        .bind(id)
        .bind(position as u8)
        .bind(key)
        .bind(width)
        .bind(height)
        .execute(&mut **tx)
        .await?;
        sqlx::query(&format!("UPDATE uploads SET {column} = ? WHERE id = ?")).bind(target_id).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A checked, resized and stored image waiting to be claimed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UploadedImage {
    pub id: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/uploads/artwork-image", post(artwork_image))
        .route("/api/uploads/review-image", post(review_image))
        .route("/api/uploads/dispute-image", post(dispute_image))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

type Upload = Result<Multipart, axum::extract::multipart::MultipartRejection>;

async fn artwork_image(State(state): State<AppState>, headers: HeaderMap, multipart: Upload) -> Response {
    answer(receive(&state, &headers, multipart, UploadKind::Artwork).await)
}

async fn review_image(State(state): State<AppState>, headers: HeaderMap, multipart: Upload) -> Response {
    answer(receive(&state, &headers, multipart, UploadKind::Review).await)
}

async fn dispute_image(State(state): State<AppState>, headers: HeaderMap, multipart: Upload) -> Response {
    answer(receive(&state, &headers, multipart, UploadKind::Dispute).await)
}

fn answer(result: Result<UploadedImage, AppError>) -> Response {
    match result {
        Ok(uploaded) => Json(uploaded).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn receive(state: &AppState, headers: &HeaderMap, multipart: Upload, kind: UploadKind) -> Result<UploadedImage, AppError> {
    let user = crate::server::auth::session::user_from_headers(state, headers).await?;
    match kind {
        UploadKind::Artwork if !user.phone_verified || !user.is_artist => {
            return Err(AppError::forbidden(crate::i18n::Key::ErrArtistsOnly));
        }
        UploadKind::Review | UploadKind::Dispute if !user.phone_verified => {
            return Err(AppError::forbidden(crate::i18n::Key::ErrPhoneVerifiedOnly));
        }
        UploadKind::Review | UploadKind::Artwork | UploadKind::Dispute => {}
    }
    let limit = match kind {
        UploadKind::Artwork => limits::ARTWORK_IMAGES,
        UploadKind::Review | UploadKind::Dispute => limits::REVIEW_IMAGES,
    };
    limits::take(state, limit, limits::Subject::Member(user.id)).await?;
    let too_big = || AppError::bad_request(crate::i18n::Key::ErrImageTooBig);
    let mut multipart = multipart.map_err(|_| AppError::bad_request(crate::i18n::Key::ErrPickImage))?;
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big())? {
        if field.name() != Some("image") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|_| too_big())?;
        return store(state, user.id, kind, bytes.to_vec()).await;
    }
    Err(AppError::bad_request(crate::i18n::Key::ErrPickImage))
}

/// Checks `bytes` by content, stores the resized copies and records the upload as `owner_id`'s.
pub async fn store(state: &AppState, owner_id: u64, kind: UploadKind, bytes: Vec<u8>) -> Result<UploadedImage, AppError> {
    let bounds = images::Bounds {
        max_side: state.settings.uploads.max_image_dimension_px,
        max_megapixels: state.settings.uploads.max_image_megapixels,
    };
    let (variants, width, height) = state
        .images
        .run(move || {
            let image = images::decode_bounded(&bytes, bounds)?;
            let variants = WIDTHS
                .iter()
                .map(|w| Ok((*w, images::encode_jpeg(&images::fit_width(&image, *w))?)))
                .collect::<Result<Vec<_>, AppError>>()?;
            let master = images::fit_width(&image, WIDTHS[0]);
            Ok((variants, master.width(), master.height()))
        })
        .await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let key = format!("{}/{id}", kind.key_prefix());
    for (w, jpeg) in variants {
        state.storage.put(&format!("{key}/{w}.jpg"), jpeg).await?;
    }
    sqlx::query!(
        "INSERT INTO uploads (id, owner_id, kind, storage_key, width_px, height_px) VALUES (?, ?, ?, ?, ?, ?)",
        id,
        owner_id,
        kind.as_db(),
        key,
        width,
        height
    )
    .execute(&state.db)
    .await?;
    Ok(UploadedImage { thumb_url: image_url(&key, 400), id, width, height })
}

/// Removes the stored files of uploads (after the rows that named them were deleted and committed).
pub async fn remove_files(state: &AppState, storage_keys: &[String]) {
    for key in storage_keys {
        for w in WIDTHS {
            state.storage.delete(&format!("{key}/{w}.jpg")).await;
        }
    }
}

/// How long an upload may wait for a listing or review to claim it (a form left open longer uploads again).
const UNCLAIMED_HOURS: i64 = 24;

/// Removes uploads that no listing or review claimed within a day — abandoned forms, and photos taken out
/// in an edit — with their files. Returns how many were removed (at most 500 a call).
pub async fn sweep_unclaimed(state: &AppState, now: chrono::DateTime<chrono::Utc>) -> Result<usize, AppError> {
    let cutoff = now - chrono::Duration::hours(UNCLAIMED_HOURS);
    let stale = sqlx::query!(
        "SELECT id, storage_key FROM uploads
         WHERE artwork_id IS NULL AND review_id IS NULL AND order_id IS NULL AND created_at < ? ORDER BY created_at LIMIT 500",
        cutoff
    )
    .fetch_all(&state.db)
    .await?;
    let mut removed = 0;
    for row in stale {
        let (id, key) = (row.id, row.storage_key);
        // Re-checked in the delete itself: a claim in flight holds the row's lock, and once it commits
        // the row no longer matches.
        let gone = sqlx::query!(
            "DELETE FROM uploads WHERE id = ? AND artwork_id IS NULL AND review_id IS NULL AND order_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM artwork_images i WHERE i.upload_id = ?)
               AND NOT EXISTS (SELECT 1 FROM review_images i WHERE i.upload_id = ?)
               AND NOT EXISTS (SELECT 1 FROM dispute_images i WHERE i.upload_id = ?)",
            id,
            id,
            id,
            id
        )
        .execute(&state.db)
        .await?
        .rows_affected();
        if gone == 1 {
            remove_files(state, std::slice::from_ref(&key)).await;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Sweeps unclaimed uploads every hour.
pub async fn sweep_forever(state: AppState) {
    loop {
        match sweep_unclaimed(&state, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "unclaimed uploads removed"),
            Err(e) => tracing::warn!(error = %e.message, "sweeping unclaimed uploads failed; retried in an hour"),
        }
        if !state.live.idle(std::time::Duration::from_secs(3600)).await {
            return;
        }
    }
}
