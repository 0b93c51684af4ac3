//! Recovery, profile, the JSON token API and privacy, over real HTTP against MariaDB and Redis.

use serde_json::Value;
use sqlx::MySqlPool;

use crate::server::testing::{spawn_app, Browser, Member, TestApp, MEMBER_PASSWORD as PASSWORD};

const NEW_PASSWORD: &str = "노을지는-언덕-3번지";

async fn member(app: &TestApp, real_name: &str) -> Member {
    app.member(real_name, None).await
}

async fn me(browser: &Browser) -> Value {
    browser.call("me", &[]).await.json().await.unwrap()
}

async fn can_log_in(app: &TestApp, email: &str, password: &str) -> bool {
    app.browser().call("log_in", &[("email", email), ("password", password)]).await.status() == 200
}

fn sms_lines(app: &TestApp) -> usize {
    std::fs::read_to_string(app.state.config.sms_sink_file.clone().unwrap()).unwrap_or_default().lines().count()
}

#[sqlx::test]
async fn password_reset_needs_the_code_and_ends_every_session(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = member(&app, "김재설정").await;
    let stranger = app.browser();

    // Without a verified code: refused, nothing changes.
    let res = stranger.call("reset_password", &[("email", &m.email), ("phone", &m.phone), ("password", NEW_PASSWORD)]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("휴대폰 인증을 먼저"));
    assert!(can_log_in(&app, &m.email, PASSWORD).await);

    // A code for the wrong e-mail is never sent, yet the answer looks the same.
    app.forget_minute_limit(&m.phone).await;
    let before = sms_lines(&app);
    let wrong =
        stranger.call("send_recovery_code", &[("purpose", "ResetPassword"), ("phone", &m.phone), ("email", "other@artipul.kr")]).await;
    assert_eq!(wrong.status(), 200);
    assert_eq!(sms_lines(&app), before, "no code for a mismatched account");

    // The owner, from another browser: code → verify → new password.
    let owner = app.browser();
    let sent = owner.call("send_recovery_code", &[("purpose", "ResetPassword"), ("phone", &m.phone), ("email", &m.email)]).await;
    // The stranger's attempt used this phone's one-per-minute send.
    assert_eq!(sent.status(), 429, "probing counts against the same limits");
    app.forget_minute_limit(&m.phone).await;
    let sent = owner.call("send_recovery_code", &[("purpose", "ResetPassword"), ("phone", &m.phone), ("email", &m.email)]).await;
    assert_eq!(sent.status(), 200);
    let code = app.last_code();
    // A sign-up code does not verify a reset, nor the other way round.
    assert_eq!(owner.call("verify_signup_code", &[("phone", &m.phone), ("code", &code)]).await.status(), 400);
    let ok = owner.call("verify_recovery_code", &[("purpose", "ResetPassword"), ("phone", &m.phone), ("code", &code)]).await;
    assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap());
    let done = owner.call("reset_password", &[("email", &m.email), ("phone", &m.phone), ("password", NEW_PASSWORD)]).await;
    assert_eq!(done.status(), 200, "{}", done.text().await.unwrap());
    assert_eq!(done.headers()["location"], "/login");
    let login_page = owner.get("/login").await.text().await.unwrap();
    assert!(login_page.contains("비밀번호를 바꿨습니다"), "flash shown once");
    assert!(!owner.get("/login").await.text().await.unwrap().contains("비밀번호를 바꿨습니다"), "and only once");

    assert!(me(&m.browser).await.is_null(), "the old session ended");
    assert!(!can_log_in(&app, &m.email, PASSWORD).await);
    assert!(can_log_in(&app, &m.email, NEW_PASSWORD).await);
    // The proof is spent.
    let again = owner.call("reset_password", &[("email", &m.email), ("phone", &m.phone), ("password", "또-다른-비밀번호-9")]).await;
    assert_eq!(again.status(), 400);
}

