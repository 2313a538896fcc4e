// Headless SVG export: lays the model out, draws it with the same drawCluster
// the app uses into a linkedom document, and serialises strict XML.
//
// A linkedom element costs about 2 KB, so the DOM of 100,000 pods would take
// most of a gigabyte on its own. The picture is therefore drawn in pieces:
// first the frame (header, bands, node boxes, unscheduled pods) with the
// nodes' pods left out, then each node again with its pods, on its own, in
// the frame's place for that node. Every box is positioned relative to its
// parent and joins are per parent, so a node drawn alone is the node drawn in
// the whole picture, and the text is the same as one drawing of everything.
// The drawing needs nothing of the model but what the layout holds, its
// source and its counts, so the model (another half gigabyte) need not stay.

import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../model/types.ts';
import { layoutCluster } from '../../renderer/layout/cluster.ts';
import type { ClusterLayout, Detail, InjectedVolumes, NodeBox, PodBox } from '../../renderer/layout/types.ts';
import { drawCluster, SVG_NS } from '../../renderer/draw/cluster.ts';
import { indexLayout, type LayoutIndex } from '../../renderer/scene/layout-index.ts';
import { themeByName, type ThemeName } from '../../renderer/draw/theme.ts';
import { drawLensOverlay, markConcepts, placeLens, svgElements, type LensPlacement } from '../../renderer/draw/lens-overlay.ts';
import { lensPointsOf } from './lens.ts';
import type { ConceptId } from './concepts.ts';
import type { Lang } from '../i18n/index.ts';
import { serializeXml, serializeXmlParts, type MinimalNode } from './xml.ts';
import { DEFAULT_ASPECT, exportDetail } from './detail.ts';
import { resolveCallouts, type ResolvedCallout } from '../model/callouts.ts';
import { drawCalloutsOnExport } from '../../renderer/draw/callouts.ts';
import { wordsFor } from '../../renderer/layout/words.ts';
import { paperContent, type PaperContent, type PaperOptions } from '../../renderer/draw/paper-content.ts';
import { drawPaper, layoutPaper } from '../../renderer/draw/paper.ts';

