//! The `artipul` command line: `serve` (default), `migrate`, `seed-demo`, `reindex`, `verify-log`,
//! `precompress`, and `fake-oauth` for the browser tests.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use super::config::Config;
use super::settings::Settings;
use super::{db, http, seed, telemetry, AppState};

#[derive(Debug, Parser)]
// not-ui-text: the operator's command line
#[command(name = "artipul", version, about = "Artipul — 미대생 작품 온라인 경매")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database, then serve HTTP (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Migrate, then fill the database with believable demo data (idempotent).
    SeedDemo,
    /// Rebuild the search index from MySQL (a new index swapped in when complete), with progress.
    Reindex,
    /// Recompute the hash chain of one lot's events (or every lot's) from the database and name the first
    /// broken event; exits 1 when any chain is broken.
    VerifyLog {
        /// The lot (artwork id); all lots when omitted.
        lot: Option<u64>,
    },
    /// Write brotli and gzip copies of the built assets (after `cargo leptos build --release`); needs no
    /// configuration.
    Precompress {
        /// The folder of the built assets.
        #[arg(default_value = "target/site/pkg")]
        dir: std::path::PathBuf,
    },
    /// The local OAuth 2 provider the browser tests sign in with (development and test only).
    #[command(hide = true)]
    FakeOauth {
        /// Where to listen, e.g. 127.0.0.1:3101.
        addr: std::net::SocketAddr,
    },
}

pub fn main() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    // Needs no configuration: runs before the state is loaded.
    if let Some(Command::Precompress { dir }) = &cli.command {
        return match precompress(dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(Command::FakeOauth { addr }) = &cli.command {
        return fake_oauth(*addr);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Pools are created inside the runtime (they spawn their maintenance tasks on it).
    let state = match runtime.block_on(async { load_state() }) {
        Ok(state) => state,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), state)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the test OAuth provider; a production start (`APP_ENV` unset or `production`) refuses.
fn fake_oauth(addr: std::net::SocketAddr) -> ExitCode {
    if !matches!(std::env::var("APP_ENV").as_deref(), Ok("development" | "test")) {
        eprintln!("fake-oauth runs only with APP_ENV=development or APP_ENV=test");
        return ExitCode::from(2);
    }
    if !addr.ip().is_loopback() {
        eprintln!("fake-oauth listens on a loopback address only (it vouches for any e-mail it is told)");
        return ExitCode::from(2);
    }
    let served = tokio::runtime::Builder::new_current_thread().enable_all().build().and_then(|rt| {
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!(%addr, "test OAuth provider listening");
            super::auth::social::fake_provider::serve(listener).await
        })
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fake-oauth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn precompress(dir: &std::path::Path) -> anyhow::Result<()> {
    for f in super::assets::precompress(dir)? {
        println!("{}: {} bytes → brotli {} / gzip {}", f.file.display(), f.original, f.brotli, f.gzip);
    }
    Ok(())
}

/// Loads configuration, settings and Leptos options; any problem is one readable line.
fn load_state() -> Result<AppState, String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let settings = Settings::load(&config.settings_path).map_err(|e| e.to_string())?;
    let mut leptos_options = leptos::config::get_configuration(None)
        .map_err(|e| format!("설정 오류 (configuration error): LEPTOS_OUTPUT_NAME / Cargo.toml: {e}"))? // not-ui-text: operator
        .leptos_options;
    leptos_options.site_addr = config.site_addr;
    AppState::new(config, settings, leptos_options).map_err(|e| e.to_string())
}

/// Migrations, then hashing lot events written before the bid log's chain existed (idempotent).
async fn migrate(state: &AppState) -> anyhow::Result<()> {
    use anyhow::Context;
    db::migrate(&state.db).await.context("migrating the database")?;
    let hashed = super::auction::chain::backfill(&state.db).await.context("hashing earlier lot events")?;
    if hashed > 0 {
        tracing::info!(events = hashed, "earlier lot events added to the hash chain");
    }
    Ok(())
}

async fn run(command: Command, state: AppState) -> anyhow::Result<()> {
    use anyhow::Context;
    match command {
        Command::VerifyLog { lot } => {
            let report = super::auction::chain::verify_command(&state.db, lot).await?;
            println!("{}", report.text);
            if !report.intact {
                anyhow::bail!("the bid log is broken");
            }
        }
        Command::Migrate => {
            migrate(&state).await?;
            tracing::info!("migrations applied");
        }
        Command::SeedDemo => {
            migrate(&state).await?;
            let report = seed::seed_demo(&state).await.context("seeding demo data")?;
            println!("{report}");
        }
        Command::Reindex => {
            migrate(&state).await?;
            let report = super::search::indexer::reindex_command(&state.db, &state.search).await.context("reindexing search")?;
            println!("{report}");
        }
        Command::Precompress { dir } => precompress(&dir)?,
        Command::FakeOauth { .. } => unreachable!("handled before the state is loaded"),
        Command::Serve => {
            migrate(&state).await?;
            // Instances of one deployment must share one search index (see search/claim.rs).
            super::search::claim::check_at_start(&state).await.context("refusing to start")?;
            let addr = state.config.site_addr;
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
            tracing::info!("Artipul listening on http://{addr}");
            http::serve(listener, state).await.context("serving HTTP")?;
            tracing::info!("stopped");
        }
    }
    Ok(())
}
