#!/bin/sh
# The container's network is the boundary: without a configuration file Redis listens on every
# interface with protected mode off, and runs as user redis.
set -eu
if [ "${1:-}" = redis-server ]; then
  shift
  case "${1:-}" in
    *.conf) exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$@" ;;
  esac
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --bind '* -::*' --protected-mode no "$@"
fi
exec "$@"
