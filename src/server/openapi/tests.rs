//! The OpenAPI document against the code (the server-function registry, the router's `/api/` routes),
//! the live server (every path answers; answers fit their schemas) and docs/API.md (the same paths).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Value};
use sqlx::MySqlPool;

use super::{document, plain_routes, server_functions};
use crate::error::AppError;
use crate::server::seed::{seed, SeedPlan};
use crate::server::testing::{spawn_app, Browser, TestApp};

fn built() -> Value {
    document().unwrap_or_else(|e| panic!("the OpenAPI document cannot be built: {e}"))
}

fn paths(doc: &Value) -> BTreeSet<String> {
    doc["paths"].as_object().expect("paths").keys().cloned().collect()
}

fn list(set: impl IntoIterator<Item = impl std::fmt::Display>) -> String {
    set.into_iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
}

#[test]
fn the_table_lists_exactly_the_registered_server_functions() {
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    let table = server_functions();
    let listed: BTreeSet<&str> = table.iter().map(|f| f.path).collect();
    assert_eq!(listed.len(), table.len(), "a server function is listed twice in src/server/openapi.rs");
    let missing: Vec<_> = registered.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "server functions missing from the table in src/server/openapi.rs: [{}]; listed there but not registered: [{}]",
        list(missing),
        list(unknown)
    );
}

/// The string literals passed to `.route(` in `src/server` that start with `/api/`.
fn api_routes_in_source(dir: &Path, found: &mut BTreeSet<String>) {
    let call = concat!(".route", "(");
    for entry in std::fs::read_dir(dir).expect("src/server is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            api_routes_in_source(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        for (at, _) in text.match_indices(call) {
            let rest = text[at + call.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                let path_like = literal.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.{}*".contains(c));
                if literal.starts_with("/api/") && path_like {
                    found.insert(literal.to_string());
                }
            }
        }
    }
}

#[test]
fn the_plain_routes_are_the_ones_the_router_has() {
    let mut routed = BTreeSet::new();
    api_routes_in_source(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server"), &mut routed);
    assert!(routed.contains("/api/auth/token") && routed.contains("/api/openapi.json"), "the source scan finds routes: {routed:?}");
    let described: BTreeSet<String> = plain_routes().iter().map(|r| r.path.to_string()).collect();
    assert_eq!(
        routed, described,
        "`.route(\"/api/…\")` calls in src/server (left) and plain_routes() in src/server/openapi.rs (right) differ"
    );
}

/// Every `/api/…` path written in backticks in docs/API.md (queries and trailing punctuation dropped).
fn paths_in_api_md(markdown: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for span in markdown.split('`').skip(1).step_by(2) {
        for (at, _) in span.match_indices("/api/") {
            let path: String = span[at..].chars().take_while(|c| c.is_alphanumeric() || "_-/.".contains(*c)).collect();
            let path = path.trim_end_matches(['.', '/']);
            // `/api/` or `/api/…` stand for any path.
            if path.len() > "/api".len() {
                found.insert(path.to_string());
            }
        }
    }
    found
}

#[test]
fn docs_api_md_names_exactly_the_documents_paths() {
    let markdown = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/API.md")).expect("docs/API.md");
    let in_docs = paths_in_api_md(&markdown);
    let in_document = paths(&built());
    let undocumented: Vec<_> = in_document.difference(&in_docs).collect();
    let unknown: Vec<_> = in_docs.difference(&in_document).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "in /api/openapi.json but not named in docs/API.md: [{}]; named in docs/API.md but not in the document: [{}]",
        list(undocumented),
        list(unknown)
    );
}

#[test]
fn the_api_md_parser_finds_paths_in_backticks_only() {
    let found = paths_in_api_md(
        "`/api/a_b` and `GET /api/live?lots=1:2`, `POST /api/me/avatar`. Not /api/plain; `x` `/api/end`, `/api/…`, `/api/`.",
    );
    assert_eq!(found, ["/api/a_b", "/api/end", "/api/live", "/api/me/avatar"].into_iter().map(String::from).collect::<BTreeSet<_>>());
}

