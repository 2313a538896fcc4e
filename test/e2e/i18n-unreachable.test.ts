// The Korean page of a session whose cluster is down, in Chromium: the demo
// banner's reason and the status bar's detail say why in Korean, keeping the
// server's address and the OS's error as written, by the word rules of the
// Korean page checks (test/e2e/i18n-page.ts).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildModel } from '../../main/model/build.ts';
import { loadDemo } from '../../main/snapshot/demo-asset.ts';
import { kubeconfigText } from '../fixtures/fake-apiserver.ts';
import { interfaceEnglish, wordsOfValues } from '../fixtures/i18n-words.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, startApp, statusDetailIn, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let files: TempDir;
let app: App;
let opened: OpenedPage;

// The demo's names and values, and the cluster's and the OS's own words in the reason.
const values = wordsOfValues([buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] }), 'down', 'http://127.0.0.1:1', 'connect ECONNREFUSED']);

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-i18n-down-');
  // Port 1 on loopback: nothing listens there, so connections are refused at once.
  const kubeconfig = files.write('kubeconfig', kubeconfigText([{ name: 'down', server: 'http://127.0.0.1:1' }], 'down'));
  app = await startApp({ kubeconfig, backoff: { initialMs: 200, maxMs: 1000, jitter: 0 } });
  opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.lang': 'ko' } });
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

test('the Korean page says in Korean why the demo stands in for an unreachable cluster', async () => {
  const { page } = opened;
  await page.waitForSelector('#demo-banner:not([hidden])', { timeout: 15_000 });
  const detail = await statusDetailIn(page, ['reconnecting']);
  const reason = (await page.textContent('#demo-reason')) ?? '';
  assert.match(reason, /127\.0\.0\.1:1/);
  assert.match(reason, /ECONNREFUSED/);
  assert.match(reason, /[\uac00-\ud7a3]/, reason);
  assert.deepEqual(interfaceEnglish(reason, values), [], reason);
  assert.match(detail, /[\uac00-\ud7a3]/, detail);
  assert.deepEqual(interfaceEnglish(detail, values), [], detail);
  // The session's own state keeps the English sentence for the CLI and logs.
  assert.match(app.session.state().demoReason ?? '', /context "?down"?.*demo/);
});
