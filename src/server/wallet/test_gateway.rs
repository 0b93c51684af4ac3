//! The test payment gateway, for development and tests only (refused at start-up in production): a
//! checkout page that "pays" and redirects back the way PortOne's mobile flow does
//! (`m_redirect_url?imp_uid=…&merchant_uid=…&imp_success=true`), and the PortOne v1 REST shapes the app's
//! `PortOne` client calls (`/users/getToken`, `/payments/{imp_uid}`, `/payments/find/{merchant_uid}`,
//! `/payments/cancel`) — so the real client code runs against it over HTTP — and, like PortOne, a
//! webhook (`POST {"imp_uid","merchant_uid","status"}`) to the app after each payment, racing the
//! browser's redirect. Mounted at `/test-gateway`. Payments live in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub const IMP_KEY: &str = "test_imp_key";
pub const IMP_SECRET: &str = "test_imp_secret";

#[derive(Clone, Debug)]
struct Payment {
    merchant_uid: String,
    amount: u64,
    status: &'static str,
    cancel_amount: u64,
}

#[derive(Clone, Default)]
pub struct TestGateway {
    payments: Arc<Mutex<HashMap<String, Payment>>>,
    tokens: Arc<Mutex<Vec<String>>>,
    /// When set, cancels answer 503 (to exercise refund retries).
    pub fail_cancels: Arc<std::sync::atomic::AtomicBool>,
    /// When set, cancels are refused for good (code 1), as a gateway does for a settled card payment.
    pub refuse_cancels: Arc<std::sync::atomic::AtomicBool>,
    /// Milliseconds each cancel takes (a real gateway answers in hundreds), to widen races in tests.
    pub cancel_delay_ms: Arc<std::sync::atomic::AtomicU64>,
    /// When set, no webhook is sent (a gateway whose notification never arrives).
    pub mute_webhooks: Arc<std::sync::atomic::AtomicBool>,
    /// Where webhooks go: the app's `/wallet/webhook`.
    webhook_url: Option<url::Url>,
}

impl TestGateway {
    pub fn new(webhook_url: url::Url) -> Self {
        TestGateway { webhook_url: Some(webhook_url), ..Default::default() }
    }
}

pub fn routes<S: Clone + Send + Sync + 'static>(gateway: TestGateway) -> Router<S> {
    Router::new()
        .route("/test-gateway/checkout", get(checkout_page).post(pay))
        .route("/test-gateway/users/getToken", post(get_token))
        .route("/test-gateway/payments/cancel", post(cancel))
        .route("/test-gateway/payments/{imp_uid}", get(payment))
        .route("/test-gateway/payments/find/{merchant_uid}", get(find))
        .with_state(gateway)
}

fn envelope(code: i64, message: Option<&str>, response: serde_json::Value) -> Json<serde_json::Value> {
    Json(json!({ "code": code, "message": message, "response": response }))
}

#[derive(Deserialize)]
struct TokenRequest {
    imp_key: String,
    imp_secret: String,
}

