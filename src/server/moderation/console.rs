//! The admin console's read side: the dashboard counts, the audit trail with filters, and members found
//! by nickname, e-mail or phone with what an operator needs to see about them.

use chrono::{DateTime, Utc};

use crate::domain::account::PhoneNumber;
use crate::domain::moderation::{AdminCounts, AuditPage, AuditRow, MemberSummary};
use crate::domain::{LotStatus, OrderStatus};
use crate::error::AppError;
use crate::server::AppState;

/// How many audit rows a page shows.
pub const AUDIT_PAGE: u32 = 50;

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Open reports, open disputes, lots ending within the next 24 hours, members who joined in 7 days.
pub async fn counts(state: &AppState) -> Result<AdminCounts, AppError> {
    let now = Utc::now();
    let c = sqlx::query!(
        r#"SELECT (SELECT COUNT(*) FROM reports WHERE status = 'open') AS "reports!: i64",
                  (SELECT COUNT(*) FROM orders WHERE status = ?) AS "disputes!: i64",
                  (SELECT COUNT(*) FROM artworks WHERE status = ? AND ends_at > ? AND ends_at <= ?) AS "ending!: i64",
                  (SELECT COUNT(*) FROM users WHERE created_at > ?) AS "joined!: i64""#,
        OrderStatus::Disputed,
        LotStatus::Live,
        now,
        now + chrono::Duration::hours(24),
        now - chrono::Duration::days(7)
    )
    .fetch_one(&state.db)
    .await?;
    Ok(AdminCounts {
        open_reports: count(c.reports),
        open_disputes: count(c.disputes),
        lots_ending_today: count(c.ending),
        new_members_7d: count(c.joined),
    })
}

/// What the audit trail is filtered by (each empty: any).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub admin: String,
    pub action: String,
    pub target_type: String,
    pub since: Option<DateTime<Utc>>,
}

/// A page of `admin_audit`, newest first.
pub async fn audit_page(state: &AppState, filter: &AuditFilter, page: u32) -> Result<AuditPage, AppError> {
    let page = page.max(1);
    let offset = u64::from(page - 1) * u64::from(AUDIT_PAGE);
    let rows = sqlx::query!(
        r#"SELECT a.id, u.nickname AS admin, a.action, a.target_type, a.target_id, a.reason, a.created_at AS "at: DateTime<Utc>"
           FROM admin_audit a JOIN users u ON u.id = a.admin_id
           WHERE (? = '' OR u.nickname = ?) AND (? = '' OR a.action = ?) AND (? = '' OR a.target_type = ?)
             AND (? IS NULL OR a.created_at >= ?)
           ORDER BY a.id DESC LIMIT ? OFFSET ?"#,
        filter.admin,
        filter.admin,
        filter.action,
        filter.action,
        filter.target_type,
        filter.target_type,
        filter.since,
        filter.since,
        AUDIT_PAGE + 1,
        offset
    )
    .fetch_all(&state.db)
    .await?;
    let has_more = rows.len() > AUDIT_PAGE as usize;
    let items = rows
        .into_iter()
        .take(AUDIT_PAGE as usize)
        .map(|r| AuditRow {
            id: r.id,
            admin: r.admin,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            reason: r.reason,
            at: r.at,
        })
        .collect();
    Ok(AuditPage { items, page, has_more })
}

/// Members whose nickname or e-mail starts with `query`, or whose phone is `query` (any spelling of a
/// Korean mobile number); at most 20.
pub async fn find_members(state: &AppState, query: &str) -> Result<Vec<MemberSummary>, AppError> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let prefix = format!("{}%", query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let phone = PhoneNumber::parse(query).map(|p| p.as_e164().to_string()).unwrap_or_default();
    let ids = sqlx::query_scalar!(
        "SELECT id FROM users WHERE nickname LIKE ? OR email LIKE ? OR (? <> '' AND phone_e164 = ?) ORDER BY id LIMIT 20",
        prefix,
        prefix.to_lowercase(),
        phone,
        phone
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(m) = member(state, id).await? {
            out.push(m);
        }
    }
    Ok(out)
}

