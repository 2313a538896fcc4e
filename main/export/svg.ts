// Headless SVG export: lays the model out, draws it with the same drawCluster
// the app uses into a linkedom document, and serialises strict XML.

import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../model/types.ts';
import { layoutCluster } from '../../renderer/layout/cluster.ts';
import type { Detail } from '../../renderer/layout/types.ts';
import { drawCluster, SVG_NS } from '../../renderer/draw/cluster.ts';
import type { ThemeName } from '../../renderer/draw/theme.ts';
import { serializeXml } from './xml.ts';

export interface RenderSvgOptions {
  theme?: ThemeName;
  detail?: Detail;
  /** Width the layout tries to stay within (see LayoutOptions.maxWidth). */
  maxWidth?: number;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function renderSvg(model: AnatomyModel, options: RenderSvgOptions = {}): string {
  const layout = layoutCluster(model, { detail: options.detail, maxWidth: options.maxWidth });
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  drawCluster(svg, model, layout, { theme: options.theme ?? 'light', animate: false });
  return XML_DECLARATION + serializeXml(svg as unknown as Parameters<typeof serializeXml>[0], { xmlns: SVG_NS }) + '\n';
}
