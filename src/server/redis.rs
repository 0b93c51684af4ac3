//! Redis through a lazily connecting, self-healing connection manager.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// A cheap-to-clone handle; the first command connects, later failures reconnect with backoff.
#[derive(Clone)]
pub struct Redis {
    client: redis::Client,
    manager: ConnectionManager,
}

impl Redis {
    pub fn new(url: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(2);
        Ok(Self { manager: ConnectionManager::new_lazy_with_config(client.clone(), config)?, client })
    }

    /// A connection for commands; clones share one multiplexed connection.
    pub fn conn(&self) -> ConnectionManager {
        self.manager.clone()
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
    /// per `window_secs`. Fails open (allows) when Redis is unreachable, logging it: a rate limit must not
    /// take the whole site down with Redis.
    pub async fn within_limit(&self, key: &str, limit: u32, window_secs: u64) -> bool {
        match self.hit_window(key, Duration::from_secs(window_secs)).await {
            Ok(n) => n <= u64::from(limit),
            Err(e) => {
                tracing::warn!(error = %e, key, "rate limit check failed; allowing");
                true
            }
        }
    }

    /// Counts one hit on `key` in a fixed window of `window` that starts with the window's first hit,
    /// and answers the count so far. The expiry is set once, by the first hit, so steady traffic under a
    /// limit never stretches a window into a lockout.
    pub async fn hit_window(&self, key: &str, window: Duration) -> redis::RedisResult<u64> {
        let mut conn = self.conn();
        redis::Script::new(HIT_WINDOW_SCRIPT)
            .key(key)
            .arg(window.as_millis().max(1) as u64)
            .invoke_async(&mut conn)
            .await
    }
}

/// INCR, and PEXPIRE only when the key is new (or, healing a key left without one, has no expiry).
const HIT_WINDOW_SCRIPT: &str = r#"
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"#;
