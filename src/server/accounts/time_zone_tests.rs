//! A member's time zone over real HTTP: chosen, validated, remembered in the browser; and the site's
//! `display_timezone` for visitors.

use serde_json::Value;
use sqlx::MySqlPool;

use crate::server::testing::{spawn_app, spawn_app_with};

fn tz_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|v| v.starts_with("artipul_tz=")).map(str::to_string)
}

async fn stored(pool: &MySqlPool, nickname: &str) -> Option<String> {
    sqlx::query_scalar("SELECT time_zone FROM users WHERE nickname = ?").bind(nickname).fetch_one(pool).await.unwrap()
}

#[sqlx::test]
async fn members_choose_their_time_zone(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let m = app.member("김시간", None).await;
    assert_eq!(stored(&pool, &m.nickname).await, None, "a new member has the site's zone");

    let res = m.browser.call("set_time_zone", &[("time_zone", "Europe/London")]).await;
    assert_eq!(res.status(), 200);
    let cookie = tz_cookie(&res).expect("the zone is remembered in the browser");
    assert!(cookie.starts_with("artipul_tz=Europe/London;") && !cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(res.json::<String>().await.unwrap(), "Europe/London");
    assert_eq!(stored(&pool, &m.nickname).await.as_deref(), Some("Europe/London"));
    let me: Value = m.browser.call("me", &[]).await.json().await.unwrap();
    assert_eq!(me["time_zone"], "Europe/London");
    // Pages are rendered in it from the first byte.
    let page = m.browser.get("/me/profile").await.text().await.unwrap();
    assert!(page.contains(r#"data-tz="Europe/London""#), "the page names its zone");

    // Not a zone: refused, in Korean by default, nothing changes.
    for bad in ["Mars/Olympus_Mons", "KST", "Europe/London'; DROP TABLE users; --", &"Asia/".repeat(20)] {
        let res = m.browser.call("set_time_zone", &[("time_zone", bad)]).await;
        assert_eq!(res.status(), 400, "{bad}");
        assert!(tz_cookie(&res).is_none());
        assert!(res.text().await.unwrap().contains("알 수 없는 시간대"), "{bad}");
    }
    assert_eq!(stored(&pool, &m.nickname).await.as_deref(), Some("Europe/London"));

    // Empty: back to the site's zone, and the browser forgets it.
    let res = m.browser.call("set_time_zone", &[("time_zone", "")]).await;
    assert_eq!(res.status(), 200);
    assert!(tz_cookie(&res).unwrap().contains("Max-Age=0"));
    assert_eq!(res.json::<String>().await.unwrap(), "Asia/Seoul");
    assert_eq!(stored(&pool, &m.nickname).await, None);

    // Only for oneself: a visitor is asked to log in — in the language of their page.
    let res = app
        .http
        .post(app.url("/api/set_time_zone"))
        .header("origin", app.url(""))
        .header("cookie", "artipul_locale=en")
        .form(&[("time_zone", "UTC")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body = res.text().await.unwrap();
    assert!(body.contains("Please log in"), "{body}");
}

#[sqlx::test]
async fn visitors_see_the_sites_display_timezone(pool: MySqlPool) {
    let shipped = spawn_app(pool.clone()).await;
    let html = shipped.get("/about").await.text().await.unwrap();
    assert!(html.contains(r#"data-tz="Asia/Seoul""#));

    let toml = include_str!("../../../Leptos.toml").replace(r#"display_timezone = "Asia/Seoul""#, r#"display_timezone = "Europe/London""#);
    assert!(toml.contains("Europe/London"));
    let london = spawn_app_with(pool, &[("LEPTOS_TOML", &toml)]).await;
    let html = london.get("/about").await.text().await.unwrap();
    assert!(html.contains(r#"data-tz="Europe/London""#), "the site's zone is honoured for visitors");
    // A browser's own cookie names a zone only for display; a forged one that is not a zone is ignored.
    let forged = london.http.get(london.url("/about")).header("cookie", "artipul_tz=<script>").send().await.unwrap().text().await.unwrap();
    assert!(forged.contains(r#"data-tz="Europe/London""#) && !forged.contains("<script>\""));
}
