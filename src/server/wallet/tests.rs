//! The wallet against the real database: ledger invariants over random operation sequences, holds,
//! charges through the test gateway over HTTP (one credit under 20 concurrent confirmations; tampered
//! amounts and foreign merchant ids credit nothing), and refunds that survive a failing gateway.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;
use sqlx::MySqlPool;

use super::ledger::{self, Reference};
use crate::domain::ledger as money;
use crate::domain::Won;
use crate::server::testing::{spawn_app, Browser, Member, TestApp};

async fn user(db: &MySqlPool, n: usize) -> u64 {
    sqlx::query("INSERT INTO users (email, nickname, real_name) VALUES (?, ?, '테스트')")
        .bind(format!("w{n}-{}@x.kr", uuid::Uuid::new_v4().simple()))
        .bind(format!("w{}", &uuid::Uuid::new_v4().simple().to_string()[..12]))
        .execute(db)
        .await
        .unwrap()
        .last_insert_id()
}

pub(crate) async fn credit(db: &MySqlPool, user_id: u64, amount: u64) {
    let mut tx = db.begin().await.unwrap();
    ledger::post(&mut tx, &money::charge(user_id, Won(amount)).unwrap(), &Reference { kind: "payment", id: "test".into() }).await.unwrap();
    tx.commit().await.unwrap();
}

#[derive(Debug, Clone)]
enum Op {
    Charge(usize, u64),
    Hold(usize, u64),
    Release(usize),
    Capture(usize),
    Settle(usize, usize, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..200u64).prop_map(|(u, a)| Op::Charge(u, a * 1000)),
        (0..3usize, 1..300u64).prop_map(|(u, a)| Op::Hold(u, a * 1000)),
        (0..20usize).prop_map(Op::Release),
        (0..20usize).prop_map(Op::Capture),
        (0..20usize, 0..3usize, 0..30u8).prop_map(|(h, a, c)| Op::Settle(h, a, c)),
    ]
}

/// Every transaction sums to zero; no user account is negative; each cached balance equals the sum of
/// its entries and the last entry's balance-after.
pub(crate) async fn check_invariants(db: &MySqlPool) {
    let unbalanced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0) x",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0, "every transaction sums to zero");
    let negative: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_accounts WHERE kind <> 'gateway' AND balance < 0").fetch_one(db).await.unwrap();
    assert_eq!(negative, 0, "available never negative");
    let drift: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM ledger_accounts a
         WHERE a.balance <> COALESCE((SELECT SUM(e.amount) FROM ledger_entries e WHERE e.account_id = a.id), 0)
            OR a.balance <> COALESCE((SELECT e.balance_after FROM ledger_entries e WHERE e.account_id = a.id ORDER BY e.id DESC LIMIT 1), 0)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(drift, 0, "cached balances equal the entries");
    let total: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(balance) AS SIGNED) FROM ledger_accounts").fetch_one(db).await.unwrap();
    assert_eq!(total.unwrap_or(0), 0, "the books balance");
}