#[sqlx::test]
async fn find_email_answers_masked_and_only_after_the_code(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = member(&app, "김찾기").await;
    let b = app.browser();
    assert_eq!(b.call("find_email", &[("phone", &m.phone)]).await.status(), 400);
    app.forget_minute_limit(&m.phone).await;
    assert_eq!(b.call("send_recovery_code", &[("purpose", "FindEmail"), ("phone", &m.phone)]).await.status(), 200);
    let code = app.last_code();
    assert_eq!(b.call("verify_recovery_code", &[("purpose", "FindEmail"), ("phone", &m.phone), ("code", &code)]).await.status(), 200);
    let found: String = b.call("find_email", &[("phone", &m.phone)]).await.json().await.unwrap();
    assert_eq!(found, crate::domain::account::Email::parse(&m.email).unwrap().masked());
    assert_ne!(found, m.email);
    assert_eq!(b.call("find_email", &[("phone", &m.phone)]).await.status(), 400, "one answer per code");
}

#[sqlx::test]
async fn profile_changes_are_validated_and_owned(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = member(&app, "김프로필").await;
    let visitor = app.browser();
    assert_eq!(visitor.call("my_profile", &[]).await.status(), 401);
    assert_eq!(visitor.call("update_bio", &[("bio", "x")]).await.status(), 401);
    let page = visitor.http.get(visitor.url("/me/profile")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 302);
    assert_eq!(page.headers()["location"], "/login?next=/me/profile", "visitors are sent to log in");

    let res = m.browser.call("update_bio", &[("bio", "**안녕하세요** <script>alert(1)</script><img src=x onerror=alert(1)>")]).await;
    assert_eq!(res.status(), 200);
    let profile: Value = m.browser.call("my_profile", &[]).await.json().await.unwrap();
    let html = profile["bio_html"].as_str().unwrap();
    assert!(html.contains("<strong>안녕하세요</strong>"), "{html}");
    assert!(!html.contains("<script") && !html.contains("onerror"), "{html}");
    assert_eq!(m.browser.call("update_bio", &[("bio", &"가".repeat(1001))]).await.status(), 400);

    let bad = m
        .browser
        .call("set_shipping_address", &[("recipient", "김하늘"), ("phone", &m.phone), ("postal_code", "123"), ("address1", "서울")])
        .await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("우편번호"));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shipping_addresses").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(rows, 0, "a refused address stores nothing");
    let good = m
        .browser
        .call(
            "set_shipping_address",
            &[
                ("recipient", "김하늘"),
                ("phone", &m.phone),
                ("postal_code", "04066"),
                ("address1", "서울 마포구 와우산로 94"),
                ("address2", "3층"),
            ],
        )
        .await;
    assert_eq!(good.status(), 200);
    let profile: Value = m.browser.call("my_profile", &[]).await.json().await.unwrap();
    assert_eq!(profile["shipping"]["postal_code"], "04066");

    // Changing the password needs the current one.
    let wrong = m.browser.call("change_password", &[("current_password", "틀린-비밀번호-000"), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.unwrap().contains("현재 비밀번호"));
    assert!(can_log_in(&app, &m.email, PASSWORD).await);
    let other_device = app.browser();
    assert_eq!(other_device.call("log_in", &[("email", &m.email), ("password", PASSWORD)]).await.status(), 200);
    let ok = m.browser.call("change_password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)]).await;
    assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap());
    assert_eq!(me(&m.browser).await["nickname"], m.nickname, "this browser stays logged in");
    assert!(me(&other_device).await.is_null(), "other devices are logged out");
    assert!(can_log_in(&app, &m.email, NEW_PASSWORD).await);
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(w, h).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

async fn upload(browser: &Browser, bytes: Vec<u8>, file_name: &str, mime: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()).mime_str(mime).unwrap();
    browser
        .http
        .post(browser.url("/api/me/avatar"))
        .header("origin", browser.url(""))
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .unwrap()
}

