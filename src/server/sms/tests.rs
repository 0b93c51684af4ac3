//! The NHN Cloud sender against a local server speaking the NHN Cloud SMS v3.0 API (we cannot reach the
//! real one here): the request must carry the app key in the path, the secret key header and the JSON
//! body NHN documents; both kinds of failure NHN reports must surface as errors.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::{NhnCloudSms, SmsSender};
use crate::domain::account::PhoneNumber;
use crate::server::config::NhnSmsConfig;

#[derive(Clone, Default)]
struct Fake {
    received: Arc<Mutex<Vec<(String, Value)>>>,
}

const SECRET: &str = "test-secret-key";

async fn send_sms(State(fake): State<Fake>, Path(app_key): Path<String>, headers: HeaderMap, Json(body): Json<Value>) -> Json<Value> {
    if headers.get("X-Secret-Key").and_then(|v| v.to_str().ok()) != Some(SECRET) {
        return Json(json!({ "header": { "isSuccessful": false, "resultCode": -1000, "resultMessage": "Invalid secret key" } }));
    }
    fake.received.lock().unwrap().push((app_key, body.clone()));
    let recipient = body["recipientList"][0]["recipientNo"].as_str().unwrap_or_default().to_string();
    // NHN accepts the request but rejects an unknown recipient per recipient, like a carrier would.
    let (code, message) = if recipient.starts_with("0109999") { (-2, "INVALID_RECIPIENT") } else { (0, "SUCCESS") };
    Json(json!({
        "header": { "isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS" },
        "body": { "data": {
            "requestId": "20261129000000abcd",
            "statusCode": "2",
            "senderGroupingKey": null,
            "sendResultList": [{ "recipientNo": recipient, "resultCode": code, "resultMessage": message,
                                 "recipientSeq": 1, "recipientGroupingKey": null }]
        } }
    }))
}

async fn fake_nhn() -> (Fake, url::Url) {
    let fake = Fake::default();
    let app = Router::new().route("/sms/v3.0/appKeys/{app_key}/sender/sms", post(send_sms)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (fake, format!("http://{addr}/").parse().unwrap())
}

fn sender(base_url: url::Url, secret: &str) -> NhnCloudSms {
    NhnCloudSms::new(&NhnSmsConfig {
        app_key: "AppKey123".into(),
        secret_key: secret.to_string().into(),
        sender_no: "15446859".into(),
        base_url,
    })
    .unwrap()
}

#[tokio::test]
async fn sends_the_documented_request() {
    let (fake, base) = fake_nhn().await;
    let phone = PhoneNumber::parse("010-1234-5678").unwrap();
    sender(base, SECRET).send(&phone, "[Artipul] 인증번호 123456").await.expect("sent");
    let received = fake.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let (app_key, body) = &received[0];
    assert_eq!(app_key, "AppKey123");
    assert_eq!(body["sendNo"], "15446859");
    assert_eq!(body["body"], "[Artipul] 인증번호 123456");
    assert_eq!(body["recipientList"][0]["recipientNo"], "01012345678");
    assert_eq!(body["recipientList"][0]["countryCode"], "82");
}

#[tokio::test]
async fn a_refused_request_is_an_error() {
    let (fake, base) = fake_nhn().await;
    let phone = PhoneNumber::parse("010-1234-5678").unwrap();
    let err = sender(base, "wrong").send(&phone, "x").await.unwrap_err();
    assert!(err.to_string().contains("Invalid secret key"), "{err}");
    assert!(fake.received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_recipient_is_an_error() {
    let (_fake, base) = fake_nhn().await;
    let phone = PhoneNumber::parse("010-9999-0000").unwrap();
    let err = sender(base, SECRET).send(&phone, "x").await.unwrap_err();
    assert!(err.to_string().contains("INVALID_RECIPIENT"), "{err}");
}

#[tokio::test]
async fn an_unreachable_gateway_is_an_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base: url::Url = format!("http://{}/", listener.local_addr().unwrap()).parse().unwrap();
    drop(listener);
    let phone = PhoneNumber::parse("010-1234-5678").unwrap();
    assert!(sender(base, SECRET).send(&phone, "x").await.is_err());
}