#[sqlx::test]
async fn random_operation_sequences_keep_the_books_balanced(pool: MySqlPool) {
    // proptest generates the sequences (without shrinking: the database is async); 40 runs × ≤ 40 ops.
    let mut runner = TestRunner::deterministic();
    let strategy = proptest::collection::vec(op(), 1..40);
    for run in 0..40 {
        let ops = strategy.new_tree(&mut runner).unwrap().current();
        let users = [user(&pool, run * 3).await, user(&pool, run * 3 + 1).await, user(&pool, run * 3 + 2).await];
        let mut holds: Vec<u64> = Vec::new();
        for op in ops {
            let mut tx = pool.begin().await.unwrap();
            let outcome = match op {
                Op::Charge(u, a) => {
                    ledger::post(&mut tx, &money::charge(users[u], Won(a)).unwrap(), &Reference { kind: "payment", id: format!("p{run}") })
                        .await
                        .map(|_| ())
                }
                Op::Hold(u, a) => {
                    let available = ledger::balances(&pool, users[u]).await.unwrap().available.amount();
                    let r = ledger::hold(&mut tx, users[u], Won(a), "bid", &Reference { kind: "lot", id: "1".into() }).await;
                    assert_eq!(r.is_ok(), a <= available, "a hold succeeds exactly when it is covered ({a} vs {available})");
                    r.map(|id| holds.push(id))
                }
                Op::Release(i) => match holds.get(i) {
                    Some(h) => ledger::release(&mut tx, *h).await.map(|_| ()),
                    None => Ok(()),
                },
                Op::Capture(i) => match holds.get(i) {
                    Some(h) => ledger::capture(&mut tx, *h, &Reference { kind: "order", id: h.to_string() }).await.map(|_| ()),
                    None => Ok(()),
                },
                Op::Settle(i, artist, pct) => match holds.get(i) {
                    Some(h) => {
                        let (status, amount): (String, u64) =
                            sqlx::query_as("SELECT status, amount FROM holds WHERE id = ?").bind(h).fetch_one(&mut *tx).await.unwrap();
                        let settled: i64 =
                            sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'settle' AND reference_id = ?")
                                .bind(h.to_string())
                                .fetch_one(&mut *tx)
                                .await
                                .unwrap();
                        if status == "captured" && settled == 0 {
                            ledger::settle(
                                &mut tx,
                                Won(amount),
                                Won::ZERO,
                                users[artist],
                                pct,
                                &Reference { kind: "order", id: h.to_string() },
                            )
                            .await
                            .map(|_| ())
                        } else {
                            Ok(())
                        }
                    }
                    None => Ok(()),
                },
            };
            if outcome.is_ok() {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
            }
        }
        check_invariants(&pool).await;
    }
}

#[sqlx::test]
async fn holds_are_covered_and_release_and_capture_happen_once(pool: MySqlPool) {
    let u = user(&pool, 1).await;
    credit(&pool, u, 50_000).await;
    let lot = Reference { kind: "lot", id: "7".into() };
    let mut tx = pool.begin().await.unwrap();
    let err = ledger::hold(&mut tx, u, Won(50_001), "bid", &lot).await.unwrap_err();
    assert!(err.message.contains("사용 가능한 포인트가 부족합니다") && err.message.contains("₩50,000"), "{}", err.message);
    tx.rollback().await.unwrap();

    let mut tx = pool.begin().await.unwrap();
    let h1 = ledger::hold(&mut tx, u, Won(30_000), "bid", &lot).await.unwrap();
    let h2 = ledger::hold(&mut tx, u, Won(20_000), "bid", &lot).await.unwrap();
    assert!(ledger::hold(&mut tx, u, Won(1_000), "bid", &lot).await.is_err(), "holds across lots cap exposure at the balance");
    tx.commit().await.unwrap();
    let b = ledger::balances(&pool, u).await.unwrap();
    assert_eq!((b.balance, b.available, b.held), (Won(50_000), Won(0), Won(50_000)));

    let mut tx = pool.begin().await.unwrap();
    assert!(ledger::release(&mut tx, h1).await.unwrap());
    assert!(!ledger::release(&mut tx, h1).await.unwrap(), "a second release changes nothing");
    assert!(!ledger::capture(&mut tx, h1, &lot).await.unwrap(), "a released hold cannot be captured");
    assert!(ledger::capture(&mut tx, h2, &lot).await.unwrap());
    assert!(!ledger::capture(&mut tx, h2, &lot).await.unwrap(), "a second capture changes nothing");
    assert!(!ledger::release(&mut tx, h2).await.unwrap());
    tx.commit().await.unwrap();
    let b = ledger::balances(&pool, u).await.unwrap();
    assert_eq!((b.balance, b.available, b.held), (Won(30_000), Won(30_000), Won(0)));
    check_invariants(&pool).await;
}

