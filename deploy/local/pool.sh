#!/usr/bin/env bash
# `npm run pool`: set up what is missing, build, then run a complete local pool
# in the foreground (Ctrl-C stops exactly what it started). Options: see
# `npm run pool -- --help` or README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
help=0
for arg in "$@"; do
  case "$arg" in -h | --help) help=1 ;; esac
done
if [ "$help" = 0 ] || [ ! -f "$here/dist/main.js" ]; then
  # shellcheck source=setup.sh
  source "$here/setup.sh"
  rxpool_setup
fi
# exec: the pool process itself receives Ctrl-C and SIGTERM.
exec node "$here/dist/main.js" "$@"
