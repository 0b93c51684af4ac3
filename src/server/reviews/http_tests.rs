//! Reviews over real HTTP against MariaDB and Redis: only the buyer of a received work reviews it, once;
//! only authors edit or delete reviews and comments; likes are per member (also under concurrency);
//! scripts in review text render inert; admins hide reviews and comments with an audited reason.

use serde_json::Value;
use sqlx::MySqlPool;

use crate::server::artworks::http_tests::{list_work, upload_ok};
use crate::server::testing::{spawn_app, Browser, Member, TestApp};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("JSON: {text}"))
}

async fn answer(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { json(&text) })
}

async fn user_id(app: &TestApp, m: &Member) -> u64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(&m.email).fetch_one(&app.state.db).await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

/// Files below `dir` (the object store leaves empty folders behind).
fn stored_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| if e.path().is_dir() { stored_files(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

/// The opening tags of `html` (`<a href=…>`), to check that nothing active survived as markup.
fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag)).collect()
}

fn png(shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(500, 400, image::Rgb([shade, 120, 90])))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload_review_image(browser: &Browser, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.png").mime_str("image/png").unwrap();
    browser
        .http
        .post(browser.url("/api/uploads/review-image"))
        .header("origin", browser.url(""))
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap()
}

async fn review_photo(browser: &Browser, shade: u8) -> String {
    let (status, body) = answer(upload_review_image(browser, png(shade)).await).await;
    assert_eq!(status, 200, "{body}");
    body["id"].as_str().unwrap().to_string()
}

pub(crate) fn review_form<'a>(title: &'a str, body: &'a str, images: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![("form[title]", title), ("form[body]", body), ("form[images]", images)]
}

/// A student artist, a buyer and the buyer's order of one of the artist's works, bought at once.
pub(crate) struct Purchase {
    pub artist: Member,
    pub buyer: Member,
    pub artwork_id: u64,
    pub order_id: u64,
}

pub(crate) async fn purchase(app: &TestApp, title: &str) -> Purchase {
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let buyer = app.member("박구매", None).await;
    let artwork_id = list_work(&artist, title).await;
    crate::server::wallet::tests::credit(&app.state.db, user_id(app, &buyer).await, 500_000).await;
    let (status, body) = answer(buyer.browser.call("buy_now", &[("lot_id", &artwork_id.to_string())]).await).await;
    assert_eq!(status, 200, "{body}");
    let order_id =
        sqlx::query_scalar("SELECT id FROM orders WHERE artwork_id = ?").bind(artwork_id).fetch_one(&app.state.db).await.unwrap();
    Purchase { artist, buyer, artwork_id, order_id }
}

/// The artist ships and the buyer confirms receipt.
pub(crate) async fn receive(p: &Purchase) {
    let order = p.order_id.to_string();
    let shipped =
        p.artist.browser.call("ship_order", &[("order_id", &order), ("carrier", "CJ대한통운"), ("tracking_no", "123456789012")]).await;
    assert_eq!(shipped.status(), 200);
    assert_eq!(p.buyer.browser.call("confirm_order", &[("order_id", &order)]).await.status(), 200);
}

