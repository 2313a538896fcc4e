// Zoom and pan of the drawing with d3-zoom: wheel / pinch and drag on the
// canvas, plus the programmatic moves the toolbar, keyboard and search use.
// The drawing itself lives in a nested <svg> inside #viewport, so d3-zoom's
// transform never touches what drawCluster owns.

import { pointer, select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3';
import { pinnedSize, watchedSize, type ResizeHost, type Sized } from './view-size.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ZoomController {
  /** Size of the drawing in its own units. */
  setContent(width: number, height: number): void;
  /** Fits the drawing to the view: at `scale` when given, else as large as fits (up to 150 %). */
  fit(animate?: boolean, scale?: number): void;
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
  /** Centre on a box (drawing units), zooming so it fills most of the view; `jump` as framing() says, at once. */
  zoomTo(box: Box, options?: FramingOptions): void;
  /** Pans (keeping the scale) so the box is on screen, when it is not. */
  ensureVisible(box: Box): void;
  scale(): number;
  /** The current pan and zoom: screen = layout × k + (x, y). */
  transform(): { x: number; y: number; k: number };
  /** Moves at once (no transition) to a pan and zoom. */
  moveTo(x: number, y: number, k: number): void;
  /** Size of the view in screen pixels. */
  view(): { width: number; height: number };
  /**
   * Where the pointer was in the view (screen pixels) when the last wheel or
   * drag moved the picture; undefined after a move made by a key, a button or
   * the app, which zoom about the middle.
   */
  focus(): { x: number; y: number } | undefined;
  /** Whether a wheel, drag or transition is moving the picture now. */
  moving(): boolean;
  onChange(listener: (scale: number) => void): void;
  /** Called when a wheel, drag or transition has ended. */
  onEnd(listener: () => void): void;
}

const MIN_SCALE = 0.03;
const FIT_PAD = 24;
const FIT_MAX = 1.5;

/** The scale that fits `content` (drawing units) into `view` (screen pixels) with a margin, capped at `maxScale`. */
export function fitScale(view: { width: number; height: number }, content: { width: number; height: number }, maxScale = FIT_MAX): number {
  if (!(content.width > 0) || !(content.height > 0)) return 1;
  return Math.max(MIN_SCALE, Math.min(maxScale, (view.width - FIT_PAD * 2) / content.width, (view.height - FIT_PAD * 2) / content.height));
}

/**
 * The most fitScale(view, content) can be for content of at least `area`
 * square units, whatever its shape (Infinity when nothing is known): the
 * smaller of the two ratios is at most their geometric mean.
 */
export function fitScaleAtMost(view: { width: number; height: number }, area: number, maxScale = FIT_MAX): number {
  if (!(area > 0)) return Infinity;
  const room = Math.max(0, view.width - FIT_PAD * 2) * Math.max(0, view.height - FIT_PAD * 2);
  return Math.max(MIN_SCALE, Math.min(maxScale, Math.sqrt(room / area)));
}

/** Width / height of the part of a view a fitted drawing fills. */
export function fitAspect(view: { width: number; height: number }): number {
  return Math.max(1, view.width - FIT_PAD * 2) / Math.max(1, view.height - FIT_PAD * 2);
}

/** Grows a box around its centre to at least minWidth × minHeight. */
export function padBox(box: Box, minWidth: number, minHeight: number): Box {
  const width = Math.max(box.width, minWidth);
  const height = Math.max(box.height, minHeight);
  return { x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height };
}
const MAX_SCALE = 6;

export interface FramingOptions {
  maxScale?: number;
  /**
   * Move at once, and keep the scale the view is at when it is within
   * JUMP_KEEPS_SCALE of the one wanted: Chromium lays SVG text out at its size
   * on screen, so a new scale lays out every text of a large SVG again (about
   * half a second at 5,000 pods), while a pan only moves it.
   */
  jump?: boolean;
}

/** How far (as a factor either way) a jump's scale may stay from the one a box wants. */
export const JUMP_KEEPS_SCALE = 1.5;

/**
 * The pan and zoom (screen = layout × k + (x, y)) that shows `box` in a view:
 * zoomed so it fills most of the view (up to maxScale, 2 by default) and
 * centred; a jump that keeps a larger scale than the box wants shows the box
 * from its top left corner (a node from its header) when it no longer fits.
 */
