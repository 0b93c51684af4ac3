//! `/artworks/{id}`: gallery, details, artist card, likes, and the live auction room (`LotPanel`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::artworks::{get_artwork, toggle_like, HideArtwork, WithdrawArtwork};
use crate::api::auction::get_lot_room;
use crate::components::confirm::confirmed;
use crate::components::gallery::Gallery;
use crate::components::lot_room::LotPanel;
use crate::components::missing::Missing;
use crate::components::report::ReportForm;
use crate::components::review_card::ReviewGrid;
use crate::domain::moderation::ReportTarget;
use crate::domain::{size_cm, ArtworkDetail, LotStatus};
use crate::error::ErrorKind;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ArtworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").and_then(|v| v.parse::<u64>().ok());
    let artwork = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_artwork(id).await,
            None => Err(crate::error::AppError::not_found(Key::ArtworkNotFound)),
        }
    });
    view! {
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match artwork.await {
                    Ok(a) => {
                        view! {
                            <Title text=a.title.clone() />
                            <Detail a />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <Missing error=e testid="artwork-missing" back=("/artworks", Key::BrowseTitle) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(a: ArtworkDetail) -> impl IntoView {
    let i18n = use_i18n();
    let size = size_cm(a.width_mm, a.height_mm, a.depth_mm);
    let genre_path = a.genre_path.clone();
    let genre = move || i18n.locale.get().genre_path(&genre_path);
    let genre_href = crate::domain::BrowseQuery { genre: a.genre_path.clone(), ..Default::default() }.to_url();
    let editable = a.is_mine && a.status == LotStatus::Live && a.bid_count == 0;
    let id = a.id;
    view! {
        <article class="mx-auto grid max-w-6xl gap-8 px-4 py-8 lg:grid-cols-[3fr_2fr]" data-testid="artwork-page">
            <div>
                {a
                    .hidden_reason
                    .clone()
                    .map(|r| {
                        view! {
                            <p role="alert" class="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
                                {move || i18n.t(Key::ArtworkHidden)}
                                ": "
                                {r}
                            </p>
                        }
                    })} <Gallery images=a.images.clone() /> <section class="mt-8">
                    <h2 class="text-lg font-semibold">{move || i18n.t(Key::ArtworkDescription)}</h2>
                    // Rendered from markdown and sanitised on the server.
                    <div class="prose prose-stone mt-3 max-w-none" data-testid="description" inner_html=a.description_html.clone()></div>
                </section>
                {(!a.reviews.is_empty() || a.status == LotStatus::Sold).then(|| view! { <WorkReviews reviews=a.reviews.clone() /> })}
            </div>
            <div class="flex flex-col gap-5">
                <div>
                    <a href=genre_href class="text-sm text-stone-500 hover:text-brand" data-testid="genre-link">
                        {genre}
                    </a>
                    <h1 class="mt-1 text-2xl font-bold" data-testid="artwork-title">
                        {a.title.clone()}
                    </h1>
                    {(!a.tags.is_empty())
                        .then(|| {
                            view! {
                                <p class="mt-2 flex flex-wrap gap-1">
                                    {a
                                        .tags
                                        .iter()
                                        .map(|t| {
                                            view! {
                                                <span class="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-600">
                                                    "#"{t.clone()}
                                                </span>
                                            }
                                        })
                                        .collect_view()}
                                </p>
                            }
                        })}
                </div>
                <a
                    href=format!("/artists/{}", a.artist.nickname)
                    class="flex items-center gap-3 rounded-xl border border-stone-200 bg-white p-3 hover:border-brand"
                    data-testid="artist-link"
                >
                    {match a.artist.avatar_url.clone() {
                        Some(src) => view! { <img src=src alt="" class="h-12 w-12 rounded-full object-cover" /> }.into_any(),
                        None => view! { <div class="h-12 w-12 rounded-full bg-stone-200"></div> }.into_any(),
                    }}
                    <div>
                        <p class="font-semibold">
                            {a.artist.nickname.clone()}
                            {a
                                .artist
                                .verified_student
                                .then(|| {
                                    view! { <span class="ml-1 text-xs text-brand">"✓ "{move || i18n.t(Key::VerifiedStudent)}</span> }
                                })}
                        </p>
                        <p class="text-sm text-stone-500">{a.artist.college.clone()}</p>
                    </div>
                </a>
                // The live auction room: price, bids, countdown, bid form and history over the page's live stream.
                <LotRoomSlot id />
                <LikeButton id=a.id liked=a.liked_by_me count=a.like_count />
                <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="artwork-facts">
                    {(!a.medium.is_empty())
                        .then(|| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::ArtworkMedium)}</dt>
                                <dd>{a.medium.clone()}</dd>
                            }
                        })}
                    {size
                        .map(|s| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::ArtworkSize)}</dt>
                                <dd>{s}</dd>
                            }
                        })}
                    {a
                        .year
                        .map(|y| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::ArtworkYear)}</dt>
                                <dd>{y}</dd>
                            }
                        })}
                    <dt class="text-stone-500">{move || i18n.t(Key::Delivery)}</dt>
                    <dd data-testid="artwork-delivery">
                        {
                            let d = a.delivery.clone();
                            move || i18n.locale.get().delivery(&d)
                        }
                    </dd>
                    // The artist sees what they would receive at the current price.
                    {a
                        .is_mine
                        .then(|| {
                            let p = crate::domain::delivery::payout(a.current_price, a.delivery.fee(), a.commission_percent);
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::PayoutExpected)}</dt>
                                <dd data-testid="artwork-payout">{move || i18n.locale.get().payout(&p)}</dd>
                            }
                        })}
                </dl>
                {editable.then(|| view! { <OwnerActions id /> })}
                // An artist's own unsold lot: what lots like it sold for, to price the next listing.
                {(a.is_mine && a.status == LotStatus::Unsold)
                    .then(|| {
                        let path = a.genre_path.clone();
                        view! { <crate::components::comparables::ComparablesPanel path=Signal::stored(path) /> }
                    })}
                {a.viewer_is_admin.then(|| view! { <AdminHide id /> })}
                {(a.viewer_is_admin && a.status == LotStatus::Live).then(|| view! { <AdminCancel id /> })}
                {(!a.is_mine).then(|| view! { <ReportForm target=ReportTarget::Artwork id /> })}
            </div>
        </article>
    }
}

