// The shapes every box is made of: a frame, its text lines, its pills, and a
// <title>. Positions arrive absolute from the layout and are written relative
// to the group's own translate, so moving a group moves all it holds.

import type { BaseType, Selection } from 'd3';
import type { Pill, TextItem } from '../layout/types.ts';
import { pillColors, type Theme } from './theme.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sel<E extends BaseType, T> = Selection<E, T, any, any>;

export interface Origin {
  x: number;
  y: number;
}

/** Rounds to 0.1 so the SVG stays short and stable across platforms. */
export function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** An SVG element with these attributes; a null or undefined value leaves its attribute out. */
export function svgElement<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string | number | null | undefined>): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  return e;
}

export function translate(x: number, y: number): string {
  return `translate(${r(x)},${r(y)})`;
}

// Matchers as functions rather than CSS selectors: d3 then filters children
// directly instead of compiling a selector per call, which is what makes
// drawing thousands of pods into linkedom slow.
export function hasClass(cls: string): (el: Element) => boolean {
  return (el) => el.getAttribute('class') === cls;
}

export function isTag(tag: string): (el: Element) => boolean {
  return (el) => el.localName === tag;
}

/**
 * What d3's selection.order() does, in one pass, for a selection whose
 * elements share one parent (a join under one layer): each element ends up
 * before the next one, and an element already before it is left in place.
 * d3 asks compareDocumentPosition about every neighbouring pair, which
 * linkedom answers by listing all of the parent's children, twice: headless
 * export of 20,000 pods on one node took 26 s instead of 2. Here an element
 * whose nextSibling is the next one costs nothing (so a first drawing, which
 * appends in order, moves nothing), and the first pair that needs a real
 * answer numbers the parent's children once. Elements with different
 * parents fall back to d3.
 */
export function orderSiblings<E extends BaseType, T>(selection: Sel<E, T>): Sel<E, T> {
  const nodes = selection.nodes() as unknown as Node[];
  const parent = nodes[0]?.parentNode;
  if (!parent || nodes.some((n) => n.parentNode !== parent)) return selection.order();
  let position: Map<Node, number> | null = null;
  let next = nodes[nodes.length - 1] as Node;
  // Where `next` sits, in the numbering taken before any move: an element
  // moved in front of `next` keeps the bound of the one it was moved before.
  let bound = 0;
  for (let i = nodes.length - 2; i >= 0; i--) {
    const node = nodes[i] as Node;
    if (!position) {
      if (node.nextSibling === next) {
        next = node;
        continue;
      }
      position = new Map();
      let k = 0;
      for (let c = parent.firstChild; c; c = c.nextSibling) position.set(c, k++);
      bound = position.get(next) as number;
    }
    const at = position.get(node) as number;
    if (at < bound) bound = at;
    else parent.insertBefore(node, next);
    next = node;
  }
  return selection;
}

/** The single child of `parent` with class `cls`, created on first use. */
export function child<E extends SVGElement, T>(parent: Sel<SVGGElement, T>, tag: string, cls: string): Sel<E, T> {
  let sel = parent.selectChild(hasClass(cls) as never) as unknown as Sel<E, T>;
  if (sel.empty()) sel = parent.append(tag).attr('class', cls) as unknown as Sel<E, T>;
  return sel;
}

export function setTitle<T>(g: Sel<SVGGElement, T>, text: (d: T) => string): void {
  // Per element: in a redraw some groups already have their <title>, others
  // (just entered) do not. It must be the first child for assistive tech.
  g.each(function (d) {
    const el = this as SVGGElement;
    let title: Element | null = null;
    for (const c of Array.from(el.children)) if (c.localName === 'title') title = c;
    if (!title) {
      title = el.ownerDocument.createElementNS(SVG_NS, 'title');
      el.insertBefore(title, el.firstChild);
    }
    title.textContent = text(d);
  });
}

/**
 * The child layer `cls` of `parent`, or null when it does not exist and there
 * is nothing to put in it: empty layers would only cost elements (thousands of
 * them in a big cluster).
 */
export function childLayer<T>(parent: Sel<SVGGElement, T>, cls: string, needed: boolean): Sel<SVGGElement, unknown> | null {
  const existing = parent.selectChild(hasClass(cls) as never) as unknown as Sel<SVGGElement, unknown>;
  if (!existing.empty()) return existing;
  return needed ? (parent.append('g').attr('class', cls) as unknown as Sel<SVGGElement, unknown>) : null;
}

export function drawTexts(parent: Sel<SVGGElement, unknown>, items: TextItem[], origin: Origin, theme: Theme, cls = 'ka-texts'): void {
  const texts = childLayer(parent, cls, items.length > 0);
  if (!texts) return;
  texts
    .selectChildren<SVGTextElement, TextItem>(isTag('text') as never)
    .data(items, (d) => d.key)
    .join('text')
    .attr('x', (d) => r(d.x - origin.x))
    .attr('y', (d) => r(d.y - origin.y))
    .attr('font-size', (d) => d.size)
    // Defaults (400, start) are left out: they are most text, and every attribute costs.
    .attr('font-weight', (d) => (d.weight === 400 ? null : d.weight))
    .attr('text-anchor', (d) => (d.anchor === 'start' ? null : d.anchor))
    .attr('fill', (d) => theme.text[d.tone])
    .text((d) => d.text);
}

export function drawPills(parent: Sel<SVGGElement, unknown>, pills: Pill[], origin: Origin, theme: Theme): void {
  const host = childLayer(parent, 'ka-pills', pills.length > 0);
  if (!host) return;
  const groups = host
    .selectChildren<SVGGElement, Pill>(isTag('g') as never)
    .data(pills, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect');
      g.append('text');
      return g;
    })
    .attr('data-pill', (d) => d.key);
  groups
    .selectChild(isTag('rect') as never)
    .attr('x', (d) => r(d.x - origin.x))
    .attr('y', (d) => r(d.y - origin.y))
    .attr('width', (d) => r(d.width))
    .attr('height', (d) => d.height)
    .attr('rx', (d) => d.height / 2)
    .attr('fill', (d) => pillColors(theme, d.tone).fill);
  groups
    .selectChild(isTag('text') as never)
    .attr('x', (d) => r(d.text.x - origin.x))
    .attr('y', (d) => r(d.text.y - origin.y))
    .attr('font-size', (d) => d.text.size)
    .attr('font-weight', (d) => d.text.weight)
    .attr('text-anchor', 'middle')
    .attr('fill', (d) => pillColors(theme, d.tone).text)
    .text((d) => d.text.text);
}

export function drawFrame(
  parent: Sel<SVGGElement, unknown>,
  width: number,
  height: number,
  fill: string,
  stroke: string,
  radius: number,
  cls = 'ka-frame',
): void {
  // x, y default to 0 and stroke-width to 1; leaving them out saves thousands of attributes.
  child<SVGRectElement, unknown>(parent, 'rect', cls)
    .attr('width', r(width))
    .attr('height', r(height))
    .attr('rx', radius)
    .attr('fill', fill)
    .attr('stroke', stroke === fill ? null : stroke);
}
