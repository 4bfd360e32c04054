#!/usr/bin/env bash
# Requests/s and p99 latency of Paperboy's /papers and /api/daily_papers?date=… with the arxiv-cs corpus loaded,
# side by side with nginx serving the very same response bytes as static files (the practical HTTP limit here).
#   bench/http.sh [SNAPSHOT] [DURATION]      needs: apt-get install -y nginx-light wrk
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
snapshot=${1:-$root/../shared/data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz}
duration=${2:-10s}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; nginx -s stop -c "$work/nginx.conf" 2>/dev/null; rm -rf "$work"' EXIT
for tool in nginx wrk curl; do command -v $tool >/dev/null || { echo "bench/http.sh: needs $tool (apt-get install -y nginx-light wrk curl)" >&2; exit 1; }; done

echo "== importing $(basename "$snapshot") into a fresh data directory"
PAPERBOY_DEMO_LOAD=false "$root/paperboy" import arxiv-snapshot --data "$work/data" "$snapshot" | tail -1
# Serving alone is measured: no background embedding, and the search index built before the clock starts.
PAPERBOY_DEMO_LOAD=false PAPERBOY_SEARCH_EMBED=false "$root/paperboy" serve --data "$work/data" --port 18080 --host 127.0.0.1 > "$work/serve.log" 2>&1 &
until curl -sf localhost:18080/healthz >/dev/null; do sleep 0.3; done
until curl -s localhost:18080/api/status | grep -q '"papers waiting to be indexed":"0"'; do sleep 1; done

day=$(curl -s 'localhost:18080/api/daily_papers?limit=1' | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["publishedAt"][:10])')
mkdir -p "$work/www/api"
curl -s localhost:18080/papers -o "$work/www/papers.html"
curl -s "localhost:18080/api/daily_papers?date=$day" -o "$work/www/api/daily.json"
# The gzip variants, byte for byte as Paperboy sends them to clients that accept gzip (browsers, huggingface_hub).
curl -s -H 'Accept-Encoding: gzip' localhost:18080/papers -o "$work/www/papers.html.gz"
curl -s -H 'Accept-Encoding: gzip' "localhost:18080/api/daily_papers?date=$day" -o "$work/www/api/daily.json.gz"
cat > "$work/nginx.conf" <<CONF
worker_processes auto; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000; gzip_static on;
  server { listen 127.0.0.1:18081; root $work/www;
    location = /papers { default_type "text/html; charset=utf-8"; try_files /papers.html =404; }
    location = /api/daily_papers { default_type "application/json"; try_files /api/daily.json =404; } } }
CONF
nginx -c "$work/nginx.conf"
printf '== feed day %s: /papers %s bytes, /api/daily_papers %s bytes\n' "$day" \
  "$(stat -c %s "$work/www/papers.html")" "$(stat -c %s "$work/www/api/daily.json")"

measure() {  # url [header] -> "requests/s p99"
  wrk -t2 -c50 -d"$duration" --latency ${2:+-H "$2"} "$1" | awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r, p}'
}
printf '%-46s %12s %10s %12s %10s %8s\n' endpoint paperboy-rps p99 nginx-rps p99 ratio
for encoding in "" "gzip"; do
  for path in "/papers" "/api/daily_papers?date=$day"; do
    header=${encoding:+Accept-Encoding: $encoding}
    curl -s "localhost:18080$path" >/dev/null   # render once so both start warm
    read -r ours ours_p99 <<< "$(measure "http://127.0.0.1:18080$path" "$header")"
    read -r theirs theirs_p99 <<< "$(measure "http://127.0.0.1:18081$path" "$header")"
    printf '%-46s %12s %10s %12s %10s %8.2f\n' "$path${encoding:+ (gzip)}" "$ours" "$ours_p99" "$theirs" "$theirs_p99" \
      "$(python3 -c "print($ours/$theirs)")"
  done
done