#[component]
fn LotRoomSlot(id: u64) -> impl IntoView {
    let room = Resource::new_blocking(move || id, get_lot_room);
    view! {
        <Suspense fallback=|| {
            view! { <div class="h-64 animate-pulse rounded-xl bg-stone-100" data-testid="lot-panel-loading"></div> }
        }>
            {move || Suspend::new(async move {
                match room.await {
                    Ok(room) => view! { <LotPanel room /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p role="alert" class="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-700">
                                {e.message}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn LikeButton(id: u64, liked: bool, count: u32) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new((liked, count));
    let toggle = Action::new(move |_: &()| async move {
        let result = toggle_like(id).await;
        if let Ok(s) = &result {
            state.set((s.liked, s.count));
        }
        result
    });
    let error = move || toggle.value().get().and_then(Result::err);
    view! {
        <div>
            <button
                type="button"
                class="flex w-full items-center justify-center gap-2 rounded-full border px-5 py-2.5 font-medium"
                class:border-brand=move || state.get().0
                class:text-brand=move || state.get().0
                class:border-stone-300=move || !state.get().0
                aria-pressed=move || state.get().0.to_string()
                data-testid="like-button"
                on:click=move |_| {
                    toggle.dispatch(());
                }
            >
                <span aria-hidden="true">{move || if state.get().0 { "♥" } else { "♡" }}</span>
                {move || i18n.t(Key::ArtworkLike)}
                <span data-testid="like-count">{move || state.get().1}</span>
            </button>
            {move || {
                error()
                    .map(|e| {
                        let login = e.kind == ErrorKind::Unauthorized;
                        view! {
                            <p role="alert" class="mt-2 text-sm text-red-600">
                                {e.message}
                                {login
                                    .then(|| {
                                        view! {
                                            " "
                                            <a href=format!("/login?next=/artworks/{id}") class="underline">
                                                {i18n.t(Key::LoginTitle)}
                                            </a>
                                        }
                                    })}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn OwnerActions(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let withdraw = ServerAction::<WithdrawArtwork>::new();
    view! {
        <div class="flex flex-wrap gap-2" data-testid="owner-actions">
            <a
                href=format!("/artworks/{id}/edit")
                class="rounded-full border border-stone-300 px-4 py-2 text-sm font-medium hover:border-brand"
            >
                {move || i18n.t(Key::ArtworkEdit)}
            </a>
            <ActionForm action=withdraw>
                <input type="hidden" name="id" value=id />
                <button
                    type="submit"
                    class="rounded-full border border-stone-300 px-4 py-2 text-sm font-medium text-red-700 hover:border-red-400"
                    on:click=move |ev| {
                        confirmed(&ev, i18n.t(Key::ConfirmWithdrawWork));
                    }
                >
                    {move || i18n.t(Key::ArtworkWithdraw)}
                </button>
            </ActionForm>
            {move || {
                super::account::error_of(withdraw.value().get())
                    .map(|e| {
                        view! {
                            <p role="alert" class="w-full text-sm text-red-600">
                                {e}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn AdminHide(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let hide = ServerAction::<HideArtwork>::new();
    view! {
        <ActionForm
            action=hide
            attr:class="flex flex-col gap-2 rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm"
            attr:data-testid="admin-hide"
        >
            <input type="hidden" name="id" value=id />
            <label class="flex flex-col gap-1">
                <span class="font-semibold">{move || i18n.t(Key::AdminHideReason)}</span>
                <input name="reason" required=true class="rounded border border-amber-300 px-2 py-1.5" />
            </label>
            <button type="submit" class="self-start rounded-full bg-amber-700 px-4 py-1.5 font-semibold text-white">
                {move || i18n.t(Key::Hide)}
            </button>
            {move || crate::components::outcome::outcome(hide.value().get(), i18n.t(Key::HiddenDone))}
        </ActionForm>
    }
}

/// An admin cancels the live lot with a reason: every hold released, no sale, open pages told.
#[component]
fn AdminCancel(id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<crate::api::admin::CancelLot>::new();
    view! {
        <ActionForm
            action=cancel
            attr:class="mt-3 flex flex-col gap-2 rounded-xl border border-red-200 bg-red-50 p-3 text-sm"
            attr:data-testid="admin-cancel-lot"
        >
            <input type="hidden" name="lot_id" value=id />
            <label class="flex flex-col gap-1">
                <span class="font-semibold">{move || i18n.t(Key::AdminCancelReason)}</span>
                <input name="reason" required=true class="rounded border border-red-300 px-2 py-1.5" />
            </label>
            <button
                type="submit"
                class="self-start rounded-full bg-red-700 px-4 py-1.5 font-semibold text-white"
                on:click=move |ev| {
                    confirmed(&ev, i18n.t(Key::AdminCancelConfirm));
                }
            >
                {move || i18n.t(Key::AdminCancelLot)}
            </button>
            {move || crate::components::outcome::outcome(cancel.value().get(), i18n.t(Key::AdminCancelledLot))}
        </ActionForm>
    }
}

/// The buyers' reviews of this work (a work is sold once, so usually one).
#[component]
fn WorkReviews(reviews: Vec<crate::domain::review::ReviewCard>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-10" data-testid="artwork-reviews">
            <h2 class="text-lg font-semibold">{move || i18n.t(Key::BuyerReviews)}</h2>
            {if reviews.is_empty() {
                view! {
                    <p class="mt-3 rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500">
                        {move || i18n.t(Key::NoWorkReviews)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="mt-4">
                        <ReviewGrid cards=reviews />
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
