#!/usr/bin/env bash
# A serving node's resident memory under a search soak, measured on a whole `paperboy serve` process.
#   scripts/bench-memory.sh DATA_DIR [MINUTES] [RATE]
# Starts `./paperboy serve` on DATA_DIR (PAPERBOY_JAVA_OPTS as a user would set them), waits until it is ready, reads
# its RSS every 10 s while `paperboy bench search --port` sends RATE searches/s (default 100) for MINUTES (default
# 10), each query new, then prints the RSS after the first minute (warm), at the end, and the growth between them.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: scripts/bench-memory.sh DATA_DIR [MINUTES] [RATE]}
minutes=${2:-10}
rate=${3:-100}
port=${PORT:-18089}
queries=${QUERIES:-../shared/bench/queries-arxiv-cs.tsv}
log=$(mktemp)

rss_mib() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
# Of the RSS, the pages of mapped files (Lucene's index, the jar; page cache the kernel can take back) and the rest.
rss_parts() { awk '/^RssFile:/ { f = $2 } /^RssAnon:/ { a = $2 } END { printf "%d MiB anonymous (heap, native), %d MiB of mapped files (index, jar)", a / 1024, f / 1024 }' "/proc/$1/status"; }

# The load comes from loopback with one address per client in X-Forwarded-For, as through a proxy; nothing else runs.
PAPERBOY_SERVER_TRUSTED_PROXIES=127.0.0.1 PAPERBOY_HARVEST_SCHEDULE=false PAPERBOY_DIGEST_SCHEDULE=false \
  ./paperboy serve --data "$data" --port "$port" --host 127.0.0.1 >"$log" 2>&1 &
launcher=$!
trap 'kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -f "$log"' EXIT
# Ready as a load balancer sees it: /readyz answers 200 once the node has warmed up its searches (search.warm-up).
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  kill -0 "$launcher" 2>/dev/null || { echo "bench-memory: the server did not start:" >&2; tail -5 "$log" >&2; exit 1; }
  sleep 1
done
pid=$launcher   # ./paperboy execs java, so the launcher's pid is the JVM's
echo "serving $data on port $port (pid $pid): RSS $(rss_mib "$pid") MiB at start"

samples=$(mktemp)
( while kill -0 "$pid" 2>/dev/null; do echo "$(date +%s) $(rss_mib "$pid")" >>"$samples"; sleep 10; done ) &
sampler=$!
start=$(date +%s)
./paperboy bench search --port "$port" --queries "$queries" --clients 50 --rate "$rate" --minutes "$minutes"
kill "$sampler" 2>/dev/null || true
echo "RSS at the end: $(rss_parts "$pid")"

awk -v start="$start" '
  { t = $1 - start; rss[NR] = $2; at[NR] = t }
  END {
    warm = 0
    for (i = 1; i <= NR; i++) { if (at[i] >= 60 && !warm) warm = i; if (rss[i] > peak) peak = rss[i] }
    if (!warm) { print "bench-memory: the load ended within a minute; no warm sample"; exit }
    printf "RSS MiB every 10 s:"; for (i = 1; i <= NR; i++) printf " %d", rss[i]; printf "\n"
    printf "RSS warm (after 1 min) %d MiB, at the end %d MiB, peak %d MiB: growth %.1f %%\n",
      rss[warm], rss[NR], peak, 100 * (rss[NR] - rss[warm]) / rss[warm]
  }' "$samples"
rm -f "$samples"
