// SVG → PNG with resvg, using only the bundled fonts (no system fonts), so the
// same SVG gives the same pixels everywhere.

import { Resvg } from '@resvg/resvg-js';
import { DEFAULT_FONT_FAMILY, fontFiles } from './fonts.ts';
import { fittingDetail, type DetailChoice } from './detail.ts';
import { layoutCluster } from '../../renderer/layout/index.ts';
import type { ClusterLayout, Detail, InjectedVolumes } from '../../renderer/layout/types.ts';
import type { AnatomyModel } from '../model/types.ts';
import type { Lang } from '../i18n/index.ts';

export interface RenderPngOptions {
  /** Pixel density; 2 gives crisp screenshots. Default 1. Clamped to 0.1..8. */
  scale?: number;
  /** CSS colour painted behind the picture; transparent when absent. */
  background?: string;
  /** Directory holding the bundled fonts; default assets/fonts. */
  fontDir?: string;
}

export interface RenderedPixels {
  width: number;
  height: number;
  /** RGBA, row-major. */
  pixels: Buffer;
}

function resvg(svg: string, options: RenderPngOptions): Resvg {
  const scale = Number.isFinite(options.scale) ? Math.min(8, Math.max(0.1, options.scale!)) : 1;
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background,
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(options.fontDir),
      defaultFontFamily: DEFAULT_FONT_FAMILY,
      sansSerifFamily: DEFAULT_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
}

/**
 * Largest picture rendered, in pixels (~512 MB of RGBA). A full-detail picture
 * of thousands of pods passes it; such clusters export in compact detail.
 */
export const MAX_PIXELS = 128_000_000;

function clampScale(scale: number | undefined): number {
  return scale !== undefined && Number.isFinite(scale) ? Math.min(8, Math.max(0.1, scale)) : 1;
}

function pixelsOf(size: { width: number; height: number }, scale: number): number {
  return Math.ceil(size.width * scale) * Math.ceil(size.height * scale);
}

/** Whether a picture of this size stays within MAX_PIXELS at `scale`. */
export function fitsPixels(size: { width: number; height: number }, scale: number | undefined): boolean {
  return pixelsOf(size, clampScale(scale)) <= MAX_PIXELS;
}

/**
 * The layout of a PNG: at the export policy's level, or a coarser one where
 * that picture would pass MAX_PIXELS at `scale` (5,000 pods as pod cards at
 * scale 2 would be 178 Mpx). A level asked for by name is kept. The layout
 * that decided is the one drawn, so it is made once.
 */
export function pngLayout(model: AnatomyModel, choice: DetailChoice, aspect: number, scale: number | undefined, lang?: Lang, injected?: InjectedVolumes): ClusterLayout {
  const layouts = new Map<Detail, ClusterLayout>();
  const layoutAt = (detail: Detail): ClusterLayout => {
    let layout = layouts.get(detail);
    if (!layout) layouts.set(detail, (layout = layoutCluster(model, { detail, aspect, lang, injected })));
    return layout;
  };
  return layoutAt(fittingDetail(choice, Number(model.stats?.pods) || 0, (detail) => fitsPixels(layoutAt(detail), scale)));
}

function checked(svg: string, options: RenderPngOptions): Resvg {
  const r = resvg(svg, options);
  const scale = clampScale(options.scale);
  const pixels = pixelsOf(r, scale);
  if (pixels > MAX_PIXELS) {
    throw new RangeError(`The picture is ${Math.round(pixels / 1e6)} Mpx at scale ${scale}; the limit is ${MAX_PIXELS / 1e6} Mpx. Export with --detail overview or at a smaller --scale.`);
  }
  return r;
}

export function renderPng(svg: string, options: RenderPngOptions = {}): Buffer {
  return checked(svg, options).render().asPng();
}

/** Raw pixels, for tests and for callers that encode themselves. */
export function renderPixels(svg: string, options: RenderPngOptions = {}): RenderedPixels {
  const image = checked(svg, options).render();
  return { width: image.width, height: image.height, pixels: Buffer.from(image.pixels) };
}
