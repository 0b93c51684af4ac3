//! Certificates of authenticity: the public page's read, and the buyer's choice to show the price.

use leptos::prelude::*;

use crate::domain::certificate::CertificateView;
use crate::error::AppError;

/// A certificate by serial, its signature checked. Public (the price only if the buyer allows it).
#[server(prefix = "/api", endpoint = "get_certificate")]
pub async fn get_certificate(serial: String) -> Result<CertificateView, AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            crate::server::limits::take_for_client(&state, crate::server::limits::VERIFICATIONS).await?;
            let viewer = crate::server::auth::session::current_user(&state).await?;
            crate::server::certificates::view(&state, serial.trim(), viewer.as_ref()).await
        }
        .await,
    )
}

/// The buyer shows (`show = true`) or hides the price on their certificate's public page and PDF.
#[server(prefix = "/api", endpoint = "set_certificate_price")]
pub async fn set_certificate_price(serial: String, show: bool) -> Result<(), AppError> {
    crate::error::respond(
        async move {
            let state = crate::server::state::app_state()?;
            let user = crate::server::auth::session::require_user(&state).await?;
            crate::server::certificates::set_show_price(&state, &user, serial.trim(), show).await
        }
        .await,
    )
}
