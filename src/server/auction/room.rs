//! The read side: the live room of a lot, bid history with anonymous handles, and my page's auction tabs.

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use super::engine::lot_missing;
use super::LotRow;
use crate::domain::auction::HISTORY_LIMIT;
use crate::domain::{BidEntry, LotRoom, LotStatus, MyAuctions, MyBidRow, MyPosition, OrderStatus, OrderView, Won};
use crate::error::AppError;
use crate::server::services::accounts::AuthUser;
use crate::server::AppState;

/// The newest `limit` bids of a lot, newest first. Never includes anyone's maximum (nor a leader's
/// private raise of it).
pub async fn history(db: &MySqlPool, lot_id: u64, limit: usize) -> Result<Vec<BidEntry>, AppError> {
    let rows: Vec<(u32, u32, u64, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT b.seq, h.handle, b.price_after, b.created_at, b.kind FROM bids b
         JOIN lot_bidders h ON h.artwork_id = b.artwork_id AND h.user_id = b.bidder_id
         WHERE b.artwork_id = ? AND b.kind <> 'raise' ORDER BY b.seq DESC LIMIT ?",
    )
    .bind(lot_id)
    .bind(limit as u64)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(seq, handle, price, at, kind)| BidEntry { seq, handle, price: Won(price), at, buy_now: kind == "buy_now" })
        .collect())
}

/// The live room for `viewer` (the viewer's own maximum only ever goes to them).
pub async fn lot_room(state: &AppState, lot_id: u64, viewer: Option<&AuthUser>) -> Result<LotRoom, AppError> {
    let rules = state.settings.auction_rules();
    let lot = LotRow::read(&state.db, lot_id).await?.ok_or_else(lot_missing)?;
    let privileged = viewer.is_some_and(|v| v.id == lot.artist_id || v.is_admin);
    if lot.hidden && !privileged {
        return Err(lot_missing());
    }
    let me = match viewer {
        Some(v) => {
            let handle: Option<u32> = sqlx::query_scalar("SELECT handle FROM lot_bidders WHERE artwork_id = ? AND user_id = ?")
                .bind(lot_id)
                .bind(v.id)
                .fetch_optional(&state.db)
                .await?;
            handle.map(|handle| {
                let leading = lot.leader_id == Some(v.id);
                MyPosition { handle, leading, my_max: if leading { lot.leader_max.map(Won) } else { None } }
            })
        }
        None => None,
    };
    Ok(LotRoom {
        lot: lot.snapshot_with_handle(&state.db, &rules).await?,
        history: history(&state.db, lot_id, HISTORY_LIMIT).await?,
        me,
        viewer_is_artist: viewer.is_some_and(|v| v.id == lot.artist_id),
        logged_in: viewer.is_some(),
        server_now: Utc::now(),
        soft_close_window_secs: rules.soft_close_window_secs,
    })
}

type OrderTuple = (
    u64,
    u64,
    String,
    Option<String>,
    u64,
    String,
    Option<String>,
    Option<String>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<u64>,
    Option<u64>,
    String,
);

fn order_view(state: &AppState, t: OrderTuple, ship_to: Option<String>) -> OrderView {
    let (
        id,
        artwork_id,
        title,
        cover,
        amount,
        status,
        carrier,
        tracking_no,
        paid_at,
        shipped_at,
        received_at,
        settled_at,
        share,
        review_id,
        counterpart,
    ) = t;
    let status = OrderStatus::from_db(&status).unwrap_or(OrderStatus::Disputed);
    let days = i64::from(state.settings.orders.auto_confirm_days);
    OrderView {
        id,
        artwork_id,
        title,
        cover_url: cover.map(|k| crate::server::storage::image_url(&k, 400)),
        amount: Won(amount),
        status,
        carrier,
        tracking_no,
        paid_at,
        auto_confirm_at: (status == OrderStatus::Shipped).then(|| shipped_at.map(|s| s + chrono::Duration::days(days))).flatten(),
        shipped_at,
        received_at,
        settled_at,
        artist_share: share.map(Won),
        counterpart,
        ship_to,
        review_id,
    }
}

