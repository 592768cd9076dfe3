#!/usr/bin/env bash
# The devnet image's entry point: one part of the regtest devnet under the pool, named by the
# first argument, its state under /data/<part>. Each part runs as an unprivileged user; this
# script starts as root only to own its volume first.
#   nats | postgres | monerod | wallet-rpc    a long-running part
#   create-wallet                             makes the pool wallet once; prints its address
#   health <part>                             exit 0 when the part answers (the compose health checks)
set -euo pipefail

part="${1:-help}"
[ "$#" -eq 0 ] || shift

say() { echo "devnet $part: $*" >&2; }
die() {
  echo "devnet $part: $*" >&2
  exit 78
}
# Runs (exec) a command as an unprivileged user.
as() {
  local user="$1"
  shift
  exec setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
}
own() {
  mkdir -p "$1"
  chown "$2:$2" "$1"
  chmod 0700 "$1"
}
# One JSON-RPC call; prints the answer. Args: url, method, params (JSON), curl options…
rpc() {
  local url="$1" method="$2" params="$3"
  shift 3
  curl -sf -m 60 "$@" "$url" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"$method\",\"params\":$params}"
}
# Waits up to $2 seconds for "$@" (from $3 on) to succeed.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq "$((seconds * 2))"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "$what did not answer within $seconds s"
}

run_nats() {
  own /data/nats devnet
  as devnet nats-server --jetstream --store_dir /data/nats --port 4222 --http_port 8222 "$@"
}

