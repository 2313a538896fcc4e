// The canvas renderer in Chromium on a 1440x900 window, checked against the
// SVG renderer of the same scene: the demo opened twice, once drawn as SVG and
// once on the canvas (the `kube-anatomy.renderer` setting, put in localStorage
// before the app starts). The accessible tree beside the canvas carries what
// the SVG's groups carry, nested the same way; clicks, search and the keyboard
// reach the objects through it and through the scene's hit testing, and the
// marks show up in the canvas's pixels; an export drawn from the canvas page
// is the whole SVG. Then a cluster too large for SVG elements (6,000 pods):
// drawn on the canvas on its own, with its overview first and pod cards when
// zoomed in.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from 'linkedom';
import type { Browser, Page } from 'playwright-core';
import type { AnatomyModel } from '../../main/model/types.ts';
import { AUTO_CANVAS_FROM } from '../../renderer/layout/lod.ts';
import { generateCluster } from '../bench/generate.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { drawnLevel, launchBrowser, openPage, screenshot, startApp, waitForDrawing, waitForScene, waitForStillView, type App, type OpenedPage } from './helpers.ts';

const RENDERER = 'kube-anatomy.renderer';
/** app.css --accent and --hit (light theme): the selection and the search hits' outlines. */
const ACCENT: Rgb = [0x4f, 0x46, 0xe5];
const HIT: Rgb = [0xf5, 0x9e, 0x0b];
/** theme.ts LIGHT.text.ip: the colour pod IPs are written in. */
const IP_TEXT: Rgb = [0x03, 0x69, 0xa1];

type Rgb = [number, number, number];

let browser: Browser;
let files: TempDir;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-canvas-');
});
after(async () => {
  await browser?.close();
  files?.remove();
});

function near(a: Rgb, b: Rgb, tolerance = 8): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
}

const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The canvas pixel under a point of the window (CSS px), in device pixels as
 * the painter lays them out: (client − canvas origin) × devicePixelRatio.
 */
function pixelAt(page: Page, x: number, y: number): Promise<Rgb> {
  return page.evaluate(({ x, y }) => {
    const canvas = document.getElementById('scene-canvas') as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const d = canvas.getContext('2d')!.getImageData(Math.floor((x - r.left) * dpr), Math.floor((y - r.top) * dpr), 1, 1).data;
    return [d[0], d[1], d[2]] as [number, number, number];
  }, { x, y });
}

/** Waits (on animation frames, where the canvas paints) until the pixel under (x, y) passes `want`; fails saying what it is. */
async function waitForPixel(page: Page, x: number, y: number, want: (c: Rgb) => boolean, what: string): Promise<Rgb> {
  let last: Rgb = [0, 0, 0];
  for (let frame = 0; frame < 300; frame++) {
    last = await pixelAt(page, x, y);
    if (want(last)) return last;
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(undefined))));
  }
  throw new Error(`${what}: the canvas pixel at (${x}, ${y}) stayed ${hex(last)}`);
}

/** How many canvas pixels are within `tolerance` of a colour, over the whole canvas. */
function countPixels(page: Page, color: Rgb, tolerance: number): Promise<number> {
  return page.evaluate(({ color, tolerance }) => {
    const canvas = document.getElementById('scene-canvas') as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - color[0]) <= tolerance && Math.abs(d[i + 1] - color[1]) <= tolerance && Math.abs(d[i + 2] - color[2]) <= tolerance) n++;
    }
    return n;
  }, { color, tolerance });
}

interface Drawn {
  kind: string;
  /** The semantic attributes (renderer/scene/semantic.ts), keyboard stop and tooltip, sorted by name. */
  attrs: string[];
  /** data-kind:data-uid (or data-band) of each enclosing object, outermost first. */
  chain: string[];
}

/**
 * Every object of the picture in document order, read the same way from the
 * SVG's groups and from the accessible tree's elements. The SVG's header
 * (data-kind="header", the caption over the bands) is left out: it is no scene
 * item, and the tree does not repeat it.
 */
