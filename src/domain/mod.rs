//! Types shared by the server and the browser: money, time, the genre taxonomy and view models.

pub mod account;
pub mod artwork;
pub mod auction;
pub mod bidding;
pub mod certificate;
pub mod comparables;
mod db_enum;
pub mod delivery;
pub mod genre;
pub mod ledger;
pub mod listing;
pub mod moderation;
pub mod money;
pub mod review;
pub mod search;
pub mod time;
pub mod wallet;

pub use artwork::{
    size_cm, ArtistCard, ArtistPage, ArtworkCard, ArtworkDetail, ArtworkImage, BrowsePage, BrowseQuery, GenreCount, GenreFacet, HomeFeed,
    LikeState, LotStatus, MyShelves, SortOrder, StatusFilter, PAGE_SIZE,
};
pub use auction::{
    BidEntry, BidKind, BidOutcome, LotEvent, LotEventKind, LotRoom, LotSnapshot, MyAuctions, MyBidRow, MyPosition, Notification,
    NotificationKind, NotificationPage, OrderStatus, OrderView,
};
pub use delivery::Delivery;
pub use genre::{Genre, GenrePath};
pub use listing::{Listing, ListingForm, ListingLimits};
pub use money::Won;
pub use wallet::{ChargeRow, LedgerRow, PaymentStatus, WalletBalance, WalletPage, LEDGER_PAGE_SIZE};