run_postgres() {
  local data=/data/postgres bin=/usr/lib/postgresql/15/bin
  own "$data" postgres
  if [ ! -s "$data/PG_VERSION" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || die "POSTGRES_PASSWORD is required to initialise the database"
    say "initialising a cluster in $data with role and database rxpool"
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    chown postgres "$pwfile"
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/initdb" -D "$data" -U postgres \
      --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$data/pg_hba.conf"
    # The role and database, on a server that listens on no TCP address while it is made.
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/pg_ctl" -D "$data" -w -s \
      -o "-c listen_addresses='' -c unix_socket_directories=/tmp" start
    local sql="CREATE ROLE rxpool LOGIN PASSWORD :'pw'; CREATE DATABASE rxpool OWNER rxpool;"
    setpriv --reuid=postgres --regid=postgres --init-groups -- psql -h /tmp -U postgres -q -v ON_ERROR_STOP=1 \
      -v pw="$POSTGRES_PASSWORD" <<<"$sql"
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/pg_ctl" -D "$data" -w -s stop
  fi
  as postgres "$bin/postgres" -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp "$@"
}

# Flags of every monerod run: a private regtest chain kept across restarts.
MONEROD_FLAGS=(--regtest --offline --keep-fakechain --non-interactive --no-igd --data-dir /data/monerod
  --disable-dns-checkpoints --check-updates disabled --rpc-ssl disabled --log-level 0 --p2p-bind-ip 127.0.0.1)

# A fresh chain is first mined to INITIAL_BLOCKS at difficulty 1 (monerod's own miner hashes at
# CPU speed, hours at the block difficulty), so templates have a chain under them and the pool
# wallet has unlocked coins; then monerod runs at the block difficulty meant for real miners.
run_monerod() {
  own /data/monerod devnet
  local marker=/data/monerod/initial-blocks-mined initial="${INITIAL_BLOCKS:-70}"
  if [ ! -e "$marker" ]; then
    [ -n "${POOL_WALLET_ADDRESS:-}" ] || die "POOL_WALLET_ADDRESS is required (deploy/compose/init.sh makes the pool wallet)"
    local url=http://127.0.0.1:18091/json_rpc
    setpriv --reuid=devnet --regid=devnet --init-groups -- monerod "${MONEROD_FLAGS[@]}" --fixed-difficulty 1 \
      --rpc-bind-ip 127.0.0.1 --rpc-bind-port 18091 --no-zmq >/dev/null &
    local pid=$!
    wait_for "monerod (difficulty 1)" 120 rpc "$url" get_info '{}'
    local height
    height="$(rpc "$url" get_info '{}' | sed -n 's/.*"height": *\([0-9]*\).*/\1/p' | head -n 1)"
    say "mining $((initial > height ? initial - height : 0)) blocks to the pool wallet at difficulty 1 (chain at height $height)"
    # In steps of 10: one call for all of them can outlast curl's timeout on a busy machine.
    while [ "$height" -lt "$initial" ]; do
      local n=$((initial - height < 10 ? initial - height : 10))
      rpc "$url" generateblocks "{\"amount_of_blocks\":$n,\"wallet_address\":\"$POOL_WALLET_ADDRESS\"}" >/dev/null ||
        die "generateblocks failed"
      height=$((height + n))
    done
    kill -TERM "$pid"
    wait "$pid" || true
    date -u +%FT%TZ >"$marker"
    say "chain at height $initial; monerod now runs at fixed difficulty ${MONEROD_FIXED_DIFFICULTY:-2400}"
  fi
  as devnet monerod "${MONEROD_FLAGS[@]}" --fixed-difficulty "${MONEROD_FIXED_DIFFICULTY:-2400}" \
    --rpc-bind-ip 0.0.0.0 --confirm-external-bind --rpc-bind-port 18081 --zmq-pub tcp://0.0.0.0:18083 "$@"
}

WALLET_FLAGS=(--non-interactive --rpc-ssl disabled --daemon-ssl disabled --log-level 0)

create_wallet() {
  own /data/wallet devnet
  local url=http://127.0.0.1:18098/json_rpc
  setpriv --reuid=devnet --regid=devnet --init-groups -- monero-wallet-rpc "${WALLET_FLAGS[@]}" --offline \
    --wallet-dir /data/wallet --rpc-bind-ip 127.0.0.1 --rpc-bind-port 18098 --disable-rpc-login \
    --log-file /tmp/wallet-init.log >/dev/null &
  local pid=$!
  wait_for "wallet-rpc (offline)" 60 rpc "$url" get_version '{}'
  if [ -e /data/wallet/pool ]; then
    say "the pool wallet is already there"
    rpc "$url" open_wallet '{"filename":"pool","password":""}' >/dev/null || die "cannot open /data/wallet/pool"
  else
    say "making the pool wallet /data/wallet/pool"
    rpc "$url" create_wallet '{"filename":"pool","password":"","language":"English"}' >/dev/null ||
      die "create_wallet failed"
  fi
  rpc "$url" get_address '{"account_index":0}' | sed -n 's/.*"address": *"\([0-9A-Za-z]*\)".*/\1/p' | head -n 1
  rpc "$url" close_wallet '{}' >/dev/null || true
  kill -TERM "$pid"
  wait "$pid" || true
}

wallet_rpc() {
  [ -e /data/wallet/pool ] || die "no pool wallet in /data/wallet: run deploy/compose/init.sh first"
  [ -n "${WALLET_RPC_PASSWORD:-}" ] || die "WALLET_RPC_PASSWORD is required"
  own /data/wallet devnet
  as devnet monero-wallet-rpc "${WALLET_FLAGS[@]}" --wallet-file /data/wallet/pool --password "" \
    --daemon-address "${MONEROD_ADDRESS:-monerod:18081}" --trusted-daemon \
    --rpc-bind-ip 0.0.0.0 --confirm-external-bind --rpc-bind-port 18088 --rpc-login "rxpool:$WALLET_RPC_PASSWORD" \
    --log-file /data/wallet/wallet-rpc.log "$@"
}

run_health() {
  case "${1:-}" in
    nats) curl -sf -m 5 http://127.0.0.1:8222/healthz >/dev/null ;;
    postgres) /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p 5432 ;;
    # Asking for the tip's PoW hash also builds monerod's RandomX cache before a block is found.
    monerod) rpc http://127.0.0.1:18081/json_rpc get_last_block_header '{"fill_pow_hash":true}' | grep -q '"pow_hash"' ;;
    wallet-rpc) rpc http://127.0.0.1:18088/json_rpc get_version '{}' --digest -u "rxpool:$WALLET_RPC_PASSWORD" >/dev/null ;;
    *) die "health of what? nats, postgres, monerod or wallet-rpc" ;;
  esac
}

case "$part" in
  nats) run_nats "$@" ;;
  postgres) run_postgres "$@" ;;
  monerod) run_monerod "$@" ;;
  wallet-rpc) wallet_rpc "$@" ;;
  create-wallet) create_wallet ;;
  health) run_health "$@" ;;
  help | -h | --help) echo "usage: devnet nats|postgres|monerod|wallet-rpc|create-wallet|health <part>" ;;
  *)
    echo "devnet: unknown part \"$part\": one of nats, postgres, monerod, wallet-rpc, create-wallet, health" >&2
    exit 64
    ;;
esac
