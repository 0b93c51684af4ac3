//! A listing as the artist types it, and its validation — shared by the `/sell` form (live checks in the
//! browser) and the server (the authority). Messages are Korean and name the field.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::delivery::Delivery;
use super::genre::GenrePath;
use super::money::Won;
use super::time::from_local_input;
use crate::i18n::{Key, Msg};
use chrono_tz::Tz;

pub const TITLE_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 5000;
pub const MEDIUM_MAX: usize = 100;
pub const MAX_TAGS: usize = 5;
pub const TAG_MAX: usize = 20;
/// Quick deadline choices, in days.
pub const QUICK_DAYS: [u32; 4] = [1, 3, 5, 7];

/// Limits that come from the server's settings; the defaults are the product rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingLimits {
    pub min_start_price: u64,
    pub min_duration_secs: i64,
    pub max_duration_secs: i64,
    pub max_images: usize,
    /// The commission taken from the price at settlement, for the form's net-to-artist preview.
    #[serde(default)]
    pub commission_percent: u8,
}

impl Default for ListingLimits {
    fn default() -> Self {
        ListingLimits {
            min_start_price: 1000,
            min_duration_secs: 3600,
            max_duration_secs: 14 * 86400,
            max_images: 10,
            commission_percent: 10,
        }
    }
}

/// The form as submitted: every field a string, exactly as typed. Absent fields are empty (the page
/// only renders the custom deadline field when it is chosen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListingForm {
    pub title: String,
    pub description: String,
    pub genre_path: String,
    /// Comma- or space-separated; `#` prefixes are dropped.
    pub tags: String,
    pub medium: String,
    pub width_cm: String,
    pub height_cm: String,
    pub depth_cm: String,
    pub year: String,
    /// Upload ids in display order (the first is the cover), comma-separated.
    pub images: String,
    pub start_price: String,
    pub buy_now_price: String,
    pub reserve_price: String,
    /// `1`, `3`, `5`, `7` (days) or `custom`.
    pub duration: String,
    /// With `custom`: a local date-time in the artist's time zone (their profile's, else the site's; the field keeps
    /// its historical name), as an `<input type="datetime-local">` gives it (`2026-12-03T18:00`).
    pub ends_at_kst: String,
    /// `shipping` (the default) or `pickup` (직거래).
    pub delivery: String,
    /// With `shipping`: the fee the buyer pays on top of the price (empty is ₩0).
    pub shipping_fee: String,
    /// With `pickup`: where the work is handed over.
    pub pickup_area: String,
}

/// A listing that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub title: String,
    pub description: String,
    pub genre: GenrePath,
    pub tags: Vec<String>,
    pub medium: String,
    pub width_mm: Option<u32>,
    pub height_mm: Option<u32>,
    pub depth_mm: Option<u32>,
    pub year: Option<u16>,
    pub image_ids: Vec<String>,
    pub start_price: Won,
    pub buy_now_price: Option<Won>,
    pub reserve_price: Option<Won>,
    pub ends_at: DateTime<Utc>,
    pub delivery: Delivery,
}

/// Upload ids in order from a comma-separated list: each 32 hex digits, none twice.
pub fn parse_upload_ids(raw: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    let malformed = ids.iter().any(|id| id.len() != 32 || !id.chars().all(|c| c.is_ascii_hexdigit()));
    let repeated = ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id));
    if malformed || repeated {
        return Err(Key::ErrPhotosInvalid.into());
    }
    Ok(ids)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Parses `₩1,234,000`, `1234000`, `1,234,000원`. Empty → `None`.
pub fn parse_won(raw: &str, field: Key) -> Result<Option<Won>, String> {
    // not-ui-text: the won sign and unit people type
    let digits: String = raw.chars().filter(|c| !matches!(c, ',' | ' ' | '₩' | '원')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse::<u64>().ok().filter(|v| *v <= 10_000_000_000).map(|v| Some(Won(v))).ok_or_else(|| Msg::WonFormat { field }.into())
}

/// Centimetres with at most one decimal → millimetres. Empty → `None`.
fn parse_cm(raw: &str, field: Key) -> Result<Option<u32>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let bad = || String::from(Msg::CmRange { field });
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() || frac.len() > 1 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let mm = whole.parse::<u32>().map_err(|_| bad())?.checked_mul(10).ok_or_else(bad)? + frac.parse::<u32>().unwrap_or(0);
    if !(1..=10_000).contains(&mm) {
        return Err(bad());
    }
    Ok(Some(mm))
}

