//! The live auction room on the artwork page: price, bids, minimum next bid, countdown on the server's
//! clock, soft-close notice, bid form (with a confirmation naming the amount: bids are binding),
//! buy-now, and the bid history — all kept current by the page's live stream, without reloading.

use leptos::prelude::*;

use super::countdown::Countdown;
use super::live::use_live_hub;
use super::price::Price;
use crate::api::auction::{BuyNow, PlaceBid};
use crate::components::confirm::confirmed;
use crate::domain::{BidEntry, LotRoom, LotSnapshot, LotStatus, Won};
use crate::error::AppError;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn LotPanel(room: LotRoom) -> impl IntoView {
    let hub = use_live_hub();
    let lot_id = room.lot.lot_id;
    let live = hub.watch(lot_id, Some(room.lot.clone()));
    let initial = room.lot.clone();
    let lot = Memo::new(move |_| live.snapshot.get().unwrap_or_else(|| initial.clone()));
    let my_handle = RwSignal::new(room.me.as_ref().map(|m| m.handle));
    let my_max = RwSignal::new(room.me.as_ref().and_then(|m| m.my_max));
    let history = room.history.clone();
    let bids = Memo::new(move |_| {
        let mut all: Vec<BidEntry> = live.new_bids.get();
        for b in &history {
            if !all.iter().any(|x| x.seq == b.seq) {
                all.push(b.clone());
            }
        }
        let voided = live.voided.get();
        all.retain(|b| !voided.contains(&b.seq));
        all.sort_by_key(|b| std::cmp::Reverse(b.seq));
        all
    });
    let leading = move || {
        let l = lot.get();
        my_handle.get().is_some() && l.leader_handle == my_handle.get()
    };
    // Memos for what decides the panel's structure, so a live event updates texts without rebuilding the
    // bid form (focus and typed amount survive) or the countdown.
    let status = Memo::new(move |_| lot.with(|l| l.status));
    let is_live = move || status.get() == LotStatus::Live;
    let buy_now = Memo::new(move |_| lot.with(|l| l.buy_now));
    let has_reserve = Memo::new(move |_| lot.with(|l| l.has_reserve));
    let ends_at = Signal::derive(move || lot.get().ends_at);
    let window_min = room.soft_close_window_secs / 60;
    // The shipping every total adds: from the live state, so an edit of the lot reaches the buttons.
    let shipping = Signal::derive(move || lot.with(|l| l.shipping_fee));
    let kind = room.delivery.clone();
    let delivery = move || match &kind {
        crate::domain::Delivery::Shipping { .. } => crate::domain::Delivery::Shipping { fee: shipping.get() },
        pickup => pickup.clone(),
    };
    let i18n = use_i18n();
    let server_now = room.server_now;

    let place = ServerAction::<PlaceBid>::new();
    let buy = ServerAction::<BuyNow>::new();
    // A bid's answer carries the new state: show it at once (the stream confirms it a moment later).
    Effect::new(move |_| {
        for outcome in [place.value().get(), buy.value().get()].into_iter().flatten().flatten() {
            if outcome.leading {
                my_handle.set(outcome.lot.leader_handle);
            }
            hub.apply_answer(live, outcome.lot);
        }
    });
    let amount = RwSignal::new(String::new());

    view! {
        <section class="rounded-xl border border-stone-200 bg-white p-5" data-testid="lot-panel" data-lot-seq=move || lot.get().seq>
            <div class="flex items-center justify-between">
                <span
                    class="rounded-full px-2.5 py-0.5 text-xs font-semibold"
                    class:bg-brand=is_live
                    class:text-white=is_live
                    class:bg-stone-200=move || !is_live()
                    data-testid="lot-status"
                >
                    {move || i18n.locale.get().lot_status(status.get())}
                </span>
                <span
                    class="text-xs"
                    class:text-emerald-700=move || hub.connected.get()
                    class:text-stone-500=move || !hub.connected.get()
                    data-testid="live-indicator"
                >
                    {move || i18n.t(if hub.connected.get() { Key::LiveOn } else { Key::LiveConnecting })}
                </span>
            </div>
            <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                <dt class="text-stone-500">{move || i18n.t(if lot.get().bid_count > 0 { Key::CurrentPrice } else { Key::StartPrice })}</dt>
                <dd class="text-right" data-testid="current-price" aria-live="polite" aria-atomic="true">
                    <Price amount=Signal::derive(move || lot.get().current_price) class="text-2xl font-bold" />
                </dd>
                <dt class="text-stone-500">{move || i18n.t(Key::BidsLabel)}</dt>
                <dd class="text-right" data-testid="bid-count">
                    {move || i18n.locale.get().times(lot.get().bid_count)}
                </dd>
                {move || {
                    is_live()
                        .then(|| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::MinNextBid)}</dt>
                                <dd class="text-right font-semibold" data-testid="min-next-bid">
                                    {move || lot.get().min_next_bid.display()}
                                </dd>
                            }
                        })
                }}
                {move || {
                    buy_now
                        .get()
                        .map(|p| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::BuyNowPrice)}</dt>
                                <dd class="text-right font-semibold">{p.display()}</dd>
                            }
                        })
                }}
                {move || {
                    has_reserve
                        .get()
                        .then(|| {
                            view! {
                                <dt class="text-stone-500">{move || i18n.t(Key::ReserveLabel)}</dt>
                                <dd class="text-right">
                                    {move || i18n.t(if lot.get().reserve_met { Key::ReserveMet } else { Key::ReserveNotMet })}
                                </dd>
                            }
                        })
                }}
                <dt class="text-stone-500">{move || i18n.t(Key::Delivery)}</dt>
                <dd class="text-right" data-testid="lot-delivery">
                    {move || i18n.locale.get().delivery(&delivery())}
                </dd>
                <dt class="text-stone-500">{move || i18n.t(Key::ArtworkDeadline)}</dt>
                <dd class="text-right">
                    <time class="block" data-testid="ends-at" datetime=move || lot.get().ends_at.to_rfc3339()>
                        {move || i18n.datetime(lot.get().ends_at)}
                    </time>
                    {move || {
                        if is_live() {
                            view! { <Countdown ends_at server_now /> }.into_any()
                        } else {
                            view! { <span class="font-semibold">{move || i18n.locale.get().lot_status(status.get())}</span> }.into_any()
                        }
                    }}
                </dd>
            </dl>
            {move || {
                (is_live() && lot.get().extended)
                    .then(|| {
                        view! {
                            <p
                                role="status"
                                class="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
                                data-testid="extended-notice"
                            >
                                {move || i18n.t(Key::ExtendedNotice)}
                            </p>
                        }
                    })
            }}
            {move || {
                is_live()
                    .then(|| {
                        view! { <p class="mt-3 text-xs text-stone-500">{move || i18n.locale.get().soft_close_note(window_min)}</p> }
                    })
            }}
            {move || {
                my_handle
                    .get()
                    .map(|h| {
                        view! {
                            <p
                                class="mt-3 rounded-lg px-3 py-2 text-sm font-medium"
                                role="status"
                                data-testid="my-position"
                                class:bg-emerald-50=leading
                                class:text-emerald-800=leading
                                class:bg-red-50=move || !leading()
                                class:text-red-800=move || !leading()
                            >
                                {move || i18n.locale.get().my_position(h, leading(), my_max.get(), lot.get().status)}
                            </p>
                        }
                    })
            }}
            {move || {
                is_live()
                    .then(|| {
                        if room.viewer_is_artist {
                            view! { <p class="mt-4 text-sm text-stone-500">{move || i18n.t(Key::OwnLotNoBid)}</p> }.into_any()
                        } else if !room.logged_in {
                            view! {
                                <a
                                    href=format!("/login?next=/artworks/{lot_id}")
                                    class="mt-4 block rounded-full bg-brand px-5 py-3 text-center font-semibold text-white"
                                    data-testid="login-to-bid"
                                >
                                    {move || i18n.t(Key::LoginToBid)}
                                </a>
                            }
                                .into_any()
                        } else {
                            view! { <BidForms lot_id lot place buy amount my_max shipping /> }.into_any()
                        }
                    })
            }}
            <BidHistory bids lot_id mine=my_handle admin=room.viewer_is_admin.then_some(lot_id) />
        </section>
    }
}

