//! Non-secret runtime settings from `Leptos.toml` (bid increments, soft close, commission, upload limits).

use std::path::Path;

use serde::Deserialize;

use crate::domain::Won;
use crate::i18n::Locale;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub site: SiteSettings,
    pub auction: AuctionSettings,
    pub orders: OrderSettings,
    pub uploads: UploadSettings,
    pub security: SecuritySettings,
    pub accounts: AccountSettings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub name: String,
    pub default_locale: String,
    pub display_timezone: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuctionSettings {
    pub increments: Vec<IncrementRow>,
    pub min_start_price: u64,
    pub min_duration_secs: u64,
    pub max_duration_secs: u64,
    pub soft_close_window_secs: u64,
    pub soft_close_cap_secs: u64,
    pub max_bids_per_minute: u32,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncrementRow {
    pub below: Option<u64>,
    pub step: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderSettings {
    pub commission_percent: u8,
    pub auto_confirm_days: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadSettings {
    pub max_image_bytes: u64,
    pub max_images_per_artwork: u8,
    pub max_image_dimension_px: u32,
    /// Pixels (width × height) an upload may have, in millions; checked from the header before decoding.
    pub max_image_megapixels: u32,
    /// Uploads decoded at the same time (each may take width × height × 4 bytes while it runs).
    pub image_decodes_at_once: usize,
    pub thumbnail_widths_px: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// E-mail domains of schools: verifying an address at one of them (or a subdomain) earns the
    /// verified-student badge.
    pub school_email_domains: Vec<String>,
}

impl AccountSettings {
    /// True when `email`'s domain is a school domain or under one (`snu.ac.kr` under `ac.kr`).
    pub fn is_school_email(&self, email: &str) -> bool {
        let Some((_, domain)) = email.rsplit_once('@') else { return false };
        let domain = domain.to_ascii_lowercase();
        self.school_email_domains.iter().any(|school| {
            let school = school.trim_start_matches('.').to_ascii_lowercase();
            domain == school || domain.ends_with(&format!(".{school}"))
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Password hashes (argon2id, 19 MiB each) computed at the same time; more wait briefly, then get 503.
    pub password_hashes_at_once: usize,
}

#[derive(Debug, thiserror::Error)]
// not-ui-text: for the operator, in both languages
#[error("설정 파일 오류 (settings error) in {path}: {problem}")]
pub struct SettingsError {
    pub path: String,
    pub problem: String,
}

impl Settings {
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let fail = |problem: String| SettingsError { path: path.display().to_string(), problem };
        let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        Self::parse(&text).map_err(fail)
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| e.to_string())?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), String> {
        if Locale::from_tag(&self.site.default_locale).is_none() {
            return Err("site.default_locale must be \"ko\" or \"en\"".into());
        }
        if self.site.display_timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(format!("site.display_timezone '{}' is not an IANA zone", self.site.display_timezone));
        }
        let a = &self.auction;
        let Some((last, rows)) = a.increments.split_last() else {
            return Err("auction.increments must not be empty".into());
        };
        if last.below.is_some() {
            return Err("the last auction.increments row must have no `below`".into());
        }
        let mut floor = 0;
        for row in rows {
            let below = row.below.ok_or("only the last auction.increments row may omit `below`")?;
            if below <= floor {
                return Err("auction.increments `below` values must increase".into());
            }
            floor = below;
        }
        if a.increments.iter().any(|r| r.step == 0) {
            return Err("auction.increments steps must be positive".into());
        }
        if a.min_start_price == 0 {
            return Err("auction.min_start_price must be positive".into());
        }
        if a.min_duration_secs == 0 || a.min_duration_secs >= a.max_duration_secs {
            return Err("auction durations must satisfy 0 < min < max".into());
        }
        if a.soft_close_window_secs == 0 || a.soft_close_cap_secs < a.soft_close_window_secs {
            return Err("auction soft close needs 0 < window ≤ cap".into());
        }
        if a.max_bids_per_minute == 0 {
            return Err("auction.max_bids_per_minute must be positive".into());
        }
        if self.orders.commission_percent > 50 {
            return Err("orders.commission_percent must be at most 50".into());
        }
        let u = &self.uploads;
        if u.max_image_bytes == 0
            || u.max_images_per_artwork == 0
            || u.thumbnail_widths_px.is_empty()
            || u.max_image_megapixels == 0
            || u.image_decodes_at_once == 0
            || self.security.password_hashes_at_once == 0
        {
            return Err("uploads limits must be positive".into());
        }
        Ok(())
    }

    /// The increment that applies at `price`.
    pub fn increment_at(&self, price: Won) -> Won {
        let row = self.auction.increments.iter().find(|r| r.below.is_none_or(|b| price.0 < b)).or(self.auction.increments.last());
        Won(row.map_or(1, |r| r.step))
    }

    /// The bidding rules in force.
    pub fn auction_rules(&self) -> crate::domain::bidding::AuctionRules {
        crate::domain::bidding::AuctionRules {
            increments: self.auction.increments.iter().map(|r| (r.below, r.step)).collect(),
            soft_close_window_secs: self.auction.soft_close_window_secs as i64,
            soft_close_cap_secs: self.auction.soft_close_cap_secs as i64,
        }
    }

    /// The zone times are shown in for visitors and members who chose none.
    pub fn display_tz(&self) -> chrono_tz::Tz {
        crate::domain::time::parse_zone(&self.site.display_timezone).unwrap_or(crate::domain::time::DISPLAY_TZ)
    }

    pub fn default_locale(&self) -> Locale {
        Locale::from_tag(&self.site.default_locale).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Settings {
        Settings::parse(include_str!("../../Leptos.toml")).expect("the shipped Leptos.toml is valid")
    }

    #[test]
    fn shipped_settings_follow_the_product_rules() {
        let s = shipped();
        let cases = [
            (0, 1_000),
            (99_999, 1_000),
            (100_000, 5_000),
            (499_999, 5_000),
            (500_000, 10_000),
            (999_999, 10_000),
            (1_000_000, 50_000),
            (4_999_999, 50_000),
            (5_000_000, 100_000),
            (90_000_000, 100_000),
        ];
        for (price, step) in cases {
            assert_eq!(s.increment_at(Won(price)), Won(step), "at {price}");
        }
        assert_eq!(s.auction.soft_close_window_secs, 180);
        assert_eq!(s.auction.soft_close_cap_secs, 3600);
        assert_eq!(s.orders.commission_percent, 10);
        assert!(s.accounts.is_school_email("student@snu.ac.kr") && s.accounts.is_school_email("a@AC.KR"));
        assert!(!s.accounts.is_school_email("a@gmail.com") && !s.accounts.is_school_email("a@evilac.kr"));
        assert_eq!(s.default_locale(), Locale::Ko);
        assert_eq!(s.auction_rules(), crate::domain::bidding::AuctionRules::default(), "the shipped file is the product rules");
    }

    #[test]
    fn invalid_settings_are_refused_with_the_reason() {
        let text = include_str!("../../Leptos.toml");
        let bad = [
            (text.replace("default_locale = \"ko\"", "default_locale = \"fr\""), "default_locale"),
            (text.replace("\"Asia/Seoul\"", "\"Mars/Base\""), "display_timezone"),
            (text.replace("{ step = 100000 }", "{ below = 9000000, step = 100000 }"), "last"),
            (text.replace("below = 500000", "below = 50000"), "increase"),
            (text.replace("commission_percent = 10", "commission_percent = 90"), "commission"),
            (text.replace("[orders]", "[orders]\nunknown_key = 1"), "unknown"),
        ];
        for (bad_text, needle) in bad {
            let err = Settings::parse(&bad_text).unwrap_err();
            assert!(err.contains(needle), "{needle}: {err}");
        }
    }
}
