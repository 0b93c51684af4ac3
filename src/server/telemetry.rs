//! Logging with `tracing`: `RUST_LOG` filters, one span per request carrying its request id.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,artipul=debug,sqlx=warn,tower_http=info"));
    // A second init (tests) is harmless.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}
