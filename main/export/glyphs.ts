// Which characters the bundled fonts can draw, read from their cmap tables,
// and which characters of a drawn SVG's text they cannot: resvg, with no
// system fonts, draws those as empty boxes in a PNG (names, event messages
// and notes may be in any script: Han, kana, Arabic, emoji…). The SVG itself
// keeps them as text, for the viewer's fonts to draw.

import { readFileSync } from 'node:fs';

/** A set of code points, one bit each (0x110000 bits, 136 KiB). */
export type Coverage = Uint8Array;

const CODE_POINTS = 0x110000;

function add(coverage: Coverage, first: number, last: number): void {
  for (let c = Math.max(0, first); c <= Math.min(last, CODE_POINTS - 1); c++) coverage[c >> 3] |= 1 << (c & 7);
}

export function covers(coverage: Coverage, codePoint: number): boolean {
  return codePoint >= 0 && codePoint < CODE_POINTS && (coverage[codePoint >> 3] & (1 << (codePoint & 7))) !== 0;
}

/**
 * The code points an OpenType font (TrueType or CFF outlines) maps to a
 * glyph other than .notdef: its cmap's Unicode subtable, format 12 (all
 * planes) when it has one, else format 4 (the BMP). Adds to `into`.
 */
export function readCmapCoverage(font: Uint8Array, into: Coverage = new Uint8Array(CODE_POINTS / 8)): Coverage {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (String.fromCharCode(font[record], font[record + 1], font[record + 2], font[record + 3]) === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) throw new Error('the font has no cmap table');
  // The Unicode subtables: (3,10) and (0,4|6) full repertoire, (3,1) and (0,3) the BMP.
  let full = -1;
  let bmp = -1;
  const count = view.getUint16(cmap + 2);
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + i * 8;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const offset = cmap + view.getUint32(record + 4);
    const format = view.getUint16(offset);
    if (format === 12 && ((platform === 3 && encoding === 10) || (platform === 0 && (encoding === 4 || encoding === 6)))) full = offset;
    else if (format === 4 && ((platform === 3 && encoding === 1) || (platform === 0 && encoding === 3))) bmp = offset;
  }
  if (full >= 0) {
    const groups = view.getUint32(full + 12);
    for (let g = 0; g < groups; g++) {
      const at = full + 16 + g * 12;
      const first = view.getUint32(at);
      const last = view.getUint32(at + 4);
      // A group starting at glyph 0 maps its first code point to .notdef.
      add(into, view.getUint32(at + 8) === 0 ? first + 1 : first, last);
    }
    return into;
  }
  if (bmp < 0) throw new Error('the font has no Unicode cmap subtable');
  const segments = view.getUint16(bmp + 6) / 2;
  const ends = bmp + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + s * 2);
    const end = view.getUint16(ends + s * 2);
    const delta = view.getUint16(deltas + s * 2);
    const rangeOffset = view.getUint16(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = at + 2 <= font.byteLength ? view.getUint16(at) : 0;
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) add(into, c, c);
    }
  }
  return into;
}

const COVERAGES = new Map<string, Coverage>();

/** What any of these font files can draw (resvg falls back from one to another), read once per set of files. */
export function fontsCoverage(files: readonly string[]): Coverage {
  const key = files.join('\n');
  let coverage = COVERAGES.get(key);
  if (!coverage) {
    coverage = new Uint8Array(CODE_POINTS / 8);
    for (const file of files) readCmapCoverage(readFileSync(file), coverage);
    COVERAGES.set(key, coverage);
  }
  return coverage;
}

/** The characters of a picture's text no bundled font has: how many different ones, and the first few, in order of appearance. */
export interface MissingGlyphs {
  /** Different characters. */
  distinct: number;
  /** Their occurrences in the text. */
  occurrences: number;
  /** The first few different ones. */
  examples: string[];
}

// Nothing to draw: whitespace, controls (XML has none but tab and line breaks), lone surrogates, and the
// default-ignorable characters (joiners, variation selectors, bidi controls) a shaper hides when a font lacks them.
const INVISIBLE = /^[\s\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}]$/u;
// What a character that might be missing can be: any but printable ASCII, which every bundled font draws.
const RARE = /[^\x20-\x7e\t\n\r]/u;
const RARE_ALL = /[^\x20-\x7e\t\n\r]/gu;
// The markup of the strict XML svg.ts writes: a tag (">" is escaped in attribute values), a comment, CDATA,
// a declaration or processing instruction, or character data.
const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<[!?][^>]*>|([^<]+)/g;
// Elements whose text is never drawn: tooltips, descriptions, metadata and styles.
const HIDDEN = new Set(['title', 'desc', 'metadata', 'style', 'script']);

/**
 * The characters an SVG's drawn text (inside <text>, not in a <title> or
 * <desc>) holds that `coverage` lacks; null when there are none. Most
 * pictures are all Latin and Hangul: a first look at the characters beyond
 * ASCII settles those without reading the markup.
 */
export function missingGlyphs(svg: string, coverage: Coverage, examples = 5): MissingGlyphs | null {
  if (!RARE.test(svg)) return null;
  let any = false;
  for (const [c] of svg.matchAll(RARE_ALL)) {
    if (!covers(coverage, c.codePointAt(0)!) && !INVISIBLE.test(c)) {
      any = true;
      break;
    }
  }
  if (!any) return null;
  const seen = new Map<string, number>();
  let inText = 0;
  let hidden = 0;
  const open = (name: string, delta: number) => {
    const local = name.slice(name.indexOf(':') + 1);
    if (local === 'text') inText += delta;
    else if (HIDDEN.has(local)) hidden += delta;
  };
  for (const m of svg.matchAll(TOKEN)) {
    const [, closing, name, selfClosing, cdata, data] = m;
    if (name !== undefined) {
      if (!selfClosing) open(name, closing ? -1 : 1);
      continue;
    }
    const text = data ?? cdata;
    if (text === undefined || inText <= 0 || hidden > 0 || !RARE.test(text)) continue;
    for (const [c] of text.matchAll(RARE_ALL)) {
      if (covers(coverage, c.codePointAt(0)!) || INVISIBLE.test(c)) continue;
      seen.set(c, (seen.get(c) ?? 0) + 1);
    }
  }
  if (seen.size === 0) return null;
  let occurrences = 0;
  for (const n of seen.values()) occurrences += n;
  return { distinct: seen.size, occurrences, examples: [...seen.keys()].slice(0, examples) };
}

/** A character as a warning names it: itself and its code point ("中 U+4E2D"); a combining mark on a dotted circle. */
export function characterName(c: string): string {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `${/^\p{M}$/u.test(c) ? `\u25cc${c}` : c} ${code}`;
}
