//! The HTTP surface against a real server on a random port, a fresh database and the real Redis.

use sqlx::MySqlPool;

use super::seed::{seed, SeedPlan};
use super::testing::{spawn_app, spawn_app_with};

const SMALL: SeedPlan = SeedPlan { artists: 2, works_per_artist: 3 };

#[sqlx::test]
async fn home_page_is_rendered_on_the_server_with_demo_data(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    seed(&app.state, SMALL).await.expect("seed");
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT title FROM artworks WHERE status = 'live'").fetch_all(&app.state.db).await.unwrap();
    assert!(!titles.is_empty());

    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    // The cards are in the HTML itself (not streamed in later), so the page works before hydration.
    for title in &titles {
        assert!(html.contains(title.as_str()), "home page lists {title}");
    }
    assert!(html.contains("하늘물감"), "featured artist nickname");
    assert!(html.contains("홍익대학교"), "artist college");
    assert!(html.contains("곧 마감되는 경매"));
    assert!(html.contains("₩"), "prices in won");
    assert!(html.contains(r#"lang="ko""#));
    assert!(html.contains("/pkg/artipul.js"), "hydration script");
    // Public pages never carry contact data.
    assert!(!html.contains("demo.artipul.kr"), "no e-mail addresses in public HTML");
    assert!(!html.contains("+8210"), "no phone numbers in public HTML");
}

#[sqlx::test]
async fn home_page_shows_a_helpful_empty_state_without_lots(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("아직 진행 중인 경매가 없습니다"));
    assert!(html.contains("data-testid=\"empty-state\""));
}

#[sqlx::test]
async fn seeding_twice_creates_nothing_new(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let first = seed(&app.state, SMALL).await.unwrap();
    assert_eq!(first.artists_created, 2);
    assert_eq!(first.artworks_created, 6);
    assert!(first.images_written >= 12);
    let second = seed(&app.state, SMALL).await.unwrap();
    assert_eq!((second.artists_created, second.artworks_created, second.images_written), (0, 0, 0));
    let works: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM artworks").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(works, 6);
    // Every image row points at files that exist.
    let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM artwork_images").fetch_all(&app.state.db).await.unwrap();
    for key in keys {
        for width in [400, 1200] {
            assert!(app.state.storage.exists(&format!("{key}/{width}.jpg")).await, "{key}/{width}");
        }
    }
}

#[sqlx::test]
async fn seeding_moves_expired_demo_deadlines_ahead(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    seed(&app.state, SMALL).await.unwrap();
    sqlx::query("UPDATE artworks SET ends_at = UTC_TIMESTAMP(6) - INTERVAL 1 DAY WHERE status = 'live'")
        .execute(&app.state.db)
        .await
        .unwrap();
    let report = seed(&app.state, SMALL).await.unwrap();
    assert!(report.deadlines_refreshed > 0);
    let expired: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM artworks WHERE status = 'live' AND ends_at <= UTC_TIMESTAMP(6)")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(expired, 0);
}

#[sqlx::test]
async fn generated_images_are_served_with_long_cache_headers(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    seed(&app.state, SMALL).await.unwrap();
    let key: String = sqlx::query_scalar("SELECT storage_key FROM artwork_images LIMIT 1").fetch_one(&app.state.db).await.unwrap();
    let res = app.get(&format!("/media/{key}/400.jpg")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).expect("a real JPEG");
    assert_eq!(img.width(), 400);
    assert_eq!(app.get("/media/artworks/nope/400.jpg").await.status(), 404);
}

#[sqlx::test]
async fn health_and_readiness_report_each_dependency(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert!(health.headers().contains_key("x-request-id"), "every response carries a request id");
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert_eq!(health.headers()["x-frame-options"], "DENY");

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["mysql"], "ok");
    assert_eq!(body["redis"], "ok");
}

/// Without Redis the site keeps working (degraded: see docs/RELIABILITY.md), so a balancer must keep
/// sending it traffic: readiness says `degraded`, names Redis, and stays 200.
#[sqlx::test]
async fn readiness_is_degraded_naming_redis_when_redis_is_unreachable(pool: MySqlPool) {
    // Nothing listens on port 1 of loopback.
    let app = spawn_app_with(pool, &[("REDIS_URL", "redis://127.0.0.1:1")]).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["redis"], "unreachable");
    assert_eq!(body["mysql"], "ok");
    assert_eq!(body["failing"], serde_json::json!([]));
    // A process that is shutting down is not ready, whatever else holds.
    app.state.live.shut_down();
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["failing"], serde_json::json!(["shutting_down"]));
    // Liveness does not depend on Redis.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[sqlx::test]
async fn unknown_pages_get_a_korean_404(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("페이지를 찾을 수 없습니다"));
}

#[sqlx::test]
async fn the_language_choice_is_remembered_without_javascript(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let res = app.http.get(app.url("/locale/en")).header("referer", app.url("/artworks?page=2")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/artworks");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("artipul_locale=en"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));

    let html = app.http.get(app.url("/")).header("cookie", "artipul_locale=en").send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("Browse"));
    assert!(!html.contains("작품 보기"));

    // A foreign Referer never becomes the redirect target.
    let res = app.http.get(app.url("/locale/ko")).header("referer", "https://evil.example/x").send().await.unwrap();
    assert_eq!(res.headers()["location"], "/");
    assert_eq!(app.get("/locale/xx").await.status(), 404);
}

