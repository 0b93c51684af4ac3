//! Reviews (후기): `/reviews` (the feed, newest or most liked, paginated), `/reviews/{id}` (`detail`),
//! and `/reviews/new` and `/reviews/{id}/edit` (`editor`). The feed lives in the query string, so every
//! view has a stable URL and works before hydration.

mod detail;
mod editor;

pub use detail::ReviewPage;
pub use editor::{EditReviewPage, NewReviewPage};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::reviews::get_reviews;
use crate::components::review_card::ReviewGrid;
use crate::domain::review::{ReviewFeed, ReviewSort};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ReviewFeedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sort = Memo::new(move |_| query.with(|q| q.get("sort")).and_then(|s| ReviewSort::from_key(&s)).unwrap_or_default());
    let page = Memo::new(move |_| query.with(|q| q.get("page")).and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let feed = Resource::new_blocking(move || (sort.get(), page.get()), |(sort, page)| get_reviews(sort.key().to_string(), page));
    view! {
        <Title text=move || i18n.t(Key::BuyerReviews) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="review-feed">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-bold">{move || i18n.t(Key::BuyerReviews)}</h1>
                    <p class="mt-1 text-sm text-stone-600">{move || i18n.t(Key::ReviewFeedIntro)}</p>
                </div>
                <a
                    href="/reviews/new"
                    class="rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white"
                    data-testid="write-review-link"
                >
                    {move || i18n.t(Key::WriteReview)}
                </a>
            </div>
            <nav class="mt-5 flex gap-1 border-b border-stone-200" aria-label=move || i18n.t(Key::SortLabel)>
                {ReviewSort::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <a
                                href=format!("/reviews?sort={}", s.key())
                                class="border-b-2 px-4 py-2 text-sm font-medium"
                                class:border-brand=move || sort.get() == s
                                class:text-brand=move || sort.get() == s
                                class:border-transparent=move || sort.get() != s
                                aria-current=move || (sort.get() == s).then_some("page")
                                data-testid=format!("sort-{}", s.key())
                            >
                                {move || i18n.locale.get().review_sort(s)}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=move || {
                view! {
                    <p class="py-10 text-center text-stone-500" aria-busy="true">
                        {move || i18n.t(Key::Loading)}
                    </p>
                }
            }>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(f) => view! { <Feed f /> }.into_any(),
                        Err(e) => {
                            view! {
                                <p role="alert" class="py-10 text-center text-red-700">
                                    {e.message}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Feed(f: ReviewFeed) -> impl IntoView {
    let i18n = use_i18n();
    if f.items.is_empty() {
        return view! {
            <div class="mt-8 rounded-xl border border-dashed border-stone-300 p-8 text-center" data-testid="empty-state">
                <p class="text-stone-600">{move || i18n.t(Key::NoReviewsYet)}</p>
                <a href="/artworks" class="mt-4 inline-block rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white">
                    {move || i18n.t(Key::BrowseWorks)}
                </a>
            </div>
        }
        .into_any();
    }
    let sort = f.sort.key();
    view! {
        <p class="mt-4 text-sm text-stone-500">
            {
                let total = f.total;
                move || i18n.locale.get().review_count(total as u64)
            }
        </p>
        <div class="mt-3">
            <ReviewGrid cards=f.items />
        </div>
        <nav class="mt-8 flex justify-between text-sm" aria-label=move || i18n.t(Key::PagesLabel) data-testid="review-pager">
            {(f.page > 1)
                .then(|| {
                    view! {
                        <a href=format!("/reviews?sort={sort}&page={}", f.page - 1) class="font-medium text-brand">
                            {move || i18n.t(Key::PrevArrow)}
                        </a>
                    }
                })}
            <span class="text-stone-500">
                {
                    let page = f.page;
                    move || i18n.locale.get().page_n(page)
                }
            </span>
            {f
                .has_more
                .then(|| {
                    view! {
                        <a href=format!("/reviews?sort={sort}&page={}", f.page + 1) class="font-medium text-brand">
                            {move || i18n.t(Key::NextArrow)}
                        </a>
                    }
                })}
        </nav>
    }
    .into_any()
}
