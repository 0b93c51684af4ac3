# Shared by .ci/dev, .ci/test and .ci/run: prepare a fresh Debian/Ubuntu machine and the services.
# Every step is idempotent and skips what is already there. Sourced, not executed.

ARTIPUL_CACHE="${ARTIPUL_CACHE:-$HOME/.cache/artipul}"
# Project tools (cargo-leptos, wasm-bindgen) live here, never in the global PATH.
ARTIPUL_TOOLS="${ARTIPUL_TOOLS:-$ARTIPUL_CACHE/tools}"
CARGO_LEPTOS_VERSION=0.3.11
# The ES-API server the Elasticsearch backend is tested against (no real Elasticsearch can run here).
NOIDA_DB_VERSION=0.2.3
LEPTOSFMT_VERSION=0.1.33
# The S3-API server the object-storage tests and the cluster run use (moto in server mode, from PyPI).
MOTO_VERSION=5.2.1
export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" MYSQL_PORT="${MYSQL_PORT:-3306}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# Build outputs are cached outside the clone (a fresh clone still builds from scratch if it is empty).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ARTIPUL_CACHE/target}"
export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
export PATH="$ARTIPUL_TOOLS/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

_t0=$(date +%s)
step() { printf '\n\033[1;33m==> [%4ss] %s\033[0m\n' "$(( $(date +%s) - _t0 ))" "$*"; }
die() { printf '\n\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

_apt_updated=""
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages: $* — install them with: sudo apt-get install -y $*"
  fi
  if [ -z "$_apt_updated" ]; then
    step "apt-get update"
    apt-get update -qq || die "apt-get update failed"
    _apt_updated=1
  fi
  step "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

mysql_root() {
  local client=mariadb
  command -v mariadb >/dev/null 2>&1 || client=mysql
  "$client" -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u root --protocol=TCP "$@"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  for _ in $(seq 1 "$((secs * 4))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "$what did not come up within ${secs}s"
}

ensure_mariadb() {
  if mysql_root -e 'SELECT 1' >/dev/null 2>&1; then return; fi
  if [ ! -x /usr/sbin/mariadbd ]; then apt_install mariadb-server mariadb-client; fi
  [ "$(id -u)" = 0 ] || die "MariaDB is not running on $MYSQL_HOST:$MYSQL_PORT; start it (sudo service mariadb start)"
  step "starting MariaDB"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for 60 "MariaDB" mysql_root -e 'SELECT 1'
  # A fresh Debian install authenticates root by socket only; tests connect over TCP without a password.
  mysql_root -e 'SELECT 1' >/dev/null 2>&1 || mariadb -u root -e \
    "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket"
}

ensure_redis() {
  if command -v redis-cli >/dev/null 2>&1 && redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; then return; fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  step "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for 30 "Redis" sh -c "redis-cli -u '$REDIS_URL' ping | grep -q PONG"
}

ensure_services() {
  step "checking MariaDB and Redis"
  ensure_mariadb
  ensure_redis
}

ensure_rust() {
  command -v cargo >/dev/null 2>&1 || die "Rust is not installed (https://rustup.rs)"
  if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  command -v cc >/dev/null 2>&1 || apt_install build-essential
  command -v pkg-config >/dev/null 2>&1 || apt_install pkg-config
}

# `cargo install` with a profile for build speed, not run speed: none of these tools does work where
# optimisation pays (cargo-leptos orchestrates; wasm-bindgen and noida-db get `opt-level = 1`), and their
# own release profiles (fat LTO, one codegen unit) made them the slowest part of a fresh machine's set-up.
# Each builds in its own folder, so several can build at once.
tool_install() { # tool_install NAME OPT_LEVEL cargo-install-arguments...
  local name=$1 opt=$2; shift 2
  local dir="$ARTIPUL_CACHE/tool-build/$name"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_INCREMENTAL=false CARGO_PROFILE_RELEASE_STRIP=true \
    RUSTFLAGS="" cargo ${TOOL_TOOLCHAIN:+"$TOOL_TOOLCHAIN"} install --target-dir "$dir" "$@" || return 1
  rm -rf "$dir"
}

cargo_leptos_ok() { "$ARTIPUL_TOOLS/bin/cargo-leptos" --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; }

ensure_cargo_leptos() {
  if cargo_leptos_ok; then return; fi
  # Its lockfile needs a newer rustc than stable here; nightly builds it. No downloads at run time.
  if ! rustup toolchain list | grep -q '^nightly'; then
    step "rustup toolchain install nightly (for building cargo-leptos)"
    rustup toolchain install nightly --profile minimal
  fi
  step "building cargo-leptos $CARGO_LEPTOS_VERSION (about 6 minutes on 2 cores, once)"
  TOOL_TOOLCHAIN=+nightly tool_install cargo-leptos 0 --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --features no_downloads \
    --root "$ARTIPUL_TOOLS"
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock
}

wasm_bindgen_dir() { echo "$ARTIPUL_TOOLS/wasm-bindgen-$(wasm_bindgen_version)"; }

wasm_bindgen_ok() { "$(wasm_bindgen_dir)/bin/wasm-bindgen" --version 2>/dev/null | grep -q "$(wasm_bindgen_version)"; }

ensure_wasm_bindgen() {
  local v
  v=$(wasm_bindgen_version)
  [ -n "$v" ] || die "cannot find the wasm-bindgen version in Cargo.lock"
  if ! wasm_bindgen_ok; then
    step "building wasm-bindgen-cli $v (must equal Cargo.lock; about 2 minutes, once)"
    # Not --locked: its lockfile names a crate the registry no longer has. Only the one binary we run.
    tool_install wasm-bindgen 1 --root "$(wasm_bindgen_dir)" wasm-bindgen-cli --version "$v" --bin wasm-bindgen
  fi
  export PATH="$(wasm_bindgen_dir)/bin:$PATH"
}

ensure_node_packages() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci (tailwindcss, wasm-opt, playwright, the Pretendard web font)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  install_web_font
}

# Pretendard, self-hosted: the variable font split into unicode-range subsets (the browser fetches only
# the ones a page's text needs; font-display: swap), from the pinned `pretendard` npm package into
# public/fonts/pretendard/ (not in git), which cargo-leptos copies into the site.
install_web_font() {
  local from=node_modules/pretendard/dist/web/variable to=public/fonts/pretendard
  [[ -f "$to/pretendardvariable-dynamic-subset.css" && "$to/pretendardvariable-dynamic-subset.css" -nt "$from/pretendardvariable-dynamic-subset.css" ]] && return 0
  mkdir -p "$to"
  cp -r "$from/woff2-dynamic-subset" "$to/"
  cp "$from/pretendardvariable-dynamic-subset.css" "$to/"
  cp node_modules/pretendard/dist/LICENSE.txt "$to/LICENSE.txt"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  # Korean glyphs in screenshots.
  if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then apt_install fonts-noto-cjk; fi
}

ensure_build_tools() {
  ensure_rust
  ensure_node_packages
  ensure_cargo_leptos
  ensure_wasm_bindgen
}

noida_dir() { echo "$ARTIPUL_TOOLS/noida-db-$NOIDA_DB_VERSION"; }

noida_ok() { "$(noida_dir)/bin/noida-db" --version 2>/dev/null | grep -q "$NOIDA_DB_VERSION"; }

ensure_noida() {
  if ! noida_ok; then
    step "building noida-db $NOIDA_DB_VERSION (the ES-API server for the search tests; about 4 minutes, once)"
    tool_install noida-db 1 --locked "noida-db@$NOIDA_DB_VERSION" --no-default-features --features elasticsearch \
      --root "$(noida_dir)"
  fi
  export NOIDA_DB_BIN="$(noida_dir)/bin/noida-db"
}

moto_dir() { echo "$ARTIPUL_TOOLS/moto-$MOTO_VERSION"; }

ensure_moto() {
  if ! "$(moto_dir)/bin/moto_server" --help >/dev/null 2>&1; then
    step "installing moto[server] $MOTO_VERSION (the S3-API server for the object-storage tests) into $(moto_dir)"
    rm -rf "$(moto_dir)"
    python3 -m venv "$(moto_dir)"
    "$(moto_dir)/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
  fi
  export MOTO_SERVER_BIN="$(moto_dir)/bin/moto_server"
}

# Starts a private moto (S3 API only) on a free port; sets S3_TEST_ENDPOINT and stops it when the calling
# script exits (alongside noida-db, if that was started first).
start_moto() {
  local port log
  port="$(free_port)"
  log="$(mktemp)"
  "$MOTO_SERVER_BIN" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  MOTO_PID=$!
  trap 'kill "${NOIDA_PID:-}" "${MOTO_PID:-}" 2>/dev/null || true' EXIT
  S3_TEST_ENDPOINT="http://127.0.0.1:$port"
  wait_for 60 "moto (S3 API) on port $port" \
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$S3_TEST_ENDPOINT/moto-api/"
}

ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 || apt_install haproxy
}

