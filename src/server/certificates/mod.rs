//! Certificates of authenticity. When an order settles, its buyer gets a certificate in the same
//! transaction: what the work is (title, cover, size, material, year), who made it (nickname, college,
//! verified-student badge), the sale (date, price) and a serial number — stored as the exact JSON the
//! server signs with its Ed25519 key (the receipt key, published at `/.well-known/artipul-receipt-key.json`).
//!
//! `/certificates/{serial}` is public: it re-checks the stored statement's signature, so a certificate
//! altered in the database (or a serial that was never issued) says so; a certificate of a work an admin
//! took down reads as revoked (and has no PDF). The price shows only when the
//! buyer allows it. The same certificate downloads as a PDF (`pdf.rs`) with a QR code to that page.

pub mod pdf;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::domain::certificate::{is_serial, CertificateBody, CertificateView, CertifiedSale};
use crate::domain::{size_cm, Won};
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::wallet::ledger::Tx;
use crate::server::AppState;

/// The bytes a certificate's signature covers.
fn signed_bytes(payload: &str) -> Vec<u8> {
    format!("artipul-certificate/v1\n{payload}").into_bytes()
}

fn missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ErrCertUnknown)
}

/// A fresh serial: `AP-` and twelve random Crockford base-32 characters in groups of four.
fn new_serial() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut rng = rand::thread_rng();
    let mut s = String::from("AP");
    for _ in 0..3 {
        s.push('-');
        for _ in 0..4 {
            s.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
        }
    }
    s
}

