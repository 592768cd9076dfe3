#!/usr/bin/env bash
# Prepares the compose deployment once: an env file with fresh secrets (admin token, Postgres and
# wallet-rpc passwords) and the regtest pool wallet, whose address it adds. What is already in the
# file is kept, so it is safe to run again. The images must be built (deploy/docker/build.sh).
#   deploy/compose/init.sh [ENV_FILE]        default deploy/compose/.env
# Then: docker-compose -f deploy/compose/docker-compose.yml --env-file ENV_FILE up -d
# Environment: COMPOSE (default docker-compose).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
env_file="${1:-$here/.env}"
read -r -a compose <<<"${COMPOSE:-docker-compose}"
compose+=(-f "$here/docker-compose.yml" --env-file "$env_file")

say() { echo "compose init: $*"; }
die() {
  echo "compose init: $*" >&2
  exit 1
}
get() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }
# Adds NAME=VALUE unless the file already gives NAME a value.
keep_or_add() {
  if [ -n "$(get "$1")" ]; then
    say "$1 kept"
  else
    echo "$1=$2" >>"$env_file"
    say "$1 added"
  fi
}
secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

(umask 077 && touch "$env_file")
say "settings in $env_file"
keep_or_add COMPOSE_PROJECT_NAME rxpool
keep_or_add ADMIN_TOKEN "$(secret)"
keep_or_add POSTGRES_PASSWORD "$(secret)"
keep_or_add WALLET_RPC_PASSWORD "$(secret)"

if [ -z "$(get POOL_WALLET_ADDRESS)" ]; then
  say "making the regtest pool wallet (in the wallet volume)"
  address="$("${compose[@]}" run --rm --no-deps -T wallet-rpc create-wallet | tail -n 1)"
  [[ "$address" =~ ^4[0-9A-Za-z]{94}$ ]] || die "create-wallet gave no address (got \"$address\")"
  echo "POOL_WALLET_ADDRESS=$address" >>"$env_file"
  say "POOL_WALLET_ADDRESS added: ${address:0:12}…"
else
  say "POOL_WALLET_ADDRESS kept"
fi
say "ready: ${compose[*]} up -d"
