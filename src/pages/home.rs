//! The home page: hero, ending soon, new arrivals, genre shortcuts and featured artists.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::home::get_home_feed;
use crate::components::artist_card::ArtistCardView;
use crate::components::artwork_card::ArtworkCardView;
use crate::domain::{ArtworkCard, HomeFeed};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let feed = Resource::new_blocking(|| (), |_| get_home_feed());
    view! {
        <Title text="" />
        <Hero />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>{move || Suspend::new(async move { feed.await.map(|feed| view! { <Feed feed /> }) })}</Suspense>
    }
}

#[component]
fn Hero() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="bg-gradient-to-b from-white to-paper">
            <div class="mx-auto max-w-6xl px-4 pb-10 pt-12 md:pb-16 md:pt-20">
                <p class="text-sm font-semibold tracking-widest text-brand">{move || i18n.t(Key::SiteTagline)}</p>
                <h1 class="mt-3 max-w-2xl text-3xl font-black leading-tight tracking-tight text-ink md:text-5xl" data-testid="hero-title">
                    {move || i18n.t(Key::HeroTitle)}
                </h1>
                <p class="mt-4 max-w-xl text-base text-stone-600 md:text-lg">{move || i18n.t(Key::HeroSubtitle)}</p>
                <div class="mt-8 flex flex-wrap gap-3">
                    <a href="/artworks" class="rounded-full bg-brand px-6 py-3 font-semibold text-white shadow-sm hover:bg-brand-dark">
                        {move || i18n.t(Key::HeroBrowse)}
                    </a>
                    <a
                        href="/sell"
                        class="rounded-full border border-stone-300 bg-white px-6 py-3 font-semibold text-ink hover:border-brand hover:text-brand"
                    >
                        {move || i18n.t(Key::HeroSell)}
                    </a>
                </div>
            </div>
        </section>
    }
}

#[component]
fn Feed(feed: HomeFeed) -> impl IntoView {
    let i18n = use_i18n();
    let now = feed.server_now;
    view! {
        <CardSection title=Key::EndingSoon hint=Key::EndingSoonHint testid="ending-soon" cards=feed.ending_soon server_now=now />
        <section class="mx-auto max-w-6xl px-4 pt-14">
            <h2 class="text-xl font-bold md:text-2xl">{move || i18n.t(Key::GenreShortcuts)}</h2>
            <div class="mt-5 grid grid-cols-3 gap-3">
                {feed
                    .genres
                    .into_iter()
                    .map(|g| {
                        let genre = g.genre;
                        view! {
                            <a
                                href=format!("/artworks?genre={}", genre.ko())
                                class="flex flex-col rounded-xl border border-stone-200 bg-white p-4 transition hover:border-brand md:p-6"
                                data-testid="genre-shortcut"
                            >
                                <span class="text-lg font-bold text-ink md:text-xl">
                                    {move || match i18n.locale.get() {
                                        crate::i18n::Locale::Ko => genre.ko(),
                                        crate::i18n::Locale::En => genre.en(),
                                    }}
                                </span>
                                <span class="mt-1 text-sm text-stone-500">{move || i18n.locale.get().work_count(g.live_count)}</span>
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
        <CardSection title=Key::NewArrivals hint=Key::NewArrivalsHint testid="new-arrivals" cards=feed.new_arrivals server_now=now />
        <section class="mx-auto max-w-6xl px-4 pt-14">
            <h2 class="text-xl font-bold md:text-2xl">{move || i18n.t(Key::FeaturedArtists)}</h2>
            {if feed.artists.is_empty() {
                view! { <p class="mt-4 text-stone-500">{move || i18n.t(Key::EmptyArtists)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-5 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                        {feed.artists.into_iter().map(|artist| view! { <ArtistCardView artist /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn CardSection(title: Key, hint: Key, testid: &'static str, cards: Vec<ArtworkCard>, server_now: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mx-auto max-w-6xl px-4 pt-14" data-testid=testid>
            <div class="flex items-end justify-between gap-4">
                <div>
                    <h2 class="text-xl font-bold md:text-2xl">{move || i18n.t(title)}</h2>
                    <p class="mt-1 text-sm text-stone-500">{move || i18n.t(hint)}</p>
                </div>
                <a href="/artworks" class="shrink-0 text-sm font-medium text-brand hover:underline">
                    {move || i18n.t(Key::SeeAll)}
                    " →"
                </a>
            </div>
            {if cards.is_empty() {
                view! {
                    <div
                        class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white px-6 py-12 text-center"
                        data-testid="empty-state"
                    >
                        <p class="font-semibold">{move || i18n.t(Key::EmptyLotsTitle)}</p>
                        <p class="mt-2 text-sm text-stone-500">{move || i18n.t(Key::EmptyLotsBody)}</p>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="mt-6 grid grid-cols-2 gap-x-4 gap-y-8 md:grid-cols-4">
                        {cards.into_iter().map(|card| view! { <ArtworkCardView card server_now /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