async fn get_token(State(g): State<TestGateway>, Json(r): Json<TokenRequest>) -> Response {
    if r.imp_key != IMP_KEY || r.imp_secret != IMP_SECRET {
        return (StatusCode::UNAUTHORIZED, envelope(-1, Some("invalid imp_key or imp_secret"), json!(null))).into_response();
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    g.tokens.lock().unwrap().push(token.clone());
    let now = chrono::Utc::now().timestamp();
    envelope(0, None, json!({ "access_token": token, "now": now, "expired_at": now + 1800 })).into_response()
}

fn authorised(g: &TestGateway, headers: &HeaderMap) -> bool {
    let token = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    g.tokens.lock().unwrap().iter().any(|t| t == token.trim_start_matches("Bearer "))
}

fn payment_json(imp_uid: &str, p: &Payment) -> serde_json::Value {
    json!({ "imp_uid": imp_uid, "merchant_uid": p.merchant_uid, "amount": p.amount, "status": p.status,
            "cancel_amount": p.cancel_amount, "pay_method": "card", "pg_provider": "test" })
}

async fn payment(State(g): State<TestGateway>, Path(imp_uid): Path<String>, headers: HeaderMap) -> Response {
    if !authorised(&g, &headers) {
        return (StatusCode::UNAUTHORIZED, envelope(-1, Some("Unauthorized"), json!(null))).into_response();
    }
    match g.payments.lock().unwrap().get(&imp_uid) {
        Some(p) => envelope(0, None, payment_json(&imp_uid, p)).into_response(),
        None => (StatusCode::NOT_FOUND, envelope(1, Some("존재하지 않는 결제정보입니다."), json!(null))).into_response(),
    }
}

async fn find(State(g): State<TestGateway>, Path(merchant_uid): Path<String>, headers: HeaderMap) -> Response {
    if !authorised(&g, &headers) {
        return (StatusCode::UNAUTHORIZED, envelope(-1, Some("Unauthorized"), json!(null))).into_response();
    }
    let payments = g.payments.lock().unwrap();
    match payments.iter().find(|(_, p)| p.merchant_uid == merchant_uid) {
        Some((imp_uid, p)) => envelope(0, None, payment_json(imp_uid, p)).into_response(),
        None => (StatusCode::NOT_FOUND, envelope(1, Some("존재하지 않는 결제정보입니다."), json!(null))).into_response(),
    }
}

#[derive(Deserialize)]
struct CancelRequest {
    imp_uid: String,
    amount: Option<u64>,
}

async fn cancel(State(g): State<TestGateway>, headers: HeaderMap, Json(r): Json<CancelRequest>) -> Response {
    if !authorised(&g, &headers) {
        return (StatusCode::UNAUTHORIZED, envelope(-1, Some("Unauthorized"), json!(null))).into_response();
    }
    if g.fail_cancels.load(std::sync::atomic::Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, envelope(-1, Some("temporarily unavailable"), json!(null))).into_response();
    }
    if g.refuse_cancels.load(std::sync::atomic::Ordering::SeqCst) {
        return envelope(1, Some("취소할 수 없는 결제입니다. (정산 완료)"), json!(null)).into_response();
    }
    let delay = g.cancel_delay_ms.load(std::sync::atomic::Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let mut payments = g.payments.lock().unwrap();
    let Some(p) = payments.get_mut(&r.imp_uid) else {
        return envelope(1, Some("존재하지 않는 결제정보입니다."), json!(null)).into_response();
    };
    if p.status != "paid" {
        return envelope(1, Some("이미 전액취소된 주문입니다."), json!(null)).into_response();
    }
    p.status = "cancelled";
    p.cancel_amount = r.amount.unwrap_or(p.amount);
    envelope(0, None, payment_json(&r.imp_uid, p)).into_response()
}

#[derive(Deserialize)]
struct CheckoutQuery {
    merchant_uid: String,
    amount: u64,
    m_redirect_url: String,
}

fn local_redirect(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

async fn checkout_page(Query(q): Query<CheckoutQuery>) -> Response {
    if !local_redirect(&q.m_redirect_url) {
        return (StatusCode::BAD_REQUEST, "m_redirect_url must be a local path").into_response();
    }
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let amount = crate::domain::Won(q.amount).display();
    Html(format!(
        r#"<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>테스트 결제</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:40px auto;padding:0 16px">
<p style="color:#b45309;font-weight:bold">테스트 결제창 — 실제로 돈이 나가지 않습니다.</p>
<h1>ARTIPUL 포인트 충전</h1>
<p>결제 금액: <strong data-testid="gateway-amount">{amount}</strong></p>
<form method="post" action="/test-gateway/checkout">
<input type="hidden" name="merchant_uid" value="{m}">
<input type="hidden" name="amount" value="{a}">
<input type="hidden" name="m_redirect_url" value="{r}">
<button type="submit" name="outcome" value="pay" style="padding:12px 24px">결제하기</button>
<button type="submit" name="outcome" value="cancel" style="padding:12px 24px">취소</button>
</form></body></html>"#,
        m = esc(&q.merchant_uid),
        a = q.amount,
        r = esc(&q.m_redirect_url),
    ))
    .into_response()
}

#[derive(Deserialize)]
struct PayForm {
    merchant_uid: String,
    amount: u64,
    m_redirect_url: String,
    outcome: String,
}

async fn pay(State(g): State<TestGateway>, Form(f): Form<PayForm>) -> Response {
    if !local_redirect(&f.m_redirect_url) {
        return (StatusCode::BAD_REQUEST, "m_redirect_url must be a local path").into_response();
    }
    let sep = if f.m_redirect_url.contains('?') { '&' } else { '?' };
    let merchant: String = url::form_urlencoded::byte_serialize(f.merchant_uid.as_bytes()).collect();
    if f.outcome != "pay" {
        return Redirect::to(&format!("{}{sep}merchant_uid={merchant}&imp_success=false&error_msg=%EC%B7%A8%EC%86%8C", f.m_redirect_url))
            .into_response();
    }
    let imp_uid = format!("imp_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    g.payments
        .lock()
        .unwrap()
        .insert(imp_uid.clone(), Payment { merchant_uid: f.merchant_uid.clone(), amount: f.amount, status: "paid", cancel_amount: 0 });
    if let Some(url) = g.webhook_url.clone().filter(|_| !g.mute_webhooks.load(std::sync::atomic::Ordering::SeqCst)) {
        let body = json!({ "imp_uid": imp_uid, "merchant_uid": f.merchant_uid, "status": "paid" });
        tokio::spawn(async move {
            if let Err(e) = reqwest::Client::new().post(url).json(&body).send().await {
                tracing::warn!(error = %e, "test gateway webhook not delivered");
            }
        });
    }
    Redirect::to(&format!("{}{sep}imp_uid={imp_uid}&merchant_uid={merchant}&imp_success=true", f.m_redirect_url)).into_response()
}
