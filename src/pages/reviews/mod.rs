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

#[component]
pub fn ReviewFeedPage() -> impl IntoView {
    let query = use_query_map();
    let sort = Memo::new(move |_| query.with(|q| q.get("sort")).and_then(|s| ReviewSort::from_key(&s)).unwrap_or_default());
    let page = Memo::new(move |_| query.with(|q| q.get("page")).and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let feed = Resource::new_blocking(move || (sort.get(), page.get()), |(sort, page)| get_reviews(sort.key().to_string(), page));
    view! {
        <Title text="구매 후기" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="review-feed">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-bold">"구매 후기"</h1>
                    <p class="mt-1 text-sm text-stone-600">"작품을 받은 구매자만 쓸 수 있는 후기입니다."</p>
                </div>
                <a
                    href="/reviews/new"
                    class="rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white"
                    data-testid="write-review-link"
                >
                    "후기 쓰기"
                </a>
            </div>
            <nav class="mt-5 flex gap-1 border-b border-stone-200" aria-label="정렬">
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
                                {s.ko()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=|| {
                view! {
                    <p class="py-10 text-center text-stone-500" aria-busy="true">
                        "불러오는 중…"
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
    if f.items.is_empty() {
        return view! {
            <div class="mt-8 rounded-xl border border-dashed border-stone-300 p-8 text-center" data-testid="empty-state">
                <p class="text-stone-600">"아직 후기가 없습니다. 작품을 받은 뒤 첫 후기를 남겨 주세요."</p>
                <a href="/artworks" class="mt-4 inline-block rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white">
                    "작품 둘러보기"
                </a>
            </div>
        }
        .into_any();
    }
    let sort = f.sort.key();
    view! {
        <p class="mt-4 text-sm text-stone-500">{format!("후기 {}개", f.total)}</p>
        <div class="mt-3">
            <ReviewGrid cards=f.items />
        </div>
        <nav class="mt-8 flex justify-between text-sm" aria-label="페이지" data-testid="review-pager">
            {(f.page > 1)
                .then(|| {
                    view! {
                        <a href=format!("/reviews?sort={sort}&page={}", f.page - 1) class="font-medium text-brand">
                            "← 이전"
                        </a>
                    }
                })}
            <span class="text-stone-500">{format!("{}쪽", f.page)}</span>
            {f
                .has_more
                .then(|| {
                    view! {
                        <a href=format!("/reviews?sort={sort}&page={}", f.page + 1) class="font-medium text-brand">
                            "다음 →"
                        </a>
                    }
                })}
        </nav>
    }
    .into_any()
}
