//! Localisation: a typed message catalogue (Korean first, English second) and the locale signal.
//!
//! Every user-visible string lives in `ko.rs` / `en.rs`, keyed by [`Key`]; an exhaustive `match` in each
//! catalogue makes a missing translation a compile error. Components read strings through [`I18n::t`],
//! so switching the locale re-renders the text in place, without a reload.

pub mod admin;
mod en;
mod ko;

use leptos::prelude::*;

/// Cookie that remembers an explicit language choice.
pub const LOCALE_COOKIE: &str = "artipul_locale";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    #[default]
    Ko,
    En,
}

impl Locale {
    /// The BCP 47 tag, as used in `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Ko => "ko",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.trim() {
            "ko" => Some(Locale::Ko),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The other locale, for the language switch.
    pub fn other(self) -> Self {
        match self {
            Locale::Ko => Locale::En,
            Locale::En => Locale::Ko,
        }
    }

    pub fn t(self, key: Key) -> &'static str {
        match self {
            Locale::Ko => ko::text(key),
            Locale::En => en::text(key),
        }
    }

    /// "입찰 3회" / "3 bids".
    pub fn bid_count(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("입찰 {n}회"),
            Locale::En if n == 1 => "1 bid".to_string(),
            Locale::En => format!("{n} bids"),
        }
    }

    /// How the comparable lots ended.
    pub fn comparables_counts(self, c: &crate::domain::comparables::Comparables) -> String {
        let pct = c.sell_through_pct.unwrap_or(0);
        match self {
            Locale::Ko => format!(
                "비슷한 작품 {}점이 경매를 마쳤고 {}점이 낙찰되었습니다 (낙찰률 {pct}%). 입찰 없이 끝난 작품 {}점.",
                c.ended, c.sold, c.no_bid
            ),
            Locale::En => format!("{} similar works ended: {} sold ({pct}% sell-through), {} without a bid.", c.ended, c.sold, c.no_bid),
        }
    }

    pub fn comparables_median(self, median: crate::domain::Won, q1: crate::domain::Won, q3: crate::domain::Won) -> String {
        let (m, a, b) = (median.display(), q1.display(), q3.display());
        match self {
            Locale::Ko => format!("낙찰가 중앙값 {m} · 가운데 절반이 {a}–{b}에 낙찰되었습니다."),
            Locale::En => format!("Median sold price {m}; the middle half sold for {a}–{b}."),
        }
    }

    pub fn comparables_suggest(self, from: crate::domain::Won, to: crate::domain::Won, q1: crate::domain::Won) -> String {
        let (f, t, q) = (from.display(), to.display(), q1.display());
        match self {
            Locale::Ko => format!("시작가 {f}–{t}를 권합니다: 비슷한 작품의 4분의 3이 {q} 이상에 낙찰되었습니다."),
            Locale::En => format!("Suggested start price {f}–{t}: three quarters of similar works sold for {q} or more."),
        }
    }

    pub fn comparables_too_few(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("낙찰 기록이 {n}건 미만이라 가격 통계와 추천 시작가는 아직 보여 드리지 않습니다."),
            Locale::En => format!("Fewer than {n} sales so far: no price statistics or suggested start yet."),
        }
    }

    /// "작품 5점" / "5 works".
    pub fn work_count(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("작품 {n}점"),
            Locale::En if n == 1 => "1 work".to_string(),
            Locale::En => format!("{n} works"),
        }
    }

    /// A lot's state: 진행 중 / 낙찰 / 유찰 / 판매 중지 / 경매 취소.
    pub fn lot_status(self, s: crate::domain::LotStatus) -> &'static str {
        use crate::domain::LotStatus;
        match self {
            Locale::Ko => s.label_ko(),
            Locale::En => match s {
                LotStatus::Live => "Live",
                LotStatus::Sold => "Sold",
                LotStatus::Unsold => "Unsold",
                LotStatus::Withdrawn => "Withdrawn",
                LotStatus::Cancelled => "Cancelled",
            },
        }
    }

    /// A number of bids after its label: "3회" / "3".
    pub fn times(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("{n}회"),
            Locale::En => n.to_string(),
        }
    }

    /// A lot's anonymous bidder: "입찰자 2" / "Bidder 2".
    pub fn bidder(self, handle: u32) -> String {
        match self {
            Locale::Ko => format!("입찰자 {handle}"),
            Locale::En => format!("Bidder {handle}"),
        }
    }

    /// The soft-close rule in one sentence.
    pub fn soft_close_note(self, minutes: i64) -> String {
        match self {
            Locale::Ko => format!("마감 {minutes}분 전부터 가격이 바뀌는 입찰이 들어오면 마감이 {minutes}분 연장됩니다 (최대 1시간)."),
            Locale::En => format!(
                "A bid that changes the price in the last {minutes} minutes extends the deadline by {minutes} minutes (at most one hour in all)."
            ),
        }
    }

    /// The viewer's position in a lot.
    pub fn my_position(self, handle: u32, leading: bool, my_max: Option<crate::domain::Won>, status: crate::domain::LotStatus) -> String {
        use crate::domain::LotStatus;
        let who = self.bidder(handle);
        match (self, leading, status, my_max) {
            (Locale::Ko, true, LotStatus::Live, Some(m)) => format!("{who} · 최고 입찰자입니다 (내 최대 입찰가 {})", m.display()),
            (Locale::Ko, true, LotStatus::Sold, _) => format!("{who} · 낙찰받았습니다!"),
            (Locale::Ko, true, _, _) => format!("{who} · 최고 입찰자입니다"),
            (Locale::Ko, false, _, _) => format!("{who} · 더 높은 입찰이 있습니다"),
            (Locale::En, true, LotStatus::Live, Some(m)) => format!("{who} · You are the highest bidder (your maximum {})", m.display()),
            (Locale::En, true, LotStatus::Sold, _) => format!("{who} · You won!"),
            (Locale::En, true, _, _) => format!("{who} · You are the highest bidder"),
            (Locale::En, false, _, _) => format!("{who} · You have been outbid"),
        }
    }

    /// The commission, for the About page.
    pub fn about_fees(self, percent: u8) -> String {
        match self {
            Locale::Ko => format!("판매가 정산될 때 낙찰가의 {percent}%가 수수료로 차감됩니다. 입찰·구매·충전에는 수수료가 없습니다."),
            Locale::En => {
                format!("When a sale settles, {percent}% of the price is kept as commission. Bidding, buying and adding points are free.")
            }
        }
    }

    /// My page's bidding row: "최고 입찰 중 (내 최대 ₩60,000)".
    pub fn leading_with_max(self, max: Option<crate::domain::Won>) -> String {
        let m = max.map(|m| m.display()).unwrap_or_default();
        match self {
            Locale::Ko => format!("최고 입찰 중 (내 최대 {m})"),
            Locale::En => format!("Leading (your maximum {m})"),
        }
    }

    /// "2026.12.05 (토) 00:44 KST 자동 수령 확인".
    pub fn auto_confirm_at(self, at: &str) -> String {
        match self {
            Locale::Ko => format!("{at} 자동 수령 확인"),
            Locale::En => format!("Receipt confirmed automatically on {at}"),
        }
    }

    /// An order's state.
    pub fn order_status(self, s: crate::domain::OrderStatus) -> &'static str {
        use crate::domain::OrderStatus;
        match self {
            Locale::Ko => s.label(),
            Locale::En => match s {
                OrderStatus::Paid => "Paid · waiting to be shipped",
                OrderStatus::Shipped => "Shipped",
                OrderStatus::Received => "Received",
                OrderStatus::Settled => "Paid out",
                OrderStatus::Disputed => "Under dispute",
                OrderStatus::Refunded => "Refunded",
            },
        }
    }

    /// A report's reason.
    pub fn report_reason(self, r: crate::domain::moderation::ReportReason) -> &'static str {
        use crate::domain::moderation::ReportReason;
        match self {
            Locale::Ko => r.label_ko(),
            Locale::En => match r {
                ReportReason::Fraud => "Suspected fraud",
                ReportReason::Copyright => "Copyright infringement",
                ReportReason::Abuse => "Abuse or harassment",
                ReportReason::Spam => "Spam or advertising",
                ReportReason::Inappropriate => "Inappropriate content",
                ReportReason::Other => "Other",
            },
        }
    }

    /// "알림 3건" / "3 notifications".
    pub fn notifications_count(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("알림 {n}건"),
            Locale::En if n == 1 => "1 notification".to_string(),
            Locale::En => format!("{n} notifications"),
        }
    }

    /// "사진 3" / "3 photos" (also "사진 2" / "Photo 2" for one of several: `nth`).
    pub fn photos(self, n: u32, nth: bool) -> String {
        match (self, nth) {
            (Locale::Ko, _) => format!("사진 {n}"),
            (Locale::En, true) => format!("Photo {n}"),
            (Locale::En, false) if n == 1 => "1 photo".to_string(),
            (Locale::En, false) => format!("{n} photos"),
        }
    }

    /// "좋아요 3개" / "3 likes".
    pub fn likes(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("좋아요 {n}개"),
            Locale::En if n == 1 => "1 like".to_string(),
            Locale::En => format!("{n} likes"),
        }
    }

    /// How the review feed is sorted.
    pub fn review_sort(self, s: crate::domain::review::ReviewSort) -> &'static str {
        use crate::domain::review::ReviewSort;
        match (self, s) {
            (Locale::Ko, s) => s.ko(),
            (Locale::En, ReviewSort::Newest) => "Newest",
            (Locale::En, ReviewSort::MostLiked) => "Most liked",
        }
    }

    /// "후기 12개" / "12 reviews".
    pub fn review_count(self, n: u64) -> String {
        match self {
            Locale::Ko => format!("후기 {n}개"),
            Locale::En if n == 1 => "1 review".to_string(),
            Locale::En => format!("{n} reviews"),
        }
    }

    /// "2쪽" / "Page 2".
    pub fn page_n(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("{n}쪽"),
            Locale::En => format!("Page {n}"),
        }
    }

    /// A number of days: "3일" / "3 days".
    pub fn days(self, n: u32) -> String {
        match self {
            Locale::Ko => format!("{n}일"),
            Locale::En if n == 1 => "1 day".to_string(),
            Locale::En => format!("{n} days"),
        }
    }

    /// "하늘물감 작가의 다른 작품 보기 →".
    pub fn artist_more_works(self, nickname: &str) -> String {
        match self {
            Locale::Ko => format!("{nickname} 작가의 다른 작품 보기 →"),
            Locale::En => format!("More works by {nickname} →"),
        }
    }

    /// How a work reaches its buyer: "배송비 ₩3,000", "무료 배송", "직거래 · 서울 마포구".
    pub fn delivery(self, d: &crate::domain::Delivery) -> String {
        use crate::domain::Delivery;
        match (self, d) {
            (Locale::Ko, Delivery::Shipping { fee }) if fee.amount() == 0 => "무료 배송".into(),
            (Locale::Ko, Delivery::Shipping { fee }) => format!("배송비 {}", fee.display()),
            (Locale::Ko, Delivery::Pickup { area }) => format!("직거래 · {area}"),
            (Locale::En, Delivery::Shipping { fee }) if fee.amount() == 0 => "Free shipping".into(),
            (Locale::En, Delivery::Shipping { fee }) => format!("Shipping {}", fee.display()),
            (Locale::En, Delivery::Pickup { area }) => format!("Pick-up in person · {area}"),
        }
    }

    /// The bid button: the maximum and what the bidder pays in total if they win at it.
    pub fn bid_button(self, max: crate::domain::Won, shipping: crate::domain::Won) -> String {
        let total = crate::domain::delivery::total(max, shipping).display();
        match (self, shipping.amount()) {
            (Locale::Ko, 0) => format!("{} 입찰 · 낙찰 시 총 {total}", max.display()),
            (Locale::Ko, _) => format!("{} 입찰 · 낙찰 시 배송비 포함 총 {total}", max.display()),
            (Locale::En, 0) => format!("Bid {} · {total} in total if you win", max.display()),
            (Locale::En, _) => format!("Bid {} · {total} with shipping if you win", max.display()),
        }
    }

    /// The buy-now button: the price and the total with shipping.
    pub fn buy_now_button(self, price: crate::domain::Won, shipping: crate::domain::Won) -> String {
        let total = crate::domain::delivery::total(price, shipping).display();
        match (self, shipping.amount()) {
            (Locale::Ko, 0) => format!("{} 즉시 구매 · 총 {total}", price.display()),
            (Locale::Ko, _) => format!("{} 즉시 구매 · 배송비 포함 총 {total}", price.display()),
            (Locale::En, 0) => format!("Buy now for {} · {total} in total", price.display()),
            (Locale::En, _) => format!("Buy now for {} · {total} with shipping", price.display()),
        }
    }

    /// The confirmation before a bid: the maximum, the total if won, and what is held from the points now.
    pub fn bid_confirm(self, max: crate::domain::Won, shipping: crate::domain::Won) -> String {
        let total = crate::domain::delivery::total(max, shipping).display();
        let (m, fee) = (max.display(), shipping.display());
        match self {
            Locale::Ko => format!(
                "최대 {m}까지 입찰합니다.\n낙찰되면 작품가에 배송비 {fee}를 더해 최대 {total}을 결제합니다.\n\
                 지금 포인트에서 {total}을 보류합니다 (더 높은 입찰이 나오면 돌려드립니다).\n입찰은 취소할 수 없습니다. 계속할까요?"
            ),
            Locale::En => format!(
                "You bid up to {m}.\nIf you win you pay the price plus {fee} shipping: at most {total}.\n\
                 {total} of your points is held now (returned if you are outbid).\nBids cannot be withdrawn. Continue?"
            ),
        }
    }

    /// The confirmation before buying now.
    pub fn buy_now_confirm(self, price: crate::domain::Won, shipping: crate::domain::Won) -> String {
        let total = crate::domain::delivery::total(price, shipping).display();
        let (p, fee) = (price.display(), shipping.display());
        match self {
            Locale::Ko => format!(
                "{p}에 즉시 구매합니다 (배송비 {fee}).\n지금 포인트에서 총 {total}을 결제합니다. 구매는 취소할 수 없습니다. 계속할까요?"
            ),
            Locale::En => {
                format!(
                    "You buy now for {p} ({fee} shipping).\n{total} is paid from your points now. A purchase cannot be undone. Continue?"
                )
            }
        }
    }

    /// A sale divided: "작품가 ₩50,000 + 배송비 ₩3,000 − 수수료 ₩5,000 = 정산 ₩48,000".
    pub fn payout(self, p: &crate::domain::delivery::Payout) -> String {
        let (price, ship, fee, net) = (p.price.display(), p.shipping.display(), p.commission.display(), p.net.display());
        match self {
            Locale::Ko => format!("작품가 {price} + 배송비 {ship} − 수수료 {fee} = 정산 {net}"),
            Locale::En => format!("Price {price} + shipping {ship} − commission {fee} = you receive {net}"),
        }
    }

    /// Time left until a deadline, coarse to fine: "2일 3시간 남음", "12분 5초 남음".
    pub fn remaining(self, secs: i64) -> String {
        if secs <= 0 {
            return self.t(Key::Ended).to_string();
        }
        let (d, h, m, s) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60, secs % 60);
        match self {
            Locale::Ko => match (d, h, m) {
                (0, 0, 0) => format!("{s}초 남음"),
                (0, 0, _) => format!("{m}분 {s}초 남음"),
                (0, _, _) => format!("{h}시간 {m}분 남음"),
                _ => format!("{d}일 {h}시간 남음"),
            },
            Locale::En => match (d, h, m) {
                (0, 0, 0) => format!("{s}s left"),
                (0, 0, _) => format!("{m}m {s}s left"),
                (0, _, _) => format!("{h}h {m}m left"),
                _ => format!("{d}d {h}h left"),
            },
        }
    }
}

