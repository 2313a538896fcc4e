// Zoom and pan of the drawing with d3-zoom: wheel / pinch and drag on the
// canvas, plus the programmatic moves the toolbar, keyboard and search use.
// The drawing itself lives in a nested <svg> inside #viewport, so d3-zoom's
// transform never touches what drawCluster owns.

import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ZoomController {
  /** Size of the drawing in its own units. */
  setContent(width: number, height: number): void;
  fit(animate?: boolean): void;
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
  /** Centre on a box (drawing units), zooming so it fills most of the view. */
  zoomTo(box: Box, options?: { maxScale?: number }): void;
  /** Pans (keeping the scale) so the box is on screen, when it is not. */
  ensureVisible(box: Box): void;
  scale(): number;
  onChange(listener: (scale: number) => void): void;
}

const MIN_SCALE = 0.03;

/** Grows a box around its centre to at least minWidth × minHeight. */
export function padBox(box: Box, minWidth: number, minHeight: number): Box {
  const width = Math.max(box.width, minWidth);
  const height = Math.max(box.height, minHeight);
  return { x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height };
}
const MAX_SCALE = 6;

export function createZoom(canvas: SVGSVGElement, viewport: SVGGElement, reducedMotion: () => boolean): ZoomController {
  let content = { width: 0, height: 0 };
  const listeners: Array<(scale: number) => void> = [];
  const svg = select<SVGSVGElement, unknown>(canvas);
  const behavior: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      viewport.setAttribute('transform', event.transform.toString());
      for (const l of listeners) l(event.transform.k);
    });
  svg.call(behavior).on('dblclick.zoom', null);

  const view = () => ({ width: canvas.clientWidth || 800, height: canvas.clientHeight || 600 });
  const duration = (ms: number) => (reducedMotion() ? 0 : ms);

  function apply(transform: ZoomTransform, ms: number): void {
    if (ms > 0) svg.transition().duration(ms).call(behavior.transform, transform);
    else svg.interrupt().call(behavior.transform, transform);
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
    fit(animate = true) {
      if (!content.width || !content.height) return;
      const { width, height } = view();
      const pad = 24;
      const k = Math.max(MIN_SCALE, Math.min(1.5, (width - pad * 2) / content.width, (height - pad * 2) / content.height));
      const t = centred({ x: 0, y: 0, ...content }, k);
      // Tall pictures start at the top rather than in the middle.
      const top = content.height * k > height - pad * 2 ? zoomIdentity.translate(t.x, pad).scale(k) : t;
      apply(top, animate ? duration(350) : 0);
    },
    zoomBy(factor) {
      if (reducedMotion()) svg.call(behavior.scaleBy, factor);
      else svg.transition().duration(200).call(behavior.scaleBy, factor);
    },
    panBy(dx, dy) {
      const k = zoomTransform(canvas).k;
      svg.call(behavior.translateBy, dx / k, dy / k);
    },
    zoomTo(box, options = {}) {
      const { width, height } = view();
      const k = Math.max(MIN_SCALE, Math.min(options.maxScale ?? 2, (width * 0.8) / Math.max(1, box.width), (height * 0.8) / Math.max(1, box.height)));
      apply(centred(box, k), duration(450));
    },
    ensureVisible(box) {
      const t = zoomTransform(canvas);
      const { width, height } = view();
      const left = box.x * t.k + t.x;
      const top = box.y * t.k + t.y;
      const margin = 24;
      const inside = left >= margin && top >= margin && left + box.width * t.k <= width - margin && top + box.height * t.k <= height - margin;
      if (!inside) apply(centred(box, t.k), duration(250));
    },
    scale() {
      return zoomTransform(canvas).k;
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
