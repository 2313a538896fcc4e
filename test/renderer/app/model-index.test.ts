// The app's model index kept from model to model (createModelIndexer) against
// the index made from nothing (indexModel): after each of random changes,
// copy on write as patches make them, both find the same entry for every
// uid, the same pod for every name, and list the same pods and nodes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { createDeferredIndexer, createModelIndexer, indexModel, type ModelIndex } from '../../../renderer/app/model-index.ts';
import { bigCluster } from '../../fixtures/anatomy-models.ts';
import { change, changeBases } from '../../fixtures/model-changes.ts';
import { random } from '../../fixtures/random.ts';

/** Every uid and name the model holds, and some it does not. */
function keysOf(models: AnatomyModel[]): { uids: Set<string>; names: Set<string> } {
  const uids = new Set<string>(['', 'no-such-uid']);
  const names = new Set<string>(['default/none']);
  for (const m of models) {
    for (const n of m.nodes) {
      uids.add(n.uid);
      for (const p of n.pods) {
        uids.add(p.uid);
        names.add(`${p.namespace}/${p.name}`);
        for (const c of p.containers) uids.add(c.uid);
        for (const v of p.volumes) uids.add(v.uid);
      }
    }
    for (const p of m.unscheduled) {
      uids.add(p.uid);
      names.add(`${p.namespace}/${p.name}`);
    }
  }
  return { uids, names };
}

function assertSameIndex(got: ModelIndex, want: ModelIndex, keys: { uids: Set<string>; names: Set<string> }, what: string): void {
  for (const uid of keys.uids) assert.deepStrictEqual(got.get(uid), want.get(uid), `${what}: get(${uid})`);
  for (const name of keys.names) assert.equal(got.pod(name), want.pod(name), `${what}: pod(${name})`);
  assert.deepStrictEqual(got.nodes, want.nodes, `${what}: nodes`);
  assert.deepStrictEqual(got.pods, want.pods, `${what}: pods`);
}

const BASES = changeBases();

function runSequence(indexer: (m: AnatomyModel) => ModelIndex, base: AnatomyModel, seed: number, steps: number): void {
  const rand = random(seed);
  let model = base;
  for (let step = 0; step <= steps; step++) {
    let before = model;
    let what = 'start';
    if (step > 0) {
      const [next, did] = change(rand, model, step);
      [before, model, what] = [model, next, did];
    }
    // The uids of the model before too: those gone must be gone from the index.
    assertSameIndex(indexer(model), indexModel(model), keysOf([before, model]), `seed ${seed}, step ${step} (${what})`);
  }
}

describe('the model index kept from model to model', () => {
  for (const [name, make] of BASES) {
    it(`equals the index made from nothing after each of random changes to the ${name} model`, () => {
      for (const seed of [1, 2, 3, 4, 5, 6]) runSequence(createModelIndexer(), make(), seed * 7919 + name.length, 40);
    });
  }

  it('indexes again only the nodes that are new objects', () => {
    const base = bigCluster(200, 10);
    const indexer = createModelIndexer();
    indexer(base);
    const pod = base.nodes[3].pods[1];
    const nodes = base.nodes.slice();
    nodes[3] = { ...nodes[3], pods: nodes[3].pods.map((p) => (p === pod ? { ...p, status: 'Failed' } : p)) };
    const next = { ...base, nodes };
    const index = indexer(next);
    assert.equal((index.get(pod.uid) as { pod: unknown }).pod, nodes[3].pods[1], 'the changed pod is the new object');
    assert.equal((index.get(pod.uid) as { node: unknown }).node, nodes[3], 'with its node, the new object');
    // A node that did not change keeps the very entries it had.
    const other = base.nodes[5].pods[0];
    assert.equal(indexer(next).get(other.uid), index.get(other.uid));
  });

  it('keeps the entries of the pods a change did not touch, in a node it did, pointed at the node now', () => {
    const base = bigCluster(200, 10);
    const indexer = createModelIndexer();
    const before = indexer(base);
    const kept = base.nodes[3].pods[4];
    const keptEntry = before.get(kept.uid);
    const nodes = base.nodes.slice();
    nodes[3] = { ...nodes[3], pods: nodes[3].pods.filter((p, i) => i !== 1).map((p, i) => (i === 6 ? { ...p, status: 'Failed' } : p)) };
    const after = indexer({ ...base, nodes });
    assert.equal(after.get(kept.uid), keptEntry, 'the same entry');
    assert.equal((after.get(kept.uid) as { node: unknown }).node, nodes[3], 'now of the new node object');
    assert.equal(after.get(base.nodes[3].pods[1].uid), undefined, 'the pod gone is gone');
  });

  it('fails when an indexer keeps the entries of a node that changed', () => {
    // A stand-in that indexes only the first model it sees: it must be caught.
    const stale = (): ((m: AnatomyModel) => ModelIndex) => {
      let first: ModelIndex | undefined;
      return (m) => (first ??= indexModel(m));
    };
    assert.throws(() => {
      for (const seed of [1, 2, 3]) runSequence(stale(), bigCluster(60, 5), seed, 20);
    }, assert.AssertionError);
  });
});

