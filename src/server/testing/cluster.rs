//! A real deployment on loopback, for the cluster tests (`bash .ci/cluster`): three processes of the built
//! `artipul` binary (`ARTIPUL_BIN`), HAProxy started with `deploy/haproxy.cfg` verbatim, a fresh database
//! (from `#[sqlx::test]`), the shared Redis, the ES-API server (`TEST_ELASTICSEARCH_URL`) and a bucket of
//! its own on the S3-API server (`TEST_S3_ENDPOINT`). Instances can be stopped (SIGTERM, draining),
//! killed (SIGKILL) and started again; everything is killed when the cluster is dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::MySqlPool;

use super::{elasticsearch_url, redis_url, s3_bucket, s3_env, Browser};

/// How long an instance keeps serving after SIGTERM while the balancer takes it out (deploy: 3 s; the
/// balancer needs inter 500 ms × fall 2).
const DRAIN_SECS: &str = "2";

pub struct Instance {
    pub port: u16,
    child: Option<Child>,
    data_dir: PathBuf,
}

pub struct Cluster {
    pub db: MySqlPool,
    /// The balancer's URL: what members use.
    pub lb: String,
    stats: String,
    pub instances: Vec<Instance>,
    env: Vec<(String, String)>,
    haproxy: Child,
    pub bucket: String,
    sms_file: PathBuf,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

fn binary() -> PathBuf {
    PathBuf::from(std::env::var("ARTIPUL_BIN").expect("ARTIPUL_BIN is not set: the cluster tests run with `bash .ci/cluster`"))
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Waits (polling every 50 ms, never a fixed sleep) until `check` holds, or panics naming `what`.
pub async fn until<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Cluster {
    /// Starts three instances and the balancer on a fresh database; returns when the balancer sees all three up.
    pub async fn start(db: MySqlPool) -> Cluster {
        let database: String = sqlx::query_scalar("SELECT DATABASE()").fetch_one(&db).await.expect("database name");
        // sqlx names a test's database after the test, so an earlier run's killed instances may still hold
        // this "deployment's" search claim (it lapses after 30 s): the fresh database is a new deployment.
        let redis = redis::Client::open(redis_url()).expect("Redis URL");
        let mut conn = redis.get_multiplexed_async_connection().await.expect("Redis");
        let _: () = redis::AsyncCommands::del(&mut conn, format!("search:targets:{database}")).await.expect("DEL");
        // Users numbered from a random start: per-member limits live in the shared Redis (`rl:bid:{id}`).
        let start = rand::Rng::gen_range(&mut rand::thread_rng(), 1_000..1_000_000_000u64);
        sqlx::query(&format!("ALTER TABLE users AUTO_INCREMENT = {start}")).execute(&db).await.expect("number users from a random start");
        let mut database_url = url::Url::parse(&std::env::var("DATABASE_URL").expect("DATABASE_URL")).expect("DATABASE_URL");
        database_url.set_path(&database);
        let dir = tempfile::tempdir().expect("cluster directory");
        let bucket = s3_bucket().await;
        let lb_port = free_port();
        let lb = format!("http://127.0.0.1:{lb_port}");
        let sms_file = dir.path().join("sms.jsonl");
        let secret = |tag: &str| format!("{tag}-{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let mut env: Vec<(String, String)> = [
            ("APP_ENV", "test".to_string()),
            ("DATABASE_URL", database_url.to_string()),
            ("REDIS_URL", redis_url()),
            ("APP_SECRET", secret("app")),
            ("JWT_SECRET", secret("jwt")),
            ("PUBLIC_BASE_URL", lb.clone()),
            ("STORAGE_URL", format!("s3://{bucket}/uploads")),
            ("ELASTICSEARCH_URL", elasticsearch_url()),
            ("ELASTICSEARCH_INDEX", format!("c{}-artworks", uuid::Uuid::new_v4().simple())),
            ("TRUSTED_PROXIES", "127.0.0.1".to_string()),
            // CLUSTER_DRAIN_SECS=0 shows what the drain is for (the rolling restart then fails requests).
            ("SHUTDOWN_DRAIN_SECS", std::env::var("CLUSTER_DRAIN_SECS").unwrap_or_else(|_| DRAIN_SECS.to_string())),
            ("SMS_SINK_FILE", sms_file.display().to_string()),
            ("EMAIL_SINK_FILE", dir.path().join("email.jsonl").display().to_string()),
            ("LEPTOS_OUTPUT_NAME", "artipul".to_string()),
            ("LEPTOS_SITE_ROOT", "target/site".to_string()),
            ("LEPTOS_SITE_PKG_DIR", "pkg".to_string()),
            ("RUST_LOG", "info".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        env.extend(s3_env());

        let instances: Vec<Instance> =
            (1..=3).map(|i| Instance { port: free_port(), child: None, data_dir: dir.path().join(format!("instance-{i}")) }).collect();
        let stats_port = free_port();
        let haproxy = Command::new("haproxy")
            .arg("-f")
            .arg(repo().join("deploy/haproxy.cfg"))
            .arg("-db")
            .env("ARTIPUL_LISTEN", format!("127.0.0.1:{lb_port}"))
            .env("ARTIPUL_STATS", format!("127.0.0.1:{stats_port}"))
            .env("ARTIPUL_APP_1", format!("127.0.0.1:{}", instances[0].port))
            .env("ARTIPUL_APP_2", format!("127.0.0.1:{}", instances[1].port))
            .env("ARTIPUL_APP_3", format!("127.0.0.1:{}", instances[2].port))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("haproxy.log")).expect("haproxy log"))
            .spawn()
            .expect("haproxy starts (Debian package `haproxy`; .ci/cluster installs it)");
        let mut cluster =
            Cluster { db, lb, stats: format!("http://127.0.0.1:{stats_port}/;csv"), instances, env, haproxy, bucket, sms_file, dir };
        for i in 0..3 {
            cluster.spawn(i);
        }
        for i in 0..3 {
            cluster.wait_ready(i).await;
        }
        if let Ok(Some(status)) = cluster.haproxy.try_wait() {
            let log = std::fs::read_to_string(cluster.dir.path().join("haproxy.log")).unwrap_or_default();
            panic!("haproxy exited ({status}):\n{log}");
        }
        cluster.wait_balancer(&[true, true, true]).await;
        cluster
    }

    /// An instance's own URL (bypassing the balancer).
    pub fn url(&self, i: usize) -> String {
        format!("http://127.0.0.1:{}", self.instances[i].port)
    }

    fn spawn(&mut self, i: usize) {
        let instance = &mut self.instances[i];
        assert!(instance.child.is_none(), "instance {i} is already running");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join(format!("instance-{}.log", i + 1)))
            .expect("instance log");
        let child = Command::new(binary())
            .arg("serve")
            .current_dir(repo())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", instance.port))
            .env("DATA_DIR", &instance.data_dir)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("the artipul binary starts");
        instance.child = Some(child);
    }

    async fn wait_ready(&mut self, i: usize) {
        let url = format!("{}/readyz", self.url(i));
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(res) = http.get(&url).timeout(Duration::from_secs(2)).send().await {
                if res.status() == 200 {
                    return;
                }
            }
            if let Some(status) = self.instances[i].child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
                panic!("instance {} exited ({status}) while starting:\n{}", i + 1, self.log(i));
            }
            assert!(started.elapsed() < Duration::from_secs(60), "instance {} not ready in 60 s:\n{}", i + 1, self.log(i));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The last lines an instance logged.
    pub fn log(&self, i: usize) -> String {
        let text = std::fs::read_to_string(self.dir.path().join(format!("instance-{}.log", i + 1))).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// The balancer's view of each instance: (`UP`/`DOWN`/…, current sessions).
    pub async fn balancer_view(&self) -> Vec<(String, u64)> {
        let Ok(res) = reqwest::get(&self.stats).await else { return Vec::new() };
        let csv = res.text().await.unwrap_or_default();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().trim_start_matches("# ").split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).expect("haproxy csv column");
        let (px, sv, status, scur) = (col("pxname"), col("svname"), col("status"), col("scur"));
        let mut view = vec![(String::new(), 0); self.instances.len()];
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            if f.get(px) == Some(&"app") {
                if let Some(n) = f[sv].strip_prefix("app").and_then(|n| n.parse::<usize>().ok()) {
                    view[n - 1] = (f[status].to_string(), f[scur].parse().unwrap_or(0));
                }
            }
        }
        view
    }

