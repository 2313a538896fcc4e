// Export benchmarks: the demo and a generated 5,000-pod snapshot, stage by
// stage (parse → model → layout → SVG → PNG) in this process, then the whole
// `kube-anatomy export` command as a user runs it (a fresh process each time).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster } from './generate.ts';
import { parseSnapshot } from '../../main/snapshot/index.ts';
import { buildModel } from '../../main/model/index.ts';
import { layoutCluster } from '../../renderer/layout/index.ts';
import { renderSvg, renderPng } from '../../main/export/index.ts';
import { heading, medianOf, mib, ms, row, timeIt } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function benchExport(repeats: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-'));
  try {
    const big = path.join(dir, 'cluster-5000.json');
    writeFileSync(big, JSON.stringify(generateCluster({ nodes: 100, pods: 5000, seed: 1 })));
    const cases = [
      { label: 'demo', file: path.join(root, 'assets/demo-cluster.json'), cli: ['--demo'] },
      { label: '5,000 pods / 100 nodes', file: big, cli: ['--snapshot', big] },
    ];
    heading(`Export, in process (median of ${repeats}; ${os.cpus().length} cores)`);
    row('', 'parse', 'model', 'layout', 'svg', 'png 1x');
    const totals: Record<string, number> = {};
    for (const c of cases) {
      const text = readFileSync(c.file, 'utf8');
      const parse = await medianOf(repeats, () => parseSnapshot(text, c.file));
      const objects = parseSnapshot(text, c.file).objects;
      const source = { kind: 'snapshot' as const, name: path.basename(c.file), namespaces: [] };
      const model = await medianOf(repeats, () => buildModel(objects, source));
      const m = buildModel(objects, source);
      const detail = m.stats.pods > 1000 ? 'compact' : 'full';
      const layout = await medianOf(repeats, () => layoutCluster(m, { detail }));
      const svgTime = await medianOf(repeats, () => renderSvg(m, { detail }));
      const svg = renderSvg(m, { detail });
      const png = await medianOf(Math.min(repeats, 3), () => renderPng(svg, { scale: 1 }));
      row(`${c.label} (${m.stats.pods} pods, ${detail})`, ms(parse), ms(model), ms(layout), ms(svgTime), ms(png));
      totals[c.label] = parse + model + svgTime;
    }
    const [small, large] = cases.map((c) => totals[c.label]);
    console.log(`  ratio 5,000 pods / demo (parse+model+svg): ${(large / small).toFixed(1)}x`);

    heading(`Export, the command as a user runs it (new process, median of ${Math.min(repeats, 3)})`);
    row('', 'svg', 'png 2x', 'svg size', 'png size');
    const bin = path.join(root, 'main/cli/bin.mjs');
    for (const c of cases) {
      const out = (ext: string) => path.join(dir, `out.${ext}`);
      const run = (ext: string) => execFileSync(process.execPath, [bin, 'export', ...c.cli, '--out', out(ext)], { stdio: 'pipe' });
      const svgMs = await medianOf(Math.min(repeats, 3), () => run('svg'));
      const pngMs = await medianOf(Math.min(repeats, 3), () => run('png'));
      row(c.label, ms(svgMs), ms(pngMs), mib(statSync(out('svg')).size), mib(statSync(out('png')).size));
    }
    const { ms: startup } = await timeIt(() => execFileSync(process.execPath, [bin, '--version'], { stdio: 'pipe' }));
    console.log(`  (process start-up alone, kube-anatomy --version: ${ms(startup)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