/// Keys of the static messages. Add a variant, and both catalogues must translate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    SiteTagline,
    NavBrowse,
    NavReviews,
    NavMyPage,
    NavLogin,
    NavSignup,
    NavMenu,
    SwitchLanguage,
    HeroTitle,
    HeroSubtitle,
    HeroBrowse,
    HeroSell,
    EndingSoon,
    EndingSoonHint,
    NewArrivals,
    NewArrivalsHint,
    GenreShortcuts,
    FeaturedArtists,
    SeeAll,
    CurrentPrice,
    StartPrice,
    BuyNowPrice,
    Ended,
    StatusLive,
    StatusSold,
    StatusUnsold,
    VerifiedStudent,
    EmptyLotsTitle,
    EmptyLotsBody,
    EmptyArtists,
    NotFoundTitle,
    NotFoundBody,
    ComparablesTitle,
    ComparablesPickGenre,
    ComparablesNone,
    ReceiptDownload,
    ReviewHiddenNote,
    Edited,
    EditAction,
    DeleteAction,
    ReviewedWork,
    WorkUnavailable,
    LikeLabel,
    LogIn,
    FirstComment,
    CommentPages,
    CommentPlaceholder,
    PostComment,
    LogInToComment,
    OwnWorksOnly,
    ReviewFeedIntro,
    NoReviewsYet,
    PrevArrow,
    NextArrow,
    HomeLabel,
    MainMenu,
    AdminNav,
    CommentsLabel,
    MePoints,
    MeReviews,
    NoArtistReviews,
    MoveEarlier,
    MoveLater,
    RemoveImage,
    UploadCannotStart,
    UploadFailed,
    ReportSummary,
    ReportReasonLabel,
    ReportDetailLabel,
    ReportSubmit,
    ReportDone,
    BuyerReviews,
    NoWorkReviews,
    PriceMin,
    PriceMax,
    PriceMinLabel,
    PriceMaxLabel,
    PagePrev,
    PageNext,
    PagesLabel,
    SortLabel,
    GenrePathLabel,
    AllGenres,
    ChargeCustom,
    ChargeAmountLabel,
    LedgerWhen,
    LedgerWhat,
    LedgerInOut,
    LedgerBalance,
    MyAuctionsTitle,
    TabBidding,
    TabWon,
    TabSales,
    TabsLabel,
    EmptyWon,
    BrowseWorks,
    EarningsSettled,
    EarningsPending,
    EmptySales,
    ListAWork,
    EmptyBidding,
    SeeLiveLots,
    BidRowOutbid,
    OrderArtist,
    OrderBuyer,
    OrderPaidAt,
    OrderShipping,
    ShipTo,
    NoShipAddress,
    Carrier,
    CarrierOther,
    TrackingNo,
    MarkShipped,
    ConfirmReceipt,
    SeeReview,
    WriteReview,
    ProblemQ,
    ProblemPlaceholder,
    ReportProblem,
    DisputePhotosLabel,
    DisputePhotosHint,
    NotificationsTitle,
    MarkAllRead,
    NoNotifications,
    NewerNotifications,
    OlderNotifications,
    AboutTitle,
    AboutIntro,
    AboutBiddingTitle,
    AboutBidding,
    AboutHoldsTitle,
    AboutHolds,
    AboutFeesTitle,
    AboutShippingText,
    AboutTrustTitle,
    AboutTrust,
    FaqTitle,
    Faq1Q,
    Faq1A,
    Faq2Q,
    Faq2A,
    Faq3Q,
    Faq3A,
    CertRevoked,
    HandoverCodeLabel,
    HandoverCodeNote,
    LiveOn,
    LiveConnecting,
    BidsLabel,
    MinNextBid,
    ReserveLabel,
    ReserveMet,
    ReserveNotMet,
    ExtendedNotice,
    OwnLotNoBid,
    LoginToBid,
    ChargePoints,
    MaxBidLabel,
    ProxyHint,
    BidHistoryTitle,
    NoBidsYet,
    BuyNowTag,
    VoidLabel,
    VoidReason,
    VoidReasonLabel,
    VoidSubmit,
    ShipPickup,
    CertTitle,
    CertGenuine,
    CertForged,
    CertWork,
    CertArtist,
    CertSoldOn,
    CertPrice,
    CertPriceHidden,
    CertSerial,
    CertIssued,
    CertSignature,
    CertKey,
    CertPdf,
    CertPrint,
    CertShowPrice,
    CertHidePrice,
    CertOwnerNote,
    CertScan,
    CertifiedSales,
    Delivery,
    Bidding,
    DeliveryLegend,
    DeliveryShipping,
    DeliveryPickup,
    ShippingFeeLabel,
    ShippingFeeHint,
    PickupAreaLabel,
    PickupAreaHint,
    NetPreviewTitle,
    NetAtStart,
    NetAtBuyNow,
    NetPreviewEmpty,
    PaidTotal,
    PayoutExpected,
    ReceiptDownloadHint,
    VerifyTitle,
    VerifyIntro,
    VerifyLabel,
    VerifySubmit,
    VerifyValid,
    VerifyBadSignature,
    VerifyNotInChain,
    VerifyDetails,
    VerifyPublicKey,
    VerifyUpload,
    BackHome,
    ErrorTitle,
    ErrorBody,
    Loading,
    ReviewsAll,
    ConfirmWithdrawWork,
    ConfirmDeleteReview,
    ConfirmDeleteComment,
    FooterAbout,
    FooterPolicy,
    FooterNotice,
    FooterTimezone,
    NavLogout,
    LoginTitle,
    LoginSubmit,
    LoginNoAccount,
    SignupTitle,
    SignupBuyer,
    SignupArtist,
    SignupBuyerHint,
    SignupArtistHint,
    SignupSubmit,
    SignupHaveAccount,
    FieldEmail,
    FieldPassword,
    FieldNickname,
    FieldName,
    FieldPhone,
    FieldCollege,
    FieldCode,
    SendCode,
    ResendCode,
    VerifyCode,
    PhoneVerified,
    NicknameAvailable,
    MyPageTitle,
    MyPageWelcome,
    SocialDivider,
    SocialContinue,
    FindEmailTitle,
    FindEmailIntro,
    FindEmailSubmit,
    FindEmailResult,
    ResetPasswordTitle,
    ResetPasswordIntro,
    ResetSubmit,
    FieldNewPassword,
    FieldCurrentPassword,
    SocialSignupTitle,
    SocialSignupIntro,
    SocialSignupExpired,
    ProfileTitle,
    ProfileAvatar,
    ProfileAvatarUpload,
    ProfileAvatarHint,
    ProfileBio,
    ProfileBioPreview,
    ProfileShipping,
    ProfilePassword,
    ProfilePasswordChanged,
    ProfileNoPassword,
    EmailTitle,
    EmailVerifiedBadge,
    EmailUnverifiedBadge,
    EmailPrompt,
    EmailCodeLabel,
    EmailVerifySubmit,
    EmailResend,
    EmailSentTo,
    EmailVerifiedDone,
    EmailChangeTitle,
    FieldNewEmail,
    EmailChangeSubmit,
    EmailChanged,
    EmailPromptLink,
    SocialExistingAccount,
    SocialExistingLogin,
    ProfileAccount,
    FieldRecipient,
    FieldPostalCode,
    FieldAddress1,
    FieldAddress2,
    Save,
    Saved,
    WalletTitle,
    WalletBalance,
    WalletAvailable,
    WalletHeld,
    WalletRefunding,
    WalletCharge,
    WalletChargeSubmit,
    WalletLedger,
    WalletLedgerEmpty,
    WalletCharges,
    WalletRefund,
    WalletCheckCharge,
    WalletRefundRefused,
    BrowseTitle,
    BrowseGenre,
    BrowseStatus,
    BrowsePrice,
    BrowseBuyNowOnly,
    BrowseApply,
    BrowseEmptyTitle,
    BrowseEmptyBody,
    BrowseReset,
    SearchPlaceholder,
    SearchLabel,
    SearchSuggestions,
    SearchEmptyTitle,
    SearchEmptyBody,
    SearchWithoutQuery,
    SearchResultsFor,
    BrowseEnding,
    BrowseEndingAny,
    ArtworkHidden,
    ArtworkDescription,
    ArtworkBids,
    ArtworkReserve,
    ArtworkReserveMet,
    ArtworkReserveNotMet,
    ArtworkDeadline,
    StatusWithdrawn,
    ArtworkLike,
    ArtworkMedium,
    ArtworkSize,
    ArtworkYear,
    ArtworkEdit,
    ArtworkWithdraw,
    SellTitle,
    SellIntro,
    SellArtistsOnly,
    SellArtistsOnlyBody,
    SellFieldTitle,
    SellFieldDescription,
    SellFieldTags,
    SellFieldWidth,
    SellFieldHeight,
    SellFieldDepth,
    SellFieldReserve,
    SellFieldImages,
    SellImagesHint,
    SellCover,
    SellAddImages,
    SellCustomDeadline,
    SellDeadlineKst,
    SellSubmit,
    ArtistOnSale,
    ArtistSold,
    ArtistNothingOnSale,
    ArtistNothingSold,
    MyUnsold,
    MyWatchlist,
    MyNothingWatched,
    MyNothingUnsold,
}

