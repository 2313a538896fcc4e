// The page's model feed: whole models and patches in, the model now out. A
// patch applies only to the revision it was made against; a missed revision
// asks for the whole model once, holds the patches that come meanwhile and
// applies those that follow the reply, so the page ends on the session's
// model. The patches are real ones, from applyDeltas on a small cluster.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelPatchUpdate, ModelUpdate } from '../../../main/contract/api.ts';
import { applyDeltas, modelStateFrom, type ModelState } from '../../../main/model/apply.ts';
import type { Delta } from '../../../main/model/delta.ts';
import type { ModelChanges } from '../../../main/model/patch.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { createModelFeed } from '../../../renderer/app/model-feed.ts';
import { FRAME_BUDGET, latestPerFrame } from '../../../renderer/app/frames.ts';
import { Frames } from '../../fixtures/frames.ts';
import { MODEL_PACE } from '../../../renderer/app/app.ts';
import { objectsOf, pod, smallCluster } from '../../fixtures/session/objects.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'lab', namespaces: [] };

/** A session's worth of revisions: revision 1 whole, then one patch per change. */
function history(): { models: ModelUpdate[]; patches: ModelPatchUpdate[] } {
  let state: ModelState = modelStateFrom(objectsOf(smallCluster()), SOURCE);
  const models: ModelUpdate[] = [{ revision: 1, model: state.model }];
  const patches: ModelPatchUpdate[] = [];
  const changes: Delta[][] = [
    [{ type: 'modified', resource: 'pods', object: pod({ name: 'web-1', namespace: 'shop', node: 'worker-1', ip: '10.244.1.99' }) }],
    [{ type: 'added', resource: 'pods', object: pod({ name: 'cache-0', namespace: 'shop', node: 'cp-1', ip: '10.244.0.77' }) }],
    [{ type: 'deleted', resource: 'pods', object: pod({ name: 'api-0', namespace: 'default', node: 'cp-1' }) }],
    [{ type: 'modified', resource: 'pods', object: pod({ name: 'pending-0', namespace: 'default', node: 'worker-1', ip: '10.244.1.5' }) }],
    [{ type: 'added', resource: 'pods', object: pod({ name: 'db-0', namespace: 'default', node: 'worker-1', ip: '10.244.1.6' }) }],
  ];
  for (const deltas of changes) {
    const applied = applyDeltas(state, deltas);
    state = applied.state;
    const revision = models.length + 1;
    patches.push({ baseRevision: revision - 1, revision, patch: applied.patch as ModelChanges });
    models.push({ revision, model: state.model });
  }
  return { models, patches };
}

