//! Procedural paintings for the demo: colour fields, geometric compositions, landscapes and gestural
//! strokes, painted on a textured canvas so the demo shelves look like art rather than grey boxes.

use image::{imageops, Rgb, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Palettes that read as deliberate choices of a painter.
const PALETTES: [[[u8; 3]; 5]; 8] = [
    [[244, 237, 225], [214, 90, 49], [38, 70, 83], [233, 196, 106], [42, 157, 143]],
    [[250, 243, 232], [29, 53, 87], [69, 123, 157], [168, 218, 220], [230, 57, 70]],
    [[238, 232, 218], [94, 80, 63], [174, 144, 108], [206, 173, 124], [57, 62, 70]],
    [[246, 240, 235], [246, 70, 18], [30, 30, 36], [250, 190, 60], [120, 140, 160]],
    [[232, 236, 230], [52, 78, 65], [111, 157, 120], [230, 200, 150], [180, 80, 60]],
    [[245, 235, 240], [120, 60, 120], [230, 150, 170], [40, 40, 80], [250, 210, 120]],
    [[236, 240, 244], [20, 60, 120], [90, 160, 210], [240, 240, 230], [200, 120, 40]],
    [[248, 244, 230], [180, 40, 40], [20, 20, 20], [230, 200, 80], [60, 90, 150]],
];

/// The kinds of composition the generator knows.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    ColourField,
    Geometric,
    Landscape,
    Gestural,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::ColourField, Style::Geometric, Style::Landscape, Style::Gestural];
}

/// Paints a `width`×`height` picture, deterministic for a given `seed`.
pub fn paint(style: Style, width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = StdRng::seed_from_u64(seed);
    let palette = PALETTES[rng.gen_range(0..PALETTES.len())];
    let mut canvas = RgbImage::from_pixel(width, height, Rgb(palette[0]));
    match style {
        Style::ColourField => colour_field(&mut canvas, &palette, &mut rng),
        Style::Geometric => geometric(&mut canvas, &palette, &mut rng),
        Style::Landscape => landscape(&mut canvas, &palette, &mut rng),
        Style::Gestural => gestural(&mut canvas, &palette, &mut rng),
    }
    canvas_texture(&mut canvas, &mut rng);
    canvas
}

/// Scales to `width` pixels wide, keeping the aspect ratio.
pub fn thumbnail(image: &RgbImage, width: u32) -> RgbImage {
    if image.width() == width {
        return image.clone();
    }
    let height = (u64::from(image.height()) * u64::from(width) / u64::from(image.width().max(1))) as u32;
    imageops::resize(image, width, height.max(1), imageops::FilterType::Triangle)
}

/// The JPEG files of painting (`style`, `width`×`height`, `seed`) scaled to each of `widths`. Paintings are
/// deterministic, so when `ARTIPUL_PAINT_CACHE` names a folder the files are kept there and read back
/// next time instead of painted again (the scripts point it into `$ARTIPUL_CACHE`: painting is the slow
/// part of seeding a debug build). The key includes a hash of this file, so a changed painter paints anew.
pub fn painted_jpegs(style: Style, width: u32, height: u32, seed: u64, widths: &[u32], quality: u8) -> Vec<(u32, Vec<u8>)> {
    let cache = std::env::var_os("ARTIPUL_PAINT_CACHE").map(std::path::PathBuf::from);
    painted_jpegs_in(cache.as_deref(), style, width, height, seed, widths, quality)
}

fn painted_jpegs_in(
    cache: Option<&std::path::Path>,
    style: Style,
    width: u32,
    height: u32,
    seed: u64,
    widths: &[u32],
    quality: u8,
) -> Vec<(u32, Vec<u8>)> {
    let path = |w: u32| {
        cache.as_ref().map(|dir| dir.join(format!("{:016x}-{style:?}-{width}x{height}-{seed}-q{quality}-{w}.jpg", painter_version())))
    };
    let cached: Option<Vec<(u32, Vec<u8>)>> =
        widths.iter().map(|w| path(*w).and_then(|p| std::fs::read(p).ok()).map(|bytes| (*w, bytes))).collect();
    if let Some(files) = cached {
        return files;
    }
    let master = paint(style, width, height, seed);
    let files: Vec<(u32, Vec<u8>)> = widths.iter().map(|w| (*w, encode_jpeg(&thumbnail(&master, *w), quality))).collect();
    for (w, bytes) in &files {
        if let Some(p) = path(*w) {
            // A cache only: a write that fails (read-only, full disk) just means painting again next time.
            let written = p.parent().map(std::fs::create_dir_all).transpose().and_then(|_| {
                let tmp = p.with_extension(format!("{}.tmp", std::process::id()));
                std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &p))
            });
            if let Err(e) = written {
                tracing::debug!(error = %e, "painting not cached");
            }
        }
    }
    files
}

/// FNV-1a of this file's source: changes whenever the painter does.
fn painter_version() -> u64 {
    include_str!("painting.rs").bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    // Encoding an in-memory RGB buffer into a Vec cannot fail.
    encoder.encode_image(image).expect("jpeg encoding of an RGB buffer");
    out
}