/// Splits tags on commas and whitespace, drops `#`, removes duplicates (keeping order).
pub fn parse_tags(raw: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw.split(|c: char| c == ',' || c.is_whitespace()).map(|t| t.trim().trim_start_matches('#')) {
        if tag.is_empty() || tags.iter().any(|t| t == tag) {
            continue;
        }
        if chars(tag) > TAG_MAX || !tag.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return Err(Msg::TagInvalid { max: TAG_MAX, tag }.into());
        }
        tags.push(tag.to_string());
    }
    if tags.len() > MAX_TAGS {
        return Err(Msg::TooManyTags { max: MAX_TAGS }.into());
    }
    Ok(tags)
}

/// The deadline: now + a quick choice of days, or a date-time read in the artist's zone `tz`.
pub fn parse_deadline(duration: &str, ends_at_local: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
    match duration.trim() {
        "custom" => {
            if NaiveDateTime::parse_from_str(ends_at_local.trim(), "%Y-%m-%dT%H:%M").is_err() {
                return Err(Key::ErrDeadlinePick.into());
            }
            // A local time the zone skips or repeats (daylight saving) is refused rather than guessed.
            from_local_input(ends_at_local, tz).ok_or_else(|| Key::ErrDeadlineAgain.into())
        }
        d => match d.parse::<u32>() {
            Ok(days) if QUICK_DAYS.contains(&days) => Ok(now + Duration::days(days.into())),
            _ => Err(Key::ErrDurationPick.into()),
        },
    }
}

