//! The admin console: the dashboard with the report queue (this file), the disputes queue
//! (`disputes`), members and a member's page (`members`) and the audit trail (`audit`). Server-rendered
//! pages whose forms work before hydration; for anyone but an admin they do not exist (the server
//! functions answer "not found", and the page answers 404).

mod audit;
mod disputes;
mod members;

pub use audit::AdminAuditPage;
pub use disputes::AdminDisputesPage;
pub use members::{AdminMemberPage, AdminMembersPage};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin::{admin_reports, AdminDecideReport};
use crate::components::missing::Missing;
use crate::domain::moderation::{AdminCounts, ReportRow, ReportStatus, ReportTarget};
use crate::i18n::admin::{self, AdminKey};
use crate::i18n::{use_i18n, Key};

const INPUT: &str = "rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm";

fn page_of(q: &leptos_router::params::ParamsMap) -> u32 {
    q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1)
}

/// Previous / next links of a paginated console list; `href` makes the address of a page.
#[component]
fn Pager(page: u32, has_more: bool, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let (previous, next) = ((page > 1).then(|| href(page - 1)), has_more.then(|| href(page + 1)));
    view! {
        <nav class="mt-4 flex justify-between text-sm" aria-label=move || i18n.t(Key::PagesLabel)>
            {previous.map(|h| view! { <a href=h>{move || i18n.t(Key::PrevArrow)}</a> })}
            {next.map(|h| view! { <a href=h>{move || i18n.t(Key::NextArrow)}</a> })}
        </nav>
    }
}