/// Prepares a charge as `member` and pays it at the test gateway with `paid_amount`; returns
/// (imp_uid, merchant_uid).
async fn pay(app: &TestApp, member: &Member, amount: &str, paid_amount: Option<u64>) -> (String, String) {
    let res = member.browser.call("prepare_charge", &[("amount", amount)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let checkout: String = res.json().await.unwrap();
    let url = url::Url::parse(&format!("http://x{checkout}")).unwrap();
    let q = |k: &str| url.query_pairs().find(|(key, _)| key == k).map(|(_, v)| v.to_string()).unwrap();
    let merchant_uid = q("merchant_uid");
    assert_eq!(member.browser.get(&checkout).await.status(), 200, "the checkout page renders");
    let paid = paid_amount.map(|a| a.to_string()).unwrap_or_else(|| q("amount"));
    let done = member
        .browser
        .http
        .post(member.browser.url("/test-gateway/checkout"))
        .form(&[("merchant_uid", merchant_uid.as_str()), ("amount", &paid), ("m_redirect_url", &q("m_redirect_url")), ("outcome", "pay")])
        .send()
        .await
        .unwrap();
    let back = done.headers()["location"].to_str().unwrap().to_string();
    let back = url::Url::parse(&format!("http://x{back}")).unwrap();
    let imp_uid = back.query_pairs().find(|(k, _)| k == "imp_uid").unwrap().1.to_string();
    let _ = app;
    (imp_uid, merchant_uid)
}

async fn balance(app: &TestApp, b: &Browser) -> Value {
    let w: Value = b.call("wallet", &[("page", "1")]).await.json().await.unwrap();
    let _ = app;
    w["balance"].clone()
}

#[sqlx::test]
async fn twenty_concurrent_confirmations_credit_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김충전", None).await;
    let (imp_uid, merchant_uid) = pay(&app, &m, "50,000", None).await;
    let form = [("imp_uid", imp_uid.as_str()), ("merchant_uid", merchant_uid.as_str())];
    let calls = (0..20).map(|_| m.browser.call("confirm_charge", &form));
    let results = futures::future::join_all(calls).await;
    for r in results {
        assert_eq!(r.status(), 200);
    }
    assert_eq!(balance(&app, &m.browser).await["available"], 50_000);
    let charges: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'charge'").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(charges, 1);
    check_invariants(&app.state.db).await;
    // The completion page (PortOne's m_redirect_url) shows the result, and a reload credits nothing more.
    let page = m
        .browser
        .get(&format!("/me/wallet/complete?imp_uid={imp_uid}&merchant_uid={merchant_uid}&imp_success=true"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("₩50,000") && page.contains("충전되었습니다"));
    assert_eq!(balance(&app, &m.browser).await["available"], 50_000);
}

#[sqlx::test]
async fn a_different_amount_or_someone_elses_payment_credits_nothing(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (a, b) = (app.member("김에이", None).await, app.member("김비이", None).await);

    // Paid ₩1,000 at the gateway for a ₩50,000 charge.
    let (imp_uid, merchant_uid) = pay(&app, &a, "50000", Some(1_000)).await;
    let res = a.browser.call("confirm_charge", &[("imp_uid", &imp_uid), ("merchant_uid", &merchant_uid)]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("결제를 확인할 수 없습니다"));
    assert_eq!(balance(&app, &a.browser).await["available"], 0);

    // A's genuine payment, claimed by B: with A's merchant id (not B's) or with B's own merchant id.
    let (imp_a, merchant_a) = pay(&app, &a, "10000", None).await;
    let res = b.browser.call("confirm_charge", &[("imp_uid", &imp_a), ("merchant_uid", &merchant_a)]).await;
    assert_eq!(res.status(), 400);
    let merchant_b: String = b.browser.call("prepare_charge", &[("amount", "10000")]).await.json().await.unwrap();
    let merchant_b =
        url::Url::parse(&format!("http://x{merchant_b}")).unwrap().query_pairs().find(|(k, _)| k == "merchant_uid").unwrap().1.to_string();
    let res = b.browser.call("confirm_charge", &[("imp_uid", &imp_a), ("merchant_uid", &merchant_b)]).await;
    assert_eq!(res.status(), 400);
    assert_eq!(balance(&app, &b.browser).await["available"], 0);
    // A can still confirm their own payment.
    let res = a.browser.call("confirm_charge", &[("imp_uid", &imp_a), ("merchant_uid", &merchant_a)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(balance(&app, &a.browser).await["available"], 10_000);
    // Before hydration the charge buttons are plain form posts: they get a real redirect to the checkout.
    let plain = a
        .browser
        .http
        .post(a.browser.url("/api/prepare_charge"))
        .header("accept", "text/html")
        .header("origin", a.browser.url(""))
        .form(&[("amount", "10000")])
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 302);
    assert!(plain.headers()["location"].to_str().unwrap().starts_with("/test-gateway/checkout?"));
    // Bad amounts never reach the gateway.
    for bad in ["999", "2000001", "12345", "abc", ""] {
        assert_eq!(a.browser.call("prepare_charge", &[("amount", bad)]).await.status(), 400, "{bad}");
    }
    assert_eq!(app.browser().call("prepare_charge", &[("amount", "10000")]).await.status(), 401);
    check_invariants(&app.state.db).await;
}

#[sqlx::test]
async fn unused_charges_refund_through_the_gateway_even_after_a_failure(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김환불", None).await;
    let (imp1, merchant1) = pay(&app, &m, "30000", None).await;
    assert_eq!(m.browser.call("confirm_charge", &[("imp_uid", &imp1), ("merchant_uid", &merchant1)]).await.status(), 200);
    let (imp2, merchant2) = pay(&app, &m, "20000", None).await;
    assert_eq!(m.browser.call("confirm_charge", &[("imp_uid", &imp2), ("merchant_uid", &merchant2)]).await.status(), 200);

    // Refund the first: the gateway cancels it and the points leave the wallet.
    assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant1)]).await.status(), 200);
    let gw = app.state.payments.clone().unwrap();
    assert_eq!(gw.payment(&imp1).await.unwrap().status, "cancelled");
    assert_eq!(balance(&app, &m.browser).await["available"], 20_000);
    assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant1)]).await.status(), 409, "only once");

    // The gateway fails: the intent is recorded (points set aside), then the retry completes it.
    let test_gw = app.state.test_gateway.clone().unwrap();
    test_gw.fail_cancels.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant2)]).await.status(), 200);
    let b = balance(&app, &m.browser).await;
    assert_eq!((b["available"].as_u64(), b["refunding"].as_u64()), (Some(0), Some(20_000)));
    assert_eq!(gw.payment(&imp2).await.unwrap().status, "paid");
    test_gw.fail_cancels.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(super::charges::reconcile_refunds(&app.state).await.unwrap(), 1);
    assert_eq!(gw.payment(&imp2).await.unwrap().status, "cancelled");
    let b = balance(&app, &m.browser).await;
    assert_eq!((b["balance"].as_u64(), b["refunding"].as_u64()), (Some(0), Some(0)));
    assert_eq!(super::charges::reconcile_refunds(&app.state).await.unwrap(), 0, "nothing left, nothing repeated");
    check_invariants(&app.state.db).await;

    // A charge whose points are held cannot be refunded.
    let (imp3, merchant3) = pay(&app, &m, "10000", None).await;
    m.browser.call("confirm_charge", &[("imp_uid", &imp3), ("merchant_uid", &merchant3)]).await;
    let uid: u64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(&m.email).fetch_one(&app.state.db).await.unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    ledger::hold(&mut tx, uid, Won(5_000), "bid", &Reference { kind: "lot", id: "1".into() }).await.unwrap();
    tx.commit().await.unwrap();
    let res = m.browser.call("refund_charge", &[("merchant_uid", &merchant3)]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("이미 사용한 포인트"));
    let other = app.member("김남남", None).await;
    assert_eq!(other.browser.call("refund_charge", &[("merchant_uid", &merchant3)]).await.status(), 404, "only the owner");
}

