//! The read side: the live room of a lot, bid history with anonymous handles, and my page's auction tabs.

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use super::engine::lot_missing;
use super::LotRow;
use crate::domain::auction::HISTORY_LIMIT;
use crate::domain::{BidEntry, BidKind, LotRoom, LotStatus, MyAuctions, MyBidRow, MyPosition, OrderStatus, OrderView, Won};
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::AppState;

/// The newest `limit` bids of a lot, newest first. Never includes anyone's maximum (nor a leader's
/// private raise of it).
pub async fn history(db: &MySqlPool, lot_id: u64, limit: usize) -> Result<Vec<BidEntry>, AppError> {
    let limit = u64::try_from(limit).unwrap_or(u64::MAX);
    let rows = sqlx::query!(
        r#"SELECT b.seq, h.handle, b.price_after AS "price: Won", b.created_at AS "at: DateTime<Utc>", b.kind AS "kind: BidKind"
           FROM bids b JOIN lot_bidders h ON h.artwork_id = b.artwork_id AND h.user_id = b.bidder_id
           WHERE b.artwork_id = ? AND b.kind <> ? AND b.voided_at IS NULL ORDER BY b.seq DESC LIMIT ?"#,
        lot_id,
        BidKind::Raise,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| BidEntry { seq: r.seq, handle: r.handle, price: r.price, at: r.at, buy_now: r.kind == BidKind::BuyNow })
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
        Some(v) => super::handle(&state.db, lot_id, v.id).await?.map(|handle| {
            let leading = lot.leader_id == Some(v.id);
            MyPosition { handle, leading, my_max: if leading { lot.leader_max.map(Won) } else { None } }
        }),
        None => None,
    };
    let d = sqlx::query!("SELECT delivery, shipping_fee, pickup_area FROM artworks WHERE id = ?", lot_id).fetch_one(&state.db).await?;
    Ok(LotRoom {
        delivery: crate::domain::Delivery::from_columns(&d.delivery, d.shipping_fee, d.pickup_area),
        lot: lot.snapshot_with_handle(&state.db, &rules).await?,
        history: history(&state.db, lot_id, HISTORY_LIMIT).await?,
        me,
        viewer_is_artist: viewer.is_some_and(|v| v.id == lot.artist_id),
        viewer_is_admin: viewer.is_some_and(|v| v.is_admin),
        logged_in: viewer.is_some(),
        server_now: Utc::now(),
        soft_close_window_secs: rules.soft_close_window_secs,
    })
}

/// An order as `my_auctions` reads it, with the other party's nickname.
struct OrderRecord {
    id: u64,
    artwork_id: u64,
    title: String,
    cover: Option<String>,
    amount: Won,
    shipping_fee: Won,
    commission: Option<Won>,
    status: OrderStatus,
    carrier: Option<String>,
    tracking_no: Option<String>,
    paid_at: DateTime<Utc>,
    shipped_at: Option<DateTime<Utc>>,
    received_at: Option<DateTime<Utc>>,
    settled_at: Option<DateTime<Utc>>,
    artist_share: Option<Won>,
    review_id: Option<u64>,
    certificate: Option<String>,
    pickup_area: Option<String>,
    handover_code: Option<String>,
    counterpart: String,
}

fn order_view(state: &AppState, o: OrderRecord, ship_to: Option<String>) -> OrderView {
    let days = i64::from(state.settings.orders.auto_confirm_days);
    OrderView {
        id: o.id,
        artwork_id: o.artwork_id,
        title: o.title,
        cover_url: o.cover.map(|k| crate::server::storage::image_url(&k, 400)),
        amount: o.amount,
        shipping_fee: o.shipping_fee,
        commission: o.commission,
        commission_percent: state.settings.orders.commission_percent,
        status: o.status,
        carrier: o.carrier,
        tracking_no: o.tracking_no,
        paid_at: o.paid_at,
        auto_confirm_at: (o.status == OrderStatus::Shipped).then(|| o.shipped_at.map(|s| s + chrono::Duration::days(days))).flatten(),
        shipped_at: o.shipped_at,
        received_at: o.received_at,
        settled_at: o.settled_at,
        artist_share: o.artist_share,
        counterpart: o.counterpart,
        ship_to,
        review_id: o.review_id,
        certificate: o.certificate,
        pickup_area: o.pickup_area,
        handover_code: o.handover_code,
    }
}

