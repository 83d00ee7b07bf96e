#!/bin/sh
# Binds the services to the container's address (BIND_ON_IP, unless set), renders the
# configuration from the environment and starts every service of the server in this process.
set -eu
if [ -z "${BIND_ON_IP:-}" ]; then
  BIND_ON_IP=$(hostname -i | awk '{print $1}')
  export BIND_ON_IP
fi
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  TEMPORAL_ADDRESS="$BIND_ON_IP:7233"
  export TEMPORAL_ADDRESS
fi
config-render /etc/temporal/config/config_template.yaml /etc/temporal/config/docker.yaml
exec temporal-server --root /etc/temporal --config config --env docker start
