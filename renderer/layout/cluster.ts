// The whole picture, top to bottom: a header, the control-plane band, the
// worker band (node boxes flowed into rows) and, when any exist, the band of
// pods that no node holds. One pass over the model; O(pods + containers +
// volumes). Given a memo (memo.ts), a node whose inputs did not change since
// the memo's last layout keeps its boxes, and the pass costs little more than
// a walk over the pods.

import type { AnatomyModel, NodeModel, PodModel } from '../../main/model/types.ts';
import { cellHeight, cellSize, gridWidth, placeGrid, planGrid } from './grid.ts';
import { fitText } from './items.ts';
import { BAND, CARD, COLUMNS, COMPACT, DEFAULT_MAX_WIDTH, frameOf, HEADER, type Frame } from './metrics.ts';

/** Height of the line that says a band is empty. */
const EMPTY_BAND = 24;
import { memoState, type LayoutMemo, type Memo } from './memo.ts';
import { nodeMinContent, nodeSize, planNode, placeNode, type NodePlan } from './node.ts';
import type { PodParts } from './pod.ts';
import { notePodRuns, UNSCHEDULED_RUN } from './runs.ts';
import { readSlotMemory, UNSCHEDULED_GRID, type SlotMemory } from './slots.ts';
import { cleanLabel } from './text.ts';
import type { BandBox, BandId, ClusterLayout, Detail, InjectedVolumes, LayoutOptions, TextItem } from './types.ts';
import { countLabel } from './labels.ts';
import { wordsFor, type Translate } from './words.ts';
import { say } from '../../main/i18n/index.ts';
import { runParts } from '../../main/common/parts.ts';

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
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
  if (detail !== 'compact' && workers >= 2) {
    const { node } = frameOf(detail);
    const nodeWidth = (c: number) => gridWidth(c, detail) + 2 * node.pad;
    while (columns > 1 && 2 * nodeWidth(columns) + node.gap > contentMax) columns--;
  }
  return columns;
}

/** Narrowest content of the bands: room for the header and band titles. */
function contentFloor(detail: Detail): number {
  const cell = cellSize(detail === 'cards' ? 'cards' : 'full');
  return 2 * (cell.width + cell.gap);
}

interface Size {
  width: number;
  height: number;
}

/** Rows of node plans that fit in `maxWidth` (at least one node per row). */
function flowRows<T extends Size>(plans: T[], maxWidth: number, gap: number): T[][] {
  const rows: T[][] = [];
  let row: T[] = [];
  let used = 0;
  for (const plan of plans) {
    const need = (row.length ? gap : 0) + plan.width;
    if (row.length && used + need > maxWidth) {
      rows.push(row);
      row = [];
      used = 0;
    }
    used += (row.length ? gap : 0) + plan.width;
    row.push(plan);
  }
  if (row.length) rows.push(row);
  return rows;
}

function rowsWidth(rows: Size[][], gap: number): number {
  let w = 0;
  for (const row of rows) w = Math.max(w, row.reduce((s, p, i) => s + p.width + (i ? gap : 0), 0));
  return w;
}

/**
 * What flowRows would give, measured without making the rows: the widest
 * row's width, the rows' heights added up with gaps, and how many rows.
 * chooseShape measures hundreds of candidate widths for every layout, and
 * the rows it made only to measure were most of a live update's garbage.
 */
export function flowSize(plans: readonly Size[], maxWidth: number, gap: number): { width: number; height: number; rows: number } {
  let width = 0;
  let height = 0;
  let rows = 0;
  // Added up in flowRows's order to break rows and in rowsWidth's to measure them, to the last bit alike.
  let used = 0;
  let sum = 0;
  let tallest = 0;
  let inRow = 0;
  for (const plan of plans) {
    const need = (inRow ? gap : 0) + plan.width;
    if (inRow && used + need > maxWidth) {
      width = Math.max(width, sum);
      height += tallest + gap;
      rows++;
      used = 0;
      sum = 0;
      tallest = 0;
      inRow = 0;
    }
    used += (inRow ? gap : 0) + plan.width;
    sum = sum + plan.width + (inRow ? gap : 0);
    tallest = inRow ? Math.max(tallest, plan.height) : plan.height;
    inRow++;
  }
  if (inRow) {
    width = Math.max(width, sum);
    height += tallest + gap;
    rows++;
  }
  return { width, height: rows ? height - gap : 0, rows };
}