pub(crate) async fn write_review(p: &Purchase, title: &str, body: &str, images: &str) -> u64 {
    let mut form = review_form(title, body, images);
    let order = p.order_id.to_string();
    form.push(("order_id", &order));
    let res = p.buyer.browser.call("create_review", &form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    location.trim_start_matches("/reviews/").parse().unwrap()
}

async fn review(browser: &Browser, id: u64) -> (u16, Value) {
    answer(browser.call("review", &[("id", &id.to_string()), ("comment_page", "1")]).await).await
}

const BODY: &str = "사진보다 실물이 훨씬 따뜻한 색이에요. 포장도 꼼꼼했습니다.";

#[sqlx::test]
async fn only_the_buyer_of_a_received_work_reviews_it_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "푸른 항구의 오후").await;
    let stranger = app.member("이방인", None).await;
    let order = p.order_id.to_string();
    let create = |who: &Browser, images: String| {
        let order = order.clone();
        let who = who.clone();
        async move {
            let mut form = review_form("정말 좋아요", BODY, &images);
            form.push(("order_id", &order));
            answer(who.call("create_review", &form).await).await
        }
    };

    // Not received yet: the buyer waits; nobody else ever may; visitors log in first.
    let (status, body) = create(&p.buyer.browser, String::new()).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["message"].as_str().unwrap().contains("수령 확인"), "{body}");
    receive(&p).await;
    let (status, body) = create(&stranger.browser, String::new()).await;
    assert_eq!(status, 403);
    assert!(body["message"].as_str().unwrap().contains("직접 구매"), "{body}");
    assert_eq!(create(&app.browser(), String::new()).await.0, 401);
    let mut unknown = review_form("정말 좋아요", BODY, "");
    unknown.push(("order_id", "999999"));
    assert_eq!(answer(p.buyer.browser.call("create_review", &unknown).await).await.0, 403);

    // Bad input is refused with the reason and writes nothing.
    let mut short = review_form("정말 좋아요", "좋아요", "");
    short.push(("order_id", &order));
    let (status, body) = answer(p.buyer.browser.call("create_review", &short).await).await;
    assert_eq!((status, body["message"].as_str().unwrap()), (400, "후기 내용은 10~5000자로 써 주세요."));
    // Photos are checked by content, and only the writer's own review uploads can be claimed.
    let (status, body) = answer(upload_review_image(&p.buyer.browser, b"GIF89a<script>".to_vec()).await).await;
    assert_eq!(status, 400, "{body}");
    let artwork_upload = upload_ok(&p.artist.browser, 7).await;
    let strangers_photo = review_photo(&stranger.browser, 9).await;
    for foreign in [artwork_upload, strangers_photo] {
        let (status, body) = create(&p.buyer.browser, foreign).await;
        assert_eq!(status, 400, "{body}");
        assert!(body["message"].as_str().unwrap().contains("사진"), "{body}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reviews").await, 0, "refusals wrote nothing");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'review'").await, 0);

    // The buyer writes it with a photo; the artist is told.
    let photo = review_photo(&p.buyer.browser, 40).await;
    let id = write_review(&p, "정말 좋아요", BODY, &photo).await;
    let (status, detail) = review(&app.browser(), id).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["images"].as_array().unwrap().len(), 1);
    assert_eq!(detail["artwork"]["id"].as_u64(), Some(p.artwork_id));
    let notice: (String, String) = sqlx::query_as("SELECT kind, link FROM notifications WHERE user_id = ? AND kind = 'review'")
        .bind(user_id(&app, &p.artist).await)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(notice, ("review".to_string(), format!("/reviews/{id}")));

    // One review per order.
    let (status, body) = create(&p.buyer.browser, String::new()).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("이미 작성"), "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reviews").await, 1);

    // It shows on the feed, the artwork page and the artist page, and no longer as reviewable.
    let visitor = app.browser();
    let (_, feed) = answer(visitor.call("reviews", &[("sort", "new"), ("page", "1")]).await).await;
    assert_eq!(feed["items"][0]["id"].as_u64(), Some(id));
    assert_eq!(feed["items"][0]["author_nickname"].as_str(), Some(p.buyer.nickname.as_str()));
    let (_, work) = answer(visitor.call("artwork", &[("id", &p.artwork_id.to_string())]).await).await;
    assert_eq!(work["reviews"][0]["id"].as_u64(), Some(id));
    let (_, artist) = answer(visitor.call("artist", &[("nickname", &p.artist.nickname)]).await).await;
    assert_eq!(artist["reviews"][0]["id"].as_u64(), Some(id));
    let (_, mine) = answer(p.buyer.browser.call("my_reviews", &[]).await).await;
    assert_eq!(mine["reviewable"].as_array().unwrap().len(), 0);
    assert_eq!(mine["written"][0]["id"].as_u64(), Some(id));

    // A hidden work takes its reviews out of public view too (its author still opens theirs).
    let admin = app.member("김관리", None).await;
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = ?").bind(&admin.email).execute(&app.state.db).await.unwrap();
    let hidden = admin.browser.call("hide_artwork", &[("id", &p.artwork_id.to_string()), ("reason", "저작권 신고")]).await;
    assert_eq!(hidden.status(), 200);
    assert_eq!(review(&visitor, id).await.0, 404);
    let (_, feed) = answer(visitor.call("reviews", &[("sort", "new"), ("page", "1")]).await).await;
    assert_eq!(feed["total"].as_u64(), Some(0));
    assert_eq!(review(&p.buyer.browser, id).await.0, 200);
    let comment = stranger.browser.call("add_review_comment", &[("review_id", &id.to_string()), ("body", "보이나요?")]).await;
    assert_eq!(comment.status(), 404);
}

