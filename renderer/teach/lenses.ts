// The concept lenses: for each of C1–C11, what on the model shows the idea.
// (Placeholder until the lenses are written: every concept reports no example.)

import type { AnatomyModel } from '../../main/model/types.ts';
import { message } from '../../main/i18n/message.ts';
import type { ConceptId, LensResult } from './concepts.ts';

export function lensFor(concept: ConceptId, _model: AnatomyModel): LensResult {
  return {
    concept,
    title: message(`lens.${concept}.title`),
    summary: message(`lens.${concept}.summary`),
    examples: [],
    notes: [],
    missing: message('lens.missing'),
  };
}
