//! Time zones: instants are stored in UTC and shown in the member's zone (their profile's choice, else the
//! site's `display_timezone`, Asia/Seoul as shipped), always through the tz database, never by hand
//! arithmetic. The words of a date ("11월 29일", "Sun") are the catalogue's: [`crate::i18n::Locale::datetime`].

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The platform's zone: the default for visitors and members who chose none.
pub const DISPLAY_TZ: Tz = chrono_tz::Asia::Seoul;

/// The zones the profile offers, west to east (any IANA name is accepted; these are the usual ones for
/// students and collectors of Korean art).
pub const ZONES: &[&str] = &[
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Toronto",
    "America/Sao_Paulo",
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// An IANA zone name (`Asia/Seoul`, `Europe/London`); `None` for anything else.
pub fn parse_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 {
        return None;
    }
    name.parse::<Tz>().ok()
}

/// The zone's short name at `at` — `KST`, `JST`, `EST`/`EDT` — or `UTC+07` where the tz database has only
/// a number.
pub fn zone_abbrev(at: DateTime<Utc>, tz: Tz) -> String {
    let abbrev = at.with_timezone(&tz).format("%Z").to_string();
    if abbrev.starts_with(['+', '-']) {
        format!("UTC{abbrev}")
    } else {
        abbrev
    }
}

/// The value of an `<input type="datetime-local">` for `at` in `tz`: `2026-11-29T21:05`.
pub fn to_local_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// An `<input type="datetime-local">` value read in `tz`; `None` when it is malformed or names a local
/// time the zone skips (a daylight-saving gap) or repeats.
pub fn from_local_input(value: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    tz.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc))
}

/// The start of a day given as `2026-11-29` in `tz`, in UTC; `None` for anything else.
pub fn day_start(day: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let date = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    tz.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest().map(|t| t.with_timezone(&Utc))
}

/// The start of a day in the platform's zone (the admin console's filters).
pub fn kst_day_start(day: &str) -> Option<DateTime<Utc>> {
    day_start(day, DISPLAY_TZ)
}

/// `2026.11.29 (일) 21:05 KST` — the platform's zone in Korean, for documents that are the same for every
/// reader (certificates).
pub fn format_kst(at: DateTime<Utc>) -> String {
    crate::i18n::Locale::Ko.datetime(at, DISPLAY_TZ)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight() {
        assert_eq!(kst_day_start("2026-12-01").unwrap().to_rfc3339(), "2026-11-30T15:00:00+00:00");
        assert_eq!(day_start("2026-12-01", chrono_tz::Europe::London).unwrap().to_rfc3339(), "2026-12-01T00:00:00+00:00");
        assert_eq!(kst_day_start("2026-13-01"), None);
        assert_eq!(kst_day_start("yesterday"), None);
    }

    #[test]
    fn zones_are_iana_names() {
        for name in ZONES {
            assert!(parse_zone(name).is_some(), "{name}");
        }
        assert_eq!(parse_zone(" Asia/Seoul "), Some(DISPLAY_TZ));
        for bad in ["", "Mars/Base", "KST", "Asia/Seoul; DROP TABLE users", &"A".repeat(65)] {
            assert_eq!(parse_zone(bad), None, "{bad}");
        }
    }

    #[test]
    fn zones_are_named_by_their_abbreviation() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        assert_eq!(zone_abbrev(winter, DISPLAY_TZ), "KST");
        assert_eq!(zone_abbrev(winter, chrono_tz::America::New_York), "EST");
        assert_eq!(zone_abbrev(summer, chrono_tz::America::New_York), "EDT");
        assert_eq!(zone_abbrev(winter, chrono_tz::Asia::Ho_Chi_Minh), "UTC+07");
    }

    #[test]
    fn local_inputs_round_trip_and_refuse_gaps() {
        let at = Utc.with_ymd_and_hms(2026, 11, 29, 12, 5, 0).unwrap();
        assert_eq!(to_local_input(at, DISPLAY_TZ), "2026-11-29T21:05");
        assert_eq!(from_local_input("2026-11-29T21:05", DISPLAY_TZ), Some(at));
        assert_eq!(from_local_input("2026-11-29T07:05", chrono_tz::America::New_York), Some(at));
        // 02:30 on 2026-03-08 does not exist in New York (clocks jump from 02:00 to 03:00).
        assert_eq!(from_local_input("2026-03-08T02:30", chrono_tz::America::New_York), None);
        assert_eq!(from_local_input("tomorrow", DISPLAY_TZ), None);
    }
}