#[sqlx::test]
async fn only_authors_edit_or_delete_their_reviews_and_comments(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "새벽의 숲").await;
    receive(&p).await;
    let photo = review_photo(&p.buyer.browser, 60).await;
    let id = write_review(&p, "숲 냄새가 나요", BODY, &photo).await;
    let ids = id.to_string();
    let other = app.member("최댓글", None).await;

    // Someone else cannot edit or delete the review, whatever the page shows.
    let mut edit = review_form("제가 바꿨어요", "남의 후기를 바꾸려는 시도입니다.", "");
    edit.push(("id", &ids));
    let (status, body) = answer(other.browser.call("update_review", &edit).await).await;
    assert_eq!((status, body["message"].as_str().unwrap()), (403, "본인이 쓴 후기만 수정할 수 있습니다."));
    let (status, body) = answer(p.artist.browser.call("delete_review", &[("id", &ids)]).await).await;
    assert_eq!((status, body["message"].as_str().unwrap()), (403, "본인이 쓴 후기만 삭제할 수 있습니다."));
    let title: String = sqlx::query_scalar("SELECT title FROM reviews WHERE id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(title, "숲 냄새가 나요");

    // Comments: another member comments; the review's author is told.
    let (status, _) =
        answer(other.browser.call("add_review_comment", &[("review_id", &ids), ("body", "  저도 이 작가님 좋아해요!  ")]).await).await;
    assert_eq!(status, 200);
    let comment: u64 =
        sqlx::query_scalar("SELECT id FROM review_comments WHERE review_id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    let cid = comment.to_string();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'comment'").await, 1);
    assert_eq!(answer(other.browser.call("add_review_comment", &[("review_id", &ids), ("body", "   ")]).await).await.0, 400);
    assert_eq!(answer(other.browser.call("add_review_comment", &[("review_id", "999999"), ("body", "있나요?")]).await).await.0, 404);

    // Only the comment's author edits or deletes it.
    for (endpoint, form) in [
        ("edit_review_comment", vec![("comment_id", cid.as_str()), ("body", "바꿔치기")]),
        ("delete_review_comment", vec![("comment_id", cid.as_str())]),
    ] {
        let (status, body) = answer(p.buyer.browser.call(endpoint, &form).await).await;
        assert_eq!(status, 403, "{endpoint}: {body}");
    }
    let (_, d) = review(&app.browser(), id).await;
    assert_eq!(d["comments"]["items"][0]["body"].as_str(), Some("저도 이 작가님 좋아해요!"));
    assert_eq!(d["comments"]["items"][0]["is_mine"].as_bool(), Some(false));
    assert_eq!(answer(other.browser.call("edit_review_comment", &[("comment_id", &cid), ("body", "정말 좋아해요!")]).await).await.0, 200);
    let (_, d) = review(&other.browser, id).await;
    assert_eq!(
        (d["comments"]["items"][0]["body"].as_str(), d["comments"]["items"][0]["edited"].as_bool()),
        (Some("정말 좋아해요!"), Some(true))
    );
    assert_eq!(d["comments"]["items"][0]["is_mine"].as_bool(), Some(true));
    assert_eq!(d["comments"]["visible_count"].as_u64(), Some(1));

    // A deleted comment keeps its place without its text.
    assert_eq!(answer(other.browser.call("delete_review_comment", &[("comment_id", &cid)]).await).await.0, 200);
    let (_, d) = review(&app.browser(), id).await;
    let c = &d["comments"]["items"][0];
    assert_eq!((c["state"].as_str(), c["body"].is_null()), (Some("Deleted"), true));
    assert_eq!(d["comments"]["visible_count"].as_u64(), Some(0));
    assert!(!d.to_string().contains("정말 좋아해요"), "the deleted text is gone: {d}");
    let stored: String =
        sqlx::query_scalar("SELECT body FROM review_comments WHERE id = ?").bind(comment).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stored, "");
    assert_eq!(answer(other.browser.call("edit_review_comment", &[("comment_id", &cid), ("body", "부활")]).await).await.0, 409);
    let page = app.get(&format!("/reviews/{id}")).await.text().await.unwrap();
    assert!(page.contains(crate::i18n::Locale::Ko.t(crate::i18n::Key::CommentDeleted)), "the page shows the placeholder");

    // The author edits, then deletes; the photo files go too and the purchase can be reviewed again.
    let mut edit = review_form("숲 냄새가 나요 (추가)", "한 달 걸어 두니 더 좋아요. 빛에 따라 색이 달라져요.", &photo);
    edit.push(("id", &ids));
    assert_eq!(answer(p.buyer.browser.call("update_review", &edit).await).await.0, 200);
    let (_, d) = review(&p.buyer.browser, id).await;
    assert_eq!((d["title"].as_str(), d["images"].as_array().unwrap().len()), (Some("숲 냄새가 나요 (추가)"), 1));
    assert!(d["edited_at"].is_string());
    let files = |app: &TestApp| stored_files(&app.state.storage.root().join("reviews"));
    assert_eq!(files(&app), 2, "the photo's two sizes exist until the review is deleted");
    assert_eq!(answer(p.buyer.browser.call("delete_review", &[("id", &ids)]).await).await.0, 200);
    assert_eq!(review(&app.browser(), id).await.0, 404);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM review_comments").await, 0);
    assert_eq!(files(&app), 0);
    let (_, mine) = answer(p.buyer.browser.call("my_reviews", &[]).await).await;
    assert_eq!(mine["reviewable"][0]["order_id"].as_u64(), Some(p.order_id));
}

