//! Sign-up, log-in and log-out over real HTTP, as a browser does it: server functions, cookies, redirects.

use reqwest::header::{HeaderMap, SET_COOKIE};
use sqlx::MySqlPool;

use crate::server::testing::{spawn_app, TestApp};

const PASSWORD: &str = "바다가-보이는-창문7";

async fn post_form(app: &TestApp, endpoint: &str, form: &[(&str, &str)], cookies: &str) -> reqwest::Response {
    app.http
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", app.url(""))
        .header("cookie", cookies)
        .form(form)
        .send()
        .await
        .unwrap()
}

/// `name=value; name=value` from a response's Set-Cookie headers (the session cookies to send back).
fn cookies(headers: &HeaderMap) -> String {
    headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).filter_map(|v| v.split(';').next()).collect::<Vec<_>>().join("; ")
}

fn last_code(app: &TestApp) -> String {
    let path = app.state.config.sms_sink_file.clone().expect("tests use the SMS sink");
    let text = std::fs::read_to_string(path).unwrap();
    text.split_whitespace().rfind(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit())).unwrap().to_string()
}

/// Signs up a student artist with a fresh e-mail (the log-in throttle lives in the shared Redis, so no two
/// test runs may share an account name). Returns the session cookies and the e-mail.
/// The phone is random too: send limits per phone (1 a minute, 10 a day) also live in the shared Redis.
async fn sign_up_as(app: &TestApp) -> (String, String) {
    let mut rng = rand::thread_rng();
    let email = format!("haneul{}@artipul.kr", rand::Rng::gen::<u32>(&mut rng));
    let phone = format!("010{:08}", rand::Rng::gen_range(&mut rng, 0..100_000_000u32));
    (sign_up_with(app, &phone, &email).await, email)
}

async fn sign_up(app: &TestApp) -> String {
    sign_up_as(app).await.0
}

async fn sign_up_with(app: &TestApp, phone: &str, email: &str) -> String {
    assert_eq!(post_form(app, "send_signup_code", &[("phone", phone)], "").await.status(), 200);
    let code = last_code(app);
    let verified = post_form(app, "verify_signup_code", &[("phone", phone), ("code", &code)], "").await;
    assert_eq!(verified.status(), 200);
    // The proof of the code belongs to this browser's session: send its cookie back, as a browser would.
    let session = cookies(verified.headers());
    assert!(session.contains("artipul_sid="), "{session}");
    let res = post_form(
        app,
        "sign_up",
        &[
            ("kind", "Artist"),
            ("email", email),
            ("password", PASSWORD),
            ("nickname", "하늘물감"),
            ("name", "김하늘"),
            ("phone", phone),
            ("college", "홍익대학교"),
        ],
        &session,
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/");
    let set: Vec<&str> = res.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(set.len(), 2, "{set:?}");
    for cookie in &set {
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    }
    cookies(res.headers())
}

#[sqlx::test]
async fn a_student_artist_signs_up_sees_their_page_and_logs_out(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let session = sign_up(&app).await;

    let page = app.http.get(app.url("/me")).header("accept", "text/html").header("cookie", &session).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("하늘물감"));
    assert!(html.contains("로그아웃"));
    assert!(!html.contains("@artipul.kr") && !html.contains("김하늘"), "no private data in pages");

    let out = post_form(&app, "log_out", &[], &session).await;
    assert_eq!(out.status(), 200);
    let cleared: Vec<&str> = out.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    assert!(cleared.iter().all(|c| c.contains("Max-Age=0")), "{cleared:?}");

    // The old cookies are dead even though the browser could still send them.
    let page = app.http.get(app.url("/me")).header("accept", "text/html").header("cookie", &session).send().await.unwrap();
    assert_eq!(page.status(), 302);
    assert_eq!(page.headers()["location"], "/login?next=/me");
}

#[sqlx::test]
async fn protected_pages_redirect_visitors_to_log_in(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let res = app.http.get(app.url("/me")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/login?next=/me");
}

#[sqlx::test]
async fn log_in_goes_back_to_where_the_user_was(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (_, email) = sign_up_as(&app).await;
    let res = post_form(&app, "log_in", &[("email", &email.to_uppercase()), ("password", PASSWORD), ("next", "/me")], "").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["location"], "/me");
    let res = post_form(&app, "log_in", &[("email", &email), ("password", "wrong-password!"), ("next", "/me")], "").await;
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["message"], "이메일 또는 비밀번호가 올바르지 않습니다.");
}

#[sqlx::test]
async fn bad_sign_up_input_gets_korean_errors_and_creates_nothing(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let cases = [
        ("email", "not-an-email", "이메일"),
        ("password", "12345678", "흔한"),
        ("nickname", "<script>", "닉네임"),
        ("phone", "02-123-4567", "휴대폰"),
        ("college", "서울고등학교", "대학교"),
    ];
    for (field, value, needle) in cases {
        let mut form = vec![
            ("kind", "Artist"),
            ("email", "a@artipul.kr"),
            ("password", PASSWORD),
            ("nickname", "하늘물감"),
            ("name", "김하늘"),
            ("phone", "010-1111-2222"),
            ("college", "홍익대학교"),
        ];
        form.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value;
        let res = post_form(&app, "sign_up", &form, "").await;
        assert_eq!(res.status(), 400, "{field}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains(needle), "{field}: {body}");
    }
    // Valid input without a verified phone is refused too.
    let res = post_form(
        &app,
        "sign_up",
        &[
            ("kind", "Buyer"),
            ("email", "a@artipul.kr"),
            ("password", PASSWORD),
            ("nickname", "하늘물감"),
            ("name", "김하늘"),
            ("phone", "010-1111-2222"),
        ],
        "",
    )
    .await;
    assert_eq!(res.status(), 400);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(users, 0);
}

#[sqlx::test]
async fn cross_origin_state_changes_are_refused(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    for origin in ["https://evil.example", "http://127.0.0.1:1"] {
        let res = app
            .http
            .post(app.url("/api/send_signup_code"))
            .header("origin", origin)
            .form(&[("phone", "010-4567-8901")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{origin}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("허용되지 않은"));
    }
    // Nothing was sent.
    assert!(!app.state.config.sms_sink_file.clone().unwrap().exists());
    // A forged Referer is judged the same way.
    let res = app.http.post(app.url("/api/log_out")).header("referer", "https://evil.example/page").send().await.unwrap();
    assert_eq!(res.status(), 403);
}

#[sqlx::test]
async fn an_expired_access_token_is_renewed_once_per_page_from_the_refresh_cookie(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let session = sign_up(&app).await;
    // Only the refresh cookie, as after the access cookie's 15 minutes ran out.
    let refresh_only: String = session.split("; ").filter(|c| c.starts_with("artipul_rt=")).collect();
    let page = app.http.get(app.url("/me")).header("accept", "text/html").header("cookie", &refresh_only).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let renewed = cookies(page.headers());
    assert!(renewed.contains("artipul_at=") && renewed.contains("artipul_rt="), "{renewed}");
    // The page and its header both needed the user; the refresh token was rotated exactly once.
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM refresh_tokens").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(rows, 2, "the sign-up session's token and its one successor");
    assert!(page.text().await.unwrap().contains("하늘물감"));
    // The renewed pair works.
    let again = app.http.get(app.url("/me")).header("accept", "text/html").header("cookie", &renewed).send().await.unwrap();
    assert_eq!(again.status(), 200);
}
