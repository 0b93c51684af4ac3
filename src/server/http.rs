//! The HTTP surface: router, health endpoints, middleware, and serving with graceful shutdown.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde_json::json;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use super::storage::MEDIA_PREFIX;
use super::AppState;
use crate::app::{shell, App};

/// Requests slower than this are answered with 408 instead of holding a connection forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a readiness probe waits for each dependency.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The app's routes, generated once per process. Leptos suppresses resource loading process-wide
/// while it generates a route list, and a resource first polled in that moment never resolves: a page
/// rendered by this process meanwhile would hang. So no router built after the first (another test
/// server, a second listener) may generate it again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let provide_state = move || {
        provide_context(context_state.clone());
        provide_context(super::auth::session::RequestUser::default());
        // The page's nonce is the one its Content-Security-Policy names (`page_nonce`).
        if let Some(nonce) =
            leptos::prelude::use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<PageNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    };
    let options = state.leptos_options.clone();

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/.well-known/artipul-receipt-key.json", get(super::auction::receipts::public_key))
        .route("/receipts/{lot_id}/{seq}", get(super::auction::receipts::download))
        .route("/certificates/{serial}/pdf", get(super::certificates::download_pdf))
        .route("/locale/{tag}", get(set_locale))
        .route("/api/live", get(super::auction::live::stream))
        .route("/api/openapi.json", get(super::openapi::serve))
        .nest_service(
            &format!("/{}", state.leptos_options.site_pkg_dir),
            super::assets::service(&state.leptos_options.site_root, &state.leptos_options.site_pkg_dir),
        )
        .route(&format!("{MEDIA_PREFIX}/{{*key}}"), get(super::storage::serve_media))
        .merge(super::auth::token_api::routes())
        .merge(super::auth::social::routes())
        .merge(super::auth::avatar_upload::routes())
        .merge(super::uploads::routes())
        .merge(match state.test_gateway.clone() {
            Some(gateway) => super::wallet::test_gateway::routes(gateway),
            None => Router::new(),
        })
        .route("/wallet/checkout/{merchant_uid}", get(super::wallet::portone_checkout))
        .route("/wallet/webhook", axum::routing::post(super::wallet::portone_webhook))
        .leptos_routes_with_context(&state, routes, provide_state.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide_state, shell))
        .layer(super::web_session::layer(&state))
        .layer(axum::middleware::from_fn_with_state(state.clone(), same_origin_only))
        .layer(axum::middleware::from_fn(page_nonce))
        .layer(axum::middleware::from_fn_with_state(state.clone(), request_locale))
        .layer(axum::middleware::map_response(error_status))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req.extensions().get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id, method = %req.method(), uri = %req.uri())
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
                .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::HeaderName::from_static("permissions-policy"),
                    HeaderValue::from_static(PERMISSIONS_POLICY),
                ))
                // Pages set their own policy with the request's nonce (`page_csp`); everything else —
                // JSON, media, the test gateway's form — may run no script at all.
                .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NO_SCRIPT_CSP)))
                .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts(&state)))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT)),
        )
        .with_state(state)
}

/// Powerful browser features the site never uses, switched off for it and anything it might embed.
const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// The policy of every response that is not a page of the app.
const NO_SCRIPT_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of a page of the app: scripts only from this site or inline with this response's nonce
/// (Leptos puts it on its hydration scripts), WebAssembly compiled from this site, connections (server
/// functions, the live stream, uploads) and images only to and from this site (and the image previews
/// the uploader makes in the browser).
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce of the page being answered: made here, before the app renders (which puts it on its scripts
/// through Leptos's `Nonce`), and named by the page's policy on the way out. Set on the response itself,
/// not through Leptos's `ResponseOptions`: a page once went out without its policy (so with the no-script
/// default, and never hydrated) although it had been rendered with the nonce — a browser test failed on it.
#[derive(Clone)]
struct PageNonce(std::sync::Arc<str>);

/// Every request is answered in its language — the `artipul_locale` cookie, else the site's default —
/// also by plain handlers outside Leptos (the live stream, uploads, the social log-in callback).
async fn request_locale(State(state): State<AppState>, request: Request<axum::body::Body>, next: axum::middleware::Next) -> Response {
    let locale = super::auth::session::cookie_in(request.headers(), crate::i18n::LOCALE_COOKIE)
        .and_then(|tag| crate::i18n::Locale::from_tag(&tag))
        .unwrap_or_else(|| state.settings.default_locale());
    crate::i18n::in_locale(locale, next.run(request)).await
}

async fn page_nonce(mut request: Request<axum::body::Body>, next: axum::middleware::Next) -> Response {
    use base64::Engine;
    let bytes: [u8; 16] = rand::random();
    let nonce: std::sync::Arc<str> = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes).into();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html && !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&page_csp(&nonce)) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// HSTS for a site served over https (a year, subdomains too); nothing on plain http.
