#!/usr/bin/env bash
# `npm run pool`: set up what is missing, build, then run a complete local pool
# in the foreground (Ctrl-C stops exactly what it started). Options: see
# `npm run pool -- --help` or README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case " $* " in
  *" --help "* | *" -h "*) ;;
  *)
    # shellcheck source=setup.sh
    source "$here/setup.sh"
    rxpool_setup
    ;;
esac
# exec: the pool process receives Ctrl-C and SIGTERM itself.
exec node "$here/dist/main.js" "$@"
