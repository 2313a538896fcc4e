// image:get in the session: the container looked up in the model, the node's
// platform and the running digest handed to the registry, the node's image
// cache and the layers it shares, and every failure as a state. The registry
// is a fake that records what it was asked; the real client is tested against
// a real registry in test/main/registry/ and test/live/image-anatomy.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import type { ImageStageEvent } from '../../../main/contract/image.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import type { ImageRef, ModelSource } from '../../../main/model/types.ts';
import type { AnatomyOptions } from '../../../main/registry/client.ts';
import { RegistryError } from '../../../main/registry/errors.ts';
import type { ImageAnatomy } from '../../../main/registry/types.ts';
import { createSessionHandlers } from '../../../main/session/handlers.ts';
import { ImageLookups, type ImageRegistry } from '../../../main/session/image.ts';
import { maskStep } from '../../../main/registry/mask.ts';
import { Session } from '../../../main/session/session.ts';
import { node, objectsOf, pod } from '../../fixtures/session/objects.ts';
import { contextList, FAST, fakes, nextEvent } from './fakes.ts';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const LIVE: ModelSource = { kind: 'cluster', name: 'test', namespaces: [] };

function anatomyOf(ref: ImageRef, layers: [string, number][], extra: Partial<ImageAnatomy> = {}): ImageAnatomy {
  return {
    reference: { raw: ref.raw, registry: ref.registry, repository: ref.repository, name: ref.name, ...(ref.tag ? { tag: ref.tag } : {}), defaulted: { ...ref.defaulted } },
    endpoint: ref.registry,
    manifest: { digest: D('m'.charCodeAt(0).toString(16)[0]), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 400 },
    platform: { os: 'linux', architecture: 'amd64' },
    config: { digest: D('c'), mediaType: 'application/vnd.oci.image.config.v1+json', size: 300, exposedPorts: [], envNames: ['PATH'] },
    layers: layers.map(([digest, size]) => ({ digest, size, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', createdBy: `step ${digest.slice(7, 9)}` })),
    history: layers.map((_, i) => ({ empty: false, layer: i })),
    totalSize: layers.reduce((s, [, n]) => s + n, 0),
    warnings: [],
    fetched: { cached: 0, network: 3 },
    ...extra,
  };
}

/** A registry that answers from a table by repository, and records each question (its stage listener apart, handed to the answer). */
class FakeRegistry implements ImageRegistry {
  asked: { ref: string; options: AnatomyOptions }[] = [];
  answers = new Map<string, (ref: ImageRef, onStage: NonNullable<AnatomyOptions['onStage']>) => ImageAnatomy | Promise<ImageAnatomy>>();
  closed = false;
  async anatomy(ref: ImageRef, options: AnatomyOptions): Promise<ImageAnatomy> {
    const { onStage, ...rest } = options;
    this.asked.push({ ref: ref.raw, options: rest });
    const answer = this.answers.get(ref.repository);
    if (!answer) throw new RegistryError('not-found', `the manifest ${ref.repository}: not found`);
    return answer(ref, onStage ?? (() => {}));
  }
  close(): void {
    this.closed = true;
  }
}

function armNode(name: string, images: { names: string[]; sizeBytes: number }[] = []): KubeObject {
  const n = node(name, '172.18.0.9') as { status: Record<string, unknown> & { nodeInfo: Record<string, unknown> } };
  n.status.nodeInfo = { ...n.status.nodeInfo, operatingSystem: 'linux', architecture: 'arm64' };
  n.status.images = images;
  return n as unknown as KubeObject;
}

function withImageID(p: KubeObject, imageID: string): KubeObject {
  for (const s of (p.status as { containerStatuses: { imageID: string }[] }).containerStatuses) s.imageID = imageID;
  return p;
}

function lookups(items: KubeObject[], registry: ImageRegistry, source: ModelSource = LIVE): ImageLookups {
  const update: ModelUpdate = { revision: 1, model: buildModel(objectsOf(items), source) };
  return new ImageLookups({ model: () => update, source: () => source, env: {}, home: '/nonexistent', registry });
}

describe('image:get in the session', () => {
  test('asks for the container\'s image with its node\'s platform and the digest it runs', async () => {
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref) => anatomyOf(ref, [[D('1'), 1000], [D('2'), 500]], { manifest: { digest: D('e'), mediaType: 'x', size: 1 } }));
    const items = [armNode('arm-1'), withImageID(pod({ name: 'p', node: 'arm-1', image: 'reg.example:5000/team/app:1.0' }), `reg.example:5000/team/app@${D('e')}`)];
    const answer = await lookups(items, registry).answer({ podUid: 'pod-default-p-uid', container: 'app' });
    assert.equal(answer.state, 'anatomy');
    assert.equal(registry.asked.length, 1);
    assert.equal(registry.asked[0].ref, 'reg.example:5000/team/app:1.0');
    assert.deepEqual(registry.asked[0].options, { platform: { os: 'linux', architecture: 'arm64' }, runningDigest: D('e') });
    if (answer.state !== 'anatomy') return;
    assert.equal(answer.platformFrom, 'node');
    assert.equal(answer.anatomy.totalSize, 1500);
    assert.deepEqual(answer.sharedWith, [[], []]);
    // The node lists nothing: a pull fetches every layer, compressed.
    assert.deepEqual(answer.nodeCache, { node: 'arm-1', held: 'no', pullBytes: 1500, sharedBytes: 0 });
  });

  test('a snapshot or the demo is not asked about until the user asks', async () => {
    for (const kind of ['snapshot', 'demo'] as const) {
      const registry = new FakeRegistry();
      registry.answers.set('team/app', (ref) => anatomyOf(ref, [[D('1'), 10]]));
      const images = lookups([node('n', '10.0.0.1'), pod({ name: 'p', node: 'n', image: 'reg.example/team/app:1' })], registry, { kind, name: kind, namespaces: [] });
      assert.deepEqual(await images.answer({ podUid: 'pod-default-p-uid', container: 'app' }), { state: 'not-asked', ref: 'reg.example/team/app:1', source: kind });
      assert.equal(registry.asked.length, 0, `${kind}: the registry was not asked`);
      const asked = await images.answer({ podUid: 'pod-default-p-uid', container: 'app', ask: true });
      assert.equal(asked.state, 'anatomy');
      assert.equal(registry.asked.length, 1);
    }
  });

  test('the node\'s image cache: held by digest means nothing to pull; by tag only is said as such; its size is the node\'s', async () => {
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref) => anatomyOf(ref, [[D('1'), 1000]], { manifest: { digest: D('e'), mediaType: 'x', size: 1 }, index: { digest: D('f'), mediaType: 'y', platforms: [] } }));
    const byDigest = armNode('n1', [{ names: [`reg.example/team/app@${D('f')}`, 'reg.example/team/app:1.0'], sizeBytes: 4321 }]);
    const items = [byDigest, pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1.0' })];
    const a = await lookups(items, registry).answer({ podUid: 'pod-default-p-uid', container: 'app' });
    assert.deepEqual(a.state === 'anatomy' && a.nodeCache, { node: 'n1', held: 'digest', heldSizeBytes: 4321, pullBytes: 0, sharedBytes: 0 });
    const byTag = armNode('n1', [{ names: ['reg.example/team/app:1.0'], sizeBytes: 99 }]);
    const b = await lookups([byTag, items[1]], registry).answer({ podUid: 'pod-default-p-uid', container: 'app' });
    assert.deepEqual(b.state === 'anatomy' && b.nodeCache, { node: 'n1', held: 'tag', heldSizeBytes: 99, pullBytes: 1000, sharedBytes: 0 });
  });

  test('layers shared with another image on the same node, from manifests already fetched, and what a pull then fetches', async () => {
    const registry = new FakeRegistry();
    registry.answers.set('team/base-a', (ref) => anatomyOf(ref, [[D('1'), 1000], [D('2'), 200]], { manifest: { digest: D('a'), mediaType: 'x', size: 1 } }));
    registry.answers.set('team/base-b', (ref) => anatomyOf(ref, [[D('1'), 1000], [D('3'), 300]], { manifest: { digest: D('b'), mediaType: 'x', size: 1 } }));
    registry.answers.set('team/elsewhere', (ref) => anatomyOf(ref, [[D('3'), 300]], { manifest: { digest: D('c'), mediaType: 'x', size: 1 } }));
    const items = [
      armNode('n1'),
      armNode('n2'),
      pod({ name: 'a', node: 'n1', image: 'reg.example/team/base-a:1' }),
      pod({ name: 'b', node: 'n1', image: 'reg.example/team/base-b:1' }),
      pod({ name: 'c', node: 'n2', image: 'reg.example/team/elsewhere:1' }),
    ];
    const images = lookups(items, registry);
    const first = await images.answer({ podUid: 'pod-default-b-uid', container: 'app' });
    assert.equal(first.state === 'anatomy' && first.sharedWith.flat().length, 0, 'nothing is known about the other images yet');
    await images.answer({ podUid: 'pod-default-a-uid', container: 'app' });
    await images.answer({ podUid: 'pod-default-c-uid', container: 'app' });
    const again = await images.answer({ podUid: 'pod-default-b-uid', container: 'app' });
    assert.equal(again.state, 'anatomy');
    if (again.state !== 'anatomy') return;
    // base-a is on the same node and holds layer 1; elsewhere holds layer 3 but runs on another node.
    assert.deepEqual(again.sharedWith, [['reg.example/team/base-a:1'], []]);
    assert.deepEqual(again.nodeCache, { node: 'n1', held: 'no', pullBytes: 300, sharedBytes: 1000 });
    assert.equal(registry.asked.filter((q) => q.ref === 'reg.example/team/base-b:1').length, 1, 'asked once: the second look is the answer kept');
  });

  test('every registry failure is a state with its kind and sentence, a 429 with its wait; a failure is asked again next time', async () => {
    const registry = new FakeRegistry();
    const items = [armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' })];
    const images = lookups(items, registry);
    const ask = () => images.answer({ podUid: 'pod-default-p-uid', container: 'app' });
    const failures: [Error, string, number | undefined][] = [
      [new RegistryError('auth', 'reg.example refused access to team/app (401): the image may be private; the cluster\'s imagePullSecrets are not read'), 'auth', undefined],
      [new RegistryError('rate-limited', 'reg.example is limiting requests (429) for the tag team/app:1; it asks to wait 120 s; gave up after 0 retries'), 'rate-limited', 120],
      [new RegistryError('unreachable', 'reg.example: connect ECONNREFUSED'), 'unreachable', undefined],
      [new RegistryError('timeout', 'reg.example did not answer within 10 s'), 'timeout', undefined],
      [new RegistryError('too-large', 'the manifest is over 4 MiB'), 'too-large', undefined],
      [new RegistryError('invalid', 'the manifest is not valid JSON'), 'invalid', undefined],
      [new TypeError('something else broke'), 'internal', undefined],
    ];
    for (const [error, kind, wait] of failures) {
      registry.answers.set('team/app', () => Promise.reject(error));
      const answer = await ask();
      const expected: Record<string, unknown> = { state: 'error', ref: 'reg.example/team/app:1', kind, message: error.message };
      if (wait !== undefined) expected.retryAfterSeconds = wait;
      assert.deepEqual(answer, expected);
    }
    assert.equal(registry.asked.length, failures.length, 'each look after a failure asked again');
  });

  test('two looks at once are one question; the drift check gets only a repo digest, and says why when there is none', async () => {
    const registry = new FakeRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    registry.answers.set('team/app', async (ref) => {
      await gate;
      return anatomyOf(ref, [[D('1'), 10]]);
    });
    // containerd's config id (no repo digest): not comparable with what the tag names.
    const p = withImageID(pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' }), `sha256:${'9'.repeat(64)}`);
    const images = lookups([armNode('n1'), p], registry);
    const both = Promise.all([images.answer({ podUid: 'pod-default-p-uid', container: 'app' }), images.answer({ podUid: 'pod-default-p-uid', container: 'app' })]);
    release();
    const [a, b] = await both;
    assert.equal(registry.asked.length, 1);
    assert.deepEqual(a, b);
    assert.deepEqual(registry.asked[0].options, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(a.state === 'anatomy' && a.driftUnknown, 'image-id');
  });

  test('how far a question has come is told to each container waiting on it, to one that joins late where it is, and nothing once answered', async () => {
    const registry = new FakeRegistry();
    let stage!: NonNullable<AnatomyOptions['onStage']>;
    const gates = [0, 1].map(() => {
      let open!: () => void;
      return { opened: new Promise<void>((r) => (open = r)), open: () => open() };
    });
    registry.answers.set('team/app', async (ref, onStage) => {
      stage = onStage;
      onStage('tag');
      await gates[0].opened;
      onStage('index');
      onStage('manifest', { os: 'linux', architecture: 'arm64', variant: 'v8' });
      await gates[1].opened;
      onStage('config');
      return anatomyOf(ref, [[D('1'), 10]]);
    });
    const told: ImageStageEvent[] = [];
    const items = [armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' }), pod({ name: 'q', node: 'n1', image: 'reg.example/team/app:1' })];
    const update: ModelUpdate = { revision: 1, model: buildModel(objectsOf(items), LIVE) };
    const images = new ImageLookups({ model: () => update, source: () => LIVE, env: {}, home: '/nonexistent', registry, onStage: (e) => told.push(e) });
    const p = { podUid: 'pod-default-p-uid', container: 'app' };
    const q = { podUid: 'pod-default-q-uid', container: 'app' };
    const first = images.answer(p);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(told, [{ ...p, stage: 'tag' }]);
    // q's image is the same question: it joins it, told at once the stage it has reached.
    const second = images.answer(q);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(told.splice(0), [{ ...p, stage: 'tag' }, { ...q, stage: 'tag' }]);
    gates[0].open();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(told.splice(0), [
      { ...p, stage: 'index' },
      { ...q, stage: 'index' },
      { ...p, stage: 'manifest', platform: 'linux/arm64/v8' },
      { ...q, stage: 'manifest', platform: 'linux/arm64/v8' },
    ]);
    gates[1].open();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.state, 'anatomy');
    assert.equal(b.state, 'anatomy');
    assert.deepEqual(told.splice(0), [{ ...p, stage: 'config' }, { ...q, stage: 'config' }]);
    assert.equal(registry.asked.length, 1);
    // A stage after the answer, and a fresh answer looked at again, tell nothing.
    stage('config');
    await images.answer(p);
    assert.deepEqual(told, []);
  });

  test('the session sends the stages as its image-stage event', async () => {
    const f = fakes(contextList(['a'], 'a'));
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref, onStage) => {
      onStage('tag');
      return anatomyOf(ref, [[D('1'), 10]]);
    });
    const session = await Session.open({ env: {}, home: '/nonexistent', registry, ...FAST }, f.deps);
    try {
      const model = nextEvent(session, 'model');
      f.live[0].objects(objectsOf([armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' })]));
      await model;
      const event = nextEvent(session, 'image-stage');
      const answer = await createSessionHandlers(session, 'browser')['image:get']({ podUid: 'pod-default-p-uid', container: 'app' });
      assert.equal(answer.state, 'anatomy');
      assert.deepEqual(await event, { podUid: 'pod-default-p-uid', container: 'app', stage: 'tag' });
    } finally {
      await session.close();
    }
  });

  test('no such pod or container, a reference that cannot be read, and a pod on no node (this machine\'s platform)', async () => {
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref) => anatomyOf(ref, [[D('1'), 10]]));
    const items = [armNode('n1'), pod({ name: 'p', node: 'n1', image: 'Not A Ref!' }), pod({ name: 'pending', image: 'reg.example/team/app:1' })];
    const images = lookups(items, registry);
    assert.deepEqual(await images.answer({ podUid: 'nope', container: 'app' }), { state: 'unavailable', reason: 'no-pod' });
    assert.deepEqual(await images.answer({ podUid: 'pod-default-p-uid', container: 'nope' }), { state: 'unavailable', reason: 'no-container' });
    const bad = await images.answer({ podUid: 'pod-default-p-uid', container: 'app' });
    assert.equal(bad.state === 'unavailable' && bad.reason, 'invalid-ref');
    const pending = await images.answer({ podUid: 'pod-default-pending-uid', container: 'app' });
    assert.equal(pending.state === 'anatomy' && pending.platformFrom, 'machine');
    assert.equal(pending.state === 'anatomy' && pending.nodeCache, undefined);
    assert.equal(registry.asked.length, 1);
  });

  test('a registry that does not answer holds up nothing but its own answer: models and other calls go on', async () => {
    const f = fakes(contextList(['a'], 'a'));
    const registry = new FakeRegistry();
    let release!: () => void;
    const never = new Promise<void>((r) => (release = r));
    registry.answers.set('team/app', async (ref) => {
      await never;
      return anatomyOf(ref, [[D('1'), 10]]);
    });
    const session = await Session.open({ env: {}, home: '/nonexistent', registry, ...FAST }, f.deps);
    try {
      const handlers = createSessionHandlers(session, 'browser');
      let model = nextEvent(session, 'model');
      f.live[0].objects(objectsOf([armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' })]));
      await model;
      let settled = false;
      const pending = Promise.resolve(handlers['image:get']({ podUid: 'pod-default-p-uid', container: 'app' })).then((a) => ((settled = true), a));
      model = nextEvent(session, 'model');
      f.live[0].objects(objectsOf([armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' }), pod({ name: 'q', node: 'n1' })]));
      const next = await model;
      assert.equal(next.model.nodes[0].pods.length, 2, 'the next model came while the registry was silent');
      assert.equal((await handlers['object:get']({ uid: 'pod-default-q-uid' }))?.pod?.name, 'q');
      assert.equal(settled, false);
      release();
      assert.equal((await pending).state, 'anatomy');
    } finally {
      await session.close();
    }
  });

  test('env values leave no build step: ENV values and BuildKit\'s build args before a RUN become …', async () => {
    assert.equal(maskStep('/bin/sh -c #(nop)  ENV APP_HOME=/app'), '/bin/sh -c #(nop)  ENV APP_HOME=…');
    assert.equal(maskStep('ENV A=1 B="two words" C'), 'ENV A=… B=… C');
    assert.equal(maskStep('ENV LEGACY some value'), 'ENV LEGACY …');
    assert.equal(maskStep('RUN |2 TOKEN=abc DEBUG=1 /bin/sh -c make X=1'), 'RUN |2 TOKEN=… DEBUG=… /bin/sh -c make X=1');
    assert.equal(maskStep('RUN /bin/sh -c apk add curl'), 'RUN /bin/sh -c apk add curl');
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref) => {
      const a = anatomyOf(ref, [[D('1'), 10]]);
      a.layers[0].createdBy = 'RUN |1 NPM_TOKEN=s3cret /bin/sh -c npm ci';
      a.history = [{ createdBy: 'ENV PASSWORD=hunter2', empty: true }, { createdBy: a.layers[0].createdBy, empty: false, layer: 0 }];
      return a;
    });
    const answer = await lookups([armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' })], registry).answer({ podUid: 'pod-default-p-uid', container: 'app' });
    const json = JSON.stringify(answer);
    assert.ok(!json.includes('hunter2') && !json.includes('s3cret'), json);
    assert.ok(json.includes('ENV PASSWORD=…') && json.includes('NPM_TOKEN=…'), json);
  });

  test('through the session\'s handler: requests are checked, the answer comes from the session\'s model, and closing ends the client', async () => {
    const f = fakes(contextList(['a'], 'a'));
    const registry = new FakeRegistry();
    registry.answers.set('team/app', (ref) => anatomyOf(ref, [[D('1'), 10]]));
    const session = await Session.open({ env: {}, home: '/nonexistent', registry, ...FAST }, f.deps);
    try {
      const handlers = createSessionHandlers(session, 'browser');
      const model = nextEvent(session, 'model');
      f.live[0].objects(objectsOf([armNode('n1'), pod({ name: 'p', node: 'n1', image: 'reg.example/team/app:1' })]));
      await model;
      const answer = await handlers['image:get']({ podUid: 'pod-default-p-uid', container: 'app' });
      assert.equal(answer.state, 'anatomy');
      await assert.rejects(async () => handlers['image:get']({ podUid: 'pod-default-p-uid', container: 'app', extra: 1 } as never), /unexpected field "extra"/);
      await assert.rejects(async () => handlers['image:get']({ podUid: 'pod-default-p-uid', container: 'app', ask: 'yes' } as never), /ask must be true or false/);
      await assert.rejects(async () => handlers['image:get']({ podUid: 'pod-default-p-uid' } as never), /container must be a string/);
    } finally {
      await session.close();
    }
    // The client's close runs once its promise settles.
    await new Promise((r) => setImmediate(r));
    assert.equal(registry.closed, true);
  });
});
