//! Social log-in (Google, Kakao, Naver): OAuth 2 authorization code with PKCE through the `oauth2` crate.
//! `GET /auth/{provider}/start` keeps state + verifier in the session and sends the browser to the
//! provider; `GET /auth/{provider}/callback` checks the state, exchanges the code, reads the provider's
//! user info and either logs in a linked account, links an account by a provider-verified e-mail, or
//! parks the identity in the session for onboarding at `/signup/social`. Endpoints come from
//! configuration, so tests drive all of it against a local provider speaking the same protocol.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use url::Url;

use crate::domain::account::{Email, SocialLoginError, SocialProvider};
use crate::error::AppError;
use crate::i18n::Key;
use crate::server::accounts::{self, SocialOutcome};
use crate::server::config::{parse_url, problem, ConfigError};
use crate::server::web_session;
use crate::server::AppState;

/// One provider's client credentials and endpoints.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub provider: SocialProvider,
    pub client_id: String,
    pub client_secret: SecretString,
    pub auth_url: Url,
    pub token_url: Url,
    pub userinfo_url: Url,
}

struct Defaults {
    auth: &'static str,
    token: &'static str,
    userinfo: &'static str,
    scopes: &'static [&'static str],
}

fn defaults(provider: SocialProvider) -> Defaults {
    match provider {
        SocialProvider::Google => Defaults {
            auth: "https://accounts.google.com/o/oauth2/v2/auth",
            token: "https://oauth2.googleapis.com/token",
            userinfo: "https://openidconnect.googleapis.com/v1/userinfo",
            scopes: &["openid", "email", "profile"],
        },
        SocialProvider::Kakao => Defaults {
            auth: "https://kauth.kakao.com/oauth/authorize",
            token: "https://kauth.kakao.com/oauth/token",
            userinfo: "https://kapi.kakao.com/v2/user/me",
            scopes: &["account_email", "profile_nickname"],
        },
        SocialProvider::Naver => Defaults {
            auth: "https://nid.naver.com/oauth2.0/authorize",
            token: "https://nid.naver.com/oauth2.0/token",
            userinfo: "https://openapi.naver.com/v1/nid/me",
            scopes: &[],
        },
    }
}

fn var_name(provider: SocialProvider, suffix: &str) -> &'static str {
    // Leaked once per variable at start-up so errors can name it as `&'static str`.
    Box::leak(format!("OAUTH_{}_{suffix}", provider.key().to_uppercase()).into_boxed_str())
}

impl ProviderConfig {
    /// `OAUTH_{GOOGLE,KAKAO,NAVER}_CLIENT_ID` + `_CLIENT_SECRET` enable a provider; `_AUTH_URL`,
    /// `_TOKEN_URL` and `_USERINFO_URL` override its endpoints.
    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Vec<ProviderConfig>, ConfigError> {
        let mut out = Vec::new();
        for provider in SocialProvider::ALL {
            let id_var = var_name(provider, "CLIENT_ID");
            let secret_var = var_name(provider, "CLIENT_SECRET");
            let (client_id, client_secret) = match (get(id_var), get(secret_var)) {
                (None, None) => continue,
                (Some(id), Some(secret)) => (id, secret),
                (None, Some(_)) => return Err(problem(id_var, format!("is required when {secret_var} is set"))),
                (Some(_), None) => return Err(problem(secret_var, format!("is required when {id_var} is set"))),
            };
            let d = defaults(provider);
            let endpoint = |suffix: &str, default: &str| {
                let var = var_name(provider, suffix);
                parse_url(var, &get(var).unwrap_or_else(|| default.to_string()))
            };
            out.push(ProviderConfig {
                provider,
                client_id,
                client_secret: client_secret.into(),
                auth_url: endpoint("AUTH_URL", d.auth)?,
                token_url: endpoint("TOKEN_URL", d.token)?,
                userinfo_url: endpoint("USERINFO_URL", d.userinfo)?,
            });
        }
        Ok(out)
    }
}

/// The providers shown on the log-in page: only those configured.
pub fn enabled(state: &AppState) -> Vec<SocialProvider> {
    state.config.oauth.iter().map(|p| p.provider).collect()
}

fn config_for(state: &AppState, provider: SocialProvider) -> Option<&ProviderConfig> {
    state.config.oauth.iter().find(|p| p.provider == provider)
}

fn redirect_url(state: &AppState, provider: SocialProvider) -> Result<RedirectUrl, AppError> {
    let url = state.config.public_base_url.join(&format!("auth/{}/callback", provider.key())).map_err(AppError::internal)?;
    Ok(RedirectUrl::from_url(url))
}

/// What the browser carries between start and callback (in the server-side session).
#[derive(Serialize, Deserialize)]
struct Started {
    provider: SocialProvider,
    state: String,
    verifier: String,
    next: String,
}

/// The provider's answer about who logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub provider: SocialProvider,
    pub subject: String,
    pub email: Option<Email>,
    /// True only when the provider itself says the address is verified.
    pub email_verified: bool,
    pub nickname: Option<String>,
}

pub const STARTED_KEY: &str = "oauth_started";
pub const PENDING_KEY: &str = "social_pending";
/// Where to go after onboarding completes.
pub const PENDING_NEXT_KEY: &str = "social_next";

pub fn routes() -> Router<AppState> {
    Router::new().route("/auth/{provider}/start", get(start)).route("/auth/{provider}/callback", get(callback))
}

#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
}

/// Back to the log-in page with what went wrong as a code (the page words it in the member's language).
fn login_error(error: SocialLoginError, provider: SocialProvider) -> Response {
    Redirect::to(&format!("/login?error={}&provider={}", error.code(), provider.key())).into_response()
}

