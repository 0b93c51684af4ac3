//! Reusable UI pieces: layout, artwork, artist and review cards, prices, countdowns, the image uploader.

pub mod artist_card;
pub mod artwork_card;
pub mod auth;
pub mod comparables;
pub mod confirm;
pub mod countdown;
pub mod gallery;
pub mod image_uploader;
pub mod layout;
pub mod live;
pub mod lot_room;
pub mod missing;
pub mod outcome;
pub mod price;
pub mod receipt_link;
pub mod report;
pub mod review_card;
pub mod search_box;
