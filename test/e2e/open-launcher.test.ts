// `serve --open` hands the browser a private launcher file instead of the
// token-bearing URL (see main/cli/serve.ts). A real Chromium opening that file
// must land on the app, drawn, with the token gone from the address bar.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { writeLauncher, type Launcher } from '../../main/cli/serve.ts';
import { launchBrowser, openPage, startApp, waitForDrawing, type App } from './helpers.ts';

let app: App;
let browser: Browser;
let launcher: Launcher;

before(async () => {
  app = await startApp({ demo: true });
  browser = await launchBrowser();
  launcher = writeLauncher(app.server.url);
});

after(async () => {
  launcher?.remove();
  await browser?.close();
  await app?.close();
});

test('the launcher page opens the app, which then drops the token from the address bar', async () => {
  const { page, context } = await openPage(browser, pathToFileURL(launcher.file).href);
  try {
    await page.waitForURL((url) => url.protocol === 'http:', { timeout: 15_000 });
    await waitForDrawing(page);
    await page.waitForFunction(() => !location.search.includes('token'), undefined, { timeout: 15_000 });
    assert.equal(new URL(page.url()).origin, new URL(app.server.url).origin);
  } finally {
    await context.close();
  }
});
