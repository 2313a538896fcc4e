// The canvas's warning mark in real Chromium, by its pixels: a warned pod
// shows the amber triangle at its top right (the SVG's place) with the "!"
// cut out; an unwarned pod shows none there; a pod a search dims shows it
// faded. The painter is bundled from the sources (test/bench/canvas-paint.ts).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../../main/model/index.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { painterPage, type PainterGlobal } from '../../bench/canvas-paint.ts';
import { launchBrowser } from '../../e2e/helpers.ts';

type Rgba = [number, number, number, number];

let browser: Browser;
let page: Page;

/** Paints the demo zoomed on pod `index` (4× scale: the "!" bar 6 px wide, its 3 px edge strokes apart) and reads the pixels at points of its mark (from the mark's corner, in layout units). */
function paintMark(request: { index: number; warned: boolean; dimmed: boolean; points: Array<[number, number]> }): Promise<Rgba[]> {
  return page.evaluate((request) => {
    const ka = (globalThis as unknown as { __kaPaint: PainterGlobal }).__kaPaint;
    const model = (globalThis as unknown as { __model: Parameters<PainterGlobal['layoutCluster']>[0] }).__model;
    const layout = ka.layoutCluster(model, { detail: 'full', aspect: 1.5 });
    const scene = ka.buildScene(layout);
    const pod = layout.pods[request.index]!;
    const W = 1200;
    const H = 800;
    const k = 4;
    document.body.replaceChildren();
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    document.body.append(canvas);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    // The pod's top right corner in the middle of the canvas.
    const view = { k, x: W / 2 - (pod.x + pod.width) * k, y: H / 2 - pod.y * k, width: W, height: H, dpr: 1 };
    // A search for another pod dims this one.
    const other = layout.pods.find((p) => p.uid !== pod.uid)!;
    const marks = request.dimmed ? ka.sceneMarks(layout, undefined, { hits: new Set([other.uid]), context: new Set() }) : ka.sceneMarks(layout, undefined, null);
    ka.paintScene(ctx, scene, view, {
      theme: ka.LIGHT,
      level: 'containers',
      marks,
      overview: [],
      markColors: { accent: '#4f46e5', hit: '#2563eb' },
      bitmaps: false,
      ...(request.warned ? { warned: new Set([pod.uid]) } : {}),
    });
    // The mark's corner: 12 units square, 3 in from the pod's top right (warning-marks.ts warningMarkAt).
    const mx = pod.x + Math.max(0, pod.width - 15);
    const my = pod.y + 3;
    return request.points.map(([dx, dy]) => Array.from(ctx.getImageData(Math.floor((mx + dx) * k + view.x), Math.floor((my + dy) * k + view.y), 1, 1).data) as Rgba);
  }, request);
}

const AMBER: Rgba = [0xf5, 0x9e, 0x0b, 255];
const isAmber = (p: Rgba) => Math.abs(p[0] - AMBER[0]) <= 3 && Math.abs(p[1] - AMBER[1]) <= 3 && Math.abs(p[2] - AMBER[2]) <= 3;
/** Inside the triangle, either side of the "!"; and the "!" bar itself, cut out. */
const BODY: Array<[number, number]> = [
  [3.5, 10.5],
  [8.5, 10.5],
];
const BAR: [number, number] = [6, 6];

describe('the warning mark on the canvas, in Chromium', () => {
  before(async () => {
    browser = await launchBrowser();
    page = await painterPage(browser);
    await page.evaluate((model) => {
      (globalThis as unknown as { __model: unknown }).__model = model;
    }, buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] }));
  });

  after(async () => {
    await browser?.close();
  });

  it('is amber at the top right of a warned pod, with the "!" cut out', async () => {
    for (const index of [0, 5]) {
      const [a, b, bar] = await paintMark({ index, warned: true, dimmed: false, points: [...BODY, BAR] });
      assert.ok(isAmber(a!) && isAmber(b!), `pod ${index}: amber body, got ${a} and ${b}`);
      assert.ok(!isAmber(bar!), `pod ${index}: the "!" shows what is under it, got ${bar}`);
    }
  });

  it('is not there on a pod without warnings', async () => {
    const got = await paintMark({ index: 0, warned: false, dimmed: false, points: BODY });
    for (const p of got) assert.ok(!isAmber(p), `no amber, got ${p}`);
  });

  it('fades with its pod when a search dims the pod', async () => {
    const [p] = await paintMark({ index: 0, warned: true, dimmed: true, points: [BODY[0]!] });
    assert.ok(!isAmber(p!), `not full amber, got ${p}`);
    // Still the mark's hue, faded toward the background: more red than blue.
    assert.ok(p![0] > p![2] + 10, `a faded amber, got ${p}`);
  });
});
