//! A link that downloads the signed receipt of one of the viewer's own bids (`GET /receipts/{lot}/{seq}`).

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key};

#[component]
pub fn ReceiptLink(lot_id: u64, seq: u32, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a
            href=format!("/receipts/{lot_id}/{seq}")
            download=format!("artipul-receipt-{lot_id}-{seq}.json")
            class="text-xs text-brand underline"
            title=move || i18n.t(Key::ReceiptDownloadHint)
            data-testid=testid
        >
            {move || i18n.t(Key::ReceiptDownload)}
        </a>
    }
}
