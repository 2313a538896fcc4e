// Exports made from the UI in browser mode (downloads): the SVG is a valid,
// standalone SVG document carrying the same entities as the drawing on
// screen, and the PNG is a valid PNG showing that same picture.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { DOMParser } from 'linkedom';
import type { Browser, Page } from 'playwright-core';
import { kindItems, listText, tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';

let browser: Browser;
let files: TempDir;
let app: App;
let opened: OpenedPage;
let blank: Page;
let svgText: string;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-export-');
  app = await startApp({ snapshot: files.write('kind.json', listText(kindItems())) });
  opened = await openPage(browser, app.server.url);
  await waitForDrawing(opened.page);
  // A page without the app's CSP, to parse and rasterise the downloads independently.
  blank = await (await browser.newContext()).newPage();
});

after(async () => {
  await blank?.context().close();
  await opened?.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

async function download(testId: string): Promise<{ name: string; data: Buffer }> {
  const { page } = opened;
  await page.click('#export-button');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(`[data-testid=${testId}]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), data: await readFile(path) };
}

interface Entity {
  kind: string;
  uid: string;
  parent: string;
  ip: string;
}

/** The entity (or band, like the unscheduled pods) an element is drawn in. */
function containerOf(g: Element): string {
  const outer = g.parentElement?.closest('g[data-kind]');
  if (!outer) return '';
  return `${outer.getAttribute('data-kind')}:${outer.getAttribute('data-uid') ?? outer.getAttribute('data-band') ?? ''}`;
}

/** The drawn entities (nodes, pods, containers, volumes) and what contains each. */
function entitiesIn(root: ParentNode): Entity[] {
  return [...root.querySelectorAll('g[data-kind][data-uid]')]
    .filter((g) => !g.classList.contains('ka-exiting'))
    .map((g) => ({
      kind: g.getAttribute('data-kind') ?? '',
      uid: g.getAttribute('data-uid') ?? '',
      parent: containerOf(g),
      ip: g.getAttribute('data-ip') ?? '',
    }))
    .sort((a, b) => (a.kind + a.uid < b.kind + b.uid ? -1 : 1));
}

test('Export SVG downloads a valid standalone SVG with the same entities as the screen', async () => {
  const { name, data } = await download('export-svg');
  assert.match(name, /^kube-anatomy-kind-json-\d{4}-\d\d-\d\d-\d{4}\.svg$|^kube-anatomy-kind.*\.svg$/);
  svgText = data.toString('utf8');
  assert.match(svgText, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);

  // Chromium's XML parser is strict: any well-formedness error shows up as <parsererror>.
  const parsed = await blank.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      scripts: doc.querySelectorAll('script, foreignObject').length,
    };
  }, svgText);
  assert.equal(parsed.error, null, 'the SVG parses as XML');
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
  assert.ok(parsed.width > 100 && parsed.height > 100);
  assert.equal(parsed.viewBox, `0 0 ${parsed.width} ${parsed.height}`);
  assert.equal(parsed.scripts, 0);

  // Compare what the export and the screen carry, read the same way from both.
  const screenSvg = await opened.page.$eval('#canvas', (canvas) => new XMLSerializer().serializeToString(canvas));
  const exported = entitiesIn(new DOMParser().parseFromString(svgText, 'image/svg+xml') as unknown as ParentNode);
  const onScreen = entitiesIn(new DOMParser().parseFromString(screenSvg, 'image/svg+xml') as unknown as ParentNode);
  assert.deepEqual(exported, onScreen, 'the same nodes, pods, containers and volumes, nested the same way');
  const pods = onScreen.filter((e) => e.kind === 'pod');
  assert.equal(pods.length, kindItems().filter((i) => i.kind === 'Pod').length);
  assert.ok(pods.every((p) => /^(node|unscheduled):/.test(p.parent)), 'every pod sits inside a node or the unscheduled band');

  // An independent renderer reads it too.
  const rendered = new Resvg(svgText, { fitTo: { mode: 'original' } }).render();
  assert.equal(rendered.width, parsed.width);
  assert.equal(rendered.height, parsed.height);
});

test('Export PNG downloads a valid PNG of the same picture', async () => {
  assert.ok(svgText, 'the SVG export ran first');
  const { name, data } = await download('export-png');
  assert.match(name, /\.png$/);
  assert.deepEqual([...data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(data.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(svgText)?.[1]);
  const svgHeight = Number(/<svg[^>]* height="(\d+)"/.exec(svgText)?.[1]);
  assert.ok(Math.abs(width / height - svgWidth / svgHeight) < 0.01, 'same aspect ratio as the SVG');
  assert.ok(width >= svgWidth, 'at least the SVG resolution');

  // Rasterise the exported SVG at the PNG's size and compare pixel by pixel.
  const diff = await blank.evaluate(
    // No named helpers in here: the test runner's transform would add a __name() call the page lacks.
    async ({ png, svg, width, height }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const pixels: Uint8ClampedArray[] = [];
      for (const blob of [new Blob([bytes], { type: 'image/png' }), new Blob([svg], { type: 'image/svg+xml' })]) {
        const canvas = new OffscreenCanvas(width, height);
        const ctx = canvas.getContext('2d')!;
        const img = new Image();
        img.src = URL.createObjectURL(blob);
        await img.decode();
        ctx.drawImage(img, 0, 0, width, height);
        pixels.push(ctx.getImageData(0, 0, width, height).data);
      }
      const [a, b] = pixels;
      let total = 0;
      let opaque = 0;
      for (let i = 0; i < a.length; i++) total += Math.abs(a[i] - b[i]);
      for (let i = 3; i < a.length; i += 4) if (a[i] > 0) opaque++;
      return { mean: total / a.length, opaque: opaque / (a.length / 4) };
    },
    { png: data.toString('base64'), svg: svgText, width, height },
  );
  assert.ok(diff.opaque > 0.5, `the PNG is a picture, not empty (${diff.opaque})`);
  assert.ok(diff.mean < 2, `the PNG matches the SVG (mean difference ${diff.mean.toFixed(3)} of 255)`);
  await screenshot(opened.page, 'export-page');
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
  assert.deepEqual(opened.dialogs, []);
});