/// The log-in page words a social log-in's failure from a code; text put in its URL by someone else
/// (a phishing link: "your account is locked, call …") is never shown.
#[sqlx::test]
async fn the_log_in_page_shows_no_text_from_its_url(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let planted =
        app.get("/login?error=%EA%B3%84%EC%A0%95%EC%9D%B4%20%EC%9E%A0%EA%B2%BC%EC%8A%B5%EB%8B%88%EB%8B%A4.%20010-1234-5678").await;
    let html = planted.text().await.unwrap();
    assert!(!html.contains("010-1234-5678"), "the planted text is not on the page");
    let coded = app.get("/login?error=social_cancelled&provider=kakao").await.text().await.unwrap();
    assert!(coded.contains("카카오 로그인이 취소되었습니다."), "a known code is worded from the catalogue");
}

/// Plain axum handlers (the live stream, uploads, social log-in's callback) answer in the request's
/// language as server functions do.
#[sqlx::test]
async fn plain_handlers_answer_in_the_requests_language(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let ask = |cookie: Option<&'static str>| {
        let mut req = app.http.get(app.url("/api/live?lots=x"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        async move { req.send().await.unwrap() }
    };
    let en = ask(Some("artipul_locale=en")).await;
    assert_eq!(en.status(), 400);
    assert!(en.text().await.unwrap().contains("lots is not valid"));
    let ko = ask(None).await.text().await.unwrap();
    assert!(ko.contains("lots 형식이 올바르지 않습니다"), "{ko}");
}

#[sqlx::test]
async fn the_home_feed_server_function_returns_public_data_only(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    seed(&app.state, SMALL).await.unwrap();
    let res = app.http.post(app.url("/api/home_feed")).header("accept", "application/json").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    let feed: crate::domain::HomeFeed = serde_json::from_str(&body).expect("a HomeFeed");
    assert!(!feed.ending_soon.is_empty());
    assert!(feed.ending_soon.windows(2).all(|w| w[0].ends_at <= w[1].ends_at), "ending soon is ordered");
    assert!(feed.new_arrivals.iter().all(|c| c.status == crate::domain::LotStatus::Live));
    for needle in ["email", "phone", "password", "real_name", "demo.artipul.kr", "+8210"] {
        assert!(!body.contains(needle), "public feed leaks {needle}");
    }
}

/// Leptos suppresses resource loading process-wide while it generates a route list, and a resource
/// first polled in that moment never resolves. Every app in a process (every test server; a process
/// that builds its router twice) must therefore generate the list once, or a page rendered meanwhile
/// hangs until the request timeout.
#[sqlx::test]
async fn pages_render_while_another_router_is_built(pool: MySqlPool) {
    use futures::StreamExt;
    let app = spawn_app(pool).await;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap();
    let state = app.state.clone();
    let builder = tokio::task::spawn_blocking(move || {
        for _ in 0..40 {
            drop(super::http::router(state.clone()));
        }
    });
    let pages = futures::stream::iter(0..120).map(|_| {
        let (client, url) = (client.clone(), app.url("/login"));
        async move {
            match client.get(url).send().await {
                Ok(res) => res.status() == 200 && res.text().await.is_ok_and(|t| t.contains("login-form")),
                Err(e) => {
                    eprintln!("request failed: {e:?}");
                    false
                }
            }
        }
    });
    let answers: Vec<bool> = pages.buffer_unordered(2).collect().await;
    builder.await.unwrap();
    let broken = answers.iter().filter(|whole| !**whole).count();
    assert_eq!(broken, 0, "{broken} of {} pages hung or came back incomplete", answers.len());
}

#[sqlx::test]
async fn built_assets_go_out_precompressed_to_browsers_that_accept_it(pool: MySqlPool) {
    use std::io::Read;
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let script = "console.log('아티풀 경매', 1234567);\n".repeat(500);
    std::fs::write(pkg.join("artipul.js"), &script).unwrap();
    std::fs::write(pkg.join("notes.txt"), "not an asset").unwrap();
    let done = crate::server::assets::precompress(&pkg).unwrap();
    assert_eq!(done.len(), 1, "the script only: {done:?}");
    assert!(done[0].brotli < done[0].gzip && done[0].gzip < done[0].original / 10, "{done:?}");
    assert!(crate::server::assets::precompress(&pkg).unwrap().is_empty(), "fresh copies are not written again");

    let app = spawn_app_with(pool, &[("LEPTOS_SITE_ROOT", site.path().to_str().unwrap())]).await;
    let fetch = |encoding: &'static str| {
        let (http, url) = (app.http.clone(), app.url("/pkg/artipul.js"));
        async move { http.get(url).header("accept-encoding", encoding).send().await.unwrap() }
    };
    let br = fetch("gzip, deflate, br, zstd").await;
    assert_eq!(br.status(), 200, "{:?}", br.headers());
    assert_eq!(br.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("br"), "{:?}", br.headers());
    assert!(br.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    let body = br.bytes().await.unwrap();
    assert_eq!(body.len() as u64, done[0].brotli, "the stored copy, not compressed again");
    let mut decoded = String::new();
    brotli::Decompressor::new(&body[..], 4096).read_to_string(&mut decoded).unwrap();
    assert_eq!(decoded, script);

    // The test client unpacks gzip by itself (a feature another crate turns on), so the gzip answer is
    // read off the socket.
    let head = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut socket = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let request = "GET /pkg/artipul.js HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n";
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        socket.read_to_end(&mut answer).await.unwrap();
        let end = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
        String::from_utf8_lossy(&answer[..end]).to_lowercase()
    };
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains(&format!("content-length: {}", done[0].gzip)), "the stored gzip copy: {head}");

    let plain = fetch("identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), script);
    assert_eq!(app.get("/pkg/missing.js").await.status(), 404);
}
