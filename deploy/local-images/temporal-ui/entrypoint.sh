#!/bin/sh
set -eu
mkdir -p config
cat > config/docker.yaml <<YAML
temporalGrpcAddress: ${TEMPORAL_ADDRESS:-127.0.0.1:7233}
host: 0.0.0.0
port: ${TEMPORAL_UI_PORT:-8080}
enableUi: true
defaultNamespace: ${TEMPORAL_DEFAULT_NAMESPACE:-default}
cors:
  allowOrigins: []
YAML
exec temporal-ui-server --root . --config config --env docker start
