// The whole picture, top to bottom: a header, the control-plane band, the
// worker band (node boxes flowed into rows) and, when any exist, the band of
// pods that no node holds. One pass over the model; O(pods + containers +
// volumes). Given a memo (memo.ts), a node whose inputs did not change since
// the memo's last layout keeps its boxes, and the pass costs little more than
// a walk over the pods.

import type { AnatomyModel, NodeModel, PodModel } from '../../main/model/types.ts';
import { gridWidth, placeGrid, planGrid } from './grid.ts';
import { fitText } from './items.ts';
import { BAND, COLUMNS, DEFAULT_MAX_WIDTH, HEADER, MARGIN, NODE, POD, COMPACT } from './metrics.ts';
import { memoState, type LayoutMemo, type Memo } from './memo.ts';
import { planNode, placeNode, type NodePlan } from './node.ts';
import type { PodParts } from './pod.ts';
import { readSlotMemory, UNSCHEDULED_GRID, type SlotMemory } from './slots.ts';
import { cleanLabel } from './text.ts';
import type { BandBox, BandId, ClusterLayout, Detail, LayoutOptions, TextItem } from './types.ts';

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function defaultColumns(podCount: number, detail: Detail, max: number): number {
  // Compact: at least as many tile columns as fill a node's header width.
  if (detail === 'compact') return Math.min(40, Math.max(18, Math.ceil(Math.sqrt(podCount * 2))));
  return Math.min(max, Math.max(1, podCount));
}

/**
 * Pod columns shared by all worker nodes: as many as the fullest node needs
 * (up to the maximum), but fewer when that lets two workers sit side by side.
 */
function workerColumnCount(workers: number, maxPods: number, detail: Detail, contentMax: number): number {
  let columns = defaultColumns(maxPods, detail, COLUMNS.workerMax);
  if (detail === 'full' && workers >= 2) {
    const nodeWidth = (c: number) => gridWidth(c, detail) + 2 * NODE.pad;
    while (columns > 1 && 2 * nodeWidth(columns) + NODE.gap > contentMax) columns--;
  }
  return columns;
}

/** Rows of node plans that fit in `maxWidth` (at least one node per row). */
function flowRows(plans: NodePlan[], maxWidth: number): NodePlan[][] {
  const rows: NodePlan[][] = [];
  let row: NodePlan[] = [];
  let used = 0;
  for (const plan of plans) {
    const need = (row.length ? NODE.gap : 0) + plan.width;
    if (row.length && used + need > maxWidth) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? NODE.gap : 0) + plan.width;
    row.push(plan);
  }
  if (row.length) rows.push(row);
  return rows;
}

function rowsWidth(rows: NodePlan[][]): number {
  let w = 0;
  for (const row of rows) w = Math.max(w, row.reduce((s, p, i) => s + p.width + (i ? NODE.gap : 0), 0));
  return w;
}

function rowsHeight(rows: NodePlan[][]): number {
  let h = 0;
  for (const row of rows) h += Math.max(...row.map((p) => p.height)) + NODE.gap;
  return rows.length ? h - NODE.gap : 0;
}

/**
 * Lays the model out. With a memo (createLayoutMemo), grids whose inputs are
 * unchanged since the memo's last layout are reused; the result is the same
 * as without it.
 */
export function layoutCluster(model: AnatomyModel, options: LayoutOptions = {}, memo?: LayoutMemo): ClusterLayout {
  if (!memo) return layout(model, options, undefined);
  const state = memoState(memo);
  try {
    return layout(model, options, state);
  } catch (error) {
    state.reset();
    throw error;
  }
}

