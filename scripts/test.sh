#!/usr/bin/env bash
# The one command that runs every test on a fresh machine: installs dependencies, ensures the
# Temporal CLI, checks PostgreSQL and Redis, runs jest (then the durability tests on the
# PostgreSQL-backed Temporal server, then docker-compose.yml on a Docker engine), and ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "[test] $*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies..."
  # npm install, not npm ci: this npm leaves other platforms' optional packages out of the lock
  # file, and npm ci then refuses it; npm install still installs exactly the locked versions.
  npm install --no-audit --no-fund || { say "npm install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

TEMPORAL_BIN="$(bash scripts/ensure-temporal.sh | tail -n 1)" || { echo "0 passed, 1 failed"; exit 1; }
export TEMPORAL_BIN
say "Temporal CLI: $TEMPORAL_BIN"

pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
if ! node -e "
  const { Client } = require('pg');
  const c = new Client({ connectionString: process.argv[1] + '/postgres', connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.end()).catch(() => process.exit(1));" "$pg_url"; then
  say "PostgreSQL is not reachable at ${pg_url} (user postgres). Start it, e.g.:"
  say "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"
  echo "0 passed, 1 failed"; exit 1
fi
if ! node -e "
  const { Redis } = require('ioredis');
  const r = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.connect().then(() => r.ping()).then(() => r.quit()).catch(() => process.exit(1));" "$redis_url"; then
  say "Redis is not reachable at ${redis_url}. Start it, e.g.:"
  say "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"
  echo "0 passed, 1 failed"; exit 1
fi
if ! command -v redis-server >/dev/null 2>&1; then
  say "redis-server is not on PATH: the Redis-outage test starts its own instance and needs it."
  echo "0 passed, 1 failed"; exit 1
fi
# Debian packages some tests need, installed when running as root; without them those tests fail
# loudly (and with CI=true the run stops here).
need_debian() { # <command> <package> <what for>
  if ! command -v "$1" >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing $2 (apt-get install $2) for $3; the first time takes a few minutes..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; then
      say "the install failed; refreshing the package lists (apt-get update) and trying again..."
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
    fi
  fi
  if ! command -v "$1" >/dev/null 2>&1; then
    say "!!! $1 is not on PATH: $3 will FAIL."
    say "!!! Install it as root: apt-get install -y $2"
    if [ "${CI:-}" = "true" ]; then echo "0 passed, 1 failed"; exit 1; fi
  fi
}
# The month-workbook test opens the Excel file in LibreOffice too, as a second reader.
need_debian soffice libreoffice-calc-nogui "the month-workbook test"
# The panel's end-to-end tests drive Debian's Chromium.
need_debian chromium chromium "the panel's browser tests"

# The panel's screenshots show Chinese headings: a CJK font makes them readable (not a test failure).
if [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing a CJK font (fonts-wqy-microhei) for the panel's screenshots..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null || say "the font did not install: Chinese shows as boxes in the screenshots"
fi

say "building the web panel..."
bash scripts/build-panel.sh || { say "the panel did not build"; echo "0 passed, 1 failed"; exit 1; }

say "typecheck and lint..."
npx tsc --noEmit -p tsconfig.json || { echo "0 passed, 1 failed"; exit 1; }
npx eslint . || { echo "0 passed, 1 failed"; exit 1; }

results="$(mktemp)"
npx jest --json --outputFile="$results" "$@"
code=$?

# The durability tests a second time, on the production Temporal server backed by PostgreSQL
# (built once into .tools/bin by scripts/ensure-temporal-server.sh). Skipped when the run was
# given its own jest arguments (a chosen file or pattern), or with TEST_POSTGRES_TEMPORAL=0.
DURABILITY_TESTS="test/integration/worker-crash.test.ts test/integration/temporal-outage.test.ts test/integration/redis-outage.test.ts test/integration/listener-recovery.test.ts test/integration/concurrent-decisions.test.ts test/integration/permanent-failures.test.ts test/integration/listener-in-worker.test.ts test/integration/bot-database-outage.test.ts"
pg_results=""
if [ $# -eq 0 ] && [ "${TEST_POSTGRES_TEMPORAL:-1}" != "0" ]; then
  say "the durability tests again, on the Temporal server backed by PostgreSQL..."
  if bash scripts/ensure-temporal-server.sh >/dev/null; then
    pg_results="$(mktemp)"
    TEST_TEMPORAL=postgres TEST_NAMESPACE_COUNT=16 npx jest --json --outputFile="$pg_results" $DURABILITY_TESTS || code=1
  else
    say "!!! the Temporal server could not be built: the PostgreSQL-backed pass FAILS"
    code=1
    pg_results=/nonexistent
  fi
fi

# docker-compose.yml as it ships, on a Docker engine (installed and started by
# scripts/ensure-docker.sh when running as root): test/compose. Where Docker Hub cannot be reached,
# the images it names are built here (scripts/local-images.sh). Skipped with chosen jest arguments
# or TEST_COMPOSE=0; without an engine it is reported loudly, and with CI=true that is a failure.
compose_results=""
if [ $# -eq 0 ] && [ "${TEST_COMPOSE:-1}" != "0" ]; then
  say "docker-compose.yml on a Docker engine..."
  if bash scripts/ensure-docker.sh >/dev/null; then
    compose_results="$(mktemp)"
    npx jest -c jest.compose.config.js --json --outputFile="$compose_results" || code=1
  else
    say "!!! no Docker engine could be started here: the compose check did NOT run"
    if [ "${CI:-}" = "true" ]; then code=1; compose_results=/nonexistent; fi
  fi
fi
node scripts/test-summary.mjs "$results" ${pg_results:+"$pg_results"} ${compose_results:+"$compose_results"}
rm -f "$results" ${pg_results:+"$pg_results"} ${compose_results:+"$compose_results"}
exit $code
