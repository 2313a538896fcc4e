import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/snapshots/${name}`, import.meta.url), 'utf8');
const names = (list: KubeObject[] | undefined): string[] | undefined =>
  list?.map((o) => (o.metadata as { name: string }).name);

for (const file of ['kubectl-list.json', 'kubectl-list.yaml']) {
  test(`${file}: items are sorted by kind, other kinds counted`, () => {
    const { objects, ignored } = parseSnapshot(fixture(file), file);
    assert.deepEqual(names(objects.nodes), ['minikube']);
    assert.deepEqual(names(objects.pods), ['web-0', 'coredns-674b8bbfcf-x2x7k']);
    assert.deepEqual(names(objects.persistentVolumeClaims), ['data-web-0']);
    assert.deepEqual(names(objects.persistentVolumes), ['pvc-c4d5e6f7-0819-4a2b-b3c4-d5e6f7081920']);
    // No Namespace objects in the file: not in this snapshot, and no gap for it.
    assert.equal(objects.namespaces, undefined);
    assert.deepEqual(objects.gaps, []);
    // Events are read beside the objects (issue 12), other kinds counted.
    assert.equal((objects as { events?: unknown[] }).events?.length, 2);
    assert.deepEqual(ignored, [{ kind: 'Service', count: 1 }]);
  });
}

test('the JSON and YAML forms of one List read the same', () => {
  assert.deepEqual(parseSnapshot(fixture('kubectl-list.yaml'), 'l.yaml'), parseSnapshot(fixture('kubectl-list.json'), 'l.json'));
});

test('a multi-document YAML stream with a trailing --- reads every document', () => {
  const { objects } = parseSnapshot(fixture('multi-doc.yaml'), 'multi-doc.yaml');
  assert.deepEqual(names(objects.nodes), ['minikube']);
  assert.deepEqual(names(objects.pods), ['web-0', 'coredns-674b8bbfcf-x2x7k']);
  // web-0 uses claim data-web-0 but the file has no PVCs: the picture must say so.
  assert.deepEqual(objects.gaps, [
    {
      resource: 'persistentvolumeclaims',
      reason: 'unavailable',
      message: 'the snapshot has no PersistentVolumeClaim objects',
      // The page's words for it (a deliberate shape change: gaps carry their message).
      said: { id: 'errors.gap.snapshotHasNo', params: { kind: 'PersistentVolumeClaim' } },
    },
  ]);
});

test('a single object (kubectl get pod x -o yaml)', () => {
  const { objects } = parseSnapshot(fixture('single-pod.yaml'), 'single-pod.yaml');
  assert.deepEqual(names(objects.pods), ['debug']);
  assert.equal(objects.nodes, undefined);
  assert.equal(objects.persistentVolumeClaims, undefined);
  assert.deepEqual(objects.gaps, [{ resource: 'nodes', reason: 'unavailable', message: 'the snapshot has no Node objects', said: { id: 'errors.gap.snapshotHasNo', params: { kind: 'Node' } } }]);
});

test('a typed list from the API (PodList) whose items carry no kind', () => {
  const { objects } = parseSnapshot(fixture('pod-list-raw.json'), 'pods.json');
  assert.deepEqual(names(objects.pods), ['api-7f9c6d5b8-q2w4e', 'api-7f9c6d5b8-r5t6y']);
  assert.equal(objects.nodes, undefined);
  assert.equal(objects.gaps.length, 1);
  assert.equal(objects.gaps[0]?.resource, 'nodes');
});

test('lists nested in a List (NodeList, PodList, NamespaceList)', () => {
  const { objects } = parseSnapshot(fixture('nested-lists.json'), 'nested.json');
  assert.deepEqual(names(objects.nodes), ['worker-1', 'worker-2']);
  assert.deepEqual(names(objects.pods), ['a']);
  assert.deepEqual(names(objects.namespaces), ['default']);
  assert.equal(objects.persistentVolumes, undefined);
  assert.deepEqual(objects.gaps, []);
});

test('an empty List reads as a snapshot with nothing in it', () => {
  const { objects, ignored } = parseSnapshot('{"apiVersion":"v1","kind":"List","items":[],"metadata":{"resourceVersion":""}}', 'e.json');
  assert.deepEqual(objects, { gaps: [] });
  assert.deepEqual(ignored, []);
});

test('nodes without pods: no gap for the missing pods', () => {
  const { objects } = parseSnapshot('kind: NodeList\napiVersion: v1\nitems:\n- metadata: {name: n1}\n', 'nodes.yaml');
  assert.deepEqual(names(objects.nodes), ['n1']);
  assert.equal(objects.pods, undefined);
  assert.deepEqual(objects.gaps, []);
});

test('a generic ephemeral volume counts as a claim reference', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'n', volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }] } };
  const { objects } = parseSnapshot(JSON.stringify(pod), 'p.json');
  assert.deepEqual(
    objects.gaps.map((g) => g.resource),
    ['nodes', 'persistentvolumeclaims'],
  );
});

test('a kind of the same name from another API group is not the core object', () => {
  const list = {
    kind: 'List',
    items: [
      { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Node', metadata: { name: 'not-a-node' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'real' } },
    ],
  };
  const { objects, ignored } = parseSnapshot(JSON.stringify(list), 'x.json');
  assert.deepEqual(names(objects.nodes), ['real']);
  assert.deepEqual(ignored, [{ kind: 'Node (cluster.x-k8s.io/v1beta1)', count: 1 }]);
});

test('a byte-order mark and CRLF line ends are accepted', () => {
  const text = `\uFEFF${fixture('single-pod.yaml').replace(/\n/g, '\r\n')}`;
  assert.deepEqual(names(parseSnapshot(text, 'bom.yaml').objects.pods), ['debug']);
});

for (const file of ['proto.json', 'proto.yaml']) {
  test(`${file}: __proto__ keys stay plain data and pollute nothing`, () => {
    const { objects } = parseSnapshot(fixture(file), file);
    const pod = objects.pods?.[0] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(pod), Object.prototype);
    assert.ok(Object.hasOwn(pod, '__proto__'), 'kept as an own property');
    assert.equal((pod as { isAdmin?: unknown }).isAdmin, undefined);
    const labels = (pod.metadata as { labels: Record<string, unknown> }).labels;
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.deepEqual(Object.keys(labels)[0], '__proto__');
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    assert.equal((Object.prototype as { isAdmin?: unknown }).isAdmin, undefined);
  });
}

const pod = (name: string, uid: string, namespace = 'default') => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace, uid } });
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
// The English only: the said form is compared with it in test/main/snapshot/i18n-duplicates.test.ts.
const duplicateGaps = (gaps: ClusterObjects['gaps']) => gaps.filter((g) => g.reason === 'duplicate').map(({ said: _said, ...gap }) => gap);

test('21 pods with one uid: the first is kept, the others are reported by place, not merged silently', () => {
  const items = Array.from({ length: 21 }, (_, i) => pod(`web-${i}`, 'one-uid'));
  const { objects } = parseSnapshot(list(items), 'dup.json');
  assert.deepEqual(names(objects.pods), ['web-0']);
  assert.deepEqual(duplicateGaps(objects.gaps), [
    {
      resource: 'pods',
      reason: 'duplicate',
      message: '20 Pods dropped as duplicates: items[1], items[2], items[3], items[4], items[5] and 15 more repeat the uid "one-uid" of items[0] (Pod default/web-0)',
    },
  ]);
});

test('one kind, namespace and name twice is a duplicate even with another uid, across documents too', () => {
  const yaml = [
    'kind: List\napiVersion: v1\nitems:\n- {kind: Node, metadata: {name: n, uid: n1}}\n- {kind: Pod, metadata: {name: a, namespace: x, uid: a1}}',
    'kind: List\napiVersion: v1\nitems:\n- {kind: Pod, metadata: {name: a, namespace: y, uid: a2}}\n- {kind: Pod, metadata: {name: a, namespace: x, uid: a3}}\n- {kind: PersistentVolume, metadata: {name: n, uid: pv1}}\n- {kind: Node, metadata: {name: n, uid: n2}}',
  ].join('\n---\n');
  const { objects } = parseSnapshot(yaml, 'two.yaml');
  // Another namespace, or another kind, is another object.
  assert.deepEqual(objects.pods?.map((p) => (p.metadata as { uid: string }).uid), ['a1', 'a2']);
  assert.deepEqual(names(objects.persistentVolumes), ['n']);
  assert.deepEqual(objects.nodes?.map((p) => (p.metadata as { uid: string }).uid), ['n1']);
  assert.deepEqual(
    objects.gaps.map((g) => [g.resource, g.message]),
    [
      ['pods', '1 Pod dropped as a duplicate: document 2, items[1] repeats Pod x/a of document 1, items[1]'],
      ['nodes', '1 Node dropped as a duplicate: document 2, items[3] repeats Node n of document 1, items[0]'],
    ],
  );
});

test('a snapshot without duplicates reports none', () => {
  const { objects } = parseSnapshot(list([pod('a', 'u1'), pod('b', 'u2'), pod('a', 'u3', 'other')]), 'ok.json');
  assert.equal(objects.pods?.length, 3);
  assert.deepEqual(duplicateGaps(objects.gaps), []);
});

test('unscheduled pods without nodes: no gap, nothing is missing from their picture', () => {
  const { objects } = parseSnapshot('kind: PodList\napiVersion: v1\nitems:\n- metadata: {name: pending, namespace: default, uid: u}\n', 'pending.yaml');
  assert.deepEqual(names(objects.pods), ['pending']);
  assert.deepEqual(objects.gaps, []);
});