function readObjects(page: Page, rootSelector: string): Promise<Drawn[]> {
  return page.$$eval(`${rootSelector} [data-kind]`, (els) =>
    els
      .filter((el) => el.getAttribute('data-kind') !== 'header' && !el.closest('.ka-exiting'))
      .map((el) => {
        const attrs: string[] = [];
        for (const a of Array.from(el.attributes)) {
          if (a.name.startsWith('data-') || a.name === 'role' || a.name === 'aria-label' || a.name === 'tabindex') attrs.push(`${a.name}=${a.value}`);
        }
        // The SVG gives a tooltip as its group's own <title>; the tree, as a title attribute.
        const titleEl = Array.from(el.children).find((c) => c.localName === 'title');
        const title = el instanceof SVGElement ? titleEl?.textContent : el.getAttribute('title');
        if (title !== null && title !== undefined) attrs.push(`title=${title}`);
        const chain: string[] = [];
        for (let at = el.parentElement?.closest('[data-kind]'); at; at = at.parentElement?.closest('[data-kind]')) {
          chain.unshift(`${at.getAttribute('data-kind')}:${at.getAttribute('data-uid') ?? at.getAttribute('data-band') ?? ''}`);
        }
        return { kind: el.getAttribute('data-kind') ?? '', attrs: attrs.sort(), chain };
      }),
  );
}

function modelPods(model: AnatomyModel): Array<{ uid: string; name: string }> {
  return [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled].map((p) => ({ uid: p.uid, name: p.name }));
}

/** A pod's group on the SVG page: where it is on screen, and its name. */
async function podOnScreen(page: Page, uid: string): Promise<{ left: number; top: number; width: number; height: number; cx: number; cy: number }> {
  const r = await page.locator(`svg.drawing g[data-kind=pod][data-uid="${uid}"]`).evaluate((g) => {
    const b = g.getBoundingClientRect();
    return { left: b.left, top: b.top, width: b.width, height: b.height };
  });
  return { ...r, cx: r.left + r.width / 2, cy: r.top + r.height / 2 };
}

function viewOf(page: Page): Promise<string | null> {
  return page.evaluate(() => document.getElementById('viewport')?.getAttribute('transform') ?? null);
}