fn blend(dst: &mut Rgb<u8>, src: [u8; 3], alpha: f32) {
    for (d, s) in dst.0.iter_mut().zip(src) {
        *d = (f32::from(*d) * (1.0 - alpha) + f32::from(s) * alpha).round() as u8;
    }
}

fn jitter(colour: [u8; 3], rng: &mut StdRng, amount: i16) -> [u8; 3] {
    colour.map(|c| (i16::from(c) + rng.gen_range(-amount..=amount)).clamp(0, 255) as u8)
}

/// Soft-edged stacked rectangles, in the manner of colour-field painting.
fn colour_field(canvas: &mut RgbImage, palette: &[[u8; 3]; 5], rng: &mut StdRng) {
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    let ground = palette[rng.gen_range(1..5)];
    for p in canvas.pixels_mut() {
        blend(p, ground, 0.85);
    }
    let bands = rng.gen_range(2..=3);
    let margin = w * 0.08;
    let gap = h * 0.05;
    let band_h = (h - 2.0 * margin - gap * (bands - 1) as f32) / bands as f32;
    for b in 0..bands {
        let colour = palette[rng.gen_range(1..5)];
        let top = margin + b as f32 * (band_h + gap);
        let feather = w * 0.02;
        for (x, y, p) in canvas.enumerate_pixels_mut() {
            let (x, y) = (x as f32, y as f32);
            let dx = (x - margin).min(w - margin - x);
            let dy = (y - top).min(top + band_h - y);
            let edge = dx.min(dy);
            if edge > -feather {
                let alpha = ((edge + feather) / (2.0 * feather)).clamp(0.0, 1.0) * 0.92;
                blend(p, colour, alpha);
            }
        }
    }
}

/// Circles, bars and lines on a light ground.
fn geometric(canvas: &mut RgbImage, palette: &[[u8; 3]; 5], rng: &mut StdRng) {
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    for _ in 0..rng.gen_range(3..6) {
        let colour = palette[rng.gen_range(1..5)];
        let (x0, y0) = (rng.gen_range(0.0..w * 0.8), rng.gen_range(0.0..h * 0.8));
        let (rw, rh) = (rng.gen_range(w * 0.08..w * 0.45), rng.gen_range(h * 0.05..h * 0.35));
        fill(canvas, |x, y| x >= x0 && x <= x0 + rw && y >= y0 && y <= y0 + rh, colour, 0.9);
    }
    for _ in 0..rng.gen_range(2..5) {
        let colour = palette[rng.gen_range(1..5)];
        let (cx, cy) = (rng.gen_range(0.0..w), rng.gen_range(0.0..h));
        let r = rng.gen_range(w * 0.05..w * 0.25);
        let ring = rng.gen_bool(0.4);
        fill(
            canvas,
            |x, y| {
                let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
                if ring {
                    (d - r).abs() < r * 0.12
                } else {
                    d < r
                }
            },
            colour,
            0.85,
        );
    }
    for _ in 0..rng.gen_range(4..9) {
        let colour = palette[rng.gen_range(1..5)];
        let (x0, y0) = (rng.gen_range(0.0..w), rng.gen_range(0.0..h));
        let angle: f32 = rng.gen_range(0.0..std::f32::consts::PI);
        let (dx, dy) = (angle.cos(), angle.sin());
        let thickness = rng.gen_range(1.5..w * 0.008 + 2.0);
        fill(canvas, |x, y| ((x - x0) * dy - (y - y0) * dx).abs() < thickness, colour, 0.95);
    }
}

/// Sky gradient, a sun, and layered ridges that fade with distance.
fn landscape(canvas: &mut RgbImage, palette: &[[u8; 3]; 5], rng: &mut StdRng) {
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    let (sky_top, sky_low) = (palette[rng.gen_range(1..5)], palette[0]);
    for (_, y, p) in canvas.enumerate_pixels_mut() {
        let t = y as f32 / h;
        let colour = [0, 1, 2].map(|i| (f32::from(sky_top[i]) * (1.0 - t) + f32::from(sky_low[i]) * t) as u8);
        *p = Rgb(colour);
    }
    let (sx, sy, sr) = (rng.gen_range(w * 0.15..w * 0.85), rng.gen_range(h * 0.12..h * 0.4), w * 0.07);
    let sun = palette[rng.gen_range(1..5)];
    fill(canvas, |x, y| ((x - sx).powi(2) + (y - sy).powi(2)).sqrt() < sr, sun, 0.8);
    let layers = rng.gen_range(3..6);
    for layer in 0..layers {
        let colour = palette[rng.gen_range(1..5)];
        let base = h * (0.45 + 0.5 * layer as f32 / layers as f32);
        let (f1, f2) = (rng.gen_range(1.0..4.0), rng.gen_range(5.0..11.0));
        let (p1, p2) = (rng.gen_range(0.0..6.3), rng.gen_range(0.0..6.3));
        let amp = h * rng.gen_range(0.03..0.09);
        let alpha = 0.55 + 0.4 * layer as f32 / layers as f32;
        fill(
            canvas,
            |x, y| {
                let t = x / w * std::f32::consts::TAU;
                y > base + amp * (f1 * t + p1).sin() + amp * 0.35 * (f2 * t + p2).sin()
            },
            colour,
            alpha,
        );
    }
}

