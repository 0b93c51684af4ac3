//! The home page feed.

use leptos::prelude::*;

use crate::domain::HomeFeed;
use crate::error::AppError;

/// Everything the home page shows. Public; contains public identities only.
#[server(prefix = "/api", endpoint = "home_feed")]
pub async fn get_home_feed() -> Result<HomeFeed, AppError> {
    crate::error::respond(
        async move {
            use crate::server::artworks::feed;
            let state = crate::server::state::app_state()?;
            let now = chrono::Utc::now();
            let (ending_soon, new_arrivals, genres, artists) = tokio::try_join!(
                feed::ending_soon(&state.db, now, 8),
                feed::new_arrivals(&state.db, now, 8),
                feed::genre_counts(&state.db, now),
                feed::featured_artists(&state.db, 6),
            )?;
            Ok(HomeFeed { ending_soon, new_arrivals, genres, artists, server_now: now })
        }
        .await,
    )
}
