//! Localisation: a typed message catalogue (Korean first, English second) and the locale signal.
//!
//! Every user-visible string lives in `ko.rs` / `en.rs`, keyed by [`Key`] (the admin console's in
//! `admin.rs`; messages with values in `messages.rs`); an exhaustive `match` in each catalogue makes a
//! missing translation a compile error. Components read strings through [`I18n::t`],
//! so switching the locale re-renders the text in place, without a reload.

pub mod admin;
#[cfg(test)]
mod coverage_tests;
mod en;
mod ko;
mod messages;
mod phrases;

pub use messages::{Msg, Note};

use leptos::prelude::*;

/// Cookie that remembers an explicit language choice.
pub const LOCALE_COOKIE: &str = "artipul_locale";

/// Cookie that carries the member's time zone to the pages rendered for them (set from their profile).
pub const TZ_COOKIE: &str = "artipul_tz";

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
}

/// The parcel carriers an artist picks when shipping: the value recorded on the order (the carrier's
/// Korean name, as buyers look it up) and its label.
pub const CARRIERS: [(&str, Key); 6] = [
    ("CJ대한통운", Key::CarrierCj),
    ("우체국택배", Key::CarrierPost),
    ("한진택배", Key::CarrierHanjin),
    ("롯데택배", Key::CarrierLotte),
    ("로젠택배", Key::CarrierLogen),
    ("기타", Key::CarrierOther),
];

/// The carrier recorded for a work handed over in person (labelled `Key::CarrierPickup`).
pub const PICKUP_CARRIER: &str = "직거래";

/// The verification e-mail's body: in both languages, since it may be read in another mail client's
/// setting than the page it was asked from.
pub fn email_code_text(code: &str) -> String {
    format!(
        "Artipul 이메일 인증번호: {code}\n30분 안에 입력해 주세요. 요청하지 않았다면 이 메일을 무시해 주세요.\n\n\
         Your Artipul e-mail verification code: {code}\nEnter it within 30 minutes. If you did not ask for it, ignore this e-mail.\n"
    )
}

