//! The privacy scan: every server function (from the registry, so a new one fails this test until it is
//! given arguments here) and every page, called *with valid arguments* by a visitor and by an unrelated
//! member, over a member who has works, a bid holding the lead with a secret maximum, an order, a
//! review and a comment, a shipping address, a pending charge and a balance. No e-mail, phone, real
//! name, address, balance, maximum or password hash of that member may appear in any answer.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::MySqlPool;

use super::testing::{spawn_app, Browser};
use crate::server::artworks::http_tests::list_work;
use crate::server::reviews::http_tests::{receive, review_form, write_review, Purchase};

const REAL_NAME: &str = "비밀스러운이름";
const ADDRESS: &str = "비밀주소로 123번길";
const DETAIL: &str = "비밀동 404호";
/// The victim's maximum on the lot they lead (the price shows only the opening bid).
const MAXIMUM: u64 = 185_000;
/// Credited to the victim; after a 200,000 purchase and the 185,000 hold: 602,650 available, 787,650 in all.
const CREDIT: u64 = 987_650;

fn won(n: u64) -> [String; 2] {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    [digits, grouped]
}

async fn id_of(app: &super::testing::TestApp, nickname: &str) -> u64 {
    sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(nickname).fetch_one(&app.state.db).await.unwrap()
}

