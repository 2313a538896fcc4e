import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allMessageIds, message } from '../../../main/i18n/index.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { CONCEPT_IDS, type ConceptId, type LensResult } from '../../../renderer/teach/concepts.ts';
import { clampStep, conceptOfStep, TOUR_LENGTH, tourStep, tourSteps } from '../../../renderer/teach/tour.ts';
import { model as specModel } from '../../fixtures/anatomy-models.ts';

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

/** A lens of the test's own: two examples for odd concepts, none for even ones. */
function fakeLens(concept: ConceptId): LensResult {
  const n = Number(concept.slice(1));
  const ex = (i: number) => ({ focus: { kind: 'pod' as const, uid: `${concept}-${i}` }, targets: [{ kind: 'pod' as const, uid: `${concept}-${i}` }], says: [message('quiz.value', { value: `${concept} example ${i}` })] });
  return {
    concept,
    title: message('tour.title'),
    summary: message('tour.keys'),
    examples: n % 2 ? [ex(0), ex(1)] : [],
    notes: [],
    ...(n % 2 ? {} : { missing: message('quiz.empty') }),
  };
}

describe('tour', () => {
  it('walks C1 to C11 in order, numbered from 1', () => {
    const steps = tourSteps(demo(), fakeLens);
    assert.equal(TOUR_LENGTH, 11);
    assert.deepEqual(steps.map((s) => s.concept), [...CONCEPT_IDS]);
    assert.deepEqual(steps.map((s) => s.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("shows each step on the lens's best (first) example, with what it says", () => {
    const step = tourStep(demo(), 3, fakeLens);
    assert.equal(step.concept, 'C3');
    assert.equal(step.example?.focus.uid, 'C3-0');
    assert.equal(step.exampleIndex, 0);
    assert.deepEqual(step.says, [message('quiz.value', { value: 'C3 example 0' })]);
    assert.equal(step.missing, undefined);
    assert.equal(step.look.id, 'tour.look.C3');
  });

  it('says what is missing when the model has no example', () => {
    const step = tourStep(demo(), 4, fakeLens);
    assert.equal(step.example, undefined);
    assert.deepEqual(step.missing?.map((m) => m.id), ['quiz.empty', 'tour.noExample']);
  });

  it('keeps step numbers within 1 … 11', () => {
    assert.deepEqual([0, 1, 11, 12, -3, 2.6, Number.NaN].map(clampStep), [1, 1, 11, 11, 1, 3, 1]);
    assert.equal(conceptOfStep(11), 'C11');
  });

  it('runs on the real lenses, on the demo and on an empty model, with texts both languages have', () => {
    const ids = new Set(allMessageIds());
    for (const m of [demo(), specModel([])]) {
      for (const step of tourSteps(m)) {
        assert.ok(ids.has(step.look.id), step.look.id);
        assert.ok(step.example || step.missing, `${step.concept}: neither an example nor what is missing`);
        if (step.example) assert.ok(step.example.targets.length > 0);
      }
    }
    assert.ok(tourSteps(specModel([])).every((s) => s.missing));
  });
});
