//! Generated malformed input for the fuzz test, and the checksum that proves a refused request changed
//! nothing.

use super::harness::Database;

/// The tables a refused request must leave as they were (workers' own tables — sessions, the search
/// outbox — are left out).
pub const GUARDED: &str = "users, artworks, artwork_images, artwork_tags, artwork_likes, bids, orders, ledger_accounts, ledger_entries, \
     reviews, review_comments, review_likes, shipping_addresses, uploads, social_accounts, refresh_tokens, revoked_tokens, admin_audit";

pub async fn checksum(db: &Database) -> Vec<(String, Option<i64>)> {
    sqlx::query_as::<_, (String, Option<i64>)>(&format!("CHECKSUM TABLE {GUARDED}")).fetch_all(&db.pool).await.unwrap()
}

/// Values that break a form field in every way we know: wrong types, empty and huge, control
/// characters, invalid UTF-8, numbers out of range, enum names that do not exist.
pub fn bad_value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just(String::new()),
        Just("%FF%FE%FD".to_string()),
        Just("%00%01%1B%7F".to_string()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-9223372036854775809".to_string()),
        Just("1e309".to_string()),
        Just("NaN".to_string()),
        Just("Bogus".to_string()),
        Just("true".to_string()),
        Just("%E2%80%AE%E2%80%8B".to_string()),
        Just("x".repeat(200_000)),
        "[a-zA-Z0-9가-힣 ]{0,40}".prop_map(|s| s.replace(' ', "+")),
        any::<Vec<u8>>().prop_map(|b| b.iter().map(|c| format!("%{c:02X}")).collect::<String>()),
    ]
}

/// A malformed form body: known field names (and some unknown or duplicated ones) with bad values.
pub fn bad_form() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const NAMES: &[&str] = &[
        "id",
        "lot_id",
        "order_id",
        "review_id",
        "comment_id",
        "artwork_id",
        "amount",
        "page",
        "comment_page",
        "nickname",
        "email",
        "phone",
        "code",
        "password",
        "current_password",
        "new_password",
        "name",
        "kind",
        "purpose",
        "college",
        "bio",
        "body",
        "reason",
        "refund",
        "note",
        "granted",
        "carrier",
        "tracking_no",
        "merchant_uid",
        "imp_uid",
        "typed",
        "text",
        "sort",
        "up_to",
        "recipient",
        "postal_code",
        "address1",
        "form[title]",
        "form[body]",
        "form[images]",
        "form[start_price]",
        "form[duration]",
        "form[width_cm]",
        "query[page]",
        "query[status]",
        "query[min_price]",
        "query[sort]",
        "unknown",
        "id[]",
    ];
    proptest::collection::vec((proptest::sample::select(NAMES), bad_value()), 0..6).prop_map(|pairs| {
        pairs.into_iter().map(|(k, v)| format!("{}={v}", k.replace('[', "%5B").replace(']', "%5D"))).collect::<Vec<_>>().join("&")
    })
}
