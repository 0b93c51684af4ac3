//! View models of artworks, artists and the home feed, as sent to the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::db_enum::db_enum;
use super::search::EndingWithin;
use super::{Genre, Won};

db_enum! {
    /// The lot state machine: `live → sold | unsold | withdrawn | cancelled`.
    pub enum LotStatus {
        Live = "live",
        Sold = "sold",
        Unsold = "unsold",
        Withdrawn = "withdrawn",
        Cancelled = "cancelled",
    }
}

/// An artwork as a card in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtworkCard {
    pub id: u64,
    pub title: String,
    pub artist_nickname: String,
    /// The artist holds the verified-student badge.
    #[serde(default)]
    pub artist_verified_student: bool,
    pub genre_path: String,
    pub cover_url: Option<String>,
    pub current_price: Won,
    pub buy_now_price: Option<Won>,
    pub bid_count: u32,
    pub status: LotStatus,
    pub ends_at: DateTime<Utc>,
    /// Shipping (and its fee) or pick-up in person.
    #[serde(default)]
    pub delivery: super::Delivery,
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

/// One image of a work: the 1200 px view and the 400 px thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtworkImage {
    pub upload_id: Option<String>,
    pub url: String,
    pub thumb_url: String,
    pub width: u32,
    pub height: u32,
}

/// Everything the artwork page shows. The reserve price itself is never sent, only whether it exists
/// and is met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtworkDetail {
    pub id: u64,
    pub title: String,
    pub description: String,
    /// The description rendered from markdown and sanitised on the server.
    pub description_html: String,
    pub genre_path: String,
    pub tags: Vec<String>,
    pub medium: String,
    pub width_mm: Option<u32>,
    pub height_mm: Option<u32>,
    pub depth_mm: Option<u32>,
    pub year: Option<u16>,
    pub images: Vec<ArtworkImage>,
    pub artist: ArtistCard,
    pub start_price: Won,
    pub current_price: Won,
    pub buy_now_price: Option<Won>,
    pub has_reserve: bool,
    pub reserve_met: bool,
    pub bid_count: u32,
    pub like_count: u32,
    pub liked_by_me: bool,
    pub status: LotStatus,
    pub ends_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub server_now: DateTime<Utc>,
    /// The caller is the artist: edit/withdraw links are shown while there are no bids.
    pub is_mine: bool,
    /// Hidden by an admin (only its artist and admins can still open it), with the reason.
    pub hidden_reason: Option<String>,
    pub viewer_is_admin: bool,
    /// The newest buyers' reviews of this work.
    pub reviews: Vec<super::review::ReviewCard>,
    /// Shipping (and its fee) or pick-up in person.
    pub delivery: super::Delivery,
    /// The commission on the price, for the artist's own payout line.
    pub commission_percent: u8,
}

/// `12.5 × 30 × 2 cm` from millimetres.
pub fn size_cm(w: Option<u32>, h: Option<u32>, d: Option<u32>) -> Option<String> {
    let cm = |mm: u32| if mm % 10 == 0 { format!("{}", mm / 10) } else { format!("{}.{}", mm / 10, mm % 10) };
    let parts: Vec<String> = [w, h, d].into_iter().flatten().map(cm).collect();
    (!parts.is_empty()).then(|| format!("{} cm", parts.join(" × ")))
}

