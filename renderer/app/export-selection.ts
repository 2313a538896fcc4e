// "Export selection": a picture of just the selected node or pod (a selected
// container or volume stands for its pod), or else of the search's matches.
// The part is cut from the model by the same selectModel as `export
// --select`, laid out afresh for a picture at 100 %, and drawn by the same
// drawCluster into an SVG of its own; export.ts then makes it a standalone
// file, as it does the whole picture.

import { message, MessageError, type MessageId } from '../../main/i18n/index.ts';
import { podKey } from '../../main/model/pod.ts';
import { selectModel, type Selector } from '../../main/model/select.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { layoutCluster } from '../layout/cluster.ts';
import { lodAt } from '../layout/lod.ts';
import type { InjectedVolumes } from '../layout/types.ts';
import { drawCluster, SVG_NS } from '../draw/cluster.ts';
import type { ThemeName } from '../draw/theme.ts';
import type { Target } from './details/types.ts';
import { indexModel, type ModelIndex } from './model-index.ts';
import type { SearchResult } from './search.ts';
import type { Translate } from './strings.ts';

export interface SelectionSource {
  model?: AnatomyModel;
  /** The page's index of that model (state.ts); made afresh when absent. */
  index?: ModelIndex;
  selection?: Target;
  search: SearchResult | null;
}

/** The shape a part is laid out for: a landscape page's, as the command line's default. */
const ASPECT = 16 / 9;

/**
 * What Export selection would draw: the selected object, else the search's
 * matches (nodes whole, pods in their nodes); undefined when there is neither.
 */
export function selectorsFor(state: SelectionSource): Selector[] | undefined {
  const model = state.model;
  if (!model) return undefined;
  const targets = state.selection ? [state.selection] : (state.search?.matches ?? []);
  if (targets.length === 0) return undefined;
  // Each target found by its uid in the page's index of the model (a container
  // or volume entry names its pod), not by walking the model once a target: the
  // menu asks again at every model, and a search may match thousands.
  const index = state.index ?? indexModel(model);
  const nodes: Selector[] = [];
  const pods: string[] = [];
  for (const target of targets) {
    const entry = index.get(target.uid);
    if (!entry || entry.kind !== target.kind) continue;
    if (entry.kind === 'node') nodes.push({ kind: 'node', name: entry.node.name });
    else pods.push(podKey(entry.pod));
  }
  const selectors = pods.length ? [...nodes, { kind: 'pods', keys: pods } as const] : nodes;
  return selectors.length ? selectors : undefined;
}

/** Why Export selection cannot run now, or undefined when it can. */
export function selectionUnavailable(state: SelectionSource): MessageId | undefined {
  return selectorsFor(state) ? undefined : 'select.reason.none';
}

export interface SelectionOptions {
  theme: ThemeName;
  lang: 'en' | 'ko';
  injected: InjectedVolumes;
}

/** The part drawn into an <svg> of its own, its size, and the part's model (for its paper); a MessageError when nothing is selected. */
export function drawSelection(state: SelectionSource, doc: Document, options: SelectionOptions): { svg: SVGSVGElement; width: number; height: number; part: AnatomyModel } {
  const selectors = selectorsFor(state);
  if (!state.model || !selectors) throw new MessageError(message('select.error.none'), 'nothing is selected');
  const part = selectModel(state.model, selectors);
  // The finest level that reads at 100 %, as an export of the whole picture chooses it.
  const detail = lodAt(part.stats.pods, 1).detail;
  const layout = layoutCluster(part, { detail, aspect: ASPECT, lang: options.lang, injected: options.injected });
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  drawCluster(svg, part, layout, { theme: options.theme, animate: false });
  return { svg, width: layout.width, height: layout.height, part };
}

/**
 * The Export menu's selection items: enabled when there is something to
 * export, else disabled, with the reason said under them and as their title.
 */
export function paintSelectionItems(doc: Document, state: SelectionSource, t: Translate): void {
  const reason = selectionUnavailable(state);
  for (const item of Array.from(doc.querySelectorAll<HTMLButtonElement>('[data-command^="export-selection-"]'))) {
    item.disabled = reason !== undefined;
    if (reason) item.title = t(reason);
    else item.removeAttribute('title');
  }
  const note = doc.getElementById('export-selection-reason');
  if (note) note.hidden = reason === undefined;
}
