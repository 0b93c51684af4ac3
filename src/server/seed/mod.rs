//! `artipul seed-demo`: believable, idempotent demo data — student artists and their works with
//! generated paintings, lots ending from minutes to days ahead, live bids, a few already sold, and
//! buyers' reviews of the received ones with comments and likes.

mod activity;
mod catalogue;
mod community;
pub mod painting;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use self::catalogue::{ArtistSeed, ARTISTS};
use self::painting::{painted_jpegs, Style};
use super::AppState;
use crate::domain::genre::{all_leaves, GenrePath};

/// E-mail domain of demo accounts; re-running the seeder finds them by it.
pub const DEMO_EMAIL_DOMAIN: &str = "demo.artipul.kr";
/// Widths written for every image (the 1200 px master and the 400 px card thumbnail).
const IMAGE_WIDTHS: [u32; 2] = [1200, 400];

/// What a run did, for the console.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub artists_created: usize,
    pub artworks_created: usize,
    pub images_written: usize,
    pub deadlines_refreshed: u64,
    pub bids_placed: usize,
    pub reviews_written: usize,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "demo data: {} artists, {} artworks and {} images created; {} expired demo deadlines moved ahead; {} demo bids placed; {} demo reviews written",
            self.artists_created,
            self.artworks_created,
            self.images_written,
            self.deadlines_refreshed,
            self.bids_placed,
            self.reviews_written
        )
    }
}

/// How much demo data to make: the full demo, or a small slice of the same cast for tests.
#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    pub artists: usize,
    pub works_per_artist: usize,
}

impl SeedPlan {
    pub const FULL: SeedPlan = SeedPlan { artists: ARTISTS.len(), works_per_artist: 5 };
}

pub async fn seed_demo(state: &AppState) -> anyhow::Result<SeedReport> {
    seed(state, SeedPlan::FULL).await
}

pub async fn seed(state: &AppState, plan: SeedPlan) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let now = Utc::now();
    let leaves = all_leaves();
    for (index, artist) in ARTISTS.iter().take(plan.artists).enumerate() {
        let (artist_id, created) = ensure_artist(state, index, artist).await?;
        report.artists_created += usize::from(created);
        let existing: i64 =
            sqlx::query_scalar!("SELECT COUNT(*) FROM artworks WHERE artist_id = ?", artist_id).fetch_one(&state.db).await?;
        if existing > 0 {
            continue;
        }
        for slot in 0..plan.works_per_artist {
            let n = index * SeedPlan::FULL.works_per_artist + slot;
            let images = create_artwork(state, artist_id, artist, n, &leaves, now).await?;
            report.artworks_created += 1;
            report.images_written += images;
        }
        tracing::info!(nickname = artist.nickname, "seeded artist");
    }
    report.deadlines_refreshed = refresh_expired_demo_lots(state, now).await?;
    if !state.config.env.is_production() {
        ensure_demo_logins(state).await?;
        if plan.works_per_artist == SeedPlan::FULL.works_per_artist {
            report.bids_placed = activity::seed_activity(state).await?;
            report.reviews_written = community::seed_reviews(state).await?;
        }
    }
    Ok(report)
}

/// Password for the demo log-ins (development and test databases only; never set in production).
pub const DEMO_PASSWORD: &str = "artipul-demo-2026";
/// The demo student artist (the first artist of the cast), a demo buyer and a demo admin.
pub const DEMO_ARTIST_EMAIL: &str = "haneul@demo.artipul.kr";
pub const DEMO_BUYER_EMAIL: &str = "buyer@demo.artipul.kr";
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.artipul.kr";

/// Gives the first demo artist a password and creates a demo buyer and admin, so every role can be tried.
async fn ensure_demo_logins(state: &AppState) -> anyhow::Result<()> {
    use crate::domain::account::Password;
    let hash = state.passwords.hash(&Password::parse(DEMO_PASSWORD, None).map_err(anyhow::Error::msg)?).await?;
    sqlx::query!("UPDATE users SET password_hash = ? WHERE email = ? AND password_hash IS NULL", hash, DEMO_ARTIST_EMAIL)
        .execute(&state.db)
        .await?;
    for (email, nickname, name, phone, role) in [
        (DEMO_BUYER_EMAIL, "데모컬렉터", "데모구매자", "+821090009001", "member"),
        (DEMO_ADMIN_EMAIL, "아티풀관리자", "데모관리자", "+821090009002", "admin"),
    ] {
        sqlx::query!(
            "INSERT IGNORE INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at, password_hash, role)
             VALUES (?, UTC_TIMESTAMP(6), ?, ?, ?, UTC_TIMESTAMP(6), ?, ?)",
            email,
            nickname,
            name,
            phone,
            hash,
            role
        )
        .execute(&state.db)
        .await?;
    }
    Ok(())
}

