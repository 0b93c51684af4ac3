//! The home page feed.

use leptos::prelude::*;

use crate::domain::HomeFeed;
use crate::error::AppError;

/// Everything the home page shows. Public; contains public identities only.
#[server(prefix = "/api", endpoint = "home_feed")]
pub async fn get_home_feed() -> Result<HomeFeed, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            crate::server::artworks::pages::home_feed(&state, chrono::Utc::now()).await
        }
        .await,
    )
}
