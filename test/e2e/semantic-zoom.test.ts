// Semantic zoom and a legible first view, in Chromium on a 1440x900 window:
// the first fit of the demo and of a cluster shaped like the seeded test
// cluster (4 nodes, about 100 pods) shows every node name and every pod IP at
// 11 px or more on screen; zooming out shows node names and pod counts, in
// pods' names and IPs, closest containers and volumes; and at no zoom is any
// text shown smaller than 11 px.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { generateCluster } from '../bench/generate.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { drawnLevel, launchBrowser, openPage, screenshot, startApp, zoomToLevel, type App, type OpenedPage } from './helpers.ts';

const MIN_PX = 11;

let browser: Browser;
let files: TempDir;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-zoom-');
});
after(async () => {
  await browser?.close();
  files?.remove();
});

interface Shown {
  text: string;
  /** Rendered font size × the zoom it is seen at: its size on screen in px. */
  px: number;
  /** Rendered (not hidden), inside the canvas, and not covered by anything of the page but the drawing at its middle. */
  visible: boolean;
}

/**
 * What the drawing shows of each node, pod, container and volume: the texts
 * inside its own group (not inside a child's), with their size on screen.
 * Also every rendered text of the drawing, for the 11 px rule.
 */
async function readDrawing(page: Page): Promise<{
  nodes: Array<{ name: string; pods: number; texts: Shown[] }>;
  pods: Array<{ name: string; ip: string; texts: Shown[] }>;
  containers: Array<{ name: string; inView: boolean; texts: Shown[] }>;
  volumes: Array<{ name: string; inView: boolean; texts: Shown[] }>;
  rendered: Shown[];
}> {
  // The test runner's transpiler names inner functions through a helper the page does not have.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const canvas = document.getElementById('canvas')!.getBoundingClientRect();
    const drawing = document.querySelector('#viewport > svg.drawing')!;
    const shown = (t: SVGTextElement): Shown => {
      const ctm = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 0);
      const r = t.getBoundingClientRect();
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      const inside = r.width > 0 && cx >= canvas.left && cx <= canvas.right && cy >= canvas.top && cy <= canvas.bottom;
      // Overview labels let clicks through to their node, so the topmost element may be what lies under them.
      const top = inside ? document.elementFromPoint(cx, cy) : null;
      const canvasEl = document.getElementById('canvas')!;
      const visible = t.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && inside && !!top && canvasEl.contains(top);
      return { text: t.textContent ?? '', px, visible };
    };
    const own = (g: Element) => Array.from(g.querySelectorAll('text')).filter((t) => t.closest('g[data-kind]') === g).map((t) => shown(t as SVGTextElement));
    const inView = (g: Element) => {
      const r = g.getBoundingClientRect();
      return r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom;
    };
    const groups = (kind: string) => Array.from(drawing.querySelectorAll(`g[data-kind=${kind}]`)).filter((g) => !g.closest('.ka-exiting'));
    return {
      nodes: groups('node').map((g) => ({
        name: g.getAttribute('data-name') ?? '',
        pods: g.querySelectorAll('g[data-kind=pod]').length,
        texts: own(g),
      })),
      pods: groups('pod').map((g) => ({ name: g.getAttribute('data-name') ?? '', ip: g.getAttribute('data-ip') ?? '', texts: own(g) })),
      containers: groups('container').map((g) => ({ name: g.getAttribute('data-name') ?? '', inView: inView(g), texts: own(g) })),
      volumes: groups('volume').map((g) => ({ name: g.getAttribute('data-name') ?? '', inView: inView(g), texts: own(g) })),
      rendered: Array.from(drawing.querySelectorAll('text'))
        .filter((t) => t.checkVisibility())
        .map((t) => shown(t as SVGTextElement)),
    };
  });
}

/** A name as drawn: whole, or cut with an ellipsis, never less than a few characters. */
function names(drawn: string, full: string): boolean {
  if (drawn === full) return true;
  return drawn.endsWith('…') && drawn.length >= 4 && full.startsWith(drawn.slice(0, -1));
}

function legible(s: Shown): boolean {
  return s.visible && s.px >= MIN_PX - 0.01;
}

function assertNoSmallText(rendered: Shown[], where: string): void {
  const small = rendered.filter((s) => s.px < MIN_PX - 0.01);
  assert.deepEqual(
    small.map((s) => `${s.text} (${s.px.toFixed(1)} px)`),
    [],
    `${where}: text rendered smaller than ${MIN_PX} px`,
  );
}

/** Every node name and every pod IP is on screen, uncovered, at 11 px or more. */
function assertNamesAndIps(d: Awaited<ReturnType<typeof readDrawing>>, where: string): void {
  assert.ok(d.nodes.length > 0 && d.pods.length > 0, `${where}: nodes and pods are drawn`);
  for (const node of d.nodes) {
    assert.ok(
      d.nodes.length && node.texts.some((t) => names(t.text, node.name) && legible(t)),
      `${where}: node ${node.name} has a legible name: ${JSON.stringify(node.texts)}`,
    );
  }
  for (const pod of d.pods) {
    if (!pod.ip) continue;
    const ip = pod.texts.find((t) => t.text === pod.ip);
    assert.ok(ip && legible(ip), `${where}: pod ${pod.name} shows ${pod.ip} legibly: ${JSON.stringify(ip ?? pod.texts)}`);
  }
}

