//! Likes, one mechanism for works (찜) and reviews: one row per member and target, so a member only ever
//! adds or removes their own like, and the target's count moves in the same transaction.

use crate::domain::LikeState;
use crate::error::AppError;
use crate::server::wallet::ledger::Tx;

/// What can be liked.
#[derive(Debug, Clone, Copy)]
pub enum LikeTarget {
    Artwork,
    Review,
}

impl LikeTarget {
    /// The likes table, its target column, and the target's table (holding `like_count`).
    fn tables(self) -> (&'static str, &'static str, &'static str) {
        match self {
            LikeTarget::Artwork => ("artwork_likes", "artwork_id", "artworks"),
            LikeTarget::Review => ("review_likes", "review_id", "reviews"),
        }
    }
}

/// Likes or unlikes `id` for `user_id`. The caller has locked the target's row in `tx` (and checked that
/// it may be liked), so toggles of one target run one at a time and the count stays exact.
///
/// The like is inserted first and deleted only when it was already there: a DELETE (or locking read)
/// of a row that does not exist would lock the gap of the primary key around it under REPEATABLE READ,
/// and other members' likes inserted into that gap would wait on it or deadlock.
pub async fn toggle(tx: &mut Tx<'_>, target: LikeTarget, user_id: u64, id: u64) -> Result<LikeState, AppError> {
    let (likes, column, table) = target.tables();
    let added = sqlx::query(&format!("INSERT IGNORE INTO {likes} (user_id, {column}) VALUES (?, ?)"))
        .bind(user_id)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let liked = if added == 1 {
        sqlx::query(&format!("UPDATE {table} SET like_count = like_count + 1 WHERE id = ?")).bind(id).execute(&mut **tx).await?;
        true
    } else {
        sqlx::query(&format!("DELETE FROM {likes} WHERE user_id = ? AND {column} = ?")).bind(user_id).bind(id).execute(&mut **tx).await?;
        sqlx::query(&format!("UPDATE {table} SET like_count = like_count - 1 WHERE id = ? AND like_count > 0"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        false
    };
    let count: u32 = sqlx::query_scalar(&format!("SELECT like_count FROM {table} WHERE id = ?")).bind(id).fetch_one(&mut **tx).await?;
    Ok(LikeState { liked, count })
}
