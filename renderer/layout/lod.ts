// The level-of-detail policy: which level of the picture shows, decided from
// how many pods there are, the sizes of the layout's text and the scale the
// picture is seen at (screen pixels per layout unit). The app asks it as the
// user zooms, export asks it at scale 1, and a renderer of any kind (SVG
// today, a canvas later) asks it which text to show; none of them keeps a
// threshold of its own.
//
// The rule: no text is drawn smaller than MIN_SCREEN_TEXT px on screen. A level
// shows only where all of its text reads; where it would not, the next coarser
// level shows instead. The coarsest, the overview, draws its few labels (node
// names and pod counts) at whatever size reads at the current scale.

import { BAND, CARD, CONTAINER, HEADER, NODE, PILL, VOLUME } from './metrics.ts';
import { fitMeasured } from './items.ts';
import { podRunsOf, UNSCHEDULED_RUN } from './runs.ts';
import { cleanLabel, measuredText, type MeasuredText } from './text.ts';
import type { ClusterLayout, Detail, TextItem } from './types.ts';
import { countLabel } from './labels.ts';
import { wordsFor } from './words.ts';

/** Coarse to fine: node names and pod counts; pod names and IPs; containers and volumes. */
export type Level = 'overview' | 'pods' | 'containers';
export const LEVELS: readonly Level[] = ['overview', 'pods', 'containers'];

/** No text is shown smaller than this, in screen pixels. */
export const MIN_SCREEN_TEXT = 11;

/**
 * The smallest text each level's geometry draws, in layout units: every text
 * of cards detail is CARD.size or larger; full detail goes down to its
 * container, volume, pill and node-address lines. lod.test.ts checks these
 * against the texts of real layouts.
 */
export const LEVEL_TEXT: Readonly<Record<Exclude<Level, 'overview'>, number>> = {
  pods: Math.min(CARD.size, BAND.titleSize, HEADER.subSize),
  containers: Math.min(CONTAINER.textSize, VOLUME.textSize, PILL.size, NODE.metaSize),
};

/**
 * The most pods a level is laid out for. Every box is an SVG element: beyond
 * these the drawing gets too heavy to draw, update or open, and the next
 * coarser level shows, whatever the scale.
 */
export const LEVEL_BUDGET: LevelBudget = { containers: 1_000, pods: 5_000 };

/**
 * From this many pods the renderer left on automatic draws on the canvas. Measured
 * (test/bench/browser-canvas.ts --quick --pods=1000,2500, Chromium in software, 2 cores):
 * the scripted zoom dropped 21 % of frames on SVG against 2 % on the canvas at 1,000 pods,
 * and 40 % against 8 % at 2,500. Below it, SVG's text stays sharp at any zoom, and a
 * teaching cluster (about 100 pods) is whole elements.
 */
export const AUTO_CANVAS_FROM = 1_000;

/**
 * Whether automatic draws `pods` on the canvas, given whether it does now: a cluster
 * that drew on the canvas goes back to SVG only below 90 % of AUTO_CANVAS_FROM, so that
 * one hovering about it (jobs coming and going) does not switch renderers at each change.
 */
export function autoDrawsOnCanvas(pods: number, onCanvasNow: boolean): boolean {
  return pods >= AUTO_CANVAS_FROM || (onCanvasNow && pods >= AUTO_CANVAS_FROM * 0.9);
}

/** The most pods each finer level may be laid out for, for one renderer. */
export type LevelBudget = Readonly<Record<Exclude<Level, 'overview'>, number>>;

/**
 * The canvas renderer's budget: it draws only what is on screen, so the pods
 * level (names and IPs) opens at any size once zoomed in, and the containers
 * level up to what its layout takes about a second to lay out (measured: full
 * detail lays out some 20,000 pods a second on these machines). The overview
 * of a cluster over LEVEL_BUDGET.pods stays the tiles, as with SVG.
 */
export const CANVAS_LEVEL_BUDGET: LevelBudget = { containers: 20_000, pods: 1_000_000 };

/** What a static picture of a level lays out (it cannot hide text, so the overview of it is the tiles). */
export const LEVEL_DETAIL: Readonly<Record<Level, Detail>> = { overview: 'compact', pods: 'cards', containers: 'full' };

