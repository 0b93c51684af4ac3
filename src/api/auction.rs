//! Auctions: bidding and buy-now, the live room, my page's auction tabs, orders and notifications.

use leptos::prelude::*;

use crate::domain::auction::{ReceiptCheck, SignedReceipt};
use crate::domain::{BidEntry, BidOutcome, LotRoom, MyAuctions, NotificationPage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
async fn bidder() -> Result<(crate::server::AppState, crate::server::auth::AuthUser), AppError> {
    let state = crate::server::state::app_state()?;
    let user = crate::server::auth::session::require_verified(&state).await?;
    // A person bidding by hand never gets near the limit (`auction.max_bids_per_minute`).
    crate::server::limits::take(&state, crate::server::limits::bids(&state), crate::server::limits::Subject::Member(user.id)).await?;
    Ok((state, user))
}

/// An amount the page was showing, if it sent one.
#[cfg(feature = "ssr")]
fn seen_won(raw: Option<&str>, field: crate::i18n::Key) -> Result<Option<crate::domain::Won>, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => crate::domain::listing::parse_won(r, field).map_err(AppError::bad_request),
    }
}

/// The committed bid's signed receipt on its answer (the bid stands even if the receipt cannot be made:
/// it can be fetched again with `bid_receipt`).
#[cfg(feature = "ssr")]
async fn with_receipt(state: &crate::server::AppState, user_id: u64, lot_id: u64, mut outcome: BidOutcome) -> Result<BidOutcome, AppError> {
    match crate::server::auction::receipts::issue(state, user_id, lot_id, outcome.lot.seq).await {
        Ok(receipt) => outcome.receipt = Some(receipt),
        Err(e) => tracing::warn!(lot_id, seq = outcome.lot.seq, error = %e.message, "receipt not issued"),
    }
    Ok(outcome)
}

/// The signed receipt of one of the caller's own bids (`seq`: the bid's event number on the lot).
#[server(prefix = "/api", endpoint = "bid_receipt")]
pub async fn bid_receipt(lot_id: u64, seq: u32) -> Result<SignedReceipt, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::auction::receipts::issue(&state, user.id, lot_id, seq).await
        }
        .await,
    )
}

/// Checks a receipt (its JSON, as downloaded): the server's signature, and the event in the lot's stored
/// chain. Public: anyone holding a receipt may check it.
#[server(prefix = "/api", endpoint = "verify_receipt")]
pub async fn verify_receipt(receipt: String) -> Result<ReceiptCheck, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            crate::server::limits::take_for_client(&state, crate::server::limits::VERIFICATIONS).await?;
            if receipt.len() > 4096 {
                return Err(AppError::bad_request(crate::i18n::Key::ErrReceiptTooLong));
            }
            let signed: SignedReceipt =
                serde_json::from_str(receipt.trim()).map_err(|_| AppError::bad_request(crate::i18n::Key::ErrReceiptFormat))?;
            crate::server::auction::receipts::check(&state, &signed).await
        }
        .await,
    )
}

/// Places a bid: `amount` is the caller's maximum (the system bids for them up to it). Binding.
/// `shipping_fee`: the shipping the bidder was shown (the room sends it); a bid is refused when the lot's
/// has changed since.
#[server(prefix = "/api", endpoint = "place_bid")]
pub async fn place_bid(lot_id: u64, amount: String, #[server(default)] shipping_fee: Option<String>) -> Result<BidOutcome, AppError> {
    crate::error::respond(
        async move {
            use crate::i18n::Key;
            use crate::server::auction::engine::{place_seen, BidRequest, Seen};
            let max = crate::domain::listing::parse_won(&amount, Key::FieldBid)
                .map_err(AppError::bad_request)?
                .ok_or_else(|| AppError::bad_request(Key::ErrBidRequired))?;
            let seen = Seen { shipping: seen_won(shipping_fee.as_deref(), Key::FieldShippingFee)?, buy_now: None };
            let (state, user) = bidder().await?;
            let outcome = place_seen(&state, &user, lot_id, BidRequest::Max(max), seen).await?;
            with_receipt(&state, user.id, lot_id, outcome).await
        }
        .await,
    )
}

