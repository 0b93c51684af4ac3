//! MySQL/MariaDB: the pool, migrations and shared helpers; each area's queries live in its folder.

pub mod errors;

use std::str::FromStr;
use std::time::Duration;

use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::MySqlPool;

/// Migrations compiled into the binary from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Connects lazily (start-up must not hang on a down database; `/readyz` reports it) with UTC sessions.
pub fn pool(database_url: &str) -> Result<MySqlPool, sqlx::Error> {
    let options =
        MySqlConnectOptions::from_str(database_url)?.charset("utf8mb4").collation("utf8mb4_unicode_ci").timezone(Some("+00:00".into()));
    Ok(MySqlPoolOptions::new().max_connections(20).acquire_timeout(Duration::from_secs(5)).connect_lazy_with(options))
}

pub async fn migrate(pool: &MySqlPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// Appends `(?, ?, …)` bound to `ids` (for `… IN` lists; `ids` must not be empty).
pub fn push_id_list(qb: &mut sqlx::QueryBuilder<'_, sqlx::MySql>, ids: &[u64]) {
    qb.push("(");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
}

/// A MySQL named lock (`GET_LOCK`), for work that must not run twice at once across instances but has no
/// row to lock for its whole length — such as a call to an outside service between two transactions.
/// Held by one pooled connection; [`NamedLock::release`] gives it back. Dropped without a release (an
/// early return, a panic), the connection is closed instead of returned, which releases the lock on the
/// server — a pooled connection must never keep holding it. The name is scoped to the database.
pub struct NamedLock {
    conn: Option<sqlx::pool::PoolConnection<sqlx::MySql>>,
    name: String,
}

impl NamedLock {
    /// Takes the lock if it is free; `None` while another session holds it (never waits).
    pub async fn try_acquire(db: &MySqlPool, name: &str) -> Result<Option<NamedLock>, sqlx::Error> {
        let mut conn = db.acquire().await?;
        // SHA1 keeps the name within the 64 characters MySQL and MariaDB allow.
        let got: Option<i64> =
            sqlx::query_scalar("SELECT GET_LOCK(SHA1(CONCAT(DATABASE(), ':', ?)), 0)").bind(name).fetch_one(&mut *conn).await?;
        Ok((got == Some(1)).then(|| NamedLock { conn: Some(conn), name: name.to_string() }))
    }

    pub async fn release(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let released = sqlx::query("SELECT RELEASE_LOCK(SHA1(CONCAT(DATABASE(), ':', ?)))").bind(&self.name).execute(&mut *conn).await;
            if released.is_err() {
                drop(conn.detach());
            }
        }
    }
}

impl Drop for NamedLock {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NamedLock;

    /// One holder at a time per name and database; released (or dropped) locks are free again.
    #[sqlx::test]
    async fn a_named_lock_has_one_holder(pool: sqlx::MySqlPool) {
        let first = NamedLock::try_acquire(&pool, "refund:m1").await.unwrap().expect("free");
        assert!(NamedLock::try_acquire(&pool, "refund:m1").await.unwrap().is_none(), "held by the first");
        let other = NamedLock::try_acquire(&pool, "refund:m2").await.unwrap().expect("another name is free");
        first.release().await;
        let again = NamedLock::try_acquire(&pool, "refund:m1").await.unwrap().expect("released");
        drop(again);
        // A dropped lock's connection is closed; the server frees the lock once it notices.
        let mut tries = 0;
        while NamedLock::try_acquire(&pool, "refund:m1").await.unwrap().is_none() {
            tries += 1;
            assert!(tries < 100, "a dropped lock is freed");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        other.release().await;
    }
}
