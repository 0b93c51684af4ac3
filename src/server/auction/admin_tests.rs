//! Admin actions on lots against the real database: cancelling releases every hold and never sells,
//! hiding a live lot cancels it, voiding a bid recomputes the lot (the price may go down, the hold moves,
//! a leader who can no longer pay is passed over) — also while bids keep coming — and suspending a
//! member ends their sessions, refuses their log-in and voids their leading bids.

use chrono::Utc;
use sqlx::MySqlPool;

use super::admin::{cancel_lot, void_bid};
use super::engine::{place, BidRequest};
use super::tests::{books_balance, holds_match_leader, lot, user, wallet};
use super::{closer, LotRow};
use crate::domain::{LotStatus, Won};
use crate::error::ErrorKind;
use crate::server::auth::AuthUser;
use crate::server::testing::spawn_app;
use crate::server::wallet::tests::credit;

async fn admin(db: &MySqlPool) -> AuthUser {
    AuthUser { is_admin: true, ..user(db, false).await }
}

async fn seq_of(db: &MySqlPool, lot_id: u64, bidder: u64) -> u32 {
    sqlx::query_scalar("SELECT MAX(seq) FROM bids WHERE artwork_id = ? AND bidder_id = ? AND voided_at IS NULL")
        .bind(lot_id)
        .bind(bidder)
        .fetch_one(db)
        .await
        .unwrap()
}

async fn count(db: &MySqlPool, sql: &str, id: u64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(db).await.unwrap()
}

#[sqlx::test]
async fn cancelling_a_live_lot_releases_the_hold_tells_everyone_and_never_sells(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let (artist, a, b, boss) = (user(&pool, true).await, user(&pool, false).await, user(&pool, false).await, admin(&pool).await);
    for u in [&a, &b] {
        credit(&pool, u.id, 100_000).await;
    }
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &a, lot_id, BidRequest::Max(Won(20_000))).await.unwrap();
    place(state, &b, lot_id, BidRequest::Max(Won(40_000))).await.unwrap();
    assert_eq!(wallet(&pool, b.id).await, (60_000, 40_000));

    let refused = cancel_lot(state, &a, lot_id, "장난").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Forbidden, "only admins cancel");
    assert_eq!(cancel_lot(state, &boss, lot_id, "  ").await.unwrap_err().kind, ErrorKind::BadRequest, "a reason is required");
    assert_eq!(LotRow::read(&pool, lot_id).await.unwrap().unwrap().status, LotStatus::Live, "refusals change nothing");

    cancel_lot(state, &boss, lot_id, "위작 신고 확인").await.unwrap();
    let row = LotRow::read(&pool, lot_id).await.unwrap().unwrap();
    assert_eq!(row.status, LotStatus::Cancelled);
    assert_eq!((wallet(&pool, a.id).await, wallet(&pool, b.id).await), ((100_000, 0), (100_000, 0)), "every point back");
    holds_match_leader(&pool, lot_id).await;
    books_balance(&pool).await;
    for u in [artist.id, a.id, b.id] {
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM notifications WHERE kind = 'cancelled' AND user_id = ?", u).await, 1);
    }
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM lot_events WHERE kind = 'cancelled' AND artwork_id = ?", lot_id).await, 1);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM admin_audit WHERE action = 'cancel_lot' AND target_id = ?", lot_id).await, 1);
    assert_eq!(cancel_lot(state, &boss, lot_id, "두 번").await.unwrap_err().kind, ErrorKind::Conflict);

    // Past its deadline the closer finds nothing to sell.
    super::tests::ends_in(&pool, lot_id, chrono::Duration::seconds(-1)).await;
    closer::close_due(state, Utc::now()).await.unwrap();
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders WHERE artwork_id = ?", lot_id).await, 0);
    assert!(place(state, &a, lot_id, BidRequest::Max(Won(90_000))).await.is_err(), "no bids on a cancelled lot");
}

#[sqlx::test]
async fn hiding_a_live_lot_cancels_it_so_no_order_is_ever_created(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let (artist, a, boss) = (user(&pool, true).await, user(&pool, false).await, admin(&pool).await);
    credit(&pool, a.id, 100_000).await;
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &a, lot_id, BidRequest::Max(Won(30_000))).await.unwrap();
    crate::server::artworks::listings::hide(state, &boss, lot_id, "저작권 침해").await.unwrap();
    // Even with its deadline passed, a hidden lot is never sold.
    sqlx::query("UPDATE artworks SET ends_at = NOW(6) - INTERVAL 1 SECOND WHERE id = ?").bind(lot_id).execute(&pool).await.unwrap();
    closer::close_due(state, Utc::now()).await.unwrap();
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders WHERE artwork_id = ?", lot_id).await, 0);
    assert_eq!(LotRow::read(&pool, lot_id).await.unwrap().unwrap().status, LotStatus::Cancelled);
    assert_eq!(wallet(&pool, a.id).await, (100_000, 0));
    books_balance(&pool).await;
}