fn stored_files(app: &TestApp) -> usize {
    let dir = app.state.storage.root().join("avatars");
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[sqlx::test]
async fn avatars_are_checked_by_content(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = member(&app, "김아바타").await;
    assert_eq!(upload(&app.browser(), png(100, 100), "a.png", "image/png").await.status(), 401);

    // An HTML file named and labelled as a PNG is refused; so is an oversize file.
    let fake = upload(&m.browser, b"<html><script>alert(1)</script></html>".to_vec(), "cat.png", "image/png").await;
    assert_eq!(fake.status(), 400);
    let body: Value = fake.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("JPEG, PNG, WebP"), "{body}");
    let huge = upload(&m.browser, vec![0u8; 11 * 1024 * 1024], "big.jpg", "image/jpeg").await;
    assert!(huge.status() == 400 || huge.status() == 413, "{}", huge.status());
    assert_eq!(stored_files(&app), 0, "refused uploads store nothing");

    // The plain form (no script): back to the profile with the reason, which comes from the session, not
    // the URL — text planted in a link to the page is not shown.
    let part = reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("x.png").mime_str("image/png").unwrap();
    let form = m
        .browser
        .http
        .post(m.browser.url("/api/me/avatar"))
        .header("origin", m.browser.url(""))
        .header("accept", "text/html")
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 303);
    assert_eq!(form.headers()["location"], "/me/profile?error=avatar");
    let page = m.browser.get("/me/profile?error=avatar").await.text().await.unwrap();
    assert!(page.contains("JPEG, PNG, WebP"), "the reason is shown once");
    let planted = m.browser.get("/me/profile?error=%EA%B3%A0%EA%B0%9D%EC%84%BC%ED%84%B0%20010-9999-0000").await.text().await.unwrap();
    assert!(!planted.contains("010-9999-0000"));

    let ok = upload(&m.browser, png(300, 200), "../../etc/passwd.png", "image/png").await;
    assert_eq!(ok.status(), 200);
    let url = ok.json::<Value>().await.unwrap()["avatar_url"].as_str().unwrap().to_string();
    assert!(url.starts_with("/media/avatars/") && url.ends_with(".jpg") && !url.contains("passwd"), "{url}");
    let served = m.browser.get(&url).await;
    assert_eq!(served.status(), 200);
    let img = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (256, 256));

    // A second upload replaces the first file.
    assert_eq!(upload(&m.browser, png(128, 128), "b.png", "image/png").await.status(), 200);
    assert_eq!(stored_files(&app), 1);
}

#[sqlx::test]
async fn api_clients_get_tokens_as_json(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let m = member(&app, "김토큰").await;
    let http = &app.http;
    let bad = http
        .post(app.url("/api/auth/token"))
        .json(&serde_json::json!({"email": m.email, "password": "wrong-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let res =
        http.post(app.url("/api/auth/token")).json(&serde_json::json!({"email": m.email, "password": PASSWORD})).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("set-cookie").is_none(), "API clients get JSON, not cookies");
    let pair: Value = res.json().await.unwrap();
    assert_eq!(pair["token_type"], "Bearer");
    assert!(pair["expires_in"].as_i64().unwrap() > 800 && pair["expires_in"].as_i64().unwrap() <= 900);
    let access = pair["access_token"].as_str().unwrap();
    let whoami = |token: String| {
        let http = http.clone();
        let url = app.url("/api/me");
        async move { http.post(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(whoami(access.to_string()).await["nickname"], m.nickname);

    let refreshed: Value = http
        .post(app.url("/api/auth/refresh"))
        .json(&serde_json::json!({"refresh_token": pair["refresh_token"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_access = refreshed["access_token"].as_str().unwrap().to_string();
    assert_eq!(whoami(new_access.clone()).await["nickname"], m.nickname);

    let revoked = http
        .post(app.url("/api/auth/revoke"))
        .bearer_auth(&new_access)
        .json(&serde_json::json!({"refresh_token": refreshed["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert!(whoami(new_access).await.is_null(), "a revoked access token is refused");
    let after = http
        .post(app.url("/api/auth/refresh"))
        .json(&serde_json::json!({"refresh_token": refreshed["refresh_token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
    let malformed = http.post(app.url("/api/auth/token")).body("email=x").send().await.unwrap();
    assert_eq!(malformed.status(), 400);
    assert!(malformed.text().await.unwrap().contains("요청 형식"));
}
