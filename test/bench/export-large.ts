// The headless export target at 100,000 pods on 1,000 nodes: the whole
// `kube-anatomy export --snapshot big.json --out big.svg` (read, model,
// layout, SVG at automatic detail), run as a user runs it, in a process of its
// own. Targets: at most 30 s, and at most 1 GB peak resident size.
//
//   npm run bench -- --large          # with the rest of the bench
//   node --import tsx test/bench/export-large.ts [--pods 100000 --nodes 1000] [--runs 3] [--keep DIR]
//
// The snapshot is compact JSON from generate.ts (about 460 MB), written by a
// child process so this one stays small. Peak RSS is the child's VmHWM, read
// from /proc while it runs (Linux only); the load average is printed beside
// the figures because a busy machine makes both worse.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heading, median, mib, ms, row } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'main/cli/bin.mjs');

export const EXPORT_TARGET_MS = 30_000;
export const EXPORT_TARGET_RSS = 1024 * 1024 * 1024;

export interface LargeExportOptions {
  pods?: number;
  nodes?: number;
  runs?: number;
  /** Keep the snapshot and the SVG in this folder instead of a temporary one. */
  keep?: string;
}

interface Run {
  ms: number;
  /** Peak resident size in bytes, when /proc tells. */
  peakRss?: number;
}

/** Runs the command and samples its VmHWM (the kernel's own peak RSS) until it exits. */
function timed(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak: number | undefined;
    const sample = () => {
      try {
        const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, kib * 1024);
      } catch {
        // Gone, or no /proc here.
      }
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const elapsed = performance.now() - started;
      if (code !== 0) reject(new Error(`export exited with ${code}: ${stderr.trim()}`));
      else resolve(peak === undefined ? { ms: elapsed } : { ms: elapsed, peakRss: peak });
    });
  });
}

export async function benchExportLarge(options: LargeExportOptions = {}): Promise<void> {
  const pods = options.pods ?? 100_000;
  const nodes = options.nodes ?? 1000;
  const runs = options.runs ?? 3;
  const dir = options.keep ?? mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-large-'));
  const snapshot = path.join(dir, `cluster-${pods}.json`);
  const out = path.join(dir, `cluster-${pods}.svg`);
  try {
    heading(`Export of ${pods.toLocaleString('en')} pods on ${nodes.toLocaleString('en')} nodes, the command as a user runs it (${runs} runs; ${os.cpus().length} cores)`);
    const generated = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/bench/generate.ts'), '--nodes', String(nodes), '--pods', String(pods), '--out', snapshot], {
      cwd: root,
      encoding: 'utf8',
    });
    if (generated.status !== 0) throw new Error(`generate.ts failed: ${generated.stderr}`);
    console.log(`  snapshot: ${mib(statSync(snapshot).size)} of compact JSON`);
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const load = os.loadavg()[0]!.toFixed(2);
      const run = await timed(['export', '--snapshot', snapshot, '--out', out]);
      results.push(run);
      row(`run ${i + 1} (load average ${load})`, ms(run.ms), run.peakRss === undefined ? 'RSS n/a' : `${mib(run.peakRss)} RSS`);
    }
    const time = median(results.map((r) => r.ms));
    const peaks = results.flatMap((r) => (r.peakRss === undefined ? [] : [r.peakRss]));
    console.log(`  export: ${ms(time)} median (target ≤ ${ms(EXPORT_TARGET_MS)}: ${(time / EXPORT_TARGET_MS).toFixed(2)}x of it)`);
    if (peaks.length > 0) {
      const peak = Math.max(...peaks);
      console.log(`  peak RSS: ${mib(peak)} at most (target ≤ ${mib(EXPORT_TARGET_RSS)}: ${(peak / EXPORT_TARGET_RSS).toFixed(2)}x of it)`);
    } else {
      console.log('  peak RSS: not measured (no /proc)');
    }
    console.log(`  svg: ${mib(statSync(out).size)}`);
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

function cli(argv: string[]): LargeExportOptions {
  const options: LargeExportOptions = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`usage: export-large.ts [--pods N] [--nodes N] [--runs N] [--keep DIR] (bad argument ${key})`);
    if (key === '--pods') options.pods = Number(value);
    else if (key === '--nodes') options.nodes = Number(value);
    else if (key === '--runs') options.runs = Number(value);
    else if (key === '--keep') options.keep = path.resolve(value);
    else throw new Error(`usage: export-large.ts [--pods N] [--nodes N] [--runs N] [--keep DIR] (bad argument ${key})`);
  }
  return options;
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  await benchExportLarge(cli(process.argv.slice(2)));
}
