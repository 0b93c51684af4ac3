//! Admin actions on lots and members. Every one checks on the server that the caller is an admin and
//! takes a reason, which goes into `admin_audit` with the action.

use leptos::prelude::*;

use crate::error::AppError;

/// Cancels a live lot: holds released, no sale; its page, artist and bidders are told.
#[server(prefix = "/api", endpoint = "admin_cancel_lot")]
pub async fn cancel_lot(lot_id: u64, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::auction::admin::cancel_lot(&state, &admin, lot_id, &reason).await
        }
        .await,
    )
}

/// Voids bid number `seq` of a live lot; the lot is recomputed from the bids that remain.
#[server(prefix = "/api", endpoint = "admin_void_bid")]
pub async fn void_bid(lot_id: u64, seq: u32, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            crate::server::auction::admin::void_bid(&state, &admin, lot_id, seq, &reason).await
        }
        .await,
    )
}

/// Suspends a member: sessions end, log-in is refused, their leading bids are voided. Answers how many
/// live lots were recomputed.
#[server(prefix = "/api", endpoint = "admin_suspend_member")]
pub async fn suspend_member(nickname: String, reason: String) -> Result<usize, AppError> {
    crate::error::respond(
        async move {
            use crate::server::accounts::suspension;
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            let id = suspension::member_id(&state, &nickname).await?;
            suspension::suspend(&state, &admin, id, &reason).await
        }
        .await,
    )
}

/// Lifts a member's suspension.
#[server(prefix = "/api", endpoint = "admin_reinstate_member")]
pub async fn reinstate_member(nickname: String, reason: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::accounts::suspension;
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            let id = suspension::member_id(&state, &nickname).await?;
            suspension::reinstate(&state, &admin, id, &reason).await
        }
        .await,
    )
}

/// The console's pages exist only for admins: anyone else is told there is no such page.
#[cfg(feature = "ssr")]
async fn console_admin(state: &crate::server::AppState) -> Result<crate::server::auth::AuthUser, AppError> {
    match crate::server::auth::session::current_user(state).await? {
        Some(user) if user.is_admin => Ok(user),
        _ => Err(AppError::not_found(crate::i18n::Key::NotFoundTitle)),
    }
}

/// A page of the report queue (newest first; `target`: only reports about that kind, empty for all) with
/// the dashboard counts.
#[server(prefix = "/api", endpoint = "admin_reports")]
pub async fn admin_reports(
    status: crate::domain::moderation::ReportStatus,
    #[server(default)] target: String,
    page: u32,
) -> Result<crate::domain::moderation::ReportPage, AppError> {
    crate::error::respond(
        async move {
            use crate::domain::moderation::ReportTarget;
            let state = crate::server::state::app_state()?;
            console_admin(&state).await?;
            let target = match target.trim() {
                "" => None,
                t => Some(ReportTarget::from_db(t).ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrBadReportTarget))?),
            };
            crate::server::moderation::reports::queue(&state, status, target, page).await
        }
        .await,
    )
}

/// Decides a report: `act` hides the reported listing (a live lot is cancelled), review or comment, or
/// suspends the reported member; otherwise the report is dismissed. Every open report on that target closes.
#[server(prefix = "/api", endpoint = "admin_decide_report")]
pub async fn admin_decide_report(report_id: u64, act: bool, note: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            use crate::server::moderation::reports::{decide, Decision};
            let state = crate::server::state::app_state()?;
            let admin = crate::server::auth::session::require_admin(&state).await?;
            decide(&state, &admin, report_id, if act { Decision::Act } else { Decision::Dismiss }, &note).await
        }
        .await,
    )
}

/// A page of the audit trail, filtered by admin nickname, action, target type and first day (`2026-12-01`,
/// KST; each optional).
#[server(prefix = "/api", endpoint = "admin_audit")]
pub async fn admin_audit(
    admin: String,
    action: String,
    target_type: String,
    #[server(default)] since: String,
    page: u32,
) -> Result<crate::domain::moderation::AuditPage, AppError> {
    crate::error::respond(
        async move {
            use crate::server::moderation::console::{audit_page, AuditFilter};
            let state = crate::server::state::app_state()?;
            console_admin(&state).await?;
            let filter = AuditFilter {
                admin: admin.trim().into(),
                action: action.trim().into(),
                target_type: target_type.trim().into(),
                since: match since.trim() {
                    "" => None,
                    day => Some(
                        crate::domain::time::kst_day_start(day).ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrDateFormat))?,
                    ),
                },
            };
            audit_page(&state, &filter, page).await
        }
        .await,
    )
}

/// Members found by nickname or e-mail prefix, or phone number.
#[server(prefix = "/api", endpoint = "admin_members")]
pub async fn admin_members(q: String) -> Result<Vec<crate::domain::moderation::MemberSummary>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            console_admin(&state).await?;
            crate::server::moderation::console::find_members(&state, &q).await
        }
        .await,
    )
}

/// A page of the open disputes, oldest first, for the admin queue (one row more than `DISPUTE_PAGE_SIZE` when there is a next page).
#[server(prefix = "/api", endpoint = "admin_disputes")]
pub async fn admin_disputes(#[server(default)] page: u32) -> Result<Vec<crate::domain::moderation::DisputeRow>, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            console_admin(&state).await?;
            crate::server::moderation::console::disputes(&state, page).await
        }
        .await,
    )
}

/// Everything an admin sees about one member: works, bids, orders, reports and the audit trail.
#[server(prefix = "/api", endpoint = "admin_member")]
pub async fn admin_member(id: u64) -> Result<crate::domain::moderation::MemberDetail, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            console_admin(&state).await?;
            crate::server::moderation::console::member_detail(&state, id).await
        }
        .await,
    )
}