#[component]
fn BidForms(
    lot_id: u64,
    lot: Memo<LotSnapshot>,
    place: ServerAction<PlaceBid>,
    buy: ServerAction<BuyNow>,
    amount: RwSignal<String>,
    my_max: RwSignal<Option<Won>>,
    /// Added to every amount the buttons and confirmations show: what a winner pays in total.
    shipping: Signal<Won>,
) -> impl IntoView {
    let i18n = use_i18n();
    let buy_now = Memo::new(move |_| lot.with(|l| l.buy_now));
    // The amount the button names: what is typed, or the minimum next bid while nothing (valid) is.
    let bid_at = move || {
        crate::domain::listing::parse_won(&amount.get(), Key::FieldBid)
            .ok()
            .flatten()
            .filter(|w| w.amount() > 0)
            .unwrap_or_else(|| lot.get().min_next_bid)
    };
    let error = move || {
        let e = match (place.value().get(), buy.value().get()) {
            (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e),
            _ => None,
        };
        e.map(|e: AppError| {
            let charge = e.code == Some(crate::error::ErrorCode::InsufficientPoints);
            view! {
                <p role="alert" class="mt-2 text-sm text-red-600" data-testid="bid-error">
                    {e.message}
                    {charge
                        .then(|| {
                            view! {
                                " "
                                <a href="/me/wallet" class="font-semibold underline">
                                    {move || i18n.t(Key::ChargePoints)}
                                </a>
                            }
                        })}
                </p>
            }
        })
    };
    // What was submitted: on success and in the lead, it is the bidder's new maximum.
    let submitted = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = place.value().get() {
            if outcome.leading {
                if let Ok(Some(max)) = crate::domain::listing::parse_won(&submitted.get_untracked(), Key::FieldBid) {
                    my_max.set(Some(max));
                }
            }
            amount.set(String::new());
        }
    });
    let pending = move || place.pending().get() || buy.pending().get();
    view! {
        <div class="mt-4 flex flex-col gap-3">
            <ActionForm action=place attr:class="flex flex-col gap-2" attr:data-testid="bid-form">
                <input type="hidden" name="lot_id" value=lot_id />
                // What the bidder is shown: the server refuses the bid if the lot's shipping has changed.
                <input type="hidden" name="shipping_fee" prop:value=move || shipping.get().amount().to_string() />
                <label class="flex flex-col gap-1 text-sm">
                    <span class="font-medium">{move || i18n.t(Key::MaxBidLabel)}</span>
                    <input
                        name="amount"
                        inputmode="numeric"
                        required=true
                        autocomplete="off"
                        class="rounded-lg border border-stone-300 px-3 py-2.5 text-lg tabular-nums"
                        placeholder=move || lot.get().min_next_bid.grouped()
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev))
                        data-testid="bid-amount"
                    />
                </label>
                <p class="text-xs text-stone-500">{move || i18n.t(Key::ProxyHint)}</p>
                <button
                    type="submit"
                    class="rounded-full bg-brand px-5 py-3 font-semibold text-white disabled:opacity-60"
                    disabled=pending
                    data-testid="bid-submit"
                    on:click=move |ev| {
                        submitted.set(amount.get_untracked());
                        let max = bid_at();
                        confirmed(&ev, &i18n.locale.get_untracked().bid_confirm(max, shipping.get_untracked()));
                    }
                >
                    {move || {
                        if place.pending().get() {
                            i18n.t(Key::Bidding).to_string()
                        } else {
                            i18n.locale.get().bid_button(bid_at(), shipping.get())
                        }
                    }}
                </button>
            </ActionForm>
            {move || {
                buy_now
                    .get()
                    .map(|price| {
                        view! {
                            <ActionForm action=buy attr:data-testid="buy-now-form">
                                <input type="hidden" name="lot_id" value=lot_id />
                                <input type="hidden" name="price" value=price.amount().to_string() />
                                <input type="hidden" name="shipping_fee" prop:value=move || shipping.get().amount().to_string() />
                                <button
                                    type="submit"
                                    class="w-full rounded-full border-2 border-ink px-5 py-3 font-semibold disabled:opacity-60"
                                    disabled=pending
                                    data-testid="buy-now"
                                    on:click=move |ev| {
                                        confirmed(&ev, &i18n.locale.get_untracked().buy_now_confirm(price, shipping.get_untracked()));
                                    }
                                >
                                    {move || i18n.locale.get().buy_now_button(price, shipping.get())}
                                </button>
                            </ActionForm>
                        }
                    })
            }}
            {error}
        </div>
    }
}

