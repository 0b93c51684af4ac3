//! The search document of an artwork, read from MySQL (the only source of truth).

use chrono::{DateTime, Utc};
use sqlx::{MySqlPool, QueryBuilder};

use crate::domain::LotStatus;

/// Everything either backend indexes about one artwork.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub id: u64,
    /// The artwork's `search_version`: a stored document is only replaced by a newer one.
    pub version: u64,
    pub title: String,
    pub description: String,
    pub artist: String,
    pub tags: Vec<String>,
    pub genre_path: String,
    /// `live`, `sold`, `unsold`, `withdrawn` or `cancelled`.
    pub status: String,
    /// Listed publicly: not hidden by an admin, not withdrawn or cancelled.
    pub visible: bool,
    pub current_price: u64,
    /// A buy-now price exists and bidding has not reached it.
    pub buy_now_open: bool,
    pub bid_count: u32,
    pub ends_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl SearchDoc {
    /// `회화/풍경/유화` → `["회화", "회화/풍경", "회화/풍경/유화"]`: the paths a genre filter can name.
    pub fn genre_prefixes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut path = String::new();
        for seg in self.genre_path.split('/').filter(|s| !s.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(seg);
            out.push(path.clone());
        }
        out
    }

    pub fn ending_key(&self) -> i64 {
        super::ending_key(self.status == LotStatus::Live.as_db(), self.ends_at)
    }
}

#[derive(sqlx::FromRow)]
struct DocRow {
    id: u64,
    search_version: u64,
    title: String,
    description: String,
    artist: String,
    tags: Option<String>,
    genre_path: String,
    status: LotStatus,
    hidden: i64,
    current_price: u64,
    buy_now_price: Option<u64>,
    bid_count: u32,
    ends_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl From<DocRow> for SearchDoc {
    fn from(r: DocRow) -> Self {
        let visible = r.hidden == 0 && matches!(r.status, LotStatus::Live | LotStatus::Sold | LotStatus::Unsold);
        SearchDoc {
            id: r.id,
            version: r.search_version,
            title: r.title,
            description: r.description,
            artist: r.artist,
            tags: r.tags.map(|t| t.split('\n').map(str::to_string).collect()).unwrap_or_default(),
            genre_path: r.genre_path,
            buy_now_open: r.buy_now_price.is_some_and(|b| r.current_price < b),
            status: r.status.as_db().to_string(),
            visible,
            current_price: r.current_price,
            bid_count: r.bid_count,
            ends_at: r.ends_at,
            created_at: r.created_at,
        }
    }
}

const DOC_COLUMNS: &str = "SELECT a.id, a.search_version, a.title, a.description, u.nickname AS artist,
       (SELECT GROUP_CONCAT(t.tag ORDER BY t.position SEPARATOR '\\n') FROM artwork_tags t WHERE t.artwork_id = a.id) AS tags,
       a.genre_path, a.status, (a.hidden_at IS NOT NULL) AS hidden, a.current_price, a.buy_now_price, a.bid_count,
       a.ends_at, a.created_at
  FROM artworks a JOIN users u ON u.id = a.artist_id";

/// The current documents of these artworks (ids that no longer exist are simply absent).
pub async fn load(db: &MySqlPool, ids: &[u64]) -> Result<Vec<SearchDoc>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(DOC_COLUMNS);
    qb.push(" WHERE a.id IN ");
    crate::server::db::push_id_list(&mut qb, ids);
    Ok(qb.build_query_as::<DocRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}

/// One page of every artwork's document in id order, after `after` (for rebuilds).
pub async fn page_after(db: &MySqlPool, after: u64, limit: u32) -> Result<Vec<SearchDoc>, sqlx::Error> {
    let mut qb = QueryBuilder::new(DOC_COLUMNS);
    qb.push(" WHERE a.id > ").push_bind(after).push(" ORDER BY a.id LIMIT ").push_bind(limit);
    Ok(qb.build_query_as::<DocRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}
