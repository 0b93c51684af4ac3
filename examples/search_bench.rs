//! Search benchmark (not a test): `bash .ci/bench-search` runs it on a fresh database.
//!
//! 1. Generates N artworks (default 100,000) in MySQL: Korean and mixed titles, descriptions, tags, genres,
//!    prices, statuses and deadlines from a fixed seed.
//! 2. For each backend (embedded tantivy; Elasticsearch API at `ELASTICSEARCH_URL`): a full build from MySQL
//!    through the indexer (documents/s), then Q genre + text + price queries (p50/p99 latency), then the
//!    same queries as a MySQL `LIKE` baseline in the same run, then freshness: K artworks are renamed through
//!    the outbox with the indexer running, and the time until each new title is searchable (p50/p99).
//!
//! Usage: `DATABASE_URL=… [ELASTICSEARCH_URL=…] cargo run --release --features ssr --example search_bench -- [N] [Q] [K]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use artipul::domain::search::query_terms;
use artipul::domain::{BrowseQuery, SortOrder, StatusFilter};
use artipul::server::search::{elastic::Elastic, embedded::Embedded, indexer, outbox, Search, SearchBackend, SearchRequest};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{MySqlPool, QueryBuilder};

const WORDS: [&str; 24] = [
    "바다",
    "하늘",
    "노을",
    "정원",
    "골목",
    "들판",
    "사과",
    "레몬",
    "고양이",
    "사슴",
    "고래",
    "구름",
    "도시",
    "나무",
    "기억",
    "새벽",
    "아침",
    "저녁",
    "겨울",
    "여름",
    "Blue",
    "Night",
    "서울",
    "한강",
];
const ADJECTIVES: [&str; 10] = ["푸른", "붉은", "고요한", "작은", "깊은", "오래된", "빛나는", "조용한", "낯선", "따뜻한"];
const GENRES: [&str; 8] = [
    "회화/풍경/중/가로형",
    "회화/인물/소/세로형",
    "회화/정물/소/정방향",
    "회화/추상/대/가로형",
    "회화/상상/중/정방향",
    "조소/조각/목조",
    "조소/소조/브론즈",
    "기타",
];

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn summary(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!("  {label:<44} p50 {:>8.2} ms   p99 {:>8.2} ms   (n = {})", pct(&samples, 0.5), pct(&samples, 0.99), samples.len());
}