/// The locale of this page, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The message for `key` in the current locale (tracks the locale signal).
    pub fn t(&self, key: Key) -> &'static str {
        self.locale.get().t(key)
    }

    /// Switches the locale now and remembers it in a cookie for the next page load.
    pub fn set(&self, locale: Locale) {
        self.locale.set(locale);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
                let _ = doc.set_cookie(&format!("{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.tag()));
            }
        }
    }
}

/// Decides the page's locale and puts it in context. The server reads the cookie; the browser reads the
/// `<html lang>` the server rendered, so hydration starts from exactly the same text.
pub fn provide_i18n() {
    let initial = initial_locale();
    provide_context(I18n { locale: RwSignal::new(initial) });
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    crate::server::auth::session::request_cookie(LOCALE_COOKIE).and_then(|value| Locale::from_tag(&value)).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        if let Some(tag) = document().document_element().and_then(|e| e.get_attribute("lang")) {
            return Locale::from_tag(&tag).unwrap_or_default();
        }
    }
    Locale::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_time_is_coarse_to_fine() {
        assert_eq!(Locale::Ko.remaining(0), "마감");
        assert_eq!(Locale::Ko.remaining(59), "59초 남음");
        assert_eq!(Locale::Ko.remaining(3 * 60 + 5), "3분 5초 남음");
        assert_eq!(Locale::Ko.remaining(2 * 3600 + 61), "2시간 1분 남음");
        assert_eq!(Locale::Ko.remaining(3 * 86_400 + 7200), "3일 2시간 남음");
        assert_eq!(Locale::En.remaining(3 * 86_400 + 7200), "3d 2h left");
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(Locale::Ko.bid_count(3), "입찰 3회");
        assert_eq!(Locale::En.bid_count(1), "1 bid");
        assert_eq!(Locale::En.work_count(5), "5 works");
    }

    #[test]
    fn locale_tags_round_trip() {
        for l in [Locale::Ko, Locale::En] {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }
}
