//! Test harness: the real app on a random port, against a fresh database (from `#[sqlx::test]`),
//! the real Redis and a temporary storage directory.

use std::collections::HashMap;
use std::net::SocketAddr;

use leptos::config::LeptosOptions;
use sqlx::MySqlPool;

use super::config::Config;
use super::settings::Settings;
use super::AppState;

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub http: reqwest::Client,
    _storage: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request reaches the test server")
    }
}

/// Redis for tests: `TEST_REDIS_URL`, else the local default.
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// Starts the app on `127.0.0.1:0` with `overrides` applied to its environment.
pub async fn spawn_app_with(pool: MySqlPool, overrides: &[(&str, &str)]) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
    let addr = listener.local_addr().expect("local address");
    // Every test database numbers its users from a random start, so per-user limits kept in the shared
    // Redis (`rl:comment:{user id}`, …) never count another test's member.
    let start = rand::Rng::gen_range(&mut rand::thread_rng(), 1_000..1_000_000_000u64);
    sqlx::query(&format!("ALTER TABLE users AUTO_INCREMENT = {start}")).execute(&pool).await.expect("number users from a random start");
    let (state, storage) = build_state(pool, overrides, addr);
    let serve_state = state.clone();
    tokio::spawn(async move { super::http::serve(listener, serve_state).await });
    // Each test app's client connects from its own loopback address, so per-IP limits (kept in the
    // shared Redis) never leak from one test into another.
    let http = client(false);
    TestApp { addr, state, http, _storage: storage }
}

/// The application state as `spawn_app` builds it, without serving or starting any worker.
pub fn test_state(pool: MySqlPool) -> (AppState, tempfile::TempDir) {
    test_state_with(pool, &[])
}

/// Like [`test_state`], with `overrides` applied to its environment.
pub fn test_state_with(pool: MySqlPool, overrides: &[(&str, &str)]) -> (AppState, tempfile::TempDir) {
    build_state(pool, overrides, "127.0.0.1:9".parse().expect("address"))
}

/// The ES-API server for tests (`TEST_ELASTICSEARCH_URL`; `bash .ci/test` starts noida-db and sets it).
pub fn elasticsearch_url() -> String {
    std::env::var("TEST_ELASTICSEARCH_URL")
        .expect("TEST_ELASTICSEARCH_URL is not set: run the tests with `bash .ci/test`, which starts the ES-API server noida-db")
}

fn build_state(pool: MySqlPool, overrides: &[(&str, &str)], addr: SocketAddr) -> (AppState, tempfile::TempDir) {
    let storage = tempfile::tempdir().expect("temporary storage directory");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("APP_ENV".into(), "test".into()),
        // The pool comes from #[sqlx::test]; this URL only has to be valid.
        ("DATABASE_URL".into(), "mysql://root@127.0.0.1:3306/unused".into()),
        ("REDIS_URL".into(), redis_url()),
        ("LEPTOS_SITE_ADDR".into(), addr.to_string()),
        ("SMS_SINK_FILE".into(), storage.path().join("sms.jsonl").display().to_string()),
        ("EMAIL_SINK_FILE".into(), storage.path().join("email.jsonl").display().to_string()),
        ("DATA_DIR".into(), storage.path().join("data").display().to_string()),
        ("STORAGE_URL".into(), url::Url::from_directory_path(storage.path()).expect("absolute temp path").to_string()),
    ]);
    for (k, v) in overrides {
        vars.insert((*k).into(), (*v).into());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration is valid");
    let settings = Settings::parse(include_str!("../../Leptos.toml")).expect("shipped settings are valid");
    let leptos_options =
        LeptosOptions::builder().output_name("artipul").site_root("target/site").site_pkg_dir("pkg").site_addr(addr).build();
    let state = AppState::with_pool(config, settings, leptos_options, pool).expect("state assembles");
    (state, storage)
}

/// A client from a random loopback address (so per-IP limits in the shared Redis never collide), not
/// following redirects; `cookies` gives it a cookie jar like a browser's.
fn client(cookies: bool) -> reqwest::Client {
    client_from(cookies, random_loopback())
}

fn random_loopback() -> std::net::Ipv4Addr {
    let mut rng = rand::thread_rng();
    std::net::Ipv4Addr::new(127, rand::Rng::gen_range(&mut rng, 1..=254), rand::Rng::gen(&mut rng), rand::Rng::gen_range(&mut rng, 2..=254))
}

fn client_from(cookies: bool, client_ip: std::net::Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(client_ip))
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(cookies)
        .build()
        .expect("http client")
}