/**
 * Lays the model out. With a memo (createLayoutMemo), grids whose inputs are
 * unchanged since the memo's last layout are reused; the result is the same
 * as without it.
 */
export function layoutCluster(model: AnatomyModel, options: LayoutOptions = {}, memo?: LayoutMemo): ClusterLayout {
  const steps = startLayout(model, options, memo);
  return steps.finish();
}

/**
 * A layout made a part at a time, for idle time: the same layout as
 * layoutCluster's with the same arguments, at the end. Each part is a grid's
 * plan or its placing (well under a millisecond at a hundred pods a node), or
 * a grid's uids counted by the memo; the walk that shapes the picture comes
 * first, and the band of unscheduled pods is one part however many it holds.
 */
export interface LayoutSteps {
  /** Goes on while `more()` says so (at least one part): the layout once it is done, else undefined. */
  run(more: () => boolean): ClusterLayout | undefined;
  /** Makes the rest at once and gives the layout. */
  finish(): ClusterLayout;
  /** Stops; a memo it used forgets what it held (its next layout is made whole). */
  cancel(): void;
  /** Whether it has ended (done, cancelled, or failed). */
  readonly ended: boolean;
}

/**
 * Starts a layout in steps. A memo serves one layout at a time: a layout
 * started on it (in steps or not) cancels the one in steps before it.
 */
export function startLayout(model: AnatomyModel, options: LayoutOptions = {}, memo?: LayoutMemo): LayoutSteps {
  const state = memo ? memoState(memo) : undefined;
  state?.holder?.cancel();
  let result: ClusterLayout | undefined;
  let ended = false;
  let failed: unknown;
  const parts = layoutParts(model, options, state);
  /** Ends it and frees the memo for other layouts; one that did not finish leaves the memo to start over. */
  const release = (reset: boolean) => {
    ended = true;
    if (!state) return;
    if (state.holder === steps) state.holder = undefined;
    if (reset) state.reset();
  };
  const steps: LayoutSteps = {
    run(more) {
      if (ended) {
        if (result) return result;
        if (failed !== undefined) throw failed;
        throw new Error('layout: this layout in steps was cancelled');
      }
      try {
        const done = runParts(parts, more);
        if (done) {
          result = done.value;
          release(false);
        }
        return result;
      } catch (error) {
        failed = error;
        release(true);
        throw error;
      }
    },
    finish() {
      return steps.run(() => true)!;
    },
    cancel() {
      if (ended) return;
      parts.return(undefined as never);
      release(true);
    },
    get ended() {
      return ended;
    },
  };
  if (state) state.holder = steps;
  return steps;
}

