//! Reports (신고): any member reports a listing, a review, a comment or a member with a reason from the
//! short list and a text; one open report per member and target (a unique key while open), limited per
//! member. Admins work the queue: act on the target (hide the listing — which cancels a live lot —, the
//! review or the comment; suspend the member), or dismiss. Deciding closes every open report on that
//! target, and the action itself is audited by the path that performs it.

use chrono::Utc;

use crate::domain::moderation::{ReportPage, ReportReason, ReportRow, ReportStatus, ReportTarget, REPORT_DETAIL_MAX};
use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::db::errors::violated_unique_key;
use crate::server::{limits, AppState};

/// How many reports a queue page shows.
pub const QUEUE_PAGE: u32 = 30;

fn already_reported() -> AppError {
    AppError::conflict(crate::i18n::Key::ErrAlreadyReported)
}

fn target_missing() -> AppError {
    AppError::not_found(crate::i18n::Key::ErrReportTargetNotFound)
}

/// Who owns a target (to refuse reporting oneself) and where it can be seen; `None` when it does not
/// exist or is already hidden or deleted.
async fn locate(state: &AppState, target: ReportTarget, id: u64) -> Result<Option<(u64, String)>, AppError> {
    Ok(match target {
        ReportTarget::Artwork => sqlx::query_scalar!("SELECT artist_id FROM artworks WHERE id = ? AND hidden_at IS NULL", id)
            .fetch_optional(&state.db)
            .await?
            .map(|owner| (owner, format!("/artworks/{id}"))),
        ReportTarget::Review => sqlx::query_scalar!("SELECT author_id FROM reviews WHERE id = ? AND hidden_at IS NULL", id)
            .fetch_optional(&state.db)
            .await?
            .map(|owner| (owner, format!("/reviews/{id}"))),
        ReportTarget::Comment => {
            sqlx::query!("SELECT author_id, review_id FROM review_comments WHERE id = ? AND hidden_at IS NULL AND deleted_at IS NULL", id)
                .fetch_optional(&state.db)
                .await?
                .map(|c| (c.author_id, format!("/reviews/{}", c.review_id)))
        }
        ReportTarget::Member => sqlx::query_scalar!("SELECT nickname FROM users WHERE id = ?", id)
            .fetch_optional(&state.db)
            .await?
            .map(|nickname| (id, format!("/admin/members?q={}", crate::domain::artwork::encode_query_value(&nickname)))),
    })
}

/// A member reports `target` `id`. Returns the report's id.
pub async fn report(
    state: &AppState,
    member: &AuthUser,
    target: ReportTarget,
    id: u64,
    reason: ReportReason,
    detail: &str,
) -> Result<u64, AppError> {
    let detail = detail.trim();
    if detail.chars().count() > REPORT_DETAIL_MAX {
        return Err(AppError::bad_request(crate::i18n::Msg::ReportDetailLength { max: REPORT_DETAIL_MAX }));
    }
    if reason == ReportReason::Other && detail.is_empty() {
        return Err(AppError::bad_request(crate::i18n::Key::ErrReportOtherNeedsDetail));
    }
    let (owner, _) = locate(state, target, id).await?.ok_or_else(target_missing)?;
    if owner == member.id {
        return Err(AppError::bad_request(crate::i18n::Key::ErrReportSelf));
    }
    let open_key = format!("{}:{}:{id}", member.id, target.as_db());
    // A repeat is answered before it counts against the limit; the unique key stays the guarantee.
    if sqlx::query_scalar!("SELECT id FROM reports WHERE open_key = ?", open_key).fetch_optional(&state.db).await?.is_some() {
        return Err(already_reported());
    }
    limits::take(state, limits::REPORTS, limits::Subject::Member(member.id)).await?;
    let inserted = sqlx::query!(
        "INSERT INTO reports (reporter_id, target_type, target_id, reason, detail, open_key) VALUES (?, ?, ?, ?, ?, ?)",
        member.id,
        target,
        id,
        reason,
        detail,
        open_key
    )
    .execute(&state.db)
    .await;
    match inserted {
        Ok(done) => Ok(done.last_insert_id()),
        Err(e) if violated_unique_key(&e).as_deref() == Some("uq_reports_open") => Err(already_reported()),
        Err(e) => Err(e.into()),
    }
}

