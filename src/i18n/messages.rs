//! Messages with values in them, made outside components — validation and refusals — in both languages,
//! side by side. Used as `Err(Msg::TitleLength { max }.into())` (the language of the request being
//! answered, [`Locale::current`]) or `Msg::….text(locale)`.

use super::{Key, Locale};
use crate::domain::account::SocialProvider;
use crate::domain::Won;

#[derive(Debug, Clone, Copy)]
pub enum Msg<'a> {
    /// A money field that is not a whole number of won.
    WonFormat {
        field: Key,
    },
    /// A size field outside 0.1–1000 cm.
    CmRange {
        field: Key,
    },
    TagInvalid {
        max: usize,
        tag: &'a str,
    },
    TooManyTags {
        max: usize,
    },
    TitleLength {
        max: usize,
    },
    DescriptionLength {
        max: usize,
    },
    MediumLength {
        max: usize,
    },
    YearRange {
        this_year: u16,
    },
    TooManyPhotos {
        max: usize,
    },
    StartPriceMin {
        min: Won,
    },
    DeadlineRange {
        min_hours: i64,
        max_days: i64,
    },
    ShippingFeeMax {
        max: Won,
    },
    PickupAreaLength {
        max: usize,
    },
    BidTooLow {
        minimum: Won,
    },
    BidNotAbove {
        current_max: Won,
    },
    BidMax {
        max: Won,
    },
    ChargeRange {
        min: Won,
        max: Won,
    },
    OtherIdentityLinked {
        provider: SocialProvider,
    },
    SocialCancelled {
        provider: SocialProvider,
    },
    SocialFailed {
        provider: SocialProvider,
    },
    SocialLinked {
        provider: SocialProvider,
    },
    BioLength {
        max: usize,
    },
    LiveLotsFormat {
        max: usize,
    },
    ImageUnreadable {
        max_side: u32,
    },
    ImageTooLarge {
        max_side: u32,
    },
    ImageTooManyPixels {
        megapixels: u32,
    },
    ImageTooSmall {
        min_side: u32,
    },
    ReportDetailLength {
        max: usize,
    },
    UnknownGenre {
        raw: &'a str,
    },
    SearchTooLong {
        max: usize,
    },
    ReviewBodyLength {
        min: usize,
        max: usize,
    },
    CommentLength {
        max: usize,
    },
}