function layout(model: AnatomyModel, options: LayoutOptions, memo: Memo | undefined): ClusterLayout {
  const detail: Detail = options.detail === 'compact' ? 'compact' : 'full';
  const maxWidth = Number.isFinite(options.maxWidth) && options.maxWidth! > 400 ? options.maxWidth! : DEFAULT_MAX_WIDTH;
  // The memo reads the previous layout itself, only as far as it must.
  const memory = memo ? undefined : readSlotMemory(options.previous, detail);
  memo?.begin(options.previous, detail);
  const seen = new Set<string>();
  // A uid can only be drawn once (the drawing keys elements by it).
  const uniquePods = (pods: PodModel[]) =>
    pods.filter((p) => {
      const uid = String(p?.uid ?? '');
      if (!p || !uid || seen.has(uid)) return false;
      seen.add(uid);
      return true;
    });

  const nodes: NodeModel[] = [];
  const seenNodes = new Set<string>();
  for (const n of list(model.nodes)) {
    const uid = String(n?.uid ?? '');
    if (!n || !uid || seenNodes.has(uid)) continue;
    seenNodes.add(uid);
    nodes.push(n);
  }
  const controlPlane = nodes.filter((n) => n.role === 'control-plane');
  const workers = nodes.filter((n) => n.role !== 'control-plane');
  const podsOf = new Map<string, PodModel[]>();
  for (const n of [...controlPlane, ...workers]) podsOf.set(n.uid, uniquePods(list(n.pods)));
  const unscheduled = uniquePods(list(model.unscheduled));

  const contentMax = maxWidth - 2 * MARGIN - 2 * BAND.pad;
  const plan = (n: NodeModel, fallbackColumns: number) => {
    const pods = podsOf.get(n.uid)!;
    if (memo) return memo.planNode(n, pods, fallbackColumns);
    // Keyed as the previous layout's boxes are: by the uid as a string.
    const mem: SlotMemory | undefined = memory!.get(String(n.uid));
    return planNode(n, pods, mem?.columns ?? fallbackColumns, detail, mem);
  };
  const cpPlans = controlPlane.map((n) => plan(n, defaultColumns(podsOf.get(n.uid)!.length, detail, COLUMNS.controlPlaneMax)));
  const workerMaxPods = Math.max(0, ...workers.map((n) => podsOf.get(n.uid)!.length));
  const workerColumns = workerColumnCount(workers.length, workerMaxPods, detail, contentMax);
  const workerPlans = workers.map((n) => plan(n, workerColumns));
  const cpRows = flowRows(cpPlans, contentMax);
  const workerRows = flowRows(workerPlans, contentMax);

  let contentWidth = Math.max(rowsWidth(cpRows), rowsWidth(workerRows), 2 * (POD.width + POD.gap));
  let unscheduledPlan;
  if (unscheduled.length) {
    const cell = detail === 'compact' ? { width: COMPACT.tile, gap: COMPACT.gap } : { width: POD.width, gap: POD.gap };
    const fit = Math.max(1, Math.floor((contentWidth + cell.gap) / (cell.width + cell.gap)));
    if (memo) unscheduledPlan = memo.planUnscheduled(unscheduled, Math.min(unscheduled.length, fit));
    else {
      const mem = memory!.get(UNSCHEDULED_GRID);
      unscheduledPlan = planGrid(unscheduled, mem?.columns ?? Math.min(unscheduled.length, fit), detail, mem);
    }
    contentWidth = Math.max(contentWidth, gridWidth(unscheduledPlan.columns, detail));
  }

  const width = Math.ceil(contentWidth + 2 * BAND.pad + 2 * MARGIN);
  const out: ClusterLayout = {
    detail,
    width,
    height: 0,
    header: [],
    bands: [],
    nodes: [],
    pods: [],
    containers: [],
    volumes: [],
    connectors: [],
  };
  const emit = (parts: PodParts) => {
    out.pods.push(parts.pod);
    for (const c of parts.containers) out.containers.push(c);
    for (const v of parts.volumes) out.volumes.push(v);
    for (const c of parts.connectors) out.connectors.push(c);
  };

  let y = MARGIN;
  out.header = headerTexts(model, width - 2 * MARGIN);
  y += HEADER.height + Math.max(0, out.header.length - 2) * HEADER.gapLine;

  const bandWidth = width - 2 * MARGIN;
  const placeBand = (id: BandId, title: string, rows: NodePlan[][], empty: string, podColumns: number) => {
    const top = y;
    const texts: TextItem[] = [fitText('title', title, MARGIN + BAND.pad, top + BAND.titleBaseline, bandWidth - 2 * BAND.pad, BAND.titleSize, 600, 'muted')];
    let cy = top + BAND.contentTop;
    if (!rows.length) {
      texts.push(fitText('empty', empty, MARGIN + BAND.pad, cy + 12, bandWidth - 2 * BAND.pad, 12, 400, 'muted'));
      cy += 24;
    }
    for (const row of rows) {
      let cx = MARGIN + BAND.pad;
      const rowHeight = Math.max(...row.map((p) => p.height));
      for (const p of row) {
        if (memo) memo.placeNode(p, id, cx, cy, out);
        else out.nodes.push(placeNode(p, id, cx, cy, p.width, emit));
        cx += p.width + NODE.gap;
      }
      cy += rowHeight + NODE.gap;
    }
    if (rows.length) cy -= NODE.gap;
    const band: BandBox = { id, x: MARGIN, y: top, width: bandWidth, height: cy - top + BAND.pad, texts, podColumns };
    out.bands.push(band);
    y = top + band.height + BAND.gap;
  };

  const cpPods = controlPlane.reduce((s, n) => s + podsOf.get(n.uid)!.length, 0);
  placeBand(
    'control-plane',
    `Control plane · ${plural(controlPlane.length, 'node')} · ${plural(cpPods, 'pod')}`,
    cpRows,
    'No control-plane nodes visible (a managed control plane runs outside the cluster).',
    Math.max(0, ...cpPlans.map((p) => p.grid.columns)),
  );
  const workerPods = workers.reduce((s, n) => s + podsOf.get(n.uid)!.length, 0);
  placeBand('workers', `Workers · ${plural(workers.length, 'node')} · ${plural(workerPods, 'pod')}`, workerRows, 'No worker nodes.', workerColumns);

  if (unscheduledPlan) {
    const top = y;
    const texts = [
      fitText('title', `Unscheduled · ${plural(unscheduled.length, 'pod')} not on any node`, MARGIN + BAND.pad, top + BAND.titleBaseline, bandWidth - 2 * BAND.pad, BAND.titleSize, 600, 'muted'),
    ];
    if (memo) memo.placeUnscheduled(unscheduledPlan, MARGIN + BAND.pad, top + BAND.contentTop, out);
    else placeGrid(unscheduledPlan, undefined, MARGIN + BAND.pad, top + BAND.contentTop, emit);
    const height = BAND.contentTop + unscheduledPlan.height + BAND.pad;
    out.bands.push({ id: 'unscheduled', x: MARGIN, y: top, width: bandWidth, height, texts, podColumns: unscheduledPlan.columns });
    y = top + height + BAND.gap;
  }

  out.height = Math.ceil(y - BAND.gap + MARGIN);
  memo?.end(out);
  return out;
}

