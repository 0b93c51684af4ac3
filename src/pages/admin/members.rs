//! `/admin/members`: find, suspend and reinstate members; `/admin/members/{id}`: one member's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, INPUT};
use crate::api::admin::{admin_member, admin_members, ReinstateMember, SuspendMember};
use crate::components::missing::Missing;
use crate::domain::moderation::{MemberDetail, MemberSummary};
use crate::domain::time::format_kst;

/// `/admin/members`: find a member by nickname, e-mail or phone; suspend or reinstate them.
#[component]
pub fn AdminMembersPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q").unwrap_or_default());
    let suspend = ServerAction::<SuspendMember>::new();
    let reinstate = ServerAction::<ReinstateMember>::new();
    let found = Resource::new_blocking(move || (q(), suspend.version().get(), reinstate.version().get()), |(q, _, _)| admin_members(q));
    view! {
        <Title text="회원 · 관리자" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-members-page">
            <h1 class="mb-4 text-2xl font-bold">"관리자"</h1>
            <AdminNav current="/admin/members" />
            <form method="get" action="/admin/members" class="mt-6 flex gap-2" role="search">
                <input
                    name="q"
                    value=q()
                    placeholder="닉네임, 이메일 또는 휴대폰 번호"
                    aria-label="회원 찾기"
                    class=format!("{INPUT} flex-1")
                    data-testid="member-search"
                />
                <button type="submit" class="rounded-full bg-ink px-4 py-2 text-sm font-semibold text-white">
                    "찾기"
                </button>
            </form>
            <Suspense fallback=|| {
                view! { <p class="py-10 text-center text-stone-500">"불러오는 중…"</p> }
            }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-6 text-center text-stone-500">
                                    {if q().is_empty() {
                                        "닉네임, 이메일 또는 휴대폰 번호로 회원을 찾으세요."
                                    } else {
                                        "찾는 회원이 없습니다."
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
    let nickname = m.nickname.clone();
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="member-item">
            <p class="flex flex-wrap items-center gap-2">
                <a class="text-base font-bold text-brand underline" href=format!("/admin/members/{}", m.id) data-testid="member-link">
                    {m.nickname.clone()}
                </a>
                {m.is_artist.then(|| view! { <span class="rounded-full bg-stone-100 px-2 py-0.5 text-xs">"작가"</span> })}
                {m.is_admin.then(|| view! { <span class="rounded-full bg-amber-100 px-2 py-0.5 text-xs">"관리자"</span> })}
                {m
                    .suspended
                    .then(|| {
                        view! {
                            <span class="rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-800" data-testid="member-suspended">
                                "정지됨"
                            </span>
                        }
                    })}
            </p>
            <p class="mt-1 text-stone-600">
                {format!(
                    "{} · {} · 가입 {}",
                    m.email,
                    m.phone.clone().unwrap_or_else(|| "휴대폰 없음".into()),
                    format_kst(m.joined_at),
                )}
            </p>
            <p class="mt-1 text-stone-600">
                {format!("작품 {} · 입찰 {} · 주문 {} · 받은 신고 {}", m.listings, m.bids, m.orders, m.reports_against)}
            </p>
            {m.suspended_reason.clone().map(|r| view! { <p class="mt-1 text-red-800">{format!("정지 사유: {r}")}</p> })}
            {(!m.is_admin)
                .then(|| {
                    let (label, testid) = if m.suspended {
                        ("정지 해제", "reinstate-member")
                    } else {
                        ("이용 정지", "suspend-member")
                    };
                    let form = view! {
                        <input type="hidden" name="nickname" value=nickname.clone() />
                        <label class="flex flex-1 flex-col gap-1">
                            <span class="text-xs text-stone-600">"사유 (감사 기록에 남습니다)"</span>
                            <input name="reason" required=true class=INPUT />
                        </label>
                        <button type="submit" class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white" data-testid=testid>
                            {label}
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
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0));
    let detail = Resource::new_blocking(id, admin_member);
    view! {
        <Title text="회원 · 관리자" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-member-page">
            <h1 class="mb-4 text-2xl font-bold">"관리자"</h1>
            <AdminNav current="/admin/members" />
            <Suspense fallback=|| {
                view! { <p class="py-10 text-center text-stone-500">"불러오는 중…"</p> }
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
    let m = d.member;
    let section = "mt-8 text-lg font-semibold";
    let empty = |text: &'static str| view! { <p class="mt-2 text-sm text-stone-500">{text}</p> };
    view! {
        <div class="mt-6">
            <h2 class="text-xl font-bold" data-testid="member-nickname">
                {m.nickname.clone()}
            </h2>
            <p class="mt-1 text-sm text-stone-600">
                {format!(
                    "{} · {} · 가입 {}",
                    m.email,
                    m.phone.clone().unwrap_or_else(|| "휴대폰 없음".into()),
                    format_kst(m.joined_at),
                )}
            </p>
            {m
                .suspended
                .then(|| {
                    view! {
                        <p class="mt-1 text-sm text-red-800">{format!("정지됨: {}", m.suspended_reason.clone().unwrap_or_default())}</p>
                    }
                })}
            <a
                class="mt-2 inline-block text-sm text-brand underline"
                href=format!("/admin/members?q={}", crate::domain::artwork::encode_query_value(&m.nickname))
            >
                "정지 · 해제"
            </a>
            <StudentBadge nickname=m.nickname.clone() verified=m.verified_student />
        </div>
        <h3 class=section>{format!("작품 {}", d.works.len())}</h3>
        {if d.works.is_empty() {
            empty("등록한 작품이 없습니다.").into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm">
                    {d
                        .works
                        .into_iter()
                        .map(|w| {
                            view! {
                                <li class="flex justify-between py-1.5">
                                    <a class="text-brand underline" href=format!("/artworks/{}", w.id)>
                                        {w.title}
                                    </a>
                                    <span>{format!("{} · {}", w.status.label_ko(), w.current_price.display())}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h3 class=section>{format!("입찰 {}", d.bids.len())}</h3>
        {if d.bids.is_empty() {
            empty("입찰 기록이 없습니다.").into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid="member-bids">
                    {d
                        .bids
                        .into_iter()
                        .map(|b| {
                            view! {
                                <li class="flex flex-wrap justify-between gap-2 py-1.5" class:line-through=b.voided>
                                    <a class="text-brand underline" href=format!("/artworks/{}", b.artwork_id)>
                                        {format!("{} #{}", b.title, b.seq)}
                                    </a>
                                    <span>
                                        {format!("최대 {} → {}", b.max.display(), b.price_after.display())}
                                        {b.voided.then_some(" (무효)")}
                                    </span>
                                    <time class="text-xs text-stone-500">{format_kst(b.at)}</time>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <TextList
            title=format!("주문 {}", d.orders.len())
            empty="주문이 없습니다."
            testid="member-orders"
            rows=d
                .orders
                .into_iter()
                .map(|o| {
                    format!(
                        "#{} {} ({}) · {} · {}",
                        o.order_id,
                        o.title,
                        if o.as_buyer { "구매" } else { "판매" },
                        o.amount.display(),
                        o.status.label(),
                    )
                })
                .collect()
        />
        <TextList
            title=format!("신고 {}", d.reports.len())
            empty="받은 신고가 없습니다."
            testid="member-reports"
            rows=d
                .reports
                .into_iter()
                .map(|r| {
                    format!("{} #{} · {} · {} · {}", r.target.label_ko(), r.target_id, r.reason.label_ko(), r.reporter, r.status.as_db())
                })
                .collect()
        />
        <TextList
            title=format!("관리 기록 {}", d.audit.len())
            empty="관리 기록이 없습니다."
            testid="member-audit"
            rows=d
                .audit
                .into_iter()
                .map(|a| format!("{} · {} · {} #{} · {}", format_kst(a.at), a.admin, a.action, a.target_id, a.reason))
                .collect()
        />
    }
}

/// A titled list of text rows, or a line saying there are none.
#[component]
fn TextList(title: String, empty: &'static str, testid: &'static str, rows: Vec<String>) -> impl IntoView {
    view! {
        <h3 class="mt-8 text-lg font-semibold">{title}</h3>
        {if rows.is_empty() {
            view! { <p class="mt-2 text-sm text-stone-500">{empty}</p> }.into_any()
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
    let set = ServerAction::<crate::api::account::SetStudentBadge>::new();
    view! {
        <ActionForm action=set attr:class="mt-3 flex flex-wrap items-end gap-2 text-sm" attr:data-testid="student-badge-form">
            <input type="hidden" name="nickname" value=nickname />
            <input type="hidden" name="granted" value=(!verified).to_string() />
            <label class="flex flex-1 flex-col gap-1">
                <span class="text-xs text-stone-600">
                    {if verified { "인증 학생 배지 회수 사유" } else { "인증 학생 배지 부여 사유" }}
                </span>
                <input name="reason" required=true class=INPUT />
            </label>
            <button type="submit" class="rounded-full border border-stone-300 px-4 py-2 font-medium">
                {if verified { "배지 회수" } else { "배지 부여" }}
            </button>
            {move || crate::components::outcome::outcome(set.value().get(), "반영했습니다.")}
        </ActionForm>
    }
}
