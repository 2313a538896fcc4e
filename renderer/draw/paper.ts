// Puts a drawn picture on paper (issue 11): a title and caption above it, the
// legend and the footer below, and its alt text as the root's <title> and
// <desc>. The same code serves the headless export (linkedom) and the app's
// export (the browser's DOM). Runs after the drawing (and a lens or callouts),
// so what was drawn moves down as one group and keeps its own coordinates.
//
// Each part has its class and data-role (title, caption, legend, footer,
// picture), for tests and for the helpers that read an export.

import { measureText, wrapText, type FontWeight } from '../layout/text.ts';
import { legendOf, type PaperContent, type LegendEntry } from './paper-content.ts';
import type { ClusterLayout, InjectedVolumes, StatusTone } from '../layout/types.ts';
import { wordsFor } from '../layout/words.ts';
import { STATUS_TONES, statusMarkAttr, statusPaint } from './status-marks.ts';
import type { Theme } from './theme.ts';
import { svgElement as el, translate } from './primitives.ts';
import { drawEventsTable, layoutEventsTable, MIN_EVENTS_TABLE_WIDTH, type EventsTableGeometry } from './paper-events.ts';

export const PAPER = {
  margin: 24,
  minWidth: 360,
  title: { size: 22, weight: 600 as FontWeight, line: 28 },
  caption: { size: 14, weight: 400 as FontWeight, line: 20 },
  legend: { size: 12, row: 22, swatch: 14, gap: 6, spacing: 20 },
  footer: { size: 11, line: 18 },
  /** Space between the paper's parts and the picture. */
  gap: 12,
} as const;

export interface PlacedText {
  text: string;
  x: number;
  y: number;
}

export interface PlacedEntry {
  entry: LegendEntry;
  x: number;
  y: number;
}

export interface PaperGeometry {
  width: number;
  height: number;
  /** Where the picture starts: the height of the title and caption above it. */
  top: number;
  title: PlacedText[];
  caption: PlacedText[];
  legend: PlacedEntry[];
  /** The events table (export --events), under the legend, its top-left at x, y. */
  events?: { x: number; y: number; table: EventsTableGeometry };
  footer?: PlacedText;
}

/** Where the paper's parts go around a picture `width` × `height`. Pure, for the drawing and its tests. */
export function layoutPaper(content: PaperContent, size: { width: number; height: number }): PaperGeometry {
  // A table of events needs its columns: the paper grows around a narrow picture.
  const width = Math.max(size.width, PAPER.minWidth, content.events ? MIN_EVENTS_TABLE_WIDTH + 2 * PAPER.margin : 0);
  const inner = width - 2 * PAPER.margin;
  let y = 0;
  const title: PlacedText[] = [];
  const caption: PlacedText[] = [];
  if (content.title || content.caption) y = PAPER.margin;
  for (const line of content.title ? wrapText(content.title, inner, PAPER.title.size, PAPER.title.weight) : []) {
    y += PAPER.title.line;
    title.push({ text: line, x: PAPER.margin, y: y - 7 });
  }
  for (const line of content.caption ? wrapText(content.caption, inner, PAPER.caption.size, PAPER.caption.weight) : []) {
    y += PAPER.caption.line;
    caption.push({ text: line, x: PAPER.margin, y: y - 5 });
  }
  const top = y > 0 ? y + PAPER.gap : 0;

  let bottom = top + size.height;
  const legend: PlacedEntry[] = [];
  if (content.legend.length > 0) {
    const { size: font, row, swatch, gap, spacing } = PAPER.legend;
    let x = PAPER.margin;
    let rowTop = bottom + PAPER.gap;
    for (const entry of content.legend) {
      const w = swatch + gap + measureText(entry.text, font);
      if (x > PAPER.margin && x + w > width - PAPER.margin) {
        x = PAPER.margin;
        rowTop += row;
      }
      legend.push({ entry, x, y: rowTop });
      x += w + spacing;
    }
    bottom = rowTop + row;
  }
  let events: PaperGeometry['events'];
  if (content.events) {
    const table = layoutEventsTable(content.events, inner, wordsFor(content.lang));
    events = { x: PAPER.margin, y: bottom + PAPER.gap, table };
    bottom = events.y + table.height;
  }
  let footer: PlacedText | undefined;
  if (content.footer !== undefined) {
    bottom += PAPER.gap / 2;
    footer = { text: content.footer, x: PAPER.margin, y: bottom + PAPER.footer.line - 5 };
    bottom += PAPER.footer.line;
  }
  const added = title.length + caption.length + legend.length + (footer ? 1 : 0) + (events ? 1 : 0) > 0;
  return { width: added ? width : size.width, height: added ? bottom + PAPER.gap : size.height, top, title, caption, legend, ...(events ? { events } : {}), footer };
}

