//! The phone field with "send code", a 3-minute countdown, "resend" and "verify" — shared by sign-up,
//! social onboarding and recovery. Sets `verified` once the server accepted the code.

use leptos::prelude::*;

use super::{error_of, Field};
use crate::api::account::{send_recovery_code, verify_recovery_code};
use crate::api::auth::{send_signup_code, verify_signup_code};
use crate::domain::account::RecoveryPurpose;
use crate::error::AppError;
use crate::i18n::{use_i18n, Key};

/// What the code proves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CodeFor {
    SignUp,
    Recovery(RecoveryPurpose),
}

#[component]
pub fn PhoneCode(
    purpose: CodeFor,
    /// The phone number as typed (also submitted with the surrounding form as `phone`).
    phone: RwSignal<String>,
    /// Becomes true when the code is accepted.
    verified: RwSignal<bool>,
    /// For a password reset: the e-mail the account must have.
    #[prop(optional)]
    email: Option<RwSignal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let send = Action::new(move |phone: &String| {
        let (phone, email) = (phone.clone(), email.map(|e| e.get_untracked()));
        async move {
            match purpose {
                CodeFor::SignUp => send_signup_code(phone).await,
                CodeFor::Recovery(p) => send_recovery_code(p, phone, email).await,
            }
        }
    });
    let verify = Action::new(move |(phone, code): &(String, String)| {
        let (phone, code) = (phone.clone(), code.clone());
        async move {
            let result: Result<(), AppError> = match purpose {
                CodeFor::SignUp => verify_signup_code(phone, code).await,
                CodeFor::Recovery(p) => verify_recovery_code(p, phone, code).await,
            };
            if result.is_ok() {
                verified.set(true);
            }
            result
        }
    });
    let sent_to = move || send.value().get().and_then(Result::ok);
    let seconds_left = RwSignal::new(0i64);
    #[cfg(feature = "hydrate")]
    {
        let handle = StoredValue::new(None::<leptos::prelude::IntervalHandle>);
        Effect::new(move |_| {
            if sent_to().is_some() {
                seconds_left.set(crate::domain::account::OTP_TTL_SECS);
                if let Some(h) = handle.get_value() {
                    h.clear();
                }
                handle.set_value(
                    set_interval_with_handle(move || seconds_left.update(|s| *s = (*s - 1).max(0)), std::time::Duration::from_secs(1)).ok(),
                );
            }
        });
    }
    view! {
        <div class="flex items-end gap-2">
            <div class="min-w-0 flex-1">
                <Field label=Signal::derive(move || i18n.t(Key::FieldPhone)) name="phone" kind="tel" autocomplete="tel" value=phone />
            </div>
            <button
                type="button"
                class="shrink-0 whitespace-nowrap rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-sm font-medium hover:border-brand disabled:opacity-50"
                data-testid="send-code"
                disabled=move || send.pending().get() || verified.get() || (seconds_left.get() > 120)
                on:click=move |_| {
                    send.dispatch(phone.get_untracked());
                }
            >
                {move || i18n.t(if sent_to().is_some() { Key::ResendCode } else { Key::SendCode })}
            </button>
        </div>
        {move || {
            error_of(send.value().get())
                .map(|e| {
                    view! {
                        <p role="alert" class="text-sm text-red-600">
                            {e}
                        </p>
                    }
                })
        }}
        <Show when=move || sent_to().is_some() && !verified.get()>
            <p class="text-sm text-stone-600" data-testid="code-sent">
                {move || crate::i18n::use_i18n().locale.get().code_sent_to(&sent_to().unwrap_or_default())}
                " "
                <span class="tabular-nums font-semibold text-brand">
                    {move || format!("{}:{:02}", seconds_left.get() / 60, seconds_left.get() % 60)}
                </span>
            </p>
            <div class="flex items-end gap-2">
                <div class="min-w-0 flex-1">
                    <Field
                        label=Signal::derive(move || i18n.t(Key::FieldCode))
                        name="code"
                        kind="text"
                        autocomplete="one-time-code"
                        value=code
                    />
                </div>
                <button
                    type="button"
                    class="shrink-0 whitespace-nowrap rounded-lg bg-ink px-4 py-2.5 text-sm font-semibold text-white disabled:opacity-50"
                    data-testid="verify-code"
                    disabled=move || verify.pending().get()
                    on:click=move |_| {
                        verify.dispatch((phone.get_untracked(), code.get_untracked()));
                    }
                >
                    {move || i18n.t(Key::VerifyCode)}
                </button>
            </div>
            {move || {
                error_of(verify.value().get())
                    .map(|e| {
                        view! {
                            <p role="alert" class="text-sm text-red-600">
                                {e}
                            </p>
                        }
                    })
            }}
        </Show>
        <Show when=move || verified.get()>
            <p class="text-sm font-medium text-emerald-700" data-testid="phone-verified">
                {move || i18n.t(Key::PhoneVerified)}
            </p>
        </Show>
    }
}
