//! The admin console's messages, in Korean and English: a catalogue of its own beside `ko.rs` / `en.rs`.
//!
//! [`AdminKey::text`] reads one message; two exhaustive `match`es (one per language) make a missing
//! translation a compile error, as in the main catalogue. Phrases with numbers, names or times are the
//! functions below, each taking the [`Locale`]. Components read messages through [`I18n::admin`], inside
//! a `move ||` closure, so switching the language re-renders them in place.

use leptos::prelude::Get;

use super::{I18n, Locale};
use crate::domain::moderation::{ReportRow, ReportTarget};
use crate::domain::{OrderStatus, Won};

/// Keys of the admin console's static messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminKey {
    // Navigation and page titles.
    Menu,
    NavReports,
    NavDisputes,
    NavMembers,
    NavAudit,
    MembersTitle,
    DisputesTitle,
    AuditTitle,
    // The dashboard's counts.
    OpenReports,
    OpenDisputes,
    EndingToday,
    NewMembers,
    // The report queue.
    Reports,
    TabOpen,
    TabActioned,
    TabDismissed,
    Target,
    AllTargets,
    Show,
    NoReports,
    SuspendMember,
    Hide,
    TargetGone,
    ViewTarget,
    ReportNote,
    Dismiss,
    // Members.
    Find,
    MemberSearchPlaceholder,
    MemberSearchLabel,
    MemberSearchPrompt,
    NoMemberFound,
    Artist,
    Suspended,
    Reinstate,
    Suspend,
    ActionReason,
    SuspendOrReinstate,
    Works,
    Bids,
    Orders,
    AdminActions,
    NoWorks,
    NoBids,
    NoOrders,
    NoReportsAgainst,
    NoAdminActions,
    Voided,
    Bought,
    Sold,
    BadgeRevokeReason,
    BadgeGrantReason,
    BadgeRevoke,
    BadgeGrant,
    BadgeUpdated,
    // Disputes.
    NoDisputes,
    BuyerPhoto,
    DisputeNote,
    RefundBuyer,
    PayArtist,
    // The audit trail.
    AdminNickname,
    ActionPlaceholder,
    Action,
    TargetPlaceholder,
    TargetType,
    Since,
    Filter,
    NoAuditEntries,
    Time,
    Reason,
}

