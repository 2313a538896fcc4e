// Browser mode's queue of models and patches for one page: one in flight, and
// what comes meanwhile waits in one slot. Patches are never dropped: those
// that come while one is in flight are merged into one, or replaced by the
// whole model when that is smaller (a page that fell behind). A page that
// applies what it is sent, in order, must end on the session's last model and
// never see a patch that does not follow on from what it has. The patches are
// real ones, from applyDeltas on a small cluster.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { InvokeHandlers, ModelPatchUpdate, ModelUpdate } from '../../../main/contract/api.ts';
import { applyDeltas, modelStateFrom, type ModelState } from '../../../main/model/apply.ts';
import { applyPatch, type ModelChanges } from '../../../main/model/patch.ts';
import type { AnatomyModel, ModelSource } from '../../../main/model/types.ts';
import { attachPage, type PageLimits } from '../../../main/server/page-socket.ts';
import { eventMessage } from '../../../main/server/protocol.ts';
import { objectsOf, pod, smallCluster } from '../../fixtures/session/objects.ts';
import { random } from '../../fixtures/random.ts';
import { FakeSocket } from '../../fixtures/server/fake-socket.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'lab', namespaces: [] };

/** A session's revisions: 1 whole, then one patch per pod change, `count` of them. */
function history(count: number): { models: ModelUpdate[]; patches: ModelPatchUpdate[] } {
  let state: ModelState = modelStateFrom(objectsOf(smallCluster()), SOURCE);
  const models: ModelUpdate[] = [{ revision: 1, model: state.model }];
  const patches: ModelPatchUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const node = i % 3 === 2 ? undefined : i % 2 ? 'cp-1' : 'worker-1';
    const change = pod({ name: `p-${i % 7}`, namespace: 'shop', node, ip: `10.244.9.${i + 1}` });
    const applied = applyDeltas(state, [i % 5 === 4 ? { type: 'deleted', resource: 'pods', object: change } : { type: 'modified', resource: 'pods', object: change }]);
    state = applied.state;
    const revision = models.length + 1;
    patches.push({ baseRevision: revision - 1, revision, patch: applied.patch as ModelChanges });
    models.push({ revision, model: state.model });
  }
  return { models, patches };
}

const modelMessage = (u: ModelUpdate) => eventMessage('anatomy:model', u);
const patchMessage = (u: ModelPatchUpdate) => eventMessage('anatomy:patch', u);

/** Reads what the page was sent, as the page's model feed would; fails on a patch that does not follow on. */
function read(sent: string[]): { revision: number; model: AnatomyModel | undefined; kinds: string[] } {
  let revision = -1;
  let model: AnatomyModel | undefined;
  const kinds: string[] = [];
  for (const text of sent) {
    const { event, payload } = JSON.parse(text) as { event: string; payload: ModelUpdate & ModelPatchUpdate };
    kinds.push(event.replace('anatomy:', ''));
    if (event === 'anatomy:model') {
      revision = payload.revision;
      model = payload.model;
    } else {
      assert.equal(payload.baseRevision, revision, `a patch from ${payload.baseRevision} reached a page at ${revision}`);
      model = applyPatch(model!, payload.patch);
      revision = payload.revision;
    }
  }
  return { revision, model, kinds };
}

function page(latest: (() => ModelUpdate | undefined) | undefined, extra: Partial<PageLimits> = {}) {
  const ws = new FakeSocket();
  const limits: PageLimits = {
    maxQueuedBytes: 1024 * 1024,
    ...(latest ? { latestModel: () => (latest() ? { revision: latest()!.revision, message: modelMessage(latest()!) } : undefined) } : {}),
    ...extra,
  };
  const p = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, limits);
  return { ws, p };
}

