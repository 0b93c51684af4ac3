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
    /// A fixed-window counter: records one hit on `key` and answers whether it is still within `limit`
    /// per `window_secs`. Fails open (allows) when Redis is unreachable, logging it: a rate limit must not
    /// take the whole site down with Redis.
    pub async fn within_limit(&self, key: &str, limit: u32, window_secs: u64) -> bool {
        let mut conn = self.conn();
        let hits: redis::RedisResult<(u32,)> = redis::pipe()
            .atomic()
            .incr(key, 1u32)
            .expire(key, window_secs as i64)
            .ignore()
            .query_async(&mut conn)
            .await;
        match hits {
            Ok((n,)) => n <= limit,
            Err(e) => {
                tracing::warn!(error = %e, key, "rate limit check failed; allowing");
                true
            }
        }
    }
}
