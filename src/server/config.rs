//! Typed configuration from the environment, loaded once at start-up; errors name the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// Where the app runs. Production refuses development conveniences (generated secrets, test sinks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Test,
    Production,
}

impl AppEnv {
    pub fn is_production(self) -> bool {
        self == AppEnv::Production
    }
}

/// A configuration problem, naming the variable so the operator knows what to fix.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
// not-ui-text: for the operator, in both languages
#[error("설정 오류 (configuration error): {var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

pub(crate) fn problem(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { var, problem: problem.into() }
}

/// Runtime configuration. Secrets are `SecretString` so they never reach logs by accident.
#[derive(Debug, Clone)]
pub struct Config {
    pub env: AppEnv,
    pub database_url: SecretString,
    pub redis_url: SecretString,
    pub elasticsearch_url: Option<Url>,
    /// The alias searched and fed (`ELASTICSEARCH_INDEX`); concrete indices are `{alias}-{millis}`.
    pub elasticsearch_index: String,
    /// Local data (`DATA_DIR`): the embedded search index lives in `search/` under it.
    pub data_dir: PathBuf,
    pub app_secret: SecretString,
    pub jwt_secret: SecretString,
    /// `RECEIPT_SIGNING_KEY`: the Ed25519 seed (32 bytes, base64) bid receipts are signed with; required in
    /// production, generated per run elsewhere (receipts then verify only until the next start).
    pub receipt_signing_key: Option<SecretString>,
    pub public_base_url: Url,
    pub storage_url: Url,
    pub site_addr: SocketAddr,
    /// The non-secret settings file (see `settings.rs`).
    pub settings_path: PathBuf,
    /// Development/test SMS sink: each text message becomes a JSON line here. Refused in production.
    pub sms_sink_file: Option<PathBuf>,
    /// NHN Cloud SMS credentials; required in production (phone verification depends on them).
    pub nhn_sms: Option<NhnSmsConfig>,
    /// Development/test e-mail sink: each message becomes a JSON line here. Refused in production.
    pub email_sink_file: Option<PathBuf>,
    /// The SMTP server verification e-mails go through; required in production.
    pub smtp: Option<SmtpConfig>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact addresses). Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `SHUTDOWN_DRAIN_SECS`: after SIGTERM, how long the process keeps serving while `/readyz` answers
    /// 503, so a load balancer takes it out of rotation before it stops accepting connections (0: stop at once).
    pub shutdown_drain: std::time::Duration,
    /// Which payment gateway charges go through: PortOne in production, the built-in test gateway elsewhere.
    pub payment_gateway: PaymentGatewayKind,
    /// PortOne (Iamport) v1 credentials, with `PAYMENT_GATEWAY=portone`.
    pub portone: Option<PortOneConfig>,
    /// Social log-in providers with credentials; the others are hidden.
    pub oauth: Vec<crate::server::auth::social::ProviderConfig>,
}

/// NHN Cloud SMS (API v3.0) account: app key, secret key, registered sender number and API base URL.
#[derive(Debug, Clone)]
pub struct NhnSmsConfig {
    pub app_key: String,
    pub secret_key: SecretString,
    pub sender_no: String,
    pub base_url: Url,
}

/// `SMTP_URL` (lettre's connection URL, with credentials, so secret) and the `EMAIL_FROM` mailbox.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub url: SecretString,
    pub from: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentGatewayKind {
    PortOne,
    /// The built-in test gateway (`/test-gateway`); refused in production.
    Test,
}

/// PortOne v1 REST credentials and the SDK settings of the checkout page.
#[derive(Debug, Clone)]
pub struct PortOneConfig {
    pub api_url: Url,
    pub imp_key: String,
    pub imp_secret: SecretString,
    /// 가맹점 식별코드 for the checkout SDK.
    pub imp_code: String,
    /// The PG the checkout uses (`html5_inicis`, `kcp`, …).
    pub pg: String,
}

pub const PORTONE_DEFAULT_API_URL: &str = "https://api.iamport.kr/";

pub const NHN_SMS_DEFAULT_BASE_URL: &str = "https://api-sms.cloud.toast.com/";