async function open(app: App): Promise<OpenedPage> {
  const opened = await openPage(browser, app.server.url);
  await opened.page.waitForSelector('g[data-kind=pod]', { timeout: 15_000 });
  // The first model is fitted on the frame it is drawn; let any later one settle too.
  await opened.page.waitForTimeout(500);
  return opened;
}

describe('the first view on a 1440x900 window', () => {
  test('of the demo shows every node name and every pod IP legibly', async () => {
    const app = await startApp({ demo: true });
    const opened = await open(app);
    try {
      const d = await readDrawing(opened.page);
      await screenshot(opened.page, 'zoom-first-view-demo');
      assert.equal((await drawnLevel(opened.page)).level, 'pods');
      assertNamesAndIps(d, 'demo');
      assertNoSmallText(d.rendered, 'demo');
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
      await app.close();
    }
  });

  test('of a cluster shaped like the seeded test cluster (4 nodes, 100 pods) shows every node name and every pod IP legibly', async () => {
    const list = generateCluster({ nodes: 4, pods: 100, seed: 1 });
    const app = await startApp({ snapshot: files.write('seeded-100.json', JSON.stringify(list)) });
    const opened = await open(app);
    try {
      const d = await readDrawing(opened.page);
      await screenshot(opened.page, 'zoom-first-view-100-pods');
      assert.equal(d.pods.length, 100);
      assertNamesAndIps(d, '100 pods');
      assertNoSmallText(d.rendered, '100 pods');
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
      await app.close();
    }
  });
});

