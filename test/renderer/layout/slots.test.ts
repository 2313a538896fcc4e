import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnatomyModel, PodModel } from '../../../main/model/types.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { assignSlots } from '../../../renderer/layout/slots.ts';
import type { ClusterLayout } from '../../../renderer/layout/types.ts';
import { kindCluster, pod } from '../../fixtures/anatomy-models.ts';

function sidecarLessPod(name: string): PodModel {
  return pod({ name, namespace: 'shop', ip: '10.244.1.99', containers: [{ name: 'db-writer', image: 'busybox:1.37' }] }, 'kind-worker', '172.18.0.2');
}

function positions(layout: ClusterLayout): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of [...layout.nodes, ...layout.pods, ...layout.containers, ...layout.volumes]) out.set(b.uid, `${b.x},${b.y},${b.width},${b.height}`);
  return out;
}

function addPod(model: AnatomyModel, p: PodModel, nodeName: string): AnatomyModel {
  const copy = structuredClone(model);
  const node = copy.nodes.find((n) => n.name === nodeName)!;
  node.pods.push(p);
  // The builder sorts pods by namespace/name; a new pod may land anywhere in the list.
  node.pods.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  return copy;
}

describe('assignSlots', () => {
  it('packs from 0 without memory', () => {
    assert.deepEqual(assignSlots(['a', 'b', 'c']), [0, 1, 2]);
  });

  it('keeps remembered slots and gives new uids the lowest free ones', () => {
    const memory = { slots: new Map([['a', 0], ['c', 2], ['d', 5]]) };
    assert.deepEqual(assignSlots(['new1', 'a', 'c', 'new2', 'd', 'new3'], memory), [1, 0, 2, 3, 5, 4]);
  });

  it('never gives two uids the same slot', () => {
    const memory = { slots: new Map([['a', 1], ['b', 1]]) };
    const slots = assignSlots(['a', 'b', 'c'], memory);
    assert.equal(new Set(slots).size, 3);
    assert.equal(slots[0], 1);
  });
});

describe('layout stability with options.previous', () => {
  it('keeps every other box where it was when a pod appears in a free slot', () => {
    const before = kindCluster();
    const first = layoutCluster(before);
    // kind-worker has 5 pods in 2 columns: slot 5 is free in the last row, whose
    // other pod (db-writer-0's neighbour) is at least as tall as the new pod.
    const after = addPod(before, sidecarLessPod('aaa-new-0'), 'kind-worker');
    const second = layoutCluster(after, { previous: first });
    const p1 = positions(first);
    const p2 = positions(second);
    for (const [uid, where] of p1) assert.equal(p2.get(uid), where, `${uid} stayed`);
    const added = second.pods.find((p) => p.name === 'aaa-new-0')!;
    const worker = second.nodes.find((n) => n.name === 'kind-worker')!;
    assert.equal(added.nodeUid, worker.uid);
    const slotsBefore = first.pods.filter((p) => p.nodeUid === worker.uid).map((p) => p.slot);
    assert.equal(added.slot, Math.max(...slotsBefore) + 1, 'takes the lowest free slot');

    // Without previous the new pod takes its place in namespace/name order
    // (after the kube-system pods, before api-…) and the pods after it shift.
    const fresh = layoutCluster(after);
    assert.equal(fresh.pods.find((p) => p.name === 'aaa-new-0')!.slot, 2);
    const api = first.pods.find((p) => p.name.startsWith('api-'))!;
    assert.equal(api.slot, 2);
    assert.equal(fresh.pods.find((p) => p.uid === api.uid)!.slot, 3);
    assert.notEqual(positions(fresh).get(api.uid), p1.get(api.uid));
  });

  it('leaves a removed pod\'s slot empty and fills it with the next new pod', () => {
    const before = kindCluster();
    const first = layoutCluster(before);
    const worker = before.nodes.find((n) => n.name === 'kind-worker')!;
    const removed = worker.pods[0];
    const removedSlot = first.pods.find((p) => p.uid === removed.uid)!.slot;
    const without = structuredClone(before);
    without.nodes.find((n) => n.name === 'kind-worker')!.pods.shift();
    const second = layoutCluster(without, { previous: first });
    for (const p of second.pods) assert.equal(p.slot, first.pods.find((q) => q.uid === p.uid)!.slot, `${p.name} kept its slot`);
    assert.ok(!second.pods.some((p) => p.nodeUid === `uid-node-kind-worker` && p.slot === removedSlot));

    const refilled = addPod(without, sidecarLessPod('zzz-late'), 'kind-worker');
    const third = layoutCluster(refilled, { previous: second });
    assert.equal(third.pods.find((p) => p.name === 'zzz-late')!.slot, removedSlot);
  });

  it('keeps a node\'s column count even when its pod count would pick another', () => {
    const before = kindCluster();
    const first = layoutCluster(before);
    let model = before;
    for (let i = 0; i < 6; i++) model = addPod(model, sidecarLessPod(`more-${i}`), 'kind-worker');
    const next = layoutCluster(model, { previous: first });
    for (const n of next.nodes) assert.equal(n.podColumns, first.nodes.find((m) => m.uid === n.uid)!.podColumns);
    // A different detail level starts afresh.
    const compact = layoutCluster(model, { previous: first, detail: 'compact' });
    assert.deepEqual(compact, layoutCluster(model, { detail: 'compact' }));
  });

  it('is still deterministic with previous', () => {
    const first = layoutCluster(kindCluster());
    const model = addPod(kindCluster(), sidecarLessPod('aaa-new-0'), 'kind-worker');
    assert.deepEqual(layoutCluster(model, { previous: first }), layoutCluster(model, { previous: structuredClone(first) }));
  });
});