#[sqlx::test]
async fn likes_are_per_member_and_counted_exactly_under_concurrency(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "여름 정원").await;
    receive(&p).await;
    let id = write_review(&p, "정원이 집에 왔어요", BODY, "").await;
    let ids = id.to_string();
    let like = |who: Browser| {
        let ids = ids.clone();
        async move { answer(who.call("toggle_review_like", &[("review_id", &ids)]).await).await }
    };
    assert_eq!(like(app.browser()).await.0, 401);
    let (status, body) = like(p.buyer.browser.clone()).await;
    assert_eq!((status, body["message"].as_str().unwrap()), (400, "내가 쓴 후기에는 좋아요를 누를 수 없습니다."));

    let a = app.member("가나다", None).await;
    let b = app.member("라마바", None).await;
    assert_eq!(like(a.browser.clone()).await.1["count"].as_u64(), Some(1));
    assert_eq!(like(b.browser.clone()).await.1, serde_json::json!({ "liked": true, "count": 2 }));
    // Unliking removes only the caller's like.
    assert_eq!(like(a.browser.clone()).await.1, serde_json::json!({ "liked": false, "count": 1 }));
    let (_, d) = review(&b.browser, id).await;
    assert_eq!((d["liked_by_me"].as_bool(), d["like_count"].as_u64()), (Some(true), Some(1)));
    let (_, d) = review(&a.browser, id).await;
    assert_eq!(d["liked_by_me"].as_bool(), Some(false));

    // Members liking at the same moment: the count equals the likes stored.
    let mut members = Vec::new();
    for i in 0..8 {
        members.push(app.member(&format!("동시{i}"), None).await);
    }
    let results = futures::future::join_all(members.iter().map(|m| like(m.browser.clone()))).await;
    assert!(results.iter().all(|(s, _)| *s == 200), "{results:?}");
    let (stored, counted): (i64, u32) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM review_likes WHERE review_id = ?), like_count FROM reviews WHERE id = ?")
            .bind(id)
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!((stored, counted), (9, 9));
}

