//! E-mail ownership over real HTTP: the server functions a page calls, the development e-mail sink,
//! MariaDB and Redis.

use sqlx::MySqlPool;

use crate::server::testing::{random_email, spawn_app, Member, TestApp, MEMBER_PASSWORD};

async fn profile(member: &Member) -> serde_json::Value {
    let res = member.browser.call("my_profile", &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn verified_at(app: &TestApp, member: &Member) -> Option<chrono::NaiveDateTime> {
    sqlx::query_scalar("SELECT email_verified_at FROM users WHERE nickname = ?")
        .bind(&member.nickname)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[sqlx::test]
async fn sign_up_mails_a_code_that_verifies_the_address_once(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let member = app.member("김하늘", None).await;
    assert_eq!(profile(&member).await["email_verified"], false, "a new address starts unverified");
    let code = app.last_email_code(&member.email).expect("sign-up mailed a code");

    // A wrong code changes nothing and says so in Korean; a malformed one is refused before Redis.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = member.browser.call("verify_email", &[("code", wrong)]).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("일치하지 않습니다"));
    assert_eq!(member.browser.call("verify_email", &[("code", "12ab")]).await.status(), 400);
    assert!(verified_at(&app, &member).await.is_none());

    // Another member cannot use it: codes belong to the account they were sent for.
    let other = app.member("박바다", None).await;
    assert_eq!(other.browser.call("verify_email", &[("code", &code)]).await.status(), 400);

    assert_eq!(member.browser.call("verify_email", &[("code", &code)]).await.status(), 200);
    let me = profile(&member).await;
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["verified_student"], false, "artipul.kr is no school");
    assert!(verified_at(&app, &member).await.is_some());
    // Spent: the same code again is expired, and a verified address gets no new code.
    assert_eq!(member.browser.call("verify_email", &[("code", &code)]).await.status(), 400);
    let again = member.browser.call("send_email_code", &[]).await;
    assert_eq!(again.status(), 400);
    assert!(again.text().await.unwrap().contains("이미 인증된"));
    // Visitors get 401.
    assert_eq!(app.browser().call("verify_email", &[("code", &code)]).await.status(), 401);
}

#[sqlx::test]
async fn five_wrong_codes_kill_the_code_and_sends_are_rate_limited(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let member = app.member("김하늘", None).await;
    let code = app.last_email_code(&member.email).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert_eq!(member.browser.call("verify_email", &[("code", wrong)]).await.status(), 400);
    }
    let fifth = member.browser.call("verify_email", &[("code", wrong)]).await.text().await.unwrap();
    assert!(fifth.contains("5회"), "{fifth}");
    assert_eq!(member.browser.call("verify_email", &[("code", &code)]).await.status(), 400, "the code is gone");
    // The sign-up's send counted: a new one within the minute is refused with 429.
    let res = member.browser.call("send_email_code", &[]).await;
    assert_eq!(res.status(), 429);
    assert!(res.text().await.unwrap().contains("1분"));
    assert!(verified_at(&app, &member).await.is_none());
}

#[sqlx::test]
async fn a_new_address_needs_the_password_and_its_own_code_and_a_school_address_earns_the_badge(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let member = app.member("김하늘", Some("서울대학교")).await;
    let first = app.last_email_code(&member.email).unwrap();
    assert_eq!(member.browser.call("verify_email", &[("code", &first)]).await.status(), 200);

    let school = random_email("haneul").replace("@artipul.kr", "@snu.ac.kr");
    let no_password = member.browser.call("change_email", &[("email", &school), ("current_password", "틀린-비밀번호-123")]).await;
    assert_eq!(no_password.status(), 400);
    assert!(no_password.text().await.unwrap().contains("비밀번호"));
    assert_eq!(profile(&member).await["email"], member.email.as_str(), "nothing changed");
    let taken = app.member("박바다", None).await;
    let clash = member.browser.call("change_email", &[("email", &taken.email), ("current_password", MEMBER_PASSWORD)]).await;
    assert_eq!(clash.status(), 409);

    app.forget_email_minute_limit(&member).await;
    assert_eq!(member.browser.call("change_email", &[("email", &school), ("current_password", MEMBER_PASSWORD)]).await.status(), 200);
    let me = profile(&member).await;
    assert_eq!((me["email"].as_str(), me["email_verified"].as_bool()), (Some(school.as_str()), Some(false)));
    let code = app.last_email_code(&school).expect("a code went to the new address");
    assert_eq!(member.browser.call("verify_email", &[("code", &code)]).await.status(), 200);
    let me = profile(&member).await;
    assert_eq!((me["email_verified"].as_bool(), me["verified_student"].as_bool()), (Some(true), Some(true)));
    // The badge is public: the artist page shows it.
    let page = app.browser().get(&format!("/artists/{}", member.nickname)).await.text().await.unwrap();
    assert!(page.contains("인증된 미대생"), "the artist page shows the badge");
}

#[sqlx::test]
async fn only_admins_grant_or_revoke_the_badge_and_every_change_is_audited(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let artist = app.member("김하늘", Some("홍익대학교")).await;
    let admin = app.member("관리자", None).await;
    let form =
        |granted: &'static str| [("nickname", artist.nickname.clone()), ("granted", granted.into()), ("reason", "재학증명서 확인".into())];
    let as_member = artist.browser.call("set_student_badge", &form("true").iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(as_member.status(), 403, "hiding the button is not authorisation");
    app.make_admin(&admin.nickname).await;
    let badge = || async {
        sqlx::query_scalar::<_, bool>("SELECT student_verified FROM users WHERE nickname = ?")
            .bind(&artist.nickname)
            .fetch_one(&app.state.db)
            .await
            .unwrap()
    };
    assert!(!badge().await);
    let no_reason = admin.browser.call("set_student_badge", &[("nickname", &artist.nickname), ("granted", "true"), ("reason", " ")]).await;
    assert_eq!(no_reason.status(), 400);
    assert!(!badge().await);
    let grant = admin.browser.call("set_student_badge", &form("true").iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(grant.status(), 200);
    assert!(badge().await);
    let revoke = admin.browser.call("set_student_badge", &form("false").iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(revoke.status(), 200);
    assert!(!badge().await);
    let audit: Vec<(String, String)> = sqlx::query_as("SELECT action, reason FROM admin_audit WHERE target_type = 'user' ORDER BY id")
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        audit,
        vec![("grant_student_badge".into(), "재학증명서 확인".into()), ("revoke_student_badge".into(), "재학증명서 확인".into())]
    );
}
