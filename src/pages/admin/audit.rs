//! `/admin/audit`: the audit trail.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::shown_at;
use super::{page_of, AdminNav, Pager, INPUT};
use crate::api::admin::admin_audit;
use crate::components::missing::Missing;
use crate::i18n::admin::AdminKey;
use crate::i18n::{use_i18n, Key};

/// `/admin/audit`: every admin action, newest first, filtered by admin, action, target type and day.
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let field = move |k: &'static str| query.with(|q| q.get(k).unwrap_or_default());
    let audit = Resource::new_blocking(
        move || (field("admin"), field("action"), field("target_type"), field("since"), query.with(page_of)),
        |(admin, action, target_type, since, page)| admin_audit(admin, action, target_type, since, page),
    );
    view! {
        <Title text=move || i18n.admin(AdminKey::AuditTitle) />
        <section class="mx-auto max-w-6xl px-4 py-8" data-testid="admin-audit-page">
            <h1 class="mb-4 text-2xl font-bold">{move || i18n.t(Key::AdminNav)}</h1>
            <AdminNav current="/admin/audit" />
            <form method="get" action="/admin/audit" class="mt-6 grid gap-2 sm:grid-cols-5">
                <input
                    name="admin"
                    value=field("admin")
                    placeholder=move || i18n.admin(AdminKey::AdminNickname)
                    aria-label=move || i18n.admin(AdminKey::AdminNickname)
                    class=INPUT
                />
                <input
                    name="action"
                    value=field("action")
                    placeholder=move || i18n.admin(AdminKey::ActionPlaceholder)
                    aria-label=move || i18n.admin(AdminKey::Action)
                    class=INPUT
                />
                <input
                    name="target_type"
                    value=field("target_type")
                    placeholder=move || i18n.admin(AdminKey::TargetPlaceholder)
                    aria-label=move || i18n.admin(AdminKey::TargetType)
                    class=INPUT
                />
                <input name="since" type="date" value=field("since") aria-label=move || i18n.admin(AdminKey::Since) class=INPUT />
                <button type="submit" class="rounded-full bg-ink px-4 py-2 text-sm font-semibold text-white">
                    {move || i18n.admin(AdminKey::Filter)}
                </button>
            </form>
            <Suspense fallback=move || {
                view! { <p class="py-10 text-center text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match audit.await {
                        Ok(p) if p.items.is_empty() => {
                            view! { <p class="mt-6 text-center text-stone-500">{move || i18n.admin(AdminKey::NoAuditEntries)}</p> }
                                .into_any()
                        }
                        Ok(p) => {
                            view! {
                                // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
                                <div
                                    class="mt-6 overflow-x-auto"
                                    tabindex="0"
                                    role="region"
                                    aria-label=move || i18n.admin(AdminKey::AuditTitle)
                                >
                                    <table class="w-full text-left text-sm" data-testid="audit-table">
                                        <thead class="text-xs text-stone-500">
                                            <tr>
                                                <th class="py-2">{move || i18n.admin(AdminKey::Time)}</th>
                                                <th>{move || i18n.t(Key::AdminNav)}</th>
                                                <th>{move || i18n.admin(AdminKey::Action)}</th>
                                                <th>{move || i18n.admin(AdminKey::Target)}</th>
                                                <th>{move || i18n.admin(AdminKey::Reason)}</th>
                                            </tr>
                                        </thead>
                                        <tbody class="divide-y divide-stone-100">
                                            {p
                                                .items
                                                .into_iter()
                                                .map(|a| {
                                                    view! {
                                                        <tr data-testid="audit-row">
                                                            <td class="py-2 pr-3 whitespace-nowrap">{shown_at(a.at)}</td>
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
                                <Pager
                                    page=p.page
                                    has_more=p.has_more
                                    href=move |n| {
                                        let q = |k: &'static str| crate::domain::artwork::encode_query_value(&field(k));
                                        format!(
                                            "/admin/audit?admin={}&action={}&target_type={}&since={}&page={n}",
                                            q("admin"),
                                            q("action"),
                                            q("target_type"),
                                            q("since"),
                                        )
                                    }
                                />
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
