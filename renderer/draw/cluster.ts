// Draws a laid-out cluster into an <svg> element of any Document (the
// browser's, or linkedom's for headless export). Elements are created through
// the svg's ownerDocument (d3's append does that), cluster strings reach the
// DOM only through .text() and .attr(), and a second call updates in place.

import { select, type BaseType } from 'd3';
import type { AnatomyModel } from '../../main/model/types.ts';
import { cleanLabel } from '../layout/text.ts';
import { wordsFor } from '../layout/words.ts';
import type { ClusterLayout } from '../layout/types.ts';
import { indexLayout } from '../scene/layout-index.ts';
import { drawBands, type DrawContext } from './entities.ts';
import { child, drawTexts, isTag, type Sel } from './primitives.ts';
import { themeByName, type Theme, type ThemeName } from './theme.ts';
import { drawStatusPatterns } from './status-marks.ts';

export interface DrawOptions {
  /** A palette name or a full theme. Default light. */
  theme?: ThemeName | Theme;
  /**
   * Animate moves, entries and exits. Only honoured when the document has a
   * window with requestAnimationFrame; headless export never animates.
   */
  animate?: boolean;
  /** Transition length in ms when animating. Default 350. */
  duration?: number;
  /** The root's role: one image (default), or a group of navigable objects (in the app). */
  role?: 'img' | 'group';
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

function canAnimate(svg: SVGSVGElement): boolean {
  const view = svg.ownerDocument?.defaultView as (Window & typeof globalThis) | null | undefined;
  return !!view && typeof view.requestAnimationFrame === 'function';
}

export function drawCluster(svg: SVGSVGElement, model: AnatomyModel, layout: ClusterLayout, options: DrawOptions = {}): void {
  const theme = typeof options.theme === 'object' && options.theme ? options.theme : themeByName(options.theme);
  const duration = options.animate && canAnimate(svg) ? Math.max(0, options.duration ?? 350) : 0;
  // The root's words are in the layout's language, as every text in the picture is.
  const t = wordsFor(layout.lang);
  const named = cleanLabel(model.source?.name) || t('pic.header.unnamed');
  // A redacted model's pseudonyms say so in the title and label too.
  const redacted = model.source?.redacted === true;
  const source = redacted ? t('redact.source', { source: named }) : named;
  const stats = model.stats;
  const summary = stats
    ? t('pic.svg.summary', { nodes: stats.nodes, pods: stats.pods, containers: stats.containers, volumes: stats.volumes })
    : '';

  // Another geometry is another picture: nothing of the old one's elements would fit it.
  const drawnDetail = svg.getAttribute('data-detail');
  if (drawnDetail && drawnDetail !== layout.detail) while (svg.firstChild) svg.removeChild(svg.firstChild);

  const root = select(svg) as unknown as Sel<SVGSVGElement, unknown>;
  // Written only when they differ: Chromium takes any write of these (viewBox, an inherited font) as
  // a change to the whole picture, and lays out and styles every element of it again.
  const rootAttrs: [string, string][] = [
    ['width', String(layout.width)],
    ['height', String(layout.height)],
    ['viewBox', `0 0 ${layout.width} ${layout.height}`],
    ['font-family', theme.fontFamily],
    ['role', options.role ?? 'img'],
    ['aria-label', summary ? t('pic.svg.label', { source, summary }) : t('pic.svg.labelBare', { source })],
    ['data-theme', theme.name],
    ['data-detail', layout.detail],
    ['text-rendering', 'geometricPrecision'],
  ];
  for (const [name, value] of rootAttrs) if (svg.getAttribute(name) !== value) svg.setAttribute(name, value);
  if (redacted) {
    if (svg.getAttribute('data-redacted') !== 'true') svg.setAttribute('data-redacted', 'true');
  } else if (svg.hasAttribute('data-redacted')) svg.removeAttribute('data-redacted');
  // A screen reader reads a Korean picture's words as Korean; an English one says nothing (as before).
  if (layout.lang && layout.lang !== 'en') {
    if (svg.getAttribute('lang') !== layout.lang) svg.setAttribute('lang', layout.lang);
  } else if (svg.hasAttribute('lang')) svg.removeAttribute('lang');

  let title = root.selectChild(isTag('title') as never);
  if (title.empty()) title = root.insert<BaseType>('title', function (this: SVGSVGElement) {
    return this.firstChild as Element | null;
  } as never);
  title.text(t('pic.svg.title', { source }));
  drawStatusPatterns(svg, theme);

  const g = root as unknown as Sel<SVGGElement, unknown>;
  child<SVGRectElement, unknown>(g, 'rect', 'ka-background')
    .attr('x', 0)
    .attr('y', 0)
    .attr('width', layout.width)
    .attr('height', layout.height)
    .attr('fill', theme.background);
  const header = child<SVGGElement, unknown>(g, 'g', 'ka-header').attr('data-kind', 'header');
  drawTexts(header, layout.header, { x: 0, y: 0 }, theme);

  const podElements = new Map<string, SVGGElement>();
  for (const el of Array.from(svg.querySelectorAll<SVGGElement>('g.ka-pod'))) {
    const uid = el.getAttribute('data-uid');
    if (uid !== null) podElements.set(uid, el);
  }
  const ctx: DrawContext = { theme, index: indexLayout(layout), duration, podElements };
  drawBands(child<SVGGElement, unknown>(g, 'g', 'ka-bands'), layout.bands, ctx);
}
