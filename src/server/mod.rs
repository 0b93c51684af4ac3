//! Server-only code: configuration, state, HTTP, database, Redis, storage, CLI and the demo seeder.

#[cfg(test)]
mod abuse_tests;
#[cfg(test)]
mod account_http_tests;
#[cfg(test)]
mod artworks_http_tests;
pub mod auction;
pub mod auth;
#[cfg(test)]
mod auth_http_tests;
pub mod cli;
pub mod config;
pub mod db;
pub mod email;
pub mod http;
#[cfg(test)]
mod http_tests;
pub mod images;
pub mod jsonl;
pub mod limits;
pub mod markdown;
#[cfg(test)]
mod privacy_tests;
pub mod redis;
#[cfg(test)]
mod reviews_http_tests;
pub mod search;
pub mod seed;
pub mod services;
pub mod settings;
pub mod sms;
pub mod state;
pub mod storage;
pub mod telemetry;
#[cfg(test)]
pub mod testing;
pub mod uploads;
pub mod wallet;
pub mod web_session;
pub mod workers;

pub use state::AppState;
