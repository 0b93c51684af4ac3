//! Social log-in end to end over HTTP against the local OAuth 2 provider: the authorization redirect
//! with state + PKCE, the code exchange, each provider's user-info shape, onboarding for new identities,
//! linking only by a provider-verified e-mail, and refusal of forged or replayed callbacks.

use sqlx::MySqlPool;

use super::fake_provider::FakeProvider;
use crate::server::testing::{random_email, random_phone, spawn_app_with, Browser, TestApp, MEMBER_PASSWORD};

async fn app_with(pool: MySqlPool, providers: &[&str]) -> (TestApp, FakeProvider) {
    let fake = FakeProvider::start().await;
    let env: Vec<(String, String)> = providers.iter().flat_map(|p| fake.env(p)).collect();
    let overrides: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    (spawn_app_with(pool, &overrides).await, fake)
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").expect("a redirect").to_str().unwrap().to_string()
}

fn has_auth_cookie(res: &reqwest::Response) -> bool {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("artipul_at=") && !v.to_str().unwrap().starts_with("artipul_at=;"))
}

/// Start → provider (as `hint`) → callback; returns the callback's response.
async fn log_in_with(browser: &Browser, provider: &str, hint: &str) -> reqwest::Response {
    let start = browser.get(&format!("/auth/{provider}/start?next=/me")).await;
    assert_eq!(start.status(), 303, "start redirects to the provider");
    let authorize = location(&start);
    for required in ["response_type=code", "code_challenge_method=S256", "code_challenge=", "state=", "redirect_uri="] {
        assert!(authorize.contains(required), "{authorize} lacks {required}");
    }
    let hint: String = url::form_urlencoded::byte_serialize(hint.as_bytes()).collect();
    let at_provider = browser.get(&format!("{authorize}&login_hint={hint}")).await;
    assert_eq!(at_provider.status(), 303);
    browser.get(&location(&at_provider)).await
}

async fn users(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.state.db).await.unwrap()
}

async fn me(browser: &Browser) -> serde_json::Value {
    browser.call("me", &[]).await.json().await.unwrap()
}

#[sqlx::test]
async fn first_login_requires_onboarding_then_logs_straight_in(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["google"]).await;
    let browser = app.browser();
    let email = random_email("gsocial");
    let subject = format!("g-{}", uuid::Uuid::new_v4().simple());
    let callback = log_in_with(&browser, "google", &format!("{subject}|{email}|verified")).await;
    assert_eq!(location(&callback), "/signup/social");
    assert!(!has_auth_cookie(&callback), "no session before onboarding");
    assert_eq!(users(&app).await, 0, "no account exists before onboarding");
    assert!(me(&browser).await.is_null());

    let pending: serde_json::Value = browser.call("social_pending", &[]).await.json().await.unwrap();
    assert_eq!(pending["provider"], "google");
    assert!(pending["verified_email_masked"].as_str().unwrap().contains("***@artipul.kr"), "{pending}");

    // Onboarding without phone verification is refused and creates nothing.
    let phone = random_phone();
    let form = [("kind", "Buyer"), ("nickname", "구글손님"), ("name", "구하늘"), ("phone", phone.as_str())];
    let refused = browser.call("complete_social_sign_up", &form).await;
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("휴대폰 인증을 먼저"));
    assert_eq!(users(&app).await, 0);

    assert_eq!(browser.call("send_signup_code", &[("phone", &phone)]).await.status(), 200);
    let code = app.last_code();
    assert_eq!(browser.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await.status(), 200);
    let done = browser.call("complete_social_sign_up", &form).await;
    assert_eq!(done.status(), 200, "{}", done.text().await.unwrap());
    assert_eq!(me(&browser).await["nickname"], "구글손님");
    let (stored_email, hash): (String, Option<String>) =
        sqlx::query_as("SELECT email, password_hash FROM users").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stored_email, email, "the provider-verified e-mail is used");
    assert_eq!(hash, None, "no password is derived from provider data");

    // The next log-in with the same identity goes straight in, from a fresh browser.
    let again = log_in_with(&app.browser(), "google", &format!("{subject}|{email}|verified")).await;
    assert_eq!(location(&again), "/me");
    assert!(has_auth_cookie(&again));
    assert_eq!(users(&app).await, 1);
}

