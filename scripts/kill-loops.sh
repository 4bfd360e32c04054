#!/usr/bin/env bash
# Kill loops: `import arxiv-snapshot`, `harvest` (replayed OAI-PMH fixtures) and `digest send` (GreenMail), each run
# as its own JVM, killed with SIGKILL at random moments KILLS times, then run to the end; prints where each kill
# landed and the end state beside an uninterrupted run's. CI runs the same tests with 3 kills each.
#   scripts/kill-loops.sh                 20 kills each (about 15 minutes on two busy cores)
#   KILLS=5 SEED=7 RECORDS=20000 scripts/kill-loops.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -o test -Dtest='ImportKillLoopTest,HarvestKillLoopTest,DigestKillLoopTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpaperboy.skip-postgresql -Dpaperboy.kill-loops="${KILLS:-20}" -Dpaperboy.kill-loops.seed="${SEED:-20261130}" \
  -Dpaperboy.kill-loops.records="${RECORDS:-10000}" \
  | grep -E '^(== kill loop|import kill|harvest kill|digest kill|\[ERROR\]|\[INFO\] Tests run:|Tests run:)' || true
