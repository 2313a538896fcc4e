// A concept lens on the picture: what it points at is outlined and the rest is
// dimmed, in a layer of its own over the drawing (one <g class="ka-lens">: in
// an export the SVG's last child; in the app a separate <svg> over whichever
// renderer draws, moved with the view, so that switching lens repaints neither
// the SVG's thousands of elements nor the canvas). The drawing below is never
// changed by a lens but for data-concept: every element that stands for a
// target carries the active concept ids, for tests and assistive technology
// (the SVG's groups, or the canvas's accessible tree).
//
// Which element stands for a target is decided on the layout: a container or
// volume that the layout does not draw (cards, tiles) is stood for by its pod.

import type { ClusterLayout, Rect } from '../layout/types.ts';
import type { PaintView } from './canvas2d.ts';
import { child, r, type Sel } from './primitives.ts';
import type { Theme } from './theme.ts';
import { select } from 'd3';

/** What a lens points at: kind and uid as drawn, and the pod holding a container or volume. */
export interface LensPoint {
  kind: 'node' | 'pod' | 'container' | 'volume';
  uid: string;
  within?: string;
  /** The concept ids pointing at it. */
  concepts: readonly string[];
}

/** A lens laid on one layout: the drawn uids it marks (with their concept ids) and what it dims. */
export interface LensPlacement {
  layout: Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>;
  /** Drawn uid → the concept ids it carries (data-concept). */
  marked: ReadonlyMap<string, string>;
  /** Dimmed at the outermost level only, so that opacity does not compound. */
  dimmed: ReadonlySet<string>;
  boxes: ReadonlyMap<string, Rect>;
}

type Box = Rect & { uid: string };

/** Each layout's boxes by uid, made once: switching lens on the same picture looks them up again only. */
const BOXES = new WeakMap<object, Map<string, Box>>();

function boxesOf(layout: Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>): Map<string, Box> {
  let boxes = BOXES.get(layout);
  if (!boxes) {
    boxes = new Map();
    for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes] as Box[][]) for (const b of list) boxes.set(b.uid, b);
    BOXES.set(layout, boxes);
  }
  return boxes;
}

/**
 * Each layout's placements, by the points placed (an array never changed once placed): switching back
 * to a lens on the same picture places it once. At 5,000 pods a placement took 5–65 ms a switch.
 */
const PLACED = new WeakMap<object, WeakMap<readonly LensPoint[], LensPlacement>>();

/**
 * Places `points` on a layout. Dims every node that neither is nor holds a
 * target; under a lit node, every pod that neither is nor holds one; inside a
 * pod lit only for what it holds, the containers and volumes that are not
 * targets. A target pod keeps everything it holds: the pod is the point.
 * The same layout and points array give the same placement (made once).
 */
export function placeLens(layout: Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>, points: readonly LensPoint[]): LensPlacement {
  let placed = PLACED.get(layout);
  if (!placed) PLACED.set(layout, (placed = new WeakMap()));
  let placement = placed.get(points);
  if (!placement) placed.set(points, (placement = placeNow(layout, points)));
  return placement;
}

