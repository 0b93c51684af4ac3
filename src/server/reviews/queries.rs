//! Read queries for reviews: cards (feed, artwork page, artist page, the writer's own), the review page
//! with a page of its comments, and the purchases a buyer may still review. A review hidden by an admin,
//! or of a hidden work, appears only to its author and admins.

use chrono::{DateTime, Utc};
use sqlx::{MySql, MySqlPool, QueryBuilder};

use crate::domain::review::{
    CommentPage, CommentState, MyReviews, ReviewCard, ReviewComment, ReviewDetail, ReviewFeed, ReviewSort, ReviewableOrder,
    COMMENT_PAGE_SIZE, FEED_PAGE_SIZE,
};
use crate::domain::{ArtworkImage, Won};
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::storage::image_url;

/// How many characters of a review's text a card shows.
const EXCERPT_CHARS: usize = 120;

#[derive(sqlx::FromRow)]
struct CardRow {
    id: u64,
    title: String,
    body: String,
    artwork_id: u64,
    artwork_title: String,
    artist_nickname: String,
    author_nickname: String,
    like_count: u32,
    comment_count: u32,
    created_at: DateTime<Utc>,
    photo_key: Option<String>,
    photo_count: i64,
    cover_key: Option<String>,
}

impl From<CardRow> for ReviewCard {
    fn from(r: CardRow) -> Self {
        let text = crate::server::markdown::to_plain_text(&r.body);
        let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        if text.chars().count() > EXCERPT_CHARS {
            excerpt.push('…');
        }
        ReviewCard {
            id: r.id,
            title: r.title,
            excerpt,
            cover_url: r.photo_key.or(r.cover_key).map(|k| image_url(&k, 400)),
            photo_count: u32::try_from(r.photo_count).unwrap_or(0),
            artwork_id: r.artwork_id,
            artwork_title: r.artwork_title,
            artist_nickname: r.artist_nickname,
            author_nickname: r.author_nickname,
            like_count: r.like_count,
            comment_count: r.comment_count,
            created_at: r.created_at,
        }
    }
}

/// The columns of a card; the caller continues with `WHERE …`. The card lists (feed by two sorts, of a
/// work, of an artist, of an author) are composed with `QueryBuilder` from this one text rather than
/// written out five times as `query_as!` literals; `reviews/http_tests.rs` runs every one of those lists.
const CARD_QUERY: &str = "SELECT r.id, r.title, r.body, r.artwork_id, a.title AS artwork_title,
       artist.nickname AS artist_nickname, author.nickname AS author_nickname, r.like_count, r.comment_count, r.created_at,
       (SELECT i.storage_key FROM review_images i WHERE i.review_id = r.id AND i.position = 0) AS photo_key,
       (SELECT COUNT(*) FROM review_images i WHERE i.review_id = r.id) AS photo_count,
       (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = r.artwork_id AND i.position = 0) AS cover_key
  FROM reviews r
  JOIN artworks a ON a.id = r.artwork_id
  JOIN users artist ON artist.id = r.artist_id
  JOIN users author ON author.id = r.author_id";

/// Only what everyone may see.
const PUBLIC: &str = " WHERE r.hidden_at IS NULL AND a.hidden_at IS NULL";

async fn cards(db: &MySqlPool, qb: &mut QueryBuilder<'_, MySql>) -> Result<Vec<ReviewCard>, sqlx::Error> {
    Ok(qb.build_query_as::<CardRow>().fetch_all(db).await?.into_iter().map(Into::into).collect())
}

/// One page of the public feed.
pub async fn feed(db: &MySqlPool, sort: ReviewSort, page: u32) -> Result<ReviewFeed, sqlx::Error> {
    let page = page.max(1);
    let mut qb = QueryBuilder::new(CARD_QUERY);
    qb.push(PUBLIC);
    qb.push(match sort {
        ReviewSort::Newest => " ORDER BY r.id DESC",
        ReviewSort::MostLiked => " ORDER BY r.like_count DESC, r.id DESC",
    });
    qb.push(" LIMIT ").push_bind(FEED_PAGE_SIZE + 1).push(" OFFSET ").push_bind(u64::from(page - 1) * u64::from(FEED_PAGE_SIZE));
    let mut items = cards(db, &mut qb).await?;
    let has_more = items.len() > FEED_PAGE_SIZE as usize;
    items.truncate(FEED_PAGE_SIZE as usize);
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM reviews r JOIN artworks a ON a.id = r.artwork_id WHERE r.hidden_at IS NULL AND a.hidden_at IS NULL"
    )
    .fetch_one(db)
    .await?;
    Ok(ReviewFeed { items, sort, page, total: u32::try_from(total).unwrap_or(u32::MAX), has_more })
}