export function framing(view: { width: number; height: number }, box: Box, current: { k: number }, options: FramingOptions = {}): { x: number; y: number; k: number } {
  const { width, height } = view;
  const wanted = Math.max(MIN_SCALE, Math.min(options.maxScale ?? 2, (width * 0.8) / Math.max(1, box.width), (height * 0.8) / Math.max(1, box.height)));
  const keep = options.jump && current.k > 0 && current.k <= wanted * JUMP_KEEPS_SCALE && current.k >= wanted / JUMP_KEEPS_SCALE;
  const k = keep ? current.k : wanted;
  const along = (size: number, start: number, extent: number) =>
    keep && extent * k > size * 0.9 ? size * 0.05 - start * k : size / 2 - (start + extent / 2) * k;
  return { x: along(width, box.x, box.width), y: along(height, box.y, box.height), k };
}

/**
 * While a move lasts, the SVG is moved as a picture: its root takes the
 * change from the transform last written into the drawing as a CSS transform,
 * and the drawing's own transform is written once, when the move ends.
 * Chromium sets SVG text at its size on screen, so every new scale of the
 * drawing's transform lays out every text of the picture again (0.5-3 s a
 * step at 1,000 pods here; a wheel zoom is a step a frame). A CSS transform
 * on the root is outside the SVG's coordinates: it lays out nothing, and
 * the glyphs are drawn at the scale on screen all the same. The root's
 * transform at rest is the identity (app.css), never none: a root that
 * gets a transform where it had none is laid out again whole. Not for the
 * canvas renderer, which paints each frame from the transform itself.
 */
export interface MoveAsPicture {
  /** Whether moves are to be shown this way now (the SVG draws). */
  (): boolean;
}

/**
 * `box`: the element the SVG fills, placed absolutely in it. The view's size
 * is read from it and given to the SVG in px (view-size.ts pinnedSize), and
 * it takes the wheel, drags and touches: it never moves, while the SVG moved
 * as a picture covers less of it or other parts (input there would be lost),
 * and pointer positions read against it are the view's. Only input on the
 * SVG or on the bare box moves the picture, not on the panels the box also
 * holds. Without a box (tests), the SVG takes it all.
 */
