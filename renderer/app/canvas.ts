// The drawing area: lays the model out and draws it with one of two
// renderers of the same scene. The SVG renderer (drawCluster into a nested
// <svg>) draws close zoom and everything an export copies; it marks what is
// selected, hovered, found or dimmed with data attributes the stylesheet
// colours. The canvas renderer (scene-surface.ts) draws the overview of large
// clusters, where one SVG element per pod would be too many to move smoothly;
// it paints the same marks, and keeps an accessible tree of the objects
// beside it. Which one draws is decided per layout: the canvas for the tiles
// of a large cluster (compact detail), unless the user chose one for all.
// Clicks and double-clicks on drawn objects are reported as targets, found
// through the SVG's elements or the scene's quadtree; nothing here knows
// about the panel.

import { interrupt } from 'd3';
import { layoutCluster, startLayout, type LayoutSteps } from '../layout/cluster.ts';
import { fullPodsAreaOf } from '../layout/pod.ts';
import { autoDrawsOnCanvas, CANVAS_LEVEL_BUDGET, detailAllowed, labelsOutOfStep, legible, LEVEL_BUDGET, levelAt, levelOfDetail, lodAt, LEVELS, overviewLabels, type Level, type LevelBudget } from '../layout/lod.ts';
import { createLayoutMemo, type LayoutMemo, type LayoutStats } from '../layout/memo.ts';
import type { ClusterLayout, Detail, InjectedVolumes } from '../layout/types.ts';
import { drawCluster, SVG_NS } from '../draw/cluster.ts';
import { drawOverviewLabels } from '../draw/overview.ts';
import { drawLensOverlay, markConcepts, paintLensCanvas, placeLens, type LensPlacement, type LensPoint } from '../draw/lens-overlay.ts';
import { sceneMarks } from '../scene/marks.ts';
import type { SceneItem, SceneMarks } from '../scene/scene.ts';
import { createSceneSurface, type SurfaceHost } from './scene-surface.ts';
import { watchedSize, type ResizeHost } from './view-size.ts';
import { themeByName, type ThemeName } from '../draw/theme.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { Lang } from '../../main/i18n/index.ts';
import type { ObjectKind, Target } from './details/types.ts';
import type { SearchResult } from './search.ts';
import type { Box } from './zoom.ts';
import { markWarnings } from '../draw/warning-marks.ts';

const SELECTABLE = new Set<string>(['node', 'pod', 'container', 'volume']);

/** The object a drawn thing of this kind and uid stands for, if it is one that can be selected. */
function selectable(kind: string | null | undefined, uid: string | null | undefined): Target | undefined {
  return kind && uid !== null && uid !== undefined && SELECTABLE.has(kind) ? { kind: kind as ObjectKind, uid } : undefined;
}

/** Enter or Space on a keyboard stop selects its object (the SVG's groups and the accessible tree's elements alike). */
function selectOnKey(el: Element, find: (t: EventTarget | null) => Target | undefined, select: (target: Target) => void): void {
  el.addEventListener('keydown', (e) => {
    const key = (e as KeyboardEvent).key;
    if (key !== 'Enter' && key !== ' ') return;
    const target = find(e.target);
    if (!target) return;
    e.preventDefault();
    select(target);
  });
}

/**
 * From this many pods, the layouts kept are of the model drawn only: a new
 * model lets go of the other geometries' layouts (and memos) of the one
 * before. At 100,000 pods they held 165 MiB more of the heap through a live
 * stream, where the next move's end finds most of their nodes changed anyway.
 * The semantic zoom lays them out again once the page is quiet (semantic.ts).
 */
export const ONE_GEOMETRY_FROM_PODS = 10_000;

/** The model's pod count, 0 when it gives none that is a number. */
function podsIn(model: AnatomyModel): number {
  return Number(model.stats?.pods) || 0;
}

