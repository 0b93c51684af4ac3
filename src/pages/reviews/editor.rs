//! `/reviews/new` (pick one of "my purchases" that arrived, then title, markdown text with a live
//! sanitised preview, and up to 3 photos; below, the reviews already written) and `/reviews/{id}/edit`
//! (the author only). The same rules run live in the browser and again on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::artworks::preview_markdown;
use crate::api::reviews::{get_my_reviews, get_review, CreateReview, UpdateReview};
use crate::components::image_uploader::{any_uploading, uploaded_ids, ImageUploader, UploadSlot};
use crate::components::review_card::ReviewGrid;
use crate::domain::review::{MyReviews, ReviewDetail, ReviewForm, ReviewableOrder, BODY_MAX, MAX_IMAGES, TITLE_MAX};
use crate::error::ErrorKind;
use crate::i18n::{use_i18n, Key};

const INPUT: &str = "w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20";

#[component]
pub fn NewReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new_blocking(|| (), |_| get_my_reviews());
    view! {
        <Title text=move || i18n.t(Key::WriteReview) />
        <Suspense fallback=move || {
            view! {
                <p class="px-4 py-10 text-center text-stone-500" aria-busy="true">
                    {move || i18n.t(Key::Loading)}
                </p>
            }
        }>
            {move || Suspend::new(async move {
                let preselect = query.with_untracked(|q| q.get("order")).and_then(|o| o.parse::<u64>().ok());
                match data.await {
                    Ok(m) => view! { <NewReview m preselect /> }.into_any(),
                    Err(e) if e.kind == ErrorKind::Unauthorized => view! { <Redirect path="/login?next=/reviews/new" /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p role="alert" class="px-4 py-10 text-center text-red-700">
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
fn NewReview(m: MyReviews, preselect: Option<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateReview>::new();
    let form = RwSignal::new(ReviewForm::default());
    let images = RwSignal::new(Vec::<UploadSlot>::new());
    let chosen = preselect.filter(|p| m.reviewable.iter().any(|o| o.order_id == *p)).or_else(|| m.reviewable.first().map(|o| o.order_id));
    view! {
        <section class="mx-auto max-w-3xl px-4 py-10" data-testid="new-review">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::WriteReview)}</h1>
            <p class="mt-2 text-sm text-stone-600">{move || i18n.t(Key::ReviewOncePerWork)}</p>
            {if m.reviewable.is_empty() {
                view! {
                    <div class="mt-8 rounded-xl border border-dashed border-stone-300 p-8 text-center" data-testid="nothing-to-review">
                        <p class="text-stone-600">{move || i18n.t(Key::ReviewNothingToReview)}</p>
                        <a
                            href="/me/auctions?tab=won"
                            class="mt-4 inline-block rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white"
                        >
                            {move || i18n.t(Key::ReviewSeeWonOrders)}
                        </a>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="review-form">
                        <fieldset class="flex flex-col gap-2">
                            <legend class="text-sm font-medium">{move || i18n.t(Key::ReviewWhichWork)}</legend>
                            {m
                                .reviewable
                                .into_iter()
                                .map(|o| {
                                    let checked = chosen == Some(o.order_id);
                                    view! { <PurchaseChoice o checked /> }
                                })
                                .collect_view()}
                        </fieldset>
                        <ReviewFields form images />
                        {move || {
                            super::super::account::error_of(create.value().get())
                                .map(|e| {
                                    view! {
                                        <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        <button
                            type="submit"
                            class="rounded-full bg-brand px-6 py-3 font-semibold text-white disabled:opacity-60"
                            disabled=move || create.pending().get() || images.with(|l| any_uploading(l))
                            data-testid="review-submit"
                        >
                            {move || i18n.t(if create.pending().get() { Key::ReviewPosting } else { Key::ReviewPost })}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
            <section class="mt-14" data-testid="my-reviews">
                <h2 class="text-lg font-semibold">
                    {move || i18n.t(Key::ReviewMine)} " " <span class="text-sm font-normal text-stone-500">{m.written.len()}</span>
                </h2>
                {if m.written.is_empty() {
                    view! { <p class="mt-3 text-sm text-stone-500">{move || i18n.t(Key::ReviewNoneWritten)}</p> }.into_any()
                } else {
                    view! {
                        <div class="mt-4">
                            <ReviewGrid cards=m.written />
                        </div>
                    }
                        .into_any()
                }}
            </section>
        </section>
    }
}

/// One purchase to pick (a radio styled as a card).
#[component]
fn PurchaseChoice(o: ReviewableOrder, checked: bool) -> impl IntoView {
    view! {
        <label
            class="flex cursor-pointer items-center gap-3 rounded-xl border border-stone-200 bg-white p-3 has-[:checked]:border-brand has-[:checked]:ring-2 has-[:checked]:ring-brand/20"
            data-testid="purchase-choice"
        >
            <input type="radio" name="order_id" value=o.order_id checked=checked required=true class="accent-brand" />
            <span class="h-14 w-14 flex-none overflow-hidden rounded-lg bg-stone-100">
                {o.cover_url.clone().map(|src| view! { <img src=src alt="" class="h-full w-full object-cover" /> })}
            </span>
            <span class="flex min-w-0 flex-col text-sm">
                <span class="truncate font-semibold">{o.title.clone()}</span>
                <span class="text-stone-600">{o.artist_nickname.clone()}" · "{o.amount.display()}</span>
                {o
                    .received_at
                    .map(|at| {
                        let i18n = use_i18n();
                        view! { <span class="text-xs text-stone-500">{move || i18n.locale.get().received_on(&i18n.datetime(at))}</span> }
                    })}
            </span>
        </label>
    }
}

/// Title, text with its preview, photos and the live check; posted as `form[…]`.
#[component]
fn ReviewFields(form: RwSignal<ReviewForm>, images: RwSignal<Vec<UploadSlot>>) -> impl IntoView {
    let i18n = use_i18n();
    let next_key = StoredValue::new(0u32);
    let image_ids = move || images.with(|l| uploaded_ids(l));
    let body = Signal::derive(move || form.with(|f| f.body.clone()));
    let preview = Resource::new(
        move || body.get(),
        |text| async move {
            if text.trim().is_empty() {
                Ok(String::new())
            } else {
                preview_markdown(text).await
            }
        },
    );
    let initial = form.get_untracked();
    let check = move || {
        let mut f = form.get();
        f.images = image_ids();
        // Say nothing while the form is still empty.
        if f.title.is_empty() && f.body.is_empty() {
            None
        } else {
            f.validate().err()
        }
    };
    view! {
        <label class="flex flex-col gap-1.5">
            <span class="text-sm font-medium">{move || i18n.t(Key::ReviewFieldTitle)}</span>
            <input
                name="form[title]"
                required=true
                maxlength=TITLE_MAX.to_string()
                class=INPUT
                data-testid="review-title-input"
                value=initial.title
                prop:value=move || form.with(|f| f.title.clone())
                on:input=move |ev| form.update(|f| f.title = event_target_value(&ev))
            />
        </label>
        <div class="grid gap-3 md:grid-cols-2">
            <label class="flex flex-col gap-1.5">
                <span class="text-sm font-medium">{move || i18n.t(Key::ReviewFieldBody)}</span>
                <textarea
                    name="form[body]"
                    rows="8"
                    required=true
                    maxlength=BODY_MAX.to_string()
                    class=INPUT
                    data-testid="review-body-input"
                    placeholder=move || i18n.t(Key::ReviewBodyPlaceholder)
                    prop:value=body
                    on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                >
                    {initial.body}
                </textarea>
            </label>
            <div class="flex flex-col gap-1.5">
                <span class="text-sm font-medium text-stone-500">{move || i18n.t(Key::Preview)}</span>
                <Suspense>
                    <div
                        class="prose prose-stone min-h-32 max-w-none rounded-lg border border-dashed border-stone-300 bg-stone-50 p-3 text-sm"
                        data-testid="review-preview"
                        inner_html=move || preview.get().and_then(Result::ok).unwrap_or_default()
                    ></div>
                </Suspense>
            </div>
        </div>
        <ImageUploader
            images
            next_key
            endpoint="/api/uploads/review-image"
            max=Signal::stored(MAX_IMAGES)
            label=Signal::derive(move || i18n.t(Key::ReviewPhotosLabel))
            hint=Signal::derive(move || i18n.t(Key::ReviewPhotosHint))
        />
        <input type="hidden" name="form[images]" prop:value=image_ids />
        {move || {
            check()
                .map(|e| {
                    view! {
                        <p class="text-sm text-amber-700" data-testid="review-live-check">
                            {e}
                        </p>
                    }
                })
        }}
    }
}

#[component]
pub fn EditReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let review = Resource::new_blocking(id, |id| get_review(id, 1));
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t(Key::ReviewEditTitle) />
        <Suspense fallback=move || {
            view! {
                <p class="px-4 py-10 text-center text-stone-500" aria-busy="true">
                    {move || i18n.t(Key::Loading)}
                </p>
            }
        }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) if r.is_mine => view! { <EditReview r /> }.into_any(),
                    Ok(_) => {
                        view! {
                            <p role="alert" class="px-4 py-20 text-center text-lg font-semibold">
                                {move || i18n.t(Key::ReviewOnlyOwnEdit)}
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) if e.kind == ErrorKind::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => {
                        view! {
                            <p role="alert" class="px-4 py-20 text-center text-lg font-semibold">
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
fn EditReview(r: ReviewDetail) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateReview>::new();
    let form = RwSignal::new(ReviewForm { title: r.title.clone(), body: r.body.clone(), images: String::new() });
    let images = RwSignal::new(
        r.images
            .iter()
            .enumerate()
            .map(|(i, img)| UploadSlot::existing(i as u32 + 1000, img.upload_id.clone(), img.thumb_url.clone()))
            .collect::<Vec<_>>(),
    );
    view! {
        <section class="mx-auto max-w-3xl px-4 py-10" data-testid="edit-review">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::ReviewEditTitle)}</h1>
            <ActionForm action=update attr:class="mt-8 flex flex-col gap-5" attr:data-testid="review-form">
                <input type="hidden" name="id" value=r.id />
                <ReviewFields form images />
                {move || {
                    super::super::account::error_of(update.value().get())
                        .map(|e| {
                            view! {
                                <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
                                    {e}
                                </p>
                            }
                        })
                }}
                <div class="flex gap-2">
                    <button
                        type="submit"
                        class="rounded-full bg-brand px-6 py-3 font-semibold text-white disabled:opacity-60"
                        disabled=move || update.pending().get() || images.with(|l| any_uploading(l))
                        data-testid="review-submit"
                    >
                        {move || i18n.t(Key::Save)}
                    </button>
                    <a href=format!("/reviews/{}", r.id) class="rounded-full border border-stone-300 px-6 py-3 font-medium">
                        {move || i18n.t(Key::Cancel)}
                    </a>
                </div>
            </ActionForm>
        </section>
    }
}