impl AdminKey {
    /// Every key, for the catalogue's tests.
    pub const ALL: &'static [AdminKey] = &[
        AdminKey::Menu,
        AdminKey::NavReports,
        AdminKey::NavDisputes,
        AdminKey::NavMembers,
        AdminKey::NavAudit,
        AdminKey::MembersTitle,
        AdminKey::DisputesTitle,
        AdminKey::AuditTitle,
        AdminKey::OpenReports,
        AdminKey::OpenDisputes,
        AdminKey::EndingToday,
        AdminKey::NewMembers,
        AdminKey::Reports,
        AdminKey::TabOpen,
        AdminKey::TabActioned,
        AdminKey::TabDismissed,
        AdminKey::Target,
        AdminKey::AllTargets,
        AdminKey::Show,
        AdminKey::NoReports,
        AdminKey::SuspendMember,
        AdminKey::Hide,
        AdminKey::TargetGone,
        AdminKey::ViewTarget,
        AdminKey::ReportNote,
        AdminKey::Dismiss,
        AdminKey::Find,
        AdminKey::MemberSearchPlaceholder,
        AdminKey::MemberSearchLabel,
        AdminKey::MemberSearchPrompt,
        AdminKey::NoMemberFound,
        AdminKey::Artist,
        AdminKey::Suspended,
        AdminKey::Reinstate,
        AdminKey::Suspend,
        AdminKey::ActionReason,
        AdminKey::SuspendOrReinstate,
        AdminKey::Works,
        AdminKey::Bids,
        AdminKey::Orders,
        AdminKey::AdminActions,
        AdminKey::NoWorks,
        AdminKey::NoBids,
        AdminKey::NoOrders,
        AdminKey::NoReportsAgainst,
        AdminKey::NoAdminActions,
        AdminKey::Voided,
        AdminKey::Bought,
        AdminKey::Sold,
        AdminKey::BadgeRevokeReason,
        AdminKey::BadgeGrantReason,
        AdminKey::BadgeRevoke,
        AdminKey::BadgeGrant,
        AdminKey::BadgeUpdated,
        AdminKey::NoDisputes,
        AdminKey::BuyerPhoto,
        AdminKey::DisputeNote,
        AdminKey::RefundBuyer,
        AdminKey::PayArtist,
        AdminKey::AdminNickname,
        AdminKey::ActionPlaceholder,
        AdminKey::Action,
        AdminKey::TargetPlaceholder,
        AdminKey::TargetType,
        AdminKey::Since,
        AdminKey::Filter,
        AdminKey::NoAuditEntries,
        AdminKey::Time,
        AdminKey::Reason,
    ];

    /// The message in `locale`.
    pub fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Ko => self.ko(),
            Locale::En => self.en(),
        }
    }

    fn ko(self) -> &'static str {
        match self {
            AdminKey::Menu => "관리자 메뉴",
            AdminKey::NavReports => "신고 · 현황",
            AdminKey::NavDisputes => "분쟁",
            AdminKey::NavMembers => "회원",
            AdminKey::NavAudit => "감사 기록",
            AdminKey::MembersTitle => "회원 · 관리자",
            AdminKey::DisputesTitle => "분쟁 · 관리자",
            AdminKey::AuditTitle => "감사 기록 · 관리자",
            AdminKey::OpenReports => "열린 신고",
            AdminKey::OpenDisputes => "분쟁 중인 주문",
            AdminKey::EndingToday => "24시간 안에 마감",
            AdminKey::NewMembers => "최근 7일 가입",
            AdminKey::Reports => "신고",
            AdminKey::TabOpen => "처리 대기",
            AdminKey::TabActioned => "조치함",
            AdminKey::TabDismissed => "기각",
            AdminKey::Target => "대상",
            AdminKey::AllTargets => "전체",
            AdminKey::Show => "보기",
            AdminKey::NoReports => "처리할 신고가 없습니다.",
            AdminKey::SuspendMember => "회원 정지",
            AdminKey::Hide => "숨기기",
            AdminKey::TargetGone => "대상이 이미 숨겨졌거나 삭제되었습니다.",
            AdminKey::ViewTarget => "대상 보기",
            AdminKey::ReportNote => "처리 사유 (감사 기록에 남습니다)",
            AdminKey::Dismiss => "기각",
            AdminKey::Find => "찾기",
            AdminKey::MemberSearchPlaceholder => "닉네임, 이메일 또는 휴대폰 번호",
            AdminKey::MemberSearchLabel => "회원 찾기",
            AdminKey::MemberSearchPrompt => "닉네임, 이메일 또는 휴대폰 번호로 회원을 찾으세요.",
            AdminKey::NoMemberFound => "찾는 회원이 없습니다.",
            AdminKey::Artist => "작가",
            AdminKey::Suspended => "정지됨",
            AdminKey::Reinstate => "정지 해제",
            AdminKey::Suspend => "이용 정지",
            AdminKey::ActionReason => "사유 (감사 기록에 남습니다)",
            AdminKey::SuspendOrReinstate => "정지 · 해제",
            AdminKey::Works => "작품",
            AdminKey::Bids => "입찰",
            AdminKey::Orders => "주문",
            AdminKey::AdminActions => "관리 기록",
            AdminKey::NoWorks => "등록한 작품이 없습니다.",
            AdminKey::NoBids => "입찰 기록이 없습니다.",
            AdminKey::NoOrders => "주문이 없습니다.",
            AdminKey::NoReportsAgainst => "받은 신고가 없습니다.",
            AdminKey::NoAdminActions => "관리 기록이 없습니다.",
            AdminKey::Voided => " (무효)",
            AdminKey::Bought => "구매",
            AdminKey::Sold => "판매",
            AdminKey::BadgeRevokeReason => "인증 학생 배지 회수 사유",
            AdminKey::BadgeGrantReason => "인증 학생 배지 부여 사유",
            AdminKey::BadgeRevoke => "배지 회수",
            AdminKey::BadgeGrant => "배지 부여",
            AdminKey::BadgeUpdated => "반영했습니다.",
            AdminKey::NoDisputes => "처리할 분쟁이 없습니다.",
            AdminKey::BuyerPhoto => "구매자가 올린 사진",
            AdminKey::DisputeNote => "처리 사유 (양쪽에 알리고 감사 기록에 남습니다)",
            AdminKey::RefundBuyer => "구매자 환불",
            AdminKey::PayArtist => "작가 정산",
            AdminKey::AdminNickname => "관리자 닉네임",
            AdminKey::ActionPlaceholder => "작업 (hide, cancel_lot …)",
            AdminKey::Action => "작업",
            AdminKey::TargetPlaceholder => "대상 (artwork, user …)",
            AdminKey::TargetType => "대상 종류",
            AdminKey::Since => "이 날부터",
            AdminKey::Filter => "거르기",
            AdminKey::NoAuditEntries => "기록이 없습니다.",
            AdminKey::Time => "시각",
            AdminKey::Reason => "사유",
        }
    }

    fn en(self) -> &'static str {
        match self {
            AdminKey::Menu => "Admin menu",
            AdminKey::NavReports => "Reports · overview",
            AdminKey::NavDisputes => "Disputes",
            AdminKey::NavMembers => "Members",
            AdminKey::NavAudit => "Audit log",
            AdminKey::MembersTitle => "Members · Admin",
            AdminKey::DisputesTitle => "Disputes · Admin",
            AdminKey::AuditTitle => "Audit log · Admin",
            AdminKey::OpenReports => "Open reports",
            AdminKey::OpenDisputes => "Orders in dispute",
            AdminKey::EndingToday => "Ending within 24 hours",
            AdminKey::NewMembers => "Joined in the last 7 days",
            AdminKey::Reports => "Reports",
            AdminKey::TabOpen => "Open",
            AdminKey::TabActioned => "Actioned",
            AdminKey::TabDismissed => "Dismissed",
            AdminKey::Target => "Target",
            AdminKey::AllTargets => "All",
            AdminKey::Show => "Show",
            AdminKey::NoReports => "No reports to handle.",
            AdminKey::SuspendMember => "Suspend member",
            AdminKey::Hide => "Hide",
            AdminKey::TargetGone => "The target has already been hidden or deleted.",
            AdminKey::ViewTarget => "View target",
            AdminKey::ReportNote => "Reason (kept in the audit log)",
            AdminKey::Dismiss => "Dismiss",
            AdminKey::Find => "Find",
            AdminKey::MemberSearchPlaceholder => "Nickname, e-mail or mobile number",
            AdminKey::MemberSearchLabel => "Find a member",
            AdminKey::MemberSearchPrompt => "Find a member by nickname, e-mail or mobile number.",
            AdminKey::NoMemberFound => "No member found.",
            AdminKey::Artist => "Artist",
            AdminKey::Suspended => "Suspended",
            AdminKey::Reinstate => "Reinstate",
            AdminKey::Suspend => "Suspend",
            AdminKey::ActionReason => "Reason (kept in the audit log)",
            AdminKey::SuspendOrReinstate => "Suspend · reinstate",
            AdminKey::Works => "Works",
            AdminKey::Bids => "Bids",
            AdminKey::Orders => "Orders",
            AdminKey::AdminActions => "Admin actions",
            AdminKey::NoWorks => "No works listed.",
            AdminKey::NoBids => "No bids.",
            AdminKey::NoOrders => "No orders.",
            AdminKey::NoReportsAgainst => "No reports received.",
            AdminKey::NoAdminActions => "No admin actions.",
            AdminKey::Voided => " (void)",
            AdminKey::Bought => "bought",
            AdminKey::Sold => "sold",
            AdminKey::BadgeRevokeReason => "Reason for removing the verified-student badge",
            AdminKey::BadgeGrantReason => "Reason for granting the verified-student badge",
            AdminKey::BadgeRevoke => "Remove badge",
            AdminKey::BadgeGrant => "Grant badge",
            AdminKey::BadgeUpdated => "Done.",
            AdminKey::NoDisputes => "No disputes to handle.",
            AdminKey::BuyerPhoto => "Photo from the buyer",
            AdminKey::DisputeNote => "Reason (sent to both parties and kept in the audit log)",
            AdminKey::RefundBuyer => "Refund the buyer",
            AdminKey::PayArtist => "Pay the artist",
            AdminKey::AdminNickname => "Admin nickname",
            AdminKey::ActionPlaceholder => "Action (hide, cancel_lot …)",
            AdminKey::Action => "Action",
            AdminKey::TargetPlaceholder => "Target (artwork, user …)",
            AdminKey::TargetType => "Target type",
            AdminKey::Since => "From this day",
            AdminKey::Filter => "Filter",
            AdminKey::NoAuditEntries => "No entries.",
            AdminKey::Time => "Time",
            AdminKey::Reason => "Reason",
        }
    }
}