const ORDER_COLUMNS: &str = "o.id, o.artwork_id, a.title,
    (SELECT storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY position LIMIT 1),
    o.amount, o.status, o.carrier, o.tracking_no, o.paid_at, o.shipped_at, o.received_at, o.settled_at, o.artist_share,
    (SELECT r.id FROM reviews r WHERE r.order_id = o.id)";

/// My page's auction tabs: lots I bid on (and whether I lead), my purchases, and — for artists — sales and earnings.
pub async fn my_auctions(state: &AppState, user: &AuthUser) -> Result<MyAuctions, AppError> {
    let rows = sqlx::query!(
        r#"SELECT a.id, a.title, (SELECT storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY position LIMIT 1) AS cover,
                  a.current_price, a.leader_id, a.leader_max, a.status, a.ends_at AS "ends_at: DateTime<Utc>"
           FROM lot_bidders h JOIN artworks a ON a.id = h.artwork_id
           WHERE h.user_id = ? AND a.status = 'live' ORDER BY a.ends_at LIMIT 100"#,
        user.id
    )
    .fetch_all(&state.db)
    .await?;
    let bidding = rows
        .into_iter()
        .map(|r| {
            let leading = r.leader_id == Some(user.id);
            MyBidRow {
                artwork_id: r.id,
                title: r.title,
                cover_url: r.cover.map(|k| crate::server::storage::image_url(&k, 400)),
                current_price: Won(r.current_price),
                my_max: if leading { r.leader_max.map(Won) } else { None },
                leading,
                status: LotStatus::from_db(&r.status).unwrap_or(LotStatus::Live),
                ends_at: r.ends_at,
            }
        })
        .collect();
    let won = orders_of(&state.db, "buyer_id", "artist_id", user.id).await?;
    let won = won.into_iter().map(|t| order_view(state, t, None)).collect();
    let sales_rows = orders_of(&state.db, "artist_id", "buyer_id", user.id).await?;
    let mut sales = Vec::with_capacity(sales_rows.len());
    for t in sales_rows {
        // The artist of a paid order sees where to send it: the buyer's shipping address.
        let ship_to = if t.5 == "paid" { ship_to(&state.db, t.0).await? } else { None };
        sales.push(order_view(state, t, ship_to));
    }
    let (total, pending): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(CASE WHEN status = 'settled' THEN artist_share ELSE 0 END) AS SIGNED),
                CAST(SUM(CASE WHEN status IN ('paid', 'shipped', 'received', 'disputed') THEN amount ELSE 0 END) AS SIGNED)
         FROM orders WHERE artist_id = ?",
    )
    .bind(user.id)
    .fetch_one(&state.db)
    .await?;
    Ok(MyAuctions {
        bidding,
        won,
        sales,
        earnings_total: Won(total.unwrap_or(0).max(0) as u64),
        earnings_pending: Won(pending.unwrap_or(0).max(0) as u64),
        server_now: Utc::now(),
    })
}

/// The newest 100 orders where `role` (`buyer_id` / `artist_id`) is the user, with the nickname of the
/// `counterpart` column's user.
async fn orders_of(db: &MySqlPool, role: &'static str, counterpart: &'static str, user_id: u64) -> Result<Vec<OrderTuple>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS}, u.nickname FROM orders o JOIN artworks a ON a.id = o.artwork_id JOIN users u ON u.id = o.{counterpart}
         WHERE o.{role} = ? ORDER BY o.id DESC LIMIT 100"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?)
}

/// The buyer's shipping address of an order, as one line.
async fn ship_to(db: &MySqlPool, order_id: u64) -> Result<Option<String>, AppError> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT s.recipient, s.phone_e164, s.postal_code, s.address1, s.address2 FROM orders o
         JOIN shipping_addresses s ON s.user_id = o.buyer_id WHERE o.id = ?",
    )
    .bind(order_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(name, phone, postal, a1, a2)| {
        let phone = crate::domain::account::PhoneNumber::parse(&phone).map(|p| p.national_digits()).unwrap_or(phone);
        format!("{name} · {phone} · ({postal}) {a1} {a2}").trim().to_string()
    }))
}
