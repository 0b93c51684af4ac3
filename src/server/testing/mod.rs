//! Test harness: the real app on a random port, against a fresh database (from `#[sqlx::test]`),
//! the real Redis and a temporary storage directory (this file); browser-like HTTP clients
//! (`browser`); members signed up through the server functions (`members`); the codes the SMS and
//! e-mail sinks received (`codes`).

mod browser;
pub mod cluster;
mod codes;
mod members;

use browser::client;
pub use browser::Browser;
pub use members::{random_email, random_phone, Member, MEMBER_PASSWORD};

use std::collections::HashMap;
use std::net::SocketAddr;

use leptos::config::LeptosOptions;
use sqlx::MySqlPool;

use crate::server::config::Config;
use crate::server::settings::Settings;
use crate::server::AppState;

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

/// Starts the app on `127.0.0.1:0` with the test configuration.
pub async fn spawn_app(pool: MySqlPool) -> TestApp {
    spawn_app_with(pool, &[]).await
}

/// Starts the app on `127.0.0.1:0` with `overrides` applied to its environment.
pub async fn spawn_app_with(pool: MySqlPool, overrides: &[(&str, &str)]) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
    let addr = listener.local_addr().expect("local address");
    // Every test database numbers its users from a random start, so per-user limits kept in the shared
    // Redis (`rl:comment:{user id}`, …) never count another test's member. Only the first app on a
    // database does it: an `ALTER TABLE` while another app's workers run waits on their transactions'
    // locks on `users` (a settlement's foreign-key checks) while they queue behind its metadata lock —
    // it timed out once after 50 s in CI when a test started its second and third instances.
    static NUMBERED: std::sync::Mutex<std::collections::BTreeSet<String>> = std::sync::Mutex::new(std::collections::BTreeSet::new());
    let database: String = sqlx::query_scalar("SELECT DATABASE()").fetch_one(&pool).await.expect("the test database's name");
    let first = NUMBERED.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(database);
    if first {
        let start = rand::Rng::gen_range(&mut rand::thread_rng(), 1_000..1_000_000_000u64);
        sqlx::query(&format!("ALTER TABLE users AUTO_INCREMENT = {start}")).execute(&pool).await.expect("number users from a random start");
    }
    let (state, storage) = build_state(pool, overrides, addr);
    let serve_state = state.clone();
    tokio::spawn(async move { crate::server::http::serve(listener, serve_state).await });
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

/// The S3-API server for tests (`TEST_S3_ENDPOINT`; `bash .ci/test` starts moto in server mode and sets it).
pub fn s3_endpoint() -> String {
    std::env::var("TEST_S3_ENDPOINT")
        .expect("TEST_S3_ENDPOINT is not set: run the tests with `bash .ci/test`, which starts the S3-API server (moto)")
}

/// A new, empty bucket on the test S3-API server (moto takes unsigned requests); its name.
pub async fn s3_bucket() -> String {
    let bucket = format!("artipul-{}", uuid::Uuid::new_v4().simple());
    let res = reqwest::Client::new().put(format!("{}/{bucket}", s3_endpoint())).send().await.expect("the S3-API server answers");
    assert!(res.status().is_success(), "creating bucket {bucket}: {}", res.status());
    bucket
}

/// The `AWS_*` variables that point `object_store` at the test S3-API server.
pub fn s3_env() -> Vec<(String, String)> {
    [
        ("AWS_ENDPOINT", s3_endpoint()),
        ("AWS_ALLOW_HTTP", "true".into()),
        ("AWS_ACCESS_KEY_ID", "artipul-test".into()),
        ("AWS_SECRET_ACCESS_KEY", "artipul-test-secret".into()),
        ("AWS_REGION", "ap-northeast-2".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
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
    // `LEPTOS_TOML` among the overrides replaces the shipped settings (e.g. another display_timezone).
    let toml = vars.get("LEPTOS_TOML").cloned().unwrap_or_else(|| include_str!("../../../Leptos.toml").to_string());
    let settings = Settings::parse(&toml).expect("test settings are valid");
    // `LEPTOS_SITE_ROOT` among the overrides serves another folder's built assets.
    let site_root = vars.get("LEPTOS_SITE_ROOT").cloned().unwrap_or_else(|| "target/site".into());
    let leptos_options = LeptosOptions::builder().output_name("artipul").site_root(site_root).site_pkg_dir("pkg").site_addr(addr).build();
    let state = AppState::with_pool(config, settings, leptos_options, pool).expect("state assembles");
    (state, storage)
}
