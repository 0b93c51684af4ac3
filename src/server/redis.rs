//! Redis through a lazily connecting, self-healing connection manager.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// A cheap-to-clone handle; the first command connects, later failures reconnect with backoff. Every
/// command times out after 2 s (connecting included), so an unreachable Redis never hangs a request.
#[derive(Clone)]
pub struct Redis {
    client: redis::Client,
    manager: ConnectionManager,
    /// The fallback for rate limits while Redis is unreachable: the same fixed windows, counted in this
    /// process only (so with N instances a limit is at most N times as loose, never absent).
    local: Arc<LocalWindows>,
    breaker: Arc<Breaker>,
}

/// After a connection-level failure, commands fail at once for [`Breaker::OPEN_FOR`] instead of each
/// waiting on its own reconnect attempts: with Redis down, a request pays nothing for trying it.
#[derive(Default)]
struct Breaker {
    /// Milliseconds since `epoch` until which the breaker is open (0: closed).
    open_until_ms: AtomicU64,
    epoch: std::sync::OnceLock<Instant>,
}

impl Breaker {
    const OPEN_FOR: Duration = Duration::from_secs(1);

    fn now_ms(&self) -> u64 {
        self.epoch.get_or_init(Instant::now).elapsed().as_millis() as u64
    }

    fn is_open(&self) -> bool {
        self.now_ms() < self.open_until_ms.load(Ordering::Relaxed)
    }

    fn record(&self, error: &redis::RedisError) {
        if error.is_io_error() || error.is_connection_dropped() || error.is_connection_refusal() || error.is_timeout() {
            self.open_until_ms.store(self.now_ms() + Self::OPEN_FOR.as_millis() as u64, Ordering::Relaxed);
        }
    }
}

/// A command connection that fails fast while the breaker is open.
#[derive(Clone)]
pub struct Conn {
    inner: ConnectionManager,
    breaker: Arc<Breaker>,
}

fn circuit_open() -> redis::RedisError {
    redis::RedisError::from((redis::ErrorKind::Io, "Redis unreachable a moment ago (failing fast)"))
}

impl redis::aio::ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a redis::Cmd) -> redis::RedisFuture<'a, redis::Value> {
        Box::pin(async move {
            if self.breaker.is_open() {
                return Err(circuit_open());
            }
            let answer = self.inner.req_packed_command(cmd).await;
            if let Err(e) = &answer {
                self.breaker.record(e);
            }
            answer
        })
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<redis::Value>> {
        Box::pin(async move {
            if self.breaker.is_open() {
                return Err(circuit_open());
            }
            let answer = self.inner.req_packed_commands(pipeline, offset, count).await;
            if let Err(e) = &answer {
                self.breaker.record(e);
            }
            answer
        })
    }

    fn get_db(&self) -> i64 {
        self.inner.get_db()
    }
}

/// Fixed windows kept in memory: key → (hits, when the window opened).
#[derive(Default)]
pub struct LocalWindows {
    windows: Mutex<HashMap<String, (u64, Instant)>>,
}

impl LocalWindows {
    /// Bound on remembered keys: past it, expired windows are dropped (and, if none has expired, the
    /// map is cleared rather than allowed to grow without bound).
    const MAX_KEYS: usize = 100_000;

    /// Counts one hit on `key` in a window of `window` opened by the window's first hit.
    pub fn hit(&self, key: &str, window: Duration) -> u64 {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= Self::MAX_KEYS && !windows.contains_key(key) {
            windows.retain(|_, (_, opened)| now.duration_since(*opened) < window);
            if windows.len() >= Self::MAX_KEYS {
                windows.clear();
            }
        }
        let entry = windows.entry(key.to_string()).or_insert((0, now));
        if now.duration_since(entry.1) >= window {
            *entry = (0, now);
        }
        entry.0 += 1;
        entry.0
    }

    /// Forgets `key` (a successful log-in clears its account's count).
    pub fn forget(&self, key: &str) {
        self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(key);
    }
}

impl Redis {
    pub fn new(url: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2);
        Ok(Self {
            manager: ConnectionManager::new_lazy_with_config(client.clone(), config)?,
            client,
            local: Default::default(),
            breaker: Default::default(),
        })
    }

    /// A connection for commands; clones share one multiplexed connection.
    pub fn conn(&self) -> Conn {
        Conn { inner: self.manager.clone(), breaker: self.breaker.clone() }
    }

    /// The in-process windows used while Redis is unreachable.
    pub fn local(&self) -> &LocalWindows {
        &self.local
    }

    /// A dedicated connection for SUBSCRIBE (pub/sub needs a connection of its own).
    pub async fn pubsub(&self) -> redis::RedisResult<redis::aio::PubSub> {
        self.client.get_async_pubsub().await
    }

    pub async fn ping(&self) -> redis::RedisResult<()> {
        let mut conn = self.conn();
        redis::cmd("PING").query_async::<String>(&mut conn).await.map(|_| ())
    }
}

impl Redis {
    /// A fixed-window limit: records one hit on `key` and answers whether it is still within `limit`
    /// per `window_secs`. While Redis is unreachable the window is counted in this process instead: a
    /// rate limit must neither take the site down with Redis nor vanish with it.
    pub async fn within_limit(&self, key: &str, limit: u32, window_secs: u64) -> bool {
        let window = Duration::from_secs(window_secs);
        match self.hit_window(key, window).await {
            Ok(n) => n <= u64::from(limit),
            Err(e) => {
                tracing::warn!(error = %e, key, "rate limit counted in this process: Redis is unreachable");
                self.local.hit(key, window) <= u64::from(limit)
            }
        }
    }

    /// Counts one hit on `key` in a fixed window of `window` that starts with the window's first hit,
    /// and answers the count so far. The expiry is set once, by the first hit, so steady traffic under a
    /// limit never stretches a window into a lockout.
    pub async fn hit_window(&self, key: &str, window: Duration) -> redis::RedisResult<u64> {
        let mut conn = self.conn();
        redis::Script::new(HIT_WINDOW_SCRIPT).key(key).arg(window.as_millis().max(1) as u64).invoke_async(&mut conn).await
    }
}

/// INCR, and PEXPIRE only when the key is new (or, healing a key left without one, has no expiry).
const HIT_WINDOW_SCRIPT: &str = r#"
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_windows_count_within_a_window_and_start_afresh_after_it() {
        let w = LocalWindows::default();
        let window = Duration::from_millis(80);
        assert_eq!((w.hit("a", window), w.hit("a", window), w.hit("b", window)), (1, 2, 1));
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(w.hit("a", window), 1, "a new window");
        w.forget("a");
        assert_eq!(w.hit("a", window), 1);
    }
}
