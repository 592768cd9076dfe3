#!/bin/sh
# rxpool image entry point: the first argument names the service to run; the rest go to it.
#   gateway | job-manager | validator | accounting | stats-web   a long-running service
#   migrate [up|down|status]                          the database migrations (accounting's schema)
set -eu

app_home="${RXPOOL_HOME:-/app}"

usage() {
  echo "usage: entrypoint.sh gateway|job-manager|validator|accounting|stats-web|migrate [args…]" >&2
}

if [ "$#" -eq 0 ]; then
  usage
  exit 64
fi

service="$1"
shift
case "$service" in
  gateway) main=services/stratum-gateway/dist/main.js ;;
  job-manager) main=services/job-manager/dist/main.js ;;
  validator) main=services/share-validator/dist/main.js ;;
  accounting) main=services/accounting/dist/main.js ;;
  stats-web) main=services/stats-web/dist/main.js ;;
  migrate) main=services/accounting/dist/migrate.js ;;
  -h | --help | help)
    usage
    exit 0
    ;;
  *)
    echo "entrypoint.sh: unknown service \"$service\"" >&2
    usage
    exit 64
    ;;
esac

# A larger young generation halves GC time in share ingest (ACCOUNTING_NODE_OPTIONS in deploy/local).
node_flags=
if [ "$service" = accounting ]; then node_flags="--max-semi-space-size=64"; fi

# exec: node becomes the process that receives SIGTERM (tini, PID 1, forwards it).
# shellcheck disable=SC2086 # node_flags holds zero or more separate flags
exec node $node_flags "$app_home/$main" "$@"