/** Which renderer draws: the canvas for large clusters' overview (auto), or one of them always. */
export type RendererChoice = 'auto' | 'svg' | 'canvas';
export const RENDERER_CHOICES: readonly RendererChoice[] = ['auto', 'svg', 'canvas'];

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
   * Makes ahead, for a render of `model` at `detail` to find made, the next
   * thing such a render would wait on: its layout, and then (when the canvas
   * draws) its scene. False when nothing was left to make. Each is made in
   * parts while `more()` says so (at least one part; by default one), and
   * goes on at the next call: one idle period holds no long task.
   */
  warm(model: AnatomyModel, detail: Detail, more?: () => boolean): boolean;
  /** What a layout at `detail` takes at least, in square units, without laying it out (0: not known). */
  areaAtLeast(model: AnatomyModel, detail: Detail): number;
  /**
   * Shows what reads at `scale` (screen pixels per unit): marks the level on
   * the drawing (data-level), hides text that would be smaller than 11 px, and
   * at the overview draws node names and pod counts large enough to read.
   */
  setScale(scale: number): Level;
  /** The canvas paints now what it would paint at the next frame (scene-surface.ts paintNow); the SVG has nothing to. */
  paintNow(): void;
  /**
   * A model of this many pods is on its way (the lists' progress): if it
   * will be drawn on the canvas, the canvas's faces are asked for now, in
   * `lang`, not at its first paint (scene-surface.ts prepareFonts).
   */
  expectPods(pods: number, lang: Lang): void;
  layout(): ClusterLayout | undefined;
  /** What the last render laid out again: on a live update, only the nodes that changed. */
  layoutStats(): LayoutStats;
  boxOf(uid: string): Box | undefined;
  mark(selection: Target | undefined, search: SearchResult | null): void;
  /** Pods with recent Warning events (by uid) carry a mark, labelled `label`, kept over later renders (the SVG renderer's). */
  warnings(uids: ReadonlySet<string>, label: string): void;
  element(uid: string): SVGGElement | undefined;
  /**
   * Ends any running animation at once: objects at their final places, faded
   * ones gone. When the canvas draws, the SVG an export copies is drawn now,
   * at the detail an export of this size takes (the SVG budget's: the canvas
   * may show finer levels than an SVG of this size can hold). Returns the
   * layout `drawing` now holds.
   */
  finish(): ClusterLayout | undefined;
  /** An export has taken its copy: the SVG drawn for it while the canvas shows the picture goes. */
  exported(): void;
  /** Takes effect at the next render. */
  setRenderer(choice: RendererChoice): void;
  /** The language of the picture's words (the layout measures them); takes effect at the next render. */
  setLang(lang: Lang): void;
  /** How many pods each level may be laid out for, with the renderer that draws a model of this size. */
  budget(pods: number): LevelBudget;
  /** The view moved or changed size: the canvas paints again on the next frame. */
  moved(): void;
  /**
   * A concept lens over the picture (renderer/draw/lens-overlay.ts), or none:
   * its targets ringed and marked data-concept, the rest dimmed, kept across
   * later renders until changed. The overlay layer never reaches an export.
   */
  setLens(points: readonly LensPoint[] | null): void;
  /** How the injected kube-api-access volumes are laid out (collapsed in the app by default); takes effect at the next render. */
  setInjected(mode: InjectedVolumes): void;
  /** The lens as placed on the layout drawn now. */
  lens(): LensPlacement | null;
}

export interface CanvasEvents {
  select(target: Target | undefined): void;
  zoomTo(target: Target): void;
  /** A drawn object got keyboard focus. */
  focused(target: Target): void;
}

/**
 * Without a surface (headless, tests on linkedom) only the SVG renderer
 * exists, and every choice draws SVG.
 */
