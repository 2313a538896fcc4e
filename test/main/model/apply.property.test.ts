// The property test of the incremental model: random sequences of deltas over
// a random small cluster (delta-gen.ts: nodes, pods with volumes and claims,
// PVCs, PVs, namespaces; relists, old versions after new ones, duplicates,
// deletes of unknown objects, malformed objects, changes of what is readable),
// applied in random batches. After every batch:
//   - the model equals buildModel of the objects the deltas so far leave
//     (folded here on their own: last delivered wins, deletes drop);
//   - the patch, applied to the model before, gives the model after;
//   - no model handed out earlier has changed (they are frozen);
// and at the end the whole sequence from a kept midway state, in one batch,
// gives the same model (the state is a value: keeping it is safe).
//
// Deterministic: cases use seeds BASE..BASE+CASES-1. On failure the message
// names the seed; `DELTA_SEED=<seed>` runs that one case, `DELTA_CASES=<n>`
// runs more.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDeltas, emptyModelState, type Applied, type ModelState } from '../../../main/model/apply.ts';
import { buildModel } from '../../../main/model/build.ts';
import { OBJECT_LISTS, objectKey, type Delta, type ObjectList } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { applyPatch } from '../../../main/model/patch.ts';
import { storeObjects } from '../../../main/model/store.ts';
import type { AccessGap, ModelSource } from '../../../main/model/types.ts';
import { DeltaGen } from './delta-gen.ts';
import { random } from '../../fixtures/random.ts';

type Apply = (state: ModelState, deltas: readonly Delta[]) => Applied;

const SOURCE: ModelSource = { kind: 'cluster', name: 'property', namespaces: [] };
const STEPS = 60;
const CASES = Number(process.env['DELTA_CASES'] ?? 300);
const ONLY = process.env['DELTA_SEED'] === undefined ? undefined : Number(process.env['DELTA_SEED']);

/** The oracle's objects: every delta in order, last delivered wins, written without the store under test. */
class Fold {
  private readonly lists = new Map<ObjectList, Map<string, KubeObject>>(OBJECT_LISTS.map((l) => [l, new Map()]));
  private unread = new Set<ObjectList>();
  private gaps: AccessGap[] = [];

  apply(d: Delta): void {
    if (d.type === 'gaps') {
      this.unread = new Set(d.unread);
      this.gaps = d.gaps;
      return;
    }
    const key = objectKey(d.resource, d.object);
    if (key === undefined) return;
    const list = this.lists.get(d.resource)!;
    if (d.type === 'deleted') list.delete(key);
    else list.set(key, d.object);
  }

  objects(): ClusterObjects {
    const out: ClusterObjects = { gaps: this.gaps };
    for (const [l, items] of this.lists) if (!this.unread.has(l)) out[l] = [...items.values()];
    return out;
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/** One case; throws with the seed and the step when the property breaks. */
function runCase(seed: number, apply: Apply): void {
  const gen = new DeltaGen(seed);
  const r = random(seed ^ 0x5eed);
  const fold = new Fold();
  let state = emptyModelState(SOURCE);
  const all: Delta[] = [];
  let kept: { state: ModelState; at: number } | undefined;
  const keepAt = Math.floor(r() * STEPS);
  for (let step = 0; step < STEPS; step++) {
    if (step === keepAt) kept = { state, at: all.length };
    const batch: Delta[] = [];
    for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) batch.push(...gen.next());
    // applyDelta must not change what it is given: the objects, the state, the models it handed out.
    deepFreeze(batch);
    deepFreeze(state.model);
    for (const d of batch) fold.apply(d);
    all.push(...batch);
    const before = state.model;
    let applied: Applied;
    try {
      applied = apply(state, batch);
      const expected = buildModel(fold.objects(), SOURCE);
      assert.deepStrictEqual(applied.state.model, expected, 'the model is the full build of the same objects');
      const patched = applyPatch(before, applied.patch);
      assert.deepStrictEqual(patched, applied.state.model, 'the patch leads from the model before to the model after');
      // A node the patch does not name is the model's own object: a renderer skips it by identity.
      if (applied.patch.kind === 'changes') {
        const named = new Set([...applied.patch.nodes.map((c) => c.name), ...applied.patch.pods.flatMap((c) => [c.from, c.pod?.nodeName])]);
        for (const node of patched.nodes) {
          if (!named.has(node.name)) assert.ok(before.nodes.includes(node), `node ${node.name}, not named by the patch, is the very node it had`);
        }
      }
      assert.deepStrictEqual(storeObjects(applied.state.store).gaps, fold.objects().gaps);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`delta property broken (seed ${seed}, step ${step}; rerun with DELTA_SEED=${seed}): ${message}\nbatch: ${JSON.stringify(batch).slice(0, 2000)}`, { cause: err });
    }
    state = applied.state;
  }
  if (kept) {
    const replay = apply(kept.state, all.slice(kept.at));
    assert.deepStrictEqual(replay.state.model, state.model, `seed ${seed}: the kept state, given the rest in one batch, ends where the steps did`);
  }
}

function runCases(apply: Apply, seeds: number[]): void {
  for (const seed of seeds) runCase(seed, apply);
}

const seeds = ONLY !== undefined ? [ONLY] : Array.from({ length: CASES }, (_, i) => 1 + i);

describe('applyDelta against buildModel', () => {
  it(`holds for ${seeds.length} random sequences of ${STEPS} batches`, () => {
    runCases(applyDeltas, seeds);
  });

  // The property must be able to fail: each of these wrong appliers is caught within the first cases.
  const mutants: [string, Apply][] = [
    ['drops the deletes of PersistentVolumes', (s, ds) => applyDeltas(s, ds.filter((d) => !(d.type === 'deleted' && d.resource === 'persistentVolumes')))],
    ['applies a batch in reverse order (the last delivered no longer wins)', (s, ds) => applyDeltas(s, [...ds].reverse())],
    ['ignores a delta it has seen the uid of before, whatever its version', (s, ds) => applyDeltas(s, ds.filter((d) => d.type !== 'modified'))],
    [
      'forgets the pods in its patch',
      (s, ds) => {
        const out = applyDeltas(s, ds);
        return out.patch.kind === 'changes' ? { ...out, patch: { ...out.patch, pods: out.patch.pods.slice(1) } } : out;
      },
    ],
  ];
  for (const [what, mutant] of mutants) {
    it(`catches an applier that ${what}`, () => {
      assert.throws(() => runCases(mutant, Array.from({ length: 50 }, (_, i) => 1 + i)), /delta property broken \(seed \d+/);
    });
  }
});
