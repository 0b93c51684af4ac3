//! Listing works: create (claiming the artist's uploads), edit and withdraw (only until the first bid,
//! checked under the lot's row lock in the same transaction), likes, and admin hiding (audited). Lock order, everywhere:
//! the artwork row first (`SELECT … FOR UPDATE`), then its uploads, images, tags and likes.

use chrono::{DateTime, Utc};

use crate::domain::{ArtistCard, ArtworkDetail, ArtworkImage, LikeState, Listing, ListingLimits, LotStatus, Won};
use crate::error::AppError;
use crate::server::artworks::likes::{self, LikeTarget};
use crate::server::auction::LotRow;
use crate::server::auth::AuthUser;
use crate::server::moderation;
use crate::server::storage::image_url;
use crate::server::storage::Storage;
use crate::server::uploads::{self, UploadKind};
use crate::server::AppState;

/// The limits of a listing from the server's settings.
pub fn limits(state: &AppState) -> ListingLimits {
    let a = &state.settings.auction;
    ListingLimits {
        min_start_price: a.min_start_price,
        min_duration_secs: a.min_duration_secs as i64,
        max_duration_secs: a.max_duration_secs as i64,
        max_images: state.settings.uploads.max_images_per_artwork as usize,
        commission_percent: state.settings.orders.commission_percent,
    }
}

fn not_found() -> AppError {
    AppError::not_found(crate::i18n::Key::ArtworkNotFound)
}

