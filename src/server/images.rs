//! Uploaded images: content sniffed by magic bytes (JPEG, PNG, WebP only — never the file name or the
//! client's content type), size and dimensions bounded before decoding, and re-encoded by us, which
//! drops EXIF and anything else hidden in the file. CPU work runs in `spawn_blocking`.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::error::AppError;

/// Largest accepted upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Largest accepted width or height.
pub const MAX_DIMENSION: u32 = 8000;
/// Smallest accepted width or height.
pub const MIN_DIMENSION: u32 = 64;

/// The format by content; anything but JPEG/PNG/WebP is refused.
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, AppError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        _ => Err(AppError::bad_request("JPEG, PNG, WebP 이미지만 올릴 수 있습니다.")),
    }
}

/// Checks and decodes an upload (bounded: no decompression bombs).
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    decode_bounded(bytes, MAX_DIMENSION)
}

/// [`decode`] with another bound on width and height.
pub fn decode_bounded(bytes: &[u8], max_dimension: u32) -> Result<DynamicImage, AppError> {
    if bytes.is_empty() {
        return Err(AppError::bad_request("파일이 비어 있습니다."));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::bad_request("이미지는 10MB 이하만 올릴 수 있습니다."));
    }
    let format = sniff(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_dimension);
    limits.max_image_height = Some(max_dimension);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|_| AppError::bad_request(format!("이미지를 읽을 수 없습니다. 가로·세로 {max_dimension}px 이하의 정상적인 이미지를 올려 주세요.")))?;
    if image.width() < MIN_DIMENSION || image.height() < MIN_DIMENSION {
        return Err(AppError::bad_request(format!("이미지가 너무 작습니다. 가로·세로 {MIN_DIMENSION}px 이상이어야 합니다.")));
    }
    Ok(image)
}

/// JPEG bytes of `image` (quality 85) — a fresh file without the original's metadata.
pub fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&rgb)
        .map_err(AppError::internal)?;
    Ok(out)
}

/// A square avatar of `size` px, centre-cropped.
pub fn avatar(image: &DynamicImage, size: u32) -> DynamicImage {
    let side = image.width().min(image.height());
    let x = (image.width() - side) / 2;
    let y = (image.height() - side) / 2;
    image.crop_imm(x, y, side, side).resize_exact(size, size, image::imageops::FilterType::Lanczos3)
}

/// `image` scaled to `width` px wide (never enlarged).
pub fn fit_width(image: &DynamicImage, width: u32) -> DynamicImage {
    if image.width() <= width {
        return image.clone();
    }
    image.resize(width, u32::MAX, image::imageops::FilterType::Lanczos3)
}

/// Runs CPU-heavy image work off the async threads.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(w, h).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn only_real_images_of_sane_size_pass() {
        assert!(decode(&png(100, 80)).is_ok());
        assert!(decode(b"GIF89a not allowed").is_err());
        assert!(decode(b"<html>not an image</html>").is_err());
        assert!(decode(&png(10, 10)).is_err());
        let mut truncated = png(100, 100);
        truncated.truncate(40);
        assert!(decode(&truncated).is_err());
    }

    #[test]
    fn re_encoding_drops_metadata() {
        // A JPEG with an EXIF APP1 segment spliced in after SOI.
        let clean = encode_jpeg(&DynamicImage::new_rgb8(100, 100)).unwrap();
        let mut with_exif = clean[..2].to_vec();
        let payload = b"Exif\0\0GPS-SECRET-LOCATION";
        with_exif.extend_from_slice(&[0xFF, 0xE1, 0, (payload.len() + 2) as u8]);
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&clean[2..]);
        let decoded = decode(&with_exif).expect("still a JPEG");
        let out = encode_jpeg(&decoded).unwrap();
        assert!(!out.windows(10).any(|w| w == b"GPS-SECRET"));
        assert!(with_exif.windows(10).any(|w| w == b"GPS-SECRET"));
    }

    #[test]
    fn avatars_are_square() {
        let a = avatar(&DynamicImage::new_rgb8(300, 200), 128);
        assert_eq!((a.width(), a.height()), (128, 128));
    }
}
