//! Server-only code: configuration, state, HTTP, database, Redis, storage, CLI and the demo seeder.

pub mod auction;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod http;
pub mod images;
pub mod limits;
pub mod markdown;
pub mod redis;
pub mod search;
pub mod seed;
pub mod services;
pub mod settings;
pub mod email;
pub mod sms;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod uploads;
pub mod wallet;
pub mod web_session;
#[cfg(test)]
mod abuse_tests;
#[cfg(test)]
mod account_http_tests;
#[cfg(test)]
mod artworks_http_tests;
#[cfg(test)]
mod auth_http_tests;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod privacy_tests;
#[cfg(test)]
mod reviews_http_tests;
#[cfg(test)]
pub mod testing;

pub use state::AppState;