/// `replacing`: the work existed before this transaction (see `uploads::claim` on why a new one is not
/// searched for tags to delete).
async fn write_tags(
    tx: &mut sqlx::Transaction<'_, sqlx::MySql>,
    artwork_id: u64,
    tags: &[String],
    replacing: bool,
) -> Result<(), AppError> {
    if replacing {
        sqlx::query!("DELETE FROM artwork_tags WHERE artwork_id = ?", artwork_id).execute(&mut **tx).await?;
    }
    for (position, tag) in tags.iter().enumerate() {
        sqlx::query!("INSERT INTO artwork_tags (artwork_id, position, tag) VALUES (?, ?, ?)", artwork_id, position as u8, tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Lists a work for a student artist. Returns its id.
pub async fn create(state: &AppState, artist: &AuthUser, l: &Listing) -> Result<u64, AppError> {
    if !artist.is_artist {
        return Err(AppError::forbidden(crate::i18n::Key::ErrArtistsOnly));
    }
    let mut tx = state.db.begin().await?;
    let id = sqlx::query!(
        "INSERT INTO artworks (artist_id, title, description, genre_path, medium, width_mm, height_mm, depth_mm, year_made,
                               start_price, buy_now_price, reserve_price, current_price, ends_at, original_ends_at,
                               delivery, shipping_fee, pickup_area)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        artist.id,
        l.title,
        l.description,
        l.genre.as_str(),
        l.medium,
        l.width_mm,
        l.height_mm,
        l.depth_mm,
        l.year,
        l.start_price.amount(),
        l.buy_now_price.map(Won::amount),
        l.reserve_price.map(Won::amount),
        l.start_price.amount(),
        l.ends_at,
        l.ends_at,
        l.delivery.kind_db(),
        l.delivery.fee().amount(),
        l.delivery.pickup_area(),
    )
    .execute(&mut *tx)
    .await?
    .last_insert_id();
    uploads::claim(&mut tx, UploadKind::Artwork, artist.id, id, &l.image_ids, false).await?;
    write_tags(&mut tx, id, &l.tags, false).await?;
    crate::server::search::outbox::enqueue(&mut tx, id).await?;
    tx.commit().await?;
    state.search.wake();
    state.live.wake_closer.notify_one();
    tracing::info!(artwork_id = id, artist_id = artist.id, "artwork listed");
    Ok(id)
}

/// Locks the work and checks the caller may still change it: theirs, live, no bids yet.
async fn lock_editable(tx: &mut sqlx::Transaction<'_, sqlx::MySql>, artist_id: u64, artwork_id: u64) -> Result<(), AppError> {
    let row =
        sqlx::query!(r#"SELECT artist_id, status AS "status: LotStatus", bid_count FROM artworks WHERE id = ? FOR UPDATE"#, artwork_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(not_found)?;
    if row.artist_id != artist_id {
        return Err(AppError::forbidden(crate::i18n::Key::OwnWorksOnly));
    }
    if row.status != LotStatus::Live {
        return Err(AppError::conflict(crate::i18n::Key::ErrLotEndedNoEdit));
    }
    if row.bid_count > 0 {
        return Err(AppError::conflict(crate::i18n::Key::ErrLotHasBidsNoEdit));
    }
    Ok(())
}

/// Edits a work (only until its first bid).
pub async fn update(state: &AppState, artist: &AuthUser, artwork_id: u64, l: &Listing) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    lock_editable(&mut tx, artist.id, artwork_id).await?;
    sqlx::query!(
        "UPDATE artworks SET title = ?, description = ?, genre_path = ?, medium = ?, width_mm = ?, height_mm = ?, depth_mm = ?,
                year_made = ?, start_price = ?, buy_now_price = ?, reserve_price = ?, current_price = ?, ends_at = ?, original_ends_at = ?,
                delivery = ?, shipping_fee = ?, pickup_area = ?
         WHERE id = ?",
        l.title,
        l.description,
        l.genre.as_str(),
        l.medium,
        l.width_mm,
        l.height_mm,
        l.depth_mm,
        l.year,
        l.start_price.amount(),
        l.buy_now_price.map(Won::amount),
        l.reserve_price.map(Won::amount),
        l.start_price.amount(),
        l.ends_at,
        l.ends_at,
        l.delivery.kind_db(),
        l.delivery.fee().amount(),
        l.delivery.pickup_area(),
        artwork_id,
    )
    .execute(&mut *tx)
    .await?;
    uploads::claim(&mut tx, UploadKind::Artwork, artist.id, artwork_id, &l.image_ids, true).await?;
    write_tags(&mut tx, artwork_id, &l.tags, true).await?;
    let announcement = crate::server::auction::engine::record_update(&mut tx, artwork_id, &state.settings.auction_rules()).await?;
    tx.commit().await?;
    state.live.wake_closer.notify_one();
    announcement.publish(state).await;
    Ok(())
}

/// Takes a work off sale (only until its first bid).
pub async fn withdraw(state: &AppState, artist: &AuthUser, artwork_id: u64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    lock_editable(&mut tx, artist.id, artwork_id).await?;
    sqlx::query!("UPDATE artworks SET status = 'withdrawn' WHERE id = ?", artwork_id).execute(&mut *tx).await?;
    let announcement = crate::server::auction::engine::record_update(&mut tx, artwork_id, &state.settings.auction_rules()).await?;
    tx.commit().await?;
    announcement.publish(state).await;
    tracing::info!(artwork_id, "artwork withdrawn");
    Ok(())
}

/// Likes or unlikes a work for `user_id` only; the count moves in the same transaction.
pub async fn toggle_like(state: &AppState, user_id: u64, artwork_id: u64) -> Result<LikeState, AppError> {
    let mut tx = state.db.begin().await?;
    let visible = sqlx::query_scalar!("SELECT hidden_at IS NULL AS visible FROM artworks WHERE id = ? FOR UPDATE", artwork_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(not_found)?;
    if visible == 0 {
        return Err(not_found());
    }
    let state = likes::toggle(&mut tx, LikeTarget::Artwork, user_id, artwork_id).await?;
    tx.commit().await?;
    Ok(state)
}

/// Hides a listing from everyone but its artist and admins, with the reason, audited in the same transaction.
pub async fn hide(state: &AppState, admin: &AuthUser, artwork_id: u64, reason: &str) -> Result<(), AppError> {
    let reason = moderation::hide_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let mut lot = LotRow::lock(&mut tx, artwork_id).await?.ok_or_else(not_found)?;
    sqlx::query!("UPDATE artworks SET hidden_at = UTC_TIMESTAMP(6), hidden_reason = ? WHERE id = ?", reason, artwork_id)
        .execute(&mut *tx)
        .await?;
    // A hidden lot must never be sold at its deadline: hiding a live lot cancels it, holds released.
    let cancelled = if lot.status == LotStatus::Live {
        Some(crate::server::auction::admin::cancel_locked(&mut tx, state, &mut lot, &reason).await?)
    } else {
        crate::server::search::outbox::enqueue(&mut tx, artwork_id).await?;
        None
    };
    moderation::audit(&mut tx, admin.id, "hide", "artwork", artwork_id, &reason).await?;
    tx.commit().await?;
    state.search.wake();
    tracing::warn!(artwork_id, admin_id = admin.id, cancelled = cancelled.is_some(), "artwork hidden by admin");
    if let Some(announcement) = cancelled {
        announcement.publish(state).await;
    }
    Ok(())
}

/// The artwork page for `viewer`. Hidden works exist only for their artist and admins.
pub async fn detail(state: &AppState, artwork_id: u64, viewer: Option<&AuthUser>, now: DateTime<Utc>) -> Result<ArtworkDetail, AppError> {
    let r = sqlx::query!(
        r#"SELECT a.id, a.artist_id, a.title, a.description, a.genre_path, a.medium, a.width_mm, a.height_mm, a.depth_mm,
                  a.year_made, a.start_price, a.current_price, a.buy_now_price, a.reserve_price, a.bid_count, a.like_count,
                  a.status AS "status: LotStatus", a.ends_at AS "ends_at: DateTime<Utc>", a.created_at AS "created_at: DateTime<Utc>",
                  a.hidden_reason, a.hidden_at IS NOT NULL AS "hidden: bool", a.delivery, a.shipping_fee, a.pickup_area,
                  u.nickname, u.college, u.student_verified AS "student_verified: bool", u.avatar_key
           FROM artworks a JOIN users u ON u.id = a.artist_id WHERE a.id = ?"#,
        artwork_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(not_found)?;
    let is_mine = viewer.is_some_and(|v| v.id == r.artist_id);
    let is_admin = viewer.is_some_and(|v| v.is_admin);
    if r.hidden && !is_mine && !is_admin {
        return Err(not_found());
    }
    let images = sqlx::query!(
        "SELECT upload_id, storage_key, width_px, height_px FROM artwork_images WHERE artwork_id = ? ORDER BY position",
        artwork_id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|i| ArtworkImage {
        upload_id: i.upload_id,
        url: image_url(&i.storage_key, 1200),
        thumb_url: image_url(&i.storage_key, 400),
        width: i.width_px,
        height: i.height_px,
    })
    .collect();
    let tags =
        sqlx::query_scalar!("SELECT tag FROM artwork_tags WHERE artwork_id = ? ORDER BY position", artwork_id).fetch_all(&state.db).await?;
    let liked_by_me = match viewer {
        Some(v) => {
            sqlx::query_scalar!("SELECT COUNT(*) FROM artwork_likes WHERE user_id = ? AND artwork_id = ?", v.id, artwork_id)
                .fetch_one(&state.db)
                .await?
                > 0
        }
        None => false,
    };
    let works: i64 = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM artworks WHERE artist_id = ? AND hidden_at IS NULL AND status IN ('live', 'sold')",
        r.artist_id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(ArtworkDetail {
        id: r.id,
        title: r.title,
        description_html: crate::server::markdown::to_safe_html(&r.description),
        description: r.description,
        genre_path: r.genre_path,
        tags,
        medium: r.medium,
        width_mm: r.width_mm,
        height_mm: r.height_mm,
        depth_mm: r.depth_mm,
        year: r.year_made,
        images,
        artist: ArtistCard {
            nickname: r.nickname,
            college: r.college,
            verified_student: r.student_verified,
            avatar_url: r.avatar_key.map(|k| Storage::public_url(&k)),
            work_count: u32::try_from(works).unwrap_or(0),
        },
        start_price: Won(r.start_price),
        current_price: Won(r.current_price),
        buy_now_price: r.buy_now_price.map(Won),
        has_reserve: r.reserve_price.is_some(),
        reserve_met: r.reserve_price.is_none_or(|p| r.bid_count > 0 && r.current_price >= p),
        bid_count: r.bid_count,
        like_count: r.like_count,
        liked_by_me,
        status: r.status,
        ends_at: r.ends_at,
        created_at: r.created_at,
        server_now: now,
        is_mine,
        hidden_reason: if is_mine || is_admin { r.hidden_reason } else { None },
        delivery: crate::domain::Delivery::from_columns(&r.delivery, r.shipping_fee, r.pickup_area),
        commission_percent: state.settings.orders.commission_percent,
        viewer_is_admin: is_admin,
        reviews: crate::server::reviews::queries::of_artwork(&state.db, artwork_id, 6).await?,
    })
}
