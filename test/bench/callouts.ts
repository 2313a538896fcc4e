// Callouts (main/model/callouts.ts): what finding the notes again costs the
// page at each model it shows. A live patch makes a new model that keeps the
// node objects it did not change; the pods are indexed per node, so a patch
// costs the changed node's index, not the whole model's. Rows: the first
// resolve of 200 notes (half pinned by uid, half detached, so every node is
// looked through), then again after a patch of one pod. Printed, not asserted.
//
//   node --import tsx test/bench/callouts.ts [pods…]
//
// `npm run bench` runs it at 5,000 and 20,000 pods (100,000 with --large).

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { buildModel } from '../../main/model/build.ts';
import { applyPatch } from '../../main/model/patch.ts';
import { MAX_CALLOUTS, resolveCallouts, type Callout } from '../../main/model/callouts.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, medianOf, ms, row } from './stats.ts';

export async function benchCallouts(sizes: number[] = [5_000, 20_000]): Promise<void> {
  heading(`Callouts: ${MAX_CALLOUTS} notes found again on a model (the page does it at every model shown); median of 3; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  row('', 'first', 'after a patch');
  for (const pods of sizes) {
    const nodes = Math.ceil(pods / 100);
    const model = buildModel(generateClusterObjects({ nodes, pods, seed: 3 }), { kind: 'snapshot', name: 'bench', namespaces: [] });
    const all = model.nodes.flatMap((n) => n.pods);
    const notes: Callout[] = Array.from({ length: MAX_CALLOUTS }, (_, i) => {
      const pod = all[(i * 7919) % all.length]!;
      return i % 2 === 0
        ? { n: i + 1, text: 'x', target: { kind: 'pod', uid: pod.uid, key: `${pod.namespace}/${pod.name}` } }
        : { n: i + 1, text: 'x', target: { kind: 'container', uid: `gone-${i}/app/c`, key: `gone/pod-${i}/c` } };
    });
    // Each run on a fresh copy of every node: nothing indexed before.
    const first = await medianOf(3, () => resolveCallouts(notes, { ...model, nodes: model.nodes.map((n) => ({ ...n })) }));
    resolveCallouts(notes, model);
    const victim = model.nodes[model.nodes.length - 1]!.pods[0]!;
    // The patches are made beforehand: only the resolve is timed.
    const patched = [1, 2, 3].map((k) => applyPatch(model, { kind: 'changes', pods: [{ uid: victim.uid, from: victim.nodeName ?? null, pod: { ...victim, restarts: victim.restarts + k } }], nodes: [] }));
    const again = await medianOf(3, () => resolveCallouts(notes, patched.pop()!));
    row(`${pods.toLocaleString('en')} pods on ${nodes} nodes`, ms(first), ms(again));
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await benchCallouts(sizes.length ? sizes : undefined);
}
