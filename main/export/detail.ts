// What an export draws: the level of detail lod.ts picks for a picture seen
// at scale 1 (every text at its own size, as an image is first looked at), or
// the level asked for; and the shape it is laid out for, which a file, having
// no window, cannot take from one.

import { LEVEL_DETAIL, LEVELS, levelOfDetail, lodAt, type Level } from '../../renderer/layout/lod.ts';
import type { Detail } from '../../renderer/layout/types.ts';

export type DetailChoice = 'auto' | Level;

export const DETAIL_CHOICES: readonly DetailChoice[] = ['auto', 'containers', 'pods', 'overview'];

/** The names --detail had before the levels: full is the containers level, compact the overview's tiles. */
export const DETAIL_ALIASES: Readonly<Record<string, Level>> = { full: 'containers', compact: 'overview' };

/** The geometry an export lays out for a choice of detail and a model of `pods` pods. */
export function exportDetail(choice: DetailChoice, pods: number): Detail {
  return choice === 'auto' ? lodAt(pods, 1).detail : LEVEL_DETAIL[choice];
}

/**
 * The detail of a picture that must also fit a pixel budget (a PNG at its
 * scale): the policy's choice, or the next coarser level while `fits` says the
 * picture would be too large. A level asked for by name is kept, and the
 * renderer then says why it cannot draw it.
 */
export function fittingDetail(choice: DetailChoice, pods: number, fits: (detail: Detail) => boolean): Detail {
  const chosen = exportDetail(choice, pods);
  if (choice !== 'auto') return chosen;
  for (let i = LEVELS.indexOf(levelOfDetail(chosen)); i > 0; i--) {
    const detail = i === LEVELS.indexOf(levelOfDetail(chosen)) ? chosen : LEVEL_DETAIL[LEVELS[i]];
    if (fits(detail)) return detail;
  }
  return LEVEL_DETAIL.overview;
}

/** The shape of an export when none is asked for: a landscape screen's. */
export const DEFAULT_ASPECT: Readonly<{ width: number; height: number }> = { width: 16, height: 9 };
