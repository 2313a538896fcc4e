// Models in parts in real Chromium (main/contract/wire.ts): a page whose
// server sends every model in parts draws exactly what a page sent one
// message draws, for the first model and for the next one, with nothing
// going wrong in the page. Above 2,000 pods (PARTS_FROM_PODS) the server does this by
// default; here every model goes in parts, so a small cluster shows it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { generateCluster } from '../bench/generate.ts';
import type { Page } from 'playwright-core';
import { drawnPods, launchBrowser, openPage, startApp, waitForDrawing, zoomToLevel, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let app: App;
let inParts: RunningServer;
let whole: OpenedPage;
let parts: OpenedPage;
const frames: string[] = [];

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
  inParts = await startServer({ session: app.session, partsFromPods: 0 });
  whole = await openPage(browser, app.server.url);
  parts = await openPage(browser, inParts.url);
  // Heard from its start: the socket is made again by a reload.
  parts.page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(String(frame.payload))));
  await parts.page.reload();
  await Promise.all([waitForDrawing(whole.page), waitForDrawing(parts.page)]);
});

after(async () => {
  await whole?.context.close();
  await parts?.context.close();
  await inParts?.close();
  await app?.close();
  await browser?.close();
});

const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();

/** Every container drawn: its uid, name and what it shows (the image's label among it). */
function drawnContainers(page: Page): Promise<string[]> {
  return page.$$eval('g[data-kind=container]', (cs) => cs.map((c) => `${c.getAttribute('data-uid')} ${c.getAttribute('data-name')} ${c.textContent}`).sort());
}

test('a page sent the model in parts draws what a page sent it in one message draws', async () => {
  const a = await drawnPods(whole.page);
  const b = await drawnPods(parts.page);
  assert.ok(a.length > 0);
  assert.deepEqual(sorted(b), sorted(a));
  assert.deepEqual([...whole.errors, ...parts.errors], []);
});

test('their containers too: uids and images made again on the page are the ones the model has', async () => {
  for (const p of [whole, parts]) await zoomToLevel(p.page, 'containers');
  const a = await drawnContainers(whole.page);
  assert.ok(a.length > 0 && a.some((c) => c.includes(':')), 'containers drawn with their images');
  assert.deepEqual(await drawnContainers(parts.page), a);
});

test('the next model too, and the page was really sent parts', async () => {
  const list = generateCluster({ nodes: 4, pods: 150, seed: 11 });
  await app.session.loadSnapshotText('parts.json', JSON.stringify(list));
  const name = (list.items.find((o) => o.kind === 'Node') as { metadata: { name: string } }).metadata.name;
  for (const p of [whole, parts]) await p.page.waitForSelector(`g[data-kind=node][data-name="${name}"] g[data-kind=pod]`, { state: 'attached', timeout: 15_000 });
  const a = await drawnPods(whole.page);
  const b = await drawnPods(parts.page);
  assert.ok(a.length >= 150);
  assert.deepEqual(sorted(b), sorted(a));
  assert.ok(frames.some((f) => f.startsWith('{"stream"') && f.includes('"head"')), 'a head came');
  assert.ok(frames.some((f) => f.startsWith('{"stream"') && f.includes('"part"')), 'parts came');
  assert.ok(!frames.some((f) => f.startsWith('{"event":"anatomy:model"')), 'no model in one message');
  assert.deepEqual([...whole.errors, ...parts.errors], []);
});
