#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and
# runs each for a bounded time over its seed corpus.
#   scripts/fuzz.sh            60 seconds per target (make fuzz)
#   scripts/fuzz.sh --smoke    10 seconds per target (part of make test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
[ "${1:-}" = "--smoke" ] && seconds=10
build="$root/build-fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCIVICDESK_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" --target body_fuzzer query_fuzzer open311_form_fuzzer media_fuzzer >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in body query open311_form media; do
  mkdir -p "$work/$target"
  cp "$root/tests/fuzz/corpus/$target"/* "$work/$target/"
  echo "fuzzing ${target} parsers for ${seconds}s"
  "$build/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=0 "$work/$target" >"$work/$target.log" 2>&1 || {
      tail -50 "$work/$target.log"; echo "fuzz: ${target}_fuzzer found a problem" >&2; exit 1; }
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$work/$target.log" | tail -1 || true
done
