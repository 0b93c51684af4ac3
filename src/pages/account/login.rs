//! `/login`: e-mail + password; returns to `?next=` after success.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{error_of, Field, SubmitRow};
use crate::api::auth::LogIn;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<LogIn>::new();
    let next = move || use_query_map().get().get("next").unwrap_or_else(|| "/".into());
    let error = move || error_of(action.value().get());
    view! {
        <Title text=move || i18n.t(Key::LoginTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::LoginTitle)}</h1>
            <ActionForm action attr:class="mt-8 flex flex-col gap-4" attr:data-testid="login-form">
                <input type="hidden" name="next" value=next />
                <Field label=Signal::derive(move || i18n.t(Key::FieldEmail)) name="email" kind="email" autocomplete="username" />
                <Field label=Signal::derive(move || i18n.t(Key::FieldPassword)) name="password" kind="password" autocomplete="current-password" />
                <SubmitRow
                    error=Signal::derive(error)
                    pending=action.pending()
                    label=Signal::derive(move || i18n.t(Key::LoginSubmit))
                />
            </ActionForm>
            <a href="/signup" class="mt-6 block text-center text-sm text-stone-600 hover:text-brand">{move || i18n.t(Key::LoginNoAccount)}</a>
        </section>
    }
}
