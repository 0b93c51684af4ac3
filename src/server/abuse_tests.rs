//! The abuse suite: one test per attack found in the attacker's review (docs/SECURITY.md), each run the
//! way an attacker would — over real HTTP against the real server, MariaDB and Redis.

use std::time::Duration;

use futures::future::join_all;
use serde_json::Value;
use sqlx::MySqlPool;

use super::testing::{spawn_app, spawn_app_with, Browser, MEMBER_PASSWORD as PASSWORD};

async fn log_in(browser: &Browser, email: &str, password: &str) -> reqwest::Response {
    browser.call("log_in", &[("email", email), ("password", password)]).await
}

#[sqlx::test]
async fn a_burst_of_wrong_passwords_reaches_the_password_check_at_most_five_times(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let victim = app.member("김표적", None).await;
    let attacker = app.browser();
    let answers = join_all((0..200).map(|i| {
        let (attacker, email) = (attacker.clone(), victim.email.clone());
        async move { log_in(&attacker, &email, &format!("틀린-비밀번호-{i}")).await.status().as_u16() }
    }))
    .await;
    // 401 = the password was checked and was wrong; everything else must have been turned away before it.
    let checked = answers.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "{checked} guesses reached the password check: {answers:?}");
    assert!(answers.iter().all(|s| [401, 429, 503].contains(s)), "{answers:?}");
    assert!(answers.contains(&429), "the rest are told to wait");
    // The right password from the attacker's address is refused too while the lock lasts.
    assert_eq!(log_in(&attacker, &victim.email, PASSWORD).await.status(), 429);
}

#[sqlx::test]
async fn a_locked_account_stays_locked_under_other_spellings_of_its_address(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let victim = app.member("김철자", None).await;
    // Spellings that the database's collation (utf8mb4_unicode_ci) treats as the same address.
    let (local, domain) = victim.email.split_once('@').unwrap();
    let lookalikes = [
        victim.email.to_uppercase(),
        format!("{local}\u{200B}@{domain}"),
        format!("{}@{domain}", local.replacen('a', "\u{00E0}", 1)),
        format!("{}@{domain}", local.replacen('c', "\u{00E7}", 1)),
    ];
    // Five wrong guesses from one address lock the account…
    let guesser = app.browser();
    for i in 0..5 {
        assert_eq!(log_in(&guesser, &victim.email, &format!("wrong-{i}-password")).await.status(), 401);
    }
    // …and from any other address, under any spelling the database treats as the same, the right
    // password is refused while the lock lasts.
    for spelling in &lookalikes {
        let other = app.browser();
        let res = log_in(&other, spelling, PASSWORD).await;
        assert_eq!(res.status(), 429, "{spelling:?} got past the lock");
    }
}

#[sqlx::test]
async fn steady_traffic_just_under_a_limit_is_never_refused_and_a_burst_over_it_is(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let key = format!("rl:test-window:{}", rand::random::<u64>());
    // 6 per second allowed; 4 a second for a little over three windows never reaches it in any window.
    for i in 0..14 {
        assert!(app.state.redis.within_limit(&key, 6, 1).await, "hit {i} at 4/s refused under a limit of 6/s");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let burst = format!("{key}:burst");
    let mut allowed = 0;
    for _ in 0..10 {
        allowed += usize::from(app.state.redis.within_limit(&burst, 6, 60).await);
    }
    assert_eq!(allowed, 6, "a burst over the limit is cut at the limit");
}

#[sqlx::test]
async fn log_in_never_redirects_off_the_site_nor_breaks_on_odd_next_values(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김다음", None).await;
    let hostile = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "//evil.example",
        "/\u{1}x",
        "/x\r\nSet-Cookie: pwned=1",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/%2F%2Fevil.example",
    ];
    for next in hostile {
        let browser = app.browser();
        let res = browser.call("log_in", &[("email", &m.email), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(res.status(), 200, "{next:?}");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location == "/" || location == "/%2F%2Fevil.example", "{next:?} → {location:?}");
        assert!(res.headers().get("set-cookie").is_some());
        assert!(!res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().contains("pwned")));
    }
    let res = app.browser().call("log_in", &[("email", &m.email), ("password", PASSWORD), ("next", "/me/auctions?tab=bids")]).await;
    assert_eq!(res.headers()["location"], "/me/auctions?tab=bids", "a plain local path is kept");
}

