//! Artworks: listing, editing and withdrawing a work (`listings`), likes of works and reviews
//! (`likes`), and the read side — cards, browse with its filters and facets, artist pages and shelves
//! (`queries`), and the home feed (`feed`).

pub mod feed;
pub mod likes;
pub mod listings;
pub mod queries;

#[cfg(test)]
pub(crate) mod http_tests;
