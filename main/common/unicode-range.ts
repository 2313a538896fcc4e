// A CSS unicode-range ("U+20-7e, U+ac00") as code point intervals, for the
// page's font faces (renderer/fonts.css) and what reads them.

/** The intervals of `range`, [first, last] each; a part that is not a hex value or range is left out. */
export function unicodeRanges(range: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const part of range.split(',')) {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const first = parseInt(from ?? '', 16);
    const last = to === undefined ? first : parseInt(to, 16);
    if (Number.isFinite(first) && Number.isFinite(last)) out.push([first, last]);
  }
  return out;
}
