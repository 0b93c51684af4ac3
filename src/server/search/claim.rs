//! One search index per deployment. Every instance feeds the index from the shared outbox, and each
//! outbox row is delivered by whichever instance takes it first — so instances that keep *different*
//! indexes (an embedded index each, or different Elasticsearch clusters) would each receive a share of
//! the changes and silently drift apart.
//!
//! A serving instance therefore claims the deployment's search target in Redis before it listens: the
//! hash `search:targets:{database}` holds, per instance, a description of its index (`elasticsearch
//! http://host:9200/alias`, or `embedded host:/data/search`) valid for 30 s and renewed every 10 s. An
//! instance whose target differs from any live claim refuses to start and says why. Several instances on one
//! Elasticsearch share the claim; the embedded index can be shared only by processes on one host using
//! the same `DATA_DIR` (the first to write holds tantivy's directory lock, the others search the same
//! files and see each commit) — one on another host or folder is refused.

use std::time::Duration;

use crate::server::AppState;

/// How long an instance's claim outlives its last renewal (a crashed instance's claim lapses after this).
const CLAIM_TTL: Duration = Duration::from_secs(30);
/// How often a running instance renews it.
const RENEW_EVERY: Duration = Duration::from_secs(10);

/// The claims live in one hash, `instance id → "{expires unix secs} {target}"`. Atomically: forget
/// expired claims; if any live claim names another target, answer it; else record this instance's.
const CLAIM_SCRIPT: &str = r"
local now = tonumber(redis.call('TIME')[1])
local claims = redis.call('HGETALL', KEYS[1])
for i = 1, #claims, 2 do
  local field, value = claims[i], claims[i + 1]
  local space = string.find(value, ' ', 1, true)
  local expires = tonumber(string.sub(value, 1, space - 1))
  local target = string.sub(value, space + 1)
  if expires <= now then
    redis.call('HDEL', KEYS[1], field)
  elseif field ~= ARGV[1] and target ~= ARGV[2] then
    return target
  end
end
redis.call('HSET', KEYS[1], ARGV[1], (now + tonumber(ARGV[3])) .. ' ' .. ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ARGV[2]
";

/// What this instance's search index is, as other instances must see it to share it.
pub fn target(state: &AppState) -> String {
    match &state.config.elasticsearch_url {
        Some(url) => {
            let mut url = url.clone();
            let _ = url.set_username("");
            let _ = url.set_password(None);
            format!("elasticsearch {}{}", url.as_str().trim_end_matches('/'), format_args!("/{}", state.config.elasticsearch_index))
        }
        None => {
            let dir = state.config.data_dir.join("search");
            let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
            format!("embedded {}:{}", hostname(), dir.display())
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

async fn key(state: &AppState) -> Result<String, sqlx::Error> {
    let database: Option<String> = sqlx::query_scalar("SELECT DATABASE()").fetch_one(&state.db).await?;
    Ok(format!("search:targets:{}", database.unwrap_or_default()))
}

/// Why an instance may not serve search as configured.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error(
        "another instance of this deployment serves search from `{held}`, this one is configured for `{ours}`; \
         every instance must use the same index — set the same ELASTICSEARCH_URL and ELASTICSEARCH_INDEX on all of \
         them (the embedded index serves one host and DATA_DIR only). A claim of a stopped instance lapses within {ttl} s."
    )]
    Conflict { held: String, ours: String, ttl: u64 },
}

/// Claims (or renews) the target; `Ok(false)` when Redis or MySQL could not be asked (the caller decides).
pub async fn claim(state: &AppState) -> Result<bool, ClaimError> {
    let ours = target(state);
    let Ok(key) = key(state).await else { return Ok(false) };
    let mut conn = state.redis.conn();
    let held: redis::RedisResult<String> = redis::Script::new(CLAIM_SCRIPT)
        .key(&key)
        .arg(&*state.search.instance)
        .arg(&ours)
        .arg(CLAIM_TTL.as_secs())
        .invoke_async(&mut conn)
        .await;
    match held {
        Ok(held) if held == ours => Ok(true),
        Ok(held) => Err(ClaimError::Conflict { held, ours, ttl: CLAIM_TTL.as_secs() }),
        Err(e) => {
            tracing::warn!(error = %e, "search claim: Redis unreachable");
            Ok(false)
        }
    }
}

/// Gives this instance's claim up (a clean shutdown): once no instance uses the target, a differently
/// configured instance may start at once.
pub async fn release(state: &AppState) {
    let Ok(key) = key(state).await else { return };
    let mut conn = state.redis.conn();
    let _: redis::RedisResult<i64> = redis::AsyncCommands::hdel(&mut conn, &key, &*state.search.instance).await;
}

/// Run by `artipul serve` before it listens: the claim must be this instance's. With Redis unreachable the
/// start goes on (the service degrades without Redis) and the renewal worker claims as soon as it returns.
pub async fn check_at_start(state: &AppState) -> Result<(), ClaimError> {
    if !claim(state).await? {
        tracing::warn!("the search claim could not be checked (Redis or MySQL unreachable); retried every 10 s");
    }
    Ok(())
}

/// The renewal worker: renews every 10 s and gives the claim up at shutdown. A conflict found later (the
/// claim lapsed while Redis was away and another target took it) is logged as an error every round.
pub async fn renew_forever(state: AppState) {
    loop {
        if let Err(e) = claim(&state).await {
            tracing::error!(error = %e, "search claim lost to another target: this instance's index will drift");
        }
        if !state.live.idle(RENEW_EVERY).await {
            release(&state).await;
            return;
        }
    }
}
