//! Read queries for artworks: cards for lists, the artwork page, browse (filters, sorts, pagination,
//! genre facets), artist pages and my-page shelves. Hidden listings never appear in public lists.

use chrono::{DateTime, Utc};
use sqlx::{MySql, MySqlPool, QueryBuilder};

use crate::domain::{ArtistCard, ArtworkCard, BrowsePage, BrowseQuery, GenreFacet, LotStatus, SortOrder, StatusFilter, Won, PAGE_SIZE};
use crate::server::storage::image_url;
use crate::server::storage::Storage;

/// A card as read from the database (by the checked queries in `feed.rs` and the dynamic ones here).
#[derive(sqlx::FromRow)]
pub struct CardRow {
    pub(super) id: u64,
    pub(super) title: String,
    pub(super) artist_nickname: String,
    pub(super) artist_verified_student: bool,
    pub(super) genre_path: String,
    pub(super) cover_key: Option<String>,
    pub(super) current_price: u64,
    pub(super) buy_now_price: Option<u64>,
    pub(super) bid_count: u32,
    pub(super) status: LotStatus,
    pub(super) ends_at: DateTime<Utc>,
    pub(super) delivery: String,
    pub(super) shipping_fee: u64,
    pub(super) pickup_area: Option<String>,
}

impl From<CardRow> for ArtworkCard {
    fn from(r: CardRow) -> Self {
        ArtworkCard {
            id: r.id,
            title: r.title,
            artist_nickname: r.artist_nickname,
            artist_verified_student: r.artist_verified_student,
            genre_path: r.genre_path,
            cover_url: r.cover_key.map(|k| image_url(&k, 400)),
            current_price: Won(r.current_price),
            buy_now_price: r.buy_now_price.map(Won),
            bid_count: r.bid_count,
            status: r.status,
            ends_at: r.ends_at,
            delivery: crate::domain::Delivery::from_columns(&r.delivery, r.shipping_fee, r.pickup_area),
        }
    }
}

/// The columns of a card; the query continues with `FROM artworks a JOIN users u …`.
const CARD_COLUMNS: &str =
    "SELECT a.id, a.title, u.nickname AS artist_nickname, u.student_verified AS artist_verified_student, a.genre_path,
       (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id AND i.position = 0) AS cover_key,
       a.current_price, a.buy_now_price, a.bid_count, a.status, a.ends_at, a.delivery, a.shipping_fee, a.pickup_area
  FROM artworks a JOIN users u ON u.id = a.artist_id";

fn push_filters<'a>(qb: &mut QueryBuilder<'a, MySql>, q: &'a BrowseQuery, now: DateTime<Utc>, with_genre: bool) {
    qb.push(" WHERE a.hidden_at IS NULL");
    match q.status {
        StatusFilter::Live => {
            qb.push(" AND a.status = 'live' AND a.ends_at > ").push_bind(now);
        }
        StatusFilter::Ended => {
            qb.push(" AND (a.status = 'unsold' OR (a.status = 'live' AND a.ends_at <= ").push_bind(now).push("))");
        }
        StatusFilter::Sold => {
            qb.push(" AND a.status = 'sold'");
        }
        StatusFilter::All => {
            qb.push(" AND a.status IN ('live', 'sold', 'unsold')");
        }
    }
    if with_genre && !q.genre.is_empty() {
        qb.push(" AND (a.genre_path = ").push_bind(q.genre.as_str());
        qb.push(" OR a.genre_path LIKE ").push_bind(format!("{}/%", like_escape(&q.genre))).push(")");
    }
    if let Some(min) = q.min_price {
        qb.push(" AND a.current_price >= ").push_bind(min);
    }
    if let Some(max) = q.max_price {
        qb.push(" AND a.current_price <= ").push_bind(max);
    }
    if q.buy_now_only {
        qb.push(" AND a.buy_now_price IS NOT NULL AND a.current_price < a.buy_now_price");
    }
    if let Some(within) = q.ending {
        qb.push(" AND a.status = 'live' AND a.ends_at > ").push_bind(now);
        qb.push(" AND a.ends_at <= ").push_bind(now + within.duration());
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn order_by(sort: SortOrder) -> &'static str {
    match sort {
        // Live lots by deadline first; ended ones after them, most recently ended first.
        // Relevance needs search text; without it browse falls back to its default.
        SortOrder::EndingSoon | SortOrder::Relevance => {
            " ORDER BY (a.status = 'live') DESC, CASE WHEN a.status = 'live' THEN a.ends_at END ASC, a.ends_at DESC, a.id"
        }
        SortOrder::Newest => " ORDER BY a.created_at DESC, a.id DESC",
        SortOrder::PriceAsc => " ORDER BY a.current_price ASC, a.id",
        SortOrder::PriceDesc => " ORDER BY a.current_price DESC, a.id",
        SortOrder::MostBids => " ORDER BY a.bid_count DESC, a.ends_at ASC, a.id",
    }
}

/// One page of the browse listing with the genre facets one level below the current path.
pub async fn browse(db: &MySqlPool, q: &BrowseQuery, now: DateTime<Utc>) -> Result<BrowsePage, sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM artworks a");
    push_filters(&mut count, q, now, true);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.clamp(1, pages);

    let mut list = QueryBuilder::new(CARD_COLUMNS);
    push_filters(&mut list, q, now, true);
    list.push(order_by(q.sort));
    list.push(" LIMIT ").push_bind(PAGE_SIZE).push(" OFFSET ").push_bind((page - 1) * PAGE_SIZE);
    let cards = list.build_query_as::<CardRow>().fetch_all(db).await?.into_iter().map(Into::into).collect();

    Ok(BrowsePage { cards, total, page, pages, facets: facets(db, q, now).await?, matches: Vec::new(), server_now: now })
}

