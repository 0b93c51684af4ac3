//! Comparable sales (`domain::comparables`) for a genre path: on the listing form as the artist picks a
//! genre, and on an artist's own unsold lot. Counts, median and quartiles, a small strip chart drawn as
//! SVG in the page (each dot a sold price, the box the middle half, the line the median), a suggested
//! start-price range with its reason — and an honest empty state when there are too few sales.

use leptos::prelude::*;

use crate::api::artworks::comparable_sales;
use crate::domain::comparables::{Comparables, MIN_SALES};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ComparablesPanel(#[prop(into)] path: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(
        move || path.get(),
        |p| async move {
            // A top-level genre alone is too broad to compare (except "other", which has no levels).
            if p.split('/').filter(|s| !s.is_empty()).count() < 2 && p != crate::domain::genre::Genre::Other.ko() {
                None
            } else {
                Some(comparable_sales(p).await)
            }
        },
    );
    view! {
        <section class="rounded-xl border border-stone-200 bg-stone-50 p-4 text-sm" data-testid="comparables" aria-live="polite">
            <h3 class="font-semibold">{move || i18n.t(Key::ComparablesTitle)}</h3>
            <Transition fallback=move || {
                view! { <p class="mt-2 text-stone-500">{move || i18n.t(Key::Loading)}</p> }
            }>
                {move || {
                    data.get()
                        .map(|d| match d {
                            None => view! { <p class="mt-2 text-stone-500">{move || i18n.t(Key::ComparablesPickGenre)}</p> }.into_any(),
                            Some(Err(e)) => view! { <p class="mt-2 text-red-700">{e.message}</p> }.into_any(),
                            Some(Ok(c)) => view! { <Summary c /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Summary(c: Comparables) -> impl IntoView {
    let i18n = use_i18n();
    if c.ended == 0 {
        return view! {
            <p class="mt-2 text-stone-600" data-testid="comparables-empty">
                {move || i18n.t(Key::ComparablesNone)}
            </p>
        }
        .into_any();
    }
    let counts = {
        let c = c.clone();
        move || i18n.locale.get().comparables_counts(&c)
    };
    let stats = match (c.median, c.q1, c.q3, c.suggested) {
        (Some(median), Some(q1), Some(q3), Some((from, to))) => {
            let chart = chart(&c);
            let median_line = move || i18n.locale.get().comparables_median(median, q1, q3);
            let suggest = move || i18n.locale.get().comparables_suggest(from, to, q1);
            view! {
                <p class="mt-2" data-testid="comparables-median">
                    {median_line}
                </p>
                {chart}
                <p class="mt-2 rounded-lg bg-white p-2 font-medium text-brand" data-testid="comparables-suggestion">
                    {suggest}
                </p>
            }
            .into_any()
        }
        _ => view! {
            <p class="mt-2 text-stone-500" data-testid="comparables-few">
                {move || i18n.locale.get().comparables_too_few(MIN_SALES as u32)}
            </p>
        }
        .into_any(),
    };
    view! {
        <p class="mt-2 text-stone-600" data-testid="comparables-scope">
            {c.scope.clone()}
        </p>
        <p class="mt-1" data-testid="comparables-counts">
            {counts}
        </p>
        {stats}
    }
    .into_any()
}

/// The strip chart: sold prices on a linear axis from the lowest to the highest, the middle half as a
/// box and the median as a line; at most 200 dots (evenly picked), stacked in three rows so they show.
fn chart(c: &Comparables) -> impl IntoView {
    let (w, h, pad) = (300.0_f64, 56.0_f64, 8.0_f64);
    let prices: Vec<u64> = c.prices.iter().map(|p| p.0).collect();
    let (lo, hi) = (*prices.first().unwrap_or(&0) as f64, *prices.last().unwrap_or(&0) as f64);
    let x = move |v: u64| if hi > lo { pad + (v as f64 - lo) / (hi - lo) * (w - 2.0 * pad) } else { w / 2.0 };
    let step = (prices.len() / 200).max(1);
    let dots: Vec<(f64, f64)> = prices.iter().step_by(step).enumerate().map(|(i, p)| (x(*p), 14.0 + (i % 3) as f64 * 6.0)).collect();
    let (q1, q3, median) = (c.q1.map_or(0, |w| w.0), c.q3.map_or(0, |w| w.0), c.median.map_or(0, |w| w.0));
    let label = format!("{} – {}", crate::domain::Won(lo as u64).display(), crate::domain::Won(hi as u64).display());
    view! {
        <svg
            viewBox=format!("0 0 {w} {h}")
            class="mt-2 w-full max-w-sm"
            role="img"
            aria-label=label.clone()
            data-testid="comparables-chart"
        >
            <rect x=x(q1) y="8" width=(x(q3) - x(q1)).max(1.0) height="24" rx="3" class="fill-brand/15" />
            <line x1=x(median) x2=x(median) y1="6" y2="34" class="stroke-brand" stroke-width="2" />
            {dots.into_iter().map(|(cx, cy)| view! { <circle cx=cx cy=cy r="2.5" class="fill-stone-700/70" /> }).collect_view()}
            <text x=pad y=h - 6.0 font-size="10" class="fill-stone-500">
                {crate::domain::Won(lo as u64).display()}
            </text>
            <text x=w - pad y=h - 6.0 font-size="10" text-anchor="end" class="fill-stone-500">
                {crate::domain::Won(hi as u64).display()}
            </text>
        </svg>
    }
}
