#!/usr/bin/env bash
# Finds the Temporal CLI (it carries the dev server and the Web UI) or builds it once.
# Order: $TEMPORAL_BIN, `temporal` on PATH, .tools/bin/temporal, else `go install` into .tools/bin.
# Prints the binary's path as the last line of stdout; progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="v1.5.1"

if [ -n "${TEMPORAL_BIN:-}" ]; then
  if [ -x "$TEMPORAL_BIN" ]; then echo "$TEMPORAL_BIN"; exit 0; fi
  echo "TEMPORAL_BIN is set to '$TEMPORAL_BIN' but that is not an executable file." >&2
  exit 1
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
local_bin="$root/.tools/bin/temporal"
if [ -x "$local_bin" ]; then echo "$local_bin"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
The Temporal CLI was not found and Go is not installed to build it.
Either install Go (https://go.dev/doc/install) and run this again, which builds
  github.com/temporalio/cli/cmd/temporal@$version into .tools/bin,
or download the Temporal CLI yourself and set TEMPORAL_BIN=/path/to/temporal.
MSG
  exit 1
fi

echo "Temporal CLI not found: building temporal@$version into .tools/bin (first time only, takes a few minutes)..." >&2
mkdir -p "$root/.tools/bin"
started=$(date +%s)
if ! GOBIN="$root/.tools/bin" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
  echo "Building the Temporal CLI failed (see the go output above)." >&2
  exit 1
fi
echo "Built the Temporal CLI in $(( $(date +%s) - started )) s: $local_bin" >&2
echo "$local_bin"
