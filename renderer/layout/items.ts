// Small constructors for the text items and pills the boxes carry.

import { PILL } from './metrics.ts';
import { measureText, truncateMeasured, truncateText, type FontWeight, type MeasuredText } from './text.ts';
import type { Pill, TextItem, Tone } from './types.ts';

export function fitText(
  key: string,
  text: string,
  x: number,
  y: number,
  maxWidth: number,
  size: number,
  weight: FontWeight,
  tone: Tone,
  anchor: TextItem['anchor'] = 'start',
): TextItem {
  return { key, text: truncateText(text, Math.max(0, maxWidth), size, weight), x, y, size, weight, anchor, tone };
}

/** fitText of a text measured once (text.ts measuredText). */
export function fitMeasured(key: string, m: MeasuredText, x: number, y: number, maxWidth: number, size: number, tone: Tone, anchor: TextItem['anchor'] = 'start'): TextItem {
  return { key, text: truncateMeasured(m, Math.max(0, maxWidth), size), x, y, size, weight: m.weight, anchor, tone };
}

/** Width a pill for `text` would take, capped at `maxWidth`. */
export function pillWidth(text: string, maxWidth = 140): number {
  return Math.min(maxWidth, Math.ceil(measureText(text, PILL.size, 600)) + 2 * PILL.padX);
}

/** A pill whose right edge is at `right`. */
export function pillAtRight(key: string, text: string, right: number, top: number, tone: Tone, maxWidth = 140): Pill {
  const width = pillWidth(text, maxWidth);
  return pillAt(key, text, right - width, top, width, tone);
}

export function pillAt(key: string, text: string, left: number, top: number, width: number, tone: Tone): Pill {
  return {
    key,
    x: left,
    y: top,
    width,
    height: PILL.height,
    tone,
    text: fitText(`${key}-text`, text, left + width / 2, top + PILL.baseline, width - 2 * PILL.padX, PILL.size, 600, tone, 'middle'),
  };
}
