//! Comparable sales for pricing (`domain::comparables`): the ended lots like a given genre path, read in
//! one query on `ix_artworks_comparables` (genre path, status, hidden, price, bids — covering).

use sqlx::MySqlPool;

use crate::domain::comparables::{nearby_bands, summarize, Comparables, Ended};
use crate::domain::genre::{Genre, GenrePath};
use crate::domain::Won;
use crate::error::AppError;

/// The comparables of a listing in `path`: same genre and first level (theme or kind); for paintings,
/// the chosen size band and its neighbours; for sculpture, the same material when one is chosen.
pub async fn for_path(db: &MySqlPool, path: &GenrePath) -> Result<Comparables, AppError> {
    let segments: Vec<&str> = path.segments().collect();
    let genre = segments.first().and_then(|g| Genre::from_ko(g));
    let prefix = segments.iter().take(2).copied().collect::<Vec<_>>().join("/");
    let bands: Vec<&str> = match (genre, segments.get(2)) {
        (Some(Genre::Painting), Some(band)) => nearby_bands(band),
        _ => Vec::new(),
    };
    let material = match genre {
        Some(Genre::Sculpture) => segments.get(2).copied(),
        _ => None,
    };
    let rows: Vec<(String, String, u64, u32)> = sqlx::query_as(
        "SELECT genre_path, status, current_price, bid_count FROM artworks
         WHERE (genre_path = ? OR genre_path LIKE ?) AND status IN ('sold', 'unsold') AND hidden_at IS NULL",
    )
    .bind(&prefix)
    .bind(format!("{prefix}/%"))
    .fetch_all(db)
    .await?;
    let ended: Vec<Ended> = rows
        .into_iter()
        .filter(|(p, ..)| {
            let third = p.split('/').nth(2);
            (bands.is_empty() || third.is_some_and(|b| bands.contains(&b))) && (material.is_none() || third == material)
        })
        .map(|(_, status, price, bids)| Ended { sold: status == "sold", price: Won(price), bids })
        .collect();
    let scope = match (bands.is_empty(), material) {
        (false, _) => format!("{prefix} · {}", bands.join("·")),
        (true, Some(m)) => format!("{prefix}/{m}"),
        (true, None) => prefix,
    };
    Ok(summarize(scope, &ended))
}
