//! The real `artipul` binary refuses bad configuration at start-up, naming the variable.

use std::process::Command;

fn artipul(env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_artipul"));
    cmd.arg("migrate").env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn assert_refused(env: &[(&str, &str)], var: &str) {
    let out = artipul(env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "exit code for {var}: {stderr}");
    assert!(stderr.contains(var), "stderr names {var}: {stderr}");
}

const DB: (&str, &str) = ("DATABASE_URL", "mysql://root@127.0.0.1:3306/artipul_startup");
const REDIS: (&str, &str) = ("REDIS_URL", "redis://127.0.0.1:6379");

#[test]
fn a_missing_database_url_is_named() {
    assert_refused(&[REDIS], "DATABASE_URL");
}

#[test]
fn a_missing_redis_url_is_named() {
    assert_refused(&[DB], "REDIS_URL");
}

#[test]
fn a_bad_app_env_is_named() {
    assert_refused(&[DB, REDIS, ("APP_ENV", "staging")], "APP_ENV");
}

#[test]
fn without_app_env_the_start_is_a_production_one() {
    assert_refused(&[DB, REDIS], "APP_SECRET");
    assert_refused(
        &[DB, REDIS, ("PAYMENT_GATEWAY", "test"), ("APP_SECRET", &"s".repeat(40)), ("JWT_SECRET", &"j".repeat(40))],
        "APP_ENV is not set",
    );
}

#[test]
fn production_without_secrets_is_refused() {
    assert_refused(&[DB, REDIS, ("APP_ENV", "production")], "APP_SECRET");
}

#[test]
fn a_broken_settings_file_is_named() {
    let dir = std::env::temp_dir().join(format!("artipul-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[site]\nname = 1\n").unwrap();
    let out = artipul(&[DB, REDIS, ("APP_ENV", "development"), ("ARTIPUL_SETTINGS", path.to_str().unwrap())]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad.toml"), "{stderr}");
}