/// An account whose owner verified `email`.
async fn existing_account(app: &TestApp, email: &str) -> u64 {
    sqlx::query("INSERT INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at, password_hash) VALUES (?, UTC_TIMESTAMP(6), '기존회원', '김기존', '+821055554444', UTC_TIMESTAMP(6), 'x')")
        .bind(email)
        .execute(&app.state.db)
        .await
        .unwrap()
        .last_insert_id()
}

#[sqlx::test]
async fn a_provider_verified_email_links_the_existing_account(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["google", "kakao"]).await;
    let email = random_email("linked");
    let id = existing_account(&app, &email).await;
    let browser = app.browser();
    let callback = log_in_with(&browser, "kakao", &format!("12345|{email}|verified")).await;
    assert_eq!(location(&callback), "/me");
    assert!(has_auth_cookie(&callback));
    assert_eq!(me(&browser).await["nickname"], "기존회원");
    let linked: (u64,) = sqlx::query_as("SELECT user_id FROM social_accounts WHERE provider = 'kakao' AND subject = '12345'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(linked.0, id);
}

/// The takeover: someone signs up with another person's address (never verifying it); when the real
/// owner later logs in with a provider that vouches for the address, the identity must not be linked
/// to the squatter's account. The owner of an unverified account links by proving its password.
#[sqlx::test]
async fn a_squatted_unverified_address_never_links_and_a_password_proves_ownership(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["google"]).await;
    let email = random_email("owner");
    let squatter = app.member_with_email("가로채기", None, &email).await;

    let owner = app.browser();
    let callback = log_in_with(&owner, "google", &format!("g-owner|{email}|verified")).await;
    assert_eq!(location(&callback), "/signup/social", "not logged into the squatter's account");
    assert!(!has_auth_cookie(&callback));
    assert!(me(&owner).await.is_null());
    let pending: serde_json::Value = owner.call("social_pending", &[]).await.json().await.unwrap();
    assert_eq!(pending["existing_account"], true, "{pending}");
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM social_accounts").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(links, 0);
    let page = owner.get("/signup/social").await.text().await.unwrap();
    assert!(page.contains("data-testid=\"existing-account\""), "the onboarding offers the password log-in");

    // Whoever knows the account's password owns it: logging in from the browser that brought the
    // identity back links it, and the provider's word now verifies the address.
    let res = owner.call("log_in", &[("email", &email), ("password", MEMBER_PASSWORD), ("next", "/me")]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(me(&owner).await["nickname"], squatter.nickname.as_str());
    let (linked_to, verified): (u64, Option<chrono::NaiveDateTime>) = sqlx::query_as(
        "SELECT s.user_id, u.email_verified_at FROM social_accounts s JOIN users u ON u.id = s.user_id WHERE s.subject = 'g-owner'",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert!(verified.is_some());
    let again = log_in_with(&app.browser(), "google", &format!("g-owner|{email}|verified")).await;
    assert_eq!(location(&again), "/me");
    let id: u64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(&email).fetch_one(&app.state.db).await.unwrap();
    assert_eq!(linked_to, id);

    // A pending identity for another address is never linked by someone else's password.
    let other_email = random_email("other");
    let other = app.member_with_email("다른회원", None, &other_email).await;
    let stranger = app.browser();
    log_in_with(&stranger, "google", &format!("g-stranger|{}|verified", random_email("stranger"))).await;
    let res = stranger.call("log_in", &[("email", &other.email), ("password", MEMBER_PASSWORD)]).await;
    assert_eq!(res.status(), 200);
    let stray: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM social_accounts WHERE subject = 'g-stranger'").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(stray, 0);
}

#[sqlx::test]
async fn an_unverified_email_never_links(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["google", "naver"]).await;
    let email = random_email("victim");
    existing_account(&app, &email).await;
    // Google says the address is not verified; Naver has no verification flag at all.
    for (provider, hint) in [("google", format!("attacker|{email}|unverified")), ("naver", format!("nv-1|{email}|verified"))] {
        let browser = app.browser();
        let callback = log_in_with(&browser, provider, &hint).await;
        assert_eq!(location(&callback), "/signup/social", "{provider}");
        assert!(!has_auth_cookie(&callback), "{provider}");
        let pending: serde_json::Value = browser.call("social_pending", &[]).await.json().await.unwrap();
        assert!(pending["verified_email_masked"].is_null(), "{provider}: the form must ask for an e-mail");
        // Onboarding with the victim's address is refused by the unique key.
        let phone = random_phone();
        browser.call("send_signup_code", &[("phone", &phone)]).await;
        let code = app.last_code();
        browser.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await;
        let res = browser
            .call(
                "complete_social_sign_up",
                &[("kind", "Buyer"), ("nickname", "가로채기"), ("name", "공격자"), ("phone", &phone), ("email", &email)],
            )
            .await;
        assert_eq!(res.status(), 409, "{provider}");
        assert!(res.text().await.unwrap().contains("이미 가입된 이메일"));
    }
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM social_accounts").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(links, 0);
}

