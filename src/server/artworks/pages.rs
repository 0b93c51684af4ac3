//! The read models of the artwork pages, assembled here so the server functions stay thin: the home
//! feed, an artist's public page and the member's own shelves.

use chrono::{DateTime, Utc};

use super::{feed, queries};
use crate::domain::{ArtistPage, HomeFeed, LotStatus, MyShelves};
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::AppState;

/// How many works a shelf or an artist's list shows.
const SHELF: u32 = 60;

/// Everything the home page shows (public identities only), read in parallel.
pub async fn home_feed(state: &AppState, now: DateTime<Utc>) -> Result<HomeFeed, AppError> {
    let (ending_soon, new_arrivals, genres, artists) = tokio::try_join!(
        feed::ending_soon(&state.db, now, 8),
        feed::new_arrivals(&state.db, now, 8),
        feed::genre_counts(&state.db, now),
        feed::featured_artists(&state.db, 6),
    )?;
    Ok(HomeFeed { ending_soon, new_arrivals, genres, artists, server_now: now })
}

/// An artist's public page: profile, works on sale and sold, the newest reviews of their works.
pub async fn artist_page(state: &AppState, nickname: &str, now: DateTime<Utc>) -> Result<ArtistPage, AppError> {
    let (id, artist, bio) = queries::artist_by_nickname(&state.db, nickname.trim())
        .await?
        .ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrArtistNotFound))?;
    Ok(ArtistPage {
        artist,
        bio_html: crate::server::markdown::to_safe_html(bio.as_deref().unwrap_or_default()),
        on_sale: queries::artist_cards(&state.db, id, &[LotStatus::Live], SHELF).await?,
        sold: queries::artist_cards(&state.db, id, &[LotStatus::Sold], SHELF).await?,
        reviews: crate::server::reviews::queries::of_artist(&state.db, id, 4).await?,
        server_now: now,
        certified: crate::server::certificates::for_artist(&state.db, id).await?,
    })
}

/// The member's shelves: their works by state (artists only) and their watchlist.
pub async fn my_shelves(state: &AppState, user: &AuthUser, now: DateTime<Utc>) -> Result<MyShelves, AppError> {
    let (on_sale, sold, unsold) = if user.is_artist {
        tokio::try_join!(
            queries::own_cards(&state.db, user.id, LotStatus::Live, SHELF),
            queries::own_cards(&state.db, user.id, LotStatus::Sold, SHELF),
            queries::own_cards(&state.db, user.id, LotStatus::Unsold, SHELF),
        )?
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(MyShelves {
        is_artist: user.is_artist,
        on_sale,
        sold,
        unsold,
        watchlist: queries::watchlist(&state.db, user.id, SHELF).await?,
        server_now: now,
    })
}
