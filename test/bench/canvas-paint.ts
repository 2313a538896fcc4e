// Canvas paint benchmark: the cost of one frame of the canvas renderer
// (renderer/draw/canvas2d.ts) in real Chromium, for a generated cluster of
// 5,000 pods on 100 nodes and of 100,000 pods on 1,000 nodes (compact
// detail), fitted to a 1440×900 canvas, at a mid zoom and close on one pod,
// and fitted with a search dimming most of it. Per view it prints the median
// and p95 of the painter's own time (the canvas calls it makes, recorded by
// Chromium) and of that plus the raster (Skia drawing the recorded calls into
// pixels, forced by reading one pixel back), and the page's JS heap once the
// model is in and once the scene is built. Figures only; nothing is asserted.
//
//   node_modules/.bin/node --import tsx test/bench/canvas-paint.ts [--quick]

import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../main/model/index.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, mib, row } from './stats.ts';
import { launchBrowser, ROOT } from '../e2e/helpers.ts';

/** What the bundle puts on globalThis.__kaPaint: the painter and what a page needs to make its scenes. */
const PAINTER_EXPORTS = `
export { paintScene } from './renderer/draw/canvas2d.ts';
export { buildScene, updateScene } from './renderer/scene/scene.ts';
export { sceneMarks } from './renderer/scene/marks.ts';
export { layoutCluster } from './renderer/layout/cluster.ts';
export { createLayoutMemo } from './renderer/layout/memo.ts';
export { levelAt, overviewLabels } from './renderer/layout/lod.ts';
export { LIGHT, DARK } from './renderer/draw/theme.ts';
`;

export interface PainterGlobal {
  paintScene: typeof import('../../renderer/draw/canvas2d.ts').paintScene;
  buildScene: typeof import('../../renderer/scene/scene.ts').buildScene;
  updateScene: typeof import('../../renderer/scene/scene.ts').updateScene;
  createLayoutMemo: typeof import('../../renderer/layout/memo.ts').createLayoutMemo;
  sceneMarks: typeof import('../../renderer/scene/marks.ts').sceneMarks;
  layoutCluster: typeof import('../../renderer/layout/cluster.ts').layoutCluster;
  levelAt: typeof import('../../renderer/layout/lod.ts').levelAt;
  overviewLabels: typeof import('../../renderer/layout/lod.ts').overviewLabels;
  LIGHT: typeof import('../../renderer/draw/theme.ts').LIGHT;
  DARK: typeof import('../../renderer/draw/theme.ts').DARK;
}

/**
 * The painter, the scene and the layout as one browser script that sets
 * globalThis.__kaPaint, bundled from the sources as the app's page is (see
 * main/tools/build.mjs), for a page to take with addScriptTag.
 */