impl I18n {
    /// The admin message for `key` in the current locale (tracks the locale signal).
    pub fn admin(&self, key: AdminKey) -> &'static str {
        key.text(self.locale.get())
    }
}

/// What a report is about: 작품 / 후기 / 댓글 / 회원.
pub fn report_target(locale: Locale, t: ReportTarget) -> &'static str {
    match (locale, t) {
        (Locale::Ko, ReportTarget::Artwork) => "작품",
        (Locale::Ko, ReportTarget::Review) => "후기",
        (Locale::Ko, ReportTarget::Comment) => "댓글",
        (Locale::Ko, ReportTarget::Member) => "회원",
        (Locale::En, ReportTarget::Artwork) => "Work",
        (Locale::En, ReportTarget::Review) => "Review",
        (Locale::En, ReportTarget::Comment) => "Comment",
        (Locale::En, ReportTarget::Member) => "Member",
    }
}

/// "같은 대상 신고 3건": the open reports on a report's target.
pub fn same_target_reports(locale: Locale, n: u32) -> String {
    match locale {
        Locale::Ko => format!("같은 대상 신고 {n}건"),
        Locale::En => format!("{n} reports on the same target"),
    }
}

/// A member's contacts and when they joined (`joined`: the time, already formatted).
pub fn member_contact(locale: Locale, email: &str, phone: Option<&str>, joined: &str) -> String {
    match locale {
        Locale::Ko => format!("{email} · {} · 가입 {joined}", phone.unwrap_or("휴대폰 없음")),
        Locale::En => format!("{email} · {} · joined {joined}", phone.unwrap_or("no mobile number")),
    }
}

