#!/bin/sh
# rxpool image entry point: the first argument names what to run; the rest go to it.
#   gateway | job-manager | validator | accounting | stats-web   a long-running service
#   migrate [up|down|status]                          the database migrations (accounting's schema)
#   admin <command> …                                 rxpool-admin, the operator's command line
# Misuse (no service, an unknown one, arguments a service does not take) is answered with one
# line on stderr and exit 64; a service with a bad or missing variable says so in one line
# itself (exit 78).
set -eu

app_home="${RXPOOL_HOME:-/app}"
services="gateway, job-manager, validator, accounting, stats-web, migrate, admin"

fail() {
  echo "rxpool: $*" >&2
  exit 64
}

[ "$#" -gt 0 ] || fail "name what to run: one of $services"

service="$1"
shift
case "$service" in
  gateway) main=services/stratum-gateway/dist/main.js ;;
  job-manager) main=services/job-manager/dist/main.js ;;
  validator) main=services/share-validator/dist/main.js ;;
  accounting) main=services/accounting/dist/main.js ;;
  stats-web) main=services/stats-web/dist/main.js ;;
  migrate) main=services/accounting/dist/migrate.js ;;
  admin) exec rxpool-admin "$@" ;;
  -h | --help | help)
    echo "usage: docker run <image> <service> [args]: one of $services; settings come from environment variables (README, Configuration reference)"
    exit 0
    ;;
  *) fail "unknown service \"$service\": one of $services" ;;
esac

# The long-running services take their settings from the environment only: an argument is a
# mistake (e.g. `gateway --port 3333`), and passing it on would be silently ignored.
if [ "$service" != migrate ] && [ "$#" -gt 0 ]; then
  case "$1" in
    -h | --help) echo "rxpool $service takes no arguments: it reads its settings from environment variables (README, Configuration reference)" && exit 0 ;;
    *) fail "$service takes no arguments (got \"$*\"): set its environment variables instead (README, Configuration reference)" ;;
  esac
fi

# A larger young generation halves GC time in share ingest (ACCOUNTING_NODE_OPTIONS in deploy/local).
node_flags=
if [ "$service" = accounting ]; then node_flags="--max-semi-space-size=64"; fi

# exec: node becomes the process that receives SIGTERM (tini, PID 1, forwards it).
# shellcheck disable=SC2086 # node_flags holds zero or more separate flags
exec node $node_flags "$app_home/$main" "$@"
