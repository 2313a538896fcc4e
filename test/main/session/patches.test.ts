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
import { SUMMARY_FROM_PODS, summarizeModel } from '../../../main/model/summary.ts';
import { emptyStore, StoreDraft, storeObjects, type ObjectStore } from '../../../main/model/store.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import type { ConnectionState } from '../../../main/contract/api.ts';
import type { LiveSourceInput } from '../../../main/session/deps.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import { createSessionHandlers } from '../../../main/session/handlers.ts';
import { Session, type ViewUpdate } from '../../../main/session/session.ts';
import type { ObjectSource, SourceHandlers } from '../../../main/source/object-source.ts';
import { FakeClock, settle } from '../../fixtures/fake-clock.ts';
import { pod, smallCluster } from '../../fixtures/session/objects.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
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

describe('session: what pages are sent of a large model', () => {
  // 20,000 pods exactly: the largest model pages are sent whole.
  const big = generateClusterObjects({ nodes: 100, pods: SUMMARY_FROM_PODS, seed: 3 });
  const summarized = (m: AnatomyModel) => [...m.nodes.flatMap((n) => n.pods), ...m.unscheduled].map((p) => p.summary === true);
  const all = (flags: boolean[], value: boolean) => flags.length > 0 && flags.every((f) => f === value);

  test('above SUMMARY_FROM_PODS views, model:get and patches carry summarized pods, the session keeps them whole, object:get gives one whole; across the line the model goes whole', async () => {
    const { session, clock, live, views } = await openLive();
    const handlers = createSessionHandlers(session, 'browser');
    live[0]!.deliver(added([...big.nodes!, ...big.pods!]));
    const first = views.at(-1)!;
    assert.equal(first.channel, 'model');
    assert.ok(all(summarized((first.payload as ModelUpdate).model), false), 'at the threshold pods go whole');
    assert.ok((await handlers['model:get']()) === session.model(), 'and model:get is the session\'s own model, not a copy');

    // One pod more: the model crosses the line, and goes whole rather than as a patch.
    await clock.advance(WINDOW);
    live[0]!.deliver(added([pod({ name: 'extra-0', namespace: 'shop', node: 'kind-worker', ip: '10.244.1.250' })]));
    const crossed = views.at(-1)!;
    assert.equal(crossed.channel, 'model', 'a patch across the line goes as the whole model');
    const sent = crossed.payload as ModelUpdate;
    assert.equal(sent.revision, session.model()!.revision);
    assert.ok(all(summarized(sent.model), true), 'above the threshold every pod goes summarized');
    assert.ok(all(summarized(session.model()!.model), false), 'the session keeps its model whole');
    assert.ok(crossed.channel === 'model' && crossed.whole === session.model(), "the view carries the session's own model whole, for a shell that summarizes as it sends");
    assert.ok(crossed.payload === sent, 'its summarized payload is made once, when first read');
    const got1 = await handlers['model:get']();
    assert.ok(JSON.stringify(got1) === JSON.stringify(sent), 'model:get is what the view sent');
    assert.ok(got1 !== sent && (await handlers['model:get']()) !== got1, 'made when asked for: the session keeps no summarized copy beside its model');

    // A change above the line: a patch with the pod summarized, leading where the whole model summarized is.
    await clock.advance(WINDOW);
    const changed = big.pods![10]!;
    const metadata = changed.metadata as { resourceVersion?: string; labels?: Record<string, string> };
    live[0]!.deliver([modified({ ...changed, metadata: { ...metadata, resourceVersion: '999999', labels: { ...metadata.labels, touched: 'yes' } } })]);
    const patch = patchOf(views.at(-1));
    assert.equal(patch.baseRevision, sent.revision);
    assert.equal(patch.patch.pods.length, 1);
    assert.equal(patch.patch.pods[0]!.pod?.summary, true);
    const after = applyPatch(sent.model, patch.patch);
    assert.ok(JSON.stringify(after) === JSON.stringify(summarizeModel(session.model()!.model)), 'the patch leads to the whole model, summarized');
    const viewed = await handlers['model:get']();
    assert.equal(viewed?.revision, patch.revision);
    assert.ok(viewed && JSON.stringify(viewed.model) === JSON.stringify(after), 'model:get after patches is the model they lead to');

    // The details panel asks for the pod whole.
    const uid = patch.patch.pods[0]!.uid;
    const whole = session.model()!.model.nodes.flatMap((n) => n.pods).find((p) => p.uid === uid)!;
    assert.ok(whole.volumes.length > 0 && whole.conditions.length > 0 && whole.summary === undefined);
    const got = await handlers['object:get']({ uid });
    assert.equal(got?.revision, patch.revision);
    assert.ok(got?.pod === whole, 'object:get gives the session\'s whole pod');
    const node = session.model()!.model.nodes[0]!;
    const gotNode = await handlers['object:get']({ uid: node.uid });
    assert.ok(gotNode?.node && all(summarized({ ...session.model()!.model, nodes: [gotNode.node], unscheduled: [] }), true), 'a node\'s pods come as pages have them');
    assert.ok(JSON.stringify({ ...gotNode.node, pods: [] }) === JSON.stringify({ ...node, pods: [] }), 'a node\'s own fields come whole');

    // Back to the threshold: whole again, as a whole model.
    await clock.advance(WINDOW);
    live[0]!.deliver([deleted(pod({ name: 'extra-0', namespace: 'shop', node: 'kind-worker' }))]);
    const back = views.at(-1)!;
    assert.equal(back.channel, 'model');
    assert.ok(all(summarized((back.payload as ModelUpdate).model), false));
  });
});