export function createZoom(
  canvas: SVGSVGElement,
  viewport: SVGGElement,
  reducedMotion: () => boolean,
  asPicture: MoveAsPicture = () => false,
  box?: Element & Sized,
): ZoomController {
  let content = { width: 0, height: 0 };
  const listeners: Array<(scale: number) => void> = [];
  const endListeners: Array<() => void> = [];
  let focus: { x: number; y: number } | undefined;
  let active = 0;
  /** The transform written into the drawing (its viewport's attribute). */
  let written: ZoomTransform = zoomIdentity;
  /** While a move is shown as a picture: the CSS transform on the root, from `written` to the move's transform now. */
  let lifted: { k: number; x: number; y: number } | undefined;
  /** What takes the input and holds d3's transform: the box, or the SVG. */
  const input: Element = box ?? canvas;
  const on = select<Element, unknown>(input);
  const style = (canvas as { style?: CSSStyleDeclaration }).style;

  function write(t: ZoomTransform): void {
    if (lifted) {
      lifted = undefined;
      if (style) style.transform = '';
    }
    written = t;
    viewport.setAttribute('transform', t.toString());
  }

  function show(t: ZoomTransform): void {
    if (!style || !asPicture() || !(written.k > 0)) {
      write(t);
      return;
    }
    const k = t.k / written.k;
    lifted = { k, x: t.x - k * written.x, y: t.y - k * written.y };
    style.transform = `matrix(${lifted.k},0,0,${lifted.k},${lifted.x},${lifted.y})`;
  }

  const host = (canvas.ownerDocument.defaultView ?? {}) as ResizeHost;
  const view = box ? pinnedSize(canvas as unknown as { style?: { width: string; height: string } }, box, host) : watchedSize(canvas, host);
  const behavior: ZoomBehavior<Element, unknown> = zoom<Element, unknown>()
    // d3's own extent reads the SVG's width.baseVal at every transform (each fitted live model, each relayout at a
    // zoom's end), which lays the page out first: 50-270 ms a model at 100,000 pods. The same size, as kept.
    .extent(() => {
      const { width, height } = view();
      return [
        [0, 0],
        [width, height],
      ];
    })
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    // d3's own rule (no secondary button, Ctrl only with a wheel: a pinch), on the picture or the bare box only.
    .filter((event: Event & { ctrlKey?: boolean; button?: number }) => {
      if ((event.ctrlKey && event.type !== 'wheel') || event.button) return false;
      const target = event.target as Node | null;
      return !box || target === box || (target !== null && canvas.contains(target));
    })
    .on('start', (event: D3ZoomEvent<Element, unknown>) => {
      active++;
      focus = pointerOf(event.sourceEvent);
    })
    .on('zoom', (event: D3ZoomEvent<Element, unknown>) => {
      show(event.transform);
      focus = pointerOf(event.sourceEvent) ?? focus;
      for (const l of listeners) l(event.transform.k);
    })
    .on('end', () => {
      active = Math.max(0, active - 1);
      if (active > 0) return;
      // The move's end: its transform goes into the drawing (one layout of its text at the new scale).
      if (lifted) write(zoomTransform(input));
      for (const l of endListeners) l();
    });
  on.call(behavior).on('dblclick.zoom', null);

  function pointerOf(source: unknown): { x: number; y: number } | undefined {
    const e = source as { clientX?: unknown } | null | undefined;
    if (!e || typeof e.clientX !== 'number') return undefined;
    const [x, y] = pointer(e, input);
    return { x, y };
  }

  const duration = (ms: number) => (reducedMotion() ? 0 : ms);

  function apply(transform: ZoomTransform, ms: number): void {
    if (ms > 0) on.transition().duration(ms).call(behavior.transform, transform);
    else on.interrupt().call(behavior.transform, transform);
  }

  function centred(box: Box, k: number): ZoomTransform {
    const { width, height } = view();
    return zoomIdentity
      .translate(width / 2 - (box.x + box.width / 2) * k, height / 2 - (box.y + box.height / 2) * k)
      .scale(k);
  }

  return {
    setContent(width, height) {
      content = { width, height };
    },
    fit(animate = true, scale?: number) {
      if (!content.width || !content.height) return;
      const { height } = view();
      const k = scale !== undefined && scale > 0 ? Math.max(MIN_SCALE, scale) : fitScale(view(), content);
      const t = centred({ x: 0, y: 0, ...content }, k);
      // Tall pictures start at the top rather than in the middle.
      const top = content.height * k > height - FIT_PAD * 2 ? zoomIdentity.translate(t.x, FIT_PAD).scale(k) : t;
      apply(top, animate ? duration(350) : 0);
    },
    zoomBy(factor) {
      if (reducedMotion()) on.call(behavior.scaleBy, factor);
      else on.transition().duration(200).call(behavior.scaleBy, factor);
    },
    panBy(dx, dy) {
      const k = zoomTransform(input).k;
      on.call(behavior.translateBy, dx / k, dy / k);
    },
    zoomTo(box, options = {}) {
      const t = framing(view(), box, zoomTransform(input), options);
      apply(zoomIdentity.translate(t.x, t.y).scale(t.k), options.jump ? 0 : duration(450));
    },
    ensureVisible(box) {
      const t = zoomTransform(input);
      const { width, height } = view();
      const left = box.x * t.k + t.x;
      const top = box.y * t.k + t.y;
      const margin = 24;
      const inside = left >= margin && top >= margin && left + box.width * t.k <= width - margin && top + box.height * t.k <= height - margin;
      if (!inside) apply(centred(box, t.k), duration(250));
    },
    scale() {
      return zoomTransform(input).k;
    },
    transform() {
      const t = zoomTransform(input);
      return { x: t.x, y: t.y, k: t.k };
    },
    moveTo(x, y, k) {
      apply(zoomIdentity.translate(x, y).scale(k), 0);
    },
    view,
    focus: () => focus,
    moving: () => active > 0,
    onChange(listener) {
      listeners.push(listener);
    },
    onEnd(listener) {
      endListeners.push(listener);
    },
  };
}
