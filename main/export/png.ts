// SVG → PNG with resvg, using only the bundled fonts (no system fonts), so the
// same SVG gives the same pixels everywhere. The price: a character those
// fonts lack (Han, Arabic, emoji…) is drawn as an empty box, which is said in
// a warning; the SVG keeps it as text.

import { Resvg } from '@resvg/resvg-js';
import { DEFAULT_FONT_FAMILY, fontFiles } from './fonts.ts';
import { fittingDetail, type DetailChoice } from './detail.ts';
import { characterName, fontsCoverage, missingGlyphs } from './glyphs.ts';
import { pictureSize } from './svg.ts';
import type { PaperOptions } from './paper.ts';
import { layoutCluster } from '../../renderer/layout/index.ts';
import { LEVEL_DETAIL, LEVELS, levelOfDetail } from '../../renderer/layout/lod.ts';
import type { ClusterLayout, Detail, InjectedVolumes } from '../../renderer/layout/types.ts';
import type { AnatomyModel } from '../model/types.ts';
import { message, MessageError, textOf, type Lang, type Message } from '../i18n/index.ts';
import { printableLines } from '../common/printable.ts';

export interface RenderPngOptions {
  /** Pixel density; 2 gives crisp screenshots. Default 1. Clamped to 0.1..8. */
  scale?: number;
  /** CSS colour painted behind the picture; transparent when absent. */
  background?: string;
  /** Directory holding the bundled fonts; default assets/fonts. */
  fontDir?: string;
  /** The language of errors and warnings; default the SVG's own (its root's lang), else English. */
  lang?: Lang;
  /**
   * Told a warning (a sentence, in `lang`) about the picture drawn: characters
   * the bundled fonts lack. Default: written to stderr as "warning: …", as the
   * export command writes its warnings.
   */
  warn?: (text: string) => void;
}

export interface RenderedPixels {
  width: number;
  height: number;
  /** RGBA, row-major. */
  pixels: Buffer;
}

function resvg(svg: string, options: RenderPngOptions): Resvg {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: clampScale(options.scale) },
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

/** The scales `export --scale` accepts. */
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 8;

function clampScale(scale: number | undefined): number {
  return scale !== undefined && Number.isFinite(scale) ? Math.min(MAX_SCALE, Math.max(0.1, scale)) : 1;
}

function pixelsOf(size: { width: number; height: number }, scale: number): number {
  return Math.ceil(size.width * scale) * Math.ceil(size.height * scale);
}

/** Whether a picture of this size stays within MAX_PIXELS at `scale`. */
export function fitsPixels(size: { width: number; height: number }, scale: number | undefined): boolean {
  return pixelsOf(size, clampScale(scale)) <= MAX_PIXELS;
}

/**
 * The largest scale `--scale` accepts at which a picture of this size fits
 * MAX_PIXELS, rounded down to hundredths; undefined when not even MIN_SCALE does.
 */
export function largestFittingScale(size: { width: number; height: number }): number | undefined {
  const area = Math.max(1, size.width) * Math.max(1, size.height);
  let scale = Math.min(MAX_SCALE, Math.floor(Math.sqrt(MAX_PIXELS / area) * 100) / 100);
  // Rounding each side up to whole pixels may pass the limit by a little: step down a hundredth at a time.
  while (scale >= MIN_SCALE && !fitsPixels(size, scale)) scale = Math.round(scale * 100 - 1) / 100;
  return scale >= MIN_SCALE ? scale : undefined;
}

/**
 * A PNG that would pass MAX_PIXELS, said before anything is drawn, with what
 * would fit: a coarser level of detail (at this scale), the largest scale
 * (at this level), or, when not even the smallest scale does, SVG.
 */
export class PictureTooLargeError extends MessageError {
  override name = 'PictureTooLargeError';
  constructor(
    readonly pixels: number,
    readonly scale: number,
    /** A coarser --detail level that fits at this scale. */
    readonly coarser: string | undefined,
    /** The largest --scale that fits at this level. */
    readonly fittingScale: number | undefined,
  ) {
    const said = tooLargeMessage(pixels, scale, coarser, fittingScale);
    super(said, textOf('en', said));
  }
}

function tooLargeMessage(pixels: number, scale: number, coarser: string | undefined, fittingScale: number | undefined): Message {
  const detail = coarser && `--detail ${coarser}`;
  const advice =
    fittingScale !== undefined
      ? detail
        ? message('errors.export.pngTooLarge.detailOrScale', { detail, scale: `--scale ${fittingScale}` })
        : message('errors.export.pngTooLarge.scale', { scale: `--scale ${fittingScale}` })
      : detail
        ? message('errors.export.pngTooLarge.detailOnly', { detail, scale: `--scale ${MIN_SCALE}` })
        : message('errors.export.pngTooLarge.svgOnly', { scale: `--scale ${MIN_SCALE}` });
  return message('errors.export.pngTooLarge', { mpx: Math.round(pixels / 1e6), scale, limit: MAX_PIXELS / 1e6, advice });
}

