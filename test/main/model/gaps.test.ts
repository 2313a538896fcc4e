// What the model does when RBAC hides part of the cluster.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, StreamedBuild } from '../../../main/model/build.ts';
import { applyDelta, modelStateFrom } from '../../../main/model/apply.ts';
import { storeObjects } from '../../../main/model/store.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { loadCluster, node, pod, source, volume } from './fixtures.ts';
import { say, translator } from '../../../main/i18n/index.ts';
import type { AccessGap, ModelSource } from '../../../main/model/types.ts';

/** A gap's consequence in English, as the CLI prints it. */
const consequence = (gap: AccessGap) => say(translator('en'), gap.consequence);

const FORBIDDEN_NODES = 'nodes is forbidden: User "system:serviceaccount:dev:viewer" cannot list resource "nodes" in API group "" at the cluster scope';

function without(key: keyof ClusterObjects, gap: ClusterObjects['gaps'][number]): ClusterObjects {
  const objects = loadCluster('kind');
  delete objects[key];
  objects.gaps = [gap];
  return objects;
}

test('nodes forbidden: pods are grouped by spec.nodeName under inferred nodes', () => {
  const model = buildModel(without('nodes', { resource: 'nodes', reason: 'forbidden', message: FORBIDDEN_NODES }), source('kind'));
  assert.deepEqual(model.nodes.map((n) => [n.name, n.role, n.controlPlaneBy ?? null, n.inferred]), [
    ['kind-control-plane', 'control-plane', 'static-pods', true],
    ['kind-worker', 'worker', null, true],
    ['kind-worker2', 'worker', null, true],
  ]);
  const cp = node(model, 'kind-control-plane');
  assert.equal(cp.uid, 'inferred:kind-control-plane');
  assert.deepEqual(cp.ready, { status: 'Unknown', reason: 'node not readable' });
  assert.deepEqual([cp.addresses, cp.podCIDRs, cp.images, cp.roles, cp.taints], [[], [], [], [], []]);
  assert.equal(cp.info, undefined);
  assert.equal(cp.pods.length, 9);
  assert.equal(node(model, 'kind-worker').pods.length, 7);
  // Without Node objects nothing says a node is unreachable: pod statuses are kubectl's.
  assert.equal(pod(model, 'default', 'web-7d9c8b6f5-kx2lp').status, 'Running');
  assert.equal(model.stats.pods, 24);
  assert.equal(model.gaps.length, 1);
  assert.equal(model.gaps[0].resource, 'nodes');
  assert.equal(model.gaps[0].reason, 'forbidden');
  assert.equal(model.gaps[0].message, FORBIDDEN_NODES);
  assert.match(consequence(model.gaps[0]), /spec\.nodeName/);
  // The model carries the sentence as a message id, put into words where it is shown.
  assert.deepEqual(model.gaps[0].consequence, { id: 'gap.consequence.nodes' });
  assert.match(say(translator('ko'), model.gaps[0].consequence), /파드는 spec\.nodeName으로/);
});

test('pvcs forbidden: claims are named but not found; pods still link through their specs', () => {
  const model = buildModel(
    without('persistentVolumeClaims', { resource: 'persistentvolumeclaims', reason: 'forbidden', message: 'persistentvolumeclaims is forbidden' }),
    source('kind'),
  );
  const data = volume(pod(model, 'default', 'db-0'), 'data');
  assert.deepEqual(data.claim, { name: 'data-db-0', namespace: 'default', found: false, accessModes: [] });
  assert.equal(volume(pod(model, 'default', 'db-0'), 'scratch').claim?.found, false);
  assert.deepEqual(model.sharedClaims.map((c) => c.claim), ['shared-reports']);
  // Plain words on what is missing, as the Korean says it, not the model's field (found: false).
  assert.equal(consequence(model.gaps[0]), 'Claims are shown by name only; their phase, size and bound volume are unknown.');
  assert.doesNotMatch(consequence(model.gaps[0]), /found/);
  assert.equal(say(translator('ko'), model.gaps[0].consequence), '클레임은 이름만 보입니다. 단계, 크기, 바인딩된 볼륨은 알 수 없습니다.');
});

test('pvs forbidden: claims are found, their volumes only named', () => {
  const model = buildModel(without('persistentVolumes', { resource: 'persistentvolumes', reason: 'forbidden', message: 'persistentvolumes is forbidden' }), source('kind'));
  const claim = volume(pod(model, 'default', 'db-0'), 'data').claim;
  assert.equal(claim?.found, true);
  assert.equal(claim?.volumeName, 'pvc-cb9ad508-b351-5f9a-bbd0-e3b08827cfa6');
  assert.equal(claim?.pv, undefined);
  assert.equal(model.gaps[0].resource, 'persistentvolumes');
  assert.ok(consequence(model.gaps[0]).length > 0);
});

