//! Reusable UI pieces: layout, artwork and artist cards, prices, countdowns.

pub mod artist_card;
pub mod artwork_card;
pub mod countdown;
pub mod layout;
pub mod live;
pub mod lot_room;
pub mod price;
pub mod search_box;