#[sqlx::test]
async fn voiding_the_leading_bid_lowers_the_price_and_moves_the_hold(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let (artist, a, b, boss) = (user(&pool, true).await, user(&pool, false).await, user(&pool, false).await, admin(&pool).await);
    for u in [&a, &b] {
        credit(&pool, u.id, 100_000).await;
    }
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &a, lot_id, BidRequest::Max(Won(20_000))).await.unwrap();
    place(state, &b, lot_id, BidRequest::Max(Won(50_000))).await.unwrap();
    let before = LotRow::read(&pool, lot_id).await.unwrap().unwrap();
    assert_eq!((before.leader_id, before.current_price), (Some(b.id), 21_000));

    let seq = seq_of(&pool, lot_id, b.id).await;
    assert_eq!(void_bid(state, &a, lot_id, seq, "경쟁자").await.unwrap_err().kind, ErrorKind::Forbidden);
    void_bid(state, &boss, lot_id, seq, "자전거래 의심").await.unwrap();
    let after = LotRow::read(&pool, lot_id).await.unwrap().unwrap();
    assert_eq!((after.leader_id, after.leader_max, after.current_price, after.bid_count), (Some(a.id), Some(20_000), 10_000, 1));
    assert_eq!(after.ends_at, before.ends_at, "the end stays");
    assert_eq!(wallet(&pool, a.id).await, (80_000, 20_000), "the hold moved back to the leader");
    assert_eq!(wallet(&pool, b.id).await, (100_000, 0));
    holds_match_leader(&pool, lot_id).await;
    books_balance(&pool).await;
    let history = super::room::history(&pool, lot_id, 50).await.unwrap();
    assert_eq!(history.len(), 1, "the voided bid left the public history");
    let event: String = sqlx::query_scalar("SELECT payload FROM lot_events WHERE artwork_id = ? ORDER BY seq DESC LIMIT 1")
        .bind(lot_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let event: crate::domain::LotEvent = serde_json::from_str(&event).unwrap();
    assert_eq!((event.kind, event.voided_seq, event.lot.current_price), (crate::domain::LotEventKind::Voided, Some(seq), Won(10_000)));
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM notifications WHERE kind = 'voided' AND user_id = ?", b.id).await, 1);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM notifications WHERE kind = 'voided' AND user_id = ?", a.id).await, 1, "a leads again");
    assert_eq!(void_bid(state, &boss, lot_id, seq, "다시").await.unwrap_err().kind, ErrorKind::NotFound, "a bid is voided once");
}

#[sqlx::test]
async fn a_void_passes_over_a_leader_who_can_no_longer_pay(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let (artist, a, b, boss) = (user(&pool, true).await, user(&pool, false).await, user(&pool, false).await, admin(&pool).await);
    credit(&pool, a.id, 30_000).await;
    credit(&pool, b.id, 100_000).await;
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    let other = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &a, lot_id, BidRequest::Max(Won(30_000))).await.unwrap();
    place(state, &b, lot_id, BidRequest::Max(Won(60_000))).await.unwrap();
    // Outbid, a's points came back — and a spent them on another lot.
    place(state, &a, other, BidRequest::Max(Won(30_000))).await.unwrap();
    void_bid(state, &boss, lot_id, seq_of(&pool, lot_id, b.id).await, "부정 입찰").await.unwrap();
    let after = LotRow::read(&pool, lot_id).await.unwrap().unwrap();
    assert_eq!((after.leader_id, after.current_price, after.bid_count), (None, 10_000, 0), "a cannot pay 30,000 now: no leader");
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM bids WHERE voided_at IS NOT NULL AND artwork_id = ?", lot_id).await, 2);
    assert_eq!(wallet(&pool, a.id).await, (0, 30_000), "a's hold on the other lot is untouched");
    holds_match_leader(&pool, lot_id).await;
    holds_match_leader(&pool, other).await;
    books_balance(&pool).await;
}