describe('the index made when first asked', () => {
  for (const [name, make] of BASES) {
    it(`equals the index made from nothing after each of random changes to the ${name} model, asked or not in between`, () => {
      for (const seed of [1, 2, 3]) {
        const deferred = createDeferredIndexer();
        const rand = random(seed * 104729 + name.length);
        let model = make();
        for (let step = 0; step <= 30; step++) {
          let before = model;
          if (step > 0) [before, model] = [model, change(rand, model, step)[0]];
          const index = deferred(model);
          // Most models are never asked (the next one came first); the one asked indexes from the last it made.
          if (rand() < 0.6) continue;
          assertSameIndex(index, indexModel(model), keysOf([before, model]), `seed ${seed}, step ${step}`);
        }
      }
    });
  }

  for (const [name, make] of BASES) {
    it(`made in parts of random sizes, some left half-way for the next model, equals the index made from nothing (${name} model)`, () => {
      for (const seed of [1, 2, 3]) {
        const deferred = createDeferredIndexer();
        const rand = random(seed * 7727 + name.length);
        let model = make();
        for (let step = 0; step <= 30; step++) {
          let before = model;
          if (step > 0) [before, model] = [model, change(rand, model, step)[0]];
          const index = deferred(model);
          // Some parts in idle time, as the page makes them; then maybe the next model comes first.
          for (let calls = Math.floor(rand() * 4); calls > 0 && !index.made; calls--) index.make(() => rand() < 0.8);
          if (rand() < 0.5) continue;
          assertSameIndex(index, indexModel(model), keysOf([before, model]), `seed ${seed}, step ${step}`);
        }
      }
    });
  }

  it('makes a node at a time when told to stop after each part', () => {
    const model = bigCluster(200, 10);
    const index = createDeferredIndexer()(model);
    let calls = 0;
    while (!index.make(() => false)) calls++;
    assert.ok(calls >= model.nodes.length, `${calls} calls for ${model.nodes.length} nodes`);
    assert.equal(index.made, true);
    assertSameIndex(index, indexModel(model), keysOf([model]), 'made in parts');
  });

  it('an index made before keeps answering while the next is made from nothing, in parts', () => {
    const base = bigCluster(60, 5);
    const pod = base.nodes[1].pods[0];
    const nodes = base.nodes.slice();
    nodes[1] = { ...nodes[1], pods: [{ ...pod, status: 'Failed' }, ...nodes[1].pods.slice(1)] };
    const next = { ...base, nodes };
    const deferred = createDeferredIndexer();
    const made = deferred(base);
    made.make();
    // Left half-way (the model after came first), so the one after that is indexed from nothing.
    deferred(next).make(() => false);
    const third = deferred(base);
    assert.equal(third.make(() => false), false, 'one node made');
    for (const n of base.nodes) for (const p of n.pods) assert.ok(made.get(p.uid) !== undefined, `the index made before still has ${p.uid}`);
    third.make();
    assertSameIndex(third, indexModel(base), keysOf([base]), 'the third, made');
  });

  it('made a few parts a model, under a stream of models, is made all the same: each goes on from the parts the last made', () => {
    // The page indexes in idle time, which a busy stream keeps short; started from nothing at each model, it was never made.
    const deferred = createDeferredIndexer();
    const rand = random(17);
    let model = bigCluster(400, 40);
    let madeAt = -1;
    let index = deferred(model);
    for (let step = 0; step < 40 && madeAt < 0; step++) {
      if (step > 0) index = deferred((model = change(rand, model, step)[0]));
      let parts = 0;
      if (index.make(() => ++parts < 5)) madeAt = step;
    }
    // 41 parts (40 nodes and the unscheduled row) at 5 a model, and the one or two each change touches.
    assert.ok(madeAt >= 8 && madeAt <= 14, `made at model ${madeAt}`);
    assertSameIndex(index, indexModel(model), keysOf([model]), `model ${madeAt}`);
  });

  it('is not made until something asks for it or make() is called', () => {
    const model = bigCluster(40, 4);
    const deferred = createDeferredIndexer();
    const asked = deferred(model);
    assert.equal(asked.made, false, 'not made when handed out');
    const pod = model.nodes[1].pods[2];
    assert.equal((asked.get(pod.uid) as { pod: unknown }).pod, pod);
    assert.equal(asked.made, true, 'made by the first question');
    const told = deferred(model);
    assert.equal(told.made, false);
    told.make();
    assert.equal(told.made, true, 'made by make()');
  });

  it('an index handed out earlier and asked later answers for its own model, and leaves the latest one right', () => {
    const base = bigCluster(60, 5);
    const nodes = base.nodes.slice();
    const gone = nodes[2].pods[0];
    nodes[2] = { ...nodes[2], pods: nodes[2].pods.slice(1) };
    const next = { ...base, nodes };
    const deferred = createDeferredIndexer();
    const older = deferred(base);
    const latest = deferred(next);
    assert.equal(latest.get(gone.uid), undefined, 'the latest model has no such pod');
    assert.equal((older.get(gone.uid) as { pod: unknown }).pod, gone, 'the older index still has it');
    assert.equal(latest.get(gone.uid), undefined, 'and asking the older one did not take the latest back');
    assertSameIndex(latest, indexModel(next), keysOf([base, next]), 'the latest');
  });
});