/// The newest public reviews of one work.
pub async fn of_artwork(db: &MySqlPool, artwork_id: u64, limit: u32) -> Result<Vec<ReviewCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_QUERY);
    qb.push(PUBLIC).push(" AND r.artwork_id = ").push_bind(artwork_id);
    qb.push(" ORDER BY r.id DESC LIMIT ").push_bind(limit);
    cards(db, &mut qb).await
}

/// The newest public reviews of an artist's works.
pub async fn of_artist(db: &MySqlPool, artist_id: u64, limit: u32) -> Result<Vec<ReviewCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_QUERY);
    qb.push(PUBLIC).push(" AND r.artist_id = ").push_bind(artist_id);
    qb.push(" ORDER BY r.id DESC LIMIT ").push_bind(limit);
    cards(db, &mut qb).await
}

/// The reviews a member wrote, hidden ones included (the author should see them).
pub async fn by_author(db: &MySqlPool, author_id: u64, limit: u32) -> Result<Vec<ReviewCard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(CARD_QUERY);
    qb.push(" WHERE r.author_id = ").push_bind(author_id);
    qb.push(" ORDER BY r.id DESC LIMIT ").push_bind(limit);
    cards(db, &mut qb).await
}

/// The member's purchases waiting for a review and the reviews they wrote.
pub async fn my_reviews(db: &MySqlPool, user_id: u64) -> Result<MyReviews, AppError> {
    Ok(MyReviews { reviewable: reviewable_orders(db, user_id).await?, written: by_author(db, user_id, 60).await? })
}

/// The buyer's received or settled orders without a review, newest first.
pub async fn reviewable_orders(db: &MySqlPool, buyer_id: u64) -> Result<Vec<ReviewableOrder>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT o.id, o.artwork_id, a.title, artist.nickname,
                  (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id AND i.position = 0) AS cover,
                  o.amount, o.received_at AS "received_at: DateTime<Utc>"
           FROM orders o
           JOIN artworks a ON a.id = o.artwork_id
           JOIN users artist ON artist.id = o.artist_id
           LEFT JOIN reviews r ON r.order_id = o.id
           WHERE o.buyer_id = ? AND o.status IN ('received', 'settled') AND r.id IS NULL
           ORDER BY o.id DESC"#,
        buyer_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReviewableOrder {
            order_id: r.id,
            artwork_id: r.artwork_id,
            title: r.title,
            artist_nickname: r.nickname,
            cover_url: r.cover.map(|k| image_url(&k, 400)),
            amount: Won(r.amount),
            received_at: r.received_at,
        })
        .collect())
}

fn review_missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ReviewNotFound)
}

struct DetailRow {
    id: u64,
    artwork_id: u64,
    author_id: u64,
    title: String,
    body: String,
    like_count: u32,
    hidden: bool,
    hidden_reason: Option<String>,
    artwork_hidden: bool,
    created_at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
    artist_nickname: String,
    author_nickname: String,
}

/// The review page for `viewer`, with page `comment_page` of its comments (0: the last page).
pub async fn detail(db: &MySqlPool, id: u64, viewer: Option<&AuthUser>, comment_page: u32) -> Result<ReviewDetail, AppError> {
    let r = sqlx::query_as!(
        DetailRow,
        r#"SELECT r.id, r.artwork_id, r.author_id, r.title, r.body, r.like_count, r.hidden_at IS NOT NULL AS "hidden: bool", r.hidden_reason,
                  a.hidden_at IS NOT NULL AS "artwork_hidden: bool", r.created_at AS "created_at: DateTime<Utc>",
                  r.edited_at AS "edited_at: DateTime<Utc>", artist.nickname AS artist_nickname, author.nickname AS author_nickname
           FROM reviews r
           JOIN artworks a ON a.id = r.artwork_id
           JOIN users artist ON artist.id = r.artist_id
           JOIN users author ON author.id = r.author_id
           WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(review_missing)?;
    let is_mine = viewer.is_some_and(|v| v.id == r.author_id);
    let is_admin = viewer.is_some_and(|v| v.is_admin);
    if !may_see(r.hidden || r.artwork_hidden, r.author_id, viewer) {
        return Err(review_missing());
    }
    let images =
        sqlx::query!("SELECT upload_id, storage_key, width_px, height_px FROM review_images WHERE review_id = ? ORDER BY position", id)
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|i| ArtworkImage {
                upload_id: Some(i.upload_id),
                url: image_url(&i.storage_key, 1200),
                thumb_url: image_url(&i.storage_key, 400),
                width: i.width_px,
                height: i.height_px,
            })
            .collect();
    let liked_by_me = match viewer {
        Some(v) => {
            sqlx::query_scalar!("SELECT COUNT(*) FROM review_likes WHERE user_id = ? AND review_id = ?", v.id, id).fetch_one(db).await? > 0
        }
        None => false,
    };
    let artwork = crate::server::artworks::queries::cards_by_ids(db, &[r.artwork_id]).await?.into_iter().next().map(|(card, _)| card);
    Ok(ReviewDetail {
        id: r.id,
        title: r.title,
        body_html: crate::server::markdown::to_safe_html(&r.body),
        body: if is_mine { r.body } else { String::new() },
        images,
        artwork,
        artwork_id: r.artwork_id,
        artist_nickname: r.artist_nickname,
        author_nickname: r.author_nickname,
        created_at: r.created_at,
        edited_at: r.edited_at,
        like_count: r.like_count,
        liked_by_me,
        comments: comments(db, id, viewer, comment_page).await?,
        server_now: Utc::now(),
        signed_in: viewer.is_some(),
        is_mine,
        viewer_is_admin: is_admin,
        hidden_reason: if r.hidden && (is_mine || is_admin) { r.hidden_reason } else { None },
    })
}

