//! The Elasticsearch backend (the scale-out path), through the official `elasticsearch` crate.
//!
//! - Searches and deliveries go to an alias (`ELASTICSEARCH_INDEX`, default `artipul-artworks`); the
//!   concrete index behind it is `{alias}-{millis}`. A rebuild fills a new index and swaps the alias to it
//!   in one `_aliases` call, then drops the old index: searches never see a half-built index.
//! - Text fields use a custom analyzer: the `ngram` tokenizer (2..2, letters and digits) and `lowercase`
//!   — the same 2-grams as [`crate::domain::search::bigrams`], which builds the query terms.
//! - Documents are indexed with `version_type=external_gte` and the artwork's `search_version`: a repeated
//!   delivery is harmless and an older document can never replace a newer one.

use std::time::Duration;

use async_trait::async_trait;
use elasticsearch::http::request::JsonBody;
use elasticsearch::http::transport::{SingleNodeConnectionPool, TransportBuilder};
use elasticsearch::indices::{IndicesCreateParts, IndicesDeleteParts, IndicesGetAliasParts};
use elasticsearch::params::Refresh;
use elasticsearch::{BulkParts, Elasticsearch, SearchParts};
use serde_json::{json, Value};

use super::{Rebuild, SearchBackend, SearchDoc, SearchError, SearchHits, SearchRequest};
use crate::domain::{SortOrder, StatusFilter};

/// Genre paths are at most this deep; each level has its own keyword field for facet counts.
const GENRE_LEVELS: usize = 4;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct Elastic {
    client: Elasticsearch,
    alias: String,
}

fn unavailable(e: elasticsearch::Error) -> SearchError {
    SearchError::Unavailable(e.to_string())
}

impl Elastic {
    pub fn new(url: &url::Url, alias: &str) -> Result<Self, SearchError> {
        let pool = SingleNodeConnectionPool::new(url.clone());
        let transport = TransportBuilder::new(pool)
            .disable_proxy()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| SearchError::Backend(e.to_string()))?;
        Ok(Elastic { client: Elasticsearch::new(transport), alias: alias.to_string() })
    }

    /// The concrete indices the alias points at (none when it does not exist).
    async fn alias_targets(&self) -> Result<Vec<String>, SearchError> {
        let res = self.client.indices().get_alias(IndicesGetAliasParts::Name(&[&self.alias])).send().await.map_err(unavailable)?;
        if res.status_code().as_u16() == 404 {
            return Ok(Vec::new());
        }
        let body = checked(res).await?;
        Ok(body.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default())
    }

    async fn create_index(&self) -> Result<String, SearchError> {
        let name = format!("{}-{}", self.alias, chrono::Utc::now().timestamp_millis());
        let res =
            self.client.indices().create(IndicesCreateParts::Index(&name)).body(index_definition()).send().await.map_err(unavailable)?;
        checked(res).await?;
        Ok(name)
    }

    async fn bulk(&self, index: &str, lines: Vec<JsonBody<Value>>, refresh: Refresh) -> Result<(), SearchError> {
        if lines.is_empty() {
            return Ok(());
        }
        let res = self.client.bulk(BulkParts::Index(index)).refresh(refresh).body(lines).send().await.map_err(unavailable)?;
        let body = checked(res).await?;
        if body["errors"].as_bool() == Some(true) {
            for item in body["items"].as_array().into_iter().flatten() {
                let (action, result) = item.as_object().and_then(|m| m.iter().next()).ok_or_else(|| bad_response(&body))?;
                let status = result["status"].as_u64().unwrap_or(0);
                // 409: the stored document is newer (a repeated or overtaken delivery); 404: already gone.
                let fine = status < 300 || status == 409 || (action == "delete" && status == 404);
                if !fine {
                    return Err(SearchError::Backend(format!("bulk {action} failed: {}", result["error"])));
                }
            }
        }
        Ok(())
    }
}

fn bad_response(body: &Value) -> SearchError {
    SearchError::Backend(format!("unexpected response: {}", truncate(&body.to_string())))
}

fn truncate(s: &str) -> String {
    s.chars().take(300).collect()
}

/// The body of a successful response, or the backend's error.
async fn checked(res: elasticsearch::http::response::Response) -> Result<Value, SearchError> {
    let status = res.status_code();
    let body: Value = res.json().await.map_err(|e| SearchError::Backend(e.to_string()))?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(SearchError::Backend(format!("HTTP {status}: {}", truncate(&body.to_string()))))
    }
}

