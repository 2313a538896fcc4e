// The tour's and the quiz's panels on linkedom: what they write, what the keys
// do, and that a hostile cluster's names reach them only as text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { buildModel } from '../../../main/model/index.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import type { ConceptId, LensTarget } from '../../../renderer/teach/concepts.ts';
import { lensFor } from '../../../renderer/teach/lenses.ts';
import { makeQuiz } from '../../../renderer/teach/quiz.ts';
import { createQuizPanel } from '../../../renderer/app/quiz-panel.ts';
import { createTourPanel, TOUR_JUMP_SVG_PODS, tourJumps, type TourMotion } from '../../../renderer/app/tour-panel.ts';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileCluster } from '../../fixtures/anatomy-models.ts';
import { expectedAnswer } from '../../fixtures/quiz-answers.ts';

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

function page() {
  const { document } = parseHTML('<!doctype html><html><body><section id="stage"></section></body></html>');
  return { document, stage: document.getElementById('stage') as unknown as HTMLElement };
}

function key(document: Document, k: string): void {
  const e = new (document.defaultView as unknown as { Event: typeof Event }).Event('keydown', { bubbles: true, cancelable: true });
  Object.assign(e, { key: k });
  document.dispatchEvent(e);
}

function click(el: Element | null): void {
  assert.ok(el, 'nothing to click');
  const e = new (el.ownerDocument.defaultView as unknown as { Event: typeof Event }).Event('click', { bubbles: true });
  el.dispatchEvent(e);
}

