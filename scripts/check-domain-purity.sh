#!/usr/bin/env bash
# Fails if src/domain/ reads the clock, the disk or the network, or includes
# a database or networking header (shared/DESIGN.md: "domain/ is pure").
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='system_clock::now|steady_clock::now|std::time\(|gettimeofday|<fstream>|<cstdio>.*fopen|fopen\(|<sqlite3.h>|<libpq-fe.h>|<boost/asio|<boost/beast|<curl/|getenv\(|std::rand\(|random_device'
if grep -rnE "$pattern" src/domain/; then
  echo "src/domain must stay pure: the lines above do I/O or read the clock" >&2
  exit 1
fi
echo "src/domain is pure"
