//! Phrases with values in them — counts, prices, dates in a zone, statuses — as `Locale` methods, both
//! languages side by side.

use super::{Key, Locale};

impl Locale {
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
            Locale::Ko => match s {
                LotStatus::Live => "진행 중",
                LotStatus::Sold => "낙찰",
                LotStatus::Unsold => "유찰",
                LotStatus::Withdrawn => "판매 중지",
                LotStatus::Cancelled => "경매 취소",
            },
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
    /// A bid, buy-now or hold the member's available points do not cover.
    pub fn insufficient_points(self, available: crate::domain::Won) -> String {
        let a = available.display();
        match self {
            Locale::Ko => format!("사용 가능한 포인트가 부족합니다. (사용 가능: {a}) 포인트를 충전해 주세요."),
            Locale::En => format!("Not enough points available ({a} available). Please charge your wallet."),
        }
    }

    /// The phone-code form after sending: "010-****-5678(으)로 인증번호를 보냈습니다.".
    pub fn code_sent_to(self, to: &str) -> String {
        match self {
            Locale::Ko => format!("{to}(으)로 인증번호를 보냈습니다."),
            Locale::En => format!("We sent a code to {to}."),
        }
    }

    /// A completed charge: "₩50,000 충전되었습니다." / "₩50,000 added to your wallet.".
    pub fn charged(self, amount: crate::domain::Won) -> String {
        match self {
            Locale::Ko => format!("{} 충전되었습니다.", amount.display()),
            Locale::En => format!("{} added to your wallet.", amount.display()),
        }
    }

    /// What a buyer's total was made of: " (작품가 ₩60,000 + 배송비 ₩3,000)".
    pub fn price_plus_shipping(self, price: crate::domain::Won, shipping: crate::domain::Won) -> String {
        let (p, s) = (price.display(), shipping.display());
        match self {
            Locale::Ko => format!(" (작품가 {p} + 배송비 {s})"),
            Locale::En => format!(" (price {p} + shipping {s})"),
        }
    }

