//! Validated account fields, parsed once at the edge and trusted everywhere after:
//! e-mail, nickname, password, Korean mobile number (E.164), real name and college.

use serde::{Deserialize, Serialize};

/// A lower-cased e-mail address (uniqueness is case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim().to_lowercase();
        let invalid = || String::from(crate::i18n::Key::ErrEmailInvalid);
        if value.is_empty() {
            return Err(crate::i18n::Key::ErrEmailRequired.into());
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if local.is_empty() || local.len() > 64 || domain.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ab***@gmail.com` — enough for a person to recognise their address, not enough to harvest it.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let shown: String = local.chars().take(2).collect();
        format!("{shown}{}@{domain}", "*".repeat(local.chars().count().saturating_sub(2).max(3)))
    }
}

/// A public nickname: 2–20 characters of Hangul, letters, digits, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nickname(String);

impl Nickname {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let len = value.chars().count();
        if !(2..=20).contains(&len) {
            return Err(crate::i18n::Key::ErrNicknameLength.into());
        }
        let allowed = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        if !value.chars().all(allowed) {
            return Err(crate::i18n::Key::ErrNicknameChars.into());
        }
        Ok(Nickname(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the policy. Deliberately not `Serialize` and without `Debug` contents.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Passwords too common to allow (the head of public breach lists, plus local favourites).
const COMMON_PASSWORDS: [&str; 24] = [
    "12345678",
    "123456789",
    "1234567890",
    "password",
    "password1",
    "password123",
    "qwerty123",
    "qwertyuiop",
    "11111111",
    "00000000",
    "iloveyou",
    "abc12345",
    "abcd1234",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "qwer1234",
    "asdf1234",
    "zxcv1234",
    "a1234567",
    "sunshine",
    "princess",
    "football",
    "artipul1",
    "artipul123",
];

impl Password {
    /// Checks length (8–128) and refuses common passwords and ones that contain the e-mail's name.
    pub fn parse(raw: &str, email: Option<&Email>) -> Result<Self, String> {
        let len = raw.chars().count();
        if len < 8 {
            return Err(crate::i18n::Key::ErrPasswordShort.into());
        }
        if len > 128 {
            return Err(crate::i18n::Key::ErrPasswordLong.into());
        }
        let lower = raw.to_lowercase();
        if COMMON_PASSWORDS.contains(&lower.as_str()) || lower.chars().all(|c| c == lower.chars().next().unwrap_or(' ')) {
            return Err(crate::i18n::Key::ErrPasswordCommon.into());
        }
        if let Some(email) = email {
            let local = email.as_str().split('@').next().unwrap_or_default();
            if local.len() >= 4 && lower.contains(local) {
                return Err(crate::i18n::Key::ErrPasswordHasEmail.into());
            }
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A Korean mobile number in E.164 form (`+821012345678`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `010-1234-5678`, `01012345678`, `+82 10 1234 5678` and the like.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
        let national = if let Some(rest) = digits.strip_prefix("+82") { format!("0{}", rest.trim_start_matches('0')) } else { digits };
        let invalid = || String::from(crate::i18n::Key::ErrPhoneInvalid);
        if !national.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        let ok = match national.get(..3) {
            Some("010") => national.len() == 11,
            Some("011" | "016" | "017" | "018" | "019") => (10..=11).contains(&national.len()),
            _ => false,
        };
        if !ok {
            return Err(invalid());
        }
        Ok(PhoneNumber(format!("+82{}", &national[1..])))
    }

    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The domestic form without separators (`01012345678`), as Korean SMS gateways expect it.
    pub fn national_digits(&self) -> String {
        format!("0{}", &self.0[3..])
    }

    /// `010-****-5678`, for screens that confirm which phone a code went to.
    pub fn masked(&self) -> String {
        let national = format!("0{}", &self.0[3..]);
        let tail = &national[national.len() - 4..];
        format!("{}-****-{tail}", &national[..3])
    }
}

/// A real name (never shown publicly): 1–50 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealName(String);

impl RealName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        if value.is_empty() || value.chars().count() > 50 || value.chars().any(char::is_control) {
            return Err(crate::i18n::Key::ErrNameLength.into());
        }
        Ok(RealName(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The college of a student artist: a name ending in `대학교` or `대학`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct College(String);

impl College {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let len = value.chars().count();
        // not-ui-text: a college's official Korean name ends so
        if !(3..=50).contains(&len) || !(value.ends_with("대학교") || value.ends_with("대학")) {
            return Err(crate::i18n::Key::ErrCollegeFormat.into());
        }
        Ok(College(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a phone verification code stays valid (shown as a countdown).
pub const OTP_TTL_SECS: i64 = 180;

/// What the browser may know about its own logged-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub nickname: String,
    pub is_artist: bool,
    pub phone_verified: bool,
    /// Unread notifications (the header badge; kept live over the event stream).
    #[serde(default)]
    pub unread: u32,
    /// The header links to the admin console.
    #[serde(default)]
    pub is_admin: bool,
    /// The member's time zone (IANA name); `None`: the site's.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// Which sign-up form: a buyer (일반 회원) or a student artist (미대생 회원, with a college).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberKind {
    Buyer,
    Artist,
}

/// The fields every sign-up asks for, by e-mail or through a social provider, validated one way for
/// both: nickname, real name, phone and — for a student artist — the college.
#[derive(Debug, Clone, Copy)]
pub struct ProfileFields<'a> {
    pub kind: MemberKind,
    pub nickname: &'a str,
    pub name: &'a str,
    pub phone: &'a str,
    pub college: Option<&'a str>,
}

/// [`ProfileFields`] that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProfile {
    pub nickname: Nickname,
    pub real_name: RealName,
    pub phone: PhoneNumber,
    pub college: Option<College>,
}

impl ProfileFields<'_> {
    /// The first field that is not valid, with its message; an artist without a college is not valid.
    pub fn validate(&self) -> Result<ValidProfile, String> {
        Ok(ValidProfile {
            nickname: Nickname::parse(self.nickname)?,
            real_name: RealName::parse(self.name)?,
            phone: PhoneNumber::parse(self.phone)?,
            college: match self.kind {
                MemberKind::Artist => Some(College::parse(self.college.unwrap_or_default())?),
                MemberKind::Buyer => None,
            },
        })
    }
}

/// Where a won work is shipped. Private: only its owner and, for an order, the artist who ships.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShippingAddress {
    pub recipient: String,
    pub phone: String,
    pub postal_code: String,
    pub address1: String,
    pub address2: String,
}

impl ShippingAddress {
    /// Trims and checks every field; the phone comes back in E.164.
    pub fn validate(mut self) -> Result<Self, String> {
        for field in [&mut self.recipient, &mut self.phone, &mut self.postal_code, &mut self.address1, &mut self.address2] {
            *field = field.trim().to_string();
        }
        let chars = |s: &str| s.chars().count();
        if !(1..=50).contains(&chars(&self.recipient)) {
            return Err(crate::i18n::Key::ErrRecipientLength.into());
        }
        self.phone = PhoneNumber::parse(&self.phone)?.as_e164().to_string();
        if self.postal_code.len() != 5 || !self.postal_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(crate::i18n::Key::ErrPostalCode.into());
        }
        if !(1..=200).contains(&chars(&self.address1)) {
            return Err(crate::i18n::Key::ErrAddressRequired.into());
        }
        if chars(&self.address2) > 200 {
            return Err(crate::i18n::Key::ErrAddress2Length.into());
        }
        if [&self.recipient, &self.address1, &self.address2].iter().any(|s| s.chars().any(char::is_control)) {
            return Err(crate::i18n::Key::ErrAddressChars.into());
        }
        Ok(self)
    }
}

/// Longest bio, in characters.
pub const BIO_MAX_CHARS: usize = 1000;

/// The owner's own profile page. Contains private fields: only ever sent to the account itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProfile {
    pub nickname: String,
    pub email: String,
    /// The member entered the code sent to `email` (or a social provider vouched for it).
    pub email_verified: bool,
    pub verified_student: bool,
    pub phone_masked: Option<String>,
    pub college: Option<String>,
    pub bio: String,
    pub bio_html: String,
    pub avatar_url: Option<String>,
    pub shipping: Option<ShippingAddress>,
    /// False for accounts made through social log-in that never set a password.
    pub has_password: bool,
    pub social: Vec<SocialProvider>,
    /// The member's time zone (IANA name); `None`: the site's.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// What a recovery code is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecoveryPurpose {
    FindEmail,
    ResetPassword,
}

/// Why a social log-in came back to the log-in page: `/login?error={code}&provider={key}` carries a code,
/// never text, so the page can only show the catalogue's own words (no one can put theirs there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocialLoginError {
    /// The log-in started too long ago, or in another browser.
    Expired,
    /// The member cancelled at the provider.
    Cancelled,
    /// The provider's answer lacked the code or the state.
    BadResponse,
    /// The state did not match the one this browser was given.
    BadRequest,
    /// The code exchange or the profile request failed.
    Failed,
}

impl SocialLoginError {
    pub const ALL: [SocialLoginError; 5] = [Self::Expired, Self::Cancelled, Self::BadResponse, Self::BadRequest, Self::Failed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Expired => "social_expired",
            Self::Cancelled => "social_cancelled",
            Self::BadResponse => "social_bad_response",
            Self::BadRequest => "social_bad_request",
            Self::Failed => "social_failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// A social log-in provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SocialProvider {
    Google,
    Kakao,
    Naver,
}

impl SocialProvider {
    pub const ALL: [SocialProvider; 3] = [SocialProvider::Kakao, SocialProvider::Naver, SocialProvider::Google];

    /// The path segment and database value.
    pub fn key(self) -> &'static str {
        match self {
            SocialProvider::Google => "google",
            SocialProvider::Kakao => "kakao",
            SocialProvider::Naver => "naver",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// What the social onboarding page shows about the pending sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSocialSignUp {
    pub provider: SocialProvider,
    /// The provider-verified e-mail (masked), when there is one; otherwise the form asks for an e-mail.
    pub verified_email_masked: Option<String>,
    pub suggested_nickname: Option<String>,
    /// An account whose address is not verified holds the provider-verified e-mail: its owner can log
    /// in with the password to link this identity.
    pub existing_account: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_validation_for_every_sign_up_form() {
        let buyer =
            ProfileFields { kind: MemberKind::Buyer, nickname: "그림좋아", name: "김구매", phone: "010-1234-5678", college: None };
        let valid = buyer.validate().unwrap();
        assert_eq!((valid.nickname.as_str(), valid.college), ("그림좋아", None));
        let college_ignored = ProfileFields { college: Some("아무 대학"), ..buyer }.validate().unwrap();
        assert_eq!(college_ignored.college, None, "a buyer has no college");
        let artist = ProfileFields { kind: MemberKind::Artist, ..buyer };
        assert!(artist.validate().is_err(), "an artist names a college");
        assert!(ProfileFields { college: Some("한국예술대학교"), ..artist }.validate().unwrap().college.is_some());
        assert!(ProfileFields { phone: "12", ..buyer }.validate().is_err());
        assert!(ProfileFields { nickname: "", ..buyer }.validate().is_err());
    }

    #[test]
    fn shipping_addresses_are_checked() {
        let ok = ShippingAddress {
            recipient: " 김하늘 ".into(),
            phone: "010-1234-5678".into(),
            postal_code: "04066".into(),
            address1: "서울 마포구 와우산로 94".into(),
            address2: "".into(),
        };
        let v = ok.clone().validate().unwrap();
        assert_eq!(v.recipient, "김하늘");
        assert_eq!(v.phone, "+821012345678");
        for bad in [
            ShippingAddress { recipient: "".into(), ..ok.clone() },
            ShippingAddress { postal_code: "1234".into(), ..ok.clone() },
            ShippingAddress { postal_code: "1234a".into(), ..ok.clone() },
            ShippingAddress { phone: "02-123".into(), ..ok.clone() },
            ShippingAddress { address1: " ".into(), ..ok.clone() },
            ShippingAddress { address2: "가".repeat(201), ..ok.clone() },
        ] {
            assert!(bad.validate().is_err());
        }
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Kim.Artist@Hongik.AC.kr ").unwrap().as_str(), "kim.artist@hongik.ac.kr");
        for bad in ["", "no-at-sign", "a@b", "a@@b.kr", "a b@c.kr", "@c.kr", "a@.kr", "a@c..kr", "a@c.kr."] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Email::parse("haneul@gmail.com").unwrap().masked(), "ha****@gmail.com");
        assert_eq!(Email::parse("ab@x.kr").unwrap().masked(), "ab***@x.kr");
    }

    #[test]
    fn nicknames_follow_the_rules() {
        for ok in ["하늘", "하늘물감", "art_lover-7", "abcdefghijklmnopqrst"] {
            assert!(Nickname::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "하", "abcdefghijklmnopqrstu", "하늘 물감", "<script>", "a@b"] {
            assert!(Nickname::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_meet_the_policy() {
        let email = Email::parse("haneul@gmail.com").unwrap();
        assert!(Password::parse("바다가-보이는-창문7", Some(&email)).is_ok());
        for bad in ["short", "12345678", "Password", "aaaaaaaaaa", "my-haneul-pw", &"x".repeat(129)] {
            assert!(Password::parse(bad, Some(&email)).is_err(), "{bad}");
        }
        assert_eq!(format!("{:?}", Password::parse("바다가-보이는-창문7", None).unwrap()), "Password(***)");
    }

    #[test]
    fn korean_mobiles_become_e164() {
        for (raw, want) in [
            ("010-1234-5678", "+821012345678"),
            ("01012345678", "+821012345678"),
            ("+82 10-1234-5678", "+821012345678"),
            ("+82 010 1234 5678", "+821012345678"),
            ("011-123-4567", "+82111234567"),
        ] {
            assert_eq!(PhoneNumber::parse(raw).unwrap().as_e164(), want, "{raw}");
        }
        for bad in ["", "02-123-4567", "010-1234-567", "010-1234-56789", "+1 415 555 0100", "010-abcd-5678"] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(PhoneNumber::parse("010-1234-5678").unwrap().masked(), "010-****-5678");
    }

    #[test]
    fn colleges_and_names() {
        assert!(College::parse("홍익대학교").is_ok());
        assert!(College::parse("계원예술대학").is_ok());
        for bad in ["", "홍익", "서울고등학교", "대학"] {
            assert!(College::parse(bad).is_err(), "{bad}");
        }
        assert!(RealName::parse("김하늘").is_ok());
        assert!(RealName::parse("  ").is_err());
    }
}
