//! 신고하기: a member reports a listing, a review, a comment or a member with a reason from the short
//! list and an optional text. A plain form in a disclosure, so it works before hydration too.

use leptos::prelude::*;

use crate::api::reviews::Report;
use crate::domain::moderation::{ReportReason, ReportTarget};
use crate::i18n::Key;

#[component]
pub fn ReportForm(target: ReportTarget, id: u64) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let report = ServerAction::<Report>::new();
    let testid = format!("report-{}", target.as_db());
    view! {
        <details class="text-sm text-stone-600" data-testid=testid>
            <summary class="cursor-pointer select-none hover:text-red-700">{move || i18n.t(Key::ReportSummary)}</summary>
            <ActionForm action=report attr:class="mt-2 flex max-w-sm flex-col gap-2 rounded-xl border border-stone-200 bg-white p-3">
                <input type="hidden" name="target" value=target.as_db() />
                <input type="hidden" name="id" value=id />
                <label class="flex flex-col gap-1">
                    <span class="font-medium text-stone-800">{move || i18n.t(Key::ReportReasonLabel)}</span>
                    <select name="reason" class="rounded border border-stone-300 px-2 py-1.5" data-testid="report-reason">
                        {ReportReason::ALL
                            .iter()
                            .map(|r| {
                                let r = *r;
                                view! { <option value=r.as_db()>{move || i18n.locale.get().report_reason(r)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="flex flex-col gap-1">
                    <span class="font-medium text-stone-800">{move || i18n.t(Key::ReportDetailLabel)}</span>
                    <textarea name="detail" rows="3" maxlength="1000" class="rounded border border-stone-300 px-2 py-1.5"></textarea>
                </label>
                <button
                    type="submit"
                    class="self-start rounded-full bg-red-700 px-4 py-1.5 font-semibold text-white"
                    data-testid="report-submit"
                >
                    {move || i18n.t(Key::ReportSubmit)}
                </button>
                {move || crate::components::outcome::outcome(report.value().get(), i18n.t(Key::ReportDone))}
            </ActionForm>
        </details>
    }
}
