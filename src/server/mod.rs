//! Server-only code: configuration, state, HTTP, database, Redis, storage, CLI and the demo seeder.

#[cfg(test)]
mod abuse_tests;
pub mod accounts;
pub mod artworks;
pub mod assets;
pub mod auction;
pub mod auth;
pub mod certificates;
pub mod cli;
#[cfg(test)]
mod cluster_tests;
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
pub mod moderation;
pub mod openapi;
#[cfg(test)]
mod privacy_tests;
pub mod redis;
pub mod reviews;
pub mod search;
pub mod seed;
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
