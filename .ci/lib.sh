# Shared by .ci/dev, .ci/test and .ci/run: prepare a fresh Debian/Ubuntu machine and the services.
# Every step is idempotent and skips what is already there. Sourced, not executed.

ARTIPUL_CACHE="${ARTIPUL_CACHE:-$HOME/.cache/artipul}"
# Project tools (cargo-leptos, wasm-bindgen) live here, never in the global PATH.
ARTIPUL_TOOLS="${ARTIPUL_TOOLS:-$ARTIPUL_CACHE/tools}"
CARGO_LEPTOS_VERSION=0.3.11
# The ES-API server the Elasticsearch backend is tested against (no real Elasticsearch can run here).
NOIDA_DB_VERSION=0.2.3
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

ensure_cargo_leptos() {
  if "$ARTIPUL_TOOLS/bin/cargo-leptos" --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then return; fi
  # Its lockfile needs a newer rustc than stable here; nightly builds it. No downloads at run time.
  if ! rustup toolchain list | grep -q '^nightly'; then
    step "rustup toolchain install nightly (for building cargo-leptos)"
    rustup toolchain install nightly --profile minimal
  fi
  step "building cargo-leptos $CARGO_LEPTOS_VERSION (about 13 minutes on 2 cores, once)"
  cargo +nightly install --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --features no_downloads \
    --root "$ARTIPUL_TOOLS"
}

ensure_wasm_bindgen() {
  local v
  v=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
  [ -n "$v" ] || die "cannot find the wasm-bindgen version in Cargo.lock"
  local dir="$ARTIPUL_TOOLS/wasm-bindgen-$v"
  if ! "$dir/bin/wasm-bindgen" --version 2>/dev/null | grep -q "$v"; then
    step "building wasm-bindgen-cli $v (must equal Cargo.lock; about 2 minutes, once)"
    # Not --locked: its lockfile names a crate the registry no longer has.
    cargo install --root "$dir" wasm-bindgen-cli --version "$v"
  fi
  export PATH="$dir/bin:$PATH"
}

ensure_node_packages() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -x node_modules/.bin/tailwindcss ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci (tailwindcss, wasm-opt, playwright)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
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

ensure_noida() {
  local dir="$ARTIPUL_TOOLS/noida-db-$NOIDA_DB_VERSION"
  if ! "$dir/bin/noida-db" --version 2>/dev/null | grep -q "$NOIDA_DB_VERSION"; then
    step "building noida-db $NOIDA_DB_VERSION (the ES-API server for the search tests; a few minutes, once)"
    cargo install --locked "noida-db@$NOIDA_DB_VERSION" --no-default-features --features elasticsearch --root "$dir"
  fi
  export NOIDA_DB_BIN="$dir/bin/noida-db"
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
  trap 'kill "$NOIDA_PID" 2>/dev/null || true' EXIT
  ELASTICSEARCH_TEST_URL="http://127.0.0.1:$port"
  wait_for 30 "noida-db (Elasticsearch API) on port $port" \
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$ELASTICSEARCH_TEST_URL/"
}

# Environment for running the built server binary outside `cargo leptos`.
export LEPTOS_OUTPUT_NAME=artipul LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg

create_database() { # create_database NAME
  mysql_root -e "CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
