//! `GET /api/openapi.json`: an OpenAPI 3.1 document of the JSON API, generated from the code.
//!
//! - Paths and methods: every server function in this table, checked against the registry Leptos keeps
//!   of the registered server functions (`server_fn_paths`) — a test fails when a server function is
//!   missing here or the table names one that does not exist — plus the plain axum routes under `/api/`
//!   ([`plain_routes`]; a test reads the `.route("/api/…")` calls in `src/server` to keep it complete).
//! - Shapes: each `#[server]` function's arguments struct (the one the macro generates, named after
//!   the function in UpperCamelCase) and its output type, and the plain routes' request and answer
//!   types, are read from their serde `Deserialize` impls by [`schema::Schemas`] — no derive or
//!   annotation on the types (see that module for why not `utoipa` or `serde-reflection`). Only the one-line
//!   summary and who may call each function are written here by hand.
//! - Built once per process on first request and kept ([`OnceLock`]).
//!
//! `docs/API.md` stays the prose reference; a test checks that it names exactly the paths this document has.

mod schema;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::error::AppError;
pub use schema::Schemas;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone; a session, when there is one, may personalise the answer.
    Public,
    /// A logged-in member.
    Member,
    /// A member whose phone is verified.
    Verified,
    /// A verified student artist.
    Artist,
    /// An admin.
    Admin,
}

impl Access {
    fn name(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Member => "member",
            Access::Verified => "verified",
            Access::Artist => "artist",
            Access::Admin => "admin",
        }
    }

    fn note(self) -> &'static str {
        match self {
            Access::Public => "Public; a session, if any, personalises the answer.",
            Access::Member => "Logged-in members (`401 Unauthorized` otherwise).",
            Access::Verified => "Members with a verified phone (`401`, or `403 Forbidden`).",
            Access::Artist => "Verified student artists (`401`, or `403 Forbidden`).",
            Access::Admin => "Admins only (`401`, `403`, or `404` where the admin console hides itself).",
        }
    }
}

/// One server function in the document.
pub struct ServerFnDoc {
    /// `/api/<endpoint>`, from the function's `ServerFn::PATH`.
    pub path: &'static str,
    /// Its arguments struct (`artipul::api::account::SetShippingAddress`).
    pub arguments: &'static str,
    summary: &'static str,
    access: Access,
    trace_arguments: fn(&mut Schemas, &str) -> Result<Value, String>,
    trace_output: fn(&mut Schemas) -> Result<Value, String>,
}

impl ServerFnDoc {
    /// The `src/api` module it is in (its tag): `account`, `auction`, …
    fn module(&self) -> &'static str {
        self.arguments.split("::api::").nth(1).and_then(|rest| rest.split("::").next()).unwrap_or("api")
    }

    fn endpoint(&self) -> &'static str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }
}