/// Three instances retrying the same requested refunds at once (their reconcilers, or a member's own
/// request racing one): each payment is cancelled at the gateway once and its points leave for good —
/// a second cancel answered "already cancelled" must not be taken for a refusal that returns the points.
#[sqlx::test]
async fn three_reconcilers_refund_each_charge_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김동시", None).await;
    let test_gw = app.state.test_gateway.clone().unwrap();
    test_gw.fail_cancels.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut charges = Vec::new();
    for amount in ["10000", "20000", "30000"] {
        let (imp, merchant) = pay(&app, &m, amount, None).await;
        assert_eq!(m.browser.call("confirm_charge", &[("imp_uid", &imp), ("merchant_uid", &merchant)]).await.status(), 200);
        // The gateway is down when the member asks: the intent is recorded, the retry is the workers'.
        assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant)]).await.status(), 200);
        charges.push(imp);
    }
    assert_eq!(balance(&app, &m.browser).await["refunding"], 60_000);
    test_gw.fail_cancels.store(false, std::sync::atomic::Ordering::SeqCst);
    test_gw.cancel_delay_ms.store(300, std::sync::atomic::Ordering::SeqCst);
    let s = &app.state;
    let (a, b, c) =
        tokio::join!(super::charges::reconcile_refunds(s), super::charges::reconcile_refunds(s), super::charges::reconcile_refunds(s));
    let completed = a.unwrap() + b.unwrap() + c.unwrap();
    let gw = app.state.payments.clone().unwrap();
    for imp in &charges {
        assert_eq!(gw.payment(imp).await.unwrap().status, "cancelled");
    }
    let b = balance(&app, &m.browser).await;
    let ends: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT status, refund_failure FROM payments ORDER BY created_at").fetch_all(&app.state.db).await.unwrap();
    assert_eq!(
        (b["balance"].as_u64(), b["refunding"].as_u64()),
        (Some(0), Some(0)),
        "the refunded points are gone, not returned to the wallet as well (completions reported: {completed}; {ends:?})"
    );
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM payments ORDER BY created_at").fetch_all(&app.state.db).await.unwrap();
    assert_eq!(statuses, vec!["refunded"; 3]);
    check_invariants(&app.state.db).await;
}

/// Pays at the test gateway like `pay`, but the browser never follows the redirect back (a closed tab).
async fn pay_and_close_the_tab(app: &TestApp, member: &Member, amount: &str) -> (String, String) {
    pay(app, member, amount, None).await
}

fn mute_webhooks(app: &TestApp, mute: bool) {
    app.state.test_gateway.as_ref().unwrap().mute_webhooks.store(mute, std::sync::atomic::Ordering::SeqCst);
}

async fn charge_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'charge'").fetch_one(&app.state.db).await.unwrap()
}

async fn payment_status(app: &TestApp, merchant_uid: &str) -> String {
    sqlx::query_scalar("SELECT status FROM payments WHERE merchant_uid = ?").bind(merchant_uid).fetch_one(&app.state.db).await.unwrap()
}

#[sqlx::test]
async fn a_paid_charge_whose_browser_never_came_back_is_credited_once_whatever_races(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김닫힌탭", None).await;
    mute_webhooks(&app, true);
    let (imp_uid, merchant_uid) = pay_and_close_the_tab(&app, &m, "40000").await;
    assert_eq!(balance(&app, &m.browser).await["available"], 0, "nothing came back yet");
    let w: Value = m.browser.call("wallet", &[("page", "1")]).await.json().await.unwrap();
    let listed = w["charges"].as_array().unwrap().iter().find(|c| c["merchant_uid"] == merchant_uid.as_str()).cloned();
    assert_eq!(listed.expect("the pending charge is listed")["status"], "pending");

    // The periodic sweep finds it by our own id at the gateway — three instances' sweeps at once credit it once.
    let now = chrono::Utc::now();
    let sweep = || super::charges::reconcile_charges(&app.state, now);
    let (x, y, z) = tokio::join!(sweep(), sweep(), sweep());
    assert!(x.unwrap() + y.unwrap() + z.unwrap() >= 1);
    assert_eq!(charge_count(&app).await, 1, "one charge posted by the three sweeps");
    assert_eq!(balance(&app, &m.browser).await["available"], 40_000);

    // Then every other path arrives at once — the webhook, the redirect, the sweep, "결제 확인" — and
    // nothing more is credited.
    let webhook = serde_json::json!({ "imp_uid": imp_uid, "merchant_uid": merchant_uid, "status": "paid" });
    let http = reqwest::Client::new();
    let racers = (0..6).map(|i| {
        let (m, app, http, webhook) = (&m, &app, http.clone(), webhook.clone());
        let (imp_uid, merchant_uid) = (imp_uid.clone(), merchant_uid.clone());
        async move {
            match i % 4 {
                0 => assert_eq!(http.post(app.url("/wallet/webhook")).json(&webhook).send().await.unwrap().status(), 200),
                1 => assert_eq!(
                    m.browser.call("confirm_charge", &[("imp_uid", &imp_uid), ("merchant_uid", &merchant_uid)]).await.status(),
                    200
                ),
                2 => {
                    super::charges::reconcile_charges(&app.state, chrono::Utc::now()).await.unwrap();
                }
                _ => assert_eq!(m.browser.call("check_charge", &[("merchant_uid", &merchant_uid)]).await.status(), 200),
            }
        }
    });
    futures::future::join_all(racers).await;
    assert_eq!(charge_count(&app).await, 1);
    assert_eq!(balance(&app, &m.browser).await["available"], 40_000);
    check_invariants(&app.state.db).await;
}