/**
 * The layout of a PNG: at the export policy's level, or a coarser one where
 * that picture would pass MAX_PIXELS at `scale` (5,000 pods as pod cards at
 * scale 2 would be 178 Mpx). A level asked for by name is kept. The layout
 * that decided is the one drawn, so it is made once.
 *
 * The picture measured is the one svgChunksOfLayout will draw around the
 * layout: with the model's numbered notes and the `paper` (without it, the
 * export command's default paper: the legend and the footer). When even the
 * level drawn passes MAX_PIXELS (a level asked for by name, or the overview),
 * this throws a PictureTooLargeError now, before the SVG is drawn and parsed:
 * for thousands of nodes those took most of a minute.
 */
export function pngLayout(
  model: AnatomyModel,
  choice: DetailChoice,
  aspect: number,
  scale: number | undefined,
  lang?: Lang,
  injected?: InjectedVolumes,
  paper: PaperOptions = { injected },
): ClusterLayout {
  const layouts = new Map<Detail, { layout: ClusterLayout; size: { width: number; height: number } }>();
  const at = (detail: Detail) => {
    let made = layouts.get(detail);
    if (!made) {
      const layout = layoutCluster(model, { detail, aspect, lang, injected });
      // The layout is the least of the picture: one that passes the limit alone is not measured further.
      made = { layout, size: fitsPixels(layout, scale) ? pictureSize(model, layout, paper) : layout };
      layouts.set(detail, made);
    }
    return made;
  };
  const fits = (detail: Detail) => fitsPixels(at(detail).size, scale);
  const { layout, size } = at(fittingDetail(choice, Number(model.stats?.pods) || 0, fits));
  if (fitsPixels(size, scale)) return layout;
  // The automatic choice has tried every coarser level already (fittingDetail), so only a level asked for may have one that fits.
  const coarser = LEVELS.slice(0, LEVELS.indexOf(levelOfDetail(layout.detail)))
    .reverse()
    .find((level) => fits(LEVEL_DETAIL[level]));
  const clamped = clampScale(scale);
  // The largest scale is the full picture's: measured now if the layout alone was too large.
  const whole = size === layout ? pictureSize(model, layout, paper) : size;
  throw new PictureTooLargeError(pixelsOf(whole, clamped), clamped, coarser, largestFittingScale(whole));
}

/** The root <svg>'s width, height and lang, read from the text before resvg parses it (for a large picture, seconds). */
function rootOf(svg: string): { width?: number; height?: number; lang?: Lang } {
  const tag = /<svg\b[^>]*>/.exec(svg.slice(0, 64 * 1024))?.[0];
  if (!tag) return {};
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const number = (value: string | undefined) => (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined);
  const lang = attr('lang');
  return { width: number(attr('width')), height: number(attr('height')), lang: lang === 'ko' || lang === 'en' ? lang : undefined };
}

function checked(svg: string, options: RenderPngOptions): Resvg {
  const scale = clampScale(options.scale);
  // pngLayout checked the picture it expected (its paper the default when not given: a title, caption or events
  // table makes it larger), and an SVG may come from elsewhere: its root says its size before resvg parses it.
  const root = rootOf(svg);
  const stated = root.width !== undefined && root.height !== undefined ? { width: root.width, height: root.height } : undefined;
  if (stated && !fitsPixels(stated, scale)) throw new PictureTooLargeError(pixelsOf(stated, scale), scale, undefined, largestFittingScale(stated));
  const r = resvg(svg, options);
  if (!fitsPixels(r, scale)) throw new PictureTooLargeError(pixelsOf(r, scale), scale, undefined, largestFittingScale(r));
  return r;
}

/** The warning for the characters of the picture's text that the bundled fonts lack, in `lang`; undefined when they have them all. */
export function missingGlyphsWarning(svg: string, lang: Lang, fontDir?: string): string | undefined {
  const missing = missingGlyphs(svg, fontsCoverage(fontFiles(fontDir)));
  if (!missing) return undefined;
  const examples = missing.examples.map(characterName).join(', ');
  const said =
    missing.distinct === 1 ? message('errors.export.missingGlyphs.one', { examples }) : message('errors.export.missingGlyphs', { n: missing.distinct, examples });
  return textOf(lang, said);
}

function warnMissingGlyphs(svg: string, options: RenderPngOptions): void {
  const warning = missingGlyphsWarning(svg, options.lang ?? rootOf(svg).lang ?? 'en', options.fontDir);
  if (!warning) return;
  (options.warn ?? ((text: string) => process.stderr.write(`${printableLines(`warning: ${text}`)}\n`)))(warning);
}

export function renderPng(svg: string, options: RenderPngOptions = {}): Buffer {
  const png = checked(svg, options).render().asPng();
  warnMissingGlyphs(svg, options);
  return png;
}

/** Raw pixels, for tests and for callers that encode themselves. */
export function renderPixels(svg: string, options: RenderPngOptions = {}): RenderedPixels {
  const image = checked(svg, options).render();
  warnMissingGlyphs(svg, options);
  return { width: image.width, height: image.height, pixels: Buffer.from(image.pixels) };
}
