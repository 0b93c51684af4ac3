//! The owner's profile: avatar, bio (markdown, sanitised when rendered), shipping address and password.
//! Every function takes the caller's id from the server-side session, never from the client.

use chrono::Utc;

use crate::domain::account::{Email, MyProfile, Password, PhoneNumber, ShippingAddress, SocialProvider, BIO_MAX_CHARS};
use crate::domain::time::parse_zone;
use crate::error::AppError;
use crate::i18n::Key;
use crate::server::accounts::recovery;
use crate::server::accounts::{self, Session};
use crate::server::images;
use crate::server::markdown;
use crate::server::storage::Storage;
use crate::server::AppState;

/// Avatar edge length in pixels.
pub const AVATAR_PX: u32 = 256;

pub async fn my_profile(state: &AppState, user_id: u64) -> Result<MyProfile, AppError> {
    let row = sqlx::query!(
        "SELECT nickname, email, email_verified_at IS NOT NULL AS email_verified, student_verified AS `student_verified: bool`,
                phone_e164, college, bio, avatar_key, password_hash IS NOT NULL AS has_password, time_zone
         FROM users WHERE id = ?",
        user_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(AppError::unauthorized)?;
    let shipping = sqlx::query_as!(
        ShippingAddress,
        "SELECT recipient, phone_e164 AS phone, postal_code, address1, address2 FROM shipping_addresses WHERE user_id = ?",
        user_id
    )
    .fetch_optional(&state.db)
    .await?
    .map(|mut a| {
        a.phone = PhoneNumber::parse(&a.phone).map(|p| format!("0{}", &p.as_e164()[3..])).unwrap_or(a.phone);
        a
    });
    let social = sqlx::query_scalar!("SELECT provider FROM social_accounts WHERE user_id = ? ORDER BY provider", user_id)
        .fetch_all(&state.db)
        .await?
        .iter()
        .filter_map(|p| SocialProvider::from_key(p))
        .collect();
    let bio = row.bio.unwrap_or_default();
    Ok(MyProfile {
        nickname: row.nickname,
        email: row.email,
        email_verified: row.email_verified != 0,
        verified_student: row.student_verified,
        phone_masked: row.phone_e164.as_deref().and_then(|p| PhoneNumber::parse(p).ok()).map(|p| p.masked()),
        college: row.college,
        bio_html: markdown::to_safe_html(&bio),
        bio,
        avatar_url: row.avatar_key.map(|k| Storage::public_url(&k)),
        shipping,
        has_password: row.has_password != 0,
        social,
        time_zone: row.time_zone,
    })
}

/// The member's chosen time zone (`None`: the site's).
pub async fn time_zone(state: &AppState, user_id: u64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar!("SELECT time_zone FROM users WHERE id = ?", user_id).fetch_optional(&state.db).await?.flatten())
}

/// The zone the member's times are shown and their deadlines read in: their choice, else the site's.
pub async fn zone_of(state: &AppState, user_id: u64) -> Result<chrono_tz::Tz, AppError> {
    let chosen = time_zone(state, user_id).await?;
    Ok(chosen.as_deref().and_then(parse_zone).unwrap_or_else(|| state.settings.display_tz()))
}

/// Saves the member's time zone: an IANA name (`Europe/London`), or empty for the site's zone. Returns
/// what was stored.
pub async fn set_time_zone(state: &AppState, user_id: u64, zone: &str) -> Result<Option<String>, AppError> {
    let zone = match zone.trim() {
        "" => None,
        name => Some(parse_zone(name).ok_or_else(|| AppError::bad_request(Key::ErrUnknownTimeZone))?.name().to_string()),
    };
    sqlx::query!("UPDATE users SET time_zone = ? WHERE id = ?", zone, user_id).execute(&state.db).await?;
    Ok(zone)
}

pub async fn update_bio(state: &AppState, user_id: u64, bio: &str) -> Result<(), AppError> {
    let bio = bio.trim();
    if bio.chars().count() > BIO_MAX_CHARS {
        return Err(AppError::bad_request(crate::i18n::Msg::BioLength { max: BIO_MAX_CHARS }));
    }
    sqlx::query!("UPDATE users SET bio = ? WHERE id = ?", (!bio.is_empty()).then_some(bio), user_id).execute(&state.db).await?;
    Ok(())
}

pub async fn set_shipping_address(state: &AppState, user_id: u64, address: ShippingAddress) -> Result<(), AppError> {
    let a = address.validate().map_err(AppError::bad_request)?;
    sqlx::query!(
        "INSERT INTO shipping_addresses (user_id, recipient, phone_e164, postal_code, address1, address2)
         VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE recipient = VALUES(recipient), phone_e164 = VALUES(phone_e164),
             postal_code = VALUES(postal_code), address1 = VALUES(address1), address2 = VALUES(address2)",
        user_id,
        a.recipient,
        a.phone,
        a.postal_code,
        a.address1,
        a.address2
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

/// Changes the password after checking the current one (accounts without a password — social sign-ups —
/// set one with the reset flow instead). Ends every session, then opens a new one for this browser.
pub async fn change_password(state: &AppState, user_id: u64, current: &str, new: &str) -> Result<Session, AppError> {
    let row = sqlx::query!("SELECT email, password_hash FROM users WHERE id = ?", user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    let Some(stored) = row.password_hash else {
        return Err(AppError::bad_request(crate::i18n::Key::ErrNoPasswordSet));
    };
    if current.is_empty() || !state.passwords.verify(current, &stored).await? {
        return Err(AppError::bad_request(crate::i18n::Key::ErrCurrentPasswordWrong));
    }
    let email = Email::parse(&row.email).ok();
    let new = Password::parse(new, email.as_ref()).map_err(AppError::bad_request)?;
    if state.passwords.verify(new.expose(), &stored).await? {
        return Err(AppError::bad_request(crate::i18n::Key::ErrSamePassword));
    }
    let hash = state.passwords.hash(&new).await?;
    let changed_at = recovery::set_password(state, user_id, &hash).await?;
    let issued = Utc::now().max(changed_at + chrono::Duration::milliseconds(1));
    accounts::open_session(state, user_id, None, issued).await
}

/// Replaces the avatar: checked by content, centre-cropped to a square, re-encoded (EXIF gone) and
/// stored under a new server-generated key; the old file is removed afterwards.
pub async fn set_avatar(state: &AppState, user_id: u64, bytes: Vec<u8>) -> Result<String, AppError> {
    let bounds = images::Bounds {
        max_side: images::MAX_DIMENSION.min(state.settings.uploads.max_image_dimension_px),
        max_megapixels: state.settings.uploads.max_image_megapixels,
    };
    let jpeg = state
        .images
        .run(move || {
            let image = images::decode_bounded(&bytes, bounds)?;
            images::encode_jpeg(&images::avatar(&image, AVATAR_PX))
        })
        .await?;
    let key = format!("avatars/{}.jpg", uuid::Uuid::new_v4().simple());
    state.storage.put(&key, jpeg).await?;
    let old = sqlx::query_scalar!("SELECT avatar_key FROM users WHERE id = ?", user_id).fetch_optional(&state.db).await?.flatten();
    sqlx::query!("UPDATE users SET avatar_key = ? WHERE id = ?", key, user_id).execute(&state.db).await?;
    if let Some(old) = old.filter(|k| k.starts_with("avatars/")) {
        state.storage.delete(&old).await;
    }
    Ok(Storage::public_url(&key))
}
