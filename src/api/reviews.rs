//! Reviews (후기): the feed, the review page and its comments, writing (buyers of received works only),
//! editing and deleting (authors only), likes, comments, and admin hiding.

use leptos::prelude::*;

use crate::domain::review::{CommentPage, MyReviews, ReviewDetail, ReviewFeed, ReviewForm};
use crate::domain::LikeState;
use crate::error::AppError;

/// One page of the review feed (`sort`: `new` or `likes`).
#[server(prefix = "/api", endpoint = "reviews")]
pub async fn get_reviews(sort: String, page: u32) -> Result<ReviewFeed, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let sort = crate::domain::review::ReviewSort::from_key(&sort).unwrap_or_default();
            Ok(crate::server::reviews::queries::feed(&state.db, sort, page).await?)
        }
        .await,
    )
}

/// The review page's data, with page `comment_page` of the comments (0: the last page).
#[server(prefix = "/api", endpoint = "review")]
pub async fn get_review(id: u64, comment_page: u32) -> Result<ReviewDetail, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            crate::server::reviews::queries::detail(&state.db, id, viewer.as_ref(), comment_page).await
        }
        .await,
    )
}

/// The caller's purchases waiting for a review and the reviews they wrote.
#[server(prefix = "/api", endpoint = "my_reviews")]
pub async fn get_my_reviews() -> Result<MyReviews, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::reviews::queries::my_reviews(&state.db, user.id).await
        }
        .await,
    )
}

/// Writes the review of a received purchase and opens it.
#[server(prefix = "/api", endpoint = "create_review")]
pub async fn create_review(order_id: u64, form: ReviewForm) -> Result<u64, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_verified(&state).await?;
            let draft = form.validate().map_err(AppError::bad_request)?;
            let id = crate::server::reviews::create(&state, &user, order_id, &draft).await?;
            leptos_axum::redirect(&format!("/reviews/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// The author edits their review.
#[server(prefix = "/api", endpoint = "update_review")]
pub async fn update_review(id: u64, form: ReviewForm) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            let draft = form.validate().map_err(AppError::bad_request)?;
            crate::server::reviews::update(&state, &user, id, &draft).await?;
            leptos_axum::redirect(&format!("/reviews/{id}"));
            Ok(())
        }
        .await,
    )
}

/// The author deletes their review (with its photos, likes and comments).
#[server(prefix = "/api", endpoint = "delete_review")]
pub async fn delete_review(id: u64) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::reviews::delete(&state, &user, id).await?;
            leptos_axum::redirect("/reviews/new");
            Ok(())
        }
        .await,
    )
}

/// Likes or unlikes a review for the caller.
#[server(prefix = "/api", endpoint = "toggle_review_like")]
pub async fn toggle_review_like(review_id: u64) -> Result<LikeState, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::limits::take(&state, crate::server::limits::LIKES, crate::server::limits::Subject::Member(user.id)).await?;
            crate::server::reviews::toggle_like(&state, &user, review_id).await
        }
        .await,
    )
}

/// A page of a review's comments (oldest first; 0: the last page).
#[server(prefix = "/api", endpoint = "review_comments")]
pub async fn get_review_comments(review_id: u64, page: u32) -> Result<CommentPage, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            crate::server::reviews::queries::visible_comments(&state.db, review_id, viewer.as_ref(), page).await
        }
        .await,
    )
}

/// Comments on a review and shows the comment on the thread's last page.
#[server(prefix = "/api", endpoint = "add_review_comment")]
pub async fn add_review_comment(review_id: u64, body: String) -> Result<u64, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_verified(&state).await?;
            let body = crate::domain::review::parse_comment(&body).map_err(AppError::bad_request)?;
            crate::server::limits::take(&state, crate::server::limits::COMMENTS, crate::server::limits::Subject::Member(user.id)).await?;
            let id = crate::server::reviews::add_comment(&state, &user, review_id, &body).await?;
            leptos_axum::redirect(&format!("/reviews/{review_id}?cpage=last#comment-{id}"));
            Ok(id)
        }
        .await,
    )
}

/// The author edits their comment.
#[server(prefix = "/api", endpoint = "edit_review_comment")]
pub async fn edit_review_comment(comment_id: u64, body: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_verified(&state).await?;
            let body = crate::domain::review::parse_comment(&body).map_err(AppError::bad_request)?;
            crate::server::limits::take(&state, crate::server::limits::COMMENTS, crate::server::limits::Subject::Member(user.id)).await?;
            crate::server::reviews::edit_comment(&state, &user, comment_id, &body).await
        }
        .await,
    )
}

/// The author deletes their comment ("삭제된 댓글입니다" keeps its place).
#[server(prefix = "/api", endpoint = "delete_review_comment")]
pub async fn delete_review_comment(comment_id: u64) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::reviews::delete_comment(&state, &user, comment_id).await
        }
        .await,
    )
}

/// Hides a review with a reason (admins; audited).
#[server(prefix = "/api", endpoint = "hide_review")]
pub async fn hide_review(id: u64, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::reviews::hide(&state, &admin, id, &reason).await
        }
        .await,
    )
}

/// Hides a comment with a reason (admins; audited).
#[server(prefix = "/api", endpoint = "hide_review_comment")]
pub async fn hide_review_comment(comment_id: u64, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::reviews::hide_comment(&state, &admin, comment_id, &reason).await
        }
        .await,
    )
}

/// Reports a listing, a review, a comment or a member (신고); an admin will decide. One open report per
/// member and target; at most 10 an hour.
#[server(prefix = "/api", endpoint = "report")]
pub async fn report(
    target: crate::domain::moderation::ReportTarget,
    id: u64,
    reason: crate::domain::moderation::ReportReason,
    detail: String,
) -> Result<u64, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::moderation::reports::report(&state, &user, target, id, reason, &detail).await
        }
        .await,
    )
}
