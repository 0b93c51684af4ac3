//! An artwork as a card: cover, title, artist, price, bids and time left.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::countdown::Countdown;
use super::price::Price;
use crate::domain::search::{SearchMatch, Segment};
use crate::domain::{ArtworkCard, LotStatus};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ArtworkCardView(
    /// The artwork to show.
    card: ArtworkCard,
    /// The server's clock, for the countdown.
    server_now: DateTime<Utc>,
    /// On search results: the title and a piece of the description with the matches marked.
    #[prop(default = None)]
    highlight: Option<SearchMatch>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/artworks/{}", card.id);
    let genre_path = card.genre_path.clone();
    let genre = move || i18n.locale.get().genre_path(&genre_path);
    // Live lots follow the page's event stream: price, bids, status and end move without a reload.
    let live = (card.status == LotStatus::Live).then(|| super::live::use_live_hub().watch(card.id, None));
    let snap = move || live.and_then(|l| l.snapshot.get());
    let (status0, bids0, current0, ends0) = (card.status, card.bid_count, card.current_price, card.ends_at);
    let status = Memo::new(move |_| snap().map_or(status0, |s| s.status));
    let bids = move || snap().map_or(bids0, |s| s.bid_count);
    let has_bids = move || bids() > 0;
    let current = Signal::derive(move || snap().map_or(current0, |s| s.current_price));
    let ends_at = Signal::derive(move || snap().map_or(ends0, |s| s.ends_at));
    let buy_now = card.buy_now_price;
    view! {
        <article class="group flex flex-col" data-testid="artwork-card">
            <a href=href.clone() class="block overflow-hidden rounded-lg bg-stone-200">
                {match card.cover_url {
                    Some(src) => {
                        view! {
                            <img
                                src=src
                                alt=card.title.clone()
                                loading="lazy"
                                decoding="async"
                                class="aspect-[4/5] w-full object-cover transition duration-300 group-hover:scale-[1.03]"
                            />
                        }
                            .into_any()
                    }
                    None => view! { <div class="aspect-[4/5] w-full"></div> }.into_any(),
                }}
            </a>
            <div class="mt-3 flex flex-col gap-1">
                <p class="text-xs text-stone-500">{genre}</p>
                <h3 class="line-clamp-1 text-base font-semibold text-ink">
                    <a href=href class="hover:text-brand">
                        {match highlight.as_ref() {
                            Some(m) => marked(m.title.clone()).into_any(),
                            None => card.title.clone().into_any(),
                        }}
                    </a>
                </h3>
                {highlight
                    .and_then(|m| m.snippet)
                    .map(|s| {
                        view! {
                            <p class="line-clamp-2 text-xs text-stone-500" data-testid="search-snippet">
                                {marked(s)}
                            </p>
                        }
                    })}
                <p class="text-sm text-stone-600">
                    <a href=format!("/artists/{}", card.artist_nickname) class="hover:underline">
                        {card.artist_nickname.clone()}
                    </a>
                    {card
                        .artist_verified_student
                        .then(|| {
                            view! {
                                <span class="ml-1 text-xs font-semibold text-brand" data-testid="card-verified-student">
                                    <span aria-hidden="true">"✓ "</span>
                                    {move || i18n.t(Key::VerifiedStudent)}
                                </span>
                            }
                        })}
                </p>
                <div class="mt-1 flex items-baseline justify-between gap-2">
                    <div>
                        <span class="mr-1 text-xs text-stone-500">
                            {move || i18n.t(if has_bids() { Key::CurrentPrice } else { Key::StartPrice })}
                        </span>
                        <Price amount=current class="text-lg font-bold text-ink" />
                    </div>
                    <span class="text-xs text-stone-500" data-testid="card-bids">
                        {move || i18n.locale.get().bid_count(bids())}
                    </span>
                </div>
                {buy_now
                    .map(|price| {
                        view! {
                            <p class="text-xs text-stone-500">
                                {move || i18n.t(Key::BuyNowPrice)} " " <Price amount=price class="font-medium text-stone-700" />
                            </p>
                        }
                    })}
                <p class="text-xs text-stone-500" data-testid="card-delivery">
                    {
                        let d = card.delivery.clone();
                        move || i18n.locale.get().delivery(&d)
                    }
                </p>
                <p class="text-sm">
                    {move || match status.get() {
                        LotStatus::Live => view! { <Countdown ends_at server_now /> }.into_any(),
                        LotStatus::Sold => {
                            view! { <span class="font-semibold text-brand">{move || i18n.t(Key::StatusSold)}</span> }.into_any()
                        }
                        _ => view! { <span class="text-stone-500">{move || i18n.t(Key::StatusUnsold)}</span> }.into_any(),
                    }}
                </p>
            </div>
        </article>
    }
}

/// Text with its matching pieces in `<mark>`, built from text nodes only (never parsed as HTML).
fn marked(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| {
            if s.hit {
                view! { <mark class="rounded-sm bg-amber-100 px-0.5 text-inherit">{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
}
