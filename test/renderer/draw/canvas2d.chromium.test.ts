// The canvas painter in real Chromium: paints into a <canvas> and reads the
// pixels back. The painter, the layout and the scene are bundled from the
// sources (test/bench/canvas-paint.ts painterPage) into a blank page; one
// browser for the file.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import type { Detail } from '../../../renderer/layout/types.ts';
import { painterPage, type PainterGlobal } from '../../bench/canvas-paint.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { launchBrowser } from '../../e2e/helpers.ts';

const ACCENT = '#4f46e5';
const HIT = '#f59e0b';

interface Probe {
  /** What the pixel should be, as #rrggbb, or 'transparent'. */
  want: string;
  /** What it is: [r, g, b, a]. */
  got: [number, number, number, number];
  what: string;
}

interface PaintRequest {
  model: string;
  detail: Detail;
  /** CSS px of the canvas (dpr 1). */
  canvas: { width: number; height: number };
  /** The view's size, from the canvas's top left corner; the layout is fitted to the whole canvas. */
  view: { width: number; height: number };
  bitmaps: boolean;
  /** Select the pod at this index of the layout's pods. */
  select?: number;
  /** The probes to take: tile middles, the edges of pod 7, or the canvas beyond the view. */
  probe: 'tiles' | 'edges' | 'outside-view';
}

let browser: Browser;
let page: Page;