fn index_definition() -> Value {
    let text = json!({ "type": "text", "analyzer": "ko_bigram" });
    let mut properties = json!({
        "id": { "type": "long" },
        "title": text,
        "description": text,
        "artist": text,
        "tags": text,
        "genre_path": { "type": "keyword" },
        "genre_prefixes": { "type": "keyword" },
        "status": { "type": "keyword" },
        "visible": { "type": "boolean" },
        "price": { "type": "long" },
        "buy_now_open": { "type": "boolean" },
        "bid_count": { "type": "integer" },
        "ends_ms": { "type": "long" },
        "created_ms": { "type": "long" },
        "ending_key": { "type": "long" }
    });
    for level in 1..=GENRE_LEVELS {
        properties[format!("genre_l{level}")] = json!({ "type": "keyword" });
    }
    json!({
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "tokenizer": {
                    "ko_bigram": { "type": "ngram", "min_gram": 2, "max_gram": 2, "token_chars": ["letter", "digit"] }
                },
                "analyzer": {
                    "ko_bigram": { "type": "custom", "tokenizer": "ko_bigram", "filter": ["lowercase"] }
                }
            }
        },
        "mappings": { "dynamic": "strict", "properties": properties }
    })
}

fn source(d: &SearchDoc) -> Value {
    let prefixes = d.genre_prefixes();
    let mut v = json!({
        "id": d.id,
        "title": d.title,
        "description": d.description,
        "artist": d.artist,
        "tags": d.tags,
        "genre_path": d.genre_path,
        "genre_prefixes": prefixes,
        "status": d.status,
        "visible": d.visible,
        "price": d.current_price,
        "buy_now_open": d.buy_now_open,
        "bid_count": d.bid_count,
        "ends_ms": d.ends_at.timestamp_millis(),
        "created_ms": d.created_at.timestamp_millis(),
        "ending_key": d.ending_key()
    });
    for (i, p) in prefixes.iter().take(GENRE_LEVELS).enumerate() {
        v[format!("genre_l{}", i + 1)] = json!(p);
    }
    v
}

fn index_lines(docs: &[SearchDoc]) -> Vec<JsonBody<Value>> {
    let mut lines = Vec::with_capacity(docs.len() * 2);
    for d in docs {
        lines.push(json!({ "index": { "_id": d.id.to_string(), "version": d.version, "version_type": "external_gte" } }).into());
        lines.push(source(d).into());
    }
    lines
}

/// The query body for a search request.
pub fn query_body(req: &SearchRequest) -> Value {
    let mut must: Vec<Value> = req
        .terms
        .iter()
        .map(|t| json!({ "multi_match": { "query": t, "fields": ["title^3", "artist^2", "tags^2", "description"] } }))
        .collect();
    let now = req.now.timestamp_millis();
    let live_now = json!({ "bool": { "filter": [
        { "term": { "status": "live" } },
        { "range": { "ends_ms": { "gt": now } } }
    ] } });
    let mut filter = vec![json!({ "term": { "visible": true } })];
    match req.filters.status {
        StatusFilter::Live => filter.push(live_now.clone()),
        StatusFilter::Ended => filter.push(json!({ "bool": { "should": [
            { "term": { "status": "unsold" } },
            { "bool": { "filter": [ { "term": { "status": "live" } }, { "range": { "ends_ms": { "lte": now } } } ] } }
        ], "minimum_should_match": 1 } })),
        StatusFilter::Sold => filter.push(json!({ "term": { "status": "sold" } })),
        StatusFilter::All => {}
    }
    if !req.filters.genre.is_empty() {
        filter.push(json!({ "term": { "genre_prefixes": req.filters.genre } }));
    }
    if req.filters.min_price.is_some() || req.filters.max_price.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(v) = req.filters.min_price {
            range.insert("gte".into(), json!(v));
        }
        if let Some(v) = req.filters.max_price {
            range.insert("lte".into(), json!(v));
        }
        filter.push(json!({ "range": { "price": range } }));
    }
    if req.filters.buy_now_only {
        filter.push(json!({ "term": { "buy_now_open": true } }));
    }
    if let Some(within) = req.filters.ending {
        filter.push(live_now);
        filter.push(json!({ "range": { "ends_ms": { "lte": (req.now + within.duration()).timestamp_millis() } } }));
    }
    if must.is_empty() {
        must.push(json!({ "match_all": {} }));
    }
    let sort = match req.filters.sort {
        SortOrder::Relevance => json!(["_score", { "id": "asc" }]),
        SortOrder::EndingSoon => json!([{ "ending_key": "asc" }, { "id": "asc" }]),
        SortOrder::Newest => json!([{ "created_ms": "desc" }, { "id": "desc" }]),
        SortOrder::PriceAsc => json!([{ "price": "asc" }, { "id": "asc" }]),
        SortOrder::PriceDesc => json!([{ "price": "desc" }, { "id": "asc" }]),
        SortOrder::MostBids => json!([{ "bid_count": "desc" }, { "ends_ms": "asc" }, { "id": "asc" }]),
    };
    let mut body = json!({
        "from": req.offset,
        "size": req.limit,
        "track_total_hits": true,
        "_source": false,
        "query": { "bool": { "must": must, "filter": filter } },
        "sort": sort
    });
    if let Some(depth) = req.facet_depth.filter(|d| (1..=GENRE_LEVELS).contains(d)) {
        body["aggs"] = json!({ "genres": { "terms": { "field": format!("genre_l{depth}"), "size": 200 } } });
    }
    body
}

