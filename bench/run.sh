#!/usr/bin/env bash
# make bench: builds are done by the Makefile; this runs every benchmark and
# rewrites BENCHMARKS.md. Takes a few minutes (BENCH_SECONDS per HTTP load).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/run.py "${1:-build}"
