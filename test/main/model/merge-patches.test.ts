// mergePatches, the one patch that stands for a run of them (what the
// browser-mode queue sends a slow page): over random delta sequences
// (delta-gen.ts), every run of consecutive patches, merged left to right,
// applied to the model before the run, gives the model after it. Wrong
// mergers are shown to fail.
//
// Deterministic: seeds 1..CASES; `DELTA_SEED=<seed>` runs one case.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDeltas, emptyModelState } from '../../../main/model/apply.ts';
import type { Delta } from '../../../main/model/delta.ts';
import { applyPatch, mergePatches, type ModelPatch } from '../../../main/model/patch.ts';
import type { AnatomyModel, ModelSource } from '../../../main/model/types.ts';
import { DeltaGen } from './delta-gen.ts';
import { random } from '../../fixtures/random.ts';

type Merge = (a: ModelPatch, b: ModelPatch) => ModelPatch;

const SOURCE: ModelSource = { kind: 'cluster', name: 'merge', namespaces: [] };
const STEPS = 40;
const CASES = Number(process.env['DELTA_CASES'] ?? 200);
const ONLY = process.env['DELTA_SEED'] === undefined ? undefined : Number(process.env['DELTA_SEED']);

function runCase(seed: number, merge: Merge): void {
  const gen = new DeltaGen(seed);
  const r = random(seed ^ 0x3e6e);
  let state = emptyModelState(SOURCE);
  const models: AnatomyModel[] = [state.model];
  const patches: ModelPatch[] = [];
  for (let step = 0; step < STEPS; step++) {
    const batch: Delta[] = [];
    for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) batch.push(...gen.next());
    const applied = applyDeltas(state, batch);
    state = applied.state;
    patches.push(applied.patch);
    models.push(state.model);
  }
  // Every run [from, to): patches[from..to-1] lead from models[from] to models[to].
  for (let from = 0; from < patches.length; from++) {
    let merged = patches[from]!;
    for (let to = from + 2; to <= patches.length; to++) {
      merged = merge(merged, patches[to - 1]!);
      let got: AnatomyModel;
      try {
        got = applyPatch(models[from]!, merged);
      } catch (error) {
        throw new Error(`merge property broken (seed ${seed}, patches ${from}..${to - 1}; DELTA_SEED=${seed}): ${(error as Error).message}`, { cause: error });
      }
      try {
        assert.deepStrictEqual(got, models[to]);
      } catch (error) {
        throw new Error(`merge property broken (seed ${seed}, patches ${from}..${to - 1}; DELTA_SEED=${seed}): the merged patch does not lead where the run does`, {
          cause: error,
        });
      }
    }
  }
}

const seeds = ONLY !== undefined ? [ONLY] : Array.from({ length: CASES }, (_, i) => 1 + i);

describe('mergePatches', () => {
  it(`a run of patches merged leads where the run does, for ${seeds.length} random sequences`, () => {
    for (const seed of seeds) runCase(seed, mergePatches);
  });

  it('keeps the place a pod left first, and drops a pod that came and went', () => {
    const pod = (uid: string, node?: string) => ({ uid, nodeName: node }) as never;
    const merged = mergePatches(
      { kind: 'changes', pods: [{ uid: 'a', from: 'n1', pod: pod('a', 'n2') }, { uid: 'b', pod: pod('b', 'n1') }], nodes: [] },
      { kind: 'changes', pods: [{ uid: 'a', from: 'n2', pod: pod('a', 'n3') }, { uid: 'b', from: 'n1' }], nodes: [] },
    );
    assert.deepEqual(merged, { kind: 'changes', pods: [{ uid: 'a', from: 'n1', pod: pod('a', 'n3') }], nodes: [] });
  });

  const changes = (p: ModelPatch) => (p.kind === 'changes' ? p : undefined);
  const mutants: [string, Merge][] = [
    ['keeps only the later patch', (_a, b) => b],
    [
      'takes the place a pod left from the later patch',
      (a, b) => {
        const m = changes(mergePatches(a, b));
        const bp = changes(b);
        if (!m || !bp) return mergePatches(a, b);
        return { ...m, pods: m.pods.map((c) => ({ ...c, ...(bp.pods.find((x) => x.uid === c.uid)?.from !== undefined ? { from: bp.pods.find((x) => x.uid === c.uid)!.from } : {}) })) };
      },
    ],
    [
      'keeps the first node order',
      (a, b) => {
        const m = changes(mergePatches(a, b));
        const ap = changes(a);
        return m && ap && ap.nodeOrder ? { ...m, nodeOrder: ap.nodeOrder } : mergePatches(a, b);
      },
    ],
  ];
  for (const [what, mutant] of mutants) {
    it(`catches a merger that ${what}`, () => {
      assert.throws(() => {
        for (let seed = 1; seed <= 50; seed++) runCase(seed, mutant);
      }, /merge property broken \(seed \d+/);
    });
  }
});
