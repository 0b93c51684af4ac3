//! The wallet: the double-entry ledger and holds API (`ledger`), the payment gateway (`gateway`, with the
//! development `test_gateway`), charging and refunds (`charges`), and the wallet page's queries.

pub mod charges;
pub mod gateway;
pub mod ledger;
pub mod test_gateway;

use crate::domain::ledger::{Points, TransactionKind};
use crate::domain::{ChargeRow, LedgerRow, PaymentStatus, WalletPage, Won, LEDGER_PAGE_SIZE};
use crate::error::AppError;
use crate::server::AppState;

/// The owner's wallet page: balances, one page of their wallet account's entries, recent charges.
pub async fn page(state: &AppState, user_id: u64, page: u32) -> Result<WalletPage, AppError> {
    let balance = ledger::balances(&state.db, user_id).await?;
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'wallet' AND a.user_id = ?",
        user_id
    )
    .fetch_one(&state.db)
    .await?;
    let pages = u32::try_from(total).unwrap_or(u32::MAX).div_ceil(LEDGER_PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows = sqlx::query_as!(
        LedgerRow,
        r#"SELECT e.created_at AS "at: chrono::DateTime<chrono::Utc>", t.kind AS "kind: TransactionKind", e.amount AS "amount: Points",
                  e.balance_after AS "balance_after: Points"
           FROM ledger_entries e
           JOIN ledger_accounts a ON a.id = e.account_id
           JOIN ledger_transactions t ON t.id = e.transaction_id
           WHERE a.kind = 'wallet' AND a.user_id = ?
           ORDER BY e.id DESC LIMIT ? OFFSET ?"#,
        user_id,
        LEDGER_PAGE_SIZE,
        (page - 1) * LEDGER_PAGE_SIZE
    )
    .fetch_all(&state.db)
    .await?;
    let charges = sqlx::query!(
        r#"SELECT merchant_uid, amount, status AS "status: PaymentStatus", created_at AS "created_at: chrono::DateTime<chrono::Utc>", refund_failure
           FROM payments WHERE user_id = ? ORDER BY created_at DESC LIMIT 20"#,
        user_id
    )
    .fetch_all(&state.db)
    .await?;
    Ok(WalletPage {
        balance,
        rows,
        page,
        pages,
        charges: charges
            .into_iter()
            .map(|c| ChargeRow {
                refundable: c.status == PaymentStatus::Paid && balance.available.amount() >= c.amount,
                refund_failure: c.refund_failure,
                merchant_uid: c.merchant_uid,
                amount: Won(c.amount),
                status: c.status,
                at: c.created_at,
            })
            .collect(),
    })
}

/// Where the browser goes to pay: the test gateway's checkout page, or our page that opens PortOne's
/// checkout (its JavaScript SDK) — both come back to `/me/wallet/complete` (PortOne's `m_redirect_url`).
pub fn checkout_url(state: &AppState, merchant_uid: &str, amount: u64) -> String {
    let back = "/me/wallet/complete";
    if state.test_gateway.is_some() {
        format!("/test-gateway/checkout?merchant_uid={merchant_uid}&amount={amount}&m_redirect_url={back}")
    } else {
        format!("/wallet/checkout/{merchant_uid}")
    }
}

/// `GET /wallet/checkout/{merchant_uid}`: opens PortOne's checkout for a prepared charge of the caller
/// (production). The page loads PortOne's SDK and calls `IMP.request_pay` with our merchant id and amount.
pub async fn portone_checkout(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(merchant_uid): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let row =
        sqlx::query_scalar!("SELECT amount FROM payments WHERE merchant_uid = ? AND status = ?", merchant_uid, PaymentStatus::Pending)
            .fetch_optional(&state.db)
            .await
            .ok()
            .flatten();
    let (Some(amount), Some(code)) = (row, state.config.portone.as_ref().map(|p| p.imp_code.clone())) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let back = state.config.public_base_url.join("me/wallet/complete").map(|u| u.to_string()).unwrap_or_default();
    let data = serde_json::json!({
        "pg": state.config.portone.as_ref().map(|p| p.pg.clone()).unwrap_or_default(), "pay_method": "card", "merchant_uid": merchant_uid, "amount": amount,
        "name": String::from(crate::i18n::Key::PaymentItemName), "m_redirect_url": back,
    });
    // PortOne's SDK loads further scripts and frames of the payment providers: trusted through the nonce
    // of the two scripts this page writes ('strict-dynamic'), nothing else inline.
    let nonce = leptos::nonce::Nonce::new();
    let csp = format!(
        "default-src 'self' https:; script-src 'nonce-{nonce}' 'strict-dynamic' https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    );
    let page = axum::response::Html(format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<script nonce="{nonce}" src="https://cdn.iamport.kr/v1/iamport.js"></script></head><body><p>{opening}</p>
<script nonce="{nonce}">IMP.init({code});IMP.request_pay({data},function(r){{location.href={back}+"?imp_uid="+encodeURIComponent(r.imp_uid||"")+"&merchant_uid="+encodeURIComponent(r.merchant_uid||"")+"&imp_success="+r.success;}});</script>
</body></html>"#,
        code = serde_json::Value::String(code),
        data = data,
        back = serde_json::Value::String(back.clone()),
        lang = crate::i18n::Locale::current().tag(),
        title = String::from(crate::i18n::Key::PaymentPageTitle),
        opening = String::from(crate::i18n::Key::PaymentOpening),
    ));
    let csp = axum::http::HeaderValue::from_str(&csp).unwrap_or(axum::http::HeaderValue::from_static("default-src 'none'"));
    ([(axum::http::header::CONTENT_SECURITY_POLICY, csp)], page).into_response()
}

/// The gateway's webhook body (PortOne v1 sends more fields; these two are all we read).
#[derive(serde::Deserialize)]
pub struct WebhookBody {
    imp_uid: String,
    merchant_uid: String,
}

/// `POST /wallet/webhook`: PortOne's notification that a payment changed. Nothing in it is trusted: it
/// only names a payment for `charges::webhook` to look up at the gateway and settle. Answers 200 when
/// there is nothing more to do, 5xx when the gateway could not be asked (the gateway then retries).
pub async fn portone_webhook(
    axum::extract::State(state): axum::extract::State<AppState>,
    body: Result<axum::Json<WebhookBody>, axum::extract::rejection::JsonRejection>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Ok(axum::Json(body)) = body else {
        return crate::error::AppError::bad_request(crate::i18n::Key::ErrPaymentWebhook).into_response();
    };
    match charges::webhook(&state, body.imp_uid.trim(), body.merchant_uid.trim()).await {
        Ok(()) => "ok".into_response(),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