/** The level a layout of this detail shows all of. */
export function levelOfDetail(detail: Detail): Level {
  return detail === 'full' ? 'containers' : detail === 'cards' ? 'pods' : 'overview';
}

/** Whether `size` layout units of text read at `scale`. */
export function legible(size: number, scale: number): boolean {
  // A hair of slack, so that exactly 11 px is 11 px whatever the float rounding.
  return size * scale >= MIN_SCREEN_TEXT * (1 - 1e-9);
}

/** The scale from which a level's text reads (0 for the overview, which reads at any scale). */
export function levelScale(level: Level): number {
  return level === 'overview' ? 0 : MIN_SCREEN_TEXT / LEVEL_TEXT[level];
}

/** Whether all of a level's text reads at `scale` (a hair of slack for float rounding, as legible has). */
function readsAt(level: Level, scale: number): boolean {
  return scale >= levelScale(level) * (1 - 1e-9);
}

function allowed(level: Level, pods: number, budget: LevelBudget = LEVEL_BUDGET): boolean {
  return level === 'overview' || pods <= budget[level];
}

/** The finest level that the model's size allows and whose text reads at `scale`. */
export function levelAt(pods: number, scale: number, budget: LevelBudget = LEVEL_BUDGET): Level {
  for (const level of ['containers', 'pods'] as const) {
    if (allowed(level, pods, budget) && readsAt(level, scale)) return level;
  }
  return 'overview';
}

/**
 * The geometry to lay out for a level on screen. The overview keeps the pods
 * level's cards while the model is small enough for them, so that zooming
 * between the two only hides or shows text; above that, pods are tiles.
 */
export function detailFor(level: Level, pods: number): Detail {
  if (level === 'overview') return allowed('pods', pods) ? 'cards' : 'compact';
  return LEVEL_DETAIL[level];
}

/** The level and geometry of a picture seen at `scale`; export asks at scale 1. */
export function lodAt(pods: number, scale: number, budget: LevelBudget = LEVEL_BUDGET): { level: Level; detail: Detail } {
  const level = levelAt(pods, scale, budget);
  return { level, detail: detailFor(level, pods) };
}

/** The scale a level is seen at up to (not including), or Infinity when no finer level may show. */
export function levelCeiling(level: Level, pods: number, budget: LevelBudget = LEVEL_BUDGET): number {
  const finer = LEVELS[LEVELS.indexOf(level) + 1];
  if (!finer || !allowed(finer, pods, budget)) return Infinity;
  return levelScale(finer);
}

/**
 * The first view of a picture: the finest level whose layout, fitted whole to
 * the view, is legible. `fitScale(detail)` lays the model out at that detail
 * and says at what scale it fits the view. The scale returned stays below the
 * next finer level's, so the fitted picture shows the level it was laid out
 * for, and never above `maxScale`. `atMost(detail)`, when given, is a cheap
 * bound that fitScale(detail) never exceeds: a level it shows cannot read
 * fitted whole is passed over without being laid out.
 */
export function chooseFit(
  pods: number,
  fitScale: (detail: Detail) => number,
  maxScale = 1.5,
  budget: LevelBudget = LEVEL_BUDGET,
  atMost?: (detail: Detail) => number,
): { level: Level; detail: Detail; scale: number } {
  for (const level of ['containers', 'pods'] as const) {
    // A first view never opens finer than the SVG budget allows: past it the
    // picture is too large to read whole, and laying it out only to find that
    // out would cost a second at 100,000 pods. The ceiling is the renderer's.
    if (!allowed(level, pods, budget) || !allowed(level, pods)) continue;
    const detail = detailFor(level, pods);
    // A bound that is not a number rules nothing out.
    const bound = atMost ? Math.min(maxScale, atMost(detail)) : NaN;
    if (!Number.isNaN(bound) && !readsAt(level, bound)) continue;
    const scale = Math.min(maxScale, fitScale(detail));
    if (readsAt(level, scale)) return { level, detail, scale: Math.min(scale, below(levelCeiling(level, pods, budget))) };
  }
  const detail = detailFor('overview', pods);
  const scale = Math.min(maxScale, fitScale(detail), below(levelCeiling('overview', pods, budget)));
  return { level: 'overview', detail, scale };
}

