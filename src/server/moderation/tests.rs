//! Reports and the admin queue over HTTP against the real database: what a member may report and how
//! often, the queue only for admins, acting on each kind of target (hiding a live listing cancels it),
//! dismissing, the audit trail and member search.

use serde_json::Value;
use sqlx::MySqlPool;

use crate::server::artworks::http_tests::list_work;
use crate::server::reviews::http_tests::{purchase, receive, write_review};
use crate::server::testing::{spawn_app, Browser, Member, TestApp};

async fn id_of(app: &TestApp, m: &Member) -> u64 {
    sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(&m.nickname).fetch_one(&app.state.db).await.unwrap()
}

async fn report(browser: &Browser, target: &str, id: u64, reason: &str, detail: &str) -> (u16, Value) {
    let res = browser.call("report", &[("target", target), ("id", &id.to_string()), ("reason", reason), ("detail", detail)]).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn queue(browser: &Browser, status: &str) -> (u16, Value) {
    let res = browser.call("admin_reports", &[("status", status), ("page", "1")]).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn decide(browser: &Browser, report: u64, act: bool, note: &str) -> u16 {
    let act = if act { "true" } else { "false" };
    browser.call("admin_decide_report", &[("report_id", &report.to_string()), ("act", act), ("note", note)]).await.status().as_u16()
}

async fn count(db: &MySqlPool, sql: &str, id: u64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(db).await.unwrap()
}

#[sqlx::test]
async fn members_report_once_per_target_within_the_rules(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "신고될 작품").await;
    receive(&p).await;
    let review = write_review(&p, "광고 후기", "여기로 오세요, 싸게 파는 곳이 있습니다", "").await;
    let reader = app.member("이신고", None).await;

    let (status, body) = report(&reader.browser, "review", review, "spam", "광고 링크").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = report(&reader.browser, "review", review, "abuse", "").await;
    assert_eq!((status, body["message"].as_str().unwrap()), (409, "이미 신고하셨습니다. 관리자가 확인하고 있습니다."));
    let (status, _) = report(&p.buyer.browser, "review", review, "spam", "").await;
    assert_eq!(status, 400, "nobody reports their own review");
    let (status, body) = report(&reader.browser, "artwork", p.artwork_id, "other", "  ").await;
    assert_eq!((status, body["message"].as_str().unwrap()), (400, "'기타'를 고르셨다면 신고 내용을 적어 주세요."));
    let (status, _) = report(&reader.browser, "artwork", p.artwork_id, "fraud", &"가".repeat(1001)).await;
    assert_eq!(status, 400);
    let (status, _) = report(&reader.browser, "artwork", 999_999, "fraud", "").await;
    assert_eq!(status, 404);
    let (status, _) = report(&reader.browser, "planet", 1, "fraud", "").await;
    assert_eq!(status, 400, "an unknown target type is refused");
    let (status, _) = report(&app.browser(), "review", review, "spam", "").await;
    assert_eq!(status, 401, "visitors log in first");
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM reports WHERE ? > 0", 1).await, 1, "refusals wrote nothing");

    // Ten an hour per member: the eleventh is refused whatever it reports.
    let mut others = Vec::new();
    for i in 0..10 {
        others.push(id_of(&app, &app.member(&format!("대상{i}"), None).await).await);
    }
    let mut statuses = Vec::new();
    for id in others {
        statuses.push(report(&reader.browser, "member", id, "abuse", "").await.0);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 9, "one was already used on the review: {statuses:?}");
    assert_eq!(statuses.last(), Some(&429));
}

#[sqlx::test]
async fn admins_work_the_queue_and_every_decision_is_audited(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let p = purchase(&app, "후기 작품").await;
    receive(&p).await;
    let review = write_review(&p, "문제 후기", "욕설이 담긴 후기 본문입니다", "").await;
    let (a, b) = (app.member("신고인가", None).await, app.member("신고인나", None).await);
    let boss = app.member("관리자", None).await;
    app.make_admin(&boss.nickname).await;
    let boss = boss.browser;
    let first = report(&a.browser, "review", review, "abuse", "욕설").await.1.as_u64().unwrap();
    report(&b.browser, "review", review, "abuse", "").await;

    let (status, _) = queue(&a.browser, "open").await;
    assert_eq!(status, 404, "the queue does not exist for members");
    assert_eq!(decide(&a.browser, first, true, "내가 관리자").await, 403);
    let (status, page) = queue(&boss, "open").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["counts"]["open_reports"], 2);
    let item = &page["items"][0];
    assert_eq!((item["target"].as_str(), item["open_on_target"].as_u64()), (Some("review"), Some(2)));
    assert_eq!(item["target_link"], format!("/reviews/{review}"));

    assert_eq!(decide(&boss, first, true, "").await, 400, "a note is required");
    assert_eq!(decide(&boss, first, true, "욕설 확인").await, 200);
    let hidden = count(&pool, "SELECT COUNT(*) FROM reviews WHERE hidden_at IS NOT NULL AND id = ?", review).await;
    assert_eq!(hidden, 1, "acting hid the review");
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM reports WHERE status = 'actioned' AND target_id = ?", review).await, 2, "both closed");
    assert_eq!(decide(&boss, first, false, "다시").await, 409);
    assert_eq!(queue(&boss, "open").await.1["items"].as_array().unwrap().len(), 0);

    // A live listing reported and acted on is hidden and cancelled: never sold.
    let work = list_work(&p.artist, "가품 의심").await;
    let on_work = report(&a.browser, "artwork", work, "fraud", "도용 이미지").await.1.as_u64().unwrap();
    assert_eq!(decide(&boss, on_work, true, "도용 확인").await, 200);
    let status: String = sqlx::query_scalar("SELECT status FROM artworks WHERE id = ?").bind(work).fetch_one(&pool).await.unwrap();
    assert_eq!(status, "cancelled");

    // Dismissed: nothing happens to the member, the dismissal is audited.
    let member_id = id_of(&app, &b).await;
    let on_member = report(&a.browser, "member", member_id, "abuse", "").await.1.as_u64().unwrap();
    assert_eq!(decide(&boss, on_member, false, "근거 없음").await, 200);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM users WHERE suspended_at IS NULL AND id = ?", member_id).await, 1);
    let again = report(&a.browser, "member", member_id, "abuse", "또").await.0;
    assert_eq!(again, 200, "a closed report frees the member to report again");

    let audit: Value =
        boss.call("admin_audit", &[("admin", ""), ("action", ""), ("target_type", ""), ("page", "1")]).await.json().await.unwrap();
    let actions: Vec<&str> =
        audit["items"].as_array().unwrap_or_else(|| panic!("{audit}")).iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["dismiss_report", "hide", "hide"], "newest first: {audit}");
    let filtered: Value = boss
        .call("admin_audit", &[("admin", ""), ("action", "hide"), ("target_type", "review"), ("page", "1")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    let audit_since = |day: &'static str| {
        let boss = boss.clone();
        async move { boss.call("admin_audit", &[("admin", ""), ("action", ""), ("target_type", ""), ("since", day), ("page", "1")]).await }
    };
    let future: Value = audit_since("2099-01-01").await.json().await.unwrap();
    assert_eq!(future["items"].as_array().unwrap().len(), 0, "nothing from the future");
    assert_eq!(audit_since("2000-01-01").await.json::<Value>().await.unwrap()["items"].as_array().unwrap().len(), 3);
    assert_eq!(audit_since("어제").await.status(), 400);
    assert_eq!(a.browser.call("admin_audit", &[("admin", ""), ("action", ""), ("target_type", ""), ("page", "1")]).await.status(), 404);

    // The queue by kind of target.
    let artworks: Value =
        boss.call("admin_reports", &[("status", "actioned"), ("target", "artwork"), ("page", "1")]).await.json().await.unwrap();
    let kinds: Vec<&str> = artworks["items"].as_array().unwrap().iter().map(|r| r["target"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["artwork"], "{artworks}");
    assert_eq!(boss.call("admin_reports", &[("status", "open"), ("target", "planet"), ("page", "1")]).await.status(), 400);
    // The artist's page: both works (the cancelled one too) and the actions on them.
    let artist_id = id_of(&app, &p.artist).await;
    let detail: Value = boss.call("admin_member", &[("id", &artist_id.to_string())]).await.json().await.unwrap();
    assert_eq!(detail["works"].as_array().unwrap().len(), 2, "{detail}");
    assert_eq!(detail["reports"].as_array().unwrap().len(), 1, "the report on their work");
    assert!(detail["audit"].as_array().unwrap().iter().any(|a| a["action"] == "hide" && a["target_type"] == "artwork"));
    assert_eq!(a.browser.call("admin_member", &[("id", &artist_id.to_string())]).await.status(), 404);

    let found: Value = boss.call("admin_members", &[("q", &b.phone)]).await.json().await.unwrap();
    assert_eq!(found[0]["nickname"], b.nickname.as_str(), "found by phone: {found}");
    let found: Value = boss.call("admin_members", &[("q", &b.email[..6])]).await.json().await.unwrap();
    assert!(found.as_array().unwrap().iter().any(|m| m["nickname"] == b.nickname.as_str()), "found by e-mail prefix");
    assert_eq!(found.as_array().unwrap().iter().find(|m| m["nickname"] == b.nickname.as_str()).unwrap()["reports_against"], 2);
}

async fn upload(browser: &Browser, path: &str) -> String {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(400, 300, image::Rgb([200, 40, 40])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let part = reqwest::multipart::Part::bytes(png).file_name("photo.png").mime_str("image/png").unwrap();
    let res = browser
        .http
        .post(browser.url(path))
        .header("origin", browser.url(""))
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

#[sqlx::test]
async fn a_dispute_with_photos_reaches_the_queue_and_its_decision_reaches_both_parties(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let p = purchase(&app, "깨진 액자").await;
    let order = p.order_id.to_string();
    // Only photos uploaded for a dispute, by the buyer, can be attached.
    let review_photo = upload(&p.buyer.browser, "/api/uploads/review-image").await;
    let res = p
        .buyer
        .browser
        .call("dispute_order", &[("order_id", &order), ("reason", "액자가 깨져서 왔습니다"), ("photos", &review_photo)])
        .await;
    assert_eq!(res.status(), 400, "a review photo is not a dispute photo");
    let photo = upload(&p.buyer.browser, "/api/uploads/dispute-image").await;
    let res =
        p.buyer.browser.call("dispute_order", &[("order_id", &order), ("reason", "액자가 깨져서 왔습니다"), ("photos", &photo)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let stranger = app.member("구경꾼", None).await;
    assert_eq!(stranger.browser.call("admin_disputes", &[]).await.status(), 404);
    let boss = app.member("관리자", None).await;
    app.make_admin(&boss.nickname).await;
    let list: Value = boss.browser.call("admin_disputes", &[]).await.json().await.unwrap();
    let item = &list[0];
    assert_eq!((item["order_id"].as_u64(), item["reason"].as_str()), (Some(p.order_id), Some("액자가 깨져서 왔습니다")));
    assert_eq!(item["photos"].as_array().unwrap().len(), 1, "{list}");
    assert!(item["disputed_at"].is_string());

    let res = boss.browser.call("resolve_dispute", &[("order_id", &order), ("refund", "true"), ("note", "파손 사진 확인")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    for m in [&p.buyer, &p.artist] {
        let told = count(
            &pool,
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'dispute' AND u.id = ?",
            id_of(&app, m).await,
        )
        .await;
        assert_eq!(told, 1, "{} is told", m.nickname);
    }
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM admin_audit WHERE action = 'order_refund' AND target_id = ?", p.order_id).await, 1);
    let empty: Value = boss.browser.call("admin_disputes", &[]).await.json().await.unwrap();
    assert_eq!(empty.as_array().unwrap().len(), 0, "resolved disputes leave the queue");
    crate::server::wallet::tests::check_invariants(&pool).await;
}

/// The audit page's next-page link keeps the filters it was opened with.
#[sqlx::test]
async fn the_audit_pages_keep_their_filters(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let boss = app.member("관리자", None).await;
    app.make_admin(&boss.nickname).await;
    let admin_id = id_of(&app, &boss).await;
    for i in 0..51u64 {
        sqlx::query("INSERT INTO admin_audit (admin_id, action, target_type, target_id, reason) VALUES (?, 'hide', 'artwork', ?, '확인')")
            .bind(admin_id)
            .bind(i + 1)
            .execute(&pool)
            .await
            .unwrap();
    }
    let html = boss.browser.get("/admin/audit?action=hide&target_type=artwork").await.text().await.unwrap();
    assert!(
        html.contains("/admin/audit?admin=&amp;action=hide&amp;target_type=artwork&amp;since=&amp;page=2"),
        "the next page keeps the filters"
    );
}
