# Shared set-up for `npm run pool`, `npm test` and .ci/run (sourced, not run).
#
# Idempotent: installs only the Debian/Ubuntu packages that are missing (saying
# which), runs `npm ci` when node_modules is missing or older than
# package-lock.json, then builds (the native addon only when its sources changed).
#
#   RXPOOL_SKIP_INSTALL=1   do not touch system packages or node_modules
#   RXPOOL_SKIP_BUILD=1     do not build
#
# Needs root or sudo only when a system package is missing.

rxpool_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# nats-server and the PostgreSQL tools live in sbin or versioned folders.
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin:/sbin" ;; esac

rxpool_say() { printf 'setup: %s\n' "$*"; }

rxpool_any_exists() {
  local f
  for f in "$@"; do [ -e "$f" ] && return 0; done
  return 1
}

# package name → a probe that succeeds when what we need from it is present.
rxpool_has() {
  case "$1" in
    monero) command -v monerod >/dev/null && command -v monero-wallet-rpc >/dev/null ;;
    librandomx-dev) [ -e /usr/include/randomx.h ] && rxpool_any_exists /usr/lib/librandomx.so /usr/lib/*/librandomx.so ;;
    nats-server) command -v nats-server >/dev/null ;;
    postgresql) rxpool_any_exists /usr/lib/postgresql/*/bin/postgres && rxpool_any_exists /usr/lib/postgresql/*/bin/initdb ;;
    build-essential) command -v g++ >/dev/null && command -v make >/dev/null ;;
    python3) command -v python3 >/dev/null ;;
    openssl) command -v openssl >/dev/null ;;
    chromium) command -v chromium >/dev/null ;;
    iproute2) command -v ip >/dev/null ;;
    *) return 1 ;;
  esac
}

rxpool_install_system_packages() {
  local wanted=(monero librandomx-dev nats-server postgresql build-essential python3 openssl chromium iproute2)
  local missing=()
  local p
  for p in "${wanted[@]}"; do rxpool_has "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    rxpool_say "system packages present (${wanted[*]})"
    return 0
  fi
  if ! command -v apt-get >/dev/null; then
    rxpool_say "missing: ${missing[*]} — this set-up knows Debian and Ubuntu (apt-get) only; install them by hand" >&2
    return 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      rxpool_say "missing: ${missing[*]} — run as root or install sudo" >&2
      return 1
    fi
  fi
  rxpool_say "installing from the distribution: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    return 1
  for p in "${missing[@]}"; do
    if ! rxpool_has "$p"; then
      rxpool_say "package $p installed but still not usable" >&2
      return 1
    fi
  done
  rxpool_say "installed ${missing[*]}"
}

rxpool_check_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    rxpool_say "Node.js 20.19 or later with npm is required" >&2
    return 1
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    rxpool_say "Node.js $(node --version) is too old: 20.19 or later is required" >&2
    return 1
  fi
}

rxpool_install_node_modules() {
  local marker="$rxpool_root/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$rxpool_root/package-lock.json" -nt "$marker" ]; then
    rxpool_say "npm ci (node_modules missing or older than package-lock.json)"
    (cd "$rxpool_root" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

# The addon's sources changed since its last build (or it was never built)?
rxpool_native_stale() {
  local dir="$rxpool_root/native/randomx"
  [ -f "$dir/binding.gyp" ] || return 1
  local addon
  addon="$(ls "$dir"/build/Release/*.node 2>/dev/null | head -n 1)"
  [ -n "$addon" ] || return 0
  [ -n "$(find "$dir/binding.gyp" "$dir/cc" -newer "$addon" -print -quit 2>/dev/null)" ]
}

rxpool_build() {
  if rxpool_native_stale; then
    rxpool_say "building the native RandomX addon"
    (cd "$rxpool_root" && npm run --silent build:native) || return 1
  fi
  rxpool_say "building TypeScript (tsc -b)"
  (cd "$rxpool_root" && npm run --silent build:ts) || return 1
}

rxpool_setup() {
  rxpool_check_node || return 1
  if [ "${RXPOOL_SKIP_INSTALL:-}" != 1 ]; then
    rxpool_install_system_packages || return 1
    rxpool_install_node_modules || return 1
  fi
  if [ "${RXPOOL_SKIP_BUILD:-}" != 1 ]; then
    rxpool_build || return 1
  fi
}