    /// A line of the wallet's ledger.
    pub fn transaction_kind(self, kind: crate::domain::ledger::TransactionKind) -> &'static str {
        use crate::domain::ledger::TransactionKind as T;
        match (self, kind) {
            (Locale::Ko, T::Charge) => "충전",
            (Locale::Ko, T::Hold) => "입찰 보류",
            (Locale::Ko, T::Release) => "보류 해제",
            (Locale::Ko, T::Settle) => "판매 정산",
            (Locale::Ko, T::EscrowRefund) => "주문 환불",
            (Locale::Ko, T::RefundRequest) => "충전 환불",
            (Locale::Ko, T::RefundRevert) => "환불 취소",
            (Locale::Ko, T::Capture | T::Refund) => "기타",
            (Locale::En, T::Charge) => "Charge",
            (Locale::En, T::Hold) => "Bid hold",
            (Locale::En, T::Release) => "Hold released",
            (Locale::En, T::Settle) => "Sale paid out",
            (Locale::En, T::EscrowRefund) => "Order refunded",
            (Locale::En, T::RefundRequest) => "Charge refunded",
            (Locale::En, T::RefundRevert) => "Refund reversed",
            (Locale::En, T::Capture | T::Refund) => "Other",
        }
    }

    /// A charge's state.
    pub fn payment_status(self, status: crate::domain::wallet::PaymentStatus) -> &'static str {
        use crate::domain::wallet::PaymentStatus as P;
        match (self, status) {
            (Locale::Ko, P::Pending) => "결제 대기",
            (Locale::Ko, P::Paid) => "충전 완료",
            (Locale::Ko, P::Failed) => "결제 실패",
            (Locale::Ko, P::Expired) => "결제 시간 만료",
            (Locale::Ko, P::RefundFailed) => "환불 불가 (포인트 복원)",
            (Locale::Ko, P::RefundRequested) => "환불 처리 중",
            (Locale::Ko, P::Refunded) => "환불 완료",
            (Locale::En, P::Pending) => "Awaiting payment",
            (Locale::En, P::Paid) => "Charged",
            (Locale::En, P::Failed) => "Payment failed",
            (Locale::En, P::Expired) => "Payment timed out",
            (Locale::En, P::RefundFailed) => "Refund failed (points restored)",
            (Locale::En, P::RefundRequested) => "Refund in progress",
            (Locale::En, P::Refunded) => "Refunded",
        }
    }

    /// The verification e-mail's subject, in the language it was asked in (the other in brackets).
    pub fn email_code_subject(self, code: &str) -> String {
        match self {
            Locale::Ko => format!("[Artipul] 이메일 인증번호 {code} (email verification code)"),
            Locale::En => format!("[Artipul] E-mail verification code {code} (이메일 인증번호)"),
        }
    }

    /// The text message carrying a phone verification code.
    pub fn sms_code(self, code: &str) -> String {
        match self {
            Locale::Ko => format!("[Artipul] 인증번호 {code} (3분 안에 입력해 주세요)"),
            Locale::En => format!("[Artipul] Your code is {code} (enter it within 3 minutes)"),
        }
    }

    /// A browse status filter.
    pub fn status_filter(self, s: crate::domain::StatusFilter) -> &'static str {
        use crate::domain::StatusFilter as S;
        match (self, s) {
            (Locale::Ko, S::Live) => "진행중",
            (Locale::Ko, S::Ended) => "마감",
            (Locale::Ko, S::Sold) => "판매완료",
            (Locale::Ko, S::All) => "전체",
            (Locale::En, S::Live) => "Live",
            (Locale::En, S::Ended) => "Ended",
            (Locale::En, S::Sold) => "Sold",
            (Locale::En, S::All) => "All",
        }
    }

    /// A browse sort order.
    pub fn sort_order(self, s: crate::domain::SortOrder) -> &'static str {
        use crate::domain::SortOrder as S;
        match (self, s) {
            (Locale::Ko, S::EndingSoon) => "마감 임박순",
            (Locale::Ko, S::Relevance) => "정확도순",
            (Locale::Ko, S::Newest) => "최신순",
            (Locale::Ko, S::PriceAsc) => "낮은 가격순",
            (Locale::Ko, S::PriceDesc) => "높은 가격순",
            (Locale::Ko, S::MostBids) => "입찰 많은순",
            (Locale::En, S::EndingSoon) => "Ending soon",
            (Locale::En, S::Relevance) => "Best match",
            (Locale::En, S::Newest) => "Newest",
            (Locale::En, S::PriceAsc) => "Price: low to high",
            (Locale::En, S::PriceDesc) => "Price: high to low",
            (Locale::En, S::MostBids) => "Most bids",
        }
    }

    /// A browse deadline filter.
    pub fn ending_within(self, e: crate::domain::search::EndingWithin) -> &'static str {
        use crate::domain::search::EndingWithin as E;
        match (self, e) {
            (Locale::Ko, E::Hour) => "1시간 이내 마감",
            (Locale::Ko, E::Day) => "24시간 이내 마감",
            (Locale::Ko, E::ThreeDays) => "3일 이내 마감",
            (Locale::En, E::Hour) => "Ending within an hour",
            (Locale::En, E::Day) => "Ending within 24 hours",
            (Locale::En, E::ThreeDays) => "Ending within 3 days",
        }
    }

    /// What a search suggestion is.
    pub fn suggestion_kind(self, k: crate::domain::search::SuggestionKind) -> &'static str {
        use crate::domain::search::SuggestionKind as K;
        match (self, k) {
            (Locale::Ko, K::Artwork) => "작품",
            (Locale::Ko, K::Artist) => "작가",
            (Locale::Ko, K::Genre) => "장르",
            (Locale::En, K::Artwork) => "Work",
            (Locale::En, K::Artist) => "Artist",
            (Locale::En, K::Genre) => "Genre",
        }
    }

    /// One level of a genre path (`풍경`): the taxonomy's Korean names are its identifiers; in English,
    /// their translation.
    pub fn genre_segment(self, segment: &str) -> String {
        if self == Locale::Ko {
            return segment.to_string();
        }
        let en = match segment {
            "회화" => "Painting",
            "조소" => "Sculpture",
            "기타" => "Other",
            "인물" => "Portrait",
            "풍경" => "Landscape",
            "정물" => "Still life",
            "동물" => "Animals",
            "상상" => "Imaginary",
            "추상" => "Abstract",
            "소" => "Small",
            "중" => "Medium",
            "대" => "Large",
            "정방향" => "Square",
            "가로형" => "Horizontal",
            "세로형" => "Vertical",
            "조각" => "Carving",
            "소조" => "Modelling",
            "목조" => "Wood",
            "석조" => "Stone",
            "금속조" => "Metal",
            "찰흙 소조" => "Clay",
            "시멘트" => "Cement",
            "브론즈" => "Bronze",
            other => other,
        };
        en.to_string()
    }

    /// A genre path for reading: "회화 › 풍경 › 중" / "Painting › Landscape › Medium".
    pub fn genre_path(self, path: &str) -> String {
        path.split('/').filter(|s| !s.is_empty()).map(|s| self.genre_segment(s)).collect::<Vec<_>>().join(" › ")
    }

    /// When the buyer confirmed receipt of a purchase.
    pub fn received_on(self, at: &str) -> String {
        match self {
            Locale::Ko => format!("{at} 수령"),
            Locale::En => format!("Received {at}"),
        }
    }

    pub fn auto_confirm_at(self, at: &str) -> String {
        match self {
            Locale::Ko => format!("{at} 자동 수령 확인"),
            Locale::En => format!("Receipt confirmed automatically on {at}"),
        }
    }

    /// A log-in provider's name as people know it in this language: 카카오 / Kakao.
    pub fn social_provider(self, p: crate::domain::account::SocialProvider) -> &'static str {
        use crate::domain::account::SocialProvider;
        match (self, p) {
            (_, SocialProvider::Google) => "Google",
            (Locale::Ko, SocialProvider::Kakao) => "카카오",
            (Locale::Ko, SocialProvider::Naver) => "네이버",
            (Locale::En, SocialProvider::Kakao) => "Kakao",
            (Locale::En, SocialProvider::Naver) => "Naver",
        }
    }

    /// Why a social log-in came back to the log-in page.
    pub fn social_login_error(
        self,
        error: crate::domain::account::SocialLoginError,
        provider: crate::domain::account::SocialProvider,
    ) -> String {
        use crate::domain::account::SocialLoginError as E;
        match error {
            E::Expired => self.t(Key::ErrSocialExpired).to_string(),
            E::BadResponse => self.t(Key::ErrSocialBadResponse).to_string(),
            E::BadRequest => self.t(Key::ErrSocialBadRequest).to_string(),
            E::Cancelled => super::Msg::SocialCancelled { provider }.text(self),
            E::Failed => super::Msg::SocialFailed { provider }.text(self),
        }
    }

    /// A parcel carrier as recorded on an order (its Korean name) in this language; an unknown value as is.
    pub fn carrier(self, recorded: &str) -> String {
        match super::CARRIERS.iter().find(|(value, _)| *value == recorded) {
            Some((_, key)) => self.t(*key).to_string(),
            None if recorded == super::PICKUP_CARRIER => self.t(Key::CarrierPickup).to_string(),
            None => recorded.to_string(),
        }
    }

    /// An order's state.
    pub fn order_status(self, s: crate::domain::OrderStatus) -> &'static str {
        use crate::domain::OrderStatus;
        match self {
            Locale::Ko => match s {
                OrderStatus::Paid => "결제 완료 · 발송 대기",
                OrderStatus::Shipped => "배송 중",
                OrderStatus::Received => "수령 확인",
                OrderStatus::Settled => "정산 완료",
                OrderStatus::Disputed => "분쟁 처리 중",
                OrderStatus::Refunded => "환불 완료",
            },
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
            Locale::Ko => match r {
                ReportReason::Fraud => "사기 의심",
                ReportReason::Copyright => "저작권 침해",
                ReportReason::Abuse => "욕설·괴롭힘",
                ReportReason::Spam => "스팸·광고",
                ReportReason::Inappropriate => "부적절한 내용",
                ReportReason::Other => "기타",
            },
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
            (Locale::Ko, ReviewSort::Newest) => "최신순",
            (Locale::Ko, ReviewSort::MostLiked) => "좋아요순",
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

    /// A moment in full, in `tz`, the zone always named: "2026.11.29 (일) 21:05 KST" /
    /// "Sun 29 Nov 2026, 21:05 KST".
    pub fn datetime(self, at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
        use chrono::Datelike;
        let local = at.with_timezone(&tz);
        let zone = crate::domain::time::zone_abbrev(at, tz);
        let weekday = self.weekday(local.weekday());
        match self {
            Locale::Ko => format!("{} ({weekday}) {} {zone}", local.format("%Y.%m.%d"), local.format("%H:%M")),
            Locale::En => {
                format!("{weekday} {} {} {}, {} {zone}", local.day(), self.month(local.month()), local.year(), local.format("%H:%M"))
            }
        }
    }

    /// A moment in short, for lists and cards: "11월 29일 21:05" / "29 Nov 21:05" — with the zone named
    /// when it is not the platform's (KST): "29 Nov 07:05 EST".
    pub fn date_short(self, at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
        use chrono::Datelike;
        let local = at.with_timezone(&tz);
        let text = match self {
            Locale::Ko => format!("{}월 {}일 {}", local.month(), local.day(), local.format("%H:%M")),
            Locale::En => format!("{} {} {}", local.day(), self.month(local.month()), local.format("%H:%M")),
        };
        if tz == crate::domain::time::DISPLAY_TZ {
            text
        } else {
            format!("{text} {}", crate::domain::time::zone_abbrev(at, tz))
        }
    }

    fn weekday(self, day: chrono::Weekday) -> &'static str {
        let i = day.num_days_from_monday() as usize;
        match self {
            Locale::Ko => ["월", "화", "수", "목", "금", "토", "일"][i],
            Locale::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
        }
    }

    /// An English month's short name (Korean dates use numbers: "11월").
    fn month(self, month: u32) -> &'static str {
        const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        match self {
            Locale::Ko | Locale::En => EN[(month.clamp(1, 12) - 1) as usize],
        }
    }

    /// The zone picker's label for an IANA name: "Asia/Seoul (KST)".
    pub fn zone_label(self, name: &str) -> String {
        match crate::domain::time::parse_zone(name) {
            Some(tz) => format!("{} ({})", name.replace('_', " "), crate::domain::time::zone_abbrev(chrono::Utc::now(), tz)),
            None => name.to_string(),
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
