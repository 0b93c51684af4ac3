//! The page frame: header with navigation and language switch, and the footer.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

const NAV: [(&str, Key); 3] = [("/artworks", Key::NavBrowse), ("/reviews", Key::NavReviews), ("/me", Key::NavMyPage)];

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="sticky top-0 z-30 border-b border-stone-200 bg-paper/95 backdrop-blur">
            <div class="mx-auto flex min-h-16 max-w-6xl flex-wrap items-center gap-x-6 px-4">
                <a
                    href="/"
                    class="flex h-16 items-center font-display text-2xl font-black tracking-tight text-brand"
                    aria-label=move || i18n.t(Key::HomeLabel)
                >
                    "ARTIPUL"
                </a>
                <nav class="hidden flex-1 items-center gap-6 text-[15px] font-medium md:flex" aria-label=move || i18n.t(Key::MainMenu)>
                    {NAV
                        .map(|(href, key)| {
                            view! {
                                <a href=href class="text-stone-700 hover:text-brand">
                                    {move || i18n.t(key)}
                                </a>
                            }
                        })}
                </nav>
                <super::search_box::SearchBox />
                <div class="ml-auto flex items-center gap-2 md:ml-0">
                    <LanguageSwitch />
                    <AccountLinks />
                    // A <details> menu opens without JavaScript, so the mobile menu works before hydration.
                    <details class="relative md:hidden">
                        <summary
                            class="flex size-10 cursor-pointer list-none items-center justify-center rounded-full hover:bg-stone-100"
                            aria-label=move || i18n.t(Key::NavMenu)
                            data-testid="menu-toggle"
                        >
                            <span aria-hidden="true" class="text-xl">
                                "☰"
                            </span>
                        </summary>
                        <nav class="absolute right-0 mt-2 flex w-48 flex-col rounded-xl border border-stone-200 bg-white py-2 shadow-lg">
                            {NAV
                                .map(|(href, key)| {
                                    view! {
                                        <a href=href class="px-4 py-2 text-stone-700 hover:bg-stone-50">
                                            {move || i18n.t(key)}
                                        </a>
                                    }
                                })} <a href="/login" class="px-4 py-2 text-stone-700 hover:bg-stone-50">
                                {move || i18n.t(Key::NavLogin)}
                            </a>
                        </nav>
                    </details>
                </div>
            </div>
        </header>
    }
}

/// 로그인 / 회원가입 for visitors; the nickname and 로그아웃 for a logged-in user, from the shared
/// `AuthContext` (logging out reads it again).
#[component]
fn AccountLinks() -> impl IntoView {
    let i18n = use_i18n();
    let log_out = ServerAction::<crate::api::auth::LogOut>::new();
    let auth = crate::components::auth::use_auth();
    auth.follow(log_out.version());
    let me = auth.me;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        view! {
                            {me
                                .is_admin
                                .then(|| {
                                    view! {
                                        <a
                                            href="/admin"
                                            class="px-2 text-sm font-semibold text-amber-800 hover:text-brand"
                                            data-testid="header-admin"
                                        >
                                            {move || i18n.t(Key::AdminNav)}
                                        </a>
                                    }
                                })}
                            <NotificationBell unread=me.unread />
                            <a
                                href="/me"
                                class="max-w-32 truncate px-2 text-sm font-semibold text-ink hover:text-brand"
                                data-testid="header-nickname"
                            >
                                {me.nickname}
                            </a>
                            <ActionForm action=log_out>
                                <button
                                    type="submit"
                                    class="rounded-full border border-stone-300 px-3 py-1.5 text-sm text-stone-700 hover:border-brand hover:text-brand"
                                >
                                    {move || i18n.t(Key::NavLogout)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <a
                                href="/login"
                                class="hidden rounded-full px-3 py-2 text-sm font-medium text-stone-700 hover:text-brand sm:inline-block"
                            >
                                {move || i18n.t(Key::NavLogin)}
                            </a>
                            <a href="/signup" class="rounded-full bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark">
                                {move || i18n.t(Key::NavSignup)}
                            </a>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The bell with the unread count; the count stays live through the page's event stream.
#[component]
fn NotificationBell(unread: u32) -> impl IntoView {
    let i18n = use_i18n();
    let hub = crate::components::live::use_live_hub();
    hub.unread.set(Some(unread));
    let count = move || hub.unread.get().unwrap_or(unread);
    view! {
        <a
            href="/me/notifications"
            class="relative px-2 py-1 text-lg text-stone-700 hover:text-brand"
            aria-label=move || i18n.locale.get().notifications_count(count())
            data-testid="notification-bell"
        >
            <span aria-hidden="true">"🔔"</span>
            {move || {
                (count() > 0)
                    .then(|| {
                        view! {
                            <span
                                class="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-brand px-1 text-center text-[11px] font-bold leading-5 text-white"
                                data-testid="unread-badge"
                            >
                                {count().min(99)}
                            </span>
                        }
                    })
            }}
        </a>
    }
}

/// Switches between 한국어 and English. A plain link to `/locale/{tag}` before hydration (the server
/// sets the cookie and redirects back); after hydration, an in-place switch without a reload.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let target = move || i18n.locale.get().other();
    view! {
        <a
            href=move || format!("/locale/{}", target().tag())
            rel="nofollow"
            class="rounded-full border border-stone-300 px-3 py-1.5 text-xs font-medium text-stone-600 hover:border-brand hover:text-brand"
            data-testid="language-switch"
            on:click=move |ev| {
                ev.prevent_default();
                i18n.set(target());
            }
        >
            {move || i18n.t(Key::SwitchLanguage)}
        </a>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="mt-20 border-t border-stone-200 bg-white">
            <div class="mx-auto grid max-w-6xl gap-6 px-4 py-10 text-sm text-stone-500 md:grid-cols-2">
                <div>
                    <p class="font-display text-lg font-black text-ink">"ARTIPUL"</p>
                    <p class="mt-2 max-w-sm">{move || i18n.t(Key::FooterAbout)}</p>
                </div>
                <div class="flex flex-col gap-1 md:items-end">
                    <p>{move || i18n.t(Key::FooterNotice)}</p>
                    <p>{move || i18n.t(Key::FooterTimezone)}</p>
                    <p>{move || i18n.t(Key::FooterPolicy)}</p>
                    <p class="flex gap-3">
                        <a href="/about" class="underline hover:text-brand" data-testid="footer-about">
                            {move || i18n.t(Key::AboutTitle)}
                        </a>
                        <a href="/verify" class="underline hover:text-brand">
                            {move || i18n.t(Key::VerifyTitle)}
                        </a>
                    </p>
                    <p class="mt-2 text-xs">"© 2026 Artipul"</p>
                </div>
            </div>
        </footer>
    }
}