/// Buys the lot at once at its stored buy-now price (never a price from the request). `price` and
/// `shipping_fee`: what the buyer was shown (the room sends both); refused when either has changed.
#[server(prefix = "/api", endpoint = "buy_now")]
pub async fn buy_now(
    lot_id: u64,
    #[server(default)] price: Option<String>,
    #[server(default)] shipping_fee: Option<String>,
) -> Result<BidOutcome, AppError> {
    crate::error::respond(
        async move {
            use crate::server::auction::engine::{place_seen, BidRequest, Seen};
            let seen = Seen {
                shipping: seen_won(shipping_fee.as_deref(), crate::i18n::Key::FieldShippingFee)?,
                buy_now: seen_won(price.as_deref(), crate::i18n::Key::BuyNowPrice)?,
            };
            let (state, user) = bidder().await?;
            let outcome = place_seen(&state, &user, lot_id, BidRequest::BuyNow, seen).await?;
            with_receipt(&state, user.id, lot_id, outcome).await
        }
        .await,
    )
}

/// The live room of a lot: state, recent bids (anonymous handles) and the caller's own position.
#[server(prefix = "/api", endpoint = "lot_room")]
pub async fn get_lot_room(lot_id: u64) -> Result<LotRoom, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            crate::server::auction::room::lot_room(&state, lot_id, viewer.as_ref()).await
        }
        .await,
    )
}

/// The bid history of a lot, newest first (at most 200).
#[server(prefix = "/api", endpoint = "bid_history")]
pub async fn get_bid_history(lot_id: u64) -> Result<Vec<BidEntry>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            // Same visibility as the room (hidden lots only for their artist and admins).
            crate::server::auction::room::lot_room(&state, lot_id, viewer.as_ref()).await?;
            crate::server::auction::room::history(&state.db, lot_id, 200).await
        }
        .await,
    )
}

/// My page's auction tabs.
#[server(prefix = "/api", endpoint = "my_auctions")]
pub async fn get_my_auctions() -> Result<MyAuctions, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::auction::room::my_auctions(&state, &user).await
        }
        .await,
    )
}

/// The artist of a paid order enters the carrier and tracking number.
#[server(prefix = "/api", endpoint = "ship_order")]
pub async fn ship_order(order_id: u64, carrier: String, tracking_no: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::auction::orders::ship(&state, &user, order_id, &carrier, &tracking_no).await
        }
        .await,
    )
}

/// The buyer confirms receipt (the artist is paid at once).
#[server(prefix = "/api", endpoint = "confirm_order")]
pub async fn confirm_order(order_id: u64) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::auction::orders::confirm(&state, &user, order_id).await
        }
        .await,
    )
}

/// The buyer reports a problem with an order before confirming it, with up to five photos (upload ids from
/// `/api/uploads/dispute-image`, comma-separated): settlement stops for an admin.
#[server(prefix = "/api", endpoint = "dispute_order")]
pub async fn dispute_order(order_id: u64, reason: String, #[server(default)] photos: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let photos = crate::domain::listing::parse_upload_ids(&photos).map_err(AppError::bad_request)?;
            crate::server::auction::orders::dispute(&state, &user, order_id, &reason, &photos).await
        }
        .await,
    )
}

/// Admins end a dispute: `refund` returns the escrow to the buyer, otherwise the artist is paid. Audited.
#[server(prefix = "/api", endpoint = "resolve_dispute")]
pub async fn resolve_dispute(order_id: u64, refund: bool, note: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::auction::orders::resolve_dispute(&state, &admin, order_id, refund, &note).await
        }
        .await,
    )
}

/// The caller's notifications, newest first, with the unread count.
#[server(prefix = "/api", endpoint = "notifications")]
pub async fn get_notifications(page: u32) -> Result<NotificationPage, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::auction::notify::page(&state.db, user.id, page).await
        }
        .await,
    )
}

/// Marks the caller's notifications read (all, or those up to `up_to`); returns how many changed.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read(up_to: Option<u64>) -> Result<u32, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let changed = crate::server::auction::notify::mark_read(&state.db, user.id, up_to).await?;
            state.live.publish(&state, crate::server::auction::live::LiveMessage::Notice { user_id: user.id }).await;
            Ok(changed)
        }
        .await,
    )
}
