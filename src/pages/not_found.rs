//! The 404 page (also sets the HTTP status when rendered on the server).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_i18n, Key};

#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::missing::set_not_found_status();
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t(Key::NotFoundTitle) />
        <section class="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center" data-testid="not-found">
            <p class="font-display text-7xl font-black text-brand">"404"</p>
            <h1 class="mt-4 text-2xl font-bold">{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p class="mt-3 text-stone-600">{move || i18n.t(Key::NotFoundBody)}</p>
            <a href="/" class="mt-8 rounded-full bg-brand px-6 py-3 font-semibold text-white hover:bg-brand-dark">
                {move || i18n.t(Key::BackHome)}
            </a>
        </section>
    }
}