    /// Waits until the balancer's health checks see exactly these instances up.
    pub async fn wait_balancer(&self, up: &[bool]) {
        let want: Vec<&str> = up.iter().map(|u| if *u { "UP" } else { "DOWN" }).collect();
        until("the balancer's view of the instances", Duration::from_secs(30), || async {
            let view = self.balancer_view().await;
            view.len() == want.len() && view.iter().zip(&want).all(|((s, _), w)| s == w)
        })
        .await;
    }

    /// SIGTERM: the instance drains (503 on /readyz, still serving), then finishes its requests and exits.
    pub async fn stop(&mut self, i: usize) {
        let mut child = self.instances[i].child.take().expect("instance is running");
        let pid = child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                assert!(status.success(), "instance {} exited with {status} after SIGTERM:\n{}", i + 1, self.log(i));
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "instance {} did not stop within 30 s", i + 1);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: the instance vanishes mid-work.
    pub fn kill(&mut self, i: usize) {
        let mut child = self.instances[i].child.take().expect("instance is running");
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
    }

    /// Starts a stopped instance again and waits until it and the balancer are ready.
    pub async fn restart(&mut self, i: usize) {
        self.spawn(i);
        self.wait_ready(i).await;
        let up: Vec<bool> = self.instances.iter().map(|x| x.child.is_some()).collect();
        self.wait_balancer(&up).await;
    }

