//! `/find-email` and `/reset-password`: each only after a code sent to the account's phone.

use leptos::prelude::*;
use leptos_meta::Title;

use super::phone_code::{CodeFor, PhoneCode};
use super::{error_of, Field, SubmitRow};
use crate::api::account::{FindEmail, ResetPassword};
use crate::domain::account::RecoveryPurpose;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn FindEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let (phone, verified) = (RwSignal::new(String::new()), RwSignal::new(false));
    let action = ServerAction::<FindEmail>::new();
    let found = move || action.value().get().and_then(Result::ok);
    view! {
        <Title text=move || i18n.t(Key::FindEmailTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::FindEmailTitle)}</h1>
            <p class="mt-2 text-stone-600">{move || i18n.t(Key::FindEmailIntro)}</p>
            <ActionForm action attr:class="mt-8 flex flex-col gap-4" attr:data-testid="find-email-form">
                <PhoneCode purpose=CodeFor::Recovery(RecoveryPurpose::FindEmail) phone verified />
                <Show when=move || found().is_none()>
                    <SubmitRow
                        error=Signal::derive(move || error_of(action.value().get()))
                        pending=action.pending()
                        label=Signal::derive(move || i18n.t(Key::FindEmailSubmit))
                    />
                </Show>
            </ActionForm>
            {move || {
                found()
                    .map(|masked| {
                        view! {
                            <div class="mt-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4" data-testid="found-email">
                                <p class="text-sm text-emerald-800">{move || i18n.t(Key::FindEmailResult)}</p>
                                <p class="mt-1 text-lg font-semibold">{masked}</p>
                                <a href="/login" class="mt-3 inline-block font-medium text-brand">
                                    {move || i18n.t(Key::LoginTitle)}
                                </a>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let (email, phone, verified) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(false));
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <Title text=move || i18n.t(Key::ResetPasswordTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::ResetPasswordTitle)}</h1>
            <p class="mt-2 text-stone-600">{move || i18n.t(Key::ResetPasswordIntro)}</p>
            <ActionForm action attr:class="mt-8 flex flex-col gap-4" attr:data-testid="reset-password-form">
                <Field
                    label=Signal::derive(move || i18n.t(Key::FieldEmail))
                    name="email"
                    kind="email"
                    autocomplete="username"
                    value=email
                />
                <PhoneCode purpose=CodeFor::Recovery(RecoveryPurpose::ResetPassword) phone verified email />
                <Field
                    label=Signal::derive(move || i18n.t(Key::FieldNewPassword))
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                />
                <SubmitRow
                    error=Signal::derive(move || error_of(action.value().get()))
                    pending=action.pending()
                    label=Signal::derive(move || i18n.t(Key::ResetSubmit))
                />
            </ActionForm>
        </section>
    }
}
