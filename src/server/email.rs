//! Outgoing e-mail. `EmailSender` is the seam, like `SmsSender`: SMTP in production (`lettre`, from
//! `SMTP_URL` and `EMAIL_FROM`), and a development sink that appends each message as a JSON line to a
//! file so local users and tests can read the codes. The sink is refused in production.

use std::path::PathBuf;

use crate::server::jsonl::JsonLines;
use chrono::Utc;

use crate::domain::account::Email;

#[derive(Debug, thiserror::Error)]
#[error("e-mail delivery failed: {0}")]
pub struct EmailError(pub String);

/// One plain-text message to one recipient.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: Email,
    pub subject: String,
    pub text: String,
}

#[async_trait::async_trait]
pub trait EmailSender: Send + Sync {
    async fn send(&self, mail: &OutgoingEmail) -> Result<(), EmailError>;
}

/// Development and test sink: one JSON object per line, `{"to","subject","text","sent_at"}`.
pub struct FileSink(JsonLines);

impl FileSink {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self(JsonLines::new(path))
    }
}

#[async_trait::async_trait]
impl EmailSender for FileSink {
    async fn send(&self, mail: &OutgoingEmail) -> Result<(), EmailError> {
        let line = serde_json::json!({ "to": mail.to.as_str(), "subject": mail.subject, "text": mail.text, "sent_at": Utc::now() });
        self.0.append(&line).await.map_err(|e| EmailError(e.to_string()))
    }
}

/// SMTP through `lettre`. `SMTP_URL` is lettre's connection URL: `smtps://user:pass@host:465` (implicit
/// TLS), `smtp://user:pass@host:587?tls=required` (STARTTLS), or plain `smtp://host:port` for a relay
/// on the same host.
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    pub fn new(config: &crate::server::config::SmtpConfig) -> Result<Self, EmailError> {
        use secrecy::ExposeSecret;
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(config.url.expose_secret())
            .map_err(|e| EmailError(e.to_string()))?
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
        let from = config.from.parse().map_err(|e: lettre::address::AddressError| EmailError(e.to_string()))?;
        Ok(Self { transport, from })
    }
}

#[async_trait::async_trait]
impl EmailSender for Smtp {
    async fn send(&self, mail: &OutgoingEmail) -> Result<(), EmailError> {
        use lettre::AsyncTransport;
        let to = mail.to.as_str().parse().map_err(|e: lettre::address::AddressError| EmailError(e.to_string()))?;
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(mail.text.clone())
            .map_err(|e| EmailError(e.to_string()))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| EmailError(e.to_string()))
    }
}

#[cfg(test)]
pub mod fake_smtp;
#[cfg(test)]
mod tests;
