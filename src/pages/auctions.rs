//! `/me/auctions` (bidding now, won and orders; for artists: sales with the ship form, and earnings) and
//! `/me/notifications`. Visitors are sent to log in first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::auction::{get_my_auctions, get_notifications, ConfirmOrder, DisputeOrder, MarkNotificationsRead, ShipOrder};
use crate::components::countdown::Countdown;
use crate::components::live::use_live_hub;
use crate::domain::{MyAuctions, MyBidRow, OrderStatus, OrderView};
use crate::i18n::{use_i18n, Key};

const TABS: [(&str, Key); 3] = [("bidding", Key::TabBidding), ("won", Key::TabWon), ("sales", Key::TabSales)];

#[component]
pub fn MyAuctionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = move || query.with(|q| q.get("tab")).filter(|t| TABS.iter().any(|(k, _)| k == t)).unwrap_or_else(|| "bidding".into());
    let ship = ServerAction::<ShipOrder>::new();
    let confirm = ServerAction::<ConfirmOrder>::new();
    let dispute = ServerAction::<DisputeOrder>::new();
    let data =
        Resource::new_blocking(move || (ship.version().get(), confirm.version().get(), dispute.version().get()), |_| get_my_auctions());
    view! {
        <Title text=move || i18n.t(Key::MyAuctionsTitle) />
        <section class="mx-auto max-w-4xl px-4 py-8" data-testid="my-auctions">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::MyAuctionsTitle)}</h1>
            <nav class="mt-5 flex gap-1 overflow-x-auto border-b border-stone-200" aria-label=move || i18n.t(Key::TabsLabel)>
                {TABS
                    .iter()
                    .map(|(key, label)| {
                        let (key, label) = (*key, *label);
                        view! {
                            <a
                                href=format!("/me/auctions?tab={key}")
                                class="whitespace-nowrap border-b-2 px-4 py-2 text-sm font-medium"
                                class:border-brand=move || tab() == key
                                class:text-brand=move || tab() == key
                                class:border-transparent=move || tab() != key
                                aria-current=move || (tab() == key).then_some("page")
                                data-testid=format!("tab-{key}")
                            >
                                {move || i18n.t(label)}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Tab d tab=tab() ship confirm dispute /> }.into_any(),
                        Err(e) if e.kind == crate::error::ErrorKind::Unauthorized => {
                            view! { <Redirect path="/login?next=/me/auctions" /> }.into_any()
                        }
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
            {move || {
                [ship.value().get(), confirm.value().get(), dispute.value().get()]
                    .into_iter()
                    .flatten()
                    .find_map(Result::err)
                    .map(|e| {
                        view! {
                            <p role="alert" class="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="order-error">
                                {e.message}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Tab(
    d: MyAuctions,
    tab: String,
    ship: ServerAction<ShipOrder>,
    confirm: ServerAction<ConfirmOrder>,
    dispute: ServerAction<DisputeOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = d.server_now;
    match tab.as_str() {
        "won" => {
            if d.won.is_empty() {
                return empty(Key::EmptyWon, "/artworks", Key::BrowseWorks).into_any();
            }
            view! {
                <ul class="mt-4 flex flex-col gap-3" data-testid="won-list">
                    {d.won.into_iter().map(|o| view! { <OrderCard o buyer=true ship confirm dispute /> }).collect_view()}
                </ul>
            }
            .into_any()
        }
        "sales" => view! {
            <div class="mt-4 grid grid-cols-2 gap-3 rounded-xl bg-stone-50 p-4 text-sm" data-testid="earnings">
                <div>
                    <p class="text-stone-500">{move || i18n.t(Key::EarningsSettled)}</p>
                    <p class="text-xl font-bold">{d.earnings_total.display()}</p>
                </div>
                <div>
                    <p class="text-stone-500">{move || i18n.t(Key::EarningsPending)}</p>
                    <p class="text-xl font-bold">{d.earnings_pending.display()}</p>
                </div>
            </div>
            {if d.sales.is_empty() {
                empty(Key::EmptySales, "/sell", Key::ListAWork).into_any()
            } else {
                view! {
                    <ul class="mt-4 flex flex-col gap-3" data-testid="sales-list">
                        {d.sales.into_iter().map(|o| view! { <OrderCard o buyer=false ship confirm dispute /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        }
        .into_any(),
        _ => {
            if d.bidding.is_empty() {
                return empty(Key::EmptyBidding, "/artworks", Key::SeeLiveLots).into_any();
            }
            view! {
                <ul class="mt-4 flex flex-col gap-3" data-testid="bidding-list">
                    {d.bidding.into_iter().map(|b| view! { <BidRow b now /> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

fn empty(text: Key, href: &'static str, cta: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-8 rounded-xl border border-dashed border-stone-300 p-8 text-center" data-testid="empty-state">
            <p class="text-stone-600">{move || i18n.t(text)}</p>
            <a href=href class="mt-4 inline-block rounded-full bg-brand px-5 py-2 text-sm font-semibold text-white">
                {move || i18n.t(cta)}
            </a>
        </div>
    }
}

#[component]
fn BidRow(b: MyBidRow, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live_hub().watch(b.artwork_id, None);
    let price = move || live.snapshot.get().map_or(b.current_price, |s| s.current_price);
    let ends_at = Signal::derive(move || live.snapshot.get().map_or(b.ends_at, |s| s.ends_at));
    view! {
        <li class="flex gap-3 rounded-xl border border-stone-200 bg-white p-3" data-testid="bidding-row">
            // The same link as the title's, for the pointer: hidden from screen readers and the tab order.
            <a
                href=format!("/artworks/{}", b.artwork_id)
                class="h-20 w-20 flex-none overflow-hidden rounded-lg bg-stone-100"
                aria-hidden="true"
                tabindex="-1"
            >
                {b.cover_url.clone().map(|src| view! { <img src=src alt="" class="h-full w-full object-cover" /> })}
            </a>
            <div class="flex min-w-0 flex-1 flex-col gap-1 text-sm">
                <a href=format!("/artworks/{}", b.artwork_id) class="truncate font-semibold">
                    {b.title.clone()}
                </a>
                <p>{move || i18n.t(Key::CurrentPrice)} " " <strong class="tabular-nums">{move || price().display()}</strong></p>
                <p class="font-medium" class:text-emerald-700=b.leading class:text-red-700=!b.leading data-testid="bidding-leading">
                    {move || {
                        if b.leading { i18n.locale.get().leading_with_max(b.my_max) } else { i18n.t(Key::BidRowOutbid).to_string() }
                    }}
                </p>
                <Countdown ends_at server_now=now />
                {b
                    .my_last_seq
                    .map(|seq| {
                        view! { <crate::components::receipt_link::ReceiptLink lot_id=b.artwork_id seq testid="bidding-receipt" /> }
                    })}
            </div>
        </li>
    }
}

/// The buyer sees what they paid (price and shipping); the artist sees the settlement breakdown —
/// price, shipping, commission and net — as settled, or as expected before settlement.
#[component]
fn OrderMoney(o: OrderView, buyer: bool) -> impl IntoView {
    let i18n = use_i18n();
    let total = crate::domain::delivery::total(o.amount, o.shipping_fee);
    if buyer {
        let (price, ship) = (o.amount, o.shipping_fee);
        view! {
            <p class="text-xs" data-testid="order-paid">
                {move || i18n.t(Key::PaidTotal)}
                " "
                <strong class="tabular-nums">{total.display()}</strong>
                {move || i18n.locale.get().price_plus_shipping(price, ship)}
            </p>
        }
        .into_any()
    } else {
        let mut p = crate::domain::delivery::payout(o.amount, o.shipping_fee, o.commission_percent);
        let settled = o.artist_share.zip(o.commission);
        if let Some((share, commission)) = settled {
            p.commission = commission;
            p.net = share;
        }
        let expected = settled.is_none();
        view! {
            <p class="text-xs" data-testid="order-payout" data-settled=(!expected).to_string()>
                <span class="text-stone-500">{move || expected.then(|| format!("{}: ", i18n.t(Key::PayoutExpected)))}</span>
                {move || i18n.locale.get().payout(&p)}
            </p>
        }
        .into_any()
    }
}

#[component]
fn OrderCard(
    o: OrderView,
    buyer: bool,
    ship: ServerAction<ShipOrder>,
    confirm: ServerAction<ConfirmOrder>,
    dispute: ServerAction<DisputeOrder>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = o.id;
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4" data-testid="order-card" data-order-status=o.status.as_db()>
            <div class="flex gap-3">
                <a
                    href=format!("/artworks/{}", o.artwork_id)
                    class="h-20 w-20 flex-none overflow-hidden rounded-lg bg-stone-100"
                    aria-hidden="true"
                    tabindex="-1"
                >
                    {o.cover_url.clone().map(|src| view! { <img src=src alt="" class="h-full w-full object-cover" /> })}
                </a>
                <div class="flex min-w-0 flex-1 flex-col gap-1 text-sm">
                    <a href=format!("/artworks/{}", o.artwork_id) class="truncate font-semibold">
                        {o.title.clone()}
                    </a>
                    <p>
                        {move || i18n.t(if buyer { Key::OrderArtist } else { Key::OrderBuyer })} " " {o.counterpart.clone()} " · "
                        <strong class="tabular-nums">{o.amount.display()}</strong>
                    </p>
                    <p class="font-medium text-brand" data-testid="order-status">
                        {
                            let status = o.status;
                            move || i18n.locale.get().order_status(status)
                        }
                    </p>
                    <p class="text-xs text-stone-500">{move || i18n.t(Key::OrderPaidAt)} " " {move || i18n.datetime(o.paid_at)}</p>
                    {o
                        .pickup_area
                        .clone()
                        .map(|area| {
                            let d = crate::domain::Delivery::Pickup {
                                area,
                            };
                            let i18n = use_i18n();
                            view! {
                                <p class="text-xs" data-testid="order-pickup">
                                    {move || i18n.locale.get().delivery(&d)}
                                </p>
                            }
                        })}
                    {o
                        .handover_code
                        .clone()
                        .filter(|_| buyer && o.status == OrderStatus::Paid)
                        .map(|code| {
                            let i18n = use_i18n();
                            view! {
                                <p class="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="handover-code">
                                    <strong class="mr-1 font-mono text-sm tracking-widest">{code}</strong>
                                    {move || i18n.t(Key::HandoverCodeNote)}
                                </p>
                            }
                        })}
                    {o
                        .tracking_no
                        .clone()
                        .map(|t| {
                            view! {
                                <p class="text-xs">
                                    {move || i18n.t(Key::OrderShipping)} ": "
                                    {
                                        let carrier = o.carrier.clone().unwrap_or_default();
                                        move || i18n.locale.get().carrier(&carrier)
                                    } " " {t}
                                </p>
                            }
                        })}
                    {o
                        .auto_confirm_at
                        .map(|at| {
                            view! { <p class="text-xs text-stone-500">{move || i18n.locale.get().auto_confirm_at(&i18n.datetime(at))}</p> }
                        })}
                    <OrderMoney o=o.clone() buyer />
                </div>
            </div>
            {(!buyer && o.status == OrderStatus::Paid && o.pickup_area.is_some())
                .then(|| {
                    view! {
                        <ActionForm action=ship attr:class="mt-3" attr:data-testid="ship-pickup-form">
                            <input type="hidden" name="order_id" value=id />
                            <input type="hidden" name="carrier" value="pickup" />
                            <label class="mb-2 flex flex-col gap-1 text-xs">
                                {
                                    let i18n = use_i18n();
                                    move || i18n.t(Key::HandoverCodeLabel)
                                }
                                <input
                                    name="tracking_no"
                                    required=true
                                    inputmode="numeric"
                                    maxlength="6"
                                    autocomplete="off"
                                    class="w-32 rounded border border-stone-300 px-2 py-1.5 tabular-nums"
                                    data-testid="handover-code-input"
                                />
                            </label>
                            <button
                                type="submit"
                                class="rounded-full bg-brand px-4 py-1.5 text-sm font-semibold text-white"
                                data-testid="ship-pickup"
                            >
                                {
                                    let i18n = use_i18n();
                                    move || i18n.t(Key::ShipPickup)
                                }
                            </button>
                        </ActionForm>
                    }
                })}
            {(!buyer && o.status == OrderStatus::Paid && o.pickup_area.is_none())
                .then(|| {
                    view! {
                        <div class="mt-3 rounded-lg bg-stone-50 p-3 text-sm">
                            <p class="font-medium">{move || i18n.t(Key::ShipTo)}</p>
                            <p data-testid="ship-to">{o.ship_to.clone().unwrap_or_else(|| i18n.t(Key::NoShipAddress).to_string())}</p>
                            <ActionForm action=ship attr:class="mt-2 flex flex-wrap items-end gap-2" attr:data-testid="ship-form">
                                <input type="hidden" name="order_id" value=id />
                                <label class="flex flex-col gap-1">
                                    <span class="text-xs">{move || i18n.t(Key::Carrier)}</span>
                                    <select name="carrier" class="rounded border border-stone-300 px-2 py-1.5">
                                        {crate::i18n::CARRIERS
                                            .into_iter()
                                            .map(|(value, label)| {
                                                view! { <option value=value>{move || i18n.t(label)}</option> }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label class="flex flex-col gap-1">
                                    <span class="text-xs">{move || i18n.t(Key::TrackingNo)}</span>
                                    <input
                                        name="tracking_no"
                                        required=true
                                        inputmode="numeric"
                                        class="w-44 rounded border border-stone-300 px-2 py-1.5"
                                        data-testid="tracking-no"
                                    />
                                </label>
                                <button
                                    type="submit"
                                    class="rounded-full bg-brand px-4 py-1.5 font-semibold text-white"
                                    data-testid="ship-submit"
                                >
                                    {move || i18n.t(Key::MarkShipped)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
            {(buyer && o.status == OrderStatus::Shipped)
                .then(|| {
                    view! {
                        <div class="mt-3 flex flex-wrap gap-2">
                            <ActionForm action=confirm>
                                <input type="hidden" name="order_id" value=id />
                                <button
                                    type="submit"
                                    class="rounded-full bg-brand px-4 py-1.5 text-sm font-semibold text-white"
                                    data-testid="confirm-order"
                                >
                                    {move || i18n.t(Key::ConfirmReceipt)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
            {o
                .certificate
                .clone()
                .map(|serial| {
                    let i18n = use_i18n();
                    view! {
                        <a
                            href=format!("/certificates/{serial}")
                            class="mt-3 mr-3 inline-block text-sm font-medium text-brand"
                            data-testid="order-certificate"
                        >
                            {move || i18n.t(Key::CertTitle)}
                            " →"
                        </a>
                    }
                })}
            {(matches!(o.status, OrderStatus::Received | OrderStatus::Settled))
                .then(|| match (buyer, o.review_id) {
                    (_, Some(review)) => {
                        view! {
                            <a
                                href=format!("/reviews/{review}")
                                class="mt-3 inline-block text-sm font-medium text-brand"
                                data-testid="order-review"
                            >
                                {move || i18n.t(Key::SeeReview)}
                            </a>
                        }
                            .into_any()
                    }
                    (true, None) => {
                        view! {
                            <a
                                href=format!("/reviews/new?order={id}")
                                class="mt-3 inline-block rounded-full border border-brand px-4 py-1.5 text-sm font-semibold text-brand"
                                data-testid="write-review"
                            >
                                {move || i18n.t(Key::WriteReview)}
                            </a>
                        }
                            .into_any()
                    }
                    (false, None) => ().into_any(),
                })}
            {(buyer && matches!(o.status, OrderStatus::Paid | OrderStatus::Shipped))
                .then(|| {
                    view! {
                        <details class="mt-2 text-sm">
                            <summary class="cursor-pointer text-stone-500">{move || i18n.t(Key::ProblemQ)}</summary>
                            <ActionForm action=dispute attr:class="mt-2 flex flex-col gap-2">
                                <input type="hidden" name="order_id" value=id />
                                <textarea
                                    name="reason"
                                    required=true
                                    maxlength="500"
                                    rows="3"
                                    class="rounded border border-stone-300 px-2 py-1.5"
                                    placeholder=move || i18n.t(Key::ProblemPlaceholder)
                                    aria-label=move || i18n.t(Key::ProblemLabel)
                                ></textarea>
                                <DisputePhotos />
                                <button type="submit" class="self-start rounded-full border border-red-300 px-4 py-1.5 text-red-700">
                                    {move || i18n.t(Key::ReportProblem)}
                                </button>
                            </ActionForm>
                        </details>
                    }
                })}
        </li>
    }
}

/// Up to five photos of what arrived, uploaded as they are picked; their ids go with the dispute form.
#[component]
fn DisputePhotos() -> impl IntoView {
    let i18n = use_i18n();
    use crate::components::image_uploader::{uploaded_ids, ImageUploader, UploadSlot};
    let images = RwSignal::new(Vec::<UploadSlot>::new());
    let next_key = StoredValue::new(0u32);
    let ids = move || images.with(|i| uploaded_ids(i));
    view! {
        <ImageUploader
            images
            next_key
            endpoint="/api/uploads/dispute-image"
            max=Signal::stored(5usize)
            label=Signal::derive(move || i18n.t(Key::DisputePhotosLabel))
            hint=Signal::derive(move || i18n.t(Key::DisputePhotosHint))
        />
        <input type="hidden" name="photos" prop:value=ids />
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())).unwrap_or(1).max(1);
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let hub = use_live_hub();
    let data = Resource::new_blocking(move || (page(), mark.version().get(), hub.unread.get()), |(p, _, _)| get_notifications(p));
    view! {
        <Title text=move || i18n.t(Key::NotificationsTitle) />
        <section class="mx-auto max-w-2xl px-4 py-8" data-testid="notifications-page">
            <div class="flex items-center justify-between">
                <h1 class="text-2xl font-bold">{move || i18n.t(Key::NotificationsTitle)}</h1>
                <ActionForm action=mark>
                    <button
                        type="submit"
                        class="rounded-full border border-stone-300 px-4 py-1.5 text-sm hover:border-brand"
                        data-testid="mark-all-read"
                    >
                        {move || i18n.t(Key::MarkAllRead)}
                    </button>
                </ActionForm>
            </div>
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(n) if n.items.is_empty() && page() == 1 => {
                            view! {
                                <p class="mt-10 text-center text-stone-500" data-testid="empty-state">
                                    {move || i18n.t(Key::NoNotifications)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(n) => {
                            let more = n.items.len() as u32 >= 30;
                            view! {
                                <ul
                                    class="mt-4 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white"
                                    data-testid="notification-list"
                                >
                                    {n
                                        .items
                                        .into_iter()
                                        .map(|item| {
                                            view! {
                                                <li
                                                    class="p-4"
                                                    class:bg-amber-50=!item.read
                                                    data-testid="notification"
                                                    data-kind=item.kind.as_db()
                                                >
                                                    <a href=item.link.clone() class="block">
                                                        <p class="text-sm" class:font-semibold=!item.read>
                                                            {item.message.clone()}
                                                        </p>
                                                        <p class="mt-1 text-xs text-stone-500">{move || i18n.datetime(item.created_at)}</p>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <nav class="mt-4 flex justify-between text-sm">
                                    {(page() > 1)
                                        .then(|| {
                                            view! {
                                                <a href=format!(
                                                    "/me/notifications?page={}",
                                                    page() - 1,
                                                )>{move || i18n.t(Key::NewerNotifications)}</a>
                                            }
                                        })}
                                    {more
                                        .then(|| {
                                            view! {
                                                <a href=format!(
                                                    "/me/notifications?page={}",
                                                    page() + 1,
                                                )>{move || i18n.t(Key::OlderNotifications)}</a>
                                            }
                                        })}
                                </nav>
                            }
                                .into_any()
                        }
                        Err(e) if e.kind == crate::error::ErrorKind::Unauthorized => {
                            view! { <Redirect path="/login?next=/me/notifications" /> }.into_any()
                        }
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