const MIN_SECRET_LEN: usize = 32;

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests can supply variables without touching the process.
    ///
    /// Without `APP_ENV` the start is a production one: development conveniences (generated secrets, the
    /// test payment gateway, the SMS sink, demo accounts) must be asked for by name, never fallen into.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let named = lookup("APP_ENV").is_some_and(|v| !v.trim().is_empty());
        Self::read(lookup).map_err(|mut e| {
            if !named {
                e.problem.push_str(
                    " (APP_ENV is not set, so this is a production start; set APP_ENV=development or APP_ENV=test to run locally)",
                );
            }
            e
        })
    }

    fn read(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

        let env = match get("APP_ENV").as_deref() {
            None | Some("production") => AppEnv::Production,
            Some("development") => AppEnv::Development,
            Some("test") => AppEnv::Test,
            Some(other) => return Err(problem("APP_ENV", format!("'{other}' is not one of development, test, production"))),
        };

        let database_url = get("DATABASE_URL").ok_or_else(|| problem("DATABASE_URL", "is not set"))?;
        let db = parse_url("DATABASE_URL", &database_url)?;
        if db.scheme() != "mysql" && db.scheme() != "mariadb" {
            return Err(problem("DATABASE_URL", "must be a mysql:// URL"));
        }
        if db.path().trim_matches('/').is_empty() {
            return Err(problem("DATABASE_URL", "must name a database, e.g. mysql://root@127.0.0.1:3306/artipul"));
        }

        let redis_url = get("REDIS_URL").ok_or_else(|| problem("REDIS_URL", "is not set"))?;
        let redis = parse_url("REDIS_URL", &redis_url)?;
        if redis.scheme() != "redis" && redis.scheme() != "rediss" {
            return Err(problem("REDIS_URL", "must be a redis:// URL"));
        }

        let elasticsearch_url = get("ELASTICSEARCH_URL").map(|v| parse_url("ELASTICSEARCH_URL", &v)).transpose()?;
        if let Some(u) = &elasticsearch_url {
            if !matches!(u.scheme(), "http" | "https") {
                return Err(problem("ELASTICSEARCH_URL", "must be an http:// or https:// URL"));
            }
        }
        let elasticsearch_index = get("ELASTICSEARCH_INDEX").unwrap_or_else(|| "artipul-artworks".into());
        let index_name_ok = !elasticsearch_index.is_empty()
            && elasticsearch_index.len() <= 200
            && !elasticsearch_index.starts_with(['-', '_', '+'])
            && elasticsearch_index.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !index_name_ok {
            return Err(problem("ELASTICSEARCH_INDEX", "must be a lowercase index name such as artipul-artworks"));
        }

        let site_addr: SocketAddr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|_| problem("LEPTOS_SITE_ADDR", "must be an address like 127.0.0.1:3000"))?;

        let app_secret = secret(env, "APP_SECRET", get("APP_SECRET"))?;
        let jwt_secret = secret(env, "JWT_SECRET", get("JWT_SECRET"))?;
        let receipt_signing_key = match get("RECEIPT_SIGNING_KEY") {
            Some(v) if crate::server::auction::receipts::ReceiptKey::from_seed_b64(&v).is_some() => Some(v.into()),
            Some(_) => return Err(problem("RECEIPT_SIGNING_KEY", "must be 32 random bytes in base64 (openssl rand -base64 32)")),
            None if env.is_production() => {
                return Err(problem("RECEIPT_SIGNING_KEY", "is required in production (openssl rand -base64 32)"))
            }
            None => None,
        };

        let public_base_url = match get("PUBLIC_BASE_URL") {
            Some(v) => parse_url("PUBLIC_BASE_URL", &v)?,
            None if env.is_production() => return Err(problem("PUBLIC_BASE_URL", "is required in production")),
            None => parse_url("PUBLIC_BASE_URL", &format!("http://{site_addr}"))?,
        };
        if env.is_production() && public_base_url.scheme() != "https" {
            return Err(problem("PUBLIC_BASE_URL", "must be https:// in production"));
        }

        let storage_url = match get("STORAGE_URL") {
            Some(v) => parse_url("STORAGE_URL", &v)?,
            None if env.is_production() => return Err(problem("STORAGE_URL", "is required in production")),
            None => {
                let dir = std::env::current_dir()
                    .map_err(|e| problem("STORAGE_URL", format!("no default: {e}")))?
                    .join("target/artipul-data/uploads");
                Url::from_directory_path(&dir).map_err(|_| problem("STORAGE_URL", "no usable default directory"))?
            }
        };
        if !matches!(storage_url.scheme(), "file" | "s3" | "gs") {
            return Err(problem("STORAGE_URL", "must be file://, s3:// or gs://"));
        }

        let settings_path = PathBuf::from(get("ARTIPUL_SETTINGS").unwrap_or_else(|| "Leptos.toml".into()));

        let sms_sink_file = match get("SMS_SINK_FILE") {
            Some(_) if env.is_production() => return Err(problem("SMS_SINK_FILE", "the development SMS sink is refused in production")),
            Some(path) => Some(PathBuf::from(path)),
            None if env.is_production() => None,
            None => Some(PathBuf::from("target/artipul-data/sms.jsonl")),
        };

        let email_sink_file = match get("EMAIL_SINK_FILE") {
            Some(_) if env.is_production() => {
                return Err(problem("EMAIL_SINK_FILE", "the development e-mail sink is refused in production"))
            }
            Some(path) => Some(PathBuf::from(path)),
            None if env.is_production() => None,
            None => Some(PathBuf::from("target/artipul-data/email.jsonl")),
        };
        let smtp = match (get("SMTP_URL"), get("EMAIL_FROM")) {
            (None, _) if env.is_production() => {
                return Err(problem("SMTP_URL", "is required in production (e-mail verification sends mail)"))
            }
            (None, _) => None,
            (Some(_), None) => return Err(problem("EMAIL_FROM", "is required with SMTP_URL, e.g. `Artipul <no-reply@artipul.kr>`")),
            (Some(url), Some(from)) => {
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(problem("SMTP_URL", "must be smtp://… or smtps://…"));
                }
                if !from.contains('@') {
                    return Err(problem("EMAIL_FROM", "must be a mailbox such as `Artipul <no-reply@artipul.kr>`"));
                }
                Some(SmtpConfig { url: url.into(), from })
            }
        };

        let nhn_sms = match (get("NHN_SMS_APP_KEY"), get("NHN_SMS_SECRET_KEY"), get("NHN_SMS_SENDER_NO")) {
            (None, None, None) if env.is_production() => {
                return Err(problem("NHN_SMS_APP_KEY", "is required in production (phone verification sends SMS)"))
            }
            (None, None, None) => None,
            (Some(app_key), Some(secret_key), Some(sender_no)) => {
                if !app_key.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(problem("NHN_SMS_APP_KEY", "must be the alphanumeric app key from the NHN Cloud console"));
                }
                let sender_no: String = sender_no.chars().filter(|c| *c != '-').collect();
                if sender_no.len() < 8 || !sender_no.chars().all(|c| c.is_ascii_digit()) {
                    return Err(problem("NHN_SMS_SENDER_NO", "must be the registered sender number, digits only"));
                }
                let mut base_url =
                    parse_url("NHN_SMS_BASE_URL", &get("NHN_SMS_BASE_URL").unwrap_or_else(|| NHN_SMS_DEFAULT_BASE_URL.into()))?;
                if !base_url.path().ends_with('/') {
                    base_url.set_path(&format!("{}/", base_url.path()));
                }
                Some(NhnSmsConfig { app_key, secret_key: secret_key.into(), sender_no, base_url })
            }
            (app_key, secret_key, _) => {
                let missing = if app_key.is_none() {
                    "NHN_SMS_APP_KEY"
                } else if secret_key.is_none() {
                    "NHN_SMS_SECRET_KEY"
                } else {
                    "NHN_SMS_SENDER_NO"
                };
                return Err(problem(missing, "NHN_SMS_APP_KEY, NHN_SMS_SECRET_KEY and NHN_SMS_SENDER_NO go together"));
            }
        };

        let trusted_proxies = match get("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| problem("TRUSTED_PROXIES", format!("'{s}' is not an IP address"))))
                .collect::<Result<_, _>>()?,
        };

        let shutdown_drain = match get("SHUTDOWN_DRAIN_SECS") {
            None => std::time::Duration::ZERO,
            Some(v) => match v.parse::<u64>() {
                Ok(secs) if secs <= 60 => std::time::Duration::from_secs(secs),
                _ => return Err(problem("SHUTDOWN_DRAIN_SECS", "must be a whole number of seconds from 0 to 60")),
            },
        };

        let oauth = crate::server::auth::social::ProviderConfig::from_lookup(&get)?;

        let payment_gateway = match get("PAYMENT_GATEWAY").as_deref() {
            Some("portone") => PaymentGatewayKind::PortOne,
            Some("test") if env.is_production() => return Err(problem("PAYMENT_GATEWAY", "the test gateway is refused in production")),
            Some("test") => PaymentGatewayKind::Test,
            None if env.is_production() => PaymentGatewayKind::PortOne,
            None => PaymentGatewayKind::Test,
            Some(other) => return Err(problem("PAYMENT_GATEWAY", format!("'{other}' is not one of portone, test"))),
        };
        let portone = match payment_gateway {
            PaymentGatewayKind::Test => None,
            PaymentGatewayKind::PortOne => {
                let need = |var: &'static str| get(var).ok_or_else(|| problem(var, "is required with PAYMENT_GATEWAY=portone"));
                Some(PortOneConfig {
                    api_url: parse_url("PORTONE_API_URL", &get("PORTONE_API_URL").unwrap_or_else(|| PORTONE_DEFAULT_API_URL.into()))?,
                    imp_key: need("PORTONE_IMP_KEY")?,
                    imp_secret: need("PORTONE_IMP_SECRET")?.into(),
                    imp_code: need("PORTONE_IMP_CODE")?,
                    pg: get("PORTONE_PG").unwrap_or_else(|| "html5_inicis".into()),
                })
            }
        };

        let data_dir = match get("DATA_DIR") {
            Some(v) => PathBuf::from(v),
            None if env.is_production() && elasticsearch_url.is_none() => {
                return Err(problem(
                    "DATA_DIR",
                    "is required in production when ELASTICSEARCH_URL is not set (the embedded search index lives there)",
                ))
            }
            None => std::env::current_dir().map_err(|e| problem("DATA_DIR", format!("no default: {e}")))?.join("target/artipul-data"),
        };

        Ok(Config {
            env,
            database_url: database_url.into(),
            redis_url: redis_url.into(),
            elasticsearch_url,
            elasticsearch_index,
            data_dir,
            app_secret,
            jwt_secret,
            receipt_signing_key,
            public_base_url,
            storage_url,
            site_addr,
            settings_path,
            sms_sink_file,
            nhn_sms,
            email_sink_file,
            smtp,
            trusted_proxies,
            shutdown_drain,
            oauth,
            payment_gateway,
            portone,
        })
    }

    /// True when cookies must carry `Secure` (everywhere but local development over http).
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.scheme() == "https"
    }
}