    /// The newest verification code texted to `phone` (national digits), through any instance.
    pub fn code_for(&self, phone: &str) -> String {
        let e164 = crate::domain::account::PhoneNumber::parse(phone).expect("phone").as_e164().to_string();
        let text = std::fs::read_to_string(&self.sms_file).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["to"] == e164.as_str())
            .filter_map(|m| m["text"].as_str()?.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string))
            .next_back()
            .expect("a code was texted")
    }

    /// Signs a member up through the balancer, as a person would; their browser is logged in.
    pub async fn sign_up(&self, artist: bool) -> Browser {
        let browser = Browser::new_at(&self.lb);
        let phone = super::random_phone();
        let res = browser.call("send_signup_code", &[("phone", &phone)]).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
        let code = self.code_for(&phone);
        assert_eq!(browser.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await.status(), 200);
        let email = super::random_email("cluster");
        let nickname = format!("회원{}", rand::Rng::gen_range(&mut rand::thread_rng(), 10_000..99_999));
        let mut form = vec![
            ("kind", if artist { "Artist" } else { "Buyer" }),
            ("email", email.as_str()),
            ("password", super::MEMBER_PASSWORD),
            ("nickname", nickname.as_str()),
            ("name", "김하늘"),
            ("phone", phone.as_str()),
        ];
        if artist {
            form.push(("college", "한국예술대학교"));
        }
        let res = browser.call("sign_up", &form).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
        browser
    }

    /// The user id behind a logged-in browser.
    pub async fn user_id(&self, browser: &Browser) -> u64 {
        let me: serde_json::Value = browser.call("me", &[]).await.json().await.expect("me");
        let nickname = me["nickname"].as_str().expect("logged in").to_string();
        sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(nickname).fetch_one(&self.db).await.expect("user")
    }

    /// Files an instance wrote under its own data folder (uploads must not be among them).
    pub fn local_files(&self, i: usize) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.instances[i].data_dir, &mut out);
        out
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for instance in &mut self.instances {
            if let Some(mut child) = instance.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        let _ = self.haproxy.kill();
        let _ = self.haproxy.wait();
        if std::thread::panicking() {
            // Keep the logs of a failed run.
            let kept = self.dir.path().to_path_buf();
            eprintln!("cluster logs kept in {}", kept.display());
            std::mem::forget(std::mem::replace(&mut self.dir, tempfile::tempdir().expect("tempdir")));
        }
    }
}
