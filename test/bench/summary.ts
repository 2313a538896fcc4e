// What a page is sent of a large model, whole and summarized (main/model/summary.ts):
// JSON bytes, and the time to serialize, parse and summarize, at 20,001 and
// 100,000 pods. Printed, not asserted.
//
//   node --import tsx --max-old-space-size=6144 test/bench/summary.ts [pods…]

import { buildModel } from '../../main/model/build.ts';
import { summarizeModel } from '../../main/model/summary.ts';
import { generateClusterObjects } from './generate.ts';
import { mib, ms, medianOf, row } from './stats.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const pods of sizes.length > 0 ? sizes : [20_001, 100_000]) {
  // Room for the system pods every node has besides (a node holds at most 250).
  const nodes = Math.ceil(pods / 200);
  const whole = buildModel(generateClusterObjects({ nodes, pods, seed: 8 }), { kind: 'snapshot', name: 'bench', namespaces: [] });
  console.log(`\n${pods.toLocaleString('en')} pods on ${nodes} nodes`);
  row('', 'bytes', 'stringify', 'parse', 'summarize');
  const summarizeMs = await medianOf(3, () => summarizeModel(whole));
  for (const [label, model] of [['whole', whole], ['summarized', summarizeModel(whole)]] as const) {
    const text = JSON.stringify(model);
    const stringify = await medianOf(3, () => JSON.stringify(model));
    const parse = await medianOf(3, () => JSON.parse(text));
    row(label, `${mib(text.length)} (${Math.round(text.length / pods)} B/pod)`, ms(stringify), ms(parse), label === 'whole' ? '' : ms(summarizeMs));
  }
}
