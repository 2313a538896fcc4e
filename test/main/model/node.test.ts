// Nodes: kind (containerd, dual stack), minikube (Docker via cri-dockerd) and a
// CRI-O cluster with a legacy master label, a control-plane node known only by
// its static pods, an unreachable node, a NotReady node and a deleted one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../main/model/build.ts';
import { loadCluster, node, pod, source } from './fixtures.ts';

const kind = buildModel(loadCluster('kind'), source('kind'));
const minikube = buildModel(loadCluster('minikube'), source('minikube'));
const crio = buildModel(loadCluster('crio'), source('crio'));

test('kind control plane: identity, addresses, CIDRs, taints, runtime', () => {
  const cp = node(kind, 'kind-control-plane');
  assert.deepEqual(cp.roles, ['control-plane']);
  assert.equal(cp.internalIP, '172.18.0.3');
  assert.deepEqual(cp.addresses, [
    { type: 'InternalIP', address: '172.18.0.3' },
    { type: 'InternalIP', address: 'fc00:f853:ccd:e793::3' },
    { type: 'Hostname', address: 'kind-control-plane' },
  ]);
  assert.deepEqual(cp.podCIDRs, ['10.244.0.0/24', 'fd00:10:244::/64']);
  assert.deepEqual(cp.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  assert.deepEqual(cp.runtime, { kind: 'containerd', name: 'containerd', version: '1.7.18', raw: 'containerd://1.7.18' });
  assert.equal(cp.info?.kubeletVersion, 'v1.31.0');
  assert.equal(cp.info?.osImage, 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(cp.info?.architecture, 'amd64');
  assert.deepEqual(cp.ready, { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
  assert.deepEqual(cp.conditions.map((c) => c.type), ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  assert.equal(cp.unschedulable, false);
  assert.equal(cp.capacity.cpu, '8');
  assert.equal(cp.allocatable.pods, '110');
  assert.equal(cp.labels['kubernetes.io/hostname'], 'kind-control-plane');
  assert.match(cp.uid, /^[0-9a-f-]{36}$/);
  assert.equal(cp.creationTimestamp, '2024-09-12T08:12:41Z');
});

test('kind: the image cache is sorted largest first', () => {
  const cp = node(kind, 'kind-control-plane');
  assert.deepEqual(cp.images.map((i) => i.names[i.names.length - 1]), [
    'registry.k8s.io/kube-apiserver:v1.31.0',
    'registry.k8s.io/kube-proxy:v1.31.0',
    'registry.k8s.io/kube-controller-manager:v1.31.0',
    'registry.k8s.io/kube-scheduler:v1.31.0',
    'registry.k8s.io/etcd:3.5.15-0',
    'docker.io/kindest/kindnetd:v20240813-c6f155d6',
    'docker.io/kindest/local-path-provisioner:v20240813-c6f155d6',
    'registry.k8s.io/coredns/coredns:v1.11.1',
    'docker.io/kindest/local-path-helper:v20230510-486859a6',
    'registry.k8s.io/pause:3.10',
  ]);
  assert.equal(cp.images[0].sizeBytes, 95233506);
  assert.deepEqual(node(kind, 'kind-worker').roles, []);
});

test('equal image sizes fall back to the first name', () => {
  const m = buildModel({
    nodes: [{ metadata: { name: 'n' }, status: { images: [{ names: ['b:1'], sizeBytes: 5 }, { names: ['a:1'], sizeBytes: 5 }, { names: ['c:1'], sizeBytes: 9 }] } }],
    gaps: [],
  }, source('x'));
  assert.deepEqual(m.nodes[0].images.map((i) => i.names[0]), ['c:1', 'a:1', 'b:1']);
});

test('minikube: one control-plane node running everything on Docker', () => {
  assert.equal(minikube.nodes.length, 1);
  const n = minikube.nodes[0];
  assert.equal(n.name, 'minikube');
  assert.equal(n.role, 'control-plane');
  assert.equal(n.controlPlaneBy, 'label');
  assert.deepEqual(n.runtime, { kind: 'docker', name: 'docker', version: '27.2.0', raw: 'docker://27.2.0' });
  // Only spec.podCIDR is set: it becomes the one CIDR.
  assert.deepEqual(n.podCIDRs, ['10.244.0.0/24']);
  assert.equal(n.internalIP, '192.168.49.2');
  assert.equal(n.images[0].names[1], 'registry.k8s.io/etcd:3.5.15-0');
  assert.equal(n.pods.length, 9);
  assert.deepEqual(minikube.unscheduled, []);
  assert.deepEqual(minikube.namespaces, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
});

test('minikube: cri-dockerd image ids are repo digests; the provisioner is a bare host-network pod', () => {
  const apiserver = pod(minikube, 'kube-system', 'kube-apiserver-minikube');
  assert.match(apiserver.containers[0].imageID ?? '', /^docker-pullable:\/\/registry\.k8s\.io\/kube-apiserver@sha256:/);
  assert.equal(apiserver.containers[0].resolvedDigestKind, 'repo-digest');
  const sp = pod(minikube, 'kube-system', 'storage-provisioner');
  assert.equal(sp.hostNetwork, true);
  assert.equal(sp.owner, undefined);
  assert.equal(sp.restarts, 1);
  assert.deepEqual(sp.podIPs, ['192.168.49.2']);
  const hello = pod(minikube, 'default', 'hello-minikube-7f6d5b9c8-2lmnp');
  assert.equal(hello.containers[0].image.canonical, 'docker.io/kicbase/echo-server:1.0');
  assert.deepEqual(hello.podIPs, ['10.244.0.5']);
  assert.equal(pod(minikube, 'default', 'notes-5d4c3b2a1-x9y8z').qosClass, 'Guaranteed');
});

test('crio: legacy master label and static pods both make control-plane nodes', () => {
  assert.deepEqual(crio.nodes.map((n) => [n.name, n.role, n.controlPlaneBy ?? null, n.inferred]), [
    ['cp-1', 'control-plane', 'label', false],
    ['cp-2', 'control-plane', 'static-pods', false],
    ['node-a', 'worker', null, false],
    ['node-b', 'worker', null, false],
    ['node-c', 'worker', null, true],
    ['node-d', 'worker', null, false],
  ]);
  assert.deepEqual(node(crio, 'cp-1').roles, ['master']);
  assert.deepEqual(node(crio, 'cp-2').roles, []);
  assert.deepEqual(node(crio, 'node-a').runtime, { kind: 'cri-o', name: 'cri-o', version: '1.30.2', raw: 'cri-o://1.30.2' });
});

test('crio: a node that never reported Ready is Unknown', () => {
  assert.deepEqual(node(crio, 'cp-2').ready, { status: 'Unknown', reason: 'no Ready condition' });
  // Its pods are not second-guessed: nothing says the kubelet stopped reporting.
  assert.equal(pod(crio, 'kube-system', 'etcd-cp-2').status, 'Running');
});

test('crio: an unreachable node and the pods it left behind', () => {
  const b = node(crio, 'node-b');
  assert.deepEqual(b.ready, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  assert.deepEqual(b.taints.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  const stale = pod(crio, 'shop', 'api-5f7d9c8b6-bbbbb');
  assert.equal(stale.status, 'NotReady');
  assert.equal(stale.ready, false);
  assert.equal(pod(crio, 'shop', 'api-5f7d9c8b6-lost1').status, 'Unknown');
});

test('crio: a NotReady, cordoned node', () => {
  const d = node(crio, 'node-d');
  assert.equal(d.ready.status, 'False');
  assert.equal(d.ready.reason, 'KubeletNotReady');
  assert.match(d.ready.message ?? '', /cni plugin not initialized/);
  assert.equal(d.unschedulable, true);
  assert.deepEqual(d.pods, []);
});

test('crio: evicted, terminating and gated pods', () => {
  const evicted = pod(crio, 'shop', 'api-5f7d9c8b6-evict');
  assert.equal(evicted.status, 'Evicted');
  assert.equal(evicted.phase, 'Failed');
  const terminating = pod(crio, 'shop', 'api-5f7d9c8b6-term1');
  assert.equal(terminating.status, 'Terminating');
  assert.equal(terminating.deletionTimestamp, '2024-09-12T11:05:00Z');
  assert.equal(pod(crio, 'shop', 'api-5f7d9c8b6-aaaaa').status, 'Running');
  assert.deepEqual(crio.unscheduled.map((p) => p.name), ['api-5f7d9c8b6-gated']);
  const gated = crio.unscheduled[0];
  assert.equal(gated.status, 'SchedulingGated');
  assert.equal(gated.scheduling?.reason, 'SchedulingGated');
});

test('crio: a pod bound to a deleted node gets an inferred node', () => {
  const c = node(crio, 'node-c');
  assert.equal(c.inferred, true);
  assert.equal(c.uid, 'inferred:node-c');
  assert.deepEqual(c.ready, { status: 'Unknown', reason: 'node object not found' });
  assert.equal(c.info, undefined);
  assert.equal(c.runtime, undefined);
  assert.deepEqual(c.pods.map((p) => p.name), ['api-5f7d9c8b6-ghost']);
  // The node list was readable, so there is no gap to report.
  assert.equal(crio.gaps.some((g) => g.resource === 'nodes'), false);
});
