#!/usr/bin/env bash
# Finds or builds, once, the binaries a production Temporal cluster runs, into .tools/bin:
#   temporal-server     go.temporal.io/server/cmd/server           (frontend, history, matching, worker)
#   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql        (creates and migrates its PostgreSQL schemas)
#   temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server (the Web UI, assets embedded)
# The versions are the ones the Temporal CLI v1.5.1 embeds (its go.mod), so the dev server and this
# cluster run the same server code; docker-compose.yml pins the same versions.
# Prints the bin directory as the last line of stdout; progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_VERSION="v1.29.1"
UI_VERSION="v2.42.1"
bin="$root/.tools/bin"
mkdir -p "$bin"

build() { # name, package@version
  local name="$1" pkg="$2"
  if [ -x "$bin/$name" ]; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    echo "$name is not built and Go is not installed to build it: install Go (https://go.dev/doc/install) and run this again." >&2
    exit 1
  fi
  echo "[temporal] $name not found: building $pkg into .tools/bin (first time only, a few minutes)..." >&2
  local started tmp
  started=$(date +%s)
  tmp="$(mktemp -d)"
  if ! GOBIN="$tmp" go install "$pkg" >&2; then
    rm -rf "$tmp"
    echo "[temporal] building $pkg failed (see the go output above)." >&2
    exit 1
  fi
  mv "$tmp"/* "$bin/$name"
  rm -rf "$tmp"
  echo "[temporal] built $name in $(( $(date +%s) - started )) s" >&2
}

build temporal-server "go.temporal.io/server/cmd/server@$SERVER_VERSION"
build temporal-sql-tool "go.temporal.io/server/cmd/tools/sql@$SERVER_VERSION"
build temporal-ui-server "github.com/temporalio/ui-server/v2/cmd/server@$UI_VERSION"
echo "$bin"
