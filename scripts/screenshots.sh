#!/usr/bin/env bash
# Screenshots of each page type (light and dark, desktop 1280x900 and phone 390x844) into docs/screenshots/,
# taken in headless Chromium from a server with the demo catalogue. Needs: apt-get install -y chromium chromium-driver
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$PWD/docs/screenshots}
./mvnw -B -q -o test -Dtest=ScreenshotsTool -Dsurefire.failIfNoSpecifiedTests=false -Dpaperboy.screenshots="$out"
ls "$out"
