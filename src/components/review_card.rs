//! A buyer's review as a card: photo, title, the first words, the work and its artist, the author,
//! likes, comments and the date (KST).

use leptos::prelude::*;

use crate::domain::review::ReviewCard;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ReviewCardView(
    /// The review to show.
    card: ReviewCard,
) -> impl IntoView {
    let i18n = use_i18n();
    let likes = card.like_count;
    let href = format!("/reviews/{}", card.id);
    view! {
        <article class="flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white" data-testid="review-card">
            <a href=href.clone() class="relative block bg-stone-100" aria-label=card.title.clone()>
                {match card.cover_url.clone() {
                    Some(src) => {
                        view! { <img src=src alt="" loading="lazy" decoding="async" class="aspect-[4/3] w-full object-cover" /> }.into_any()
                    }
                    None => view! { <div class="aspect-[4/3] w-full"></div> }.into_any(),
                }}
                {(card.photo_count > 0)
                    .then(|| {
                        view! {
                            <span class="absolute right-2 top-2 rounded-full bg-black/60 px-2 py-0.5 text-xs text-white">
                                {
                                    let n = card.photo_count;
                                    move || i18n.locale.get().photos(n, false)
                                }
                            </span>
                        }
                    })}
            </a>
            <div class="flex flex-1 flex-col gap-1 p-3">
                <h3 class="line-clamp-1 font-semibold">
                    <a href=href class="hover:text-brand" data-testid="review-card-title">
                        {card.title.clone()}
                    </a>
                </h3>
                <p class="line-clamp-2 text-sm text-stone-600">{card.excerpt.clone()}</p>
                <p class="mt-1 line-clamp-1 text-xs text-stone-500">
                    <a href=format!("/artworks/{}", card.artwork_id) class="hover:underline" data-testid="review-card-work">
                        {card.artwork_title.clone()}
                    </a>
                    " · "
                    <a href=format!("/artists/{}", card.artist_nickname) class="hover:underline">
                        {card.artist_nickname.clone()}
                    </a>
                </p>
                <div class="mt-auto flex items-center justify-between pt-2 text-xs text-stone-500">
                    <span data-testid="review-card-author">{card.author_nickname.clone()}</span>
                    <span class="flex gap-2">
                        <span>
                            <span aria-hidden="true">"♥ "</span>
                            <span class="sr-only">{move || i18n.locale.get().likes(likes)}</span>
                            <span aria-hidden="true">{likes}</span>
                        </span>
                        <span>{move || i18n.t(Key::CommentsLabel)} " " {card.comment_count}</span>
                        <time datetime=card.created_at.to_rfc3339()>{move || i18n.date_short(card.created_at)}</time>
                    </span>
                </div>
            </div>
        </article>
    }
}

/// Cards in a responsive grid.
#[component]
pub fn ReviewGrid(
    /// The reviews, in the order to show.
    cards: Vec<ReviewCard>,
) -> impl IntoView {
    view! {
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="review-grid">
            {cards.into_iter().map(|card| view! { <ReviewCardView card /> }).collect_view()}
        </div>
    }
}