async fn start(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<StartQuery>,
    session: Session,
) -> Result<Response, AppError> {
    let provider = SocialProvider::from_key(&provider).ok_or_else(|| AppError::not_found(Key::ErrUnknownLoginMethod))?;
    let Some(config) = config_for(&state, provider) else {
        return Err(AppError::not_found(Key::ErrUnknownLoginMethod));
    };
    let client = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(config.auth_url.clone()))
        .set_redirect_uri(redirect_url(&state, provider)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(CsrfToken::new_random).set_pkce_challenge(challenge);
    for scope in defaults(provider).scopes {
        request = request.add_scope(Scope::new((*scope).to_string()));
    }
    let (url, csrf) = request.url();
    let started = Started {
        provider,
        state: csrf.secret().clone(),
        verifier: verifier.secret().clone(),
        next: crate::server::auth::session::safe_next(query.next.as_deref()),
    };
    web_session::put(&session, STARTED_KEY, &started).await?;
    Ok(Redirect::to(url.as_str()).into_response())
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<CallbackQuery>,
    session: Session,
) -> Result<Response, AppError> {
    let provider = SocialProvider::from_key(&provider).ok_or_else(|| AppError::not_found(Key::ErrUnknownLoginMethod))?;
    let config = config_for(&state, provider).ok_or_else(|| AppError::not_found(Key::ErrUnknownLoginMethod))?;
    // The state is single-use: taken out of the session whatever happens next.
    let started: Option<Started> = web_session::take(&session, STARTED_KEY).await?;
    let Some(started) = started.filter(|s| s.provider == provider) else {
        return Ok(login_error(SocialLoginError::Expired, provider));
    };
    if query.error.is_some() {
        return Ok(login_error(SocialLoginError::Cancelled, provider));
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return Ok(login_error(SocialLoginError::BadResponse, provider));
    };
    if !constant_time_eq(returned_state.as_bytes(), started.state.as_bytes()) {
        tracing::warn!(provider = provider.key(), "OAuth state mismatch");
        return Ok(login_error(SocialLoginError::BadRequest, provider));
    }
    let identity = match fetch_identity(&state, config, code, started.verifier).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::warn!(provider = provider.key(), error = %e, "social log-in failed");
            return Ok(login_error(SocialLoginError::Failed, provider));
        }
    };
    match accounts::social_log_in(&state, &identity).await? {
        SocialOutcome::LoggedIn(session_pair) => {
            let mut response = Redirect::to(&started.next).into_response();
            append_cookies(response.headers_mut(), super::session::session_cookies(&state, &session_pair));
            Ok(response)
        }
        SocialOutcome::NeedsOnboarding => {
            web_session::put(&session, PENDING_KEY, &identity).await?;
            web_session::put(&session, PENDING_NEXT_KEY, &started.next).await?;
            Ok(Redirect::to("/signup/social").into_response())
        }
    }
}

fn append_cookies(headers: &mut HeaderMap, cookies: Vec<HeaderValue>) {
    for cookie in cookies {
        headers.append(header::SET_COOKIE, cookie);
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct ProviderError(String);

async fn fetch_identity(state: &AppState, config: &ProviderConfig, code: String, verifier: String) -> Result<Identity, ProviderError> {
    // No redirects: a token endpoint that redirects is misconfigured or hostile (SSRF).
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| ProviderError(e.to_string()))?;
    let client = BasicClient::new(ClientId::new(config.client_id.clone()))
        .set_client_secret(ClientSecret::new(config.client_secret.expose_secret().to_string()))
        .set_auth_type(AuthType::RequestBody)
        .set_token_uri(TokenUrl::from_url(config.token_url.clone()))
        .set_redirect_uri(redirect_url(state, config.provider).map_err(|e| ProviderError(e.message))?);
    let token = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&http)
        .await
        .map_err(|e| ProviderError(format!("token exchange: {e}")))?;
    let info: serde_json::Value = http
        .get(config.userinfo_url.clone())
        .bearer_auth(token.access_token().secret())
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| ProviderError(format!("user info: {e}")))?
        .json()
        .await
        .map_err(|e| ProviderError(format!("user info body: {e}")))?;
    parse_identity(config.provider, &info).ok_or_else(|| ProviderError("user info without an id".into()))
}

/// Reads each provider's user-info shape. Only an explicit "verified" flag from the provider counts.
pub fn parse_identity(provider: SocialProvider, info: &serde_json::Value) -> Option<Identity> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string).filter(|s| !s.is_empty());
    let (subject, email, verified, nickname) = match provider {
        SocialProvider::Google => {
            (text(&info["sub"])?, text(&info["email"]), info["email_verified"].as_bool().unwrap_or(false), text(&info["name"]))
        }
        SocialProvider::Kakao => {
            let account = &info["kakao_account"];
            (
                info["id"].as_i64().map(|id| id.to_string()).or_else(|| text(&info["id"]))?,
                text(&account["email"]),
                account["is_email_valid"].as_bool().unwrap_or(false) && account["is_email_verified"].as_bool().unwrap_or(false),
                text(&account["profile"]["nickname"]),
            )
        }
        SocialProvider::Naver => {
            if info["resultcode"].as_str() != Some("00") {
                return None;
            }
            let r = &info["response"];
            // Naver reports no verification flag, so its e-mail never links accounts.
            (text(&r["id"])?, text(&r["email"]), false, text(&r["nickname"]))
        }
    };
    let email = email.and_then(|e| Email::parse(&e).ok());
    Some(Identity { provider, subject, email_verified: verified && email.is_some(), email, nickname })
}

/// The local OAuth 2 provider of the tests (also `artipul fake-oauth`, refused in production).
pub mod fake_provider;
#[cfg(test)]
mod tests;
