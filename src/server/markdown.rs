//! User markdown (bios, descriptions, reviews) to HTML that is safe to inline: rendered with
//! pulldown-cmark, then cleaned by ammonia's allow-list, so `<script>`, event handlers and
//! `javascript:` links never survive. Links open with `rel="noopener noreferrer nofollow"`. Images show
//! only from this site's `/media/` — an image from anywhere else would tell another server who reads
//! the page, and when.

use pulldown_cmark::{html, Options, Parser};

/// Renders and sanitises `source`.
pub fn to_safe_html(source: &str) -> String {
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES));
    let clean = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !is_own_media(value) => None,
            _ => Some(value.into()),
        })
        .clean(&raw)
        .to_string();
    with_alt_text(&clean)
}

/// Every image gets an `alt`: one written in markdown (`![a red door](…)`) is kept, raw HTML without one
/// (or whose `src` was dropped) is marked decorative (`alt=""`) so screen readers skip it instead of
/// reading its address. `html` is ammonia's output: tags serialised with double-quoted attributes.
fn with_alt_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        let (before, tag_and_after) = rest.split_at(at);
        out.push_str(before);
        let end = tag_and_after.find('>').map_or(tag_and_after.len(), |e| e + 1);
        let tag = &tag_and_after[..end];
        if tag.contains(" alt=\"") {
            out.push_str(tag);
        } else {
            out.push_str("<img alt=\"\"");
            out.push_str(&tag[4..]);
        }
        rest = &tag_and_after[end..];
    }
    out.push_str(rest);
    out
}

/// A path under this site's `/media/` (not `//host`, not another scheme, no way back up).
fn is_own_media(url: &str) -> bool {
    url.starts_with("/media/") && !url.contains("..") && !url.contains('\\') && !url.chars().any(char::is_control)
}

/// The words of `source` without markup (search snippets); HTML in it is dropped, never interpreted.
pub fn to_plain_text(source: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Inline markup ends inside a word or before punctuation ("**깊어요**." → "깊어요.").
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{to_plain_text, to_safe_html};

    #[test]
    fn plain_text_drops_markup_and_html() {
        assert_eq!(to_plain_text("# 제목\n\n**푸른** 바다 [링크](https://a.kr)"), "제목 푸른 바다 링크");
        assert_eq!(to_plain_text("색이 **깊어요**. *정말*요"), "색이 깊어요. 정말요");
        assert!(!to_plain_text("바다 <script>x()</script> <b>굵게</b>").contains('<'));
    }

    #[test]
    fn markdown_renders() {
        let html = to_safe_html("**굵게** 그리고 [링크](https://artipul.kr)");
        assert!(html.contains("<strong>굵게</strong>"), "{html}");
        assert!(html.contains(r#"href="https://artipul.kr""#), "{html}");
        assert!(html.contains("nofollow"), "{html}");
    }

    #[test]
    fn images_show_only_from_our_own_media() {
        let html = to_safe_html(
            "![밖](https://evil.example/t.png) ![안](/media/artworks/a/400.jpg) ![뒤](//evil.example/x.png) ![위](/media/../x)",
        );
        assert!(!html.contains("evil.example") && !html.contains(".."), "{html}");
        assert!(html.contains(r#"src="/media/artworks/a/400.jpg""#), "{html}");
        assert_eq!(html.matches("src=").count(), 1, "{html}");
    }

    #[test]
    fn every_image_has_alt_text() {
        let html = to_safe_html("![붉은 문](/media/a.jpg) <img src=\"/media/b.jpg\"> <img src=x onerror=alert(1)>");
        assert!(html.contains(r#"alt="붉은 문""#), "{html}");
        assert_eq!(html.matches("<img").count(), 3, "{html}");
        assert_eq!(html.matches("alt=").count(), 3, "{html}");
        assert_eq!(html.matches(r#"<img alt="""#).count(), 2, "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_inert() {
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[클릭](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ] {
            let html = to_safe_html(evil);
            let lower = html.to_lowercase();
            for bad in ["<script", "onerror", "javascript:", "<iframe", "style="] {
                assert!(!lower.contains(bad), "{evil} → {html}");
            }
        }
    }
}