/// A row of the table: the server function whose arguments struct is `T`.
fn server_fn<T>(summary: &'static str, access: Access) -> ServerFnDoc
where
    T: ServerFn + DeserializeOwned,
    T::Output: DeserializeOwned,
{
    ServerFnDoc {
        path: T::PATH,
        arguments: std::any::type_name::<T>(),
        summary,
        access,
        trace_arguments: |schemas, key| schemas.trace_inline::<T>(key),
        trace_output: |schemas| schemas.trace::<T::Output>(),
    }
}

/// Every server function of the API (`src/api`), by module.
pub fn server_functions() -> Vec<ServerFnDoc> {
    use crate::api::{account, admin, artworks, auction, auth, certificates, home, reviews, wallet};
    use Access::*;
    vec![
        server_fn::<home::GetHomeFeed>("The home page's data: lots ending soon, new arrivals, genres, featured artists", Public),
        server_fn::<auth::SendSignupCode>("Send a sign-up code by SMS; answers the masked number", Public),
        server_fn::<auth::VerifySignupCode>("Check a sign-up code; this browser's session keeps the proof", Public),
        server_fn::<auth::CheckEmail>("Whether no account uses this e-mail address", Public),
        server_fn::<auth::CheckNickname>("Whether this nickname is free", Public),
        server_fn::<auth::SignUp>("Create an account (phone verified by this browser) and log in", Public),
        server_fn::<auth::LogIn>("Log in with e-mail and password; sets the session cookies", Public),
        server_fn::<auth::LogOut>("Log out: revoke this session's tokens and clear its cookies", Public),
        server_fn::<auth::CurrentMe>("The logged-in member's nickname and roles, or null", Public),
        server_fn::<account::SendRecoveryCode>("Send a code for finding the e-mail or resetting the password", Public),
        server_fn::<account::VerifyRecoveryCode>("Check a recovery code", Public),
        server_fn::<account::FindEmail>("The masked e-mail of the account on a verified phone", Public),
        server_fn::<account::ResetPassword>("Set a new password after a verified recovery code", Public),
        server_fn::<account::TakeFlash>("A one-shot message for this browser, or null (reading removes it)", Public),
        server_fn::<account::SocialProviders>("The configured social log-in providers", Public),
        server_fn::<account::SocialPending>("The social sign-up waiting in this browser's session, or null", Public),
        server_fn::<account::CompleteSocialSignUp>("Finish a social sign-up and log in", Public),
        server_fn::<account::SendEmailCode>("Send a verification code to the caller's e-mail address", Member),
        server_fn::<account::EmailVerified>("Whether the caller's e-mail address is verified (false for visitors)", Public),
        server_fn::<account::VerifyEmail>("Verify the caller's e-mail address with its code", Member),
        server_fn::<account::ChangeEmail>("Change the caller's e-mail address (unverified until its code is entered)", Member),
        server_fn::<account::SetStudentBadge>("Grant or revoke a member's verified-student badge (audited)", Admin),
        server_fn::<account::GetMyProfile>("The caller's private profile", Member),
        server_fn::<account::UpdateBio>("Save the caller's bio (markdown)", Member),
        server_fn::<account::SetShippingAddress>("Save the caller's shipping address", Member),
        server_fn::<account::SetTimeZone>("Save the caller's time zone (IANA name; empty: the site's)", Member),
        server_fn::<account::ChangePassword>("Change the password; the account's other sessions end", Member),
        server_fn::<artworks::GetListingLimits>("The listing rules: minimum start price, durations, image count", Public),
        server_fn::<artworks::ComparableSales>("Prices of ended lots in a genre (price guidance for a listing)", Public),
        server_fn::<artworks::PreviewMarkdown>("Markdown rendered and sanitised as the artwork page shows it", Public),
        server_fn::<artworks::CreateArtwork>("List a work for auction", Artist),
        server_fn::<artworks::UpdateArtwork>("Edit a listing before its first bid", Artist),
        server_fn::<artworks::WithdrawArtwork>("Withdraw a listing before its first bid", Artist),
        server_fn::<artworks::GetArtwork>("An artwork's page data", Public),
        server_fn::<artworks::BrowseArtworks>("Browse or search artworks: filters, sort, facets, a page of cards", Public),
        server_fn::<artworks::SearchSuggestions>("Suggestions for the header's search box", Public),
        server_fn::<artworks::GetArtistPage>("An artist's page data", Public),
        server_fn::<artworks::ToggleLike>("Like or unlike an artwork", Member),
        server_fn::<artworks::GetMyShelves>("The caller's works and likes", Member),
        server_fn::<artworks::HideArtwork>("Hide an artwork; a live lot is cancelled (audited)", Admin),
        server_fn::<auction::BidReceipt>("The signed receipt of one of the caller's bids", Member),
        server_fn::<auction::VerifyReceipt>("Check a bid receipt's signature and its place in the lot's hash chain", Public),
        server_fn::<auction::PlaceBid>("Bid on a lot (the caller's maximum; proxy bidding)", Verified),
        server_fn::<auction::BuyNow>("Buy a lot at its buy-now price", Verified),
        server_fn::<auction::GetLotRoom>("A lot's live auction room", Public),
        server_fn::<auction::GetBidHistory>("A lot's bids, newest first", Public),
        server_fn::<auction::GetMyAuctions>("The caller's bids, won lots, sales and earnings", Member),
        server_fn::<auction::ShipOrder>("Mark a sale shipped, or handed over with the buyer's code", Member),
        server_fn::<auction::ConfirmOrder>("Confirm receipt of a purchase, which settles it", Member),
        server_fn::<auction::DisputeOrder>("Report a problem with a purchase; holds its settlement", Member),
        server_fn::<auction::ResolveDispute>("Decide a dispute: refund the buyer or pay the artist (audited)", Admin),
        server_fn::<auction::GetNotifications>("The caller's notifications, newest first", Member),
        server_fn::<auction::MarkNotificationsRead>("Mark the caller's notifications read", Member),
        server_fn::<certificates::GetCertificate>("A certificate of authenticity and whether its signature holds", Public),
        server_fn::<certificates::SetCertificatePrice>("Show or hide the price on a certificate (its buyer)", Member),
        server_fn::<admin::CancelLot>("Cancel a live lot (audited)", Admin),
        server_fn::<admin::VoidBid>("Void a bid and recompute the lot (audited)", Admin),
        server_fn::<admin::SuspendMember>("Suspend a member; their bids on live lots are voided (audited)", Admin),
        server_fn::<admin::ReinstateMember>("Lift a member's suspension (audited)", Admin),
        server_fn::<admin::AdminReports>("The report queue and the admin console's counts", Admin),
        server_fn::<admin::AdminDecideReport>("Act on or dismiss a report (audited)", Admin),
        server_fn::<admin::AdminAudit>("The audit trail of admin actions", Admin),
        server_fn::<admin::AdminMembers>("Find members by nickname, e-mail or phone", Admin),
        server_fn::<admin::AdminDisputes>("Open disputes, oldest first", Admin),
        server_fn::<admin::AdminMember>("One member's works, bids, orders, reports and audit trail", Admin),
        server_fn::<reviews::GetReviews>("The review feed", Public),
        server_fn::<reviews::GetReview>("A review with a page of its comments", Public),
        server_fn::<reviews::GetMyReviews>("The caller's reviewable purchases and written reviews", Member),
        server_fn::<reviews::CreateReview>("Review a received purchase", Verified),
        server_fn::<reviews::UpdateReview>("Edit the caller's review", Member),
        server_fn::<reviews::DeleteReview>("Delete the caller's review", Member),
        server_fn::<reviews::ToggleReviewLike>("Like or unlike a review", Member),
        server_fn::<reviews::GetReviewComments>("A page of a review's comments", Public),
        server_fn::<reviews::AddReviewComment>("Comment on a review", Verified),
        server_fn::<reviews::EditReviewComment>("Edit the caller's comment", Verified),
        server_fn::<reviews::DeleteReviewComment>("Delete the caller's comment", Member),
        server_fn::<reviews::HideReview>("Hide a review (audited)", Admin),
        server_fn::<reviews::HideReviewComment>("Hide a review comment (audited)", Admin),
        server_fn::<reviews::Report>("Report an artwork, review, comment or member", Member),
        server_fn::<wallet::GetWallet>("The caller's balance, a page of the ledger and the latest charges", Member),
        server_fn::<wallet::PrepareCharge>("Start a points charge; answers the checkout URL", Verified),
        server_fn::<wallet::ConfirmCharge>("Credit a charge the payment gateway reports paid", Member),
        server_fn::<wallet::CheckCharge>("Look a pending charge up at the gateway and credit it if paid", Member),
        server_fn::<wallet::RefundCharge>("Refund a paid charge in full", Verified),
    ]
}

/// A plain axum route under `/api/` (not a server function).
pub struct PlainRoute {
    /// Lower case, as in the document (`get`, `post`).
    pub method: &'static str,
    pub path: &'static str,
    operation: fn(&mut Schemas) -> Result<Value, String>,
}

/// Every plain route under `/api/` (`src/server/http.rs` and the routers it merges).
pub fn plain_routes() -> Vec<PlainRoute> {
    vec![
        PlainRoute { method: "post", path: "/api/auth/token", operation: token_operation },
        PlainRoute { method: "post", path: "/api/auth/refresh", operation: refresh_operation },
        PlainRoute { method: "post", path: "/api/auth/revoke", operation: revoke_operation },
        PlainRoute { method: "post", path: "/api/me/avatar", operation: avatar_operation },
        PlainRoute { method: "post", path: "/api/uploads/artwork-image", operation: |s| upload_operation(s, UploadFor::Artwork) },
        PlainRoute { method: "post", path: "/api/uploads/review-image", operation: |s| upload_operation(s, UploadFor::Review) },
        PlainRoute { method: "post", path: "/api/uploads/dispute-image", operation: |s| upload_operation(s, UploadFor::Dispute) },
        PlainRoute { method: "get", path: "/api/live", operation: live_operation },
        PlainRoute { method: "get", path: "/api/openapi.json", operation: document_operation },
    ]
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Response {
    match cached() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body.as_str()).into_response(),
        Err(e) => AppError::internal(format!("OpenAPI document: {e}")).into_response(),
    }
}