#[async_trait]
impl SearchBackend for Elastic {
    fn kind(&self) -> &'static str {
        "elasticsearch"
    }

    async fn prepare(&self) -> Result<bool, SearchError> {
        if !self.alias_targets().await?.is_empty() {
            return Ok(false);
        }
        let index = self.create_index().await?;
        let res = self
            .client
            .indices()
            .update_aliases()
            .body(json!({ "actions": [ { "add": { "index": index, "alias": self.alias } } ] }))
            .send()
            .await
            .map_err(unavailable)?;
        checked(res).await?;
        Ok(true)
    }

    async fn apply(&self, docs: &[SearchDoc], removed: &[u64]) -> Result<(), SearchError> {
        let mut lines = index_lines(docs);
        for id in removed {
            lines.push(json!({ "delete": { "_id": id.to_string() } }).into());
        }
        // wait_for: when this returns, the change is visible to searches.
        self.bulk(&self.alias, lines, Refresh::WaitFor).await
    }

    async fn search(&self, req: &SearchRequest) -> Result<SearchHits, SearchError> {
        let res = self.client.search(SearchParts::Index(&[&self.alias])).body(query_body(req)).send().await.map_err(unavailable)?;
        let body = checked(res).await?;
        let hits = body["hits"]["hits"].as_array().ok_or_else(|| bad_response(&body))?;
        let ids =
            hits.iter().map(|h| h["_id"].as_str().and_then(|s| s.parse().ok()).ok_or_else(|| bad_response(h))).collect::<Result<_, _>>()?;
        let total = body["hits"]["total"]["value"].as_u64().ok_or_else(|| bad_response(&body))?;
        let facets = body["aggregations"]["genres"]["buckets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
            .collect();
        Ok(SearchHits { ids, total, facets })
    }

    async fn ping(&self) -> Result<(), SearchError> {
        let res = self.client.ping().send().await.map_err(unavailable)?;
        if res.status_code().is_success() {
            Ok(())
        } else {
            Err(SearchError::Unavailable(format!("ping answered HTTP {}", res.status_code())))
        }
    }

    async fn rebuild(&self) -> Result<Box<dyn Rebuild>, SearchError> {
        let index = self.create_index().await?;
        Ok(Box::new(ElasticRebuild { backend: self.clone(), index }))
    }
}

struct ElasticRebuild {
    backend: Elastic,
    index: String,
}

#[async_trait]
impl Rebuild for ElasticRebuild {
    async fn add(&mut self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        self.backend.bulk(&self.index, index_lines(docs), Refresh::False).await
    }

    async fn finish(self: Box<Self>) -> Result<(), SearchError> {
        let b = &self.backend;
        let res = b
            .client
            .indices()
            .refresh(elasticsearch::indices::IndicesRefreshParts::Index(&[&self.index]))
            .send()
            .await
            .map_err(unavailable)?;
        checked(res).await?;
        let old = b.alias_targets().await?;
        let mut actions: Vec<Value> = old.iter().map(|i| json!({ "remove": { "index": i, "alias": b.alias } })).collect();
        actions.push(json!({ "add": { "index": self.index, "alias": b.alias } }));
        let res = b.client.indices().update_aliases().body(json!({ "actions": actions })).send().await.map_err(unavailable)?;
        checked(res).await?;
        for index in old.iter().filter(|i| **i != self.index) {
            let res = b.client.indices().delete(IndicesDeleteParts::Index(&[index])).send().await.map_err(unavailable)?;
            if let Err(e) = checked(res).await {
                tracing::warn!(index, error = %e, "could not delete the replaced search index");
            }
        }
        Ok(())
    }
}
