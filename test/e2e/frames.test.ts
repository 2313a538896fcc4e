// The page draws models on animation frames: models that arrive while no frame
// has run are drawn once, as the last of them. Only a model that comes after a
// quiet spell (nothing drawn for two frames' time) is drawn at once, since it
// has no frame to share. Frames are held by hand here (requestAnimationFrame
// queues until the test releases it) and the page's clock stands still, so
// "nothing else was drawn yet" does not depend on timing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { pod } from '../fixtures/session/objects.ts';
import { listText, smallCluster } from './fixtures.ts';
import { launchBrowser, openPage, startApp, waitForDrawing, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let app: App;
let opened: OpenedPage;

type Page = OpenedPage['page'];

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
  opened = await openPage(browser, app.server.url);
  await waitForDrawing(opened.page);
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
});

/**
 * From now on the page's animation frames wait for release(), and its clock
 * (performance.now) stands still a second after the last drawing: the first
 * model to come is after a quiet spell, every later one comes no time after
 * the one before. Every pod name ever put in the drawing is recorded.
 */
async function holdFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __held: FrameRequestCallback[]; __release: () => void; __drawn: string[] };
    const raf = window.requestAnimationFrame.bind(window);
    const clock = performance.now;
    const still = clock.call(performance) + 1000;
    performance.now = () => still;
    w.__held = [];
    w.__drawn = [];
    window.requestAnimationFrame = (callback) => {
      w.__held.push(callback);
      return 0;
    };
    w.__release = () => {
      performance.now = clock;
      window.requestAnimationFrame = raf;
      for (const callback of w.__held.splice(0)) raf(callback);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of Array.from(r.addedNodes)) {
          if (!(n instanceof Element)) continue;
          for (const el of [n, ...Array.from(n.querySelectorAll('g[data-kind=pod]'))]) {
            if (el.getAttribute('data-kind') === 'pod') w.__drawn.push(el.getAttribute('data-name') ?? '');
          }
        }
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
}

/** The pod names put in the drawing so far, each once, in the order they first came (a redraw may move an element, which adds it again). */
const drawnSoFar = async (page: Page) => [...new Set(await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn))];

test('a burst of models between two frames: the first, after a quiet spell, at once; the rest once, as its last model, at the next frame', async () => {
  const { page } = opened;
  await holdFrames(page);
  for (const name of ['burst-a', 'burst-b', 'burst-c']) {
    await app.session.loadSnapshotText(`${name}.json`, listText([...smallCluster(), pod({ name, node: 'worker-1', ip: '10.244.1.77' })]));
  }
  // The session state follows each model on the same socket: once the page shows the last source, it has every model.
  await page.waitForFunction(() => document.getElementById('source-name')?.textContent === 'burst-c.json', undefined, { timeout: 10_000 });
  assert.deepEqual((await drawnSoFar(page)).filter((n) => n.startsWith('burst-')), ['burst-a'], 'before a frame, only the model after the quiet spell is drawn');
  assert.equal(await page.locator('g[data-kind=pod][data-name=burst-c]').count(), 0);

  await page.evaluate(() => (window as unknown as { __release: () => void }).__release());
  await page.waitForSelector('g[data-kind=pod][data-name=burst-c]', { state: 'attached', timeout: 10_000 });
  const drawn = await drawnSoFar(page);
  assert.deepEqual(drawn.filter((n) => n.startsWith('burst-')), ['burst-a', 'burst-c'], 'the model between them is never drawn');
  assert.deepEqual(opened.errors, []);
});