test('namespaces forbidden: the namespaces of the pods are listed', () => {
  const model = buildModel(without('namespaces', { resource: 'namespaces', reason: 'forbidden', message: 'namespaces is forbidden' }), source('kind'));
  assert.deepEqual(model.namespaces, ['default', 'kube-system', 'local-path-storage']);
  assert.match(consequence(model.gaps[0]), /from the pods/);
});

test('a consequence given by the reader is kept; a missing list without a gap gets one', () => {
  const objects = loadCluster('kind');
  delete objects.persistentVolumes;
  objects.gaps = [{ resource: 'namespaces', reason: 'unavailable', message: 'timeout', consequence: 'retrying later' }];
  const model = buildModel(objects, source('kind'));
  assert.deepEqual(model.gaps.map((g) => [g.resource, g.reason, consequence(g).length !== 0]), [
    ['namespaces', 'unavailable', true],
    ['persistentvolumes', 'unavailable', true],
  ]);
  // The reader's own text, kept as written in any language.
  assert.deepEqual(model.gaps[0].consequence, { id: 'gap.said', params: { text: 'retrying later' } });
  assert.equal(say(translator('ko'), model.gaps[0].consequence), 'retrying later');
  // The namespace list was read after all: it is used.
  assert.equal(model.namespaces.includes('kube-public'), true);
});

test('everything forbidden but pods still gives a usable model', () => {
  const objects = loadCluster('minikube');
  const model = buildModel({ pods: objects.pods, gaps: [
    { resource: 'nodes', reason: 'forbidden', message: 'no' },
    { resource: 'persistentvolumeclaims', reason: 'forbidden', message: 'no' },
    { resource: 'persistentvolumes', reason: 'forbidden', message: 'no' },
    { resource: 'namespaces', reason: 'forbidden', message: 'no' },
  ] }, source('minikube'));
  assert.deepEqual(model.nodes.map((n) => [n.name, n.role, n.inferred]), [['minikube', 'control-plane', true]]);
  assert.equal(model.nodes[0].pods.length, 9);
  assert.equal(model.gaps.length, 4);
  assert.ok(model.gaps.every((g) => consequence(g) !== ''));
});

/** What `kubectl get nodes,pods,pvc,pv -A -o json` prints for a fixture cluster: one List, no Namespace objects. */
function kubectlList(cluster: string): string {
  const objects = loadCluster(cluster);
  const items = [
    ...(objects.nodes ?? []).map((o) => ({ kind: 'Node', apiVersion: 'v1', ...o })),
    ...(objects.pods ?? []).map((o) => ({ kind: 'Pod', apiVersion: 'v1', ...o })),
    ...(objects.persistentVolumeClaims ?? []).map((o) => ({ kind: 'PersistentVolumeClaim', apiVersion: 'v1', ...o })),
    ...(objects.persistentVolumes ?? []).map((o) => ({ kind: 'PersistentVolume', apiVersion: 'v1', ...o })),
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });
}

test('a snapshot of exactly nodes,pods,pvc,pv opens without a gap: the pods name their namespaces', () => {
  // kind has claims and volumes; crio has none, so kubectl prints no PVC or PV at all.
  for (const cluster of ['kind', 'minikube', 'crio']) {
    const model = buildModel(parseSnapshot(kubectlList(cluster), `${cluster}.json`).objects, source(cluster));
    // crio's api-5f7d9c8b6-ghost runs on node-c, whose Node object is gone: that node alone is said to be inferred.
    const expected = cluster === 'crio' ? ['nodes: the snapshot has no Node object for node node-c, which pods run on; it is inferred from its pods'] : [];
    assert.deepEqual(model.gaps.map((g) => `${g.resource}: ${g.message}`), expected, cluster);
    assert.ok(model.namespaces.includes('kube-system'), cluster);
  }
});

test('a list nobody gave is a gap only where the picture needs it', () => {
  const gapsOf = (objects: ClusterObjects) => buildModel(objects, source('x')).gaps.map((g) => `${g.resource}: ${g.message}`);
  const kind = loadCluster('kind');
  // Pods that use claims need the PVCs; bound claims need the PVs.
  assert.deepEqual(gapsOf({ ...kind, persistentVolumeClaims: undefined, persistentVolumes: undefined }), ['persistentvolumeclaims: persistentvolumeclaims were not read']);
  assert.deepEqual(gapsOf({ ...kind, persistentVolumes: undefined }), ['persistentvolumes: persistentvolumes were not read']);
  // Scheduled pods need their nodes.
  assert.deepEqual(gapsOf({ ...kind, nodes: undefined }), ['nodes: nodes were not read']);
  // Without pods nothing names a namespace.
  assert.deepEqual(gapsOf({ gaps: [], nodes: kind.nodes }), ['pods: pods were not read', 'namespaces: namespaces were not read']);
});

