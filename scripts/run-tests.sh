#!/usr/bin/env bash
# Runs the whole suite through ctest with the peers it needs: a throwaway
# PostgreSQL cluster (stopped at the end, whatever happens).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/civicdesk-test.XXXXXX)
cleanup() {
  "$root/scripts/pg-cluster.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

export CIVICDESK_TEST_PG_URL=$("$root/scripts/pg-cluster.sh" start "$work/pg")
export CIVICDESK_TEST_PG_DIR="$work/pg"
echo "Test PostgreSQL: $CIVICDESK_TEST_PG_URL"
cd "$root"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 600 "${@:2}"
