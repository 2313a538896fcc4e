// The guided tour and the quiz on the real test cluster: the quiz's answers
// are right for the live model (worked out by the test's own computation), and
// in Chromium, on the page served from the same cluster, the tour reaches its
// last step and a quiz answered from the model gets the full score, in Korean.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser } from 'playwright-core';
import { textOf } from '../../main/i18n/index.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession, type Session } from '../../main/session/index.ts';
import { makeQuiz, type QuestionKind, type QuizSubject } from '../../renderer/teach/quiz.ts';
import { launchBrowser, openPage } from '../e2e/helpers.ts';
import { expectedAnswer } from '../fixtures/quiz-answers.ts';
import { live, liveTest, lockCluster, waitFor } from './harness.ts';

describe('the tour and the quiz on the live cluster', () => {
  let release: (() => void) | undefined;
  let home: string | undefined;
  let session: Session | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('teach.test.ts');
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-teach-'));
    session = await openSession({ kubeconfig: live.kubeconfig, env: {}, home, coalesceMs: 50 });
    server = await startServer({ session });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await session?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    release?.();
  });

  async function liveModel(): Promise<AnatomyModel> {
    let model: AnatomyModel | undefined;
    await waitFor(() => {
      model = session!.model()?.model;
      return !!model && model.nodes.length > 1 && model.nodes.some((n) => n.pods.length > 0);
    }, { what: 'the live model with its nodes and pods' });
    return model!;
  }

  liveTest("every quiz answer is right for the live model, by the test's own computation", async () => {
    const model = await liveModel();
    const first = makeQuiz(model, 0);
    assert.ok(first.questions.length >= 8, `${first.questions.length} kinds asked; skipped ${first.skipped.join(', ')}`);
    for (let seed = 0; seed < 30; seed++) {
      for (const q of makeQuiz(model, seed).questions) assert.equal(q.choices[q.answer].value, expectedAnswer(model, q), `seed ${seed}: ${q.kind} ${JSON.stringify(q.subject)}`);
    }
  });

  liveTest('in Chromium, the tour reaches 11 / 11 and a quiz answered from the model scores in full, in Korean', async () => {
    const model = await liveModel();
    const opened = await openPage(browser!, `${server!.url}#tour=1&lang=ko`);
    try {
      const { page } = opened;
      await page.waitForSelector('#tour-panel[data-tour-step="1"]', { timeout: 30_000 });
      for (let step = 2; step <= 11; step++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction((n) => document.getElementById('tour-panel')?.dataset.tourStep === String(n), step);
      }
      assert.equal(await page.locator('[data-testid=tour-counter]').textContent(), '11 / 11');
      await page.keyboard.press('Escape');
      await page.locator('#tour-panel').waitFor({ state: 'hidden' });

      await page.evaluate(() => (location.hash = '#quiz=7&lang=ko'));
      const panel = page.locator('#quiz-panel');
      await page.waitForSelector('#quiz-panel[data-quiz-kind]');
      let asked = 0;
      for (let i = 0; i < 30 && (await panel.getAttribute('data-quiz-done')) !== 'true'; i++) {
        const kind = (await panel.getAttribute('data-quiz-kind')) as QuestionKind;
        const subject = JSON.parse((await panel.getAttribute('data-quiz-subject'))!) as QuizSubject;
        const right = expectedAnswer(session!.model()!.model, { kind, subject });
        const values = await panel.locator('[data-choice]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.value));
        assert.ok(values.includes(right), `${kind}: ${right} among ${JSON.stringify(values)}`);
        await panel.locator('[data-choice]').nth(values.indexOf(right)).click();
        await panel.locator('[data-testid=quiz-next]').click();
        asked++;
      }
      assert.ok(asked >= 8 && model.nodes.length > 1);
      assert.equal(await panel.getAttribute('data-quiz-score'), `${asked}/${asked}`);
      assert.equal(await panel.locator('[data-testid=quiz-score]').textContent(), textOf('ko', { id: 'quiz.score', params: { correct: asked, total: asked } }));
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
    }
  });
});
