//! What the fault tests run: private `redis-server` and `mariadbd` processes, fresh databases, the
//! server binary as a child process, members, lots, browsers and live streams against it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use futures::StreamExt;
use sqlx::mysql::MySqlPoolOptions;
use sqlx::MySqlPool;

pub const PASSWORD: &str = "바다가-보이는-창문7";
/// The servers' token key, so a test can mint access tokens for many members without logging each in.
pub const JWT_SECRET: &str = "fault-injection-jwt-secret-0123456789abcdef";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Blocks until something accepts connections on `port` of loopback (a child server has started).
pub fn wait_for_port(port: u16, limit: Duration, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < limit, "{what} did not start within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls `check` every 50 ms until it holds or `limit` passes; answers how long it took.
pub async fn wait_until<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    start.elapsed()
}

/// A private `redis-server` (no persistence) that can be stopped and started again on its port.
pub struct RedisServer {
    pub port: u16,
    pub child: Option<Child>,
}

impl RedisServer {
    pub fn start() -> Self {
        let mut redis = RedisServer { port: free_port(), child: None };
        redis.resume();
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn resume(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server runs (apt install redis-server)");
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(10), "redis-server");
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A fresh database, dropped at the end.
pub struct Database {
    pub name: String,
    pub pool: MySqlPool,
}

impl Database {
    pub async fn create() -> Self {
        let name = format!("artipul_fault_{}", uuid::Uuid::new_v4().simple());
        let root = MySqlPoolOptions::new().max_connections(1).connect("mysql://root@127.0.0.1:3306").await.unwrap();
        sqlx::query(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")).execute(&root).await.unwrap();
        let pool = MySqlPoolOptions::new().max_connections(4).connect(&format!("mysql://root@127.0.0.1:3306/{name}")).await.unwrap();
        artipul::server::db::migrate(&pool).await.unwrap();
        Database { name, pool }
    }

    pub fn url(&self) -> String {
        format!("mysql://root@127.0.0.1:3306/{}", self.name)
    }
}

/// The data folder of every server on `database_url` (the embedded search index lives there): servers of one
/// deployment on one host share it, as a restarted instance reuses its own — instances on different
/// folders would keep different indexes, and the second refuses to start (`search::claim`).
fn data_dir(database_url: &str) -> std::path::PathBuf {
    let name = database_url.rsplit('/').next().unwrap_or("artipul");
    std::env::temp_dir().join("artipul-fault-data").join(name)
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(data_dir(&self.url()));
        let name = self.name.clone();
        let _ = Command::new("mysql").args(["-h", "127.0.0.1", "-u", "root", "-e", &format!("DROP DATABASE IF EXISTS `{name}`")]).status();
    }
}

/// The server binary on a free port.
pub struct Server {
    pub port: u16,
    pub child: Child,
    pub _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start(db: &Database, redis: &RedisServer) -> Self {
        Self::start_with(&db.url(), redis).await
    }

    pub async fn start_with(database_url: &str, redis: &RedisServer) -> Self {
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_artipul"))
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("APP_ENV", "test")
            .env("JWT_SECRET", JWT_SECRET)
            .env("RUST_LOG", "warn")
            .env("DATABASE_URL", database_url)
            .env("REDIS_URL", redis.url())
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("STORAGE_URL", format!("file://{}/", dir.path().display()))
            .env("DATA_DIR", data_dir(database_url))
            .env("SMS_SINK_FILE", dir.path().join("sms.jsonl"))
            .env("EMAIL_SINK_FILE", dir.path().join("email.jsonl"))
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the server binary runs");
        let server = Server { port, child, _dir: dir };
        let http = reqwest::Client::new();
        wait_until(Duration::from_secs(60), "the server answers /healthz", || async {
            http.get(server.url("/healthz")).send().await.is_ok_and(|r| r.status() == 200)
        })
        .await;
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn signal(&self, name: &str) {
        let status = Command::new("kill").args([&format!("-{name}"), &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A member's browser against one server: its own cookies; server functions posted as forms.
pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub fn new(server: &Server) -> Self {
        Browser { http: reqwest::Client::builder().cookie_store(true).build().unwrap(), base: server.url("") }
    }

    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http.post(format!("{}/api/{endpoint}", self.base)).header("origin", &self.base).form(form).send().await.unwrap()
    }
}

/// A member with a password, a verified phone and `points` in the wallet; `college` makes an artist.
pub async fn member(db: &Database, nickname: &str, college: Option<&str>, points: u64) -> (u64, String) {
    let email = format!("{}@fault.artipul.kr", uuid::Uuid::new_v4().simple());
    let hash = argon2::Argon2::default().hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng)).unwrap().to_string();
    let phone = format!("+8210{:08}", rand::random::<u32>() % 100_000_000);
    let id = sqlx::query(
        "INSERT INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at, password_hash, college)
         VALUES (?, UTC_TIMESTAMP(6), ?, '김장애', ?, UTC_TIMESTAMP(6), ?, ?)",
    )
    .bind(&email)
    .bind(nickname)
    .bind(phone)
    .bind(hash)
    .bind(college)
    .execute(&db.pool)
    .await
    .unwrap()
    .last_insert_id();
    if points > 0 {
        use artipul::domain::{ledger as money, Won};
        use artipul::server::wallet::ledger::{self, Reference};
        let mut tx = db.pool.begin().await.unwrap();
        let charge = money::charge(id, Won(points)).unwrap();
        ledger::post(&mut tx, &charge, &Reference { kind: "payment", id: format!("fault-{id}") }).await.unwrap();
        tx.commit().await.unwrap();
    }
    (id, email)
}

/// A live lot by `artist`, ending in an hour.
pub async fn lot(db: &Database, artist: u64, title: &str) -> u64 {
    sqlx::query(
        "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, buy_now_price, current_price, ends_at, original_ends_at)
         VALUES (?, ?, '', '회화/풍경', 10000, 900000, 10000, UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, UTC_TIMESTAMP(6) + INTERVAL 1 HOUR)",
    )
    .bind(artist)
    .bind(title)
    .execute(&db.pool)
    .await
    .unwrap()
    .last_insert_id()
}

pub async fn log_in(server: &Server, email: &str) -> Browser {
    let browser = Browser::new(server);
    let res = browser.call("log_in", &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), 200, "log in: {}", res.text().await.unwrap());
    browser
}

/// The events a live stream receives, as (event name, data), collected in the background, and the
/// last event id (the cursor an EventSource would send back as `Last-Event-ID`).
pub struct Stream {
    pub events: Arc<Mutex<Vec<(String, String)>>>,
    pub last_id: Arc<Mutex<Option<String>>>,
    pub ended: Arc<Mutex<bool>>,
}

impl Stream {
    pub async fn open(server: &Server, lot: u64) -> Self {
        Self::resume(server, lot, None).await
    }

    pub async fn resume(server: &Server, lot: u64, last_event_id: Option<&str>) -> Self {
        let mut request = reqwest::Client::new().get(server.url(&format!("/api/live?lots={lot}")));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), 200);
        let last_id = Arc::new(Mutex::new(None));
        let cursor = last_id.clone();
        let events = Arc::new(Mutex::new(Vec::new()));
        let ended = Arc::new(Mutex::new(false));
        let (sink, done) = (events.clone(), ended.clone());
        tokio::spawn(async move {
            let mut body = res.bytes_stream();
            let mut buffer = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let block: String = buffer.drain(..end + 2).collect();
                    let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string());
                    if let Some(id) = field("id:") {
                        *cursor.lock().unwrap() = Some(id);
                    }
                    sink.lock().unwrap().push((field("event:").unwrap_or_else(|| "message".into()), field("data:").unwrap_or_default()));
                }
            }
            *done.lock().unwrap() = true;
        });
        Stream { events, last_id, ended }
    }

    /// A lot event (not the opening state) that put the lot's price at `amount`.
    pub fn saw_price(&self, amount: u64) -> bool {
        self.events.lock().unwrap().iter().any(|(name, data)| name == "lot" && data.contains(&format!("\"current_price\":{amount},")))
    }

    pub fn names(&self) -> Vec<String> {
        self.events.lock().unwrap().iter().map(|(n, _)| n.clone()).collect()
    }
}

