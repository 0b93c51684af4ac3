//! Time display: stored in UTC, shown in Asia/Seoul through the tz database, never by hand arithmetic.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The zone every time is shown in unless a user chose another.
pub const DISPLAY_TZ: Tz = chrono_tz::Asia::Seoul;

/// `2026.11.29 (일) 21:05 KST`
pub fn format_kst(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&DISPLAY_TZ);
    format!("{} ({}) {} KST", local.format("%Y.%m.%d"), weekday_ko(&local), local.format("%H:%M"))
}

/// The start of a day given as `2026-11-29` in the display zone, in UTC; `None` for anything else.
pub fn kst_day_start(day: &str) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    let date = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    DISPLAY_TZ.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest().map(|t| t.with_timezone(&Utc))
}

/// `11월 29일 21:05` — short form for cards.
pub fn format_kst_short(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&DISPLAY_TZ);
    local.format("%-m월 %-d일 %H:%M").to_string()
}

fn weekday_ko(at: &DateTime<Tz>) -> &'static str {
    use chrono::{Datelike, Weekday};
    match at.weekday() {
        Weekday::Mon => "월",
        Weekday::Tue => "화",
        Weekday::Wed => "수",
        Weekday::Thu => "목",
        Weekday::Fri => "금",
        Weekday::Sat => "토",
        Weekday::Sun => "일",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kst_day_starts_at_15_utc_the_day_before() {
        assert_eq!(kst_day_start("2026-12-01").unwrap().to_rfc3339(), "2026-11-30T15:00:00+00:00");
        assert_eq!(kst_day_start("2026-13-01"), None);
        assert_eq!(kst_day_start("어제"), None);
    }
    use chrono::TimeZone;

    #[test]
    fn shows_utc_instants_in_korea_time() {
        // 12:05 UTC is 21:05 the same day in Seoul.
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 12, 5, 0).unwrap();
        assert_eq!(format_kst(at), "2026.11.29 (일) 21:05 KST");
        // 20:00 UTC crosses midnight into Monday in Seoul.
        let late = Utc.with_ymd_and_hms(2026, 11, 29, 20, 0, 0).unwrap();
        assert_eq!(format_kst(late), "2026.11.30 (월) 05:00 KST");
        assert_eq!(format_kst_short(late), "11월 30일 05:00");
    }
}
