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

test('the shell is neither styled nor laid out until the page script has run, then shows whole', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    // app.js held back: what the browser has of the page until its script runs.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await context.route('**/app.js', async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(app.server.url, { waitUntil: 'commit' });
    await page.waitForSelector('#statusbar', { state: 'attached' });
    // The page's styles are not what holds the shell: only its script is held back.
    await page.waitForFunction(() => [...document.styleSheets].some((sheet) => (sheet.href ?? '').endsWith('/app.css')));
    const before = await page.evaluate(() => {
      const shell = document.getElementById('app')!;
      return { hidden: shell.hidden, display: getComputedStyle(shell).display, height: shell.getBoundingClientRect().height };
    });
    assert.deepEqual(before, { hidden: true, display: 'none', height: 0 }, 'nothing of the shell is laid out while the script is on its way');
    release();
    await page.waitForSelector('[data-kind=pod][data-ip]:not([data-ip=""])', { timeout: 30_000 });
    const after = await page.evaluate(() => {
      const shell = document.getElementById('app')!;
      return { hidden: shell.hidden, height: shell.getBoundingClientRect().height, search: document.getElementById('search')!.getBoundingClientRect().width > 0 };
    });
    assert.deepEqual(after, { hidden: false, height: 800, search: true }, 'the whole window once the script ran');
  } finally {
    await context.close();
  }
});

test('before its stylesheets have come either, the shell is not laid out: it is hidden by the browser\'s own rule', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    // app.js and app.css held back: the page as it is between its HTML and its styles.
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    for (const file of ['**/app.js', '**/app.css']) {
      await context.route(file, async (route) => {
        await held;
        await route.continue();
      });
    }
    const page = await context.newPage();
    await page.goto(app.server.url, { waitUntil: 'commit' });
    await page.waitForSelector('#statusbar', { state: 'attached' });
    const before = await page.evaluate(() => {
      const shell = document.getElementById('app')!;
      return { styles: [...document.styleSheets].some((sheet) => (sheet.href ?? '').endsWith('/app.css')), display: getComputedStyle(shell).display, height: shell.getBoundingClientRect().height, search: document.getElementById('search')!.getBoundingClientRect().width };
    });
    assert.deepEqual(before, { styles: false, display: 'none', height: 0, search: 0 }, 'no box of the shell without its styles');
    release();
    await page.waitForSelector('[data-kind=pod][data-ip]:not([data-ip=""])', { timeout: 30_000 });
  } finally {
    await context.close();
  }
});

test('when app.js cannot be loaded, the shell is shown anyway: the page is never left blank', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    await context.route('**/app.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.waitForFunction(() => document.getElementById('app')?.hidden === false, undefined, { timeout: 10_000 });
    assert.ok((await page.locator('#empty-text').boundingBox())!.height > 0, 'the shell says it is waiting for the cluster');
  } finally {
    await context.close();
  }
});
