#!/usr/bin/env bash
# Check that the running test cluster looks the way tests expect.
# Exits non-zero listing every failed check. Run after up.sh.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ -f "$ADMIN_KUBECONFIG" ]] || die "no cluster in $STATE_DIR; run up.sh first"
resolve_bin_dir
K() { "$BIN_DIR/kubectl" "$@"; }

fails=0
check() { # description command...
  local what="$1"; shift
  if "$@" >/dev/null 2>&1; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

nodes="$(kubectl_admin get nodes -o json)"
pods="$(kubectl_admin get pods -A -o json)"

check "4 Ready nodes" jq -e '[.items[] | select(any(.status.conditions[]; .type == "Ready" and .status == "True"))] | length == 4' <<<"$nodes"
check "control-plane node has role label and NoSchedule taint" jq -e '
  .items[] | select(.metadata.name == "anatomy-control-plane")
  | (.metadata.labels | has("node-role.kubernetes.io/control-plane"))
    and any(.spec.taints[]; .key == "node-role.kubernetes.io/control-plane" and .effect == "NoSchedule")' <<<"$nodes"
check "nodeInfo kept (one cri-o, three containerd) and images present" jq -e '
  ([.items[].status.nodeInfo.containerRuntimeVersion | select(startswith("cri-o://"))] | length == 1)
  and ([.items[].status.nodeInfo.containerRuntimeVersion | select(startswith("containerd://"))] | length == 3)
  and all(.items[]; (.status.images | length) > 0 and .status.nodeInfo.kubeletVersion != "")' <<<"$nodes"

# Every scheduled, non-hostNetwork pod: IP(s) inside its node's podCIDR(s)
# (prefix match, valid for the /24 and /64 ranges the seed uses).
check "pod IPs lie in their node's podCIDRs" jq -e --argjson nodes "$nodes" '
  def cidrs($n): [$nodes.items[] | select(.metadata.name == $n) | .spec.podCIDRs[]];
  def prefix($c): ($c | split("/")) as [$net, $len]
    | if ($net | contains(":")) then ($net | rtrimstr("::") + ":") else ($net | split(".")[0:3] | join(".") + ".") end;
  [.items[] | select(.spec.nodeName and (.spec.hostNetwork | not) and .status.podIP)
   | . as $p | [cidrs($p.spec.nodeName)[] | prefix(.)] as $pre
   | [$p.status.podIPs[].ip] as $ips
   | ($ips | length) == ($pre | length)
     and ([range(0; $ips | length) as $i | ($ips[$i] | startswith($pre[$i]))] | all)] | all' <<<"$pods"
check "all container statuses carry imageID and containerID" jq -e '
  [.items[] | select(.status.phase == "Running" or .status.phase == "Succeeded")
   | (.status.containerStatuses // []) + (.status.initContainerStatuses // []) | .[]
   | (.imageID | test("@sha256:[0-9a-f]{64}$")) and (.containerID | test("^(containerd|cri-o)://[0-9a-f]{64}$"))] | all' <<<"$pods"
check "cri-o containerIDs only on the cri-o node" jq -e '
  [.items[] | select(.status.containerStatuses) | (.spec.nodeName == "anatomy-worker2") as $crio
   | .status.containerStatuses[] | (.containerID | startswith("cri-o://")) == $crio] | all' <<<"$pods"
check "dual-stack pod has an IPv4 and an IPv6 podIP" jq -e '
  .items[] | select(.metadata.name == "dual-stack") | [.status.podIPs[].ip] | length == 2 and any(contains(":"))' <<<"$pods"
check "crashloop pod: CrashLoopBackOff with restartCount > 0" jq -e '
  .items[] | select(.metadata.name == "crashloop") | any(.status.containerStatuses[];
    .state.waiting.reason == "CrashLoopBackOff" and .restartCount > 0)' <<<"$pods"
check "native sidecar running, init container completed" jq -e '
  .items[] | select(.metadata.name == "init-and-sidecar") | .status.initContainerStatuses as $s
  | ($s[] | select(.name == "log-shipper") | .state.running != null)
    and ($s[] | select(.name == "init-config") | .state.terminated.reason == "Completed")' <<<"$pods"
check "host-network pod uses its node IP" jq -e '
  .items[] | select(.metadata.name == "host-network") | .status.podIP == .status.hostIP' <<<"$pods"
check "unschedulable pod is Pending/Unschedulable" jq -e '
  .items[] | select(.metadata.name == "unschedulable")
  | .status.phase == "Pending" and any(.status.conditions[]; .type == "PodScheduled" and .reason == "Unschedulable")' <<<"$pods"
check "mirror pods for the control plane" jq -e '
  [.items[] | select(.metadata.annotations["kubernetes.io/config.mirror"]) | select(.metadata.ownerReferences[0].kind == "Node")] | length == 4' <<<"$pods"
check "job completed" kubectl_admin -n batch wait --for=condition=Complete job/migrate --timeout=5s
check "StatefulSet PVCs bound" bash -c '[[ "$("$0" --kubeconfig "$1" -n data get pvc -o jsonpath="{.items[*].status.phase}")" == "Bound Bound" ]]' "$BIN_DIR/kubectl" "$ADMIN_KUBECONFIG"

# Container logs: kwok's server behind the nodes' loopback InternalDNS address.
check "nodes keep their 172.18 InternalIPs, add InternalDNS localhost, and name kwok's port as the kubelet's" jq -e --argjson port "$KWOK_PORT" '
  all(.items[]; any(.status.addresses[]; .type == "InternalIP" and (.address | startswith("172.18.0.")))
    and any(.status.addresses[]; .type == "InternalDNS" and .address == "localhost")
    and .status.daemonEndpoints.kubeletEndpoint.Port == $port)' <<<"$nodes"
check "kubectl logs: the crash-looping container's log" bash -c '[[ "$("$0" --kubeconfig "$1" -n playground logs crashloop -c app --tail=1)" == boom ]]' "$BIN_DIR/kubectl" "$ADMIN_KUBECONFIG"
check "kubectl logs --previous: the instance before" bash -c '"$0" --kubeconfig "$1" -n playground logs crashloop -c app --previous | grep -q "attempt 6"' "$BIN_DIR/kubectl" "$ADMIN_KUBECONFIG"
check "kubectl logs: any other container (ClusterLogs)" bash -c '"$0" --kubeconfig "$1" -n shop logs deploy/web | grep -q "kwok serves this log"' "$BIN_DIR/kubectl" "$ADMIN_KUBECONFIG"

# Auth fixtures
check "pods-only user can list pods" K --kubeconfig "$KCFG_DIR/pods-only.kubeconfig" get pods -A
check "pods-only user cannot list nodes" bash -c '! "$0" --kubeconfig "$1" get nodes' "$BIN_DIR/kubectl" "$KCFG_DIR/pods-only.kubeconfig"
check "pods-only user cannot read pods/log" bash -c '! "$0" --kubeconfig "$1" -n playground logs crashloop -c app' "$BIN_DIR/kubectl" "$KCFG_DIR/pods-only.kubeconfig"
check "no-access user cannot list pods" bash -c '! "$0" --kubeconfig "$1" get pods -A' "$BIN_DIR/kubectl" "$KCFG_DIR/no-access.kubeconfig"
check "token user can list nodes and pods" bash -c '"$0" --kubeconfig "$1" get nodes && "$0" --kubeconfig "$1" get pods -A' "$BIN_DIR/kubectl" "$KCFG_DIR/token.kubeconfig"
check "exec-plugin user can list nodes" K --kubeconfig "$KCFG_DIR/exec.kubeconfig" get nodes
check "failing exec plugin is reported" bash -c '"$0" --kubeconfig "$1" get nodes 2>&1 | grep -q "simulated failure"' "$BIN_DIR/kubectl" "$KCFG_DIR/exec-fail.kubeconfig"

if ((fails > 0)); then
  echo "$fails check(s) failed" >&2
  exit 1
fi
echo "all checks passed"
