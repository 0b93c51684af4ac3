//! The site's built assets (`/pkg`: the stylesheet, the script and the WebAssembly). `artipul precompress`
//! writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy next to each, once per build; the
//! server then sends the smallest encoding the browser accepts straight from disk (`ServeDir` with
//! pre-compressed variants) instead of compressing megabytes again for every visitor, and falls back to the
//! file itself (compressed on the fly by the compression layer) where no copy exists.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// What is worth compressing ahead: text and WebAssembly.
const EXTENSIONS: &[&str] = &["wasm", "js", "css"];

/// One file's sizes: original, brotli, gzip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    pub file: PathBuf,
    pub original: u64,
    pub brotli: u64,
    pub gzip: u64,
}

/// Writes `.br` and `.gz` beside every asset in `dir` whose copies are missing or older than it.
/// Each copy is written to a temporary name and renamed, so a server never sends half a file.
pub fn precompress(dir: &Path) -> anyhow::Result<Vec<Compressed>> {
    let mut done = Vec::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let wanted = path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e));
        if !wanted || !path.is_file() {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let fresh =
            |suffix: &str| std::fs::metadata(with_suffix(&path, suffix)).and_then(|m| m.modified()).is_ok_and(|copy| copy >= modified);
        if fresh("br") && fresh("gz") {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let brotli = write_copy(&path, "br", |out| {
            let mut w = brotli::CompressorWriter::new(out, 64 * 1024, 11, 22);
            w.write_all(&bytes)?;
            w.flush()
        })?;
        let gzip = write_copy(&path, "gz", |out| {
            let mut w = flate2::write::GzEncoder::new(out, flate2::Compression::best());
            w.write_all(&bytes)?;
            w.finish().map(|_| ())
        })?;
        done.push(Compressed { file: path, original: bytes.len() as u64, brotli, gzip });
    }
    done.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(done)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes one compressed copy through a temporary file; returns its size.
fn write_copy(path: &Path, suffix: &str, compress: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> anyhow::Result<u64> {
    let target = with_suffix(path, suffix);
    let temporary = with_suffix(path, &format!("{suffix}.tmp"));
    let mut file = std::fs::File::create(&temporary).with_context(|| format!("creating {}", temporary.display()))?;
    compress(&mut file).with_context(|| format!("compressing {}", path.display()))?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, &target).with_context(|| format!("renaming to {}", target.display()))?;
    Ok(std::fs::metadata(&target)?.len())
}

/// The `/pkg` service: files from the site's package folder, the pre-compressed copy when the browser
/// accepts it (`Content-Encoding` then set, so the compression layer leaves the response alone).
pub fn service(site_root: &str, pkg_dir: &str) -> tower_http::services::ServeDir {
    tower_http::services::ServeDir::new(Path::new(site_root).join(pkg_dir)).precompressed_br().precompressed_gzip()
}
