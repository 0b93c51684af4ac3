//! Delivers outbox rows to the search backend, and rebuilds the index from MySQL.
//!
//! Delivery is at least once: a batch of rows is read, the *current* documents of their artworks are
//! loaded and stored (each with the artwork's `search_version`, so an older document never replaces a
//! newer one, and a repeat is harmless), and only then are exactly those rows deleted. Several instances
//! may deliver at once; versions keep the result the same.

use std::collections::HashMap;
use std::time::Duration;

use sqlx::{MySqlPool, QueryBuilder};

use super::{docs, outbox, Search, SearchError};

/// Rows taken per delivery.
const BATCH: u32 = 500;
/// How often an idle indexer looks for rows written by other instances (its own wake it at once).
const IDLE_POLL: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Documents per request during a rebuild.
const REBUILD_PAGE: u32 = 1000;

/// Delivers one batch; returns how many outbox rows it delivered (0: nothing was waiting).
pub async fn deliver_batch(db: &MySqlPool, search: &Search) -> Result<usize, SearchError> {
    let rows = sqlx::query!("SELECT id, artwork_id FROM search_outbox ORDER BY id LIMIT ?", BATCH).fetch_all(db).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let rows: Vec<(u64, u64)> = rows.into_iter().map(|r| (r.id, r.artwork_id)).collect();
    let mut ids: Vec<u64> = rows.iter().map(|(_, a)| *a).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = docs::load(db, &ids).await?;
    let removed: Vec<u64> = ids.iter().copied().filter(|id| !found.iter().any(|d| d.id == *id)).collect();
    search.backend.apply(&found, &removed).await?;
    let mut del = QueryBuilder::new("DELETE FROM search_outbox WHERE id IN ");
    let row_ids: Vec<u64> = rows.iter().map(|(id, _)| *id).collect();
    crate::server::db::push_id_list(&mut del, &row_ids);
    del.build().execute(db).await?;
    Ok(rows.len())
}

/// The indexer worker: prepares the index (building it from MySQL if it was just created), then delivers
/// the outbox as rows arrive. A failing backend is retried every 1–2 s (a refused connection costs nothing); rows wait
/// in the outbox meanwhile, so nothing is lost and everything catches up when it returns.
pub async fn run_forever(db: MySqlPool, search: Search, live: crate::server::auction::live::Live) {
    let mut backoff = Duration::from_secs(1);
    loop {
        match prepare(&db, &search).await {
            Ok(()) => break,
            Err(e) => {
                tracing::warn!(error = %e, backend = search.backend.kind(), "search index not ready; retrying");
                search.record(Err(&e));
                if !live.idle(backoff).await {
                    return;
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
    backoff = Duration::from_secs(1);
    // Stops between batches when the process shuts down: a batch is delivered whole or left in the outbox.
    while !live.is_shutting_down() {
        match deliver_batch(&db, &search).await {
            Ok(0) => {
                search.record(Ok(()));
                tokio::select! {
                    _ = search.woken() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    () = live.shutting_down() => return,
                }
            }
            Ok(n) => {
                tracing::debug!(rows = n, "search outbox delivered");
                search.record(Ok(()));
                backoff = Duration::from_secs(1);
            }
            Err(e) => {
                tracing::warn!(error = %e, backend = search.backend.kind(), retry_in = ?backoff, "search delivery failed");
                search.record(Err(&e));
                if !live.idle(backoff).await {
                    return;
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Creates the index if needed; a new, empty index is built from MySQL straight away.
pub async fn prepare(db: &MySqlPool, search: &Search) -> Result<(), SearchError> {
    if search.backend.prepare().await? {
        tracing::info!(backend = search.backend.kind(), "search index created; building it from the database");
        rebuild(db, search, |_, _| {}).await?;
    }
    Ok(())
}

/// Rebuilds the whole index from MySQL into a fresh index, swapped in when complete (searches keep
/// answering from the old one meanwhile). Changes committed during the rebuild are delivered to the old
/// index by the indexer; any artwork whose version moved on while it was being copied is queued again
/// afterwards, so the new index ends up current. `progress(done, total)` is called after each page.
pub async fn rebuild(db: &MySqlPool, search: &Search, mut progress: impl FnMut(u64, u64)) -> Result<u64, SearchError> {
    let total: i64 = sqlx::query_scalar!("SELECT COUNT(*) FROM artworks").fetch_one(db).await?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut build = search.backend.rebuild().await?;
    let mut copied: HashMap<u64, u64> = HashMap::new();
    let mut after = 0;
    loop {
        let page = docs::page_after(db, after, REBUILD_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        build.add(&page).await?;
        copied.extend(page.iter().map(|d| (d.id, d.version)));
        progress(copied.len() as u64, total.max(copied.len() as u64));
    }
    build.finish().await?;
    // Anything that changed while it was being copied goes through the outbox once more.
    let now = sqlx::query!("SELECT id, search_version FROM artworks").fetch_all(db).await?;
    let stale: Vec<u64> = now.iter().filter(|r| copied.get(&r.id) != Some(&r.search_version)).map(|r| r.id).collect();
    for chunk in stale.chunks(1000) {
        let mut qb = QueryBuilder::new("INSERT INTO search_outbox (artwork_id) ");
        qb.push_values(chunk, |mut b, id| {
            b.push_bind(*id);
        });
        qb.build().execute(db).await?;
    }
    if !stale.is_empty() {
        search.wake();
    }
    Ok(copied.len() as u64)
}

/// `artipul reindex`: a full rebuild with progress on stdout. When another process (the running server)
/// holds the embedded index, every artwork is queued through the outbox instead and the running indexer
/// rebuilds it; this then waits for the outbox to drain.
pub async fn reindex_command(db: &MySqlPool, search: &Search) -> anyhow::Result<String> {
    use std::io::Write;
    match search.backend.prepare().await {
        Ok(_) => {}
        Err(SearchError::Unavailable(why)) if search.backend.kind() == "embedded" => {
            return queue_everything(db, &why).await;
        }
        Err(e) => return Err(e.into()),
    }
    // not-ui-text-begin: the operator's `artipul reindex` progress
    let started = std::time::Instant::now();
    let result = rebuild(db, search, |done, total| {
        print!("\r색인 중… {done}/{total}");
        let _ = std::io::stdout().flush();
    })
    .await;
    println!();
    match result {
        Ok(n) => Ok(format!("{n}개 작품을 {}에 다시 색인했습니다 ({:.1}초).", search.backend.kind(), started.elapsed().as_secs_f64())),
        Err(SearchError::Unavailable(why)) if search.backend.kind() == "embedded" => queue_everything(db, &why).await,
        Err(e) => Err(e.into()),
    }
}

async fn queue_everything(db: &MySqlPool, why: &str) -> anyhow::Result<String> {
    use std::io::Write;
    println!("내장 색인을 다른 프로세스(실행 중인 서버)가 쓰고 있습니다 ({why}). 모든 작품을 outbox로 보내 서버가 다시 색인하게 합니다.");
    let queued = outbox::enqueue_all(db).await?;
    loop {
        let left = outbox::pending(db).await?;
        print!("\r남은 작업 {left}개   ");
        let _ = std::io::stdout().flush();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    println!();
    Ok(format!("{queued}개 작품을 실행 중인 서버가 다시 색인했습니다."))
    // not-ui-text-end
}
