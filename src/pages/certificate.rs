//! `/certificates/{serial}`: a certificate of authenticity, public and printable — whether its signature
//! holds, the work, the artist, the sale, the serial, the QR code of this page, and a PDF download. The
//! buyer may show or hide the price (a plain form: works before hydration).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::certificates::{get_certificate, SetCertificatePrice};
use crate::domain::certificate::CertificateView;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let serial = move || params.with(|p| p.get("serial").unwrap_or_default());
    let toggle = ServerAction::<SetCertificatePrice>::new();
    let cert = Resource::new_blocking(move || (serial(), toggle.version().get()), |(s, _)| get_certificate(s));
    view! {
        <Title text=move || format!("{} {}", i18n.t(Key::CertTitle), serial()) />
        <Suspense fallback=move || {
            view! { <p class="px-4 py-10 text-center text-stone-500">{i18n.t(Key::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match cert.await {
                    Ok(c) => view! { <Certificate c toggle /> }.into_any(),
                    Err(e) => {
                        view! {
                            <section class="mx-auto max-w-xl px-4 py-16 text-center" data-testid="certificate-missing">
                                <h1 class="text-xl font-bold">{move || i18n.t(Key::CertTitle)}</h1>
                                <p role="alert" class="mt-3 text-red-700">
                                    {e.message}
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Certificate(c: CertificateView, toggle: ServerAction<SetCertificatePrice>) -> impl IntoView {
    let i18n = use_i18n();
    let genuine = c.genuine && !c.revoked;
    let revoked = c.revoked;
    let serial = c.serial.clone();
    let artist = {
        let mut a = c.artist_nickname.clone();
        if let Some(college) = &c.artist_college {
            a.push_str(&format!(" ({college})"));
        }
        a
    };
    view! {
        <section class="mx-auto max-w-2xl px-4 py-8 print:py-0" data-testid="certificate" data-genuine=genuine.to_string()>
            <p
                role="status"
                class="rounded-lg px-4 py-3 text-sm font-semibold print:hidden"
                class:bg-emerald-50=genuine
                class:text-emerald-800=genuine
                class:bg-red-50=!genuine
                class:text-red-800=!genuine
                data-testid="certificate-status"
            >
                {move || {
                    if revoked {
                        format!("✗ {}", i18n.t(Key::CertRevoked))
                    } else if genuine {
                        format!("✓ {}", i18n.t(Key::CertGenuine))
                    } else {
                        format!("✗ {}", i18n.t(Key::CertForged))
                    }
                }}
            </p>
            <article class="mt-6 rounded-xl border-4 border-double border-stone-800 bg-white p-6 sm:p-10">
                <p class="text-center text-xs tracking-[0.3em] text-stone-500">"ARTIPUL"</p>
                <h1 class="mt-2 text-center text-3xl font-bold">{move || i18n.t(Key::CertTitle)}</h1>
                {c
                    .image_url
                    .clone()
                    .map(|src| {
                        view! { <img src=src alt=c.title.clone() class="mx-auto mt-6 max-h-72 rounded-lg object-contain" /> }
                    })}
                <dl class="mt-6 text-sm">
                    {fact(Key::CertWork, c.title.clone(), "certificate-title")}
                    <div class="flex justify-between gap-4 border-b border-stone-100 py-2">
                        <dt class="text-stone-500">{move || i18n.t(Key::CertArtist)}</dt>
                        <dd class="text-right font-medium" data-testid="certificate-artist">
                            <a href=format!("/artists/{}", c.artist_nickname) class="hover:underline">
                                {artist}
                            </a>
                            {c
                                .artist_verified_student
                                .then(|| {
                                    view! {
                                        <span class="ml-1 text-xs font-semibold text-brand">
                                            <span aria-hidden="true">"✓ "</span>
                                            {move || i18n.t(Key::VerifiedStudent)}
                                        </span>
                                    }
                                })}
                        </dd>
                    </div> {(!c.medium.is_empty()).then(|| fact(Key::ArtworkMedium, c.medium.clone(), "certificate-medium"))}
                    {c.size.clone().map(|s| fact(Key::ArtworkSize, s, "certificate-size"))}
                    {c.year.map(|y| fact(Key::ArtworkYear, y.to_string(), "certificate-year"))}
                    {fact(Key::CertSoldOn, move || i18n.datetime(c.sold_at), "certificate-sold-on")}
                    <div class="flex justify-between gap-4 border-b border-stone-100 py-2">
                        <dt class="text-stone-500">{move || i18n.t(Key::CertPrice)}</dt>
                        <dd class="text-right font-medium" data-testid="certificate-price">
                            {
                                let price = c.price.filter(|_| c.show_price || c.viewer_is_owner);
                                move || price.map(|p| p.display()).unwrap_or_else(|| i18n.t(Key::CertPriceHidden).to_string())
                            }
                        </dd>
                    </div> {fact(Key::CertSerial, c.serial.clone(), "certificate-serial")}
                    {fact(Key::CertIssued, move || i18n.datetime(c.issued_at), "certificate-issued")}
                </dl>
                <div class="mt-6 flex flex-col items-center gap-4 sm:flex-row sm:items-start">
                    // Our own SVG, drawn on the server from the QR module matrix (no user text in it).
                    <div class="h-36 w-36 flex-none" data-testid="certificate-qr" inner_html=c.qr_svg.clone()></div>
                    <div class="min-w-0 text-xs text-stone-600">
                        <p>{move || i18n.t(Key::CertScan)}</p>
                        <p class="mt-1 break-all font-mono">{c.url.clone()}</p>
                        <p class="mt-3 font-semibold">{move || i18n.t(Key::CertSignature)}</p>
                        <p class="break-all font-mono" data-testid="certificate-signature">
                            {c.signature.clone()}
                        </p>
                        <p class="mt-2 font-semibold">{move || i18n.t(Key::CertKey)}</p>
                        <p class="break-all font-mono">{c.key.clone()}</p>
                    </div>
                </div>
            </article>
            <div class="mt-6 flex flex-wrap gap-3 print:hidden">
                <a
                    href=format!("/certificates/{serial}/pdf")
                    download=format!("artipul-certificate-{serial}.pdf")
                    class="rounded-full bg-brand px-5 py-2.5 font-semibold text-white"
                    data-testid="certificate-pdf"
                >
                    {move || i18n.t(Key::CertPdf)}
                </a>
                <button
                    type="button"
                    class="rounded-full border border-stone-300 px-5 py-2.5 font-semibold"
                    on:click=move |_| {
                        #[cfg(feature = "hydrate")]
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    }
                >
                    {move || i18n.t(Key::CertPrint)}
                </button>
            </div>
            {c
                .viewer_is_owner
                .then(|| {
                    let show = !c.show_price;
                    view! {
                        <div class="mt-6 rounded-lg bg-stone-50 p-4 text-sm print:hidden" data-testid="certificate-owner">
                            <p>{move || i18n.t(Key::CertOwnerNote)}</p>
                            <ActionForm action=toggle attr:class="mt-2">
                                <input type="hidden" name="serial" value=c.serial.clone() />
                                <input type="hidden" name="show" value=show.to_string() />
                                <button
                                    type="submit"
                                    class="rounded-full border border-stone-400 px-4 py-1.5 font-semibold"
                                    data-testid="certificate-price-toggle"
                                >
                                    {move || i18n.t(if show { Key::CertShowPrice } else { Key::CertHidePrice })}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })}
        </section>
    }
}

/// One line of the certificate: a label and its value.
fn fact(label: Key, value: impl IntoView + 'static, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex justify-between gap-4 border-b border-stone-100 py-2">
            <dt class="text-stone-500">{move || i18n.t(label)}</dt>
            <dd class="text-right font-medium" data-testid=testid>
                {value}
            </dd>
        </div>
    }
}