function headerTexts(model: AnatomyModel, width: number): TextItem[] {
  const source = model.source ?? { kind: 'demo', name: '', namespaces: [] };
  const name = cleanLabel(source.name) || 'cluster';
  const stats = model.stats ?? { nodes: 0, pods: 0, containers: 0, volumes: 0 };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const namespaces = list(source.namespaces).map(cleanLabel).filter(Boolean);
  const sub = [
    cleanLabel(source.kind) || 'cluster',
    plural(num(stats.nodes), 'node'),
    plural(num(stats.pods), 'pod'),
    plural(num(stats.containers), 'container'),
    plural(num(stats.volumes), 'volume'),
    namespaces.length ? `namespaces: ${namespaces.join(', ')}` : 'all namespaces',
  ].join(' · ');
  const items = [
    fitText('title', name, MARGIN, MARGIN + 22, width, HEADER.titleSize, 600, 'title'),
    fitText('counts', sub, MARGIN, MARGIN + 44, width, HEADER.subSize, 400, 'muted'),
  ];
  list(model.gaps).forEach((gap, i) => {
    // Dropped duplicates were read: their message says which and where.
    const text =
      gap?.reason === 'duplicate'
        ? cleanLabel(gap.message)
        : `Could not read ${cleanLabel(gap?.resource)} (${cleanLabel(gap?.reason)})${gap?.consequence ? `: ${cleanLabel(gap.consequence)}` : ''}`;
    items.push(fitText(`gap-${i}`, text, MARGIN, MARGIN + 44 + HEADER.gapLine * (i + 1), width, 11, 400, 'warning'));
  });
  return items;
}
