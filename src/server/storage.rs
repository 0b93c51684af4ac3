//! Object storage for uploads and generated images through the `object_store` crate: the local
//! filesystem for a `file://` `STORAGE_URL`, S3 (`s3://bucket/prefix`) or Google Cloud Storage
//! (`gs://bucket/prefix`) the same way (credentials from the usual `AWS_*` / `GOOGLE_*` variables).
//! Keys are always server-generated; objects are served at `/media/{key}` with long cache headers.

use std::path::{Component, Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use url::Url;

use crate::server::AppState;

/// Public URL prefix under which stored objects are served.
pub const MEDIA_PREFIX: &str = "/media";

#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Where keys live inside the store (the URL's path for S3/GCS; empty for a local directory).
    prefix: ObjectPath,
    /// The directory behind a `file://` URL (tests look inside it).
    local_root: Option<PathBuf>,
}

impl Storage {
    pub fn from_url(url: &Url) -> std::io::Result<Self> {
        if url.scheme() == "file" {
            let root = url.to_file_path().map_err(|_| std::io::Error::other("STORAGE_URL is not a local file:// path"))?;
            std::fs::create_dir_all(&root)?;
            let store = LocalFileSystem::new_with_prefix(&root).map_err(std::io::Error::other)?;
            return Ok(Self { store: Arc::new(store), prefix: ObjectPath::default(), local_root: Some(root) });
        }
        Self::from_url_with(url, std::env::vars())
    }

    /// Cloud storage configured from `vars` (the process environment in production): the `AWS_*` and
    /// `GOOGLE_*` variables, whose names `object_store` only knows in lower case (`aws_endpoint`, …).
    pub fn from_url_with(url: &Url, vars: impl IntoIterator<Item = (String, String)>) -> std::io::Result<Self> {
        let options: Vec<(String, String)> = vars
            .into_iter()
            .filter(|(k, _)| k.starts_with("AWS_") || k.starts_with("GOOGLE_"))
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let (store, prefix) = object_store::parse_url_opts(url, options).map_err(std::io::Error::other)?;
        Ok(Self { store: Arc::from(store), prefix, local_root: None })
    }

    /// The local directory behind a `file://` storage (None for cloud storage).
    pub fn local_root(&self) -> Option<&FsPath> {
        self.local_root.as_deref()
    }

    /// The local directory; for tests, which always use `file://` storage.
    pub fn root(&self) -> &FsPath {
        self.local_root().expect("local storage")
    }

    /// Keys are ours, but refuse anything that could escape the prefix or is not a plain relative path.
    fn path_of(&self, key: &str) -> std::io::Result<ObjectPath> {
        let relative = FsPath::new(key);
        let safe = !key.is_empty()
            && relative.components().all(|c| matches!(c, Component::Normal(_)))
            && key.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'));
        if !safe {
            return Err(std::io::Error::other(format!("unsafe storage key: {key:?}")));
        }
        let mut path = self.prefix.clone();
        for part in key.split('/') {
            path = path.child(part);
        }
        Ok(path)
    }

    /// Writes an object (atomically on the local filesystem: readers never see half a file).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.path_of(key)?;
        self.store.put(&path, PutPayload::from(bytes)).await.map(|_| ()).map_err(std::io::Error::other)
    }

    /// The object's bytes, or `None` when there is no such object.
    pub async fn get(&self, key: &str) -> std::io::Result<Option<bytes::Bytes>> {
        let path = self.path_of(key)?;
        match self.store.get(&path).await {
            Ok(result) => result.bytes().await.map(Some).map_err(std::io::Error::other),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(std::io::Error::other(e)),
        }
    }

    /// Removes an object; a missing object or an unsafe key is logged, not an error (nothing to undo).
    pub async fn delete(&self, key: &str) {
        match self.path_of(key) {
            Ok(path) => match self.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(key, error = %e, "deleting a stored object failed"),
            },
            Err(e) => tracing::warn!(key, error = %e, "refused to delete"),
        }
    }

    pub async fn exists(&self, key: &str) -> bool {
        match self.path_of(key) {
            Ok(path) => self.store.head(&path).await.is_ok(),
            Err(_) => false,
        }
    }

    /// The URL at which the object is served.
    pub fn public_url(key: &str) -> String {
        format!("{MEDIA_PREFIX}/{key}")
    }
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

