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
use crate::domain::time::format_kst;
use crate::error::ErrorKind;

const INPUT: &str = "w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/20";

#[component]
pub fn NewReviewPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new_blocking(|| (), |_| get_my_reviews());
    view! {
        <Title text="후기 쓰기" />
        <Suspense fallback=|| {
            view! {
                <p class="px-4 py-10 text-center text-stone-500" aria-busy="true">
                    "불러오는 중…"
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
    let create = ServerAction::<CreateReview>::new();
    let form = RwSignal::new(ReviewForm::default());
    let images = RwSignal::new(Vec::<UploadSlot>::new());
    let chosen = preselect.filter(|p| m.reviewable.iter().any(|o| o.order_id == *p)).or_else(|| m.reviewable.first().map(|o| o.order_id));
    view! {
        <section class="mx-auto max-w-3xl px-4 py-10" data-testid="new-review">
            <h1 class="text-2xl font-bold">"후기 쓰기"</h1>
            <p class="mt-2 text-sm text-stone-600">
                "받은 작품마다 한 번 쓸 수 있어요. 쓴 뒤에도 고치거나 지울 수 있습니다."
            </p>
            {if m.reviewable.is_empty() {
                view! {
                    <div class="mt-8 rounded-xl border border-dashed border-stone-300 p-8 text-center" data-testid="nothing-to-review">
                        <p class="text-stone-600">
                            "후기를 쓸 수 있는 구매 작품이 없습니다. 작품을 받고 수령 확인을 하면 후기를 쓸 수 있어요."
                        </p>
                        <a
                            href="/me/auctions?tab=won"
                            class="mt-4 inline-block rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white"
                        >
                            "낙찰 · 주문 보기"
                        </a>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="review-form">
                        <fieldset class="flex flex-col gap-2">
                            <legend class="text-sm font-medium">"어떤 작품의 후기인가요?"</legend>
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
                            {move || if create.pending().get() { "올리는 중…" } else { "후기 올리기" }}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
            <section class="mt-14" data-testid="my-reviews">
                <h2 class="text-lg font-semibold">
                    "내가 쓴 후기 " <span class="text-sm font-normal text-stone-500">{m.written.len()}</span>
                </h2>
                {if m.written.is_empty() {
                    view! { <p class="mt-3 text-sm text-stone-500">"아직 쓴 후기가 없습니다."</p> }.into_any()
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
                {o.received_at.map(|at| view! { <span class="text-xs text-stone-500">{format!("{} 수령", format_kst(at))}</span> })}
            </span>
        </label>
    }
}

/// Title, text with its preview, photos and the live check; posted as `form[…]`.
#[component]
fn ReviewFields(form: RwSignal<ReviewForm>, images: RwSignal<Vec<UploadSlot>>) -> impl IntoView {
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
            <span class="text-sm font-medium">"제목"</span>
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
                <span class="text-sm font-medium">"후기 (마크다운)"</span>
                <textarea
                    name="form[body]"
                    rows="8"
                    required=true
                    maxlength=BODY_MAX.to_string()
                    class=INPUT
                    data-testid="review-body-input"
                    placeholder="작품을 받아 본 느낌, 포장과 배송, 작가와의 소통을 들려주세요."
                    prop:value=body
                    on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))
                >
                    {initial.body}
                </textarea>
            </label>
            <div class="flex flex-col gap-1.5">
                <span class="text-sm font-medium text-stone-500">"미리보기"</span>
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
            label=Signal::stored("사진 (선택, 최대 3장)")
            hint=Signal::stored("JPEG, PNG, WebP · 10MB 이하 · 받은 작품이 걸린 모습이나 포장을 보여 주세요.")
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
    view! {
        <Title text="후기 수정" />
        <Suspense fallback=|| {
            view! {
                <p class="px-4 py-10 text-center text-stone-500" aria-busy="true">
                    "불러오는 중…"
                </p>
            }
        }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(r) if r.is_mine => view! { <EditReview r /> }.into_any(),
                    Ok(_) => {
                        view! {
                            <p role="alert" class="px-4 py-20 text-center text-lg font-semibold">
                                "본인이 쓴 후기만 수정할 수 있습니다."
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
            <h1 class="text-2xl font-bold">"후기 수정"</h1>
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
                        "저장"
                    </button>
                    <a href=format!("/reviews/{}", r.id) class="rounded-full border border-stone-300 px-6 py-3 font-medium">
                        "취소"
                    </a>
                </div>
            </ActionForm>
        </section>
    }
}
