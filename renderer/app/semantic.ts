// Semantic zoom: the level of the picture follows the zoom (lod.ts decides
// which). While the picture moves, only what is shown changes: the level mark,
// the text that reads, the overview's labels. When a move ends at a scale
// whose level needs another geometry (pod cards opening into pods with their
// containers, or closing again), the model is laid out at that geometry and
// the picture is moved so that the object under the pointer (or the middle of
// the view) stays where it was on screen, at the same scale.
//
// Laying out a large cluster at another geometry is most of what such a move's
// end costs (at 100,000 pods, 380 ms of an 800 ms stall, and the garbage it
// leaves): once a model has been shown and the page has been quiet for a
// while (no model, no move), the geometries a move could end at are laid out
// in idle time (a layout in parts, node by node, while each idle period
// lasts, so that none is one long task), and their scenes made when the
// canvas draws, likewise in parts, so that the end of the move finds them made. A stream of models
// never leaves the page quiet that long, so it pays nothing for them.

import type { AnatomyModel } from '../../main/model/types.ts';
import { anchorAt, chooseFit, detailAllowed, detailFor, levelAt, LEVELS, pointOf } from '../layout/lod.ts';
import type { ClusterLayout, Detail } from '../layout/types.ts';
import type { ThemeName } from '../draw/theme.ts';
import { ONE_GEOMETRY_FROM_PODS, type CanvasView } from './canvas.ts';
import type { Target } from './details/types.ts';
import { fitAspect, fitScale, fitScaleAtMost, type Box, type ZoomController } from './zoom.ts';

export interface SemanticZoom {
  /** Shows a model: fitted to the view (the first one, or while the user has not moved the picture), or at the scale it is seen at. */
  show(model: AnatomyModel, theme: ThemeName, animate: boolean, fit: boolean): void;
  /** Fits the whole picture to the view, laid out at the finest level that reads there. */
  fit(animate?: boolean): void;
  /** The view changed size: the picture is laid out for its new shape (and fitted again when `fit`). */
  resized(fit: boolean): void;
  /** The box of a target, switching to the level that draws it when the current one does not. */
  boxFor(target: Target): Box | undefined;
}

export interface SemanticEvents {
  /** The drawing was laid out and drawn again (marks must be put back). */
  redrawn(): void;
}

/** The timers the warm-up waits on; the window's unless a test passes its own. */
export interface QuietHost {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(handle: number): void;
  /** Runs `callback` when the page has a moment to spare (telling how long it has); without it, in a task of its own. */
  requestIdleCallback?(callback: (deadline?: IdleTime) => void): number;
  /** Milliseconds, on any steady clock. */
  now(): number;
  /** Told when all that a move could end at is made (the window's host marks it: 'ka-warmed', for benchmarks). */
  warmed?(): void;
}

/** What an idle period tells of itself (the window's IdleDeadline). */
export interface IdleTime {
  timeRemaining(): number;
}

/**
 * A layout or scene made ahead stops taking parts when its idle period (at
 * most 50 ms) has less than this left (ms): a part (a node's grid) takes
 * about a millisecond at a hundred pods a node, but a garbage collection may
 * fall in one, and a task over 50 ms is a long one. Without idle periods, it
 * takes parts for WARM_SLICE_MS in each task.
 */
export const WARM_MARGIN_MS = 10;
export const WARM_SLICE_MS = 12;

/**
 * Models from this many pods have the geometries a move could end at laid out
 * ahead (below it a layout takes a frame or two); from the same size the canvas
 * keeps only the model drawn laid out (ONE_GEOMETRY_FROM_PODS).
 */
export const WARM_FROM_PODS = ONE_GEOMETRY_FROM_PODS;
/**
 * How long the page must be quiet (no model, no move) before they are: this
 * long, or twice the time between the last two models, whichever is longer,
 * up to WARM_AT_MOST_MS. A cluster that changes every few seconds would
 * otherwise have them laid out again (400 ms at 100,000 pods) in each pause,
 * only for the next change to let them go (canvas.ts, ONE_GEOMETRY_FROM_PODS).
 */
