//! Search: one interface, two backends, fed by one transactional outbox.
//!
//! - [`SearchBackend`] is what a backend does: keep documents (idempotently, by version), answer a query
//!   with ordered ids, a total and genre facet counts, and rebuild from scratch.
//! - [`elastic::Elastic`] (when `ELASTICSEARCH_URL` is set) and [`embedded::Embedded`] (tantivy under
//!   `DATA_DIR`, otherwise) both index text with the same 2-gram analysis
//!   ([`crate::domain::search::bigrams`]) and query with the same 2-grams.
//! - [`outbox`]: every change that affects search writes an outbox row in the transaction that makes it;
//!   [`indexer`] delivers rows to the backend at least once, in order per artwork (documents carry the
//!   artwork's `search_version`), and rebuilds the index (`artipul reindex`).
//! - [`service`]: the search page and the header suggestions (cards come from MySQL by id, so prices are
//!   always current and hidden works never show).

pub mod claim;
pub mod docs;
pub mod elastic;
pub mod embedded;
pub mod indexer;
pub mod outbox;
pub mod service;

#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::BrowseQuery;

pub use docs::SearchDoc;

/// A search problem. Only ever logged; users see a fixed Korean message.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search backend unreachable: {0}")]
    Unavailable(String),
    #[error("search backend error: {0}")]
    Backend(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A query as the backends see it: 2-gram terms (every one must match) plus the browse filters and sort.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub terms: Vec<String>,
    /// Genre, status, price range, buy-now, ending within and sort (its `q` and `page` are not read:
    /// `terms`, `offset` and `limit` say those).
    pub filters: BrowseQuery,
    pub offset: usize,
    pub limit: usize,
    /// Count hits per genre path at this depth (1 = top level), if any.
    pub facet_depth: Option<usize>,
    pub now: DateTime<Utc>,
}

/// What a backend answers: ids in order, the number of hits, and counts per genre path at the facet depth.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchHits {
    pub ids: Vec<u64>,
    pub total: u64,
    pub facets: Vec<(String, u64)>,
}

#[async_trait]
pub trait SearchBackend: Send + Sync + 'static {
    /// `elasticsearch` or `embedded`.
    fn kind(&self) -> &'static str;
    /// Makes sure the index exists; `true` when it had to be created empty (it then needs a full build).
    async fn prepare(&self) -> Result<bool, SearchError>;
    /// Stores documents (a document older than the stored one is ignored) and removes ids.
    async fn apply(&self, docs: &[SearchDoc], removed: &[u64]) -> Result<(), SearchError>;
    async fn search(&self, req: &SearchRequest) -> Result<SearchHits, SearchError>;
    /// The backend answers at all.
    async fn ping(&self) -> Result<(), SearchError>;
    /// Starts a full rebuild into a fresh index that replaces the current one only when finished.
    async fn rebuild(&self) -> Result<Box<dyn Rebuild>, SearchError>;
}

/// A rebuild in progress: add every document, then `finish` swaps the new index in.
#[async_trait]
pub trait Rebuild: Send {
    async fn add(&mut self, docs: &[SearchDoc]) -> Result<(), SearchError>;
    async fn finish(self: Box<Self>) -> Result<(), SearchError>;
}

/// The search backend with the indexer's wake-up signal and health, shared by the whole app.
#[derive(Clone)]
pub struct Search {
    pub backend: Arc<dyn SearchBackend>,
    wake: Arc<tokio::sync::Notify>,
    health: Arc<Mutex<Health>>,
    /// This instance among those sharing the deployment's search claim ([`claim`]).
    pub(crate) instance: Arc<str>,
}

#[derive(Debug, Default, Clone)]
pub struct Health {
    /// The indexer's last failure, cleared by the next delivery.
    pub last_error: Option<String>,
    pub last_delivery: Option<Instant>,
}

impl Search {
    pub fn new(backend: Arc<dyn SearchBackend>) -> Self {
        let instance = uuid::Uuid::new_v4().simple().to_string().into();
        Search { backend, wake: Default::default(), health: Default::default(), instance }
    }

    /// From configuration: Elasticsearch when `ELASTICSEARCH_URL` is set, else the embedded index.
    pub fn from_config(config: &crate::server::config::Config) -> Result<Self, SearchError> {
        let backend: Arc<dyn SearchBackend> = match &config.elasticsearch_url {
            Some(url) => Arc::new(elastic::Elastic::new(url, &config.elasticsearch_index)?),
            None => Arc::new(embedded::Embedded::new(config.data_dir.join("search"))),
        };
        Ok(Self::new(backend))
    }

    /// Tells this instance's indexer that outbox rows were just committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }

    pub fn health(&self) -> Health {
        self.health.lock().map(|h| h.clone()).unwrap_or_default()
    }

    pub(crate) fn record(&self, result: Result<(), &SearchError>) {
        if let Ok(mut h) = self.health.lock() {
            match result {
                Ok(()) => {
                    h.last_error = None;
                    h.last_delivery = Some(Instant::now());
                }
                Err(e) => h.last_error = Some(e.to_string()),
            }
        }
    }
}

/// The sort key used by both backends for "ending soon": live lots by deadline, then ended ones, most
/// recently ended first (the same order as browse in MySQL).
pub fn ending_key(open: bool, ends_at: DateTime<Utc>) -> i64 {
    const AFTER_ALL_OPEN: i64 = 10_000_000_000_000;
    let ms = ends_at.timestamp_millis();
    if open {
        ms
    } else {
        AFTER_ALL_OPEN - ms
    }
}
