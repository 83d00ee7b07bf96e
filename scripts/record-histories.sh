#!/usr/bin/env bash
# Records the history of every workflow the integration suite runs, then keeps one per new shape
# as a replay fixture (test/replay/histories). Run it after changing a long-lived workflow, so
# the histories of the new version are guarded too; the fixtures already kept are never replaced.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo "[histories] running the integration suite and recording every workflow's history..."
# Every history is a real one of this code, so they are kept even if a test failed (said loudly).
RECORD_HISTORIES_DIR="$dir" bash scripts/test.sh test/integration || echo "[histories] some tests failed; the histories are kept all the same"
npx tsx scripts/select-replay-histories.ts "$dir"
