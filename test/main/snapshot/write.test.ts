import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { buildDemoCluster } from '../../../main/snapshot/demo.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/snapshots/${name}`, import.meta.url), 'utf8');

/** A partially forbidden read: no nodes (RBAC), no PVs in the cluster, PVCs and namespaces read. */
function partial(): ClusterObjects {
  const { objects } = parseSnapshot(fixture('kubectl-list.json'), 'kubectl-list.json');
  return {
    pods: objects.pods,
    persistentVolumeClaims: objects.persistentVolumeClaims,
    persistentVolumes: [],
    namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
    gaps: [
      {
        resource: 'nodes',
        reason: 'forbidden',
        message: 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope',
        consequence: 'nodes inferred from pods',
      },
    ],
  };
}

test('JSON output has kubectl\'s List shape, key order and 4-space indent', () => {
  const text = writeSnapshot(partial(), 'json');
  assert.ok(text.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "v1",\n'));
  assert.ok(text.endsWith('}\n'));
  const list = JSON.parse(text);
  assert.deepEqual(Object.keys(list), ['apiVersion', 'items', 'kind', 'metadata', 'x-kube-anatomy']);
  assert.equal(list.kind, 'List');
  assert.deepEqual(list.metadata, { resourceVersion: '' });
  assert.deepEqual(
    list.items.map((i: { kind: string }) => i.kind),
    ['Pod', 'Pod', 'PersistentVolumeClaim', 'Namespace'],
  );
  // Keys sorted like kubectl's: metadata before spec before status, name before namespace.
  assert.deepEqual(Object.keys(list.items[0]), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(Object.keys(list.items[0].metadata), ['name', 'namespace', 'uid']);
  assert.deepEqual(list['x-kube-anatomy'], {
    gaps: [
      {
        consequence: 'nodes inferred from pods',
        message: 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope',
        reason: 'forbidden',
        resource: 'nodes',
      },
    ],
    resources: ['pods', 'persistentvolumeclaims', 'persistentvolumes', 'namespaces'],
  });
});

test('YAML output looks like kubectl\'s and keeps ambiguous strings quoted for YAML 1.1 readers', () => {
  const objects: ClusterObjects = {
    nodes: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1', labels: { yes: 'on', empty: '', mode: '0777', num: '123', time: '2026-01-02T03:04:05Z' } },
      },
    ],
    gaps: [],
  };
  const text = writeSnapshot(objects, 'yaml');
  assert.ok(text.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n'), text);
  assert.match(text, /^kind: List\nmetadata:\n {2}resourceVersion: ""\n/m);
  assert.match(text, / {6}empty: ""\n/);
  assert.match(text, / {6}"yes": "on"\n/);
  for (const version of ['1.1', '1.2'] as const) {
    const back = parseYaml(text, { version });
    assert.deepEqual(back.items[0].metadata.labels, objects.nodes?.[0]?.metadata && (objects.nodes[0].metadata as { labels: unknown }).labels);
  }
});

for (const format of ['json', 'yaml'] as const) {
  test(`round trip (${format}): a partial read keeps its gaps, empty lists and missing lists`, () => {
    const objects = partial();
    const back = parseSnapshot(writeSnapshot(objects, format), `snap.${format}`);
    assert.deepEqual(back.objects, objects);
    assert.deepEqual(back.ignored, []);
    // The stored forbidden gap stands in for "the snapshot has no Node objects".
    assert.equal(back.objects.gaps.filter((g) => g.resource === 'nodes').length, 1);
    assert.deepEqual(back.objects.persistentVolumes, []);
    assert.equal(back.objects.nodes, undefined);
  });

  test(`round trip (${format}): the demo cluster`, () => {
    const objects = buildDemoCluster();
    assert.deepEqual(parseSnapshot(writeSnapshot(objects, format), `demo.${format}`).objects, objects);
  });

  test(`round trip (${format}): savedAt and source`, () => {
    const text = writeSnapshot({ pods: [], gaps: [] }, format, { savedAt: '2026-11-30T04:00:00Z', source: 'kind-kind' });
    const back = parseSnapshot(text, `s.${format}`);
    assert.equal(back.savedAt, '2026-11-30T04:00:00Z');
    assert.equal(back.source, 'kind-kind');
    assert.deepEqual(back.objects, { pods: [], gaps: [] });
  });

  test(`round trip (${format}): __proto__ keys survive as data`, () => {
    // JSON.parse makes `__proto__` an own property, as it would come from a cluster.
    const pod = JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"__proto__":{"polluted":"yes"}}},"__proto__":{"isAdmin":true}}');
    const objects: ClusterObjects = { nodes: [], pods: [pod], gaps: [] };
    const back = parseSnapshot(writeSnapshot(objects, format), `p.${format}`).objects;
    assert.deepEqual(back, objects);
    const labels = (back.pods?.[0]?.metadata as { labels: object }).labels;
    assert.ok(Object.hasOwn(labels, '__proto__'));
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  });
}

test('objects from a typed API list get the kind and apiVersion kubectl would print', () => {
  const { objects } = parseSnapshot(fixture('pod-list-raw.json'), 'pods.json');
  const list = JSON.parse(writeSnapshot(objects, 'json'));
  assert.equal(list.items.length, 2);
  for (const item of list.items) {
    assert.equal(item.apiVersion, 'v1');
    assert.equal(item.kind, 'Pod');
  }
  assert.deepEqual(Object.keys(list.items[0]).slice(0, 2), ['apiVersion', 'kind']);
});

test('Date values (as client libraries decode timestamps) are written as the API server writes them', () => {
  const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', creationTimestamp: new Date('2026-03-04T05:06:07Z') } };
  const list = JSON.parse(writeSnapshot({ pods: [pod], gaps: [] }, 'json'));
  assert.equal(list.items[0].metadata.creationTimestamp, '2026-03-04T05:06:07Z');
  const yaml = parseYaml(writeSnapshot({ pods: [pod], gaps: [] }, 'yaml'));
  assert.equal(yaml.items[0].metadata.creationTimestamp, '2026-03-04T05:06:07Z');
});

test('undefined fields are left out rather than written as null', () => {
  const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', namespace: undefined }, spec: undefined };
  const list = JSON.parse(writeSnapshot({ pods: [pod], gaps: [] }, 'json'));
  assert.deepEqual(list.items[0], { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
});
