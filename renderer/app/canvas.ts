// The drawing area: lays the model out, draws it with drawCluster into a
// nested <svg>, and marks what is selected, hovered, found or dimmed with
// data attributes the stylesheet colours. Clicks and double-clicks on drawn
// objects are reported as targets; nothing here knows about the panel.

import { interrupt } from 'd3';
import { layoutCluster } from '../layout/cluster.ts';
import { createLayoutMemo, type LayoutStats } from '../layout/memo.ts';
import type { ClusterLayout, Detail } from '../layout/types.ts';
import { drawCluster, SVG_NS } from '../draw/cluster.ts';
import type { ThemeName } from '../draw/theme.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { ObjectKind, Target } from './details/types.ts';
import type { SearchResult } from './search.ts';
import type { Box } from './zoom.ts';

const SELECTABLE = new Set<string>(['node', 'pod', 'container', 'volume']);
/** Above this many pods the picture switches to compact pod tiles. */
export const COMPACT_FROM_PODS = 600;

export interface CanvasView {
  /** The nested <svg> drawCluster owns: what exports copy. */
  readonly drawing: SVGSVGElement;
  render(model: AnatomyModel, theme: ThemeName, animate: boolean): ClusterLayout;
  layout(): ClusterLayout | undefined;
  /** What the last render laid out again: on a live update, only the nodes that changed. */
  layoutStats(): LayoutStats;
  boxOf(uid: string): Box | undefined;
  mark(selection: Target | undefined, search: SearchResult | null): void;
  element(uid: string): SVGGElement | undefined;
  /** Ends any running animation at once: objects at their final places, faded ones gone (before an export). */
  finish(): void;
}

export interface CanvasEvents {
  select(target: Target | undefined): void;
  zoomTo(target: Target): void;
  /** A drawn object got keyboard focus. */
  focused(target: Target): void;
}

