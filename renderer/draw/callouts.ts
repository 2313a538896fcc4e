// Callouts on the picture: a numbered marker pinned to each noted object's box,
// and, in an export, the list of notes beside the picture. A detached note (its
// object went away) is drawn dashed and marked "detached": where it last stood
// when it has a position, else in the list's margin only.
//
// One layer, <g class="ka-callouts" data-role="callouts">, last child of an
// export's SVG, or of the app's zoomed viewport, over whichever renderer
// draws. Each marker is <g data-role="callout" data-callout-n="…"> with the
// note's text in its <title>; the text is someone's own words from a file or
// a page, and reaches the DOM only as textContent.

import { showInvisible } from '../../main/common/printable.ts';
import type { CalloutKind, ResolvedCallout } from '../../main/model/callouts.ts';
import type { Translate } from '../../main/i18n/index.ts';
import type { ClusterLayout, Rect } from '../layout/types.ts';
import { measureText } from '../layout/text.ts';
import type { Theme } from './theme.ts';
import { svgElement as el } from './primitives.ts';

export const CALLOUT_RADIUS = 11;
const NUMBER_SIZE = 12;
const NOTE_SIZE = 13;
const NOTE_LINE = 18;
const NOTE_LINES = 4;
const NOTES_WIDTH = 320;
const NOTES_GAP = 24;
const NOTES_PAD = 16;

/** One callout laid on a layout: where its marker stands, and what it is pinned to there. */
export interface PlacedCallout {
  n: number;
  text: string;
  state: ResolvedCallout['state'];
  kind?: CalloutKind;
  /** The uid of the box it is drawn at (a container not drawn at this level: its pod's). */
  uid?: string;
  /** namespace/name… of its object (kept for a detached one: what it was on). */
  key?: string;
  /** The marker's centre; absent for a detached note with no position (the list only). */
  at?: { x: number; y: number };
}

type Boxes = Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>;

/**
 * Places resolved callouts on a layout: a pinned note at the top right corner
 * of its object's box (or of the pod standing for a container or volume the
 * level does not draw), several on one box side by side; a free note, and a
 * detached one that has a position, at that position.
 */
export function placeCallouts(layout: Boxes, resolved: readonly ResolvedCallout[]): PlacedCallout[] {
  if (resolved.length === 0) return [];
  // Only the boxes a note is on: a live model at 100,000 pods is placed twice a model, and a map of every box
  // cost more than the rest of showing it (60-150 ms each).
  const wanted = new Set<string>();
  for (const { state, object } of resolved) {
    if (state !== 'pinned' || !object) continue;
    wanted.add(object.uid);
    if (object.within !== undefined) wanted.add(object.within);
  }
  const boxes = new Map<string, Rect>();
  if (wanted.size > 0) {
    for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes] as Array<Array<Rect & { uid: string }>>) {
      for (const b of list) if (wanted.has(b.uid)) boxes.set(b.uid, b);
    }
  }
  const onBox = new Map<string, number>();
  return resolved.map(({ callout, state, object }) => {
    const placed: PlacedCallout = { n: callout.n, text: callout.text, state };
    const target = callout.target;
    if (target) {
      placed.kind = target.kind;
      placed.key = object?.key ?? target.key;
    }
    if (state === 'pinned' && object) {
      const uid = boxes.has(object.uid) ? object.uid : object.within !== undefined && boxes.has(object.within) ? object.within : undefined;
      if (uid !== undefined) {
        const box = boxes.get(uid)!;
        const i = onBox.get(uid) ?? 0;
        onBox.set(uid, i + 1);
        placed.uid = uid;
        placed.at = { x: box.x + box.width - CALLOUT_RADIUS * (1 + 2.2 * i), y: box.y };
        return placed;
      }
    }
    if (callout.at) placed.at = { x: callout.at.x, y: callout.at.y };
    return placed;
  });
}

/** A note's text as shown: invisible format characters made visible, as every untrusted text in the page is. */
function shown(text: string, t: Translate): string {
  return text === '' ? t('callout.empty') : showInvisible(text);
}

