import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCallout,
  calloutObject,
  calloutsInPart,
  editCallout,
  freeCallout,
  MAX_CALLOUT_TEXT,
  MAX_CALLOUTS,
  nextCalloutNumber,
  readCallouts,
  removeCallout,
  repinCallout,
  resolveCallouts,
  type Callout,
} from '../../../main/model/callouts.ts';
import { parseSelector, selectModel } from '../../../main/model/select.ts';
import { applyPatch } from '../../../main/model/patch.ts';
import { HOSTILE_SCRIPT, model, node, type PodSpec } from '../../fixtures/anatomy-models.ts';

const web = (name: string, uid?: string): PodSpec => ({
  name,
  namespace: 'shop',
  ...(uid ? { uid } : {}),
  ip: '10.244.1.5',
  containers: [{ name: 'nginx', image: 'nginx:1.25', mounts: [{ volume: 'data', path: '/data' }] }],
  volumes: [{ name: 'data', type: 'persistentVolumeClaim', claim: 'shared-data' }],
});

/** Before a rollout: web-7d9 (a Deployment's pod) and db-0 (a StatefulSet's), on worker-1. */
const before = model([node({ name: 'worker-1', ip: '172.18.0.3', cidr: '10.244.1.0/24', pods: [web('web-7d9-abc'), web('db-0', 'uid-db-old')] })]);
/** After: the Deployment's pod replaced under another name, the StatefulSet's under its old name with a new uid. */
const after = model([node({ name: 'worker-1', ip: '172.18.0.3', cidr: '10.244.1.0/24', pods: [web('web-7d9-xyz'), web('db-0', 'uid-db-new')] })]);

function pinned(m = before): Callout[] {
  let list: Callout[] = [];
  list = addCallout(list, calloutObject(m, 'node', 'uid-node-worker-1')!, 'the worker');
  list = addCallout(list, calloutObject(m, 'pod', 'uid-pod-shop-web-7d9-abc')!, 'old web pod');
  list = addCallout(list, calloutObject(m, 'pod', 'uid-db-old')!, 'the database');
  list = addCallout(list, calloutObject(m, 'container', 'uid-db-old/app/nginx')!, 'its server');
  return list;
}

test('a new callout is pinned by uid and key, numbered one past the highest', () => {
  const list = pinned();
  assert.deepEqual(
    list.map((c) => [c.n, c.target]),
    [
      [1, { kind: 'node', uid: 'uid-node-worker-1', key: 'worker-1' }],
      [2, { kind: 'pod', uid: 'uid-pod-shop-web-7d9-abc', key: 'shop/web-7d9-abc' }],
      [3, { kind: 'pod', uid: 'uid-db-old', key: 'shop/db-0' }],
      [4, { kind: 'container', uid: 'uid-db-old/app/nginx', key: 'shop/db-0/nginx' }],
    ],
  );
  // Numbers are never given twice: deleting 4 and adding gives 4 again only when it was the highest; deleting 2 leaves a gap.
  const without2 = removeCallout(list, 2);
  assert.deepEqual(without2.map((c) => c.n), [1, 3, 4]);
  assert.equal(nextCalloutNumber(without2), 5);
});

test('resolve: by uid first, then by key (a StatefulSet pod back with a new uid), else detached (a rollout replaced the pod)', () => {
  const resolved = resolveCallouts(pinned(), after);
  assert.deepEqual(
    resolved.map((r) => [r.callout.n, r.state, r.object?.uid]),
    [
      [1, 'pinned', 'uid-node-worker-1'],
      [2, 'detached', undefined],
      [3, 'pinned', 'uid-db-new'],
      [4, 'pinned', 'uid-db-new/app/nginx'],
    ],
  );
  // Found by key: the callout takes the new uid; the detached one keeps its old target and says so.
  assert.equal(resolved[2]!.callout.target?.uid, 'uid-db-new');
  assert.equal(resolved[1]!.callout.detached, true);
  assert.deepEqual(resolved[1]!.callout.target, { kind: 'pod', uid: 'uid-pod-shop-web-7d9-abc', key: 'shop/web-7d9-abc' });
  // Texts and numbers stay.
  assert.deepEqual(resolved.map((r) => [r.callout.n, r.callout.text]), pinned().map((c) => [c.n, c.text]));
});

