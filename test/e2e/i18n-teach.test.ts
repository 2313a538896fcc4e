// The teaching panels on the Korean demo page, opened as a teacher's link opens
// them (#tour=1, #quiz=7, #lens=C8 with &lang=ko): every step of the tour, every
// question of the quiz with its verdict and the score, and the lens panel say
// nothing in interface English, the cluster's own names and values aside
// (test/fixtures/i18n-words.ts). And the page tells the main process its
// language (menu:lang), for the desktop app's menu.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildModel } from '../../main/model/build.ts';
import { loadDemo } from '../../main/snapshot/demo-asset.ts';
import { TOUR_LENGTH } from '../../renderer/teach/tour.ts';
import { wordsOfValues } from '../fixtures/i18n-words.ts';
import { launchBrowser, openPage, startApp, waitForDrawing, type App } from './helpers.ts';
import { englishOn } from './i18n-page.ts';

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

async function open(hash: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const opened = await openPage(browser, `${app.server.url}${hash}`, { storage: { 'kube-anatomy.renderer': 'svg' } });
  await waitForDrawing(opened.page);
  return { page: opened.page, errors: opened.errors, close: () => opened.context.close() };
}

test('#tour=1&lang=ko: every step of the tour is Korean', async () => {
  const { page, errors, close } = await open('#tour=1&lang=ko');
  try {
    const english: string[] = [];
    await page.waitForSelector('#tour-panel .teach-title', { timeout: 15_000 });
    for (let step = 1; step <= TOUR_LENGTH; step++) {
      if (step > 1) await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => document.getElementById('tour-panel')?.dataset.tourStep === String(n), step);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      for (const w of await englishOn(page, values)) english.push(`step ${step}: ${w}`);
    }
    assert.deepEqual(english, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('#quiz=7&lang=ko: every question, its verdict and the score are Korean', async () => {
  const { page, errors, close } = await open('#quiz=7&lang=ko');
  try {
    const panel = page.locator('#quiz-panel');
    await page.waitForSelector('#quiz-panel[data-quiz-kind]', { timeout: 15_000 });
    const english: string[] = [];
    let asked = 0;
    for (; asked < 30 && (await panel.getAttribute('data-quiz-done')) !== 'true'; asked++) {
      const kind = await panel.getAttribute('data-quiz-kind');
      for (const w of await englishOn(page, values)) english.push(`${kind} asked: ${w}`);
      // Alternately the first and the last choice: some answers right, some wrong, so both verdicts are read.
      const choices = panel.locator('[data-choice]');
      await choices.nth(asked % 2 === 0 ? 0 : (await choices.count()) - 1).click();
      await panel.locator('[data-testid=quiz-verdict]').waitFor();
      for (const w of await englishOn(page, values)) english.push(`${kind} answered: ${w}`);
      await panel.locator('[data-testid=quiz-next]').click();
    }
    assert.ok(asked >= 8, `${asked} questions`);
    await panel.locator('[data-testid=quiz-score]').waitFor();
    for (const w of await englishOn(page, values)) english.push(`score: ${w}`);
    assert.deepEqual(english, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('#lens=C8&lang=ko: the lens panel is Korean', async () => {
  const { page, errors, close } = await open('#lens=C8&lang=ko');
  try {
    await page.waitForSelector('[data-concept-panel="C8"]', { timeout: 15_000 });
    assert.deepEqual(await englishOn(page, values), []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the page tells the main process its language (menu:lang), again when it changes', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const said: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const text = String(payload);
        if (text.includes('menu:lang')) said.push(text);
      }),
    );
    await page.goto(`${app.server.url}#lang=ko`);
    await waitForDrawing(page);
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    const langs = () => said.map((s) => /"lang":"(\w+)"/.exec(s)?.[1]);
    await page.keyboard.press('?');
    await page.selectOption('#lang-select', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && langs().at(-1) !== 'en'; i++) await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    assert.ok(langs().includes('ko'), `said ${JSON.stringify(langs())}`);
    assert.equal(langs().at(-1), 'en');
  } finally {
    await context.close();
  }
});