function placeNow(layout: Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>, points: readonly LensPoint[]): LensPlacement {
  const boxes = boxesOf(layout);
  const concepts = new Map<string, Set<string>>();
  for (const p of points) {
    const uid = boxes.has(p.uid) ? p.uid : p.within !== undefined && boxes.has(p.within) ? p.within : undefined;
    if (uid === undefined) continue;
    let set = concepts.get(uid);
    if (!set) concepts.set(uid, (set = new Set()));
    for (const c of p.concepts) set.add(c);
  }
  const marked = new Map<string, string>();
  for (const [uid, set] of concepts) marked.set(uid, [...set].join(' '));

  const podNode = new Map<string, string | undefined>();
  for (const p of layout.pods) podNode.set(p.uid, p.nodeUid);
  const litPods = new Set<string>();
  const litNodes = new Set<string>();
  const holdsTarget = new Set<string>();
  for (const list of [layout.containers, layout.volumes]) {
    for (const b of list) {
      if (!marked.has(b.uid)) continue;
      litPods.add(b.podUid);
      holdsTarget.add(b.podUid);
    }
  }
  for (const p of layout.pods) if (marked.has(p.uid)) litPods.add(p.uid);
  for (const uid of litPods) {
    const node = podNode.get(uid);
    if (node !== undefined) litNodes.add(node);
  }
  for (const n of layout.nodes) if (marked.has(n.uid)) litNodes.add(n.uid);

  const dimmed = new Set<string>();
  for (const n of layout.nodes) if (!litNodes.has(n.uid)) dimmed.add(n.uid);
  for (const p of layout.pods) {
    if (p.nodeUid !== undefined && !litNodes.has(p.nodeUid)) continue;
    if (!litPods.has(p.uid)) dimmed.add(p.uid);
  }
  for (const list of [layout.containers, layout.volumes]) {
    for (const b of list) {
      if (holdsTarget.has(b.podUid) && !marked.has(b.podUid) && !marked.has(b.uid)) dimmed.add(b.uid);
    }
  }
  return { layout, marked, dimmed, boxes };
}

const LENS_CLASS = 'ka-lens';
/** The elements given data-concept, per root, so the next lens (or none) takes it off exactly those. */
const CONCEPT_MARKED = new WeakMap<Element, Set<Element>>();

/**
 * Sets data-concept on the elements standing for the placement's targets
 * (found by `elementOf`) and takes it off those of the lens before. `root`
 * keys that record: the SVG, or the accessible tree's host. An element that
 * already says the same is left alone, and one marked by both lenses is not
 * unmarked first: each attribute written is style the browser works out again.
 */
export function markConcepts(root: Element, placement: LensPlacement | null, elementOf: (uid: string) => Element | undefined | null): void {
  const before = CONCEPT_MARKED.get(root);
  const now = new Set<Element>();
  if (placement) {
    for (const [uid, ids] of placement.marked) {
      const el = elementOf(uid);
      if (!el) continue;
      if (el.getAttribute('data-concept') !== ids) el.setAttribute('data-concept', ids);
      now.add(el);
    }
  }
  if (before) for (const el of before) if (!now.has(el)) el.removeAttribute('data-concept');
  CONCEPT_MARKED.set(root, now);
  if (placement) root.setAttribute('data-concept-active', [...new Set([...placement.marked.values()].flatMap((v) => v.split(' ')))].join(' '));
  else root.removeAttribute('data-concept-active');
}

/** The SVG's drawn groups by uid (what an export or a test finds), for markConcepts. */
export function svgElements(svg: SVGSVGElement): (uid: string) => Element | undefined {
  const byUid = new Map<string, Element>();
  for (const el of Array.from(svg.querySelectorAll('g[data-uid]'))) {
    const kind = el.getAttribute('data-kind');
    if (kind === 'node' || kind === 'pod' || kind === 'container' || kind === 'volume') byUid.set(el.getAttribute('data-uid')!, el);
  }
  return (uid) => byUid.get(uid);
}

/**
 * Draws the lens layer over an SVG drawn by drawCluster (or removes it, given
 * no placement): a veil over what is dimmed and a ring around each target,
 * in the theme's colours, as attributes (an export carries its own look).
 * The layer takes no pointer events: clicks reach the objects below.
 */
export function drawLensOverlay(svg: SVGSVGElement, placement: LensPlacement | null, theme: Theme, elementOf: (uid: string) => Element | undefined | null = svgElements(svg)): void {
  markConcepts(svg, placement, elementOf);
  const root = select(svg) as unknown as Sel<SVGGElement, unknown>;
  if (!placement) {
    svg.querySelector(`:scope > g.${LENS_CLASS}`)?.remove();
    return;
  }
  const layer = child<SVGGElement, unknown>(root, 'g', LENS_CLASS);
  // Last child: drawn over everything, the header and bands included.
  const el = layer.node()!;
  if (el.nextSibling) svg.appendChild(el);
  paintLensLayer(el, placement, theme);
}

