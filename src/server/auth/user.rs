//! The caller of a request as server code sees them (resolved by `session`, built by `accounts`).

use serde::{Deserialize, Serialize};

/// The caller, as server code sees them. Never sent to other users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthUser {
    pub id: u64,
    pub nickname: String,
    pub is_artist: bool,
    pub phone_verified: bool,
    pub is_admin: bool,
}