/// Creates the artist (with a generated avatar) unless the demo e-mail already exists.
async fn ensure_artist(state: &AppState, index: usize, artist: &ArtistSeed) -> anyhow::Result<(u64, bool)> {
    let email = format!("{}@{DEMO_EMAIL_DOMAIN}", artist.handle);
    if let Some(id) = sqlx::query_scalar!("SELECT id FROM users WHERE email = ?", email).fetch_optional(&state.db).await? {
        return Ok((id, false));
    }
    let avatar_key = format!("avatars/{}.jpg", uuid::Uuid::new_v4().simple());
    let seed = 7_919 + index as u64;
    let avatar = tokio::task::spawn_blocking(move || painted_jpegs(Style::Geometric, 256, 256, seed, &[256], 85).remove(0).1).await?;
    state.storage.put(&avatar_key, avatar).await?;
    // A reserved-looking demo range, one number per artist.
    let phone = format!("+82109000{:04}", index + 1);
    let result = sqlx::query!(
        "INSERT INTO users (email, email_verified_at, nickname, real_name, phone_e164, phone_verified_at, college, student_verified, bio, avatar_key)
         VALUES (?, UTC_TIMESTAMP(6), ?, ?, ?, UTC_TIMESTAMP(6), ?, ?, ?, ?)",
        email,
        artist.nickname,
        artist.real_name,
        phone,
        artist.college,
        artist.verified,
        artist.bio,
        avatar_key,
    )
    .execute(&state.db)
    .await?;
    Ok((result.last_insert_id(), true))
}

/// Inserts artwork number `n` with 2–4 generated images; returns how many images were written.
async fn create_artwork(
    state: &AppState,
    artist_id: u64,
    artist: &ArtistSeed,
    n: usize,
    leaves: &[GenrePath],
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut rng = StdRng::seed_from_u64(n as u64 * 104_729 + 17);
    let work = catalogue::work(n, &mut rng);
    let genre = pick_genre(leaves, &work, &mut rng);
    let start_price = rng.gen_range(10..=300u64) * 1_000;
    let buy_now = rng.gen_bool(0.6).then(|| (start_price * rng.gen_range(20..=35) / 10).div_ceil(1_000) * 1_000);
    let (status, current_price, bid_count, ends_at) = lot_timing(n, start_price, buy_now, now, &mut rng);
    let description = catalogue::description(&work, artist, &genre);
    let (width, height) = work.size_mm;
    // Delivery from its own generator, so the rest of the demo data stays as it was.
    let mut delivery_rng = StdRng::seed_from_u64(n as u64 * 7_919 + 3);
    let delivery = if delivery_rng.gen_ratio(1, 6) {
        crate::domain::Delivery::Pickup {
            area: ["서울 마포구", "서울 성북구", "부산 해운대구", "대전 유성구"][n % 4].to_string()
        }
    } else {
        crate::domain::Delivery::Shipping { fee: crate::domain::Won([0, 3_000, 3_500, 4_000, 5_000][delivery_rng.gen_range(0..5usize)]) }
    };

    let mut tx = state.db.begin().await?;
    let artwork_id = sqlx::query!(
        "INSERT INTO artworks (artist_id, title, description, genre_path, medium, width_mm, height_mm, year_made,
                               start_price, buy_now_price, current_price, bid_count, status, ends_at, original_ends_at,
                               created_at, delivery, shipping_fee, pickup_area)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        artist_id,
        work.title,
        description,
        genre.as_str(),
        work.medium,
        width,
        height,
        work.year,
        start_price,
        buy_now,
        current_price,
        bid_count,
        status,
        ends_at,
        ends_at,
        now - Duration::minutes(rng.gen_range(5..60 * 24 * 3)),
        delivery.kind_db(),
        delivery.fee().amount(),
        delivery.pickup_area(),
    )
    .execute(&mut *tx)
    .await?
    .last_insert_id();

    let count = rng.gen_range(2..=4usize);
    let (w, h) = orientation_px(&genre);
    // Paint the images in parallel (CPU-bound, off the async runtime), then store them in order.
    let jobs: Vec<_> = (0..count)
        .map(|position| {
            let style = if position == 0 { work.style } else { Style::ALL[rng.gen_range(0..Style::ALL.len())] };
            let seed = (n * 10 + position) as u64;
            tokio::task::spawn_blocking(move || painted_jpegs(style, w, h, seed, &IMAGE_WIDTHS, 86))
        })
        .collect();
    for (position, job) in jobs.into_iter().enumerate() {
        let files = job.await?;
        let upload_id = uuid::Uuid::new_v4().simple().to_string();
        let key = format!("artworks/{upload_id}");
        for (width, bytes) in files {
            state.storage.put(&format!("{key}/{width}.jpg"), bytes).await?;
        }
        // Like an artist's own upload, so the work can be edited with its images.
        sqlx::query!(
            "INSERT INTO uploads (id, owner_id, storage_key, width_px, height_px, artwork_id) VALUES (?, ?, ?, ?, ?, ?)",
            upload_id,
            artist_id,
            key,
            w,
            h,
            artwork_id,
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO artwork_images (artwork_id, upload_id, position, storage_key, width_px, height_px) VALUES (?, ?, ?, ?, ?, ?)",
            artwork_id,
            upload_id,
            position as u8,
            key,
            w,
            h,
        )
        .execute(&mut *tx)
        .await?;
    }
    crate::server::search::outbox::enqueue(&mut tx, artwork_id).await?;
    tx.commit().await?;
    Ok(count)
}