describe('a page socket: models and patches', () => {
  const { models, patches } = history(12);

  test('a patch goes at once when nothing is in flight, as it came', () => {
    const { ws, p } = page(() => models[1]);
    p.patch(patches[0]!, patchMessage(patches[0]!));
    assert.deepEqual(ws.sent, [patchMessage(patches[0]!)]);
  });

  test('patches that come while one is in flight are merged into one: none is lost, and the page ends on the last model', () => {
    let now = 0;
    // The whole model is made bigger than any patch here, so the merged patch is what goes.
    const big = (u: ModelUpdate) => ({ ...u, model: { ...u.model, padding: 'x'.repeat(100_000) } }) as unknown as ModelUpdate;
    const { ws, p } = page(() => big(models[now]!));
    p.model(modelMessage(models[0]!));
    for (let i = 0; i < 6; i++) {
      now = i + 1;
      p.patch(patches[i]!, patchMessage(patches[i]!));
    }
    assert.equal(ws.sent.length, 1, 'nothing more while the model is in flight');
    ws.drain();
    assert.equal(ws.sent.length, 2, 'one message for six patches');
    const merged = JSON.parse(ws.sent[1]!) as { event: string; payload: ModelPatchUpdate };
    assert.equal(merged.event, 'anatomy:patch');
    assert.equal(merged.payload.baseRevision, 1);
    assert.equal(merged.payload.revision, 7);
    const page_ = read(ws.sent);
    assert.equal(page_.revision, 7);
    assert.deepStrictEqual(page_.model, models[6]!.model);
  });

  test('a page that fell behind gets one whole model instead of its waiting patches, when that is smaller', () => {
    let now = 0;
    const { ws, p } = page(() => ({ revision: models[now]!.revision, model: { tiny: true } as unknown as AnatomyModel }));
    p.model(modelMessage(models[0]!));
    for (let i = 0; i < 3; i++) {
      now = i + 1;
      p.patch(patches[i]!, patchMessage(patches[i]!));
    }
    ws.drain();
    assert.equal(ws.sent.length, 2);
    assert.deepEqual(JSON.parse(ws.sent[1]!), { event: 'anatomy:model', payload: { revision: 4, model: { tiny: true } } });
  });

  test('a merged patch shorter than a whole model made lately goes without making the current model (costly at 100,000 pods)', () => {
    let made = 0;
    let now = 0;
    const ws = new FakeSocket();
    const p = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, {
      maxQueuedBytes: 1024 * 1024,
      latestModel: () => {
        made += 1;
        return { revision: models[now]!.revision, message: modelMessage(models[now]!) };
      },
      wholeModelLength: () => modelMessage(models[0]!).length,
    });
    p.model(modelMessage(models[0]!));
    for (let i = 0; i < 3; i++) {
      now = i + 1;
      p.patch(patches[i]!, patchMessage(patches[i]!));
    }
    ws.drain();
    assert.equal(made, 0, 'the current model was not made');
    assert.deepEqual(read(ws.sent).kinds, ['model', 'patch']);
    assert.deepStrictEqual(read(ws.sent).model, models[3]!.model);
  });

  test('a whole model waiting, and patches after it: the newest whole model goes, once', () => {
    let now = 1;
    const { ws, p } = page(() => models[now]);
    p.model(modelMessage(models[0]!));
    p.model(modelMessage(models[1]!));
    for (let i = 1; i < 4; i++) {
      now = i + 1;
      p.patch(patches[i]!, patchMessage(patches[i]!));
    }
    ws.drain();
    ws.drain();
    assert.deepEqual(read(ws.sent).kinds, ['model', 'model']);
    assert.deepStrictEqual(read(ws.sent).model, models[4]!.model);
  });

  test('without a way to the newest whole model, the waiting model goes first and the merged patches after it', () => {
    const { ws, p } = page(undefined);
    p.model(modelMessage(models[0]!));
    p.model(modelMessage(models[1]!));
    for (let i = 1; i < 4; i++) p.patch(patches[i]!, patchMessage(patches[i]!));
    ws.drain();
    ws.drain();
    const got = read(ws.sent);
    assert.deepEqual(got.kinds, ['model', 'model', 'patch']);
    assert.deepStrictEqual(got.model, models[4]!.model);
  });

  test('a patch bigger than the byte bound, in flight, does not cut the page off', () => {
    const { ws, p } = page(() => models[1], { maxQueuedBytes: 64 });
    p.patch(patches[0]!, patchMessage(patches[0]!));
    assert.ok(ws.bufferedAmount > 64);
    p.patch(patches[1]!, patchMessage(patches[1]!));
    p.event('{"event":"anatomy:progress","payload":{}}');
    assert.equal(ws.closedWith, undefined);
  });

  test('any interleaving of models, patches and reads ends the page on the last model, every patch following on', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const { models: ms, patches: ps } = history(20);
      let now = 0;
      const { ws, p } = page(r() < 0.5 ? () => ms[now] : undefined);
      p.model(modelMessage(ms[0]!));
      for (let i = 0; i < ps.length; i++) {
        now = i + 1;
        if (r() < 0.15) p.model(modelMessage(ms[now]!));
        else p.patch(ps[i]!, patchMessage(ps[i]!));
        if (r() < 0.3) ws.drain();
      }
      for (let i = 0; i < 5; i++) ws.drain();
      let got;
      try {
        got = read(ws.sent);
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}`, { cause: error });
      }
      assert.equal(got.revision, ms.at(-1)!.revision, `seed ${seed}`);
      assert.deepStrictEqual(got.model, ms.at(-1)!.model, `seed ${seed}`);
    }
  });
});
