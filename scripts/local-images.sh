#!/usr/bin/env bash
# Builds, once, the images docker-compose.yml runs, for a Docker engine that cannot reach Docker
# Hub: Debian bookworm from debootstrap, and on it PostgreSQL 15, Redis 7, this host's Node.js 20,
# and the Temporal server, schema tool, CLI and UI that scripts/ensure-temporal*.sh build from
# source at the versions the compose file pins. The server renders its configuration from the
# config_template.yaml of the same server module, as the published server image does.
#
# Prints to stdout the variables that point docker-compose.yml at these images
# (POSTGRES_IMAGE=..., one per line): put them in .env or the environment. Progress goes to stderr.
#   --force   rebuild every image (the Debian root file system too)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/deploy/local-images"
prefix="${LOCAL_IMAGE_PREFIX:-attendance-local}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SERVER_VERSION="1.29.1"
UI_VERSION="2.42.1"
force=false
[ "${1:-}" = "--force" ] && force=true

say() { echo "[images] $*" >&2; }

if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers here (docker info failed): start one (scripts/ensure-docker.sh does, as root)."
  exit 1
fi

have() { [ "$force" = false ] && docker image inspect "$1" >/dev/null 2>&1; }

bin="$(bash "$root/scripts/ensure-temporal-server.sh" | tail -n 1)"
cli="$(bash "$root/scripts/ensure-temporal.sh" | tail -n 1)"
if [ ! -x "$bin/config-render" ]; then
  say "building config-render (deploy/local-images/config-render) into .tools/bin"
  (cd "$here/config-render" && CGO_ENABLED=0 GO111MODULE=off go build -o "$bin/config-render" main.go)
fi
template="$(GOFLAGS=-mod=mod go env GOMODCACHE)/go.temporal.io/server@v$SERVER_VERSION/docker/config_template.yaml"
if [ ! -f "$template" ]; then
  say "the server module's config_template.yaml is not in the Go module cache: $template"
  exit 1
fi

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT

# build <image> <dir under deploy/local-images> [file to copy into the context as path=source]...
build() {
  local image="$1" dir="$2"; shift 2
  if have "$image"; then say "$image is built"; return 0; fi
  local started; started=$(date +%s)
  rm -rf "$ctx/build"; mkdir -p "$ctx/build"
  cp -r "$here/$dir/." "$ctx/build/"
  local pair
  for pair in "$@"; do
    mkdir -p "$(dirname "$ctx/build/${pair%%=*}")"
    cp -r "${pair#*=}" "$ctx/build/${pair%%=*}"
  done
  say "building $image"
  local out
  if ! out="$(docker build -q --build-arg "ROOTFS=$prefix/debian-rootfs:bookworm" --build-arg "BASE=$prefix/debian:bookworm" \
    -t "$image" "$ctx/build" 2>&1)"; then
    echo "$out" >&2
    say "building $image failed (docker build's output above)"
    exit 1
  fi
  say "built $image in $(( $(date +%s) - started )) s"
}

rootfs="$prefix/debian-rootfs:bookworm"
if ! have "$rootfs"; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing debootstrap (Debian package)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2; }
    else
      say "debootstrap is needed to make the Debian root file system: apt-get install debootstrap"
      exit 1
    fi
  fi
  say "making a Debian bookworm root file system with debootstrap from $mirror (about a minute)"
  debootstrap --variant=minbase bookworm "$ctx/rootfs" "$mirror" >&2
  tar -C "$ctx/rootfs" -c . | docker import - "$rootfs" >&2
  rm -rf "$ctx/rootfs"
fi

mkdir -p "$ctx/extra-ca"
cp /usr/local/share/ca-certificates/*.crt "$ctx/extra-ca/" 2>/dev/null || true
build "$prefix/debian:bookworm" base "extra-ca=$ctx/extra-ca"

node_bin="$(command -v node)"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
case "$("$node_bin" --version)" in
  v20.*) ;;
  *) say "the node image needs Node.js 20 on this host (found $("$node_bin" --version))"; exit 1 ;;
esac
build "$prefix/postgres:15" postgres
build "$prefix/redis:7" redis
build "$prefix/node:20-bookworm-slim" node "node-dist/node=$node_bin" "node-dist/npm=$npm_dir"
build "$prefix/temporal-admin-tools:$SERVER_VERSION" temporal-admin-tools \
  "bin/temporal-sql-tool=$bin/temporal-sql-tool" "bin/temporal=$cli"
build "$prefix/temporal-server:$SERVER_VERSION" temporal-server \
  "bin/temporal-server=$bin/temporal-server" "bin/temporal=$cli" "bin/config-render=$bin/config-render" \
  "config_template.yaml=$template"
build "$prefix/temporal-ui:$UI_VERSION" temporal-ui "bin/temporal-ui-server=$bin/temporal-ui-server"

cat <<VARS
POSTGRES_IMAGE=$prefix/postgres:15
REDIS_IMAGE=$prefix/redis:7
NODE_IMAGE=$prefix/node:20-bookworm-slim
TEMPORAL_ADMIN_TOOLS_IMAGE=$prefix/temporal-admin-tools:$SERVER_VERSION
TEMPORAL_SERVER_IMAGE=$prefix/temporal-server:$SERVER_VERSION
TEMPORAL_UI_IMAGE=$prefix/temporal-ui:$UI_VERSION
VARS
