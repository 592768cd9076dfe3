#!/usr/bin/env bash
# `npm run bench`: builds, runs every bench/<area>/*.bench.ts in turn (each
# prints its own progress and writes bench/results/<figure>.json), then merges
# all results into bench/results/latest.json.
#
#   npm run bench                 every benchmark
#   npm run bench -- stratum      only those whose path contains "stratum"
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../deploy/local/setup.sh
source "$root/deploy/local/setup.sh"
rxpool_setup || exit 1
export RXPOOL_TEST_DIR="$root/.local/bench"
mkdir -p "$RXPOOL_TEST_DIR"

mapfile -t all < <(ls bench/*/*.bench.ts 2>/dev/null | sort)
benches=()
for file in "${all[@]}"; do
  if [ $# -eq 0 ]; then
    benches+=("$file")
  else
    for filter in "$@"; do
      case "$file" in *"$filter"*) benches+=("$file"); break ;; esac
    done
  fi
done
if [ ${#benches[@]} -eq 0 ]; then
  echo "bench: no benchmark matches ${*:-bench/*/*.bench.ts}" >&2
  exit 1
fi

failed=()
i=0
for file in "${benches[@]}"; do
  i=$((i + 1))
  echo
  echo "== [$i/${#benches[@]}] $file"
  started=$SECONDS
  if npx tsx "$file"; then
    echo "== $file done in $((SECONDS - started)) s"
  else
    echo "== $file FAILED after $((SECONDS - started)) s"
    failed+=("$file")
  fi
done

echo
npx tsx bench/collect.ts || exit 1
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
