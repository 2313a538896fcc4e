// A status told by shape as well as colour. Themes made for paper
// (Theme.statusPatterns: the print theme) fill a status mark (a pod tile, a
// card's or a container's stripe, a legend swatch) with a pattern of its own,
// so a grey photocopy or a colour-blind reader still tells Failed from Pending.
// Other themes fill it with the plain colour, as before.

import type { StatusTone } from '../layout/types.ts';
import type { Theme } from './theme.ts';

export type StatusMark = 'solid' | 'hatch' | 'cross' | 'dots' | 'bars';

/** One mark per status, all different: what data-status-mark says of a mark in a pattern theme. */
export const STATUS_MARKS: Readonly<Record<StatusTone, StatusMark>> = {
  ok: 'solid',
  pending: 'hatch',
  failed: 'cross',
  done: 'dots',
  unknown: 'bars',
};

export const STATUS_TONES: readonly StatusTone[] = ['ok', 'pending', 'failed', 'done', 'unknown'];

const SVG_NS = 'http://www.w3.org/2000/svg';
export const PATTERNS_CLASS = 'ka-status-patterns';
const TILE = 6;

export function patternId(tone: StatusTone): string {
  return `ka-status-${tone}`;
}

/** The fill of a status mark: the status colour, or its pattern in a theme for paper. */
export function statusPaint(theme: Theme, tone: StatusTone): string {
  return theme.statusPatterns && STATUS_MARKS[tone] !== 'solid' ? `url(#${patternId(tone)})` : theme.status[tone];
}

/** The data-status-mark of a status mark: its shape in a theme for paper, none otherwise. */
export function statusMarkAttr(theme: Theme, tone: StatusTone): StatusMark | null {
  return theme.statusPatterns ? STATUS_MARKS[tone] : null;
}

/** The marks drawn on a tile of a pattern, in the status's colour on white (or white on it, for failed). */
function patternShapes(mark: StatusMark, color: string): Array<[string, Record<string, string>]> {
  const line = (d: string, stroke: string, width = '1.5'): [string, Record<string, string>] => ['path', { d, stroke, 'stroke-width': width, fill: 'none' }];
  const back = (fill: string): [string, Record<string, string>] => ['rect', { width: String(TILE), height: String(TILE), fill }];
  switch (mark) {
    case 'hatch':
      return [back('#ffffff'), line(`M0,${TILE} L${TILE},0 M-1,1 L1,-1 M${TILE - 1},${TILE + 1} L${TILE + 1},${TILE - 1}`, color)];
    case 'cross':
      return [back(color), line(`M0,0 L${TILE},${TILE} M0,${TILE} L${TILE},0`, '#ffffff', '1')];
    case 'dots':
      return [back(color), ['circle', { cx: '3', cy: '3', r: '1.2', fill: '#000000' }]];
    case 'bars':
      return [back('#ffffff'), ['rect', { y: '0', width: String(TILE), height: '3', fill: color }]];
    case 'solid':
      return [back(color)];
  }
}

/**
 * The <defs> of the status patterns as the svg's first child after its
 * <title> and <desc>, when the theme uses them; removed when it does not (a
 * drawing switched back from print).
 */
export function drawStatusPatterns(svg: SVGSVGElement, theme: Theme): void {
  const existing = Array.from(svg.children).find((c) => c.getAttribute('class') === PATTERNS_CLASS);
  if (!theme.statusPatterns) {
    existing?.remove();
    return;
  }
  if (existing?.getAttribute('data-theme') === theme.name) return;
  existing?.remove();
  const doc = svg.ownerDocument;
  const defs = doc.createElementNS(SVG_NS, 'defs');
  defs.setAttribute('class', PATTERNS_CLASS);
  defs.setAttribute('data-theme', theme.name);
  for (const tone of STATUS_TONES) {
    const mark = STATUS_MARKS[tone];
    if (mark === 'solid') continue;
    const pattern = doc.createElementNS(SVG_NS, 'pattern');
    pattern.setAttribute('id', patternId(tone));
    pattern.setAttribute('data-status-mark', mark);
    pattern.setAttribute('patternUnits', 'userSpaceOnUse');
    pattern.setAttribute('width', String(TILE));
    pattern.setAttribute('height', String(TILE));
    for (const [tag, attrs] of patternShapes(mark, theme.status[tone])) {
      const el = doc.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      pattern.appendChild(el);
    }
    defs.appendChild(pattern);
  }
  let after: Element | null = null;
  for (const c of Array.from(svg.children)) if (c.localName === 'title' || c.localName === 'desc') after = c;
  svg.insertBefore(defs, after ? after.nextSibling : svg.firstChild);
}
