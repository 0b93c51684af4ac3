//! Server functions, one file per area: thin — extract the caller, call the server code, map the error.

pub mod account;
pub mod admin;
pub mod artworks;
pub mod auction;
pub mod auth;
pub mod certificates;
pub mod home;
pub mod reviews;
pub mod wallet;
