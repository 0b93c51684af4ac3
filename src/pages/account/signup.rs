//! `/signup`: 일반 회원 or 미대생 회원 (`?type=artist`), live checks while typing, phone verification
//! with a 3-minute countdown, then the account is created and logged in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{error_of, Field, SubmitRow};
use crate::api::auth::{check_email, check_nickname, SendSignupCode, SignUp, VerifySignupCode};
use crate::domain::account::{Email, MemberKind, Password};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = move || match use_query_map().get().get("type").as_deref() {
        Some("artist") => MemberKind::Artist,
        _ => MemberKind::Buyer,
    };
    let (email, password, nickname, phone, code) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));

    // Live checks run the same validation the server runs (the domain types are shared).
    // Format first (in the browser), then availability (on the server) once the format is right.
    let email_check = Resource::new(move || email.get(), |v| async move {
        if Email::parse(&v).is_err() { None } else { Some(check_email(v).await) }
    });
    let email_note = Signal::derive(move || {
        let v = email.get();
        if v.is_empty() {
            return None;
        }
        if let Err(e) = Email::parse(&v) {
            return Some((false, e));
        }
        match email_check.get().flatten() {
            Some(Ok(false)) => Some((false, "이미 가입된 이메일입니다.".to_string())),
            Some(Err(e)) => Some((false, e.message)),
            _ => None,
        }
    });
    let password_note = Signal::derive(move || {
        let v = password.get();
        if v.is_empty() {
            return None;
        }
        Some(match Password::parse(&v, Email::parse(&email.get()).ok().as_ref()) {
            Ok(_) => (true, "✓".to_string()),
            Err(e) => (false, e),
        })
    });
    let nickname_check = Resource::new(move || nickname.get(), |n| async move {
        if n.chars().count() < 2 { None } else { Some(check_nickname(n).await) }
    });
    let nickname_note = Signal::derive(move || {
        let i18n = use_i18n();
        match nickname_check.get().flatten() {
            Some(Ok(true)) => Some((true, i18n.t(Key::NicknameAvailable).to_string())),
            Some(Ok(false)) => Some((false, "이미 사용 중인 닉네임입니다.".to_string())),
            Some(Err(e)) => Some((false, e.message)),
            None => None,
        }
    });

    let send = ServerAction::<SendSignupCode>::new();
    let verify = ServerAction::<VerifySignupCode>::new();
    let submit = ServerAction::<SignUp>::new();
    let sent_to = move || send.value().get().and_then(Result::ok);
    let verified = move || matches!(verify.value().get(), Some(Ok(())));
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

    let tab = move |target: MemberKind, label: Key, hint: Key, href: &'static str| {
        view! {
            <a
                href=href
                class="flex-1 rounded-xl border p-4 transition"
                class:border-brand=move || kind() == target
                class:bg-white=move || kind() == target
                class:border-stone-200=move || kind() != target
            >
                <p class="font-semibold">{move || i18n.t(label)}</p>
                <p class="mt-1 text-xs text-stone-500">{move || i18n.t(hint)}</p>
            </a>
        }
    };

    view! {
        <Title text=move || i18n.t(Key::SignupTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::SignupTitle)}</h1>
            <div class="mt-6 flex gap-3">
                {tab(MemberKind::Buyer, Key::SignupBuyer, Key::SignupBuyerHint, "/signup")}
                {tab(MemberKind::Artist, Key::SignupArtist, Key::SignupArtistHint, "/signup?type=artist")}
            </div>
            <ActionForm action=submit attr:class="mt-8 flex flex-col gap-4" attr:data-testid="signup-form">
                <input type="hidden" name="kind" value=move || format!("{:?}", kind()) />
                <Field label=Signal::derive(move || i18n.t(Key::FieldEmail)) name="email" kind="email" autocomplete="email" value=email note=email_note />
                <Field label=Signal::derive(move || i18n.t(Key::FieldPassword)) name="password" kind="password" autocomplete="new-password" value=password note=password_note />
                <Field label=Signal::derive(move || i18n.t(Key::FieldNickname)) name="nickname" value=nickname note=nickname_note />
                <Field label=Signal::derive(move || i18n.t(Key::FieldName)) name="name" autocomplete="name" />
                <Show when=move || kind() == MemberKind::Artist>
                    <Field label=Signal::derive(move || i18n.t(Key::FieldCollege)) name="college" autocomplete="organization" />
                </Show>
                <div class="flex items-end gap-2">
                    <div class="flex-1">
                        <Field label=Signal::derive(move || i18n.t(Key::FieldPhone)) name="phone" kind="tel" autocomplete="tel" value=phone />
                    </div>
                    <button
                        type="button"
                        class="rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-sm font-medium hover:border-brand disabled:opacity-50"
                        data-testid="send-code"
                        disabled=move || send.pending().get() || verified() || (seconds_left.get() > 120)
                        on:click=move |_| { send.dispatch(SendSignupCode { phone: phone.get_untracked() }); }
                    >
                        {move || i18n.t(if sent_to().is_some() { Key::ResendCode } else { Key::SendCode })}
                    </button>
                </div>
                {move || error_of(send.value().get()).map(|e| view! { <p role="alert" class="text-sm text-red-600">{e}</p> })}
                <Show when=move || sent_to().is_some() && !verified()>
                    <p class="text-sm text-stone-600" data-testid="code-sent">
                        {move || sent_to().unwrap_or_default()} "(으)로 인증번호를 보냈습니다. "
                        <span class="tabular-nums font-semibold text-brand">
                            {move || format!("{}:{:02}", seconds_left.get() / 60, seconds_left.get() % 60)}
                        </span>
                    </p>
                    <div class="flex items-end gap-2">
                        <div class="flex-1">
                            <Field label=Signal::derive(move || i18n.t(Key::FieldCode)) name="code" kind="text" autocomplete="one-time-code" value=code />
                        </div>
                        <button
                            type="button"
                            class="rounded-lg bg-ink px-4 py-2.5 text-sm font-semibold text-white disabled:opacity-50"
                            data-testid="verify-code"
                            disabled=move || verify.pending().get()
                            on:click=move |_| { verify.dispatch(VerifySignupCode { phone: phone.get_untracked(), code: code.get_untracked() }); }
                        >
                            {move || i18n.t(Key::VerifyCode)}
                        </button>
                    </div>
                    {move || error_of(verify.value().get()).map(|e| view! { <p role="alert" class="text-sm text-red-600">{e}</p> })}
                </Show>
                <Show when=verified>
                    <p class="text-sm font-medium text-emerald-700" data-testid="phone-verified">{move || i18n.t(Key::PhoneVerified)}</p>
                </Show>
                <SubmitRow
                    error=Signal::derive(move || error_of(submit.value().get()))
                    pending=submit.pending()
                    label=Signal::derive(move || i18n.t(Key::SignupSubmit))
                />
            </ActionForm>
            <a href="/login" class="mt-6 block text-center text-sm text-stone-600 hover:text-brand">{move || i18n.t(Key::SignupHaveAccount)}</a>
        </section>
    }
}
