#!/usr/bin/env bash
# Start (or reuse) the Kube Anatomy test control plane on 127.0.0.1:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok,
# then seed it with a kind-like cluster. Prints KEY=VALUE lines on stdout.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

T0=$SECONDS
take_lock

# ------------------------------------------------------------------ binaries
out="$(KUBE_ANATOMY_CLUSTER_QUIET=1 bash "$CLUSTER_DIR/build.sh")" || die "build.sh failed"
BIN_DIR="$(printf '%s\n' "$out" | sed -n 's/^BIN_DIR=//p' | tail -n1)"
[[ -x "$BIN_DIR/kube-apiserver" ]] || die "build.sh did not report a usable BIN_DIR"

print_outputs() {
  echo "KUBECONFIG=$ADMIN_KUBECONFIG"
  echo "KUBECTL=$BIN_DIR/kubectl"
  echo "CLUSTER_STATE=$STATE_DIR"
  echo "KUBECONFIG_PODS_ONLY=$KCFG_DIR/pods-only.kubeconfig"
  echo "KUBECONFIG_NO_ACCESS=$KCFG_DIR/no-access.kubeconfig"
  echo "KUBECONFIG_TOKEN=$KCFG_DIR/token.kubeconfig"
  echo "KUBECONFIG_EXEC=$KCFG_DIR/exec.kubeconfig"
  echo "KUBECONFIG_EXEC_FAIL=$KCFG_DIR/exec-fail.kubeconfig"
}

# ------------------------------------------------------------------ reuse?
cluster_healthy() {
  [[ -f "$STATE_DIR/seeded" && -f "$ADMIN_KUBECONFIG" ]] || return 1
  [[ "$(cat "$STATE_DIR/bin-dir" 2>/dev/null)" == "$BIN_DIR" ]] || return 1
  # A cluster started by an older up.sh (other flags, other seed) is restarted.
  [[ "$(cat "$STATE_DIR/layout" 2>/dev/null)" == "$CLUSTER_LAYOUT" ]] || return 1
  local c
  for c in "${COMPONENTS[@]}"; do is_running "$c" || return 1; done
  apiserver_ready || return 1
  local n
  n="$(kubectl_admin get nodes anatomy-control-plane anatomy-worker anatomy-worker2 anatomy-worker3 \
    --no-headers 2>/dev/null | grep -c ' Ready ' || true)"
  [[ "$n" == 4 ]]
}

if [[ -d "$STATE_DIR" ]]; then
  if cluster_healthy; then
    log "reusing healthy cluster in $STATE_DIR"
    print_outputs
    exit 0
  fi
  log "existing state in $STATE_DIR is not a healthy cluster; restarting cleanly"
  KUBE_ANATOMY_CLUSTER_LOCKED=1 bash "$CLUSTER_DIR/down.sh" >&2
fi

# On any failure below, stop whatever was started (state is kept for
# inspection; the next up.sh or down.sh cleans it).
on_fail() {
  local rc=$?
  if ((rc != 0)); then
    log "up.sh failed (exit $rc); stopping started components. Logs: $LOG_DIR"
    for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[$i]}" || true; done
  fi
}
trap on_fail EXIT

# ------------------------------------------------------------------ preflight
for p in "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$KCM_PORT" "$SCHEDULER_PORT" "$KWOK_PORT"; do
  if port_in_use "$p"; then
    die "port 127.0.0.1:$p is already in use ($(ss -Hltnp "( sport = :$p )" 2>/dev/null | head -n1)); override with KUBE_ANATOMY_*_PORT"
  fi
done
command -v openssl >/dev/null || die "openssl is required"
command -v curl >/dev/null || die "curl is required"
command -v node >/dev/null || die "node is required (JSON checks)"
command -v ss >/dev/null || die "ss (iproute2) is required"

mkdir -p "$PKI_DIR" "$RUN_DIR" "$LOG_DIR" "$KCFG_DIR" "$STATE_DIR/etcd"
chmod 700 "$STATE_DIR"
echo "$BIN_DIR" >"$STATE_DIR/bin-dir"
echo "$CLUSTER_LAYOUT" >"$STATE_DIR/layout"

# ------------------------------------------------------------------ PKI
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign_cert name subject ext-kind [SANs]
sign_cert() {
  local name="$1" subj="$2" kind="$3" sans="${4:-}"
  local ext="$PKI_DIR/$name.ext"
  new_key "$PKI_DIR/$name.key"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ "$kind" == server ]]; then
      echo "extendedKeyUsage=serverAuth"
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl req -new -key "$PKI_DIR/$name.key" -subj "$subj" -out "$PKI_DIR/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" \
    -CAcreateserial -days 365 -sha256 -extfile "$ext" -out "$PKI_DIR/$name.crt" 2>/dev/null ||
    die "openssl failed to sign $name"
  rm -f "$PKI_DIR/$name.csr" "$ext"
}