/// Issues the certificate of a settling order, inside the settlement's transaction (the order row is
/// locked). Returns the serial. An order has at most one certificate (`uq_certificates_order`).
pub async fn issue(tx: &mut Tx<'_>, state: &AppState, order_id: u64, now: DateTime<Utc>) -> Result<String, AppError> {
    let r = sqlx::query!(
        r#"SELECT o.artwork_id, o.buyer_id, o.artist_id, o.amount, o.paid_at AS "paid_at: DateTime<Utc>",
                  a.title, a.medium, a.width_mm, a.height_mm, a.depth_mm, a.year_made,
                  (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY i.position LIMIT 1) AS cover,
                  u.nickname, u.college, u.student_verified AS "student_verified: bool"
           FROM orders o JOIN artworks a ON a.id = o.artwork_id JOIN users u ON u.id = o.artist_id
           WHERE o.id = ?"#,
        order_id
    )
    .fetch_one(&mut **tx)
    .await?;
    let serial = new_serial();
    let body = CertificateBody {
        v: 1,
        serial: serial.clone(),
        artwork_id: r.artwork_id,
        title: r.title,
        medium: r.medium,
        size: size_cm(r.width_mm, r.height_mm, r.depth_mm),
        year: r.year_made,
        image_url: r.cover.as_deref().map(|k| crate::server::storage::image_url(k, crate::server::uploads::WIDTHS[0])),
        artist_nickname: r.nickname,
        artist_college: r.college,
        artist_verified_student: r.student_verified,
        order_id,
        sold_at: r.paid_at,
        price: Won(r.amount),
        issued_at: now,
    };
    let payload = serde_json::to_string(&body).map_err(AppError::internal)?;
    let signature = state.receipt_key.sign_bytes(&signed_bytes(&payload));
    sqlx::query!(
        "INSERT INTO certificates (serial, order_id, artwork_id, buyer_id, artist_id, payload, signature, image_key, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        serial,
        order_id,
        r.artwork_id,
        r.buyer_id,
        r.artist_id,
        payload,
        signature,
        r.cover,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(serial)
}

/// The public page of a certificate for `viewer`: its statement, whether the signature holds, and the
/// QR code of the page's address.
pub async fn view(state: &AppState, serial: &str, viewer: Option<&AuthUser>) -> Result<CertificateView, AppError> {
    if !is_serial(serial) {
        return Err(missing());
    }
    let row = sqlx::query!(
        r#"SELECT c.payload, c.signature, c.buyer_id, c.show_price AS "show_price: bool", a.hidden_at IS NOT NULL AS "revoked: bool"
           FROM certificates c JOIN artworks a ON a.id = c.artwork_id WHERE c.serial = ?"#,
        serial
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(missing)?;
    let body: Option<CertificateBody> = serde_json::from_str(&row.payload).ok();
    let genuine =
        state.receipt_key.verifies_bytes(&signed_bytes(&row.payload), &row.signature) && body.as_ref().is_some_and(|b| b.serial == serial);
    let Some(body) = body else {
        // Not even readable: the stored statement was replaced. Say so rather than show nothing.
        tracing::warn!(serial, "certificate payload does not parse");
        return Err(AppError::conflict(crate::i18n::Key::ErrCertTampered));
    };
    let owner = viewer.is_some_and(|v| v.id == row.buyer_id);
    let url = format!("{}certificates/{serial}", ensure_slash(state.config.public_base_url.as_str()));
    Ok(CertificateView {
        serial: serial.to_string(),
        genuine,
        revoked: row.revoked,
        title: body.title,
        medium: body.medium,
        size: body.size,
        year: body.year,
        image_url: body.image_url,
        artwork_id: body.artwork_id,
        artist_nickname: body.artist_nickname,
        artist_college: body.artist_college,
        artist_verified_student: body.artist_verified_student,
        sold_at: body.sold_at,
        price: (row.show_price || owner).then_some(body.price),
        issued_at: body.issued_at,
        signature: row.signature,
        key: state.receipt_key.public_b64(),
        qr_svg: qr_svg(&url),
        url,
        viewer_is_owner: owner,
        show_price: row.show_price,
    })
}

fn ensure_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// The buyer shows or hides the price on their certificate's public page and PDF.
pub async fn set_show_price(state: &AppState, user: &AuthUser, serial: &str, show: bool) -> Result<(), AppError> {
    if !is_serial(serial) {
        return Err(missing());
    }
    let done = sqlx::query!("UPDATE certificates SET show_price = ? WHERE serial = ? AND buyer_id = ?", show, serial, user.id)
        .execute(&state.db)
        .await?
        .rows_affected();
    // Nothing changed: not theirs, no such certificate, or already as asked.
    if done == 0 {
        let owner: Option<u64> =
            sqlx::query_scalar!("SELECT buyer_id FROM certificates WHERE serial = ?", serial).fetch_optional(&state.db).await?;
        match owner {
            Some(id) if id == user.id => {}
            Some(_) => return Err(AppError::forbidden(crate::i18n::Key::ErrCertPriceBuyerOnly)),
            None => return Err(missing()),
        }
    }
    Ok(())
}

/// An artist's certified sales, newest first (the artist page).
pub async fn for_artist(db: &sqlx::MySqlPool, artist_id: u64) -> Result<Vec<CertifiedSale>, AppError> {
    Ok(sqlx::query!(
        r#"SELECT c.serial, c.artwork_id, a.title, c.issued_at AS "issued_at: DateTime<Utc>",
                  (SELECT i.storage_key FROM artwork_images i WHERE i.artwork_id = a.id ORDER BY i.position LIMIT 1) AS cover
           FROM certificates c JOIN artworks a ON a.id = c.artwork_id
           WHERE c.artist_id = ? AND a.hidden_at IS NULL ORDER BY c.issued_at DESC, c.id DESC LIMIT 24"#,
        artist_id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| CertifiedSale {
        serial: r.serial,
        artwork_id: r.artwork_id,
        title: r.title,
        cover_url: r.cover.map(|k| crate::server::storage::image_url(&k, 400)),
        issued_at: r.issued_at,
    })
    .collect())
}

/// The QR code of `url` as an SVG (dark modules as one path, a quiet zone of four modules).
pub fn qr_svg(url: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else { return String::new() };
    let n = code.width();
    let size = n + 8;
    let mut path = String::new();
    for y in 0..n {
        for x in 0..n {
            if code[(x, y)] == qrcode::Color::Dark {
                path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

/// The 400 px JPEG of a certificate's cover, if it has one and storage still holds it.
async fn cover_jpeg(state: &AppState, serial: &str) -> Result<Option<Vec<u8>>, AppError> {
    let key: Option<String> =
        sqlx::query_scalar!("SELECT image_key FROM certificates WHERE serial = ?", serial).fetch_optional(&state.db).await?.flatten();
    let Some(key) = key else { return Ok(None) };
    let width = crate::server::uploads::WIDTHS[crate::server::uploads::WIDTHS.len() - 1];
    match state.storage.get(&format!("{key}/{width}.jpg")).await {
        Ok(bytes) => Ok(bytes.map(|b| b.to_vec())),
        Err(e) => {
            tracing::warn!(serial, error = %e, "certificate image unreadable; the PDF goes without it");
            Ok(None)
        }
    }
}

/// `GET /certificates/{serial}/pdf`: the certificate as a PDF download (public, like its page).
pub async fn download_pdf(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(serial): axum::extract::Path<String>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::server::limits::{self, Subject};
    use axum::http::header;
    use axum::response::IntoResponse;
    let client = crate::server::auth::session::client_ip_from(&state, &headers, peer);
    if let Err(e) = limits::take(&state, limits::CERTIFICATE_PDFS, Subject::Client(client)).await {
        return e.into_response();
    }
    let viewer = crate::server::auth::session::user_from_headers(&state, &headers).await.ok();
    let view = match view(&state, &serial, viewer.as_ref()).await {
        Ok(v) if v.revoked => return AppError::conflict(crate::i18n::Key::CertRevoked).into_response(),
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    // A few PDFs at a time on the whole instance: each is CPU work on a blocking thread.
    static MAKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let Ok(_permit) = MAKING.acquire().await else {
        return AppError::unavailable(crate::i18n::Key::ErrTryAgainShortly).into_response();
    };
    // The cover's small JPEG, embedded as it is stored (a missing one leaves the image out).
    let image = match cover_jpeg(&state, &serial).await {
        Ok(image) => image,
        Err(e) => return e.into_response(),
    };
    match tokio::task::spawn_blocking(move || pdf::render(&view, image)).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"artipul-certificate-{serial}.pdf\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => AppError::internal(e).into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}
