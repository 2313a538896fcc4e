#!/usr/bin/env bash
# Runs a command with the test cluster up and its lines exported for the live
# tests: every NAME=value line that up.sh prints becomes KUBE_ANATOMY_TEST_NAME.
#   bash test/cluster/with-env.sh node test/run.mjs --only cluster
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lines=$(bash "$here/up.sh" | grep -E '^[A-Z_]+=' || true)
[ -n "$lines" ] || { echo "with-env.sh: up.sh printed no KEY=value lines" >&2; exit 1; }
while IFS= read -r line; do
  [ -n "$line" ] && export "KUBE_ANATOMY_TEST_${line%%=*}=${line#*=}"
done <<< "$lines"
exec "$@"