/// One member with their counts.
pub async fn member(state: &AppState, id: u64) -> Result<Option<MemberSummary>, AppError> {
    let r = sqlx::query!(
        r#"SELECT u.id, u.nickname, u.email, u.phone_e164, u.college, u.role, u.suspended_reason,
                  u.student_verified AS "verified_student: bool",
                  u.suspended_at IS NOT NULL AS "suspended: bool", u.created_at AS "joined_at: DateTime<Utc>",
                  (SELECT COUNT(*) FROM artworks a WHERE a.artist_id = u.id) AS "listings!: i64",
                  (SELECT COUNT(*) FROM bids b WHERE b.bidder_id = u.id) AS "bids!: i64",
                  (SELECT COUNT(*) FROM orders o WHERE o.buyer_id = u.id OR o.artist_id = u.id) AS "orders!: i64",
                  (SELECT COUNT(*) FROM reports r WHERE r.target_type = 'member' AND r.target_id = u.id) AS "reports!: i64"
           FROM users u WHERE u.id = ?"#,
        id
    )
    .fetch_optional(&state.db)
    .await?;
    Ok(r.map(|r| MemberSummary {
        id: r.id,
        nickname: r.nickname,
        email: r.email,
        phone: r.phone_e164.map(|p| PhoneNumber::parse(&p).map(|n| n.national_digits()).unwrap_or(p)),
        is_artist: r.college.is_some(),
        is_admin: r.role == "admin",
        verified_student: r.verified_student,
        suspended: r.suspended,
        suspended_reason: r.suspended_reason,
        joined_at: r.joined_at,
        listings: count(r.listings),
        bids: count(r.bids),
        orders: count(r.orders),
        reports_against: count(r.reports),
    }))
}

/// Page `page` of the open disputes, oldest first (one more row than a page: the caller can tell there is
/// a next page): the order, both parties, the timeline, reason and photos.
pub async fn disputes(state: &AppState, page: u32) -> Result<Vec<crate::domain::moderation::DisputeRow>, AppError> {
    let offset = u64::from(page.max(1) - 1) * u64::from(crate::domain::moderation::DISPUTE_PAGE_SIZE);
    use crate::domain::Won;
    let rows = sqlx::query!(
        r#"SELECT o.id, o.artwork_id, a.title, b.nickname AS buyer, s.nickname AS artist, o.amount AS "amount: Won",
                  o.dispute_reason, o.paid_at AS "paid_at: DateTime<Utc>", o.shipped_at AS "shipped_at: DateTime<Utc>",
                  o.carrier, o.tracking_no, o.disputed_at AS "disputed_at: DateTime<Utc>"
           FROM orders o JOIN artworks a ON a.id = o.artwork_id JOIN users b ON b.id = o.buyer_id JOIN users s ON s.id = o.artist_id
           WHERE o.status = ? ORDER BY o.id LIMIT ? OFFSET ?"#,
        OrderStatus::Disputed,
        crate::domain::moderation::DISPUTE_PAGE_SIZE + 1,
        offset
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let photos = sqlx::query_scalar!("SELECT storage_key FROM dispute_images WHERE order_id = ? ORDER BY position", r.id)
            .fetch_all(&state.db)
            .await?
            .iter()
            .map(|k| crate::server::storage::image_url(k, 1200))
            .collect();
        out.push(crate::domain::moderation::DisputeRow {
            order_id: r.id,
            artwork_id: r.artwork_id,
            title: r.title,
            buyer: r.buyer,
            artist: r.artist,
            amount: r.amount,
            reason: r.dispute_reason.unwrap_or_default(),
            photos,
            paid_at: r.paid_at,
            shipped_at: r.shipped_at,
            carrier: r.carrier,
            tracking_no: r.tracking_no,
            disputed_at: r.disputed_at,
        });
    }
    Ok(out)
}