impl Msg<'_> {
    pub fn text(&self, locale: Locale) -> String {
        use Locale::{En, Ko};
        match (*self, locale) {
            (Msg::WonFormat { field }, Ko) => format!("{}은(는) 원 단위 숫자로 입력해 주세요.", Ko.t(field)),
            (Msg::WonFormat { field }, En) => format!("{}: enter a whole number of won.", En.t(field)),
            (Msg::CmRange { field }, Ko) => format!("{}는 0.1 ~ 1000cm 사이로 입력해 주세요.", Ko.t(field)),
            (Msg::CmRange { field }, En) => format!("{}: enter 0.1 to 1000 cm.", En.t(field)),
            (Msg::TagInvalid { max, tag }, Ko) => format!("태그는 {max}자 이하의 글자·숫자로 입력해 주세요: {tag}"),
            (Msg::TagInvalid { max, tag }, En) => format!("Tags are letters and digits, up to {max} characters: {tag}"),
            (Msg::TooManyTags { max }, Ko) => format!("태그는 {max}개까지 달 수 있습니다."),
            (Msg::TooManyTags { max }, En) => format!("You can add up to {max} tags."),
            (Msg::TitleLength { max }, Ko) => format!("제목을 1~{max}자로 입력해 주세요."),
            (Msg::TitleLength { max }, En) => format!("Enter a title of 1 to {max} characters."),
            (Msg::DescriptionLength { max }, Ko) => format!("작품 설명은 {max}자 이하로 써 주세요."),
            (Msg::DescriptionLength { max }, En) => format!("Keep the description to {max} characters."),
            (Msg::MediumLength { max }, Ko) => format!("재료는 {max}자 이하로 입력해 주세요."),
            (Msg::MediumLength { max }, En) => format!("Keep the medium to {max} characters."),
            (Msg::YearRange { this_year }, Ko) => format!("제작 연도는 1900~{this_year} 사이로 입력해 주세요."),
            (Msg::YearRange { this_year }, En) => format!("Enter a year between 1900 and {this_year}."),
            (Msg::TooManyPhotos { max }, Ko) => format!("사진은 {max}장까지 올릴 수 있습니다."),
            (Msg::TooManyPhotos { max }, En) => format!("You can upload up to {max} photos."),
            (Msg::StartPriceMin { min }, Ko) => format!("시작가는 {} 이상이어야 합니다.", min.display()),
            (Msg::StartPriceMin { min }, En) => format!("The start price must be at least {}.", min.display()),
            (Msg::DeadlineRange { min_hours, max_days }, Ko) => {
                format!("마감은 지금부터 {min_hours}시간 ~ {max_days}일 사이로 정해 주세요.")
            }
            (Msg::DeadlineRange { min_hours, max_days }, En) => {
                format!("Set the deadline between {min_hours} hour(s) and {max_days} days from now.")
            }
            (Msg::ShippingFeeMax { max }, Ko) => format!("배송비는 {} 이하로 입력해 주세요.", max.display()),
            (Msg::ShippingFeeMax { max }, En) => format!("The shipping fee can be at most {}.", max.display()),
            (Msg::PickupAreaLength { max }, Ko) => format!("직거래 지역을 2~{max}자로 입력해 주세요. (예: 서울 마포구)"),
            (Msg::PickupAreaLength { max }, En) => format!("Enter a pick-up area of 2 to {max} characters (e.g. Mapo-gu, Seoul)."),
            (Msg::BidTooLow { minimum }, Ko) => format!("입찰가가 너무 낮습니다. 최소 {} 이상 입력해 주세요.", minimum.display()),
            (Msg::BidTooLow { minimum }, En) => format!("That bid is too low. Bid at least {}.", minimum.display()),
            (Msg::BidNotAbove { current_max }, Ko) => {
                format!("이미 최고 입찰자입니다. 최대 입찰가를 올리려면 {}보다 높게 입력해 주세요.", current_max.display())
            }
            (Msg::BidNotAbove { current_max }, En) => {
                format!("You are already the highest bidder. To raise your maximum, bid more than {}.", current_max.display())
            }
            (Msg::BidMax { max }, Ko) => format!("입찰가는 {} 이하로 입력해 주세요.", max.display()),
            (Msg::BidMax { max }, En) => format!("Bids can be at most {}.", max.display()),
            (Msg::ChargeRange { min, max }, Ko) => {
                format!("충전 금액은 {} ~ {} 사이, 1,000원 단위로 입력해 주세요.", min.display(), max.display())
            }
            (Msg::ChargeRange { min, max }, En) => {
                format!("Charge between {} and {}, in steps of ₩1,000.", min.display(), max.display())
            }
            (Msg::OtherIdentityLinked { provider }, Ko) => {
                format!("이 계정에는 이미 다른 {} 계정이 연결되어 있습니다.", Ko.social_provider(provider))
            }
            (Msg::OtherIdentityLinked { provider }, En) => {
                format!("Another {} account is already linked to this account.", En.social_provider(provider))
            }
            (Msg::SocialCancelled { provider }, Ko) => format!("{} 로그인이 취소되었습니다.", Ko.social_provider(provider)),
            (Msg::SocialCancelled { provider }, En) => format!("{} sign-in was cancelled.", En.social_provider(provider)),
            (Msg::SocialFailed { provider }, Ko) => {
                format!("{} 로그인에 실패했습니다. 잠시 후 다시 시도해 주세요.", Ko.social_provider(provider))
            }
            (Msg::SocialFailed { provider }, En) => {
                format!("{} sign-in failed. Please try again shortly.", En.social_provider(provider))
            }
            (Msg::SocialLinked { provider }, Ko) => format!("{} 계정을 연결했습니다.", Ko.social_provider(provider)),
            (Msg::SocialLinked { provider }, En) => format!("Your {} account is now linked.", En.social_provider(provider)),
            (Msg::BioLength { max }, Ko) => format!("소개는 {max}자 이하로 써 주세요."),
            (Msg::BioLength { max }, En) => format!("Keep your bio to {max} characters."),
            (Msg::LiveLotsFormat { max }, Ko) => format!("lots 형식이 올바르지 않습니다. (예: 12:5,13 — 최대 {max}개)"),
            (Msg::LiveLotsFormat { max }, En) => format!("lots is not valid (e.g. 12:5,13 — at most {max})."),
            (Msg::ImageUnreadable { max_side }, Ko) => {
                format!("이미지를 읽을 수 없습니다. 가로·세로 {max_side}px 이하의 정상적인 이미지를 올려 주세요.")
            }
            (Msg::ImageUnreadable { max_side }, En) => {
                format!("The image cannot be read. Upload a valid image of at most {max_side} px on each side.")
            }
            (Msg::ImageTooLarge { max_side }, Ko) => format!("이미지가 너무 큽니다. 가로·세로 {max_side}px 이하로 올려 주세요."),
            (Msg::ImageTooLarge { max_side }, En) => format!("The image is too large. Keep each side to {max_side} px."),
            (Msg::ImageTooManyPixels { megapixels }, Ko) => {
                format!("이미지 화소 수가 너무 많습니다. {}만 화소 이하로 올려 주세요.", megapixels * 100)
            }
            (Msg::ImageTooManyPixels { megapixels }, En) => {
                format!("The image has too many pixels. Keep it to {megapixels} megapixels.")
            }
            (Msg::ImageTooSmall { min_side }, Ko) => format!("이미지가 너무 작습니다. 가로·세로 {min_side}px 이상이어야 합니다."),
            (Msg::ImageTooSmall { min_side }, En) => format!("The image is too small. Each side must be at least {min_side} px."),
            (Msg::ReportDetailLength { max }, Ko) => format!("신고 내용은 {max}자 이내로 적어 주세요."),
            (Msg::ReportDetailLength { max }, En) => format!("Keep the report to {max} characters."),
            (Msg::UnknownGenre { raw }, Ko) => format!("알 수 없는 장르입니다: {raw}"),
            (Msg::UnknownGenre { raw }, En) => format!("Unknown genre: {raw}"),
            (Msg::SearchTooLong { max }, Ko) => format!("검색어는 {max}자 이내로 입력해 주세요."),
            (Msg::SearchTooLong { max }, En) => format!("Keep your search to {max} characters."),
            (Msg::ReviewBodyLength { min, max }, Ko) => format!("후기 내용은 {min}~{max}자로 써 주세요."),
            (Msg::ReviewBodyLength { min, max }, En) => format!("Write {min} to {max} characters."),
            (Msg::CommentLength { max }, Ko) => format!("댓글은 {max}자 이하로 써 주세요."),
            (Msg::CommentLength { max }, En) => format!("Comments are at most {max} characters."),
        }
    }
}