function text(doc: Document, placed: PlacedText, size: number, weight: number, fill: string): Element {
  const t = el(doc, 'text', { x: placed.x, y: placed.y, 'font-size': size, 'font-weight': weight === 400 ? null : weight, fill });
  // Words reach the DOM as text only, never as markup.
  t.textContent = placed.text;
  return t;
}

function group(doc: Document, cls: string, role: string): Element {
  return el(doc, 'g', { class: cls, 'data-role': role });
}

/** The small sample of a legend entry, drawn as the picture draws the thing it names. */
function swatch(doc: Document, entry: LegendEntry, theme: Theme): Element[] {
  const { swatch: s } = PAPER.legend;
  const box = (fill: string, stroke: string | null, extra: Record<string, string | number | null> = {}) =>
    el(doc, 'rect', { x: 0, y: 4, width: s, height: s - 4, rx: 2, fill, stroke, ...extra });
  switch (entry.kind) {
    case 'status':
      return [box(statusPaint(theme, entry.tone), theme.status[entry.tone], { 'data-status-mark': statusMarkAttr(theme, entry.tone) })];
    case 'role':
      return [box(theme.node.fill, theme.node.stroke), el(doc, 'rect', { x: 0, y: 4, width: s, height: 3, fill: theme.role[entry.role] })];
    case 'shared':
      return [box(theme.sharedVolume.fill, theme.sharedVolume.stroke)];
    case 'claim':
      return [box(theme.pillSoft.accent, theme.text.accent)];
    case 'injected':
      return [box(theme.volume.fill, theme.pod.stroke)];
    case 'mount':
    case 'read-only': {
      const color = theme.connectors[0] ?? theme.text.accent;
      return [
        el(doc, 'path', { d: `M0,9 L${s},9`, stroke: color, 'stroke-width': 1.5, fill: 'none', 'stroke-dasharray': entry.kind === 'read-only' ? '4 3' : null }),
        el(doc, 'circle', { cx: 0, cy: 9, r: 2.5, fill: color }),
        el(doc, 'circle', { cx: s, cy: 9, r: 2.5, fill: color }),
      ];
    }
  }
}

/** The root's <title> and <desc>, first in it, as assistive technology expects them. */
export function setAltText(svg: SVGSVGElement, alt: { title: string; desc: string }): void {
  const doc = svg.ownerDocument;
  const children = Array.from(svg.children);
  let title = children.find((c) => c.localName === 'title');
  if (!title) title = svg.insertBefore(el(doc, 'title', {}), svg.firstChild);
  else if (title !== svg.firstElementChild) svg.insertBefore(title, svg.firstChild);
  title.textContent = alt.title;
  let desc = children.find((c) => c.localName === 'desc');
  if (!desc) desc = el(doc, 'desc', {});
  svg.insertBefore(desc, title.nextSibling);
  desc.textContent = alt.desc;
}

const TONES = new Set<string>(STATUS_TONES);

/**
 * The legend of a picture already drawn (the app's, on screen or for a part),
 * read from its semantic attributes: the same entries legendOf gives for the
 * layout it was drawn from, in the drawing's language.
 */
