// The guided tour, the quiz and deep links in a real Chromium, on the demo,
// in English and in Korean: #tour=1 stepped with → to 11 / 11 and left with
// Esc; #quiz=42 answered from the model by the test's own computation, to the
// full score; a bad link value reported in the notice.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { textOf, type Lang } from '../../main/i18n/index.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { QuestionKind, QuizSubject } from '../../renderer/teach/quiz.ts';
import { makeQuiz } from '../../renderer/teach/quiz.ts';
import { expectedAnswer } from '../fixtures/quiz-answers.ts';
import { listText, smallCluster, tempDir } from './fixtures.ts';
import { launchBrowser, openPage, startApp, waitForStillView, type App } from './helpers.ts';

let browser: Browser;
let app: App;
let model: AnatomyModel;

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
  model = app.session.model()!.model;
});
after(async () => {
  await app?.close();
  await browser?.close();
});

async function open(hash: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const opened = await openPage(browser, `${app.server.url}${hash}`);
  return { page: opened.page, errors: opened.errors, close: () => opened.context.close() };
}

const counter = (page: Page) => page.locator('[data-testid=tour-counter]').textContent();

for (const lang of ['en', 'ko'] as const satisfies readonly Lang[]) {
  describe(`in ${lang === 'en' ? 'English' : 'Korean'}`, () => {
    const suffix = lang === 'ko' ? '&lang=ko' : '';

    test('#tour=1 opens the tour, → steps to 11 / 11 (zooming as it goes) and Esc leaves it', async () => {
      const { page, errors, close } = await open(`#tour=1${suffix}`);
      try {
        const panel = page.locator('#tour-panel');
        await panel.locator('.teach-title').waitFor({ timeout: 15_000 });
        assert.equal(await panel.getAttribute('data-tour-step'), '1');
        assert.equal(await counter(page), '1 / 11');
        assert.equal(await panel.locator('.teach-kicker').textContent(), textOf(lang, { id: 'tour.title' }));
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        const transforms = new Set<string | null>();
        for (let step = 2; step <= 11; step++) {
          await page.keyboard.press('ArrowRight');
          await page.waitForFunction((n) => document.getElementById('tour-panel')?.dataset.tourStep === String(n), step);
          assert.equal(await counter(page), `${step} / 11`);
          assert.equal(await panel.getAttribute('data-tour-concept'), `C${step}`);
          assert.equal(await panel.locator('.teach-look').textContent(), textOf(lang, { id: `tour.look.C${step}` }));
          await waitForStillView(page, 3);
          transforms.add(await page.locator('#viewport').getAttribute('transform'));
        }
        // One more → stays on the last step; each step with an example zoomed somewhere.
        await page.keyboard.press('ArrowRight');
        assert.equal(await counter(page), '11 / 11');
        assert.ok(transforms.size >= 3, `the view moved to ${transforms.size} places over 10 steps`);
        await page.keyboard.press('ArrowLeft');
        await page.waitForFunction(() => document.getElementById('tour-panel')?.dataset.tourStep === '10');
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => document.getElementById('tour-panel')?.dataset.tourStep === '11');
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'hidden' });
        assert.equal(await panel.getAttribute('data-tour-step'), null);
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });

    test('#quiz=42 asks 8 or more kinds, and answering from the model gives the full score', async () => {
      const { page, errors, close } = await open(`#quiz=42${suffix}`);
      try {
        const panel = page.locator('#quiz-panel');
        await page.waitForSelector('#quiz-panel[data-quiz-kind]', { timeout: 15_000 });
        assert.equal(await panel.getAttribute('data-quiz-seed'), '42');
        const kinds = new Set<string>();
        for (let i = 0; i < 30 && (await panel.getAttribute('data-quiz-done')) !== 'true'; i++) {
          const kind = (await panel.getAttribute('data-quiz-kind')) as QuestionKind;
          const subject = JSON.parse((await panel.getAttribute('data-quiz-subject'))!) as QuizSubject;
          kinds.add(kind);
          const right = expectedAnswer(model, { kind, subject });
          const values = await panel.locator('[data-choice]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value));
          const at = values.indexOf(right);
          assert.ok(at >= 0, `${kind} ${JSON.stringify(subject)}: ${right} is not among ${JSON.stringify(values)}`);
          await panel.locator('[data-choice]').nth(at).click();
          assert.equal(await panel.locator('[data-testid=quiz-verdict]').getAttribute('data-result'), 'right');
          assert.equal(await panel.locator('[data-testid=quiz-verdict]').textContent(), textOf(lang, { id: 'quiz.right' }));
          await panel.locator('[data-testid=quiz-next]').click();
        }
        assert.ok(kinds.size >= 8, `${kinds.size} kinds asked`);
        const total = kinds.size;
        assert.equal(await panel.getAttribute('data-quiz-score'), `${total}/${total}`);
        assert.equal(await panel.locator('[data-testid=quiz-score]').textContent(), textOf(lang, { id: 'quiz.score', params: { correct: total, total } }));
        await page.keyboard.press('Escape');
        await panel.waitFor({ state: 'hidden' });
        assert.deepEqual(errors, []);
      } finally {
        await close();
      }
    });
  });
}