/// Public cards of these artworks in the given order, with their descriptions (for search snippets).
/// Hidden works and works no longer listed are left out.
pub async fn cards_by_ids(db: &MySqlPool, ids: &[u64]) -> Result<Vec<(ArtworkCard, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(CARD_COLUMNS);
    qb.push(" WHERE a.hidden_at IS NULL AND a.status IN ('live', 'sold', 'unsold') AND a.id IN ");
    crate::server::db::push_id_list(&mut qb, ids);
    let rows = qb.build_query_as::<CardRow>().fetch_all(db).await?;
    let mut qb = QueryBuilder::new("SELECT id, description FROM artworks WHERE id IN ");
    crate::server::db::push_id_list(&mut qb, ids);
    let descriptions: std::collections::HashMap<u64, String> =
        qb.build_query_as::<(u64, String)>().fetch_all(db).await?.into_iter().collect();
    let mut by_id: std::collections::HashMap<u64, CardRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id).map(|r| (ArtworkCard::from(r), descriptions.get(id).cloned().unwrap_or_default())))
        .collect())
}

/// Counts for each option one level below `q.genre` (or the top-level genres).
async fn facets(db: &MySqlPool, q: &BrowseQuery, now: DateTime<Utc>) -> Result<Vec<GenreFacet>, sqlx::Error> {
    let prefix: Vec<&str> = if q.genre.is_empty() { Vec::new() } else { q.genre.split('/').collect() };
    let Some(options) = crate::domain::genre::options_below(&prefix) else {
        return Ok(Vec::new());
    };
    if options.is_empty() {
        return Ok(Vec::new());
    }
    let depth = prefix.len() + 1;
    let mut qb = QueryBuilder::new("SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(a.genre_path, '/', ");
    qb.push_bind(depth as i64).push("), '/', -1) AS segment, COUNT(*) AS n FROM artworks a");
    push_filters(&mut qb, q, now, true);
    qb.push(" GROUP BY segment");
    let counts: Vec<(String, i64)> = qb.build_query_as().fetch_all(db).await?;
    Ok(options
        .iter()
        .map(|label| {
            let path = if prefix.is_empty() { label.to_string() } else { format!("{}/{label}", q.genre) };
            let count = counts.iter().find(|(s, _)| s == label).map_or(0, |(_, n)| *n);
            GenreFacet { path, label: label.to_string(), count: u32::try_from(count).unwrap_or(0) }
        })
        .collect())
}

/// Cards of one artist's works in a status (public: hidden ones excluded).
pub async fn artist_cards(db: &MySqlPool, artist_id: u64, statuses: &[LotStatus], limit: u32) -> Result<Vec<ArtworkCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_COLUMNS);
    qb.push(" WHERE a.hidden_at IS NULL AND a.artist_id = ").push_bind(artist_id).push(" AND a.status IN (");
    let mut sep = qb.separated(", ");
    for s in statuses {
        sep.push_bind(*s);
    }
    qb.push(") ORDER BY a.ends_at DESC, a.id DESC LIMIT ").push_bind(limit);
    Ok(qb.build_query_as::<CardRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}

/// The owner's own works by shelf (hidden ones included: the owner should see them).
pub async fn own_cards(db: &MySqlPool, artist_id: u64, status: LotStatus, limit: u32) -> Result<Vec<ArtworkCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_COLUMNS);
    qb.push(" WHERE a.artist_id = ").push_bind(artist_id).push(" AND a.status = ").push_bind(status);
    qb.push(" ORDER BY a.ends_at DESC, a.id DESC LIMIT ").push_bind(limit);
    Ok(qb.build_query_as::<CardRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}

/// The works a user liked, most recently liked first.
pub async fn watchlist(db: &MySqlPool, user_id: u64, limit: u32) -> Result<Vec<ArtworkCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_COLUMNS);
    qb.push(" JOIN artwork_likes l ON l.artwork_id = a.id AND l.user_id = ").push_bind(user_id);
    qb.push(" WHERE a.hidden_at IS NULL ORDER BY l.created_at DESC, a.id DESC LIMIT ").push_bind(limit);
    Ok(qb.build_query_as::<CardRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}

/// The public card of an artist by nickname, with their user id.
pub async fn artist_by_nickname(db: &MySqlPool, nickname: &str) -> Result<Option<(u64, ArtistCard, Option<String>)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.nickname, u.college, u.student_verified AS "student_verified: bool", u.avatar_key, u.bio,
                  (SELECT COUNT(*) FROM artworks a WHERE a.artist_id = u.id AND a.hidden_at IS NULL AND a.status IN ('live', 'sold')) AS "works!: i64"
           FROM users u WHERE u.nickname = ? AND u.college IS NOT NULL"#,
        nickname
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        (
            r.id,
            ArtistCard {
                nickname: r.nickname,
                college: r.college,
                verified_student: r.student_verified,
                avatar_url: r.avatar_key.map(|k| Storage::public_url(&k)),
                work_count: u32::try_from(r.works).unwrap_or(0),
            },
            r.bio,
        )
    }))
}