/// The document as served, built on first use.
fn cached() -> &'static Result<String, String> {
    static DOCUMENT: OnceLock<Result<String, String>> = OnceLock::new();
    DOCUMENT.get_or_init(|| document().map(|d| serde_json::to_string_pretty(&d).expect("JSON values serialize")))
}

/// The OpenAPI document, or every type it could not describe.
pub fn document() -> Result<Value, String> {
    let mut schemas = Schemas::default();
    let mut errors = Vec::new();
    let mut paths = Map::new();
    // The methods Leptos registered the server functions under.
    let methods: HashMap<&str, String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (path, method.as_str().to_ascii_lowercase())).collect();

    for f in server_functions() {
        match methods.get(f.path).map(String::as_str) {
            Some("post") => match server_fn_operation(&mut schemas, &f) {
                Ok(operation) => {
                    paths.insert(f.path.to_string(), json!({ "post": operation }));
                }
                Err(e) => errors.push(e),
            },
            Some(other) => errors.push(format!("{}: only form-posted server functions are described, not `{other}`", f.path)),
            None => errors.push(format!("{}: no such server function is registered", f.path)),
        }
    }
    for route in plain_routes() {
        match (route.operation)(&mut schemas) {
            Ok(operation) => {
                let item = paths.entry(route.path).or_insert_with(|| json!({}));
                item[route.method] = operation;
            }
            Err(e) => errors.push(format!("{}: {e}", route.path)),
        }
    }
    match schemas.trace::<AppError>() {
        Ok(_) => {}
        Err(e) => errors.push(e),
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }

    let mut tags: Vec<&str> = Vec::new();
    for tag in server_functions().iter().map(ServerFnDoc::module).chain(["tokens", "uploads", "live", "meta"]) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Artipul API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": INFO,
        },
        "servers": [{ "url": "/" }],
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "schemas": schemas.components(),
            "responses": {
                "AppError": {
                    "description": "An error: `kind` decides the HTTP status; `message` is Korean and safe to show.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppError" } } },
                },
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The `access_token` from `POST /api/auth/token` (15 minutes; renew with `/api/auth/refresh`).",
                },
                "cookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "artipul_at",
                    "description": "The browser session (`artipul_at`, with `artipul_rt` renewing it), set by `log_in`.",
                },
            },
        },
    }))
}

