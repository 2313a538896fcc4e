// A live source that tells deltas is not rebuilt: the session applies its
// deltas to the model's state and sends the change as a patch against the
// model before (the 'view' event the shells forward). Whatever way a model
// is made, it must equal the full build of the same objects, filtered as the
// full build filters them; where a patch cannot say the change (the first
// objects, a reconnect, a namespace filter that drops objects), the model
// goes whole. Time is a fake clock moved by hand.

import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { ModelPatchUpdate, ModelUpdate } from '../../../main/contract/api.ts';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta, ObjectList } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { applyPatch } from '../../../main/model/patch.ts';
import { emptyStore, StoreDraft, storeObjects, type ObjectStore } from '../../../main/model/store.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import type { ConnectionState } from '../../../main/contract/api.ts';
import type { LiveSourceInput } from '../../../main/session/deps.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import { Session, type ViewUpdate } from '../../../main/session/session.ts';
import type { ObjectSource, SourceHandlers } from '../../../main/source/object-source.ts';
import { FakeClock, settle } from '../../fixtures/fake-clock.ts';
import { pod, smallCluster } from '../../fixtures/session/objects.ts';
import { contextList, fakes } from './fakes.ts';

const WINDOW = 100;

const LISTS: Record<string, ObjectList> = { Node: 'nodes', Pod: 'pods', Namespace: 'namespaces', PersistentVolumeClaim: 'persistentVolumeClaims', PersistentVolume: 'persistentVolumes' };

/** A live cluster that tells deltas, as the real live source does: deltas first, then the objects they leave. */
class DeltaLive implements ObjectSource {
  readonly givesDeltas = true;
  readonly description;
  handlers: SourceHandlers | undefined;
  store: ObjectStore = emptyStore();
  stopped = false;

  constructor(readonly input: LiveSourceInput) {
    this.description = { kind: 'cluster' as const, name: input.context, server: `https://${input.context}.example:6443`, namespaces: input.namespaces };
  }

  start(handlers: SourceHandlers): void {
    this.handlers = handlers;
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  deliver(deltas: Delta[]): ClusterObjects {
    const draft = new StoreDraft(this.store);
    for (const d of deltas) draft.apply(d);
    this.store = draft.done();
    const objects = storeObjects(this.store);
    this.handlers?.deltas?.(deltas);
    this.handlers?.objects(objects);
    return objects;
  }

  state(state: ConnectionState): void {
    this.handlers?.state(state);
  }
}

const added = (items: KubeObject[]): Delta[] => items.map((object) => ({ type: 'added', resource: LISTS[String(object.kind)]!, object }));
const modified = (object: KubeObject): Delta => ({ type: 'modified', resource: LISTS[String(object.kind)]!, object });
const deleted = (object: KubeObject): Delta => ({ type: 'deleted', resource: LISTS[String(object.kind)]!, object });
const withVersion = (object: KubeObject, rv: string): KubeObject => ({ ...object, metadata: { ...(object.metadata as object), resourceVersion: rv } });

interface Opened {
  session: Session;
  clock: FakeClock;
  live: DeltaLive[];
  views: ViewUpdate[];
  models: ModelUpdate[];
}

let open: Opened | undefined;
afterEach(async () => {
  await open?.session.close();
  open = undefined;
});

async function openLive(namespaces: string[] = [], source: 'deltas' | 'objects' = 'deltas'): Promise<Opened> {
  const clock = new FakeClock();
  const f = fakes(contextList(['lab'], 'lab'));
  const live: DeltaLive[] = [];
  if (source === 'deltas') {
    f.deps.createLiveSource = (input) => {
      const s = new DeltaLive(input);
      live.push(s);
      return s;
    };
  }
  const session = await Session.open(
    { env: {}, home: '/nonexistent', clock, coalesceMs: WINDOW, namespaces, backoff: { initialMs: 40, maxMs: 80, jitter: 0 }, connectTimeoutMs: 60_000 },
    f.deps,
  );
  const views: ViewUpdate[] = [];
  const models: ModelUpdate[] = [];
  session.on('view', (v) => views.push(v));
  session.on('model', (m) => models.push(m));
  for (let i = 0; i < 20 && live.length + f.live.length === 0; i++) await settle();
  open = { session, clock, live: source === 'deltas' ? live : (f.live as unknown as DeltaLive[]), views, models };
  return open;
}

/** What the full build makes of these objects, as the session would before deltas: filtered, then built. */
function fullBuild(session: Session, objects: ClusterObjects): AnatomyModel {
  const state = session.state();
  return buildModel(filterByNamespace(objects, state.namespaces), { ...session.model()!.model.source });
}

const patchOf = (v: ViewUpdate | undefined): ModelPatchUpdate => {
  assert.equal(v?.channel, 'patch', `a patch, not ${v?.channel}`);
  return v!.payload as ModelPatchUpdate;
};

describe('session: live changes as patches', () => {
  test('the first objects go whole; a change goes as a patch from that revision, leading to the full build of the same objects', async () => {
    const { session, clock, live, views, models } = await openLive();
    live[0]!.deliver(added(smallCluster()));
    assert.equal(views.length, 1);
    assert.equal(views[0]!.channel, 'model', 'the first model goes whole');
    const first = session.model()!;

    await clock.advance(WINDOW);
    const objects = live[0]!.deliver([modified(pod({ name: 'web-1', namespace: 'shop', node: 'worker-1', ip: '10.244.1.99' }))]);
    assert.equal(views.length, 2, 'a change after a quiet window is built at once');
    const patch = patchOf(views[1]);
    assert.equal(patch.baseRevision, first.revision);
    assert.equal(patch.revision, first.revision + 1);
    assert.equal(session.model()!.revision, patch.revision);
    assert.deepEqual(patch.patch.pods.map((c) => c.uid), ['pod-shop-web-1-uid'], 'the patch names only the pod that changed');
    assert.deepStrictEqual(applyPatch(first.model, patch.patch), session.model()!.model, 'the patch leads from the model before to the model after');
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects), 'the model is the full build of the same objects');
    // In-process listeners still hear every model whole.
    assert.deepEqual(
      models.map((m) => m.revision),
      [first.revision, patch.revision],
    );
  });