/** Just under a level's ceiling: what shows there is still that level. */
function below(ceiling: number): number {
  return ceiling === Infinity ? Infinity : ceiling / 1.02;
}

/** Kinds of box whose text a renderer asks about. */
export type TextOwner = 'header' | 'band' | 'node' | 'pod' | 'container' | 'volume' | 'mount';

/**
 * Whether a renderer shows one of the layout's texts. Text that would be
 * smaller than MIN_SCREEN_TEXT never shows; at the overview, node headers give
 * way to the overview labels, which say the same larger.
 */
export function showsText(owner: TextOwner, size: number, level: Level, scale: number): boolean {
  if (level === 'overview' && owner === 'node') return false;
  return legible(size, scale);
}

/** Overview labels are sized again when the scale has moved this much since (as a factor). */
const LABEL_STEP = 1.05;

/** Whether overview labels made at scale `made` are to be made again for `scale` (as a renderer zooms, not every frame). */
export function labelsOutOfStep(made: number, scale: number): boolean {
  return Math.abs(Math.log(scale / made)) > Math.log(LABEL_STEP);
}

/** Screen sizes of the overview's labels, in px. */
export const OVERVIEW = { name: 14, count: 12, pad: 8, gap: 4 } as const;

/** The overview's labels of one box (a node, or the band of unscheduled pods), keyed by its uid or band id. */
export interface OverviewLabel {
  uid: string;
  texts: TextItem[];
}

/** The label a node box got at a scale (none: too small for one). */
const labelOf = new WeakMap<object, { scale: number; t: unknown; label: OverviewLabel | undefined; title: MeasuredText; sub: MeasuredText }>();

/**
 * Node names and pod counts, sized to read at `scale` and fitted into each
 * node's box, in layout units. A box too small on screen to hold its name
 * legibly gets no label rather than an unreadable one; one too low for both
 * lines keeps only the name.
 */
export function overviewLabels(layout: Pick<ClusterLayout, 'nodes' | 'bands' | 'pods' | 'lang'>, scale: number): OverviewLabel[] {
  if (!(scale > 0) || !Number.isFinite(scale)) return [];
  // In the layout's language, as its own texts are.
  const t = wordsFor(layout.lang);
  // Nodes of a size alike say the same words: made and measured once a call.
  const counts = new Map<number, MeasuredText>();
  const pods = (n: number): MeasuredText => {
    let said = counts.get(n);
    if (!said) counts.set(n, (said = measuredText(countLabel(t, n, 'pod'), 400)));
    return said;
  };
  // Rounded as the drawing writes sizes, so that what is measured here is what is drawn.
  const name = Math.round((OVERVIEW.name / scale) * 10) / 10;
  const count = Math.round((OVERVIEW.count / scale) * 10) / 10;
  const pad = OVERVIEW.pad / scale;
  const gap = OVERVIEW.gap / scale;
  const out: OverviewLabel[] = [];
  const label = (uid: string, box: { x: number; y: number; width: number; height: number }, title: MeasuredText, sub: MeasuredText) => {
    const left = box.x + pad;
    const width = box.width - 2 * pad;
    const nameBaseline = box.y + pad + name * 0.8;
    if (width <= 0 || nameBaseline + name * 0.25 > box.y + box.height) return;
    const countBaseline = nameBaseline + gap + count;
    if (countBaseline + count * 0.25 <= box.y + box.height - pad / 2) {
      // Room for two lines: the name, and the count under it.
      const first = fitMeasured('overview-name', title, left, nameBaseline, width, name, 'title');
      const second = fitMeasured('overview-count', sub, left, countBaseline, width, count, 'muted');
      const texts = [first, second].filter(says);
      if (says(first)) out.push({ uid, texts });
      return;
    }
    // One line: the count at its end, when the name keeps some room beside it.
    const countWidth = sub.em * count + pad;
    const withCount = width - countWidth >= name * 3;
    const first = fitMeasured('overview-name', title, left, nameBaseline, withCount ? width - countWidth : width, name, 'title');
    if (!says(first)) return;
    const texts = [first];
    if (withCount) texts.push(fitMeasured('overview-count', sub, box.x + box.width - pad, nameBaseline, countWidth, count, 'muted', 'end'));
    out.push({ uid, texts });
  };
  for (const node of layout.nodes) {
    // A node box is the same object from layout to layout while nothing in it changed (the layout memo): its label too, at one scale.
    const known = labelOf.get(node);
    if (known && known.scale === scale && known.t === t) {
      if (known.label) out.push(known.label);
      continue;
    }
    const before = out.length;
    // Its words are the same at every scale, measured once: only their fit is made again as the zoom moves.
    const title = known && known.t === t ? known.title : measuredText(cleanLabel(node.name), 600);
    const sub = known && known.t === t ? known.sub : pods(node.podCount);
    label(node.uid, node, title, sub);
    labelOf.set(node, { scale, t, label: out.length > before ? out[out.length - 1] : undefined, title, sub });
  }
  const unscheduled = layout.bands.find((b) => b.id === 'unscheduled');
  if (unscheduled) label('unscheduled', unscheduled, measuredText(t('pic.overview.unscheduled'), 600), pods(unscheduledCount(layout)));
  return out;
}

