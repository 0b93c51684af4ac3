//! The search outbox: a change that affects search bumps the artwork's `search_version` and writes an
//! outbox row in the same transaction, so the index can never miss a committed change (and never sees
//! one that was rolled back). The indexer deletes rows once the backend has them.

use sqlx::{MySql, MySqlPool, Transaction};

/// Records, inside the caller's transaction, that this artwork's search document changed.
pub async fn enqueue(tx: &mut Transaction<'_, MySql>, artwork_id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE artworks SET search_version = search_version + 1 WHERE id = ?", artwork_id).execute(&mut **tx).await?;
    sqlx::query!("INSERT INTO search_outbox (artwork_id) VALUES (?)", artwork_id).execute(&mut **tx).await?;
    Ok(())
}

/// Rows waiting for delivery.
pub async fn pending(db: &MySqlPool) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar!("SELECT COUNT(*) FROM search_outbox").fetch_one(db).await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Queues every artwork (a rebuild through the running indexer); returns how many.
pub async fn enqueue_all(db: &MySqlPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("INSERT INTO search_outbox (artwork_id) SELECT id FROM artworks ORDER BY id").execute(db).await?;
    Ok(done.rows_affected())
}
