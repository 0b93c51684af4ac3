//! The admin console (관리자): the dashboard with the report queue, the audit trail and member search.
//! Server-rendered pages whose forms work before hydration; for anyone but an admin they do not exist
//! (the server functions answer "not found", and the page answers 404).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin::{
    admin_audit, admin_disputes, admin_member, admin_members, admin_reports, AdminDecideReport, ReinstateMember, SuspendMember,
};
use crate::api::auction::ResolveDispute;
use crate::components::missing::Missing;
use crate::domain::moderation::{AdminCounts, DisputeRow, MemberDetail, MemberSummary, ReportRow, ReportStatus, ReportTarget};
use crate::domain::time::format_kst;

const INPUT: &str = "rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm";

fn page_of(q: &leptos_router::params::ParamsMap) -> u32 {
    q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1)
}

#[component]
fn AdminNav(current: &'static str) -> impl IntoView {
    let links = [("/admin", "신고 · 현황"), ("/admin/disputes", "분쟁"), ("/admin/members", "회원"), ("/admin/audit", "감사 기록")];
    view! {
        <nav aria-label="관리자 메뉴" class="flex gap-2 border-b border-stone-200 pb-3 text-sm">
            {links
                .into_iter()
                .map(|(href, label)| {
                    let here = href == current;
                    view! {
                        <a
                            href=href
                            aria-current=here.then_some("page")
                            class="rounded-full px-3 py-1.5 font-medium"
                            class:bg-ink=here
                            class:text-white=here
                            class:text-stone-700=!here
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn Counts(c: AdminCounts) -> impl IntoView {
    let tiles = [
        ("열린 신고", c.open_reports, "open-reports"),
        ("분쟁 중인 주문", c.open_disputes, "open-disputes"),
        ("24시간 안에 마감", c.lots_ending_today, "ending-today"),
        ("최근 7일 가입", c.new_members_7d, "new-members"),
    ];
    view! {
        <dl class="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {tiles
                .into_iter()
                .map(|(label, n, id)| {
                    view! {
                        <div class="rounded-xl border border-stone-200 bg-white p-4" data-testid=id>
                            <dt class="text-xs text-stone-500">{label}</dt>
                            <dd class="mt-1 text-2xl font-bold tabular-nums">{n}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// `/admin`: counts and the report queue by status.
#[component]
pub fn AdminPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").and_then(|s| ReportStatus::from_db(&s)).unwrap_or(ReportStatus::Open));
    let decide = ServerAction::<AdminDecideReport>::new();
    let target = move || query.with(|q| q.get("target").unwrap_or_default());
    let reports = Resource::new_blocking(
        move || (status(), target(), query.with(page_of), decide.version().get()),
        |(status, target, page, _)| admin_reports(status, target, page),
    );
    view! {
        <Title text="관리자" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-page">
            <h1 class="mb-4 text-2xl font-bold">"관리자"</h1>
            <AdminNav current="/admin" />
            <Suspense fallback=|| {
                view! { <p class="py-10 text-center text-stone-500">"불러오는 중…"</p> }
            }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(p) => {
                            let tabs = [
                                (ReportStatus::Open, "처리 대기"),
                                (ReportStatus::Actioned, "조치함"),
                                (ReportStatus::Dismissed, "기각"),
                            ];
                            let current = p.status;
                            let kind = p.target.map(|t| t.as_db()).unwrap_or_default();
                            let here = move |page: u32| format!("/admin?status={}&target={kind}&page={page}", current.as_db());
                            view! {
                                <Counts c=p.counts />
                                <h2 class="mt-8 text-lg font-semibold">"신고"</h2>
                                <div class="mt-2 flex gap-2 text-sm" role="tablist">
                                    {tabs
                                        .into_iter()
                                        .map(|(s, label)| {
                                            view! {
                                                <a
                                                    role="tab"
                                                    aria-selected=(s == current).to_string()
                                                    href=format!("/admin?status={}", s.as_db())
                                                    class="rounded-full border px-3 py-1"
                                                    class:border-ink=s == current
                                                    class:font-semibold=s == current
                                                >
                                                    {label}
                                                </a>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                                <form method="get" action="/admin" class="mt-3 flex items-center gap-2 text-sm">
                                    <input type="hidden" name="status" value=current.as_db() />
                                    <label class="flex items-center gap-2">
                                        <span>"대상"</span>
                                        <select
                                            name="target"
                                            class="rounded border border-stone-300 px-2 py-1"
                                            data-testid="report-target-filter"
                                        >
                                            <option value="" selected=kind.is_empty()>
                                                "전체"
                                            </option>
                                            {ReportTarget::ALL
                                                .iter()
                                                .map(|t| {
                                                    view! {
                                                        <option value=t.as_db() selected=t.as_db() == kind>
                                                            {t.label_ko()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="rounded-full border border-stone-300 px-3 py-1">
                                        "보기"
                                    </button>
                                </form>
                                {if p.items.is_empty() {
                                    view! {
                                        <p
                                            class="mt-6 rounded-xl border border-dashed border-stone-300 p-8 text-center text-stone-500"
                                            data-testid="no-reports"
                                        >
                                            "처리할 신고가 없습니다."
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ul class="mt-4 flex flex-col gap-3" data-testid="report-queue">
                                            {p.items.into_iter().map(|r| view! { <ReportItem r decide /> }).collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                                <nav class="mt-6 flex justify-between text-sm" aria-label="페이지">
                                    {(p.page > 1)
                                        .then(|| {
                                            view! { <a href=here(p.page - 1)>"← 이전"</a> }
                                        })}
                                    {p
                                        .has_more
                                        .then(|| {
                                            view! { <a href=here(p.page + 1)>"다음 →"</a> }
                                        })}
                                </nav>
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
fn ReportItem(r: ReportRow, decide: ServerAction<AdminDecideReport>) -> impl IntoView {
    let open = r.status == ReportStatus::Open;
    let act_label = match r.target {
        crate::domain::moderation::ReportTarget::Member => "회원 정지",
        _ => "숨기기",
    };
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="report-item" data-target=r.target.as_db()>
            <p class="flex flex-wrap items-center gap-2">
                <span class="rounded-full bg-stone-100 px-2 py-0.5 font-medium">{r.target.label_ko()}</span>
                <span class="font-semibold text-red-700">{r.reason.label_ko()}</span>
                {(r.open_on_target > 1)
                    .then(|| {
                        view! { <span class="text-xs text-stone-500">{format!("같은 대상 신고 {}건", r.open_on_target)}</span> }
                    })}
                <span class="ml-auto text-xs text-stone-500">{format!("{} · {}", r.reporter, format_kst(r.created_at))}</span>
            </p>
            {(!r.detail.is_empty()).then(|| view! { <p class="mt-2 whitespace-pre-wrap break-words">{r.detail.clone()}</p> })}
            {if r.target_link.is_empty() {
                view! { <p class="mt-2 text-xs text-stone-500">"대상이 이미 숨겨졌거나 삭제되었습니다."</p> }.into_any()
            } else {
                view! {
                    <a class="mt-2 inline-block text-brand underline" href=r.target_link.clone() data-testid="report-target">
                        "대상 보기"
                    </a>
                }
                    .into_any()
            }}
            {open
                .then(|| {
                    view! {
                        <ActionForm action=decide attr:class="mt-3 flex flex-wrap items-end gap-2">
                            <input type="hidden" name="report_id" value=r.id />
                            <label class="flex flex-1 flex-col gap-1">
                                <span class="text-xs text-stone-600">"처리 사유 (감사 기록에 남습니다)"</span>
                                <input name="note" required=true class=INPUT data-testid="report-note" />
                            </label>
                            <button
                                type="submit"
                                name="act"
                                value="true"
                                class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white"
                                data-testid="report-act"
                            >
                                {act_label}
                            </button>
                            <button
                                type="submit"
                                name="act"
                                value="false"
                                class="rounded-full border border-stone-300 px-4 py-2 font-medium"
                                data-testid="report-dismiss"
                            >
                                "기각"
                            </button>
                        </ActionForm>
                    }
                })}
            {move || {
                decide
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

/// `/admin/audit`: every admin action, newest first, filtered by admin, action, target type and day.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let field = move |k: &'static str| query.with(|q| q.get(k).unwrap_or_default());
    let audit = Resource::new_blocking(
        move || (field("admin"), field("action"), field("target_type"), field("since"), query.with(page_of)),
        |(admin, action, target_type, since, page)| admin_audit(admin, action, target_type, since, page),
    );
    view! {
        <Title text="감사 기록 · 관리자" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-audit-page">
            <h1 class="mb-4 text-2xl font-bold">"관리자"</h1>
            <AdminNav current="/admin/audit" />
            <form method="get" action="/admin/audit" class="mt-6 grid gap-2 sm:grid-cols-5">
                <input name="admin" value=field("admin") placeholder="관리자 닉네임" aria-label="관리자 닉네임" class=INPUT />
                <input name="action" value=field("action") placeholder="작업 (hide, cancel_lot …)" aria-label="작업" class=INPUT />
                <input
                    name="target_type"
                    value=field("target_type")
                    placeholder="대상 (artwork, user …)"
                    aria-label="대상 종류"
                    class=INPUT
                />
                <input name="since" type="date" value=field("since") aria-label="이 날부터" class=INPUT />
                <button type="submit" class="rounded-full bg-ink px-4 py-2 text-sm font-semibold text-white">
                    "거르기"
                </button>
            </form>
            <Suspense fallback=|| {
                view! { <p class="py-10 text-center text-stone-500">"불러오는 중…"</p> }
            }>
                {move || Suspend::new(async move {
                    match audit.await {
                        Ok(p) if p.items.is_empty() => {
                            view! { <p class="mt-6 text-center text-stone-500">"기록이 없습니다."</p> }.into_any()
                        }
                        Ok(p) => {
                            view! {
                                <div class="mt-6 overflow-x-auto">
                                    <table class="w-full text-left text-sm" data-testid="audit-table">
                                        <thead class="text-xs text-stone-500">
                                            <tr>
                                                <th class="py-2">"시각"</th>
                                                <th>"관리자"</th>
                                                <th>"작업"</th>
                                                <th>"대상"</th>
                                                <th>"사유"</th>
                                            </tr>
                                        </thead>
                                        <tbody class="divide-y divide-stone-100">
                                            {p
                                                .items
                                                .into_iter()
                                                .map(|a| {
                                                    view! {
                                                        <tr data-testid="audit-row">
                                                            <td class="py-2 pr-3 whitespace-nowrap">{format_kst(a.at)}</td>
                                                            <td class="pr-3">{a.admin}</td>
                                                            <td class="pr-3 font-mono text-xs">{a.action}</td>
                                                            <td class="pr-3 font-mono text-xs">
                                                                {format!("{} #{}", a.target_type, a.target_id)}
                                                            </td>
                                                            <td>{a.reason}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav class="mt-4 flex justify-between text-sm" aria-label="페이지">
                                    {(p.page > 1).then(|| view! { <a href=format!("?page={}", p.page - 1)>"← 이전"</a> })}
                                    {p.has_more.then(|| view! { <a href=format!("?page={}", p.page + 1)>"다음 →"</a> })}
                                </nav>
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

/// `/admin/disputes`: open disputes, oldest first — the order, both parties, the timeline, the buyer's
/// reason and photos — each resolved by a refund to the buyer or a release to the artist, with a reason.
#[component]
pub fn AdminDisputesPage() -> impl IntoView {
    let resolve = ServerAction::<ResolveDispute>::new();
    let query = use_query_map();
    let page = move || query.with(page_of);
    let disputes = Resource::new_blocking(move || (page(), resolve.version().get()), |(page, _)| admin_disputes(page));
    view! {
        <Title text="분쟁 · 관리자" />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-disputes-page">
            <h1 class="mb-4 text-2xl font-bold">"관리자"</h1>
            <AdminNav current="/admin/disputes" />
            <Suspense fallback=|| {
                view! { <p class="py-10 text-center text-stone-500">"불러오는 중…"</p> }
            }>
                {move || Suspend::new(async move {
                    match disputes.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-6 rounded-xl border border-dashed border-stone-300 p-8 text-center text-stone-500">
                                    "처리할 분쟁이 없습니다."
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
                                <nav class="mt-4 flex justify-between text-sm" aria-label="페이지">
                                    {(current > 1)
                                        .then(|| view! { <a href=format!("/admin/disputes?page={}", current - 1)>"← 이전"</a> })}
                                    {has_more.then(|| view! { <a href=format!("/admin/disputes?page={}", current + 1)>"다음 →"</a> })}
                                </nav>
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
    let timeline = [
        Some(format!("결제 {}", format_kst(d.paid_at))),
        d.shipped_at.map(|s| {
            format!("발송 {} ({} {})", format_kst(s), d.carrier.clone().unwrap_or_default(), d.tracking_no.clone().unwrap_or_default())
        }),
        d.disputed_at.map(|s| format!("분쟁 {}", format_kst(s))),
    ];
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="dispute-item">
            <p class="flex flex-wrap items-center gap-2">
                <a class="font-semibold text-brand underline" href=format!("/artworks/{}", d.artwork_id)>
                    {d.title.clone()}
                </a>
                <span class="tabular-nums">{d.amount.display()}</span>
                <span class="ml-auto text-xs text-stone-500">
                    {format!("주문 #{} · 구매자 {} · 작가 {}", d.order_id, d.buyer, d.artist)}
                </span>
            </p>
            <ol class="mt-2 flex flex-wrap gap-x-4 text-xs text-stone-600">
                {timeline.into_iter().flatten().map(|t| view! { <li>{t}</li> }).collect_view()}
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
                                            <img src=url.clone() alt="구매자가 올린 사진" class="h-24 w-24 rounded object-cover" />
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
                    <span class="text-xs text-stone-600">"처리 사유 (양쪽에 알리고 감사 기록에 남습니다)"</span>
                    <input name="note" required=true class=INPUT />
                </label>
                <button
                    type="submit"
                    name="refund"
                    value="true"
                    class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white"
                    data-testid="dispute-refund"
                >
                    "구매자 환불"
                </button>
                <button
                    type="submit"
                    name="refund"
                    value="false"
                    class="rounded-full border border-stone-300 px-4 py-2 font-medium"
                    data-testid="dispute-release"
                >
                    "작가 정산"
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
        <h3 class=section>{format!("주문 {}", d.orders.len())}</h3>
        {if d.orders.is_empty() {
            empty("주문이 없습니다.").into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm">
                    {d
                        .orders
                        .into_iter()
                        .map(|o| {
                            view! {
                                <li class="flex flex-wrap justify-between gap-2 py-1.5">
                                    <span>{format!("#{} {} ({})", o.order_id, o.title, if o.as_buyer { "구매" } else { "판매" })}</span>
                                    <span>{format!("{} · {}", o.amount.display(), o.status.label())}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h3 class=section>{format!("신고 {}", d.reports.len())}</h3>
        {if d.reports.is_empty() {
            empty("받은 신고가 없습니다.").into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid="member-reports">
                    {d
                        .reports
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li class="py-1.5">
                                    {format!(
                                        "{} #{} · {} · {} · {}",
                                        r.target.label_ko(),
                                        r.target_id,
                                        r.reason.label_ko(),
                                        r.reporter,
                                        r.status.as_db(),
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        <h3 class=section>{format!("관리 기록 {}", d.audit.len())}</h3>
        {if d.audit.is_empty() {
            empty("관리 기록이 없습니다.").into_any()
        } else {
            view! {
                <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid="member-audit">
                    {d
                        .audit
                        .into_iter()
                        .map(|a| {
                            view! {
                                <li class="py-1.5">
                                    {format!("{} · {} · {} #{} · {}", format_kst(a.at), a.admin, a.action, a.target_id, a.reason)}
                                </li>
                            }
                        })
                        .collect_view()}
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