/** Pods on no node: the unscheduled grid's run (a live layout's labels are made again at every model and zoom step), or counted where grids are not runs. */
function unscheduledCount(layout: Pick<ClusterLayout, 'pods'>): number {
  const runs = podRunsOf(layout);
  if (runs) {
    const run = runs.get(UNSCHEDULED_RUN);
    return run ? run[1] - run[0] : 0;
  }
  let n = 0;
  for (const pod of layout.pods) if (!pod.nodeUid) n++;
  return n;
}

/** A text cut down to its ellipsis (or nothing) says nothing. */
function says(t: TextItem): boolean {
  return t.text !== '' && t.text !== '…';
}

/** Whether a detail may be laid out for a model of this many pods. */
export function detailAllowed(detail: Detail, pods: number, budget: LevelBudget = LEVEL_BUDGET): boolean {
  return detail === 'compact' || allowed(levelOfDetail(detail), pods, budget);
}

/** A point as a place on one object: which box, and where in it (fractions of its width and height). */
export interface Anchor {
  uid: string;
  fx: number;
  fy: number;
}

interface AnchorBox {
  uid: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The object at a point of a layout, to find the same place in a layout of
 * another detail: the pod under it, else the node, else the nearest node.
 * Undefined for a layout without nodes or pods.
 */
export function anchorAt(layout: Pick<ClusterLayout, 'nodes' | 'pods'>, point: { x: number; y: number }): Anchor | undefined {
  const inside = (b: AnchorBox) => point.x >= b.x && point.x <= b.x + b.width && point.y >= b.y && point.y <= b.y + b.height;
  const at = (b: AnchorBox): Anchor => ({
    uid: b.uid,
    fx: b.width > 0 ? clamp01((point.x - b.x) / b.width) : 0,
    fy: b.height > 0 ? clamp01((point.y - b.y) / b.height) : 0,
  });
  const pod = layout.pods.find(inside);
  if (pod) return at(pod);
  const node = layout.nodes.find(inside);
  if (node) return at(node);
  let nearest: AnchorBox | undefined;
  let best = Infinity;
  for (const b of [...layout.nodes, ...layout.pods]) {
    const dx = Math.max(b.x - point.x, 0, point.x - b.x - b.width);
    const dy = Math.max(b.y - point.y, 0, point.y - b.y - b.height);
    const d = dx * dx + dy * dy;
    if (d < best) {
      best = d;
      nearest = b;
    }
  }
  return nearest && at(nearest);
}

/**
 * Where an anchor taken in `before` is in `after`. Without the anchor's
 * object in `after`, the point keeps its place relative to the whole picture.
 */
export function pointOf(
  after: Pick<ClusterLayout, 'nodes' | 'pods' | 'width' | 'height'>,
  anchor: Anchor | undefined,
  point: { x: number; y: number },
  before: Pick<ClusterLayout, 'width' | 'height'>,
): { x: number; y: number } {
  const box = anchor && (after.pods.find((p) => p.uid === anchor.uid) ?? after.nodes.find((n) => n.uid === anchor.uid));
  if (anchor && box) return { x: box.x + anchor.fx * box.width, y: box.y + anchor.fy * box.height };
  return {
    x: before.width > 0 ? (point.x / before.width) * after.width : point.x,
    y: before.height > 0 ? (point.y / before.height) * after.height : point.y,
  };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
