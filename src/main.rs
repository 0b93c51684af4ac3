//! Server entry: parses the command line and hands over to `server::cli`.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    artipul::server::cli::main()
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build has no binary; see `lib.rs` for `hydrate()`.
}
