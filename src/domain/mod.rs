//! Types shared by the server and the browser: money, time, the genre taxonomy and view models.

pub mod account;
pub mod artwork;
pub mod genre;
pub mod money;
pub mod time;

pub use artwork::{ArtistCard, ArtworkCard, GenreCount, HomeFeed, LotStatus};
pub use genre::{Genre, GenrePath};
pub use money::Won;
