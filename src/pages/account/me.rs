//! `/me`: the user's own page — links to settings and listing, the artist's shelves (on sale, sold,
//! unsold) and the watchlist. Visitors are redirected to log in and brought back here.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::account::email_verified;
use crate::api::artworks::get_my_shelves;
use crate::i18n::{use_i18n, Key};
use crate::pages::artist::Shelf;

#[component]
pub fn MyPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::components::auth::use_auth().me;
    let shelves = Resource::new_blocking(|| (), |_| get_my_shelves());
    let verified = Resource::new_blocking(|| (), |_| email_verified());
    view! {
        <Title text=move || i18n.t(Key::MyPageTitle) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                let unverified = verified.await == Ok(false);
                match (me.await, shelves.await) {
                    (Ok(Some(me)), Ok(s)) => {
                        view! {
                            <section class="mx-auto max-w-6xl px-4 py-10" data-testid="my-page">
                                <h1 class="text-2xl font-bold">{move || i18n.t(Key::MyPageTitle)}</h1>
                                <p class="mt-4 text-lg">
                                    <strong data-testid="my-nickname">{me.nickname.clone()}</strong>
                                    {move || i18n.t(Key::MyPageWelcome)}
                                </p>
                                {unverified
                                    .then(|| {
                                        view! {
                                            <p
                                                role="note"
                                                class="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
                                                data-testid="verify-email-prompt"
                                            >
                                                {move || i18n.t(Key::EmailPrompt)}
                                                " "
                                                <a href="/me/profile#email" class="font-semibold underline">
                                                    {move || i18n.t(Key::EmailPromptLink)}
                                                </a>
                                            </p>
                                        }
                                    })}
                                <div class="mt-6 flex flex-wrap gap-2">
                                    <a
                                        href="/me/auctions"
                                        class="rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-brand"
                                        data-testid="auctions-link"
                                    >
                                        {move || i18n.t(Key::MyAuctionsTitle)}
                                    </a>
                                    <a
                                        href="/me/wallet"
                                        class="rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-brand"
                                    >
                                        {move || i18n.t(Key::MePoints)}
                                    </a>
                                    <a
                                        href="/reviews/new"
                                        class="rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-brand"
                                        data-testid="my-reviews-link"
                                    >
                                        {move || i18n.t(Key::MeReviews)}
                                    </a>
                                    <a
                                        href="/me/profile"
                                        class="rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-brand"
                                        data-testid="profile-link"
                                    >
                                        {move || i18n.t(Key::ProfileTitle)}
                                    </a>
                                    {me
                                        .is_artist
                                        .then(|| {
                                            view! {
                                                <a
                                                    href="/sell"
                                                    class="rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white"
                                                    data-testid="sell-link"
                                                >
                                                    {move || i18n.t(Key::SellTitle)}
                                                </a>
                                            }
                                        })}
                                </div>
                                {s
                                    .is_artist
                                    .then(|| {
                                        view! {
                                            <Shelf
                                                title=Key::ArtistOnSale
                                                cards=s.on_sale.clone()
                                                now=s.server_now
                                                testid="my-on-sale"
                                                empty=Key::ArtistNothingOnSale
                                            />
                                            <Shelf
                                                title=Key::ArtistSold
                                                cards=s.sold.clone()
                                                now=s.server_now
                                                testid="my-sold"
                                                empty=Key::ArtistNothingSold
                                            />
                                            <Shelf
                                                title=Key::MyUnsold
                                                cards=s.unsold.clone()
                                                now=s.server_now
                                                testid="my-unsold"
                                                empty=Key::MyNothingUnsold
                                            />
                                        }
                                    })}
                                <Shelf
                                    title=Key::MyWatchlist
                                    cards=s.watchlist.clone()
                                    now=s.server_now
                                    testid="my-watchlist"
                                    empty=Key::MyNothingWatched
                                />
                            </section>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/login?next=/me" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
