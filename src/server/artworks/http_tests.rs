//! Listing, browsing, likes and moderation over real HTTP against MariaDB: who may list, what uploads
//! are accepted, edits only before the first bid, likes per user, every sort and filter, hidden works.

use serde_json::Value;
use sqlx::MySqlPool;

use crate::server::testing::{spawn_app, Browser, Member, TestApp};

fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([shade, 90, 160])))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(browser: &Browser, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str("image/png").unwrap();
    browser
        .http
        .post(browser.url("/api/uploads/artwork-image"))
        .header("origin", browser.url(""))
        .multipart(reqwest::multipart::Form::new().part("image", part))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn upload_ok(browser: &Browser, shade: u8) -> String {
    let res = upload(browser, png(640, 480, shade), "work.png").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

pub(crate) fn listing<'a>(title: &'a str, images: &'a str, description: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("form[title]", title),
        ("form[description]", description),
        ("form[genre_path]", "회화/풍경/중/가로형"),
        ("form[tags]", "#바다, 유화"),
        ("form[medium]", "캔버스에 유채"),
        ("form[width_cm]", "45.5"),
        ("form[height_cm]", "38"),
        ("form[depth_cm]", ""),
        ("form[year]", "2026"),
        ("form[images]", images),
        ("form[start_price]", "50,000"),
        ("form[buy_now_price]", "200000"),
        ("form[reserve_price]", ""),
        ("form[duration]", "3"),
        ("form[ends_at_kst]", ""),
    ]
}

pub(crate) async fn list_work(artist: &Member, title: &str) -> u64 {
    let a = upload_ok(&artist.browser, 10).await;
    let b = upload_ok(&artist.browser, 200).await;
    let images = format!("{a},{b}");
    let res = artist.browser.call("create_artwork", &listing(title, &images, "**푸른** 바다")).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    location.trim_start_matches("/artworks/").parse().unwrap()
}

async fn artwork(browser: &Browser, id: u64) -> reqwest::Response {
    browser.call("artwork", &[("id", &id.to_string())]).await
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db).await.unwrap()
}

fn stored_artwork_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.state.storage.root().join("artworks")).map(|d| d.count()).unwrap_or(0)
}

#[sqlx::test]
async fn only_student_artists_list_and_only_real_images_are_kept(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let buyer = app.member("김구매", None).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;

    // A buyer is refused on the server, whatever the page shows.
    assert_eq!(upload(&buyer.browser, png(300, 300, 1), "a.png").await.status(), 403);
    let fake_id = "0123456789abcdef0123456789abcdef";
    let res = buyer.browser.call("create_artwork", &listing("몰래 등록", fake_id, "")).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("미대생 회원만"));
    assert_eq!(app.browser().call("create_artwork", &listing("방문자", fake_id, "")).await.status(), 401);

    // Not an image (whatever its name says), or too big: refused with a clear message, nothing stored.
    let fake = upload(&artist.browser, b"<?php system($_GET['c']); ?>".to_vec(), "shell.png").await;
    assert_eq!(fake.status(), 400);
    assert!(fake.json::<Value>().await.unwrap()["message"].as_str().unwrap().contains("JPEG, PNG, WebP"));
    let huge = upload(&artist.browser, vec![0xFF; 11 * 1024 * 1024], "huge.jpg").await;
    assert!(huge.status() == 400 || huge.status() == 413, "{}", huge.status());
    // In the member's language, though the image is read on a blocking thread.
    artist.browser.get("/locale/en").await;
    let tiny = upload(&artist.browser, png(10, 10, 2), "tiny.png").await;
    assert_eq!(tiny.status(), 400);
    assert!(tiny.json::<Value>().await.unwrap()["message"].as_str().unwrap().contains("The image is too small"));
    artist.browser.get("/locale/ko").await;
    assert_eq!(stored_artwork_files(&app), 0);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM uploads").await, 0);

    // Invalid listings are refused with the reason and change nothing.
    let id = upload_ok(&artist.browser, 5).await;
    let mut bad = listing("가격 오류", &id, "");
    bad.retain(|(k, _)| *k != "form[start_price]");
    bad.push(("form[start_price]", "500"));
    let res = artist.browser.call("create_artwork", &bad).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("시작가는 ₩1,000 이상"));
    // Someone else's upload cannot be claimed.
    let other = app.member("이작가", Some("서울대학교")).await;
    let res = other.browser.call("create_artwork", &listing("남의 사진", &id, "")).await;
    assert_eq!(res.status(), 400);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM artworks").await, 0);
}

