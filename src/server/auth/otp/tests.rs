//! OTP rules against the real Redis. Every test uses its own phone and IP, so tests never share keys.

use std::net::IpAddr;

use rand::Rng;
use redis::AsyncCommands;

use super::*;
use crate::error::ErrorKind;
use crate::server::sms::FileSink;

struct Fixture {
    redis: Redis,
    sink: FileSink,
    sink_path: std::path::PathBuf,
    _dir: tempfile::TempDir,
    phone: PhoneNumber,
    ip: IpAddr,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let sink_path = dir.path().join("sms.jsonl");
    let mut rng = rand::thread_rng();
    let phone = PhoneNumber::parse(&format!("010{:08}", rng.gen_range(0..100_000_000u32))).unwrap();
    let ip: IpAddr = format!("10.{}.{}.{}", rng.gen::<u8>(), rng.gen::<u8>(), rng.gen::<u8>()).parse().unwrap();
    Fixture {
        redis: Redis::new(&crate::server::testing::redis_url()).unwrap(),
        sink: FileSink::new(&sink_path),
        sink_path,
        _dir: dir,
        phone,
        ip,
    }
}

impl Fixture {
    async fn send(&self, purpose: Purpose) -> Result<(), AppError> {
        send_code(&self.redis, &self.sink, purpose, &self.phone, self.ip).await
    }

    /// The code in the last message the sink received for this phone.
    fn last_code(&self) -> String {
        let text = std::fs::read_to_string(&self.sink_path).expect("a message was sent");
        let line = text.lines().last().unwrap();
        let msg: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(msg["to"], self.phone.as_e164());
        let body = msg["text"].as_str().unwrap();
        body.split_whitespace().find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit())).unwrap().to_string()
    }

    /// Lets the per-minute limit pass, as if a minute went by.
    async fn after_a_minute(&self) {
        let mut conn = self.redis.conn();
        let _: () = conn.del(format!("otp:minute:phone:{}", self.phone.as_e164())).await.unwrap();
        let _: () = conn.del(format!("otp:minute:ip:{}", self.ip)).await.unwrap();
    }
}

fn wrong(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

#[tokio::test]
async fn a_correct_code_verifies_once_and_leaves_a_single_use_proof() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let code = f.last_code();
    assert_eq!(code.len(), 6);
    let ttl: i64 = f.redis.conn().ttl(code_key(Purpose::SignUp, &f.phone)).await.unwrap();
    assert!((1..=CODE_TTL_SECS as i64).contains(&ttl), "ttl {ttl}");

    let holder = verify_code(&f.redis, Purpose::SignUp, &f.phone, &code).await.unwrap();
    // Deleted on success: the same code does not work twice.
    let again = verify_code(&f.redis, Purpose::SignUp, &f.phone, &code).await.unwrap_err();
    assert!(again.message.contains("만료"), "{}", again.message);

    assert!(!has_proof(&f.redis, Purpose::SignUp, &f.phone, &Holder::none()).await.unwrap(), "only its holder has it");
    assert!(!take_proof(&f.redis, Purpose::SignUp, &f.phone, &Holder("someone-else".into())).await.unwrap());
    assert!(has_proof(&f.redis, Purpose::SignUp, &f.phone, &holder).await.unwrap());
    assert!(take_proof(&f.redis, Purpose::SignUp, &f.phone, &holder).await.unwrap());
    assert!(!take_proof(&f.redis, Purpose::SignUp, &f.phone, &holder).await.unwrap(), "a proof is used once");
}

#[tokio::test]
async fn the_fifth_wrong_try_burns_the_code() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let code = f.last_code();
    for _ in 0..MAX_WRONG_TRIES - 1 {
        let e = verify_code(&f.redis, Purpose::SignUp, &f.phone, &wrong(&code)).await.unwrap_err();
        assert!(e.message.contains("일치하지"), "{}", e.message);
    }
    let e = verify_code(&f.redis, Purpose::SignUp, &f.phone, &wrong(&code)).await.unwrap_err();
    assert!(e.message.contains("5회"), "{}", e.message);
    // Even the right code is refused now.
    assert!(verify_code(&f.redis, Purpose::SignUp, &f.phone, &code).await.is_err());
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let code = f.last_code();
    // Expire it now rather than sleeping three minutes; Redis then behaves exactly as at the deadline.
    let _: () = f.redis.conn().pexpire(code_key(Purpose::SignUp, &f.phone), 1).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while f.redis.conn().exists::<_, bool>(code_key(Purpose::SignUp, &f.phone)).await.unwrap() {
        assert!(std::time::Instant::now() < deadline, "the key expires");
        tokio::task::yield_now().await;
    }
    let e = verify_code(&f.redis, Purpose::SignUp, &f.phone, &code).await.unwrap_err();
    assert!(e.message.contains("만료"), "{}", e.message);
}

#[tokio::test]
async fn only_one_send_per_minute_per_phone_and_per_ip() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let e = f.send(Purpose::SignUp).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyRequests);

    // Another phone from the same IP is refused too.
    let other = fixture();
    let e = send_code(&f.redis, &f.sink, Purpose::SignUp, &other.phone, f.ip).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyRequests);
    // The refused send consumed nothing of the other phone's quota.
    other.send(Purpose::SignUp).await.unwrap();

    f.after_a_minute().await;
    f.send(Purpose::SignUp).await.unwrap();
}

#[tokio::test]
async fn at_most_ten_sends_a_day() {
    let f = fixture();
    for _ in 0..DAILY_SENDS {
        f.send(Purpose::SignUp).await.unwrap();
        f.after_a_minute().await;
    }
    let e = f.send(Purpose::SignUp).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyRequests);
    assert!(e.message.contains("오늘"), "{}", e.message);
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one_and_purposes_do_not_mix() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let first = f.last_code();
    f.after_a_minute().await;
    f.send(Purpose::SignUp).await.unwrap();
    let second = f.last_code();
    if first != second {
        assert!(verify_code(&f.redis, Purpose::SignUp, &f.phone, &first).await.is_err());
    }
    assert!(verify_code(&f.redis, Purpose::ResetPassword, &f.phone, &second).await.is_err());
    let holder = verify_code(&f.redis, Purpose::SignUp, &f.phone, &second).await.unwrap();
    assert!(!take_proof(&f.redis, Purpose::ResetPassword, &f.phone, &holder).await.unwrap());
}

#[tokio::test]
async fn malformed_codes_are_refused_without_counting() {
    let f = fixture();
    f.send(Purpose::SignUp).await.unwrap();
    let code = f.last_code();
    for bad in ["", "12345", "1234567", "abcdef"] {
        let e = verify_code(&f.redis, Purpose::SignUp, &f.phone, bad).await.unwrap_err();
        assert!(e.message.contains("6자리"), "{bad}: {}", e.message);
    }
    verify_code(&f.redis, Purpose::SignUp, &f.phone, &code).await.unwrap();
}
