//! The certificate as a one-page A4 PDF: Korean text with English labels, set in Pretendard (SIL Open
//! Font License, `public/fonts/`), of which only the glyphs used are embedded (krilla subsets the font
//! and writes a ToUnicode map, so the text can be searched and copied); the QR code of the certificate's
//! page drawn as vector squares; the serial, signature and public key in full.
//!
//! `krilla::Document` is not `Send`: a PDF is made in one synchronous call (`spawn_blocking`).

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::domain::certificate::CertificateView;

const A4_W: f32 = 595.276;
const A4_H: f32 = 841.89;
const MARGIN: f32 = 56.0;

static FONT_BYTES: &[u8] = include_bytes!("../../../public/fonts/Pretendard-Regular.otf");

/// The font, parsed once (cheap to clone: shared).
fn font() -> Result<Font, String> {
    static FONT: OnceLock<Option<Font>> = OnceLock::new();
    FONT.get_or_init(|| Font::new(FONT_BYTES.into(), 0)).clone().ok_or_else(|| "certificate font does not load".to_string())
}

/// Characters the font cannot draw become `?`, so no line silently loses a glyph.
fn drawable(text: &str) -> String {
    use skrifa::MetadataProvider;
    static CMAP: OnceLock<Option<skrifa::FontRef<'static>>> = OnceLock::new();
    let Some(font) = CMAP.get_or_init(|| skrifa::FontRef::new(FONT_BYTES).ok()) else { return text.to_string() };
    let cmap = font.charmap();
    text.chars().map(|c| if c.is_whitespace() || cmap.map(c).is_some() { c } else { '?' }).collect()
}

/// Advance width of `text` at `size` (no kerning: enough for centring).
fn width(text: &str, size: f32) -> f32 {
    use skrifa::instance::{LocationRef, Size};
    use skrifa::MetadataProvider;
    let Ok(font) = skrifa::FontRef::new(FONT_BYTES) else { return 0.0 };
    let cmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars().map(|c| metrics.advance_width(cmap.map(c).unwrap_or_default()).unwrap_or(0.0)).sum()
}

struct Writer<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: Font,
}

impl Writer<'_, '_> {
    fn text(&mut self, x: f32, y: f32, size: f32, gray: u8, text: &str) {
        self.surface.set_fill(Some(Fill { paint: rgb::Color::new(gray, gray, gray).into(), ..Default::default() }));
        self.surface.draw_text(Point::from_xy(x, y), self.font.clone(), size, &drawable(text), false, TextDirection::Auto);
    }

    fn centred(&mut self, y: f32, size: f32, gray: u8, text: &str) {
        let text = drawable(text);
        self.text((A4_W - width(&text, size)) / 2.0, y, size, gray, &text);
    }

    /// Splits `text` into lines no wider than `max` (long signatures and keys).
    fn wrapped(&mut self, x: f32, mut y: f32, size: f32, max: f32, text: &str) -> f32 {
        let mut line = String::new();
        for c in text.chars() {
            line.push(c);
            if width(&line, size) > max {
                let last = line.pop().unwrap_or(' ');
                self.text(x, y, size, 90, &line);
                y += size * 1.4;
                line = last.to_string();
            }
        }
        if !line.is_empty() {
            self.text(x, y, size, 90, &line);
            y += size * 1.4;
        }
        y
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, stroke: f32) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else { return };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke { paint: rgb::Color::new(40, 40, 40).into(), width: stroke, ..Default::default() }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// The QR code of `url`, `module` points per module, top-left at (x, y). Returns its side.
    fn qr(&mut self, x: f32, y: f32, module: f32, url: &str) -> f32 {
        let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else { return 0.0 };
        let n = code.width();
        let mut pb = PathBuilder::new();
        for row in 0..n {
            for col in 0..n {
                if code[(col, row)] == qrcode::Color::Dark {
                    if let Some(r) = Rect::from_xywh(x + col as f32 * module, y + row as f32 * module, module, module) {
                        pb.push_rect(r);
                    }
                }
            }
        }
        if let Some(path) = pb.finish() {
            self.surface.set_fill(Some(Fill::default()));
            self.surface.draw_path(&path);
        }
        n as f32 * module
    }
}

