//! Demo reviews through the real services: the buyers of received demo orders review them (some with a
//! photo), other collectors and the artist comment, and a few like them. The demo buyer's first received
//! purchase is left unreviewed, so writing a review can be tried. Runs once: skipped when any review exists.

use super::painting::{painted_jpegs, Style};
use super::DEMO_BUYER_EMAIL;
use crate::domain::review::ReviewForm;
use crate::server::auth::AuthUser;
use crate::server::reviews;
use crate::server::uploads::{self, UploadKind};
use crate::server::AppState;

/// Titles and texts of the demo reviews (markdown, as members write it).
const REVIEWS: [(&str, &str); 4] = [
    (
        "거실 분위기가 완전히 달라졌어요",
        "사진으로 볼 때보다 **색이 훨씬 깊어요**. 소파 위에 걸었더니 거실이 환해졌습니다.\n\n포장도 모서리까지 꼼꼼해서 안심이 됐어요.",
    ),
    ("작가님의 손편지까지 함께 왔어요", "작업 과정을 적은 짧은 편지가 들어 있어서 감동했어요. 붓 자국이 살아 있는 질감이 정말 좋습니다."),
    ("첫 원화 구매, 만족합니다", "미대생 작가님 작품으로 첫 원화를 샀어요. 액자 없이 왔지만 캔버스 마감이 깔끔해서 그대로 걸었습니다."),
    ("빛에 따라 달라 보이는 그림", "아침과 저녁에 느낌이 달라서 볼 때마다 새로워요. 다음 전시도 기대하겠습니다!"),
];

const COMMENTS: [&str; 4] = [
    "저도 이 작가님 작품 눈여겨보고 있었어요. 걸어 둔 모습 멋지네요!",
    "색감이 정말 좋네요. 후기 덕분에 구매 결심이 섰습니다.",
    "포장 정보 감사해요. 배송이 걱정됐는데 안심이 되네요.",
    "다음 작품도 기대돼요 :)",
];

fn member(id: u64, nickname: String) -> AuthUser {
    AuthUser { id, nickname, is_artist: false, phone_verified: true, is_admin: false }
}

pub async fn seed_reviews(state: &AppState) -> anyhow::Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reviews").fetch_one(&state.db).await?;
    if existing > 0 {
        return Ok(0);
    }
    let orders: Vec<(u64, u64, u64, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.buyer_id, o.artist_id, b.nickname, b.email, a.nickname
         FROM orders o JOIN users b ON b.id = o.buyer_id JOIN users a ON a.id = o.artist_id
         WHERE o.status IN ('received', 'settled') ORDER BY o.id",
    )
    .fetch_all(&state.db)
    .await?;
    let others: Vec<(u64, String)> =
        sqlx::query_as("SELECT id, nickname FROM users WHERE email LIKE ? AND college IS NULL AND role = 'member' ORDER BY id")
            .bind(format!("%@{}", super::DEMO_EMAIL_DOMAIN))
            .fetch_all(&state.db)
            .await?;
    let mut left_for_demo = false;
    let mut written = 0;
    for (n, (order_id, buyer_id, artist_id, nickname, email, artist_nickname)) in orders.into_iter().enumerate() {
        if email == DEMO_BUYER_EMAIL && !left_for_demo {
            left_for_demo = true;
            continue;
        }
        let author = member(buyer_id, nickname);
        let (title, body) = REVIEWS[n % REVIEWS.len()];
        // Every other review carries a photo of the work "at home", through the real upload pipeline.
        let images = if n % 2 == 0 {
            let jpeg =
                tokio::task::spawn_blocking(move || painted_jpegs(Style::Landscape, 1200, 900, 50_000 + n as u64, &[1200], 85).remove(0).1)
                    .await?;
            uploads::store(state, buyer_id, UploadKind::Review, jpeg).await?.id
        } else {
            String::new()
        };
        let draft = ReviewForm { title: title.into(), body: body.into(), images }.validate().map_err(anyhow::Error::msg)?;
        let id = reviews::create(state, &author, order_id, &draft).await?;
        written += 1;
        // Two collectors comment and like it; the artist thanks the buyer.
        for (k, (other_id, other_nickname)) in others.iter().filter(|(id, _)| *id != buyer_id).skip(n % 2).take(2).enumerate() {
            let other = member(*other_id, other_nickname.clone());
            reviews::add_comment(state, &other, id, COMMENTS[(n + k) % COMMENTS.len()]).await?;
            reviews::toggle_like(state, &other, id).await?;
        }
        let artist = member(artist_id, artist_nickname);
        reviews::add_comment(state, &artist, id, "소중히 걸어 주셔서 감사합니다. 다음 작업도 열심히 할게요!").await?;
    }
    Ok(written)
}
