//! Load generator for the auction (a benchmark, not a test): `bash .ci/bench-bids` runs it against a release
//! server. Three measurements in one run:
//!
//! 1. N authenticated bidders (bearer tokens) bid on one hot lot over HTTP for S seconds, each bidding just
//!    above the minimum it last saw: attempts/s, accepted bids/s, and p50/p99 latency of `place_bid`.
//! 2. The physical limit: the raw MariaDB rate of a single-row locking transaction (`BEGIN; SELECT … FOR
//!    UPDATE; UPDATE; COMMIT`) with the same concurrency and duration, and the ratio of the two.
//! 3. SSE fan-out: K watchers on `/api/live` for the lot; bids placed one at a time; bid-sent → event-received
//!    latency p50/p99 over every (watcher, bid) pair.
//!
//! Usage: `DATABASE_URL=… cargo run --release --features ssr --example bid_load -- BASE_URL [bidders] [seconds] [watchers] [fanout_bids]`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use artipul::domain::{ledger as money, Won};
use artipul::server::wallet::ledger::{self, Reference};
use futures::StreamExt;
use serde_json::Value;

const PASSWORD: &str = "bench-bidder-2026!";

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The server's resident memory, when the bench script named its pid (`SERVER_PID`).
fn server_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", std::env::var("SERVER_PID").ok()?)).ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args.first().context("BASE_URL (e.g. http://127.0.0.1:3000)")?.trim_end_matches('/').to_string();
    let bidders: usize = args.get(1).map_or(Ok(50), |v| v.parse())?;
    let seconds: u64 = args.get(2).map_or(Ok(10), |v| v.parse())?;
    let watchers: usize = args.get(3).map_or(Ok(200), |v| v.parse())?;
    let fanout_bids: usize = args.get(4).map_or(Ok(30), |v| v.parse())?;
    let lot_count: usize = args.get(5).map_or(Ok(1), |v| v.parse())?.max(1);
    let db = artipul::server::db::pool(&std::env::var("DATABASE_URL").context("DATABASE_URL")?)?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let run = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();

    // Set-up straight in the database: an artist with one lot, and bidders with points and a password.
    println!("setting up {bidders} bidders …");
    let password = artipul::domain::account::Password::parse(PASSWORD, None).map_err(anyhow::Error::msg)?;
    let hash = artipul::server::auth::password::Passwords::new(1).hash(&password).await.map_err(|e| anyhow::anyhow!(e.message))?;
    let mut emails = Vec::new();
    let mut ids = Vec::new();
    for i in 0..=bidders {
        let email = format!("bench-{run}-{i}@bench.artipul.kr");
        let id = sqlx::query(
            "INSERT INTO users (email, nickname, real_name, phone_verified_at, password_hash, college) VALUES (?, ?, '벤치', NOW(6), ?, ?)",
        )
        .bind(&email)
        .bind(format!("b{run}{i}"))
        .bind(&hash)
        .bind((i == 0).then_some("벤치대학교"))
        .execute(&db)
        .await?
        .last_insert_id();
        if i > 0 {
            let mut tx = db.begin().await?;
            let charge = money::charge(id, Won(1_000_000_000))?;
            ledger::post(&mut tx, &charge, &Reference { kind: "payment", id: format!("bench-{run}") })
                .await
                .map_err(|e| anyhow::anyhow!(e.message))?;
            tx.commit().await?;
            emails.push(email);
        }
        ids.push(id);
    }
    let ends = chrono::Utc::now() + chrono::Duration::hours(2);
    let mut lots = Vec::new();
    for _ in 0..lot_count {
        let id = sqlx::query(
            "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, current_price, ends_at, original_ends_at)
             VALUES (?, '벤치마크 작품', '', '회화', 10000, 10000, ?, ?)",
        )
        .bind(ids[0])
        .bind(ends)
        .bind(ends)
        .execute(&db)
        .await?
        .last_insert_id();
        lots.push(id);
    }
    let lot_id = lots[0];

    let mut tokens = Vec::new();
    for email in &emails {
        let res: Value = http
            .post(format!("{base}/api/auth/token"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(res["access_token"].as_str().context("a token")?.to_string());
    }

    // 1. Bidders over HTTP.
    println!("phase 1: {bidders} bidders on {lot_count} lot(s) (bidder i on lot i mod {lot_count}) for {seconds} s");
    let floors: Vec<Arc<AtomicU64>> = (0..lot_count).map(|_| Arc::new(AtomicU64::new(10_000))).collect();
    let accepted = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().cloned().enumerate() {
        let (http, base, min_next, accepted) = (http.clone(), base.clone(), floors[i % lot_count].clone(), accepted.clone());
        let lot_id = lots[i % lot_count];
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let amount = min_next.load(Ordering::Relaxed) + (i as u64 % 3) * 1_000;
                let t0 = Instant::now();
                let res = http
                    .post(format!("{base}/api/place_bid"))
                    .bearer_auth(&token)
                    .form(&[("lot_id", lot_id.to_string()), ("amount", amount.to_string())])
                    .send()
                    .await;
                let Ok(res) = res else { continue };
                let ok = res.status().is_success();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                latencies.push(t0.elapsed());
                if ok {
                    accepted.fetch_add(1, Ordering::Relaxed);
                    if let Some(m) = body["lot"]["min_next_bid"].as_u64() {
                        min_next.fetch_max(m, Ordering::Relaxed);
                    }
                } else if let Some(msg) = body["message"].as_str() {
                    // "최소 ₩12,000 이상" → learn the minimum from the refusal.
                    let digits: String =
                        msg.split("최소").nth(1).unwrap_or("").chars().take_while(|c| *c != '이').filter(char::is_ascii_digit).collect();
                    if let Ok(m) = digits.parse::<u64>() {
                        min_next.fetch_max(m, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let accepted = accepted.load(Ordering::Relaxed) as f64;
    let bids_per_s = accepted / elapsed;
    println!(
        "  attempts {:>7}  ({:.0}/s)   accepted {:>6}  ({:.1}/s)   latency p50 {:.2} ms  p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        accepted,
        bids_per_s,
        pct(&latencies, 0.5),
        pct(&latencies, 0.99)
    );

    // 2. The physical limit: a single-row locking transaction, same concurrency and duration.
    // At most 100 connections (MariaDB's default limit is 151, and the server holds some).
    let raw_concurrency = bidders.min(100);
    println!("phase 2: raw MariaDB single-row locking transactions, {raw_concurrency} concurrent, {seconds} s");
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_counter (id INT PRIMARY KEY, n BIGINT NOT NULL) ENGINE = InnoDB").execute(&db).await?;
    sqlx::query("INSERT IGNORE INTO bench_counter VALUES (1, 0)").execute(&db).await?;
    let raw_pool = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(raw_concurrency as u32)
        .connect_with(db.connect_options().as_ref().clone())
        .await?;
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..raw_concurrency {
        let (pool, done) = (raw_pool.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let mut tx = pool.begin().await.expect("begin");
                let n: i64 =
                    sqlx::query_scalar("SELECT n FROM bench_counter WHERE id = 1 FOR UPDATE").fetch_one(&mut *tx).await.expect("lock");
                sqlx::query("UPDATE bench_counter SET n = ? WHERE id = 1").bind(n + 1).execute(&mut *tx).await.expect("update");
                tx.commit().await.expect("commit");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let raw_per_s = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_counter").execute(&db).await?;
    let attempts_per_s = latencies.len() as f64 / elapsed;
    println!(
        "  {raw_per_s:.0} transactions/s   →   bid attempts/s ÷ raw = {:.2} (each attempt locks the lot row)   accepted bids/s ÷ raw = {:.2}",
        attempts_per_s / raw_per_s,
        bids_per_s / raw_per_s
    );

    // 3. SSE fan-out.
    println!("phase 3: {watchers} watchers, {fanout_bids} bids one at a time");
    let rss_before = server_rss_kb();
    let seq: u64 = sqlx::query_scalar::<_, u32>("SELECT event_seq FROM artworks WHERE id = ?").bind(lot_id).fetch_one(&db).await?.into();
    let sent: Arc<std::sync::Mutex<std::collections::HashMap<u64, Instant>>> = Default::default();
    let mut watching = Vec::new();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(watchers.max(1));
    for _ in 0..watchers {
        let url = format!("{base}/api/live?lots={lot_id}:{seq}");
        let (http, ready_tx) = (http.clone(), ready_tx.clone());
        let want = fanout_bids;
        watching.push(tokio::spawn(async move {
            let mut got: Vec<(u64, Instant)> = Vec::new();
            let Ok(res) = http.get(url).send().await else { return got };
            let mut body = res.bytes_stream();
            // Kept cheap (the watchers share the cores with the server): blocks are split on bytes and
            // only the lot's event number is read from a `lot` event (its first `"seq":`).
            let mut buf: Vec<u8> = Vec::new();
            while got.len() < want {
                let Ok(Some(Ok(chunk))) = tokio::time::timeout(Duration::from_secs(15), body.next()).await else { break };
                let now = Instant::now();
                buf.extend_from_slice(&chunk);
                let mut start = 0;
                while let Some(end) = find(&buf[start..], b"\n\n") {
                    let block = &buf[start..start + end];
                    start += end + 2;
                    if block.starts_with(b"event: ready") {
                        let _ = ready_tx.send(()).await;
                    } else if block.starts_with(b"event: lot") {
                        if let Some(at) = find(block, b"\"seq\":") {
                            let digits =
                                block[at + 6..].iter().take_while(|b| b.is_ascii_digit()).fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
                            got.push((digits, now));
                        }
                    }
                }
                buf.drain(..start);
            }
            got
        }));
    }
    for _ in 0..watchers {
        ready_rx.recv().await;
    }
    // The server's resident memory with every stream open and idle.
    if let (Some(before), Some(after)) = (rss_before, server_rss_kb()) {
        println!(
            "  server RSS: {before} kB before the streams, {after} kB with {watchers} idle streams = {:.1} kB per stream",
            after.saturating_sub(before) as f64 / watchers.max(1) as f64
        );
    }
    for k in 0..fanout_bids {
        let token = &tokens[k % 2.min(tokens.len())];
        let current: u64 = sqlx::query_scalar("SELECT current_price FROM artworks WHERE id = ?").bind(lot_id).fetch_one(&db).await?;
        let t0 = Instant::now();
        let res: Value = http
            .post(format!("{base}/api/place_bid"))
            .bearer_auth(token)
            .form(&[("lot_id", lot_id.to_string()), ("amount", (current + 200_000).to_string())])
            .send()
            .await?
            .json()
            .await?;
        if let Some(s) = res["lot"]["seq"].as_u64() {
            sent.lock().expect("lock").insert(s, t0);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut delays = Vec::new();
    let sent = sent.lock().expect("lock").clone();
    for w in watching {
        for (s, at) in w.await? {
            if let Some(t0) = sent.get(&s) {
                delays.push(at.duration_since(*t0));
            }
        }
    }
    delays.sort();
    println!(
        "  {} deliveries of {} bids to {} watchers   bid sent → event received: p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
        delays.len(),
        sent.len(),
        watchers,
        pct(&delays, 0.5),
        pct(&delays, 0.99),
        delays.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    );
    Ok(())
}
