//! A countdown to a deadline that runs on the server's clock, not the device's.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// "3시간 12분 남음", ticking every second after hydration.
///
/// The server renders the time left at `server_now`; the browser starts from the same instant (so
/// hydration matches) and then advances by the device clock plus the offset to the server clock —
/// measured at start, then refreshed by every live event. `ends_at` may move (soft close).
#[component]
pub fn Countdown(
    /// When the lot ends (UTC); a signal, so extensions show at once.
    #[prop(into)]
    ends_at: Signal<DateTime<Utc>>,
    /// The server's clock when the page data was read.
    server_now: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(server_now);

    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let start_offset = server_now - Utc::now();
        let hub = use_context::<super::live::LiveHub>();
        let tick = move || {
            let offset = match hub {
                Some(h) if h.connected.get_untracked() => chrono::Duration::milliseconds(h.offset_ms.get_untracked()),
                _ => start_offset,
            };
            now.set(Utc::now() + offset);
        };
        // Right away (a countdown created later in the page's life must not show the page-load time).
        tick();
        let handle = set_interval_with_handle(tick, std::time::Duration::from_secs(1)).ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    });

    let secs_left = move || (ends_at.get() - now.get()).num_seconds();
    let urgent = move || secs_left() < 3600;
    view! {
        <span class="tabular-nums" class:text-brand=urgent class:font-semibold=urgent data-testid="countdown">
            {move || i18n.locale.get().remaining(secs_left())}
        </span>
    }
}
