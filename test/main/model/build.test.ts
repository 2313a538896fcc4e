// The builder on a kind cluster (one control-plane node, two workers, dual
// stack): overall shape, ordering, determinism, serialisability and scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, MODEL_SCHEMA } from '../../../main/model/index.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/index.ts';
import { allPods, loadCluster, node, pod, source } from './fixtures.ts';

const kind = () => buildModel(loadCluster('kind'), source('kind.json'));

test('kind: control-plane node first, then workers by name', () => {
  const model = kind();
  assert.equal(model.schema, MODEL_SCHEMA);
  assert.deepEqual(model.nodes.map((n) => [n.name, n.role, n.controlPlaneBy]), [
    ['kind-control-plane', 'control-plane', 'label'],
    ['kind-worker', 'worker', undefined],
    ['kind-worker2', 'worker', undefined],
  ]);
  assert.ok(model.nodes.every((n) => !n.inferred));
});

test('kind: pods land on their nodes, sorted by namespace then name', () => {
  const model = kind();
  assert.deepEqual(node(model, 'kind-control-plane').pods.map((p) => `${p.namespace}/${p.name}`), [
    'kube-system/coredns-6f6b679f8f-2xnwd',
    'kube-system/coredns-6f6b679f8f-vq7lj',
    'kube-system/etcd-kind-control-plane',
    'kube-system/kindnet-q2k7x',
    'kube-system/kube-apiserver-kind-control-plane',
    'kube-system/kube-controller-manager-kind-control-plane',
    'kube-system/kube-proxy-x7k2q',
    'kube-system/kube-scheduler-kind-control-plane',
    'local-path-storage/local-path-provisioner-57c5987fd4-8hjkl',
  ]);
  assert.deepEqual(node(model, 'kind-worker').pods.map((p) => p.name), [
    'backup-28764000-7xk2p',
    'model-server-0',
    'pull-fail-59d7c8b6d-p2k4s',
    'report-writer-5c4f8d9b7-abcde',
    'web-7d9c8b6f5-kx2lp',
    'kindnet-p8n4m',
    'kube-proxy-m4n8p',
  ]);
  assert.deepEqual(node(model, 'kind-worker2').pods.map((p) => p.name), [
    'crashy-6b8f9d7c4-zt9wq',
    'db-0',
    'migrate-7f9b5c6d8-h3j5k',
    'report-reader-6d8e7f5a4-fghij',
    'kindnet-v5t9r',
    'kube-proxy-r9t5v',
  ]);
  for (const n of model.nodes) for (const p of n.pods) assert.equal(p.nodeName, n.name);
});

test('kind: pending pods without a node are listed apart', () => {
  const model = kind();
  assert.deepEqual(model.unscheduled.map((p) => p.name), ['big-request-6c9d8f7b5-q4w8e', 'fresh-5b7c9d8e6-z1x2c']);
  const big = model.unscheduled[0];
  assert.equal(big.nodeName, undefined);
  assert.equal(big.status, 'Pending');
  assert.equal(big.scheduling?.status, 'False');
  assert.equal(big.scheduling?.reason, 'Unschedulable');
  assert.match(big.scheduling?.message ?? '', /2 Insufficient memory/);
  // Never looked at by the scheduler: no condition, so no scheduling problem to show.
  assert.equal(model.unscheduled[1].scheduling, undefined);
  assert.equal(model.unscheduled[1].status, 'Pending');
});

test('kind: namespaces, gaps, source and stats', () => {
  const model = buildModel(loadCluster('kind'), { kind: 'cluster', name: 'kind-kind', server: 'https://127.0.0.1:39127', namespaces: [] });
  assert.deepEqual(model.namespaces, ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']);
  assert.deepEqual(model.gaps, []);
  assert.deepEqual(model.source, { kind: 'cluster', name: 'kind-kind', server: 'https://127.0.0.1:39127', namespaces: [] });
  // 24 pods: 4 static, 3 kube-proxy, 3 kindnet, 2 coredns, the provisioner, 11 workloads.
  // 29 containers: web has 4 (init, sidecar, app, ephemeral), migrate 3, the other 22 pods 1 each.
  // 69 volumes: 15 in the static pods, 4 per kube-proxy and kindnet (24), 2 per coredns and
  // the provisioner (6), and 24 in the workloads (web 6, db/writer/reader/model-server 3 each, 6 × 1).
  assert.deepEqual(model.stats, { nodes: 3, pods: 24, containers: 29, volumes: 69 });
  assert.equal(allPods(model).length, 24);
});

test('kind: the model is plain JSON (a round trip changes nothing)', () => {
  for (const name of ['kind', 'minikube', 'crio']) {
    const model = buildModel(loadCluster(name), source(name));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(model)), model);
  }
});

