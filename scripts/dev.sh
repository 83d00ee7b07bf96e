#!/usr/bin/env bash
# The one command that runs the whole product locally. Installs what it needs first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[dev] installing npm dependencies..."
  npm install --no-audit --no-fund
fi
bash scripts/build-panel.sh
TEMPORAL_BIN="$(bash scripts/ensure-temporal.sh | tail -n 1)"
export TEMPORAL_BIN
# `npm run dev -- --temporal postgres`: the production Temporal server, built once into .tools/bin.
case " $* ${DEV_TEMPORAL:-} " in
  *" --temporal postgres "*|*" --temporal=postgres "*|*" postgres "*) bash scripts/ensure-temporal-server.sh >/dev/null ;;
esac
exec node --import tsx scripts/dev.ts "$@"
