//! One conformance suite, run against both backends: the embedded index always, Elasticsearch against the
//! ES-API server `noida-db` (started by `bash .ci/test`). Results are compared by ids and order, never by
//! score; orders and facets are also compared with the MySQL browse for the same filters.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::MySqlPool;

use super::{indexer, outbox, Search, SearchDoc, SearchRequest};
use crate::domain::search::{query_terms, EndingWithin};
use crate::domain::{BrowseQuery, SortOrder, StatusFilter};
use crate::server::testing::{elasticsearch_url, spawn_app_with, test_state_with};
use crate::server::AppState;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Embedded,
    Elastic,
}

/// Environment for a backend: Elasticsearch gets an alias of its own per test.
fn env_for(kind: Kind) -> Vec<(String, String)> {
    match kind {
        Kind::Embedded => Vec::new(),
        Kind::Elastic => vec![
            ("ELASTICSEARCH_URL".into(), elasticsearch_url()),
            ("ELASTICSEARCH_INDEX".into(), format!("t{}-artworks", uuid::Uuid::new_v4().simple())),
        ],
    }
}

fn as_refs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn state_for(pool: MySqlPool, kind: Kind) -> (AppState, tempfile::TempDir) {
    let env = env_for(kind);
    let (state, dir) = test_state_with(pool, &as_refs(&env));
    assert_eq!(
        state.search.backend.kind(),
        match kind {
            Kind::Embedded => "embedded",
            Kind::Elastic => "elasticsearch",
        }
    );
    (state, dir)
}

struct Work {
    title: &'static str,
    description: &'static str,
    genre: &'static str,
    artist: usize,
    price: u64,
    buy_now: Option<u64>,
    bids: u32,
    status: &'static str,
    ends_in_min: i64,
    created_ago_min: i64,
    tags: &'static [&'static str],
    hidden: bool,
}

const fn work(title: &'static str, description: &'static str, genre: &'static str, artist: usize, price: u64) -> Work {
    Work {
        title,
        description,
        genre,
        artist,
        price,
        buy_now: None,
        bids: 0,
        status: "live",
        ends_in_min: 600,
        created_ago_min: 60,
        tags: &[],
        hidden: false,
    }
}

/// The corpus, in id order (ids 1..=9 in a fresh database).
fn corpus() -> Vec<Work> {
    vec![
        Work {
            buy_now: Some(200_000),
            ends_in_min: 30,
            created_ago_min: 300,
            tags: &["유화"],
            ..work("푸른 바다 유화", "여름 바다를 그린 작품", "회화/풍경/중/가로형", 0, 50_000)
        },
        Work {
            bids: 3,
            ends_in_min: 2 * 24 * 60,
            created_ago_min: 240,
            ..work("바다의 아침", "새벽 항구 작품", "회화/풍경/소/정방향", 1, 120_000)
        },
        Work {
            buy_now: Some(90_000),
            bids: 5,
            ends_in_min: 300,
            created_ago_min: 180,
            ..work("하늘 정원", "구름과 바다 사이의 정원 작품", "회화/상상/대/세로형", 0, 85_000)
        },
        Work {
            bids: 7,
            status: "sold",
            ends_in_min: -24 * 60,
            created_ago_min: 2 * 24 * 60,
            ..work("Blue 바다 Oil", "mixed title 작품", "조소/조각/목조", 1, 300_000)
        },
        Work {
            status: "unsold",
            ends_in_min: -120,
            created_ago_min: 24 * 60,
            tags: &["바다풍경"],
            ..work("붉은 노을", "노을 작품", "회화/풍경/대/가로형", 0, 30_000)
        },
        Work { hidden: true, ..work("숨겨진 바다", "숨긴 작품", "회화/풍경/중/가로형", 0, 40_000) },
        Work { status: "withdrawn", ..work("거둔 바다", "내린 작품", "회화/풍경/중/가로형", 0, 40_000) },
        Work { bids: 2, ends_in_min: 10, created_ago_min: 60, ..work("고요한 숲", "숲 작품", "기타", 1, 60_000) },
        Work {
            ends_in_min: 600, created_ago_min: 30, ..work("항구의 밤", "밤 풍경 작품", "회화/인물/소/정방향", 1, 60_000)
        },
    ]
}