export function createCanvas(viewport: SVGGElement, events: CanvasEvents): CanvasView {
  const doc = viewport.ownerDocument;
  const drawing = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  drawing.setAttribute('class', 'drawing');
  viewport.appendChild(drawing);

  let current: ClusterLayout | undefined;
  // Each model update lays out again only the nodes whose pods changed; the
  // result is the same as a layout from scratch given `current` as previous.
  const memo = createLayoutMemo();
  let drawn: { model: AnatomyModel; theme: ThemeName } | undefined;
  let boxes = new Map<string, Box>();
  let elements = new Map<string, SVGGElement>();
  let marked: Element[] = [];
  let hovered: Element | undefined;

  function targetOf(eventTarget: EventTarget | null): { el: SVGGElement; target: Target } | undefined {
    let el = (eventTarget as Element | null)?.closest?.('g[data-kind]') as SVGGElement | null | undefined;
    while (el && drawing.contains(el)) {
      const kind = el.getAttribute('data-kind') ?? '';
      const uid = el.getAttribute('data-uid');
      if (kind === 'mount') {
        // A connector stands for its volume.
        const volume = el.getAttribute('data-volume');
        const v = volume ? elements.get(volume) : undefined;
        if (v && volume) return { el: v, target: { kind: 'volume', uid: volume } };
      }
      if (SELECTABLE.has(kind) && uid !== null) return { el, target: { kind: kind as ObjectKind, uid } };
      el = el.parentElement?.closest('g[data-kind]') as SVGGElement | null;
    }
    return undefined;
  }

  drawing.addEventListener('click', (e) => {
    const hit = targetOf(e.target);
    events.select(hit?.target);
  });
  viewport.ownerSVGElement?.addEventListener('click', (e) => {
    // A click on the empty canvas around the drawing clears the selection.
    if (!drawing.contains(e.target as Node)) events.select(undefined);
  });
  drawing.addEventListener('dblclick', (e) => {
    const hit = targetOf(e.target);
    if (hit) {
      e.preventDefault();
      events.zoomTo(hit.target);
    }
  });
  drawing.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const hit = targetOf(e.target);
    if (!hit) return;
    e.preventDefault();
    events.select(hit.target);
  });
  drawing.addEventListener('focusin', (e) => {
    const hit = targetOf(e.target);
    if (hit && (e.target as Element).matches?.(':focus-visible')) events.focused(hit.target);
  });
  drawing.addEventListener('mouseover', (e) => {
    const hit = targetOf(e.target);
    const el = hit?.el;
    if (el === hovered) return;
    hovered?.removeAttribute('data-hover');
    hovered = el;
    el?.setAttribute('data-hover', '');
  });
  drawing.addEventListener('mouseleave', () => {
    hovered?.removeAttribute('data-hover');
    hovered = undefined;
  });

  function indexElements(): void {
    elements = new Map();
    for (const el of Array.from(drawing.querySelectorAll<SVGGElement>('g[data-uid]'))) {
      const kind = el.getAttribute('data-kind') ?? '';
      if (!SELECTABLE.has(kind) || el.classList.contains('ka-exiting')) continue;
      elements.set(el.getAttribute('data-uid')!, el);
      // Nodes and pods are keyboard stops; containers and volumes are reached through the panel.
      if (kind === 'node' || kind === 'pod') el.setAttribute('tabindex', '0');
    }
  }

  function indexBoxes(layout: ClusterLayout): void {
    boxes = new Map();
    for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes]) {
      for (const b of list) boxes.set(b.uid, { x: b.x, y: b.y, width: b.width, height: b.height });
    }
  }

  const view: CanvasView = {
    drawing,
    render(model, theme, animate) {
      drawn = { model, theme };
      const podCount = Number(model.stats?.pods) || 0;
      const detail: Detail = podCount >= COMPACT_FROM_PODS ? 'compact' : 'full';
      const layout = layoutCluster(model, { previous: current && current.detail === detail ? current : undefined, detail }, memo);
      drawCluster(drawing, model, layout, { theme, animate });
      // Inside the app the drawn objects are navigable, so the root is a group, not one image.
      drawing.setAttribute('role', 'group');
      // Not a tab stop itself (Chromium makes overflowing SVG roots focusable); its nodes and pods are.
      drawing.setAttribute('tabindex', '-1');
      current = layout;
      indexBoxes(layout);
      indexElements();
      return layout;
    },
    layout: () => current,
    layoutStats: () => memo.stats,
    boxOf: (uid) => boxes.get(uid),
    element: (uid) => elements.get(uid),
    finish() {
      if (!drawn) return;
      for (const el of Array.from(drawing.querySelectorAll('*'))) interrupt(el);
      // Interrupted fades would otherwise stay half-drawn for good.
      for (const el of Array.from(drawing.querySelectorAll('.ka-exiting'))) el.remove();
      for (const el of Array.from(drawing.querySelectorAll('g[opacity]'))) el.removeAttribute('opacity');
      view.render(drawn.model, drawn.theme, false);
    },
    mark(selection, search) {
      for (const el of marked) {
        el.removeAttribute('data-selected');
        el.removeAttribute('data-hit');
        el.removeAttribute('data-dim');
      }
      marked = [];
      const set = (uid: string, attr: string) => {
        const el = elements.get(uid);
        if (!el) return;
        el.setAttribute(attr, '');
        marked.push(el);
      };
      if (selection) set(selection.uid, 'data-selected');
      drawing.toggleAttribute('data-searching', !!search);
      if (!search || !current) return;
      for (const uid of search.hits) set(uid, 'data-hit');
      const lit = (uid: string) => search.hits.has(uid) || search.context.has(uid);
      const dimmedNodes = new Set<string>();
      const hitNodes = new Set<string>();
      for (const node of current.nodes) {
        if (search.hits.has(node.uid)) hitNodes.add(node.uid);
        else if (!lit(node.uid)) {
          dimmedNodes.add(node.uid);
          set(node.uid, 'data-dim');
        }
      }
      // Dim only at the outermost level, so opacity does not compound.
      for (const pod of current.pods) {
        if (pod.nodeUid && (dimmedNodes.has(pod.nodeUid) || hitNodes.has(pod.nodeUid))) continue;
        if (!lit(pod.uid)) set(pod.uid, 'data-dim');
      }
    },
  };
  return view;
}