/// Many translucent brush strokes following gentle curves.
fn gestural(canvas: &mut RgbImage, palette: &[[u8; 3]; 5], rng: &mut StdRng) {
    let (w, h) = (canvas.width() as f32, canvas.height() as f32);
    for _ in 0..rng.gen_range(40..70) {
        let colour = jitter(palette[rng.gen_range(1..5)], rng, 18);
        let (mut x, mut y) = (rng.gen_range(0.0..w), rng.gen_range(0.0..h));
        let mut angle: f32 = rng.gen_range(0.0..std::f32::consts::TAU);
        let radius = rng.gen_range(w * 0.008..w * 0.03);
        let steps = rng.gen_range(20..70);
        let alpha = rng.gen_range(0.25..0.6);
        for _ in 0..steps {
            dab(canvas, x, y, radius, colour, alpha);
            angle += rng.gen_range(-0.25..0.25);
            x += angle.cos() * radius * 0.6;
            y += angle.sin() * radius * 0.6;
        }
    }
}

/// One round dab of paint with a soft edge.
fn dab(canvas: &mut RgbImage, cx: f32, cy: f32, r: f32, colour: [u8; 3], alpha: f32) {
    let (w, h) = (canvas.width() as i64, canvas.height() as i64);
    let (x0, x1) = (((cx - r) as i64).max(0), ((cx + r) as i64).min(w - 1));
    let (y0, y1) = (((cy - r) as i64).max(0), ((cy + r) as i64).min(h - 1));
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            if d < r {
                let soft = alpha * (1.0 - d / r).min(0.5) * 2.0;
                blend(canvas.get_pixel_mut(x as u32, y as u32), colour, soft * 0.5);
            }
        }
    }
}

fn fill(canvas: &mut RgbImage, inside: impl Fn(f32, f32) -> bool, colour: [u8; 3], alpha: f32) {
    for (x, y, p) in canvas.enumerate_pixels_mut() {
        if inside(x as f32, y as f32) {
            blend(p, colour, alpha);
        }
    }
}

/// Fine grain and a faint weave, like paint on canvas. A cheap integer hash per pixel keeps it fast.
fn canvas_texture(canvas: &mut RgbImage, rng: &mut StdRng) {
    let salt: u32 = rng.gen();
    for (x, y, p) in canvas.enumerate_pixels_mut() {
        let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ salt;
        h ^= h >> 15;
        h = h.wrapping_mul(0x2C1B_3C6D);
        h ^= h >> 12;
        let weave = if (x % 4 == 0) ^ (y % 4 == 0) { -4 } else { 0 };
        let grain = (h % 13) as i16 - 6 + weave;
        p.0 = p.0.map(|c| (i16::from(c) + grain).clamp(0, 255) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paintings_are_deterministic_and_not_flat() {
        for style in Style::ALL {
            let a = paint(style, 120, 90, 7);
            assert_eq!(a, paint(style, 120, 90, 7), "{style:?} is deterministic");
            assert_ne!(a, paint(style, 120, 90, 8), "{style:?} varies with the seed");
            // A painting has many distinct colours, unlike a placeholder box.
            let distinct: std::collections::HashSet<_> = a.pixels().map(|p| p.0).collect();
            assert!(distinct.len() > 100, "{style:?} has {} colours", distinct.len());
        }
    }

    #[test]
    fn cached_paintings_are_read_back_instead_of_painted_again() {
        let dir = tempfile::tempdir().unwrap();
        let first = painted_jpegs_in(Some(dir.path()), Style::Gestural, 160, 120, 3, &[160, 80], 80);
        assert_eq!(first, painted_jpegs_in(None, Style::Gestural, 160, 120, 3, &[160, 80], 80), "the same files either way");
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 2);
        // Mark a cached file: the next call returns it as it is, so it was read, not painted.
        let small = files.iter().find(|p| p.to_string_lossy().ends_with("-80.jpg")).unwrap();
        std::fs::write(small, b"cached").unwrap();
        let again = painted_jpegs_in(Some(dir.path()), Style::Gestural, 160, 120, 3, &[160, 80], 80);
        assert_eq!(again[1], (80, b"cached".to_vec()));
        assert_eq!(again[0], first[0]);
    }

    #[test]
    fn thumbnails_keep_the_aspect_ratio() {
        let img = paint(Style::Landscape, 1200, 900, 1);
        let t = thumbnail(&img, 400);
        assert_eq!((t.width(), t.height()), (400, 300));
        let jpeg = encode_jpeg(&t, 85);
        assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    }
}