impl From<Msg<'_>> for String {
    fn from(msg: Msg<'_>) -> String {
        msg.text(Locale::current())
    }
}

/// A notification's words as data, stored with it and read in the reader's language when shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    Outbid {
        title: String,
        price: Won,
    },
    Won {
        title: String,
        price: Won,
        total: Won,
    },
    Sold {
        title: String,
        price: Won,
    },
    Unsold {
        title: String,
    },
    ReserveNotMet {
        title: String,
    },
    EndingSoon {
        title: String,
    },
    Shipped {
        title: String,
        carrier: String,
        tracking: String,
    },
    HandedOver {
        title: String,
    },
    Settled {
        title: String,
        amount: Won,
    },
    CertificateIssued {
        title: String,
        serial: String,
    },
    DisputeRefunded {
        title: String,
        amount: Won,
        note: String,
    },
    DisputeRefundedArtist {
        title: String,
        note: String,
    },
    DisputeReleasedBuyer {
        title: String,
        note: String,
    },
    DisputeReleasedArtist {
        title: String,
        note: String,
    },
    LotCancelled {
        title: String,
        reason: String,
    },
    LotCancelledBidder {
        title: String,
    },
    BidVoided {
        title: String,
        reason: String,
    },
    /// The bidder's account was suspended (the suspension's reason is for admins only).
    BidVoidedSuspended {
        title: String,
    },
    /// After a void the bid became the highest, but the bidder's points no longer covered its maximum.
    BidVoidedUnfunded {
        title: String,
    },
    LeaderAfterVoid {
        title: String,
        price: Won,
    },
    ReviewPosted {
        work: String,
        title: String,
    },
    ReviewComment {
        review: String,
        nickname: String,
    },
}

