#!/usr/bin/env bash
# Builds the web panel (admin-ui/, its own npm package) into admin-ui/dist: installs its
# dependencies when missing or out of date, and rebuilds only when a source is newer than the
# last build (or with --force). The API serves admin-ui/dist.
set -euo pipefail
ui="$(cd "$(dirname "${BASH_SOURCE[0]}")/../admin-ui" && pwd)"
cd "$ui"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[panel] installing the panel's npm dependencies..." >&2
  npm install --no-audit --no-fund >&2
fi

stamp="dist/index.html"
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ -z "$(find src index.html vite.config.ts tsconfig.json package-lock.json public -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "[panel] admin-ui/dist is up to date" >&2
  exit 0
fi
echo "[panel] building admin-ui (type check, then vite build)..." >&2
npm run build >&2
echo "[panel] built into admin-ui/dist" >&2
