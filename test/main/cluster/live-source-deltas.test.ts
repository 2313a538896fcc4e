// The live source's deltas: typed changes from the reflectors (watch events,
// the difference a relist finds, a resource turning forbidden) handed on with
// each delivery. Every test also holds the contract of SourceHandlers.deltas:
// the deltas so far, applied in order to an empty store, leave exactly the
// objects of the delivery they came with, and the model updated by
// applyDeltas equals the full build of those objects.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { createLiveSource } from '../../../main/cluster/live-source.ts';
import { applyDeltas, emptyModelState, type ModelState } from '../../../main/model/apply.ts';
import { buildModel } from '../../../main/model/build.ts';
import { OBJECT_LISTS, objectKey, type Delta, type ObjectDelta } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { emptyStore, storeObjects, StoreDraft, type ObjectStore } from '../../../main/model/store.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeApiServer, fixture, fixtureLines, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { FAST, Recorder, tempDir, writeKubeconfig } from './helpers/harness.ts';

const PODS = '/api/v1/pods';
const TOKEN = 'deltas-token';

/** Records deltas beside deliveries: `at[i]` is how many delta batches came before delivery i. */
class DeltaRecorder extends Recorder {
  readonly batches: Delta[][] = [];
  readonly at: number[] = [];

  deltas(deltas: Delta[]): void {
    this.batches.push(deltas);
  }

  override objects(objects: ClusterObjects): void {
    this.at.push(this.batches.length);
    // Read as the delivery comes: its lists are copied from the stores when first read, and later would hold later objects.
    super.objects({ ...objects });
  }

  /** Object deltas after the first delivery, as [type, name, uid]. */
  later(): [string, string, string][] {
    return this.batches
      .slice(this.at[0])
      .flat()
      .flatMap((d) => (d.type === 'gaps' ? [] : [[d.type, meta(d.object).name, meta(d.object).uid] as [string, string, string]]));
  }
}

function meta(o: KubeObject): { name: string; uid: string } {
  return o.metadata as { name: string; uid: string };
}

/** Each list as key → object (order is not part of the contract), with gaps and which lists are missing. */
function normalized(objects: ClusterObjects): unknown {
  const out: Record<string, unknown> = { gaps: objects.gaps };
  for (const list of OBJECT_LISTS) {
    const items = objects[list];
    out[list] = items === undefined ? 'unread' : Object.fromEntries(items.map((o) => [objectKey(list, o), o]));
  }
  return out;
}

/** For every delivery: the deltas up to it rebuild its objects, and the incremental model equals the full build. */
function assertDeltasMatch(rec: DeltaRecorder): void {
  assert.ok(rec.deliveries.length > 0);
  let store: ObjectStore = emptyStore();
  let state: ModelState = emptyModelState({ kind: 'cluster', name: 'test', namespaces: [] });
  let applied = 0;
  rec.deliveries.forEach((objects, i) => {
    for (; applied < rec.at[i]!; applied++) {
      const draft = new StoreDraft(store);
      for (const d of rec.batches[applied]!) draft.apply(d);
      store = draft.done();
      state = applyDeltas(state, rec.batches[applied]!).state;
    }
    assert.deepEqual(normalized(storeObjects(store)), normalized(objects), `delivery ${i}: the deltas so far give its objects`);
    assert.deepEqual(state.model, buildModel(objects, state.model.source), `delivery ${i}: the patched model is the full build`);
  });
}

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let running: ObjectSource[] = [];

/** A live source on the fake server, stopped after the test. */
function liveSource(): ObjectSource {
  const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
  const source = createLiveSource({ access: loadKubeconfig({ kubeconfigFlag: file }).access(), ...FAST });
  running.push(source);
  return source;
}

function start(): DeltaRecorder {
  const rec = new DeltaRecorder();
  liveSource().start(rec);
  return rec;
}

function pages(): Record<string, unknown>[] {
  return [fixture('pods-page-1.json'), fixture('pods-page-2.json'), fixture('pods-page-3.json')];
}