describe('the demo, drawn by both renderers', () => {
  let app: App;
  let svg: OpenedPage;
  let canvas: OpenedPage;

  before(async () => {
    app = await startApp({ demo: true });
    svg = await openPage(browser, app.server.url, { storage: { [RENDERER]: 'svg' } });
    canvas = await openPage(browser, app.server.url, { storage: { [RENDERER]: 'canvas' } });
    await waitForDrawing(svg.page);
    await waitForScene(canvas.page);
    await waitForStillView(svg.page);
    await waitForStillView(canvas.page);
  });
  after(async () => {
    await svg?.context.close();
    await canvas?.context.close();
    await app?.close();
  });

  test('the accessible tree carries the SVG\'s semantic attributes with the same nesting', async () => {
    assert.equal(await svg.page.getAttribute('#canvas', 'data-renderer'), 'svg');
    assert.equal(await canvas.page.getAttribute('#canvas', 'data-renderer'), 'canvas');
    const svgDetail = await svg.page.getAttribute('#viewport > svg.drawing', 'data-detail');
    const canvasDetail = await canvas.page.getAttribute('#scene-canvas', 'data-detail');
    assert.ok(svgDetail, 'the SVG page marks its detail');
    assert.equal(canvasDetail, svgDetail, 'both first views are laid out at the same detail');
    // In canvas mode the SVG drawing holds nothing and is not shown.
    const hidden = await canvas.page.$eval('#viewport > svg.drawing', (d) => ({ display: d.getAttribute('display'), children: d.children.length }));
    assert.deepEqual(hidden, { display: 'none', children: 0 });

    const fromSvg = await readObjects(svg.page, '#viewport > svg.drawing');
    const fromTree = await readObjects(canvas.page, '#scene-tree');
    assert.ok(fromSvg.filter((o) => o.kind === 'pod').length > 10, 'the demo has pods');
    assert.equal(fromTree.length, fromSvg.length, 'one tree element per SVG object');
    assert.deepEqual(fromTree, fromSvg, 'the same objects, attributes and nesting, in document order');
    assert.equal(await canvas.page.getAttribute('#scene-canvas', 'data-painted'), String(fromTree.length), 'every object of the scene painted');
  });

  test('a click on a pod selects it and outlines it on the canvas; a click on empty canvas clears the selection', async () => {
    const { page } = canvas;
    assert.equal(await viewOf(page), await viewOf(svg.page), 'both pages show the picture at the same place and zoom');
    const pod = modelPods(app.session.model()!.model).find((p) => p.name === 'db-0');
    assert.ok(pod, 'the demo has db-0');
    const box = await podOnScreen(svg.page, pod.uid);
    // The middle of the frame's top edge: the outline is centred on the edge, 2.5 px wide, so this pixel lies wholly inside it.
    const edge = { x: box.cx, y: box.top };
    const before = await pixelAt(page, edge.x, edge.y);
    assert.ok(!near(before, ACCENT), `before the click the edge is not the selection colour (${hex(before)})`);

    await page.mouse.click(box.cx, box.cy);
    await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, pod.name, { timeout: 5000 });
    await waitForPixel(page, edge.x, edge.y, (c) => near(c, ACCENT), `the selected pod's edge becomes ${hex(ACCENT)}`);
    await screenshot(page, 'canvas-selected');

    // Above the picture's header: no object there.
    const stage = (await page.locator('#scene-canvas').boundingBox())!;
    await page.mouse.click(stage.x + 12, stage.y + 12);
    await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent !== name, pod.name, { timeout: 5000 });
    await waitForPixel(page, edge.x, edge.y, (c) => near(c, before, 2), `the edge goes back to ${hex(before)} once nothing is selected`);
  });

  test('a search outlines its hits and dims what it does not light, on the canvas; clearing it restores the picture', async () => {
    const { page } = canvas;
    const query = 'kube-proxy';
    // The SVG renderer says which pods the search lights and which it dims.
    await svg.page.fill('#search', query);
    await svg.page.waitForSelector('svg.drawing g[data-kind=pod][data-hit]', { state: 'attached', timeout: 5000 });
    const marked = await svg.page.$$eval('svg.drawing g[data-kind=pod]', (pods) =>
      pods.map((p) => ({ uid: p.getAttribute('data-uid') ?? '', hit: p.hasAttribute('data-hit'), dim: !!p.closest('[data-dim]') })),
    );
    const hit = marked.find((p) => p.hit);
    const dim = marked.find((p) => p.dim && !p.hit);
    assert.ok(hit && dim, `the search hits some pods and dims others: ${JSON.stringify(marked)}`);
    const hitBox = await podOnScreen(svg.page, hit.uid);
    const dimBox = await podOnScreen(svg.page, dim.uid);
    await svg.page.press('#search', 'Escape');

    const hitEdge = { x: hitBox.cx, y: hitBox.top };
    const middle = { x: dimBox.cx, y: dimBox.cy };
    const unsearched = await pixelAt(page, middle.x, middle.y);
    await page.fill('#search', query);
    await waitForPixel(page, hitEdge.x, hitEdge.y, (c) => near(c, HIT), `a hit pod's edge becomes ${hex(HIT)}`);
    await waitForPixel(page, middle.x, middle.y, (c) => !near(c, unsearched, 3), `the middle of a pod the search does not light is dimmed from ${hex(unsearched)}`);
    await screenshot(page, 'canvas-search');

    await page.press('#search', 'Escape');
    await waitForPixel(page, middle.x, middle.y, (c) => near(c, unsearched, 2), `with the search cleared the pod is ${hex(unsearched)} again`);
    assert.equal(await page.inputValue('#search'), '');
  });

  test('Enter on a pod of the accessible tree selects it', async () => {
    const { page } = canvas;
    const pod = modelPods(app.session.model()!.model).find((p) => p.name.startsWith('dashboard-'));
    assert.ok(pod, 'the demo has a dashboard pod');
    const el = page.locator(`#scene-tree [data-kind=pod][data-uid="${pod.uid}"]`);
    await el.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-name')), pod.name, 'the pod element takes the focus');
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, pod.name, { timeout: 5000 });
  });

  test('the pod the keyboard is on stays outlined on the canvas while the pointer moves over nothing', async () => {
    const { page } = canvas;
    const pod = modelPods(app.session.model()!.model).find((p) => p.name === 'db-0');
    assert.ok(pod, 'the demo has db-0');
    const box = await podOnScreen(svg.page, pod.uid);
    const edge = { x: box.cx, y: box.top };
    // Nothing selected, the pointer off the picture.
    const stage = (await page.locator('#scene-canvas').boundingBox())!;
    await page.mouse.click(stage.x + 12, stage.y + 12);
    const plain = await waitForPixel(page, edge.x, edge.y, (c) => !near(c, ACCENT), 'the edge without any outline');
    await page.locator(`#scene-tree [data-kind=pod][data-uid="${pod.uid}"]`).focus();
    await waitForPixel(page, edge.x, edge.y, (c) => near(c, ACCENT), `the focused pod's edge becomes ${hex(ACCENT)}`);
    // A pointer moving over empty canvas does not take the keyboard's mark away.
    await page.mouse.move(stage.x + 20, stage.y + 14);
    await page.mouse.move(stage.x + 30, stage.y + 16);
    await waitForStillView(page);
    assert.ok(near(await pixelAt(page, edge.x, edge.y), ACCENT), 'still outlined after the pointer moved over nothing');
    await page.locator(`#scene-tree [data-kind=pod][data-uid="${pod.uid}"]`).blur();
    await waitForPixel(page, edge.x, edge.y, (c) => near(c, plain, 2), 'the outline goes with the focus');
  });

  test('Export SVG from the canvas renderer holds every pod of the model, nothing hidden', async () => {
    const { page } = canvas;
    await page.click('#export-button');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-svg]')]);
    const text = await readFile(await file.path(), 'utf8');
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml') as unknown as Document;
    const exported = [...doc.querySelectorAll('g[data-kind="pod"]')].map((g) => g.getAttribute('data-uid') ?? '').sort();
    const expected = modelPods(app.session.model()!.model).map((p) => p.uid).sort();
    assert.deepEqual(exported, expected, 'every pod of the model, once');
    assert.equal(doc.documentElement.getAttribute('display'), null, 'the exported root is shown');
    assert.equal(doc.querySelectorAll('[display="none"]').length, 0, 'no element of the export is hidden');
    // The page itself still shows the canvas: the SVG drawn for the export stays hidden there, and is let go once copied.
    assert.equal(await page.getAttribute('#viewport > svg.drawing', 'display'), 'none');
    assert.equal(await page.$eval('#viewport > svg.drawing', (d) => d.children.length), 0, 'the SVG drawn for the export does not stay in the page');
    assert.equal(await page.getAttribute('#canvas', 'data-renderer'), 'canvas');
  });

  test('the pages made no errors', () => {
    assert.deepEqual(svg.errors, []);
    assert.deepEqual(canvas.errors, []);
    assert.deepEqual(canvas.dialogs, []);
  });
});

