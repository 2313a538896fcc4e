// The drawing area: lays the model out, draws it with drawCluster into a
// nested <svg>, and marks what is selected, hovered, found or dimmed with
// data attributes the stylesheet colours. Clicks and double-clicks on drawn
// objects are reported as targets; nothing here knows about the panel.

import { interrupt } from 'd3';
import { layoutCluster } from '../layout/cluster.ts';
import { legible, levelAt, levelOfDetail, lodAt, LEVELS, overviewLabels, type Level } from '../layout/lod.ts';
import { createLayoutMemo, type LayoutMemo, type LayoutStats } from '../layout/memo.ts';
import type { ClusterLayout, Detail } from '../layout/types.ts';
import { drawCluster, SVG_NS } from '../draw/cluster.ts';
import { drawOverviewLabels } from '../draw/overview.ts';
import type { ThemeName } from '../draw/theme.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { ObjectKind, Target } from './details/types.ts';
import type { SearchResult } from './search.ts';
import type { Box } from './zoom.ts';

const SELECTABLE = new Set<string>(['node', 'pod', 'container', 'volume']);
/** Overview labels are sized again when the scale has moved this much since (as a factor). */
const LABEL_STEP = 1.05;

export interface CanvasView {
  /** The nested <svg> drawCluster owns: what exports copy. */
  readonly drawing: SVGSVGElement;
  /** Lays the model out at the shape's detail (by default, what lod.ts gives at scale 1) and draws it. */
  render(model: AnatomyModel, theme: ThemeName, animate: boolean): ClusterLayout;
  /**
   * The geometry the next render lays out, and the shape (width / height) of
   * the view it is to fill. A new aspect lays out afresh: pods take new slots.
   */
  setShape(detail: Detail | undefined, aspect: number | undefined): void;
  /** The layout a render at `detail` would draw, without drawing it (to choose the first view). */
  measure(model: AnatomyModel, detail: Detail): ClusterLayout;
  /**
   * Shows what reads at `scale` (screen pixels per unit): marks the level on
   * the drawing (data-level), hides text that would be smaller than 11 px, and
   * at the overview draws node names and pod counts large enough to read.
   */
  setScale(scale: number): Level;
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
  // result is the same as a layout from scratch given the detail's last
  // layout as previous. One memo per detail, so that zooming from one level to
  // another and back lays out only what changed in between.
  const memos = new Map<Detail, LayoutMemo>();
  const lastOf = new Map<Detail, { layout: ClusterLayout; model: AnatomyModel }>();
  let shape: { detail: Detail | undefined; aspect: number | undefined } = { detail: undefined, aspect: undefined };
  let drawn: { model: AnatomyModel; theme: ThemeName } | undefined;
  const text = createTextSizes(doc);
  let level: Level | undefined;
  let labelled: { scale: number; layout: ClusterLayout; theme: ThemeName } | undefined;
  let scale = 1;
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

  function layoutAt(model: AnatomyModel, detail: Detail): ClusterLayout {
    const last = lastOf.get(detail);
    if (last && last.model === model) return last.layout;
    let memo = memos.get(detail);
    if (!memo) memos.set(detail, (memo = createLayoutMemo()));
    const layout = layoutCluster(model, { previous: last?.layout, detail, aspect: shape.aspect }, memo);
    lastOf.set(detail, { layout, model });
    return layout;
  }

  function showScale(): Level {
    if (!current || !drawn) return 'overview';
    const pods = Number(drawn.model.stats?.pods) || 0;
    // The geometry drawn shows up to its own level; past it (until a layout of the finer one replaces it) the same.
    const shown = LEVELS[Math.min(LEVELS.indexOf(levelAt(pods, scale)), LEVELS.indexOf(levelOfDetail(current.detail)))];
    if (shown !== level) drawing.setAttribute('data-level', shown);
    level = shown;
    text.hide(scale);
    if (level !== 'overview') {
      if (labelled) drawOverviewLabels(drawing, current, [], drawn.theme, scale);
      labelled = undefined;
    } else if (!labelled || labelled.layout !== current || labelled.theme !== drawn.theme || Math.abs(Math.log(scale / labelled.scale)) > Math.log(LABEL_STEP)) {
      drawOverviewLabels(drawing, current, overviewLabels(current, scale), drawn.theme, scale);
      labelled = { scale, layout: current, theme: drawn.theme };
    }
    return level;
  }

  const view: CanvasView = {
    drawing,
    setShape(detail, aspect) {
      // A picture laid out for another shape has slots that mean nothing for this one.
      if (aspect !== shape.aspect) lastOf.clear();
      shape = { detail, aspect };
    },
    measure(model, detail) {
      return layoutAt(model, detail);
    },
    setScale(k) {
      scale = k > 0 && Number.isFinite(k) ? k : 1;
      return showScale();
    },
    render(model, theme, animate) {
      drawn = { model, theme };
      const podCount = Number(model.stats?.pods) || 0;
      const detail: Detail = shape.detail ?? lodAt(podCount, 1).detail;
      const layout = layoutAt(model, detail);
      drawCluster(drawing, model, layout, { theme, animate });
      // Inside the app the drawn objects are navigable, so the root is a group, not one image.
      drawing.setAttribute('role', 'group');
      // Not a tab stop itself (Chromium makes overflowing SVG roots focusable); its nodes and pods are.
      drawing.setAttribute('tabindex', '-1');
      current = layout;
      indexBoxes(layout);
      indexElements();
      text.collect(layout);
      showScale();
      return layout;
    },
    layout: () => current,
    layoutStats: () => (current && memos.get(current.detail)?.stats) || { grids: 0, planned: [], placed: [], shifted: [], reused: 0 },
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

/**
 * Hides the drawing's text that would read smaller than MIN_SCREEN_TEXT at the
 * current scale, by font size: one rule in a stylesheet of the document's own
 * (constructed, so the page's style-src policy allows it), rewritten only when
 * the set of hidden sizes changes. Without constructable stylesheets (linkedom
 * in tests) nothing is hidden.
 */
function createTextSizes(doc: Document): { collect(layout: ClusterLayout): void; hide(scale: number): void } {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  let sheet: CSSStyleSheet | undefined;
  let sizes: number[] = [];
  let rule = '';
  return {
    collect(layout) {
      const all = new Set<number>();
      const add = (items: ReadonlyArray<{ size: number }>) => {
        for (const t of items) all.add(t.size);
      };
      add(layout.header);
      for (const b of layout.bands) add(b.texts);
      for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes]) {
        for (const box of list) {
          add(box.texts);
          for (const p of box.pills) all.add(p.text.size);
        }
      }
      for (const c of layout.connectors) all.add(c.label.size);
      sizes = [...all].sort((a, b) => a - b);
    },
    hide(scale) {
      const hidden = sizes.filter((size) => !legible(size, scale));
      const next = hidden.length ? `${hidden.map((size) => `svg.drawing text[font-size="${size}"]`).join(',')}{display:none}` : '';
      if (next === rule) return;
      rule = next;
      if (!sheet) {
        if (!win || typeof win.CSSStyleSheet !== 'function' || !Array.isArray(doc.adoptedStyleSheets)) return;
        sheet = new win.CSSStyleSheet();
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      }
      sheet.replaceSync(rule);
    },
  };
}