function* layoutParts(model: AnatomyModel, options: LayoutOptions, memo: Memo | undefined): Generator<void, ClusterLayout, void> {
  const detail: Detail = options.detail === 'compact' || options.detail === 'cards' ? options.detail : 'full';
  const maxWidth = Number.isFinite(options.maxWidth) && options.maxWidth! > 400 ? options.maxWidth! : DEFAULT_MAX_WIDTH;
  // The memo reads the previous layout itself, only as far as it must.
  const memory = memo ? undefined : readSlotMemory(options.previous, detail);
  const lang = options.lang === 'ko' ? 'ko' : 'en';
  const t = wordsFor(lang);
  const injected = options.injected === 'collapsed' || options.injected === 'hidden' ? options.injected : 'full';
  memo?.begin(options.previous, detail, lang, injected);
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
  const grids = [...controlPlane, ...workers];
  let unscheduled: PodModel[];
  // The memo knows when no uid repeats (it counts the uids of the lists that changed), and then filters nothing but invalid entries.
  const unique = memo ? yield* memo.uniqueListsInParts([...grids.map((n) => String(n.uid)), UNSCHEDULED_GRID], [...grids.map((n) => list(n.pods)), list(model.unscheduled)]) : undefined;
  if (unique) {
    grids.forEach((n, i) => podsOf.set(n.uid, unique[i]));
    unscheduled = unique[grids.length];
  } else {
    for (const n of grids) podsOf.set(n.uid, uniquePods(list(n.pods)));
    unscheduled = uniquePods(list(model.unscheduled));
  }

  const aspect = validAspect(options.aspect);
  const shape = aspect === undefined ? undefined : chooseShape(detail, aspect, controlPlane, workers, podsOf, unscheduled, list(model.gaps).length, t, injected);
  const F = frameOf(detail);
  const contentMax = shape?.contentMax ?? maxWidth - 2 * F.margin - 2 * F.band.pad;
  const plan = (n: NodeModel, fallbackColumns: number) => {
    const pods = podsOf.get(n.uid)!;
    if (memo) return memo.planNode(n, pods, fallbackColumns);
    // Keyed as the previous layout's boxes are: by the uid as a string.
    const mem: SlotMemory | undefined = memory!.get(String(n.uid));
    return planNode(n, pods, mem?.columns ?? fallbackColumns, detail, mem, t, injected);
  };
  yield;
  const cpPlans: NodePlan[] = [];
  for (const n of controlPlane) {
    cpPlans.push(plan(n, defaultColumns(podsOf.get(n.uid)!.length, detail, shape?.cpColumns ?? COLUMNS.controlPlaneMax)));
    yield;
  }
  let workerMaxPods = 0;
  for (const n of workers) workerMaxPods = Math.max(workerMaxPods, podsOf.get(n.uid)!.length);
  const workerColumns = shape ? defaultColumns(workerMaxPods, detail, shape.workerColumns) : workerColumnCount(workers.length, workerMaxPods, detail, contentMax);
  const workerPlans: NodePlan[] = [];
  for (const n of workers) {
    workerPlans.push(plan(n, workerColumns));
    yield;
  }
  const cpRows = flowRows(cpPlans, contentMax, F.node.gap);
  const workerRows = flowRows(workerPlans, contentMax, F.node.gap);

  let contentWidth = Math.max(rowsWidth(cpRows, F.node.gap), rowsWidth(workerRows, F.node.gap), contentFloor(detail));
  let unscheduledPlan;
  if (unscheduled.length) {
    const fit = unscheduledFit(contentWidth, detail);
    if (memo) unscheduledPlan = memo.planUnscheduled(unscheduled, Math.min(unscheduled.length, fit));
    else {
      const mem = memory!.get(UNSCHEDULED_GRID);
      unscheduledPlan = planGrid(unscheduled, mem?.columns ?? Math.min(unscheduled.length, fit), detail, mem, t, injected);
    }
    contentWidth = Math.max(contentWidth, gridWidth(unscheduledPlan.columns, detail));
  }

  const width = Math.ceil(contentWidth + 2 * F.band.pad + 2 * F.margin);
  const out: ClusterLayout = {
    detail,
    ...(lang === 'en' ? {} : { lang }),
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
  /** Where each grid's pods went in out.pods (podRunsOf). */
  const runs = new Map<string, [number, number]>();
  /** Pods placed so far: out.pods's length, which the memo's grids reach only when it joins them at the end. */
  let placedPods = 0;
  const ran = (key: string, from: number) => {
    if (placedPods > from) runs.set(key, [from, placedPods]);
  };
  const emit = (parts: PodParts) => {
    placedPods++;
    out.pods.push(parts.pod);
    for (const c of parts.containers) out.containers.push(c);
    for (const v of parts.volumes) out.volumes.push(v);
    for (const c of parts.connectors) out.connectors.push(c);
  };

  const { margin, band: B } = F;
  let y = margin;
  out.header = headerTexts(model, F, width - 2 * margin, t);
  y += F.header.height + Math.max(0, out.header.length - 2) * HEADER.gapLine;

  const bandWidth = width - 2 * margin;
  // A generator, so that each node placed is a part of a layout in steps.
  const placeBand = function* (id: BandId, title: string, rows: NodePlan[][], empty: string, podColumns: number): Generator<void, void, void> {
    const top = y;
    const texts: TextItem[] = [fitText('title', title, margin + B.pad, top + B.titleBaseline, bandWidth - 2 * B.pad, BAND.titleSize, 600, 'muted')];
    let cy = top + B.contentTop;
    if (!rows.length) {
      texts.push(fitText('empty', empty, margin + B.pad, cy + 12, bandWidth - 2 * B.pad, 13, 400, 'muted'));
      cy += EMPTY_BAND;
    }
    for (const row of rows) {
      let cx = margin + B.pad;
      const rowHeight = Math.max(...row.map((p) => p.height));
      for (const p of row) {
        const from = placedPods;
        if (memo) placedPods += memo.placeNode(p, id, cx, cy);
        else out.nodes.push(placeNode(p, id, cx, cy, p.width, emit));
        ran(String(p.node.uid), from);
        cx += p.width + F.node.gap;
        yield;
      }
      cy += rowHeight + F.node.gap;
    }
    if (rows.length) cy -= F.node.gap;
    const band: BandBox = { id, x: margin, y: top, width: bandWidth, height: cy - top + B.pad, texts, podColumns };
    out.bands.push(band);
    y = top + band.height + B.gap;
  };

  const cpPods = controlPlane.reduce((s, n) => s + podsOf.get(n.uid)!.length, 0);
  yield* placeBand(
    'control-plane',
    t('pic.band.controlPlane', { nodes: countLabel(t, controlPlane.length, 'node'), pods: countLabel(t, cpPods, 'pod') }),
    cpRows,
    t('pic.band.controlPlaneEmpty'),
    Math.max(0, ...cpPlans.map((p) => p.grid.columns)),
  );
  const workerPods = workers.reduce((s, n) => s + podsOf.get(n.uid)!.length, 0);
  yield* placeBand(
    'workers',
    t('pic.band.workers', { nodes: countLabel(t, workers.length, 'node'), pods: countLabel(t, workerPods, 'pod') }),
    workerRows,
    t('pic.band.workersEmpty'),
    workerColumns,
  );

  if (unscheduledPlan) {
    const top = y;
    const texts = [
      fitText('title', t('pic.band.unscheduled', { pods: countLabel(t, unscheduled.length, 'pod') }), margin + B.pad, top + B.titleBaseline, bandWidth - 2 * B.pad, BAND.titleSize, 600, 'muted'),
    ];
    const from = placedPods;
    if (memo) placedPods += memo.placeUnscheduled(unscheduledPlan, margin + B.pad, top + B.contentTop);
    else placeGrid(unscheduledPlan, undefined, margin + B.pad, top + B.contentTop, emit);
    ran(UNSCHEDULED_RUN, from);
    const height = B.contentTop + unscheduledPlan.height + B.pad;
    out.bands.push({ id: 'unscheduled', x: margin, y: top, width: bandWidth, height, texts, podColumns: unscheduledPlan.columns });
    y = top + height + B.gap;
  }

  out.height = Math.ceil(y - B.gap + margin);
  memo?.join(out);
  notePodRuns(out, runs);
  memo?.end(out);
  return out;
}

const GAP_REASON = { forbidden: 'pic.gap.reason.forbidden', unavailable: 'pic.gap.reason.unavailable', duplicate: 'pic.gap.reason.duplicate' } as const;

const SOURCE_KIND = { cluster: 'pic.header.source.cluster', snapshot: 'pic.header.source.snapshot', demo: 'pic.header.source.demo' } as const;

function headerTexts(model: AnatomyModel, F: Frame, width: number, t: Translate): TextItem[] {
  const source = model.source ?? { kind: 'demo', name: '', namespaces: [] };
  const named = cleanLabel(source.name) || t('pic.header.unnamed');
  // A redacted picture says so in its title, the first thing read (main/model/redact.ts).
  const name = source.redacted === true ? t('redact.source', { source: named }) : named;
  const kind = Object.prototype.hasOwnProperty.call(SOURCE_KIND, source.kind) ? SOURCE_KIND[source.kind as keyof typeof SOURCE_KIND] : undefined;
  const stats = model.stats ?? { nodes: 0, pods: 0, containers: 0, volumes: 0 };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const namespaces = list(source.namespaces).map(cleanLabel).filter(Boolean);
  const sub = [
    kind ? t(kind) : cleanLabel(source.kind) || t('pic.header.source.cluster'),
    countLabel(t, num(stats.nodes), 'node'),
    countLabel(t, num(stats.pods), 'pod'),
    countLabel(t, num(stats.containers), 'container'),
    countLabel(t, num(stats.volumes), 'volume'),
    namespaces.length ? t('pic.header.namespaces', { list: namespaces.join(', ') }) : t('pic.header.allNamespaces'),
    ...(source.selected === true ? [t('pic.header.selection')] : []),
  ].join(' · ');
  const items = [
    fitText('title', name, F.margin, F.margin + F.header.titleBaseline, width, HEADER.titleSize, 600, 'title'),
    fitText('counts', sub, F.margin, F.margin + F.header.countsBaseline, width, HEADER.subSize, 400, 'muted'),
  ];
  list(model.gaps).forEach((gap, i) => {
    const consequence = cleanLabel(say(t, gap?.consequence));
    const reason = GAP_REASON[gap?.reason as keyof typeof GAP_REASON];
    const words = { resource: cleanLabel(gap?.resource), reason: reason ? t(reason) : cleanLabel(gap?.reason), consequence };
    // Dropped duplicates were read: their message says which and where. So does a list read whole that lacks some objects.
    const text =
      gap?.reason === 'duplicate'
        ? cleanLabel(gap.message)
        : gap?.reason === 'incomplete'
          ? cleanLabel(say(t, gap.said) || gap.message)
          : consequence
          ? t('pic.gap.read', words)
          : t('pic.gap.readBare', words);
    items.push(fitText(`gap-${i}`, text, F.margin, F.margin + F.header.countsBaseline + HEADER.gapLine * (i + 1), width, HEADER.subSize, 400, 'warning'));
  });
  return items;
}

function validAspect(aspect: unknown): number | undefined {
  if (typeof aspect !== 'number' || !Number.isFinite(aspect) || aspect <= 0) return undefined;
  // Beyond these a view is a strip: laying out for it would only make a strip of the picture.
  return Math.min(8, Math.max(1 / 8, aspect));
}

/** Columns of the unscheduled band's grid that fit in the bands' content width. */
function unscheduledFit(contentWidth: number, detail: Detail): number {
  const cell = cellSize(detail);
  return Math.max(1, Math.floor((contentWidth + cell.gap) / (cell.width + cell.gap)));
}

/**
 * Size of a pod grid laid out with fresh slots (pod i in slot i), as
 * planGrid makes it: rows of `columns` pods, each as high as its highest.
 * `heights` holds each pod's cell height in full detail; the other details
 * give every pod the same.
 */
function gridEstimate(count: number, heights: number[] | undefined, columns: number, detail: Detail): Size {
  const cell = cellSize(detail);
  const cols = Math.max(1, Math.floor(columns));
  const width = gridWidth(cols, detail);
  if (count === 0) return { width, height: 0 };
  if (!heights) {
    const rows = Math.ceil(count / cols);
    return { width, height: rows * uniformCellHeight(detail) + (rows - 1) * cell.gap };
  }
  let height = 0;
  for (let start = 0; start < count; start += cols) {
    let row = 0;
    for (let i = start; i < Math.min(count, start + cols); i++) row = Math.max(row, heights[i]);
    height += row + cell.gap;
  }
  return { width, height: height - cell.gap };
}

function uniformCellHeight(detail: Detail): number {
  return detail === 'compact' ? COMPACT.tile : CARD.height;
}

/**
 * The pod column counts (at most, per node: one for the control plane, one
 * shared by the workers) and the width nodes flow in that make the whole
 * picture largest when fitted to a view of the given aspect.
 * Every candidate is measured as the layout below would place it with fresh
 * slots: the size of each node box, the rows they flow into, the bands and the
 * header; the best fit is min(aspect / width, 1 / height). Pure arithmetic on
 * counts and heights, so trying every column count and every distinct row
 * count costs far less than one layout.
 */
function chooseShape(
  detail: Detail,
  aspect: number,
  controlPlane: NodeModel[],
  workers: NodeModel[],
  podsOf: Map<string, PodModel[]>,
  unscheduled: PodModel[],
  gapLines: number,
  t: Translate,
  injected: InjectedVolumes = 'full',
): { cpColumns: number; workerColumns: number; contentMax: number } {
  const full = detail === 'full';
  const heightsOf = (pods: PodModel[]) => (full ? pods.map((p) => cellHeight(p, detail, injected)) : undefined);
  const entries = (nodes: NodeModel[]) =>
    nodes.map((node) => {
      const pods = podsOf.get(node.uid)!;
      return { count: pods.length, heights: heightsOf(pods), minContent: nodeMinContent(node, detail, t) };
    });
  const cp = entries(controlPlane);
  const wk = entries(workers);
  const unscheduledHeights = heightsOf(unscheduled);
  const workerMaxPods = Math.max(0, ...wk.map((w) => w.count));
  const F = frameOf(detail);
  const { band: B, node: N } = F;
  const headerHeight = F.header.height + gapLines * HEADER.gapLine;
  const floor = contentFloor(detail);
  const bandHeight = (rows: { height: number; rows: number }) => B.contentTop + (rows.rows ? rows.height : EMPTY_BAND) + B.pad;
  const size = (e: { count: number; heights: number[] | undefined; minContent: number }, cols: number) =>
    nodeSize(e.minContent, e.count, gridEstimate(e.count, e.heights, cols, detail), detail);

  // Compact grids size themselves: one candidate is all there is.
  const maxColumns = detail === 'cards' ? CARD.maxColumns : full ? COLUMNS.aspectMax : 1;
  const cpOptions = Array.from({ length: maxColumns }, (_, i) => ({ columns: i + 1, sizes: cp.map((e) => size(e, defaultColumns(e.count, detail, i + 1))) }));
  let best = { cpColumns: 1, workerColumns: 1, contentMax: 0, score: -1 };
  for (let columns = 1; columns <= maxColumns; columns++) {
    const workerSizes = wk.map((e) => size(e, defaultColumns(workerMaxPods, detail, columns)));
    for (const contentMax of flowWidths([workerSizes, ...cpOptions.map((o) => o.sizes)], N.gap)) {
      const workerRows = flowSize(workerSizes, contentMax, N.gap);
      const workersWidth = workerRows.width;
      const workersHeight = bandHeight(workerRows);
      for (const option of cpOptions) {
        const cpRows = flowSize(option.sizes, contentMax, N.gap);
        let contentWidth = Math.max(cpRows.width, workersWidth, floor);
        let height = F.margin + headerHeight + bandHeight(cpRows) + B.gap + workersHeight;
        if (unscheduled.length) {
          const cols = Math.min(unscheduled.length, unscheduledFit(contentWidth, detail));
          const grid = gridEstimate(unscheduled.length, unscheduledHeights, cols, detail);
          contentWidth = Math.max(contentWidth, grid.width);
          height += B.gap + B.contentTop + grid.height + B.pad;
        }
        const width = Math.ceil(contentWidth + 2 * B.pad + 2 * F.margin);
        const score = Math.min(aspect / width, 1 / Math.ceil(height + F.margin));
        if (score > best.score) best = { cpColumns: option.columns, workerColumns: columns, contentMax, score };
        // Without control-plane nodes their columns change nothing.
        if (!cp.length) break;
      }
    }
  }
  return { cpColumns: best.cpColumns, workerColumns: best.workerColumns, contentMax: best.contentMax };
}

/**
 * The widths worth trying for flowRows: for each band, the narrowest width
 * that puts n nodes in a row, for each distinct row count n gives.
 */
function flowWidths(bands: Size[][], gap: number): number[] {
  const widths = new Set<number>();
  for (const sizes of bands) {
    const sorted = sizes.map((s) => s.width).sort((a, b) => b - a);
    let sum = 0;
    let lastRows = -1;
    sorted.forEach((w, i) => {
      sum += w + (i ? gap : 0);
      const rows = Math.ceil(sorted.length / (i + 1));
      if (rows === lastRows) return;
      lastRows = rows;
      widths.add(sum);
    });
  }
  if (!widths.size) widths.add(0);
  return [...widths].sort((a, b) => a - b);
}
