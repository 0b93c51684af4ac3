//! In-app notifications: written in the transaction of the change they announce, pushed live (as an
//! unread count) over the event stream after it commits.

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use crate::domain::{Notification, NotificationKind, NotificationPage};
use crate::error::AppError;
use crate::i18n::{Locale, Note};
use crate::server::wallet::ledger::Tx;

pub const PAGE_SIZE: u32 = 30;

/// Adds a notification; with a `dedupe_key` it is added at most once ever. Returns the user to nudge
/// live, when a row was written. The note is stored as data and read in the reader's language.
pub async fn insert(
    tx: &mut Tx<'_>,
    user_id: u64,
    kind: NotificationKind,
    note: &Note,
    link: &str,
    dedupe_key: Option<&str>,
) -> Result<Option<u64>, AppError> {
    let message: String = note.text(Locale::Ko).chars().take(300).collect();
    let data = serde_json::to_string(note).map_err(AppError::internal)?;
    let written = sqlx::query!(
        "INSERT IGNORE INTO notifications (user_id, kind, message, note, link, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)",
        user_id,
        kind,
        message,
        data,
        link,
        dedupe_key
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok((written > 0).then_some(user_id))
}

pub async fn unread(db: &MySqlPool, user_id: u64) -> Result<u32, AppError> {
    let n: i64 =
        sqlx::query_scalar!("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", user_id).fetch_one(db).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The newest notifications (page 1 = newest), with the unread count, in the language of the request.
pub async fn page(db: &MySqlPool, user_id: u64, page: u32) -> Result<NotificationPage, AppError> {
    let offset = page.max(1).saturating_sub(1).saturating_mul(PAGE_SIZE);
    let rows = sqlx::query!(
        r#"SELECT id, kind AS "kind: NotificationKind", message, note, link, read_at IS NOT NULL AS "read: bool", created_at AS "created_at: DateTime<Utc>"
           FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?"#,
        user_id,
        PAGE_SIZE,
        offset
    )
    .fetch_all(db)
    .await?;
    let locale = Locale::current();
    let items = rows
        .into_iter()
        .map(|r| Notification {
            id: r.id,
            kind: r.kind,
            // Rows written before notes were data have only the Korean text.
            message: r.note.as_deref().and_then(|n| serde_json::from_str::<Note>(n).ok()).map_or(r.message, |n| n.text(locale)),
            link: r.link,
            read: r.read,
            created_at: r.created_at,
        })
        .collect();
    Ok(NotificationPage { items, unread: unread(db, user_id).await? })
}

/// Marks the caller's notifications read (all, or up to and including `up_to`).
pub async fn mark_read(db: &MySqlPool, user_id: u64, up_to: Option<u64>) -> Result<u32, AppError> {
    let done = sqlx::query!(
        "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id <= ?",
        Utc::now(),
        user_id,
        up_to.unwrap_or(u64::MAX)
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(u32::try_from(done).unwrap_or(u32::MAX))
}