/** The geometry each level is laid out at for a cluster over the SVG's pods budget (lod.ts LEVEL_DETAIL). */
const DETAIL_OF: Record<string, string> = { overview: 'compact', pods: 'cards', containers: 'full' };

/** Waits until the canvas shows a layout made for the level it shows (the relayout at a zoom's end is done). */
async function waitForSettledCanvas(page: Page): Promise<void> {
  await page.waitForFunction(
    (detailOf) => {
      const c = document.getElementById('scene-canvas');
      const level = c?.getAttribute('data-level') ?? '';
      return c?.getAttribute('data-detail') === detailOf[level];
    },
    DETAIL_OF,
    { timeout: 20_000 },
  );
}

/**
 * Zooms with the + and - keys (about the middle of the view) until the
 * canvas shows `level`, laid out for it. Each step waits for the view to stop
 * and the relayout to land, so a slow layout of thousands of pods is not
 * taken for a level that did not open.
 */
async function zoomCanvasTo(page: Page, level: 'overview' | 'pods' | 'containers'): Promise<void> {
  const order = ['overview', 'pods', 'containers'];
  for (let step = 0; step < 12; step++) {
    await waitForSettledCanvas(page);
    const now = await drawnLevel(page);
    if (now.level === level) return;
    await page.keyboard.press(order.indexOf(now.level ?? '') < order.indexOf(level) ? '+' : '-');
    await page.waitForFunction((before) => {
      const viewport = document.getElementById('viewport') as unknown as SVGGraphicsElement | null;
      return viewport?.transform.baseVal.consolidate()?.matrix.a !== before;
    }, now.zoom, { timeout: 5_000 });
    await waitForStillView(page);
  }
  throw new Error(`the canvas did not reach the ${level} level: ${JSON.stringify(await drawnLevel(page))}`);
}

