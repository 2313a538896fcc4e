// Deterministic text measurement for the layout. The layout must not touch a
// DOM (it runs in tests, in the main process and in a worker), so widths are
// estimated from the advance widths of the bundled font (assets/fonts,
// Pretendard) instead of being measured. Both the PNG export (resvg with only
// the bundled fonts) and the app (which loads the same font first) draw with
// that font, so the estimate is exact for Latin text and close elsewhere.

import { showInvisible } from '../../main/common/printable.ts';

export type FontWeight = 400 | 600;

// Advance widths in thousandths of an em for U+0020..U+007E, read from the
// hmtx table of Pretendard-Regular.otf and Pretendard-SemiBold.otf (1.3.9).
const REGULAR_ASCII = [
  251, 257, 379, 600, 607, 862, 609, 201, 341, 341, 471, 627, 258, 433, 254, 334,
  596, 438, 587, 617, 624, 597, 613, 552, 606, 613, 254, 254, 627, 627, 627, 479,
  880, 646, 619, 693, 686, 567, 557, 709, 706, 244, 516, 621, 533, 853, 718, 727,
  604, 727, 608, 607, 611, 707, 646, 915, 612, 634, 595, 341, 334, 341, 442, 425,
  469, 535, 591, 529, 591, 553, 337, 579, 563, 218, 218, 517, 218, 834, 557, 567,
  579, 579, 350, 496, 340, 553, 529, 777, 513, 529, 513, 341, 306, 341, 627,
];
const SEMIBOLD_ASCII = [
  237, 290, 377, 616, 622, 928, 635, 199, 374, 374, 517, 645, 277, 443, 272, 358,
  639, 459, 603, 632, 646, 617, 633, 567, 631, 633, 272, 272, 645, 645, 645, 519,
  876, 693, 631, 714, 695, 582, 561, 725, 715, 259, 536, 649, 541, 872, 712, 744,
  617, 745, 624, 622, 632, 705, 693, 971, 661, 675, 625, 374, 358, 374, 459, 445,
  475, 550, 604, 553, 604, 567, 357, 599, 587, 244, 244, 544, 244, 864, 584, 582,
  599, 599, 377, 524, 360, 582, 552, 806, 538, 552, 536, 374, 339, 374, 645,
];

/** A few non-ASCII characters the drawing itself writes. */
const EXTRA: Record<number, [number, number]> = {
  0x2026: [762, 817], // …
  0x00b7: [254, 272], // ·
  0x2192: [913, 919], // →
  0x25cf: [871, 887], // ●
  0x2013: [471, 477], // –
  0x2014: [957, 963], // —
};

export const ELLIPSIS = '…';

/** Advance of one code point, in em. */
export function charAdvance(cp: number, weight: FontWeight): number {
  if (cp >= 0x20 && cp <= 0x7e) return (weight === 600 ? SEMIBOLD_ASCII : REGULAR_ASCII)[cp - 0x20] / 1000;
  const extra = EXTRA[cp];
  if (extra) return (weight === 600 ? extra[1] : extra[0]) / 1000;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // Hangul syllables and jamo are 0.864 em in Pretendard.
  if ((cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f)) return 0.864;
  if (isWide(cp)) return 1;
  // Other scripts: an average Latin lower-case advance, rounded up a little.
  return weight === 600 ? 0.6 : 0.58;
}

/** CJK and other East Asian wide characters, estimated as one em. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) || // CJK radicals, kana, CJK unified
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xd7b0 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) || // emoji
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** The code point at `i`: a surrogate pair's (two code units, above 0xffff), else the code unit, a lone surrogate too. */
function codePoint(text: string, i: number): number {
  const cp = text.charCodeAt(i);
  if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return cp;
}

/** Width in px of `text` set at `size` px. */
export function measureText(text: string, size: number, weight: FontWeight = 400): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = codePoint(text, i);
    if (cp > 0xffff) i++;
    em += charAdvance(cp, weight);
  }
  return em * size;
}

