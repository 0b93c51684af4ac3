//! Outgoing SMS. `SmsSender` is the seam: NHN Cloud SMS (v3 HTTP API) in production, and a development
//! sink that appends each message as a JSON line to a file so local users and tests can read codes.

use std::path::PathBuf;

use crate::server::jsonl::JsonLines;
use chrono::Utc;

use crate::domain::account::PhoneNumber;

#[derive(Debug, thiserror::Error)]
#[error("SMS delivery failed: {0}")]
pub struct SmsError(pub String);

#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SmsError>;
}

/// Development and test sink: one JSON object per line, `{"to","text","sent_at"}`. Never for production.
pub struct FileSink(JsonLines);

impl FileSink {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self(JsonLines::new(path))
    }
}

#[async_trait::async_trait]
impl SmsSender for FileSink {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SmsError> {
        let line = serde_json::json!({ "to": to.as_e164(), "text": text, "sent_at": Utc::now() });
        self.0.append(&line).await.map_err(|e| SmsError(e.to_string()))
    }
}

/// NHN Cloud SMS, API v3.0: `POST {base}/sms/v3.0/appKeys/{appKey}/sender/sms` with the `X-Secret-Key`
/// header. The base URL is configurable so tests can point it at a local server speaking the same API.
pub struct NhnCloudSms {
    http: reqwest::Client,
    endpoint: url::Url,
    secret_key: secrecy::SecretString,
    sender_no: String,
}

impl NhnCloudSms {
    pub fn new(config: &crate::server::config::NhnSmsConfig) -> Result<Self, SmsError> {
        let endpoint =
            config.base_url.join(&format!("sms/v3.0/appKeys/{}/sender/sms", config.app_key)).map_err(|e| SmsError(e.to_string()))?;
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().map_err(|e| SmsError(e.to_string()))?;
        Ok(Self { http, endpoint, secret_key: config.secret_key.clone(), sender_no: config.sender_no.clone() })
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnHeader {
    is_successful: bool,
    result_code: i64,
    result_message: String,
}

#[derive(serde::Deserialize)]
struct NhnResponse {
    header: NhnHeader,
    body: Option<NhnBody>,
}

#[derive(serde::Deserialize)]
struct NhnBody {
    data: Option<NhnData>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnData {
    #[serde(default)]
    send_result_list: Vec<NhnRecipientResult>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NhnRecipientResult {
    result_code: i64,
    result_message: String,
}

#[async_trait::async_trait]
impl SmsSender for NhnCloudSms {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SmsError> {
        use secrecy::ExposeSecret;
        let body = serde_json::json!({
            "body": text,
            "sendNo": self.sender_no,
            "recipientList": [{ "recipientNo": to.national_digits(), "countryCode": "82" }],
        });
        let response = self
            .http
            .post(self.endpoint.clone())
            .header("X-Secret-Key", self.secret_key.expose_secret())
            .header(reqwest::header::CONTENT_TYPE, "application/json;charset=UTF-8")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| SmsError(format!("request: {e}")))?;
        let status = response.status();
        let reply: NhnResponse = response.json().await.map_err(|e| SmsError(format!("HTTP {status}, unreadable reply: {e}")))?;
        if !reply.header.is_successful {
            return Err(SmsError(format!("{}: {}", reply.header.result_code, reply.header.result_message)));
        }
        // The request as a whole can succeed while the one recipient failed (e.g. an invalid number).
        let results = reply.body.and_then(|b| b.data).map(|d| d.send_result_list).unwrap_or_default();
        match results.first() {
            Some(r) if r.result_code != 0 => Err(SmsError(format!("recipient {}: {}", r.result_code, r.result_message))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
