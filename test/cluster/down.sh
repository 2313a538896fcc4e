#!/usr/bin/env bash
# Stop everything up.sh started (by pid file) and remove the state dir.
# The build cache is left alone.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_lock

if [[ ! -d "$STATE_DIR" ]]; then
  log "no state dir at $STATE_DIR; nothing to stop"
  exit 0
fi

for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
  stop_component "${COMPONENTS[$i]}"
done

# Anything still running from this state dir is a leak: report and kill it.
leftover="$(pgrep -f -- "$STATE_DIR/" || true)"
if [[ -n "$leftover" ]]; then
  log "stray processes referencing $STATE_DIR: $leftover"
  for pid in $leftover; do
    [[ "$pid" == "$$" ]] && continue
    ps -o pid=,args= -p "$pid" >&2 || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in $leftover; do kill -KILL "$pid" 2>/dev/null || true; done
fi

rm -rf -- "$STATE_DIR"
log "cluster down; removed $STATE_DIR"
