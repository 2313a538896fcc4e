# Shared helpers for up.sh / down.sh / ctl.sh. Source it; do not execute.
# shellcheck shell=bash

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="${KUBE_ANATOMY_CLUSTER_STATE:-$HOME/.cache/kube-anatomy/cluster-state}"

# Fixed, uncommon ports on 127.0.0.1 (override via env).
ETCD_PORT="${KUBE_ANATOMY_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${KUBE_ANATOMY_ETCD_PEER_PORT:-23800}"
APISERVER_PORT="${KUBE_ANATOMY_APISERVER_PORT:-26443}"
KCM_PORT="${KUBE_ANATOMY_KCM_PORT:-20257}"
SCHEDULER_PORT="${KUBE_ANATOMY_SCHEDULER_PORT:-20259}"
KWOK_PORT="${KUBE_ANATOMY_KWOK_PORT:-20247}"
# Address the apiserver advertises in the default/kubernetes Endpoints. It
# must not be loopback; nothing connects to it (it is the seeded
# anatomy-control-plane node's InternalIP, as on kind).
ADVERTISE_ADDRESS="${KUBE_ANATOMY_ADVERTISE_ADDRESS:-172.18.0.2}"
# true: apiserver serves watches/lists from its watch cache (real-cluster
# behaviour). false (default): every watch/list hits etcd, so `ctl.sh compact`
# deterministically turns old resourceVersions into 410 Gone.
WATCH_CACHE="${KUBE_ANATOMY_WATCH_CACHE:-false}"

# What up.sh sets up; bump it when flags or seed change, so a running cluster
# from an older up.sh is restarted instead of reused (2: kwok serves logs).
CLUSTER_LAYOUT=2

# Startup order; stop runs in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

PKI_DIR="$STATE_DIR/pki"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
KCFG_DIR="$STATE_DIR/kubeconfig"
ADMIN_KUBECONFIG="$KCFG_DIR/admin.kubeconfig"

# Serialise up/down/ctl on one state dir (several test runners may share a
# machine). Children that the holder runs set KUBE_ANATOMY_CLUSTER_LOCKED=1.
take_lock() {
  [[ "${KUBE_ANATOMY_CLUSTER_LOCKED:-0}" == 1 ]] && return 0
  mkdir -p "$(dirname "$STATE_DIR")"
  exec 8>"${STATE_DIR%/}.lock"
  if ! flock -n 8; then
    echo "[cluster] waiting for another up/down/ctl on $STATE_DIR (lock ${STATE_DIR%/}.lock)" >&2
    flock -w 600 8 || { echo "[cluster] ERROR: lock wait timed out" >&2; exit 1; }
  fi
  export KUBE_ANATOMY_CLUSTER_LOCKED=1
}

log() { echo "[cluster] $*" >&2; }
die() { echo "[cluster] ERROR: $*" >&2; exit 1; }

# Print the last lines of a component log to stderr.
show_log() {
  local f="$LOG_DIR/$1.log"
  if [[ -f "$f" ]]; then
    echo "----- last 30 lines of $f -----" >&2
    tail -n 30 "$f" >&2 || true
    echo "-----" >&2
  fi
}

# Bin dir recorded by up.sh, or freshly resolved via build.sh.
resolve_bin_dir() {
  if [[ -n "${BIN_DIR:-}" && -x "${BIN_DIR}/kube-apiserver" ]]; then return 0; fi
  if [[ -f "$STATE_DIR/bin-dir" ]]; then
    BIN_DIR="$(cat "$STATE_DIR/bin-dir")"
    [[ -x "$BIN_DIR/kube-apiserver" ]] && return 0
  fi
  local out
  out="$(KUBE_ANATOMY_CLUSTER_QUIET=1 bash "$CLUSTER_DIR/build.sh")" || die "build.sh failed"
  BIN_DIR="$(printf '%s\n' "$out" | sed -n 's/^BIN_DIR=//p' | tail -n1)"
  [[ -x "$BIN_DIR/kube-apiserver" ]] || die "build.sh did not report a usable BIN_DIR"
}

kubectl_admin() { "$BIN_DIR/kubectl" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

pid_of() { # component -> pid (empty if no pid file)
  local f="$RUN_DIR/$1.pid"
  [[ -f "$f" ]] && cat "$f" || true
}

# True if the pid file points at a live process running our binary.
is_running() {
  local name="$1" pid
  pid="$(pid_of "$name")"
  [[ -n "$pid" ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  local exe
  exe="$(tr '\0' '\n' </proc/"$pid"/cmdline | head -n1)"
  [[ "$(basename "$exe")" == "$name" ]]
}

port_in_use() { # port -> 0 if something listens on 127.0.0.1:port or *:port
  ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q .
}

# Start a component from its args file ($RUN_DIR/<name>.args, one arg a line).
start_component() {
  local name="$1"
  local argsf="$RUN_DIR/$name.args"
  [[ -f "$argsf" ]] || die "no args file for $name ($argsf)"
  if is_running "$name"; then
    log "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  local -a args
  mapfile -t args <"$argsf"
  echo "=== $(date -u +%FT%TZ) starting $name" >>"$LOG_DIR/$name.log"
  setsid "$BIN_DIR/$name" "${args[@]}" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$RUN_DIR/$name.pid"
  disown || true
  sleep 0.2
  if ! is_running "$name"; then
    show_log "$name"
    die "$name exited right after start"
  fi
  log "started $name (pid $(pid_of "$name"))"
}

# stop_component name [grace-seconds]: SIGTERM, wait, then SIGKILL.
stop_component() {
  local name="$1" grace="${2:-10}" pid i
  pid="$(pid_of "$name")"
  if [[ -z "$pid" ]]; then return 0; fi
  if is_running "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      is_running "$name" || break
      sleep 0.1
    done
    if is_running "$name"; then
      log "$name (pid $pid) still running ${grace}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        is_running "$name" || break
        sleep 0.1
      done
    fi
    is_running "$name" && die "could not stop $name (pid $pid)"
    log "stopped $name (pid $pid)"
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# Poll an HTTPS health endpoint with the admin client cert.
apiserver_get() { # path
  curl -sS --max-time 5 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT$1"
}

wait_for() { # description timeout-seconds component-for-logs command...
  local what="$1" timeout="$2" comp="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$comp" ]] && ! is_running "$comp"; then
      show_log "$comp"
      die "$comp died while waiting for $what"
    fi
    if ((SECONDS >= deadline)); then
      [[ -n "$comp" ]] && show_log "$comp"
      die "timed out after ${timeout}s waiting for $what"
    fi
    sleep 0.5
  done
}

apiserver_ready() { [[ "$(apiserver_get /readyz 2>/dev/null)" == "ok" ]]; }
etcd_healthy() { curl -sf --max-time 3 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }
