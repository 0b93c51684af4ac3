//! View models of artworks, artists and the home feed, as sent to the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Genre, Won};

/// The lot state machine: `live → sold | unsold | withdrawn | cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LotStatus {
    Live,
    Sold,
    Unsold,
    Withdrawn,
    Cancelled,
}

impl LotStatus {
    pub fn as_db(self) -> &'static str {
        match self {
            LotStatus::Live => "live",
            LotStatus::Sold => "sold",
            LotStatus::Unsold => "unsold",
            LotStatus::Withdrawn => "withdrawn",
            LotStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_db(s: &str) -> Option<Self> {
        Some(match s {
            "live" => LotStatus::Live,
            "sold" => LotStatus::Sold,
            "unsold" => LotStatus::Unsold,
            "withdrawn" => LotStatus::Withdrawn,
            "cancelled" => LotStatus::Cancelled,
            _ => return None,
        })
    }
}

/// An artwork as a card in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtworkCard {
    pub id: u64,
    pub title: String,
    pub artist_nickname: String,
    pub genre_path: String,
    pub cover_url: Option<String>,
    pub current_price: Won,
    pub buy_now_price: Option<Won>,
    pub bid_count: u32,
    pub status: LotStatus,
    pub ends_at: DateTime<Utc>,
}

/// A student artist as a card (public identity only: nickname, avatar, college).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistCard {
    pub nickname: String,
    pub college: Option<String>,
    pub verified_student: bool,
    pub avatar_url: Option<String>,
    pub work_count: u32,
}

/// How many live works a top-level genre has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenreCount {
    pub genre: Genre,
    pub live_count: u32,
}

/// Everything the home page shows, read in one round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeFeed {
    pub ending_soon: Vec<ArtworkCard>,
    pub new_arrivals: Vec<ArtworkCard>,
    pub genres: Vec<GenreCount>,
    pub artists: Vec<ArtistCard>,
    /// The server's clock when the feed was read; countdowns run from it, not from the device clock.
    pub server_now: DateTime<Utc>,
}
