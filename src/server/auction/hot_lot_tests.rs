//! The hot-lot paths against the real database and Redis. Floors: a bid below the lot's last committed minimum is refused
//! while the lot's row is locked by someone else (it no longer queues for the lock), the artist and the
//! leader still get the locked path's answers, and an admin void on one instance lowers the floor on
//! another, so a bid between the new and the old minimum is accepted there; the watchdog delivers an event
//! whose publish was lost; a batch of bids decides in order and a bid failing half-way leaves nothing.

use std::time::Duration;

use chrono::Utc;
use sqlx::MySqlPool;

use super::admin::void_bid;
use super::engine::{place, BidRequest};
use super::tests::{lot, until, user};
use crate::domain::Won;
use crate::server::auth::AuthUser;
use crate::server::testing::spawn_app;
use crate::server::wallet::tests::credit;
use crate::server::AppState;

async fn bidder(db: &MySqlPool) -> AuthUser {
    let u = user(db, false).await;
    credit(db, u.id, 1_000_000).await;
    u
}

fn floor_of(state: &AppState, lot_id: u64) -> Option<Won> {
    // Someone who never bid, offering ₩1: refused exactly when the lot has a floor.
    state.live.floors.refusal(lot_id, u64::MAX, Won(1), Utc::now())
}

async fn bids(db: &MySqlPool, lot_id: u64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM bids WHERE artwork_id = ?").bind(lot_id).fetch_one(db).await.unwrap()
}

#[sqlx::test]
async fn a_bid_below_the_last_minimum_is_refused_without_waiting_for_the_lock(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    until("the relay to subscribe", || state.live.floors.is_trusted()).await;
    let (artist, a, b) = (user(&pool, true).await, bidder(&pool).await, bidder(&pool).await);
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(2)).await;
    let opened = place(state, &a, lot_id, BidRequest::Max(Won(20_000))).await.unwrap();
    let minimum = opened.lot.min_next_bid;
    assert_eq!(floor_of(state, lot_id), Some(minimum), "learned from the instance's own commit");

    // Someone else holds the lot's row lock (a bid in flight, the closer).
    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM artworks WHERE id = ? FOR UPDATE").bind(lot_id).execute(&mut *holder).await.unwrap();
    let refused = tokio::time::timeout(Duration::from_secs(10), place(state, &b, lot_id, BidRequest::Max(Won(10_000))))
        .await
        .expect("a bid below the floor must not wait for the lot's lock")
        .unwrap_err();
    assert!(refused.message.contains(&minimum.display()), "the locked path's answer: {}", refused.message);
    // The leader and the artist still queue for the lock and get its answers.
    let leader = tokio::spawn({
        let (state, a) = (state.clone(), a.clone());
        async move { place(&state, &a, lot_id, BidRequest::Max(Won(15_000))).await }
    });
    let own = tokio::spawn({
        let (state, artist) = (state.clone(), artist.clone());
        async move { place(&state, &artist, lot_id, BidRequest::Max(Won(10_000))).await }
    });
    holder.commit().await.unwrap();
    let leader = leader.await.unwrap().unwrap_err();
    assert!(leader.message.contains("이미 최고 입찰자"), "{}", leader.message);
    let own = own.await.unwrap().unwrap_err();
    assert!(own.message.contains("본인의 작품"), "{}", own.message);
    assert_eq!(bids(&pool, lot_id).await, 1, "refusals change nothing");
    // At the minimum the bid is decided under the lock, and accepted.
    place(state, &b, lot_id, BidRequest::Max(minimum)).await.unwrap();
}

#[sqlx::test]
async fn a_void_on_one_instance_lowers_the_floor_on_another(pool: MySqlPool) {
    let (one, two) = (spawn_app(pool.clone()).await, spawn_app(pool.clone()).await);
    until("both relays to subscribe", || one.state.live.floors.is_trusted() && two.state.live.floors.is_trusted()).await;
    let (artist, x, y, z) = (user(&pool, true).await, bidder(&pool).await, bidder(&pool).await, bidder(&pool).await);
    let boss = AuthUser { is_admin: true, ..user(&pool, false).await };
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(2)).await;
    place(&one.state, &x, lot_id, BidRequest::Max(Won(50_000))).await.unwrap();
    let high = place(&one.state, &y, lot_id, BidRequest::Max(Won(200_000))).await.unwrap();
    let old_minimum = high.lot.min_next_bid;
    until("instance two to hear the bids", || floor_of(&two.state, lot_id) == Some(old_minimum)).await;

    let seq: u32 = sqlx::query_scalar("SELECT seq FROM bids WHERE artwork_id = ? AND bidder_id = ?")
        .bind(lot_id)
        .bind(y.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    void_bid(&one.state, &boss, lot_id, seq, "자전거래 의심").await.unwrap();
    let new_minimum = floor_of(&one.state, lot_id).expect("a live lot keeps a floor");
    assert!(new_minimum < old_minimum, "the void lowered the price: {new_minimum:?} < {old_minimum:?}");
    until("instance two to hear the void", || floor_of(&two.state, lot_id) == Some(new_minimum)).await;
    // Between the new and the old minimum: accepted on the other instance.
    let outcome = place(&two.state, &z, lot_id, BidRequest::Max(new_minimum)).await.unwrap();
    assert_eq!(outcome.lot.seq, high.lot.seq + 2);
}