/// Everything an admin sees about member `id`: their works (hidden ones too), newest bids, orders,
/// reports about them or what they wrote, and the admin actions taken on them and on what they made.
pub async fn member_detail(state: &AppState, id: u64) -> Result<crate::domain::moderation::MemberDetail, AppError> {
    use crate::domain::moderation::{MemberBid, MemberDetail, MemberOrder, ReportReason, ReportRow, ReportStatus, ReportTarget};
    use crate::domain::Won;
    let member = member(state, id).await?.ok_or_else(|| AppError::not_found(crate::i18n::Key::ErrMemberNotFound))?;
    let mut works = Vec::new();
    for status in [LotStatus::Live, LotStatus::Sold, LotStatus::Unsold, LotStatus::Withdrawn, LotStatus::Cancelled] {
        works.extend(crate::server::artworks::queries::own_cards(&state.db, id, status, 50).await?);
    }
    let bids = sqlx::query!(
        r#"SELECT b.artwork_id, a.title, b.seq, b.max_amount AS "max: Won", b.price_after AS "price_after: Won",
                  b.created_at AS "at: DateTime<Utc>", b.voided_at IS NOT NULL AS "voided: bool"
           FROM bids b JOIN artworks a ON a.id = b.artwork_id WHERE b.bidder_id = ? ORDER BY b.id DESC LIMIT 100"#,
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|b| MemberBid {
        artwork_id: b.artwork_id,
        title: b.title,
        seq: b.seq,
        max: b.max,
        price_after: b.price_after,
        at: b.at,
        voided: b.voided,
    })
    .collect();
    let orders = sqlx::query!(
        r#"SELECT o.id, o.artwork_id, a.title, o.buyer_id = ? AS "as_buyer!: bool", o.amount AS "amount: Won",
                  o.status AS "status: OrderStatus", o.paid_at AS "paid_at: DateTime<Utc>"
           FROM orders o JOIN artworks a ON a.id = o.artwork_id WHERE o.buyer_id = ? OR o.artist_id = ? ORDER BY o.id DESC LIMIT 100"#,
        id,
        id,
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|o| MemberOrder {
        order_id: o.id,
        artwork_id: o.artwork_id,
        title: o.title,
        as_buyer: o.as_buyer,
        amount: o.amount,
        status: o.status,
        paid_at: o.paid_at,
    })
    .collect();
    let reports = sqlx::query!(
        r#"SELECT r.id, r.target_type AS "target: ReportTarget", r.target_id, r.reason AS "reason: ReportReason", r.detail,
                  u.nickname AS reporter, r.status AS "status: ReportStatus", r.created_at AS "created_at: DateTime<Utc>"
           FROM reports r JOIN users u ON u.id = r.reporter_id
           WHERE (r.target_type = 'member' AND r.target_id = ?)
              OR (r.target_type = 'artwork' AND r.target_id IN (SELECT id FROM artworks WHERE artist_id = ?))
              OR (r.target_type = 'review' AND r.target_id IN (SELECT id FROM reviews WHERE author_id = ?))
              OR (r.target_type = 'comment' AND r.target_id IN (SELECT id FROM review_comments WHERE author_id = ?))
           ORDER BY r.id DESC LIMIT 100"#,
        id,
        id,
        id,
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| ReportRow {
        id: r.id,
        target: r.target,
        target_id: r.target_id,
        target_link: String::new(),
        reason: r.reason,
        detail: r.detail,
        reporter: r.reporter,
        status: r.status,
        created_at: r.created_at,
        open_on_target: 0,
    })
    .collect();
    let audit = sqlx::query!(
        r#"SELECT a.id, u.nickname AS admin, a.action, a.target_type, a.target_id, a.reason, a.created_at AS "at: DateTime<Utc>"
           FROM admin_audit a JOIN users u ON u.id = a.admin_id
           WHERE (a.target_type = 'user' AND a.target_id = ?)
              OR (a.target_type = 'artwork' AND a.target_id IN (SELECT id FROM artworks WHERE artist_id = ?))
              OR (a.target_type = 'review' AND a.target_id IN (SELECT id FROM reviews WHERE author_id = ?))
              OR (a.target_type = 'review_comment' AND a.target_id IN (SELECT id FROM review_comments WHERE author_id = ?))
              OR (a.target_type = 'bid' AND a.target_id IN (SELECT id FROM bids WHERE bidder_id = ?))
           ORDER BY a.id DESC LIMIT 100"#,
        id,
        id,
        id,
        id,
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| AuditRow {
        id: r.id,
        admin: r.admin,
        action: r.action,
        target_type: r.target_type,
        target_id: r.target_id,
        reason: r.reason,
        at: r.at,
    })
    .collect();
    Ok(MemberDetail { member, works, bids, orders, reports, audit })
}