describe('semantic zoom on the demo', () => {
  let app: App;
  let opened: OpenedPage;

  before(async () => {
    app = await startApp({ demo: true });
    opened = await open(app);
    // Keys go to the page, not to a field.
    await opened.page.click('#canvas', { position: { x: 8, y: 8 } });
  });
  after(async () => {
    await opened?.context.close();
    await app?.close();
  });

  test('zoomed out, node names and pod counts, and no pod text', async () => {
    const { page } = opened;
    await zoomToLevel(page, 'overview');
    // One step further out than the level's edge.
    await page.keyboard.press('-');
    await page.waitForTimeout(600);
    assert.equal((await drawnLevel(page)).level, 'overview');
    const d = await readDrawing(page);
    await screenshot(page, 'zoom-overview');
    assert.ok(d.nodes.length > 0 && d.pods.length > 0, `overview: nodes and pods are drawn (${d.nodes.length} nodes, ${d.pods.length} pods)`);
    for (const node of d.nodes) {
      const shown = node.texts.filter(legible).map((t) => t.text);
      assert.ok(
        shown.some((t) => names(t, node.name)),
        `${node.name}: name shown (${shown.join(' | ')})`,
      );
      assert.ok(shown.includes(`${node.pods} pod${node.pods === 1 ? '' : 's'}`), `${node.name}: pod count shown (${shown.join(' | ')})`);
    }
    const podText = d.pods.flatMap((p) => p.texts.filter((t) => t.visible));
    assert.deepEqual(podText, [], 'pod names and IPs are not shown at the overview');
    assertNoSmallText(d.rendered, 'overview');
  });

  test('in, pod names and IPs', async () => {
    const { page } = opened;
    await zoomToLevel(page, 'pods');
    const d = await readDrawing(page);
    await screenshot(page, 'zoom-pods');
    assertNamesAndIps(d, 'pods level');
    for (const pod of d.pods) assert.ok(pod.texts.some((t) => names(t.text, pod.name) && legible(t)), `${pod.name}: name shown`);
    assert.equal(d.containers.length, 0, 'containers are the next level');
    assertNoSmallText(d.rendered, 'pods level');
  });

  test('closest, containers and volumes', async () => {
    const { page } = opened;
    await zoomToLevel(page, 'containers');
    const d = await readDrawing(page);
    await screenshot(page, 'zoom-containers');
    const containers = d.containers.filter((c) => c.inView);
    const volumes = d.volumes.filter((v) => v.inView);
    assert.ok(containers.length > 0 && volumes.length > 0, 'containers and volumes in view');
    for (const c of containers) assert.ok(c.texts.some((t) => names(t.text, c.name) && legible(t)), `container ${c.name}: name shown ${JSON.stringify(c.texts)}`);
    for (const v of volumes) assert.ok(v.texts.some((t) => names(t.text, v.name) && legible(t)), `volume ${v.name}: name shown ${JSON.stringify(v.texts)}`);
    assertNoSmallText(d.rendered, 'containers level');
    assert.deepEqual(opened.errors, []);
  });

  test('a theme switched keeps to the layouts that follow (a level crossed draws in the new theme)', async () => {
    const { page } = opened;
    await zoomToLevel(page, 'pods');
    const themeOf = () => page.evaluate(() => document.querySelector('#viewport > svg.drawing')?.getAttribute('data-theme'));
    const before = await themeOf();
    await page.click('#theme-toggle');
    await page.waitForFunction((was) => document.querySelector('#viewport > svg.drawing')?.getAttribute('data-theme') !== was, before);
    const switched = await themeOf();
    await page.click('#canvas', { position: { x: 8, y: 8 } });
    // Another level is another layout, drawn by the semantic zoom.
    await zoomToLevel(page, 'containers');
    assert.equal(await themeOf(), switched, 'the containers level is drawn in the theme switched to');
    await page.click('#theme-toggle');
  });

  test("a wheel zoom moves the SVG as a picture until it ends (no text laid out again a step), about the pointer", async () => {
    const { page } = opened;
    // Reached from the containers level, just past its edge: zoomed out a little, the geometry stays.
    await zoomToLevel(page, 'pods');
    await page.waitForTimeout(300);
    // Three wheel steps in one task, and what they left before d3-zoom ends the gesture (150 ms after the last).
    const during = (await page.evaluate(`(() => {
      const canvas = document.getElementById('canvas');
      const viewport = document.getElementById('viewport');
      const stage = document.getElementById('stage').getBoundingClientRect();
      const before = viewport.getAttribute('transform');
      const m = viewport.transform.baseVal.consolidate().matrix;
      const at = { x: stage.left + 300, y: stage.top + 200 };
      for (let i = 0; i < 3; i++) canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 10, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
      // Zoomed out as a picture, the SVG covers less of the stage: a wheel on what it left bare still moves the picture.
      const lifted = canvas.style.transform;
      const corner = { x: stage.right - 3, y: stage.bottom - 3 };
      // The transform now: the lift (c, lx, ly) after the one written; the point of the drawing under the corner.
      const lift = new DOMMatrix(lifted);
      const [c, lx, ly] = [lift.a, lift.e, lift.f];
      const now = { k: c * m.a, x: c * m.e + lx, y: c * m.f + ly };
      const view = { x: stage.width - 3, y: stage.height - 3 };
      const bare = document.elementFromPoint(corner.x, corner.y);
      const wheel = new WheelEvent('wheel', { deltaY: 10, clientX: corner.x, clientY: corner.y, bubbles: true, cancelable: true });
      bare.dispatchEvent(wheel);
      return {
        bare: bare.id,
        bareMoved: canvas.style.transform !== lifted && wheel.defaultPrevented,
        before,
        after: viewport.getAttribute('transform'),
        lift: canvas.style.transform,
        detail: document.querySelector('#viewport > svg.drawing').getAttribute('data-detail'),
        // The point of the drawing under the corner before the wheel there.
        under: { x: (view.x - now.x) / now.k, y: (view.y - now.y) / now.k },
        view,
        k: m.a,
      };
    })()`)) as { bare: string; bareMoved: boolean; before: string; after: string; lift: string; detail: string; under: { x: number; y: number }; view: { x: number; y: number }; k: number };
    assert.equal(during.after, during.before, "the drawing's own transform is not written while the move lasts");
    assert.equal(during.bare, 'stage', 'the corner is left bare by the SVG moved as a picture (the check below needs it)');
    assert.ok(during.bareMoved, 'a wheel where the moved SVG left the stage bare zooms the picture too');
    assert.match(during.lift, /^matrix\(/, 'the root carries the move as a CSS transform');
    // The move's end: its transform is written into the drawing, and the root's CSS transform goes.
    await page.waitForFunction((was) => document.getElementById('viewport')?.getAttribute('transform') !== was, during.before);
    const ended = (await page.evaluate(`((view) => {
      const m = document.getElementById('viewport').transform.baseVal.consolidate().matrix;
      return { lift: document.getElementById('canvas').style.transform, detail: document.querySelector('#viewport > svg.drawing').getAttribute('data-detail'), k: m.a, under: { x: (view.x - m.e) / m.a, y: (view.y - m.f) / m.d } };
    })(${JSON.stringify(during.view)})`)) as { lift: string; detail: string; k: number; under: { x: number; y: number } };
    assert.equal(ended.lift, '');
    assert.ok(ended.k < during.k * 0.96, `zoomed out: ${during.k} -> ${ended.k}`);
    assert.equal(ended.detail, during.detail, 'still the same geometry (the check below needs it)');
    // The last wheel zoomed about its pointer: the same point of the drawing is under it (read against the stage, which does not move).
    assert.ok(Math.abs(ended.under.x - during.under.x) < 1e-6 * Math.max(1, Math.abs(during.under.x)), `x ${during.under.x} -> ${ended.under.x}`);
    assert.ok(Math.abs(ended.under.y - during.under.y) < 1e-6 * Math.max(1, Math.abs(during.under.y)), `y ${during.under.y} -> ${ended.under.y}`);
  });
});
