//! The HTML shell, the root component and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::{Footer, Header};
use crate::i18n::{provide_i18n, use_i18n};
use crate::pages::about::AboutPage;
use crate::pages::account::{FindEmailPage, LoginPage, MyPage, ProfilePage, ResetPasswordPage, SignupPage, SocialSignupPage};
use crate::pages::admin::{AdminAuditPage, AdminDisputesPage, AdminMemberPage, AdminMembersPage, AdminPage};
use crate::pages::artist::ArtistProfilePage;
use crate::pages::artwork::ArtworkPage;
use crate::pages::auctions::{MyAuctionsPage, NotificationsPage};
use crate::pages::browse::BrowseArtworksPage;
use crate::pages::certificate::CertificatePage;
use crate::pages::reviews::{EditReviewPage, NewReviewPage, ReviewFeedPage, ReviewPage};
use crate::pages::sell::{EditArtworkPage, SellPage};
use crate::pages::verify::VerifyReceiptPage;
use crate::pages::wallet::{ChargeCompletePage, WalletPageView};
use crate::pages::{home::HomePage, not_found::NotFound};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="ko">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-paper text-ink antialiased">
                <App />
            </body>
        </html>
    }
}

/// Root component: locale, meta tags, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n();
    crate::components::live::provide_live_hub();
    let auth = crate::components::auth::provide_auth();
    let i18n = use_i18n();
    // A member's zone may differ from the one this page was rendered in (they just logged in, or changed
    // it on another device): follow the profile; the server has set the cookie for the next page.
    Effect::new(move |_| {
        if let Some(Ok(Some(me))) = auth.me.get() {
            let zone = me.time_zone.as_deref().and_then(crate::domain::time::parse_zone);
            if let Some(tz) = zone.filter(|tz| *tz != i18n.tz.get_untracked()) {
                i18n.tz.set(tz);
            }
        }
    });
    // Effects run only in the browser, after hydration: mark the page so tests (and CSS) can tell.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Html attr:lang=move || i18n.locale.get().tag() attr:data-tz=move || i18n.tz.get().name() />
        // Pretendard, self-hosted in unicode-range subsets (`.ci/lib.sh` install_web_font).
        <Link rel="stylesheet" href="/fonts/pretendard/pretendardvariable-dynamic-subset.css" />
        <Stylesheet id="leptos" href="/pkg/artipul.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="theme-color" content="#c2410c" />
        <Title formatter=|text: String| {
            let title = if text.is_empty() { "ARTIPUL".to_string() } else { format!("{text} · ARTIPUL") };
            #[cfg(feature = "ssr")]
            let title = escape_title(&title);
            title
        } />
        <Router>
            <div class="flex min-h-screen flex-col">
                <Header />
                <main class="flex-1">
                    <ErrorBoundary fallback=|errors| {
                        view! { <crate::pages::error::ErrorPage errors /> }
                    }>
                        <Routes fallback=NotFound>
                            <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                            <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                            <Route path=path!("/signup") view=SignupPage />
                            <Route path=path!("/signup/social") view=SocialSignupPage ssr=SsrMode::Async />
                            <Route path=path!("/find-email") view=FindEmailPage />
                            <Route path=path!("/reset-password") view=ResetPasswordPage />
                            <Route path=path!("/artworks") view=BrowseArtworksPage ssr=SsrMode::Async />
                            <Route path=path!("/artworks/:id") view=ArtworkPage ssr=SsrMode::Async />
                            <Route path=path!("/artworks/:id/edit") view=EditArtworkPage ssr=SsrMode::Async />
                            <Route path=path!("/artists/:nickname") view=ArtistProfilePage ssr=SsrMode::Async />
                            <Route path=path!("/reviews") view=ReviewFeedPage ssr=SsrMode::Async />
                            <Route path=path!("/reviews/new") view=NewReviewPage ssr=SsrMode::Async />
                            <Route path=path!("/reviews/:id") view=ReviewPage ssr=SsrMode::Async />
                            <Route path=path!("/reviews/:id/edit") view=EditReviewPage ssr=SsrMode::Async />
                            <Route path=path!("/sell") view=SellPage ssr=SsrMode::Async />
                            <Route path=path!("/verify") view=VerifyReceiptPage ssr=SsrMode::Async />
                            <Route path=path!("/about") view=AboutPage ssr=SsrMode::Async />
                            <Route path=path!("/certificates/:serial") view=CertificatePage ssr=SsrMode::Async />
                            <Route path=path!("/me") view=MyPage ssr=SsrMode::Async />
                            <Route path=path!("/me/profile") view=ProfilePage ssr=SsrMode::Async />
                            <Route path=path!("/me/wallet") view=WalletPageView ssr=SsrMode::Async />
                            <Route path=path!("/me/wallet/complete") view=ChargeCompletePage ssr=SsrMode::Async />
                            <Route path=path!("/me/auctions") view=MyAuctionsPage ssr=SsrMode::Async />
                            <Route path=path!("/me/notifications") view=NotificationsPage ssr=SsrMode::Async />
                            <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                            <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
                            <Route path=path!("/admin/disputes") view=AdminDisputesPage ssr=SsrMode::Async />
                            <Route path=path!("/admin/members") view=AdminMembersPage ssr=SsrMode::Async />
                            <Route path=path!("/admin/members/:id") view=AdminMemberPage ssr=SsrMode::Async />
                        </Routes>
                    </ErrorBoundary>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

/// `text` safe inside `<title>` in server-rendered HTML (the browser decodes the entities back).
#[cfg(feature = "ssr")]
fn escape_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
