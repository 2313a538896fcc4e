#!/usr/bin/env bash
# Fault-injection helpers for tests against the cluster started by up.sh.
#   ctl.sh restart-apiserver   stop + start kube-apiserver (same flags), wait for /readyz
#   ctl.sh stop-apiserver      stop kube-apiserver (clients see connection refused)
#   ctl.sh start-apiserver     start it again and wait for /readyz
#   ctl.sh compact             compact etcd at its current revision; any older
#                              resourceVersion now yields 410 Gone (see README)
#   ctl.sh status              show component pids/health
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_lock

[[ -d "$STATE_DIR" && -f "$RUN_DIR/kube-apiserver.args" ]] || die "no cluster state in $STATE_DIR; run up.sh first"
resolve_bin_dir

etcdctl() { "$BIN_DIR/etcdctl" --endpoints="http://127.0.0.1:$ETCD_PORT" "$@"; }

start_apiserver() {
  start_component kube-apiserver
  wait_for "kube-apiserver /readyz" 90 kube-apiserver apiserver_ready
  log "kube-apiserver ready"
}

# kube-apiserver stops listening right after SIGTERM but can take ~10s more
# to exit; after this grace it is SIGKILLed.
APISERVER_STOP_GRACE="${KUBE_ANATOMY_APISERVER_STOP_GRACE:-3}"

cmd="${1:-}"
case "$cmd" in
  restart-apiserver)
    stop_component kube-apiserver "$APISERVER_STOP_GRACE"
    start_apiserver
    ;;
  stop-apiserver)
    stop_component kube-apiserver "$APISERVER_STOP_GRACE"
    ;;
  start-apiserver)
    start_apiserver
    ;;
  compact)
    is_running etcd || die "etcd is not running"
    # Two writes to a key outside /registry first: the compaction revision is
    # then strictly above (last revision any client saw) + 1, so a watch
    # from any resourceVersion obtained before this command gets 410 (a
    # watch starting exactly at the compaction revision would not).
    for _ in 1 2; do
      etcdctl put /kube-anatomy-test/compact-marker "$(date -u +%FT%T.%NZ)" >/dev/null || die "etcdctl put failed"
    done
    rev="$(etcdctl endpoint status --write-out=fields | sed -n 's/^"Revision" : \([0-9]*\)$/\1/p')"
    [[ "$rev" =~ ^[0-9]+$ ]] || die "could not read the etcd revision (got '$rev')"
    etcdctl compaction --physical "$rev" >/dev/null || die "etcdctl compaction $rev failed"
    log "compacted etcd at revision $rev"
    echo "COMPACTED_REVISION=$rev"
    ;;
  status)
    rc=0
    for c in "${COMPONENTS[@]}"; do
      if is_running "$c"; then
        printf '%-24s running  pid %s\n' "$c" "$(pid_of "$c")"
      else
        printf '%-24s stopped\n' "$c"; rc=1
      fi
    done
    if apiserver_ready; then echo "apiserver /readyz: ok"; else echo "apiserver /readyz: not ready"; rc=1; fi
    exit "$rc"
    ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