export function createCanvas(viewport: SVGGElement, events: CanvasEvents, surfaceHost?: SurfaceHost): CanvasView {
  const doc = viewport.ownerDocument;
  const surface = surfaceHost ? createSceneSurface(surfaceHost) : undefined;
  let choice: RendererChoice = 'auto';
  let onCanvas = false;
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
  /** The layout warm() is making in parts, and what it is of. */
  let warming: { model: AnatomyModel; detail: Detail; key: string; steps: LayoutSteps } | undefined;
  let shape: { detail: Detail | undefined; aspect: number | undefined } = { detail: undefined, aspect: undefined };
  let lang: Lang = 'en';
  let drawn: { model: AnatomyModel; theme: ThemeName } | undefined;
  const text = createTextSizes(doc);
  let level: Level | undefined;
  let labelled: { scale: number; layout: ClusterLayout; theme: ThemeName } | undefined;
  let scale = 1;
  let boxes = new Map<string, Box>();
  let elements = new Map<string, SVGGElement>();
  let marked: Element[] = [];
  let hovered: Element | undefined;
  let lensPoints: readonly LensPoint[] | null = null;
  let injected: InjectedVolumes = 'full';
  let placed: LensPlacement | null = null;

  // The lens's own layer: a <canvas> over the stage, above both renderers, painted again when the
  // view moves (moved()) on the next frame. A lens switch paints it alone, never the drawing below;
  // made once, before the first lens, and then only painted and cleared.
  // Without a surface host (headless) the lens layer goes into the drawing itself, as SVG.
  let lensLayer: { canvas: HTMLCanvasElement; size: () => { width: number; height: number } } | undefined;
  let lensFrame = 0;
  function lensLayerOf(): typeof lensLayer {
    const stage = root?.parentElement;
    if (lensLayer || !stage || !root || !surfaceHost) return lensLayer;
    const canvas = doc.createElement('canvas');
    canvas.className = 'lens-layer';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.setAttribute('data-testid', 'lens-layer');
    root.after(canvas);
    lensLayer = { canvas, size: watchedSize(canvas, doc.defaultView as unknown as ResizeHost) };
    return lensLayer;
  }
  function paintLens(): void {
    lensFrame = 0;
    if (!lensLayer || !surfaceHost) return;
    const { canvas } = lensLayer;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const size = lensLayer.size();
    const dpr = doc.defaultView?.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(size.width * dpr));
    const h = Math.max(1, Math.round(size.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const t = surfaceHost.transform();
    paintLensCanvas(ctx, placed, themeByName(drawn?.theme ?? 'light'), { x: t.x, y: t.y, k: t.k, width: size.width, height: size.height, dpr });
  }
  function followView(): void {
    if (!lensLayer || !placed || lensFrame) return;
    lensFrame = doc.defaultView?.requestAnimationFrame(paintLens) ?? 0;
  }

  /** Lays the lens on the layout drawn now: its layer, and data-concept on the SVG's groups or the canvas's tree. */
  function applyLens(): void {
    placed = lensPoints && current ? placeLens(current, lensPoints) : null;
    if (onCanvas) {
      if (surfaceHost && surface) markConcepts(surfaceHost.tree, placed, (uid) => surface.tree().element(uid));
    } else markConcepts(drawing, placed, (uid) => elements.get(uid));
    const layer = placed || lensLayer ? lensLayerOf() : undefined;
    if (layer) {
      // What the layer shows, for tests and tools: the concept ids and how many objects are ringed.
      // Never hidden (display), only cleared: a layout inside the stage lays the SVG root out again.
      if (placed) {
        layer.canvas.setAttribute('data-lens', [...new Set([...placed.marked.values()].flatMap((v) => v.split(' ')))].join(' '));
        layer.canvas.setAttribute('data-count', String(placed.marked.size));
      } else {
        layer.canvas.removeAttribute('data-lens');
        layer.canvas.removeAttribute('data-count');
      }
      // Painted now: the switch shows in this frame, with the drawing as it is.
      paintLens();
    } else if (!surfaceHost && drawn) drawLensOverlay(drawing, placed, themeByName(drawn.theme), (uid) => elements.get(uid));
  }

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
      const target = selectable(kind, uid);
      if (target) return { el, target };
      el = el.parentElement?.closest('g[data-kind]') as SVGGElement | null;
    }
    return undefined;
  }

  drawing.addEventListener('click', (e) => {
    const hit = targetOf(e.target);
    events.select(hit?.target);
  });
  const root = viewport.ownerSVGElement;
  // Made now, with the page: put into the stage later, it would lay the SVG root out again at the first lens.
  lensLayerOf();
  root?.addEventListener('click', (e) => {
    if (onCanvas) {
      events.select(targetOfItem(surface?.itemAt(e.clientX, e.clientY)));
      return;
    }
    // A click on the empty canvas around the drawing clears the selection.
    if (!drawing.contains(e.target as Node)) events.select(undefined);
  });
  root?.addEventListener('dblclick', (e) => {
    if (!onCanvas) return;
    const target = targetOfItem(surface?.itemAt(e.clientX, e.clientY));
    if (!target) return;
    e.preventDefault();
    events.zoomTo(target);
  });
  root?.addEventListener('mousemove', (e) => {
    if (!onCanvas || !surface) return;
    const target = targetOfItem(surface.itemAt(e.clientX, e.clientY));
    surface.setHovered(target?.uid);
    root.classList.toggle('over-object', !!target);
  });
  root?.addEventListener('mouseleave', () => {
    if (!onCanvas || !surface) return;
    surface.setHovered(undefined);
    root.classList.remove('over-object');
  });
  if (surfaceHost) {
    // The accessible tree beside the canvas: its nodes and pods are keyboard stops, as the SVG's are.
    const treeTarget = (t: EventTarget | null): Target | undefined => {
      const el = (t as Element | null)?.closest?.('[data-kind][data-uid]');
      // The tree's elements count only with a uid that says something.
      return selectable(el?.getAttribute('data-kind'), el?.getAttribute('data-uid') || undefined);
    };
    selectOnKey(surfaceHost.tree, treeTarget, (target) => events.select(target));
    surfaceHost.tree.addEventListener('focusin', (e) => {
      const target = treeTarget(e.target);
      if (!target) return;
      // The canvas shows where the keyboard is with the hover outline (while the pointer is on nothing).
      surface?.setFocused(target.uid);
      events.focused(target);
    });
    surfaceHost.tree.addEventListener('focusout', () => surface?.setFocused(undefined));
  }

  function targetOfItem(item: SceneItem | undefined): Target | undefined {
    return selectable(item?.kind, item?.uid);
  }
  drawing.addEventListener('dblclick', (e) => {
    const hit = targetOf(e.target);
    if (hit) {
      e.preventDefault();
      events.zoomTo(hit.target);
    }
  });
  selectOnKey(drawing, (t) => targetOf(t)?.target, (target) => events.select(target));
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

  let warned: { uids: ReadonlySet<string>; label: string } = { uids: new Set(), label: '' };
  function applyWarnings(): void {
    // The canvas paints the same set, and its accessible tree carries it (scene-surface.ts setWarned).
    surface?.setWarned(warned.uids, warned.label);
    if (onCanvas) return;
    markWarnings(drawing, warned.uids, (uid) => {
      const element = elements.get(uid);
      const box = boxes.get(uid);
      return element && box ? { element, width: box.width } : undefined;
    }, warned.label);
  }

  function indexElements(): void {
    elements = new Map();
    for (const el of Array.from(drawing.querySelectorAll<SVGGElement>('g[data-uid]'))) {
      const kind = el.getAttribute('data-kind') ?? '';
      if (!SELECTABLE.has(kind) || el.classList.contains('ka-exiting')) continue;
      elements.set(el.getAttribute('data-uid')!, el);
      // Nodes and pods are keyboard stops; containers and volumes are reached through the panel.
      // Set once: a redraw writes nothing to the elements a live patch left alone.
      if ((kind === 'node' || kind === 'pod') && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
    }
  }

  function indexBoxes(layout: ClusterLayout): void {
    boxes = new Map();
    for (const list of [layout.nodes, layout.pods, layout.containers, layout.volumes]) {
      for (const b of list) boxes.set(b.uid, { x: b.x, y: b.y, width: b.width, height: b.height });
    }
  }

  /** What a layout depends on besides its model and detail (the memo's own layout aside). */
  function optionsKey(): string {
    return `${shape.aspect}|${lang}|${injected}`;
  }

  /** The memo for a layout of `model` at `detail`; from ONE_GEOMETRY_FROM_PODS, other geometries' layouts of earlier models are let go. */
  function memoFor(model: AnatomyModel, detail: Detail): LayoutMemo {
    if (podsIn(model) >= ONE_GEOMETRY_FROM_PODS) {
      // Another geometry's layout of an earlier model is let go, memo and all.
      for (const [other, kept] of lastOf) {
        if (other === detail || kept.model === model) continue;
        lastOf.delete(other);
        memos.delete(other);
      }
    }
    let memo = memos.get(detail);
    if (!memo) memos.set(detail, (memo = createLayoutMemo()));
    return memo;
  }

  function stopWarming(): void {
    warming?.steps.cancel();
    warming = undefined;
  }

  function layoutAt(model: AnatomyModel, detail: Detail): ClusterLayout {
    const last = lastOf.get(detail);
    if (last && last.model === model) return last.layout;
    const memo = memoFor(model, detail);
    // A layout made ahead for an earlier model is of no use now.
    if (warming && warming.model !== model) stopWarming();
    let layout: ClusterLayout;
    if (warming && !warming.steps.ended && warming.detail === detail && warming.model === model && warming.key === optionsKey()) {
      // What the warm-up began for this render: the rest of it now.
      layout = warming.steps.finish();
      warming = undefined;
    } else {
      // (A layout begun on the same memo is cancelled by this one.)
      layout = layoutCluster(model, { previous: last?.layout, detail, aspect: shape.aspect, lang, injected }, memo);
    }
    lastOf.set(detail, { layout, model });
    return layout;
  }

  function showScale(): Level {
    if (!current || !drawn) return 'overview';
    const pods = podsIn(drawn.model);
    // The geometry drawn shows up to its own level; past it (until a layout of the finer one replaces it) the same.
    const shown = LEVELS[Math.min(LEVELS.indexOf(levelAt(pods, scale, budgetFor(pods))), LEVELS.indexOf(levelOfDetail(current.detail)))];
    if (onCanvas) {
      level = shown;
      surface?.setLevel(shown, scale);
      return level;
    }
    if (shown !== level) drawing.setAttribute('data-level', shown);
    level = shown;
    text.hide(scale);
    if (level !== 'overview') {
      if (labelled) drawOverviewLabels(drawing, current, [], drawn.theme, scale);
      labelled = undefined;
    } else if (!labelled || labelled.layout !== current || labelled.theme !== drawn.theme || labelsOutOfStep(labelled.scale, scale)) {
      drawOverviewLabels(drawing, current, overviewLabels(current, scale), drawn.theme, scale);
      labelled = { scale, layout: current, theme: drawn.theme };
    }
    return level;
  }

  let lastMarks: { layout: unknown; search: SearchResult | null; marks: SceneMarks } | undefined;

  function focusedUid(): string | undefined {
    const active = doc.activeElement;
    if (!active || !(drawing.contains(active) || surfaceHost?.tree.contains(active))) return undefined;
    return active.closest?.('[data-uid]')?.getAttribute('data-uid') ?? undefined;
  }

  function drawsOnCanvas(pods: number): boolean {
    return !!surface && (choice === 'canvas' || (choice === 'auto' && autoDrawsOnCanvas(pods, onCanvas)));
  }

  function budgetFor(pods: number): LevelBudget {
    return drawsOnCanvas(pods) ? CANVAS_LEVEL_BUDGET : LEVEL_BUDGET;
  }

  function emptyDrawing(): void {
    for (const el of Array.from(drawing.querySelectorAll('*'))) interrupt(el);
    drawing.replaceChildren();
    for (const name of ['data-detail', 'data-level', 'data-searching', 'viewBox']) drawing.removeAttribute(name);
    drawing.setAttribute('width', '0');
    drawing.setAttribute('height', '0');
    // Hidden until an export draws into it; the canvas behind shows the picture.
    drawing.setAttribute('display', 'none');
  }

  const view: CanvasView = {
    drawing,
    setShape(detail, aspect) {
      // A picture laid out for another shape has slots that mean nothing for this one.
      if (aspect !== shape.aspect) {
        lastOf.clear();
        stopWarming();
      }
      shape = { detail, aspect };
    },
    measure(model, detail) {
      return layoutAt(model, detail);
    },
    warm(model, detail, more = () => false) {
      const last = lastOf.get(detail);
      if (last?.model !== model) {
        const key = optionsKey();
        if (!warming || warming.steps.ended || warming.model !== model || warming.detail !== detail || warming.key !== key) {
          stopWarming();
          const memo = memoFor(model, detail);
          warming = { model, detail, key, steps: startLayout(model, { previous: last?.layout, detail, aspect: shape.aspect, lang, injected }, memo) };
        }
        const layout = warming.steps.run(more);
        if (layout) {
          warming = undefined;
          lastOf.set(detail, { layout, model });
        }
        return true;
      }
      return onCanvas && !!surface && drawsOnCanvas(podsIn(model)) && surface.prepare(last.layout, more);
    },
    areaAtLeast(model, detail) {
      return detail === 'full' ? fullPodsAreaOf(model, injected) : 0;
    },
    setLang(next) {
      if (next === lang) return;
      lang = next;
      // Every kept layout is in the old language; the memos start again on their own.
      lastOf.clear();
      stopWarming();
    },
    setScale(k) {
      scale = k > 0 && Number.isFinite(k) ? k : 1;
      return showScale();
    },
    paintNow() {
      if (onCanvas) surface?.paintNow();
    },
    expectPods(pods, lang) {
      if (drawsOnCanvas(pods)) surface?.prepareFonts(lang);
    },
    render(model, theme, animate) {
      // The same model at another geometry (a zoom's end), not a new model: what it replaces may be shown again soon.
      const sameModel = drawn?.model === model;
      drawn = { model, theme };
      const podCount = podsIn(model);
      const detail: Detail = shape.detail ?? lodAt(podCount, 1, budgetFor(podCount)).detail;
      const layout = layoutAt(model, detail);
      const canvasNow = drawsOnCanvas(podCount);
      // The keyboard stays on its object when the other renderer takes over.
      const refocus = canvasNow !== onCanvas ? focusedUid() : undefined;
      if (canvasNow && surface) {
        const entering = !onCanvas;
        if (entering) level = undefined;
        onCanvas = true;
        root?.setAttribute('data-renderer', 'canvas');
        // The SVG's elements would only hold memory: what an export needs is drawn when it asks (finish).
        // Emptied once on the way in, and again only if an export drew into it since (each live model otherwise).
        if (entering || drawing.firstChild) emptyDrawing();
        surface.show(layout, theme, sameModel && !entering);
        current = layout;
        boxes = new Map();
        elements = new Map();
        marked = [];
        hovered = undefined;
        labelled = undefined;
        showScale();
        if (lensPoints || placed) applyLens();
        if (refocus) (surface.tree().element(refocus) as HTMLElement | undefined)?.focus({ preventScroll: true });
        return layout;
      }
      if (onCanvas) {
        onCanvas = false;
        level = undefined;
        surface?.hide();
        root?.classList.remove('over-object');
        drawing.removeAttribute('display');
      }
      root?.setAttribute('data-renderer', 'svg');
      // Inside the app the drawn objects are navigable, so the root is a group, not one image.
      drawCluster(drawing, model, layout, { theme, animate, role: 'group' });
      // Not a tab stop itself (Chromium makes overflowing SVG roots focusable); its nodes and pods are.
      if (drawing.getAttribute('tabindex') !== '-1') drawing.setAttribute('tabindex', '-1');
      current = layout;
      indexBoxes(layout);
      indexElements();
      applyWarnings();
      text.collect(layout);
      showScale();
      if (lensPoints || placed) applyLens();
      if (refocus) elements.get(refocus)?.focus({ preventScroll: true });
      return layout;
    },
    layout: () => current,
    layoutStats: () => (current && memos.get(current.detail)?.stats) || { grids: 0, planned: [], placed: [], shifted: [], reused: 0, podsKept: 0, compared: 0 },
    boxOf(uid) {
      if (!onCanvas) return boxes.get(uid);
      // The scene has every box already: no copy of them per render.
      const item = surface?.scene()?.byUid.get(uid);
      return item && SELECTABLE.has(item.kind) ? { x: item.x, y: item.y, width: item.width, height: item.height } : undefined;
    },
    element: (uid) => elements.get(uid),
    warnings(uids, label) {
      warned = { uids, label };
      applyWarnings();
    },
    finish() {
      if (!drawn) return undefined;
      if (onCanvas) {
        if (!current) return undefined;
        const pods = podsIn(drawn.model);
        const layout = detailAllowed(current.detail, pods) ? current : layoutAt(drawn.model, lodAt(pods, 1).detail);
        drawCluster(drawing, drawn.model, layout, { theme: drawn.theme, animate: false });
        drawing.setAttribute('display', 'none');
        return layout;
      }
      for (const el of Array.from(drawing.querySelectorAll('*'))) interrupt(el);
      // Interrupted fades would otherwise stay half-drawn for good.
      for (const el of Array.from(drawing.querySelectorAll('.ka-exiting'))) el.remove();
      for (const el of Array.from(drawing.querySelectorAll('g[opacity]'))) el.removeAttribute('opacity');
      return view.render(drawn.model, drawn.theme, false);
    },
    mark(selection, search) {
      // The same layout and search keep the same sets: the canvas keys its dimmed bitmaps on them, so a click repaints none.
      const layout = current ?? { nodes: [], pods: [] };
      let marks: SceneMarks;
      if (lastMarks && lastMarks.layout === layout && lastMarks.search === search) marks = { ...lastMarks.marks, selected: selection?.uid };
      else {
        marks = sceneMarks(layout, selection?.uid, search);
        lastMarks = { layout, search, marks };
      }
      if (onCanvas) {
        surface?.setMarks(marks);
        return;
      }
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
      if (marks.selected) set(marks.selected, 'data-selected');
      drawing.toggleAttribute('data-searching', marks.searching);
      for (const uid of marks.hits) set(uid, 'data-hit');
      for (const uid of marks.dimmed) set(uid, 'data-dim');
    },
    exported() {
      if (onCanvas) emptyDrawing();
    },
    setRenderer(next) {
      choice = next;
    },
    budget: (pods) => budgetFor(pods),
    moved() {
      if (onCanvas) surface?.paintSoon();
      followView();
    },
    setLens(points) {
      lensPoints = points && points.length ? points : null;
      applyLens();
    },
    lens: () => placed,
    setInjected(mode) {
      if (mode === injected) return;
      injected = mode;
      // Every kept layout has the other pod heights.
      lastOf.clear();
      stopWarming();
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
