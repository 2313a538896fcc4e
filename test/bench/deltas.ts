// The model after one change: buildModel of every object (what each watch
// event cost before deltas) against applyDelta of that one change (what the
// incremental model does), side by side on the same generated cluster. Also a
// Node's heartbeat, a node going unreachable (its pods are read again), a
// shared claim changing, and the first full state from all the objects. The
// changes run one after another on the evolving state, as a live source
// delivers them, and the last state is checked against the full build.

import assert from 'node:assert/strict';
import { applyDelta, buildModel, modelStateFrom, storeObjects, type Delta, type ModelState, type ObjectDelta } from '../../main/model/index.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import type { ModelSource } from '../../main/model/types.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, median, medianOf, ms, row } from './stats.ts';

/** A delta takes microseconds: ms() would print 0.0 ms. */
function fine(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : ms(value);
}

const SOURCE: ModelSource = { kind: 'snapshot', name: 'bench', namespaces: [] };

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

function withVersion(o: KubeObject, rv: string, change: (copy: KubeObject) => void): KubeObject {
  const copy = structuredClone(o);
  (copy.metadata as Record<string, unknown>)['resourceVersion'] = rv;
  change(copy);
  return copy;
}

/** Times each delta applied in turn; returns the times and the last state. */
function run(state: ModelState, deltas: Delta[]): { times: number[]; state: ModelState } {
  const times: number[] = [];
  for (const d of deltas) {
    const started = performance.now();
    state = applyDelta(state, d).state;
    times.push(performance.now() - started);
  }
  return { times, state };
}

export async function benchDeltas(repeats: number, sizes: { nodes: number; pods: number }[]): Promise<void> {
  for (const size of sizes) {
    const objects = generateClusterObjects({ ...size, seed: 1 });
    heading(`Model after one change, ${size.pods.toLocaleString('en')} pods / ${size.nodes} nodes: buildModel of everything vs applyDelta (build: median of ${repeats}; deltas: median and p95 of a run)`);
    row('', 'median', 'p95', 'vs build');
    const build = await medianOf(repeats, () => buildModel(objects, SOURCE));
    const first = await medianOf(repeats, () => modelStateFrom(objects, SOURCE));
    row('buildModel (every object)', ms(build), '', '1x');
    row('modelStateFrom (the first state)', ms(first), '', `${(first / build).toFixed(2)}x`);

    let state = modelStateFrom(objects, SOURCE);
    const pods = objects.pods!;
    const nodes = objects.nodes!;
    let rv = 0;
    const next = () => `bench-${++rv}`;
    // Warm the paths up before timing them.
    state = run(state, pods.slice(0, 50).map((p) => ({ type: 'modified', resource: 'pods', object: withVersion(p, next(), () => {}) }))).state;

    const podChanges: Delta[] = [];
    for (let i = 0; i < 400; i++) {
      const p = pods[(i * 7919) % pods.length];
      podChanges.push({ type: 'modified', resource: 'pods', object: withVersion(p, next(), (c) => Object.assign(c.status as object, { phase: i % 2 ? 'Running' : 'Failed' })) });
    }
    const podRun = run(state, podChanges);
    state = podRun.state;
    const onePod = median(podRun.times);
    row(`applyDelta, one pod's status`, fine(onePod), fine(p95(podRun.times)), `${(build / onePod).toFixed(0)}x faster`);

    const added: ObjectDelta[] = [];
    for (let i = 0; i < 200; i++) {
      const p = pods[(i * 104729) % pods.length];
      added.push({ type: 'added', resource: 'pods', object: withVersion(p, next(), (c) => Object.assign(c.metadata as object, { name: `bench-new-${i}`, uid: `bench-new-${i}` })) });
    }
    const addRun = run(state, added);
    state = addRun.state;
    row(`applyDelta, a new pod`, fine(median(addRun.times)), fine(p95(addRun.times)), `${(build / median(addRun.times)).toFixed(0)}x faster`);
    const removeRun = run(state, added.map((d) => ({ ...d, type: 'deleted' })));
    state = removeRun.state;
    row(`applyDelta, a pod deleted`, fine(median(removeRun.times)), fine(p95(removeRun.times)), `${(build / median(removeRun.times)).toFixed(0)}x faster`);

    const beats: Delta[] = [];
    for (let i = 0; i < 200; i++) {
      const n = nodes[i % nodes.length];
      beats.push({ type: 'modified', resource: 'nodes', object: withVersion(n, next(), (c) => Object.assign(c.status as object, { capacity: { cpu: String(i) } })) });
    }
    const beatRun = run(state, beats);
    state = beatRun.state;
    row(`applyDelta, a Node's status`, fine(median(beatRun.times)), fine(p95(beatRun.times)), `${(build / median(beatRun.times)).toFixed(0)}x faster`);

    // A worker's Ready goes Unknown and back: every pod on it is read again.
    const lost: Delta[] = [];
    for (let i = 0; i < 20; i++) {
      const n = nodes[1 + (i % (nodes.length - 1))];
      lost.push({
        type: 'modified',
        resource: 'nodes',
        object: withVersion(n, next(), (c) => {
          const status = c.status as { conditions: { type: string; status: string }[] };
          status.conditions = status.conditions.map((x) => (x.type === 'Ready' ? { ...x, status: i % 2 ? 'True' : 'Unknown' } : x));
        }),
      });
    }
    const lostRun = run(state, lost);
    state = lostRun.state;
    const perNode = Math.round(pods.length / nodes.length);
    row(`applyDelta, a node unreachable (~${perNode} pods)`, fine(median(lostRun.times)), fine(p95(lostRun.times)), `${(build / median(lostRun.times)).toFixed(0)}x faster`);

    const claims = (objects.persistentVolumeClaims ?? []).filter((c) => String((c.metadata as { name: string }).name).endsWith('-shared'));
    if (claims.length > 0) {
      const claimChanges: Delta[] = claims.slice(0, 50).map((c, i) => ({
        type: 'modified',
        resource: 'persistentVolumeClaims',
        object: withVersion(c, next(), (x) => Object.assign(x.status as object, { phase: i % 2 ? 'Bound' : 'Lost' })),
      }));
      const claimRun = run(state, claimChanges);
      state = claimRun.state;
      row(`applyDelta, a claim all replicas share`, fine(median(claimRun.times)), fine(p95(claimRun.times)), `${(build / median(claimRun.times)).toFixed(0)}x faster`);
    }

    // Not a figure: the incremental model must still be the full build.
    assert.deepStrictEqual(state.model, buildModel(storeObjects(state.store), SOURCE), 'applyDelta drifted from buildModel');
  }
  console.log('  (every change above applied in turn; the last state equals buildModel of its objects)');
}
