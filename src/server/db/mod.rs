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