/// A browser-like client: its own address and cookie jar; server functions are posted as forms with
/// this site's `Origin`, as a page would.
#[derive(Clone)]
pub struct Browser {
    pub http: reqwest::Client,
    /// The loopback address this browser connects from (its per-client limits are keyed by it).
    pub ip: std::net::Ipv4Addr,
    base: String,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path_or_url: &str) -> reqwest::Response {
        let url = if path_or_url.starts_with("http") { path_or_url.to_string() } else { self.url(path_or_url) };
        self.http.get(url).send().await.expect("request reaches the server")
    }

    /// Calls the server function at `/api/{endpoint}` with form fields.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request reaches the server")
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        let ip = random_loopback();
        Browser { http: client_from(true, ip), ip, base: self.url("") }
    }

    /// Lifts the one-send-per-minute limit of `phone` (national digits), for tests that send twice.
    pub async fn forget_minute_limit(&self, phone: &str) {
        let e164 = crate::domain::account::PhoneNumber::parse(phone).unwrap().as_e164().to_string();
        let mut conn = self.state.redis.conn();
        let _: () = redis::AsyncCommands::del(&mut conn, format!("otp:minute:phone:{e164}")).await.unwrap();
    }

    /// The latest 6-digit code the SMS sink received.
    pub fn last_code(&self) -> String {
        let path = self.state.config.sms_sink_file.clone().expect("tests use the SMS sink");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.split_whitespace().rfind(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit())).expect("a code was sent").to_string()
    }
}

impl TestApp {
    /// The latest code e-mailed to `to` through the development sink.
    pub fn last_email_code(&self, to: &str) -> Option<String> {
        let path = self.state.config.email_sink_file.clone().expect("tests use the e-mail sink");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["to"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(to)))
            .filter_map(|m| m["text"].as_str()?.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string))
            .next_back()
    }

    /// Lifts the one-e-mail-code-per-minute limit of `member` and its browser, for tests that send twice.
    pub async fn forget_email_minute_limit(&self, member: &Member) {
        let id: u64 =
            sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(&member.nickname).fetch_one(&self.state.db).await.unwrap();
        let mut conn = self.state.redis.conn();
        let keys = [format!("otp:minute:email-account:{id}"), format!("otp:minute:email:ip:{}", member.browser.ip)];
        let _: () = redis::AsyncCommands::del(&mut conn, &keys).await.unwrap();
    }

    /// Makes `nickname` an admin (there is no way to become one over HTTP).
    pub async fn make_admin(&self, nickname: &str) {
        sqlx::query("UPDATE users SET role = 'admin' WHERE nickname = ?").bind(nickname).execute(&self.state.db).await.unwrap();
    }
}

/// A phone number no other test (or earlier run against the same Redis) uses.
pub fn random_phone() -> String {
    format!("010{:08}", rand::Rng::gen_range(&mut rand::thread_rng(), 0..100_000_000u32))
}

/// An e-mail address no other test uses.
pub fn random_email(prefix: &str) -> String {
    format!("{prefix}{}@artipul.kr", rand::Rng::gen::<u32>(&mut rand::thread_rng()))
}

pub async fn spawn_app(pool: MySqlPool) -> TestApp {
    spawn_app_with(pool, &[]).await
}

/// A member signed up through the server functions, with their own browser (cookies).
pub struct Member {
    pub browser: Browser,
    pub email: String,
    pub phone: String,
    pub nickname: String,
}

/// The password every test member signs up with.
pub const MEMBER_PASSWORD: &str = "바다가-보이는-창문7";

impl TestApp {
    /// Signs up a buyer (`college: None`) or a student artist with a fresh e-mail, phone and nickname.
    pub async fn member(&self, real_name: &str, college: Option<&str>) -> Member {
        self.member_with_email(real_name, college, &random_email("acct")).await
    }

    /// Like [`TestApp::member`], signing up with the given e-mail (left unverified).
    pub async fn member_with_email(&self, real_name: &str, college: Option<&str>, email: &str) -> Member {
        let browser = self.browser();
        let (email, phone) = (email.to_string(), random_phone());
        let nickname = format!("회원{}", rand::Rng::gen_range(&mut rand::thread_rng(), 10_000..99_999));
        assert_eq!(browser.call("send_signup_code", &[("phone", &phone)]).await.status(), 200);
        let code = self.last_code();
        assert_eq!(browser.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await.status(), 200);
        let kind = if college.is_some() { "Artist" } else { "Buyer" };
        let mut form = vec![
            ("kind", kind),
            ("email", email.as_str()),
            ("password", MEMBER_PASSWORD),
            ("nickname", nickname.as_str()),
            ("name", real_name),
            ("phone", phone.as_str()),
        ];
        if let Some(c) = college {
            form.push(("college", c));
        }
        let res = browser.call("sign_up", &form).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        Member { browser, email, phone, nickname }
    }
}
