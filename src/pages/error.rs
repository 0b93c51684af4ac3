//! What the error boundary shows: a Korean explanation, never the raw error.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ErrorPage(
    /// The errors caught by the boundary.
    errors: ArcRwSignal<Errors>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Only an `AppError` carries a message meant for users; anything else gets the generic text.
    let messages =
        move || errors.get().into_iter().filter_map(|(_, e)| e.downcast_ref::<AppError>().map(|e| e.message.clone())).collect::<Vec<_>>();
    view! {
        <section class="mx-auto max-w-xl px-4 py-24 text-center" role="alert" data-testid="error-page">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::ErrorTitle)}</h1>
            <ul class="mt-3 text-stone-600">
                {move || {
                    let list = messages();
                    if list.is_empty() {
                        view! { <li>{i18n.t(Key::ErrorBody)}</li> }.into_any()
                    } else {
                        list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view().into_any()
                    }
                }}
            </ul>
            <a href="/" class="mt-8 inline-block rounded-full bg-brand px-6 py-3 font-semibold text-white">
                {move || i18n.t(Key::BackHome)}
            </a>
        </section>
    }
}
