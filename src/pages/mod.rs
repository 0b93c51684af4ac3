//! Pages, one module (or folder) per area.

pub mod about;
pub mod account;
pub mod admin;
pub mod artist;
pub mod artwork;
pub mod auctions;
pub mod browse;
pub mod certificate;
pub mod error;
pub mod home;
pub mod not_found;
pub mod reviews;
pub mod sell;
pub mod verify;
pub mod wallet;
