//! `/verify`: anyone checks a bid receipt — the server's signature, and the bid in the lot's stored hash
//! chain. A plain GET form, so it works before (and without) hydration; the check runs on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auction::verify_receipt;
use crate::domain::auction::{ReceiptCheck, SignedReceipt};
use crate::domain::Won;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn VerifyReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let pasted = move || query.with(|q| q.get("receipt").unwrap_or_default());
    // What the box holds: the checked receipt, or what was typed or read from a chosen file.
    let text = RwSignal::new(pasted());
    let check = Resource::new(pasted, |text| async move {
        if text.trim().is_empty() {
            None
        } else {
            let parsed = serde_json::from_str::<SignedReceipt>(text.trim()).ok();
            Some((verify_receipt(text).await, parsed))
        }
    });
    view! {
        <Title text=move || i18n.t(Key::VerifyTitle) />
        <section class="mx-auto max-w-2xl px-4 py-10">
            <h1 class="text-2xl font-bold">{move || i18n.t(Key::VerifyTitle)}</h1>
            <p class="mt-2 text-stone-600">{move || i18n.t(Key::VerifyIntro)}</p>
            <form method="get" action="/verify" class="mt-6 space-y-3">
                <label for="receipt" class="block text-sm font-semibold">
                    {move || i18n.t(Key::VerifyLabel)}
                </label>
                <textarea
                    id="receipt"
                    name="receipt"
                    rows="8"
                    required
                    spellcheck="false"
                    class="w-full rounded-lg border border-stone-300 p-3 font-mono text-xs"
                    data-testid="receipt-input"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <label class="block text-sm text-stone-600">
                    {move || i18n.t(Key::VerifyUpload)}
                    <input
                        type="file"
                        accept="application/json,.json"
                        class="mt-1 block text-sm"
                        data-testid="receipt-file"
                        on:change=move |ev| read_file(ev, text)
                    />
                </label>
                <button
                    type="submit"
                    class="rounded-full bg-brand px-6 py-2.5 font-semibold text-white hover:bg-brand-dark"
                    data-testid="receipt-check"
                >
                    {move || i18n.t(Key::VerifySubmit)}
                </button>
            </form>
            <div role="status" aria-live="polite" class="mt-6">
                <Suspense fallback=move || {
                    view! { <p class="text-stone-500">{move || i18n.t(Key::Loading)}</p> }
                }>
                    {move || {
                        check
                            .get()
                            .flatten()
                            .map(|(answer, parsed)| match answer {
                                Ok(result) => view! { <Outcome result parsed /> }.into_any(),
                                Err(e) => {
                                    view! {
                                        <p class="rounded-lg bg-red-50 p-4 text-red-800" data-testid="verify-result" data-valid="false">
                                            {e.message}
                                        </p>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </div>
            <p class="mt-8 text-sm text-stone-500">
                <a class="underline" href="/.well-known/artipul-receipt-key.json">
                    {move || i18n.t(Key::VerifyPublicKey)}
                </a>
                " (Ed25519)"
            </p>
        </section>
    }
}

/// Puts the chosen file's text in the box (receipts are small: anything over 4 KB is refused as the server
/// would refuse it). In the browser only; before hydration the box is pasted into.
fn read_file(ev: leptos::ev::Event, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        if file.size() > 4096.0 {
            text.set(String::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(value) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                if let Some(s) = value.as_string() {
                    text.set(s);
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, text);
}

#[component]
fn Outcome(result: ReceiptCheck, parsed: Option<SignedReceipt>) -> impl IntoView {
    let i18n = use_i18n();
    let valid = result.signature_valid && result.in_chain;
    let (tone, key) = match (result.signature_valid, result.in_chain) {
        (true, true) => ("bg-emerald-50 text-emerald-900", Key::VerifyValid),
        (false, _) => ("bg-red-50 text-red-800", Key::VerifyBadSignature),
        (true, false) => ("bg-amber-50 text-amber-900", Key::VerifyNotInChain),
    };
    let broken = (!valid && result.signature_valid).then(|| result.broken_at.map(|seq| format!(" #{seq}"))).flatten();
    view! {
        <div class=format!("rounded-lg p-4 {tone}") data-testid="verify-result" data-valid=valid.to_string()>
            <p class="font-semibold">{move || i18n.t(key)} {broken}</p>
            {parsed
                .map(|s| {
                    let r = s.receipt;
                    view! {
                        <dl class="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                            <dt class="sr-only">{move || i18n.t(Key::VerifyDetails)}</dt>
                            <dd class="col-span-2">
                                <a class="underline" href=format!("/artworks/{}", r.lot_id)>
                                    {format!("#{}", r.lot_id)}
                                </a>
                                {format!(" · #{} · {} · {}", r.seq, r.handle, Won(r.max_amount).display())}
                            </dd>
                            <dd class="col-span-2 font-mono text-xs break-all">{r.placed_at} " · " {r.chain_hash}</dd>
                        </dl>
                    }
                })}
        </div>
    }
}
