//! `/about` (소개): what Artipul is, how bidding, holds, fees and shipping work, the verifiable record
//! and certificates, and a short FAQ — all from the catalogue, in Korean and English.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::artworks::get_listing_limits;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    // The commission comes from the server's settings (the same the listing form uses).
    let limits = Resource::new(|| (), |_| get_listing_limits());
    let section = move |title: Key, body: Key, testid: &'static str| {
        view! {
            <section class="mt-8" data-testid=testid>
                <h2 class="text-lg font-semibold">{move || i18n.t(title)}</h2>
                <p class="mt-2 leading-relaxed text-stone-700">{move || i18n.t(body)}</p>
            </section>
        }
    };
    let faq = [(Key::Faq1Q, Key::Faq1A), (Key::Faq2Q, Key::Faq2A), (Key::Faq3Q, Key::Faq3A)];
    view! {
        <Title text=move || i18n.t(Key::AboutTitle) />
        <article class="mx-auto max-w-2xl px-4 py-10" data-testid="about">
            <h1 class="text-3xl font-bold">{move || i18n.t(Key::AboutTitle)}</h1>
            <p class="mt-4 text-lg leading-relaxed text-stone-700">{move || i18n.t(Key::AboutIntro)}</p>
            {section(Key::AboutBiddingTitle, Key::AboutBidding, "about-bidding")}
            {section(Key::AboutHoldsTitle, Key::AboutHolds, "about-holds")}
            <section class="mt-8" data-testid="about-fees">
                <h2 class="text-lg font-semibold">{move || i18n.t(Key::AboutFeesTitle)}</h2>
                <Suspense>
                    <p class="mt-2 leading-relaxed text-stone-700">
                        {move || {
                            limits.get().map(|l| i18n.locale.get().about_fees(l.map(|l| l.commission_percent).unwrap_or_default()))
                        }}
                    </p>
                </Suspense>
                <p class="mt-2 leading-relaxed text-stone-700">{move || i18n.t(Key::AboutShippingText)}</p>
            </section>
            {section(Key::AboutTrustTitle, Key::AboutTrust, "about-trust")}
            <section class="mt-10" data-testid="about-faq">
                <h2 class="text-lg font-semibold">{move || i18n.t(Key::FaqTitle)}</h2>
                {faq
                    .into_iter()
                    .map(|(q, a)| {
                        view! {
                            <details class="mt-3 rounded-lg border border-stone-200 bg-white p-4">
                                <summary class="cursor-pointer font-medium">{move || i18n.t(q)}</summary>
                                <p class="mt-2 text-stone-700">{move || i18n.t(a)}</p>
                            </details>
                        }
                    })
                    .collect_view()}
            </section>
        </article>
    }
}
