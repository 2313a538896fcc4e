// Export benchmarks: the demo and a generated 5,000-pod snapshot, stage by
// stage (parse → model → layout → SVG → PNG) in this process, then the whole
// `kube-anatomy export` command as a user runs it (a fresh process each time),
// then the same 20,000 pods on one node and on 100 nodes: drawing must be
// linear in pods per node (target: one node at most 2x a hundred).

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
import { exportDetail } from '../../main/export/detail.ts';
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
      const detail = exportDetail('auto', m.stats.pods);
      const layout = await medianOf(repeats, () => layoutCluster(m, { detail, aspect: 16 / 9 }));
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

    await benchPodsPerNode(dir, bin, repeats);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 20,000 pods on one node against the same number on 100 nodes, at the detail the CLI picks. */
async function benchPodsPerNode(dir: string, bin: string, repeats: number): Promise<void> {
  const pods = 20_000;
  const cases = [
    // One node needs a /16 for 20,000 pod IPs; 100 nodes fit in the usual /24s.
    { label: `${pods.toLocaleString('en')} pods / 1 node`, nodes: 1, podCidr: 16 as const },
    { label: `${pods.toLocaleString('en')} pods / 100 nodes`, nodes: 100, podCidr: 24 as const },
  ];
  const detail = exportDetail('auto', pods);
  heading(`Export, pods per node (${detail} detail, as the CLI picks; in process: median of ${repeats}, command: median of ${Math.min(repeats, 3)})`);
  row('', 'layout+svg', 'command');
  const results: { label: string; render: number; command: number }[] = [];
  for (const c of cases) {
    const file = path.join(dir, `pods-per-node-${c.nodes}.json`);
    const list = generateCluster({ nodes: c.nodes, pods, seed: 1, podCidr: c.podCidr });
    const source = { kind: 'snapshot' as const, name: path.basename(file), namespaces: [] };
    const model = buildModel(parseSnapshot(JSON.stringify(list), file).objects, source);
    writeFileSync(file, JSON.stringify(list));
    const render = await medianOf(repeats, () => renderSvg(model, { detail }));
    const out = path.join(dir, 'pods-per-node.svg');
    const command = await medianOf(Math.min(repeats, 3), () => execFileSync(process.execPath, [bin, 'export', '--snapshot', file, '--out', out], { stdio: 'pipe' }));
    row(c.label, ms(render), ms(command));
    results.push({ label: c.label, render, command });
  }
  const [one, hundred] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(`  ratio 1 node / 100 nodes: layout+svg ${(one.render / hundred.render).toFixed(2)}x, command ${(one.command / hundred.command).toFixed(2)}x (target ≤ 2x)`);
}
