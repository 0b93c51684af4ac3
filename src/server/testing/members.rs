//! Members signed up through the server functions, as a person would, each with their own browser.

use super::{Browser, TestApp};

/// A phone number no other test (or earlier run against the same Redis) uses.
pub fn random_phone() -> String {
    format!("010{:08}", rand::Rng::gen_range(&mut rand::thread_rng(), 0..100_000_000u32))
}

/// An e-mail address no other test uses.
pub fn random_email(prefix: &str) -> String {
    format!("{prefix}{}@artipul.kr", rand::Rng::gen::<u32>(&mut rand::thread_rng()))
}

/// A member signed up through the server functions, with their own browser (cookies).
pub struct Member {
    pub browser: Browser,
    pub email: String,
    pub phone: String,
    pub nickname: String,
}

/// The password every test member signs up with.
pub const MEMBER_PASSWORD: &str = "바다가-보이는-창문7";

impl TestApp {
    /// Signs up a buyer (`college: None`) or a student artist with a fresh e-mail, phone and nickname.
    pub async fn member(&self, real_name: &str, college: Option<&str>) -> Member {
        self.member_with_email(real_name, college, &random_email("acct")).await
    }

    /// Like [`TestApp::member`], signing up with the given e-mail (left unverified).
    pub async fn member_with_email(&self, real_name: &str, college: Option<&str>, email: &str) -> Member {
        let browser = self.browser();
        let (email, phone) = (email.to_string(), random_phone());
        let nickname = format!("회원{}", rand::Rng::gen_range(&mut rand::thread_rng(), 10_000..99_999));
        assert_eq!(browser.call("send_signup_code", &[("phone", &phone)]).await.status(), 200);
        let code = self.last_code();
        assert_eq!(browser.call("verify_signup_code", &[("phone", &phone), ("code", &code)]).await.status(), 200);
        let kind = if college.is_some() { "Artist" } else { "Buyer" };
        let mut form = vec![
            ("kind", kind),
            ("email", email.as_str()),
            ("password", MEMBER_PASSWORD),
            ("nickname", nickname.as_str()),
            ("name", real_name),
            ("phone", phone.as_str()),
        ];
        if let Some(c) = college {
            form.push(("college", c));
        }
        let res = browser.call("sign_up", &form).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        Member { browser, email, phone, nickname }
    }

    /// Makes `nickname` an admin (there is no way to become one over HTTP).
    pub async fn make_admin(&self, nickname: &str) {
        sqlx::query("UPDATE users SET role = 'admin' WHERE nickname = ?").bind(nickname).execute(&self.state.db).await.unwrap();
    }
}