/** Fills a layer (a <g>, in an export's SVG or the app's own layer) with the lens's veil and rings; none empties it. */
export function paintLensLayer(g: SVGGElement, placement: LensPlacement | null, theme: Theme): void {
  const layer = select(g) as unknown as Sel<SVGGElement, unknown>;
  layer
    .attr('class', LENS_CLASS)
    .attr('data-kind', 'lens')
    .attr('data-lens', placement ? [...new Set([...placement.marked.values()].flatMap((v) => v.split(' ')))].join(' ') : null)
    .attr('pointer-events', 'none')
    .attr('aria-hidden', 'true');
  if (!placement) {
    while (g.firstChild) g.removeChild(g.firstChild);
    return;
  }
  // One path for the veil and one for the rings, however many objects: thousands of elements
  // would each be styled and laid out again by the browser at every switch of lens.
  let dims = '';
  for (const uid of placement.dimmed) {
    const b = placement.boxes.get(uid);
    if (b) dims += `M${r(b.x)},${r(b.y)}h${r(b.width)}v${r(b.height)}h${r(-b.width)}Z`;
  }
  let rings = '';
  let count = 0;
  for (const uid of placement.marked.keys()) {
    const b = placement.boxes.get(uid);
    if (!b) continue;
    count++;
    rings += `M${r(b.x - 2)},${r(b.y - 2)}h${r(b.width + 4)}v${r(b.height + 4)}h${r(-b.width - 4)}Z`;
  }
  child<SVGPathElement, unknown>(layer, 'path', 'ka-lens-dim').attr('d', dims || null).attr('fill', theme.background).attr('fill-opacity', 0.72);
  child<SVGPathElement, unknown>(layer, 'path', 'ka-lens-ring')
    .attr('d', rings || null)
    .attr('data-count', count)
    .attr('fill', 'none')
    .attr('stroke', theme.text.accent)
    .attr('stroke-width', 2.5)
    .attr('stroke-linejoin', 'round')
    // The same width on screen at any zoom.
    .attr('vector-effect', 'non-scaling-stroke');
}

/**
 * The app's lens layer: the same veil and rings as drawLensOverlay, painted on
 * a <canvas> over the picture (whichever renderer draws it) for one view. A
 * canvas because a lens may mark thousands of objects: as SVG paths of
 * thousands of rectangles, each switch or zoom step took Chromium 100–300 ms
 * to raster at 5,000 pods; filled and stroked here, only those on screen, it
 * is a few milliseconds. Rings keep their width on screen at any zoom.
 */
export function paintLensCanvas(ctx: CanvasRenderingContext2D, placement: LensPlacement | null, theme: Theme, view: PaintView): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!placement) return;
  const { x, y, k, dpr } = view;
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * x, dpr * y);
  // The view in layout units, to skip what is off screen.
  const x0 = -x / k;
  const y0 = -y / k;
  const x1 = x0 + view.width / k;
  const y1 = y0 + view.height / k;
  const visible = (b: Rect) => b.x <= x1 && b.y <= y1 && b.x + b.width >= x0 && b.y + b.height >= y0;
  ctx.globalAlpha = 0.72;
  ctx.fillStyle = theme.background;
  ctx.beginPath();
  for (const uid of placement.dimmed) {
    const b = placement.boxes.get(uid);
    if (b && visible(b)) ctx.rect(b.x, b.y, b.width, b.height);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.text.accent;
  ctx.lineWidth = 2.5 / k;
  ctx.lineJoin = 'round';
  const pad = 2 / k;
  ctx.beginPath();
  for (const uid of placement.marked.keys()) {
    const b = placement.boxes.get(uid);
    if (b && visible(b)) ctx.rect(b.x - pad, b.y - pad, b.width + 2 * pad, b.height + 2 * pad);
  }
  ctx.stroke();
}
