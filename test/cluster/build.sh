#!/usr/bin/env bash
# Build the test control plane (etcd, etcdctl, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kwok) from Go modules.
# Binaries are cached per version set; a second run only verifies them.
#
# Env:
#   KUBE_ANATOMY_CLUSTER_CACHE  cache root (default ~/.cache/kube-anatomy/cluster)
#   KUBE_VERSION / ETCD_VERSION / KWOK_VERSION  module versions to build
#   BUILD_JOBS                  go build -p (default 2)
#   KUBE_ANATOMY_CLUSTER_QUIET=1  only print the bin dir on stdout
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.3}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
BUILD_JOBS="${BUILD_JOBS:-2}"

CACHE_ROOT="${KUBE_ANATOMY_CLUSTER_CACHE:-$HOME/.cache/kube-anatomy/cluster}"
VERSION_DIR="$CACHE_ROOT/k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
BIN_DIR="$VERSION_DIR/bin"
SRC_DIR="$VERSION_DIR/src"
LOG_DIR="$VERSION_DIR/logs"

QUIET="${KUBE_ANATOMY_CLUSTER_QUIET:-0}"
log() { echo "[build] $*" >&2; }
die() { echo "[build] ERROR: $*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH"

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
mkdir -p "$BIN_DIR" "$SRC_DIR" "$LOG_DIR"

# Serialise concurrent builds of the same version set.
exec 9>"$VERSION_DIR/.build.lock"
if ! flock -n 9; then
  log "another build holds $VERSION_DIR/.build.lock; waiting"
  flock 9
fi

run_logged() { # name cmd...
  local name="$1"; shift
  local logf="$LOG_DIR/$name.log"
  local start=$SECONDS
  log "building $name (log: $logf)"
  if ! "$@" >"$logf" 2>&1; then
    tail -n 40 "$logf" >&2 || true
    die "$name build failed; see $logf"
  fi
  log "$name done in $((SECONDS - start))s"
}

have() { [[ -x "$BIN_DIR/$1" ]]; }

# ---------------------------------------------------------------- kwok
build_kwok() {
  GOBIN="$BIN_DIR" go install -p "$BUILD_JOBS" -trimpath -ldflags='-s -w' \
    "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
}

# ---------------------------------------------------------------- etcd
build_etcd() {
  local d="$SRC_DIR/etcd"
  mkdir -p "$d"
  cat >"$d/go.mod" <<EOF
module kubeanatomy.test/etcdbuild

go 1.26.0

require (
	go.etcd.io/etcd/server/v3 ${ETCD_VERSION}
	go.etcd.io/etcd/etcdctl/v3 ${ETCD_VERSION}
)
EOF
  rm -f "$d/go.sum"
  (
    cd "$d"
    go get "go.etcd.io/etcd/server/v3@${ETCD_VERSION}" "go.etcd.io/etcd/etcdctl/v3@${ETCD_VERSION}"
    go build -p "$BUILD_JOBS" -trimpath -ldflags='-s -w' -o "$d/out/" \
      go.etcd.io/etcd/server/v3 go.etcd.io/etcd/etcdctl/v3
    # the main packages are named after their module directories
    mv -f "$d/out/v3" "$BIN_DIR/etcd" 2>/dev/null || true
    for f in "$d"/out/*; do
      [[ -e "$f" ]] || continue
      case "$(basename "$f")" in
        server) mv -f "$f" "$BIN_DIR/etcd" ;;
        etcdctl) mv -f "$f" "$BIN_DIR/etcdctl" ;;
        *) log "unexpected etcd build output $f" ;;
      esac
    done
  )
}

# ---------------------------------------------------------------- kubernetes
build_kube() {
  local d="$SRC_DIR/kubernetes"
  mkdir -p "$d"
  local info modfile
  info="$(go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}")"
  modfile="$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$modfile" ]] || die "could not locate go.mod of k8s.io/kubernetes@${KUBE_VERSION}"
  local staging_version="v0.${KUBE_VERSION#v1.}"
  # Every module upstream redirects into ./staging is published separately
  # as v0.<minor>.<patch>; point the wrapper at those releases.
  local replaces
  # (only those the upstream module actually requires, as v0.0.0)
  replaces="$(awk -v sv="$staging_version" '
      $0 ~ /^replace \($/ {inrep=1; next}
      $0 ~ /^require \($/ {inreq=1; next}
      /^\)/ {inrep=0; inreq=0; next}
      inreq && $2 == "v0.0.0" {req[$1]=1}
      inrep && $2 == "=>" && $3 ~ /^\.\/staging\// && ($1 in req) {printf "\t%s => %s %s\n", $1, $1, sv}
    ' "$modfile")"
  [[ -n "$replaces" ]] || die "no staging replace directives found in $modfile"
  {
    printf 'module kubeanatomy.test/kubebuild\n\ngo 1.26.0\n\n'
    printf 'require k8s.io/kubernetes %s\n\nreplace (\n%s\n)\n' "$KUBE_VERSION" "$replaces"
  } >"$d/go.mod"
  rm -f "$d/go.sum"
  local minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  local commit
  commit="$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",*$/\1/p' | head -n1)"
  commit="${commit:-0000000000000000000000000000000000000000}"
  local build_date
  build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X ${pkg}.gitVersion=${KUBE_VERSION}"
    ld+=" -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
    ld+=" -X ${pkg}.gitCommit=${commit} -X ${pkg}.gitTreeState=clean"
    ld+=" -X ${pkg}.buildDate=${build_date}"
  done
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  local pkgs=()
  for c in "${cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (
    cd "$d"
    go get "${pkgs[@]/%/@${KUBE_VERSION}}"
    go build -p "$BUILD_JOBS" -trimpath -ldflags="$ld" -o "$BIN_DIR/" "${pkgs[@]}"
  )
}

total_start=$SECONDS
built_any=0
if ! have kwok; then run_logged kwok build_kwok; built_any=1; fi
if ! have etcd || ! have etcdctl; then run_logged etcd build_etcd; built_any=1; fi
if ! have kube-apiserver || ! have kube-controller-manager || ! have kube-scheduler || ! have kubectl; then
  run_logged kubernetes build_kube; built_any=1
fi
if [[ "$built_any" == 1 ]]; then
  log "build finished in $((SECONDS - total_start))s"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$VERSION_DIR/.built-at"
fi

# Verify every binary runs and report its version.
for b in etcd etcdctl kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  have "$b" || die "missing $BIN_DIR/$b after build"
done
if [[ "$QUIET" != 1 ]]; then
  {
    echo "etcd:                    $("$BIN_DIR/etcd" --version 2>&1 | head -n1)"
    echo "etcdctl:                 $("$BIN_DIR/etcdctl" version 2>&1 | head -n1)"
    echo "kube-apiserver:          $("$BIN_DIR/kube-apiserver" --version 2>&1)"
    echo "kube-controller-manager: $("$BIN_DIR/kube-controller-manager" --version 2>&1)"
    echo "kube-scheduler:          $("$BIN_DIR/kube-scheduler" --version 2>&1)"
    echo "kubectl:                 $("$BIN_DIR/kubectl" version --client 2>&1 | head -n1)"
    echo "kwok:                    $("$BIN_DIR/kwok" --version 2>&1 | head -n1)"
  } >&2
else
  "$BIN_DIR/kube-apiserver" --version >/dev/null 2>&1 || die "kube-apiserver does not run"
fi
echo "BIN_DIR=$BIN_DIR"