#[sqlx::test]
async fn racing_settlements_of_a_fresh_payment_credit_it_exactly_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김경주", None).await;
    // The gateway's own webhook races the redirect, the sweep and the button from the start.
    let (imp_uid, merchant_uid) = pay(&app, &m, "30000", None).await;
    let webhook = serde_json::json!({ "imp_uid": imp_uid, "merchant_uid": merchant_uid, "status": "paid" });
    let http = reqwest::Client::new();
    let racers = (0..12).map(|i| {
        let (m, app, http, webhook) = (&m, &app, http.clone(), webhook.clone());
        let (imp_uid, merchant_uid) = (imp_uid.clone(), merchant_uid.clone());
        async move {
            match i % 4 {
                0 => drop(http.post(app.url("/wallet/webhook")).json(&webhook).send().await.unwrap()),
                1 => drop(m.browser.call("confirm_charge", &[("imp_uid", &imp_uid), ("merchant_uid", &merchant_uid)]).await),
                2 => drop(super::charges::reconcile_charges(&app.state, chrono::Utc::now()).await),
                _ => drop(m.browser.call("check_charge", &[("merchant_uid", &merchant_uid)]).await),
            }
        }
    });
    futures::future::join_all(racers).await;
    assert_eq!(payment_status(&app, &merchant_uid).await, "paid");
    assert_eq!(charge_count(&app).await, 1);
    assert_eq!(balance(&app, &m.browser).await["available"], 30_000);
    check_invariants(&app.state.db).await;
}