function hex(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  assert.ok(m, `a #rrggbb colour: ${color}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** Whether a pixel is the colour, within a step or two of rounding. */
function isColor(got: Probe['got'], want: string): boolean {
  if (want === 'transparent') return got[3] === 0;
  const [r, g, b] = hex(want);
  return got[3] === 255 && Math.abs(got[0] - r) <= 2 && Math.abs(got[1] - g) <= 2 && Math.abs(got[2] - b) <= 2;
}

function paint(request: PaintRequest): Promise<{ probes: Probe[]; stats: { items: number; cached: number; culled: number } }> {
  return page.evaluate(
    ({ request, colors }) => {
      const ka = (globalThis as unknown as { __kaPaint: PainterGlobal }).__kaPaint;
      const models = (globalThis as unknown as { __models: Record<string, Parameters<PainterGlobal['layoutCluster']>[0]> }).__models;
      const layout = ka.layoutCluster(models[request.model], { detail: request.detail, aspect: request.canvas.width / request.canvas.height });
      const scene = ka.buildScene(layout);
      // A fresh canvas each time: nothing of an earlier paint, and no bitmaps kept from one.
      document.body.replaceChildren();
      const canvas = document.createElement('canvas');
      canvas.width = request.canvas.width;
      canvas.height = request.canvas.height;
      document.body.append(canvas);
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const k = Math.min(request.canvas.width / layout.width, request.canvas.height / layout.height);
      const view = { x: 0, y: 0, k, width: request.view.width, height: request.view.height, dpr: 1 };
      const selected = request.select === undefined ? undefined : layout.pods[request.select].uid;
      const stats = ka.paintScene(ctx, scene, view, {
        theme: ka.LIGHT,
        level: ka.levelAt(layout.pods.length, k),
        marks: ka.sceneMarks(layout, selected, null),
        overview: [],
        markColors: colors,
        ...(request.bitmaps ? {} : { bitmaps: false }),
      });
      const pixel = (x: number, y: number) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data) as Probe['got'];
      const probes: Probe[] = [];
      if (request.probe === 'tiles') {
        for (const p of layout.pods) {
          const cx = (p.x + p.width / 2) * k;
          const cy = (p.y + p.height / 2) * k;
          if (cx < request.view.width && cy < request.view.height) probes.push({ want: ka.LIGHT.status[p.tone], got: pixel(cx, cy), what: `tile of ${p.name}` });
        }
      } else if (request.probe === 'edges') {
        const p = layout.pods[7];
        // The middle of each edge: the outline is 2.5 px wide, centred on it.
        probes.push({ want: colors.accent, got: pixel((p.x + p.width / 2) * k, p.y * k), what: 'top edge' });
        probes.push({ want: colors.accent, got: pixel((p.x + p.width / 2) * k, (p.y + p.height) * k), what: 'bottom edge' });
        probes.push({ want: colors.accent, got: pixel(p.x * k, (p.y + p.height / 2) * k), what: 'left edge' });
        probes.push({ want: colors.accent, got: pixel((p.x + p.width) * k, (p.y + p.height / 2) * k), what: 'right edge' });
      } else {
        // Beyond the view (a few px of slack aside) the canvas stays as it was: transparent.
        for (const p of layout.pods) {
          const cx = (p.x + p.width / 2) * k;
          const cy = (p.y + p.height / 2) * k;
          if (cx > request.view.width + 8 && cx < request.canvas.width && cy < request.canvas.height) probes.push({ want: 'transparent', got: pixel(cx, cy), what: `pod ${p.name} off the view` });
        }
        for (let x = request.view.width + 8; x < request.canvas.width; x += 37) {
          for (let y = 0; y < request.canvas.height; y += 23) probes.push({ want: 'transparent', got: pixel(x, y), what: `(${x}, ${y})` });
        }
      }
      return { probes, stats };
    },
    { request, colors: { accent: ACCENT, hit: HIT } },
  );
}

/** What the live-update tests start from in the page: the generated model, compact, on a 1200×800 canvas (installed in before()). */
interface LiveUpdateSetUp {
  ka: PainterGlobal;
  model: Parameters<PainterGlobal['layoutCluster']>[0];
  W: number;
  H: number;
  memo: ReturnType<PainterGlobal['createLayoutMemo']>;
  options: { detail: 'compact'; aspect: number };
  canvas: () => CanvasRenderingContext2D;
}

function demoModel(): AnatomyModel {
  return buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
}

describe('paintScene in Chromium', () => {
  before(async () => {
    browser = await launchBrowser();
    page = await painterPage(browser);
    const generated = buildModel(generateClusterObjects({ nodes: 40, pods: 2_000, seed: 5 }), { kind: 'snapshot', name: 'generated.json', namespaces: [] });
    await page.evaluate((models) => {
      (globalThis as unknown as { __models: unknown }).__models = models;
    }, { demo: demoModel(), generated });
    await page.evaluate(() => {
      const g = globalThis as unknown as { __kaPaint: PainterGlobal; __models: Record<string, Parameters<PainterGlobal['layoutCluster']>[0]>; __liveUpdate: () => LiveUpdateSetUp };
      g.__liveUpdate = () => {
        const W = 1200;
        const H = 800;
        return {
          ka: g.__kaPaint,
          model: g.__models.generated,
          W,
          H,
          memo: g.__kaPaint.createLayoutMemo(),
          options: { detail: 'compact' as const, aspect: W / H },
          canvas: () => {
            const c = document.createElement('canvas');
            c.width = W;
            c.height = H;
            return c.getContext('2d', { willReadFrequently: true })!;
          },
        };
      };
    });
  });

  after(async () => {
    await browser?.close();
  });

  for (const bitmaps of [false, true]) {
    it(`paints the middle of every compact tile in its status colour (${bitmaps ? 'nodes from bitmaps' : 'all live'})`, async () => {
      for (const model of ['demo', 'generated']) {
        const { probes, stats } = await paint({ model, detail: 'compact', canvas: { width: 1200, height: 800 }, view: { width: 1200, height: 800 }, bitmaps, probe: 'tiles' });
        assert.ok(probes.length >= (model === 'demo' ? 20 : 1_500), `${model}: ${probes.length} tiles probed`);
        for (const p of probes) assert.ok(isColor(p.got, p.want), `${model}: ${p.what} is ${p.want}, got rgba(${p.got.join(', ')})`);
        if (model === 'generated') assert.equal(stats.cached > 0, bitmaps, `cached ${stats.cached}`);
      }
    });
  }

  it("paints the selected pod's outline in the accent colour on its edges", async () => {
    for (const detail of ['compact', 'cards', 'full'] as const) {
      const request = { model: 'demo', detail, canvas: { width: 1200, height: 800 }, view: { width: 1200, height: 800 }, bitmaps: true, probe: 'edges' } as const;
      const selected = await paint({ ...request, select: 7 });
      assert.equal(selected.probes.length, 4);
      for (const p of selected.probes) assert.ok(isColor(p.got, p.want), `${detail}: ${p.what} is ${p.want}, got rgba(${p.got.join(', ')})`);
      // Unselected, the same pixels are the pod's own.
      const plain = await paint(request);
      for (const p of plain.probes) assert.ok(!isColor(p.got, ACCENT), `${detail} unselected: ${p.what} is not the accent, got rgba(${p.got.join(', ')})`);
    }
  });

  it('paints nothing beyond the view, where the boxes off it would be', async () => {
    // The layout fitted to the 1200-wide canvas, the view only its left 500 px: the canvas right of it must stay untouched.
    const { probes } = await paint({ model: 'generated', detail: 'compact', canvas: { width: 1200, height: 800 }, view: { width: 500, height: 800 }, bitmaps: true, probe: 'outside-view' });
    assert.ok(probes.filter((p) => p.what.startsWith('pod')).length > 100, 'pods lie beyond the view');
    for (const p of probes) assert.ok(isColor(p.got, p.want), `${p.what} is untouched, got rgba(${p.got.join(', ')})`);
  });

  it('ends with the same pixels after each live update (band bitmaps patched where their nodes changed) as a paint from nothing', async () => {
    const result = await page.evaluate(
      ({ colors }) => {
        const { ka, model: generated, W, H, memo, options, canvas } = (globalThis as unknown as { __liveUpdate: () => LiveUpdateSetUp }).__liveUpdate();
        let model = generated;
        let layout = ka.layoutCluster(model, options, memo);
        const k = Math.min(W / layout.width, H / layout.height);
        const paint = (ctx: CanvasRenderingContext2D, scene: ReturnType<PainterGlobal['buildScene']>, dpr: number) =>
          ka.paintScene(ctx, scene, { x: 0, y: 0, k: k / dpr, width: W / dpr, height: H / dpr, dpr }, {
            theme: ka.LIGHT,
            level: 'overview',
            marks: ka.sceneMarks(scene.layout, undefined, null),
            overview: [],
            markColors: colors,
          });
        const live = canvas();
        let scene = ka.buildScene(layout);
        // An odd device pixel ratio: nodes fall on fractions of device pixels.
        const dpr = 1.25;
        paint(live, scene, dpr);
        let seed = 7;
        const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        const out = { steps: 0, patched: 0, differ: [] as number[], changed: 0 };
        const statuses = ['Failed', 'Pending', 'CrashLoopBackOff', 'Running', 'Terminating'];
        for (let step = 0; step < 24; step++) {
          const nodes = model.nodes.slice();
          for (let n = 0; n < 3; n++) {
            const at = Math.floor(rand() * nodes.length);
            const pods = nodes[at].pods.slice();
            if (!pods.length) continue;
            const i = Math.floor(rand() * pods.length);
            // A pod's status (its tile's colour), a pod gone (a hole in the grid), or pods come (the node may grow a row).
            const what = rand();
            if (what < 0.6) pods[i] = { ...pods[i], status: statuses[Math.floor(rand() * statuses.length)], ready: rand() < 0.5 };
            else if (what < 0.75) pods.splice(i, 1);
            else for (let j = Math.floor(rand() * 30); j >= 0; j--) pods.push({ ...pods[i], uid: `${pods[i].uid}-${step}-${n}-${j}`, name: `zz-${step}-${n}-${j}` });
            nodes[at] = { ...nodes[at], pods };
          }
          model = { ...model, nodes };
          layout = ka.layoutCluster(model, { ...options, previous: layout }, memo);
          scene = ka.updateScene(scene, layout);
          out.patched += paint(live, scene, dpr).patched;
          const fresh = canvas();
          paint(fresh, ka.buildScene(layout), dpr);
          const x = live.getImageData(0, 0, W, H).data;
          const y = fresh.getImageData(0, 0, W, H).data;
          let differ = 0;
          for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
          out.differ.push(differ);
          out.steps++;
        }
        return out;
      },
      { colors: { accent: ACCENT, hit: HIT } },
    );
    assert.equal(result.steps, 24);
    assert.deepEqual(result.differ, new Array(24).fill(0), 'every pixel as painted from nothing, after each update');
    assert.ok(result.patched >= 3, `band bitmaps were patched (${result.patched} times)`);
  });

  it('patches a node that grows or shrinks in place (a row more, a row less) to the same pixels as a paint from nothing', async () => {
    const result = await page.evaluate(
      ({ colors }) => {
        const { ka, model, W, H, memo, options, canvas } = (globalThis as unknown as { __liveUpdate: () => LiveUpdateSetUp }).__liveUpdate();
        const first = ka.layoutCluster(model, options, memo);
        // Nodes shorter than the tallest of their row of nodes: they can grow a row, or lose one, and move nothing else.
        const tallest = new Map<number, number>();
        for (const n of first.nodes) tallest.set(n.y, Math.max(tallest.get(n.y) ?? 0, n.height));
        const tile = first.pods[0].height;
        const short = first.nodes.filter((n) => n.band === 'workers' && n.height + tile < tallest.get(n.y)! && n.podCount > 2 * n.podColumns);
        if (short.length < 2) return { error: `${short.length} short nodes` };
        const [grow, shrink] = short;
        const nodes = model.nodes.map((n) => {
          if (n.uid === grow.uid) return { ...n, pods: [...n.pods, ...Array.from({ length: grow.podColumns }, (_, j) => ({ ...n.pods[0], uid: `${n.pods[0].uid}-more-${j}`, name: `zz-more-${j}` }))] };
          if (n.uid !== shrink.uid) return n;
          // The pods in its last row go: the row collapses.
          const last = first.pods.filter((p) => p.nodeUid === n.uid && Math.floor(p.slot / shrink.podColumns) === Math.floor((n.pods.length - 1) / shrink.podColumns)).map((p) => p.uid);
          return { ...n, pods: n.pods.filter((p) => !last.includes(p.uid)) };
        });
        const second = ka.layoutCluster({ ...model, nodes }, { ...options, previous: first }, memo);
        const moved = second.nodes.filter((n) => { const was = first.nodes.find((m) => m.uid === n.uid)!; return was.x !== n.x || was.y !== n.y || was.height !== n.height; }).map((n) => n.uid);
        const k = Math.min(W / first.width, H / first.height);
        const dpr = 1.25;
        const paint = (ctx: CanvasRenderingContext2D, scene: ReturnType<PainterGlobal['buildScene']>) =>
          ka.paintScene(ctx, scene, { x: 0, y: 0, k: k / dpr, width: W / dpr, height: H / dpr, dpr }, { theme: ka.LIGHT, level: 'overview', marks: ka.sceneMarks(scene.layout, undefined, null), overview: [], markColors: colors });
        const live = canvas();
        const before = ka.buildScene(first);
        paint(live, before);
        const stats = paint(live, ka.updateScene(before, second));
        const fresh = canvas();
        paint(fresh, ka.buildScene(second));
        const x = live.getImageData(0, 0, W, H).data;
        const y = fresh.getImageData(0, 0, W, H).data;
        let differ = 0;
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
        return { moved, grow: grow.uid, shrink: shrink.uid, patched: stats.patched, differ };
      },
      { colors: { accent: ACCENT, hit: HIT } },
    );
    assert.ok(!('error' in result), JSON.stringify(result));
    const r = result as { moved: string[]; grow: string; shrink: string; patched: number; differ: number };
    assert.deepEqual([...r.moved].sort(), [r.grow, r.shrink].sort(), 'the two nodes changed size, nothing moved');
    assert.equal(r.patched, 1, 'the band patched');
    assert.equal(r.differ, 0, 'every pixel as painted from nothing');
  });

  it('draws an overview label from its bitmap as it looks painted live: halo and text, within antialiasing', async () => {
    const result = await page.evaluate(
      ({ colors }) => {
        const ka = (globalThis as unknown as { __kaPaint: PainterGlobal }).__kaPaint;
        const model = (globalThis as unknown as { __models: Record<string, Parameters<PainterGlobal['layoutCluster']>[0]> }).__models.generated;
        const W = 1200;
        const H = 800;
        const layout = ka.layoutCluster(model, { detail: 'compact', aspect: W / H });
        const scene = ka.buildScene(layout);
        const k = Math.min(W / layout.width, H / layout.height);
        const labels = ka.overviewLabels(layout, k);
        const view = { x: 0, y: 0, k, width: W, height: H, dpr: 1 };
        const paint = (overview: typeof labels, bitmaps: boolean) => {
          const c = document.createElement('canvas');
          c.width = W;
          c.height = H;
          const ctx = c.getContext('2d', { willReadFrequently: true })!;
          const options = { theme: ka.LIGHT, level: 'overview' as const, marks: ka.sceneMarks(layout, undefined, null), overview, markColors: colors, ...(bitmaps ? {} : { bitmaps: false as const }) };
          ka.paintScene(ctx, scene, view, options);
          // The second paint draws the labels from the bitmaps the first painted.
          const stats = ka.paintScene(ctx, scene, view, options);
          return { data: ctx.getImageData(0, 0, W, H).data, stats };
        };
        const live = paint(labels, false);
        const bare = paint([], false);
        const cached = paint(labels, true);
        const unlabelled = paint([], true);
        // The labels' footprint: the pixels labels change clearly, live. Compared there: the bitmaps of nodes have their own test.
        let ink = 0;
        let differ = 0;
        let sum = 0;
        for (let i = 0; i < live.data.length; i += 4) {
          let footprint = false;
          let d = 0;
          for (let c = 0; c < 3; c++) {
            if (Math.abs(live.data[i + c] - bare.data[i + c]) > 24) footprint = true;
            // Against the same picture without labels, so that only the labels count.
            d = Math.max(d, Math.abs(live.data[i + c] - bare.data[i + c] - (cached.data[i + c] - unlabelled.data[i + c])));
          }
          if (!footprint) continue;
          ink++;
          sum += d;
          if (d > 64) differ++;
        }
        return { labels: labels.length, ink, differ, mean: sum / Math.max(ink, 1), stale: cached.stats.stale };
      },
      { colors: { accent: ACCENT, hit: HIT } },
    );
    assert.ok(result.labels >= 20, `${result.labels} labels`);
    assert.ok(result.ink > 20 * 100, `${result.ink} px of labels`);
    assert.equal(result.stale, 0, 'all drawn from up-to-date bitmaps');
    assert.ok(result.differ / result.ink < 0.02, `${result.differ} of ${result.ink} label px off by more than 64 (mean ${result.mean.toFixed(1)})`);
    assert.ok(result.mean < 4.5, `mean difference ${result.mean.toFixed(1)} in 255`);
  });
});
