//! Outgoing SMS. `SmsSender` is the seam; the development sink appends each message as a JSON line to a
//! file so local users and tests can read codes. (The NHN Cloud sender for production comes with accounts.)

use std::path::PathBuf;

use chrono::Utc;
use tokio::io::AsyncWriteExt;

use crate::domain::account::PhoneNumber;

#[derive(Debug, thiserror::Error)]
#[error("SMS delivery failed: {0}")]
pub struct SmsError(pub String);

#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SmsError>;
}

/// Development and test sink: one JSON object per line, `{"to","text","sent_at"}`. Never for production.
pub struct FileSink {
    path: PathBuf,
    lock: tokio::sync::Mutex<()>,
}

impl FileSink {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), lock: tokio::sync::Mutex::new(()) }
    }
}

#[async_trait::async_trait]
impl SmsSender for FileSink {
    async fn send(&self, to: &PhoneNumber, text: &str) -> Result<(), SmsError> {
        let line = serde_json::json!({ "to": to.as_e164(), "text": text, "sent_at": Utc::now() }).to_string();
        let _guard = self.lock.lock().await;
        if let Some(dir) = self.path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(|e| SmsError(e.to_string()))?;
        }
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .await
            .map_err(|e| SmsError(e.to_string()))?;
        file.write_all(format!("{line}\n").as_bytes()).await.map_err(|e| SmsError(e.to_string()))?;
        // tokio writes in the background; flush so the line is on disk before we report success.
        file.flush().await.map_err(|e| SmsError(e.to_string()))
    }
}
