#!/usr/bin/env bash
# `npm test` (and `npm run test:full` with --full): installs what is missing and
# builds (the helpers of `npm run pool`), runs every tier in turn — unit,
# integration (real nats-server, Postgres, regtest monerod, RandomX), end to
# end — and ends with one line `N passed, N failed` (`, N skipped` when any).
#
#   --full      also run the long suites (files named *.full.int.test.ts / *.full.e2e.test.ts)
#   other args  passed to every vitest run (e.g. a file filter)
#
# Tests start their own private instances (own ports, own data dirs, own
# databases) under one folder per run, so two runs never collide and need no
# Postgres or NATS already running.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

full=0
pass=()
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    *) pass+=("$arg") ;;
  esac
done

# shellcheck source=../deploy/local/setup.sh
source "$root/deploy/local/setup.sh"
if ! rxpool_setup; then
  echo "set-up or build failed; no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi

# A short folder: Postgres refuses a Unix socket path over 107 bytes.
export RXPOOL_TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/rxpool-test-XXXXXX")"
chmod 755 "$RXPOOL_TEST_DIR"
results="$RXPOOL_TEST_DIR/results"
mkdir -p "$results"
# Folders of earlier failed runs are kept for their logs, for a day.
find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'rxpool-test-*' -mtime +0 -exec rm -rf {} + 2>/dev/null

# vitest.config.ts leaves the long suites out unless RXPOOL_FULL=1.
export RXPOOL_FULL="$full"

reports=()
for tier in unit integration e2e; do
  echo
  echo "== $tier tests"
  started=$SECONDS
  npx vitest run --project "$tier" --passWithNoTests \
    --reporter=default --reporter=json --outputFile.json="$results/$tier.json" \
    "${pass[@]}"
  code=$?
  echo "== $tier tests: exit code $code after $((SECONDS - started)) s"
  reports+=("$tier=$results/$tier.json:$code")
done

summary="$(npx tsx test/tools/summarize.ts "${reports[@]}")"
status=$?
if ! printf '%s\n' "$summary" | tail -n 1 | grep -Eq '^[0-9]+ passed, [0-9]+ failed'; then
  summary="$summary"$'\n'"the summary of the reports failed"$'\n'"0 passed, 1 failed"
  status=1
fi
if [ "$status" = 0 ]; then
  rm -rf "$RXPOOL_TEST_DIR"
else
  echo "logs of this run's private instances: $RXPOOL_TEST_DIR"
fi
# The closing line stays the last one printed.
printf '%s\n' "$summary"
exit "$status"
