//! `/admin/members`: find, suspend and reinstate members; `/admin/members/{id}`: one member's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::shown_at;
use super::{AdminNav, INPUT};
use crate::api::admin::{admin_member, admin_members, ReinstateMember, SuspendMember};
use crate::components::missing::Missing;
use crate::domain::moderation::{MemberDetail, MemberSummary};
use crate::i18n::admin::{self, AdminKey};
use crate::i18n::{use_i18n, Key};

/// `/admin/members`: find a member by nickname, e-mail or phone; suspend or reinstate them.
#[component]
pub fn AdminMembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q").unwrap_or_default());
    let suspend = ServerAction::<SuspendMember>::new();
    let reinstate = ServerAction::<ReinstateMember>::new();
    let found = Resource::new_blocking(move || (q(), suspend.version().get(), reinstate.version().get()), |(q, _, _)| admin_members(q));
    view! {
        <Title text=move || i18n.admin(AdminKey::MembersTitle) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-members-page">
            <h1 class="mb-4 text-2xl font-bold">{move || i18n.t(Key::AdminNav)}</h1>
            <AdminNav current="/admin/members" />
            <form method="get" action="/admin/members" class="mt-6 flex gap-2" role="search">
                <input
                    name="q"
                    value=q()
                    placeholder=move || i18n.admin(AdminKey::MemberSearchPlaceholder)
                    aria-label=move || i18n.admin(AdminKey::MemberSearchLabel)
                    class=format!("{INPUT} flex-1")
                    data-testid="member-search"
                />
                <button type="submit" class="rounded-full bg-ink px-4 py-2 text-sm font-semibold text-white">
                    {move || i18n.admin(AdminKey::Find)}
                </button>
            </form>
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-6 text-center text-stone-500">
                                    {move || {
                                        i18n.admin(if q().is_empty() { AdminKey::MemberSearchPrompt } else { AdminKey::NoMemberFound })
                                    }}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="mt-6 flex flex-col gap-3">
                                    {list.into_iter().map(|m| view! { <MemberItem m suspend reinstate /> }).collect_view()}
                                </ul>
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
fn MemberItem(m: MemberSummary, suspend: ServerAction<SuspendMember>, reinstate: ServerAction<ReinstateMember>) -> impl IntoView {
    let i18n = use_i18n();
    let nickname = m.nickname.clone();
    let (email, phone, joined) = (m.email.clone(), m.phone.clone(), shown_at(m.joined_at));
    let (listings, bids, orders, reports) = (m.listings, m.bids, m.orders, m.reports_against);
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="member-item">
            <p class="flex flex-wrap items-center gap-2">
                <a class="text-base font-bold text-brand underline" href=format!("/admin/members/{}", m.id) data-testid="member-link">
                    {m.nickname.clone()}
                </a>
                {m
                    .is_artist
                    .then(|| {
                        view! { <span class="rounded-full bg-stone-100 px-2 py-0.5 text-xs">{move || i18n.admin(AdminKey::Artist)}</span> }
                    })}
                {m
                    .is_admin
                    .then(|| {
                        view! { <span class="rounded-full bg-amber-100 px-2 py-0.5 text-xs">{move || i18n.t(Key::AdminNav)}</span> }
                    })}
                {m
                    .suspended
                    .then(|| {
                        view! {
                            <span class="rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-800" data-testid="member-suspended">
                                {move || i18n.admin(AdminKey::Suspended)}
                            </span>
                        }
                    })}
            </p>
            <p class="mt-1 text-stone-600">{move || admin::member_contact(i18n.locale.get(), &email, phone.as_deref(), &joined)}</p>
            <p class="mt-1 text-stone-600">{move || admin::member_activity(i18n.locale.get(), listings, bids, orders, reports)}</p>
            {m
                .suspended_reason
                .clone()
                .map(|r| view! { <p class="mt-1 text-red-800">{move || admin::suspension_reason(i18n.locale.get(), &r)}</p> })}
            {(!m.is_admin)
                .then(|| {
                    let (label, testid) = if m.suspended {
                        (AdminKey::Reinstate, "reinstate-member")
                    } else {
                        (AdminKey::Suspend, "suspend-member")
                    };
                    let form = view! {
                        <input type="hidden" name="nickname" value=nickname.clone() />
                        <label class="flex flex-1 flex-col gap-1">
                            <span class="text-xs text-stone-600">{move || i18n.admin(AdminKey::ActionReason)}</span>
                            <input name="reason" required=true class=INPUT />
                        </label>
                        <button type="submit" class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white" data-testid=testid>
                            {move || i18n.admin(label)}
                        </button>
                    };
                    if m.suspended {
                        view! {
                            <ActionForm action=reinstate attr:class="mt-3 flex flex-wrap items-end gap-2">
                                {form}
                            </ActionForm>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ActionForm action=suspend attr:class="mt-3 flex flex-wrap items-end gap-2">
                                {form}
                            </ActionForm>
                        }
                            .into_any()
                    }
                })}
            {move || {
                suspend
                    .value()
                    .get()
                    .and_then(Result::err)
                    .or_else(|| reinstate.value().get().and_then(Result::err))
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

/// `/admin/members/{id}`: one member — their works (hidden ones too), bids (maximums included), orders,
/// reports about them or what they wrote, and the admin actions taken on them.
#[component]
pub fn AdminMemberPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0));
    let detail = Resource::new_blocking(id, admin_member);
    view! {
        <Title text=move || i18n.admin(AdminKey::MembersTitle) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-member-page">
            <h1 class="mb-4 text-2xl font-bold">{move || i18n.t(Key::AdminNav)}</h1>
            <AdminNav current="/admin/members" />
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <MemberDetailView d /> }.into_any(),
                        Err(e) => view! { <Missing error=e testid="admin-missing" /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MemberDetailView(d: MemberDetail) -> impl IntoView {
    let i18n = use_i18n();
    let m = d.member;
    let section = "mt-8 text-lg font-semibold";
    let empty = move |text: AdminKey| view! { <p class="mt-2 text-sm text-stone-500">{move || i18n.admin(text)}</p> };
    let heading = move |key: AdminKey, n: usize| move || admin::count_heading(i18n.locale.get(), key, n);
    let (email, phone, joined) = (m.email.clone(), m.phone.clone(), shown_at(m.joined_at));
    view! {
        <div class="mt-6">
            <h2 class="text-xl font-bold" data-testid="member-nickname">
                {m.nickname.clone()}
            </h2>
            <p class="mt-1 text-sm text-stone-600">{move || admin::member_contact(i18n.locale.get(), &email, phone.as_deref(), &joined)}</p>
            {m
                .suspended
                .then(|| {
                    let reason = m.suspended_reason.clone().unwrap_or_default();
                    view! { <p class="mt-1 text-sm text-red-800">{move || admin::suspended_because(i18n.locale.get(), &reason)}</p> }
                })}
            <a
                class="mt-2 inline-block text-sm text-brand underline"
                href=format!("/admin/members?q={}", crate::domain::artwork::encode_query_value(&m.nickname))
            >
                {move || i18n.admin(AdminKey::SuspendOrReinstate)}
            </a>
            <StudentBadge nickname=m.nickname.clone() verified=m.verified_student />
        </div>
        <h3 class=section>{heading(AdminKey::Works, d.works.len())}</h3>
        {if d.works.is_empty() {
            empty(AdminKey::NoWorks).into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm">
                    {d
                        .works
                        .into_iter()
                        .map(|w| {
                            let (status, price) = (w.status, w.current_price);
                            view! {
                                <li class="flex justify-between py-1.5">
                                    <a class="text-brand underline" href=format!("/artworks/{}", w.id)>
                                        {w.title}
                                    </a>
                                    <span>{move || format!("{} · {}", i18n.locale.get().lot_status(status), price.display())}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h3 class=section>{heading(AdminKey::Bids, d.bids.len())}</h3>
        {if d.bids.is_empty() {
            empty(AdminKey::NoBids).into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid="member-bids">
                    {d
                        .bids
                        .into_iter()
                        .map(|b| {
                            let (max, price_after) = (b.max, b.price_after);
                            view! {
                                <li class="flex flex-wrap justify-between gap-2 py-1.5" class:line-through=b.voided>
                                    <a class="text-brand underline" href=format!("/artworks/{}", b.artwork_id)>
                                        {format!("{} #{}", b.title, b.seq)}
                                    </a>
                                    <span>
                                        {move || admin::bid_max_to_price(i18n.locale.get(), max, price_after)}
                                        {b.voided.then_some(move || i18n.admin(AdminKey::Voided))}
                                    </span>
                                    <time class="text-xs text-stone-500">{shown_at(b.at)}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <TextList
            title=AdminKey::Orders
            empty=AdminKey::NoOrders
            testid="member-orders"
            rows=d
                .orders
                .into_iter()
                .map(|o| { (move || admin::order_row(i18n.locale.get(), o.order_id, &o.title, o.as_buyer, o.amount, o.status)).into_any() })
                .collect()
        />
        <TextList
            title=AdminKey::Reports
            empty=AdminKey::NoReportsAgainst
            testid="member-reports"
            rows=d.reports.into_iter().map(|r| (move || admin::report_row(i18n.locale.get(), &r)).into_any()).collect()
        />
        <TextList
            title=AdminKey::AdminActions
            empty=AdminKey::NoAdminActions
            testid="member-audit"
            rows=d
                .audit
                .into_iter()
                .map(|a| format!("{} · {} · {} #{} · {}", shown_at(a.at), a.admin, a.action, a.target_id, a.reason).into_any())
                .collect()
        />
    }
}

/// A list of text rows under a heading with their number (`title`), or a line saying there are none (`empty`).
#[component]
fn TextList(title: AdminKey, empty: AdminKey, testid: &'static str, rows: Vec<AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let n = rows.len();
    view! {
        <h3 class="mt-8 text-lg font-semibold">{move || admin::count_heading(i18n.locale.get(), title, n)}</h3>
        {if rows.is_empty() {
            view! { <p class="mt-2 text-sm text-stone-500">{move || i18n.admin(empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid=testid>
                    {rows.into_iter().map(|row| view! { <li class="py-1.5">{row}</li> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// Grants or revokes the verified-student badge, with a reason (audited).
#[component]
fn StudentBadge(nickname: String, verified: bool) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<crate::api::account::SetStudentBadge>::new();
    view! {
        <ActionForm action=set attr:class="mt-3 flex flex-wrap items-end gap-2 text-sm" attr:data-testid="student-badge-form">
            <input type="hidden" name="nickname" value=nickname />
            <input type="hidden" name="granted" value=(!verified).to_string() />
            <label class="flex flex-1 flex-col gap-1">
                <span class="text-xs text-stone-600">
                    {move || i18n.admin(if verified { AdminKey::BadgeRevokeReason } else { AdminKey::BadgeGrantReason })}
                </span>
                <input name="reason" required=true class=INPUT />
            </label>
            <button type="submit" class="rounded-full border border-stone-300 px-4 py-2 font-medium">
                {move || i18n.admin(if verified { AdminKey::BadgeRevoke } else { AdminKey::BadgeGrant })}
            </button>
            {move || crate::components::outcome::outcome(set.value().get(), i18n.admin(AdminKey::BadgeUpdated))}
        </ActionForm>
    }
}