test('resolve prefers the uid over the key: a pod renamed under the same uid stays pinned to it', () => {
  const list: Callout[] = [{ n: 1, text: 'x', target: { kind: 'pod', uid: 'uid-db-new', key: 'shop/some-other-name' } }];
  const [r] = resolveCallouts(list, after);
  assert.equal(r!.state, 'pinned');
  assert.equal(r!.callout.target?.key, 'shop/db-0');
});

test('a detached callout can be pinned again to the selected object, or left free at a position', () => {
  const detached = resolveCallouts(pinned(), after).map((r) => r.callout);
  const moved = repinCallout(detached, 2, calloutObject(after, 'pod', 'uid-pod-shop-web-7d9-xyz')!);
  const [, two] = resolveCallouts(moved, after);
  assert.equal(two!.state, 'pinned');
  assert.equal(two!.callout.detached, undefined);
  assert.equal(two!.callout.text, 'old web pod');
  const free = freeCallout(detached, 2, { x: 40, y: 50 });
  const [, f] = resolveCallouts(free, after);
  assert.equal(f!.state, 'free');
  assert.deepEqual(f!.callout, { n: 2, text: 'old web pod', at: { x: 40, y: 50 } });
});

test('a claim is pinned by its namespace/name and drawn at the first volume that mounts it', () => {
  const [r] = resolveCallouts([{ n: 1, text: 'shared', target: { kind: 'claim', key: 'shop/shared-data' } }], after);
  assert.equal(r!.state, 'pinned');
  assert.equal(r!.object?.uid, 'uid-db-new/volume/data');
  const [gone] = resolveCallouts([{ n: 1, text: 'x', target: { kind: 'claim', key: 'shop/nope' } }], after);
  assert.equal(gone!.state, 'detached');
});

test('editing keeps a note one printable line within the limit', () => {
  const list = editCallout(pinned(), 1, `a\u202Eb\nc\u0007${'x'.repeat(MAX_CALLOUT_TEXT)}`);
  const text = list[0]!.text;
  assert.ok(text.startsWith('a b c '), text);
  assert.equal(text.length, MAX_CALLOUT_TEXT);
});

