//! `/me/wallet`: balance, available and held points; charge buttons (₩10,000 / ₩50,000 / ₩100,000 /
//! custom) that go to the gateway's checkout; the ledger (date KST, kind, in/out, balance after),
//! paginated; refunds of unused charges. `/me/wallet/complete` is where checkout comes back.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::account::error_of;
use crate::api::wallet::{confirm_charge, get_wallet, CheckCharge, PrepareCharge, RefundCharge};
use crate::components::price::Price;
use crate::domain::{PaymentStatus, WalletPage, Won};
use crate::error::ErrorKind;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn WalletPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let refund = ServerAction::<RefundCharge>::new();
    let check = ServerAction::<CheckCharge>::new();
    let page = move || query.get().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1);
    let wallet = Resource::new_blocking(move || (page(), refund.version().get(), check.version().get()), |(p, _, _)| get_wallet(p));
    view! {
        <Title text=move || i18n.t(Key::WalletTitle) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match wallet.await {
                    Ok(w) => view! { <Wallet w refund check /> }.into_any(),
                    Err(e) if e.kind == ErrorKind::Unauthorized => view! { <Redirect path="/login?next=/me/wallet" /> }.into_any(),
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
fn Wallet(w: WalletPage, refund: ServerAction<RefundCharge>, check: ServerAction<CheckCharge>) -> impl IntoView {
    let i18n = use_i18n();
    let charge = ServerAction::<PrepareCharge>::new();
    // The gateway's checkout is another site as far as the router is concerned: leave with a full load.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(Ok(url)) = charge.value().get() {
            let _ = window().location().set_href(&url);
        }
    });
    let b = w.balance;
    view! {
        <section class="mx-auto max-w-3xl px-4 py-10" data-testid="wallet-page">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::WalletTitle)}</h1>
            <div class="mt-6 grid grid-cols-3 gap-3 rounded-2xl bg-ink p-5 text-white">
                <div>
                    <p class="text-xs text-stone-300">{move || i18n.t(Key::WalletBalance)}</p>
                    <Price amount=b.balance class="text-xl font-bold" attr:data-testid="wallet-balance" />
                </div>
                <div>
                    <p class="text-xs text-stone-300">{move || i18n.t(Key::WalletAvailable)}</p>
                    <Price amount=b.available class="text-xl font-bold" attr:data-testid="wallet-available" />
                </div>
                <div>
                    <p class="text-xs text-stone-300">{move || i18n.t(Key::WalletHeld)}</p>
                    <Price amount=b.held class="text-xl font-bold" attr:data-testid="wallet-held" />
                </div>
            </div>
            {(b.refunding.amount() > 0)
                .then(|| {
                    view! {
                        <p class="mt-2 text-sm text-stone-600">
                            {move || i18n.t(Key::WalletRefunding)}" "<Price amount=b.refunding class="font-semibold" />
                        </p>
                    }
                })}

            <h2 class="mt-10 text-lg font-semibold">{move || i18n.t(Key::WalletCharge)}</h2>
            <div class="mt-3 flex flex-wrap gap-2" data-testid="charge-buttons">
                {[10_000u64, 50_000, 100_000]
                    .map(|amount| {
                        view! {
                            <ActionForm action=charge>
                                <input type="hidden" name="amount" value=amount />
                                <button
                                    type="submit"
                                    class="rounded-full border border-stone-300 bg-white px-5 py-2.5 font-semibold hover:border-brand"
                                    disabled=move || charge.pending().get()
                                >
                                    "+"
                                    {Won(amount).display()}
                                </button>
                            </ActionForm>
                        }
                    })}
                <ActionForm action=charge attr:class="flex gap-2">
                    <input
                        name="amount"
                        inputmode="numeric"
                        placeholder=move || i18n.t(Key::ChargeCustom)
                        class="w-36 rounded-full border border-stone-300 px-4 py-2.5"
                        aria-label=move || i18n.t(Key::ChargeAmountLabel)
                    />
                    <button
                        type="submit"
                        class="rounded-full bg-brand px-5 py-2.5 font-semibold text-white"
                        disabled=move || charge.pending().get()
                    >
                        {move || i18n.t(Key::WalletChargeSubmit)}
                    </button>
                </ActionForm>
            </div>
            {move || {
                error_of(charge.value().get())
                    .map(|e| {
                        view! {
                            <p role="alert" class="mt-2 text-sm text-red-600">
                                {e}
                            </p>
                        }
                    })
            }}

            <h2 class="mt-10 text-lg font-semibold">{move || i18n.t(Key::WalletLedger)}</h2>
            {if w.rows.is_empty() {
                view! {
                    <p class="mt-3 rounded-xl border border-dashed border-stone-300 p-6 text-center text-sm text-stone-500">
                        {move || i18n.t(Key::WalletLedgerEmpty)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <table class="mt-3 w-full text-sm" data-testid="ledger">
                        <thead class="text-left text-xs text-stone-500">
                            <tr>
                                <th class="py-2">{move || i18n.t(Key::LedgerWhen)}</th>
                                <th>{move || i18n.t(Key::LedgerWhat)}</th>
                                <th class="text-right">{move || i18n.t(Key::LedgerInOut)}</th>
                                <th class="text-right">{move || i18n.t(Key::LedgerBalance)}</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-stone-100">
                            {w
                                .rows
                                .iter()
                                .map(|r| {
                                    let incoming = !r.amount.is_negative();
                                    let (at, kind) = (r.at, r.kind);
                                    view! {
                                        <tr data-testid="ledger-row">
                                            <td class="py-2 text-stone-600">{move || i18n.date_short(at)}</td>
                                            <td>{move || i18n.locale.get().transaction_kind(kind)}</td>
                                            <td
                                                class="text-right font-semibold"
                                                class:text-emerald-700=incoming
                                                class:text-red-700=!incoming
                                            >
                                                {if incoming { "+" } else { "−" }}
                                                {r.amount.magnitude().display()}
                                            </td>
                                            <td class="text-right">{r.balance_after.to_won_or_zero().display()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            {(w.pages > 1)
                .then(|| {
                    view! {
                        <nav class="mt-4 flex justify-center gap-1 text-sm" aria-label=move || i18n.t(Key::PagesLabel)>
                            {(1..=w.pages)
                                .map(|p| {
                                    view! {
                                        <a
                                            href=format!("/me/wallet?page={p}")
                                            class="rounded px-3 py-1.5"
                                            class:bg-ink=p == w.page
                                            class:text-white=p == w.page
                                        >
                                            {p}
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </nav>
                    }
                })}

            {(!w.charges.is_empty())
                .then(|| {
                    view! {
                        <h2 class="mt-10 text-lg font-semibold">{move || i18n.t(Key::WalletCharges)}</h2>
                        <ul class="mt-3 divide-y divide-stone-100 text-sm" data-testid="charges">
                            {w
                                .charges
                                .iter()
                                .map(|c| {
                                    let id = c.merchant_uid.clone();
                                    let (at, status) = (c.at, c.status);
                                    view! {
                                        <li class="flex items-center justify-between gap-3 py-2">
                                            <span class="text-stone-600">{move || i18n.date_short(at)}</span>
                                            <span class="font-semibold">{c.amount.display()}</span>
                                            <span>{move || i18n.locale.get().payment_status(status)}</span>
                                            {c
                                                .refund_failure
                                                .is_some()
                                                .then(|| {
                                                    view! { <span class="text-xs text-red-700">{i18n.t(Key::WalletRefundRefused)}</span> }
                                                })}
                                            {(c.status == PaymentStatus::Pending)
                                                .then(|| {
                                                    let id = id.clone();
                                                    view! {
                                                        <ActionForm action=check>
                                                            <input type="hidden" name="merchant_uid" value=id />
                                                            <button
                                                                type="submit"
                                                                data-testid="check-charge"
                                                                class="rounded-full border border-stone-300 px-3 py-1 text-xs hover:border-ink"
                                                            >
                                                                {i18n.t(Key::WalletCheckCharge)}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                            {c
                                                .refundable
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=refund>
                                                            <input type="hidden" name="merchant_uid" value=id.clone() />
                                                            <button
                                                                type="submit"
                                                                class="rounded-full border border-stone-300 px-3 py-1 text-xs hover:border-red-400"
                                                            >
                                                                {i18n.t(Key::WalletRefund)}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {move || {
                            error_of(refund.value().get())
                                .map(|e| {
                                    view! {
                                        <p role="alert" class="mt-2 text-sm text-red-600">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        {move || {
                            error_of(check.value().get())
                                .map(|e| {
                                    view! {
                                        <p role="alert" class="mt-2 text-sm text-red-600">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                    }
                })}
        </section>
    }
}

/// Where checkout comes back (PortOne's `m_redirect_url`): confirms with the gateway and says how it went.
#[component]
pub fn ChargeCompletePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let result = Resource::new_blocking(
        move || {
            let q = query.get();
            (q.get("imp_uid").unwrap_or_default(), q.get("merchant_uid").unwrap_or_default(), q.get("imp_success"))
        },
        |(imp_uid, merchant_uid, success)| async move {
            if success.as_deref() != Some("true") {
                return Err(crate::error::AppError::bad_request(Key::ChargeCancelled));
            }
            confirm_charge(imp_uid, merchant_uid).await
        },
    );
    view! {
        <Title text=move || i18n.t(Key::WalletCharge) />
        <section class="mx-auto max-w-md px-4 py-16 text-center">
            <Suspense fallback=move || {
                view! { <p class="text-stone-500">{move || i18n.t(Key::ChargeChecking)}</p> }
            }>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(amount) => {
                            view! {
                                <p class="text-xl font-bold" data-testid="charge-done">
                                    {move || i18n.locale.get().charged(amount)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) if e.kind == ErrorKind::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => {
                            view! {
                                <p role="alert" class="text-lg font-semibold text-red-700" data-testid="charge-failed">
                                    {e.message}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
            <a href="/me/wallet" class="mt-8 inline-block rounded-full bg-ink px-6 py-3 font-semibold text-white">
                {move || i18n.t(Key::WalletTitle)}
            </a>
        </section>
    }
}