async fn artist(db: &MySqlPool, nickname: &str) -> u64 {
    sqlx::query(
        "INSERT INTO users (email, nickname, real_name, phone_verified_at, college) VALUES (?, ?, '테스트', NOW(6), '한국예술대학교')",
    )
    .bind(format!("{}@search.test", uuid::Uuid::new_v4().simple()))
    .bind(nickname)
    .execute(db)
    .await
    .unwrap()
    .last_insert_id()
}

/// Writes the corpus with its outbox rows, as the app does, and returns the ids and the reference time.
async fn seed(db: &MySqlPool) -> (Vec<u64>, DateTime<Utc>) {
    let artists = [artist(db, "하늘물감").await, artist(db, "Moonlight").await];
    let now = Utc::now();
    let mut ids = Vec::new();
    for w in corpus() {
        let mut tx = db.begin().await.unwrap();
        let ends = now + chrono::Duration::minutes(w.ends_in_min);
        let id = sqlx::query(
            "INSERT INTO artworks (artist_id, title, description, genre_path, start_price, buy_now_price, current_price, bid_count,
                                   status, ends_at, original_ends_at, created_at, hidden_at, hidden_reason)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(artists[w.artist])
        .bind(w.title)
        .bind(w.description)
        .bind(w.genre)
        .bind(w.price.min(w.buy_now.map_or(u64::MAX, |b| b - 1000)))
        .bind(w.buy_now)
        .bind(w.price)
        .bind(w.bids)
        .bind(w.status)
        .bind(ends)
        .bind(ends)
        .bind(now - chrono::Duration::minutes(w.created_ago_min))
        .bind(w.hidden.then_some(now))
        .bind(w.hidden.then_some("테스트"))
        .execute(&mut *tx)
        .await
        .unwrap()
        .last_insert_id();
        for (i, tag) in w.tags.iter().enumerate() {
            sqlx::query("INSERT INTO artwork_tags (artwork_id, position, tag) VALUES (?, ?, ?)")
                .bind(id)
                .bind(i as u8)
                .bind(*tag)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        outbox::enqueue(&mut tx, id).await.unwrap();
        tx.commit().await.unwrap();
        ids.push(id);
    }
    (ids, now)
}

async fn deliver_all(state: &AppState) {
    indexer::prepare(&state.db, &state.search).await.unwrap();
    while indexer::deliver_batch(&state.db, &state.search).await.unwrap() > 0 {}
    assert_eq!(outbox::pending(&state.db).await.unwrap(), 0);
}

fn req(text: &str, now: DateTime<Utc>) -> SearchRequest {
    SearchRequest {
        terms: query_terms(text),
        filters: BrowseQuery { status: StatusFilter::All, sort: SortOrder::Relevance, ..BrowseQuery::default() },
        offset: 0,
        limit: 50,
        facet_depth: None,
        now,
    }
}

async fn ids(search: &Search, r: SearchRequest) -> Vec<u64> {
    search.backend.search(&r).await.unwrap().ids
}

/// The 1-based corpus positions of `ids` (the fresh database numbers rows from 1, but do not rely on it).
fn pos(all: &[u64], found: &[u64]) -> Vec<usize> {
    found.iter().map(|id| all.iter().position(|a| a == id).expect("a corpus id") + 1).collect()
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

async fn queries_filters_sorts_and_facets(pool: MySqlPool, kind: Kind) {
    let (state, _dir) = state_for(pool, kind);
    let (all, now) = seed(&state.db).await;
    deliver_all(&state).await;
    let s = &state.search;
    let find = |text: &str| req(text, now);

    // Korean 2-grams: 바다 in titles, a description and a tag; hidden and withdrawn works never show.
    assert_eq!(sorted(pos(&all, &ids(s, find("바다")).await)), [1, 2, 3, 4, 5], "{kind:?}");
    assert_eq!(pos(&all, &ids(s, find("바다의")).await), [2]);
    assert_eq!(pos(&all, &ids(s, find("푸른 바다")).await), [1], "every 2-gram must match");
    assert!(ids(s, find("숨겨진")).await.is_empty());
    assert!(ids(s, find("거둔")).await.is_empty());
    // Mixed Korean and English, case-insensitive; artist nicknames are searched too.
    assert_eq!(pos(&all, &ids(s, find("BLUE 바다")).await), [4]);
    assert_eq!(pos(&all, &ids(s, find("oil")).await), [4]);
    assert_eq!(sorted(pos(&all, &ids(s, find("moonlight")).await)), [2, 4, 8, 9]);
    assert_eq!(sorted(pos(&all, &ids(s, find("하늘물감 노을")).await)), [5], "terms may match in different fields");
    // Relevance: a title match ranks above a description-only match of the same rare word.
    assert_eq!(pos(&all, &ids(s, find("항구")).await), [9, 2]);

    // Filters.
    let bada = |f: &dyn Fn(&mut SearchRequest)| {
        let mut r = find("바다");
        f(&mut r);
        r
    };
    assert_eq!(sorted(pos(&all, &ids(s, bada(&|r| r.filters.status = StatusFilter::Live)).await)), [1, 2, 3]);
    assert_eq!(pos(&all, &ids(s, bada(&|r| r.filters.status = StatusFilter::Ended)).await), [5]);
    assert_eq!(pos(&all, &ids(s, bada(&|r| r.filters.status = StatusFilter::Sold)).await), [4]);
    assert_eq!(sorted(pos(&all, &ids(s, bada(&|r| r.filters.genre = "회화".into())).await)), [1, 2, 3, 5]);
    assert_eq!(sorted(pos(&all, &ids(s, bada(&|r| r.filters.genre = "회화/풍경".into())).await)), [1, 2, 5]);
    assert_eq!(
        sorted(pos(&all, &ids(s, bada(&|r| (r.filters.min_price, r.filters.max_price) = (Some(50_000), Some(100_000)))).await)),
        [1, 3]
    );
    assert_eq!(sorted(pos(&all, &ids(s, bada(&|r| r.filters.buy_now_only = true)).await)), [1, 3]);
    assert_eq!(pos(&all, &ids(s, bada(&|r| r.filters.ending = Some(EndingWithin::Hour))).await), [1]);
    assert_eq!(sorted(pos(&all, &ids(s, bada(&|r| r.filters.ending = Some(EndingWithin::Day))).await)), [1, 3]);

    // Every sort over a word in every visible work, against the MySQL browse of the same filters; then
    // pagination slices the same order.
    let visible = [1, 2, 3, 4, 5, 8, 9];
    for sort in SortOrder::ALL.into_iter().filter(|s| *s != SortOrder::Relevance) {
        let mut r = find("작품");
        r.filters.sort = sort;
        let got = ids(s, r.clone()).await;
        assert_eq!(sorted(pos(&all, &got)), visible);
        let browse = crate::server::artworks::queries::browse(
            &state.db,
            &BrowseQuery { status: StatusFilter::All, sort, ..BrowseQuery::default() },
            now,
        )
        .await
        .unwrap();
        let expected: Vec<u64> = browse.cards.iter().map(|c| c.id).collect();
        assert_eq!(got, expected, "{kind:?} {sort:?} matches the MySQL browse order");
        let (offset, limit) = (2, 3);
        let page = ids(s, SearchRequest { offset, limit, ..r }).await;
        assert_eq!(page, got[offset..offset + limit], "{sort:?} page 2");
    }
    let mut r = find("작품");
    r.filters.sort = SortOrder::PriceAsc;
    assert_eq!(pos(&all, &ids(s, r).await), [5, 1, 8, 9, 3, 2, 4], "price, then id");

    // Facets one level below the current genre, as the MySQL browse counts them; and the total.
    for genre in ["", "회화", "회화/풍경"] {
        let mut r = find("작품");
        r.filters.genre = genre.into();
        r.facet_depth = Some(genre.split('/').filter(|g| !g.is_empty()).count() + 1);
        let hits = s.backend.search(&r).await.unwrap();
        let q = BrowseQuery { genre: genre.into(), status: StatusFilter::All, ..BrowseQuery::default() };
        let browse = crate::server::artworks::queries::browse(&state.db, &q, now).await.unwrap();
        assert_eq!(hits.total, u64::from(browse.total), "{genre}");
        for facet in browse.facets {
            let got = hits.facets.iter().find(|(p, _)| *p == facet.path).map_or(0, |(_, n)| *n);
            assert_eq!(got, u64::from(facet.count), "{kind:?} facet {}", facet.path);
        }
    }
    let mut r = find("작품");
    r.facet_depth = Some(1);
    let top = s.backend.search(&r).await.unwrap().facets;
    let count = |p: &str| top.iter().find(|(g, _)| g == p).map_or(0, |(_, n)| *n);
    assert_eq!((count("회화"), count("조소"), count("기타")), (5, 1, 1));
}

async fn versions_keep_the_newest_document(pool: MySqlPool, kind: Kind) {
    let (state, _dir) = state_for(pool, kind);
    let (all, now) = seed(&state.db).await;
    deliver_all(&state).await;
    let s = &state.search;
    let mut doc: SearchDoc = super::docs::load(&state.db, &[all[7]]).await.unwrap().remove(0);
    let v = doc.version;
    doc.title = "새로운 제목".into();
    doc.version = v + 2;
    s.backend.apply(std::slice::from_ref(&doc), &[]).await.unwrap();
    // A late, older delivery changes nothing; a repeat of the newest is harmless.
    let mut old = doc.clone();
    old.title = "오래된 제목".into();
    old.version = v + 1;
    s.backend.apply(&[old], &[]).await.unwrap();
    s.backend.apply(std::slice::from_ref(&doc), &[]).await.unwrap();
    assert_eq!(pos(&all, &ids(s, req("새로운", now)).await), [8]);
    assert!(ids(s, req("오래된", now)).await.is_empty());
    // Removal.
    s.backend.apply(&[], &[all[7]]).await.unwrap();
    assert!(ids(s, req("새로운", now)).await.is_empty());

    // A rebuild from MySQL replaces the index and gives the same answers as the outbox did.
    // (Compared in a deterministic order: relevance scores may move with index statistics.)
    let mut by_end = req("바다", now);
    by_end.filters.sort = SortOrder::EndingSoon;
    let before = ids(s, by_end.clone()).await;
    let rebuilt = indexer::rebuild(&state.db, s, |_, _| {}).await.unwrap();
    assert_eq!(rebuilt, all.len() as u64);
    assert_eq!(ids(s, by_end).await, before);
    assert_eq!(pos(&all, &ids(s, req("고요한", now)).await), [8], "the rebuild restored the MySQL state");
}

/// Polls `/artworks?q=…` (the real page) until `want(html)` holds; returns how long it took.
async fn page_until(app: &crate::server::testing::TestApp, q: &str, want: impl Fn(&str) -> bool) -> Duration {
    let started = Instant::now();
    let url = format!("/artworks?q={}&status=all", url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>());
    loop {
        let html = app.get(&url).await.text().await.unwrap();
        if want(&html) {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(2), "not searchable within 2 s: {q}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn edits_and_withdrawals_reach_search_within_two_seconds(pool: MySqlPool, kind: Kind) {
    use crate::server::artworks::http_tests::{list_work, listing};
    let env = env_for(kind);
    let app = spawn_app_with(pool, &as_refs(&env)).await;
    let artist = app.member("김작가", Some("홍익대학교")).await;
    let id = list_work(&artist, "처음 올린 제목").await;
    let link = format!("/artworks/{id}\"");
    page_until(&app, "처음 올린", |h| h.contains(&link)).await;

    let detail: serde_json::Value = artist.browser.call("artwork", &[("id", &id.to_string())]).await.json().await.unwrap();
    let keep = detail["images"][0]["upload_id"].as_str().unwrap().to_string();
    let mut edit = listing("고쳐 쓴 제목", &keep, "설명");
    let id_s = id.to_string();
    edit.push(("id", &id_s));
    let res = artist.browser.call("update_artwork", &edit).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    page_until(&app, "고쳐 쓴", |h| h.contains(&link)).await;
    page_until(&app, "처음 올린", |h| !h.contains(&link)).await;

    let res = artist.browser.call("withdraw_artwork", &[("id", &id_s)]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    page_until(&app, "고쳐 쓴", |h| !h.contains(&link) && h.contains("browse-empty")).await;
}

/// The backend is down: changes wait in the outbox, search says so in Korean, browse keeps working and
/// /readyz reports it; when the backend returns, the indexer catches up by itself.
async fn the_outbox_waits_for_a_backend_that_is_down(pool: MySqlPool, kind: Kind) {
    let scratch = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut env: Vec<(String, String)> = vec![("DATA_DIR".into(), scratch.path().join("data").display().to_string())];
    if let Kind::Elastic = kind {
        env.push(("ELASTICSEARCH_URL".into(), format!("http://127.0.0.1:{port}")));
        env.push(("ELASTICSEARCH_INDEX".into(), "artipul-down-test".into()));
    }
    // Embedded: another process's writer holds the index (as `artipul reindex` would).
    let holder = match kind {
        Kind::Embedded => {
            let other = super::embedded::Embedded::new(scratch.path().join("data/search"));
            use super::SearchBackend;
            other.prepare().await.unwrap();
            let rebuild = other.rebuild().await.unwrap();
            Some((other, rebuild))
        }
        Kind::Elastic => None,
    };
    let app = spawn_app_with(pool, &as_refs(&env)).await;
    let (all, _) = seed(&app.state.db).await;
    app.state.search.wake();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(outbox::pending(&app.state.db).await.unwrap(), all.len() as u64, "nothing delivered while down");

    let html = app.get("/artworks?q=%EB%B0%94%EB%8B%A4&status=all").await.text().await.unwrap();
    match kind {
        // Elasticsearch unreachable: a clear Korean message and a way to keep browsing.
        Kind::Elastic => {
            assert!(html.contains("검색이 잠시 원활하지 않아요"), "a clear Korean message");
            assert!(html.contains("browse-without-search"), "a way to keep browsing");
        }
        // The embedded index still answers (from what it has), it just cannot take the new works yet.
        Kind::Embedded => assert!(html.contains("browse-empty"), "nothing indexed yet"),
    }
    let browse = app.get("/artworks?status=all").await.text().await.unwrap();
    assert!(browse.contains(&format!("/artworks/{}\"", all[0])), "browse works without search");
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "degraded", "{ready}");
    assert_eq!(ready["search"]["status"], "failing", "{ready}");
    assert_eq!(ready["mysql"], "ok");

    // The backend comes back.
    let _server = match kind {
        Kind::Embedded => {
            drop(holder);
            None
        }
        Kind::Elastic => Some(start_noida(port, scratch.path()).await),
    };
    let started = Instant::now();
    while outbox::pending(&app.state.db).await.unwrap() > 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the indexer did not catch up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("search backend back: outbox delivered {:?} later", started.elapsed());
    let found = app.state.search.backend.search(&req("바다", Utc::now())).await.unwrap();
    assert_eq!(found.total, 5);
    let html = app.get("/artworks?q=%EB%B0%94%EB%8B%A4&status=all").await.text().await.unwrap();
    assert!(html.contains(&format!("/artworks/{}\"", all[0])) && html.contains("<mark"), "results with highlights");
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["search"]["outbox_pending"], 0);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A private noida-db (`NOIDA_DB_BIN`, else `noida-db` on PATH), killed when dropped.
struct Noida(std::process::Child);

impl Drop for Noida {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_noida(port: u16, dir: &std::path::Path) -> Noida {
    let bin = std::env::var("NOIDA_DB_BIN").unwrap_or_else(|_| "noida-db".into());
    let child = std::process::Command::new(bin)
        .args(["start", "--only", "elasticsearch", "--host", "127.0.0.1", "--elasticsearch-port", &port.to_string(), "--data-dir"])
        .arg(dir.join("noida"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("noida-db starts (bash .ci/test installs it)");
    Noida(child)
}

async fn suggestions_and_search_over_http(pool: MySqlPool, kind: Kind) {
    let env = env_for(kind);
    let app = spawn_app_with(pool, &as_refs(&env)).await;
    let (all, _) = seed(&app.state.db).await;
    let started = Instant::now();
    while outbox::pending(&app.state.db).await.unwrap() > 0 {
        assert!(started.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let visitor = app.browser();
    let res = visitor.call("search_suggestions", &[("typed", "바다의")]).await;
    assert_eq!(res.status(), 200);
    let found: serde_json::Value = res.json().await.unwrap();
    assert_eq!(found[0]["label"], "바다의 아침", "{found}");
    assert_eq!(found[0]["href"], format!("/artworks/{}", all[1]));
    let found: serde_json::Value = visitor.call("search_suggestions", &[("typed", "풍경")]).await.json().await.unwrap();
    assert!(found.as_array().unwrap().iter().any(|s| s["kind"] == "Genre" && s["label"] == "회화 › 풍경"), "{found}");
    let found: serde_json::Value = visitor.call("search_suggestions", &[("typed", "Moon")]).await.json().await.unwrap();
    assert!(found.as_array().unwrap().iter().any(|s| s["kind"] == "Artist" && s["label"] == "Moonlight"), "{found}");

    // The page: highlighted title, snippet, facet counts, and the Korean refusal of a 1-character query.
    let html = app.get("/artworks?q=%ED%95%AD%EA%B5%AC&status=all").await.text().await.unwrap();
    let body = html.split("browse-page").nth(1).unwrap_or(&html);
    assert!(body.contains("<mark class=\"rounded-sm bg-amber-100 px-0.5 text-inherit\">항구"), "{body}");
    assert!(html.contains("search-snippet"));
    let html = app.get("/artworks?q=%EA%BD%83").await.text().await.unwrap();
    assert!(html.contains("두 자 이상"), "one character is refused clearly");
    let long = "가".repeat(51);
    let html = app
        .get(&format!("/artworks?q={}", url::form_urlencoded::byte_serialize(long.as_bytes()).collect::<String>()))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("50자 이내"));
}

macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                use super::*;

                #[sqlx::test]
                async fn embedded(pool: MySqlPool) {
                    super::$case(pool, Kind::Embedded).await
                }

                #[sqlx::test]
                async fn elasticsearch(pool: MySqlPool) {
                    super::$case(pool, Kind::Elastic).await
                }
            }
        )*
    };
}

conformance!(
    queries_filters_sorts_and_facets,
    versions_keep_the_newest_document,
    edits_and_withdrawals_reach_search_within_two_seconds,
    the_outbox_waits_for_a_backend_that_is_down,
    suggestions_and_search_over_http,
);

/// Instances of one deployment (one database) that would keep different indexes refuse to start: two
/// embedded indexes in different folders, or an embedded index beside Elasticsearch. Instances on one
/// Elasticsearch index share the claim; a stopped instance's claim is given up (or lapses).
#[sqlx::test]
async fn instances_that_would_keep_different_indexes_refuse_to_start(pool: MySqlPool) {
    use super::claim::{check_at_start, release};
    let es = [("ELASTICSEARCH_URL", elasticsearch_url()), ("ELASTICSEARCH_INDEX", format!("t{}-claim", uuid::Uuid::new_v4().simple()))];
    let es: Vec<(&str, &str)> = es.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (elastic_a, _a) = test_state_with(pool.clone(), &es);
    let (elastic_b, _b) = test_state_with(pool.clone(), &es);
    let (embedded_c, _c) = test_state_with(pool.clone(), &[]);
    let (embedded_d, _d) = test_state_with(pool.clone(), &[]);

    check_at_start(&elastic_a).await.expect("the first instance claims its index");
    check_at_start(&elastic_b).await.expect("a second instance on the same Elasticsearch index shares the claim");
    let refused = check_at_start(&embedded_c).await.expect_err("an embedded index beside Elasticsearch would drift").to_string();
    assert!(refused.contains("ELASTICSEARCH_URL") && refused.contains(es[1].1), "the refusal names the index in use: {refused}");

    // One Elasticsearch instance stops cleanly: the other still holds the claim.
    release(&elastic_a).await;
    assert!(check_at_start(&embedded_c).await.is_err(), "instance B still uses Elasticsearch");
    release(&elastic_b).await;
    check_at_start(&embedded_c).await.expect("no instance is left on Elasticsearch: the embedded index may serve");
    let refused = check_at_start(&embedded_d).await.expect_err("a second embedded index (another folder) would drift").to_string();
    assert!(refused.contains("embedded"), "{refused}");
    assert!(check_at_start(&elastic_a).await.is_err(), "nor may Elasticsearch join the embedded instance");
    // Another deployment (another database) is not affected.
    let other = sqlx::MySqlPool::connect(&std::env::var("DATABASE_URL").expect("DATABASE_URL")).await.unwrap();
    let (elsewhere, _e) = test_state_with(other, &[]);
    check_at_start(&elsewhere).await.expect("claims are per database");
    release(&elsewhere).await;
}

/// Three instances' indexers deliver one outbox into one Elasticsearch index at once, while works are
/// edited: every change is delivered (rows are deleted only after their documents are stored), repeats
/// are harmless (versions), and the index answers exactly as one built by a single indexer from MySQL.
#[sqlx::test]
async fn three_indexers_at_once_leave_the_same_index_as_one(pool: MySqlPool) {
    let shared: Vec<(String, String)> = env_for(Kind::Elastic);
    let shared: Vec<(&str, &str)> = shared.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let states: Vec<_> = (0..3).map(|_| test_state_with(pool.clone(), &shared)).collect();
    indexer::prepare(&pool, &states[0].0.search).await.unwrap();
    let (all, now) = seed(&pool).await;
    let edits = async {
        for id in all.iter().step_by(2) {
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("UPDATE artworks SET title = CONCAT(title, ' 개정판') WHERE id = ?").bind(id).execute(&mut *tx).await.unwrap();
            outbox::enqueue(&mut tx, *id).await.unwrap();
            tx.commit().await.unwrap();
            tokio::task::yield_now().await;
        }
    };
    let deliver = |state: &AppState| {
        let state = state.clone();
        async move {
            for _ in 0..20 {
                indexer::deliver_batch(&state.db, &state.search).await.unwrap();
            }
        }
    };
    tokio::join!(edits, deliver(&states[0].0), deliver(&states[1].0), deliver(&states[2].0));
    deliver_all(&states[2].0).await;
    // The reference: a fresh index built from MySQL by one indexer.
    let single: Vec<(String, String)> = env_for(Kind::Elastic);
    let single: Vec<(&str, &str)> = single.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (reference, _r) = test_state_with(pool.clone(), &single);
    indexer::prepare(&pool, &reference.search).await.unwrap();
    for q in ["개정판", "바다", "작품", "노을", "Blue"] {
        let mut a = ids(&states[1].0.search, req(q, now)).await;
        let mut b = ids(&reference.search, req(q, now)).await;
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "'{q}': the index the three fed answers like one built from MySQL");
    }
    assert!(!ids(&reference.search, req("개정판", now)).await.is_empty(), "the edits are searchable");
}