#[sqlx::test]
async fn scripts_in_reviews_and_comments_render_inert(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "붉은 방").await;
    receive(&p).await;
    let evil = "**좋아요** <script>alert('xss')</script> <img src=x onerror=alert('xss')> [링크](javascript:alert('xss'))";
    let id = write_review(&p, "</title><script>alert('t')</script>", evil, "").await;
    let other = app.member("장난꾸러기", None).await;
    let res =
        other.browser.call("add_review_comment", &[("review_id", &id.to_string()), ("body", "<script>alert('comment')</script>")]).await;
    assert_eq!(res.status(), 200);

    let (_, d) = review(&app.browser(), id).await;
    let html = d["body_html"].as_str().unwrap().to_lowercase();
    assert!(html.contains("<strong>좋아요</strong>"), "{html}");
    for tag in tags(&html) {
        for bad in ["script", "onerror", "javascript:", "img"] {
            assert!(!tag.contains(bad), "<{tag}> survived in {html}");
        }
    }
    let page = app.get(&format!("/reviews/{id}")).await.text().await.unwrap();
    for bad in ["<script>alert('xss')", "<script>alert('comment')", "<script>alert('t')"] {
        assert!(!page.contains(bad), "{bad} reached the page");
    }
    assert!(tags(&page).iter().all(|t| !t.contains("onerror") && !t.contains("javascript:")), "no active attribute reached the page");
    // The title shows as text, in the page and in the document title (leptos_meta does not escape it).
    assert!(page.contains("<title>&lt;/title&gt;&lt;script&gt;alert('t')&lt;/script&gt; · ARTIPUL</title>"), "{page}");
    assert!(page.contains("&lt;/title&gt;&lt;script&gt;alert('t')&lt;/script&gt;<"), "the heading shows it as text");
}

#[sqlx::test]
async fn admins_hide_reviews_and_comments_with_an_audited_reason(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "겨울 바다").await;
    receive(&p).await;
    let id = write_review(&p, "파도가 보여요", BODY, "").await;
    let ids = id.to_string();
    let commenter = app.member("윤댓글", None).await;
    commenter.browser.call("add_review_comment", &[("review_id", &ids), ("body", "광고 댓글입니다 010-0000-0000")]).await;
    let cid: u64 = sqlx::query_scalar("SELECT id FROM review_comments").fetch_one(&app.state.db).await.unwrap();
    let admin = app.member("김관리", None).await;

    assert_eq!(
        answer(admin.browser.call("hide_review_comment", &[("comment_id", &cid.to_string()), ("reason", "광고")]).await).await.0,
        403
    );
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = ?").bind(&admin.email).execute(&app.state.db).await.unwrap();
    assert_eq!(answer(admin.browser.call("hide_review_comment", &[("comment_id", &cid.to_string()), ("reason", " ")]).await).await.0, 400);
    assert_eq!(
        answer(admin.browser.call("hide_review_comment", &[("comment_id", &cid.to_string()), ("reason", "광고")]).await).await.0,
        200
    );
    let (_, d) = review(&app.browser(), id).await;
    assert_eq!(d["comments"]["items"][0]["state"].as_str(), Some("Hidden"));
    assert!(!d.to_string().contains("010-0000-0000"));
    assert!(app
        .get(&format!("/reviews/{id}"))
        .await
        .text()
        .await
        .unwrap()
        .contains(crate::i18n::Locale::Ko.t(crate::i18n::Key::CommentHidden)));
    assert_eq!(
        answer(commenter.browser.call("edit_review_comment", &[("comment_id", &cid.to_string()), ("body", "다시")]).await).await.0,
        409
    );

    // A hidden review leaves every public list; its author and admins still open it, with the reason.
    assert_eq!(answer(p.buyer.browser.call("hide_review", &[("id", &ids), ("reason", "욕설")]).await).await.0, 403);
    assert_eq!(answer(admin.browser.call("hide_review", &[("id", &ids), ("reason", "개인정보 노출")]).await).await.0, 200);
    let visitor = app.browser();
    assert_eq!(review(&visitor, id).await.0, 404);
    assert_eq!(app.get(&format!("/reviews/{id}")).await.status(), 404);
    let (_, feed) = answer(visitor.call("reviews", &[("sort", "new"), ("page", "1")]).await).await;
    assert_eq!(feed["total"].as_u64(), Some(0));
    let (_, artist) = answer(visitor.call("artist", &[("nickname", &p.artist.nickname)]).await).await;
    assert!(artist["reviews"].as_array().unwrap().is_empty());
    let (status, d) = review(&p.buyer.browser, id).await;
    assert_eq!((status, d["hidden_reason"].as_str()), (200, Some("개인정보 노출")));
    assert_eq!(answer(commenter.browser.call("toggle_review_like", &[("review_id", &ids)]).await).await.0, 404);
    assert_eq!(answer(commenter.browser.call("add_review_comment", &[("review_id", &ids), ("body", "보이나요?")]).await).await.0, 404);
    let audit: Vec<(String, String, String)> =
        sqlx::query_as("SELECT action, target_type, reason FROM admin_audit ORDER BY id").fetch_all(&app.state.db).await.unwrap();
    assert_eq!(
        audit,
        vec![("hide".into(), "review_comment".into(), "광고".into()), ("hide".into(), "review".into(), "개인정보 노출".into())]
    );
}

