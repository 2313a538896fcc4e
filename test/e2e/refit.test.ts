// The picture stays fitted to the window while the user has not moved it,
// also when a model update makes it larger, and a new source starts fitted
// again even after the user zoomed into the previous one.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { listText, node, pod } from '../fixtures/session/objects.ts';
import { launchBrowser, openPage, startApp, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let app: App;
let opened: OpenedPage;

function bigCluster(prefix: string, nodes: number): KubeObject[] {
  const items: KubeObject[] = [node(`${prefix}-cp`, '172.18.0.2', { controlPlane: true })];
  for (let i = 0; i < nodes; i++) {
    items.push(node(`${prefix}-w${i}`, `172.18.1.${i + 1}`));
    for (let j = 0; j < 4; j++) items.push(pod({ name: `${prefix}-p${i}-${j}`, node: `${prefix}-w${i}`, ip: `10.244.${i}.${j + 2}` }));
  }
  return items;
}

/** The drawing's on-screen box and the canvas box, once no transition is running. */
async function boxes(page: Page): Promise<{ drawing: DOMRect; canvas: DOMRect }> {
  await page.waitForTimeout(800);
  return page.evaluate(() => ({
    drawing: document.querySelector('#viewport > svg.drawing')!.getBoundingClientRect().toJSON() as DOMRect,
    canvas: document.getElementById('canvas')!.getBoundingClientRect().toJSON() as DOMRect,
  }));
}

function assertFitted(b: { drawing: DOMRect; canvas: DOMRect }, what: string): void {
  const slack = 2;
  assert.ok(b.drawing.width <= b.canvas.width + slack, `${what}: drawing ${b.drawing.width}px wide in a ${b.canvas.width}px canvas`);
  assert.ok(b.drawing.height <= b.canvas.height + slack, `${what}: drawing ${b.drawing.height}px high in a ${b.canvas.height}px canvas`);
  assert.ok(b.drawing.left >= b.canvas.left - slack && b.drawing.right <= b.canvas.right + slack, `${what}: drawing runs off the canvas sideways`);
}

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
  opened = await openPage(browser, app.server.url);
  await opened.page.waitForSelector('g[data-kind=node]', { timeout: 15_000 });
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
});

test('a larger picture replacing the first is fitted to the window', async () => {
  const { page } = opened;
  assertFitted(await boxes(page), 'demo');
  await app.session.loadSnapshotText('wide.json', listText(bigCluster('a', 14)));
  await page.waitForSelector('g[data-kind=node][data-name=a-w13]', { timeout: 10_000 });
  assertFitted(await boxes(page), 'after the snapshot');
  // The same source growing (as a live cluster does): still fitted.
  await app.session.loadSnapshotText('wide.json', listText(bigCluster('a', 30)));
  await page.waitForSelector('g[data-kind=node][data-name=a-w29]', { timeout: 10_000 });
  assertFitted(await boxes(page), 'after the same source grew');
});

test('after the user zoomed in, another source still starts fitted', async () => {
  const { page } = opened;
  await page.click('#canvas', { position: { x: 5, y: 5 } });
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('+');
    await page.waitForTimeout(300);
  }
  const zoomed = await boxes(page);
  assert.ok(zoomed.drawing.width > zoomed.canvas.width || zoomed.drawing.height > zoomed.canvas.height, 'zoomed in past the window');
  await app.session.loadSnapshotText('other.json', listText(bigCluster('b', 16)));
  await page.waitForSelector('g[data-kind=node][data-name=b-w15]', { timeout: 10_000 });
  assertFitted(await boxes(page), 'the other source');
});

test('keys pressed in the shortcuts dialog do not move the picture behind it', async () => {
  const { page } = opened;
  await page.click('#canvas', { position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await page.waitForSelector('#help-dialog[open]', { timeout: 5000 });
  await page.focus('#help-dialog button[value=close]');
  const before = await page.getAttribute('#viewport', 'transform');
  for (const key of ['0', '+', '-', 'ArrowLeft', 'ArrowDown']) await page.keyboard.press(key);
  await page.waitForTimeout(500);
  assert.equal(await page.getAttribute('#viewport', 'transform'), before);
  assert.equal(await page.locator('#help-dialog[open]').count(), 1, 'the dialog is still open');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#help-dialog:not([open])', { state: 'attached', timeout: 5000 });
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
});
