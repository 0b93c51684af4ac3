//! The one-time codes the development SMS and e-mail sinks received, and lifting their send limits.

use super::{Member, TestApp};

impl TestApp {
    /// Lifts the one-send-per-minute limit of `phone` (national digits), for tests that send twice.
    pub async fn forget_minute_limit(&self, phone: &str) {
        let e164 = crate::domain::account::PhoneNumber::parse(phone).unwrap().as_e164().to_string();
        let mut conn = self.state.redis.conn();
        let _: () = redis::AsyncCommands::del(&mut conn, format!("otp:minute:phone:{e164}")).await.unwrap();
    }

    /// The latest 6-digit code the SMS sink received.
    pub fn last_code(&self) -> String {
        let path = self.state.config.sms_sink_file.clone().expect("tests use the SMS sink");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.split_whitespace().rfind(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit())).expect("a code was sent").to_string()
    }

    /// The latest code e-mailed to `to` through the development sink.
    pub fn last_email_code(&self, to: &str) -> Option<String> {
        let path = self.state.config.email_sink_file.clone().expect("tests use the e-mail sink");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["to"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(to)))
            .filter_map(|m| m["text"].as_str()?.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string))
            .next_back()
    }

    /// Lifts the one-e-mail-code-per-minute limit of `member` and its browser, for tests that send twice.
    pub async fn forget_email_minute_limit(&self, member: &Member) {
        let id: u64 =
            sqlx::query_scalar("SELECT id FROM users WHERE nickname = ?").bind(&member.nickname).fetch_one(&self.state.db).await.unwrap();
        let mut conn = self.state.redis.conn();
        let keys = [format!("otp:minute:email-account:{id}"), format!("otp:minute:email:ip:{}", member.browser.ip)];
        let _: () = redis::AsyncCommands::del(&mut conn, &keys).await.unwrap();
    }
}
