//! `/artworks`: browse by genre path, status, price range and buy-now, sorted and paginated. Everything
//! lives in the query string, so every view has a stable URL and works before hydration (plain links
//! and a GET form).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::artworks::browse_artworks;
use crate::components::artwork_card::ArtworkCardView;
use crate::domain::search::EndingWithin;
use crate::domain::{BrowsePage, BrowseQuery, SortOrder, StatusFilter};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn BrowseArtworksPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let map = params.get();
        BrowseQuery::from_params(|k| map.get(k))
    });
    let page = Resource::new_blocking(move || query.get(), browse_artworks);
    view! {
        <Title text=move || i18n.t(Key::BrowseTitle) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="browse-page">
            <h1 class="text-2xl font-bold" data-testid="browse-heading">
                {move || {
                    let q = query.get();
                    if q.is_search() {
                        format!("‘{}’ {}", q.q, i18n.t(Key::SearchResultsFor))
                    } else {
                        i18n.t(Key::BrowseTitle).to_string()
                    }
                }}
            </h1>
            <Breadcrumb query />
            <Suspense fallback=move || {
                view! {
                    <p class="py-10 text-center text-stone-500" aria-busy="true">
                        {i18n.t(Key::Loading)}
                    </p>
                }
            }>
                {move || Suspend::new(async move {
                    let q = query.get_untracked();
                    match page.await {
                        Ok(p) => view! { <Results query=q page=p /> }.into_any(),
                        Err(e) => {
                            view! {
                                <div
                                    role="alert"
                                    class="my-10 rounded-2xl border border-red-200 bg-red-50 p-6 text-center"
                                    data-testid="browse-error"
                                >
                                    <p class="text-red-800">{e.message}</p>
                                    {q
                                        .is_search()
                                        .then(|| {
                                            view! {
                                                <a
                                                    href=q.without_search().to_url()
                                                    class="mt-3 inline-block text-sm font-semibold text-brand"
                                                    data-testid="browse-without-search"
                                                >
                                                    {move || i18n.t(Key::SearchWithoutQuery)}
                                                </a>
                                            }
                                        })}
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// 전체 › 회화 › 풍경 — each step a link.
#[component]
fn Breadcrumb(query: Memo<BrowseQuery>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let q = query.get();
        let mut crumbs = vec![(i18n.t(Key::AllGenres).to_string(), BrowseQuery { genre: String::new(), page: 1, ..q.clone() }.to_url())];
        let mut path = String::new();
        for seg in q.genre.split('/').filter(|s| !s.is_empty()) {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(seg);
            crumbs.push((i18n.locale.get().genre_segment(seg), BrowseQuery { genre: path.clone(), page: 1, ..q.clone() }.to_url()));
        }
        view! {
            <nav
                class="mt-2 flex flex-wrap items-center gap-1 text-sm text-stone-600"
                aria-label=move || i18n.t(Key::GenrePathLabel)
                data-testid="breadcrumb"
            >
                {crumbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, href))| {
                        view! {
                            {(i > 0).then(|| view! { <span aria-hidden="true">"›"</span> })}
                            <a href=href class="hover:text-brand">
                                {label}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
        }
    }
}

#[component]
fn Results(query: BrowseQuery, page: BrowsePage) -> impl IntoView {
    let i18n = use_i18n();
    let now = page.server_now;
    let facets = page.facets.clone();
    let q = query.clone();
    view! {
        <div class="mt-6 grid gap-8 lg:grid-cols-[240px_1fr]">
            <aside class="flex flex-col gap-6">
                {(!facets.is_empty())
                    .then(|| {
                        view! {
                            <div data-testid="genre-facets">
                                <h2 class="text-sm font-semibold text-stone-700">{move || i18n.t(Key::BrowseGenre)}</h2>
                                <ul class="mt-2 flex flex-wrap gap-2 lg:flex-col lg:gap-1">
                                    {facets
                                        .into_iter()
                                        .map(|f| {
                                            let href = BrowseQuery {
                                                genre: f.path.clone(),
                                                page: 1,
                                                ..q.clone()
                                            }
                                                .to_url();
                                            view! {
                                                <li>
                                                    <a
                                                        href=href
                                                        class="inline-flex items-center gap-1 rounded-full border border-stone-200 bg-white px-3 py-1 text-sm hover:border-brand lg:border-0 lg:bg-transparent lg:px-0"
                                                    >
                                                        <span>
                                                            {
                                                                let label = f.label.clone();
                                                                move || i18n.locale.get().genre_segment(&label)
                                                            }
                                                        </span>
                                                        <span class="text-xs text-stone-500">{f.count}</span>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })} <Filters query=query.clone() />
            </aside>
            <div>
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <p class="text-sm text-stone-600" data-testid="result-count">
                        {move || i18n.locale.get().work_count(page.total)}
                    </p>
                    <SortLinks query=query.clone() />
                </div>
                {if page.cards.is_empty() && query.is_search() {
                    let plain = query.without_search().to_url();
                    view! {
                        <div class="mt-10 rounded-2xl border border-dashed border-stone-300 p-10 text-center" data-testid="browse-empty">
                            <p class="font-semibold">{move || i18n.t(Key::SearchEmptyTitle)}</p>
                            <p class="mt-2 text-sm text-stone-600">{move || i18n.t(Key::SearchEmptyBody)}</p>
                            <a href=plain class="mt-4 inline-block text-sm font-medium text-brand">
                                {move || i18n.t(Key::SearchWithoutQuery)}
                            </a>
                        </div>
                    }
                        .into_any()
                } else if page.cards.is_empty() {
                    view! {
                        <div class="mt-10 rounded-2xl border border-dashed border-stone-300 p-10 text-center" data-testid="browse-empty">
                            <p class="font-semibold">{move || i18n.t(Key::BrowseEmptyTitle)}</p>
                            <p class="mt-2 text-sm text-stone-600">{move || i18n.t(Key::BrowseEmptyBody)}</p>
                            <a href="/artworks" class="mt-4 inline-block text-sm font-medium text-brand">
                                {move || i18n.t(Key::BrowseReset)}
                            </a>
                        </div>
                    }
                        .into_any()
                } else {
                    let mut matches = page.matches;
                    view! {
                        <div class="mt-4 grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 xl:grid-cols-4" data-testid="browse-results">
                            {page
                                .cards
                                .into_iter()
                                .map(|card| {
                                    let found = matches.iter().position(|m| m.id == card.id).map(|i| matches.swap_remove(i));
                                    view! { <ArtworkCardView card server_now=now highlight=found /> }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }}
                <Pager query page=page.page pages=page.pages />
            </div>
        </div>
    }
}

/// Status, price range and buy-now as a plain GET form (keeps genre and sort).
#[component]
fn Filters(query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    let input = "w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm";
    view! {
        <form method="get" action="/artworks" class="flex flex-col gap-3 text-sm" data-testid="browse-filters">
            {query.is_search().then(|| view! { <input type="hidden" name="q" value=query.q.clone() /> })}
            <input type="hidden" name="genre" value=query.genre.clone() />
            <input type="hidden" name="sort" value=query.sort.key() />
            <label class="flex flex-col gap-1">
                <span class="font-semibold text-stone-700">{move || i18n.t(Key::BrowseStatus)}</span>
                <select name="status" class=input>
                    {StatusFilter::ALL
                        .map(|s| {
                            view! {
                                <option value=s.key() selected=s == query.status>
                                    {move || i18n.locale.get().status_filter(s)}
                                </option>
                            }
                        })}
                </select>
            </label>
            // Two equal boxes under one label, so neither collapses beside it on a phone.
            <fieldset class="flex flex-col gap-1">
                <legend class="font-semibold text-stone-700">{move || i18n.t(Key::BrowsePrice)}</legend>
                <div class="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-2">
                    <input
                        type="number"
                        name="min"
                        min="0"
                        step="1000"
                        placeholder=move || i18n.t(Key::PriceMin)
                        aria-label=move || i18n.t(Key::PriceMinLabel)
                        class=input
                        value=query.min_price.map(|v| v.to_string())
                        data-testid="price-min"
                    />
                    <span aria-hidden="true">"~"</span>
                    <input
                        type="number"
                        name="max"
                        min="0"
                        step="1000"
                        placeholder=move || i18n.t(Key::PriceMax)
                        aria-label=move || i18n.t(Key::PriceMaxLabel)
                        class=input
                        value=query.max_price.map(|v| v.to_string())
                        data-testid="price-max"
                    />
                </div>
            </fieldset>
            <label class="flex flex-col gap-1">
                <span class="font-semibold text-stone-700">{move || i18n.t(Key::BrowseEnding)}</span>
                <select name="ending" class=input data-testid="ending-filter">
                    <option value="" selected=query.ending.is_none()>
                        {move || i18n.t(Key::BrowseEndingAny)}
                    </option>
                    {EndingWithin::ALL
                        .map(|e| {
                            view! {
                                <option value=e.key() selected=query.ending == Some(e)>
                                    {move || i18n.locale.get().ending_within(e)}
                                </option>
                            }
                        })}
                </select>
            </label>
            <label class="flex items-center gap-2">
                <input type="checkbox" name="buy_now" value="1" checked=query.buy_now_only />
                <span>{move || i18n.t(Key::BrowseBuyNowOnly)}</span>
            </label>
            <button type="submit" class="rounded-full bg-ink px-4 py-2 font-semibold text-white">
                {move || i18n.t(Key::BrowseApply)}
            </button>
        </form>
    }
}

#[component]
fn SortLinks(query: BrowseQuery) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="flex flex-wrap gap-2 text-sm" aria-label=move || i18n.t(Key::SortLabel) data-testid="sort-links">
            {SortOrder::offered(query.is_search())
                .map(|s| {
                    let active = s == query.sort;
                    let href = BrowseQuery {
                        sort: s,
                        page: 1,
                        ..query.clone()
                    }
                        .to_url();
                    view! {
                        <a
                            href=href
                            class="rounded-full px-3 py-1"
                            class:bg-ink=active
                            class:text-white=active
                            class:bg-white=!active
                            class:border=!active
                            class:border-stone-200=!active
                            aria-current=active.then_some("true")
                        >
                            {move || i18n.locale.get().sort_order(s)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn Pager(query: BrowseQuery, page: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        let first = page.saturating_sub(3).max(1);
        let last = (first + 6).min(pages);
        view! {
            <nav class="mt-10 flex flex-wrap justify-center gap-1 text-sm" aria-label=move || i18n.t(Key::PagesLabel) data-testid="pager">
                {(page > 1)
                    .then(|| {
                        view! {
                            <a href=query.with_page(page - 1).to_url() class="rounded px-3 py-1.5 hover:bg-stone-100" rel="prev">
                                {move || i18n.t(Key::PagePrev)}
                            </a>
                        }
                    })}
                {(first..=last)
                    .map(|p| {
                        let active = p == page;
                        view! {
                            <a
                                href=query.with_page(p).to_url()
                                class="rounded px-3 py-1.5"
                                class:bg-ink=active
                                class:text-white=active
                                aria-current=active.then_some("page")
                            >
                                {p}
                            </a>
                        }
                    })
                    .collect_view()}
                {(page < pages)
                    .then(|| {
                        view! {
                            <a href=query.with_page(page + 1).to_url() class="rounded px-3 py-1.5 hover:bg-stone-100" rel="next">
                                {move || i18n.t(Key::PageNext)}
                            </a>
                        }
                    })}
            </nav>
        }
    })
}
