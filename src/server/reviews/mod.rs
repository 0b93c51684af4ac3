//! Reviews (후기): written only by the buyer of a received or settled order, one per order; edited and
//! deleted only by their author; liked once per member; commented on (author-only edit, soft delete);
//! hidden by admins with a reason (audited). Each change is one transaction. Lock order, everywhere:
//! the order row (writing) or the review row first (`SELECT … FOR UPDATE`), then its comment, uploads,
//! images and likes; notifications are written last, in the same transaction.

pub mod queries;

#[cfg(test)]
pub(crate) mod http_tests;

use chrono::Utc;

use crate::domain::review::ReviewDraft;
use crate::domain::{LikeState, NotificationKind, OrderStatus};
use crate::error::AppError;
use crate::i18n::Note;
use crate::server::artworks::likes::{self, LikeTarget};
use crate::server::auction::live::LiveMessage;
use crate::server::auction::notify;
use crate::server::auth::AuthUser;
use crate::server::db::errors::violated_unique_key;
use crate::server::moderation;
use crate::server::uploads::{self, UploadKind};
use crate::server::wallet::ledger::Tx;
use crate::server::AppState;

fn review_missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ReviewNotFound)
}

fn comment_missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ErrCommentNotFound)
}

fn already_reviewed() -> AppError {
    AppError::conflict(crate::i18n::Key::ErrReviewExists)
}

/// The review row as the writes need it.
struct ReviewRow {
    author_id: u64,
    title: String,
    /// Neither the review nor its work is hidden.
    visible: bool,
}

