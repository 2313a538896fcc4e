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