#[sqlx::test]
async fn a_listed_work_shows_everywhere_with_safe_markdown(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let a = upload_ok(&artist.browser, 10).await;
    let b = upload_ok(&artist.browser, 200).await;
    // The order given is the order shown: b is the cover.
    let images = format!("{b},{a}");
    let evil = "**굵게** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))";
    let res = artist.browser.call("create_artwork", &listing("푸른 바다 유화", &images, evil)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id: u64 = res.headers()["location"].to_str().unwrap().trim_start_matches("/artworks/").parse().unwrap();

    let visitor = app.browser();
    let detail: Value = artwork(&visitor, id).await.json().await.unwrap();
    assert_eq!(detail["title"], "푸른 바다 유화");
    assert_eq!(detail["tags"], serde_json::json!(["바다", "유화"]));
    assert_eq!(detail["width_mm"], 455);
    let imgs = detail["images"].as_array().unwrap();
    assert_eq!(imgs.len(), 2);
    assert_eq!(imgs[0]["upload_id"], b.as_str());
    let html = detail["description_html"].as_str().unwrap();
    assert!(html.contains("<strong>굵게</strong>"));
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!html.contains(bad), "{html}");
    }
    assert!(detail.get("reserve_price").is_none(), "the reserve itself is never sent");
    // Served images: 1200 and 400 px wide.
    let full = visitor.get(imgs[0]["url"].as_str().unwrap()).await.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&full).unwrap().width(), 640, "never enlarged");
    let thumb = visitor.get(imgs[0]["thumb_url"].as_str().unwrap()).await.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 400);

    // Browse: under its genre path at every level, not under another genre.
    for genre in ["회화", "회화/풍경", "회화/풍경/중/가로형"] {
        let page: Value = visitor
            .call(
                "browse",
                &[
                    ("query[genre]", genre),
                    ("query[status]", "Live"),
                    ("query[sort]", "Newest"),
                    ("query[page]", "1"),
                    ("query[buy_now_only]", "false"),
                ],
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 1, "{genre}: {page}");
        assert_eq!(page["cards"][0]["id"], id);
    }
    let page: Value = visitor
        .call(
            "browse",
            &[
                ("query[genre]", "조소"),
                ("query[status]", "Live"),
                ("query[sort]", "Newest"),
                ("query[page]", "1"),
                ("query[buy_now_only]", "false"),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0);

    // The pages themselves, server-rendered.
    let html = visitor.get("/artworks?genre=%ED%9A%8C%ED%99%94").await.text().await.unwrap();
    assert!(html.contains("푸른 바다 유화"));
    let artist_page = visitor.get(&format!("/artists/{}", urlencode(&artist.nickname))).await.text().await.unwrap();
    assert!(artist_page.contains("푸른 바다 유화"));
    let page = visitor.get(&format!("/artworks/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("푸른 바다 유화") && html.contains("₩50,000"));
    assert!(!html.contains("<script>alert(1)"));
    assert_eq!(visitor.get("/artworks/999999").await.status(), 404);
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[sqlx::test]
async fn edits_and_withdrawal_stop_at_the_first_bid(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let other = app.member("이작가", Some("서울대학교")).await;
    let id = list_work(&artist, "처음 제목").await;
    let detail: Value = artwork(&artist.browser, id).await.json().await.unwrap();
    let images: Vec<&str> = detail["images"].as_array().unwrap().iter().map(|i| i["upload_id"].as_str().unwrap()).collect();
    let keep = images[1].to_string();

    let mut edit = listing("고친 제목", &keep, "수정");
    let id_s = id.to_string();
    edit.push(("id", &id_s));
    assert_eq!(other.browser.call("update_artwork", &edit).await.status(), 403, "only the artist edits");
    let res = artist.browser.call("update_artwork", &edit).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let detail: Value = artwork(&artist.browser, id).await.json().await.unwrap();
    assert_eq!(detail["title"], "고친 제목");
    assert_eq!(detail["images"].as_array().unwrap().len(), 1);

    // A bid arrives (bidding itself comes with the Auctions issue; the column is what edits check).
    sqlx::query("UPDATE artworks SET bid_count = 1, current_price = 51000 WHERE id = ?").bind(id).execute(&app.state.db).await.unwrap();
    let mut late = listing("입찰 후 수정", &keep, "");
    late.push(("id", &id_s));
    let res = artist.browser.call("update_artwork", &late).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("입찰이 시작된 작품"));
    assert_eq!(artist.browser.call("withdraw_artwork", &[("id", &id_s)]).await.status(), 409);
    let title: String = sqlx::query_scalar("SELECT title FROM artworks WHERE id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(title, "고친 제목", "nothing changed");

    // Without bids a work can be withdrawn, by its artist only.
    let second = list_work(&artist, "내릴 작품").await;
    let second_s = second.to_string();
    assert_eq!(other.browser.call("withdraw_artwork", &[("id", &second_s)]).await.status(), 403);
    assert_eq!(artist.browser.call("withdraw_artwork", &[("id", &second_s)]).await.status(), 200);
    let status: String =
        sqlx::query_scalar("SELECT status FROM artworks WHERE id = ?").bind(second).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(status, "withdrawn");
}

#[sqlx::test]
async fn likes_are_per_user(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let id = list_work(&artist, "찜할 작품").await;
    let id_s = id.to_string();
    let (a, b) = (app.member("김하나", None).await, app.member("김두울", None).await);
    assert_eq!(app.browser().call("toggle_like", &[("artwork_id", &id_s)]).await.status(), 401);
    assert_eq!(like(&a, &id_s).await, serde_json::json!({"liked": true, "count": 1}));
    assert_eq!(like(&b, &id_s).await, serde_json::json!({"liked": true, "count": 2}));
    assert_eq!(like(&a, &id_s).await, serde_json::json!({"liked": false, "count": 1}), "unlike removes only mine");
    let b_likes: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM artwork_likes WHERE artwork_id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(b_likes, 1);
    let seen_by_b: Value = artwork(&b.browser, id).await.json().await.unwrap();
    assert_eq!((seen_by_b["liked_by_me"].as_bool(), seen_by_b["like_count"].as_u64()), (Some(true), Some(1)));
    let seen_by_a: Value = artwork(&a.browser, id).await.json().await.unwrap();
    assert_eq!(seen_by_a["liked_by_me"], false);
    let shelves: Value = b.browser.call("my_shelves", &[]).await.json().await.unwrap();
    assert_eq!(shelves["watchlist"][0]["id"], id);
    // Concurrent toggles by many users keep the count equal to the rows.
    let members: Vec<Member> = futures_join(&app, 6).await;
    let results = futures::future::join_all(members.iter().map(|m| like(m, &id_s))).await;
    assert!(results.iter().all(|r| r["liked"] == true), "{results:?}");
    let (count, likes): (u32, i64) =
        sqlx::query_as("SELECT like_count, (SELECT COUNT(*) FROM artwork_likes WHERE artwork_id = a.id) FROM artworks a WHERE id = ?")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!((count, likes), (7, 7));
}

async fn like(m: &Member, id: &str) -> Value {
    m.browser.call("toggle_like", &[("artwork_id", id)]).await.json::<Value>().await.unwrap()
}

async fn futures_join(app: &TestApp, n: usize) -> Vec<Member> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(app.member(&format!("회원{i}"), None).await);
    }
    out
}

/// Inserts a work directly (sorting and filtering tests need many with chosen values).
#[allow(clippy::too_many_arguments)]
async fn insert_work(
    app: &TestApp,
    artist_id: u64,
    title: &str,
    genre: &str,
    price: u64,
    buy_now: Option<u64>,
    bids: u32,
    status: &str,
    ends_in_mins: i64,
    age_mins: i64,
) -> u64 {
    let now = chrono::Utc::now();
    sqlx::query(
        "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, buy_now_price, current_price, bid_count, status, ends_at, original_ends_at, created_at)
         VALUES (?, ?, '', ?, 1000, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(artist_id)
    .bind(title)
    .bind(genre)
    .bind(buy_now)
    .bind(price)
    .bind(bids)
    .bind(status)
    .bind(now + chrono::Duration::minutes(ends_in_mins))
    .bind(now + chrono::Duration::minutes(ends_in_mins))
    .bind(now - chrono::Duration::minutes(age_mins))
    .execute(&app.state.db)
    .await
    .unwrap()
    .last_insert_id()
}

async fn browse(b: &Browser, genre: &str, status: &str, sort: &str, page: u32, extra: &[(&str, &str)]) -> Value {
    let page = page.to_string();
    let mut form = vec![
        ("query[genre]", genre),
        ("query[status]", status),
        ("query[sort]", sort),
        ("query[page]", page.as_str()),
        ("query[buy_now_only]", "false"),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    let res = b.call("browse", &form).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn ids(page: &Value) -> Vec<u64> {
    page["cards"].as_array().unwrap().iter().map(|c| c["id"].as_u64().unwrap()).collect()
}

#[sqlx::test]
async fn every_sort_filter_and_page_returns_the_right_rows(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist_id =
        sqlx::query("INSERT INTO users (email, nickname, real_name, college) VALUES ('s@x.kr', '정렬작가', '정렬', '홍익대학교')")
            .execute(&app.state.db)
            .await
            .unwrap()
            .last_insert_id();
    // (title, genre, price, buy_now, bids, status, ends in, age)
    let a = insert_work(&app, artist_id, "A", "회화/풍경/중/가로형", 30_000, Some(90_000), 2, "live", 60, 50).await;
    let b = insert_work(&app, artist_id, "B", "회화/인물/소/정방향", 10_000, None, 5, "live", 30, 10).await;
    let c = insert_work(&app, artist_id, "C", "조소/조각/목조", 50_000, Some(60_000), 0, "live", 90, 30).await;
    let d = insert_work(&app, artist_id, "D", "회화/풍경/대/세로형", 20_000, None, 1, "sold", -60, 100).await;
    let e = insert_work(&app, artist_id, "E", "기타", 15_000, None, 0, "unsold", -30, 90).await;
    let f = insert_work(&app, artist_id, "F", "회화/추상/중/정방향", 40_000, None, 0, "live", -5, 20).await; // past deadline, closing
    let hidden = insert_work(&app, artist_id, "H", "회화/풍경/중/가로형", 1_000, None, 0, "live", 45, 5).await;
    sqlx::query("UPDATE artworks SET hidden_at = UTC_TIMESTAMP(6) WHERE id = ?").bind(hidden).execute(&app.state.db).await.unwrap();
    let v = app.browser();

    assert_eq!(ids(&browse(&v, "", "Live", "EndingSoon", 1, &[]).await), vec![b, a, c]);
    assert_eq!(ids(&browse(&v, "", "Live", "Newest", 1, &[]).await), vec![b, c, a]);
    assert_eq!(ids(&browse(&v, "", "Live", "PriceAsc", 1, &[]).await), vec![b, a, c]);
    assert_eq!(ids(&browse(&v, "", "Live", "PriceDesc", 1, &[]).await), vec![c, a, b]);
    assert_eq!(ids(&browse(&v, "", "Live", "MostBids", 1, &[]).await), vec![b, a, c]);
    assert_eq!(ids(&browse(&v, "", "Sold", "Newest", 1, &[]).await), vec![d]);
    let mut ended = ids(&browse(&v, "", "Ended", "Newest", 1, &[]).await);
    ended.sort();
    assert_eq!(ended, {
        let mut x = vec![e, f];
        x.sort();
        x
    });
    assert_eq!(browse(&v, "", "All", "Newest", 1, &[]).await["total"], 6, "hidden never counted");
    assert_eq!(ids(&browse(&v, "회화/풍경", "All", "PriceAsc", 1, &[]).await), vec![d, a]);
    assert_eq!(ids(&browse(&v, "", "Live", "PriceAsc", 1, &[("query[min_price]", "20000"), ("query[max_price]", "45000")]).await), vec![a]);
    assert_eq!(ids(&browse(&v, "", "Live", "PriceAsc", 1, &[("query[buy_now_only]", "true")]).await), vec![a, c]);
    // "회화/풍" is not a path prefix of 회화/풍경 works.
    assert_eq!(browse(&v, "회화/풍", "All", "Newest", 1, &[]).await["total"], 0);

    let facets = browse(&v, "", "All", "Newest", 1, &[]).await["facets"].clone();
    assert_eq!(
        facets,
        serde_json::json!([
            {"path": "회화", "label": "회화", "count": 4},
            {"path": "조소", "label": "조소", "count": 1},
            {"path": "기타", "label": "기타", "count": 1},
        ])
    );

    // Pagination: 30 more live works → 2 pages of 24, stable order, nothing repeated or lost.
    for i in 0..30 {
        insert_work(&app, artist_id, &format!("P{i}"), "회화/정물/소/정방향", 5_000 + i * 100, None, 0, "live", 200 + i as i64, 1).await;
    }
    let p1 = browse(&v, "", "Live", "PriceAsc", 1, &[]).await;
    let p2 = browse(&v, "", "Live", "PriceAsc", 2, &[]).await;
    assert_eq!((p1["total"].as_u64(), p1["pages"].as_u64()), (Some(33), Some(2)));
    let (ids1, ids2) = (ids(&p1), ids(&p2));
    assert_eq!((ids1.len(), ids2.len()), (24, 9));
    let prices: Vec<u64> = p1["cards"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["cards"].as_array().unwrap())
        .map(|c| c["current_price"].as_u64().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let mut all: Vec<u64> = ids1.iter().chain(&ids2).copied().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 33);
    assert_eq!(ids(&browse(&v, "", "Live", "PriceAsc", 99, &[]).await), ids2, "past the end: the last page");
    // The server-rendered page keeps the query in its links.
    let html = v.get("/artworks?sort=price_asc&page=2").await.text().await.unwrap();
    assert!(html.contains("/artworks?sort=price_asc") && html.contains("P29"));
}

#[sqlx::test]
async fn admins_hide_listings_with_an_audited_reason(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let id = list_work(&artist, "문제 작품").await;
    let id_s = id.to_string();
    let admin = app.member("김관리", None).await;
    assert_eq!(admin.browser.call("hide_artwork", &[("id", &id_s), ("reason", "저작권 침해 신고")]).await.status(), 403);
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = ?").bind(&admin.email).execute(&app.state.db).await.unwrap();
    assert_eq!(admin.browser.call("hide_artwork", &[("id", &id_s), ("reason", " ")]).await.status(), 400);
    assert_eq!(admin.browser.call("hide_artwork", &[("id", &id_s), ("reason", "저작권 침해 신고")]).await.status(), 200);
    let audit: (String, String) =
        sqlx::query_as("SELECT action, reason FROM admin_audit WHERE target_id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(audit, ("hide".to_string(), "저작권 침해 신고".to_string()));

    let visitor = app.browser();
    assert_eq!(artwork(&visitor, id).await.status(), 404);
    assert_eq!(browse(&visitor, "", "All", "Newest", 1, &[]).await["total"], 0);
    let own: Value = artwork(&artist.browser, id).await.json().await.unwrap();
    assert_eq!(own["hidden_reason"], "저작권 침해 신고", "the artist sees why");
    let home: Value = visitor.call("home_feed", &[]).await.json().await.unwrap();
    assert!(home["new_arrivals"].as_array().unwrap().is_empty());
}

/// Twenty artists list a work each at the same moment, twenty buyers like a work each, then start a
/// charge each: unrelated members' writes never collide (no lock conflict, no deadlock between
/// different rows). Before the fix, 14 of 20 listings and 3 of 20 likes were refused with 409.
#[sqlx::test]
async fn unrelated_members_writing_at_once_never_collide(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let mut artists = Vec::new();
    for i in 0..20 {
        let artist = app.member(&format!("작가{i}"), Some("홍익대학교")).await;
        let image = upload_ok(&artist.browser, i as u8 * 10).await;
        artists.push((artist, image));
    }
    let listings = futures::future::join_all(artists.iter().enumerate().map(|(i, (artist, image))| async move {
        let title = format!("동시에 올린 작품 {i}");
        let res = artist.browser.call("create_artwork", &listing(&title, image, "설명")).await;
        (res.status().as_u16(), res.text().await.unwrap())
    }))
    .await;
    let refused: Vec<&(u16, String)> = listings.iter().filter(|(status, _)| *status != 200).collect();
    assert!(refused.is_empty(), "{} of 20 listings refused: {refused:?}", refused.len());

    let ids: Vec<u64> = sqlx::query_scalar("SELECT id FROM artworks ORDER BY id").fetch_all(&app.state.db).await.unwrap();
    let buyers = futures_join(&app, 20).await;
    let likes = futures::future::join_all(
        buyers
            .iter()
            .zip(&ids)
            .map(|(b, id)| async move { b.browser.call("toggle_like", &[("artwork_id", &id.to_string())]).await.status().as_u16() }),
    )
    .await;
    assert!(likes.iter().all(|s| *s == 200), "{likes:?}");
    // And each starts a charge.
    let charges = futures::future::join_all(
        buyers.iter().map(|b| async move { b.browser.call("prepare_charge", &[("amount", "10000")]).await.status().as_u16() }),
    )
    .await;
    assert!(charges.iter().all(|s| *s == 200), "{charges:?}");
}

/// Comparable sales against a hand-computed fixture: same genre and theme, the chosen size band and its
/// neighbours, ended lots only, hidden works never.
#[sqlx::test]
async fn comparable_sales_summarise_ended_lots_like_the_one_being_listed(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let artist: u64 = sqlx::query("INSERT INTO users (email, nickname, real_name, phone_verified_at, college) VALUES ('c@x.kr', '비교작가', '테스트', NOW(6), '한국예술대학교')")
        .execute(&pool)
        .await
        .unwrap()
        .last_insert_id();
    let work = |path: &'static str, status: &'static str, price: u64, bids: u32, hidden: bool| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, current_price, bid_count, status, ends_at, original_ends_at, hidden_at)
                 VALUES (?, '비교 작품', '', ?, 1000, ?, ?, ?, NOW(6), NOW(6), ?)",
            )
            .bind(artist)
            .bind(path)
            .bind(price)
            .bind(bids)
            .bind(status)
            .bind(hidden.then(chrono::Utc::now))
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    work("회화/풍경/소/정방향", "sold", 10_000, 3, false).await;
    work("회화/풍경/소/가로형", "sold", 20_000, 1, false).await;
    for p in [30_000, 40_000, 50_000, 100_000] {
        work("회화/풍경/중/가로형", "sold", p, 4, false).await;
    }
    work("회화/풍경/중/세로형", "unsold", 80_000, 0, false).await;
    work("회화/풍경/중/가로형", "unsold", 60_000, 2, false).await;
    // Not comparable: another size band two steps away, another theme, hidden, still live.
    work("회화/풍경/대/세로형", "sold", 999_000, 9, false).await;
    work("회화/인물/소/정방향", "sold", 5_000, 1, false).await;
    work("회화/풍경/중/가로형", "sold", 1_000_000, 9, true).await;
    work("회화/풍경/중/가로형", "live", 45_000, 2, false).await;

    let res = app.browser().call("comparable_sales", &[("genre_path", "회화/풍경/소/가로형")]).await;
    assert_eq!(res.status(), 200);
    let c: Value = res.json().await.unwrap();
    assert_eq!((c["ended"].as_u64(), c["sold"].as_u64(), c["no_bid"].as_u64()), (Some(8), Some(6), Some(1)));
    assert_eq!(c["sell_through_pct"], 75);
    assert_eq!(c["prices"], serde_json::json!([10_000, 20_000, 30_000, 40_000, 50_000, 100_000]));
    assert_eq!((c["q1"].as_u64(), c["median"].as_u64(), c["q3"].as_u64()), (Some(22_500), Some(35_000), Some(47_500)));
    assert_eq!(c["suggested"], serde_json::json!([11_000, 23_000]));
    assert_eq!(c["scope"], "회화/풍경 · 소·중");
    // 대 compares with 중 and 대: the 999,000 sale joins, the 소 ones leave.
    let big: Value = app.browser().call("comparable_sales", &[("genre_path", "회화/풍경/대")]).await.json().await.unwrap();
    assert_eq!((big["ended"].as_u64(), big["sold"].as_u64()), (Some(7), Some(5)));
    // Too few sales: counts, but no statistics.
    let few: Value = app.browser().call("comparable_sales", &[("genre_path", "회화/인물")]).await.json().await.unwrap();
    assert_eq!((few["sold"].as_u64(), few["median"].is_null(), few["suggested"].is_null()), (Some(1), true, true));
    let none: Value = app.browser().call("comparable_sales", &[("genre_path", "조소/조각")]).await.json().await.unwrap();
    assert_eq!(none["ended"], 0);
    // A path outside the taxonomy is refused clearly.
    let bad = app.browser().call("comparable_sales", &[("genre_path", "회화/없는테마")]).await;
    assert_eq!(bad.status(), 400);
}