test('dropped duplicates reach the model as a gap of their own, which does not stand for an unread list', () => {
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: Array.from({ length: 21 }, (_, i) => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name: `p${i}`, namespace: 'default', uid: 'same' } })),
  });
  const model = buildModel(parseSnapshot(text, 'dup.json').objects, source('dup'));
  assert.equal(model.stats.pods, 1);
  // said, the gap's words for the page, is compared with its message in test/main/snapshot/i18n-duplicates.test.ts.
  assert.deepEqual(model.gaps.map(({ said: _said, ...gap }) => gap), [
    {
      resource: 'pods',
      reason: 'duplicate',
      message: '20 Pods dropped as duplicates: items[1], items[2], items[3], items[4], items[5] and 15 more repeat the uid "same" of items[0] (Pod default/p0)',
      consequence: { id: 'gap.consequence.duplicates' },
    },
  ]);
  // A duplicate gap for pods does not hide that the pods list itself is missing.
  const gaps = buildModel({ gaps: [{ resource: 'pods', reason: 'duplicate', message: 'm' }] }, source('x')).gaps;
  assert.deepEqual(gaps.map((g) => [g.resource, g.reason]), [['pods', 'duplicate'], ['pods', 'unavailable'], ['namespaces', 'unavailable']]);
});

describe('nodes a snapshot lacks, as the picture has them', () => {
  const SNAP: ModelSource = { kind: 'snapshot', name: 'c.json', namespaces: [] };
  const nodeItem = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `n-${name}` } });
  const podOn = (name: string, namespace: string, nodeName: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `u-${name}`, resourceVersion: '1' },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
  });
  const text = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [nodeItem('n1'), podOn('a', 'shop', 'n1'), podOn('b', 'shop', 'ghost-1'), podOn('c', 'lab', 'ghost-2'), podOn('d', 'lab', 'n1')],
  });
  const nodeGaps = (model: ReturnType<typeof buildModel>) => model.gaps.filter((g) => g.resource === 'nodes').map((g) => [g.reason, g.message]);

  test('name only the nodes the namespaces shown have pods on, and none when those are all in the file', () => {
    const { objects } = parseSnapshot(text, 'c.json');
    assert.deepEqual(nodeGaps(buildModel(objects, SNAP)), [['incomplete', 'the snapshot has no Node objects for 2 nodes that pods run on (ghost-1, ghost-2); they are inferred from their pods']]);
    const shop = buildModel(filterByNamespace(objects, ['shop']), { ...SNAP, namespaces: ['shop'] });
    assert.deepEqual(nodeGaps(shop), [['incomplete', 'the snapshot has no Node object for node ghost-1, which pods run on; it is inferred from its pods']]);
    assert.deepEqual(shop.nodes.map((n) => [n.name, n.inferred]), [['ghost-1', true], ['n1', false]]);
    // Pods of lab only on n1 would leave no node inferred: no gap. Here lab's c is on ghost-2.
    const lab = buildModel(filterByNamespace(objects, ['lab']), { ...SNAP, namespaces: ['lab'] });
    assert.deepEqual(nodeGaps(lab), [['incomplete', 'the snapshot has no Node object for node ghost-2, which pods run on; it is inferred from its pods']]);
    const none = buildModel(filterByNamespace(objects, ['other']), { ...SNAP, namespaces: ['other'] });
    assert.deepEqual(nodeGaps(none), []);
  });

  test('built as read, and kept by deltas, the gap is the full build\'s', () => {
    const { objects } = parseSnapshot(text, 'c.json');
    const streamed = new StreamedBuild();
    for (const item of objects.nodes ?? []) streamed.addNode(item);
    for (const item of objects.pods ?? []) if ((item.metadata as { namespace: string }).namespace === 'shop') streamed.addPod(item);
    const shop = { ...SNAP, namespaces: ['shop'] };
    assert.deepStrictEqual(streamed.finish(filterByNamespace({ ...objects, nodes: undefined, pods: undefined }, ['shop']), shop), buildModel(filterByNamespace(objects, ['shop']), shop));
    // The pod on ghost-1 goes: ghost-2 is the one node left inferred, then none.
    let state = modelStateFrom(objects, SNAP);
    for (const name of ['b', 'c']) {
      const pod = (objects.pods ?? []).find((p) => (p.metadata as { name: string }).name === name)!;
      state = applyDelta(state, { type: 'deleted', resource: 'pods', object: pod }).state;
      assert.deepStrictEqual(state.model, buildModel(storeObjects(state.store), SNAP));
    }
    assert.deepEqual(nodeGaps(state.model), []);
    assert.deepEqual(state.model.nodes.map((n) => n.name), ['n1']);
  });
});