/// Status filter of the browse page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum StatusFilter {
    /// 진행중: live and not yet past the deadline.
    #[default]
    Live,
    /// 마감: ended without a sale (unsold, or past the deadline and closing).
    Ended,
    /// 판매완료.
    Sold,
    All,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] = [StatusFilter::Live, StatusFilter::Ended, StatusFilter::Sold, StatusFilter::All];

    pub fn key(self) -> &'static str {
        match self {
            StatusFilter::Live => "live",
            StatusFilter::Ended => "ended",
            StatusFilter::Sold => "sold",
            StatusFilter::All => "all",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Sort orders of the browse page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortOrder {
    #[default]
    EndingSoon,
    /// Best text match first (only with a search query).
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    MostBids,
}

impl SortOrder {
    pub const ALL: [SortOrder; 6] =
        [SortOrder::Relevance, SortOrder::EndingSoon, SortOrder::Newest, SortOrder::PriceAsc, SortOrder::PriceDesc, SortOrder::MostBids];

    /// The sorts offered for a query: relevance only makes sense with search text.
    pub fn offered(searching: bool) -> impl Iterator<Item = SortOrder> {
        Self::ALL.into_iter().filter(move |s| searching || *s != SortOrder::Relevance)
    }

    /// The sort used when the URL names none.
    pub fn default_for(searching: bool) -> Self {
        if searching {
            SortOrder::Relevance
        } else {
            SortOrder::EndingSoon
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            SortOrder::EndingSoon => "ending",
            SortOrder::Relevance => "relevance",
            SortOrder::Newest => "newest",
            SortOrder::PriceAsc => "price_asc",
            SortOrder::PriceDesc => "price_desc",
            SortOrder::MostBids => "bids",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The browse page's query, as it appears in the URL (`/artworks?genre=…&status=…&sort=…&page=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BrowseQuery {
    /// Search text (empty: browse without search).
    pub q: String,
    /// A genre path prefix (`회화`, `회화/풍경`, …) or empty for everything.
    pub genre: String,
    pub status: StatusFilter,
    pub min_price: Option<u64>,
    pub max_price: Option<u64>,
    pub buy_now_only: bool,
    /// Live lots ending within this window only.
    pub ending: Option<EndingWithin>,
    pub sort: SortOrder,
    /// 1-based.
    pub page: u32,
}

pub const PAGE_SIZE: u32 = 24;

impl BrowseQuery {
    /// Reads the URL's query parameters; anything unknown or malformed falls back to the default.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let number = |k: &str| get(k).and_then(|v| v.replace(',', "").trim().parse::<u64>().ok());
        let q: String = get("q").unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        let searching = !q.is_empty();
        BrowseQuery {
            q,
            genre: get("genre").unwrap_or_default().trim().trim_matches('/').to_string(),
            status: get("status").and_then(|s| StatusFilter::from_key(&s)).unwrap_or_default(),
            min_price: number("min"),
            max_price: number("max"),
            buy_now_only: get("buy_now").is_some_and(|v| v == "1" || v == "on" || v == "true"),
            ending: get("ending").and_then(|e| EndingWithin::from_key(&e)),
            sort: get("sort")
                .and_then(|s| SortOrder::from_key(&s))
                .filter(|s| searching || *s != SortOrder::Relevance)
                .unwrap_or(SortOrder::default_for(searching)),
            page: number("page").map(|p| p.clamp(1, 10_000) as u32).unwrap_or(1),
        }
    }

    /// The URL of this query (stable: the same query always gives the same URL).
    pub fn to_url(&self) -> String {
        let mut params: Vec<(String, String)> = Vec::new();
        if !self.q.is_empty() {
            params.push(("q".into(), self.q.clone()));
        }
        if !self.genre.is_empty() {
            params.push(("genre".into(), self.genre.clone()));
        }
        if self.status != StatusFilter::default() {
            params.push(("status".into(), self.status.key().into()));
        }
        if let Some(v) = self.min_price {
            params.push(("min".into(), v.to_string()));
        }
        if let Some(v) = self.max_price {
            params.push(("max".into(), v.to_string()));
        }
        if self.buy_now_only {
            params.push(("buy_now".into(), "1".into()));
        }
        if let Some(e) = self.ending {
            params.push(("ending".into(), e.key().into()));
        }
        if self.sort != SortOrder::default_for(!self.q.is_empty()) {
            params.push(("sort".into(), self.sort.key().into()));
        }
        if self.page > 1 {
            params.push(("page".into(), self.page.to_string()));
        }
        if params.is_empty() {
            return "/artworks".into();
        }
        let encoded: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode_query_value(v))).collect();
        format!("/artworks?{}", encoded.join("&"))
    }

    pub fn with_page(&self, page: u32) -> Self {
        BrowseQuery { page, ..self.clone() }
    }

    pub fn is_search(&self) -> bool {
        !self.q.is_empty()
    }

    /// The same view without the search text (browse keeps working when search does not).
    pub fn without_search(&self) -> Self {
        let sort = if self.sort == SortOrder::Relevance { SortOrder::default() } else { self.sort };
        BrowseQuery { q: String::new(), sort, page: 1, ..self.clone() }
    }
}

/// Percent-encodes a query-string value (`/` kept readable: genre paths).
pub fn encode_query_value(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// What `encode_query_value` escapes: everything but the unreserved characters and `/` (genre paths).
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// One step deeper in the genre navigation, with how many works match there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenreFacet {
    pub path: String,
    pub label: String,
    pub count: u32,
}

