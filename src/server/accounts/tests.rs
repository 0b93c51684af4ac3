//! Account rules against a fresh MariaDB database and the real Redis.

use std::net::IpAddr;

use rand::Rng;
use sqlx::MySqlPool;

use super::*;
use crate::server::auth::otp::{send_code, verify_code};
use crate::server::sms::FileSink;
use crate::server::testing::spawn_app;

const PASSWORD: &str = "바다가-보이는-창문7";

fn random_ip() -> IpAddr {
    let mut rng = rand::thread_rng();
    format!("10.{}.{}.{}", rng.gen::<u8>(), rng.gen::<u8>(), rng.gen::<u8>()).parse().unwrap()
}

fn random_phone() -> PhoneNumber {
    PhoneNumber::parse(&format!("010{:08}", rand::thread_rng().gen_range(0..100_000_000u32))).unwrap()
}

/// Verifies `phone` for sign-up the way a person would: request a code, read the SMS, type it in.
async fn verify_phone(state: &AppState, phone: &PhoneNumber) -> otp::Holder {
    let dir = tempfile::tempdir().unwrap();
    let sink = FileSink::new(dir.path().join("sms.jsonl"));
    send_code(&state.redis, &sink, Purpose::SignUp, phone, random_ip()).await.unwrap();
    let text = std::fs::read_to_string(dir.path().join("sms.jsonl")).unwrap();
    let code: String = text.split_whitespace().find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit())).unwrap().into();
    verify_code(&state.redis, Purpose::SignUp, phone, &code).await.unwrap()
}

fn account(email: &str, nickname: &str, phone: &PhoneNumber) -> NewAccount {
    let email = Email::parse(email).unwrap();
    NewAccount {
        password: Password::parse(PASSWORD, Some(&email)).unwrap(),
        email,
        nickname: Nickname::parse(nickname).unwrap(),
        real_name: RealName::parse("김하늘").unwrap(),
        phone: phone.clone(),
        college: Some(College::parse("홍익대학교").unwrap()),
    }
}

async fn user_count(state: &AppState) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&state.db).await.unwrap()
}

#[sqlx::test]
async fn sign_up_requires_a_verified_phone(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let phone = random_phone();
    let e = sign_up(&app.state, account("a@artipul.kr", "하늘물감", &phone), &otp::Holder::none()).await.unwrap_err();
    assert!(e.message.contains("휴대폰 인증"), "{}", e.message);
    assert_eq!(user_count(&app.state).await, 0);

    let holder = verify_phone(&app.state, &phone).await;
    let id = sign_up(&app.state, account("a@artipul.kr", "하늘물감", &phone), &holder).await.unwrap();
    let (hash, college): (String, Option<String>) =
        sqlx::query_as("SELECT password_hash, college FROM users WHERE id = ?").bind(id).fetch_one(&app.state.db).await.unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert_eq!(college.as_deref(), Some("홍익대학교"));
    // The proof was used up.
    let other = account("b@artipul.kr", "서윤", &phone);
    assert!(sign_up(&app.state, other, &holder).await.is_err());
}

#[sqlx::test]
async fn duplicate_nickname_or_email_gets_a_korean_message_and_changes_nothing(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let first = random_phone();
    let holder = verify_phone(&app.state, &first).await;
    sign_up(&app.state, account("a@artipul.kr", "하늘물감", &first), &holder).await.unwrap();

    let second = random_phone();
    let holder = verify_phone(&app.state, &second).await;
    let e = sign_up(&app.state, account("b@artipul.kr", "하늘물감", &second), &holder).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Conflict, "이미 사용 중인 닉네임입니다."));
    let e = sign_up(&app.state, account("A@Artipul.KR", "서윤", &second), &holder).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Conflict, "이미 가입된 이메일입니다."));
    assert_eq!(user_count(&app.state).await, 1);
    assert!(!nickname_available(&app.state, &Nickname::parse("하늘물감").unwrap()).await.unwrap());
    assert!(nickname_available(&app.state, &Nickname::parse("서윤").unwrap()).await.unwrap());
    assert!(!email_available(&app.state, &Email::parse("A@ARTIPUL.kr").unwrap()).await.unwrap());
    assert!(email_available(&app.state, &Email::parse("b@artipul.kr").unwrap()).await.unwrap());
}

