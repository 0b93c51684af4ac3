//! An append-only JSON-lines file: the development sinks for text messages and e-mail write each message
//! here so local users and tests can read the codes. Never used in production.

use std::path::PathBuf;

use tokio::io::AsyncWriteExt;

pub struct JsonLines {
    path: PathBuf,
    /// One writer at a time, so lines never interleave.
    lock: tokio::sync::Mutex<()>,
}

impl JsonLines {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), lock: tokio::sync::Mutex::new(()) }
    }

    /// Appends `value` as one line, creating the file and its folder if needed; on disk when it returns.
    pub async fn append(&self, value: &serde_json::Value) -> std::io::Result<()> {
        let _guard = self.lock.lock().await;
        if let Some(dir) = self.path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let mut file = tokio::fs::OpenOptions::new().create(true).append(true).open(&self.path).await?;
        file.write_all(format!("{value}\n").as_bytes()).await?;
        // tokio writes in the background; flush so the line is on disk before we report success.
        file.flush().await
    }
}
