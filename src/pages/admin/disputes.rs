//! `/admin/disputes`: the open disputes and their resolution.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::shown_at;
use super::{page_of, AdminNav, Pager, INPUT};
use crate::api::admin::admin_disputes;
use crate::api::auction::ResolveDispute;
use crate::components::missing::Missing;
use crate::domain::moderation::DisputeRow;
use crate::i18n::admin::{self, AdminKey};
use crate::i18n::{use_i18n, Key};

/// `/admin/disputes`: open disputes, oldest first — the order, both parties, the timeline, the buyer's
/// reason and photos — each resolved by a refund to the buyer or a release to the artist, with a reason.
#[component]
pub fn AdminDisputesPage() -> impl IntoView {
    let i18n = use_i18n();
    let resolve = ServerAction::<ResolveDispute>::new();
    let query = use_query_map();
    let page = move || query.with(page_of);
    let disputes = Resource::new_blocking(move || (page(), resolve.version().get()), |(page, _)| admin_disputes(page));
    view! {
        <Title text=move || i18n.admin(AdminKey::DisputesTitle) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-disputes-page">
            <h1 class="mb-4 text-2xl font-bold">{move || i18n.t(Key::AdminNav)}</h1>
            <AdminNav current="/admin/disputes" />
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match disputes.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-6 rounded-xl border border-dashed border-stone-300 p-8 text-center text-stone-500">
                                    {move || i18n.admin(AdminKey::NoDisputes)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(mut list) => {
                            let per_page = crate::domain::moderation::DISPUTE_PAGE_SIZE as usize;
                            let has_more = list.len() > per_page;
                            list.truncate(per_page);
                            let current = page();
                            view! {
                                <ul class="mt-6 flex flex-col gap-3">
                                    {list.into_iter().map(|d| view! { <DisputeItem d resolve /> }).collect_view()}
                                </ul>
                                <Pager page=current has_more href=|n| format!("/admin/disputes?page={n}") />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Missing error=e testid="admin-missing" /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DisputeItem(d: DisputeRow, resolve: ServerAction<ResolveDispute>) -> impl IntoView {
    let i18n = use_i18n();
    let paid = shown_at(d.paid_at);
    let shipped = d.shipped_at.map(|s| (shown_at(s), d.carrier.clone().unwrap_or_default(), d.tracking_no.clone().unwrap_or_default()));
    let disputed = d.disputed_at.map(shown_at);
    let (order_id, buyer, artist) = (d.order_id, d.buyer.clone(), d.artist.clone());
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="dispute-item">
            <p class="flex flex-wrap items-center gap-2">
                <a class="font-semibold text-brand underline" href=format!("/artworks/{}", d.artwork_id)>
                    {d.title.clone()}
                </a>
                <span class="tabular-nums">{d.amount.display()}</span>
                <span class="ml-auto text-xs text-stone-500">
                    {move || admin::dispute_parties(i18n.locale.get(), order_id, &buyer, &artist)}
                </span>
            </p>
            <ol class="mt-2 flex flex-wrap gap-x-4 text-xs text-stone-600">
                <li>{move || admin::paid_at(i18n.locale.get(), &paid)}</li>
                {shipped
                    .map(|(at, carrier, tracking_no)| {
                        view! { <li>{move || admin::shipped_at(i18n.locale.get(), &at, &carrier, &tracking_no)}</li> }
                    })}
                {disputed.map(|at| view! { <li>{move || admin::disputed_at(i18n.locale.get(), &at)}</li> })}
            </ol>
            <p class="mt-2 whitespace-pre-wrap break-words">{d.reason.clone()}</p>
            {(!d.photos.is_empty())
                .then(|| {
                    view! {
                        <div class="mt-2 flex flex-wrap gap-2">
                            {d
                                .photos
                                .iter()
                                .map(|url| {
                                    view! {
                                        <a href=url.clone()>
                                            <img
                                                src=url.clone()
                                                alt=move || i18n.admin(AdminKey::BuyerPhoto)
                                                class="h-24 w-24 rounded object-cover"
                                            />
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })}
            <ActionForm action=resolve attr:class="mt-3 flex flex-wrap items-end gap-2">
                <input type="hidden" name="order_id" value=d.order_id />
                <label class="flex flex-1 flex-col gap-1">
                    <span class="text-xs text-stone-600">{move || i18n.admin(AdminKey::DisputeNote)}</span>
                    <input name="note" required=true class=INPUT />
                </label>
                <button
                    type="submit"
                    name="refund"
                    value="true"
                    class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white"
                    data-testid="dispute-refund"
                >
                    {move || i18n.admin(AdminKey::RefundBuyer)}
                </button>
                <button
                    type="submit"
                    name="refund"
                    value="false"
                    class="rounded-full border border-stone-300 px-4 py-2 font-medium"
                    data-testid="dispute-release"
                >
                    {move || i18n.admin(AdminKey::PayArtist)}
                </button>
            </ActionForm>
            {move || {
                resolve
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p role="alert" class="mt-2 text-red-700">
                                {e.message}
                            </p>
                        }
                    })
            }}
        </li>
    }
}
