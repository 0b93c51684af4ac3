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
        _ => Err(AppError::bad_request(crate::i18n::Key::ErrImageType)),
    }
}

/// What an upload may be: its longest side and its pixel count.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_side: u32,
    pub max_megapixels: u32,
}

impl Bounds {
    /// Avatars and other small pictures.
    pub const SMALL: Bounds = Bounds { max_side: MAX_DIMENSION, max_megapixels: 40 };
}

/// Checks and decodes an upload with the [`Bounds::SMALL`] limits.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    decode_bounded(bytes, Bounds::SMALL)
}

/// Checks and decodes an upload, bounded against decompression bombs: the byte size first, then the
/// format by content, then width, height and pixel count from the header alone — only an image within
/// all of them is decoded, under an allocation limit that fits it.
pub fn decode_bounded(bytes: &[u8], bounds: Bounds) -> Result<DynamicImage, AppError> {
    if bytes.is_empty() {
        return Err(AppError::bad_request(crate::i18n::Key::ErrFileEmpty));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::bad_request(crate::i18n::Key::ErrImageTooBig));
    }
    let format = sniff(bytes)?;
    let max_side = bounds.max_side;
    let unreadable = || AppError::bad_request(crate::i18n::Msg::ImageUnreadable { max_side });
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| unreadable())?;
    if width > max_side || height > max_side {
        return Err(AppError::bad_request(crate::i18n::Msg::ImageTooLarge { max_side }));
    }
    let max_pixels = u64::from(bounds.max_megapixels) * 1_000_000;
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(AppError::bad_request(crate::i18n::Msg::ImageTooManyPixels { megapixels: bounds.max_megapixels }));
    }
    if width < MIN_DIMENSION || height < MIN_DIMENSION {
        return Err(AppError::bad_request(crate::i18n::Msg::ImageTooSmall { min_side: MIN_DIMENSION }));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    // RGBA at 16 bits per channel is the widest a decoder produces, plus room for its own buffers.
    limits.max_alloc = Some(max_pixels * 8 + 64 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|_| unreadable())
}

/// JPEG bytes of `image` (quality 85) — a fresh file without the original's metadata.
pub fn encode_jpeg(image: &DynamicImage) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let rgb = image.to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&rgb).map_err(AppError::internal)?;
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

/// Image decoding and encoding off the async runtime, a bounded number at once: one upload may hold
/// width × height × 4 bytes or more while it is worked on. A request that finds every slot taken for
/// 10 s gets a 503 instead of queueing memory without bound.
#[derive(Clone)]
pub struct ImagePool {
    slots: std::sync::Arc<tokio::sync::Semaphore>,
}

impl ImagePool {
    pub fn new(at_once: usize) -> Self {
        Self { slots: std::sync::Arc::new(tokio::sync::Semaphore::new(at_once.max(1))) }
    }

    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
        let _slot = match tokio::time::timeout(std::time::Duration::from_secs(10), self.slots.acquire()).await {
            Ok(Ok(slot)) => slot,
            _ => return Err(AppError::unavailable(crate::i18n::Key::ErrImagesBusy)),
        };
        // The blocking thread does not inherit the request's task-local language: carry it over.
        let locale = crate::i18n::Locale::current();
        tokio::task::spawn_blocking(move || crate::i18n::with_locale(locale, work)).await.map_err(AppError::internal)?
    }
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
    fn the_pixel_count_is_checked_from_the_header_before_decoding() {
        let bounds = Bounds { max_side: 12_000, max_megapixels: 1 };
        assert!(decode_bounded(&png(1000, 1000), bounds).is_ok());
        let err = decode_bounded(&png(1001, 1000), bounds).unwrap_err();
        assert!(err.message.contains("100만 화소"), "{}", err.message);
        let err = decode_bounded(&png(100, 12_001), Bounds { max_side: 12_000, max_megapixels: 40 }).unwrap_err();
        assert!(err.message.contains("12000px"), "{}", err.message);
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