/// A message made outside a component — an error's — in the language of the request being answered
/// ([`Locale::current`]): `AppError::bad_request(Key::ErrUnknownTimeZone)`.
impl From<Key> for String {
    fn from(key: Key) -> String {
        Locale::current().t(key).to_string()
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
    ErrCertUnknown,
    ErrCertTampered,
    ErrCertPriceBuyerOnly,
    ErrTryAgainShortly,
    ErrHideReason,
    ErrAdminReason,
    ErrCommentNotFound,
    ErrReviewExists,
    ErrReviewBuyersOnly,
    ErrReviewAfterReceipt,
    ErrReviewOwnDelete,
    ErrLikeOwnReview,
    ErrCommentOwnEdit,
    ErrCommentGoneEdit,
    ErrCommentOwnDelete,
    ErrCommentGone,
    ErrEmailAlreadyVerified,
    ErrEmailUnavailable,
    ErrSameEmail,
    ErrCurrentPasswordRequired,
    ErrCurrentPasswordWrong,
    ErrNoPasswordSet,
    ErrSamePassword,
    ErrNoAccountForPhone,
    ErrNoMatchingAccount,
    ErrSuspended,
    ErrLotEndedNoEdit,
    ErrLotHasBidsNoEdit,
    ErrArtistNotFound,
    ErrLiveCursor,
    ErrServerRestarting,
    ErrReceiptNotFound,
    ErrAdminsOnly,
    ErrUnknownLoginMethod,
    ErrSocialExpired,
    ErrSocialBadResponse,
    ErrSocialBadRequest,
    ErrTooManyLogins,
    ErrJsonBody,
    ErrEmailPasswordRequired,
    ErrSearchUnavailable,
    ErrSearchTooShort,
    ErrBadAmount,
    PaymentItemName,
    PaymentPageTitle,
    PaymentOpening,
    ErrPaymentWebhook,
    FlashPasswordReset,
    ErrSocialSignupExpired,
    ErrBadReportTarget,
    ErrDateFormat,
    ErrPickGenre,
    CommentDeleted,
    CommentHidden,
    CarrierPickup,
    ErrImageType,
    ErrFileEmpty,
    ErrImageTooBig,
    ErrImagesBusy,
    ErrArtistsOnly,
    ErrPhoneVerifiedOnly,
    ErrPickImage,
    ErrCancelLiveOnly,
    ErrVoidLiveOnly,
    ErrBidToVoidNotFound,
    ErrAlreadyReported,
    ErrReportTargetNotFound,
    ErrReportOtherNeedsDetail,
    ErrReportSelf,
    ErrReportNotFound,
    ErrReportHandled,
    ErrMemberNotFound,
    ErrCannotSuspendAdmin,
    ErrAlreadySuspended,
    ErrNotSuspended,
    ErrCommentRequired,
    ErrOrderNotFound,
    ErrCarrierPick,
    ErrTrackingFormat,
    ErrAlreadyShipped,
    ErrHandoverCode,
    ErrNotShippedYet,
    ErrAlreadyReceived,
    ErrDisputeReason,
    ErrDisputeAfterReceipt,
    ErrResolutionNote,
    ErrNotDisputed,
    ErrChargeUnavailable,
    ErrPaymentMismatch,
    ErrPaymentPending,
    ErrGatewayUnreachable,
    ErrChargeNotFound,
    ErrChargeNotRefundable,
    ErrChargeSpent,
    ErrRefundFailed,
    ErrPhoneFirst,
    ErrPhoneTaken,
    ErrAlreadyLinked,
    ErrSocialDone,
    ErrBadCredentials,
    ErrSessionRotated,
    ErrEmailInvalid,
    ErrEmailRequired,
    ErrNicknameLength,
    ErrNicknameChars,
    ErrPasswordShort,
    ErrPasswordLong,
    ErrPasswordCommon,
    ErrPasswordHasEmail,
    ErrPhoneInvalid,
    ErrNameLength,
    ErrCollegeFormat,
    ErrRecipientLength,
    ErrPostalCode,
    ErrAddressRequired,
    ErrAddress2Length,
    ErrAddressChars,
    ProblemLabel,
    ErrCrossSite,
    ErrUnknownLanguage,
    ErrEmailChangedSince,
    ErrSmsFailed,
    ErrCodeOncePerMinute,
    ErrCodeDailyLimit,
    ErrCodeFormat,
    ErrCodeWrong,
    ErrCodeBurnt,
    ErrCodeExpired,
    ErrEmailFailed,
    ErrSmsUnavailable,
    FieldBid,
    FieldShippingFee,
    FieldWidth,
    FieldHeight,
    FieldDepth,
    ErrPhotosInvalid,
    ErrDeadlinePick,
    ErrDeadlineAgain,
    ErrDurationPick,
    ErrGenreLeaf,
    ErrPhotoRequired,
    ErrStartPriceRequired,
    ErrBuyNowAboveStart,
    ErrReserveAtLeastStart,
    ErrReserveBelowBuyNow,
    ErrDeliveryPick,
    ErrLotEnded,
    ErrOwnLot,
    ErrLotNotFound,
    ErrBidRequired,
    ErrShippingChanged,
    ErrBuyNowChanged,
    ErrNoBuyNow,
    ErrReceiptTooLong,
    ErrReceiptFormat,
    ErrChargeAmountRequired,
    CarrierCj,
    CarrierPost,
    CarrierHanjin,
    CarrierLotte,
    CarrierLogen,
    SellTagsPlaceholder,
    SellMediumPlaceholder,
    Optional,
    OptionalPrivate,
    SellPickupPlaceholder,
    Choose,
    ChargeCancelled,
    ChargeChecking,
    NicknameTaken,
    EmailTaken,
    ArtworkNotFound,
    ReviewNotFound,
    AdminHideReason,
    AdminHideReviewReason,
    AdminHideComment,
    AdminHideCommentReason,
    Hide,
    HiddenDone,
    AdminCancelReason,
    AdminCancelConfirm,
    AdminCancelLot,
    AdminCancelledLot,
    ReviewEditTitle,
    ReviewOncePerWork,
    ReviewNothingToReview,
    ReviewSeeWonOrders,
    ReviewWhichWork,
    ReviewPosting,
    ReviewPost,
    ReviewMine,
    ReviewNoneWritten,
    ReviewFieldTitle,
    ReviewFieldBody,
    ReviewBodyPlaceholder,
    Preview,
    ReviewPhotosLabel,
    ReviewPhotosHint,
    ReviewOnlyOwnEdit,
    Cancel,
    ErrInternal,
    ErrLoginRequired,
    ErrTooManyRequests,
    ErrLockConflict,
    ErrNoConnection,
    ErrMalformedRequest,
    ErrNotFound,
    ErrBusy,
    ErrDatabaseUnreachable,
    ErrTemporarilyUnavailable,
    ErrUnknownTimeZone,
    ProfileTimeZone,
    ProfileTimeZoneHint,
    ProfileTimeZoneSite,
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

/// The locale and time zone of this page, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
    /// The zone times are shown in: the member's choice, else the site's `display_timezone`.
    pub tz: RwSignal<chrono_tz::Tz>,
}

impl I18n {
    /// The message for `key` in the current locale (tracks the locale signal).
    pub fn t(&self, key: Key) -> &'static str {
        self.locale.get().t(key)
    }

    /// `at` in full, in this page's zone and language (tracks both).
    pub fn datetime(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.locale.get().datetime(at, self.tz.get())
    }

