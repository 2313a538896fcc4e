// A concept lens drawn into an export (`export --lens C3`): the lens worked out
// on the model (renderer/teach) as the points the drawing's overlay takes
// (renderer/draw/lens-overlay.ts).

import type { AnatomyModel } from '../model/types.ts';
import type { LensPoint } from '../../renderer/draw/lens-overlay.ts';
import type { ConceptId } from '../../renderer/teach/concepts.ts';
import { lensFor, lensTargets } from '../../renderer/teach/lenses.ts';

/** What a lens on this model points at, for the overlay. */
export function lensPointsOf(model: AnatomyModel, concept: ConceptId): LensPoint[] {
  return lensTargets(lensFor(concept, model)).map((t) => ({ kind: t.kind, uid: t.uid, within: t.within, concepts: [concept] }));
}
