#!/bin/sh
# rxpool-admin inside the image (`docker run <image> admin …`, `kubectl exec … rxpool-admin …`).
# In the accounting container the API's own settings are the defaults: ADMIN_TOKEN for the
# token and 127.0.0.1:ADMIN_GRPC_PORT for the address, so an operator who execs into it
# need not copy the token. --addr/--token or RXPOOL_ADMIN_ADDR/RXPOOL_ADMIN_TOKEN still win.
set -eu
if [ -z "${RXPOOL_ADMIN_TOKEN:-}" ] && [ -n "${ADMIN_TOKEN:-}" ]; then
  RXPOOL_ADMIN_TOKEN="$ADMIN_TOKEN"
  export RXPOOL_ADMIN_TOKEN
fi
if [ -z "${RXPOOL_ADMIN_ADDR:-}" ] && [ -n "${ADMIN_GRPC_PORT:-}" ]; then
  RXPOOL_ADMIN_ADDR="127.0.0.1:$ADMIN_GRPC_PORT"
  export RXPOOL_ADMIN_ADDR
fi
exec node "${RXPOOL_HOME:-/app}/packages/admin-cli/dist/main.js" "$@"