leptosfmt_dir() { echo "$ARTIPUL_TOOLS/leptosfmt-$LEPTOSFMT_VERSION"; }

leptosfmt_ok() { "$(leptosfmt_dir)/bin/leptosfmt" --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; }

# The formatter of `view!` macros (`.ci/lint` checks the tree with it; `leptosfmt.toml` is its config).
ensure_leptosfmt() {
  if ! leptosfmt_ok; then
    step "building leptosfmt $LEPTOSFMT_VERSION (formats view! macros; about 1 minute, once)"
    tool_install leptosfmt 1 --locked "leptosfmt@$LEPTOSFMT_VERSION" --root "$(leptosfmt_dir)"
  fi
  export PATH="$(leptosfmt_dir)/bin:$PATH"
}

# Missing tools build in the background (one after another, in the order given) while the caller
# builds the app; `await_tool NAME` waits until NAME is installed. Their output goes to a log that is
# shown if one fails. On a machine that has them all this starts nothing.
TOOLS_LOG="$ARTIPUL_CACHE/logs/tools.log"
mkdir -p "$ARTIPUL_CACHE/logs"
start_tool_builds() { # start_tool_builds NAME... (cargo_leptos, wasm_bindgen, noida, leptosfmt)
  local missing=()
  for t in "$@"; do "${t}_ok" || missing+=("$t"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  mkdir -p "$(dirname "$TOOLS_LOG")"
  step "building ${missing[*]} in the background (log: $TOOLS_LOG)"
  # At the lowest CPU priority: the foreground (building and running the tests) comes first, and the
  # tools use what it leaves idle.
  ( set -e; renice -n 19 "$BASHPID" >/dev/null 2>&1 || true; for t in "${missing[@]}"; do "ensure_$t"; done ) >"$TOOLS_LOG" 2>&1 &
  # Exported: scripts this one runs (.ci/lint) wait for the same background build.
  export TOOLS_PID=$!
}

await_tool() { # await_tool NAME
  local t=$1
  if ! "${t}_ok" && [ -z "${TOOLS_PID:-}" ]; then
    "ensure_$t" # nothing is building it in the background: build it here
    return
  fi
  if ! "${t}_ok"; then
    step "waiting for the background build of $t"
    while ! "${t}_ok"; do
      if [ -n "${TOOLS_PID:-}" ] && ! kill -0 "$TOOLS_PID" 2>/dev/null && ! "${t}_ok"; then
        tail -n 40 "$TOOLS_LOG" >&2
        die "building $t failed (full log: $TOOLS_LOG)"
      fi
      sleep 2
    done
  fi
  "ensure_$t"
}

# Starts a private noida-db (Elasticsearch API only) on a free port with its data in a temporary
# folder; sets ELASTICSEARCH_TEST_URL and stops it when the calling script exits.
start_noida() {
  local port data
  port="$(free_port)"
  data="$(mktemp -d)"
  "$NOIDA_DB_BIN" start --only elasticsearch --host 127.0.0.1 --elasticsearch-port "$port" --data-dir "$data" \
    >"$data/noida.log" 2>&1 &
  NOIDA_PID=$!
  trap 'kill "${NOIDA_PID:-}" "${MOTO_PID:-}" 2>/dev/null || true' EXIT
  ELASTICSEARCH_TEST_URL="http://127.0.0.1:$port"
  wait_for 30 "noida-db (Elasticsearch API) on port $port" \
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$ELASTICSEARCH_TEST_URL/"
}

# Cargo for the app outside cargo-leptos, with the flags `cargo leptos build` uses for debug builds
# (`--cfg erase_components`), so tests, the dev server and the browser tests share one set of compiled
# dependencies. Not exported: cargo-leptos sets RUSTFLAGS itself.
app_cargo() {
  RUSTFLAGS="--cfg erase_components" cargo "$@"
}

# What `cargo leptos build` runs for the browser half (debug), so that it can build before cargo-leptos
# itself is installed; cargo-leptos then finds it fresh.
prebuild_front() {
  app_cargo build --package=artipul --lib --target-dir="$CARGO_TARGET_DIR/front" --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate
}

# What `cargo leptos build` runs for the server half (debug).
prebuild_server() {
  app_cargo build --package=artipul --bin=artipul --no-default-features --features=ssr
}

# Demo paintings are deterministic: seeding keeps them here and reads them back (see seed/painting.rs).
export ARTIPUL_PAINT_CACHE="${ARTIPUL_PAINT_CACHE:-$ARTIPUL_CACHE/paintings}"

# Environment for running the built server binary outside `cargo leptos`.
export LEPTOS_OUTPUT_NAME=artipul LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg

# Outside production the server generates its receipt key per run; the demo data's certificates and
# receipts are signed by `seed-demo`, a separate run, so development and the browser tests share one
# key kept in the tool cache (production sets RECEIPT_SIGNING_KEY itself: docs/DEPLOY.md).
dev_receipt_key() {
  local file="$ARTIPUL_CACHE/dev-receipt-key"
  [[ -s "$file" ]] || { mkdir -p "$ARTIPUL_CACHE"; head -c 32 /dev/urandom | base64 >"$file"; }
  export RECEIPT_SIGNING_KEY="${RECEIPT_SIGNING_KEY:-$(cat "$file")}"
}

create_database() { # create_database NAME
  mysql_root -e "CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
