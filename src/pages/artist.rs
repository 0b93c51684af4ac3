//! `/artists/{nickname}`: the artist's public page — avatar, college and badge, bio, works on sale, sold works
//! and review highlights (the newest buyers' reviews of their works).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::artworks::get_artist_page;
use crate::components::artwork_card::ArtworkCardView;
use crate::components::missing::Missing;
use crate::components::review_card::ReviewGrid;
use crate::domain::{ArtistPage, ArtworkCard};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ArtistProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let page = Resource::new_blocking(move || params.get().get("nickname").unwrap_or_default(), get_artist_page);
    view! {
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        view! {
                            <Title text=p.artist.nickname.clone() />
                            <Artist p />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <Missing error=e testid="artist-missing" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Artist(p: ArtistPage) -> impl IntoView {
    let i18n = use_i18n();
    let a = p.artist.clone();
    view! {
        <section class="mx-auto max-w-6xl px-4 py-10" data-testid="artist-page">
            <header class="flex flex-col items-center gap-4 text-center sm:flex-row sm:text-left">
                {match a.avatar_url.clone() {
                    Some(src) => view! { <img src=src alt="" class="h-24 w-24 rounded-full object-cover" /> }.into_any(),
                    None => view! { <div class="h-24 w-24 rounded-full bg-stone-200"></div> }.into_any(),
                }} <div>
                    <h1 class="text-2xl font-bold" data-testid="artist-nickname">
                        {a.nickname.clone()}
                    </h1>
                    <p class="mt-1 text-stone-600">
                        {a.college.clone()}
                        {a
                            .verified_student
                            .then(|| {
                                view! {
                                    <span class="ml-2 rounded-full bg-brand/10 px-2 py-0.5 text-xs font-semibold text-brand-dark">
                                        "✓ "{move || i18n.t(Key::VerifiedStudent)}
                                    </span>
                                }
                            })}
                    </p>
                    <p class="mt-1 text-sm text-stone-500">{move || i18n.locale.get().work_count(a.work_count)}</p>
                </div>
            </header>
            {(!p.bio_html.is_empty())
                .then(|| {
                    view! {
                        // Rendered from markdown and sanitised on the server.
                        <div class="prose prose-stone mt-6 max-w-none" data-testid="artist-bio" inner_html=p.bio_html.clone()></div>
                    }
                })}
            <Shelf
                title=Key::ArtistOnSale
                cards=p.on_sale.clone()
                now=p.server_now
                testid="artist-on-sale"
                empty=Key::ArtistNothingOnSale
            />
            <Shelf title=Key::ArtistSold cards=p.sold.clone() now=p.server_now testid="artist-sold" empty=Key::ArtistNothingSold />
            {(!p.certified.is_empty())
                .then(|| {
                    view! {
                        <section class="mt-10" data-testid="artist-certified">
                            <h2 class="text-lg font-semibold">{move || i18n.t(Key::CertifiedSales)}</h2>
                            <ul class="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
                                {p
                                    .certified
                                    .iter()
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <a href=format!("/certificates/{}", c.serial) class="group block">
                                                    <div class="aspect-square overflow-hidden rounded-lg bg-stone-100">
                                                        {c
                                                            .cover_url
                                                            .clone()
                                                            .map(|src| {
                                                                view! {
                                                                    <img src=src alt="" loading="lazy" class="h-full w-full object-cover" />
                                                                }
                                                            })}
                                                    </div>
                                                    <p class="mt-2 line-clamp-1 text-sm font-medium group-hover:text-brand">
                                                        {c.title.clone()}
                                                    </p>
                                                    <p class="font-mono text-xs text-stone-500">{c.serial.clone()}</p>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })}
            <section class="mt-10" data-testid="artist-reviews">
                <h2 class="text-lg font-semibold">{move || i18n.t(Key::BuyerReviews)}</h2>
                {if p.reviews.is_empty() {
                    view! {
                        <p class="mt-3 rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500">
                            {move || i18n.t(Key::NoArtistReviews)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="mt-4">
                            <ReviewGrid cards=p.reviews.clone() />
                        </div>
                    }
                        .into_any()
                }}
            </section>
        </section>
    }
}

/// A titled grid of cards with an empty state; also used by my page.
#[component]
pub fn Shelf(title: Key, cards: Vec<ArtworkCard>, now: chrono::DateTime<chrono::Utc>, testid: &'static str, empty: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-10" data-testid=testid>
            <h2 class="text-lg font-semibold">
                {move || i18n.t(title)} <span class="text-sm font-normal text-stone-500">{cards.len()}</span>
            </h2>
            {if cards.is_empty() {
                view! {
                    <p class="mt-3 rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500">
                        {move || i18n.t(empty)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="mt-4 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4">
                        {cards.into_iter().map(|card| view! { <ArtworkCardView card server_now=now /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