/**
 * Fit `text` into `maxWidth`, cutting at a code point boundary and ending with
 * "…" when it does not fit. Returns "" when not even the ellipsis fits.
 */
export function truncateText(text: string, maxWidth: number, size: number, weight: FontWeight = 400): string {
  if (measureText(text, size, weight) <= maxWidth) return text;
  const budget = maxWidth - charAdvance(0x2026, weight) * size;
  if (budget < 0) return '';
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = charAdvance(ch.codePointAt(0)!, weight) * size;
    if (used + w > budget) break;
    used += w;
    out += ch;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** A text with its advances looked up once: truncated at any width and size without decoding it again (overview labels, at every zoom step). */
export interface MeasuredText {
  text: string;
  weight: FontWeight;
  /** The advance of each code point, in em. */
  advances: Float64Array;
  /** Index in `text` just past each code point. */
  ends: Uint32Array;
  /** The whole text's advance in em, summed in order as measureText sums it. */
  em: number;
}

export function measuredText(text: string, weight: FontWeight = 400): MeasuredText {
  const advances = new Float64Array(text.length);
  const ends = new Uint32Array(text.length);
  let n = 0;
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = codePoint(text, i);
    if (cp > 0xffff) i++;
    const a = charAdvance(cp, weight);
    em += a;
    advances[n] = a;
    ends[n] = i + 1;
    n++;
  }
  return { text, weight, advances: advances.subarray(0, n), ends: ends.subarray(0, n), em };
}

/**
 * truncateText of a measured text: the same cut, by the same sums (an
 * advance times the size, added in order), so that a width on a cut point
 * cuts where truncateText cuts, without a code point decoded or looked up.
 */
export function truncateMeasured(m: MeasuredText, maxWidth: number, size: number): string {
  if (m.em * size <= maxWidth) return m.text;
  const budget = maxWidth - charAdvance(0x2026, m.weight) * size;
  if (budget < 0) return '';
  let used = 0;
  let n = 0;
  for (; n < m.advances.length; n++) {
    const w = m.advances[n] * size;
    if (used + w > budget) break;
    used += w;
  }
  return m.text.slice(0, n === 0 ? 0 : m.ends[n - 1]).trimEnd() + ELLIPSIS;
}

// Longer strings are never shown whole; cutting them first keeps measuring
// O(1) per label even when a cluster hands us a megabyte of "name".
const MAX_LABEL_CHARS = 400;

/**
 * Make an untrusted string safe to lay out as one line: control characters
 * and line breaks become spaces, runs of whitespace collapse, the length is
 * capped, and invisible format characters (bidi overrides…) are shown as
 * markers. Here, before measuring, so that the width fits what is drawn.
 */
export function cleanLabel(value: unknown): string {
  if (typeof value !== 'string') return value === undefined || value === null ? '' : cleanLabel(String(value));
  if (value.length <= MAX_LABEL_CHARS && !NEEDS_CLEANING.test(value)) return showInvisible(value);
  const s = value.length > MAX_LABEL_CHARS * 2 ? value.slice(0, MAX_LABEL_CHARS * 2) : value;
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]+/g, ' ').replace(/\s+/g, ' ').trim();
  const capped = flat.length > MAX_LABEL_CHARS ? flat.slice(0, MAX_LABEL_CHARS) : flat;
  return showInvisible(capped.replace(LONE_SURROGATE, ''));
}

// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff\ud800-\udfff]|\s\s|^\s|\s$|[^\S ]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lines of at most `width` px, broken at spaces, and anywhere within a word longer than a line. */
export function wrapText(text: string, width: number, size: number, weight: FontWeight = 400): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const tried = line ? `${line} ${word}` : word;
    if (measureText(tried, size, weight) <= width) {
      line = tried;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    // Cut greedily by code point: linear in the word, however long.
    while (measureText(rest, size, weight) > width) {
      let used = 0;
      let taken = '';
      for (const ch of rest) {
        const w = measureText(ch, size, weight);
        if (used + w > width && taken) break;
        used += w;
        taken += ch;
      }
      lines.push(taken);
      rest = rest.slice(taken.length);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}