/// A registered account with an e-mail of its own: Redis (and so the log-in throttle) is shared by all tests.
async fn registered(app: &crate::server::testing::TestApp) -> (u64, String) {
    let phone = random_phone();
    let holder = verify_phone(&app.state, &phone).await;
    let email = format!("haneul{}@artipul.kr", rand::thread_rng().gen::<u32>());
    (sign_up(&app.state, account(&email, "하늘물감", &phone), &holder).await.unwrap(), email)
}

#[sqlx::test]
async fn log_in_checks_the_password_and_backs_off_after_five_failures(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (id, email) = registered(&app).await;
    let ip = random_ip();
    let (user, session) = log_in(&app.state, &email.to_uppercase(), PASSWORD, ip).await.unwrap();
    assert_eq!((user.id, user.nickname.as_str(), user.is_artist, user.phone_verified), (id, "하늘물감", true, true));
    assert_eq!(authenticate(&app.state, &session.access).await.unwrap().map(|u| u.id), Some(id));

    for _ in 0..5 {
        let e = log_in(&app.state, &email, "wrong-password-1", ip).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unauthorized);
    }
    // Locked now, even with the right password.
    let e = log_in(&app.state, &email, PASSWORD, ip).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyRequests);
    // An unknown account gets the same answer as a wrong password.
    let nobody = format!("nobody{}@artipul.kr", rand::thread_rng().gen::<u32>());
    let e = log_in(&app.state, &nobody, PASSWORD, random_ip()).await.unwrap_err();
    assert_eq!(e.message, "이메일 또는 비밀번호가 올바르지 않습니다.");
}

#[sqlx::test]
async fn reusing_a_rotated_refresh_token_revokes_the_family(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (_, email) = registered(&app).await;
    let (_, first) = log_in(&app.state, &email, PASSWORD, random_ip()).await.unwrap();
    let (_, second) = refresh(&app.state, &first.refresh).await.unwrap();
    assert_eq!(second.refresh_claims.fam, first.refresh_claims.fam);
    assert_ne!(second.refresh_claims.jti, first.refresh_claims.jti);

    // Replayed at once, it is the owner's own parallel request: refused, nothing revoked.
    assert_eq!(refresh(&app.state, &first.refresh).await.unwrap_err().kind, ErrorKind::Conflict);
    let family_alive: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM refresh_tokens WHERE revoked_at IS NULL").fetch_one(&app.state.db).await.unwrap();
    assert_eq!(family_alive, 2);

    // Replayed after the grace window (a thief with a copy): refused, and the legitimate newer token dies
    // with the family.
    sqlx::query("UPDATE refresh_tokens SET rotated_at = rotated_at - INTERVAL 1 MINUTE WHERE rotated_at IS NOT NULL")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(refresh(&app.state, &first.refresh).await.unwrap_err().kind, ErrorKind::Unauthorized);
    assert_eq!(refresh(&app.state, &second.refresh).await.unwrap_err().kind, ErrorKind::Unauthorized);
}

#[sqlx::test]
async fn logged_out_tokens_are_refused(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let (_, email) = registered(&app).await;
    let (_, session) = log_in(&app.state, &email, PASSWORD, random_ip()).await.unwrap();
    log_out(&app.state, Some(&session.access), Some(&session.refresh)).await.unwrap();
    assert_eq!(authenticate(&app.state, &session.access).await.unwrap(), None);
    assert!(refresh(&app.state, &session.refresh).await.is_err());
    let until: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT expires_at FROM revoked_tokens WHERE jti = ?")
        .bind(&session.access_claims.jti)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(until.timestamp(), session.access_claims.expires_at().timestamp(), "revoked for the token's remaining life");
    // Revocations of expired tokens are forgotten; live ones are kept.
    let later = session.refresh_claims.expires_at() + chrono::Duration::seconds(1);
    assert_eq!(crate::server::auth::tokens::forget_expired_revocations(&app.state.db, chrono::Utc::now()).await.unwrap(), 0);
    assert_eq!(crate::server::auth::tokens::forget_expired_revocations(&app.state.db, later).await.unwrap(), 2);
}
