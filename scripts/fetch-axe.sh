#!/usr/bin/env bash
# Fetches axe-core (the accessibility rules the browser tests run) from npm into target/axe/axe.min.js.
# Run by the build (pom.xml, phase generate-test-resources); does nothing when that version is already there.
# Without npm or the registry it warns and leaves the file out: only the accessibility test then fails, saying why.
#   scripts/fetch-axe.sh VERSION OUTPUT_DIR
set -euo pipefail
version=${1:?axe-core version}
out=${2:?output directory}
if [[ -s $out/axe.min.js && -f $out/VERSION && $(cat "$out/VERSION") == "$version" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "[WARNING] npm is not installed: axe-core $version not fetched; the accessibility test will fail" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack "axe-core@$version" --prefer-offline --silent >/dev/null 2>"$tmp/npm.log"); then
  echo "[WARNING] npm pack axe-core@$version failed: $(tail -1 "$tmp/npm.log")" >&2
  exit 0
fi
tar -xzf "$tmp"/axe-core-*.tgz -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$out"
mv "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$out/"
echo "$version" > "$out/VERSION"
echo "[INFO] axe-core $version -> $out/axe.min.js"
