//! Artworks: listing, editing and withdrawing (student artists, their own works, before the first bid),
//! the artwork page, browse, artist pages, likes, my-page shelves and admin hiding.

use leptos::prelude::*;

use crate::domain::{ArtistPage, ArtworkDetail, BrowsePage, BrowseQuery, LikeState, ListingForm, ListingLimits, MyShelves};
use crate::error::AppError;

/// The listing rules in force (minimum price, duration window, image count) for the form's live checks.
#[server(prefix = "/api", endpoint = "listing_limits")]
pub async fn get_listing_limits() -> Result<ListingLimits, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            Ok(crate::server::artworks::listings::limits(&state))
        }
        .await,
    )
}

/// Comparable sales for a genre path: what ended lots like it sold for on Artipul (the listing form, and
/// an artist's unsold lot). Public: the prices it summarises are shown on every sold work's page.
#[server(prefix = "/api", endpoint = "comparable_sales")]
pub async fn comparable_sales(genre_path: String) -> Result<crate::domain::comparables::Comparables, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let path = crate::domain::genre::GenrePath::parse(&genre_path).map_err(AppError::bad_request)?;
            crate::server::artworks::comparables::for_path(&state.db, &path).await
        }
        .await,
    )
}

/// Markdown rendered and sanitised exactly as the artwork page will show it (the editor's live preview).
#[server(prefix = "/api", endpoint = "preview_markdown")]
pub async fn preview_markdown(text: String) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            if text.chars().count() > crate::domain::listing::DESCRIPTION_MAX {
                return Err(AppError::bad_request(crate::i18n::Msg::DescriptionLength { max: crate::domain::listing::DESCRIPTION_MAX }));
            }
            Ok(crate::server::markdown::to_safe_html(&text))
        }
        .await,
    )
}

/// Lists a work (verified student artists only) and opens its page.
#[server(prefix = "/api", endpoint = "create_artwork")]
pub async fn create_artwork(form: ListingForm) -> Result<u64, AppError> {
    crate::error::respond(
        async move {
            use crate::server::artworks::listings;
            let state = crate::server::state::app_state()?;
            let artist = crate::server::auth::session::require_artist(&state).await?;
            let tz = crate::server::accounts::profile::zone_of(&state, artist.id).await?;
            let listing = form.validate(chrono::Utc::now(), &listings::limits(&state), tz).map_err(AppError::bad_request)?;
            let id = listings::create(&state, &artist, &listing).await?;
            leptos_axum::redirect(&format!("/artworks/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Edits the caller's own work while it has no bids.
#[server(prefix = "/api", endpoint = "update_artwork")]
pub async fn update_artwork(id: u64, form: ListingForm) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::artworks::listings;
            let state = crate::server::state::app_state()?;
            let artist = crate::server::auth::session::require_artist(&state).await?;
            let tz = crate::server::accounts::profile::zone_of(&state, artist.id).await?;
            let listing = form.validate(chrono::Utc::now(), &listings::limits(&state), tz).map_err(AppError::bad_request)?;
            listings::update(&state, &artist, id, &listing).await?;
            leptos_axum::redirect(&format!("/artworks/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Takes the caller's own work off sale while it has no bids.
#[server(prefix = "/api", endpoint = "withdraw_artwork")]
pub async fn withdraw_artwork(id: u64) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let artist = crate::server::auth::session::require_artist(&state).await?;
            crate::server::artworks::listings::withdraw(&state, &artist, id).await?;
            leptos_axum::redirect("/me");
            Ok(())
        }
        .await,
    )
}

/// The artwork page's data.
#[server(prefix = "/api", endpoint = "artwork")]
pub async fn get_artwork(id: u64) -> Result<ArtworkDetail, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            crate::server::artworks::listings::detail(&state, id, viewer.as_ref(), chrono::Utc::now()).await
        }
        .await,
    )
}

/// One page of the browse listing; with search text (`q`), the search backend finds and orders the works
/// under the same filters.
#[server(prefix = "/api", endpoint = "browse")]
pub async fn browse_artworks(query: BrowseQuery) -> Result<BrowsePage, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let now = chrono::Utc::now();
            if query.is_search() {
                crate::server::limits::take_for_client(&state, crate::server::limits::SEARCH).await?;
                return crate::server::search::service::search_page(&state, &query, now).await;
            }
            Ok(crate::server::artworks::queries::browse(&state.db, &query, now).await?)
        }
        .await,
    )
}

/// Suggestions for the header search box as the user types (works, artists, genres).
#[server(prefix = "/api", endpoint = "search_suggestions")]
pub async fn search_suggestions(typed: String) -> Result<Vec<crate::domain::search::Suggestion>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            crate::server::limits::take_for_client(&state, crate::server::limits::SEARCH).await?;
            crate::server::search::service::suggestions(&state, &typed, chrono::Utc::now()).await
        }
        .await,
    )
}

/// An artist's public page.
#[server(prefix = "/api", endpoint = "artist")]
pub async fn get_artist_page(nickname: String) -> Result<ArtistPage, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            crate::server::artworks::pages::artist_page(&state, &nickname, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Likes or unlikes a work for the caller.
#[server(prefix = "/api", endpoint = "toggle_like")]
pub async fn toggle_like(artwork_id: u64) -> Result<LikeState, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::artworks::listings::toggle_like(&state, user.id, artwork_id).await
        }
        .await,
    )
}

/// The caller's shelves: their works by state (artists) and their watchlist.
#[server(prefix = "/api", endpoint = "my_shelves")]
pub async fn get_my_shelves() -> Result<MyShelves, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::artworks::pages::my_shelves(&state, &user, chrono::Utc::now()).await
        }
        .await,
    )
}

/// Hides a listing with a reason (admins; audited).
#[server(prefix = "/api", endpoint = "hide_artwork")]
pub async fn hide_artwork(id: u64, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::artworks::listings::hide(&state, &admin, id, &reason).await
        }
        .await,
    )
}
