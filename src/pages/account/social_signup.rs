//! `/signup/social`: the first social log-in finishes here — member type, nickname, name, phone
//! verification (+ college for artists, + e-mail when the provider verified none). No account exists
//! until this form succeeds.

use leptos::prelude::*;
use leptos_meta::Title;

use super::phone_code::{CodeFor, PhoneCode};
use super::{error_of, live_nickname_note, Field, SubmitRow};
use crate::api::account::{social_pending, CompleteSocialSignUp};
use crate::domain::account::MemberKind;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn SocialSignupPage() -> impl IntoView {
    let i18n = use_i18n();
    let pending = Resource::new_blocking(|| (), |_| social_pending());
    let submit = ServerAction::<CompleteSocialSignUp>::new();
    crate::components::auth::use_auth().follow(submit.version());
    let (nickname, phone) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let verified = RwSignal::new(false);
    let kind = RwSignal::new(MemberKind::Buyer);
    let nickname_note = live_nickname_note(nickname);
    view! {
        <Title text=move || i18n.t(Key::SocialSignupTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::SocialSignupTitle)}</h1>
            <Suspense fallback=move || {
                view! { <p class="mt-6 text-stone-500">{i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(Some(p)) => {
                            if let Some(n) = p.suggested_nickname.clone() {
                                nickname.set(n.chars().filter(|c| c.is_alphanumeric()).take(20).collect());
                            }
                            view! {
                                <p class="mt-2 text-stone-600">
                                    <strong>{move || i18n.locale.get().social_provider(p.provider)}</strong>
                                    " · "
                                    {move || i18n.t(Key::SocialSignupIntro)}
                                </p>
                                {p
                                    .existing_account
                                    .then(|| {
                                        view! {
                                            <div
                                                role="note"
                                                class="mt-6 rounded-lg bg-amber-50 px-3 py-3 text-sm text-amber-900"
                                                data-testid="existing-account"
                                            >
                                                <p>{move || i18n.t(Key::SocialExistingAccount)}</p>
                                                <a href="/login" class="mt-2 inline-block font-semibold underline">
                                                    {move || i18n.t(Key::SocialExistingLogin)}
                                                </a>
                                            </div>
                                        }
                                    })}
                                <ActionForm action=submit attr:class="mt-8 flex flex-col gap-4" attr:data-testid="social-signup-form">
                                    <fieldset class="flex gap-3">
                                        {[(MemberKind::Buyer, Key::SignupBuyer, "Buyer"), (MemberKind::Artist, Key::SignupArtist, "Artist")]
                                            .map(|(k, label, value)| {
                                                view! {
                                                    <label class="flex flex-1 cursor-pointer items-center gap-2 rounded-xl border border-stone-200 bg-white p-3">
                                                        <input
                                                            type="radio"
                                                            name="kind"
                                                            value=value
                                                            checked=k == MemberKind::Buyer
                                                            on:change=move |_| kind.set(k)
                                                        />
                                                        <span class="font-medium">{move || i18n.t(label)}</span>
                                                    </label>
                                                }
                                            })}
                                    </fieldset>
                                    {match p.verified_email_masked.clone() {
                                        Some(masked) => {
                                            view! {
                                                <p class="text-sm text-stone-600">
                                                    {move || i18n.t(Key::FieldEmail)}": "<strong>{masked.clone()}</strong>
                                                </p>
                                            }
                                                .into_any()
                                        }
                                        None => {
                                            view! {
                                                <Field
                                                    label=Signal::derive(move || i18n.t(Key::FieldEmail))
                                                    name="email"
                                                    kind="email"
                                                    autocomplete="email"
                                                />
                                            }
                                                .into_any()
                                        }
                                    }}
                                    <Field
                                        label=Signal::derive(move || i18n.t(Key::FieldNickname))
                                        name="nickname"
                                        value=nickname
                                        note=nickname_note
                                    />
                                    <Field label=Signal::derive(move || i18n.t(Key::FieldName)) name="name" autocomplete="name" />
                                    <Show when=move || kind.get() == MemberKind::Artist>
                                        <Field
                                            label=Signal::derive(move || i18n.t(Key::FieldCollege))
                                            name="college"
                                            autocomplete="organization"
                                        />
                                    </Show>
                                    <PhoneCode purpose=CodeFor::SignUp phone verified />
                                    <SubmitRow
                                        error=Signal::derive(move || error_of(submit.value().get()))
                                        pending=submit.pending()
                                        label=Signal::derive(move || i18n.t(Key::SignupSubmit))
                                    />
                                </ActionForm>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <p class="mt-6 rounded-lg bg-stone-100 px-4 py-3 text-stone-700" data-testid="social-expired">
                                    {move || i18n.t(Key::SocialSignupExpired)}
                                </p>
                                <a href="/login" class="mt-6 inline-block font-medium text-brand">
                                    {move || i18n.t(Key::LoginTitle)}
                                </a>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