fn hsts(state: &AppState) -> Option<HeaderValue> {
    (state.config.public_base_url.scheme() == "https").then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
}

/// CSRF defence in depth (cookies are also SameSite=Lax): a state-changing request that names its origin
/// (`Origin`, else `Referer`) must come from this site. Requests naming no origin are not from a browser
/// page and carry no ambient cookies' authority by themselves.
async fn same_origin_only(State(state): State<AppState>, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use axum::http::Method;
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let claimed = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|v| v.to_str().ok()).map(str::to_owned);
    // A browser that sends no Origin and no Referer still says where the request came from.
    let cross_site = headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site");
    if claimed.is_none() && cross_site {
        tracing::warn!("cross-site request without an origin refused");
        return crate::error::AppError::forbidden(crate::i18n::Key::ErrCrossSite).into_response();
    }
    if let Some(claimed) = claimed {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let same = url::Url::parse(&claimed).ok().is_some_and(|u| same_site(&u, &state.config.public_base_url, host));
        if !same {
            tracing::warn!(origin = %claimed, "cross-origin request refused");
            return crate::error::AppError::forbidden(crate::i18n::Key::ErrCrossSite).into_response();
        }
    }
    next.run(request).await
}

/// A server function whose arguments cannot be read fails inside the server-function framework, which
/// answers 500 whatever the error says. Our errors carry their kind: a 500 whose body is an `AppError` of
/// another kind (`요청 형식이 올바르지 않습니다.` is a `BadRequest`) gets that kind's status.
async fn error_status(response: Response) -> Response {
    let json = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, String::from(crate::i18n::Key::ErrInternal)).into_response();
    };
    if let Ok(error) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Whether `claimed` (a request's `Origin` or `Referer`) is this site: scheme, host and port all equal to
/// the public origin's, or — for a site reached under another name, such as `localhost` — the scheme
/// equal and host and port equal to the request's own `Host`.
fn same_site(claimed: &url::Url, public: &url::Url, host: &str) -> bool {
    if claimed.origin() == public.origin() {
        return true;
    }
    let authority = match claimed.port() {
        Some(port) => format!("{}:{port}", claimed.host_str().unwrap_or_default()),
        None => claimed.host_str().unwrap_or_default().to_string(),
    };
    claimed.scheme() == public.scheme() && claimed.has_host() && authority == host
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: MySQL and Redis answer; otherwise 503 naming each failing part. The search backend is
/// reported too (with the outbox backlog and the indexer's last error), but a failing search only makes
/// the instance `degraded`: browsing, bidding and everything else keep working without it.
async fn readyz(State(state): State<AppState>) -> Response {
    let mysql = async {
        let ping = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db);
        matches!(tokio::time::timeout(PROBE_TIMEOUT, ping).await, Ok(Ok(1)))
    };
    let redis = async { matches!(tokio::time::timeout(PROBE_TIMEOUT, state.redis.ping()).await, Ok(Ok(()))) };
    let search = async { matches!(tokio::time::timeout(PROBE_TIMEOUT, state.search.backend.ping()).await, Ok(Ok(()))) };
    let backlog = async { tokio::time::timeout(PROBE_TIMEOUT, super::search::outbox::pending(&state.db)).await.ok().and_then(Result::ok) };
    let (mysql_ok, redis_ok, search_ok, backlog) = tokio::join!(mysql, redis, search, backlog);
    let health = state.search.health();
    let search_ok = search_ok && health.last_error.is_none();

    // Without MySQL nothing works, and a process that is shutting down takes no new work. Redis and the
    // search engine only degrade the service (see docs/RELIABILITY.md): the balancer keeps sending traffic.
    let stopping = state.live.is_shutting_down();
    let failing: Vec<&str> =
        [("mysql", mysql_ok), ("shutting_down", !stopping)].into_iter().filter_map(|(name, ok)| (!ok).then_some(name)).collect();
    let word = |ok: bool| if ok { "ok" } else { "unreachable" };
    let status = match (failing.is_empty(), search_ok && redis_ok) {
        (false, _) => "unavailable",
        (true, false) => "degraded",
        (true, true) => "ready",
    };
    let body = json!({
        "status": status,
        "mysql": word(mysql_ok),
        "redis": word(redis_ok),
        "search": {
            "backend": state.search.backend.kind(),
            "status": if search_ok { "ok" } else { "failing" },
            "outbox_pending": backlog,
            "last_delivery_seconds_ago": health.last_delivery.map(|t| t.elapsed().as_secs()),
        },
        "failing": failing,
    });
    if failing.is_empty() {
        (StatusCode::OK, Json(body)).into_response()
    } else {
        tracing::warn!(?failing, "not ready");
        (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
    }
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    // Background workers, supervised: each returns between two rounds once the shutdown starts.
    let workers = tokio::spawn(super::workers::supervise(state.clone()));
    let live = state.live.clone();
    let drain = state.config.shutdown_drain;
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    // On SIGTERM: `/readyz` answers 503 at once, live streams end with a reconnect hint (their pages
    // resume from `Last-Event-ID` on another instance or on this one restarted) and new ones are turned
    // away with a 503 the balancer retries elsewhere; requests are still served for the drain period
    // (`SHUTDOWN_DRAIN_SECS`, long enough for the balancer's health check to take this instance out of
    // rotation); then no new connection is accepted, in-flight requests finish and the workers finish
    // their round — for at most GRACE, after which the process exits anyway.
    let stop = {
        let live = live.clone();
        async move {
            shutdown_signal().await;
            tracing::info!(drain_secs = drain.as_secs(), "shutting down: not ready, closing live streams, draining");
            live.shut_down();
            tokio::time::sleep(drain).await;
            tracing::info!("drained: no new connections; finishing requests");
        }
    };
    // Responses go out as soon as they are written: without TCP_NODELAY a file sent in several writes
    // waits for the client's delayed ACK (Nagle), about 40 ms per response on loopback.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY not set on a connection");
        }
    });
    let server = axum::serve(listener, app).with_graceful_shutdown(stop);
    let finished = async {
        let served = server.await;
        let _ = workers.await;
        tracing::info!("requests finished and workers stopped");
        served
    };
    let deadline = async {
        live.shutting_down().await;
        tokio::time::sleep(drain + GRACE).await;
    };
    tokio::select! {
        served = finished => served,
        () = deadline => {
            tracing::warn!(grace_secs = GRACE.as_secs(), "requests or workers still running after the grace period; exiting");
            Ok(())
        }
    }
}

/// How long a shutting-down process waits for in-flight requests after the drain.
const GRACE: Duration = Duration::from_secs(8);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}

/// `/locale/{tag}`: remembers a language choice without JavaScript, then returns to the page.
async fn set_locale(
    axum::extract::Path(tag): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
    jar: axum_extra::extract::CookieJar,
) -> Response {
    use axum_extra::extract::cookie::{Cookie, SameSite};
    let Some(locale) = crate::i18n::Locale::from_tag(&tag) else {
        return crate::error::AppError::not_found(crate::i18n::Key::ErrUnknownLanguage).into_response();
    };
    let cookie = Cookie::build((crate::i18n::LOCALE_COOKIE, locale.tag())).path("/").max_age(time_year()).same_site(SameSite::Lax).build();
    // Only go back to a page of this site: the path of a same-host Referer, else home.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|r| {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            r.host_str().zip(host).is_some_and(|(a, b)| b.split(':').next() == Some(a))
        })
        .map(|r| r.path().to_string())
        .unwrap_or_else(|| "/".into());
    (jar.add(cookie), axum::response::Redirect::to(&back)).into_response()
}

fn time_year() -> time::Duration {
    time::Duration::days(365)
}