async fn generate(db: &MySqlPool, n: usize, rng: &mut StdRng) -> anyhow::Result<()> {
    let mut artists = Vec::new();
    for i in 0..200 {
        let id = sqlx::query(
            "INSERT INTO users (email, nickname, real_name, phone_verified_at, college) VALUES (?, ?, '벤치', NOW(6), '벤치대학교')",
        )
        .bind(format!("search-bench-{i}@bench.artipul.kr"))
        .bind(format!("작가{i:03}"))
        .execute(db)
        .await?
        .last_insert_id();
        artists.push(id);
    }
    let now = chrono::Utc::now();
    let started = Instant::now();
    for chunk in 0..n.div_ceil(1000) {
        let rows = (n - chunk * 1000).min(1000);
        let mut qb = QueryBuilder::new(
            "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, buy_now_price, current_price, bid_count, status, ends_at, original_ends_at, created_at) ",
        );
        qb.push_values(0..rows, |mut b, _| {
            let title = format!("{} {} {}", ADJECTIVES[rng.gen_range(0..10)], WORDS[rng.gen_range(0..24)], WORDS[rng.gen_range(0..24)]);
            let description = format!(
                "{}의 {}을 그린 작품입니다. {} {} 느낌으로 작업했습니다.",
                WORDS[rng.gen_range(0..24)],
                WORDS[rng.gen_range(0..24)],
                ADJECTIVES[rng.gen_range(0..10)],
                WORDS[rng.gen_range(0..24)]
            );
            let start = rng.gen_range(10..=500u64) * 1000;
            let buy_now = rng.gen_bool(0.5).then_some(start * 3);
            let bids = rng.gen_range(0..20u32);
            let current = start + u64::from(bids) * 1000;
            let status = match rng.gen_range(0..10) {
                0 => "sold",
                1 => "unsold",
                _ => "live",
            };
            let ends = now + chrono::Duration::minutes(rng.gen_range(-3000..10_000));
            b.push_bind(artists[rng.gen_range(0..artists.len())])
                .push_bind(title)
                .push_bind(description)
                .push_bind(GENRES[rng.gen_range(0..GENRES.len())])
                .push_bind(start)
                .push_bind(buy_now)
                .push_bind(current)
                .push_bind(bids)
                .push_bind(status)
                .push_bind(ends)
                .push_bind(ends)
                .push_bind(now - chrono::Duration::minutes(rng.gen_range(0..20_000)));
        });
        qb.build().execute(db).await?;
    }
    println!("generated {n} artworks in MySQL in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

#[derive(Clone)]
struct Query {
    word: &'static str,
    genre: &'static str,
    min: u64,
    max: u64,
}

fn queries(q: usize, rng: &mut StdRng) -> Vec<Query> {
    (0..q)
        .map(|_| {
            let min = rng.gen_range(1..=20u64) * 10_000;
            Query {
                word: WORDS[rng.gen_range(0..WORDS.len())],
                genre: ["회화", "조소", "회화/풍경"][rng.gen_range(0..3)],
                min,
                max: min + 200_000,
            }
        })
        .collect()
}

fn request(q: &Query) -> SearchRequest {
    SearchRequest {
        terms: query_terms(q.word),
        filters: BrowseQuery {
            genre: q.genre.into(),
            status: StatusFilter::Live,
            min_price: Some(q.min),
            max_price: Some(q.max),
            sort: SortOrder::EndingSoon,
            ..BrowseQuery::default()
        },
        offset: 0,
        limit: 24,
        facet_depth: Some(q.genre.split('/').count() + 1),
        now: chrono::Utc::now(),
    }
}

/// The same query in MySQL with `LIKE` over title, description and the artist's nickname: a page of 24 in
/// the same order, the total, and the genre facet counts (what the search page needs).
async fn like_query(db: &MySqlPool, q: &Query) -> anyhow::Result<usize> {
    let now = chrono::Utc::now();
    let pattern = format!("%{}%", q.word);
    let filters = |qb: &mut QueryBuilder<'_, sqlx::MySql>| {
        qb.push(" WHERE a.hidden_at IS NULL AND a.status = 'live' AND a.ends_at > ").push_bind(now);
        qb.push(" AND (a.genre_path = ").push_bind(q.genre).push(" OR a.genre_path LIKE ").push_bind(format!("{}/%", q.genre)).push(")");
        qb.push(" AND a.current_price BETWEEN ").push_bind(q.min).push(" AND ").push_bind(q.max);
        qb.push(" AND (a.title LIKE ").push_bind(pattern.clone()).push(" OR a.description LIKE ").push_bind(pattern.clone());
        qb.push(" OR u.nickname LIKE ").push_bind(pattern.clone()).push(")");
    };
    let mut page = QueryBuilder::new("SELECT a.id FROM artworks a JOIN users u ON u.id = a.artist_id");
    filters(&mut page);
    page.push(" ORDER BY a.ends_at, a.id LIMIT 24");
    let ids: Vec<(u64,)> = page.build_query_as().fetch_all(db).await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM artworks a JOIN users u ON u.id = a.artist_id");
    filters(&mut count);
    let _: (i64,) = count.build_query_as().fetch_one(db).await?;
    let depth = q.genre.split('/').count() as i64 + 1;
    let mut facets = QueryBuilder::new("SELECT SUBSTRING_INDEX(a.genre_path, '/', ");
    facets.push_bind(depth).push(") AS g, COUNT(*) FROM artworks a JOIN users u ON u.id = a.artist_id");
    filters(&mut facets);
    facets.push(" GROUP BY g");
    let _: Vec<(String, i64)> = facets.build_query_as().fetch_all(db).await?;
    Ok(ids.len())
}

async fn bench_backend(db: &MySqlPool, name: &str, backend: Arc<dyn SearchBackend>, qs: &[Query], k: usize) -> anyhow::Result<()> {
    println!("\n== {name} ==");
    let search = Search::new(backend);
    search.backend.prepare().await?;
    let started = Instant::now();
    let n = indexer::rebuild(db, &search, |_, _| {}).await?;
    let secs = started.elapsed().as_secs_f64();
    println!("  full build from MySQL: {n} documents in {secs:.1} s = {:.0} documents/s", n as f64 / secs);
    sqlx::query("DELETE FROM search_outbox").execute(db).await?;

    let mut hits = 0;
    let mut samples = Vec::new();
    for q in qs {
        let t = Instant::now();
        hits += search.backend.search(&request(q)).await?.total;
        samples.push(t.elapsed());
    }
    summary(&format!("genre + text + price query ({} hits avg)", hits / qs.len() as u64), samples);

    // Freshness: rename K works through the outbox with the indexer running; time until each is found.
    let worker = tokio::spawn(indexer::run_forever(db.clone(), search.clone(), artipul::server::auction::live::Live::default()));
    let ids: Vec<(u64,)> =
        sqlx::query_as("SELECT id FROM artworks WHERE status = 'live' ORDER BY RAND(7) LIMIT ?").bind(k as u64).fetch_all(db).await?;
    let mut fresh = Vec::new();
    for (i, (id,)) in ids.iter().enumerate() {
        let token = format!("신선도{}{}", name.len(), i);
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE artworks SET title = ? WHERE id = ?").bind(&token).bind(id).execute(&mut *tx).await?;
        outbox::enqueue(&mut tx, *id).await?;
        tx.commit().await?;
        let t = Instant::now();
        search.wake();
        let mut req = request(&Query { word: "", genre: "", min: 0, max: u64::MAX });
        req.terms = query_terms(&token);
        req.filters = BrowseQuery { status: StatusFilter::All, ..BrowseQuery::default() };
        req.facet_depth = None;
        loop {
            if search.backend.search(&req).await?.ids.contains(id) {
                break;
            }
            anyhow::ensure!(t.elapsed() < Duration::from_secs(30), "change not searchable after 30 s");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        fresh.push(t.elapsed());
    }
    worker.abort();
    summary("freshness: change committed → searchable", fresh);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map_or(Ok(100_000), |v| v.parse())?;
    let q: usize = args.get(1).map_or(Ok(300), |v| v.parse())?;
    let k: usize = args.get(2).map_or(Ok(50), |v| v.parse())?;
    let db = artipul::server::db::pool(&std::env::var("DATABASE_URL").context("DATABASE_URL")?)?;
    artipul::server::db::migrate(&db).await?;
    let mut rng = StdRng::seed_from_u64(2026);
    generate(&db, n, &mut rng).await?;
    sqlx::query("DELETE FROM search_outbox").execute(&db).await?;
    let qs = queries(q, &mut rng);

    let mut samples = Vec::new();
    let mut rows = 0;
    for query in &qs {
        let t = Instant::now();
        rows += like_query(&db, query).await?;
        samples.push(t.elapsed());
    }
    println!("\n== MySQL LIKE baseline (same filters, page + total + facets) ==");
    summary(&format!("genre + text + price query ({} rows/page avg)", rows / qs.len()), samples);

    let dir = tempfile::tempdir()?;
    bench_backend(&db, "embedded (tantivy)", Arc::new(Embedded::new(dir.path().join("search"))), &qs, k).await?;
    match std::env::var("ELASTICSEARCH_URL") {
        Ok(url) => {
            let url = url::Url::parse(&url)?;
            let alias = format!("bench-{}", uuid::Uuid::new_v4().simple());
            // Reported, not fatal: the ES-API server here is a stand-in whose speed is not Elasticsearch's.
            if let Err(e) = bench_backend(&db, "elasticsearch API (noida-db)", Arc::new(Elastic::new(&url, &alias)?), &qs, k).await {
                println!("  stopped: {e}");
            }
        }
        Err(_) => println!("\n(ELASTICSEARCH_URL not set: Elasticsearch backend skipped)"),
    }
    // Peak memory of this process (MySQL client, generator and the embedded index with its writer).
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM")) {
        println!("\npeak resident memory of the benchmark process: {}", line.trim_start_matches("VmHWM:").trim());
    }
    Ok(())
}