describe('live source: deltas', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server.close();
  });

  it('hands on the first lists as added deltas, with the first delivery', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const rec = start();
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    assert.equal(rec.at[0], 1, 'one batch, before the first objects');
    const batch = rec.batches[0]!;
    assert.ok(batch.every((d) => d.type === 'added'));
    const count = (resource: string) => batch.filter((d) => (d as ObjectDelta).resource === resource).length;
    assert.deepEqual(
      OBJECT_LISTS.map((l) => [l, count(l)]),
      [
        ['nodes', 2],
        ['pods', 7],
        ['persistentVolumeClaims', 1],
        ['persistentVolumes', 1],
        ['namespaces', 4],
      ],
    );
    assertDeltasMatch(rec);
  });

  it('turns watch events into added, modified and deleted deltas', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const rec = start();
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    for (const event of fixtureLines('watch-pods.jsonl')) server.publish(PODS, event);
    await rec.until('three deltas', () => rec.later().length === 3 && rec.at.at(-1) === rec.batches.length);
    assert.deepEqual(rec.later(), [
      ['added', 'web-7', 'uid-pod-shop-web-7'],
      ['modified', 'web-0', 'uid-pod-shop-web-0'],
      ['deleted', 'web-1', 'uid-pod-shop-web-1'],
    ]);
    assertDeltasMatch(rec);
  });

  it('a delivery read later holds the objects as they are then, and the deltas handed with it leave them so', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const source = liveSource();
    // Kept as delivered, not read: what a session does with objects it builds from deltas.
    const rec = new Recorder();
    const batches: Delta[][] = [];
    source.start({ objects: (o) => rec.objects(o), deltas: (d) => batches.push(d), state: (st) => rec.state(st) });
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    const first = rec.deliveries[0]!;
    const handed = batches.length;
    for (const event of fixtureLines('watch-pods.jsonl')) server.publish(PODS, event);
    await rec.until('the three changes delivered', () => batches.slice(handed).flat().length === 3);
    const names = (objects: ClusterObjects) => (objects.pods ?? []).map((o) => meta(o).name).sort();
    // Read only now: web-7 came and web-1 went since.
    assert.ok(names(first).includes('web-7') && !names(first).includes('web-1'), names(first).join(' '));
    assert.deepEqual(names(first), names(rec.last!));
    // The deltas of the first delivery and of the later ones, applied again to what it now holds, change nothing.
    let store = emptyStore();
    const draft = new StoreDraft(store);
    for (const list of OBJECT_LISTS) for (const object of first[list] ?? []) draft.apply({ type: 'added', resource: list, object });
    for (const d of batches.flat()) draft.apply(d);
    store = draft.done();
    assert.deepEqual(normalized(storeObjects(store)), normalized({ ...rec.last! }));
  });

  it('a watch event that puts a new uid under a known name drops the old uid first', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const rec = start();
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    const event = structuredClone(fixtureLines('watch-pods.jsonl')[1]!);
    Object.assign((event['object'] as KubeObject).metadata as object, { uid: 'uid-pod-shop-web-0-again' });
    server.publish(PODS, event);
    await rec.until('two deltas', () => rec.later().length === 2 && rec.at.at(-1) === rec.batches.length);
    assert.deepEqual(rec.later(), [
      ['deleted', 'web-0', 'uid-pod-shop-web-0'],
      ['added', 'web-0', 'uid-pod-shop-web-0-again'],
    ]);
    assertDeltasMatch(rec);
  });

  it('after a 410 hands on only what the relist changed, by uid and resourceVersion', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const rec = start();
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);

    // The new list: web-1 gone, web-2 changed, web-5 deleted and created again (a new uid), web-9 new; the rest as they were.
    const items = pages().flatMap((p) => p['items'] as KubeObject[]);
    const byName = (name: string) => items.find((o) => meta(o).name === name)!;
    const changed = structuredClone(byName('web-2'));
    (changed.metadata as Record<string, unknown>)['resourceVersion'] = '1500';
    const reborn = structuredClone(byName('web-5'));
    Object.assign(reborn.metadata as object, { uid: 'uid-pod-shop-web-5-again', resourceVersion: '1600' });
    const added = structuredClone(byName('web-6'));
    Object.assign(added.metadata as object, { name: 'web-9', uid: 'uid-pod-shop-web-9', resourceVersion: '1700' });
    const fresh = [...items.filter((o) => !['web-1', 'web-2', 'web-5'].includes(meta(o).name)), changed, reborn, added];
    server.setList(PODS, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '2000' }, items: fresh });
    server.expireBelow(PODS, 2000, 'event');
    server.endWatches(PODS);

    await rec.until('relisted', () => rec.later().length >= 5 && rec.at.at(-1) === rec.batches.length);
    assert.deepEqual(
      rec.later().sort(),
      [
        ['added', 'web-5', 'uid-pod-shop-web-5-again'],
        ['added', 'web-9', 'uid-pod-shop-web-9'],
        ['deleted', 'web-1', 'uid-pod-shop-web-1'],
        ['deleted', 'web-5', 'uid-pod-shop-web-5'],
        ['modified', 'web-2', 'uid-pod-shop-web-2'],
      ],
    );
    assertDeltasMatch(rec);
  });

  it('a delivery read after its resource turned forbidden says that list was not read, not that it is empty', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    const source = liveSource();
    // Kept as delivered, not read.
    const rec = new Recorder();
    source.start({ objects: (o) => rec.objects(o), deltas: () => {}, state: (st) => rec.state(st) });
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    const before = rec.deliveries[0]!;
    assert.ok('nodes' in before, 'the nodes were read when it came');
    // Then the nodes' watch is refused: the reflector turns to a gap.
    server.failWith('/api/v1/nodes', fixture('status-forbidden-nodes.json'), { onList: true });
    server.dropWatches('/api/v1/nodes');
    await rec.until('nodes unread', () => rec.last !== undefined && !('nodes' in rec.last));
    assert.equal(before.nodes, undefined);
    assert.equal((before.pods ?? []).length, 7, 'the other lists still read');
  });

  it('a resource that turns forbidden after its list: its objects go as deleted deltas, then a gaps delta', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists(pages());
    server.failWith('/api/v1/nodes', fixture('status-forbidden-nodes.json'), { onList: false });
    const rec = start();
    await rec.until('nodes unread', () => rec.last !== undefined && rec.last.nodes === undefined);
    const all = rec.batches.flat();
    const nodeDeltas = all.filter((d) => d.type !== 'gaps' && d.resource === 'nodes').map((d) => [d.type, meta((d as ObjectDelta).object).name]);
    assert.deepEqual(nodeDeltas, [
      ['added', 'kind-control-plane'],
      ['added', 'kind-worker'],
      ['deleted', 'kind-control-plane'],
      ['deleted', 'kind-worker'],
    ]);
    const gaps = all.filter((d) => d.type === 'gaps');
    assert.deepEqual(
      gaps.map((g) => [g.unread, g.gaps.map((x) => [x.resource, x.reason])]),
      [[['nodes'], [['nodes', 'forbidden']]]],
    );
    assertDeltasMatch(rec);
  });
});