/// How an admin decides a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Hide the listing (a live lot is cancelled), the review or the comment; suspend the member.
    Act,
    /// Nothing wrong: the report is closed.
    Dismiss,
}

/// An admin decides report `report_id` with a note (the reason given to the action and the audit).
pub async fn decide(state: &AppState, admin: &AuthUser, report_id: u64, decision: Decision, note: &str) -> Result<(), AppError> {
    let note = super::admin_reason(admin, note)?;
    let r = sqlx::query!(
        r#"SELECT target_type AS "target: ReportTarget", target_id, status AS "status: ReportStatus" FROM reports WHERE id = ?"#,
        report_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrReportNotFound))?;
    if r.status != ReportStatus::Open {
        return Err(AppError::conflict(crate::i18n::Key::ErrReportHandled));
    }
    let status = match decision {
        Decision::Dismiss => ReportStatus::Dismissed,
        Decision::Act => {
            match r.target {
                ReportTarget::Artwork => crate::server::artworks::listings::hide(state, admin, r.target_id, &note).await?,
                ReportTarget::Review => crate::server::reviews::hide(state, admin, r.target_id, &note).await?,
                ReportTarget::Comment => crate::server::reviews::hide_comment(state, admin, r.target_id, &note).await?,
                ReportTarget::Member => {
                    crate::server::accounts::suspension::suspend(state, admin, r.target_id, &note).await?;
                }
            }
            ReportStatus::Actioned
        }
    };
    // Every open report on the same target is decided with it.
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "UPDATE reports SET status = ?, open_key = NULL, decided_by = ?, decided_at = ?, decision_note = ?
         WHERE target_type = ? AND target_id = ? AND status = ?",
        status,
        admin.id,
        Utc::now(),
        note,
        r.target,
        r.target_id,
        ReportStatus::Open
    )
    .execute(&mut *tx)
    .await?;
    if decision == Decision::Dismiss {
        super::audit(&mut tx, admin.id, "dismiss_report", "report", report_id, &note).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A page of reports with `status` (about `target` kinds only, when given), newest first, and the
/// dashboard counts.
pub async fn queue(state: &AppState, status: ReportStatus, target: Option<ReportTarget>, page: u32) -> Result<ReportPage, AppError> {
    let page = page.max(1);
    let offset = u64::from(page - 1) * u64::from(QUEUE_PAGE);
    let rows = sqlx::query!(
        r#"SELECT r.id, r.target_type AS "target: ReportTarget", r.target_id, r.reason AS "reason: ReportReason", r.detail,
                  u.nickname AS reporter, r.status AS "status: ReportStatus", r.created_at AS "created_at: chrono::DateTime<Utc>",
                  (SELECT COUNT(*) FROM reports o WHERE o.target_type = r.target_type AND o.target_id = r.target_id
                     AND o.status = 'open') AS "open_on_target!: i64"
           FROM reports r JOIN users u ON u.id = r.reporter_id
           WHERE r.status = ? AND (? IS NULL OR r.target_type = ?) ORDER BY r.id DESC LIMIT ? OFFSET ?"#,
        status,
        target,
        target,
        QUEUE_PAGE + 1,
        offset
    )
    .fetch_all(&state.db)
    .await?;
    let has_more = rows.len() > QUEUE_PAGE as usize;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows.into_iter().take(QUEUE_PAGE as usize) {
        let target_link = match locate(state, r.target, r.target_id).await? {
            Some((_, link)) => link,
            None => String::new(), // hidden or deleted since
        };
        items.push(ReportRow {
            id: r.id,
            target: r.target,
            target_id: r.target_id,
            target_link,
            reason: r.reason,
            detail: r.detail,
            reporter: r.reporter,
            status: r.status,
            created_at: r.created_at,
            open_on_target: u32::try_from(r.open_on_target).unwrap_or(u32::MAX),
        });
    }
    Ok(ReportPage { counts: super::console::counts(state).await?, items, status, target, page, has_more })
}