describe('keys, buttons and links', () => {
  test('#lens=C3&lang=ko opens that lens in Korean, marking pods that have their own IP', async () => {
    const { page, errors, close } = await open('#lens=C3&lang=ko');
    try {
      const panel = page.locator('[data-concept-panel=C3]');
      await panel.waitFor({ timeout: 15_000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      assert.equal(await panel.locator('.lens-title').textContent(), textOf('ko', { id: 'lens.C3.title' }));
      const marked = await page.locator('g[data-kind=pod][data-concept~=C3]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-namespace')}/${e.getAttribute('data-name')}`));
      assert.ok(marked.length > 0, 'pods marked C3');
      const ipOf = new Map(model.nodes.flatMap((n) => n.pods).map((p) => [`${p.namespace}/${p.name}`, p.podIP]));
      for (const pod of marked) assert.ok(ipOf.get(pod), `${pod} is marked C3 but has no pod IP`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test('a wrong answer is marked and not counted; T and Q open the tour and the quiz, one at a time', async () => {
    const { page, errors, close } = await open('');
    try {
      await page.waitForSelector('g[data-kind=pod]', { state: 'attached', timeout: 15_000 });
      await page.keyboard.press('q');
      const quiz = page.locator('#quiz-panel');
      await page.waitForSelector('#quiz-panel[data-quiz-kind]');
      const kind = (await quiz.getAttribute('data-quiz-kind')) as QuestionKind;
      const subject = JSON.parse((await quiz.getAttribute('data-quiz-subject'))!) as QuizSubject;
      const right = expectedAnswer(model, { kind, subject });
      const values = await quiz.locator('[data-choice]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value));
      await page.keyboard.press(String(values.findIndex((v) => v !== right) + 1));
      assert.equal(await quiz.locator('[data-testid=quiz-verdict]').getAttribute('data-result'), 'wrong');
      assert.match((await quiz.getAttribute('data-quiz-score'))!, /^0\//);
      await page.keyboard.press('t');
      await page.locator('#tour-panel').waitFor();
      assert.equal(await quiz.isHidden(), true, 'the tour closed the quiz');
      assert.equal(await counter(page), '1 / 11');
      await page.locator('[data-testid=start-quiz]').click();
      await quiz.waitFor();
      assert.equal(await page.locator('#tour-panel').isHidden(), true, 'the quiz closed the tour');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test('a bad value in the link is reported in the notice; a hashchange applies a link live', async () => {
    // The notice shows for a few seconds; every text it shows is recorded from the start, so a slow machine cannot miss it.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // As a string: a function would be serialized after tsx has wrapped its named inner functions in a helper the page lacks.
    await context.addInitScript({
      content: `window.__notices = [];
        document.addEventListener('DOMContentLoaded', () => {
          const notice = document.getElementById('notice');
          const record = () => { if (!notice.hidden && notice.textContent && window.__notices.at(-1) !== notice.textContent) window.__notices.push(notice.textContent); };
          record(); // the app may have run before this event, as module scripts do
          new MutationObserver(record).observe(notice, { childList: true, characterData: true, subtree: true, attributes: true });
        });`,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${app.server.url}#tour=99&lang=ko`);
      await page.waitForFunction(() => (window as unknown as { __notices: string[] }).__notices.length > 0, undefined, { timeout: 15_000 });
      const notices = await page.evaluate(() => (window as unknown as { __notices: string[] }).__notices);
      assert.equal(notices[0], textOf('ko', { id: 'deeplink.badTour', params: { value: '99', max: 11 } }));
      await page.waitForSelector('g[data-kind=pod]', { state: 'attached', timeout: 15_000 });
      assert.equal(await page.locator('#tour-panel').isHidden(), true, 'no step opened');
      await page.evaluate(() => (location.hash = '#tour=4&lang=en'));
      await page.waitForFunction(() => document.getElementById('tour-panel')?.dataset.tourStep === '4');
      assert.equal(await counter(page), '4 / 11');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    } finally {
      await context.close();
    }
  });
});

describe('a cluster without examples of everything', () => {
  // The small hand-made cluster sets no resources, caches no images and pins every tag: C5, C7 and C9 have nothing to show.
  let small: App;
  const files = tempDir('anatomy-e2e-teach-');
  before(async () => {
    small = await startApp({ snapshot: files.write('small.json', listText(smallCluster())) });
  });
  after(async () => {
    await small?.close();
    files.remove();
  });

  test('the quiz says which kinds it could not ask, in Korean', async () => {
    const opened = await openPage(browser, `${small.server.url}#quiz=1&lang=ko`);
    try {
      await opened.page.waitForSelector('#quiz-panel[data-quiz-kind]', { timeout: 15_000 });
      const skipped = makeQuiz(small.session.model()!.model, 1).skipped;
      assert.ok(skipped.length > 0);
      const kinds = skipped.map((k) => textOf('ko', { id: `quiz.kind.${k}` })).join(', ');
      assert.equal(await opened.page.locator('[data-testid=quiz-skipped]').textContent(), textOf('ko', { id: 'quiz.skipped', params: { kinds } }));
    } finally {
      await opened.context.close();
    }
  });

  // Last: its button switches this app's source to the demo.
  test('a step with no example says so, and its button shows the same step on the demo', async () => {
    const opened = await openPage(browser, `${small.server.url}#tour=5`);
    try {
      const panel = opened.page.locator('#tour-panel');
      await opened.page.waitForSelector('#tour-panel[data-tour-step="5"]', { timeout: 15_000 });
      assert.equal(await panel.getAttribute('data-tour-example'), 'no');
      assert.match((await panel.locator('[data-testid=tour-missing]').textContent())!, new RegExp(textOf('en', { id: 'tour.noExample' })));
      await panel.locator('[data-testid=tour-demo]').click();
      await opened.page.waitForSelector('#tour-panel[data-tour-example=yes]', { timeout: 15_000 });
      assert.equal(await panel.getAttribute('data-tour-step'), '5');
      assert.equal(await opened.page.locator('[data-testid=source]').getAttribute('data-kind'), 'demo');
      assert.equal(await panel.locator('[data-testid=tour-demo]').count(), 0);
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
    }
  });
});