/// The names of a schema's properties (a JSON object's keys: sorted).
fn properties(schema: &Value) -> Vec<&str> {
    schema["properties"].as_object().expect("properties").keys().map(String::as_str).collect()
}

/// The schema a `$ref` names.
fn component<'a>(doc: &'a Value, reference: &Value) -> &'a Value {
    let name = reference["$ref"].as_str().expect("a $ref").trim_start_matches("#/components/schemas/");
    &doc["components"]["schemas"][name]
}

#[test]
fn the_shipping_address_form_lists_its_fields() {
    let doc = built();
    let operation = &doc["paths"]["/api/set_shipping_address"]["post"];
    let form = &operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(properties(form), ["address1", "address2", "phone", "postal_code", "recipient"]);
    // In the function's order; `address2` is an `Option`, so it may be left out.
    assert_eq!(form["required"], json!(["recipient", "phone", "postal_code", "address1"]));
    assert_eq!(form["properties"]["recipient"], json!({ "type": "string" }));
    assert_eq!(form["properties"]["address2"], json!({ "type": ["string", "null"] }));
    assert_eq!(operation["responses"]["200"]["content"]["application/json"]["schema"], json!({ "type": "null" }));
    assert_eq!(operation["x-artipul-access"], "member");
    assert!(operation["security"].is_array());
}

