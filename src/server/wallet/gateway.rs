//! The payment gateway seam. `PortOne` speaks the PortOne (Iamport) v1 REST API: an access token from
//! `POST /users/getToken`, payment lookup `GET /payments/{imp_uid}` and by our id
//! `GET /payments/find/{merchant_uid}`, refund `POST /payments/cancel`.
//! The base URL is configuration: production uses `https://api.iamport.kr`; development and tests use
//! the built-in test gateway (`test_gateway.rs`), which speaks the same shapes over HTTP.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The gateway answered and said no (unknown payment, refused cancel, bad credentials).
    #[error("gateway refused: {0}")]
    Refused(String),
    /// The gateway could not be reached or answered nonsense: try again later.
    #[error("gateway unavailable: {0}")]
    Unavailable(String),
}

/// A payment as the gateway reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GatewayPayment {
    pub imp_uid: String,
    pub merchant_uid: String,
    pub amount: u64,
    /// `ready`, `paid`, `cancelled` or `failed`.
    pub status: String,
    #[serde(default)]
    pub cancel_amount: u64,
}

#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync {
    async fn payment(&self, imp_uid: &str) -> Result<GatewayPayment, GatewayError>;
    /// The payment made for our `merchant_uid`, if the buyer paid (or started paying) at all.
    async fn find(&self, merchant_uid: &str) -> Result<Option<GatewayPayment>, GatewayError>;
    async fn cancel(&self, imp_uid: &str, amount: u64, reason: &str) -> Result<GatewayPayment, GatewayError>;
}

#[derive(Deserialize)]
struct Envelope<T> {
    code: i64,
    message: Option<String>,
    response: Option<T>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
    expired_at: i64,
}

pub struct PortOne {
    http: reqwest::Client,
    base: Url,
    imp_key: String,
    imp_secret: SecretString,
    token: Mutex<Option<(String, DateTime<Utc>)>>,
}

impl PortOne {
    pub fn new(base: Url, imp_key: String, imp_secret: SecretString) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client");
        let base = if base.path().ends_with('/') { base } else { Url::parse(&format!("{base}/")).expect("base URL") };
        PortOne { http, base, imp_key, imp_secret, token: Mutex::new(None) }
    }

    fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("relative API path")
    }

    async fn read<T: for<'de> Deserialize<'de>>(response: reqwest::Response) -> Result<T, GatewayError> {
        let status = response.status();
        let body: Envelope<T> = response.json().await.map_err(|e| GatewayError::Unavailable(format!("HTTP {status}: {e}")))?;
        match (body.code, body.response) {
            (0, Some(r)) => Ok(r),
            _ if status.is_server_error() => Err(GatewayError::Unavailable(format!("HTTP {status}"))),
            (code, _) => Err(GatewayError::Refused(format!("{code}: {}", body.message.unwrap_or_default()))),
        }
    }

    /// A valid access token, fetched again a minute before it expires.
    async fn token(&self) -> Result<String, GatewayError> {
        let mut cached = self.token.lock().await;
        if let Some((token, expires)) = cached.as_ref() {
            if *expires > Utc::now() + chrono::Duration::seconds(60) {
                return Ok(token.clone());
            }
        }
        let response = self
            .http
            .post(self.url("users/getToken"))
            .json(&serde_json::json!({ "imp_key": self.imp_key, "imp_secret": self.imp_secret.expose_secret() }))
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        let token: Token = Self::read(response).await?;
        let expires = DateTime::from_timestamp(token.expired_at, 0).unwrap_or_else(Utc::now);
        *cached = Some((token.access_token.clone(), expires));
        Ok(token.access_token)
    }
}

#[async_trait::async_trait]
impl PaymentGateway for PortOne {
    async fn payment(&self, imp_uid: &str) -> Result<GatewayPayment, GatewayError> {
        if imp_uid.is_empty() || !imp_uid.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(GatewayError::Refused("malformed imp_uid".into()));
        }
        let token = self.token().await?;
        let response = self
            .http
            .get(self.url(&format!("payments/{imp_uid}")))
            .header("Authorization", token)
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        Self::read(response).await
    }

    async fn find(&self, merchant_uid: &str) -> Result<Option<GatewayPayment>, GatewayError> {
        if merchant_uid.is_empty() || !merchant_uid.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(GatewayError::Refused("malformed merchant_uid".into()));
        }
        let token = self.token().await?;
        let response = self
            .http
            .get(self.url(&format!("payments/find/{merchant_uid}")))
            .header("Authorization", token)
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        match Self::read(response).await {
            Ok(payment) => Ok(Some(payment)),
            // The gateway answers "no such payment" for an attempt nobody paid.
            Err(GatewayError::Refused(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn cancel(&self, imp_uid: &str, amount: u64, reason: &str) -> Result<GatewayPayment, GatewayError> {
        let token = self.token().await?;
        let response = self
            .http
            .post(self.url("payments/cancel"))
            .header("Authorization", token)
            .json(&serde_json::json!({ "imp_uid": imp_uid, "amount": amount, "checksum": amount, "reason": reason }))
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        Self::read(response).await
    }
}