/// What a member has done: works, bids, orders and the reports against them.
pub fn member_activity(locale: Locale, works: u32, bids: u32, orders: u32, reports: u32) -> String {
    match locale {
        Locale::Ko => format!("작품 {works} · 입찰 {bids} · 주문 {orders} · 받은 신고 {reports}"),
        Locale::En => format!("Works {works} · Bids {bids} · Orders {orders} · Reports received {reports}"),
    }
}

/// Why a member in the list is suspended.
pub fn suspension_reason(locale: Locale, reason: &str) -> String {
    match locale {
        Locale::Ko => format!("정지 사유: {reason}"),
        Locale::En => format!("Reason for suspension: {reason}"),
    }
}

/// A suspended member's page: "정지됨: 사유".
pub fn suspended_because(locale: Locale, reason: &str) -> String {
    match locale {
        Locale::Ko => format!("정지됨: {reason}"),
        Locale::En => format!("Suspended: {reason}"),
    }
}

/// A section's heading with its number of rows: "작품 3" / "Works (3)".
pub fn count_heading(locale: Locale, key: AdminKey, n: usize) -> String {
    let title = key.text(locale);
    match locale {
        Locale::Ko => format!("{title} {n}"),
        Locale::En => format!("{title} ({n})"),
    }
}

/// A member's bid: their maximum and the price after it.
pub fn bid_max_to_price(locale: Locale, max: Won, price_after: Won) -> String {
    match locale {
        Locale::Ko => format!("최대 {} → {}", max.display(), price_after.display()),
        Locale::En => format!("Max {} → {}", max.display(), price_after.display()),
    }
}

