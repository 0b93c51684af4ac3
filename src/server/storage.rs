//! Object storage for uploads and generated images, keyed by server-generated keys and served at `/media`.

use std::path::{Component, Path, PathBuf};

use url::Url;

/// Public URL prefix under which stored objects are served.
pub const MEDIA_PREFIX: &str = "/media";

/// Local-filesystem storage rooted at the directory of a `file://` `STORAGE_URL`.
#[derive(Clone, Debug)]
pub struct Storage {
    root: PathBuf,
}

impl Storage {
    pub fn from_url(url: &Url) -> std::io::Result<Self> {
        let root = url
            .to_file_path()
            .map_err(|_| std::io::Error::other("STORAGE_URL is not a local file:// path"))?;
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes an object atomically (temporary file + rename), so readers never see half a file.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.path_of(key)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await
    }

    /// Removes an object; a missing object or an unsafe key is logged, not an error (nothing to undo).
    pub async fn delete(&self, key: &str) {
        match self.path_of(key) {
            Ok(path) => {
                if let Err(e) = tokio::fs::remove_file(&path).await {
                    if e.kind() != std::io::ErrorKind::NotFound {
                        tracing::warn!(key, error = %e, "deleting a stored object failed");
                    }
                }
            }
            Err(e) => tracing::warn!(key, error = %e, "refused to delete"),
        }
    }

    pub async fn exists(&self, key: &str) -> bool {
        match self.path_of(key) {
            Ok(path) => tokio::fs::try_exists(path).await.unwrap_or(false),
            Err(_) => false,
        }
    }

    /// The URL at which the object is served.
    pub fn public_url(key: &str) -> String {
        format!("{MEDIA_PREFIX}/{key}")
    }

    /// Maps a key to a path inside the root; keys are ours, but refuse anything that could escape it.
    fn path_of(&self, key: &str) -> std::io::Result<PathBuf> {
        let relative = Path::new(key);
        let safe = !key.is_empty() && relative.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(std::io::Error::other(format!("unsafe storage key: {key:?}")));
        }
        Ok(self.root.join(relative))
    }
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
        for bad in ["../etc/passwd", "/etc/passwd", "a/../../b", ""] {
            assert!(storage.put(bad, vec![0]).await.is_err(), "{bad}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
