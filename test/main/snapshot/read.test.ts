import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/read.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { AccessGap } from '../../../main/model/types.ts';
import { buildModel } from '../../../main/model/build.ts';
import { say, translator } from '../../../main/i18n/index.ts';

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

test('YAML merge keys (<<: *anchor) are merged, as kubectl reads them; the map\'s own keys win', () => {
  const text = 'apiVersion: v1\nkind: List\nitems:\n- &n\n  kind: Node\n  metadata: {name: n1, labels: {zone: a}}\n- <<: *n\n  metadata: {name: n2}\n';
  const { objects } = parseSnapshot(text, 'merge.yaml');
  assert.deepEqual(names(objects.nodes), ['n1', 'n2']);
  assert.deepEqual(objects.nodes?.[1], { kind: 'Node', metadata: { name: 'n2' } });
  // A list of maps merges too, the first winning; a map's own keys always win.
  const many = 'base: &b {kind: Pod}\nmeta: &m {metadata: {name: x}}\nkind: List\nitems:\n- <<: [*m, *b]\n  spec: {nodeName: n1}\n';
  const pods = parseSnapshot(many, 'many.yaml').objects.pods;
  assert.deepEqual(pods, [{ kind: 'Pod', metadata: { name: 'x' }, spec: { nodeName: 'n1' } }]);
  // A merge of something that is no map is refused, naming the file.
  assert.throws(() => parseSnapshot('kind: Pod\nmetadata:\n  <<: 5\n  name: a\n', 'bad.yaml'), /bad\.yaml.*could not be read as YAML: Merge sources must be maps/);
  // A quoted "<<" is an ordinary key.
  const quoted = parseSnapshot('kind: Pod\nmetadata:\n  name: a\n  labels: {"<<": x}\n', 'q.yaml').objects.pods?.[0];
  assert.deepEqual((quoted?.metadata as { labels: unknown }).labels, { '<<': 'x' });
});

test('merge keys still count as aliases: a merge bomb is refused', () => {
  let text = 'a0: &a0 {k: v}\n';
  for (let i = 1; i < 12; i++) text += `a${i}: &a${i}\n  <<: [*a${i - 1}, *a${i - 1}]\n  x${i}: [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
  assert.throws(() => parseSnapshot(`kind: Pod\nmetadata: {name: p}\n${text}`, 'bomb.yaml'), /too many YAML aliases/);
});

describe('pods on nodes the snapshot has no Node object for', () => {
  const nodeItem = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const podOn = (name: string, nodeName?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `u-${name}` }, spec: nodeName === undefined ? {} : { nodeName } });
  const listOf = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

  test('one: a warning names it, with what the picture does instead, in both languages', () => {
    const { objects } = parseSnapshot(listOf([nodeItem('n1'), podOn('a', 'n1'), podOn('b', 'ghost'), podOn('c', 'ghost'), podOn('d')]), 'c.json');
    assert.deepEqual(objects.gaps, [
      {
        resource: 'nodes',
        reason: 'incomplete',
        message: 'the snapshot has no Node object for node ghost, which pods run on; it is inferred from its pods',
        said: { id: 'errors.gap.nodeNotInSnapshot', params: { kind: 'Node', name: 'ghost' } },
        consequence: { id: 'gap.consequence.nodesInferred' },
      },
    ]);
    const gap = objects.gaps[0] as AccessGap;
    assert.equal(say(translator('ko'), gap.said), '파드가 실행되는 노드 ghost의 Node 오브젝트가 스냅샷에 없습니다. 이 노드는 파드들로 미루어 그립니다');
    assert.match(say(translator('en'), gap.consequence), /^A node inferred from its pods is drawn from their spec\.nodeName alone/);
  });

  test('several: how many, and the first few by name', () => {
    const two = parseSnapshot(listOf([nodeItem('n1'), podOn('a', 'z-node'), podOn('b', 'b-node')]), 'c.json').objects.gaps;
    assert.deepEqual(two.map((g) => g.message), ['the snapshot has no Node objects for 2 nodes that pods run on (b-node, z-node); they are inferred from their pods']);
    const pods = Array.from({ length: 7 }, (_, i) => podOn(`p${i}`, `gone-${i}`));
    const seven = parseSnapshot(listOf([nodeItem('n1'), ...pods]), 'c.json').objects.gaps;
    assert.deepEqual(seven.map((g) => g.message), ['the snapshot has no Node objects for 7 nodes that pods run on (gone-0, gone-1, gone-2 and 4 more); they are inferred from their pods']);
    assert.deepEqual(seven[0]?.said, { id: 'errors.gap.nodesNotInSnapshotMore', params: { kind: 'Node', count: 7, names: 'gone-0, gone-1, gone-2', more: 4 } });
    // A hostile name is cut.
    const long = parseSnapshot(listOf([nodeItem('n1'), podOn('a', 'x'.repeat(5000))]), 'c.json').objects.gaps;
    assert.ok((long[0]?.message.length ?? 0) < 300);
  });

  test('none missing, or no nodes at all: no such warning (the latter has its own)', () => {
    assert.deepEqual(parseSnapshot(listOf([nodeItem('n1'), podOn('a', 'n1'), podOn('b')]), 'c.json').objects.gaps, []);
    const none = parseSnapshot(listOf([podOn('a', 'n1')]), 'c.json').objects.gaps;
    assert.deepEqual(none.map((g) => g.message), ['the snapshot has no Node objects']);
  });

  test('read in pieces, objects taken as they come, the same warning; nodes after their pods are no warning', async () => {
    const text = listOf([podOn('a', 'n1'), podOn('b', 'ghost'), nodeItem('n1')]);
    const whole = parseSnapshot(text, 'c.json');
    const streamed = await parseSnapshotStream((async function* () { yield Buffer.from(text); })(), 'c.json', { take: () => true });
    assert.deepEqual(streamed.objects.gaps, whole.objects.gaps);
    assert.deepEqual(whole.objects.gaps.map((g) => g.said), [{ id: 'errors.gap.nodeNotInSnapshot', params: { kind: 'Node', name: 'ghost' } }]);
  });

  test('the model draws them as inferred, and carries the warning to the page and the picture', () => {
    const { objects } = parseSnapshot(listOf([nodeItem('n1'), podOn('a', 'ghost')]), 'c.json');
    const model = buildModel(objects, { kind: 'snapshot', name: 'c.json', namespaces: [] });
    assert.deepEqual(model.nodes.map((n) => [n.name, n.inferred]), [['ghost', true], ['n1', false]]);
    assert.deepEqual(model.gaps.map((g) => [g.resource, g.said?.id, (g.consequence as { id?: string }).id]), [['nodes', 'errors.gap.nodeNotInSnapshot', 'gap.consequence.nodesInferred']]);
  });

  test('a saved snapshot whose notes already say nodes were not read gets no second warning', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [nodeItem('n1'), podOn('a', 'ghost')], 'x-kube-anatomy': { savedAt: '2024-01-01T00:00:00Z', gaps: [{ resource: 'nodes', reason: 'forbidden', message: 'nodes is forbidden' }] } });
    assert.deepEqual(parseSnapshot(text, 'saved.json').objects.gaps.map((g) => g.message), ['nodes is forbidden']);
  });
});
