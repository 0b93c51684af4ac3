//! Reviews (후기): the form and its rules, comments, and the view models of the feed, the review page and
//! the writer's "my purchases" list. Shared by the server (which validates again) and the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::listing::parse_upload_ids;
use super::{ArtworkCard, ArtworkImage, Won};

pub const TITLE_MAX: usize = 60;
pub const BODY_MIN: usize = 10;
pub const BODY_MAX: usize = 5000;
/// Photos per review (PRODUCT.md: "up to 3 images").
pub const MAX_IMAGES: usize = 3;
pub const COMMENT_MAX: usize = 1000;
/// Reviews per feed page.
pub const FEED_PAGE_SIZE: u32 = 12;
/// Comments per page of a review's thread (oldest first).
pub const COMMENT_PAGE_SIZE: u32 = 20;

/// The review form as posted (the order is a separate argument when writing, the review id when editing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub title: String,
    /// Markdown, sanitised when rendered.
    pub body: String,
    /// Upload ids of the photos in display order, comma-separated (0–3).
    pub images: String,
}

/// A review that passed every rule of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDraft {
    pub title: String,
    pub body: String,
    pub image_ids: Vec<String>,
}

impl ReviewForm {
    pub fn validate(&self) -> Result<ReviewDraft, String> {
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > TITLE_MAX {
            return Err(crate::i18n::Msg::TitleLength { max: TITLE_MAX }.into());
        }
        let body = self.body.trim().to_string();
        let n = body.chars().count();
        if !(BODY_MIN..=BODY_MAX).contains(&n) {
            return Err(crate::i18n::Msg::ReviewBodyLength { min: BODY_MIN, max: BODY_MAX }.into());
        }
        let image_ids = parse_upload_ids(&self.images)?;
        if image_ids.len() > MAX_IMAGES {
            return Err(crate::i18n::Msg::TooManyPhotos { max: MAX_IMAGES }.into());
        }
        Ok(ReviewDraft { title, body, image_ids })
    }
}

/// A comment's text: trimmed, 1–1000 characters. Comments are plain text (never rendered as HTML).
pub fn parse_comment(raw: &str) -> Result<String, String> {
    let body = raw.trim();
    if body.is_empty() {
        return Err(crate::i18n::Key::ErrCommentRequired.into());
    }
    if body.chars().count() > COMMENT_MAX {
        return Err(crate::i18n::Msg::CommentLength { max: COMMENT_MAX }.into());
    }
    Ok(body.to_string())
}

/// The order of the review feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewSort {
    #[default]
    Newest,
    MostLiked,
}

impl ReviewSort {
    pub const ALL: [ReviewSort; 2] = [ReviewSort::Newest, ReviewSort::MostLiked];

    pub fn key(self) -> &'static str {
        match self {
            ReviewSort::Newest => "new",
            ReviewSort::MostLiked => "likes",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A review as a card in the feed, on an artwork page or an artist page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewCard {
    pub id: u64,
    pub title: String,
    /// The first words of the text, without markup.
    pub excerpt: String,
    /// The review's first photo, else the work's cover.
    pub cover_url: Option<String>,
    pub photo_count: u32,
    pub artwork_id: u64,
    pub artwork_title: String,
    pub artist_nickname: String,
    pub author_nickname: String,
    pub like_count: u32,
    pub comment_count: u32,
    pub created_at: DateTime<Utc>,
}

/// One page of the review feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewFeed {
    pub items: Vec<ReviewCard>,
    pub sort: ReviewSort,
    pub page: u32,
    pub total: u32,
    pub has_more: bool,
}

/// How a comment shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentState {
    Visible,
    Deleted,
    Hidden,
}

/// One comment of a thread. A deleted or hidden comment keeps its place but carries no text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewComment {
    pub id: u64,
    pub author_nickname: String,
    pub body: Option<String>,
    pub state: CommentState,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    /// The caller wrote it (edit and delete are offered; the server checks again).
    pub is_mine: bool,
}

impl ReviewComment {
    /// The text to show: the comment, or the catalogue's words for what stands in for it.
    pub fn shown_text(&self, locale: crate::i18n::Locale) -> &str {
        match self.state {
            CommentState::Visible => self.body.as_deref().unwrap_or_default(),
            CommentState::Deleted => locale.t(crate::i18n::Key::CommentDeleted),
            CommentState::Hidden => locale.t(crate::i18n::Key::CommentHidden),
        }
    }
}