impl Note {
    pub fn text(&self, locale: Locale) -> String {
        use Locale::{En, Ko};
        match (self, locale) {
            (Note::Outbid { title, price }, Ko) => format!("'{title}' 경매에서 더 높은 입찰이 나왔습니다. 현재가 {}", price.display()),
            (Note::Outbid { title, price }, En) => format!("You were outbid on '{title}'. The price is now {}.", price.display()),
            (Note::Won { title, price, total }, Ko) => format!(
                "'{title}' 낙찰을 축하합니다! 낙찰가 {} (배송비 포함 결제 {}) — 작가의 발송을 기다려 주세요.",
                price.display(),
                total.display()
            ),
            (Note::Won { title, price, total }, En) => format!(
                "You won '{title}'! Winning bid {} ({} paid with shipping). The artist will send it soon.",
                price.display(),
                total.display()
            ),
            (Note::Sold { title, price }, Ko) => {
                format!("'{title}' 작품이 {}에 판매되었습니다. 발송 정보를 입력해 주세요.", price.display())
            }
            (Note::Sold { title, price }, En) => format!("'{title}' sold for {}. Please enter the shipping details.", price.display()),
            (Note::Unsold { title }, Ko) => format!("'{title}' 경매가 유찰되었습니다."),
            (Note::Unsold { title }, En) => format!("'{title}' ended without a sale."),
            (Note::ReserveNotMet { title }, Ko) => {
                format!("'{title}' 경매가 최저 낙찰가에 이르지 못해 유찰되었습니다. 보류된 포인트는 돌려드렸습니다.")
            }
            (Note::ReserveNotMet { title }, En) => {
                format!("'{title}' ended below its reserve and was not sold. Your held points were returned.")
            }
            (Note::EndingSoon { title }, Ko) => format!("찜한 작품 '{title}' 경매가 1시간 안에 마감됩니다."),
            (Note::EndingSoon { title }, En) => format!("'{title}', on your watchlist, ends within an hour."),
            (Note::Shipped { title, carrier, tracking }, Ko) => format!("'{title}' 작품이 발송되었습니다. ({carrier} {tracking})"),
            (Note::Shipped { title, carrier, tracking }, En) => format!("'{title}' has been shipped ({} {tracking}).", En.carrier(carrier)),
            (Note::HandedOver { title }, Ko) => {
                format!("'{title}' 작품을 직거래로 전달했다고 작가가 알려 왔습니다. 받으셨다면 수령 확인을 눌러 주세요.")
            }
            (Note::HandedOver { title }, En) => {
                format!("The artist says '{title}' was handed over in person. If you have it, please confirm receipt.")
            }
            (Note::Settled { title, amount }, Ko) => format!("'{title}' 판매 대금 {}이 정산되었습니다.", amount.display()),
            (Note::Settled { title, amount }, En) => format!("{} for '{title}' has been paid out to your wallet.", amount.display()),
            (Note::CertificateIssued { title, serial }, Ko) => format!("'{title}' 진품 인증서가 발급되었습니다. 일련번호 {serial}"),
            (Note::CertificateIssued { title, serial }, En) => format!("A certificate of authenticity for '{title}' was issued: {serial}"),
            (Note::DisputeRefunded { title, amount, note }, Ko) => {
                format!("'{title}' 주문 분쟁이 처리되어 결제 금액 {}을 환불했습니다. 사유: {note}", amount.display())
            }
            (Note::DisputeRefunded { title, amount, note }, En) => {
                format!("The dispute over '{title}' was resolved: {} refunded to you. Reason: {note}", amount.display())
            }
            (Note::DisputeRefundedArtist { title, note }, Ko) => {
                format!("'{title}' 주문 분쟁이 구매자 환불로 처리되었습니다. 사유: {note}")
            }
            (Note::DisputeRefundedArtist { title, note }, En) => {
                format!("The dispute over '{title}' was resolved with a refund to the buyer. Reason: {note}")
            }
            (Note::DisputeReleasedBuyer { title, note }, Ko) => {
                format!("'{title}' 주문 분쟁이 처리되어 판매 대금이 작가에게 정산됩니다. 사유: {note}")
            }
            (Note::DisputeReleasedBuyer { title, note }, En) => {
                format!("The dispute over '{title}' was resolved: the payment goes to the artist. Reason: {note}")
            }
            (Note::DisputeReleasedArtist { title, note }, Ko) => {
                format!("'{title}' 주문 분쟁이 처리되어 판매 대금이 정산됩니다. 사유: {note}")
            }
            (Note::DisputeReleasedArtist { title, note }, En) => {
                format!("The dispute over '{title}' was resolved: you will be paid. Reason: {note}")
            }
            (Note::LotCancelled { title, reason }, Ko) => format!("'{title}' 경매가 관리자에 의해 취소되었습니다. 사유: {reason}"),
            (Note::LotCancelled { title, reason }, En) => format!("An admin cancelled the auction of '{title}'. Reason: {reason}"),
            (Note::LotCancelledBidder { title }, Ko) => {
                format!("입찰하신 '{title}' 경매가 관리자에 의해 취소되었습니다. 보류된 포인트는 돌려드렸습니다.")
            }
            (Note::LotCancelledBidder { title }, En) => {
                format!("An admin cancelled the auction of '{title}', which you bid on. Your held points were returned.")
            }
            (Note::BidVoided { title, reason }, Ko) => format!("'{title}' 경매에서 회원님의 입찰이 무효 처리되었습니다. 사유: {reason}"),
            (Note::BidVoided { title, reason }, En) => format!("Your bid on '{title}' was voided. Reason: {reason}"),
            (Note::BidVoidedSuspended { title }, Ko) => format!("계정 이용 정지로 '{title}' 경매의 입찰이 무효 처리되었습니다."),
            (Note::BidVoidedSuspended { title }, En) => format!("Your bid on '{title}' was voided because your account was suspended."),
            (Note::BidVoidedUnfunded { title }, Ko) => {
                format!("'{title}' 경매에서 최고 입찰자가 되었으나 보유 포인트가 최대 입찰가에 미치지 못해 입찰이 무효 처리되었습니다.")
            }
            (Note::BidVoidedUnfunded { title }, En) => {
                format!("Your bid on '{title}' was voided: it became the highest, but your points no longer covered your maximum.")
            }
            (Note::LeaderAfterVoid { title, price }, Ko) => {
                format!("'{title}' 경매의 입찰이 무효 처리되어 현재 회원님이 최고 입찰자입니다. 현재가 {}", price.display())
            }
            (Note::LeaderAfterVoid { title, price }, En) => {
                format!("A bid on '{title}' was voided and you are now the highest bidder at {}.", price.display())
            }
            (Note::ReviewPosted { work, title }, Ko) => format!("'{work}' 작품에 구매 후기가 올라왔습니다: {title}"),
            (Note::ReviewPosted { work, title }, En) => format!("A buyer reviewed '{work}': {title}"),
            (Note::ReviewComment { review, nickname }, Ko) => format!("'{review}' 후기에 {nickname}님이 댓글을 남겼습니다."),
            (Note::ReviewComment { review, nickname }, En) => format!("{nickname} commented on your review '{review}'."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_in_both_languages() {
        let m = Msg::BidTooLow { minimum: Won(61_000) };
        assert_eq!(m.text(Locale::Ko), "입찰가가 너무 낮습니다. 최소 ₩61,000 이상 입력해 주세요.");
        assert_eq!(m.text(Locale::En), "That bid is too low. Bid at least ₩61,000.");
        assert_eq!(Msg::WonFormat { field: Key::StartPrice }.text(Locale::Ko), "시작가은(는) 원 단위 숫자로 입력해 주세요.");
        let note = Note::Outbid { title: "바다".into(), price: Won(61_000) };
        assert_eq!(note.text(Locale::En), "You were outbid on '바다'. The price is now ₩61,000.");
        let stored = serde_json::to_string(&note).unwrap();
        assert_eq!(serde_json::from_str::<Note>(&stored).unwrap(), note, "stored and read back");
        // Without a request, the default language.
        assert_eq!(String::from(Msg::TooManyTags { max: 10 }), "태그는 10개까지 달 수 있습니다.");
    }
}
