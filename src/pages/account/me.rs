//! `/me`: the user's own page. Visitors are redirected to log in and brought back here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::auth::current_me;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn MyPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| current_me());
    view! {
        <Title text=move || i18n.t(Key::MyPageTitle) />
        <Suspense fallback=move || view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! {
                        <section class="mx-auto max-w-3xl px-4 py-12" data-testid="my-page">
                            <h1 class="text-2xl font-bold">{move || i18n.t(Key::MyPageTitle)}</h1>
                            <p class="mt-4 text-lg">
                                <strong data-testid="my-nickname">{me.nickname.clone()}</strong>
                                {move || i18n.t(Key::MyPageWelcome)}
                            </p>
                            <a href="/me/profile" class="mt-6 inline-block rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-brand" data-testid="profile-link">
                                {move || i18n.t(Key::ProfileTitle)}
                            </a>
                        </section>
                    }.into_any(),
                    _ => view! { <Redirect path="/login?next=/me" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
