#!/usr/bin/env bash
# Makes sure a Docker engine answers and Docker Compose v2 is at hand, for running
# docker-compose.yml here. As root with apt-get, a missing engine is installed from Debian's
# packages (docker.io) and started (dockerd in the background, its log in .data/dockerd.log; it
# keeps running afterwards, as a system service would). When `docker compose` is missing, Compose
# v2.40.3 is built from its Go module into .tools/bin/docker-compose (once; it says so).
# Prints the compose command to use as the last line of stdout; progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_VERSION="v2.40.3"
say() { echo "[docker] $*" >&2; }

if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "no Docker engine answers (docker info failed) and this is not root with apt-get: start Docker and run this again."
    exit 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing the Docker engine (apt-get install docker.io)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io >&2; }
  fi
  mkdir -p "$root/.data"
  say "starting dockerd (log: .data/dockerd.log)"
  nohup dockerd >> "$root/.data/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    say "dockerd did not answer within a minute; its last lines:"
    tail -n 20 "$root/.data/dockerd.log" >&2
    exit 1
  fi
fi

if docker compose version >/dev/null 2>&1; then
  echo "docker compose"
  exit 0
fi
bin="$root/.tools/bin/docker-compose"
if [ ! -x "$bin" ]; then
  if ! command -v go >/dev/null 2>&1; then
    say "Docker Compose v2 is missing and Go is not installed to build it: install the docker-compose-plugin package."
    exit 1
  fi
  # `go install` refuses this module (its go.mod has exclude directives), so it is built inside its
  # own module source, which `go mod download` fetches through the module proxy.
  say "Docker Compose not found: building $COMPOSE_VERSION into .tools/bin (first time only, a few minutes)..."
  started=$(date +%s)
  src="$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  tmp="$(mktemp -d)"
  cp -r "$src/." "$tmp/"
  chmod -R u+w "$tmp"
  mkdir -p "$root/.tools/bin"
  if ! (cd "$tmp" && CGO_ENABLED=0 go build -ldflags "-X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" -o "$bin.tmp" ./cmd >&2); then
    rm -rf "$tmp" "$bin.tmp"
    say "building Docker Compose failed (see the go output above)."
    exit 1
  fi
  rm -rf "$tmp"
  mv "$bin.tmp" "$bin"
  say "built Docker Compose in $(( $(date +%s) - started )) s"
fi
echo "$bin"