#[sqlx::test]
async fn checking_a_charge_asks_the_gateway_and_is_the_owners_alone(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (m, other) = (app.member("김확인", None).await, app.member("김남의", None).await);
    mute_webhooks(&app, true);
    // Prepared but never paid: nothing to credit, and it says so.
    let checkout: String = m.browser.call("prepare_charge", &[("amount", "10000")]).await.json().await.unwrap();
    let unpaid =
        url::Url::parse(&format!("http://x{checkout}")).unwrap().query_pairs().find(|(k, _)| k == "merchant_uid").unwrap().1.to_string();
    let res = m.browser.call("check_charge", &[("merchant_uid", &unpaid)]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("아직 결제가 완료되지 않았습니다"));

    let (_, merchant_uid) = pay_and_close_the_tab(&app, &m, "20000").await;
    assert_eq!(other.browser.call("check_charge", &[("merchant_uid", &merchant_uid)]).await.status(), 400, "not someone else's");
    assert_eq!(balance(&app, &other.browser).await["available"], 0);
    let res = m.browser.call("check_charge", &[("merchant_uid", &merchant_uid)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(balance(&app, &m.browser).await["available"], 20_000);
    // The wallet page shows the button for a pending charge.
    let (_, pending) = pay_and_close_the_tab(&app, &m, "10000").await;
    let html = m.browser.get("/me/wallet").await.text().await.unwrap();
    assert!(html.contains("결제 확인") && html.contains(&pending), "the pending charge can be checked from the page");

    // A forged webhook (an unknown payment, or a real one named for another charge) credits nothing.
    let http = reqwest::Client::new();
    for body in [
        serde_json::json!({ "imp_uid": "imp_forged", "merchant_uid": unpaid, "status": "paid" }),
        serde_json::json!({ "imp_uid": "imp_forged", "merchant_uid": "artipul_unknown", "status": "paid" }),
    ] {
        assert_eq!(http.post(app.url("/wallet/webhook")).json(&body).send().await.unwrap().status(), 200);
    }
    assert_eq!(http.post(app.url("/wallet/webhook")).body("not json").send().await.unwrap().status(), 400);
    assert_eq!(payment_status(&app, &unpaid).await, "pending");
    check_invariants(&app.state.db).await;
}

#[sqlx::test]
async fn unpaid_attempts_expire_after_an_hour(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김만료", None).await;
    let checkout: String = m.browser.call("prepare_charge", &[("amount", "10000")]).await.json().await.unwrap();
    let merchant_uid =
        url::Url::parse(&format!("http://x{checkout}")).unwrap().query_pairs().find(|(k, _)| k == "merchant_uid").unwrap().1.to_string();
    assert_eq!(super::charges::reconcile_charges(&app.state, chrono::Utc::now()).await.unwrap(), 0);
    assert_eq!(payment_status(&app, &merchant_uid).await, "pending", "young attempts wait");
    let later = chrono::Utc::now() + super::charges::CHARGE_EXPIRY + chrono::Duration::minutes(1);
    assert_eq!(super::charges::reconcile_charges(&app.state, later).await.unwrap(), 0);
    assert_eq!(payment_status(&app, &merchant_uid).await, "expired");
    let w: Value = m.browser.call("wallet", &[("page", "1")]).await.json().await.unwrap();
    assert_eq!(w["charges"][0]["status"], "expired");
}

#[sqlx::test]
async fn a_refund_the_gateway_refuses_for_good_returns_the_points_and_says_why(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김거절", None).await;
    let (imp_uid, merchant_uid) = pay(&app, &m, "30000", None).await;
    assert_eq!(m.browser.call("confirm_charge", &[("imp_uid", &imp_uid), ("merchant_uid", &merchant_uid)]).await.status(), 200);
    let test_gw = app.state.test_gateway.clone().unwrap();
    test_gw.refuse_cancels.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant_uid)]).await.status(), 200);
    assert_eq!(payment_status(&app, &merchant_uid).await, "refund_failed");
    let b = balance(&app, &m.browser).await;
    assert_eq!((b["available"].as_u64(), b["refunding"].as_u64()), (Some(30_000), Some(0)), "the points are back");
    let w: Value = m.browser.call("wallet", &[("page", "1")]).await.json().await.unwrap();
    assert!(w["charges"][0]["refund_failure"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(m.browser.get("/me/wallet").await.text().await.unwrap().contains("환불을 거절"), "the member sees why");
    assert_eq!(super::charges::reconcile_refunds(&app.state).await.unwrap(), 0, "nothing left to retry");
    check_invariants(&app.state.db).await;

    // A gateway that stays unreachable: retried, then given up after the last attempt, points returned.
    test_gw.refuse_cancels.store(false, std::sync::atomic::Ordering::SeqCst);
    test_gw.fail_cancels.store(true, std::sync::atomic::Ordering::SeqCst);
    let (imp2, merchant2) = pay(&app, &m, "10000", None).await;
    assert_eq!(m.browser.call("confirm_charge", &[("imp_uid", &imp2), ("merchant_uid", &merchant2)]).await.status(), 200);
    assert_eq!(m.browser.call("refund_charge", &[("merchant_uid", &merchant2)]).await.status(), 200);
    assert_eq!(payment_status(&app, &merchant2).await, "refund_requested", "one failure is retried");
    sqlx::query("UPDATE payments SET refund_attempts = ? WHERE merchant_uid = ?")
        .bind(super::charges::MAX_REFUND_ATTEMPTS - 1)
        .bind(&merchant2)
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(super::charges::reconcile_refunds(&app.state).await.unwrap(), 1);
    assert_eq!(payment_status(&app, &merchant2).await, "refund_failed");
    assert_eq!(balance(&app, &m.browser).await["available"], 40_000);
    check_invariants(&app.state.db).await;
}
