//! The wallet: balances and ledger, charging through the payment gateway, refunds of unused charges.

use leptos::prelude::*;

use crate::domain::{WalletPage, Won};
use crate::error::AppError;

/// The caller's wallet page (balances, a page of the ledger, recent charges).
#[server(prefix = "/api", endpoint = "wallet")]
pub async fn get_wallet(page: u32) -> Result<WalletPage, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::wallet::page(&state, user.id, page).await
        }
        .await,
    )
}

/// Starts a charge of `amount` won (1,000 – 2,000,000, in thousands) and goes to the gateway's checkout.
#[server(prefix = "/api", endpoint = "prepare_charge")]
pub async fn prepare_charge(amount: String) -> Result<String, AppError> {
    crate::error::respond(
        async move {
            use crate::server::wallet::charges;
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_verified(&state).await?;
            let amount = crate::domain::listing::parse_won(&amount, crate::i18n::Key::ChargeAmountLabel)
                .map_err(AppError::bad_request)?
                .ok_or_else(|| AppError::bad_request(crate::i18n::Key::ErrChargeAmountRequired))?;
            let merchant_uid = charges::prepare(&state, user.id, amount.amount()).await?;
            let url = crate::server::wallet::checkout_url(&state, &merchant_uid, amount.amount());
            // The checkout is outside the app's router: a plain form post (before hydration) gets a real
            // redirect; after hydration the page itself navigates to the returned URL with a full page load.
            let plain_form = leptos::prelude::use_context::<axum::http::request::Parts>()
                .and_then(|p| p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
                .unwrap_or(false);
            if plain_form {
                leptos_axum::redirect(&url);
            }
            Ok(url)
        }
        .await,
    )
}

/// Confirms a charge after checkout (the gateway is asked; the caller's own charge is credited once).
#[server(prefix = "/api", endpoint = "confirm_charge")]
pub async fn confirm_charge(imp_uid: String, merchant_uid: String) -> Result<Won, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::wallet::charges::confirm(&state, user.id, imp_uid.trim(), merchant_uid.trim()).await
        }
        .await,
    )
}

/// "결제 확인": asks the gateway whether one of the caller's pending charges was paid (the checkout tab was
/// closed before coming back) and credits it once if so.
#[server(prefix = "/api", endpoint = "check_charge")]
pub async fn check_charge(merchant_uid: String) -> Result<Won, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::wallet::charges::check(&state, user.id, merchant_uid.trim()).await
        }
        .await,
    )
}

/// Refunds one of the caller's charges through the gateway, if its points are still unused.
#[server(prefix = "/api", endpoint = "refund_charge")]
pub async fn refund_charge(merchant_uid: String) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_verified(&state).await?;
            crate::server::wallet::charges::request_refund(&state, user.id, merchant_uid.trim()).await
        }
        .await,
    )
}