fn pick_genre(leaves: &[GenrePath], work: &catalogue::Work, rng: &mut StdRng) -> GenrePath {
    let matching: Vec<&GenrePath> = leaves.iter().filter(|g| g.as_str().starts_with(work.genre_prefix)).collect();
    matching[rng.gen_range(0..matching.len())].clone()
}

fn orientation_px(genre: &GenrePath) -> (u32, u32) {
    if genre.as_str().ends_with("가로형") {
        (1200, 900)
    } else if genre.as_str().ends_with("세로형") {
        (1200, 1500)
    } else {
        (1200, 1200)
    }
}

/// Status, price, bid count and end time: a few sold, the rest live, ending from minutes to days ahead.
fn lot_timing(n: usize, start: u64, buy_now: Option<u64>, now: DateTime<Utc>, rng: &mut StdRng) -> (&'static str, u64, u32, DateTime<Utc>) {
    // Every lot starts live; the demo's bids, sales and orders go through the real auction engine
    // (`activity`), so they carry holds, events and orders like real ones.
    let _ = (buy_now, rng);
    ("live", start, 0, now + Duration::minutes(ends_in(n)))
}

/// Staggered deadlines: some within the hour, most within days, a few a week or more away.
fn ends_in(n: usize) -> i64 {
    const OFFSETS: [i64; 12] = [4, 27, 55, 130, 300, 720, 1_440, 2_100, 2_880, 4_320, 7, 12_960];
    OFFSETS[n % OFFSETS.len()] + (n as i64 / 12) * 17
}

/// Demo lots nobody bid on whose deadline passed (an old demo database) get fresh deadlines.
async fn refresh_expired_demo_lots(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let pattern = format!("%@{DEMO_EMAIL_DOMAIN}");
    let expired = sqlx::query_scalar!(
        "SELECT a.id FROM artworks a JOIN users u ON u.id = a.artist_id
         WHERE u.email LIKE ? AND a.status = 'live' AND a.bid_count = 0 AND a.ends_at <= ?
         ORDER BY a.id",
        pattern,
        now,
    )
    .fetch_all(&state.db)
    .await?;
    for (n, id) in expired.iter().enumerate() {
        let ends_at = now + Duration::minutes(ends_in(n));
        let mut tx = state.db.begin().await?;
        sqlx::query!("UPDATE artworks SET ends_at = ?, original_ends_at = ? WHERE id = ?", ends_at, ends_at, id).execute(&mut *tx).await?;
        crate::server::search::outbox::enqueue(&mut tx, *id).await?;
        tx.commit().await?;
    }
    Ok(expired.len() as u64)
}