/// `GET /media/{key}`: a stored object with `Cache-Control: public, max-age=31536000, immutable` (keys
/// never change meaning: a new image gets a new key).
pub async fn serve_media(State(state): State<AppState>, Path(key): Path<String>, headers: axum::http::HeaderMap) -> Response {
    // Images of a hidden (moderated) work are shown only to its artist and to admins, never cached.
    let cache = match hidden_work_artist(&state, &key).await {
        Ok(None) => "public, max-age=31536000, immutable",
        Ok(Some(artist_id)) => {
            let viewer = crate::server::auth::session::user_from_headers(&state, &headers).await.ok();
            if !viewer.is_some_and(|v| v.is_admin || v.id == artist_id) {
                return StatusCode::NOT_FOUND.into_response();
            }
            "private, no-store"
        }
        Err(e) => {
            tracing::warn!(error = %e, "media lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    match state.storage.get(&key).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type(&key))),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Ok(None) | Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The artist of the hidden work that the file `key` (`artworks/{id}/{width}.jpg`) is an image of, if any.
async fn hidden_work_artist(state: &AppState, key: &str) -> Result<Option<u64>, sqlx::Error> {
    let Some(storage_key) = key.strip_prefix("artworks/").and_then(|_| key.rsplit_once('/')).map(|(k, _)| k) else {
        return Ok(None);
    };
    sqlx::query_scalar!(
        "SELECT a.artist_id FROM artwork_images i JOIN artworks a ON a.id = i.artwork_id
         WHERE i.storage_key = ? AND a.hidden_at IS NOT NULL LIMIT 1",
        storage_key
    )
    .fetch_optional(&state.db)
    .await
}

/// Public URL of an artwork or review image at a stored width.
pub fn image_url(storage_key: &str, width: u32) -> String {
    Storage::public_url(&format!("{storage_key}/{width}.jpg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_objects_under_the_root_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("artipul-storage-{}", uuid::Uuid::new_v4()));
        let storage = Storage::from_url(&Url::from_directory_path(&dir).unwrap()).unwrap();
        storage.put("artworks/abc/400.jpg", vec![1, 2, 3]).await.unwrap();
        assert!(storage.exists("artworks/abc/400.jpg").await);
        assert_eq!(std::fs::read(dir.join("artworks/abc/400.jpg")).unwrap(), vec![1, 2, 3]);
        assert_eq!(storage.get("artworks/abc/400.jpg").await.unwrap().unwrap().to_vec(), vec![1, 2, 3]);
        assert_eq!(storage.get("artworks/none.jpg").await.unwrap(), None);
        for bad in ["../etc/passwd", "/etc/passwd", "a/../../b", "", "a b.jpg", "a/./b"] {
            assert!(storage.put(bad, vec![0]).await.is_err(), "{bad}");
        }
        storage.delete("artworks/abc/400.jpg").await;
        assert!(!storage.exists("artworks/abc/400.jpg").await);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// S3 through the `AWS_*` variables as an operator sets them (upper case), against a real S3-API
    /// server: objects land in the bucket under the URL's prefix, and come back.
    #[tokio::test]
    async fn s3_storage_is_configured_from_the_aws_variables() {
        use crate::server::testing::{s3_bucket, s3_endpoint, s3_env};
        let bucket = s3_bucket().await;
        let storage = Storage::from_url_with(&Url::parse(&format!("s3://{bucket}/uploads")).unwrap(), s3_env()).unwrap();
        storage.put("artworks/abc/400.jpg", vec![7, 8, 9]).await.expect("stored on the S3-API server");
        assert_eq!(storage.get("artworks/abc/400.jpg").await.unwrap().unwrap().to_vec(), vec![7, 8, 9]);
        assert!(storage.exists("artworks/abc/400.jpg").await);
        assert_eq!(storage.get("artworks/none.jpg").await.unwrap(), None);
        let listing = reqwest::get(format!("{}/{bucket}?list-type=2", s3_endpoint())).await.unwrap().text().await.unwrap();
        assert!(listing.contains("<Key>uploads/artworks/abc/400.jpg</Key>"), "{listing}");
        storage.delete("artworks/abc/400.jpg").await;
        assert!(!storage.exists("artworks/abc/400.jpg").await);
    }

    #[test]
    fn cloud_urls_are_understood() {
        let s3 = Storage::from_url(&Url::parse("s3://artipul-media/uploads").unwrap()).expect("s3 store builds without I/O");
        assert_eq!(s3.path_of("avatars/a.jpg").unwrap().as_ref(), "uploads/avatars/a.jpg");
        assert!(s3.local_root().is_none());
        let gcs = Storage::from_url(&Url::parse("gs://artipul-media").unwrap());
        assert!(gcs.is_ok() || gcs.unwrap_err().to_string().contains("credential"), "gcs");
    }
}