#[sqlx::test]
async fn an_event_whose_publish_was_lost_reaches_open_streams_through_the_watchdog(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let artist = user(&pool, true).await;
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(2)).await;
    let stream = app.http.get(app.url(&format!("/api/live?lots={lot_id}:0"))).send().await.unwrap();
    let watcher = tokio::spawn(super::tests::read_events(stream, 1));
    until("the stream to follow the lot", || app.state.live.followers(lot_id) == 1).await;
    // A committed lot change whose publish never happened (the process died between commit and publish).
    let mut tx = pool.begin().await.unwrap();
    let lost = super::engine::record_update(&mut tx, lot_id, &app.state.settings.auction_rules()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(lost.event.lot.seq, 1);
    app.state.live.deliver_missed(&app.state).await;
    let events = watcher.await.unwrap();
    let lot_events: Vec<_> = events.iter().filter(|(e, _, _)| e == "lot").collect();
    assert_eq!(lot_events.len(), 1);
    assert_eq!(lot_events[0].2["lot"]["seq"], 1);
    assert_eq!(lot_events[0].1.as_deref(), Some(format!("{lot_id}:1").as_str()));
    // Once the stream is gone, the instance no longer follows the lot.
    until("the closed stream to be forgotten", || app.state.live.followers(lot_id) == 0).await;
}

#[sqlx::test]
async fn a_batch_decides_in_arrival_order_and_a_bid_that_cannot_pay_leaves_nothing_behind(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let (artist, first, third) = (user(&pool, true).await, bidder(&pool).await, bidder(&pool).await);
    let poor = user(&pool, false).await;
    credit(&pool, poor.id, 15_000).await;
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(2)).await;

    // While the lot is locked elsewhere, the first bid's batch waits for the lock and the next two queue
    // behind it: they are decided together, in one transaction, in the order they came.
    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM artworks WHERE id = ? FOR UPDATE").bind(lot_id).execute(&mut *holder).await.unwrap();
    let bid = |who: AuthUser, max: u64| {
        let state = state.clone();
        tokio::spawn(async move { place(&state, &who, lot_id, BidRequest::Max(Won(max))).await })
    };
    let opening = bid(first.clone(), 12_000);
    until("the first batch to take the opening bid", || state.lanes.waiting(lot_id) == Some(0)).await;
    // The rules accept ₩50,000 from someone holding ₩15,000; the hold then fails half-way through the
    // bid's writes (after the previous leader's hold was released).
    let unpaid = bid(poor.clone(), 50_000);
    until("the unfunded bid to queue", || state.lanes.waiting(lot_id) == Some(1)).await;
    let last = bid(third.clone(), 30_000);
    until("the last bid to queue", || state.lanes.waiting(lot_id) == Some(2)).await;
    holder.commit().await.unwrap();

    assert!(opening.await.unwrap().unwrap().leading);
    let refused = unpaid.await.unwrap().unwrap_err();
    assert!(refused.message.contains("포인트가 부족"), "{}", refused.message);
    let won = last.await.unwrap().unwrap();
    assert!(won.leading);
    assert_eq!(won.lot.current_price, Won(13_000), "over the first bidder's ₩12,000, which the failed bid did not disturb");
    assert_eq!(won.lot.seq, 2, "the failed bid used no event number");
    super::tests::holds_match_leader(&pool, lot_id).await;
    super::tests::books_balance(&pool).await;
    assert_eq!(super::tests::wallet(&pool, poor.id).await, (15_000, 0), "the unfunded bidder holds nothing");
    assert_eq!(bids(&pool, lot_id).await, 2);
}
