//! What admin actions share: the admin check with a stated reason, and the `admin_audit` row written in
//! the action's own transaction; members' reports and the admin queue (`reports`); the console's read
//! side — dashboard counts, the audit trail, member search (`console`).

pub mod console;
pub mod reports;
#[cfg(test)]
mod tests;

use crate::error::AppError;
use crate::server::auth::AuthUser;
use crate::server::wallet::ledger::Tx;

/// The reason an admin gives for hiding something: 1–500 characters, trimmed.
pub fn hide_reason(admin: &AuthUser, reason: &str) -> Result<String, AppError> {
    if !admin.is_admin {
        return Err(AppError::forbidden(crate::i18n::Key::ErrAdminsOnly));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::bad_request(crate::i18n::Key::ErrHideReason));
    }
    Ok(reason.to_string())
}

/// The reason an admin gives for any other action: 1–500 characters, trimmed.
pub fn admin_reason(admin: &AuthUser, reason: &str) -> Result<String, AppError> {
    if !admin.is_admin {
        return Err(AppError::forbidden(crate::i18n::Key::ErrAdminsOnly));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::bad_request(crate::i18n::Key::ErrAdminReason));
    }
    Ok(reason.to_string())
}

/// Records who did what to which target, and why.
pub async fn audit(tx: &mut Tx<'_>, admin_id: u64, action: &str, target_type: &str, target_id: u64, reason: &str) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO admin_audit (admin_id, action, target_type, target_id, reason) VALUES (?, ?, ?, ?, ?)",
        admin_id,
        action,
        target_type,
        target_id,
        reason
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