pub(crate) fn parse_url(var: &'static str, value: &str) -> Result<Url, ConfigError> {
    Url::parse(value).map_err(|e| problem(var, format!("is not a valid URL ({e})")))
}

/// A signing secret: required (≥ 32 bytes) in production; generated per run elsewhere, with a warning.
fn secret(env: AppEnv, var: &'static str, value: Option<String>) -> Result<SecretString, ConfigError> {
    match value {
        Some(v) if v.len() >= MIN_SECRET_LEN => Ok(v.into()),
        Some(_) => Err(problem(var, format!("must be at least {MIN_SECRET_LEN} bytes long"))),
        None if env.is_production() => Err(problem(var, "is required in production")),
        None => {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            tracing::warn!("{var} is not set: generated a random one for this run (sessions end on restart)");
            Ok(hex::encode(bytes).into())
        }
    }
}

impl ConfigError {
    /// The variable at fault (for tests and the start-up message).
    pub fn var(&self) -> &'static str {
        self.var
    }
}

/// Exposes a secret for the one place that needs it (connecting), keeping call sites greppable.
pub fn expose(secret: &SecretString) -> &str {
    secret.expose_secret()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn base() -> HashMap<&'static str, String> {
        HashMap::from([
            ("APP_ENV", "development".to_string()),
            ("DATABASE_URL", "mysql://root@127.0.0.1:3306/artipul".to_string()),
            ("REDIS_URL", "redis://127.0.0.1:6379".to_string()),
        ])
    }

    fn load(vars: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    #[test]
    fn development_defaults_fill_the_gaps() {
        let c = load(&base()).expect("valid");
        assert_eq!(c.env, AppEnv::Development);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_base_url.as_str(), "http://127.0.0.1:3000/");
        assert_eq!(c.storage_url.scheme(), "file");
        assert!(expose(&c.app_secret).len() >= MIN_SECRET_LEN);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn missing_required_variables_are_named() {
        for var in ["DATABASE_URL", "REDIS_URL"] {
            let mut vars = base();
            vars.remove(var);
            assert_eq!(load(&vars).unwrap_err().var(), var);
        }
    }

    #[test]
    fn bad_values_are_named() {
        let cases = [
            ("APP_ENV", "staging"),
            ("DATABASE_URL", "postgres://x/y"),
            ("DATABASE_URL", "mysql://root@127.0.0.1:3306"),
            ("REDIS_URL", "not a url"),
            ("ELASTICSEARCH_URL", "::"),
            ("ELASTICSEARCH_URL", "ftp://search.local"),
            ("ELASTICSEARCH_INDEX", "Artipul Works"),
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("APP_SECRET", "short"),
            ("STORAGE_URL", "s4://bucket"),
            ("TRUSTED_PROXIES", "10.0.0.1, proxy.local"),
            ("SHUTDOWN_DRAIN_SECS", "61"),
            ("SHUTDOWN_DRAIN_SECS", "3s"),
            ("RECEIPT_SIGNING_KEY", "c2hvcnQ="),
        ];
        for (var, value) in cases {
            let mut vars = base();
            vars.insert(var, value.to_string());
            let err = load(&vars).unwrap_err();
            assert_eq!(err.var(), var, "{var}={value}");
            assert!(err.to_string().contains(var));
        }
    }

    #[test]
    fn production_requires_secrets_and_public_urls() {
        let mut vars = base();
        vars.insert("APP_ENV", "production".into());
        assert_eq!(load(&vars).unwrap_err().var(), "APP_SECRET");
        vars.insert("APP_SECRET", "a".repeat(40));
        assert_eq!(load(&vars).unwrap_err().var(), "JWT_SECRET");
        vars.insert("JWT_SECRET", "b".repeat(40));
        assert_eq!(load(&vars).unwrap_err().var(), "RECEIPT_SIGNING_KEY");
        vars.insert("RECEIPT_SIGNING_KEY", "c2VjcmV0LXNlZWQtb2YtdGhpcnR5LXR3by1ieXRlcyE=".into());
        assert_eq!(load(&vars).unwrap_err().var(), "PUBLIC_BASE_URL");
        vars.insert("PUBLIC_BASE_URL", "http://artipul.kr".into());
        assert_eq!(load(&vars).unwrap_err().var(), "PUBLIC_BASE_URL");
        vars.insert("PUBLIC_BASE_URL", "https://artipul.kr".into());
        assert_eq!(load(&vars).unwrap_err().var(), "STORAGE_URL");
        vars.insert("STORAGE_URL", "file:///var/lib/artipul/uploads/".into());
        vars.insert("SMS_SINK_FILE", "/tmp/sms.jsonl".into());
        assert_eq!(load(&vars).unwrap_err().var(), "SMS_SINK_FILE");
        vars.remove("SMS_SINK_FILE");
        vars.insert("EMAIL_SINK_FILE", "/tmp/email.jsonl".into());
        assert_eq!(load(&vars).unwrap_err().var(), "EMAIL_SINK_FILE");
        vars.remove("EMAIL_SINK_FILE");
        assert_eq!(load(&vars).unwrap_err().var(), "SMTP_URL");
        vars.insert("SMTP_URL", "smtps://mailer:pw@smtp.artipul.kr:465".into());
        assert_eq!(load(&vars).unwrap_err().var(), "EMAIL_FROM");
        vars.insert("EMAIL_FROM", "Artipul <no-reply@artipul.kr>".into());
        assert_eq!(load(&vars).unwrap_err().var(), "NHN_SMS_APP_KEY");
        vars.insert("NHN_SMS_APP_KEY", "abcDEF123".into());
        assert_eq!(load(&vars).unwrap_err().var(), "NHN_SMS_SECRET_KEY");
        vars.insert("NHN_SMS_SECRET_KEY", "s3cret".into());
        assert_eq!(load(&vars).unwrap_err().var(), "NHN_SMS_SENDER_NO");
        vars.insert("NHN_SMS_SENDER_NO", "1544-6859".into());
        assert_eq!(load(&vars).unwrap_err().var(), "PORTONE_IMP_KEY");
        vars.insert("PAYMENT_GATEWAY", "test".into());
        assert_eq!(load(&vars).unwrap_err().var(), "PAYMENT_GATEWAY", "the test gateway is refused in production");
        vars.insert("PAYMENT_GATEWAY", "portone".into());
        vars.insert("PORTONE_IMP_KEY", "key".into());
        vars.insert("PORTONE_IMP_SECRET", "secret".into());
        vars.insert("PORTONE_IMP_CODE", "imp12345678".into());
        assert_eq!(load(&vars).unwrap_err().var(), "DATA_DIR", "the embedded search index needs a place");
        vars.insert("DATA_DIR", "/var/lib/artipul".into());
        let c = load(&vars).expect("complete production config");
        assert_eq!(c.payment_gateway, PaymentGatewayKind::PortOne);
        let nhn = c.nhn_sms.as_ref().expect("NHN configured");
        assert_eq!(nhn.sender_no, "15446859");
        assert_eq!(nhn.base_url.as_str(), NHN_SMS_DEFAULT_BASE_URL);
        assert!(c.secure_cookies());
        assert_eq!(c.sms_sink_file, None);
        assert_eq!(c.email_sink_file, None);
        assert_eq!(c.smtp.as_ref().map(|s| s.from.as_str()), Some("Artipul <no-reply@artipul.kr>"));
    }
}