/// A hidden review (or a review of a hidden work) exists only for its author and admins.
fn may_see(hidden: bool, author_id: u64, viewer: Option<&AuthUser>) -> bool {
    !hidden || viewer.is_some_and(|v| v.id == author_id || v.is_admin)
}

/// A page of comments of a review `viewer` may see (the same visibility as the review page).
pub async fn visible_comments(db: &MySqlPool, review_id: u64, viewer: Option<&AuthUser>, page: u32) -> Result<CommentPage, AppError> {
    let r = sqlx::query!(
        r#"SELECT r.author_id, (r.hidden_at IS NOT NULL OR a.hidden_at IS NOT NULL) AS "hidden: bool"
           FROM reviews r JOIN artworks a ON a.id = r.artwork_id WHERE r.id = ?"#,
        review_id
    )
    .fetch_optional(db)
    .await?
    .ok_or_else(review_missing)?;
    if !may_see(r.hidden, r.author_id, viewer) {
        return Err(review_missing());
    }
    comments(db, review_id, viewer, page).await
}

struct CommentRow {
    id: u64,
    author_id: u64,
    author_nickname: String,
    body: String,
    created_at: DateTime<Utc>,
    edited: bool,
    deleted: bool,
    hidden: bool,
}

/// Page `page` (1-based; 0 or past the end: the last page) of a review's comments, oldest first.
async fn comments(db: &MySqlPool, review_id: u64, viewer: Option<&AuthUser>, page: u32) -> Result<CommentPage, AppError> {
    let counts = sqlx::query!(
        r#"SELECT COUNT(*) AS total, CAST(COALESCE(SUM(deleted_at IS NULL AND hidden_at IS NULL), 0) AS UNSIGNED) AS "visible!: u64"
           FROM review_comments WHERE review_id = ?"#,
        review_id
    )
    .fetch_one(db)
    .await?;
    let (total, visible) = (counts.total, counts.visible);
    let pages = u32::try_from(total).unwrap_or(u32::MAX).div_ceil(COMMENT_PAGE_SIZE).max(1);
    let page = if page == 0 || page > pages { pages } else { page };
    let rows = sqlx::query_as!(
        CommentRow,
        r#"SELECT c.id, c.author_id, u.nickname AS author_nickname, c.body, c.created_at AS "created_at: DateTime<Utc>",
                  c.edited_at IS NOT NULL AS "edited: bool", c.deleted_at IS NOT NULL AS "deleted: bool", c.hidden_at IS NOT NULL AS "hidden: bool"
           FROM review_comments c JOIN users u ON u.id = c.author_id
           WHERE c.review_id = ? ORDER BY c.id LIMIT ? OFFSET ?"#,
        review_id,
        COMMENT_PAGE_SIZE,
        u64::from(page - 1) * u64::from(COMMENT_PAGE_SIZE)
    )
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|c| {
            let state = if c.deleted {
                CommentState::Deleted
            } else if c.hidden {
                CommentState::Hidden
            } else {
                CommentState::Visible
            };
            ReviewComment {
                id: c.id,
                author_nickname: c.author_nickname,
                body: (state == CommentState::Visible).then_some(c.body),
                state,
                created_at: c.created_at,
                edited: c.edited,
                is_mine: viewer.is_some_and(|v| v.id == c.author_id) && state == CommentState::Visible,
            }
        })
        .collect();
    Ok(CommentPage { items, page, pages, visible_count: u32::try_from(visible).unwrap_or(0) })
}
