// Hostile and malformed input: the builder skips what it cannot read, keeps
// markup as plain strings, never throws, and cannot be tricked through __proto__.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../../main/model/build.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { fixturePath, source, volume } from './fixtures.ts';

const load = (): ClusterObjects => JSON.parse(readFileSync(fixturePath('hostile', 'objects.json'), 'utf8')) as ClusterObjects;
const NAME = '<img src=x onerror=alert(1)>';

test('malformed nodes are skipped; the one with a name is read defensively', () => {
  const model = buildModel(load(), source('hostile'));
  assert.deepEqual(model.nodes.map((n) => n.name), [NAME]);
  const n = model.nodes[0];
  assert.equal(n.uid, `node:${NAME}`); // metadata.uid was a number
  assert.equal(n.inferred, false);
  assert.deepEqual(n.roles, ['<b>evil</b>']);
  assert.equal(n.role, 'worker');
  assert.deepEqual(Object.keys(n.labels), ['__proto__', 'constructor', 'node-role.kubernetes.io/<b>evil</b>']);
  assert.equal(Object.getPrototypeOf(n.labels), Object.prototype);
  assert.deepEqual(n.ready, { status: 'Unknown', reason: '<script>alert(1)</script>' });
  assert.deepEqual(n.conditions.length, 1);
  assert.deepEqual(n.podCIDRs, ['10.9.0.0/24']);
  assert.deepEqual(n.taints, [{ key: 'k', effect: 'NoSchedule' }]);
  assert.equal(n.unschedulable, false);
  assert.deepEqual(n.addresses, []);
  assert.deepEqual(n.images, []);
  assert.deepEqual(n.capacity, { memory: '1Gi' });
  assert.deepEqual(n.runtime, { kind: 'other', name: '', version: '', raw: 'garbage' });
  assert.deepEqual(n.info, { osImage: '<svg onload=alert(1)>', containerRuntimeVersion: 'garbage' });
});

test('malformed pods are skipped, a missing uid is derived, duplicate uids kept once', () => {
  const model = buildModel(load(), source('hostile'));
  const onNode = model.nodes[0].pods;
  assert.deepEqual(onNode.map((p) => [p.namespace, p.name, p.uid]), [
    ['evil', "<script>alert('pod')</script>", 'hostile-1'],
    ['evil', 'no-uid', 'evil/no-uid'],
  ]);
  assert.deepEqual(model.unscheduled.map((p) => p.name), ['twin-a']);
  assert.deepEqual(model.stats, { nodes: 1, pods: 3, containers: 4, volumes: 4 });
  assert.deepEqual(model.namespaces, ['evil']);
});