#[component]
fn BidHistory(
    bids: Memo<Vec<BidEntry>>,
    lot_id: u64,
    /// The viewer's handle on this lot: their own bids get a receipt link.
    mine: RwSignal<Option<u32>>,
    /// The lot's id when the viewer is an admin (who may void a bid).
    admin: Option<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-5 border-t border-stone-100 pt-4">
            <h3 class="text-sm font-semibold">{move || i18n.t(Key::BidHistoryTitle)}</h3>
            {move || {
                let list = bids.get();
                if list.is_empty() {
                    view! {
                        <p class="mt-2 text-sm text-stone-500" data-testid="no-bids">
                            {move || i18n.t(Key::NoBidsYet)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ol class="mt-2 max-h-72 divide-y divide-stone-100 overflow-y-auto text-sm" data-testid="bid-history">
                            {list
                                .into_iter()
                                .map(|b| {
                                    view! {
                                        <li class="flex items-center justify-between py-1.5" data-testid="bid-row" data-seq=b.seq>
                                            <span>
                                                {move || i18n.locale.get().bidder(b.handle)}
                                                {move || b.buy_now.then(|| i18n.t(Key::BuyNowTag))}
                                            </span>
                                            <span class="tabular-nums font-medium">{b.price.display()}</span>
                                            <time class="text-xs text-stone-500">{move || i18n.date_short(b.at)}</time>
                                            {move || {
                                                (mine.get() == Some(b.handle))
                                                    .then(|| {
                                                        view! {
                                                            <super::receipt_link::ReceiptLink lot_id seq=b.seq testid="receipt-link" />
                                                        }
                                                    })
                                            }}
                                            {admin.map(|lot_id| view! { <VoidBid lot_id seq=b.seq /> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// An admin voids one bid with a reason; the lot is recomputed and every open page follows.
#[component]
fn VoidBid(lot_id: u64, seq: u32) -> impl IntoView {
    let i18n = use_i18n();
    let void = ServerAction::<crate::api::admin::VoidBid>::new();
    view! {
        <details class="text-xs" data-testid="void-bid">
            <summary class="cursor-pointer text-red-700">{move || i18n.t(Key::VoidLabel)}</summary>
            <ActionForm action=void attr:class="mt-1 flex gap-1">
                <input type="hidden" name="lot_id" value=lot_id />
                <input type="hidden" name="seq" value=seq />
                <input
                    name="reason"
                    required=true
                    placeholder=move || i18n.t(Key::VoidReason)
                    aria-label=move || i18n.t(Key::VoidReasonLabel)
                    class="w-28 rounded border border-stone-300 px-1 py-0.5"
                />
                <button type="submit" class="rounded bg-red-700 px-2 py-0.5 font-semibold text-white">
                    {move || i18n.t(Key::VoidSubmit)}
                </button>
            </ActionForm>
            {move || {
                void.value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p role="alert" class="text-red-700">
                                {e.message}
                            </p>
                        }
                    })
            }}
        </details>
    }
}