test('readCallouts: hostile and malformed input is dropped or cut, each with a reason; HTML stays text', () => {
  const { callouts, problems } = readCallouts([
    { n: 1, text: HOSTILE_SCRIPT, target: { kind: 'pod', uid: 'u', key: 'ns/p' } },
    { n: 2, text: 'y'.repeat(MAX_CALLOUT_TEXT + 10), at: { x: 1, y: 2 } },
    { n: 1, text: 'same number', at: { x: 0, y: 0 } },
    { n: 3, text: 'no target' },
    { n: 4, text: 'bad kind', target: { kind: 'service', key: 'a' } },
    { n: 5, text: 'bad key', target: { kind: 'pod', key: 'a\u001b[31m' } },
    { n: 6, text: 'bad position', at: { x: Infinity, y: 0 } },
    { n: 0, text: 'zero', at: { x: 0, y: 0 } },
    { n: 7, text: 42, at: { x: 0, y: 0 } },
    'not an object',
    { n: 8, text: 'ok', target: { kind: 'node', key: 'worker-1' }, detached: true, extra: '<b>' },
    { n: 9, text: 'proto', at: { x: 1, y: 1 }, __proto__: { polluted: true } },
  ]);
  assert.deepEqual(callouts.map((c) => c.n), [1, 2, 8, 9]);
  assert.equal(callouts[0]!.text, HOSTILE_SCRIPT, 'markup is kept as the text it is; the drawing puts it in as text');
  assert.equal(callouts[1]!.text.length, MAX_CALLOUT_TEXT);
  assert.deepEqual(callouts[2], { n: 8, text: 'ok', target: { kind: 'node', key: 'worker-1' }, detached: true });
  assert.equal(Object.hasOwn(callouts[3]!, 'polluted'), false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(problems.length, 9, problems.join('\n'));
  assert.match(problems.join('\n'), /callouts\[2\]: number 1 is used twice/);
  assert.match(problems.join('\n'), /callouts\[3\] has neither a target nor a position/);
});

test('readCallouts: at most MAX_CALLOUTS, and anything but an array is none', () => {
  const many = Array.from({ length: MAX_CALLOUTS + 5 }, (_, i) => ({ n: i + 1, text: String(i), at: { x: i, y: 0 } }));
  const read = readCallouts(many);
  assert.equal(read.callouts.length, MAX_CALLOUTS);
  assert.match(read.problems[0]!, /more than 200 callouts/);
  assert.deepEqual(readCallouts({ n: 1 }).callouts, []);
  assert.deepEqual(readCallouts(undefined), { callouts: [], problems: [] });
  // The model never holds more either.
  let list: Callout[] = [];
  const obj = calloutObject(before, 'node', 'uid-node-worker-1')!;
  for (let i = 0; i < MAX_CALLOUTS + 3; i++) list = addCallout(list, obj);
  assert.equal(list.length, MAX_CALLOUTS);
});

test('a part of the model (export --select) keeps the notes on what it holds, and free or detached ones, not those on what it leaves out', () => {
  const notes: Callout[] = [
    ...pinned(),
    { n: 5, text: 'free', at: { x: 1, y: 2 } },
    { n: 6, text: 'gone before', target: { kind: 'pod', uid: 'uid-x', key: 'shop/x' }, detached: true },
  ];
  const whole = { ...before, callouts: notes };
  const part = calloutsInPart(whole, selectModel(whole, [parseSelector('pod:shop/db-0')]));
  // The node frame holds db-0 (1), db-0 and its container (3, 4); web-7d9-abc (2) is left out.
  assert.deepEqual(part.callouts?.map((c) => c.n), [1, 3, 4, 5, 6]);
  assert.deepEqual(resolveCallouts(part.callouts!, part).map((r) => r.state), ['pinned', 'pinned', 'pinned', 'free', 'detached']);
  // No notes: none in the part either.
  assert.equal(Object.hasOwn(calloutsInPart(before, selectModel(before, [parseSelector('pod:shop/db-0')])), 'callouts'), false);
});

test('resolving after live patches sees each patch: a pod deleted detaches its note, a pod added under the old name takes it back', () => {
  const notes = pinned();
  assert.equal(resolveCallouts(notes, before)[2]!.state, 'pinned');
  const db = before.nodes[0]!.pods.find((p) => p.name === 'db-0')!;
  // The pods are indexed per node object: a patch makes a new node object for the node it changes.
  const deleted = applyPatch(before, { kind: 'changes', pods: [{ uid: db.uid, from: 'worker-1' }], nodes: [] });
  assert.deepEqual(resolveCallouts(notes, deleted).map((r) => r.state), ['pinned', 'pinned', 'detached', 'detached']);
  const back = applyPatch(deleted, { kind: 'changes', pods: [{ uid: 'uid-db-2', pod: { ...db, uid: 'uid-db-2', containers: db.containers.map((c) => ({ ...c, uid: c.uid.replace(db.uid, 'uid-db-2') })) } }], nodes: [] });
  assert.deepEqual(resolveCallouts(notes, back).map((r) => [r.state, r.object?.uid]), [
    ['pinned', 'uid-node-worker-1'],
    ['pinned', 'uid-pod-shop-web-7d9-abc'],
    ['pinned', 'uid-db-2'],
    ['pinned', 'uid-db-2/app/nginx'],
  ]);
});
