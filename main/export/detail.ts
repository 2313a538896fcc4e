// What an export draws: the level of detail lod.ts picks for a picture seen
// at scale 1 (every text at its own size, as an image is first looked at), or
// the level asked for; and the shape it is laid out for, which a file, having
// no window, cannot take from one.

import { LEVEL_DETAIL, lodAt, type Level } from '../../renderer/layout/lod.ts';
import type { Detail } from '../../renderer/layout/types.ts';

export type DetailChoice = 'auto' | Level;

export const DETAIL_CHOICES: readonly DetailChoice[] = ['auto', 'containers', 'pods', 'overview'];

/** The names --detail had before the levels: full is the containers level, compact the overview's tiles. */
export const DETAIL_ALIASES: Readonly<Record<string, Level>> = { full: 'containers', compact: 'overview' };

/** The geometry an export lays out for a choice of detail and a model of `pods` pods. */
export function exportDetail(choice: DetailChoice, pods: number): Detail {
  return choice === 'auto' ? lodAt(pods, 1).detail : LEVEL_DETAIL[choice];
}

/** The shape of an export when none is asked for: a landscape screen's. */
export const DEFAULT_ASPECT: Readonly<{ width: number; height: number }> = { width: 16, height: 9 };