log "generating certificates in $PKI_DIR"
new_key "$PKI_DIR/ca.key"
openssl req -x509 -new -key "$PKI_DIR/ca.key" -subj "/CN=kube-anatomy-test-ca" -days 3650 -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -out "$PKI_DIR/ca.crt" 2>/dev/null || die "openssl failed to create the CA"
sign_cert apiserver "/CN=kube-apiserver" server \
  "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:anatomy-control-plane"
sign_cert admin "/O=system:masters/CN=kubernetes-admin" client
sign_cert controller-manager "/CN=system:kube-controller-manager" client
sign_cert scheduler "/CN=system:kube-scheduler" client
sign_cert kwok "/O=system:masters/CN=kwok-controller" client
sign_cert pods-reader "/O=anatomy:testers/CN=anatomy-pods-reader" client
sign_cert no-access "/O=anatomy:testers/CN=anatomy-no-access" client
# kwok's kubelet-like server: the API server dials it as https://localhost:<kwok port>
# (the nodes' InternalDNS) and checks this cert against the CA.
sign_cert kubelet-serving "/CN=kwok-kubelet" server "DNS:localhost,IP:127.0.0.1"
sign_cert apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" client
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$PKI_DIR/sa.key" 2>/dev/null
openssl pkey -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
chmod 600 "$PKI_DIR"/*.key

# ------------------------------------------------------------------ kubeconfigs
b64() { base64 -w0 <"$1"; }
# write_kubeconfig file user-name <<user-yaml (indented 4 spaces, under "user:")
write_kubeconfig() {
  local file="$1" user="$2" body
  body="$(cat)"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-anatomy-test
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(b64 "$PKI_DIR/ca.crt")
contexts:
- name: $user@kube-anatomy-test
  context:
    cluster: kube-anatomy-test
    user: $user
current-context: $user@kube-anatomy-test
users:
- name: $user
  user:
$body
EOF
  chmod 600 "$file"
}
cert_user() { # cert-name
  printf '    client-certificate-data: %s\n    client-key-data: %s\n' "$(b64 "$PKI_DIR/$1.crt")" "$(b64 "$PKI_DIR/$1.key")"
}
cert_user admin | write_kubeconfig "$ADMIN_KUBECONFIG" kubernetes-admin
cert_user controller-manager | write_kubeconfig "$KCFG_DIR/controller-manager.kubeconfig" system:kube-controller-manager
cert_user scheduler | write_kubeconfig "$KCFG_DIR/scheduler.kubeconfig" system:kube-scheduler
cert_user kwok | write_kubeconfig "$KCFG_DIR/kwok.kubeconfig" kwok-controller

# ------------------------------------------------------------------ args
write_args() { local name="$1"; shift; printf '%s\n' "$@" >"$RUN_DIR/$name.args"; }

write_args etcd \
  --name=anatomy-control-plane \
  --data-dir="$STATE_DIR/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="anatomy-control-plane=http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster-state=new \
  --quota-backend-bytes=1073741824 \
  --snapshot-count=10000 \
  --log-level=warn

write_args kube-apiserver \
  --bind-address=127.0.0.1 \
  --advertise-address="$ADVERTISE_ADDRESS" \
  --secure-port="$APISERVER_PORT" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --tls-cert-file="$PKI_DIR/apiserver.crt" \
  --tls-private-key-file="$PKI_DIR/apiserver.key" \
  --client-ca-file="$PKI_DIR/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI_DIR/sa.pub" \
  --service-account-signing-key-file="$PKI_DIR/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true \
  --watch-cache="$WATCH_CACHE" \
  --endpoint-reconciler-type=lease \
  --kubelet-preferred-address-types=InternalDNS \
  --kubelet-certificate-authority="$PKI_DIR/ca.crt" \
  --kubelet-client-certificate="$PKI_DIR/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$PKI_DIR/apiserver-kubelet-client.key" \
  --profiling=false \
  --v=1

write_args kube-controller-manager \
  --kubeconfig="$KCFG_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$KCFG_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$KCFG_DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$KCM_PORT" \
  --cert-dir="$PKI_DIR/controller-manager-serving" \
  --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI_DIR/sa.key" \
  --root-ca-file="$PKI_DIR/ca.crt" \
  --cluster-signing-cert-file="$PKI_DIR/ca.crt" \
  --cluster-signing-key-file="$PKI_DIR/ca.key" \
  --cluster-name=anatomy \
  --allocate-node-cidrs=false \
  --controllers='*,bootstrapsigner,tokencleaner' \
  --profiling=false \
  --v=1

write_args kube-scheduler \
  --kubeconfig="$KCFG_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$KCFG_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig="$KCFG_DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$SCHEDULER_PORT" \
  --cert-dir="$PKI_DIR/scheduler-serving" \
  --leader-elect=false \
  --profiling=false \
  --v=1

write_args kwok \
  --kubeconfig="$KCFG_DIR/kwok.kubeconfig" \
  --config="$CLUSTER_DIR/kwok/stages.yaml" \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds=40 \
  --cidr=10.244.250.0/24 \
  --node-ip=172.18.0.250 \
  --server-address="127.0.0.1:$KWOK_PORT" \
  --node-port="$KWOK_PORT" \
  --tls-cert-file="$PKI_DIR/kubelet-serving.crt" \
  --tls-private-key-file="$PKI_DIR/kubelet-serving.key" \
  --enable-crds=Logs,ClusterLogs

# ------------------------------------------------------------------ start
start_component etcd
wait_for "etcd /health" 30 etcd etcd_healthy

start_component kube-apiserver
wait_for "kube-apiserver /readyz" 90 kube-apiserver apiserver_ready
log "kube-apiserver ready after $((SECONDS - T0))s"

# kwok watches its Logs/ClusterLogs resources from the start.
kubectl_admin create -f "$CLUSTER_DIR/kwok/logs-crds.yaml" >/dev/null || die "could not create kwok's log CRDs"
kubectl_admin wait --for=condition=Established --timeout=60s \
  crd/logs.kwok.x-k8s.io crd/clusterlogs.kwok.x-k8s.io >/dev/null || die "kwok's log CRDs were not established"

start_component kube-controller-manager
start_component kube-scheduler
start_component kwok

kcm_healthy() { curl -sfk --max-time 3 "https://127.0.0.1:$KCM_PORT/healthz" | grep -qx ok; }
sched_healthy() { curl -sfk --max-time 3 "https://127.0.0.1:$SCHEDULER_PORT/healthz" | grep -qx ok; }
kwok_healthy() { curl -sf --max-time 3 "http://127.0.0.1:$KWOK_PORT/healthz" | grep -qx ok; }
wait_for "kube-controller-manager /healthz" 60 kube-controller-manager kcm_healthy
wait_for "kube-scheduler /healthz" 60 kube-scheduler sched_healthy
wait_for "kwok /healthz" 60 kwok kwok_healthy

# ------------------------------------------------------------------ seed
# Container log files (CRI log format) that kwok serves for pods/log; the
# times are the last minute's, so `kubectl logs --since=1h` shows them too.
LOG_FILES="$STATE_DIR/container-logs"
write_container_logs() {
  local t0 i
  t0=$(($(date +%s) - 60))
  cri() { printf '%s.%09dZ %s F %s\n' "$(date -u -d "@$(($1 + t0))" +%FT%T)" "$2" "$3" "$4"; }
  mkdir -p "$LOG_FILES/playground/crashloop"
  {
    cri 0 100000000 stdout "kube-anatomy test cluster: kwok serves this log for every container without one of its own"
    cri 1 200000000 stdout "line 2 of 3"
    cri 2 300000000 stderr "line 3 of 3 (stderr)"
  } >"$LOG_FILES/default.log"
  {
    for i in 1 2 3 4 5; do cri "$i" "$((i * 1000))" stdout "app starting, attempt 6, step $i"; done
    cri 10 0 stderr "boom"
  } >"$LOG_FILES/playground/crashloop/app.previous.log"
  {
    for i in 1 2 3 4 5; do cri "$((i + 20))" "$((i * 1000))" stdout "app starting, attempt 7, step $i"; done
    cri 30 0 stderr "boom"
  } >"$LOG_FILES/playground/crashloop/app.log"
}

log "seeding cluster"
SEED="$CLUSTER_DIR/seed"
# The cluster is always fresh here, so plain create (no last-applied annotations).
apply() { kubectl_admin create -f "$@" >/dev/null || die "kubectl create -f $* failed"; }

apply "$SEED/00-namespaces.yaml"
apply "$SEED/01-nodes.yaml"
for ns in $(kubectl_admin get -f "$SEED/00-namespaces.yaml" -o jsonpath='{.items[*].metadata.name}') default kube-system; do
  wait_for "default ServiceAccount in $ns" 60 kube-controller-manager kubectl_admin -n "$ns" get serviceaccount default
done
wait_for "4 Ready nodes" 60 kwok bash -c '[[ "$("$0" --kubeconfig "$1" get nodes --no-headers | grep -c " Ready ")" == 4 ]]' "$BIN_DIR/kubectl" "$ADMIN_KUBECONFIG"

apply "$SEED/02-rbac.yaml"
apply "$SEED/03-storage.yaml"
apply "$SEED/10-kube-system.yaml"
CP_UID="$(kubectl_admin get node anatomy-control-plane -o jsonpath='{.metadata.uid}')"
[[ -n "$CP_UID" ]] || die "could not read uid of node anatomy-control-plane"
sed "s/__CONTROL_PLANE_UID__/$CP_UID/g" "$SEED/11-static-pods.yaml.in" >"$STATE_DIR/static-pods.yaml"
apply "$STATE_DIR/static-pods.yaml"
apply "$SEED/20-workloads.yaml"
apply "$SEED/30-playground.yaml"
write_container_logs
sed "s|__LOG_FILES__|$LOG_FILES|g" "$SEED/40-container-logs.yaml.in" >"$STATE_DIR/container-logs.yaml"
apply "$STATE_DIR/container-logs.yaml"

# ------------------------------------------------------------------ wait for seed
# Settled = every seeded pod Running with an IP (Job pods Succeeded, the
# unschedulable one Pending) and all controllers report ready/complete/bound.
SETTLED_JS='
const items = JSON.parse(require("fs").readFileSync(0, "utf8")).items;
const of = (k) => items.filter((o) => o.kind === k);
const pods = of("Pod");
const owner = (p) => (p.metadata.ownerReferences || [])[0]?.kind;
const ok = pods.length >= Number(process.argv[1])
  && pods.every((p) => p.metadata.name === "unschedulable" ? p.status.phase === "Pending"
    : owner(p) === "Job" ? p.status.phase === "Succeeded"
    : p.status.phase === "Running" && !!p.status.podIP)
  && of("Deployment").every((d) => (d.status.readyReplicas || 0) === d.spec.replicas)
  && of("DaemonSet").every((d) => d.status.desiredNumberScheduled > 0 && (d.status.numberReady || 0) === d.status.desiredNumberScheduled)
  && of("StatefulSet").every((s) => (s.status.readyReplicas || 0) === s.spec.replicas)
  && of("Job").every((j) => j.status.succeeded === 1)
  && of("PersistentVolumeClaim").every((c) => c.status.phase === "Bound");
process.exit(ok ? 0 : 1);
'
SEED_POD_COUNT=32
seed_settled() {
  kubectl_admin get pods,deploy,ds,sts,jobs,pvc -A -o json | node -e "$SETTLED_JS" "$SEED_POD_COUNT"
}
wait_for_seed() {
  local deadline=$((SECONDS + 90))
  until seed_settled; do
    if ((SECONDS >= deadline)); then
      kubectl_admin get pods -A -o wide >&2 || true
      kubectl_admin get pvc -A >&2 || true
      show_log kwok
      die "seeded workloads did not settle within 90s"
    fi
    sleep 1
  done
}
wait_for_seed
log "seed settled after $((SECONDS - T0))s"

# ------------------------------------------------------------------ auth fixtures
TOKEN_FILE="$STATE_DIR/anatomy-viewer.token"
kubectl_admin -n kube-system create token anatomy-viewer --duration=24h >"$TOKEN_FILE" ||
  die "could not create a token for kube-system/anatomy-viewer"
chmod 600 "$TOKEN_FILE"

cert_user pods-reader | write_kubeconfig "$KCFG_DIR/pods-only.kubeconfig" anatomy-pods-reader
cert_user no-access | write_kubeconfig "$KCFG_DIR/no-access.kubeconfig" anatomy-no-access
printf '    token: %s\n' "$(cat "$TOKEN_FILE")" | write_kubeconfig "$KCFG_DIR/token.kubeconfig" anatomy-viewer
write_kubeconfig "$KCFG_DIR/exec.kubeconfig" anatomy-viewer-exec <<EOF
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $CLUSTER_DIR/exec-plugin.sh
      args:
      - --token-file
      - $TOKEN_FILE
      interactiveMode: Never
      provideClusterInfo: false
EOF
write_kubeconfig "$KCFG_DIR/exec-fail.kubeconfig" anatomy-exec-fail <<EOF
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: $CLUSTER_DIR/exec-plugin.sh
      args:
      - --fail
      interactiveMode: Never
      provideClusterInfo: false
EOF

date -u +%FT%TZ >"$STATE_DIR/seeded"
trap - EXIT
log "cluster up in $((SECONDS - T0))s"
print_outputs