/// A page of a review's comments, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentPage {
    pub items: Vec<ReviewComment>,
    pub page: u32,
    pub pages: u32,
    /// Comments that show text (deleted and hidden ones left out).
    pub visible_count: u32,
}

/// Everything the review page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewDetail {
    pub id: u64,
    pub title: String,
    /// The markdown as written (for the editor).
    pub body: String,
    /// The text rendered from markdown and sanitised on the server.
    pub body_html: String,
    pub images: Vec<ArtworkImage>,
    /// The reviewed work (absent if it is no longer public).
    pub artwork: Option<ArtworkCard>,
    pub artwork_id: u64,
    pub artist_nickname: String,
    pub author_nickname: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub like_count: u32,
    pub liked_by_me: bool,
    pub comments: CommentPage,
    pub server_now: DateTime<Utc>,
    pub signed_in: bool,
    pub is_mine: bool,
    pub viewer_is_admin: bool,
    /// Hidden by an admin (only its author and admins can still open it), with the reason.
    pub hidden_reason: Option<String>,
}

/// A purchase the caller may review: received or settled, not reviewed yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewableOrder {
    pub order_id: u64,
    pub artwork_id: u64,
    pub title: String,
    pub artist_nickname: String,
    pub cover_url: Option<String>,
    pub amount: Won,
    pub received_at: Option<DateTime<Utc>>,
}

/// The writer's side: purchases waiting for a review, and the reviews already written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyReviews {
    pub reviewable: Vec<ReviewableOrder>,
    pub written: Vec<ReviewCard>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    fn form() -> ReviewForm {
        ReviewForm {
            title: "포장이 꼼꼼했어요".into(), body: "사진보다 실물이 훨씬 좋아요. 색감이 따뜻합니다.".into(), images: ID.into()
        }
    }

    #[test]
    fn a_good_form_passes_trimmed() {
        let d = ReviewForm { title: "  좋아요  ".into(), images: format!("{ID}, {}", ID.replace('0', "f")), ..form() }.validate().unwrap();
        assert_eq!(d.title, "좋아요");
        assert_eq!(d.image_ids.len(), 2);
        assert!(ReviewForm { images: String::new(), ..form() }.validate().unwrap().image_ids.is_empty(), "photos are optional");
    }

    #[test]
    fn every_rule_names_the_problem() {
        let four = [ID, &ID.replace('0', "a"), &ID.replace('0', "b"), &ID.replace('0', "c")].join(",");
        for (f, needle) in [
            (ReviewForm { title: " ".into(), ..form() }, "제목"),
            (ReviewForm { title: "가".repeat(TITLE_MAX + 1), ..form() }, "제목"),
            (ReviewForm { body: "짧아요".into(), ..form() }, "10~5000자"),
            (ReviewForm { body: "가".repeat(BODY_MAX + 1), ..form() }, "10~5000자"),
            (ReviewForm { images: four, ..form() }, "3장"),
            (ReviewForm { images: "../../etc/passwd".into(), ..form() }, "사진"),
            (ReviewForm { images: format!("{ID},{ID}"), ..form() }, "사진"),
        ] {
            let e = f.validate().unwrap_err();
            assert!(e.contains(needle), "{f:?} → {e}");
        }
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(parse_comment("  멋져요!  ").unwrap(), "멋져요!");
        assert!(parse_comment(" \n ").unwrap_err().contains("입력"));
        assert!(parse_comment(&"가".repeat(COMMENT_MAX + 1)).unwrap_err().contains("1000자"));
        assert!(parse_comment(&"가".repeat(COMMENT_MAX)).is_ok());
    }

    #[test]
    fn removed_comments_show_a_placeholder_not_their_text() {
        let c = ReviewComment {
            id: 1,
            author_nickname: "a".into(),
            body: None,
            state: CommentState::Deleted,
            created_at: Utc::now(),
            edited: false,
            is_mine: false,
        };
        use crate::i18n::{Key, Locale};
        assert_eq!(c.shown_text(Locale::Ko), Locale::Ko.t(Key::CommentDeleted));
        assert_eq!(c.shown_text(Locale::En), "This comment was deleted");
        assert_eq!(ReviewComment { state: CommentState::Hidden, ..c.clone() }.shown_text(Locale::Ko), "관리자가 숨긴 댓글입니다");
    }

    #[test]
    fn sort_keys_round_trip() {
        for s in ReviewSort::ALL {
            assert_eq!(ReviewSort::from_key(s.key()), Some(s));
        }
        assert_eq!(ReviewSort::from_key("x"), None);
    }
}