    /// `at` in short, in this page's zone and language (tracks both).
    pub fn date_short(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        self.locale.get().date_short(at, self.tz.get())
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

/// Decides the page's locale and zone and puts them in context. The server reads the cookies (else the
/// site's settings); the browser reads the `<html lang data-tz>` the server rendered, so hydration starts
/// from exactly the same text.
pub fn provide_i18n() {
    let (locale, tz) = initial();
    provide_context(I18n { locale: RwSignal::new(locale), tz: RwSignal::new(tz) });
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(feature = "ssr")]
fn initial() -> (Locale, chrono_tz::Tz) {
    use crate::server::auth::session::request_cookie;
    let settings = use_context::<crate::server::AppState>().map(|state| state.settings.clone());
    let locale = request_cookie(LOCALE_COOKIE)
        .and_then(|value| Locale::from_tag(&value))
        .or_else(|| settings.as_ref().map(|s| s.default_locale()))
        .unwrap_or_default();
    let tz = request_cookie(TZ_COOKIE)
        .and_then(|value| crate::domain::time::parse_zone(&value))
        .or_else(|| settings.as_ref().and_then(|s| crate::domain::time::parse_zone(&s.site.display_timezone)))
        .unwrap_or(crate::domain::time::DISPLAY_TZ);
    (locale, tz)
}

#[cfg(not(feature = "ssr"))]
fn initial() -> (Locale, chrono_tz::Tz) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(html) = document().document_element() {
            let locale = html.get_attribute("lang").and_then(|tag| Locale::from_tag(&tag)).unwrap_or_default();
            let tz = html
                .get_attribute("data-tz")
                .and_then(|name| crate::domain::time::parse_zone(&name))
                .unwrap_or(crate::domain::time::DISPLAY_TZ);
            return (locale, tz);
        }
    }
    (Locale::default(), crate::domain::time::DISPLAY_TZ)
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The language of the member a task is working for, where that is not the request it runs in (a
    /// lot's bid lane decides many members' bids in one task).
    static CURRENT: Locale;
}

/// Runs `f` with [`Locale::current`] answering `locale`.
#[cfg(feature = "ssr")]
pub fn with_locale<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(locale, f)
}

/// Runs `work` with [`Locale::current`] answering `locale`.
#[cfg(feature = "ssr")]
pub async fn in_locale<F: std::future::Future>(locale: Locale, work: F) -> F::Output {
    CURRENT.scope(locale, work).await
}

impl Locale {
    /// The language of the request being answered, for messages made outside a component (errors): the
    /// page's locale in the browser; on the server the request's language cookie, else the site's default.
    pub fn current() -> Locale {
        #[cfg(feature = "ssr")]
        {
            if let Ok(locale) = CURRENT.try_with(|l| *l) {
                return locale;
            }
            crate::server::auth::session::request_cookie(LOCALE_COOKIE)
                .and_then(|value| Locale::from_tag(&value))
                .or_else(|| use_context::<crate::server::AppState>().map(|state| state.settings.default_locale()))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            use_context::<I18n>().map(|i18n| i18n.locale.get_untracked()).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_in_the_zone_and_language_with_the_zone_named() {
        use chrono::TimeZone;
        let seoul = crate::domain::time::DISPLAY_TZ;
        // 12:05 UTC is 21:05 the same day in Seoul; 20:00 UTC crosses midnight into Monday there.
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 29, 12, 5, 0).unwrap();
        let late = chrono::Utc.with_ymd_and_hms(2026, 11, 29, 20, 0, 0).unwrap();
        assert_eq!(Locale::Ko.datetime(at, seoul), "2026.11.29 (일) 21:05 KST");
        assert_eq!(Locale::Ko.datetime(late, seoul), "2026.11.30 (월) 05:00 KST");
        assert_eq!(Locale::En.datetime(at, seoul), "Sun 29 Nov 2026, 21:05 KST");
        assert_eq!(Locale::Ko.date_short(late, seoul), "11월 30일 05:00");
        assert_eq!(Locale::En.date_short(late, seoul), "30 Nov 05:00");
        // Another zone is always named, in short forms too.
        let ny = chrono_tz::America::New_York;
        assert_eq!(Locale::En.datetime(at, ny), "Sun 29 Nov 2026, 07:05 EST");
        assert_eq!(Locale::Ko.date_short(at, ny), "11월 29일 07:05 EST");
        assert_eq!(Locale::En.date_short(at, chrono_tz::Europe::London), "29 Nov 12:05 GMT");
        assert_eq!(crate::domain::time::format_kst(at), "2026.11.29 (일) 21:05 KST");
    }

    #[test]
    fn every_genre_in_the_taxonomy_has_an_english_name() {
        let mut level: Vec<Vec<&str>> = vec![Vec::new()];
        let mut seen = 0;
        while !level.is_empty() {
            let mut next = Vec::new();
            for prefix in &level {
                for option in crate::domain::genre::options_below(prefix).unwrap_or(&[]) {
                    let en = Locale::En.genre_segment(option);
                    assert!(en.is_ascii() && !en.is_empty(), "{option} → {en}");
                    assert_eq!(Locale::Ko.genre_segment(option), *option);
                    seen += 1;
                    let mut path = prefix.clone();
                    path.push(option);
                    next.push(path);
                }
            }
            level = next;
        }
        assert!(seen > 50, "walked {seen} genre options");
        assert_eq!(Locale::En.genre_path("회화/풍경/중/가로형"), "Painting › Landscape › Medium › Horizontal");
        assert_eq!(Locale::Ko.genre_path("회화/풍경/중/가로형"), "회화 › 풍경 › 중 › 가로형");
    }

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
