#!/usr/bin/env bash
# Reads/s of two Paperboy nodes against one, both on one PostgreSQL database, in one run on this machine.
#   scripts/bench-nodes.sh postgresql://USER:PASSWORD@HOST:5432/DB [SECONDS]
# Starts two `paperboy serve` processes (their own data directories, the same database and secret; the first fills
# an empty database with the demo catalogue), then `paperboy bench reads` runs 50 clients against the first alone
# and against both, each client on one node as behind a load balancer. Both nodes share this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: scripts/bench-nodes.sh postgresql://USER:PASSWORD@HOST:5432/DB [SECONDS]}
seconds=${2:-30}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

export PAPERBOY_DATABASE_URL=$url
export PAPERBOY_SERVER_SECRET=bench-nodes-shared-secret-0123456789abcdef
# No background work: the embedding backfill of the demo papers would take a core from the reads measured.
export PAPERBOY_HARVEST_SCHEDULE=false PAPERBOY_DIGEST_SCHEDULE=false PAPERBOY_SEARCH_EMBED=false
./paperboy config >/dev/null   # builds the jar once, before two launchers would race to
for port in 18091 18092; do
  mkdir "$work/$port"
  ./paperboy serve --data "$work/$port" --port "$port" --host 127.0.0.1 >"$work/$port.log" 2>&1 &
  pids+=($!)
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "bench-nodes: the node on port $port did not start:" >&2; tail -5 "$work/$port.log" >&2; exit 1; }
    sleep 1
  done
  echo "node on port $port ready"
done
./paperboy bench reads --ports 18091,18092 --clients 50 --seconds "$seconds"
