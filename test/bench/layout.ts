// Layout after one change at 5,000 pods on 100 nodes: the whole layout
// (what every update cost before the memo) against the memoized one (what
// the app does now), side by side on the same models. Two ways the new model
// can arrive: sharing every unchanged object with the last one (what a patch
// applied to the model gives), or as all-new objects (a whole model decoded
// from a message, as the app receives it today: the memo then compares every
// pod field by field). Compact is the detail the app draws at this size.

import { buildModel } from '../../main/model/index.ts';
import type { AnatomyModel, PodModel } from '../../main/model/types.ts';
import { createLayoutMemo, layoutCluster, type ClusterLayout, type Detail } from '../../renderer/layout/index.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, median, ms, row } from './stats.ts';

type Change = (model: AnatomyModel, step: number) => AnatomyModel;

/** A copy of the model sharing everything but the path to one pod of the node at `at`. */
function replacePod(model: AnatomyModel, at: number, index: number, pod: PodModel | undefined): AnatomyModel {
  const nodes = model.nodes.slice();
  const pods = nodes[at].pods.slice();
  if (pod) pods.splice(index, 1, pod);
  nodes[at] = { ...nodes[at], pods };
  return { ...model, nodes };
}

/** A pod's status flips (nothing changes size). */
const statusChange: Change = (model, step) => {
  const at = 1 + (step % (model.nodes.length - 1));
  const pod = model.nodes[at].pods[0];
  return replacePod(model, at, 0, { ...pod, status: pod.status === 'Running' ? 'CrashLoopBackOff' : 'Running', ready: pod.status !== 'Running' });
};

/** A pod is added to a node (it may grow, moving the rows below). */
const podAdded: Change = (model, step) => {
  const at = 1 + ((step * 37) % (model.nodes.length - 1));
  const copy = model.nodes[at].pods[0];
  const nodes = model.nodes.slice();
  const added: PodModel = { ...copy, uid: `bench-added-${step}`, name: `bench-added-${step}` };
  nodes[at] = { ...nodes[at], pods: [...nodes[at].pods, added] };
  return { ...model, nodes };
};

interface Figures {
  full: number;
  incremental: number;
  relaid: number;
}

function measure(base: AnatomyModel, detail: Detail, change: Change, allNew: boolean, steps: number): Figures {
  // Every model is made before the clock runs, so that making it is not timed.
  const models: AnatomyModel[] = [base];
  for (let i = 1; i <= steps; i++) models.push(change(models[i - 1], i));
  const inputs = allNew ? models.map((m) => structuredClone(m)) : models;

  // One pass each, not interleaved, so that neither pays for the other's garbage.
  const full: number[] = [];
  let lastFull: ClusterLayout = layoutCluster(inputs[0], { detail });
  for (let i = 1; i < inputs.length; i++) {
    const started = performance.now();
    lastFull = layoutCluster(inputs[i], { detail, previous: lastFull });
    full.push(performance.now() - started);
  }
  const memo = createLayoutMemo();
  const incremental: number[] = [];
  const relaid: number[] = [];
  let lastIncremental: ClusterLayout = layoutCluster(inputs[0], { detail }, memo);
  for (let i = 1; i < inputs.length; i++) {
    const started = performance.now();
    lastIncremental = layoutCluster(inputs[i], { detail, previous: lastIncremental }, memo);
    incremental.push(performance.now() - started);
    relaid.push(memo.stats.placed.length);
  }
  return { full: median(full), incremental: median(incremental), relaid: median(relaid) };
}

export async function benchLayout(repeats: number): Promise<void> {
  const steps = Math.max(9, repeats * 4 + 1);
  const base = buildModel(generateClusterObjects({ nodes: 100, pods: 5000, seed: 1 }), { kind: 'snapshot', name: 'bench', namespaces: [] });
  heading(`Layout after one change, ${base.stats.pods.toLocaleString('en')} pods / ${base.nodes.length} nodes (median of ${steps} changes, each on another node)`);
  row('', 'full', 'memoized', 'ratio', 'nodes redone');
  const cases: Array<[string, Change]> = [
    ['status change', statusChange],
    ['pod added', podAdded],
  ];
  for (const detail of ['compact', 'full'] as const) {
    for (const [what, change] of cases) {
      for (const allNew of [false, true]) {
        const f = measure(base, detail, change, allNew, steps);
        row(`${detail} · ${what} · ${allNew ? 'all objects new' : 'shared objects'}`, ms(f.full), ms(f.incremental), `${(f.full / f.incremental).toFixed(1)}x`, String(f.relaid));
      }
    }
  }
}
