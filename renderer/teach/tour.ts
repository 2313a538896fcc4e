// The guided tour: C1–C11 in order, each step shown on the lens's best example
// in the current model (what it zooms to, what it highlights, what it says),
// or, when the model has none, saying so. Pure; a step is worked out when it is
// shown, so stepping through a large cluster runs one lens at a time.

import { message, type Message } from '../../main/i18n/message.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { CONCEPT_IDS, type ConceptExample, type ConceptId, type LensResult } from './concepts.ts';
import { lensFor } from './lenses.ts';

/** Steps are numbered from 1, as the counter and #tour=N say them. */
export const TOUR_LENGTH = CONCEPT_IDS.length;

export interface TourStep {
  /** 1 … TOUR_LENGTH. */
  number: number;
  concept: ConceptId;
  title: Message;
  /** The idea in general (the lens's summary). */
  summary: Message;
  /** Where to look in the picture, in the tour's own words. */
  look: Message;
  /** The example shown: the lens's first (best) one. */
  example?: ConceptExample;
  /** Its index among the lens's examples, for the lens API. */
  exampleIndex?: number;
  /** What the example says, filled in with the model's names and values. */
  says: Message[];
  notes: Message[];
  /** Set when the model has no example: what the lens says is missing, and the tour's own line. */
  missing?: Message[];
}

export type LensFn = (concept: ConceptId, model: AnatomyModel) => LensResult;

/** A step number brought into 1 … TOUR_LENGTH (NaN and fractions fall to the nearest whole step). */
export function clampStep(n: number): number {
  if (!Number.isFinite(n)) return 1;
  return Math.min(TOUR_LENGTH, Math.max(1, Math.round(n)));
}

export function conceptOfStep(n: number): ConceptId {
  return CONCEPT_IDS[clampStep(n) - 1];
}

/** Step `n` (1-based) on `model`. */
export function tourStep(model: AnatomyModel, n: number, lens: LensFn = lensFor): TourStep {
  const number = clampStep(n);
  const concept = conceptOfStep(number);
  const result = lens(concept, model);
  const example = result.examples[0];
  const base = { number, concept, title: result.title, summary: result.summary, look: message(`tour.look.${concept}`), notes: result.notes };
  if (!example) return { ...base, says: [], missing: [...(result.missing ? [result.missing] : []), message('tour.noExample')] };
  return { ...base, example, exampleIndex: 0, says: example.says };
}

/** Every step, for tests and for a printed hand-out. */
export function tourSteps(model: AnatomyModel, lens: LensFn = lensFor): TourStep[] {
  return CONCEPT_IDS.map((_, i) => tourStep(model, i + 1, lens));
}