#[sqlx::test]
async fn comments_page_oldest_first_and_are_rate_limited(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "작은 방").await;
    receive(&p).await;
    let id = write_review(&p, "작은 방이 환해졌어요", BODY, "").await;
    let talker = app.member("수다쟁이", None).await;
    let talker_user = crate::server::auth::AuthUser {
        id: user_id(&app, &talker).await,
        nickname: talker.nickname.clone(),
        is_artist: false,
        phone_verified: true,
        is_admin: false,
    };
    for n in 1..=25 {
        crate::server::reviews::add_comment(&app.state, &talker_user, id, &format!("댓글 {n}")).await.unwrap();
    }
    let page = |n: &str| {
        let browser = app.browser();
        let n = n.to_string();
        async move { answer(browser.call("review_comments", &[("review_id", &id.to_string()), ("page", &n)]).await).await.1 }
    };
    let first = page("1").await;
    assert_eq!((first["page"].as_u64(), first["pages"].as_u64(), first["visible_count"].as_u64()), (Some(1), Some(2), Some(25)));
    let texts = |p: &Value| p["items"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(texts(&first).first().map(String::as_str), Some("댓글 1"));
    assert_eq!(texts(&first).len(), 20);
    let last = page("0").await;
    assert_eq!((last["page"].as_u64(), texts(&last)), (Some(2), (21..=25).map(|n| format!("댓글 {n}")).collect::<Vec<_>>()));
    assert_eq!(page("9").await["page"].as_u64(), Some(2), "past the end shows the last page");

    // Posting through the server function: at most 10 a minute per member, with a clear message.
    let ids = id.to_string();
    for n in 0..10 {
        let res = talker.browser.call("add_review_comment", &[("review_id", &ids), ("body", &format!("빠른 댓글 {n}"))]).await;
        assert_eq!(res.status(), 200);
    }
    let (status, body) = answer(talker.browser.call("add_review_comment", &[("review_id", &ids), ("body", "하나 더")]).await).await;
    assert_eq!(status, 429, "{body}");
    assert!(body["message"].as_str().unwrap().contains("요청이 너무 많습니다"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM review_comments").await, 35);
}

#[sqlx::test]
async fn a_review_submitted_twice_at_once_is_written_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "두 번 누른 버튼").await;
    receive(&p).await;
    let order = p.order_id.to_string();
    let attempts = (0..4).map(|_| {
        let browser = p.buyer.browser.clone();
        let order = order.clone();
        async move {
            let mut form = review_form("한 번만 올라가야 해요", BODY, "");
            form.push(("order_id", &order));
            answer(browser.call("create_review", &form).await).await.0
        }
    });
    let mut statuses = futures::future::join_all(attempts).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409, 409, 409]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reviews").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'review'").await, 1);
}

