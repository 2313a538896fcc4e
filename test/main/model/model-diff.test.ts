// modelChanges: the patch between two models made apart (a recording's seek
// hands over a keyframe's model). Over random delta sequences (delta-gen.ts),
// for pairs of moments either way, from one lineage of states (sharing what
// did not change, as keyframes do) and from models built apart (sharing
// nothing): the patch applied to the first gives the second.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDeltas, emptyModelState, type ModelState } from '../../../main/model/apply.ts';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import { modelChanges } from '../../../main/model/model-diff.ts';
import { applyPatch } from '../../../main/model/patch.ts';
import { storeObjects } from '../../../main/model/store.ts';
import type { AnatomyModel, ModelSource } from '../../../main/model/types.ts';
import { random } from '../../fixtures/random.ts';
import { loadCluster, source } from './fixtures.ts';
import { DeltaGen } from './delta-gen.ts';

const SOURCE: ModelSource = { kind: 'snapshot', name: 'r.karec', namespaces: [] };

function check(before: AnatomyModel, after: AnatomyModel, what: string): number {
  const diff = modelChanges(before, after);
  assert.ok(diff, `${what}: a patch can say it`);
  assert.deepEqual(applyPatch(before, diff.patch), after, what);
  return diff.changed;
}

describe('modelChanges', () => {
  it('turns one model into another, either way, shared or built apart', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const gen = new DeltaGen(seed);
      const r = random(seed);
      let state: ModelState = emptyModelState(SOURCE);
      const states: ModelState[] = [state];
      for (let batch = 0; batch < 25; batch++) {
        const deltas: Delta[] = [];
        for (let i = 0, n = 1 + Math.floor(r() * 5); i < n; i++) deltas.push(...gen.next());
        state = applyDeltas(state, deltas).state;
        states.push(state);
      }
      for (let k = 0; k < 12; k++) {
        const a = states[Math.floor(r() * states.length)]!;
        const b = states[Math.floor(r() * states.length)]!;
        check(a.model, b.model, `seed ${seed}: shared`);
        const apart = buildModel(storeObjects(b.store), SOURCE);
        check(a.model, apart, `seed ${seed}: built apart`);
        check(apart, a.model, `seed ${seed}: built apart, back`);
      }
      // Nothing changed: an empty patch.
      assert.equal(check(state.model, state.model, `seed ${seed}: the same`), 0);
    }
  });

  it('says nothing where a patch cannot: another source, other callouts', () => {
    const model = buildModel({ nodes: [], pods: [], gaps: [] }, SOURCE);
    assert.equal(modelChanges(model, { ...model, source: { ...SOURCE, name: 'other.karec' } }), undefined);
    assert.equal(modelChanges(model, { ...model, callouts: [{ n: 1, text: 'x', target: { kind: 'pod', uid: 'u' } }] } as unknown as AnatomyModel), undefined);
  });
});

describe('applyPatch', () => {
  it('keeps each node a patch does not name as the very object it was, a repeated name too (which no built model has)', () => {
    const model = buildModel(loadCluster('kind'), source('kind.json'));
    const [first, changed] = model.nodes.filter((n) => n.pods.length > 0);
    assert.ok(first && changed, 'the fixture has two nodes with pods');
    const twice: AnatomyModel = { ...model, nodes: [...model.nodes, { ...first }] };
    const pod = changed.pods[0]!;
    const patched = applyPatch(twice, { kind: 'changes', pods: [{ uid: pod.uid, from: changed.name, pod: { ...pod, podIP: '10.9.9.9' } }], nodes: [] });
    assert.equal(patched.nodes.length, twice.nodes.length);
    patched.nodes.forEach((n, i) => {
      if (n.name === changed.name) assert.equal(n.pods.find((p) => p.uid === pod.uid)?.podIP, '10.9.9.9');
      else assert.equal(n, twice.nodes[i], `node ${i} (${n.name}) is the object it was`);
    });
  });
});
