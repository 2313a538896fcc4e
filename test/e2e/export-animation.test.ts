// An export taken while a model update is still animating shows every object
// where it ends up, not somewhere between its old and new place.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { DOMParser } from 'linkedom';
import type { Browser } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { listText, node, pod } from '../fixtures/session/objects.ts';
import { launchBrowser, openPage, startApp, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let app: App;
let opened: OpenedPage;

function cluster(nodes: string[]): KubeObject[] {
  const items: KubeObject[] = [];
  nodes.forEach((name, i) => {
    items.push(node(name, `172.18.0.${i + 2}`, { controlPlane: i === 0 }));
    for (let j = 0; j < 3; j++) items.push(pod({ name: `${name}-p${j}`, node: name, ip: `10.244.${i}.${j + 2}` }));
  });
  return items;
}

async function exportSvg(): Promise<string> {
  const { page } = opened;
  // A direct click event, so the export starts without the menu's delay.
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    page.evaluate(() => (document.querySelector('[data-testid=export-svg]') as HTMLElement).click()),
  ]);
  return readFile(await file.path(), 'utf8');
}

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
  await app.session.loadSnapshotText('moving.json', listText(cluster(['n0', 'n1', 'n2', 'n3', 'n4'])));
  opened = await openPage(browser, app.server.url);
  await opened.page.waitForSelector('g[data-kind=node][data-name=n4]', { state: 'attached', timeout: 15_000 });
  await exportSvg(); // fetches the fonts once, so the next export is not held up by them
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
});

test('an export during the move animation has the final positions and no fading objects', async () => {
  const { page } = opened;
  await app.session.loadSnapshotText('moving.json', listText(cluster(['n1', 'n2', 'n3', 'n4'])));
  await page.waitForSelector('g.ka-exiting[data-name=n0]', { state: 'attached', timeout: 10_000 });
  const text = await exportSvg();
  await page.waitForTimeout(1000);
  const onScreen = await page.$$eval('g[data-kind=node]:not(.ka-exiting), g[data-kind=pod]:not(.ka-exiting)', (els) =>
    els.map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('transform')}`).sort(),
  );
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const exported = [...doc.querySelectorAll('g[data-kind=node], g[data-kind=pod]')].map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('transform')}`).sort();
  assert.equal(onScreen.length, 16);
  assert.deepEqual(exported, onScreen);
  assert.equal(doc.querySelector('[data-name=n0]'), null);
  assert.equal(doc.querySelectorAll('g[opacity]').length, 0);
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
});
