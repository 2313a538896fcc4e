// Pod-level fields of the kind fixture: status columns, network, ownership.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../main/model/build.ts';
import { loadCluster, pod, source } from './fixtures.ts';

const model = buildModel(loadCluster('kind'), source('kind'));

test('STATUS, READY and RESTARTS as kubectl prints them', () => {
  const expected: [string, string, number, number, number][] = [
    ['web-7d9c8b6f5-kx2lp', 'Running', 2, 2, 1], // nginx + log-shipper sidecar; the sidecar restarted once
    ['db-0', 'Running', 1, 1, 0],
    ['backup-28764000-7xk2p', 'Completed', 0, 1, 0],
    ['crashy-6b8f9d7c4-zt9wq', 'CrashLoopBackOff', 0, 1, 7],
    ['pull-fail-59d7c8b6d-p2k4s', 'ImagePullBackOff', 0, 1, 0],
    ['migrate-7f9b5c6d8-h3j5k', 'Init:0/2', 0, 1, 0],
    ['model-server-0', 'ContainerCreating', 0, 1, 0],
    ['big-request-6c9d8f7b5-q4w8e', 'Pending', 0, 1, 0],
  ];
  for (const [name, status, ready, total, restarts] of expected) {
    const p = pod(model, 'default', name);
    assert.deepEqual([p.status, p.readyContainers, p.totalContainers, p.restarts], [status, ready, total, restarts], name);
  }
  assert.equal(pod(model, 'default', 'web-7d9c8b6f5-kx2lp').ready, true);
  assert.equal(pod(model, 'default', 'crashy-6b8f9d7c4-zt9wq').ready, false);
  assert.equal(pod(model, 'default', 'backup-28764000-7xk2p').phase, 'Succeeded');
  assert.equal(pod(model, 'default', 'migrate-7f9b5c6d8-h3j5k').phase, 'Pending');
});

test('dual-stack pod IPs, primary first', () => {
  const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
  assert.equal(web.podIP, '10.244.1.5');
  assert.deepEqual(web.podIPs, ['10.244.1.5', 'fd00:10:244:1::5']);
  assert.equal(web.hostIP, '172.18.0.2');
  assert.deepEqual(web.hostIPs, ['172.18.0.2', 'fc00:f853:ccd:e793::2']);
  assert.equal(web.hostNetwork, false);
  // Not started yet: no IP.
  const creating = pod(model, 'default', 'model-server-0');
  assert.equal(creating.podIP, undefined);
  assert.deepEqual(creating.podIPs, []);
});

test('host-network pods share the node addresses', () => {
  for (const name of ['etcd-kind-control-plane', 'kube-proxy-x7k2q', 'kindnet-q2k7x']) {
    const p = pod(model, 'kube-system', name);
    assert.equal(p.hostNetwork, true, name);
    assert.deepEqual(p.podIPs, ['172.18.0.3', 'fc00:f853:ccd:e793::3'], name);
    assert.deepEqual(p.podIPs, p.hostIPs, name);
  }
  assert.equal(pod(model, 'kube-system', 'coredns-6f6b679f8f-2xnwd').hostNetwork, false);
});

test('static mirror pods are marked and owned by their node', () => {
  const etcd = pod(model, 'kube-system', 'etcd-kind-control-plane');
  assert.equal(etcd.static, true);
  assert.deepEqual({ kind: etcd.owner?.kind, name: etcd.owner?.name }, { kind: 'Node', name: 'kind-control-plane' });
  assert.equal(etcd.priorityClassName, 'system-node-critical');
  assert.equal(etcd.qosClass, 'Burstable');
  assert.equal(etcd.serviceAccountName, undefined);
  assert.equal(pod(model, 'kube-system', 'kube-proxy-x7k2q').static, false);
});

test('owners, QoS and the rest of the pod spec', () => {
  const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
  assert.equal(web.owner?.kind, 'ReplicaSet');
  assert.equal(web.owner?.name, 'web-7d9c8b6f5');
  assert.match(web.owner?.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(web.qosClass, 'Burstable');
  assert.equal(web.serviceAccountName, 'default');
  assert.equal(web.restartPolicy, 'Always');
  assert.equal(web.creationTimestamp, '2024-09-12T08:13:58Z');
  assert.equal(web.deletionTimestamp, undefined);
  assert.deepEqual(web.labels, { app: 'web', 'pod-template-hash': '7d9c8b6f5' });
  assert.equal(pod(model, 'kube-system', 'kindnet-q2k7x').qosClass, 'Guaranteed');
  assert.equal(pod(model, 'kube-system', 'kube-proxy-x7k2q').owner?.kind, 'DaemonSet');
  assert.equal(pod(model, 'default', 'db-0').owner?.kind, 'StatefulSet');
  const job = pod(model, 'default', 'backup-28764000-7xk2p');
  assert.equal(job.owner?.kind, 'Job');
  assert.equal(job.restartPolicy, 'Never');
  assert.deepEqual(job.conditions.find((c) => c.type === 'Ready'), { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: '2024-09-12T08:14:03Z' });
});

test('the controller owner reference wins over earlier ones', () => {
  const objects = loadCluster('kind');
  const raw = structuredClone(objects.pods?.find((p) => (p.metadata as { name: string }).name === 'db-0'));
  assert.ok(raw);
  const meta = raw.metadata as { ownerReferences: unknown[] };
  meta.ownerReferences.unshift({ apiVersion: 'v1', kind: 'ConfigMap', name: 'holder', uid: 'x' });
  const m = buildModel({ pods: [raw], gaps: [] }, source('one'));
  assert.equal(m.nodes[0].pods[0].owner?.kind, 'StatefulSet');
  (meta.ownerReferences[1] as { controller: boolean }).controller = false;
  assert.equal(buildModel({ pods: [raw], gaps: [] }, source('one')).nodes[0].pods[0].owner?.kind, 'ConfigMap');
});
