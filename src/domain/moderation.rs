//! Reports (신고) and the admin console's view models, shared with the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::db_enum::db_enum;

db_enum! {
    /// What a report is about.
    #[serde(rename_all = "snake_case")]
    pub enum ReportTarget {
        Artwork = "artwork",
        Review = "review",
        Comment = "comment",
        Member = "member",
    }
}

db_enum! {
    /// Why (the short list a member picks from; the detail text says more).
    #[serde(rename_all = "snake_case")]
    pub enum ReportReason {
        Fraud = "fraud",
        Copyright = "copyright",
        Abuse = "abuse",
        Spam = "spam",
        Inappropriate = "inappropriate",
        Other = "other",
    }
}

db_enum! {
    /// `open` until an admin acts on the target (`actioned`) or finds nothing wrong (`dismissed`).
    #[serde(rename_all = "snake_case")]
    pub enum ReportStatus {
        Open = "open",
        Actioned = "actioned",
        Dismissed = "dismissed",
    }
}

/// Disputes a page of the admin queue holds.
pub const DISPUTE_PAGE_SIZE: u32 = 20;

/// The most a report's detail text may hold.
pub const REPORT_DETAIL_MAX: usize = 1000;

/// One report in the admin queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: u64,
    pub target: ReportTarget,
    pub target_id: u64,
    /// Where the target can be seen (for a comment: its review).
    pub target_link: String,
    pub reason: ReportReason,
    pub detail: String,
    pub reporter: String,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    /// How many open reports the same target has.
    pub open_on_target: u32,
}

/// What the admin dashboard counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdminCounts {
    pub open_reports: u32,
    pub open_disputes: u32,
    pub lots_ending_today: u32,
    pub new_members_7d: u32,
}

/// A page of the report queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub counts: AdminCounts,
    pub items: Vec<ReportRow>,
    pub status: ReportStatus,
    /// The kind of target the page is limited to, if any.
    pub target: Option<ReportTarget>,
    pub page: u32,
    pub has_more: bool,
}

/// One `admin_audit` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: u64,
    pub admin: String,
    pub action: String,
    pub target_type: String,
    pub target_id: u64,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A page of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditRow>,
    pub page: u32,
    pub has_more: bool,
}

/// A member as an admin sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: u64,
    pub nickname: String,
    pub email: String,
    pub phone: Option<String>,
    pub is_artist: bool,
    pub is_admin: bool,
    /// Holds the verified-student badge.
    #[serde(default)]
    pub verified_student: bool,
    pub suspended: bool,
    pub suspended_reason: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub listings: u32,
    pub bids: u32,
    pub orders: u32,
    pub reports_against: u32,
}

/// A disputed order as the admin queue shows it: both parties, the timeline, the buyer's reason and photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeRow {
    pub order_id: u64,
    pub artwork_id: u64,
    pub title: String,
    pub buyer: String,
    pub artist: String,
    pub amount: super::Won,
    pub reason: String,
    pub photos: Vec<String>,
    pub paid_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub disputed_at: Option<DateTime<Utc>>,
}

/// One bid of a member, for the admin's member page (their maximum included: admins only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberBid {
    pub artwork_id: u64,
    pub title: String,
    pub seq: u32,
    pub max: super::Won,
    pub price_after: super::Won,
    pub at: DateTime<Utc>,
    pub voided: bool,
}

/// One order a member bought or sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberOrder {
    pub order_id: u64,
    pub artwork_id: u64,
    pub title: String,
    pub as_buyer: bool,
    pub amount: super::Won,
    pub status: super::OrderStatus,
    pub paid_at: DateTime<Utc>,
}

/// Everything an admin sees about one member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub member: MemberSummary,
    pub works: Vec<super::ArtworkCard>,
    pub bids: Vec<MemberBid>,
    pub orders: Vec<MemberOrder>,
    /// Reports about the member or their works, reviews and comments.
    pub reports: Vec<ReportRow>,
    /// Admin actions on the member and their works, reviews, comments and bids.
    pub audit: Vec<AuditRow>,
}
