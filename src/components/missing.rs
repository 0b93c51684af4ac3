//! What a page shows in place of a work, an artist or a review that cannot be shown: the error's own
//! message and a way on. When the error is "not found", a server-rendered page also answers 404, like
//! the site's 404 page (`set_not_found_status`).

use leptos::prelude::*;

use crate::error::{AppError, ErrorKind};
use crate::i18n::{use_i18n, Key};

/// Sets the HTTP status of the page being rendered on the server to 404 (nothing in the browser).
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// The error of a page's main read, with a link back to a list (`back`: where, and its label).
#[component]
pub fn Missing(error: AppError, testid: &'static str, #[prop(optional)] back: Option<(&'static str, Key)>) -> impl IntoView {
    if error.kind == ErrorKind::NotFound {
        set_not_found_status();
    }
    let i18n = use_i18n();
    view! {
        <section class="mx-auto max-w-xl px-4 py-20 text-center" data-testid=testid>
            <h1 role="alert" class="text-xl font-bold">
                {error.message}
            </h1>
            {back
                .map(|(href, label)| {
                    view! {
                        <a href=href class="mt-6 inline-block font-medium text-brand">
                            {move || i18n.t(label)}
                        </a>
                    }
                })}
        </section>
    }
}
