//! Artworks: listing, editing and withdrawing a work (`listings`), likes of works and reviews
//! (`likes`), and the read side — cards, browse with its filters and facets, artist pages and shelves
//! (`queries`), the home feed (`feed`), and the pages' read models built from them (`pages`).

pub mod comparables;
pub mod feed;
pub mod likes;
pub mod listings;
pub mod pages;
pub mod queries;

#[cfg(test)]
pub(crate) mod http_tests;