impl ListingForm {
    /// Every rule of a listing, at `now`, a custom deadline read in the artist's zone `tz`.
    pub fn validate(&self, now: DateTime<Utc>, limits: &ListingLimits, tz: Tz) -> Result<Listing, String> {
        let title = self.title.trim().to_string();
        if title.is_empty() || chars(&title) > TITLE_MAX {
            return Err(Msg::TitleLength { max: TITLE_MAX }.into());
        }
        let description = self.description.trim().to_string();
        if chars(&description) > DESCRIPTION_MAX {
            return Err(Msg::DescriptionLength { max: DESCRIPTION_MAX }.into());
        }
        let genre = GenrePath::parse(&self.genre_path)?;
        if !genre.is_leaf() {
            return Err(Key::ErrGenreLeaf.into());
        }
        let tags = parse_tags(&self.tags)?;
        let medium = self.medium.trim().to_string();
        if chars(&medium) > MEDIUM_MAX {
            return Err(Msg::MediumLength { max: MEDIUM_MAX }.into());
        }
        let width_mm = parse_cm(&self.width_cm, Key::FieldWidth)?;
        let height_mm = parse_cm(&self.height_cm, Key::FieldHeight)?;
        let depth_mm = parse_cm(&self.depth_cm, Key::FieldDepth)?;
        let year = match self.year.trim() {
            "" => None,
            y => {
                let this_year = now.with_timezone(&tz).format("%Y").to_string().parse::<u16>().unwrap_or(2100);
                match y.parse::<u16>() {
                    Ok(v) if (1900..=this_year).contains(&v) => Some(v),
                    _ => return Err(Msg::YearRange { this_year }.into()),
                }
            }
        };
        let image_ids = parse_upload_ids(&self.images)?;
        if image_ids.is_empty() {
            return Err(Key::ErrPhotoRequired.into());
        }
        if image_ids.len() > limits.max_images {
            return Err(Msg::TooManyPhotos { max: limits.max_images }.into());
        }
        let start_price = parse_won(&self.start_price, Key::StartPrice)?.ok_or_else(|| String::from(Key::ErrStartPriceRequired))?;
        if start_price.amount() < limits.min_start_price {
            return Err(Msg::StartPriceMin { min: Won(limits.min_start_price) }.into());
        }
        let buy_now_price = parse_won(&self.buy_now_price, Key::BuyNowPrice)?;
        if buy_now_price.is_some_and(|b| b <= start_price) {
            return Err(Key::ErrBuyNowAboveStart.into());
        }
        let reserve_price = parse_won(&self.reserve_price, Key::ReserveLabel)?;
        if let Some(r) = reserve_price {
            if r < start_price {
                return Err(Key::ErrReserveAtLeastStart.into());
            }
            if buy_now_price.is_some_and(|b| r >= b) {
                return Err(Key::ErrReserveBelowBuyNow.into());
            }
        }
        let delivery = Delivery::parse(&self.delivery, &self.shipping_fee, &self.pickup_area)?;
        let ends_at = parse_deadline(&self.duration, &self.ends_at_kst, now, tz)?;
        let secs = (ends_at - now).num_seconds();
        if secs < limits.min_duration_secs || secs > limits.max_duration_secs {
            return Err(
                Msg::DeadlineRange { min_hours: limits.min_duration_secs / 3600, max_days: limits.max_duration_secs / 86400 }.into()
            );
        }
        Ok(Listing {
            title,
            description,
            genre,
            tags,
            medium,
            width_mm,
            height_mm,
            depth_mm,
            year,
            image_ids,
            start_price,
            buy_now_price,
            reserve_price,
            ends_at,
            delivery,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::DISPLAY_TZ;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap()
    }

    fn form() -> ListingForm {
        ListingForm {
            title: "푸른 바다 유화".into(),
            description: "**바다**".into(),
            genre_path: "회화/풍경/중/가로형".into(),
            tags: "#바다, 유화 바다".into(),
            medium: "캔버스에 유채".into(),
            width_cm: "45.5".into(),
            height_cm: "38".into(),
            year: "2026".into(),
            images: "0123456789abcdef0123456789abcdef".into(),
            start_price: "₩50,000".into(),
            buy_now_price: "200000".into(),
            reserve_price: "80,000원".into(),
            duration: "3".into(),
            delivery: "shipping".into(),
            shipping_fee: "3,000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_listing_passes() {
        let l = form().validate(now(), &ListingLimits::default(), DISPLAY_TZ).unwrap();
        assert_eq!(l.tags, vec!["바다", "유화"]);
        assert_eq!((l.width_mm, l.height_mm, l.depth_mm), (Some(455), Some(380), None));
        assert_eq!(l.start_price, Won(50_000));
        assert_eq!(l.reserve_price, Some(Won(80_000)));
        assert_eq!(l.ends_at, now() + Duration::days(3));
        assert_eq!(l.delivery, Delivery::Shipping { fee: Won(3_000) });
    }

    #[test]
    fn custom_deadlines_are_read_in_the_artists_zone() {
        let f = ListingForm { duration: "custom".into(), ends_at_kst: "2026-11-30T18:00".into(), ..form() };
        let l = f.validate(now(), &ListingLimits::default(), DISPLAY_TZ).unwrap();
        assert_eq!(l.ends_at, Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap());
        // The same wall-clock time in London is nine hours later.
        let l = f.validate(now(), &ListingLimits::default(), chrono_tz::Europe::London).unwrap();
        assert_eq!(l.ends_at, Utc.with_ymd_and_hms(2026, 11, 30, 18, 0, 0).unwrap());
    }

    #[test]
    fn every_rule_is_enforced() {
        let limits = ListingLimits::default();
        let cases: Vec<(ListingForm, &str)> = vec![
            (ListingForm { title: " ".into(), ..form() }, "제목"),
            (ListingForm { title: "가".repeat(101), ..form() }, "제목"),
            (ListingForm { description: "가".repeat(5001), ..form() }, "설명"),
            (ListingForm { genre_path: "회화/풍경".into(), ..form() }, "끝까지"),
            (ListingForm { genre_path: "회화/우주".into(), ..form() }, "장르"),
            (ListingForm { tags: "a b c d e f".into(), ..form() }, "5개"),
            (ListingForm { tags: "<script>".into(), ..form() }, "태그"),
            (ListingForm { width_cm: "-3".into(), ..form() }, "가로"),
            (ListingForm { width_cm: "12.34".into(), ..form() }, "가로"),
            (ListingForm { year: "1800".into(), ..form() }, "연도"),
            (ListingForm { year: "2099".into(), ..form() }, "연도"),
            (ListingForm { images: "".into(), ..form() }, "사진"),
            (ListingForm { images: "../../etc/passwd".into(), ..form() }, "사진"),
            (ListingForm { images: (0..11).map(|i| format!("{i:032x}")).collect::<Vec<_>>().join(","), ..form() }, "10장"),
            (ListingForm { images: ["0123456789abcdef0123456789abcdef"; 2].join(","), ..form() }, "사진"),
            (ListingForm { start_price: "999".into(), ..form() }, "시작가"),
            (ListingForm { start_price: "".into(), ..form() }, "시작가"),
            (ListingForm { start_price: "만원".into(), ..form() }, "시작가"),
            (ListingForm { buy_now_price: "50000".into(), ..form() }, "즉시 구매가"),
            (ListingForm { reserve_price: "40000".into(), ..form() }, "최저 낙찰가"),
            (ListingForm { reserve_price: "200000".into(), ..form() }, "최저 낙찰가"),
            (ListingForm { duration: "2".into(), ..form() }, "기간"),
            (ListingForm { shipping_fee: "400,000".into(), ..form() }, "배송비"),
            (ListingForm { delivery: "pickup".into(), pickup_area: "".into(), ..form() }, "직거래"),
            (ListingForm { duration: "custom".into(), ends_at_kst: "2026-11-29T12:30".into(), ..form() }, "1시간"),
            (ListingForm { duration: "custom".into(), ends_at_kst: "2026-12-20T12:00".into(), ..form() }, "14일"),
            (ListingForm { duration: "custom".into(), ends_at_kst: "tomorrow".into(), ..form() }, "마감 일시"),
        ];
        for (f, expect) in cases {
            let err = f.validate(now(), &limits, DISPLAY_TZ).unwrap_err();
            assert!(err.contains(expect), "{f:?}: {err} (expected {expect})");
        }
    }
}