/// A page of browse results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrowsePage {
    pub cards: Vec<ArtworkCard>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
    /// The children of the current genre path with their counts (under the other filters).
    pub facets: Vec<GenreFacet>,
    /// For a search: each card's title and description with the matches marked (same order as `cards`).
    pub matches: Vec<crate::domain::search::SearchMatch>,
    pub server_now: DateTime<Utc>,
}

/// An artist's public page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtistPage {
    pub artist: ArtistCard,
    pub bio_html: String,
    pub on_sale: Vec<ArtworkCard>,
    pub sold: Vec<ArtworkCard>,
    /// Review highlights: the newest reviews of the artist's works.
    pub reviews: Vec<super::review::ReviewCard>,
    pub server_now: DateTime<Utc>,
    /// Sales with a certificate of authenticity, newest first.
    #[serde(default)]
    pub certified: Vec<super::certificate::CertifiedSale>,
}

/// The owner's shelves on my page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyShelves {
    pub is_artist: bool,
    pub on_sale: Vec<ArtworkCard>,
    pub sold: Vec<ArtworkCard>,
    pub unsold: Vec<ArtworkCard>,
    pub watchlist: Vec<ArtworkCard>,
    pub server_now: DateTime<Utc>,
}

/// The state of a like after toggling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub count: u32,
}

#[cfg(test)]
mod browse_tests {
    use super::*;

    #[test]
    fn browse_urls_round_trip_and_are_stable() {
        let q = BrowseQuery {
            q: String::new(),
            genre: "회화/풍경".into(),
            status: StatusFilter::Sold,
            min_price: Some(10_000),
            max_price: None,
            buy_now_only: true,
            ending: None,
            sort: SortOrder::PriceDesc,
            page: 3,
        };
        let url = q.to_url();
        assert_eq!(url, "/artworks?genre=%ED%9A%8C%ED%99%94/%ED%92%8D%EA%B2%BD&status=sold&min=10000&buy_now=1&sort=price_desc&page=3");
        assert_eq!(parse(&url), q);
        assert_eq!(BrowseQuery::default().to_url(), "/artworks");
        let junk = BrowseQuery::from_params(|k| {
            Some(
                match k {
                    "page" => "-4",
                    "sort" => "evil",
                    "q" => "",
                    _ => "x",
                }
                .to_string(),
            )
        });
        assert_eq!((junk.page, junk.sort, junk.status, junk.ending), (1, SortOrder::EndingSoon, StatusFilter::Live, None));
    }

    #[test]
    fn search_urls_default_to_relevance_and_keep_the_filters() {
        let q = BrowseQuery {
            q: "푸른  바다".split_whitespace().collect::<Vec<_>>().join(" "),
            genre: "회화".into(),
            ending: Some(EndingWithin::Day),
            page: 1,
            ..BrowseQuery::default()
        };
        let q = BrowseQuery { sort: SortOrder::Relevance, ..q };
        let url = q.to_url();
        assert_eq!(url, "/artworks?q=%ED%91%B8%EB%A5%B8%20%EB%B0%94%EB%8B%A4&genre=%ED%9A%8C%ED%99%94&ending=24h");
        assert_eq!(parse(&url), q);
        // Relevance without search text falls back to the browse default; leaving search keeps the filters.
        assert_eq!(parse("/artworks?sort=relevance").sort, SortOrder::EndingSoon);
        let plain = q.without_search();
        assert_eq!((plain.q.as_str(), plain.sort, plain.genre.as_str()), ("", SortOrder::EndingSoon, "회화"));
        assert_eq!(parse("/artworks?q=a&sort=newest").sort, SortOrder::Newest);
    }

    fn parse(url: &str) -> BrowseQuery {
        let query: std::collections::HashMap<String, String> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), percent_decode(v))
            })
            .collect();
        BrowseQuery::from_params(|k| query.get(k).cloned())
    }

    fn percent_decode(s: &str) -> String {
        percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned()
    }

    #[test]
    fn sizes_read_in_centimetres() {
        assert_eq!(size_cm(Some(455), Some(380), None).as_deref(), Some("45.5 × 38 cm"));
        assert_eq!(size_cm(None, None, None), None);
    }
}