  test('every change of a window goes in the one patch that closes it: none is dropped', async () => {
    const { session, clock, live, views } = await openLive();
    live[0]!.deliver(added(smallCluster()));
    const first = session.model()!;
    live[0]!.deliver([modified(pod({ name: 'web-1', namespace: 'shop', node: 'worker-1', ip: '10.244.1.99' }))]);
    live[0]!.deliver(added([pod({ name: 'cache-0', namespace: 'shop', node: 'cp-1', ip: '10.244.0.77' })]));
    const objects = live[0]!.deliver([deleted(pod({ name: 'api-0', namespace: 'default', node: 'cp-1' }))]);
    assert.equal(views.length, 1, 'within the window nothing is built');
    await clock.advance(WINDOW);
    assert.equal(views.length, 2);
    const patch = patchOf(views[1]);
    assert.equal(patch.baseRevision, first.revision);
    assert.deepEqual(patch.patch.pods.map((c) => c.uid).sort(), ['pod-default-api-0-uid', 'pod-shop-cache-0-uid', 'pod-shop-web-1-uid']);
    assert.deepStrictEqual(applyPatch(first.model, patch.patch), fullBuild(session, objects));
  });

  test('deltas that change nothing drawn make no revision and send nothing', async () => {
    const { session, clock, live, views } = await openLive();
    const versioned = smallCluster().map((o, i) => withVersion(o, String(i + 1)));
    live[0]!.deliver(added(versioned));
    const first = session.model()!;
    await clock.advance(WINDOW);
    // The same version again: a duplicate, as a relist that found nothing new.
    live[0]!.deliver([modified(versioned[6]!)]);
    await clock.advance(WINDOW);
    assert.equal(views.length, 1);
    assert.equal(session.model()!.revision, first.revision);
    // And the next real change is a patch against what was sent.
    await clock.advance(WINDOW);
    const objects = live[0]!.deliver([modified(withVersion(pod({ name: 'web-0', namespace: 'shop', node: 'worker-1', ip: '10.244.1.55' }), '100'))]);
    const patch = patchOf(views[1]);
    assert.equal(patch.baseRevision, first.revision);
    assert.deepStrictEqual(applyPatch(first.model, patch.patch), fullBuild(session, objects));
  });