export async function painterBundle(): Promise<string> {
  const result = await build({
    stdin: { contents: PAINTER_EXPORTS, resolveDir: ROOT, sourcefile: 'painter-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: '__kaPaint',
    target: ['chrome120'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** A blank 1200×800 page in `browser` with the painter bundle in it, for the tests that paint in Chromium. */
export async function painterPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
  await page.addScriptTag({ content: await painterBundle() });
  // tsx names helpers inside the functions handed to evaluate with a __name() the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page;
}

const WIDTH = 1440;
const HEIGHT = 900;
/** Scale of the close view: a 14-unit tile is 112 px. */
const CLOSE = 8;

interface Figures {
  view: string;
  k: number;
  level: string;
  items: number;
  texts: number;
  culled: number;
  paint: number[];
  total: number[];
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A local server for the page, the bundle and the model: hundreds of MB go over HTTP, not through the driver. */
async function serve(files: Map<string, { type: string; body: string | Buffer }>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(file.body) });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

async function paintCase(page: Page, frames: number): Promise<Figures[]> {
  return page.evaluate(
    ({ frames, width, height, close }) => {
      const ka = (globalThis as unknown as { __kaPaint: PainterGlobal }).__kaPaint;
      const state = globalThis as unknown as { __scene: ReturnType<PainterGlobal['buildScene']> };
      const scene = state.__scene;
      const layout = scene.layout;
      const pods = layout.pods.length;
      const canvas = document.querySelector('canvas')!;
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      const fit = Math.min(width / layout.width, height / layout.height);
      const centred = (k: number, cx: number, cy: number) => ({ x: width / 2 - cx * k, y: height / 2 - cy * k, k });
      // The pod in the middle of the node in the middle of the list.
      const node = layout.nodes[Math.floor(layout.nodes.length / 2)];
      const podsOf = layout.pods.filter((p) => p.nodeUid === node.uid);
      const pod = podsOf[Math.floor(podsOf.length / 2)];
      const mid = Math.sqrt(fit * close);
      const noMarks = ka.sceneMarks(layout, undefined, null);
      // A search for one team: what it finds is outlined, the rest dimmed.
      const found = new Set(layout.pods.filter((p) => p.namespace === 'team-01').map((p) => p.uid));
      const context = new Set(layout.pods.filter((p) => found.has(p.uid) && p.nodeUid).map((p) => p.nodeUid!));
      const searchMarks = ka.sceneMarks(layout, undefined, { hits: found, context });
      const views = [
        { view: 'fitted', ...centred(fit, layout.width / 2, layout.height / 2), marks: noMarks },
        { view: `mid zoom (k ${mid.toFixed(2)})`, ...centred(mid, layout.width / 2, layout.height / 2), marks: noMarks },
        { view: `close on one pod (k ${close})`, ...centred(close, pod.x + pod.width / 2, pod.y + pod.height / 2), marks: { ...noMarks, selected: pod.uid } },
        { view: `fitted, searching (${found.size} hits)`, ...centred(fit, layout.width / 2, layout.height / 2), marks: searchMarks },
      ];
      const out: Figures[] = [];
      const markColors = { accent: '#4f46e5', hit: '#f59e0b' };
      const timed = (c: CanvasRenderingContext2D, view: Parameters<PainterGlobal['paintScene']>[2], options: Parameters<PainterGlobal['paintScene']>[3]) => {
        const t0 = performance.now();
        const stats = ka.paintScene(c, scene, view, options);
        const t1 = performance.now();
        // Reading a pixel makes Chromium raster what was recorded, now.
        c.getImageData(0, 0, 1, 1);
        return { stats, paint: t1 - t0, total: performance.now() - t0 };
      };
      {
        // The first paint on a canvas: every node's bitmap still to paint.
        const fresh = document.createElement('canvas');
        fresh.width = width;
        fresh.height = height;
        const v = centred(fit, layout.width / 2, layout.height / 2);
        const level = ka.levelAt(pods, fit);
        const first = timed(fresh.getContext('2d')!, { ...v, width, height, dpr: 1 }, { theme: ka.LIGHT, level, marks: noMarks, overview: ka.overviewLabels(layout, fit), markColors });
        out.push({ view: 'fitted, first paint', k: fit, level, ...first.stats, paint: [first.paint], total: [first.total] });
      }
      for (const v of views) {
        const level = ka.levelAt(pods, v.k);
        const options = {
          theme: ka.LIGHT,
          level,
          marks: v.marks,
          overview: level === 'overview' ? ka.overviewLabels(layout, v.k) : [],
          markColors,
        };
        const view = { x: v.x, y: v.y, k: v.k, width, height, dpr: 1 };
        const paint: number[] = [];
        const total: number[] = [];
        let stats = { items: 0, texts: 0, culled: 0 };
        for (let i = -3; i < frames; i++) {
          const frame = timed(ctx, view, options);
          stats = frame.stats;
          if (i < 0) continue;
          paint.push(frame.paint);
          total.push(frame.total);
        }
        out.push({ view: v.view, k: v.k, level, ...stats, paint, total });
      }
      {
        // A zoom from the fitted view to the pod and back, as d3-zoom's transition moves (the log of the
        // scale and the point in the middle linearly), the overview labels sized again every 5 % as the app does.
        const paint: number[] = [];
        const total: number[] = [];
        const steps = frames * 2;
        const from = { k: fit, cx: layout.width / 2, cy: layout.height / 2 };
        const to = { k: close, cx: pod.x + pod.width / 2, cy: pod.y + pod.height / 2 };
        let labels = { k: 0, list: [] as ReturnType<PainterGlobal['overviewLabels']> };
        let items = 0;
        for (let i = 0; i <= 2 * steps; i++) {
          const t = i <= steps ? i / steps : (2 * steps - i) / steps;
          const k = Math.exp(Math.log(from.k) + (Math.log(to.k) - Math.log(from.k)) * t);
          const cx = from.cx + (to.cx - from.cx) * t;
          const cy = from.cy + (to.cy - from.cy) * t;
          const level = ka.levelAt(pods, k);
          if (level === 'overview' && Math.abs(Math.log(k / labels.k)) > Math.log(1.05)) labels = { k, list: ka.overviewLabels(layout, k) };
          const frame = timed(ctx, { ...centred(k, cx, cy), width, height, dpr: 1 }, { theme: ka.LIGHT, level, marks: noMarks, overview: level === 'overview' ? labels.list : [], markColors });
          items += frame.stats.items;
          paint.push(frame.paint);
          total.push(frame.total);
        }
        out.push({ view: `zoom fit → pod → fit, ${2 * steps + 1} frames`, k: fit, level: 'all', items: Math.round(items / (2 * steps + 1)), texts: 0, culled: 0, paint, total });
      }
      return out;
    },
    { frames, width: WIDTH, height: HEIGHT, close: CLOSE },
  );
}

export async function benchCanvasPaint(options: { quick?: boolean } = {}): Promise<void> {
  const frames = options.quick ? 20 : 60;
  const bundle = await painterBundle();
  const browser = await launchBrowser();
  try {
    heading(`Canvas paint (renderer/draw/canvas2d.ts) in Chromium, ${WIDTH}x${HEIGHT} at dpr 1, compact detail, ${frames} frames a view`);
    console.log('  paint: the painter\'s canvas calls; +raster: and Skia drawing them (one pixel read back). Median / p95.');
    for (const c of [
      { label: '5,000 pods / 100 nodes', nodes: 100, pods: 5_000 },
      { label: '100,000 pods / 1,000 nodes', nodes: 1_000, pods: 100_000 },
    ]) {
      const model = buildModel(generateClusterObjects({ nodes: c.nodes, pods: c.pods, seed: 1 }), { kind: 'snapshot', name: `generated-${c.pods}.json`, namespaces: [] });
      const files = new Map<string, { type: string; body: string | Buffer }>([
        ['/', { type: 'text/html', body: '<!doctype html><html><body style="margin:0"><canvas></canvas></body></html>' }],
        ['/painter.js', { type: 'text/javascript', body: bundle }],
        ['/model.json', { type: 'application/json', body: JSON.stringify(model) }],
      ]);
      const { server, url } = await serve(files);
      const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
      try {
        await page.goto(`${url}/`);
        await page.addScriptTag({ url: `${url}/painter.js` });
        // tsx names the helpers inside the functions handed to evaluate with a __name() the page lacks.
        await page.evaluate('globalThis.__name ??= (f) => f');
        await page.evaluate(async () => {
          (globalThis as unknown as { __model: unknown }).__model = await (await fetch('/model.json')).json();
        });
        files.delete('/model.json');
        const heapModel = await heapUsed(page);
        const built = await page.evaluate((aspect) => {
          const g = globalThis as unknown as { __kaPaint: PainterGlobal; __model: Parameters<PainterGlobal['layoutCluster']>[0]; __scene: unknown };
          const t0 = performance.now();
          const layout = g.__kaPaint.layoutCluster(g.__model, { detail: 'compact', aspect });
          const t1 = performance.now();
          g.__scene = g.__kaPaint.buildScene(layout);
          return { layout: t1 - t0, scene: performance.now() - t1, items: layout.pods.length };
        }, WIDTH / HEIGHT);
        const heapScene = await heapUsed(page);
        console.log(`\n  ${c.label}: layout ${built.layout.toFixed(0)} ms, scene ${built.scene.toFixed(0)} ms; JS heap ${mib(heapModel)} with the model, ${mib(heapScene)} with layout and scene`);
        row('', 'paint', 'paint p95', '+raster', '+raster p95', 'items', 'texts', 'culled');
        for (const f of await paintCase(page, frames)) {
          row(
            `${f.view} [${f.level}]`,
            `${quantile(f.paint, 0.5).toFixed(2)} ms`,
            `${quantile(f.paint, 0.95).toFixed(2)} ms`,
            `${quantile(f.total, 0.5).toFixed(2)} ms`,
            `${quantile(f.total, 0.95).toFixed(2)} ms`,
            String(f.items),
            String(f.texts),
            String(f.culled),
          );
        }
      } finally {
        await page.close();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  } finally {
    await browser.close();
  }
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  benchCanvasPaint({ quick: process.argv.includes('--quick') }).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