#[sqlx::test]
async fn forged_replayed_and_denied_callbacks_are_refused(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["google"]).await;
    let email = random_email("forge");
    existing_account(&app, &email).await;

    // A callback this browser never started (login CSRF) is refused.
    let browser = app.browser();
    let forged = browser.get("/auth/google/callback?code=abc&state=xyz").await;
    assert!(location(&forged).starts_with("/login?error="), "{}", location(&forged));
    assert!(!has_auth_cookie(&forged));

    // A wrong state is refused, and the started flow is spent.
    let start = browser.get("/auth/google/start").await;
    let authorize = location(&start);
    let at_provider = browser.get(&format!("{authorize}&login_hint=s1%7C{email}%7Cverified")).await;
    let callback_url = location(&at_provider);
    let state = url::Url::parse(&callback_url).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
    let tampered = callback_url.replace(&state, "tampered-state");
    assert!(location(&browser.get(&tampered).await).starts_with("/login?error="));
    let replay = browser.get(&callback_url).await;
    assert!(location(&replay).starts_with("/login?error="), "state is single-use");
    assert!(!has_auth_cookie(&replay));

    // The person says no at the provider.
    let start = browser.get("/auth/google/start").await;
    let denied = browser.get(&location(&browser.get(&format!("{}&login_hint=deny", location(&start))).await)).await;
    assert_eq!(location(&denied), "/login?error=social_cancelled&provider=google");
    let page = browser.get(&location(&denied)).await.text().await.unwrap();
    assert!(page.contains("Google 로그인이 취소되었습니다."), "the log-in page words the code");
}

#[sqlx::test]
async fn unconfigured_providers_are_hidden(pool: MySqlPool) {
    let (app, _fake) = app_with(pool, &["kakao"]).await;
    let browser = app.browser();
    let providers: serde_json::Value = browser.call("social_providers", &[]).await.json().await.unwrap();
    assert_eq!(providers, serde_json::json!(["kakao"]));
    assert_eq!(browser.get("/auth/naver/start").await.status(), 404);
    assert_eq!(browser.get("/auth/google/callback?code=a&state=b").await.status(), 404);
    let login = browser.get("/login").await.text().await.unwrap();
    assert!(login.contains("/auth/kakao/start"), "the configured provider is offered");
    assert!(!login.contains("/auth/naver/start") && !login.contains("/auth/google/start"));
}

#[test]
fn each_provider_shape_is_read() {
    use super::parse_identity;
    use crate::domain::account::SocialProvider;
    let g = parse_identity(SocialProvider::Google, &serde_json::json!({"sub": "1", "email": "A@x.kr", "email_verified": true})).unwrap();
    assert_eq!((g.subject.as_str(), g.email.unwrap().as_str(), g.email_verified), ("1", "a@x.kr", true));
    let k = parse_identity(
        SocialProvider::Kakao,
        &serde_json::json!({"id": 7, "kakao_account": {"email": "k@x.kr", "is_email_valid": true, "is_email_verified": false}}),
    )
    .unwrap();
    assert_eq!((k.subject.as_str(), k.email_verified), ("7", false));
    let n = parse_identity(SocialProvider::Naver, &serde_json::json!({"resultcode": "00", "response": {"id": "n1", "email": "n@x.kr"}}))
        .unwrap();
    assert!(!n.email_verified);
    assert!(parse_identity(SocialProvider::Naver, &serde_json::json!({"resultcode": "024"})).is_none());
    assert!(parse_identity(SocialProvider::Google, &serde_json::json!({"email": "a@x.kr"})).is_none());
}
