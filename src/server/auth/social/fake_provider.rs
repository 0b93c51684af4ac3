//! A small OAuth 2 provider for tests, speaking the real protocol: `GET /authorize` (response_type=code,
//! client_id, redirect_uri, state, S256 code_challenge) answers with a redirect carrying a one-time
//! code; `POST /token` (form: grant_type, code, redirect_uri, client credentials in the body,
//! code_verifier) checks everything including PKCE; `GET /{google,kakao,naver}/userinfo` answers in
//! each provider's own JSON shape for the bearer token. Which person "logs in" is chosen by the test
//! through the `login_hint` parameter (`subject|email|verified`), like picking an account on the real page;
//! without one, `/authorize` shows a page to type it (the browser tests, through `artipul fake-oauth`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use sha2::Digest;

pub const CLIENT_ID: &str = "artipul-test-client";
pub const CLIENT_SECRET: &str = "artipul-test-secret";

#[derive(Clone, Debug)]
struct Person {
    subject: String,
    email: Option<String>,
    verified: bool,
}

#[derive(Clone)]
struct Grant {
    person: Person,
    challenge: String,
    redirect_uri: String,
}

#[derive(Clone, Default)]
struct Provider {
    codes: Arc<Mutex<HashMap<String, Grant>>>,
    tokens: Arc<Mutex<HashMap<String, Person>>>,
}

pub struct FakeProvider {
    pub base: String,
}

impl FakeProvider {
    pub async fn start() -> FakeProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { serve(listener).await.unwrap() });
        FakeProvider { base: format!("http://{addr}") }
    }

    /// Environment for the app: `provider` enabled with this server's endpoints.
    pub fn env(&self, provider: &str) -> Vec<(String, String)> {
        let p = provider.to_uppercase();
        vec![
            (format!("OAUTH_{p}_CLIENT_ID"), CLIENT_ID.into()),
            (format!("OAUTH_{p}_CLIENT_SECRET"), CLIENT_SECRET.into()),
            (format!("OAUTH_{p}_AUTH_URL"), format!("{}/authorize", self.base)),
            (format!("OAUTH_{p}_TOKEN_URL"), format!("{}/token", self.base)),
            (format!("OAUTH_{p}_USERINFO_URL"), format!("{}/{provider}/userinfo", self.base)),
        ]
    }
}

/// Serves the provider on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = Router::new()
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/{shape}/userinfo", get(userinfo))
        .with_state(Provider::default());
    axum::serve(listener, app).await
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The provider's own sign-in page: the same request again with the account typed as `login_hint`.
fn account_page(q: &HashMap<String, String>) -> Response {
    let hidden: String = q.iter().map(|(k, v)| format!(r#"<input type="hidden" name="{}" value="{}">"#, escape(k), escape(v))).collect();
    axum::response::Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider · sign in</title></head>
<body><main><h1>Test provider</h1><form method="get" action="authorize">{hidden}
<label>Account (subject|e-mail|verified) <input name="login_hint" required></label>
<button type="submit">Continue</button></form>
<form method="get" action="authorize">{hidden}<input type="hidden" name="login_hint" value="deny"><button type="submit">Cancel</button></form>
</main></body></html>"#
    ))
    .into_response()
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

async fn authorize(State(p): State<Provider>, Query(q): Query<HashMap<String, String>>) -> Response {
    let param = |k: &str| q.get(k).cloned().unwrap_or_default();
    if param("response_type") != "code" || param("client_id") != CLIENT_ID || param("state").is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
    }
    if param("code_challenge_method") != "S256" || param("code_challenge").len() < 43 {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
    }
    if !q.contains_key("login_hint") {
        return account_page(&q);
    }
    let redirect_uri = param("redirect_uri");
    let hint = param("login_hint");
    let mut parts = hint.split('|');
    let person = Person {
        subject: parts.next().filter(|s| !s.is_empty()).unwrap_or("fake-subject").to_string(),
        email: parts.next().filter(|s| !s.is_empty()).map(str::to_string),
        verified: parts.next() == Some("verified"),
    };
    if hint == "deny" {
        return Redirect::to(&format!("{redirect_uri}?error=access_denied&state={}", param("state"))).into_response();
    }
    let code = uuid::Uuid::new_v4().simple().to_string();
    p.codes.lock().unwrap().insert(code.clone(), Grant { person, challenge: param("code_challenge"), redirect_uri: redirect_uri.clone() });
    Redirect::to(&format!("{redirect_uri}?code={code}&state={}", param("state"))).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: String,
    client_id: Option<String>,
    client_secret: Option<String>,
    code_verifier: Option<String>,
}

async fn token(State(p): State<Provider>, Form(f): Form<TokenForm>) -> Response {
    if f.grant_type != "authorization_code" {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    if f.client_id.as_deref() != Some(CLIENT_ID) || f.client_secret.as_deref() != Some(CLIENT_SECRET) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    // Codes are single-use: removed on the first exchange, successful or not.
    let Some(grant) = p.codes.lock().unwrap().remove(&f.code) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let verifier = f.code_verifier.unwrap_or_default();
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    if computed != grant.challenge || grant.redirect_uri != f.redirect_uri {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let access = uuid::Uuid::new_v4().simple().to_string();
    p.tokens.lock().unwrap().insert(access.clone(), grant.person);
    Json(json!({ "access_token": access, "token_type": "Bearer", "expires_in": 3600 })).into_response()
}

async fn userinfo(State(p): State<Provider>, Path(shape): Path<String>, headers: HeaderMap) -> Response {
    let token = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or_default();
    let Some(person) = p.tokens.lock().unwrap().get(token).cloned() else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token");
    };
    let body = match shape.as_str() {
        "google" => json!({ "sub": person.subject, "email": person.email, "email_verified": person.verified, "name": "구글 사용자" }),
        "kakao" => json!({
            "id": person.subject.parse::<i64>().unwrap_or(42),
            "kakao_account": { "email": person.email, "is_email_valid": true, "is_email_verified": person.verified,
                               "profile": { "nickname": "카카오친구" } }
        }),
        _ => json!({ "resultcode": "00", "message": "success",
                     "response": { "id": person.subject, "email": person.email, "nickname": "네이버친구" } }),
    };
    Json(body).into_response()
}