pub async fn bid(browser: &Browser, lot: u64, amount: u64) -> reqwest::Response {
    browser.call("place_bid", &[("lot_id", &lot.to_string()), ("amount", &amount.to_string())]).await
}

/// An access token for `user_id`, as a log-in would issue it.
pub fn bearer(user_id: u64) -> String {
    use artipul::server::auth::tokens::{TokenKeys, TokenKind};
    TokenKeys::new(JWT_SECRET.as_bytes()).issue(user_id, TokenKind::Access, None, chrono::Utc::now()).0
}

/// A private MariaDB (its own data directory and port) that can be stopped and started again.
pub struct PrivateMariaDb {
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub child: Option<Child>,
}

impl PrivateMariaDb {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let installed = Command::new("mariadb-install-db")
            .args(["--no-defaults", "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root"])
            .arg(format!("--datadir={}", dir.path().join("data").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("mariadb-install-db runs (apt install mariadb-server)");
        assert!(installed.success());
        let mut db = PrivateMariaDb { port: free_port(), dir, child: None };
        db.resume();
        db
    }

    pub fn resume(&mut self) {
        let child = Command::new("mariadbd")
            .args(["--no-defaults", "--user=root", "--bind-address=127.0.0.1", "--skip-name-resolve", "--innodb-buffer-pool-size=32M"])
            .arg(format!("--port={}", self.port))
            .arg(format!("--datadir={}", self.dir.path().join("data").display()))
            .arg(format!("--socket={}", self.dir.path().join("mysqld.sock").display()))
            .arg(format!("--pid-file={}", self.dir.path().join("mysqld.pid").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadbd runs");
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(30), "mariadbd");
    }

    /// A clean stop (SIGTERM), as a restart by the operator would do it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
            let _ = child.wait();
        }
    }
}

impl Drop for PrivateMariaDb {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
