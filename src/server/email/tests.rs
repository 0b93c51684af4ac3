use super::fake_smtp::FakeSmtp;
use super::*;
use crate::server::config::SmtpConfig;

fn mail(to: &str) -> OutgoingEmail {
    OutgoingEmail { to: Email::parse(to).unwrap(), subject: "[Artipul] 이메일 인증번호".into(), text: "인증번호 123456".into() }
}

#[tokio::test]
async fn smtp_delivers_a_utf8_message_to_a_real_smtp_conversation() {
    let server = FakeSmtp::start().await;
    let smtp = Smtp::new(&SmtpConfig { url: server.url().into(), from: "Artipul <no-reply@artipul.kr>".into() }).unwrap();
    smtp.send(&mail("student@snu.ac.kr")).await.expect("delivered");
    let got = server.received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, "no-reply@artipul.kr");
    assert_eq!(got[0].to, vec!["student@snu.ac.kr".to_string()]);
    assert!(got[0].data.contains("Subject: [Artipul] =?utf-8?b?"), "the Korean subject is encoded: {}", got[0].data);
    assert!(got[0].data.contains("Content-Type: text/plain; charset=utf-8"), "{}", got[0].data);
}

#[tokio::test]
async fn a_refused_recipient_or_an_unreachable_server_is_an_error() {
    let server = FakeSmtp::start().await;
    let smtp = Smtp::new(&SmtpConfig { url: server.url().into(), from: "no-reply@artipul.kr".into() }).unwrap();
    assert!(smtp.send(&mail("nobody@refused.example")).await.is_err());
    assert!(server.received.lock().unwrap().is_empty());
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let gone = Smtp::new(&SmtpConfig { url: format!("smtp://127.0.0.1:{closed}").into(), from: "no-reply@artipul.kr".into() }).unwrap();
    assert!(gone.send(&mail("a@b.kr")).await.is_err());
}

#[tokio::test]
async fn the_file_sink_appends_one_json_line_per_message() {
    let dir = tempfile::tempdir().unwrap();
    let sink = FileSink::new(dir.path().join("mail/email.jsonl"));
    sink.send(&mail("a@b.kr")).await.unwrap();
    sink.send(&mail("c@d.kr")).await.unwrap();
    let text = std::fs::read_to_string(dir.path().join("mail/email.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["to"], "c@d.kr");
    assert_eq!(lines[0]["text"], "인증번호 123456");
}