/// The PDF of `c`, with the work's JPEG when there is one.
pub fn render(c: &CertificateView, jpeg: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    let font = font()?;
    let mut doc = Document::new();
    // not-ui-text-begin: the certificate is one document in both languages, each label "한국어 · English"
    doc.set_metadata(
        Metadata::new().title(format!("Artipul 진품 인증서 {}", c.serial)).creator("Artipul".to_string()).language("ko".to_string()),
    );
    let settings = PageSettings::from_wh(A4_W, A4_H).ok_or("page size")?;
    let mut page = doc.start_page_with(settings);
    let mut surface = page.surface();
    let mut w = Writer { surface: &mut surface, font };

    w.rect(36.0, 36.0, A4_W - 72.0, A4_H - 72.0, 1.2);
    w.rect(42.0, 42.0, A4_W - 84.0, A4_H - 84.0, 0.4);
    w.centred(110.0, 12.0, 110, "ARTIPUL");
    w.centred(148.0, 26.0, 20, "진품 인증서");
    w.centred(174.0, 12.0, 90, "Certificate of Authenticity");

    let mut facts: Vec<(&str, String)> = vec![
        ("작품 · Title", c.title.clone()),
        ("작가 · Artist", {
            let mut a = c.artist_nickname.clone();
            if let Some(college) = &c.artist_college {
                a.push_str(&format!(" ({college})"));
            }
            if c.artist_verified_student {
                a.push_str(" · 인증된 미대생 Verified student");
            }
            a
        }),
    ];
    if !c.medium.is_empty() {
        facts.push(("재료 · Material", c.medium.clone()));
    }
    if let Some(size) = &c.size {
        facts.push(("크기 · Size", size.clone()));
    }
    if let Some(year) = c.year {
        facts.push(("제작 연도 · Year", year.to_string()));
    }
    facts.push(("판매일 · Sold on", crate::domain::time::format_kst(c.sold_at)));
    if let Some(price) = c.price.filter(|_| c.show_price) {
        facts.push(("낙찰가 · Price", price.display()));
    }
    facts.push(("일련번호 · Serial", c.serial.clone()));
    facts.push(("발급일 · Issued", crate::domain::time::format_kst(c.issued_at)));

    let mut y = 222.0;
    // The work, at most 220 × 150 pt, centred.
    if let Some(image) = jpeg.and_then(|bytes| krilla::image::Image::from_jpeg(bytes.into(), true).ok()) {
        let (pw, ph) = image.size();
        let scale = (220.0 / pw.max(1) as f32).min(150.0 / ph.max(1) as f32);
        let (w_pt, h_pt) = (pw as f32 * scale, ph as f32 * scale);
        if let Some(size) = krilla::geom::Size::from_wh(w_pt, h_pt) {
            w.surface.push_transform(&krilla::geom::Transform::from_translate((A4_W - w_pt) / 2.0, 200.0));
            w.surface.draw_image(image, size);
            w.surface.pop();
            y = 200.0 + h_pt + 32.0;
        }
    }
    for (label, value) in &facts {
        w.text(MARGIN + 20.0, y, 10.0, 110, label);
        w.text(MARGIN + 150.0, y, 13.0, 20, value);
        y += 24.0;
    }

    y += 10.0;
    w.text(
        MARGIN + 20.0,
        y,
        10.0,
        60,
        "이 작품이 Artipul에서 위 작가로부터 정당하게 판매되었음을 증명합니다. 아래 QR 코드로 진위를 확인할 수 있습니다.",
    );
    y += 16.0;
    w.text(MARGIN + 20.0, y, 10.0, 60, "Artipul certifies that this work was sold on Artipul by the artist named above. Scan to verify.");
    y += 24.0;
    let side = w.qr(MARGIN + 20.0, y, 3.5, &c.url);
    w.text(MARGIN + 40.0 + side, y + 14.0, 9.0, 90, &c.url);
    let mut sy = y + 40.0;
    w.text(MARGIN + 40.0 + side, sy, 9.0, 110, "서명 · Signature (Ed25519)");
    sy += 14.0;
    sy = w.wrapped(MARGIN + 40.0 + side, sy, 7.5, A4_W - MARGIN * 2.0 - side - 60.0, &c.signature);
    sy += 4.0;
    w.text(MARGIN + 40.0 + side, sy, 9.0, 110, "공개 키 · Public key");
    w.wrapped(MARGIN + 40.0 + side, sy + 14.0, 7.5, A4_W - MARGIN * 2.0 - side - 60.0, &c.key);
    // not-ui-text-end

    surface.finish();
    page.finish();
    doc.finish().map_err(|e| format!("PDF: {e:?}"))
}