/// Voids racing bids on the same lot: whatever the interleaving, one leader holds exactly their maximum
/// and the books balance.
#[sqlx::test]
async fn voids_racing_bids_keep_the_hold_with_the_leader(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = app.state.clone();
    let (artist, boss) = (user(&pool, true).await, admin(&pool).await);
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    let mut bidders = Vec::new();
    for _ in 0..8 {
        let u = user(&pool, false).await;
        credit(&pool, u.id, 2_000_000).await;
        bidders.push(u);
    }
    let mut tasks = Vec::new();
    for (i, u) in bidders.iter().cloned().enumerate() {
        let state = state.clone();
        tasks.push(tokio::spawn(async move {
            for k in 0..6u64 {
                let _ = place(&state, &u, lot_id, BidRequest::Max(Won(20_000 + (k * 8 + i as u64) * 7_000))).await;
            }
        }));
    }
    for _ in 0..6 {
        let seqs: Vec<u32> =
            sqlx::query_scalar("SELECT seq FROM bids WHERE artwork_id = ? AND voided_at IS NULL ORDER BY seq DESC LIMIT 1")
                .bind(lot_id)
                .fetch_all(&pool)
                .await
                .unwrap();
        if let Some(seq) = seqs.first() {
            match void_bid(&state, &boss, lot_id, *seq, "검토").await {
                Ok(()) => {}
                Err(e) => assert!(matches!(e.kind, ErrorKind::NotFound | ErrorKind::Unavailable | ErrorKind::Conflict), "{e:?}"),
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    for t in tasks {
        t.await.unwrap();
    }
    holds_match_leader(&pool, lot_id).await;
    books_balance(&pool).await;
}

#[sqlx::test]
async fn a_suspended_member_is_logged_out_refused_and_loses_their_leading_bids(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let state = &app.state;
    let member = app.member("김정지", None).await;
    let me: serde_json::Value = member.browser.call("me", &[]).await.json().await.unwrap();
    assert_eq!(me["nickname"], member.nickname.as_str(), "logged in");
    let id: u64 = sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(&member.nickname).fetch_one(&pool).await.unwrap();
    credit(&pool, id, 100_000).await;
    let (artist, rival, boss) = (user(&pool, true).await, user(&pool, false).await, admin(&pool).await);
    credit(&pool, rival.id, 100_000).await;
    let lot_id = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &rival, lot_id, BidRequest::Max(Won(15_000))).await.unwrap();
    let res = member.browser.call("place_bid", &[("lot_id", &lot_id.to_string()), ("amount", "40000")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // On a second lot the member is outbid: that bid goes too (a later void could bring it back to the lead).
    let second = lot(&pool, artist.id, 10_000, None, None, chrono::Duration::hours(1)).await;
    place(state, &rival, second, BidRequest::Max(Won(80_000))).await.unwrap();
    let res = member.browser.call("place_bid", &[("lot_id", &second.to_string()), ("amount", "20000")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let not_admin = crate::server::accounts::suspension::suspend(state, &rival, id, "경쟁자").await.unwrap_err();
    assert_eq!(not_admin.kind, ErrorKind::Forbidden, "only admins suspend");
    let suspended = crate::server::accounts::suspension::suspend(state, &boss, id, "사기 거래 신고 누적").await.unwrap();
    assert_eq!(suspended, 2, "both live lots recomputed");
    let second_row = LotRow::read(&pool, second).await.unwrap().unwrap();
    assert_eq!((second_row.leader_id, second_row.current_price, second_row.bid_count), (Some(rival.id), 10_000, 1));
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM bids WHERE voided_at IS NULL AND bidder_id = ?", id).await,
        0,
        "none of their bids stands"
    );
    let me: serde_json::Value = member.browser.call("me", &[]).await.json().await.unwrap();
    assert!(me.is_null(), "the session ended at once: {me}");
    let bid = member.browser.call("place_bid", &[("lot_id", &lot_id.to_string()), ("amount", "50000")]).await;
    assert_eq!(bid.status(), 401, "no more bids");
    let again = app.browser().call("log_in", &[("email", &member.email), ("password", crate::server::testing::MEMBER_PASSWORD)]).await;
    assert_eq!(again.status(), 403);
    assert!(again.text().await.unwrap().contains("이용이 정지된 계정"), "a clear message");
    let lot_row = LotRow::read(&pool, lot_id).await.unwrap().unwrap();
    assert_eq!((lot_row.leader_id, lot_row.current_price), (Some(rival.id), 10_000), "their leading bid is void");
    assert_eq!(wallet(&pool, id).await, (100_000, 0));
    holds_match_leader(&pool, lot_id).await;
    books_balance(&pool).await;
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM admin_audit WHERE action = 'suspend' AND target_id = ?", id).await, 1);
    // The member is told why their bids went — the suspension — but not the admins' own reason.
    let notes: Vec<String> =
        sqlx::query_scalar("SELECT note FROM notifications WHERE kind = 'voided' AND user_id = ?").bind(id).fetch_all(&pool).await.unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    for note in notes {
        let note: crate::i18n::Note = serde_json::from_str(&note).unwrap();
        assert!(matches!(note, crate::i18n::Note::BidVoidedSuspended { .. }), "{note:?}");
        assert!(!note.text(crate::i18n::Locale::Ko).contains("사기 거래"), "the admins' reason stays theirs");
        assert!(note.text(crate::i18n::Locale::En).contains("because your account was suspended"));
    }

    let not_admin = crate::server::accounts::suspension::reinstate(state, &rival, id, "친구").await.unwrap_err();
    assert_eq!(not_admin.kind, ErrorKind::Forbidden, "only admins reinstate");
    crate::server::accounts::suspension::reinstate(state, &boss, id, "소명 확인").await.unwrap();
    let back = app.browser().call("log_in", &[("email", &member.email), ("password", crate::server::testing::MEMBER_PASSWORD)]).await;
    assert_eq!(back.status(), 200, "reinstated members log in again");
}
