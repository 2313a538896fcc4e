// The app's picture options for exports and copies (issue 11): legend,
// footer, title, caption and the print theme, chosen in the Export menu, and
// the paper they make around a drawn picture: the same renderer/draw/paper.ts
// as the command line's export. The legend is read from what was drawn, the
// alt text and the footer's source from the model passed in (the part, for
// Export selection), so both say what the picture shows.

import type { AnatomyModel } from '../../main/model/types.ts';
import type { ClusterLayout, InjectedVolumes } from '../layout/types.ts';
import { drawCluster, SVG_NS } from '../draw/cluster.ts';
import { altText, footerOf, MAX_CAPTION, MAX_TITLE, type PaperContent } from '../draw/paper-content.ts';
import { legendOfDrawing } from '../draw/paper.ts';
import { PRINT, themeByName, type Theme, type ThemeName } from '../draw/theme.ts';
import { wordsFor } from '../layout/words.ts';
import type { Lang } from '../../main/i18n/index.ts';
import { paperedSvg } from './export.ts';

export interface PaperChoice {
  legend: boolean;
  footer: boolean;
  /** The print theme instead of the view's. */
  print: boolean;
  title: string;
  caption: string;
}

export const DEFAULT_PAPER: Readonly<PaperChoice> = { legend: true, footer: true, print: false, title: '', caption: '' };

function checked(doc: Document, id: string, fallback: boolean): boolean {
  const input = doc.getElementById(id) as HTMLInputElement | null;
  if (!input) return fallback;
  // A DOM without the property (linkedom) has only the attribute, which is the box's initial state.
  return typeof input.checked === 'boolean' ? input.checked : input.hasAttribute('checked');
}

// What an XML file may not hold (C0 controls but tab, line feed and return; U+FFFE, U+FFFF; lone surrogates):
// pasted into a title, it would make the exported SVG a file no reader opens.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function text(doc: Document, id: string, max: number): string {
  const input = doc.getElementById(id) as HTMLInputElement | null;
  return (input?.value ?? '').trim().slice(0, max).replace(NOT_XML, ' ').trim();
}

/** What the Export menu's picture options say now (the defaults where the page has none of them). */
export function readPaperChoice(doc: Document): PaperChoice {
  return {
    legend: checked(doc, 'paper-legend', DEFAULT_PAPER.legend),
    footer: checked(doc, 'paper-footer', DEFAULT_PAPER.footer),
    print: checked(doc, 'paper-print', DEFAULT_PAPER.print),
    title: text(doc, 'paper-title', MAX_TITLE),
    caption: text(doc, 'paper-caption', MAX_CAPTION),
  };
}

/** The theme an export is drawn in: print when chosen, else the view's. */
export function exportTheme(choice: PaperChoice, view: ThemeName): ThemeName {
  return choice.print ? 'print' : view;
}

/**
 * The picture drawn afresh in the print theme, for an export of what the
 * screen shows in another: the same layout, drawn by the same drawCluster.
 */
export function drawForPrint(doc: Document, model: AnatomyModel, layout: ClusterLayout): { svg: SVGSVGElement; width: number; height: number } {
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  drawCluster(svg, model, layout, { theme: PRINT, animate: false });
  return { svg, width: layout.width, height: layout.height };
}

export interface PaperFor {
  /** The picture drawn (the screen's, a part's or the print drawing). */
  svg: SVGSVGElement;
  /** The model it was drawn from, possibly a part: the alt text and the footer's source. */
  model: AnatomyModel;
  lang: Lang;
  injected?: InjectedVolumes;
  /** The footer's time. */
  now: Date;
}

/** The paper around a drawn picture, and the theme it is drawn in (the picture's own). */
export function paperFor(picture: PaperFor, choice: PaperChoice): { content: PaperContent; theme: Theme } {
  const t = wordsFor(picture.lang);
  const title = choice.title || undefined;
  const caption = choice.caption || undefined;
  const content: PaperContent = {
    lang: picture.lang,
    ...(title ? { title } : {}),
    ...(caption ? { caption } : {}),
    legend: choice.legend ? legendOfDrawing(picture.svg, picture.injected) : [],
    ...(choice.footer ? { footer: footerOf(picture.model, picture.now, t) } : {}),
    alt: altText(picture.model, picture.lang, { title, caption, injected: picture.injected }),
  };
  return { content, theme: themeByName(picture.svg.getAttribute('data-theme')) };
}

/** What the host knows of the picture being exported: its model (whole, or the part), layout and words. */
export interface PaperSource {
  model: AnatomyModel;
  /** The layout drawn, for a fresh drawing in the print theme; absent when it cannot be drawn again. */
  layout?: ClusterLayout;
  lang: Lang;
  injected?: InjectedVolumes;
}

/**
 * The standalone SVG of a drawn picture with the paper the Export menu asks
 * for: drawn again in the print theme when chosen (and not already so), with
 * the legend, title, caption, footer and alt text around it. Without a source
 * the picture goes as drawn, bare.
 */
export function paperedPicture(
  doc: Document,
  drawn: { svg: SVGSVGElement; width: number; height: number },
  fonts: string,
  source: PaperSource | undefined,
  now: Date,
): { text: string; width: number; height: number } {
  if (!source) return paperedSvg(drawn.svg, drawn, fonts);
  const choice = readPaperChoice(doc);
  const picture = choice.print && source.layout && drawn.svg.getAttribute('data-theme') !== 'print' ? drawForPrint(doc, source.model, source.layout) : drawn;
  const paper = paperFor({ svg: picture.svg, model: source.model, lang: source.lang, injected: source.injected, now }, choice);
  return paperedSvg(picture.svg, picture, fonts, paper);
}
