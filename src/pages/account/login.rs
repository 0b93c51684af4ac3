//! `/login`: e-mail + password, the configured social providers, links to recovery; returns to `?next=`
//! after success. Shows a flash (e.g. after a password reset) or why a social log-in came back
//! (`?error=` + `&provider=` codes, worded from the catalogue: no text from the URL is shown).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{error_of, Field, Notice, SubmitRow};
use crate::api::account::{social_providers, take_flash};
use crate::api::auth::LogIn;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<LogIn>::new();
    crate::components::auth::use_auth().follow(action.version());
    let query = use_query_map();
    let next = move || query.get().get("next").unwrap_or_else(|| "/".into());
    let error = move || error_of(action.value().get());
    let social_error = move || {
        query.with(|q| {
            let error = crate::domain::account::SocialLoginError::from_code(&q.get("error")?)?;
            let provider = crate::domain::account::SocialProvider::from_key(&q.get("provider")?)?;
            Some(i18n.locale.get().social_login_error(error, provider))
        })
    };
    let providers = Resource::new_blocking(|| (), |_| social_providers());
    let flash = Resource::new_blocking(|| (), |_| take_flash());
    view! {
        <Title text=move || i18n.t(Key::LoginTitle) />
        <section class="mx-auto max-w-md px-4 py-12">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::LoginTitle)}</h1>
            <Suspense>
                <Notice text=Signal::derive(move || flash.get().and_then(Result::ok).flatten()) />
            </Suspense>
            <Notice text=Signal::derive(social_error) error=true />
            <ActionForm action attr:class="mt-8 flex flex-col gap-4" attr:data-testid="login-form">
                <input type="hidden" name="next" value=next />
                <Field label=Signal::derive(move || i18n.t(Key::FieldEmail)) name="email" kind="email" autocomplete="username" />
                <Field
                    label=Signal::derive(move || i18n.t(Key::FieldPassword))
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                />
                <SubmitRow error=Signal::derive(error) pending=action.pending() label=Signal::derive(move || i18n.t(Key::LoginSubmit)) />
            </ActionForm>
            <div class="mt-4 flex justify-center gap-4 text-sm text-stone-600">
                <a href="/find-email" class="hover:text-brand">
                    {move || i18n.t(Key::FindEmailTitle)}
                </a>
                <span aria-hidden="true">"·"</span>
                <a href="/reset-password" class="hover:text-brand">
                    {move || i18n.t(Key::ResetPasswordTitle)}
                </a>
            </div>
            <Suspense>
                {move || {
                    let list = providers.get().and_then(Result::ok).unwrap_or_default();
                    (!list.is_empty())
                        .then(|| {
                            view! {
                                <div class="mt-8" data-testid="social-login">
                                    <p class="text-center text-xs text-stone-500">{move || i18n.t(Key::SocialDivider)}</p>
                                    <div class="mt-3 flex flex-col gap-2">
                                        {list
                                            .into_iter()
                                            .map(|p| {
                                                let href = format!(
                                                    "/auth/{}/start?next={}",
                                                    p.key(),
                                                    crate::domain::artwork::encode_query_value(&next()),
                                                );
                                                view! {
                                                    <a
                                                        href=href
                                                        rel="external"
                                                        class="rounded-full border border-stone-300 bg-white px-6 py-3 text-center font-medium hover:border-brand"
                                                    >
                                                        {move || i18n.locale.get().social_provider(p)}
                                                        {move || i18n.t(Key::SocialContinue)}
                                                    </a>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                </div>
                            }
                        })
                }}
            </Suspense>
            <a href="/signup" class="mt-8 block text-center text-sm text-stone-600 hover:text-brand">
                {move || i18n.t(Key::LoginNoAccount)}
            </a>
        </section>
    }
}