test('a hostile pod: wrong types ignored, markup kept as text', () => {
  const model = buildModel(load(), source('hostile'));
  const p = model.nodes[0].pods[0];
  assert.equal(p.phase, 'Unknown');
  assert.equal(p.qosClass, undefined);
  assert.equal(p.hostNetwork, false);
  assert.equal(p.static, false);
  assert.equal(p.ready, true);
  assert.equal(p.scheduling, undefined);
  assert.equal(p.restarts, 0);
  assert.deepEqual(p.podIPs, ['10.0.0.1']);
  assert.equal(p.podIP, '10.0.0.9');
  assert.deepEqual(p.owner, { kind: 'ReplicaSet', name: 'rs-1' });
  assert.deepEqual(p.labels, JSON.parse('{"__proto__": "polluted", "constructor": "x", "app": "<b>bold</b>"}'));
  assert.deepEqual(p.containers.map((c) => [c.group, c.name]), [['sidecar', 'side'], ['app', 'ok'], ['app', 'no-image']]);
  const [side, ok, noImage] = p.containers;
  assert.match(side.image.invalid ?? '', /lowercase/);
  assert.match(ok.image.invalid ?? '', /lowercase/);
  assert.match(noImage.image.invalid ?? '', /empty/);
  // side has a status whose state is junk; no-image has no status at all.
  assert.deepEqual(side.state, { kind: 'unknown', reason: 'state not reported' });
  assert.deepEqual(noImage.state, { kind: 'unknown', reason: 'no status yet' });
  assert.deepEqual(ok.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  assert.deepEqual(p.volumes.map((v) => [v.name, v.type, v.typeName]), [
    ['v1', 'other', 'unknown'],
    ['pvc-no-claim', 'persistentVolumeClaim', 'persistentVolumeClaim'],
    ['cm-bad', 'other', 'unknown'],
    ['<i>vol</i>', 'hostPath', 'hostPath'],
  ]);
  assert.deepEqual(volume(p, 'v1').mountedBy, [{ container: 'ok', group: 'app', mountPath: '/a', readOnly: false }]);
  assert.equal(volume(p, 'pvc-no-claim').claim, undefined);
  assert.equal(volume(p, '<i>vol</i>').detail, '<script>alert(2)</script>');
});

test('malformed gaps are dropped; an unread list the picture does not need gets none', () => {
  const model = buildModel(load(), source('hostile'));
  // No claim here is bound to a volume, so the missing PersistentVolumes change nothing.
  assert.deepEqual(model.gaps.map((g) => [g.resource, g.reason, g.message]), [['namespaces', 'unavailable', '']]);
});

test('the prototype of plain objects is never touched', () => {
  buildModel(load(), source('hostile'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
});

test('huge strings are cut to 64 KiB', () => {
  const huge = 'x'.repeat(1_000_000);
  const model = buildModel({
    pods: [{ metadata: { name: 'big', namespace: 'default', uid: 'u', labels: { huge }, annotations: { huge } }, spec: { nodeName: 'n', containers: [{ name: 'c', image: huge }] }, status: { message: huge } }],
    gaps: [],
  }, source('huge'));
  const p = model.nodes[0].pods[0];
  assert.equal(p.labels.huge.length, 65536);
  assert.equal(p.containers[0].image.raw.length, 65536);
  assert.ok(JSON.stringify(model).length < 1_000_000);
});

test('garbage in place of the whole input does not throw', () => {
  for (const input of [null, undefined, 5, 'x', [], { nodes: 'x', pods: { a: 1 }, gaps: 'x' }]) {
    const model = buildModel(input as unknown as ClusterObjects, source('junk'));
    assert.equal(model.stats.pods, 0);
    assert.deepEqual(model.nodes, []);
    assert.deepEqual(model.gaps.map((g) => g.resource), ['pods', 'namespaces']);
  }
  const model = buildModel({ gaps: [] }, null as unknown as Parameters<typeof buildModel>[1]);
  assert.deepEqual(model.source, { kind: 'cluster', name: '', namespaces: [] });
});

test('duplicates (same pod uid, same node name, same claim) resolve the same in any order', () => {
  const objects = load();
  const extra: ClusterObjects = {
    ...objects,
    nodes: [...(objects.nodes ?? []), { metadata: { name: NAME, uid: 'a-smaller-uid' }, status: { nodeInfo: { osImage: 'second' } } }],
    pods: [...(objects.pods ?? []), { metadata: { name: 'claimer', namespace: 'evil', uid: 'cl' }, spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] } }],
    persistentVolumeClaims: [
      { metadata: { name: 'c', namespace: 'evil', uid: 'b' }, status: { phase: 'Bound' } },
      { metadata: { name: 'c', namespace: 'evil', uid: 'a' }, status: { phase: 'Lost' } },
    ],
  };
  const reversed: ClusterObjects = {
    ...extra,
    nodes: [...(extra.nodes ?? [])].reverse(),
    pods: [...(extra.pods ?? [])].reverse(),
    persistentVolumeClaims: [...(extra.persistentVolumeClaims ?? [])].reverse(),
  };
  const a = buildModel(extra, source('hostile'));
  assert.deepStrictEqual(buildModel(reversed, source('hostile')), a);
  assert.equal(a.nodes[0].uid, 'a-smaller-uid');
  assert.deepEqual(a.unscheduled.map((p) => p.name), ['claimer', 'twin-a']);
  assert.equal(a.unscheduled[0].volumes[0].claim?.phase, 'Lost');
});

test('the hostile model is plain JSON', () => {
  const model = buildModel(load(), source('hostile'));
  assert.deepStrictEqual(JSON.parse(JSON.stringify(model)), model);
});