/// A member's order: "#12 제목 (구매) · ₩50,000 · 배송 중".
pub fn order_row(locale: Locale, order_id: u64, title: &str, as_buyer: bool, amount: Won, status: OrderStatus) -> String {
    let side = if as_buyer { AdminKey::Bought } else { AdminKey::Sold };
    format!("#{order_id} {title} ({}) · {} · {}", side.text(locale), amount.display(), locale.order_status(status))
}

/// A report about a member or what they wrote: target, reason, reporter and status.
pub fn report_row(locale: Locale, r: &ReportRow) -> String {
    format!(
        "{} #{} · {} · {} · {}",
        report_target(locale, r.target),
        r.target_id,
        locale.report_reason(r.reason),
        r.reporter,
        r.status.as_db()
    )
}

/// A dispute's order and parties.
pub fn dispute_parties(locale: Locale, order_id: u64, buyer: &str, artist: &str) -> String {
    match locale {
        Locale::Ko => format!("주문 #{order_id} · 구매자 {buyer} · 작가 {artist}"),
        Locale::En => format!("Order #{order_id} · buyer {buyer} · artist {artist}"),
    }
}

/// A disputed order's timeline: when it was paid (`at`: the time, already formatted).
pub fn paid_at(locale: Locale, at: &str) -> String {
    match locale {
        Locale::Ko => format!("결제 {at}"),
        Locale::En => format!("Paid {at}"),
    }
}

/// … when and how it was shipped.
pub fn shipped_at(locale: Locale, at: &str, carrier: &str, tracking_no: &str) -> String {
    match locale {
        Locale::Ko => format!("발송 {at} ({} {tracking_no})", locale.carrier(carrier)),
        Locale::En => format!("Shipped {at} ({} {tracking_no})", locale.carrier(carrier)),
    }
}

/// … when the buyer disputed it.
pub fn disputed_at(locale: Locale, at: &str) -> String {
    match locale {
        Locale::Ko => format!("분쟁 {at}"),
        Locale::En => format!("Disputed {at}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }

    #[test]
    fn every_key_reads_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for &k in AdminKey::ALL {
            assert!(seen.insert(k), "{k:?} listed twice");
            assert!(!k.text(Locale::Ko).is_empty() && !k.text(Locale::En).is_empty(), "{k:?}");
            assert!(!has_hangul(k.text(Locale::En)), "{k:?} has Korean in English");
        }
    }

    #[test]
    fn korean_reads_as_before() {
        assert_eq!(AdminKey::ReportNote.text(Locale::Ko), "처리 사유 (감사 기록에 남습니다)");
        assert_eq!(same_target_reports(Locale::Ko, 3), "같은 대상 신고 3건");
        assert_eq!(member_contact(Locale::Ko, "a@b.kr", None, "어제"), "a@b.kr · 휴대폰 없음 · 가입 어제");
        assert_eq!(member_activity(Locale::Ko, 1, 2, 3, 4), "작품 1 · 입찰 2 · 주문 3 · 받은 신고 4");
        assert_eq!(count_heading(Locale::Ko, AdminKey::AdminActions, 2), "관리 기록 2");
        assert_eq!(order_row(Locale::Ko, 7, "풍경", true, Won(50_000), OrderStatus::Shipped), "#7 풍경 (구매) · ₩50,000 · 배송 중");
        assert_eq!(dispute_parties(Locale::Ko, 7, "가", "나"), "주문 #7 · 구매자 가 · 작가 나");
    }

    #[test]
    fn english_phrases_have_no_korean() {
        let en = Locale::En;
        for s in [
            same_target_reports(en, 2),
            member_contact(en, "a@b.kr", None, "t"),
            member_activity(en, 1, 2, 3, 4),
            suspension_reason(en, "x"),
            suspended_because(en, "x"),
            count_heading(en, AdminKey::Works, 3),
            bid_max_to_price(en, Won(1), Won(2)),
            order_row(en, 7, "t", false, Won(50_000), OrderStatus::Disputed),
            dispute_parties(en, 7, "b", "a"),
            paid_at(en, "t"),
            shipped_at(en, "t", "c", "n"),
            disputed_at(en, "t"),
        ] {
            assert!(!has_hangul(&s), "{s}");
        }
        for &t in ReportTarget::ALL {
            assert!(!has_hangul(report_target(en, t)));
        }
    }
}