describe('tour panel', () => {
  it('shows a step with its counter, steps with → and ←, and leaves with Esc, clearing the lens', () => {
    const { document, stage } = page();
    const model = demo();
    const lenses: Array<ConceptId | null> = [];
    const zooms: LensTarget[] = [];
    const tour = createTourPanel(document as unknown as Document, stage, {
      model: () => model,
      lang: () => 'ko',
      showLens: (c) => lenses.push(c),
      zoomTo: (t) => zooms.push(t),
      useDemo: () => {},
      blocked: () => false,
    });
    tour.open(3);
    const panel = document.getElementById('tour-panel')!;
    assert.equal(panel.getAttribute('data-tour-step'), '3');
    assert.equal(panel.querySelector('[data-testid=tour-counter]')!.textContent, '3 / 11');
    assert.equal(panel.querySelector('.teach-kicker')!.textContent, '둘러보기');
    key(document as unknown as Document, 'ArrowRight');
    assert.equal(panel.getAttribute('data-tour-step'), '4');
    key(document as unknown as Document, 'ArrowLeft');
    key(document as unknown as Document, 'ArrowLeft');
    assert.equal(tour.step(), 2);
    assert.deepEqual(lenses, ['C3', 'C4', 'C3', 'C2']);
    assert.ok(zooms.length > 0, 'zoomed to the examples');
    key(document as unknown as Document, 'Escape');
    assert.equal(tour.isOpen(), false);
    assert.equal(panel.hidden, true);
    assert.equal(lenses.at(-1), null);
  });

  it("asks the lens for the step's own example through the host's cached lens, and gives back the user's lens on closing", () => {
    const { document, stage } = page();
    const model = demo();
    const calls: Array<[ConceptId | null, number | undefined]> = [];
    let asked = 0;
    const tour = createTourPanel(document as unknown as Document, stage, {
      model: () => model,
      lang: () => 'en',
      showLens: (c, i) => calls.push([c, i]),
      activeLens: () => 'C7',
      lens: (c, m) => {
        asked++;
        return lensFor(c, m);
      },
      zoomTo: () => {},
      useDemo: () => {},
      blocked: () => false,
    });
    tour.open(3);
    assert.deepEqual(calls, [['C3', 0]]);
    assert.ok(asked > 0, 'the host lens was not used');
    key(document as unknown as Document, 'Escape');
    assert.deepEqual(calls.at(-1), ['C7', undefined]);
  });

  it('moves the view after the step is painted, jumping on an SVG above TOUR_JUMP_SVG_PODS or with reduced motion, flying otherwise', () => {
    const { document, stage } = page();
    const model = demo();
    const frames: Array<() => void> = [];
    const moves: Array<{ uid: string; jump: boolean | undefined }> = [];
    let motion: TourMotion = { renderer: 'svg', pods: TOUR_JUMP_SVG_PODS + 1, reducedMotion: false };
    const steps: Array<[ConceptId | null, { keepPicker?: boolean } | undefined]> = [];
    const tour = createTourPanel(document as unknown as Document, stage, {
      model: () => model,
      lang: () => 'en',
      showLens: (c, _i, options) => steps.push([c, options]),
      zoomTo: (t, options) => moves.push({ uid: t.uid, jump: options?.jump }),
      motion: () => motion,
      afterFrame: (then) => frames.push(then),
      useDemo: () => {},
      blocked: () => false,
    });
    tour.open(2);
    // The step is shown (its lens asked, keeping the user's picker) before the view moves: the move waits for the frame.
    assert.deepEqual(steps, [['C2', { keepPicker: true }]]);
    assert.equal(moves.length, 0, 'the view moved before the step was painted');
    assert.equal(frames.length, 1);
    frames.shift()!();
    assert.deepEqual(moves.map((m) => m.jump), [true], 'a large SVG flew');
    // The same on the canvas renderer flies; a small SVG flies; reduced motion jumps on either.
    const jumps = (m: TourMotion) => {
      motion = m;
      key(document as unknown as Document, tour.step() === 11 ? 'ArrowLeft' : 'ArrowRight');
      while (frames.length) frames.shift()!();
      return moves.at(-1)!.jump;
    };
    assert.equal(jumps({ renderer: 'canvas', pods: 5000, reducedMotion: false }), false);
    assert.equal(jumps({ renderer: 'svg', pods: TOUR_JUMP_SVG_PODS, reducedMotion: false }), false);
    assert.equal(jumps({ renderer: 'canvas', pods: 10, reducedMotion: true }), true);
    assert.equal(jumps({ renderer: 'svg', pods: 5000, reducedMotion: false }), true);
    // A step left before its frame came never moves the view to it.
    const before = moves.length;
    key(document as unknown as Document, 'ArrowRight');
    key(document as unknown as Document, 'ArrowRight');
    while (frames.length) frames.shift()!();
    assert.equal(moves.length, before + 1, 'the skipped step moved the view');
  });

  it('tourJumps: only a large SVG or reduced motion jumps; no motion known flies', () => {
    assert.equal(tourJumps(undefined), false);
    assert.equal(tourJumps({ renderer: 'svg', pods: TOUR_JUMP_SVG_PODS + 1, reducedMotion: false }), true);
    assert.equal(tourJumps({ renderer: 'svg', pods: TOUR_JUMP_SVG_PODS, reducedMotion: false }), false);
    assert.equal(tourJumps({ renderer: 'canvas', pods: 1_000_000, reducedMotion: false }), false);
    assert.equal(tourJumps({ renderer: 'canvas', pods: 1, reducedMotion: true }), true);
  });

  it('leaves the keys alone while a dialog is open', () => {
    const { document, stage } = page();
    const model = demo();
    const tour = createTourPanel(document as unknown as Document, stage, { model: () => model, lang: () => 'en', showLens: () => {}, zoomTo: () => {}, useDemo: () => {}, blocked: () => true });
    tour.open(1);
    key(document as unknown as Document, 'ArrowRight');
    key(document as unknown as Document, 'Escape');
    assert.equal(tour.step(), 1);
  });
});