#[sqlx::test]
async fn no_answer_to_anyone_else_reveals_a_members_private_data(pool: MySqlPool) {
    let app = spawn_app(pool).await;

    // The victim: a student artist with a listing, who also buys, bids, reviews and comments.
    let victim = app.member(REAL_NAME, Some("홍익대학교")).await;
    let seller = app.member("김판매", Some("서울대학교")).await;
    let victim_id = id_of(&app, &victim.nickname).await;
    let own_work = list_work(&victim, "비밀 없는 풍경").await;
    crate::server::wallet::tests::credit(&app.state.db, victim_id, CREDIT).await;
    let shipping =
        [("recipient", REAL_NAME), ("phone", victim.phone.as_str()), ("postal_code", "04066"), ("address1", ADDRESS), ("address2", DETAIL)];
    assert_eq!(victim.browser.call("set_shipping_address", &shipping).await.status(), 200);
    let bought = list_work(&seller, "산 작품").await;
    let res = victim.browser.call("buy_now", &[("lot_id", &bought.to_string())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let order_id: u64 =
        sqlx::query_scalar("SELECT id FROM orders WHERE artwork_id = ?").bind(bought).fetch_one(&app.state.db).await.unwrap();
    let purchase = Purchase { artist: seller, buyer: victim, artwork_id: bought, order_id };
    receive(&purchase).await;
    let review_id = write_review(&purchase, "따뜻한 후기", "실물이 더 좋아요. 포장도 꼼꼼했습니다.", "").await;
    let Purchase { artist: seller, buyer: victim, .. } = purchase;
    let res = victim.browser.call("add_review_comment", &[("review_id", &review_id.to_string()), ("body", "감사합니다!")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let comment_id: u64 =
        sqlx::query_scalar("SELECT id FROM review_comments ORDER BY id DESC LIMIT 1").fetch_one(&app.state.db).await.unwrap();
    let lot = list_work(&seller, "경합 중인 작품").await;
    let res = victim.browser.call("place_bid", &[("lot_id", &lot.to_string()), ("amount", &MAXIMUM.to_string())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let checkout: String = victim.browser.call("prepare_charge", &[("amount", "10000")]).await.json().await.unwrap();
    let merchant_uid =
        url::Url::parse(&format!("http://x{checkout}")).unwrap().query_pairs().find(|(k, _)| k == "merchant_uid").unwrap().1.to_string();

    // What must never leave the server, in every spelling a page or a JSON answer could use.
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?").bind(victim_id).fetch_one(&app.state.db).await.unwrap();
    let e164 = format!("+82{}", &victim.phone[1..]);
    let hyphenated = format!("{}-{}-{}", &victim.phone[..3], &victim.phone[3..7], &victim.phone[7..]);
    let wallet: Value = victim.browser.call("wallet", &[("page", "1")]).await.json().await.unwrap();
    let mut secrets: Vec<String> = vec![
        victim.email.clone(),
        victim.phone.clone(),
        e164,
        hyphenated,
        REAL_NAME.into(),
        ADDRESS.into(),
        DETAIL.into(),
        hash[hash.len() - 24..].to_string(),
        "$argon2".into(),
    ];
    secrets.extend(won(MAXIMUM));
    for amount in [CREDIT, 602_650, 787_650] {
        secrets.extend(won(amount));
    }
    let wallet_text = wallet.to_string();
    assert!(
        wallet_text.contains("602650") && wallet_text.contains("185000"),
        "the amounts this scan looks for are the real ones: {wallet_text}"
    );
    let forbidden_fields = ["password_hash", "phone_e164", "real_name", "email_verified_at"];

    // Valid arguments for every server function: the victim's own objects wherever one is named.
    let (own_work, lot, order, review, comment) =
        (own_work.to_string(), lot.to_string(), order_id.to_string(), review_id.to_string(), comment_id.to_string());
    let nickname = victim.nickname.as_str();
    // The victim's certificate, if their order has settled (a made-up serial otherwise).
    let serial: String = sqlx::query_scalar("SELECT COALESCE((SELECT serial FROM certificates WHERE order_id = ?), 'AP-0000-0000-0000')")
        .bind(order_id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let listing = crate::server::artworks::http_tests::listing("내 작품", "", "설명");
    let review_edit = review_form("바꾼 후기", "남의 후기를 바꿔 보려는 시도입니다.", "");
    let mut args: HashMap<&str, Vec<(&str, &str)>> = HashMap::from([
        ("send_recovery_code", vec![("purpose", "ResetPassword"), ("phone", victim.phone.as_str()), ("email", victim.email.as_str())]),
        ("verify_recovery_code", vec![("purpose", "FindEmail"), ("phone", victim.phone.as_str()), ("code", "123456")]),
        ("find_email", vec![("phone", victim.phone.as_str())]),
        ("reset_password", vec![("email", victim.email.as_str()), ("phone", victim.phone.as_str()), ("password", "새로운-비밀번호-123")]),
        ("flash", vec![]),
        ("social_providers", vec![]),
        ("social_pending", vec![]),
        (
            "complete_social_sign_up",
            vec![
                ("kind", "Buyer"),
                ("nickname", "새회원"),
                ("name", "김새롬"),
                ("phone", victim.phone.as_str()),
                ("email", victim.email.as_str()),
            ],
        ),
        ("send_email_code", vec![]),
        ("email_verified", vec![]),
        ("verify_email", vec![("code", "123456")]),
        ("change_email", vec![("email", victim.email.as_str()), ("current_password", "아무-비밀번호-123")]),
        ("set_student_badge", vec![("nickname", nickname), ("granted", "false"), ("reason", "확인")]),
        ("my_profile", vec![]),
        ("update_bio", vec![("bio", "관찰자의 소개")]),
        ("set_time_zone", vec![("time_zone", "Europe/London")]),
        (
            "set_shipping_address",
            vec![("recipient", "관찰자"), ("phone", "01012345678"), ("postal_code", "12345"), ("address1", "관찰로 1")],
        ),
        ("change_password", vec![("current_password", "아무-비밀번호-123"), ("new_password", "새로운-비밀번호-456")]),
        ("listing_limits", vec![]),
        ("preview_markdown", vec![("text", "**굵게**")]),
        ("create_artwork", listing.clone()),
        ("withdraw_artwork", vec![("id", own_work.as_str())]),
        ("artwork", vec![("id", own_work.as_str())]),
        (
            "browse",
            vec![
                ("query[q]", nickname),
                ("query[genre]", ""),
                ("query[status]", "Live"),
                ("query[sort]", "Newest"),
                ("query[page]", "1"),
                ("query[buy_now_only]", "false"),
            ],
        ),
        ("search_suggestions", vec![("typed", "경합")]),
        ("artist", vec![("nickname", nickname)]),
        ("toggle_like", vec![("artwork_id", own_work.as_str())]),
        ("my_shelves", vec![]),
        ("hide_artwork", vec![("id", own_work.as_str()), ("reason", "확인")]),
        ("place_bid", vec![("lot_id", lot.as_str()), ("amount", "60000")]),
        ("buy_now", vec![("lot_id", lot.as_str())]),
        ("lot_room", vec![("lot_id", lot.as_str())]),
        ("bid_history", vec![("lot_id", lot.as_str())]),
        ("bid_receipt", vec![("lot_id", lot.as_str()), ("seq", "1")]),
        ("verify_receipt", vec![("receipt", "{}")]),
        ("get_certificate", vec![("serial", serial.as_str())]),
        ("set_certificate_price", vec![("serial", serial.as_str()), ("show", "true")]),
        ("comparable_sales", vec![("genre_path", "회화/풍경/중")]),
        ("my_auctions", vec![]),
        ("ship_order", vec![("order_id", order.as_str()), ("carrier", "CJ대한통운"), ("tracking_no", "123456789012")]),
        ("confirm_order", vec![("order_id", order.as_str())]),
        ("dispute_order", vec![("order_id", order.as_str()), ("reason", "받지 못했습니다")]),
        ("resolve_dispute", vec![("order_id", order.as_str()), ("refund", "true"), ("note", "확인")]),
        ("notifications", vec![("page", "1")]),
        ("mark_notifications_read", vec![]),
        ("send_signup_code", vec![("phone", victim.phone.as_str())]),
        ("verify_signup_code", vec![("phone", victim.phone.as_str()), ("code", "123456")]),
        ("check_nickname", vec![("nickname", nickname)]),
        ("check_email", vec![("email", victim.email.as_str())]),
        (
            "sign_up",
            vec![
                ("kind", "Buyer"),
                ("email", victim.email.as_str()),
                ("password", "새로운-비밀번호-123"),
                ("nickname", nickname),
                ("name", "김가입"),
                ("phone", victim.phone.as_str()),
            ],
        ),
        ("log_in", vec![("email", victim.email.as_str()), ("password", "틀린-비밀번호-123")]),
        ("me", vec![]),
        ("home_feed", vec![]),
        ("reviews", vec![("sort", "recent"), ("page", "1")]),
        ("review", vec![("id", review.as_str()), ("comment_page", "1")]),
        ("my_reviews", vec![]),
        ("toggle_review_like", vec![("review_id", review.as_str())]),
        ("review_comments", vec![("review_id", review.as_str()), ("page", "1")]),
        ("add_review_comment", vec![("review_id", review.as_str()), ("body", "좋은 후기네요")]),
        ("edit_review_comment", vec![("comment_id", comment.as_str()), ("body", "바꾼 댓글")]),
        ("delete_review_comment", vec![("comment_id", comment.as_str())]),
        ("delete_review", vec![("id", review.as_str())]),
        ("hide_review", vec![("id", review.as_str()), ("reason", "확인")]),
        ("hide_review_comment", vec![("comment_id", comment.as_str()), ("reason", "확인")]),
        ("wallet", vec![("page", "1")]),
        ("prepare_charge", vec![("amount", "10000")]),
        ("confirm_charge", vec![("imp_uid", "imp_000"), ("merchant_uid", merchant_uid.as_str())]),
        ("check_charge", vec![("merchant_uid", merchant_uid.as_str())]),
        ("refund_charge", vec![("merchant_uid", merchant_uid.as_str())]),
        ("report", vec![("target", "review"), ("id", review.as_str()), ("reason", "spam"), ("detail", "광고")]),
        ("admin_cancel_lot", vec![("lot_id", lot.as_str()), ("reason", "확인")]),
        ("admin_void_bid", vec![("lot_id", lot.as_str()), ("seq", "1"), ("reason", "확인")]),
        ("admin_suspend_member", vec![("nickname", nickname), ("reason", "확인")]),
        ("admin_reinstate_member", vec![("nickname", nickname), ("reason", "확인")]),
        ("admin_reports", vec![("status", "open"), ("page", "1")]),
        ("admin_decide_report", vec![("report_id", "1"), ("act", "false"), ("note", "확인")]),
        ("admin_audit", vec![("admin", ""), ("action", ""), ("target_type", ""), ("since", "2026-12-01"), ("page", "1")]),
        ("admin_members", vec![("q", nickname)]),
        ("admin_disputes", vec![]),
        ("admin_member", vec![("id", "1")]),
        // Ends the caller's session: called last.
        ("log_out", vec![]),
    ]);
    let mut update_artwork = listing.clone();
    update_artwork.push(("id", own_work.as_str()));
    args.insert("update_artwork", update_artwork);
    let mut create_review = review_edit.clone();
    create_review.push(("order_id", order.as_str()));
    args.insert("create_review", create_review);
    let mut update_review = review_edit.clone();
    update_review.push(("id", review.as_str()));
    args.insert("update_review", update_review);

    let mut endpoints: Vec<(String, reqwest::Method)> =
        leptos::server_fn::axum::server_fn_paths().map(|(p, m)| (p.trim_start_matches("/api/").to_string(), m)).collect();
    endpoints.sort_by_key(|(p, _)| (p == "log_out", p.clone()));
    let missing: Vec<&str> = endpoints.iter().map(|(p, _)| p.as_str()).filter(|p| !args.contains_key(p)).collect();
    assert!(missing.is_empty(), "give these server functions valid arguments in the privacy scan: {missing:?}");

    let pages = [
        "/".to_string(),
        "/artworks".into(),
        format!("/artworks?q={nickname}"),
        format!("/artworks/{own_work}"),
        format!("/artworks/{lot}"),
        format!("/artworks/{bought}"),
        format!("/artworks/{own_work}/edit"),
        format!("/artists/{nickname}"),
        format!("/certificates/{serial}"),
        "/about".into(),
        "/reviews".into(),
        format!("/reviews/{review}"),
        format!("/reviews/{review}/edit"),
        "/reviews/new".into(),
        "/login".into(),
        "/signup".into(),
        "/signup?type=artist".into(),
        "/signup/social".into(),
        "/find-email".into(),
        "/reset-password".into(),
        "/me".into(),
        "/me/auctions".into(),
        "/me/notifications".into(),
        "/me/profile".into(),
        "/me/wallet".into(),
        format!("/me/wallet/complete?merchant_uid={merchant_uid}&imp_uid=imp_000"),
        "/sell".into(),
        "/nope".into(),
    ];

    let observer = app.member("관찰자", None).await;
    let visitor = app.browser();
    let mut answered_ok = 0;
    let mut checked = 0;
    let scan = |who: &'static str, what: &str, body: &str| {
        for s in &secrets {
            assert!(!body.contains(s.as_str()), "{who}: {what} revealed {s:?}: {body}");
        }
        for f in forbidden_fields {
            assert!(!body.contains(f), "{who}: {what} revealed the field {f}: {body}");
        }
    };
    for (who, browser) in [("visitor", &visitor), ("another member", &observer.browser)] {
        let browser: &Browser = browser;
        for page in &pages {
            let body = browser.get(page).await.text().await.unwrap();
            scan(who, page, &body);
            checked += 1;
        }
        for (endpoint, method) in &endpoints {
            let form = &args[endpoint.as_str()];
            let res = if *method == reqwest::Method::GET {
                let query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
                browser.get(&format!("/api/{endpoint}?{query}")).await
            } else {
                browser.call(endpoint, form).await
            };
            let status = res.status();
            answered_ok += usize::from(status.is_success());
            let body = res.text().await.unwrap();
            // Valid arguments: never a malformed request, never a server error — only an answer, or a
            // refusal for lack of rights, state or quota.
            assert!(!status.is_server_error(), "{who}: {endpoint} answered {status}: {body}");
            assert!(!body.contains("요청 형식"), "{who}: {endpoint} could not read its arguments: {body}");
            scan(who, endpoint, &body);
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * (pages.len() + endpoints.len()));
    // Reading functions answer both callers; acting on the victim's objects is refused, as it must be.
    assert!(answered_ok >= 45, "only {answered_ok} calls succeeded");

    // The scan can fail: the member's own answers do carry these.
    let own = victim.browser.call("my_profile", &[]).await.text().await.unwrap();
    assert!(own.contains(&victim.email) && own.contains(ADDRESS));
    let own_room = victim.browser.call("lot_room", &[("lot_id", &lot)]).await.text().await.unwrap();
    assert!(own_room.contains(&MAXIMUM.to_string()), "the bidder sees their own maximum: {own_room}");
}
