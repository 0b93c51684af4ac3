//! Demo auction activity through the real engine: collectors with charged points bid on about half of
//! the live lots (proxy bids, holds, live events, handles); a few lots end within minutes; some lots are
//! sold (orders in every state, most of them settled) so my page, notifications and reviews have something
//! to show. Runs once: skipped when any bid exists.

use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::DEMO_EMAIL_DOMAIN;
use crate::domain::ledger as money;
use crate::domain::Won;
use crate::server::auction::engine::{place, BidRequest};
use crate::server::auction::{closer, orders};
use crate::server::auth::AuthUser;
use crate::server::wallet::ledger::{self, Reference};
use crate::server::AppState;

/// Collectors who bid in the demo (the demo buyer log-in is the first).
const COLLECTORS: [(&str, &str, &str); 5] = [
    ("buyer", "데모컬렉터", "+821090009001"),
    ("collector1", "푸른수집가", "+821090009011"),
    ("collector2", "오후의관람객", "+821090009012"),
    ("collector3", "작은화랑", "+821090009013"),
    ("collector4", "새벽드로잉", "+821090009014"),
];

async fn collector(state: &AppState, handle: &str, nickname: &str, phone: &str) -> anyhow::Result<AuthUser> {
    let email = format!("{handle}@{DEMO_EMAIL_DOMAIN}");
    sqlx::query(
        "INSERT IGNORE INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at)
         VALUES (?, UTC_TIMESTAMP(6), ?, '데모회원', ?, UTC_TIMESTAMP(6))",
    )
    .bind(&email)
    .bind(nickname)
    .bind(phone)
    .execute(&state.db)
    .await?;
    let id: u64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(&email).fetch_one(&state.db).await?;
    Ok(AuthUser { id, nickname: nickname.into(), is_artist: false, phone_verified: true, is_admin: false })
}

/// Points for a demo account, booked like a gateway charge.
async fn charge(state: &AppState, user_id: u64, amount: Won) -> anyhow::Result<()> {
    let mut tx = state.db.begin().await?;
    ledger::post(&mut tx, &money::charge(user_id, amount)?, &Reference { kind: "payment", id: format!("demo-{user_id}") }).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn seed_activity(state: &AppState) -> anyhow::Result<usize> {
    let bids: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bids").fetch_one(&state.db).await?;
    if bids > 0 {
        return Ok(0);
    }
    let mut people = Vec::new();
    for (handle, nickname, phone) in COLLECTORS {
        let u = collector(state, handle, nickname, phone).await?;
        charge(state, u.id, Won(5_000_000)).await?;
        people.push(u);
    }
    // The demo artist collects too (artists may bid on other artists' works).
    if let Some(artist) = sqlx::query_scalar::<_, u64>("SELECT id FROM users WHERE email = ?")
        .bind(super::DEMO_ARTIST_EMAIL)
        .fetch_optional(&state.db)
        .await?
    {
        charge(state, artist, Won(5_000_000)).await?;
    }
    let pattern = format!("%@{DEMO_EMAIL_DOMAIN}");
    let lots: Vec<(u64, u64, Option<u64>)> = sqlx::query_as(
        "SELECT a.id, a.start_price, a.buy_now_price FROM artworks a JOIN users u ON u.id = a.artist_id
         WHERE u.email LIKE ? AND a.status = 'live' ORDER BY a.id",
    )
    .bind(&pattern)
    .fetch_all(&state.db)
    .await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut placed = 0;
    for (i, (lot_id, start, buy_now)) in lots.iter().enumerate() {
        // Every 12th lot is sold before the demo starts; about half of the rest get bids.
        let sell = i % 12 == 5;
        if !sell && rng.gen_bool(0.5) {
            continue;
        }
        let rounds = rng.gen_range(1..=6);
        for r in 0..rounds {
            let who = &people[(i + r * 3) % people.len()];
            let ceiling = buy_now.map_or(u64::MAX, |b| b - 1_000);
            let max = (start + rng.gen_range(0..=(r as u64 + 1) * 20) * 1_000).min(ceiling);
            if place(state, who, *lot_id, BidRequest::Max(Won(max))).await.is_ok() {
                placed += 1;
            }
        }
        if sell {
            // The deadline arrives now; the closer sells it to the leader (order paid, money in escrow).
            let now = Utc::now();
            sqlx::query("UPDATE artworks SET ends_at = ?, original_ends_at = ? WHERE id = ?")
                .bind(now)
                .bind(now)
                .bind(lot_id)
                .execute(&state.db)
                .await?;
            closer::close_one(state, *lot_id, now).await?;
        }
    }
    // The demo buyer buys one quiet work at once, so that log-in has a received purchase to review.
    let quiet: Option<u64> = sqlx::query_scalar(
        "SELECT a.id FROM artworks a JOIN users u ON u.id = a.artist_id
         WHERE u.email LIKE ? AND a.status = 'live' AND a.bid_count = 0 AND a.buy_now_price IS NOT NULL
         ORDER BY a.ends_at DESC, a.id LIMIT 1",
    )
    .bind(&pattern)
    .fetch_optional(&state.db)
    .await?;
    if let Some(lot_id) = quiet {
        if let Err(e) = place(state, &people[0], lot_id, BidRequest::BuyNow).await {
            tracing::warn!(lot_id, error = %e, "the demo buyer's purchase was refused; the demo goes on without it");
        }
    }
    // Move demo orders along: the first stays paid, the second is shipped, the rest are received and
    // settled (so every order state is visible, and there are purchases to review).
    let demo_orders: Vec<(u64, u64, u64, Option<String>)> =
        sqlx::query_as("SELECT id, artist_id, buyer_id, handover_code FROM orders WHERE status = 'paid' ORDER BY id")
            .fetch_all(&state.db)
            .await?;
    for (k, (order_id, artist_id, buyer_id, handover_code)) in demo_orders.into_iter().enumerate() {
        if k == 0 {
            continue;
        }
        let artist = AuthUser { id: artist_id, nickname: String::new(), is_artist: true, phone_verified: true, is_admin: false };
        // A pick-up order is handed over with the buyer's code; the others go by parcel.
        let tracking = handover_code.unwrap_or_else(|| format!("5{:011}", 10_000_000 + order_id));
        orders::ship(state, &artist, order_id, "CJ대한통운", &tracking).await?;
        if k >= 2 {
            let buyer = AuthUser { id: buyer_id, nickname: String::new(), is_artist: false, phone_verified: true, is_admin: false };
            orders::confirm(state, &buyer, order_id).await?;
        }
    }
    Ok(placed)
}
