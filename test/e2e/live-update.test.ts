// Changes reach the open page without a reload: a watched snapshot file is
// rewritten (pods added, changed, deleted; then a malformed version) and the
// DOM follows; then the server goes away and comes back, and the page
// reconnects and catches up on what it missed.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer } from '../../main/server/server.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import { pod } from '../fixtures/session/objects.ts';
import { listText, smallCluster, tempDir, type TempDir } from './fixtures.ts';
import { drawnPods, launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let files: TempDir;
let app: App;
let opened: OpenedPage;
let file: string;

const nameOf = (item: KubeObject) => (item.metadata as { name: string }).name;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-live-');
  file = files.write('cluster.json', listText(smallCluster()));
  app = await startApp({ snapshot: file });
  opened = await openPage(browser, app.server.url);
  await opened.page.waitForSelector('g[data-kind=pod][data-name=web-1]', { timeout: 15_000 });
  // Survives only if the page is never reloaded.
  await opened.page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

test('added, updated and deleted pods appear in the drawing without a reload', async () => {
  const { page } = opened;
  const next = smallCluster()
    .filter((item) => nameOf(item) !== 'web-1')
    .map((item) => (nameOf(item) === 'api-0' ? pod({ name: 'api-0', node: 'worker-1', ip: '10.244.1.42' }) : item));
  next.push(pod({ name: 'cache-0', namespace: 'shop', node: 'cp-1', ip: '10.244.0.99', containers: ['redis'] }));
  writeFileSync(file, listText(next));

  await page.waitForFunction(
    () =>
      !!document.querySelector('g[data-kind=node][data-name=cp-1] g[data-kind=pod][data-name=cache-0]') &&
      !document.querySelector('g[data-kind=pod][data-name=web-1]:not(.ka-exiting)') &&
      document.querySelector('g[data-kind=pod][data-name=api-0]:not(.ka-exiting)')?.getAttribute('data-ip') === '10.244.1.42',
    undefined,
    { timeout: 10_000, polling: 50 },
  );
  const pods = await drawnPods(page);
  assert.deepEqual(
    pods.map((p) => `${p.node ?? p.band}/${p.namespace}/${p.name}/${p.ip ?? ''}`).sort(),
    [
      'cp-1/kube-system/etcd-cp-1/172.18.0.2',
      'cp-1/shop/cache-0/10.244.0.99',
      'unscheduled/default/pending-0/',
      'worker-1/default/api-0/10.244.1.42',
      'worker-1/shop/web-0/10.244.1.10',
    ],
  );
  assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true, 'the page was not reloaded');
  await screenshot(page, 'live-update-after');
});

test('a malformed rewrite keeps the drawing and says what is wrong; the next good one is shown', async () => {
  const { page } = opened;
  const before = await drawnPods(page);
  writeFileSync(file, '{"apiVersion": "v1", "kind": "List", "items": [');
  await page.waitForFunction(() => document.getElementById('status')?.getAttribute('data-phase') === 'failed', undefined, { timeout: 10_000 });
  const status = (await page.textContent('#status')) ?? '';
  assert.match(status, /cluster\.json/);
  assert.match(status, /previous version/);
  assert.deepEqual(await drawnPods(page), before, 'the drawing stayed');
  await screenshot(page, 'live-update-malformed');

  writeFileSync(file, listText(smallCluster()));
  await page.waitForFunction(() => !!document.querySelector('g[data-kind=pod][data-name=web-1]:not(.ka-exiting)'), undefined, { timeout: 10_000 });
  await page.waitForFunction(() => document.getElementById('status')?.getAttribute('data-phase') !== 'failed', undefined, { timeout: 10_000 });
});

test('when the server goes away and comes back, the page reconnects and catches up', async () => {
  const { page } = opened;
  const { token, port } = app.server;
  await app.server.close();
  // While the page is cut off: calls fail with a clear error…
  const failure = await page.evaluate(async () => {
    const api = (window as unknown as { kubeAnatomy: { invoke(c: string): Promise<unknown> } }).kubeAnatomy;
    try {
      await Promise.race([api.invoke('session:get'), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), 300))]);
      return 'answered';
    } catch (error) {
      return (error as Error).message;
    }
  });
  assert.ok(failure === 'no answer' || /connection to the kube-anatomy server was lost/.test(failure), failure);
  // …and the view changes meanwhile.
  const changed = [...smallCluster(), pod({ name: 'while-away', namespace: 'default', node: 'worker-1', ip: '10.244.1.77' })];
  writeFileSync(file, listText(changed));
  await new Promise((resolve) => setTimeout(resolve, 400));

  const server = await startServer({ session: app.session, port, token });
  app.server = server;
  await page.waitForFunction(() => !!document.querySelector('g[data-kind=node][data-name=worker-1] g[data-kind=pod][data-name=while-away]'), undefined, {
    timeout: 15_000,
    polling: 100,
  });
  assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true, 'reconnected without a reload');
  const state = await page.evaluate(() => (window as unknown as { kubeAnatomy: { invoke(c: string): Promise<{ source: { name: string } }> } }).kubeAnatomy.invoke('session:get'));
  assert.equal(state.source.name, 'cluster.json');
});

test('the page made no errors', () => {
  // Chromium logs the failed reconnection attempts while the server is away; nothing else may appear.
  const unexpected = opened.errors.filter((e) => !/WebSocket connection to .* failed/.test(e));
  assert.deepEqual(unexpected, []);
  assert.deepEqual(opened.dialogs, []);
});
