// How long `kube-anatomy --version` takes as a user starts it: the bundled Node
// 24 running bin.mjs, compile cache warm (the first run fills it and is not
// counted), against the same Node doing nothing at all.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heading, median, ms, row } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const node = path.join(root, 'node_modules/.bin/node');

function wall(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(node, args, { cwd: root, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

export function benchCliStart(repeats: number): void {
  const runs = Math.max(5, repeats * 2);
  heading(`CLI start (bundled Node ${process.versions.node}, median of ${runs}, compile cache warm)`);
  wall(['main/cli/bin.mjs', '--version']);
  const version = median(Array.from({ length: runs }, () => wall(['main/cli/bin.mjs', '--version'])));
  const bare = median(Array.from({ length: runs }, () => wall(['-e', '0'])));
  row('node main/cli/bin.mjs --version', ms(version));
  row('node -e 0 (Node alone)', ms(bare));
  console.log(`  target <= 150 ms: ${version <= 150 ? 'met' : 'NOT met'}; ${(version / bare).toFixed(1)}x Node's own start`);
}