/// My page's auction tabs: lots I bid on (and whether I lead), my purchases, and — for artists — sales and earnings.
pub async fn my_auctions(state: &AppState, user: &AuthUser) -> Result<MyAuctions, AppError> {
    let rows = sqlx::query!(
        r#"SELECT a.id, a.title, (SELECT storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY position LIMIT 1) AS cover,
                  a.current_price AS "current_price: Won", a.leader_id, a.leader_max AS "leader_max: Won", a.status AS "status: LotStatus",
                  a.ends_at AS "ends_at: DateTime<Utc>",
                  (SELECT MAX(b.seq) FROM bids b WHERE b.artwork_id = a.id AND b.bidder_id = h.user_id) AS "my_last_seq: u32"
           FROM lot_bidders h JOIN artworks a ON a.id = h.artwork_id
           WHERE h.user_id = ? AND a.status = ? ORDER BY a.ends_at LIMIT 100"#,
        user.id,
        LotStatus::Live
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
                current_price: r.current_price,
                my_max: if leading { r.leader_max } else { None },
                leading,
                status: r.status,
                ends_at: r.ends_at,
                my_last_seq: r.my_last_seq,
            }
        })
        .collect();
    let won = purchases(&state.db, user.id).await?;
    let won = won.into_iter().map(|o| order_view(state, o, None)).collect();
    let sales_rows = sales(&state.db, user.id).await?;
    let mut sales = Vec::with_capacity(sales_rows.len());
    for o in sales_rows {
        // The artist of a paid order sees where to send it: the buyer's shipping address.
        let ship_to = if o.status == OrderStatus::Paid { ship_to(&state.db, o.id).await? } else { None };
        sales.push(order_view(state, o, ship_to));
    }
    let earnings = sqlx::query!(
        "SELECT CAST(SUM(CASE WHEN status = 'settled' THEN artist_share ELSE 0 END) AS UNSIGNED) AS total,
                CAST(SUM(CASE WHEN status IN ('paid', 'shipped', 'received', 'disputed') THEN amount ELSE 0 END) AS UNSIGNED) AS pending
         FROM orders WHERE artist_id = ?",
        user.id
    )
    .fetch_one(&state.db)
    .await?;
    Ok(MyAuctions {
        bidding,
        won,
        sales,
        earnings_total: Won(earnings.total.unwrap_or(0)),
        earnings_pending: Won(earnings.pending.unwrap_or(0)),
        server_now: Utc::now(),
    })
}

// `purchases` and `sales` read the same columns (a `query_as!` takes only a literal).

/// The newest 100 orders the user bought, with the artist's nickname.
async fn purchases(db: &MySqlPool, user_id: u64) -> Result<Vec<OrderRecord>, AppError> {
    Ok(sqlx::query_as!(
        OrderRecord,
        r#"SELECT o.id, o.artwork_id, a.title,
                  (SELECT storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY position LIMIT 1) AS cover,
                  o.amount AS "amount: Won", o.shipping_fee AS "shipping_fee: Won", o.commission AS "commission: Won",
                  o.status AS "status: OrderStatus", o.carrier, o.tracking_no,
                  o.paid_at AS "paid_at: DateTime<Utc>", o.shipped_at AS "shipped_at: DateTime<Utc>",
                  o.received_at AS "received_at: DateTime<Utc>", o.settled_at AS "settled_at: DateTime<Utc>",
                  o.artist_share AS "artist_share: Won", (SELECT r.id FROM reviews r WHERE r.order_id = o.id) AS review_id,
                  (SELECT c.serial FROM certificates c WHERE c.order_id = o.id) AS certificate,
                  CASE WHEN a.delivery = 'pickup' THEN a.pickup_area END AS pickup_area, o.handover_code,
                  u.nickname AS counterpart
           FROM orders o JOIN artworks a ON a.id = o.artwork_id JOIN users u ON u.id = o.artist_id
           WHERE o.buyer_id = ? ORDER BY o.id DESC LIMIT 100"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// The newest 100 orders of the user's works, with the buyer's nickname.
async fn sales(db: &MySqlPool, user_id: u64) -> Result<Vec<OrderRecord>, AppError> {
    Ok(sqlx::query_as!(
        OrderRecord,
        r#"SELECT o.id, o.artwork_id, a.title,
                  (SELECT storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY position LIMIT 1) AS cover,
                  o.amount AS "amount: Won", o.shipping_fee AS "shipping_fee: Won", o.commission AS "commission: Won",
                  o.status AS "status: OrderStatus", o.carrier, o.tracking_no,
                  o.paid_at AS "paid_at: DateTime<Utc>", o.shipped_at AS "shipped_at: DateTime<Utc>",
                  o.received_at AS "received_at: DateTime<Utc>", o.settled_at AS "settled_at: DateTime<Utc>",
                  o.artist_share AS "artist_share: Won", (SELECT r.id FROM reviews r WHERE r.order_id = o.id) AS review_id,
                  (SELECT c.serial FROM certificates c WHERE c.order_id = o.id) AS certificate,
                  CASE WHEN a.delivery = 'pickup' THEN a.pickup_area END AS pickup_area,
                  CASE WHEN FALSE THEN o.handover_code END AS handover_code,
                  u.nickname AS counterpart
           FROM orders o JOIN artworks a ON a.id = o.artwork_id JOIN users u ON u.id = o.buyer_id
           WHERE o.artist_id = ? ORDER BY o.id DESC LIMIT 100"#,
        user_id
    )
    .fetch_all(db)
    .await?)
}

/// The buyer's shipping address of an order, as one line.
async fn ship_to(db: &MySqlPool, order_id: u64) -> Result<Option<String>, AppError> {
    let row = sqlx::query!(
        "SELECT s.recipient, s.phone_e164, s.postal_code, s.address1, s.address2 FROM orders o
         JOIN shipping_addresses s ON s.user_id = o.buyer_id WHERE o.id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let (name, phone, postal, a1, a2) = (r.recipient, r.phone_e164, r.postal_code, r.address1, r.address2);
        let phone = crate::domain::account::PhoneNumber::parse(&phone).map(|p| p.national_digits()).unwrap_or(phone);
        format!("{name} · {phone} · ({postal}) {a1} {a2}").trim().to_string()
    }))
}
