#!/usr/bin/env bash
# The whole test suite, as CI runs it (`./digisoc test` installs first, then calls this):
#   1. quality gates: tsc --noEmit, ESLint, Prettier, the layer rules (dependency-cruiser, docs/architecture.md)
#   2. Jest on SQLite: unit (domain rules), workflow (time-skipping server), integration + browser (real stack),
#      with a coverage summary
#   2b. the production build (npm run build) run with plain node: seed, API, registry simulator
#   3. the fuzzer: schemathesis against the live /openapi.json of a throw-away stack (scripts/fuzz.ts, ≈ 2 min)
#   4. the database-backed suites again on PostgreSQL (a throw-away local cluster)
#   5. the production topology (real Temporal server on PostgreSQL, 2 workers, 2 APIs, MinIO on 4 drives) and its
#      failure drills (tests/cluster; scripts/setup-cluster.sh builds the Temporal server once, cached in .tools/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/env.sh"
say() { printf '\n\033[1;34m[test]\033[0m %s\n' "$*"; }
# One test file at a time: every suite starts its own worker and servers, and 2 cores shared by several real
# stacks make timing-sensitive workflow tests flaky. Jest keeps each ES-module file's module graph for the whole run
# (--experimental-vm-modules): 137 files outgrew Node's default 4 GB heap, so the heap may grow to 12 GB (24 GB here).
# --forceExit stays until a whole run has been seen to exit on its own (tests/integration/stack-shutdown.test.ts
# proves the one cause found, per file).
JEST=(node --max-old-space-size=12288 --experimental-vm-modules node_modules/jest/bin/jest.js --ci --forceExit --maxWorkers=1)

say "type check (tsc --noEmit)"
npx tsc --noEmit
say "ESLint"
npx eslint . --max-warnings 0
say "Prettier"
npx prettier --check . >/dev/null && echo "formatting ok"
say "layer rules (dependency-cruiser against its known-violations baseline)"
npm run -s lint:deps

say "Jest on SQLite: unit, workflows, integration, browser (with coverage)"
DIGISOC_DB=sqlite "${JEST[@]}" --selectProjects unit workflows integration --coverage "$@"

say "Production build: tsc to a throw-away dist/ and the workflow bundle, run with plain node (tests/build)"
"${JEST[@]}" --selectProjects build "$@"

# The whole suite only: a single run (`./digisoc test -- --testPathPatterns x`) is about the tests it names.
if [ "$#" -eq 0 ]; then
  say "Fuzzing the API with schemathesis (signed-in social worker and administrator; fails on any failure)"
  npx tsx scripts/fuzz.ts
fi

say "Jest on PostgreSQL: the database-backed integration and browser suites"
# A fresh cluster on a free port for this run only, removed afterwards: never one another run left behind.
DIGISOC_PG_PORT="$(bash scripts/postgres.sh free-port)"
DIGISOC_PG_DIR="$(mktemp -d /tmp/digisoc-pg-run.XXXXXX)"
export DIGISOC_PG_PORT DIGISOC_PG_DIR
trap 'bash scripts/postgres.sh stop; rm -rf "$DIGISOC_PG_DIR"' EXIT
PG_URL="$(bash scripts/postgres.sh start)"
DIGISOC_DB=postgres DIGISOC_POSTGRES_URL="$PG_URL" "${JEST[@]}" --selectProjects integration "$@"
if [ "$#" -eq 0 ]; then
  say "The cluster topology and its failure drills (real Temporal server on PostgreSQL)"
  bash scripts/setup-cluster.sh
  "${JEST[@]}" --selectProjects cluster
fi
say "all test runs passed"
