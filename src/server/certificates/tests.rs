//! Certificates against the real database: issued once when an order settles, genuine until the stored
//! statement is altered, the price public only when the buyer allows it, listed on the artist's page,
//! and a PDF whose text (read back through its ToUnicode maps) is the Korean certificate.

use sqlx::MySqlPool;

use crate::server::auction::engine::{place, BidRequest};
use crate::server::auction::orders;
use crate::server::auction::tests::{lot, user};
use crate::server::testing::spawn_app;
use crate::server::wallet::tests::credit;

/// A sold, shipped and confirmed (so settled) order of a titled work; returns (order, serial).
async fn settled(app: &crate::server::testing::TestApp, pool: &MySqlPool) -> (u64, String, crate::server::auth::AuthUser) {
    let artist = user(pool, true).await;
    let buyer = user(pool, false).await;
    credit(pool, buyer.id, 200_000).await;
    let lot_id = lot(pool, artist.id, 10_000, Some(150_000), None, chrono::Duration::hours(2)).await;
    sqlx::query("UPDATE artworks SET title = '푸른 새벽의 정원', medium = '캔버스에 유채', width_mm = 455, height_mm = 380, year_made = 2026 WHERE id = ?")
        .bind(lot_id)
        .execute(pool)
        .await
        .unwrap();
    // A cover, stored the way uploads store one (a JPEG per width).
    let key = format!("artworks/{}", uuid::Uuid::new_v4().simple());
    for width in crate::server::uploads::WIDTHS {
        let img = image::RgbImage::from_pixel(width, width * 3 / 4, image::Rgb([40, 90, 160]));
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        app.state.storage.put(&format!("{key}/{width}.jpg"), jpeg).await.unwrap();
    }
    sqlx::query("INSERT INTO artwork_images (artwork_id, position, storage_key, width_px, height_px) VALUES (?, 0, ?, 1200, 900)")
        .bind(lot_id)
        .bind(&key)
        .execute(pool)
        .await
        .unwrap();
    place(&app.state, &buyer, lot_id, BidRequest::BuyNow).await.unwrap();
    let order: u64 = sqlx::query_scalar("SELECT id FROM orders WHERE artwork_id = ?").bind(lot_id).fetch_one(pool).await.unwrap();
    assert_eq!(count(pool, "SELECT COUNT(*) FROM certificates WHERE order_id = ?", order).await, 0, "none before settlement");
    orders::ship(&app.state, &artist, order, "CJ대한통운", "123456789012").await.unwrap();
    orders::confirm(&app.state, &buyer, order).await.unwrap();
    let serial: String =
        sqlx::query_scalar("SELECT serial FROM certificates WHERE order_id = ?").bind(order).fetch_one(pool).await.unwrap();
    (order, serial, buyer)
}

async fn count(db: &MySqlPool, sql: &str, id: u64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(db).await.unwrap()
}

#[sqlx::test]
async fn a_settled_order_gets_one_genuine_certificate(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let (order, serial, buyer) = settled(&app, &pool).await;
    assert!(crate::domain::certificate::is_serial(&serial), "{serial}");
    // Settling again (the timers retry) issues nothing new.
    assert!(!orders::settle(&app.state, order).await.unwrap());
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM certificates WHERE order_id = ?", order).await, 1);

    let public = super::view(&app.state, &serial, None).await.unwrap();
    assert!(public.genuine);
    assert_eq!((public.title.as_str(), public.medium.as_str(), public.year), ("푸른 새벽의 정원", "캔버스에 유채", Some(2026)));
    assert_eq!(public.size.as_deref(), Some("45.5 × 38 cm"));
    assert_eq!(public.price, None, "the price is private by default");
    assert!(public.url.ends_with(&format!("/certificates/{serial}")) && public.qr_svg.starts_with("<svg"));
    let image = public.image_url.expect("the cover");
    assert_eq!(app.get(&image).await.status(), 200, "{image} is served");
    let mine = super::view(&app.state, &serial, Some(&buyer)).await.unwrap();
    assert_eq!((mine.viewer_is_owner, mine.price), (true, Some(crate::domain::Won(150_000))));

    // Only the buyer may publish the price.
    let stranger = user(&pool, false).await;
    let err = super::set_show_price(&app.state, &stranger, &serial, true).await.unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Forbidden);
    assert_eq!(super::view(&app.state, &serial, None).await.unwrap().price, None);
    super::set_show_price(&app.state, &buyer, &serial, true).await.unwrap();
    assert_eq!(super::view(&app.state, &serial, None).await.unwrap().price, Some(crate::domain::Won(150_000)));

    // The buyer's order links it; the artist's page lists it.
    let auctions = crate::server::auction::room::my_auctions(&app.state, &buyer).await.unwrap();
    assert_eq!(auctions.won.iter().find(|o| o.id == order).unwrap().certificate.as_deref(), Some(serial.as_str()));
    let artist_id: u64 = sqlx::query_scalar("SELECT artist_id FROM orders WHERE id = ?").bind(order).fetch_one(&pool).await.unwrap();
    let listed = super::for_artist(&pool, artist_id).await.unwrap();
    assert_eq!(listed.iter().map(|c| c.serial.as_str()).collect::<Vec<_>>(), vec![serial.as_str()]);
}