  test('a reconnect starts another source, whose deltas begin from nothing: its first model goes whole', async () => {
    const { session, clock, live, views } = await openLive();
    live[0]!.deliver(added(smallCluster()));
    await clock.advance(WINDOW);
    live[0]!.state({ phase: 'failed', reason: 'the API server went away' });
    for (let i = 0; i < 40 && live.length < 2; i++) await clock.advance(20);
    assert.equal(live.length, 2, 'a new source was started');
    const objects = live[1]!.deliver(added(smallCluster().filter((o) => (o.metadata as { name: string }).name !== 'web-0')));
    const last = views.at(-1)!;
    assert.equal(last.channel, 'model', 'the new stream starts whole');
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects));
    await clock.advance(WINDOW);
    const next = live[1]!.deliver([deleted(pod({ name: 'web-1', namespace: 'shop', node: 'worker-1' }))]);
    const patch = patchOf(views.at(-1));
    assert.deepStrictEqual(applyPatch((last.payload as ModelUpdate).model, patch.patch), fullBuild(session, next));
  });

  test('with a namespace filter the model equals the filtered full build; objects the filter drops make it go whole', async () => {
    const { session, clock, live, views } = await openLive(['shop']);
    const inShop = smallCluster().filter((o) => o.kind !== 'Pod' || (o.metadata as { namespace: string }).namespace === 'shop');
    let objects = live[0]!.deliver(added(inShop));
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects));
    await clock.advance(WINDOW);
    objects = live[0]!.deliver([modified(pod({ name: 'web-1', namespace: 'shop', node: 'worker-1', ip: '10.244.1.98' }))]);
    patchOf(views.at(-1));
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects));
    // An API server that answers with an object of another namespace: the filter drops it, and so must the view.
    await clock.advance(WINDOW);
    objects = live[0]!.deliver(added([pod({ name: 'intruder', namespace: 'default', node: 'worker-1', ip: '10.244.1.5' })]));
    assert.equal(views.at(-1)!.channel, 'model');
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects));
    assert.ok(!JSON.stringify(session.model()!.model).includes('intruder'));
    await clock.advance(WINDOW);
    objects = live[0]!.deliver([modified(pod({ name: 'web-0', namespace: 'shop', node: 'worker-1', ip: '10.244.1.97' }))]);
    assert.equal(views.at(-1)!.channel, 'model', 'the objects still hold one the filter drops: built whole');
    assert.deepStrictEqual(session.model()!.model, fullBuild(session, objects));
  });

  test('a new namespace filter shows the filtered objects whole at once', async () => {
    const { session, clock, live, views } = await openLive();
    const objects = live[0]!.deliver(added(smallCluster()));
    await clock.advance(WINDOW);
    live[0]!.deliver([modified(pod({ name: 'web-1', namespace: 'shop', node: 'worker-1', ip: '10.244.1.99' }))]);
    patchOf(views.at(-1));
    const count = views.length;
    const setting = session.setNamespaces(['shop']);
    assert.equal(views.length, count + 1);
    assert.equal(views.at(-1)!.channel, 'model');
    assert.deepEqual(session.model()!.model.source.namespaces, ['shop']);
    assert.deepStrictEqual(
      session.model()!.model.nodes.flatMap((n) => n.pods.map((p) => p.name)).sort(),
      ['web-0', 'web-1'],
      `the preview filters what the old source gave (${objects.pods!.length} pods)`,
    );
    await setting;
  });

  test('a source that does not tell deltas gets whole models, as before', async () => {
    const { session, clock, live, views } = await openLive([], 'objects');
    const fake = live[0] as unknown as { objects(o: ClusterObjects): void };
    const cluster = smallCluster();
    const objectsOf = (items: KubeObject[]) => ({
      nodes: items.filter((i) => i.kind === 'Node'),
      pods: items.filter((i) => i.kind === 'Pod'),
      namespaces: items.filter((i) => i.kind === 'Namespace'),
      persistentVolumeClaims: [],
      persistentVolumes: [],
      gaps: [],
    });
    fake.objects(objectsOf(cluster));
    await clock.advance(WINDOW);
    fake.objects(objectsOf(cluster.slice(0, -1)));
    assert.deepEqual(
      views.map((v) => v.channel),
      ['model', 'model'],
    );
    assert.equal(session.model()!.model.stats.pods, 4);
  });
});