describe('quiz panel', () => {
  it('checks a choice against the model and counts the score to the end', () => {
    const { document, stage } = page();
    const model = demo();
    const quiz = createQuizPanel(document as unknown as Document, stage, { model: () => model, lang: () => 'en', zoomTo: () => {}, blocked: () => false });
    quiz.open(42);
    const panel = document.getElementById('quiz-panel')!;
    const total = makeQuiz(model, 42).questions.length;
    for (let i = 0; i < total; i++) {
      const kind = panel.getAttribute('data-quiz-kind') as Parameters<typeof expectedAnswer>[1]['kind'];
      const subject = JSON.parse(panel.getAttribute('data-quiz-subject')!);
      const right = expectedAnswer(model, { kind, subject });
      const choices = Array.from(panel.querySelectorAll('[data-choice]'));
      // The first question answered wrong on purpose, the rest right.
      click(choices.find((c) => (i === 0 ? c.getAttribute('data-value') !== right : c.getAttribute('data-value') === right)) ?? null);
      assert.equal(panel.querySelector('[data-testid=quiz-verdict]')!.getAttribute('data-result'), i === 0 ? 'wrong' : 'right');
      click(panel.querySelector('[data-quiz=next]'));
    }
    assert.equal(panel.getAttribute('data-quiz-done'), 'true');
    assert.equal(panel.getAttribute('data-quiz-score'), `${total - 1}/${total}`);
    assert.equal(panel.querySelector('[data-testid=quiz-score]')!.textContent, `Score: ${total - 1} / ${total}`);
  });

  it('says there is nothing to ask on an empty model', () => {
    const { document, stage } = page();
    const empty = { ...demo(), nodes: [], unscheduled: [] };
    const quiz = createQuizPanel(document as unknown as Document, stage, { model: () => empty, lang: () => 'ko', zoomTo: () => {}, blocked: () => false });
    quiz.open(1);
    assert.equal(document.querySelector('[data-testid=quiz-empty]')!.textContent, '아직 물어볼 것이 없습니다. 이 모델에는 노드도 파드도 없습니다.');
  });
});

describe('a hostile cluster', () => {
  it("reaches the tour's and the quiz's panels only as text", () => {
    const { document, stage } = page();
    const model = hostileCluster();
    const tour = createTourPanel(document as unknown as Document, stage, { model: () => model, lang: () => 'en', showLens: () => {}, zoomTo: () => {}, useDemo: () => {}, blocked: () => false });
    const quiz = createQuizPanel(document as unknown as Document, stage, { model: () => model, lang: () => 'en', zoomTo: () => {}, blocked: () => false });
    let seen = '';
    for (let step = 1; step <= 11; step++) {
      tour.open(step);
      seen += stage.textContent;
      assert.equal(stage.querySelectorAll('script, img').length, 0);
    }
    for (let seed = 0; seed < 20; seed++) {
      quiz.open(seed);
      for (const choice of Array.from(stage.querySelectorAll('#quiz-panel [data-choice]')).slice(0, 1)) click(choice);
      seen += stage.textContent;
      assert.equal(stage.querySelectorAll('script, img').length, 0);
    }
    assert.ok(seen.includes(HOSTILE_SCRIPT) || seen.includes(HOSTILE_IMG), 'the hostile names were shown, as text');
  });
});

describe('tour panel on a live model', () => {
  it('leaves the card alone when a new model changes nothing it says, and writes it again when it does', () => {
    const { document, stage } = page();
    let model = demo();
    const tour = createTourPanel(document as unknown as Document, stage, { model: () => model, lang: () => 'en', showLens: () => {}, zoomTo: () => {}, useDemo: () => {}, blocked: () => false });
    tour.open(1);
    const card = document.querySelector('#tour-panel .teach-title');
    model = demo();
    tour.modelShown();
    assert.equal(document.querySelector('#tour-panel .teach-title'), card, 'the same element: nothing was written');
    model = { ...model, nodes: [], unscheduled: [] };
    tour.modelShown();
    assert.notEqual(document.querySelector('#tour-panel .teach-title'), card);
    assert.ok(document.querySelector('#tour-panel [data-testid=tour-missing]'));
  });
});