export function legendOfDrawing(svg: SVGSVGElement, injected?: InjectedVolumes): LegendEntry[] {
  const all = (selector: string) => Array.from(svg.querySelectorAll(selector)).filter((el) => !el.closest('.ka-exiting'));
  const tone = (el: Element): StatusTone | undefined => {
    const t = el.getAttribute('data-tone') ?? '';
    return TONES.has(t) ? (t as StatusTone) : undefined;
  };
  const boxes = <T>(selector: string, make: (el: Element) => T | undefined) => all(selector).map(make).filter((x): x is T => x !== undefined);
  // Only what legendOf reads of a layout, built back from the drawing.
  const layout = {
    pods: boxes('g.ka-pod[data-tone]', (el) => (tone(el) ? { tone: tone(el)! } : undefined)),
    containers: boxes('g.ka-container[data-tone]', (el) => (tone(el) ? { tone: tone(el)! } : undefined)),
    nodes: boxes('g.ka-node[data-role]', (el) => ({ role: el.getAttribute('data-role') === 'control-plane' ? 'control-plane' : 'worker' })),
    volumes: boxes('g.ka-volume', (el) => ({ shared: el.getAttribute('data-shared') === 'true', claim: el.getAttribute('data-claim') ?? undefined })),
    connectors: boxes('g.ka-mount', (el) => ({ readOnly: el.getAttribute('data-read-only') === 'true' })),
    lang: svg.getAttribute('lang') === 'ko' ? 'ko' : 'en',
  } as unknown as ClusterLayout;
  return legendOf(layout, injected, wordsFor(layout.lang));
}

const KEPT_AT_ROOT = new Set(['title', 'desc', 'defs', 'style']);

/**
 * Adds the paper around what `svg` holds (a picture `size` big, from 0,0)
 * and sets its alt text. Returns the size of the whole.
 */
export function drawPaper(svg: SVGSVGElement, content: PaperContent, theme: Theme, size: { width: number; height: number }): { width: number; height: number } {
  setAltText(svg, content.alt);
  if (content.lang !== 'en') svg.setAttribute('lang', content.lang);
  const geometry = layoutPaper(content, size);
  if (geometry.width === size.width && geometry.height === size.height && geometry.top === 0) return size;
  const doc = svg.ownerDocument;

  const picture = group(doc, 'ka-paper-picture', 'picture');
  if (geometry.top) picture.setAttribute('transform', `translate(0,${geometry.top})`);
  for (const c of Array.from(svg.childNodes)) {
    if (c.nodeType === 1 && KEPT_AT_ROOT.has((c as Element).localName)) continue;
    picture.appendChild(c);
  }
  svg.appendChild(el(doc, 'rect', { class: 'ka-paper-background', 'data-role': 'paper', x: 0, y: 0, width: geometry.width, height: geometry.height, fill: theme.background }));
  svg.appendChild(picture);

  if (geometry.title.length) {
    const g = group(doc, 'ka-paper-title', 'title');
    for (const line of geometry.title) g.appendChild(text(doc, line, PAPER.title.size, PAPER.title.weight, theme.text.title));
    svg.appendChild(g);
  }
  if (geometry.caption.length) {
    const g = group(doc, 'ka-paper-caption', 'caption');
    for (const line of geometry.caption) g.appendChild(text(doc, line, PAPER.caption.size, PAPER.caption.weight, theme.text.text));
    svg.appendChild(g);
  }
  if (geometry.legend.length) {
    const g = group(doc, 'ka-legend', 'legend');
    for (const { entry, x, y } of geometry.legend) {
      const item = el(doc, 'g', {
        class: 'ka-legend-entry',
        'data-legend': entry.kind,
        'data-legend-tone': entry.kind === 'status' ? entry.tone : null,
        'data-legend-role': entry.kind === 'role' ? entry.role : null,
        transform: `translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})`,
      });
      for (const shape of swatch(doc, entry, theme)) item.appendChild(shape);
      item.appendChild(text(doc, { text: entry.text, x: PAPER.legend.swatch + PAPER.legend.gap, y: 14 }, PAPER.legend.size, 400, theme.text.text));
      g.appendChild(item);
    }
    svg.appendChild(g);
  }
  if (geometry.events) {
    const g = drawEventsTable(doc, geometry.events.table, theme);
    g.setAttribute('transform', translate(geometry.events.x, geometry.events.y));
    svg.appendChild(g);
  }
  if (geometry.footer) {
    const g = group(doc, 'ka-footer', 'footer');
    g.appendChild(text(doc, geometry.footer, PAPER.footer.size, 400, theme.text.muted));
    svg.appendChild(g);
  }
  svg.setAttribute('width', String(geometry.width));
  svg.setAttribute('height', String(geometry.height));
  svg.setAttribute('viewBox', `0 0 ${geometry.width} ${geometry.height}`);
  return { width: geometry.width, height: geometry.height };
}