// A small seeded PRNG so a failure can be reproduced.
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('the same objects in any order give an equal model', () => {
  for (const name of ['kind', 'crio']) {
    const objects = loadCluster(name);
    const reference = buildModel(objects, source(name));
    for (const seed of [1, 7, 42, 1234]) {
      const shuffled: ClusterObjects = {
        gaps: [],
        nodes: shuffle(objects.nodes ?? [], seed),
        pods: shuffle(objects.pods ?? [], seed + 1),
        namespaces: objects.namespaces && shuffle(objects.namespaces, seed + 2),
      };
      if (objects.persistentVolumeClaims) shuffled.persistentVolumeClaims = shuffle(objects.persistentVolumeClaims, seed + 3);
      if (objects.persistentVolumes) shuffled.persistentVolumes = shuffle(objects.persistentVolumes, seed + 4);
      assert.deepStrictEqual(buildModel(shuffled, source(name)), reference, `seed ${seed}`);
    }
  }
});

test('building does not modify its input', () => {
  const objects = loadCluster('kind');
  const before = JSON.stringify(objects);
  buildModel(objects, source('kind'));
  assert.equal(JSON.stringify(objects), before);
});

test('20,000 pods on 200 nodes build quickly with the right counts', () => {
  const nodes: KubeObject[] = [];
  for (let n = 0; n < 200; n++) {
    nodes.push({ metadata: { name: `node-${n}`, uid: `n${n}`, labels: n < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  const pods: KubeObject[] = [];
  const pvcs: KubeObject[] = [];
  for (let i = 0; i < 20_000; i++) {
    const ns = `team-${i % 40}`;
    const claim = `data-${Math.floor(i / 2)}`; // every claim is shared by two pods
    if (i % 2 === 0) pvcs.push({ metadata: { name: claim, namespace: ns }, spec: { accessModes: ['ReadWriteMany'] }, status: { phase: 'Bound' } });
    pods.push({
      metadata: { name: `app-${i}`, namespace: ns, uid: `p${i}` },
      spec: {
        nodeName: i % 50 === 49 ? undefined : `node-${i % 200}`,
        containers: [
          { name: 'app', image: `registry.example.com/team/app:${i % 7}`, volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }] },
          { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }, { name: 'tmp', emptyDir: {} }],
      },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
    });
  }
  // Pairs (2k, 2k+1) share a claim only when in the same namespace: i % 40 differs, so make pairs share namespace.
  for (let i = 1; i < pods.length; i += 2) {
    const meta = pods[i].metadata as { namespace: string };
    meta.namespace = (pods[i - 1].metadata as { namespace: string }).namespace;
  }
  const started = performance.now();
  const model = buildModel({ nodes, pods, persistentVolumeClaims: pvcs, persistentVolumes: [], namespaces: [], gaps: [] }, source('generated'));
  const ms = performance.now() - started;
  assert.equal(model.stats.pods, 20_000);
  assert.equal(model.stats.nodes, 200);
  assert.equal(model.stats.containers, 40_000);
  assert.equal(model.stats.volumes, 40_000);
  assert.equal(model.unscheduled.length, 400);
  assert.equal(model.sharedClaims.length, 10_000);
  assert.deepEqual(model.nodes.slice(0, 3).map((n) => n.role), ['control-plane', 'control-plane', 'control-plane']);
  const p = pod(model, 'team-0', 'app-0');
  assert.deepEqual(p.volumes[0].sharedWithPods, ['team-0/app-1']);
  assert.equal(p.volumes[1].shared, true);
  // Only a guard against quadratic work (which would take minutes here); the
  // build itself takes about a second on a busy 2-core machine.
  assert.ok(ms < 30_000, `took ${ms} ms`);
});
