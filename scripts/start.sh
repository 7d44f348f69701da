#!/usr/bin/env bash
# Starts a single-node kubets cluster, installing what it needs first.
# Data lives in $KUBETS_DATA_DIR (default /var/lib/kubets); extra arguments go to `kubets server`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec node --enable-source-maps dist/src/cli/main.js server --data-dir "${KUBETS_DATA_DIR:-/var/lib/kubets}" "$@"
