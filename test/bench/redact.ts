// Redaction for sharing (main/model/redact.ts): how long it takes to redact a
// generated cluster the first time (every name hashed: HMAC-SHA256 in script),
// again with the same redactor (the app's case after a patch: the nodes and
// pods a patch left alone are kept by identity), and a model with a new
// redactor but names it has seen. Printed, not asserted.
//
//   node --import tsx test/bench/redact.ts [pods…]
//
// `npm run bench` runs it at 5,000 and 20,000 pods.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { buildModel } from '../../main/model/build.ts';
import { createRedactor } from '../../main/model/redact.ts';
import { applyPatch } from '../../main/model/patch.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, medianOf, ms, row } from './stats.ts';

export async function benchRedact(sizes: number[] = [5_000, 20_000]): Promise<void> {
  heading(`Redaction (--redact, the app's Redact toggle): median of 3; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  row('', 'first', 'after a patch', 'per pod, first');
  const key = new Uint8Array(32).fill(1);
  for (const pods of sizes) {
    const nodes = Math.ceil(pods / 200);
    const model = buildModel(generateClusterObjects({ nodes, pods, seed: 5 }), { kind: 'snapshot', name: 'bench', namespaces: [] });
    const first = await medianOf(3, () => createRedactor(key).model(model));
    // One pod changed, as a live patch changes it: its node is a new object, the other nodes the same.
    const redactor = createRedactor(key);
    redactor.model(model);
    const victim = model.nodes[model.nodes.length - 1].pods[0];
    const patched = applyPatch(model, { kind: 'changes', pods: [{ uid: victim.uid, from: victim.nodeName ?? null, pod: { ...victim, restarts: victim.restarts + 1 } }], nodes: [] });
    const again = await medianOf(3, () => redactor.model(patched));
    row(`${pods.toLocaleString('en')} pods on ${nodes} nodes`, ms(first), ms(again), `${((first / pods) * 1000).toFixed(1)} µs`);
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await benchRedact(sizes.length ? sizes : undefined);
}