/// Locks a review row (the first lock of every change to a review, its likes or its comments). Only the
/// review's row: whether its work is hidden is read without locking the work (the lot's row belongs to
/// the auction's lock order).
async fn lock_review(tx: &mut Tx<'_>, id: u64) -> Result<ReviewRow, AppError> {
    let review =
        sqlx::query!(r#"SELECT author_id, title, artwork_id, hidden_at IS NULL AS "shown: bool" FROM reviews WHERE id = ? FOR UPDATE"#, id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(review_missing)?;
    let (author_id, title, artwork_id, shown) = (review.author_id, review.title, review.artwork_id, review.shown);
    let work_shown: bool = sqlx::query_scalar!(r#"SELECT hidden_at IS NULL AS "shown: bool" FROM artworks WHERE id = ?"#, artwork_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(ReviewRow { author_id, title, visible: shown && work_shown })
}

/// Writes the buyer's review of order `order_id`; the artist is notified. Returns the review's id.
pub async fn create(state: &AppState, author: &AuthUser, order_id: u64, draft: &ReviewDraft) -> Result<u64, AppError> {
    let mut tx = state.db.begin().await?;
    let order = sqlx::query!(
        r#"SELECT o.buyer_id, o.artist_id, o.artwork_id, o.status AS "status: OrderStatus", a.title
           FROM orders o JOIN artworks a ON a.id = o.artwork_id WHERE o.id = ? FOR UPDATE"#,
        order_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(order) = order.filter(|o| o.buyer_id == author.id) else {
        return Err(AppError::forbidden(crate::i18n::Key::ErrReviewBuyersOnly));
    };
    let (buyer_id, artist_id, artwork_id, work_title) = (order.buyer_id, order.artist_id, order.artwork_id, order.title);
    if !matches!(order.status, OrderStatus::Received | OrderStatus::Settled) {
        return Err(AppError::conflict(crate::i18n::Key::ErrReviewAfterReceipt));
    }
    let exists: Option<u64> = sqlx::query_scalar!("SELECT id FROM reviews WHERE order_id = ?", order_id).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(already_reviewed());
    }
    let id = sqlx::query!(
        "INSERT INTO reviews (order_id, artwork_id, author_id, artist_id, title, body) VALUES (?, ?, ?, ?, ?, ?)",
        order_id,
        artwork_id,
        buyer_id,
        artist_id,
        draft.title,
        draft.body
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| match violated_unique_key(&e).as_deref() {
        Some("uq_reviews_order") => already_reviewed(),
        _ => AppError::from(e),
    })?
    .last_insert_id();
    uploads::claim(&mut tx, UploadKind::Review, author.id, id, &draft.image_ids, false).await?;
    let nudge = notify::insert(
        &mut tx,
        artist_id,
        NotificationKind::Review,
        &Note::ReviewPosted { work: work_title.to_string(), title: draft.title.clone() },
        &format!("/reviews/{id}"),
        Some(&format!("review:{id}")),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(review_id = id, order_id, artwork_id, "review written");
    if let Some(user_id) = nudge {
        state.live.publish(state, LiveMessage::Notice { user_id }).await;
    }
    Ok(id)
}

/// The author edits their review (title, text and photos).
pub async fn update(state: &AppState, author: &AuthUser, id: u64, draft: &ReviewDraft) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let review = lock_review(&mut tx, id).await?;
    if review.author_id != author.id {
        return Err(AppError::forbidden(crate::i18n::Key::ReviewOnlyOwnEdit));
    }
    sqlx::query!("UPDATE reviews SET title = ?, body = ?, edited_at = ? WHERE id = ?", draft.title, draft.body, Utc::now(), id)
        .execute(&mut *tx)
        .await?;
    uploads::claim(&mut tx, UploadKind::Review, author.id, id, &draft.image_ids, true).await?;
    tx.commit().await?;
    Ok(())
}

/// The author deletes their review with its photos, likes and comments.
pub async fn delete(state: &AppState, author: &AuthUser, id: u64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let review = lock_review(&mut tx, id).await?;
    if review.author_id != author.id {
        return Err(AppError::forbidden(crate::i18n::Key::ErrReviewOwnDelete));
    }
    let keys: Vec<String> =
        sqlx::query_scalar!("SELECT storage_key FROM uploads WHERE review_id = ? FOR UPDATE", id).fetch_all(&mut *tx).await?;
    sqlx::query!("DELETE FROM uploads WHERE review_id = ?", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM reviews WHERE id = ?", id).execute(&mut *tx).await?;
    tx.commit().await?;
    uploads::remove_files(state, &keys).await;
    tracing::info!(review_id = id, "review deleted by its author");
    Ok(())
}

/// Likes or unlikes a review for `user` only; the count moves in the same transaction.
pub async fn toggle_like(state: &AppState, user: &AuthUser, id: u64) -> Result<LikeState, AppError> {
    let mut tx = state.db.begin().await?;
    let review = lock_review(&mut tx, id).await?;
    if !review.visible {
        return Err(review_missing());
    }
    if review.author_id == user.id {
        return Err(AppError::bad_request(crate::i18n::Key::ErrLikeOwnReview));
    }
    let liked = likes::toggle(&mut tx, LikeTarget::Review, user.id, id).await?;
    tx.commit().await?;
    Ok(liked)
}

/// Adds a comment to a visible review; its author hears of it. Returns the comment's id.
pub async fn add_comment(state: &AppState, user: &AuthUser, review_id: u64, body: &str) -> Result<u64, AppError> {
    let mut tx = state.db.begin().await?;
    let review = lock_review(&mut tx, review_id).await?;
    if !review.visible {
        return Err(review_missing());
    }
    let id = sqlx::query!("INSERT INTO review_comments (review_id, author_id, body) VALUES (?, ?, ?)", review_id, user.id, body)
        .execute(&mut *tx)
        .await?
        .last_insert_id();
    sqlx::query!("UPDATE reviews SET comment_count = comment_count + 1 WHERE id = ?", review_id).execute(&mut *tx).await?;
    let nudge = if review.author_id == user.id {
        None
    } else {
        notify::insert(
            &mut tx,
            review.author_id,
            NotificationKind::Comment,
            &Note::ReviewComment { review: review.title.clone(), nickname: user.nickname.clone() },
            &format!("/reviews/{review_id}"),
            None,
        )
        .await?
    };
    tx.commit().await?;
    if let Some(user_id) = nudge {
        state.live.publish(state, LiveMessage::Notice { user_id }).await;
    }
    Ok(id)
}

struct CommentRow {
    review_id: u64,
    author_id: u64,
    removed: bool,
}

/// Locks a comment, after its review (the lock order of every comment change that moves the count).
async fn lock_comment(tx: &mut Tx<'_>, comment_id: u64) -> Result<(ReviewRow, CommentRow), AppError> {
    let review_id: u64 = sqlx::query_scalar!("SELECT review_id FROM review_comments WHERE id = ?", comment_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(comment_missing)?;
    let review = lock_review(tx, review_id).await?;
    let comment = sqlx::query_as!(
        CommentRow,
        r#"SELECT review_id, author_id, (deleted_at IS NOT NULL OR hidden_at IS NOT NULL) AS "removed: bool"
           FROM review_comments WHERE id = ? FOR UPDATE"#,
        comment_id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((review, comment))
}

/// The author edits their comment.
pub async fn edit_comment(state: &AppState, user: &AuthUser, comment_id: u64, body: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let (review, comment) = lock_comment(&mut tx, comment_id).await?;
    if comment.author_id != user.id {
        return Err(AppError::forbidden(crate::i18n::Key::ErrCommentOwnEdit));
    }
    if comment.removed || !review.visible {
        return Err(AppError::conflict(crate::i18n::Key::ErrCommentGoneEdit));
    }
    sqlx::query!("UPDATE review_comments SET body = ?, edited_at = ? WHERE id = ?", body, Utc::now(), comment_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The author deletes their comment: it keeps its place as "삭제된 댓글입니다" and its text is dropped.
pub async fn delete_comment(state: &AppState, user: &AuthUser, comment_id: u64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let (_, comment) = lock_comment(&mut tx, comment_id).await?;
    if comment.author_id != user.id {
        return Err(AppError::forbidden(crate::i18n::Key::ErrCommentOwnDelete));
    }
    if comment.removed {
        return Err(AppError::conflict(crate::i18n::Key::ErrCommentGone));
    }
    sqlx::query!("UPDATE review_comments SET body = '', deleted_at = ? WHERE id = ?", Utc::now(), comment_id).execute(&mut *tx).await?;
    sqlx::query!("UPDATE reviews SET comment_count = comment_count - 1 WHERE id = ? AND comment_count > 0", comment.review_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// An admin hides a review from everyone but its author and admins, with the reason, audited.
pub async fn hide(state: &AppState, admin: &AuthUser, id: u64, reason: &str) -> Result<(), AppError> {
    let reason = moderation::hide_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    lock_review(&mut tx, id).await?;
    sqlx::query!("UPDATE reviews SET hidden_at = ?, hidden_reason = ? WHERE id = ?", Utc::now(), reason, id).execute(&mut *tx).await?;
    moderation::audit(&mut tx, admin.id, "hide", "review", id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(review_id = id, admin_id = admin.id, "review hidden by admin");
    Ok(())
}

/// An admin hides a comment (it shows "관리자가 숨긴 댓글입니다"), with the reason, audited.
pub async fn hide_comment(state: &AppState, admin: &AuthUser, comment_id: u64, reason: &str) -> Result<(), AppError> {
    let reason = moderation::hide_reason(admin, reason)?;
    let mut tx = state.db.begin().await?;
    let (_, comment) = lock_comment(&mut tx, comment_id).await?;
    if comment.removed {
        return Err(AppError::conflict(crate::i18n::Key::ErrCommentGone));
    }
    sqlx::query!("UPDATE review_comments SET hidden_at = ?, hidden_reason = ? WHERE id = ?", Utc::now(), reason, comment_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("UPDATE reviews SET comment_count = comment_count - 1 WHERE id = ? AND comment_count > 0", comment.review_id)
        .execute(&mut *tx)
        .await?;
    moderation::audit(&mut tx, admin.id, "hide", "review_comment", comment_id, &reason).await?;
    tx.commit().await?;
    tracing::warn!(comment_id, admin_id = admin.id, "review comment hidden by admin");
    Ok(())
}