#[sqlx::test]
async fn the_live_stream_refuses_an_oversized_cursor_before_parsing_it(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    // 40,000 distinct lots (about 230 KB, within what the HTTP server accepts as a header at all).
    let ids: Vec<String> = (1..=40_000).map(|i| format!("{i}")).collect();
    let res = app.http.get(app.url("/api/live?lots=1")).header("last-event-id", ids.join(",")).send().await.unwrap();
    assert_eq!(res.status(), 400, "an oversized Last-Event-ID is refused, not parsed");
    let body: Value = res.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("lots"), "{body}");
    let res = app.get(&format!("/api/live?lots={}", ids[..200].join(","))).await;
    assert_eq!(res.status(), 400);
    // The server is answering promptly afterwards.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[sqlx::test]
async fn existence_checks_are_rate_limited_per_client(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let prober = app.browser();
    let mut statuses = Vec::new();
    for i in 0..100 {
        statuses.push(prober.call("check_email", &[("email", &format!("probe{i}@artipul.kr"))]).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "100 probes in a row were all answered: {statuses:?}");
    let first_refused = statuses.iter().position(|s| *s == 429).unwrap();
    assert!(statuses[first_refused..].iter().all(|s| *s == 429), "{statuses:?}");
    let res = prober.call("check_nickname", &[("nickname", "새이름")]).await;
    assert_eq!(res.status(), 429, "one budget for every existence check");
    // Another client is unaffected.
    assert_eq!(app.browser().call("check_email", &[("email", "fresh@artipul.kr")]).await.status(), 200);
}

#[sqlx::test]
async fn a_verified_code_counts_only_for_the_browser_that_entered_it(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let victim = app.member("김인증", None).await;
    app.forget_minute_limit(&victim.phone).await;
    let own = app.browser();
    let sent = own.call("send_recovery_code", &[("purpose", "ResetPassword"), ("phone", &victim.phone), ("email", &victim.email)]).await;
    assert_eq!(sent.status(), 200);
    let code = app.last_code();
    let ok = own.call("verify_recovery_code", &[("purpose", "ResetPassword"), ("phone", &victim.phone), ("code", &code)]).await;
    assert_eq!(ok.status(), 200);

    // Another client with no cookies, knowing only the e-mail and the phone number.
    let attacker = app.browser();
    let res = attacker
        .call("reset_password", &[("email", &victim.email), ("phone", &victim.phone), ("password", "공격자가-정한-비밀번호1")])
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("휴대폰 인증을 먼저"));
    assert_eq!(log_in(&app.browser(), &victim.email, PASSWORD).await.status(), 200, "the password did not change");

    // The browser that entered the code still can.
    let res =
        own.call("reset_password", &[("email", &victim.email), ("phone", &victim.phone), ("password", "주인이-정한-비밀번호2")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // The same holds for sign-up: a number verified in one browser does not sign up from another.
    let phone = super::testing::random_phone();
    let owner = app.browser();
    assert_eq!(owner.call("send_signup_code", &[("phone", &phone)]).await.status(), 200);
    let code = app.last_code();
    assert_eq!(owner.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await.status(), 200);
    let squatter = app.browser();
    let email = super::testing::random_email("squat");
    let res = squatter
        .call(
            "sign_up",
            &[
                ("kind", "Buyer"),
                ("email", &email),
                ("password", PASSWORD),
                ("nickname", "가로채기"),
                ("name", "김가로"),
                ("phone", &phone),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = ?").bind(&email).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(users, 0);
}

#[sqlx::test]
async fn the_same_origin_guard_compares_scheme_host_and_port(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let port = app.addr.port();
    for origin in [format!("https://127.0.0.1:{port}"), format!("http://127.0.0.1:{}", port.wrapping_add(1)), "null".to_string()] {
        let res = app.http.post(app.url("/api/log_out")).header("origin", &origin).send().await.unwrap();
        assert_eq!(res.status(), 403, "{origin}");
    }
    let res = app.http.post(app.url("/api/log_out")).header("origin", app.url("")).send().await.unwrap();
    assert_ne!(res.status(), 403, "the site itself");
}

/// A PNG of `side`×`side` black pixels: compressed, a few hundred KB that decode to `side`² bytes or more.
fn png_bomb(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_luma8(side, side).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// `png` with its header (IHDR) rewritten to claim `w`×`h` pixels; the data no longer matches.
fn claim_size(mut png: Vec<u8>, w: u32, h: u32) -> Vec<u8> {
    // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4), 5 more bytes, then the CRC.
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

async fn upload_to(browser: &Browser, path: &str, field: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("x.png").mime_str("image/png").unwrap();
    browser
        .http
        .post(browser.url(path))
        .header("origin", browser.url(""))
        .multipart(reqwest::multipart::Form::new().part(field.to_string(), part))
        .send()
        .await
        .unwrap()
}

#[sqlx::test]
async fn image_bombs_and_truncated_images_are_refused_before_decoding(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김폭탄", Some("홍익대학교")).await;
    // 12000×12000 is within the configured side limit, but 144 megapixels is far over the pixel limit.
    let bomb = png_bomb(12_000);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let bomb_copy = bomb.clone();
    let res = upload_to(&artist.browser, "/api/uploads/artwork-image", "image", bomb).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("화소"), "{body}");
    let res = upload_to(&artist.browser, "/api/me/avatar", "avatar", claim_size(bomb_copy, 20_000, 20_000)).await;
    assert_eq!(res.status(), 400);

    let mut truncated = png_bomb(800);
    truncated.truncate(truncated.len() / 2);
    let res = upload_to(&artist.browser, "/api/uploads/artwork-image", "image", truncated).await;
    assert_eq!(res.status(), 400);
    assert_eq!(app.get("/healthz").await.status(), 200);
    let uploads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(uploads, 0, "nothing was stored");
}

#[sqlx::test]
async fn every_kind_of_upload_is_rate_limited_per_member(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = app.member("김아바타", None).await;
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(80, 80).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(upload_to(&m.browser, "/api/me/avatar", "avatar", png.clone()).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "40 avatar uploads in a row were all taken: {statuses:?}");
}

#[sqlx::test]
async fn pages_carry_a_content_security_policy_whose_nonce_the_scripts_use(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let res = app.get("/").await;
    let headers = res.headers().clone();
    let csp = headers.get("content-security-policy").expect("a CSP header").to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'self'") && csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a script nonce").to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).expect("a script-src").to_string();
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'") && !script_src.contains('*'), "{script_src}");
    let html = res.text().await.unwrap();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts, "every script carries the nonce");
    assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(headers.get("permissions-policy").is_some());
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS on a plain-http site");
    // A second page gets a fresh nonce.
    let again = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert_ne!(again, csp);

    let https = spawn_app_with(app.state.db.clone(), &[("PUBLIC_BASE_URL", "https://artipul.example")]).await;
    let res = https.get("/healthz").await;
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
}

#[sqlx::test]
async fn images_of_hidden_works_are_not_served_to_the_public(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김숨김", Some("홍익대학교")).await;
    let id = crate::server::artworks::http_tests::list_work(&artist, "숨길 작품").await;
    let key: String = sqlx::query_scalar("SELECT storage_key FROM artwork_images WHERE artwork_id = ? AND position = 0")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let url = super::storage::image_url(&key, 400);
    assert_eq!(app.get(&url).await.status(), 200, "visible before hiding");
    let admin = app.member("김관리", None).await;
    sqlx::query("UPDATE users SET role = 'admin' WHERE email = ?").bind(&admin.email).execute(&app.state.db).await.unwrap();
    let res = admin.browser.call("hide_artwork", &[("id", &id.to_string()), ("reason", "저작권 침해 신고")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get(&url).await.status(), 404, "a hidden work's image is gone for the public");
    assert_eq!(artist.browser.get(&url).await.status(), 200, "its artist still sees it");
    assert_eq!(admin.browser.get(&url).await.status(), 200, "and so do admins");
}

mod next_paths {
    use proptest::prelude::*;

    use crate::server::auth::session::safe_next;

    /// Where a browser on `https://artipul.kr/login` goes when told `Location: {location}`.
    fn browser_destination(location: &str) -> Option<url::Url> {
        url::Url::parse("https://artipul.kr/login").ok()?.join(location).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn any_next_value_stays_on_the_site_and_is_a_valid_header(next in "\\PC*|[/\\\\\t\r\n\u{1}\u{7f} a-z.:%]{0,12}") {
            let location = safe_next(Some(&next));
            prop_assert!(location.starts_with('/'), "{location:?}");
            prop_assert!(!location.chars().any(char::is_control), "{location:?}");
            prop_assert!(axum::http::HeaderValue::from_str(&location).is_ok(), "{location:?}");
            let to = browser_destination(&location);
            prop_assert_eq!(to.as_ref().and_then(|u| u.host_str()), Some("artipul.kr"), "{:?} → {:?}", next, location);
            prop_assert_eq!(to.as_ref().map(url::Url::scheme), Some("https"));
        }
    }

    #[test]
    fn local_paths_are_kept_and_everything_else_goes_home() {
        assert_eq!(safe_next(Some("/me/auctions?tab=bids#x")), "/me/auctions?tab=bids#x");
        assert_eq!(safe_next(Some("/artworks/12")), "/artworks/12");
        for bad in ["/\t/evil.example", "//evil.example", "/\\evil", "https://evil.example", "/x\r\ny", "/\u{1}", "", "me"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}

mod safe_defaults {
    use crate::server::config::Config;

    fn config(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: std::collections::HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
        Config::from_lookup(|k| vars.get(k).cloned()).map_err(|e| e.to_string())
    }

    const BASE: [(&str, &str); 2] = [("DATABASE_URL", "mysql://root@127.0.0.1:3306/artipul"), ("REDIS_URL", "redis://127.0.0.1:6379")];

    #[test]
    fn without_app_env_the_server_runs_as_production_and_names_what_is_missing() {
        let err = config(&BASE).expect_err("no APP_ENV is production, which needs its secrets");
        assert!(err.contains("APP_SECRET") || err.contains("JWT_SECRET") || err.contains("PUBLIC_BASE_URL"), "{err}");
        let mut vars = BASE.to_vec();
        vars.push(("PAYMENT_GATEWAY", "test"));
        vars.push(("SMS_SINK_FILE", "/tmp/sms.jsonl"));
        let err = config(&vars).expect_err("test-only settings need an explicit development or test APP_ENV");
        assert!(!err.is_empty());
    }

    #[test]
    fn development_and_test_must_be_named() {
        for env in ["development", "test"] {
            let mut vars = BASE.to_vec();
            vars.push(("APP_ENV", env));
            vars.push(("PAYMENT_GATEWAY", "test"));
            let config = config(&vars).unwrap_or_else(|e| panic!("{env}: {e}"));
            assert!(!config.env.is_production());
        }
        let mut vars = BASE.to_vec();
        vars.push(("APP_ENV", "staging"));
        assert!(config(&vars).unwrap_err().contains("APP_ENV"));
    }
}

#[sqlx::test]
async fn nobody_acts_on_another_members_listings_orders_reviews_or_charges(pool: MySqlPool) {
    use crate::server::reviews::http_tests::{purchase, receive, review_form, write_review};
    let app = spawn_app(pool).await;
    let p = purchase(&app, "남의 작품").await;
    let stranger = app.member("김남남", Some("홍익대학교")).await;
    let (work, order) = (p.artwork_id.to_string(), p.order_id.to_string());
    let refused = |status: u16| [400, 403, 404, 409].contains(&status);

    // Another artist's listing: edit and withdraw.
    let images = crate::server::artworks::http_tests::upload_ok(&stranger.browser, 30).await;
    let mut edit = crate::server::artworks::http_tests::listing("가로챈 제목", &images, "설명");
    edit.push(("id", &work));
    let res = stranger.browser.call("update_artwork", &edit).await;
    assert!(refused(res.status().as_u16()), "update_artwork: {}", res.status());
    let res = stranger.browser.call("withdraw_artwork", &[("id", &work)]).await;
    assert!(refused(res.status().as_u16()), "withdraw_artwork: {}", res.status());

    // Someone else's order, in every role: ship (the artist's), confirm and dispute (the buyer's).
    for (who, endpoint, form) in [
        (&stranger, "ship_order", vec![("order_id", order.as_str()), ("carrier", "CJ대한통운"), ("tracking_no", "123456789012")]),
        (&p.buyer, "ship_order", vec![("order_id", order.as_str()), ("carrier", "CJ대한통운"), ("tracking_no", "123456789012")]),
        (&stranger, "confirm_order", vec![("order_id", order.as_str())]),
        (&stranger, "dispute_order", vec![("order_id", order.as_str()), ("reason", "받지 못했습니다 가로채기")]),
    ] {
        let res = who.browser.call(endpoint, &form).await;
        assert!(refused(res.status().as_u16()), "{endpoint} by {}: {}", who.nickname, res.status());
    }
    let status: String =
        sqlx::query_scalar("SELECT status FROM orders WHERE id = ?").bind(p.order_id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(status, "paid", "the order did not move");

    // Someone else's review: edit and delete.
    receive(&p).await;
    let review = write_review(&p, "내 후기", "정말 마음에 드는 작품이에요. 색이 좋아요.", "").await.to_string();
    let mut form = review_form("가로챈 후기", "남의 후기를 바꾸려는 시도입니다.", "");
    form.push(("id", &review));
    assert!(refused(stranger.browser.call("update_review", &form).await.status().as_u16()));
    assert!(refused(stranger.browser.call("delete_review", &[("id", &review)]).await.status().as_u16()));
    let title: String = sqlx::query_scalar("SELECT title FROM reviews WHERE id = ?").bind(&review).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(title, "내 후기");

    // Someone else's charge: confirm, check and refund.
    let checkout: String = p.buyer.browser.call("prepare_charge", &[("amount", "10000")]).await.json().await.unwrap();
    let merchant_uid =
        url::Url::parse(&format!("http://x{checkout}")).unwrap().query_pairs().find(|(k, _)| k == "merchant_uid").unwrap().1.to_string();
    for (endpoint, form) in [
        ("confirm_charge", vec![("imp_uid", "imp_x"), ("merchant_uid", merchant_uid.as_str())]),
        ("check_charge", vec![("merchant_uid", merchant_uid.as_str())]),
        ("refund_charge", vec![("merchant_uid", merchant_uid.as_str())]),
    ] {
        let res = stranger.browser.call(endpoint, &form).await;
        assert!(refused(res.status().as_u16()), "{endpoint}: {}", res.status());
    }
    let title: String =
        sqlx::query_scalar("SELECT title FROM artworks WHERE id = ?").bind(p.artwork_id).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(title, "남의 작품", "the listing did not change");
    crate::server::wallet::tests::check_invariants(&app.state.db).await;
}

/// OTP brute force: a million codes cannot be tried. Fifty guesses in parallel count at most five
/// wrong tries (the check is one Lua script), after which the code is gone and even the right one
/// fails; the same holds for the e-mail codes.
#[sqlx::test]
async fn one_time_codes_die_after_five_wrong_guesses_even_in_parallel(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let phone = super::testing::random_phone();
    let attacker = app.browser();
    assert_eq!(attacker.call("send_signup_code", &[("phone", &phone)]).await.status(), 200);
    let code = app.last_code();
    let guesses: Vec<String> = (0..50u32).map(|n| format!("{:06}", (code.parse::<u32>().unwrap() + 1 + n) % 1_000_000)).collect();
    let answers = join_all(guesses.iter().map(|g| {
        let (attacker, phone) = (&attacker, &phone);
        async move { attacker.call("verify_signup_code", &[("phone", phone.as_str()), ("code", g.as_str())]).await }
    }))
    .await;
    let mut texts = Vec::new();
    for a in answers {
        assert_eq!(a.status(), 400);
        texts.push(a.text().await.unwrap());
    }
    let counted = texts.iter().filter(|t| t.contains("일치하지 않습니다") || t.contains("5회")).count();
    assert!(counted <= 5, "{counted} guesses were checked against the code");
    let right = attacker.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await;
    assert_eq!(right.status(), 400, "the code died with the fifth wrong guess");

    let member = app.member("김메일", None).await;
    let code = app.last_email_code(&member.email).unwrap();
    let wrong: Vec<String> = (1..=50u32).map(|n| format!("{:06}", (code.parse::<u32>().unwrap() + n) % 1_000_000)).collect();
    join_all(wrong.iter().map(|g| {
        let browser = &member.browser;
        async move { browser.call("verify_email", &[("code", g.as_str())]).await }
    }))
    .await;
    assert_eq!(member.browser.call("verify_email", &[("code", &code)]).await.status(), 400);
    let verified: Option<chrono::NaiveDateTime> = sqlx::query_scalar("SELECT email_verified_at FROM users WHERE nickname = ?")
        .bind(&member.nickname)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(verified.is_none());
}

/// A stolen refresh token used after its owner rotated it: refused, and the whole log-in (the owner's
/// newer tokens too) is revoked, so the thief's copy and anything it minted die together.
#[sqlx::test]
async fn a_replayed_refresh_token_revokes_its_whole_family(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let member = app.member("김토큰", None).await;
    let client = app.browser();
    let grant = |path: &'static str, body: Value| {
        let (client, url) = (client.http.clone(), app.url(path));
        async move { client.post(url).json(&body).send().await.unwrap() }
    };
    let first: Value =
        grant("/api/auth/token", serde_json::json!({"email": member.email, "password": PASSWORD})).await.json().await.unwrap();
    let stolen = first["refresh_token"].as_str().unwrap().to_string();
    let rotated: Value = grant("/api/auth/refresh", serde_json::json!({"refresh_token": stolen})).await.json().await.unwrap();
    let owners = rotated["refresh_token"].as_str().unwrap().to_string();
    // Later (past the 30 s allowance for a browser's own parallel refresh), the thief presents the copy.
    sqlx::query("UPDATE refresh_tokens SET rotated_at = rotated_at - INTERVAL 1 MINUTE WHERE rotated_at IS NOT NULL")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(grant("/api/auth/refresh", serde_json::json!({"refresh_token": stolen})).await.status(), 401);
    assert_eq!(grant("/api/auth/refresh", serde_json::json!({"refresh_token": owners})).await.status(), 401, "the family is revoked");
    let (family_alive, others_alive): (i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(family_id = f.id AND revoked_at IS NULL) AS SIGNED), CAST(SUM(family_id <> f.id AND revoked_at IS NULL) AS SIGNED)
         FROM refresh_tokens, (SELECT family_id AS id FROM refresh_tokens WHERE rotated_at IS NOT NULL LIMIT 1) f",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(family_alive, 0, "every token of the stolen log-in is revoked");
    assert_eq!(others_alive, 1, "the member's other log-in (the browser's sign-up session) lives on");
}

/// Cross-site POSTs — a hostile page's form or fetch, carrying the member's cookies — change nothing,
/// whichever server function they aim at: a foreign `Origin`, an opaque `null` one, a foreign
/// `Referer`, or no origin at all from a browser that says the request is cross-site.
#[sqlx::test]
async fn cross_site_posts_are_refused_for_every_server_function(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let member = app.member("김교차", None).await;
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| *method == reqwest::Method::POST)
        .map(|(p, _)| p.to_string())
        .collect();
    paths.sort();
    assert!(paths.len() >= 60, "{paths:?}");
    let forged: [(&str, &str); 4] = [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("referer", "https://evil.example/page"),
        ("sec-fetch-site", "cross-site"),
    ];
    for path in &paths {
        for (header, value) in forged {
            let res = member
                .browser
                .http
                .post(member.browser.url(path))
                .header(header, value)
                .form(&[("email", "evil@evil.example"), ("current_password", PASSWORD), ("bio", "pwned")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path} with {header}: {value}");
            assert!(res.text().await.unwrap().contains("허용되지 않은 요청"), "{path}");
        }
    }
    let (email, bio): (String, Option<String>) =
        sqlx::query_as("SELECT email, bio FROM users WHERE nickname = ?").bind(&member.nickname).fetch_one(&app.state.db).await.unwrap();
    assert_eq!((email.as_str(), bio), (member.email.as_str(), None));
    assert!(member.browser.call("me", &[]).await.json::<Value>().await.unwrap().is_object(), "still logged in");
}
