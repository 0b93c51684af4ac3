//! Read queries behind the home page: ending soon, new arrivals, genre counts, featured artists.

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use super::queries::CardRow;
use crate::domain::{ArtistCard, ArtworkCard, Genre, GenreCount, LotStatus};
use crate::server::storage::Storage;

/// Live lots closest to their deadline first.
pub async fn ending_soon(db: &MySqlPool, now: DateTime<Utc>, limit: u32) -> Result<Vec<ArtworkCard>, sqlx::Error> {
    let rows = sqlx::query_as!(
        CardRow,
        r#"SELECT a.id, a.title, u.nickname AS artist_nickname, u.student_verified AS "artist_verified_student: bool", a.genre_path,
                  (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id AND i.position = 0) AS cover_key,
                  a.current_price, a.buy_now_price, a.bid_count, a.status AS "status: LotStatus", a.ends_at AS "ends_at: DateTime<Utc>",
                  a.delivery, a.shipping_fee, a.pickup_area
           FROM artworks a JOIN users u ON u.id = a.artist_id
           WHERE a.status = 'live' AND a.ends_at > ? AND a.hidden_at IS NULL
           ORDER BY a.ends_at, a.id
           LIMIT ?"#,
        now,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Live lots most recently listed first.
pub async fn new_arrivals(db: &MySqlPool, now: DateTime<Utc>, limit: u32) -> Result<Vec<ArtworkCard>, sqlx::Error> {
    let rows = sqlx::query_as!(
        CardRow,
        r#"SELECT a.id, a.title, u.nickname AS artist_nickname, u.student_verified AS "artist_verified_student: bool", a.genre_path,
                  (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id AND i.position = 0) AS cover_key,
                  a.current_price, a.buy_now_price, a.bid_count, a.status AS "status: LotStatus", a.ends_at AS "ends_at: DateTime<Utc>",
                  a.delivery, a.shipping_fee, a.pickup_area
           FROM artworks a JOIN users u ON u.id = a.artist_id
           WHERE a.status = 'live' AND a.ends_at > ? AND a.hidden_at IS NULL
           ORDER BY a.created_at DESC, a.id DESC
           LIMIT ?"#,
        now,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Live lot counts per top-level genre, every genre present (zero when empty).
pub async fn genre_counts(db: &MySqlPool, now: DateTime<Utc>) -> Result<Vec<GenreCount>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT SUBSTRING_INDEX(genre_path, '/', 1) AS "genre!: String", COUNT(*) AS "live_count!: i64"
           FROM artworks
           WHERE status = 'live' AND ends_at > ? AND hidden_at IS NULL
           GROUP BY SUBSTRING_INDEX(genre_path, '/', 1)"#,
        now,
    )
    .fetch_all(db)
    .await?;
    Ok(Genre::ALL
        .into_iter()
        .map(|genre| GenreCount {
            genre,
            live_count: rows.iter().find(|r| r.genre == genre.ko()).map_or(0, |r| u32::try_from(r.live_count).unwrap_or(u32::MAX)),
        })
        .collect())
}

/// Student artists with the most works on sale or sold. Public identity only.
pub async fn featured_artists(db: &MySqlPool, limit: u32) -> Result<Vec<ArtistCard>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT u.nickname, u.college, u.student_verified AS "student_verified: bool", u.avatar_key,
                  COUNT(a.id) AS "work_count!: i64"
           FROM users u JOIN artworks a ON a.artist_id = u.id
           WHERE u.college IS NOT NULL AND a.status IN ('live', 'sold') AND a.hidden_at IS NULL
           GROUP BY u.id, u.nickname, u.college, u.student_verified, u.avatar_key
           ORDER BY COUNT(a.id) DESC, u.nickname
           LIMIT ?"#,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ArtistCard {
            nickname: r.nickname,
            college: r.college,
            verified_student: r.student_verified,
            avatar_url: r.avatar_key.map(|k| Storage::public_url(&k)),
            work_count: u32::try_from(r.work_count).unwrap_or(u32::MAX),
        })
        .collect())
}
