// Images of the drawing. The SVG is a copy of what drawCluster drew (its
// colours are attributes, so it needs no stylesheet), stripped of the app's
// interaction marks, framed to the whole drawing, and carrying the bundled
// fonts so it looks the same anywhere. The PNG is that SVG rasterised at 2×.

import { message, MessageError } from '../../main/i18n/index.ts';
import { drawPaper } from '../draw/paper.ts';
import type { PaperContent } from '../draw/paper-content.ts';
import type { Theme } from '../draw/theme.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const UI_ATTRS = ['data-selected', 'data-hit', 'data-dim', 'data-hover', 'data-searching', 'data-level', 'tabindex', 'data-concept', 'data-concept-active'];

export const FONT_FILES: ReadonlyArray<{ url: string; weight: number }> = [
  { url: './fonts/Pretendard-Regular.otf', weight: 400 },
  { url: './fonts/Pretendard-SemiBold.otf', weight: 600 },
];

let fontCss: Promise<string> | undefined;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** @font-face rules with the bundled fonts inlined; "" when they cannot be fetched (text then falls back). */
export function embeddedFontCss(fetchImpl: typeof fetch = fetch): Promise<string> {
  fontCss ??= Promise.all(
    FONT_FILES.map(async ({ url, weight }) => {
      const res = await fetchImpl(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const data = bytesToBase64(new Uint8Array(await res.arrayBuffer()));
      return `@font-face{font-family:Pretendard;font-weight:${weight};font-style:normal;src:url(data:font/otf;base64,${data}) format("opentype");}`;
    }),
  ).then(
    (rules) => rules.join('\n'),
    (error) => {
      console.warn('kube-anatomy: fonts not embedded in the export', error);
      fontCss = undefined;
      return '';
    },
  );
  return fontCss;
}

/**
 * A standalone SVG document of the whole drawing, with the paper around the picture (legend, title, caption,
 * footer, alt text: renderer/draw/paper.ts, as the command line's export),
 * and the size of the whole, which the paper makes larger.
 */
export function paperedSvg(
  drawing: SVGSVGElement,
  size: { width: number; height: number },
  fontFaces: string,
  paper?: { content: PaperContent; theme: Theme },
): { text: string; width: number; height: number } {
  const clone = drawing.cloneNode(true) as SVGSVGElement;
  // Leaving elements, and the overview's labels, sized for one zoom of the app: an image shows all its text.
  // and a concept lens's layer, which is the app's view, not the cluster.
  for (const gone of Array.from(clone.querySelectorAll('.ka-exiting, .ka-overview, .ka-lens'))) gone.remove();
  for (const attr of UI_ATTRS) {
    clone.removeAttribute(attr);
    for (const node of Array.from(clone.querySelectorAll(`[${attr}]`))) node.removeAttribute(attr);
  }
  // Elements caught mid-fade are written fully visible.
  for (const node of Array.from(clone.querySelectorAll('g[opacity]'))) node.removeAttribute('opacity');
  let width = Math.max(1, Math.round(size.width));
  let height = Math.max(1, Math.round(size.height));
  if (paper) ({ width, height } = drawPaper(clone, paper.content, paper.theme, { width, height }));
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('role', 'img');
  clone.removeAttribute('class');
  // Hidden in the app while the canvas renderer shows the picture; an export shows it.
  clone.removeAttribute('display');
  if (fontFaces) {
    const doc = clone.ownerDocument;
    const style = doc.createElementNS(SVG_NS, 'style');
    style.textContent = fontFaces;
    const defs = doc.createElementNS(SVG_NS, 'defs');
    defs.appendChild(style);
    // After the alt text, which assistive technology reads first.
    const title = clone.querySelector(':scope > desc') ?? clone.querySelector(':scope > title');
    clone.insertBefore(defs, title ? title.nextSibling : clone.firstChild);
  }
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone) + '\n', width, height };
}

/** Largest scale ≤ `wanted` that keeps the canvas within what browsers allow. */
export function rasterScale(width: number, height: number, wanted = 2): number {
  const MAX_SIDE = 16384;
  const MAX_AREA = 120_000_000;
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  return Math.max(0.05, Math.min(wanted, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_AREA / (w * h))));
}

export async function svgToPng(svgText: string, size: { width: number; height: number }, doc: Document = document): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const scale = rasterScale(size.width, size.height);
    const canvas = doc.createElement('canvas');
    canvas.width = Math.round(size.width * scale);
    canvas.height = Math.round(size.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new MessageError(message('error.noCanvas'), 'no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new MessageError(message('error.imageTooLarge'), 'the image is too large to rasterise'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** "kube-anatomy-kind-dev-2026-11-30-0412.png": safe on every file system. */
export function exportFileName(source: unknown, ext: string, now: Date = new Date()): string {
  const name = (typeof source === 'string' ? source : '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  const stamp = now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return `kube-anatomy-${name ? `${name}-` : ''}${stamp}.${ext}`;
}
