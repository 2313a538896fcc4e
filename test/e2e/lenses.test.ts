// The concept lenses in Chromium, on the demo: each lens C1–C11, picked in the
// top bar, marks with data-concept exactly the objects the model says show
// its idea (worked out here from the model itself, not from the lens), on the
// SVG's groups and, when the canvas draws, on the accessible tree's elements;
// the panel explains it in the page's language with the cluster's own names;
// L then a key picks a lens and Esc closes it; an export made while a lens is
// on carries neither its overlay nor its marks.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../main/model/build.ts';
import type { AnatomyModel, PodModel } from '../../main/model/types.ts';
import { loadDemo } from '../../main/snapshot/demo-asset.ts';
import { CONCEPT_IDS, type ConceptId } from '../../renderer/teach/concepts.ts';
import { allPods as pods, conceptTruth as expected } from '../fixtures/lens-truth.ts';
import { launchBrowser, openPage, startApp, waitForDrawing, waitForScene, waitForStillView, zoomToLevel, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let app: App;
const model: AnatomyModel = buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
});
after(async () => {
  await app?.close();
  await browser?.close();
});

async function marked(page: Page, scope: string): Promise<Record<string, string>> {
  return page.evaluate((scope) => {
    const out: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll(`${scope} [data-uid][data-concept]`))) out[el.getAttribute('data-uid')!] = el.getAttribute('data-concept')!;
    return out;
  }, scope);
}

async function drawnUids(page: Page, scope: string): Promise<Set<string>> {
  return new Set(await page.evaluate((scope) => Array.from(document.querySelectorAll(`${scope} [data-uid]`)).map((e) => e.getAttribute('data-uid')!), scope));
}

async function pick(page: Page, id: ConceptId | ''): Promise<void> {
  await page.selectOption('#lens-select', id);
}

for (const renderer of ['svg', 'canvas'] as const) {
  describe(`every lens on the demo (${renderer})`, () => {
    let opened: OpenedPage;
    const scope = renderer === 'svg' ? 'svg.drawing' : '#scene-tree';
    before(async () => {
      opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.renderer': renderer, 'kube-anatomy.lang': 'en' } });
      if (renderer === 'svg') await waitForDrawing(opened.page);
      else await waitForScene(opened.page);
      // The containers level: containers and volumes are drawn, so each target has its own element.
      await zoomToLevel(opened.page, 'containers');
      await waitForStillView(opened.page);
    });
    after(async () => {
      await opened?.context.close();
    });

    for (const concept of CONCEPT_IDS) {
      test(`${concept} marks exactly what the model says`, async () => {
        const { page } = opened;
        await pick(page, concept);
        await page.waitForSelector(`[data-concept-panel="${concept}"]`);
        const uids = await drawnUids(page, scope);
        const podOf = (uid: string, pod?: PodModel) => (uids.has(uid) || !pod ? uid : pod.uid);
        const want = expected(concept, model, podOf);
        assert.ok(want.size > 0, `the demo has an example of ${concept}`);
        const got = await marked(page, scope);
        assert.deepEqual(new Set(Object.keys(got)), want);
        for (const [uid, ids] of Object.entries(got)) assert.equal(ids, concept, `${uid} lists the active concept`);
        // The highlight is a layer of its own over the drawing, whichever renderer draws: a ring per target.
        const layer = await page.$eval('canvas.lens-layer', (c) => ({ lens: c.getAttribute('data-lens'), count: Number(c.getAttribute('data-count')) }));
        assert.deepEqual(layer, { lens: concept, count: want.size });
        assert.equal(await page.$('svg.drawing g.ka-lens'), null, 'nothing of the lens inside the drawing');
      });
    }

    test('Esc closes the lens and takes every mark off', async () => {
      const { page } = opened;
      await pick(page, 'C3');
      await page.waitForSelector('[data-concept-panel="C3"]');
      await page.locator('body').click({ position: { x: 2, y: 2 } }).catch(() => {});
      await page.keyboard.press('Escape');
      await page.waitForSelector('#lens-panel', { state: 'hidden' });
      assert.deepEqual(await marked(page, scope), {});
      assert.ok(await page.$('canvas.lens-layer:not([data-count]):not([data-lens])'), 'the lens layer is cleared');
      assert.equal(await page.inputValue('#lens-select'), '');
    });

    test('L then 3 opens C3; its panel tells the real pod, IP and port', async () => {
      const { page } = opened;
      await page.keyboard.press('l');
      await page.keyboard.press('3');
      await page.waitForSelector('[data-concept-panel="C3"]');
      const text = await page.textContent('#lens-panel');
      const web = pods(model).find((p) => p.name.startsWith('web-') && p.podIPs.length === 1)!;
      assert.match(text ?? '', new RegExp(`${web.name}'s 2 containers share one IP, ${web.podIP!.replaceAll('.', '\\.')}`));
      assert.match(text ?? '', /log-shipper reaches nginx at localhost:80/);
      // L then - is C11, L then 0 is C10 (not zoom out, not fit).
      await page.keyboard.press('l');
      await page.keyboard.press('-');
      await page.waitForSelector('[data-concept-panel="C11"]');
      await page.keyboard.press('l');
      await page.keyboard.press('0');
      await page.waitForSelector('[data-concept-panel="C10"]');
      await page.keyboard.press('Escape');
    });
  });
}

describe('the lens in Korean, and exports', () => {
  let opened: OpenedPage;
  before(async () => {
    opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.renderer': 'svg', 'kube-anatomy.lang': 'ko' } });
    await waitForDrawing(opened.page);
  });
  after(async () => {
    await opened?.context.close();
  });

  test('the panel speaks Korean with the cluster names as they are', async () => {
    const { page } = opened;
    await pick(page, 'C2');
    await page.waitForSelector('[data-concept-panel="C2"]');
    const text = (await page.textContent('#lens-panel')) ?? '';
    assert.match(text, /파드는 컨테이너를 담는다/);
    assert.match(text, /api-[a-z0-9-]+에는 컨테이너 3개가 있습니다: migrate, envoy, api/);
    assert.doesNotMatch(text, /holds|containers:/);
  });

  test('an export made while a lens is on has neither its layer nor its marks', async () => {
    const { page } = opened;
    await pick(page, 'C4');
    await page.waitForSelector('canvas.lens-layer[data-lens=C4]', { state: 'attached' });
    await page.click('#export-button');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-svg]')]);
    const svg = await readFile(await file.path(), 'utf8');
    assert.ok(svg.includes('data-kind="pod"'), 'the export is the drawing');
    assert.ok(!svg.includes('ka-lens'), 'no lens layer');
    assert.ok(!svg.includes('data-concept'), 'no data-concept');
    // And the page still shows the lens.
    assert.ok(await page.$('canvas.lens-layer[data-lens=C4]'));
  });
});
