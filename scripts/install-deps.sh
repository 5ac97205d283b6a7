#!/usr/bin/env bash
# Installs the Debian 12 packages civicdesk needs, only those missing.
#   scripts/install-deps.sh build        compile and run the server
#   scripts/install-deps.sh test         + test tools (PostgreSQL, clang for fuzzing, ...)
#   scripts/install-deps.sh bench        + benchmark tools
# Node.js and npm (the pages' front end is built with npm packages) are
# installed from Debian only when `node`/`npm` are not already on the PATH,
# so a Node the machine already has (its own packages, nvm...) is kept.
set -euo pipefail

build=(g++ cmake ninja-build pkg-config make tzdata ca-certificates
       libboost-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libhowardhinnant-date-dev
       libsodium-dev libssl-dev libcurl4-openssl-dev libmstch-dev libspdlog-dev libfmt-dev
       libcli11-dev libphonenumber-dev libxlsxwriter-dev sqlite3)
test=(libgtest-dev libgmock-dev postgresql postgresql-contrib clang libclang-rt-14-dev
      python3 python3-aiosmtpd curl chromium)
bench=(libbenchmark-dev wrk)

wanted=("${build[@]}")
for group in "$@"; do
  case "$group" in
    build) ;;
    test) wanted+=("${test[@]}") ;;
    bench) wanted+=("${test[@]}" "${bench[@]}") ;;
    *) echo "install-deps: unknown group '$group' (use build, test or bench)" >&2; exit 2 ;;
  esac
done

# Node and npm: whatever provides the commands will do.
if ! command -v node >/dev/null 2>&1; then wanted+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then wanted+=(npm); fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or install the packages above with apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
