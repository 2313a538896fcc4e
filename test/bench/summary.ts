// What a page is sent of a large model, whole, summarized (main/model/summary.ts)
// and, as the browser mode sends it, summarized in parts (main/contract/wire.ts;
// each pod summarized as its part is made, so the parts' make includes it):
// JSON bytes, and the time to make it (serialize; summarize), and to read it on
// the page (parse; put the parts together: parse each, make images and
// container uids again), at 20,001 and 100,000 pods. Printed, not asserted.
//
//   node --import tsx --max-old-space-size=6144 test/bench/summary.ts [pods…]
//
// `npm run bench` runs it at 20,001 pods, and at 100,000 with --large.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { modelParts, PODS_PER_PART, streamAssembler } from '../../main/contract/wire.ts';
import { buildModel } from '../../main/model/build.ts';
import { summarizeModel } from '../../main/model/summary.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, mib, ms, medianOf, row } from './stats.ts';

export async function benchSummary(sizes: number[]): Promise<void> {
  heading(`A large model as a page is sent it (median of 3; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
  for (const pods of sizes) {
    // Room for the system pods every node has besides (a node holds at most 250).
    const nodes = Math.ceil(pods / 200);
    const whole = buildModel(generateClusterObjects({ nodes, pods, seed: 8 }), { kind: 'snapshot', name: 'bench', namespaces: [] });
    console.log(`  ${pods.toLocaleString('en')} pods on ${nodes} nodes`);
    row('', 'bytes', 'make', 'read', 'summarize');
    const summarizeMs = await medianOf(3, () => summarizeModel(whole));
    const summarized = summarizeModel(whole);
    for (const [label, model] of [['whole, one message', whole], ['summarized, one message', summarized]] as const) {
      const text = JSON.stringify(model);
      const stringify = await medianOf(3, () => JSON.stringify(model));
      const parse = await medianOf(3, () => JSON.parse(text));
      row(label, `${mib(text.length)} (${Math.round(text.length / pods)} B/pod)`, ms(stringify), ms(parse), label.startsWith('whole') ? '' : ms(summarizeMs));
    }
    // As the server makes them: from the session's whole model, each pod summarized as its part is made.
    const make = () => [...modelParts(1, { event: 'anatomy:model' }, { revision: 1, model: whole }, PODS_PER_PART, true)];
    const parts = make();
    const bytes = parts.reduce((a, s) => a + s.length, 0);
    const makeMs = await medianOf(3, make);
    const readMs = await medianOf(3, () => {
      const assembler = streamAssembler();
      for (const text of parts) {
        const got = assembler.accept(JSON.parse(text) as Record<string, unknown>);
        if (got.kind === 'error') throw new Error(got.error);
      }
    });
    row(`summarized, ${parts.length} parts`, `${mib(bytes)} (${Math.round(bytes / pods)} B/pod)`, ms(makeMs), ms(readMs), 'in make');
  }
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await benchSummary(sizes.length > 0 ? sizes : [20_001, 100_000]);
}