/** A feed whose model:get answers when the test says, with the session's model at that moment. */
function feed(latest: () => ModelUpdate) {
  const shown: ModelUpdate[] = [];
  const replies: (() => void)[] = [];
  const f = createModelFeed({
    fetch: () => new Promise((resolve) => replies.push(() => resolve(latest()))),
    show: (u) => shown.push(u),
  });
  const answer = async () => {
    replies.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { f, shown, replies, answer };
}

describe('the page model feed', () => {
  const { models, patches } = history();

  test('a patch against the revision the page has is applied, and nothing is asked for', () => {
    const { f, shown, replies } = feed(() => models.at(-1)!);
    f.model(models[0]!);
    for (const p of patches) f.patch(p);
    assert.equal(replies.length, 0);
    assert.equal(f.fetches(), 0);
    assert.deepEqual(
      shown.map((u) => u.revision),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepStrictEqual(f.current(), models.at(-1));
  });

  test('a missed revision asks for the whole model once; patches meanwhile are held and those after the reply applied', async () => {
    let session = models[3]!;
    const { f, replies, answer } = feed(() => session);
    f.model(models[0]!);
    f.patch(patches[0]!); // 1 → 2
    // 2 → 3 is lost on the way.
    f.patch(patches[2]!); // 3 → 4: does not follow 2
    assert.equal(f.fetches(), 1, 'asked for the whole model');
    assert.equal(f.current()!.revision, 2, 'the page stays on what it has until the reply');
    f.patch(patches[3]!); // 4 → 5, while the reply is on its way
    assert.equal(f.fetches(), 1, 'asked once, not per patch');
    session = models[3]!; // the session was at revision 4 when it answered
    await answer();
    assert.equal(replies.length, 0, 'no second request');
    assert.deepStrictEqual(f.current(), models[4], 'the reply (4), then the held patch 4 → 5');
    f.patch(patches[4]!);
    assert.deepStrictEqual(f.current(), models[5]);
  });

  test('patches the page already has (a reply overtook them) are dropped', async () => {
    const { f, answer } = feed(() => models[4]!);
    f.resync();
    f.patch(patches[1]!); // came before the reply: held
    await answer();
    assert.deepStrictEqual(f.current(), models[4]);
    f.patch(patches[2]!); // 3 → 4, older than what the page has
    f.patch(patches[3]!); // 4 → 5, older too
    assert.deepStrictEqual(f.current(), models[4]);
    assert.equal(f.fetches(), 1);
  });

  test('a reply older than a model pushed meanwhile does not replace it', async () => {
    const { f, answer } = feed(() => models[1]!);
    f.resync();
    f.model(models[3]!);
    await answer();
    assert.deepStrictEqual(f.current(), models[3]);
  });

  test('a patch that does not fit the model (a node the model lacks) asks for the whole model', async () => {
    const { f, answer } = feed(() => models[2]!);
    f.model(models[0]!);
    const wrong: ModelPatchUpdate = {
      baseRevision: 1,
      revision: 2,
      patch: { kind: 'changes', pods: [{ uid: 'x', pod: { ...models[0]!.model.unscheduled[0]!, uid: 'x', nodeName: 'nowhere' } }], nodes: [] },
    };
    f.patch(wrong);
    assert.equal(f.current()!.revision, 1);
    assert.equal(f.fetches(), 1);
    await answer();
    assert.deepStrictEqual(f.current(), models[2]);
  });

  test('held patches that no reply reaches (a restarted server numbers anew) are given up after a second try', async () => {
    const { f, answer } = feed(() => ({ revision: 1, model: models[0]!.model }));
    f.model({ revision: 1, model: models[0]!.model });
    f.patch({ ...patches[3]!, baseRevision: 40, revision: 41 });
    await answer();
    assert.equal(f.fetches(), 2, 'one more try');
    await answer();
    assert.equal(f.fetches(), 2, 'then no more');
    // A later patch that follows on applies as usual.
    f.patch(patches[0]!);
    assert.deepStrictEqual(f.current(), models[1]);
  });

  test('what is not a patch is not applied; the whole model is asked for', () => {
    const { f } = feed(() => models[0]!);
    f.model(models[0]!);
    f.patch({ baseRevision: 1, revision: 2, patch: { kind: 'full', model: models[3]!.model } } as unknown as ModelPatchUpdate);
    f.patch(null as unknown as ModelPatchUpdate);
    assert.equal(f.current()!.revision, 1);
    assert.equal(f.fetches(), 1);
  });

  test('wired to the frames as the app wires them: while no frame comes, every patch reaches the model, and the frame draws only the last', () => {
    // Frames run by hand: the page has fallen behind, and none comes until the test says.
    const frames = new Frames();
    let clock = 0;
    const drawn: number[] = [];
    // As app.ts: latestPerFrame(win, showModel, undefined, 2 * FRAME_BUDGET, MODEL_PACE), and the feed's show pushes to it.
    const draws = latestPerFrame<ModelUpdate>(frames, (u) => drawn.push(u.revision), () => clock, 2 * FRAME_BUDGET, MODEL_PACE);
    const f = createModelFeed({ fetch: () => Promise.reject(new Error('nothing is asked for')), show: (u) => draws.push(u) });
    f.model(models[0]!);
    frames.frame();
    assert.deepEqual(drawn, [1]);
    clock += 1;
    const seen: number[] = [];
    for (const p of patches) {
      f.patch(p);
      seen.push(f.current()!.revision);
    }
    assert.deepEqual(seen, [2, 3, 4, 5, 6], 'each patch applied as it came');
    assert.deepStrictEqual(f.current(), models[5], "the page's model is the session's");
    assert.equal(f.fetches(), 0, 'no patch was lost, so none asked for the whole model');
    assert.ok(!drawn.includes(3) && !drawn.includes(4) && !drawn.includes(5), `intermediate revisions are not drawn: ${drawn.join(', ')}`);
    frames.frame();
    assert.equal(drawn.at(-1), 6, `the frame draws the last: ${drawn.join(', ')}`);
    assert.deepEqual(drawn, [1, 6], 'one drawing at the held frame, of the last revision');
  });
});