const INFO: &str = "Artipul's JSON API, generated from the code (prose reference: docs/API.md).\n\n\
Server functions are `POST /api/<endpoint>` with a form-encoded (`application/x-www-form-urlencoded`) body of \
their arguments — nested ones as `form[field]=…` — and answer JSON. Errors are an `AppError` JSON body \
`{ \"kind\", \"message\" }` with the matching status. Calls that change state from a browser must come from \
this site (a foreign `Origin` or `Referer` gets `403`); clients without either header authenticate with \
`Authorization: Bearer <access_token>` (see `POST /api/auth/token`).";

/// The `security` of an operation that needs a member: a bearer token or the session cookie.
fn authenticated() -> Value {
    json!([{ "bearer": [] }, { "cookie": [] }])
}

fn error_responses(responses: &mut Value) {
    for range in ["4XX", "5XX"] {
        responses[range] = json!({ "$ref": "#/components/responses/AppError" });
    }
}

fn server_fn_operation(schemas: &mut Schemas, f: &ServerFnDoc) -> Result<Value, String> {
    let short = f.arguments.rsplit("::").next().unwrap_or(f.arguments);
    let arguments = (f.trace_arguments)(schemas, &format!("{short} (arguments)"))?;
    let output = (f.trace_output)(schemas)?;
    let mut operation = json!({
        "operationId": f.endpoint(),
        "tags": [f.module()],
        "summary": f.summary,
        "description": format!("Server function `{}`. {}", f.arguments, f.access.note()),
        "x-artipul-access": f.access.name(),
        "responses": {
            "200": { "description": "Done.", "content": { "application/json": { "schema": output } } },
        },
    });
    error_responses(&mut operation["responses"]);
    if f.access != Access::Public {
        operation["security"] = authenticated();
    }
    let has_fields = arguments["properties"].as_object().is_some_and(|p| !p.is_empty());
    if has_fields {
        // Nested structs travel as `name[field]=…` (serde_qs, as server_fn encodes them).
        let components = schemas.components();
        let encoding: Map<String, Value> = arguments["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, schema)| is_object(&components, schema))
            .map(|(name, _)| (name.clone(), json!({ "style": "deepObject", "explode": true })))
            .collect();
        let mut media = json!({ "schema": arguments });
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
        operation["requestBody"] = json!({
            "required": media["schema"].get("required").is_some(),
            "content": { "application/x-www-form-urlencoded": media },
        });
    }
    Ok(operation)
}

/// Whether `schema` is an object (inline or by reference).
fn is_object(components: &Map<String, Value>, schema: &Value) -> bool {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            components.get(name).is_some_and(|c| c["type"] == "object")
        }
        None => schema["type"] == "object",
    }
}

fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

fn token_answer(schemas: &mut Schemas) -> Result<Value, String> {
    let schema = schemas.trace::<super::auth::token_api::TokenResponse>()?;
    Ok(json!({
        "description": "The token pair (`Cache-Control: no-store`).",
        "content": { "application/json": { "schema": schema } },
    }))
}

fn token_operation(schemas: &mut Schemas) -> Result<Value, String> {
    let mut operation = json!({
        "operationId": "auth_token",
        "tags": ["tokens"],
        "summary": "Log in with e-mail and password; answers an access and a refresh token",
        "description": "For API clients that cannot use cookies; the log-in throttle of the browser applies (`429`). Public.",
        "x-artipul-access": "public",
        "requestBody": json_body(schemas.trace::<super::auth::token_api::PasswordGrant>()?),
        "responses": { "200": token_answer(schemas)? },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

fn refresh_operation(schemas: &mut Schemas) -> Result<Value, String> {
    let mut operation = json!({
        "operationId": "auth_refresh",
        "tags": ["tokens"],
        "summary": "Trade a refresh token for a new pair (rotation with reuse detection)",
        "description": "`401` for an invalid, revoked or reused token; `409` when it was rotated less than 30 s ago. Public.",
        "x-artipul-access": "public",
        "requestBody": json_body(schemas.trace::<super::auth::token_api::RefreshGrant>()?),
        "responses": { "200": token_answer(schemas)? },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

fn revoke_operation(schemas: &mut Schemas) -> Result<Value, String> {
    let mut operation = json!({
        "operationId": "auth_revoke",
        "tags": ["tokens"],
        "summary": "Revoke a token pair and its refresh family",
        "description": Access::Member.note(),
        "x-artipul-access": "member",
        "security": [{ "bearer": [] }],
        "requestBody": json_body(schemas.trace::<super::auth::token_api::RefreshGrant>()?),
        "responses": { "204": { "description": "Revoked." } },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

/// A `multipart/form-data` body with one image file in `field`.
fn image_body(field: &str) -> Value {
    json!({
        "required": true,
        "content": { "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": { (field.to_string()): {
                    "type": "string",
                    "contentMediaType": "application/octet-stream",
                    "description": "A JPEG, PNG or WebP image (by content), at most 10 MB.",
                } },
                "required": [field],
            },
        } },
    })
}

fn avatar_operation(_: &mut Schemas) -> Result<Value, String> {
    let mut operation = json!({
        "operationId": "upload_avatar",
        "tags": ["uploads"],
        "summary": "Replace the caller's avatar",
        "description": format!("Browsers posting the plain form (`Accept: text/html`) get `303 /me/profile` instead. {}", Access::Member.note()),
        "x-artipul-access": "member",
        "security": authenticated(),
        "requestBody": image_body("avatar"),
        "responses": {
            "200": { "description": "The new avatar (256 px square JPEG).", "content": { "application/json": { "schema": {
                "type": "object",
                "properties": { "avatar_url": { "type": "string" } },
                "required": ["avatar_url"],
            } } } },
            "303": { "description": "For `Accept: text/html`: back to the profile page (`?error=` on failure)." },
        },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

#[derive(Clone, Copy)]
enum UploadFor {
    Artwork,
    Review,
    Dispute,
}

fn upload_operation(schemas: &mut Schemas, upload: UploadFor) -> Result<Value, String> {
    let (id, summary, access) = match upload {
        UploadFor::Artwork => {
            ("upload_artwork_image", "Upload an image for a listing (claimed by `create_artwork`/`update_artwork`)", Access::Artist)
        }
        UploadFor::Review => {
            ("upload_review_image", "Upload a photo for a review (claimed by `create_review`/`update_review`)", Access::Verified)
        }
        UploadFor::Dispute => ("upload_dispute_image", "Upload a photo for a dispute (claimed by `dispute_order`)", Access::Verified),
    };
    let mut operation = json!({
        "operationId": id,
        "tags": ["uploads"],
        "summary": summary,
        "description": format!("Unclaimed uploads are removed after 24 hours. {}", access.note()),
        "x-artipul-access": access.name(),
        "security": authenticated(),
        "requestBody": image_body("image"),
        "responses": {
            "200": { "description": "The stored image (re-encoded at 1200 and 400 px wide).", "content": {
                "application/json": { "schema": schemas.trace::<super::uploads::UploadedImage>()? },
            } },
        },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

fn live_operation(schemas: &mut Schemas) -> Result<Value, String> {
    // The query string's fields, as the handler reads them.
    let query = schemas.trace_inline::<super::auction::live::LiveQuery>("LiveQuery (query)")?;
    let required: Vec<&str> = query["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut parameters: Vec<Value> = query["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "schema": schema,
                "description": "Lots to follow, up to 100: `lot:seq` (events after `seq`) or `lot` (the current state first), comma-separated.",
            })
        })
        .collect();
    parameters.push(json!({
        "name": "Last-Event-ID",
        "in": "header",
        "required": false,
        "schema": { "type": "string" },
        "description": "The cursor of the last event received: resumes exactly after it.",
    }));
    let event = schemas.trace::<crate::domain::auction::LotEvent>()?;
    let mut operation = json!({
        "operationId": "live",
        "tags": ["live"],
        "summary": "Server-Sent Events of lots: bids, extensions, closes, and the viewer's unread count",
        "description": "Events: `sync` and `lot` (data: a `LotEvent`, id: the cursor), `notice` (`{\"unread\"}`), `ready` and `ping` \
            (`{\"server_time\"}`, every 15 s), `bye` when the server shuts down. `503` with `Retry-After` while the instance drains. Public.",
        "x-artipul-access": "public",
        "x-artipul-event-data": event,
        "parameters": parameters,
        "responses": {
            "200": { "description": "The event stream.", "content": { "text/event-stream": { "schema": { "type": "string" } } } },
        },
    });
    error_responses(&mut operation["responses"]);
    Ok(operation)
}

fn document_operation(_: &mut Schemas) -> Result<Value, String> {
    Ok(json!({
        "operationId": "openapi",
        "tags": ["meta"],
        "summary": "This document",
        "description": "OpenAPI 3.1, generated from the code when first asked for. Public.",
        "x-artipul-access": "public",
        "responses": {
            "200": { "description": "The OpenAPI document.", "content": { "application/json": { "schema": { "type": "object" } } } },
        },
    }))
}
