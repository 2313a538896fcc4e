// The page's start in Chromium, as built: boot.js opens the one socket before
// app.js runs (the app bundle imports that same file, so it takes that socket
// over instead of opening its own), the server sends the state and the model
// unasked, the page draws them without asking model:get, and the token leaves
// the address bar once the first model is shown.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, startApp, type App } from './helpers.ts';

let browser: Browser;
let app: App;

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** Counts the sockets the page makes and records what it sends, from before its first script. */
const RECORD_SOCKETS = `
  window.__sockets = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const sent = [];
      window.__sockets.push({ url: String(args[0]).replace(/token=[^&]*/, 'token=…'), sent });
      const send = this.send.bind(this);
      this.send = (text) => (sent.push(JSON.parse(text).channel), send(text));
    }
  };
`;

test('one socket, opened by boot.js; the model comes unasked and is drawn; the token leaves the address bar', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    await context.addInitScript(RECORD_SOCKETS);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(app.server.url);
    await page.waitForSelector('[data-kind=pod][data-ip]:not([data-ip=""])', { timeout: 30_000 });
    await page.waitForFunction(() => !location.search.includes('token='), undefined, { timeout: 10_000 });
    const sockets = (await page.evaluate(() => (window as unknown as { __sockets: { url: string; sent: string[] }[] }).__sockets)) ?? [];
    assert.deepEqual(
      sockets.map((s) => s.url),
      [`ws://127.0.0.1:${app.server.port}/ws?token=…`],
      'boot.js opened the only socket',
    );
    assert.ok(!sockets[0]!.sent.includes('anatomy:model:get'), `the page asked for the model: ${sockets[0]!.sent.join(', ')}`);
    assert.deepEqual(scripts.slice(0, 1), ['/boot.js'], 'boot.js is asked for first');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('kube-anatomy-token')), app.server.token);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
