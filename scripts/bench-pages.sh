#!/usr/bin/env bash
# Largest contentful paint, transfer and layout shift per page type in headless Chromium on loopback.
#   scripts/bench-pages.sh              the demo catalogue
#   scripts/bench-pages.sh DATA_DIR     an existing data directory, e.g. one with the 74,728-paper arxiv-cs import
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test -Dtest=PageLoadBench -Dsurefire.failIfNoSpecifiedTests=false -Dpaperboy.bench.pages=true \
  ${1:+-Dpaperboy.bench.data="$(readlink -f "$1")"} -Dpaperboy.bench.runs="${RUNS:-5}"