/** The numbered disc: solid when pinned or free, dashed and hollow when detached. */
function marker(doc: Document, p: Pick<PlacedCallout, 'n' | 'state'>, theme: Theme, x: number, y: number): SVGGElement {
  const g = el(doc, 'g', { class: 'ka-callout-mark' });
  const detached = p.state === 'detached';
  const circle = el(doc, 'circle', {
    cx: x,
    cy: y,
    r: CALLOUT_RADIUS,
    fill: detached ? theme.background : theme.text.accent,
    stroke: theme.text.accent,
    'stroke-width': 2,
  });
  if (detached) circle.setAttribute('stroke-dasharray', '3 2');
  g.appendChild(circle);
  const number = el(doc, 'text', {
    x,
    y: y + NUMBER_SIZE * 0.36,
    'font-size': NUMBER_SIZE,
    'font-weight': 600,
    'text-anchor': 'middle',
    fill: detached ? theme.text.accent : theme.background,
  });
  number.textContent = String(p.n);
  g.appendChild(number);
  return g;
}

export interface CalloutDrawOptions {
  /** Markers keep this size on screen: the view's zoom (the app); 1 in an export. */
  scale?: number;
}

/**
 * Fills `layer` (a <g>) with a marker for each placed note that has a
 * position; empties it for none. Markers take no pointer events: clicks reach
 * the objects below.
 */
export function paintCalloutMarkers(layer: SVGGElement, placed: readonly PlacedCallout[], theme: Theme, t: Translate, options: CalloutDrawOptions = {}): void {
  const doc = layer.ownerDocument;
  while (layer.firstChild) layer.removeChild(layer.firstChild);
  layer.setAttribute('class', 'ka-callouts');
  layer.setAttribute('data-role', 'callouts');
  layer.setAttribute('data-kind', 'callouts');
  layer.setAttribute('pointer-events', 'none');
  const k = options.scale && options.scale > 0 ? options.scale : 1;
  for (const p of placed) {
    if (!p.at) continue;
    const g = el(doc, 'g', {
      class: 'ka-callout',
      'data-role': 'callout',
      'data-callout-n': p.n,
      'data-callout-state': p.state,
      transform: `translate(${round(p.at.x)},${round(p.at.y)})${k === 1 ? '' : ` scale(${round(1 / k, 4)})`}`,
    });
    if (p.kind) g.setAttribute('data-target-kind', p.kind);
    if (p.uid) g.setAttribute('data-target-uid', p.uid);
    if (p.key) g.setAttribute('data-target-key', p.key);
    const title = el(doc, 'title', {});
    title.textContent = `${p.n}. ${shown(p.text, t)}${p.state === 'detached' ? ` (${t('callout.detached')})` : ''}`;
    g.appendChild(title);
    g.appendChild(marker(doc, p, theme, 0, 0));
    if (p.state === 'detached') {
      const word = el(doc, 'text', { x: CALLOUT_RADIUS + 4, y: 4, 'font-size': 11, fill: theme.text.accent, 'font-style': 'italic' });
      word.textContent = t('callout.detached');
      g.appendChild(word);
    }
    layer.appendChild(g);
  }
}

