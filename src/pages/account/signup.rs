//! `/signup`: 일반 회원 or 미대생 회원 (`?type=artist`), live checks while typing, phone verification
//! with a 3-minute countdown, then the account is created and logged in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::phone_code::{CodeFor, PhoneCode};
use super::{error_of, live_nickname_note, Field, SubmitRow};
use crate::api::auth::{check_email, SignUp};
use crate::domain::account::{Email, MemberKind, Password};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn SignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = move || match use_query_map().get().get("type").as_deref() {
        Some("artist") => MemberKind::Artist,
        _ => MemberKind::Buyer,
    };
    let (email, password, nickname, phone) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));

    // Live checks run the same validation the server runs (the domain types are shared).
    // Format first (in the browser), then availability (on the server) once the format is right.
    let email_check = Resource::new(
        move || email.get(),
        |v| async move {
            if Email::parse(&v).is_err() {
                None
            } else {
                Some(check_email(v).await)
            }
        },
    );
    let email_note = Signal::derive(move || {
        let v = email.get();
        if v.is_empty() {
            return None;
        }
        if let Err(e) = Email::parse(&v) {
            return Some((false, e));
        }
        match email_check.get().flatten() {
            Some(Ok(false)) => Some((false, crate::i18n::use_i18n().t(crate::i18n::Key::EmailTaken).to_string())),
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
    let nickname_note = live_nickname_note(nickname);

    let submit = ServerAction::<SignUp>::new();
    crate::components::auth::use_auth().follow(submit.version());
    let verified = RwSignal::new(false);

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
                <Field
                    label=Signal::derive(move || i18n.t(Key::FieldEmail))
                    name="email"
                    kind="email"
                    autocomplete="email"
                    value=email
                    note=email_note
                />
                <Field
                    label=Signal::derive(move || i18n.t(Key::FieldPassword))
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    value=password
                    note=password_note
                />
                <Field label=Signal::derive(move || i18n.t(Key::FieldNickname)) name="nickname" value=nickname note=nickname_note />
                <Field label=Signal::derive(move || i18n.t(Key::FieldName)) name="name" autocomplete="name" />
                <Show when=move || kind() == MemberKind::Artist>
                    <Field label=Signal::derive(move || i18n.t(Key::FieldCollege)) name="college" autocomplete="organization" />
                </Show>
                <PhoneCode purpose=CodeFor::SignUp phone verified />
                <SubmitRow
                    error=Signal::derive(move || error_of(submit.value().get()))
                    pending=submit.pending()
                    label=Signal::derive(move || i18n.t(Key::SignupSubmit))
                />
            </ActionForm>
            <a href="/login" class="mt-6 block text-center text-sm text-stone-600 hover:text-brand">
                {move || i18n.t(Key::SignupHaveAccount)}
            </a>
        </section>
    }
}