test('left on auto, the renderer is SVG below AUTO_CANVAS_FROM pods and the canvas from there, and the settings say where', async () => {
  for (const pods of [AUTO_CANVAS_FROM - 1, AUTO_CANVAS_FROM]) {
    const list = generateCluster({ nodes: 20, pods, seed: 3 });
    const app = await startApp({ snapshot: files.write(`auto-${pods}.json`, JSON.stringify(list)) });
    const opened = await openPage(browser, app.server.url);
    try {
      const { page } = opened;
      if (pods >= AUTO_CANVAS_FROM) await waitForScene(page);
      else await waitForDrawing(page);
      assert.equal(await page.getAttribute('#canvas', 'data-renderer'), pods >= AUTO_CANVAS_FROM ? 'canvas' : 'svg', `${pods} pods`);
      const drawn = pods >= AUTO_CANVAS_FROM ? '#scene-tree [data-kind=pod]' : '#viewport > svg.drawing [data-kind=pod]';
      assert.equal(await page.locator(drawn).count(), pods);
      // The settings (?) name the switch on their automatic choice.
      await page.keyboard.press('?');
      const auto = (await page.locator('#renderer-select option[value=auto]').textContent({ timeout: 5_000 })) ?? '';
      await page.keyboard.press('Escape');
      assert.ok(auto.includes(AUTO_CANVAS_FROM.toLocaleString('en')), auto);
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
      await app.close();
    }
  }
});

describe('a large cluster (6,000 pods on 60 nodes) with the renderer left on auto', () => {
  let app: App;
  let opened: OpenedPage;
  const list = generateCluster({ nodes: 60, pods: 6000, seed: 1 });

  before(async () => {
    app = await startApp({ snapshot: files.write('large-6000.json', JSON.stringify(list)) });
    opened = await openPage(browser, app.server.url);
    await waitForScene(opened.page);
    await waitForStillView(opened.page);
  });
  after(async () => {
    await opened?.context.close();
    await app?.close();
  });

  test('draws on the canvas: the overview first, pod cards with names and IPs zoomed in, a searched pod gone to, the overview again on fit', async () => {
    const { page } = opened;
    const pods = modelPods(app.session.model()!.model);
    assert.equal(pods.length, 6000);
    assert.equal(await page.getAttribute('#canvas', 'data-renderer'), 'canvas');
    assert.equal(await page.locator('#scene-tree [data-kind=pod]').count(), 6000, 'one tree element per pod');
    assert.equal(await page.locator('#viewport > svg.drawing [data-kind]').count(), 0, 'no SVG elements');
    const first = { level: await page.getAttribute('#scene-canvas', 'data-level'), detail: await page.getAttribute('#scene-canvas', 'data-detail') };
    assert.deepEqual(first, { level: 'overview', detail: 'compact' });
    // Tiles have no text: (next to) nothing is written in the IPs' colour.
    const ipPixelsFar = await countPixels(page, IP_TEXT, 24);
    await screenshot(page, 'canvas-6000-overview');

    // With the keys (about the middle of the view) to the pods level: cards, with names and IPs.
    await zoomCanvasTo(page, 'pods');
    const ipPixelsNear = await countPixels(page, IP_TEXT, 24);
    await screenshot(page, 'canvas-6000-pods');
    assert.ok(ipPixelsNear > 200 && ipPixelsNear > 10 * ipPixelsFar, `pod IPs are drawn at the pods level (${ipPixelsNear} pixels in their colour, ${ipPixelsFar} at the overview)`);

    // Search for one pod by its full name and go to it: it is selected and the
    // view closes in on it. How close depends on the canvas's level budget
    // (lod.ts CANVAS_LEVEL_BUDGET): at 6,000 pods its containers open too.
    const target = pods[4321];
    await page.fill('#search', target.name);
    await page.press('#search', 'Enter');
    await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, target.name, { timeout: 10_000 });
    await waitForStillView(page);
    await waitForSettledCanvas(page);
    const close = await drawnLevel(page);
    assert.ok(
      (close.level === 'pods' && close.detail === 'cards') || (close.level === 'containers' && close.detail === 'full'),
      `zoomed in on ${target.name}, the canvas shows pods in cards or containers: ${JSON.stringify(close)}`,
    );
    await screenshot(page, 'canvas-6000-found');
    // Out of the search box (Escape clears it, then leaves it) so that keys go to the page.
    await page.press('#search', 'Escape');
    await page.press('#search', 'Escape');

    // The fit key: the whole cluster again, as its overview.
    await page.keyboard.press('0');
    await page.waitForFunction(
      () => {
        const c = document.getElementById('scene-canvas');
        return c?.getAttribute('data-level') === 'overview' && c.getAttribute('data-detail') === 'compact';
      },
      undefined,
      { timeout: 20_000 },
    );
    assert.equal(await page.locator('#scene-tree [data-kind=pod]').count(), 6000);
    assert.deepEqual(opened.errors, []);
  });
});