#[component]
fn AdminNav(current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ("/admin", AdminKey::NavReports),
        ("/admin/disputes", AdminKey::NavDisputes),
        ("/admin/members", AdminKey::NavMembers),
        ("/admin/audit", AdminKey::NavAudit),
    ];
    view! {
        <nav aria-label=move || i18n.admin(AdminKey::Menu) class="flex gap-2 border-b border-stone-200 pb-3 text-sm">
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
                            {move || i18n.admin(label)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn Counts(c: AdminCounts) -> impl IntoView {
    let i18n = use_i18n();
    let tiles = [
        (AdminKey::OpenReports, c.open_reports, "open-reports"),
        (AdminKey::OpenDisputes, c.open_disputes, "open-disputes"),
        (AdminKey::EndingToday, c.lots_ending_today, "ending-today"),
        (AdminKey::NewMembers, c.new_members_7d, "new-members"),
    ];
    view! {
        <dl class="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {tiles
                .into_iter()
                .map(|(label, n, id)| {
                    view! {
                        <div class="rounded-xl border border-stone-200 bg-white p-4" data-testid=id>
                            <dt class="text-xs text-stone-500">{move || i18n.admin(label)}</dt>
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
    let i18n = use_i18n();
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").and_then(|s| ReportStatus::from_db(&s)).unwrap_or(ReportStatus::Open));
    let decide = ServerAction::<AdminDecideReport>::new();
    let target = move || query.with(|q| q.get("target").unwrap_or_default());
    let reports = Resource::new_blocking(
        move || (status(), target(), query.with(page_of), decide.version().get()),
        |(status, target, page, _)| admin_reports(status, target, page),
    );
    view! {
        <Title text=move || i18n.t(Key::AdminNav) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-page">
            <h1 class="mb-4 text-2xl font-bold">{move || i18n.t(Key::AdminNav)}</h1>
            <AdminNav current="/admin" />
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(p) => {
                            let tabs = [
                                (ReportStatus::Open, AdminKey::TabOpen),
                                (ReportStatus::Actioned, AdminKey::TabActioned),
                                (ReportStatus::Dismissed, AdminKey::TabDismissed),
                            ];
                            let current = p.status;
                            let kind = p.target.map(|t| t.as_db()).unwrap_or_default();
                            let here = move |page: u32| format!("/admin?status={}&target={kind}&page={page}", current.as_db());
                            view! {
                                <Counts c=p.counts />
                                <h2 class="mt-8 text-lg font-semibold">{move || i18n.admin(AdminKey::Reports)}</h2>
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
                                                    {move || i18n.admin(label)}
                                                </a>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                                <form method="get" action="/admin" class="mt-3 flex items-center gap-2 text-sm">
                                    <input type="hidden" name="status" value=current.as_db() />
                                    <label class="flex items-center gap-2">
                                        <span>{move || i18n.admin(AdminKey::Target)}</span>
                                        <select
                                            name="target"
                                            class="rounded border border-stone-300 px-2 py-1"
                                            data-testid="report-target-filter"
                                        >
                                            <option value="" selected=kind.is_empty()>
                                                {move || i18n.admin(AdminKey::AllTargets)}
                                            </option>
                                            {ReportTarget::ALL
                                                .iter()
                                                .map(|&t| {
                                                    view! {
                                                        <option value=t.as_db() selected=t.as_db() == kind>
                                                            {move || admin::report_target(i18n.locale.get(), t)}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="rounded-full border border-stone-300 px-3 py-1">
                                        {move || i18n.admin(AdminKey::Show)}
                                    </button>
                                </form>
                                {if p.items.is_empty() {
                                    view! {
                                        <p
                                            class="mt-6 rounded-xl border border-dashed border-stone-300 p-8 text-center text-stone-500"
                                            data-testid="no-reports"
                                        >
                                            {move || i18n.admin(AdminKey::NoReports)}
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
                                <Pager page=p.page has_more=p.has_more href=here />
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
    let i18n = use_i18n();
    let open = r.status == ReportStatus::Open;
    let act_label = match r.target {
        ReportTarget::Member => AdminKey::SuspendMember,
        _ => AdminKey::Hide,
    };
    let (target, reason, same_target) = (r.target, r.reason, r.open_on_target);
    view! {
        <li class="rounded-xl border border-stone-200 bg-white p-4 text-sm" data-testid="report-item" data-target=r.target.as_db()>
            <p class="flex flex-wrap items-center gap-2">
                <span class="rounded-full bg-stone-100 px-2 py-0.5 font-medium">
                    {move || admin::report_target(i18n.locale.get(), target)}
                </span>
                <span class="font-semibold text-red-700">{move || i18n.locale.get().report_reason(reason)}</span>
                {(same_target > 1)
                    .then(|| {
                        view! {
                            <span class="text-xs text-stone-500">{move || admin::same_target_reports(i18n.locale.get(), same_target)}</span>
                        }
                    })}
                <span class="ml-auto text-xs text-stone-500">{format!("{} · {}", r.reporter, shown_at(r.created_at))}</span>
            </p>
            {(!r.detail.is_empty()).then(|| view! { <p class="mt-2 whitespace-pre-wrap break-words">{r.detail.clone()}</p> })}
            {if r.target_link.is_empty() {
                view! { <p class="mt-2 text-xs text-stone-500">{move || i18n.admin(AdminKey::TargetGone)}</p> }.into_any()
            } else {
                view! {
                    <a class="mt-2 inline-block text-brand underline" href=r.target_link.clone() data-testid="report-target">
                        {move || i18n.admin(AdminKey::ViewTarget)}
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
                                <span class="text-xs text-stone-600">{move || i18n.admin(AdminKey::ReportNote)}</span>
                                <input name="note" required=true class=INPUT data-testid="report-note" />
                            </label>
                            <button
                                type="submit"
                                name="act"
                                value="true"
                                class="rounded-full bg-red-700 px-4 py-2 font-semibold text-white"
                                data-testid="report-act"
                            >
                                {move || i18n.admin(act_label)}
                            </button>
                            <button
                                type="submit"
                                name="act"
                                value="false"
                                class="rounded-full border border-stone-300 px-4 py-2 font-medium"
                                data-testid="report-dismiss"
                            >
                                {move || i18n.admin(AdminKey::Dismiss)}
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

/// A moment in the admin's zone and language, as the page is rendered (the console's lists are
/// snapshots: they are not re-rendered when the language switches).
pub(super) fn shown_at(at: chrono::DateTime<chrono::Utc>) -> String {
    let i18n = use_i18n();
    i18n.locale.get_untracked().datetime(at, i18n.tz.get_untracked())
}