export const WARM_AFTER_MS = 1_000;
export const WARM_AT_MOST_MS = 30_000;

/** `quiet`: the window's timers by default; null makes nothing ahead. */
export function createSemanticZoom(canvas: CanvasView, zoom: ZoomController, events: SemanticEvents, quiet: QuietHost | null | undefined = defaultQuietHost()): SemanticZoom {
  let shown: { model: AnatomyModel; theme: ThemeName } | undefined;
  let aspect: number | undefined;
  let settling = false;
  let warmTimer: number | undefined;
  /** Counts the waits begun: an idle period asked for in an earlier one does nothing. */
  let warmRound = 0;
  /** When the last model came, and how long after the one before it. */
  let modelAt: number | undefined;
  let modelGap = 0;

  /** Runs `work` in the page's next idle period (or in a task of its own where there are none). */
  function whenIdle(host: QuietHost, work: (deadline?: IdleTime) => void): void {
    if (host.requestIdleCallback) host.requestIdleCallback(work);
    else host.setTimeout(() => work(), 0);
  }

  /** (Re)starts the wait for a quiet page, after which the other geometries are laid out. */
  function warmSoon(): void {
    if (!quiet) return;
    const host = quiet;
    if (warmTimer !== undefined) host.clearTimeout(warmTimer);
    warmTimer = undefined;
    const round = ++warmRound;
    if (!shown || pods() < WARM_FROM_PODS) return;
    warmTimer = host.setTimeout(() => {
      warmTimer = undefined;
      // Moving: the move's end starts the wait again.
      if (zoom.moving()) return;
      whenIdle(host, (deadline) => warmNext(host, round, deadline));
    }, Math.min(WARM_AT_MOST_MS, Math.max(WARM_AFTER_MS, 2 * modelGap)));
  }

  /**
   * Makes one thing a move's end would wait on (parts of a geometry's layout
   * while the idle period lasts, or a scene), if one is left, and asks for
   * the next idle period.
   */
  function warmNext(host: QuietHost, round: number, deadline?: IdleTime): void {
    if (round !== warmRound || !shown || pods() < WARM_FROM_PODS || zoom.moving()) return;
    const started = host.now();
    const more = deadline ? () => deadline.timeRemaining() > WARM_MARGIN_MS : () => host.now() - started < WARM_SLICE_MS;
    const model = shown.model;
    const current = canvas.layout()?.detail;
    // The geometries a move could end at, and then the one shown: its layout is made, but what its scene's first
    // paints would work out is made ahead too (scene-surface.ts prepare).
    const others = [...new Set(LEVELS.map((level) => detailFor(level, pods())))].filter((detail) => detail !== current);
    for (const detail of current === undefined ? others : [...others, current]) {
      if (!detailAllowed(detail, pods(), budget())) continue;
      if (canvas.warm(model, detail, more)) {
        whenIdle(host, (next) => warmNext(host, round, next));
        return;
      }
    }
    host.warmed?.();
  }

  const pods = () => Number(shown?.model.stats?.pods) || 0;
  // Levels open as far as the renderer that draws allows (chooseFit keeps a
  // large cluster's first view to its overview).
  const budget = () => canvas.budget(pods());

  zoom.onChange((k) => canvas.setScale(k));
  zoom.onEnd(() => {
    settle();
    warmSoon();
  });

  function draw(detail: Detail, animate: boolean): ClusterLayout {
    canvas.setShape(detail, aspect);
    const layout = canvas.render(shown!.model, shown!.theme, animate);
    zoom.setContent(layout.width, layout.height);
    warmSoon();
    return layout;
  }

  /** Fits the picture (moving it there animated when `animate`), drawing a new model's changes animated when `animateDraw`. */
  function fitNow(animate: boolean, animateDraw = false): void {
    if (!shown) return;
    const view = zoom.view();
    aspect ??= fitAspect(view);
    canvas.setShape(canvas.layout()?.detail, aspect);
    const model = shown.model;
    // A level whose boxes alone could not read fitted whole is not laid out to find that out.
    const choice = chooseFit(pods(), (detail) => fitScale(view, canvas.measure(model, detail)), undefined, budget(), (detail) => fitScaleAtMost(view, canvas.areaAtLeast(model, detail)));
    settling = true;
    try {
      draw(choice.detail, animateDraw);
      zoom.fit(animate, choice.scale);
    } finally {
      settling = false;
    }
    canvas.setScale(zoom.scale());
    events.redrawn();
  }

  /** After a move: lays out at the geometry the new scale's level needs, keeping the focus in place. */
  function settle(): void {
    if (settling || !shown) return;
    const before = canvas.layout();
    const k = zoom.scale();
    const wanted = detailFor(levelAt(pods(), k, budget()), pods());
    if (!before || wanted === before.detail) return;
    relayout(wanted, before);
  }

  function relayout(detail: Detail, before: ClusterLayout): ClusterLayout {
    const t = zoom.transform();
    const view = zoom.view();
    const focus = zoom.focus() ?? { x: view.width / 2, y: view.height / 2 };
    const at = { x: (focus.x - t.x) / t.k, y: (focus.y - t.y) / t.k };
    const anchor = anchorAt(before, at);
    settling = true;
    try {
      const after = draw(detail, false);
      const p = pointOf(after, anchor, at, before);
      zoom.moveTo(focus.x - p.x * t.k, focus.y - p.y * t.k, t.k);
      canvas.setScale(t.k);
      events.redrawn();
      return after;
    } finally {
      settling = false;
    }
  }

  return {
    show(model, theme, animate, fit) {
      if (quiet && model !== shown?.model) {
        const t = quiet.now();
        modelGap = modelAt === undefined ? 0 : t - modelAt;
        modelAt = t;
      }
      shown = { model, theme };
      if (fit) {
        fitNow(false, animate);
        return;
      }
      const current = canvas.layout()?.detail;
      // In the middle of a move the geometry stays (the move's end picks it), unless the model outgrew it.
      const detail = zoom.moving() && current && detailAllowed(current, pods(), budget()) ? current : detailFor(levelAt(pods(), zoom.scale(), budget()), pods());
      draw(detail, animate);
      canvas.setScale(zoom.scale());
      events.redrawn();
    },
    fit(animate = true) {
      fitNow(animate);
    },
    resized(fit) {
      if (!shown) return;
      const next = fitAspect(zoom.view());
      const changed = aspect === undefined || Math.abs(Math.log(next / aspect)) > Math.log(1.1);
      if (changed) aspect = next;
      if (fit) {
        fitNow(false);
        return;
      }
      // Moved by the user: a new shape only lays out again when it is really another shape.
      const before = canvas.layout();
      if (!changed || !before) return;
      relayout(before.detail, before);
    },
    boxFor(target) {
      const box = canvas.boxOf(target.uid);
      if (box || !shown || (target.kind !== 'container' && target.kind !== 'volume')) return box;
      // Containers and volumes are drawn only at their level: go there, when the model is small enough to.
      const before = canvas.layout();
      if (!detailAllowed('full', pods(), budget()) || !before) return undefined;
      relayout('full', before);
      return canvas.boxOf(target.uid);
    },
  };
}

function defaultQuietHost(): QuietHost | undefined {
  const win = globalThis as unknown as Partial<QuietHost> & { setTimeout?: unknown; clearTimeout?: unknown };
  if (typeof win.setTimeout !== 'function' || typeof win.clearTimeout !== 'function') return undefined;
  return {
    setTimeout: (callback, ms) => (win.setTimeout as (c: () => void, ms: number) => number)(callback, ms),
    clearTimeout: (handle) => (win.clearTimeout as (h: number) => void)(handle),
    now: () => (typeof performance === 'object' ? performance.now() : Date.now()),
    warmed: () => {
      try {
        // One mark, the latest: not one more for each quiet spell of the app's life.
        performance.clearMarks('ka-warmed');
        performance.mark('ka-warmed');
      } catch {
        // No User Timing here: nothing reads it but a benchmark.
      }
    },
    ...(typeof win.requestIdleCallback === 'function' ? { requestIdleCallback: (callback: (deadline?: IdleTime) => void) => win.requestIdleCallback!(callback) } : {}),
  };
}