export interface RenderSvgOptions {
  theme?: ThemeName;
  /** Default: what lod.ts picks at scale 1 for the model's size. */
  detail?: Detail;
  /** Width / height of the picture's shape (see LayoutOptions.aspect). Default 16:9, unless maxWidth is given. */
  aspect?: number;
  /** Width the layout tries to stay within (see LayoutOptions.maxWidth), instead of a shape. */
  maxWidth?: number;
  /** The language of the picture's words. Default English. */
  lang?: Lang;
  /** A concept lens drawn over the picture (its layer and data-concept marks); none by default. */
  lens?: ConceptId;
  /** The injected kube-api-access volumes: kept as any volume (default), or hidden. */
  injected?: InjectedVolumes;
  /**
   * The paper around the picture (legend, title, caption, footer). Without it
   * the picture is bare; its alt text (<title>, <desc>) is there either way.
   */
  paper?: PaperOptions;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

type DomElement = MinimalNode & { getAttribute(name: string): string | null; __data__?: unknown };

export function renderSvg(model: AnatomyModel, options: RenderSvgOptions = {}): string {
  return Array.from(renderSvgChunks(model, options)).join('');
}

/**
 * The SVG document of renderSvg, a node at a time, for a writer that streams
 * it to a file. The layout is made at once; the pieces keep only it, so the
 * caller may let go of the model before taking them.
 */
export function renderSvgChunks(model: AnatomyModel, options: RenderSvgOptions = {}): Iterable<string> {
  const aspect = options.aspect ?? (options.maxWidth === undefined ? DEFAULT_ASPECT.width / DEFAULT_ASPECT.height : undefined);
  const detail = options.detail ?? exportDetail('auto', Number(model.stats?.pods) || 0);
  const layout = layoutCluster(model, { detail, aspect, maxWidth: options.maxWidth, lang: options.lang, injected: options.injected });
  return svgChunksOfLayout(model, layout, options.theme ?? 'light', options.lens, options.paper);
}

/**
 * The SVG document of drawCluster(model, layout), in pieces: the same text as
 * one drawing of everything. Keeps the layout, and of the model only its
 * source and counts.
 */
export function svgChunksOfLayout(model: AnatomyModel, layout: ClusterLayout, theme: ThemeName, lens?: ConceptId, paper?: PaperOptions): Iterable<string> {
  // Worked out on the whole model now: the pieces keep only its heading.
  const placement = lens ? placeLens(layout, lensPointsOf(model, lens)) : null;
  // The notes the model carries (a saved snapshot's callouts), found on it by uid or key, else detached.
  const notes = model.callouts && model.callouts.length > 0 ? resolveCallouts(model.callouts, model) : [];
  // The paper's words (legend, footer, alt text) too; a bare picture still gets its alt text.
  const content = paperContent(model, layout, paper ?? { legend: false, footer: false });
  return drawInPieces(headingOf(model), layout, theme, placement, notes, content);
}

/**
 * The size of the picture svgChunksOfLayout draws, without drawing the
 * cluster: the layout's, grown by the numbered notes' column (drawn alone on
 * an empty picture, a few elements) and by the paper around it. What a PNG's
 * pixel budget is checked against before the drawing (png.ts pngLayout).
 */
export function pictureSize(model: AnatomyModel, layout: ClusterLayout, paper?: PaperOptions): { width: number; height: number } {
  const notes = model.callouts && model.callouts.length > 0 ? resolveCallouts(model.callouts, model) : [];
  let size = { width: layout.width, height: layout.height };
  if (notes.length > 0) {
    const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
    const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
    size = drawCalloutsOnExport(svg, layout, notes, themeByName('light'), wordsFor(layout.lang));
  }
  const geometry = layoutPaper(paperContent(model, layout, paper ?? { legend: false, footer: false }), size);
  return { width: geometry.width, height: geometry.height };
}

/** What drawCluster reads of the model besides the layout: its source and its counts. */
function headingOf(model: AnatomyModel): AnatomyModel {
  return { ...model, nodes: [], unscheduled: [], sharedClaims: [], namespaces: [], gaps: [] };
}

function* drawInPieces(model: AnatomyModel, layout: ClusterLayout, theme: ThemeName, lens: LensPlacement | null = null, notes: readonly ResolvedCallout[] = [], paper?: PaperContent): Generator<string> {
  const index = indexLayout(layout);
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');

  const draw = (part: ClusterLayout): DomElement => {
    const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
    document.body.appendChild(svg as unknown as Node);
    drawCluster(svg, model, part, { theme, animate: false });
    // Each piece marks its own elements; the layer itself goes over the frame, the whole picture's last child.
    if (lens) markConcepts(svg as unknown as Element, lens, svgElements(svg));
    svg.remove();
    return svg as unknown as DomElement;
  };

  const unscheduled = index.podsByParent.get('') ?? [];
  const frame = draw({ ...layout, ...podsAndParts(unscheduled, index) });
  if (lens) {
    drawLensOverlay(frame as unknown as SVGSVGElement, lens, themeByName(theme));
    (frame as unknown as Element).removeAttribute('data-concept-active');
  }
  // The numbered notes over the picture (its last child but the paper) and their list beside it: what is
  // drawn after this frames the picture with its notes, so it takes the grown size as the layout's.
  if (notes.length > 0) layout = { ...layout, ...drawCalloutsOnExport(frame as unknown as SVGSVGElement, layout, notes, themeByName(theme), wordsFor(layout.lang)) };
  // Last, around all that was drawn over the picture: the paper and the alt text.
  if (paper) drawPaper(frame as unknown as SVGSVGElement, paper, themeByName(theme), layout);
  // The node groups, bound to their NodeBox by d3: the box says which node each hole is.
  const parts = serializeXmlParts(frame, { xmlns: SVG_NS }, (el) => el.getAttribute('class') === 'ka-node' && isNodeBox(el.__data__));
  yield XML_DECLARATION;
  for (const part of parts) {
    if (typeof part === 'string') {
      yield part;
      continue;
    }
    const node = part.__data__ as NodeBox;
    const band = layout.bands.find((b) => b.id === node.band);
    const alone = draw({ ...layout, bands: band ? [band] : [], nodes: [node], ...podsAndParts(index.podsByParent.get(node.uid) ?? [], index) });
    const drawn = findNodeGroup(alone);
    if (!drawn) throw new Error(`internal: node ${node.name} was not drawn on its own`);
    yield serializeXml(drawn);
  }
  yield '\n';
}

function podsAndParts(pods: PodBox[], index: LayoutIndex): Pick<ClusterLayout, 'pods' | 'containers' | 'volumes' | 'connectors'> {
  const of = <T>(map: Map<string, T[]>): T[] => pods.flatMap((p) => map.get(p.uid) ?? []);
  return { pods, containers: of(index.containersByPod), volumes: of(index.volumesByPod), connectors: of(index.connectorsByPod) };
}

function isNodeBox(data: unknown): data is NodeBox {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'node';
}

function findNodeGroup(root: DomElement): DomElement | undefined {
  const stack: MinimalNode[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as DomElement;
    if (el.nodeType !== 1) continue;
    if (el.getAttribute('class') === 'ka-node') return el;
    const children = el.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as MinimalNode);
  }
  return undefined;
}
