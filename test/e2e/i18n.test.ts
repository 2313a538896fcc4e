// The demo page in Korean, in Chromium: every text the page shows or says
// (its text nodes, and title, aria-label and placeholder attributes, in the
// chrome, the dialogs, the SVG drawing with its <title>s, the canvas's
// accessible tree and the details panel of a selected pod) is Korean, except
// for the cluster's own names and values (read from the model) and the terms
// Korean Kubernetes writing keeps in Latin letters (test/fixtures/i18n-words.ts).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../main/model/build.ts';
import { loadDemo } from '../../main/snapshot/demo-asset.ts';
import { CONCEPT_IDS } from '../../renderer/teach/concepts.ts';
import { interfaceEnglish, wordsOfValues } from '../fixtures/i18n-words.ts';
import { fontOfTexts, launchBrowser, openPage, startApp, waitForDrawing, waitForScene, waitForStillView, zoomToLevel, type App, type OpenedPage } from './helpers.ts';
import { englishOn, pageTexts } from './i18n-page.ts';

let browser: Browser;
let app: App;
const values = wordsOfValues(buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] }));
// The language picker names each language in itself, as pickers do.
values.add('english');

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
});
after(async () => {
  await app?.close();
  await browser?.close();
});

/** Selects a pod by clicking it, and waits until the details panel shows it whole. */
async function selectPod(page: Page, name: string): Promise<void> {
  await page.locator(`g[data-kind=pod][data-name="${name}"]`).first().dispatchEvent('click');
  await page.waitForFunction((n) => document.getElementById('details-heading')?.textContent === n, name, { timeout: 10_000 });
}

for (const renderer of ['svg', 'canvas'] as const) {
  describe(`the Korean demo page (${renderer})`, () => {
    let opened: OpenedPage;
    before(async () => {
      opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.renderer': renderer, 'kube-anatomy.lang': 'ko' } });
      if (renderer === 'svg') await waitForDrawing(opened.page);
      else await waitForScene(opened.page);
      // Containers and volumes drawn, with their state lines and mount labels.
      await zoomToLevel(opened.page, 'containers');
      await waitForStillView(opened.page);
    });
    after(async () => {
      await opened?.context.close();
    });

    test('is in Korean: the page, its drawing and the accessible tree', async () => {
      const { page } = opened;
      assert.equal(await page.getAttribute('html', 'lang'), 'ko');
      if (renderer === 'svg') {
        assert.equal(await page.getAttribute('svg.drawing', 'lang'), 'ko');
        assert.match((await page.textContent('svg.drawing g[data-band=workers] .ka-texts text')) ?? '', /^워커 노드 · 노드 \d+개 · 파드 \d+개$/);
        // Hangul comes from the font's subsets, and the rarer syllables from the whole font: every text is set in it.
        const fonts = await fontOfTexts(page);
        assert.ok(fonts.texts > 30, `texts checked: ${fonts.texts}`);
        assert.deepEqual(fonts.stand, [], 'no text set in a stand-in');
      } else {
        assert.match((await page.getAttribute('#scene-tree [data-kind=node]', 'aria-label')) ?? '', /노드 .+, 내부 IP /);
      }
      assert.deepEqual(await englishOn(page, values), []);
    });

    test('shows a selected pod\'s details in Korean', async () => {
      const { page } = opened;
      // A pod with an init container, a sidecar and a shared volume: the most the panel says.
      const pod = await page.evaluate(() =>
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion
        (document.querySelector('[data-kind=container][data-group=sidecar]')?.closest('[data-kind=pod]') ?? document.querySelector('[data-kind=pod][data-name]'))!.getAttribute('data-name')!,
      );
      if (renderer === 'svg') await selectPod(page, pod);
      else {
        await page.locator(`#scene-tree [data-kind=pod][data-name="${pod}"]`).first().focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.getElementById('details-heading')?.textContent === n, pod, { timeout: 10_000 });
      }
      const details = (await page.textContent('#details')) ?? '';
      assert.match(details, /파드/);
      assert.deepEqual(await englishOn(page, values), []);
    });

    test('exports the picture in the page\'s language', async () => {
      const { page } = opened;
      await page.click('#export-button');
      const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-svg]')]);
      const svg = await readFile(await file.path(), 'utf8');
      assert.match(svg, /<svg[^>]* lang="ko"/);
      assert.match(svg, />워커 노드 · 노드 \d+개 · 파드 \d+개</);
      assert.doesNotMatch(svg, />Workers · /);
    });
  });
}

test('every concept lens explains itself in Korean, naming only the cluster\'s own values in Latin letters', async () => {
  const opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.renderer': 'svg', 'kube-anatomy.lang': 'ko' } });
  try {
    const { page } = opened;
    await waitForDrawing(page);
    const english: string[] = [];
    for (const concept of CONCEPT_IDS) {
      await page.selectOption('#lens-select', concept);
      await page.waitForSelector(`[data-concept-panel="${concept}"]`);
      for (const { where, text } of await pageTexts(page)) {
        for (const w of interfaceEnglish(text, values)) english.push(`${concept}: ${w} in ${where}: "${text.slice(0, 120)}"`);
      }
    }
    assert.deepEqual(english, []);
  } finally {
    await opened.context.close();
  }
});

test('the language setting turns the drawing and the panel back to English, and to Korean again', async () => {
  const opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.renderer': 'svg', 'kube-anatomy.lang': 'en' } });
  try {
    const { page } = opened;
    await waitForDrawing(page);
    const title = () => page.textContent('svg.drawing g[data-band=workers] .ka-texts text');
    assert.match((await title()) ?? '', /^Workers · /);
    // What a user does: the help dialog's language picker.
    await page.keyboard.press('?');
    await page.selectOption('#lang-select', 'ko');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    await page.waitForFunction(() => /^워커 노드 · /.test(document.querySelector('svg.drawing g[data-band=workers] .ka-texts text')?.textContent ?? ''));
    assert.equal(await page.getAttribute('svg.drawing', 'lang'), 'ko');
  } finally {
    await opened.context.close();
  }
});
