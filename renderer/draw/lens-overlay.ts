// A concept lens on the picture: what it points at is outlined and the rest is
// dimmed, in a layer of its own over the drawing (one <g class="ka-lens">, the
// last child of the SVG), so the drawing below is never changed by a lens and
// an export without one has no trace of it. The canvas renderer shows the
// same placement through the scene's marks (lensSceneMarks). Either way, every
// element that stands for a target carries data-concept with the active
// concept ids, for tests and assistive technology.
//
// Which element stands for a target is decided on the layout: a container or
// volume that the layout does not draw (cards, tiles) is stood for by its pod.

import type { ClusterLayout, Rect } from '../layout/types.ts';
import type { SceneMarks } from '../scene/scene.ts';
import { child, type Sel } from './primitives.ts';
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

/**
 * Places `points` on a layout. Dims every node that neither is nor holds a
 * target; under a lit node, every pod that neither is nor holds one; inside a
 * pod lit only for what it holds, the containers and volumes that are not
 * targets. A target pod keeps everything it holds: the pod is the point.
 */
export function placeLens(layout: Pick<ClusterLayout, 'nodes' | 'pods' | 'containers' | 'volumes'>, points: readonly LensPoint[]): LensPlacement {
  const boxes = new Map<string, Box>();
  for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes] as Box[][]) for (const b of list) boxes.set(b.uid, b);
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

/** The canvas renderer's marks for a placed lens: targets outlined as hits, the rest dimmed. */
export function lensSceneMarks(placement: LensPlacement, selected: string | undefined, hovered?: string): SceneMarks {
  return { selected, hovered, searching: true, hits: new Set(placement.marked.keys()), dimmed: placement.dimmed };
}

const LENS_CLASS = 'ka-lens';
/** The elements given data-concept, per root, so the next lens (or none) takes it off exactly those. */
const CONCEPT_MARKED = new WeakMap<Element, Element[]>();

/**
 * Sets data-concept on the elements standing for the placement's targets
 * (found by `elementOf`) and takes it off those of the lens before. `root`
 * keys that record: the SVG, or the accessible tree's host.
 */
export function markConcepts(root: Element, placement: LensPlacement | null, elementOf: (uid: string) => Element | undefined | null): void {
  for (const el of CONCEPT_MARKED.get(root) ?? []) el.removeAttribute('data-concept');
  const now: Element[] = [];
  if (placement) {
    for (const [uid, ids] of placement.marked) {
      const el = elementOf(uid);
      if (!el) continue;
      el.setAttribute('data-concept', ids);
      now.push(el);
    }
  }
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
  const layer = child<SVGGElement, unknown>(root, 'g', LENS_CLASS)
    .attr('data-kind', 'lens')
    .attr('data-lens', [...new Set([...placement.marked.values()].flatMap((v) => v.split(' ')))].join(' '))
    .attr('pointer-events', 'none')
    .attr('aria-hidden', 'true');
  // Last child: drawn over everything, the header and bands included.
  const el = layer.node()!;
  if (el.nextSibling) svg.appendChild(el);
  const dims = [...placement.dimmed].map((uid) => placement.boxes.get(uid)).filter((b): b is Rect => !!b);
  const rings = [...placement.marked.keys()].map((uid) => ({ uid, box: placement.boxes.get(uid)! })).filter((r) => !!r.box);
  const veil = theme.background;
  layer
    .selectAll<SVGRectElement, Rect>('rect.ka-lens-dim')
    .data(dims)
    .join((enter) => enter.append('rect').attr('class', 'ka-lens-dim'))
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', 6)
    .attr('fill', veil)
    .attr('fill-opacity', 0.72);
  const ring = theme.text.accent;
  layer
    .selectAll<SVGRectElement, { uid: string; box: Rect }>('rect.ka-lens-ring')
    .data(rings, (d) => d.uid)
    .join((enter) => enter.append('rect').attr('class', 'ka-lens-ring'))
    .attr('data-target', (d) => d.uid)
    .attr('x', (d) => d.box.x - 2)
    .attr('y', (d) => d.box.y - 2)
    .attr('width', (d) => d.box.width + 4)
    .attr('height', (d) => d.box.height + 4)
    .attr('rx', 8)
    .attr('fill', 'none')
    .attr('stroke', ring)
    .attr('stroke-width', 2.5);
}