#[test]
fn nested_arguments_outputs_and_tagged_enums_are_described() {
    let doc = built();
    // A nested argument travels as `form[title]=…` and is described by its own type.
    let create = &doc["paths"]["/api/create_artwork"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert_eq!(create["encoding"]["form"]["style"], "deepObject");
    let listing = component(&doc, &create["schema"]["properties"]["form"]);
    for field in ["title", "genre_path", "start_price", "buy_now_price", "duration", "images"] {
        assert!(listing["properties"].get(field).is_some(), "ListingForm.{field}: {listing}");
    }
    assert!(listing.get("required").is_none(), "ListingForm is `#[serde(default)]`: every field may be left out");
    // `#[server(default)]` arguments are optional.
    let bid = &doc["paths"]["/api/place_bid"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(bid["required"], json!(["lot_id", "amount"]));
    // Outputs: `Option<Me>`, dates, the internally tagged `Delivery`.
    let me = &doc["paths"]["/api/me"]["post"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(me["anyOf"][1], json!({ "type": "null" }));
    let me = component(&doc, &me["anyOf"][0]);
    assert_eq!(properties(me), ["is_admin", "is_artist", "nickname", "phone_verified", "time_zone", "unread"]);
    assert_eq!(me["required"], json!(["nickname", "is_artist", "phone_verified"]), "the others are `#[serde(default)]`");
    let room = component(&doc, &doc["paths"]["/api/lot_room"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]);
    assert_eq!(room["properties"]["server_now"], json!({ "type": "string", "format": "date-time" }));
    let delivery = component(&doc, &room["properties"]["delivery"]);
    let kinds: Vec<&Value> = delivery["oneOf"].as_array().unwrap().iter().map(|v| &v["properties"]["kind"]["const"]).collect();
    assert_eq!(kinds, [&json!("shipping"), &json!("pickup")]);
    // Errors are `AppError`s, from the type itself.
    assert_eq!(properties(&doc["components"]["schemas"]["AppError"]), ["code", "kind", "message"]);
    assert_eq!(doc["components"]["schemas"]["ErrorKind"]["enum"][0], "BadRequest");
}

/// Every `$ref` in `value`.
fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => found.push(r),
                    _ => references(v, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves_and_every_operation_is_named_once() {
    let doc = built();
    let mut found = Vec::new();
    references(&doc, &mut found);
    assert!(found.len() > 100, "the document refers to its components");
    for reference in found {
        let target = reference.strip_prefix("#/").expect("local references").split('/').fold(&doc, |v, part| &v[part]);
        assert!(target.is_object(), "{reference} resolves");
    }
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(ids.insert(id.to_string()), "operationId {id} twice ({method} {path})");
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path} has a summary");
            assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has responses");
        }
    }
}

/// Whether `path` exists on the server: anything but `404`, or a `404` that is a handler's `AppError`
/// (`/api/admin_disputes` hides itself from non-admins that way); the router's own `404` is the app's
/// not-found page.
async fn exists(app: &TestApp, method: &str, path: &str) -> bool {
    let request = match method {
        "get" => app.http.get(app.url(path)),
        "post" => app.http.post(app.url(path)).header("content-type", "application/x-www-form-urlencoded").body(""),
        other => panic!("no {other} in this document"),
    };
    let response = request.send().await.expect("the test server answers");
    if response.status() != 404 {
        return true;
    }
    serde_json::from_str::<AppError>(&response.text().await.unwrap_or_default()).is_ok()
}

#[sqlx::test]
async fn the_served_document_is_openapi_and_every_path_in_it_exists(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let doc: Value = response.json().await.expect("JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "an OpenAPI 3.x document");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    assert_eq!(doc, built(), "the served document is the one the code builds");
    let paths = doc["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), server_functions().len() + plain_routes().len());

    // The check tells a missing path apart.
    assert!(!exists(&app, "post", "/api/no_such_function").await, "POST to an unknown server function");
    assert!(!exists(&app, "get", "/api/no_such_route").await, "GET of an unknown route");

    let mut missing = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().expect("a path item").keys() {
            if !exists(&app, method, path).await {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "in the document but not on the server: {missing:?}");
}

/// Whether `value` fits `schema` (the JSON Schema this document uses: `$ref`, `type`, `properties`,
/// `required`, `additionalProperties`, `items`, `prefixItems`, `anyOf`, `oneOf`, `const`, `enum`,
/// `minimum`, `format: date-time`); what does not fit is pushed to `errors`.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if schema.get("$ref").is_some() {
        return check(doc, component(doc, schema), value, at, errors);
    }
    let fits = |s: &Value| {
        let mut e = Vec::new();
        check(doc, s, value, at, &mut e);
        e.is_empty()
    };
    if let Some(any) = schema["anyOf"].as_array() {
        if !any.iter().any(fits) {
            errors.push(format!("{at}: {value} fits none of {schema}"));
        }
    }
    if let Some(one) = schema["oneOf"].as_array() {
        if one.iter().filter(|s| fits(s)).count() != 1 {
            errors.push(format!("{at}: {value} fits not exactly one of {schema}"));
        }
    }
    if schema.get("const").is_some_and(|c| c != value) {
        errors.push(format!("{at}: {value} is not {}", schema["const"]));
    }
    if schema["enum"].as_array().is_some_and(|e| !e.contains(value)) {
        errors.push(format!("{at}: {value} is none of {}", schema["enum"]));
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            other => other.as_array().expect("type list").iter().filter_map(Value::as_str).collect(),
        };
        let kind_fits = types.iter().any(|t| match *t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("type {other}"),
        });
        if !kind_fits {
            errors.push(format!("{at}: {value} is not {types:?}"));
            return;
        }
    }
    if let (Some(minimum), Some(n)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if n < minimum {
            errors.push(format!("{at}: {n} < {minimum}"));
        }
    }
    if let (Some("date-time"), Some(s)) = (schema["format"].as_str(), value.as_str()) {
        if chrono::DateTime::parse_from_rfc3339(s).is_err() {
            errors.push(format!("{at}: {s} is not an RFC 3339 date-time"));
        }
    }
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(name) {
                errors.push(format!("{at}: no `{name}`"));
            }
        }
        for (name, v) in object {
            match (schema["properties"].get(name), schema.get("additionalProperties")) {
                (Some(s), _) => check(doc, s, v, &format!("{at}.{name}"), errors),
                (None, Some(Value::Bool(false))) => errors.push(format!("{at}: unexpected `{name}`")),
                (None, Some(s @ Value::Object(_))) => check(doc, s, v, &format!("{at}.{name}"), errors),
                (None, _) if schema.get("properties").is_some() => errors.push(format!("{at}: `{name}` is not described")),
                _ => {}
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            let item_schema = schema["prefixItems"].get(i).or(schema.get("items"));
            if let Some(s) = item_schema {
                check(doc, s, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
}

#[test]
fn the_checker_rejects_what_does_not_fit() {
    let doc = built();
    let me = &doc["paths"]["/api/me"]["post"]["responses"]["200"]["content"]["application/json"]["schema"];
    let mut errors = Vec::new();
    check(&doc, me, &json!({ "nickname": "하늘", "is_artist": false, "phone_verified": true }), "me", &mut errors);
    check(&doc, me, &Value::Null, "me", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    for wrong in [json!({ "nickname": "하늘", "is_artist": "no", "phone_verified": true }), json!({ "nickname": "하늘" }), json!(3)] {
        let mut errors = Vec::new();
        check(&doc, me, &wrong, "me", &mut errors);
        assert!(!errors.is_empty(), "{wrong} does not fit");
    }
}

/// Calls a server function and, when it answers 200, checks the answer against the document.
async fn call_and_check(doc: &Value, browser: &Browser, path: &str, form: &[(&str, &str)], errors: &mut Vec<String>) -> u16 {
    let response = browser.call(path.trim_start_matches("/api/"), form).await;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or_else(|e| panic!("{path} answers JSON: {e}"));
    let responses = &doc["paths"][path]["post"]["responses"];
    let app_error = json!({ "$ref": "#/components/schemas/AppError" });
    let schema = match status {
        200 => &responses["200"]["content"]["application/json"]["schema"],
        _ => &app_error,
    };
    check(doc, schema, &body, &format!("{path} ({status})"), errors);
    status
}

#[sqlx::test]
async fn the_servers_answers_fit_their_schemas(pool: MySqlPool) {
    let app = spawn_app(pool).await;
    seed(&app.state, SeedPlan { artists: 2, works_per_artist: 3 }).await.expect("seed");
    let admin = app.member("문서검사", None).await;
    app.make_admin(&admin.nickname).await;
    let doc = built();
    let mut errors = Vec::new();

    // Every server function, called by an admin with nothing: what answers 200 fits, every error is an `AppError`.
    let mut answered = 0;
    for f in server_functions().iter().filter(|f| f.path != "/api/log_out") {
        if call_and_check(&doc, &admin.browser, f.path, &[], &mut errors).await == 200 {
            answered += 1;
        }
    }
    assert!(answered >= 10, "{answered} server functions answered an empty form");

    // And the richer answers, on demo data.
    let (artwork, member): (u64, u64) = sqlx::query_as(
        "SELECT a.id, u.id FROM artworks a JOIN users u ON u.id = a.artist_id WHERE a.status = 'live' ORDER BY a.id LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("a live demo lot");
    let (artwork, member) = (artwork.to_string(), member.to_string());
    let calls: &[(&str, &[(&str, &str)])] = &[
        ("/api/artwork", &[("id", artwork.as_str())]),
        ("/api/lot_room", &[("lot_id", artwork.as_str())]),
        ("/api/bid_history", &[("lot_id", artwork.as_str())]),
        ("/api/browse", &[("query[page]", "1")]),
        ("/api/browse", &[("query[status]", "All"), ("query[sort]", "PriceDesc"), ("query[genre]", "회화")]),
        ("/api/artist", &[("nickname", "하늘물감")]),
        ("/api/comparable_sales", &[("genre_path", "회화/풍경/중")]),
        ("/api/reviews", &[("sort", "new"), ("page", "1")]),
        ("/api/wallet", &[("page", "1")]),
        ("/api/notifications", &[("page", "1")]),
        ("/api/admin_reports", &[("status", "open"), ("page", "1")]),
        ("/api/admin_audit", &[("admin", ""), ("action", ""), ("target_type", ""), ("page", "1")]),
        ("/api/admin_members", &[("q", "")]),
        ("/api/admin_member", &[("id", member.as_str())]),
        ("/api/check_nickname", &[("nickname", "새로운이름")]),
    ];
    for (path, form) in calls {
        let status = call_and_check(&doc, &admin.browser, path, form, &mut errors).await;
        assert_eq!(status, 200, "{path} {form:?}");
    }
    assert_eq!(call_and_check(&doc, &admin.browser, "/api/log_out", &[], &mut errors).await, 200);
    assert!(errors.is_empty(), "answers that do not fit the document:\n{}", errors.join("\n"));
}