/** A note's text in lines of at most `width`, at most NOTE_LINES of them, the last cut with an ellipsis. */
export function wrapNote(text: string, width: number, size = NOTE_SIZE): string[] {
  const lines: string[] = [];
  let line = '';
  // Words where there are spaces; Hangul and other unspaced runs break between characters when a word is too long.
  for (const word of text.split(/(\s+)/)) {
    if (word === '') continue;
    const tried = line + word;
    if (measureText(tried, size) <= width) {
      line = tried;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
    if (/^\s+$/.test(word)) continue;
    for (const ch of word) {
      if (measureText(line + ch, size) > width && line !== '') {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  if (lines.length > NOTE_LINES) {
    const kept = lines.slice(0, NOTE_LINES);
    let last = kept[NOTE_LINES - 1]!;
    while (last !== '' && measureText(`${last}…`, size) > width) last = last.slice(0, -1);
    kept[NOTE_LINES - 1] = `${last}…`;
    return kept;
  }
  return lines.length > 0 ? lines : [''];
}

/**
 * Draws the callouts onto an exported picture: the markers over it (the SVG's
 * last child) and the list of notes in a column to its right, each with its
 * number, its text and, for a detached one, what it was on. The SVG grows to
 * hold the column; its new size is returned. Nothing is drawn, and the size
 * is the layout's, when there are no notes.
 */
export function drawCalloutsOnExport(
  svg: SVGSVGElement,
  layout: Boxes & Pick<ClusterLayout, 'width' | 'height'>,
  resolved: readonly ResolvedCallout[],
  theme: Theme,
  t: Translate,
): { width: number; height: number } {
  if (resolved.length === 0) return { width: layout.width, height: layout.height };
  const doc = svg.ownerDocument;
  const placed = placeCallouts(layout, resolved);
  const markers = el(doc, 'g', {});
  paintCalloutMarkers(markers, placed, theme, t);

  const x0 = layout.width + NOTES_GAP;
  const notes = el(doc, 'g', { class: 'ka-callout-notes', 'data-role': 'callout-notes' });
  const heading = el(doc, 'text', { x: x0 + NOTES_PAD, y: NOTES_PAD + 16, 'font-size': 15, 'font-weight': 600, fill: theme.text.title });
  heading.textContent = t('callout.notes');
  notes.appendChild(heading);
  let y = NOTES_PAD + 40;
  const textX = x0 + NOTES_PAD + CALLOUT_RADIUS * 2 + 10;
  const textWidth = NOTES_WIDTH - (textX - x0) - NOTES_PAD;
  for (const p of placed) {
    const row = el(doc, 'g', { class: 'ka-callout-note', 'data-role': 'callout-note', 'data-callout-n': p.n, 'data-callout-state': p.state });
    const title = el(doc, 'title', {});
    title.textContent = `${p.n}. ${shown(p.text, t)}`;
    row.appendChild(title);
    row.appendChild(marker(doc, p, theme, x0 + NOTES_PAD + CALLOUT_RADIUS, y + CALLOUT_RADIUS - 2));
    const lines = wrapNote(shown(p.text, t), textWidth);
    const said = lines.length;
    if (p.state === 'detached') {
      const was = p.kind && p.key ? t('callout.wasOn', { kind: t(`callout.kind.${p.kind}`), key: showInvisible(p.key) }) : '';
      lines.push(...wrapNote(`${t('callout.detached')}${was ? ` · ${was}` : ''}`, textWidth, 11));
    }
    lines.forEach((line, i) => {
      // What the note says, then (detached) what it was on, smaller.
      const extra = i >= said;
      const text = el(doc, 'text', {
        x: textX,
        y: y + 12 + i * NOTE_LINE,
        'font-size': extra ? 11 : NOTE_SIZE,
        fill: extra ? theme.text.muted : theme.text.text,
      });
      if (extra) text.setAttribute('font-style', 'italic');
      text.textContent = line;
      row.appendChild(text);
    });
    notes.appendChild(row);
    y += Math.max(CALLOUT_RADIUS * 2 + 4, lines.length * NOTE_LINE) + 10;
  }
  const width = Math.ceil(x0 + NOTES_WIDTH);
  const height = Math.ceil(Math.max(layout.height, y + NOTES_PAD));
  // The picture's background grows with it, under the column too.
  const background = Array.from(svg.children).find((c) => c.getAttribute('class') === 'ka-background');
  if (background) {
    background.setAttribute('width', String(width));
    background.setAttribute('height', String(height));
  } else notes.insertBefore(el(doc, 'rect', { x: layout.width, y: 0, width: width - layout.width, height, fill: theme.background }), notes.firstChild);
  svg.appendChild(notes);
  svg.appendChild(markers);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { width, height };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