#[sqlx::test]
async fn an_altered_or_unknown_certificate_is_not_genuine(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let (_, serial, _) = settled(&app, &pool).await;
    sqlx::query("UPDATE certificates SET payload = REPLACE(payload, '푸른 새벽의 정원', '모나리자') WHERE serial = ?")
        .bind(&serial)
        .execute(&pool)
        .await
        .unwrap();
    let altered = super::view(&app.state, &serial, None).await.unwrap();
    assert_eq!((altered.genuine, altered.title.as_str()), (false, "모나리자"), "the stored statement no longer matches its signature");
    for unknown in ["AP-0000-0000-0000", "AP-7Q4M-2K9X-ZT3I", "../../etc/passwd", ""] {
        let err = super::view(&app.state, unknown, None).await.unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::NotFound, "{unknown}");
        assert!(err.message.contains("인증서"), "{}", err.message);
    }
    // A work an admin took down: its certificate reads as revoked and has no PDF.
    let (_, other, _) = settled(&app, &pool).await;
    sqlx::query("UPDATE artworks a JOIN certificates c ON c.artwork_id = a.id SET a.hidden_at = NOW(6) WHERE c.serial = ?")
        .bind(&other)
        .execute(&pool)
        .await
        .unwrap();
    let revoked = super::view(&app.state, &other, None).await.unwrap();
    assert!(revoked.revoked && revoked.genuine, "still signed by us, but revoked");
    assert_eq!(app.get(&format!("/certificates/{other}/pdf")).await.status(), 409);
    // Over HTTP: the page says so in Korean, and the PDF of an unknown serial is a 404.
    let page = app.get(&format!("/certificates/{serial}")).await.text().await.unwrap();
    assert!(page.contains("data-genuine=\"false\""), "the page marks it");
    assert_eq!(app.get("/certificates/AP-0000-0000-0000/pdf").await.status(), 404);
}

#[sqlx::test]
async fn the_pdf_carries_the_korean_certificate_as_text(pool: MySqlPool) {
    let app = spawn_app(pool.clone()).await;
    let (_, serial, buyer) = settled(&app, &pool).await;
    super::set_show_price(&app.state, &buyer, &serial, true).await.unwrap();
    let res = app.get(&format!("/certificates/{serial}/pdf")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The cover is in it, as the stored JPEG (DCT data, not re-encoded).
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/Subtype/Image") && raw.contains("/Filter/DCTDecode"), "no embedded JPEG");
    // Only the glyphs used are embedded: the 1.5 MB font does not travel whole.
    assert!(pdf.len() < 150_000, "{} bytes: the font was not subset", pdf.len());
    let text = pdf_extract::extract_text_from_mem(&pdf).expect("the PDF's text reads back");
    for expected in ["진품 인증서", "푸른 새벽의 정원", "캔버스에 유채", "45.5 × 38 cm", "₩150,000", serial.as_str(), "한국예술대학교"]
    {
        assert!(text.contains(expected), "{expected:?} is not in the PDF's text:\n{text}");
    }
}

#[sqlx::test]
async fn pdfs_are_rate_limited_per_client(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let greedy = app.browser();
    let mut statuses = Vec::new();
    for _ in 0..32 {
        statuses.push(greedy.get("/certificates/AP-0000-0000-0000/pdf").await.status().as_u16());
    }
    assert_eq!(statuses[..30], [404; 30], "{statuses:?}");
    assert_eq!(statuses[30..], [429, 429], "the 31st PDF in a minute waits: {statuses:?}");
    let res = greedy.get("/certificates/AP-0000-0000-0000/pdf").await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["message"].as_str().unwrap_or_default().contains("잠시"), "{body}");
    // Another client is unaffected.
    assert_eq!(app.browser().get("/certificates/AP-0000-0000-0000/pdf").await.status(), 404);
}
