//! `AppState`: the one bundle of shared resources, passed to axum handlers and Leptos server functions.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::MySqlPool;

use super::auth::tokens::TokenKeys;
use super::config::Config;
use super::redis::Redis;
use super::settings::Settings;
use super::sms::{FileSink, NhnCloudSms, SmsSender};
use super::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub db: MySqlPool,
    pub redis: Redis,
    pub config: Arc<Config>,
    pub settings: Arc<Settings>,
    pub storage: Storage,
    pub tokens: TokenKeys,
    /// Where verification texts go; `None` when no sender is configured (sending then fails clearly).
    pub sms: Option<Arc<dyn SmsSender>>,
    /// Verification e-mails; `None` only when neither SMTP nor the development sink is configured.
    pub email: Option<Arc<dyn super::email::EmailSender>>,
    /// The payment gateway client (PortOne v1 API, pointed at the test gateway outside production).
    pub payments: Option<Arc<dyn super::wallet::gateway::PaymentGateway>>,
    /// The built-in test gateway, when `PAYMENT_GATEWAY=test`.
    pub test_gateway: Option<super::wallet::test_gateway::TestGateway>,
    /// Live lot events: the Redis relay and this instance's broadcast ring (and the closer's wake-up).
    pub live: super::auction::live::Live,
    /// Each lot's waiting bids on this instance, decided in batches (`auction::lanes`).
    pub lanes: super::auction::lanes::Lanes,
    /// The search backend (Elasticsearch or embedded) and its indexer's wake-up.
    pub search: super::search::Search,
    /// Signs bid receipts (`auction::receipts`).
    pub receipt_key: super::auction::receipts::ReceiptKey,
    /// argon2 work, a bounded number at once (`security.password_hashes_at_once`).
    pub passwords: super::auth::password::Passwords,
    /// Image decoding and encoding, a bounded number at once (`uploads.image_decodes_at_once`).
    pub images: super::images::ImagePool,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or component rendered on the server.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| crate::error::AppError::internal("AppState missing from the Leptos context"))
}

impl AppState {
    /// Assembles the state from configuration. Connects nothing yet: pools connect on first use.
    pub fn new(config: Config, settings: Settings, leptos_options: LeptosOptions) -> Result<Self, crate::server::config::ConfigError> {
        use crate::server::config::{expose, ConfigError};
        let bad = |var: &'static str, e: &dyn std::fmt::Display| ConfigError { var, problem: e.to_string() };
        let db = super::db::pool(expose(&config.database_url)).map_err(|e| bad("DATABASE_URL", &e))?;
        Self::with_pool(config, settings, leptos_options, db)
    }

    /// Like [`AppState::new`], with a pool made elsewhere (tests get a fresh database per test).
    pub fn with_pool(
        config: Config,
        settings: Settings,
        leptos_options: LeptosOptions,
        db: MySqlPool,
    ) -> Result<Self, crate::server::config::ConfigError> {
        use crate::server::config::{expose, ConfigError};
        let bad = |var: &'static str, e: &dyn std::fmt::Display| ConfigError { var, problem: e.to_string() };
        let redis = Redis::new(expose(&config.redis_url)).map_err(|e| bad("REDIS_URL", &e))?;
        let storage = Storage::from_url(&config.storage_url).map_err(|e| bad("STORAGE_URL", &e))?;
        let tokens = TokenKeys::new(expose(&config.jwt_secret).as_bytes());
        let sms = match (&config.nhn_sms, &config.sms_sink_file) {
            (Some(nhn), _) => Some(Arc::new(NhnCloudSms::new(nhn).map_err(|e| bad("NHN_SMS_BASE_URL", &e))?) as Arc<dyn SmsSender>),
            (None, Some(path)) => {
                tracing::warn!(path = %path.display(), "SMS goes to the development sink file");
                Some(Arc::new(FileSink::new(path.clone())) as Arc<dyn SmsSender>)
            }
            (None, None) => None,
        };
        if sms.is_none() {
            tracing::warn!("no SMS sender configured: phone verification is unavailable");
        }
        let email = match (&config.smtp, &config.email_sink_file) {
            (Some(smtp), _) => {
                Some(Arc::new(super::email::Smtp::new(smtp).map_err(|e| bad("SMTP_URL", &e))?) as Arc<dyn super::email::EmailSender>)
            }
            (None, Some(path)) => {
                tracing::warn!(path = %path.display(), "e-mail goes to the development sink file");
                Some(Arc::new(super::email::FileSink::new(path.clone())) as Arc<dyn super::email::EmailSender>)
            }
            (None, None) => None,
        };
        use super::config::PaymentGatewayKind;
        use super::wallet::{gateway::PortOne, test_gateway};
        let (payments, test_gateway): (Option<Arc<dyn super::wallet::gateway::PaymentGateway>>, _) =
            match (config.payment_gateway, &config.portone) {
                (PaymentGatewayKind::PortOne, Some(p)) => {
                    (Some(Arc::new(PortOne::new(p.api_url.clone(), p.imp_key.clone(), p.imp_secret.clone()))), None)
                }
                (PaymentGatewayKind::PortOne, None) => (None, None),
                (PaymentGatewayKind::Test, _) => {
                    tracing::warn!("charges go through the built-in TEST payment gateway at /test-gateway");
                    let base = config.public_base_url.join("test-gateway/").map_err(|e| bad("PUBLIC_BASE_URL", &e))?;
                    let client = PortOne::new(base, test_gateway::IMP_KEY.into(), test_gateway::IMP_SECRET.to_string().into());
                    let webhook = config.public_base_url.join("wallet/webhook").map_err(|e| bad("PUBLIC_BASE_URL", &e))?;
                    (
                        Some(Arc::new(client) as Arc<dyn super::wallet::gateway::PaymentGateway>),
                        Some(test_gateway::TestGateway::new(webhook)),
                    )
                }
            };
        let search = super::search::Search::from_config(&config).map_err(|e| bad("ELASTICSEARCH_URL", &e))?;
        let receipt_key = match &config.receipt_signing_key {
            Some(seed) => {
                super::auction::receipts::ReceiptKey::from_seed_b64(expose(seed)).ok_or_else(|| bad("RECEIPT_SIGNING_KEY", &"not a key"))?
            }
            None => {
                tracing::warn!("RECEIPT_SIGNING_KEY is not set: generated a receipt key for this run (receipts verify until restart)");
                super::auction::receipts::ReceiptKey::generate()
            }
        };
        Ok(Self {
            receipt_key,
            search,
            passwords: super::auth::password::Passwords::new(settings.security.password_hashes_at_once),
            images: super::images::ImagePool::new(settings.uploads.image_decodes_at_once),
            db,
            redis,
            config: Arc::new(config),
            settings: Arc::new(settings),
            storage,
            tokens,
            sms,
            email,
            payments,
            test_gateway,
            live: Default::default(),
            lanes: Default::default(),
            leptos_options,
        })
    }
}