#[sqlx::test]
async fn uploads_nobody_claims_within_a_day_are_swept_with_their_files(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let p = purchase(&app, "치워질 사진").await;
    receive(&p).await;
    let abandoned = review_photo(&p.buyer.browser, 10).await;
    let kept = review_photo(&p.buyer.browser, 20).await;
    let id = write_review(&p, "사진 한 장만 남겨요", BODY, &kept).await;
    let abandoned_artwork = upload_ok(&p.artist.browser, 30).await;
    sqlx::query("UPDATE uploads SET created_at = created_at - INTERVAL 2 DAY").execute(&app.state.db).await.unwrap();
    let fresh = review_photo(&p.buyer.browser, 40).await;
    let reviews_dir = app.state.storage.root().join("reviews");
    assert_eq!(stored_files(&reviews_dir), 6);

    // Three instances sweep at once: each stale upload is removed by exactly one of them.
    let now = chrono::Utc::now();
    let sweep = || crate::server::uploads::sweep_unclaimed(&app.state, now);
    let (x, y, z) = tokio::join!(sweep(), sweep(), sweep());
    let removed = x.unwrap() + y.unwrap() + z.unwrap();
    assert_eq!(removed, 2, "the abandoned review photo and the abandoned artwork image, once each");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT id FROM uploads WHERE kind = 'review' ORDER BY created_at").fetch_all(&app.state.db).await.unwrap();
    assert_eq!(left, vec![kept.clone(), fresh.clone()]);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM uploads WHERE id = '{abandoned_artwork}'")).await, 0);
    assert_eq!(stored_files(&reviews_dir), 4, "the abandoned photo's files are gone");
    let (_, d) = review(&app.browser(), id).await;
    assert_eq!(d["images"][0]["upload_id"].as_str(), Some(kept.as_str()));
    // The listing's claimed images were never candidates.
    let listing_images = count(&app, &format!("SELECT COUNT(*) FROM artwork_images WHERE artwork_id = {}", p.artwork_id)).await;
    assert_eq!(listing_images, 2);
    assert!(!left.contains(&abandoned));
    assert_eq!(crate::server::uploads::sweep_unclaimed(&app.state, chrono::Utc::now()).await.unwrap(), 0);
}

/// Twenty buyers review the works they received at the same moment (each with a photo): unrelated
/// members' reviews never collide.
#[sqlx::test]
async fn twenty_buyers_reviewing_at_once_never_collide(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let mut purchases = Vec::new();
    for i in 0..20 {
        let buyer = app.member(&format!("구매자{i}"), None).await;
        let artwork_id = list_work(&artist, &format!("후기 경합 {i}")).await;
        crate::server::wallet::tests::credit(&app.state.db, user_id(&app, &buyer).await, 500_000).await;
        let (status, body) = answer(buyer.browser.call("buy_now", &[("lot_id", &artwork_id.to_string())]).await).await;
        assert_eq!(status, 200, "{body}");
        let order_id: u64 =
            sqlx::query_scalar("SELECT id FROM orders WHERE artwork_id = ?").bind(artwork_id).fetch_one(&app.state.db).await.unwrap();
        let order = order_id.to_string();
        let shipped =
            artist.browser.call("ship_order", &[("order_id", &order), ("carrier", "CJ대한통운"), ("tracking_no", "123456789012")]).await;
        assert_eq!(shipped.status(), 200);
        assert_eq!(buyer.browser.call("confirm_order", &[("order_id", &order)]).await.status(), 200);
        let photo = review_photo(&buyer.browser, i as u8 * 10).await;
        purchases.push((buyer, order, photo));
    }
    let answers = futures::future::join_all(purchases.iter().map(|(buyer, order, photo)| async move {
        let mut form = review_form("동시에 쓴 후기", "포장도 꼼꼼하고 실물이 더 좋아요.", photo);
        form.push(("order_id", order));
        let res = buyer.browser.call("create_review", &form).await;
        (res.status().as_u16(), res.text().await.unwrap())
    }))
    .await;
    let refused: Vec<_> = answers.iter().filter(|(s, _)| *s != 200).collect();
    assert!(refused.is_empty(), "{} of 20 reviews refused: {refused:?}", refused.len());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reviews").await, 20);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM review_images").await, 20);
}
