// The canvas renderer: paints a scene (renderer/scene/scene.ts) into a 2D
// canvas context, with the shapes and colours the SVG renderer (entities.ts,
// primitives.ts) writes as elements, for the overview and for clusters too
// large to be elements. Each call paints the whole view from the scene; what
// it keeps between calls (buffers, and bitmaps of nodes) only saves work.
//
// What makes 100,000 pods paintable in a frame:
// - The scene is walked top-down, and a box off screen is skipped with all
//   it holds. A box smaller than a screen pixel or so is one plain rect.
// - Shapes are not filled one by one but gathered into one path per colour
//   and depth, filled with one call. That is the SVG's picture because boxes
//   of one depth never overlap (the layout puts them on a grid) and every
//   child lies on its parent: so, depth by depth, frames, then their
//   strokes, then stripes and pills, then connectors, then text.
// - Even so, Skia (in software, as here, with no GPU) takes most of a
//   microsecond a rect to raster a path of thousands of tiny rects: a fitted
//   view of 100,000 tiles took 230 ms a frame painted live. So a box holding many items that is small on
//   screen (a node at the overview) is painted once into a bitmap of its own
//   at a scale near the view's (a power of two), and then drawn as one
//   image; and a band no larger than about the view is one bitmap made of
//   its nodes' bitmaps, since a thousand images drawn scaled cost more than
//   one. A new scene keeps the bitmaps of the boxes the layout memo kept.
// - A live update changes a few nodes of a band: its bitmap is painted again
//   only where they are (patchBand), to the pixels a whole paint gives.
// - While the zoom moves, a bitmap of a scale near enough stands in, scaled;
//   one too far off, or any once the view is still, is painted again, a
//   budget of items a paint, and stats.stale asks the caller for another
//   paint until all are up to date.
//
// Strings from the cluster reach the canvas only through fillText.

import { showsText, type Level, type OverviewLabel, type TextOwner } from '../layout/lod.ts';
import { CARD, CONTAINER, RADIUS } from '../layout/metrics.ts';
import type { Detail, Pill, Rect, TextItem } from '../layout/types.ts';
import type { Scene, SceneItem, SceneMarks } from '../scene/scene.ts';
import { pillColors, type SurfaceColors, type Theme } from './theme.ts';
import { paintWarningMarks, WARNING_MARK_SIZE } from './warning-marks.ts';

/** screen (CSS px) = layout × k + (x, y); width/height of the canvas in CSS px; dpr = devicePixelRatio. */
export interface PaintView {
  x: number;
  y: number;
  k: number;
  width: number;
  height: number;
  dpr: number;
}

/** The part of a 2D context the painter uses (a canvas's, an OffscreenCanvas's, or a test's recording fake). */
export type PaintContext = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'translate'
  | 'scale'
  | 'save'
  | 'restore'
  | 'clip'
  | 'fillRect'
  | 'clearRect'
  | 'beginPath'
  | 'rect'
  | 'roundRect'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'fill'
  | 'stroke'
  | 'fillText'
  | 'strokeText'
  | 'setLineDash'
  | 'drawImage'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'imageSmoothingEnabled'
>;

/** A canvas to keep a node's picture in, and its context. Setting its width and height clears it. */
export interface Bitmap {
  canvas: CanvasImageSource & { width: number; height: number };
  ctx: PaintContext;
  /**
   * The picture taken out of the canvas (OffscreenCanvas.transferToImageBitmap),
   * drawn instead of it: a canvas is snapshotted each time it is drawn, an
   * ImageBitmap is drawn as it is. A node's bitmap is drawn hundreds of times
   * a zoom step and into its band's; a band's is patched in place, so keeps its canvas.
   */
  image?: CanvasImageSource & { close?(): void };
}

/** Makes a bitmap of a size in device px, or null when none can be had. */
export type BitmapFactory = (width: number, height: number) => Bitmap | null;

export interface PaintOptions {
  theme: Theme;
  /** The level shown (renderer/layout/lod.ts): decides with showsText which texts are drawn. */
  level: Level;
  marks: SceneMarks;
  /** Overview labels (lod.ts overviewLabels(layout, k)) to draw, with a halo, when level is 'overview'; [] otherwise. */
  overview: OverviewLabel[];
  /** Colours of the marks, read by the app from its stylesheet: hover and selection outline, search hit outline. */
  markColors: { accent: string; hit: string };
  /**
   * Where bitmaps of nodes come from. By default an OffscreenCanvas, or a
   * canvas of the context's document; false paints everything live, every
   * frame (the same picture, slower for large clusters).
   */
  bitmaps?: BitmapFactory | false;
  /**
   * A time for the work a paint may leave for the next ones: once `now()` is
   * past `until`, bitmaps and label bitmaps that have a stand-in are not
   * painted again for their new scale (the stand-ins are drawn, counted in
   * stale), after at least one of each. Without it, only the counts bound
   * that work (RESCALE_ITEMS, LABEL_RENDERS).
   */
  budget?: { now(): number; until: number };
  /** Pods (by uid) with recent Warning events: each carries the SVG's warning mark (warning-marks.ts). */
  warned?: ReadonlySet<string>;
  /** How many of the page's font faces have loaded: another count makes the node and label bitmaps anew (the text in them may have been set in a stand-in). */
  fonts?: number;
}

export interface PaintStats {
  /** Items painted, live or from a bitmap (a tiny one as one rect counts as one). */
  items: number;
  /** Texts filled by this paint (live, and into bitmaps painted again). */
  texts: number;
  /** Items skipped as off screen. */
  culled: number;
  /** Of the items, those drawn from node bitmaps. */
  cached: number;
  /** Bitmaps painted (again) by this paint. */
  rendered: number;
  /** Of those, band bitmaps painted again only where their nodes changed (a live update). */
  patched: number;
  /** Overview label bitmaps painted by this paint. */
  labels: number;
  /**
   * Bitmaps drawn though out of date (painted at another scale, or before a
   * text came or went), while a zoom goes on or because this paint had
   * painted enough. Paint again (at the next frame, the view at rest) while
   * this is above 0, to bring them up to date.
   */
  stale: number;
  /**
   * Bitmaps were drawn scaled without smoothing, as they are while the zoom
   * moves: paint again at rest (the view still) for the smoothed picture.
   */
  rough?: boolean;
}

/** Opacity of what a search dims (app.css: .drawing[data-searching] g[data-dim]). */
export const DIM_ALPHA = 0.16;
/** A box smaller than this on screen, both ways, is painted as one rect of its main colour, without what it holds. */
export const TINY_PX = 1.5;
/** Mark outlines, in screen px (app.css: g[data-hover], g[data-hit], g[data-selected] > .ka-frame). */
export const OUTLINE_PX = { hover: 1.5, hit: 2.5, selected: 2.5 } as const;
/** A corner rounder than this on screen (px) is drawn round; below it a plain rect looks the same and fills faster. */
const ROUND_PX = 0.5;
/** Slack around the view when culling (screen px), for strokes, outlines and connector dots that reach past a box. */
const CULL_PX = 4;
/** Width of the overview labels' halo, in screen px. */
const HALO_PX = 4;

/** A box holding at least this many items (itself included) is worth a bitmap… */
export const CACHE_MIN_ITEMS = 24;
/** …when its bitmap is at most this many device px each way… */
export const CACHE_MAX_PX = 512;
/**
 * …or, for a band, this many, and no more pixels than this many views: a
 * band's bitmap is drawn from its nodes' and then stands for them all, one
 * image instead of a thousand for a fitted view of a large cluster (each
 * image drawn scaled costs some microseconds). Bigger than the view, most of
 * it would be off screen, its nodes painted for nothing.
 */
export const BAND_CACHE_MAX_PX = 4096;
export const BAND_CACHE_VIEWS = 1.5;
/** Bitmaps kept per context, in device px all together (4 bytes each). */
const CACHE_BUDGET_PX = 24 * 1024 * 1024;
/**
 * Items a paint repaints into bitmaps that are only out of date (another
 * scale, other texts), the older ones standing in meanwhile: about 4 ms here.
 */
const RESCALE_ITEMS = 1_500;
/**
 * While the zoom moves, a bitmap painted at a scale this much below the
 * view's (shown blurred), or above it (shown finer than needed), stands in
 * without being painted again.
 */
const ZOOM_SLACK = { up: 4, down: 2 } as const;
/** Device px around a bitmap's box, for the frame's stroke. */
export const BITMAP_PAD = 1;

/** Rects of one colour, corner radius and opacity, gathered for one fill or stroke. */
class RectBatch {
  data = new Float64Array(256);
  n = 0;
  constructor(
    readonly style: string,
    readonly radius: number,
    readonly dim: boolean,
  ) {}

  push(x: number, y: number, w: number, h: number): void {
    if (this.n + 4 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    const n = this.n;
    d[n] = x;
    d[n + 1] = y;
    d[n + 2] = w;
    d[n + 3] = h;
    this.n = n + 4;
  }
}

/** The batches of one pass (fills, strokes or stripes) of one depth, kept from paint to paint so their buffers are reused. */
class Pass {
  private readonly byStyle = new Map<string, Map<number, RectBatch>>();
  readonly batches: RectBatch[] = [];

  get(style: string, radius: number, dim: boolean): RectBatch {
    let byKey = this.byStyle.get(style);
    if (!byKey) this.byStyle.set(style, (byKey = new Map()));
    // Radii are small non-negative numbers: twice the radius plus the dim bit is a unique key.
    const key = radius * 2 + (dim ? 1 : 0);
    let batch = byKey.get(key);
    if (!batch) {
      batch = new RectBatch(style, radius, dim);
      byKey.set(key, batch);
      this.batches.push(batch);
    }
    return batch;
  }

  reset(): void {
    for (const b of this.batches) b.n = 0;
  }
}

interface TextRecord {
  text: TextItem;
  color: string;
  dim: boolean;
}

interface LineRecord {
  item: Extract<SceneItem, { kind: 'mount' }>;
  color: string;
  dim: boolean;
}

interface ImageRecord {
  entry: CacheEntry;
  dim: boolean;
}

/** One depth of the scene: what its boxes paint, in the order it is painted. */
class Layer {
  readonly fills = new Pass();
  readonly strokes = new Pass();
  /** Role bars, status stripes, pill backgrounds: on top of the frames. */
  readonly marks = new Pass();
  images: ImageRecord[] = [];
  lines: LineRecord[] = [];
  texts: TextRecord[] = [];

  reset(): void {
    this.fills.reset();
    this.strokes.reset();
    this.marks.reset();
    this.images = [];
    this.lines = [];
    this.texts = [];
  }
}

/** A box's picture kept as a bitmap, and what it was painted for. */
interface CacheEntry {
  /**
   * The box it shows: the layout memo keeps a node's box (the same object)
   * only while nothing in the node changed. A band's box is new with every
   * layout: its bitmap holds while it is alike and holds the same boxes (kids).
   */
  box: SceneItem['box'];
  kids?: readonly object[];
  /** Some of what it holds was drawn from an older bitmap standing in: paint it again when there is time. */
  provisional: boolean;
  bitmap: Bitmap;
  /** Device px per layout unit. */
  scale: number;
  /** Where the bitmap goes, in layout units (the box and the pad). */
  x: number;
  y: number;
  w: number;
  h: number;
  theme: Theme;
  /** Which of the texts it holds show (see textsShown). */
  texts: string;
  /** The dimmed set it was painted with, when some of what it holds is dimmed; null otherwise. */
  dimmed: ReadonlySet<string> | null;
  /** The paint that last drew it. */
  used: number;
  /** The detail of the layout it was painted from: of another, it was laid out anew by a zoom into another level. */
  detail: Detail;
}

interface SceneCache {
  /** The scene last painted: on a new one, bitmaps of boxes it no longer has go. */
  scene: Scene;
  /** PaintOptions.fonts of the bitmaps: on another count, they all go. */
  fonts: number;
  /** By uid, so that a new scene of a live cluster keeps the bitmaps of the nodes that did not change. */
  entries: Map<string, CacheEntry>;
  /** Layers to collect a bitmap's content in, apart from the frame's: one set per nesting (a node's bitmap painted for its band's). */
  layers: Layer[][];
}

/** What a paint keeps for the next one on the same context. */
interface ContextState {
  layers: Layer[];
  cache?: SceneCache;
  paints: number;
  /** Device px per layout unit of the last paint. */
  device?: number;
  /** Overview labels painted once each into small bitmaps (paintOverview). */
  labels?: LabelCache;
  /** Nodes the last paint drew as their bare box (fromBitmap): the paints after it fill them in. */
  placeholders: number;
}

/** An overview label's halo and text, painted at `scale` device px per layout unit; (ox, oy): where its anchor point lies in it, in device px. */
interface LabelSprite {
  bitmap: Bitmap;
  scale: number;
  /** The text and its size (layout units) it was painted for. */
  text: string;
  size: number;
  ox: number;
  oy: number;
  used: number;
}

/** Label bitmaps for one halo colour, font family, dpr and count of loaded fonts; any other drops them all. */
interface LabelCache {
  key: string;
  /**
   * By label (text, weight, anchor, colour), whatever its size: overview
   * labels keep their size on screen (lod.ts sizes them for the scale), so
   * a bitmap painted a zoom step ago is the same picture scaled by a few %.
   */
  sprites: Map<string, LabelSprite>;
  /** The last bitmap of each label line (its owner's uid and the text's key), whatever its text: a stand-in for a text of the line not painted yet. */
  lines: Map<string, LabelSprite>;
  /** A bitmap to measure texts with. */
  probe?: Bitmap | null;
  /**
   * Texts measured (at MEASURE_PX): left, right, ascent, descent, by weight,
   * alignment and text. A label is painted again at every zoom step with the
   * same text, and a measure took some 0.4 ms here. With the fonts in the key
   * (LabelCache.key), a font that loads starts it again.
   */
  measures: Map<string, readonly [number, number, number, number]>;
}

const stateOf = new WeakMap<object, ContextState>();
/** Items in each item's subtree (itself included), per scene. */
const subtreeOf = new WeakMap<Scene, Int32Array>();
/**
 * The kinds of text a box holds, with all it holds: owner and size, as
 * "owner size|owner size…" ("node pills": a node's pills hide at the
 * overview). The same string for boxes alike, so what shows is worked out
 * once a paint for all of them. Keyed by the box, which the layout memo keeps
 * only while nothing in it changed.
 */
const textKindsOf = new WeakMap<object, string>();
/**
 * Per set of dimmed uids, the items that hold a dimmed item somewhere below
 * them. Keyed by the set, not the marks: a caller may make new marks for a
 * new hover while the search, and its set, stay.
 */
const partlyDimmedOf = new WeakMap<ReadonlySet<string>, { scene: Scene; items: Set<number> }>();

function subtreeSizes(scene: Scene): Int32Array {
  let sizes = subtreeOf.get(scene);
  if (sizes) return sizes;
  sizes = new Int32Array(scene.items.length).fill(1);
  // Parents come before their children, so walking backwards adds each finished subtree to its parent.
  for (let i = scene.items.length - 1; i >= 0; i--) {
    const parent = scene.items[i].parent;
    if (parent >= 0) sizes[parent] += sizes[i];
  }
  subtreeOf.set(scene, sizes);
  return sizes;
}

function textKinds(scene: Scene, root: SceneItem): string {
  let kinds = textKindsOf.get(root.box);
  if (kinds !== undefined) return kinds;
  // Gathered as sizes by owner, and the kinds joined once at the end: a node of a hundred pods has some hundreds of
  // texts of a handful of kinds, and a string made for each (at 100,000 pods, on a zoom that lays every box out
  // anew) took over 10 ms of a paint.
  const sizes: OwnKinds = { byOwner: new Map(), pills: false };
  const all = new Set<string>();
  ownTextKinds(root, sizes);
  // Children's kinds come from their own memo (a band's from its nodes'), and boxes alike share one string.
  const seen = new Set<string>();
  const subtree = subtreeSizes(scene);
  for (const child of scene.children.get(root.index) ?? []) {
    const item = scene.items[child];
    // A box too small to be a bitmap of its own (a pod and its containers) never asks for its kinds: gathered here,
    // with no string made for it.
    if (subtree[child] < CACHE_MIN_ITEMS) {
      gatherKinds(scene, child, sizes);
      continue;
    }
    const theirs = textKinds(scene, item);
    if (theirs === '' || seen.has(theirs)) continue;
    seen.add(theirs);
    for (const kind of theirs.split('|')) all.add(kind);
  }
  for (const [owner, set] of sizes.byOwner) for (const size of set) all.add(`${owner} ${size}`);
  if (sizes.pills) all.add('node pills');
  kinds = [...all].sort().join('|');
  textKindsOf.set(root.box, kinds);
  return kinds;
}

/**
 * Works out, a node a part, the kinds of text of every box that may be a
 * bitmap: what the first paint to show them would otherwise do for all the
 * nodes coming into view at once (at 100,000 pods, a zoom out of a scene
 * laid out anew spent 10-17 ms of one paint on it). Made in idle time.
 */
export function* textKindsInParts(scene: Scene): Generator<void, void, void> {
  const subtree = subtreeSizes(scene);
  /** A box that may be a bitmap, its kinds not worked out yet. */
  const due = (index: number) => subtree[index] >= CACHE_MIN_ITEMS && !textKindsOf.has(scene.items[index].box);
  // The scene's top items are its bands (the unscheduled pods' too), and a band's nodes its children: each node,
  // then its band, which then finds its nodes' kinds made.
  for (const band of scene.children.get(-1) ?? []) {
    for (const node of scene.children.get(band) ?? []) {
      if (scene.items[node].kind !== 'node' || !due(node)) continue;
      textKinds(scene, scene.items[node]);
      yield;
    }
    if (!due(band)) continue;
    textKinds(scene, scene.items[band]);
    yield;
  }
}

/** The kinds of text of a box and all it holds, into `into`. */
function gatherKinds(scene: Scene, index: number, into: OwnKinds): void {
  ownTextKinds(scene.items[index], into);
  const kids = scene.children.get(index);
  if (kids) for (let i = 0; i < kids.length; i++) gatherKinds(scene, kids[i], into);
}

/** The kinds of text boxes hold, as text sizes by owner, and whether a node has pills ("node pills"). */
interface OwnKinds {
  byOwner: Map<string, Set<number>>;
  pills: boolean;
  lastOwner?: string;
  lastSet?: Set<number>;
}

function addKind(into: OwnKinds, owner: string, size: number): void {
  // Boxes alike come one after another: the owner's set is most often the last one's.
  let set = owner === into.lastOwner ? into.lastSet : into.byOwner.get(owner);
  if (!set) into.byOwner.set(owner, (set = new Set()));
  into.lastOwner = owner;
  into.lastSet = set;
  set.add(size);
}

function ownTextKinds(item: SceneItem, into: OwnKinds): void {
  const owner = ownerOf(item);
  const box = item.box;
  if (item.kind === 'mount') addKind(into, 'mount', item.box.label.size);
  if ('texts' in box) for (const t of box.texts) addKind(into, owner, t.size);
  if ('pills' in box) for (const p of box.pills) addKind(into, owner, p.text.size);
  if (item.kind === 'node' && item.box.pills.length > 0) into.pills = true;
}

/** Which of these kinds of text show at this level and scale: what decides the texts in a bitmap. */
function textsShown(kinds: string, level: Level, k: number): string {
  let shown = '';
  if (kinds === '') return shown;
  for (const kind of kinds.split('|')) {
    const [owner, size] = kind.split(' ');
    const on = size === 'pills' ? level !== 'overview' : showsText(owner as TextOwner, Number(size), level, k);
    shown += on ? '1' : '0';
  }
  return shown;
}

function ownerOf(item: SceneItem): TextOwner {
  return item.kind === 'unscheduled' ? 'band' : item.kind;
}

function partlyDimmed(scene: Scene, dimmed: ReadonlySet<string>): Set<number> {
  const known = partlyDimmedOf.get(dimmed);
  if (known && known.scene === scene) return known.items;
  const items = new Set<number>();
  for (const uid of dimmed) {
    const item = scene.byUid.get(uid);
    for (let at = item ? item.parent : -1; at >= 0 && !items.has(at); at = scene.items[at].parent) items.add(at);
  }
  partlyDimmedOf.set(dimmed, { scene, items });
  return items;
}

function checkView(view: PaintView): void {
  if (!view || typeof view !== 'object') throw new TypeError('paintScene: view must be { x, y, k, width, height, dpr }');
  const bad = (what: keyof PaintView, should: string) => new RangeError(`paintScene: view.${what} must be ${should}, got ${String(view[what])}`);
  if (!Number.isFinite(view.x)) throw bad('x', 'a finite number');
  if (!Number.isFinite(view.y)) throw bad('y', 'a finite number');
  if (!(view.k > 0) || !Number.isFinite(view.k)) throw bad('k', 'a positive finite scale');
  if (!(view.width >= 0) || !Number.isFinite(view.width)) throw bad('width', 'a finite number of CSS px, 0 or more');
  if (!(view.height >= 0) || !Number.isFinite(view.height)) throw bad('height', 'a finite number of CSS px, 0 or more');
  if (!(view.dpr > 0) || !Number.isFinite(view.dpr)) throw bad('dpr', 'a positive finite device pixel ratio');
}

/** Bitmaps from an OffscreenCanvas, or else from a canvas of the context's own document. */
function defaultBitmaps(ctx: PaintContext): BitmapFactory | null {
  if (typeof OffscreenCanvas === 'function') {
    return (width, height) => {
      const canvas = new OffscreenCanvas(width, height);
      const c = canvas.getContext('2d');
      return c ? { canvas, ctx: c } : null;
    };
  }
  const doc = (ctx as Partial<CanvasRenderingContext2D>).canvas?.ownerDocument;
  if (!doc) return null;
  return (width, height) => {
    const canvas = doc.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const c = canvas.getContext('2d');
    return c ? { canvas, ctx: c } : null;
  };
}

/** Everything one walk of the scene needs. */
interface Walk {
  scene: Scene;
  sizes: Int32Array;
  theme: Theme;
  level: Level;
  k: number;
  /** The rectangle to paint, in layout units. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  searching: boolean;
  dimmed: ReadonlySet<string>;
  layers: Layer[];
  stats: PaintStats;
  /** Bitmaps to draw boxes from. */
  cache?: CacheWalk;
  /** 0 on the canvas, 1 in a bitmap, 2 in a bitmap painted for another. */
  nest: number;
}

interface CacheWalk {
  store: SceneCache;
  make: BitmapFactory;
  /** Device px per layout unit the bitmaps are wanted at now. */
  scale: number;
  /** textsShown of each list of text kinds, worked out once a paint. */
  shown: Map<string, string>;
  paint: number;
  /** Items left to paint (live, into bitmaps) for bitmaps whose only fault is their scale or texts. */
  rescale: number;
  /** Bitmaps drawn though out of date, so far this paint. */
  standIns: number;
  /** Device px per layout unit of the view. */
  device: number;
  /** The scale changed since the last paint. */
  zooming: boolean;
  /** Bitmaps were painted before this paint: the canvas has a picture to fill in. */
  painted: boolean;
  /** The paint before drew nodes as their bare box: this one goes on filling them in. */
  fillingIn: boolean;
  /** Nodes drawn as their bare box, so far this paint. */
  placeholders: number;
  /** Device px of the view. */
  viewArea: number;
  /** The paint's budget of time is spent (PaintOptions.budget). */
  late: () => boolean;
}

function layerAt(layers: Layer[], depth: number): Layer {
  while (layers.length <= depth) layers.push(new Layer());
  return layers[depth];
}

export function paintScene(ctx: PaintContext, scene: Scene, view: PaintView, options: PaintOptions): PaintStats {
  checkView(view);
  const { theme, level, marks } = options;
  const { k, dpr } = view;
  const stats: PaintStats = { items: 0, texts: 0, culled: 0, cached: 0, rendered: 0, patched: 0, labels: 0, stale: 0 };

  let state = stateOf.get(ctx);
  if (!state) stateOf.set(ctx, (state = { layers: [], paints: 0, placeholders: 0 }));
  state.paints++;
  const zooming = state.device !== undefined && state.device !== k * dpr;
  state.device = k * dpr;
  for (const layer of state.layers) layer.reset();

  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  // The background is opaque, so filling it clears the canvas too.
  ctx.fillStyle = theme.background;
  const right = Math.ceil(view.width * dpr);
  const bottom = Math.ceil(view.height * dpr);
  ctx.fillRect(0, 0, right, bottom);
  // Nothing beyond the view, though a box across its edge is painted whole (a node's bitmap, a band).
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, right, bottom);
  ctx.clip();
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * view.x, dpr * view.y);
  // While the zoom moves, bitmaps are drawn scaled without smoothing: a frame of a zoom draws hundreds
  // (nodes', labels'), and Skia on the CPU filters each (600 took 9 ms smoothed, 4 ms not). At rest, smoothed.
  ctx.imageSmoothingEnabled = !zooming;

  const slack = CULL_PX / k + 1;
  const walk: Walk = {
    scene,
    sizes: subtreeSizes(scene),
    theme,
    level,
    k,
    x0: -view.x / k - slack,
    y0: -view.y / k - slack,
    x1: (view.width - view.x) / k + slack,
    y1: (view.height - view.y) / k + slack,
    searching: marks.searching,
    dimmed: marks.dimmed,
    layers: state.layers,
    stats,
    nest: 0,
  };

  const make = options.bitmaps === false ? null : (options.bitmaps ?? defaultBitmaps(ctx));
  const budget = options.budget;
  const late = budget ? () => budget.now() > budget.until : () => false;
  if (make) {
    const fonts = options.fonts ?? 0;
    if (!state.cache) state.cache = { scene, fonts, entries: new Map(), layers: [] };
    else if (state.cache.scene !== scene) keepBitmapsOf(state.cache, scene);
    if (state.cache.fonts !== fonts) {
      dropBitmaps(state.cache);
      state.cache.fonts = fonts;
    }
    walk.cache = {
      store: state.cache,
      make,
      // Within a factor √2 of what the view needs: sharp enough, and repainted only when the zoom doubles or halves.
      scale: 2 ** Math.round(Math.log2(k * dpr)),
      shown: new Map(),
      paint: state.paints,
      rescale: RESCALE_ITEMS,
      standIns: 0,
      device: k * dpr,
      zooming,
      painted: state.cache.entries.size > 0,
      fillingIn: state.placeholders > 0,
      placeholders: 0,
      viewArea: view.width * view.height * dpr * dpr,
      late,
    };
  } else if (state.cache) {
    dropBitmaps(state.cache);
    state.cache = undefined;
  }

  const pen = new Pen(ctx);
  // The header sits above the bands and overlaps nothing.
  for (const t of scene.layout.header) {
    if (showsText('header', t.size, level, k) && textMeets(walk, t)) stats.texts += pen.text(t, theme.text[t.tone], false, theme.fontFamily);
  }
  for (const top of scene.children.get(-1) ?? []) visit(walk, top, false);
  flush(pen, state.layers, stats, theme.fontFamily);

  const offView = (b: SceneItem) => b.x > walk.x1 || b.y > walk.y1 || b.x + b.width < walk.x0 || b.y + b.height < walk.y0;
  if (level === 'overview') stats.texts += paintOverview(pen, scene, options, view, offView, make ? labelsOf(state, options, dpr, zooming, make, stats, late) : null, stats);
  else if (state.labels) evictLabels(state.labels, state.paints);
  const shownRect = { x: walk.x0, y: walk.y0, width: walk.x1 - walk.x0, height: walk.y1 - walk.y0 };
  // Under the outlines, as the SVG's mark sits inside its pod's group; none where it would be a speck (as a tiny box's content).
  if (options.warned?.size && WARNING_MARK_SIZE * k >= TINY_PX) paintWarningMarks(ctx, scene, options.warned, marks, shownRect, (dim) => pen.alpha(dim ? DIM_ALPHA : 1));
  paintOutlines(pen, scene, options, k, offView, shownRect);
  ctx.restore();
  if (walk.cache) stats.stale += walk.cache.standIns;
  state.placeholders = walk.cache?.placeholders ?? 0;
  if (zooming) stats.rough = true;
  if (state.cache) evict(state.cache, state.paints);
  return stats;
}

/** Paints each layer's batches, depth by depth. */
function flush(pen: Pen, layers: Layer[], stats: PaintStats, family: string): void {
  for (const layer of layers) {
    pen.rects(layer.fills, 'fill');
    pen.rects(layer.strokes, 'stroke');
    pen.rects(layer.marks, 'fill');
    for (const image of layer.images) pen.image(image);
    pen.unsnap();
    for (const line of layer.lines) pen.connector(line);
    for (const t of layer.texts) stats.texts += pen.text(t.text, t.color, t.dim, family);
  }
}

/** Gathers what an item and all it holds paint into the walk's layers; `inherited`: an ancestor is dimmed. */
function visit(walk: Walk, index: number, inherited: boolean): void {
  const item = walk.scene.items[index];
  if (item.x > walk.x1 || item.y > walk.y1 || item.x + item.width < walk.x0 || item.y + item.height < walk.y0) {
    walk.stats.culled += walk.sizes[index];
    return;
  }
  const dim = inherited || (walk.searching && walk.dimmed.has(item.uid));
  const layer = layerAt(walk.layers, item.depth);
  const tiny = TINY_PX / walk.k;
  if (item.width < tiny && item.height < tiny) {
    // Too small to show anything it holds: one rect in the colour it mostly shows.
    walk.stats.items++;
    const color = mainColor(item, walk.theme);
    if (color) layer.fills.get(color, 0, dim).push(item.x, item.y, item.width, item.height);
    return;
  }
  if (walk.cache && walk.sizes[index] >= CACHE_MIN_ITEMS && fromBitmap(walk, walk.cache, item, dim, layer)) return;
  walk.stats.items++;
  paintItem(walk, item, dim, layer);
  const kids = walk.scene.children.get(index);
  if (kids) for (let i = 0; i < kids.length; i++) visit(walk, kids[i], dim);
}

/** The item drawn as its bitmap, painting the bitmap (again) if need be; false when it is not to be drawn so. */
function fromBitmap(walk: Walk, cache: CacheWalk, item: SceneItem, dim: boolean, layer: Layer): boolean {
  const s = cache.scale;
  const band = item.kind === 'band' || item.kind === 'unscheduled';
  const max = band ? BAND_CACHE_MAX_PX : CACHE_MAX_PX;
  if (item.width * s > max || item.height * s > max) return false;
  if (band && item.width * item.height * s * s > BAND_CACHE_VIEWS * cache.viewArea) return false;
  // A box dimmed whole is its bitmap at low opacity; one with some of its content dimmed has it in the bitmap.
  const dimmed = !dim && walk.searching && partlyDimmed(walk.scene, walk.dimmed).has(item.index) ? walk.dimmed : null;
  let entry = cache.store.entries.get(item.uid);
  const kinds = textKinds(walk.scene, item);
  let texts = cache.shown.get(kinds);
  if (texts === undefined) cache.shown.set(kinds, (texts = textsShown(kinds, walk.level, walk.k)));
  // Another box, theme or dimming shows at once; other texts or another scale may wait a paint or two, the old bitmap scaled meanwhile.
  // While the zoom moves, a bitmap of a scale near enough stands in as it is: painting it again now would be
  // for a scale gone the next frame (bucket after bucket, a thousand nodes would be painted over and over).
  const usable = entry !== undefined && entry.theme === walk.theme && entry.dimmed === dimmed && sameContent(walk.scene, entry, item);
  const exact = usable && entry?.texts === texts && entry?.scale === s && !entry?.provisional;
  const ratio = entry ? cache.device / entry.scale : 0;
  const passable = usable && cache.zooming && entry?.texts === texts && ratio >= 1 / ZOOM_SLACK.down && ratio <= ZOOM_SLACK.up;
  // A band whose look and bitmap are as they were, some of its nodes changed (a live update): only where they are is painted again.
  const patched =
    !usable && band && entry !== undefined && entry.theme === walk.theme && entry.dimmed === dimmed && entry.texts === texts && entry.scale === s && !entry.provisional
      ? patchBand(walk, cache, item, entry)
      : false;
  if (patched) {
    // Painted again where it changed: as good as painted whole.
  } else if (waits(walk, cache, band, entry, usable) && pastTime(cache)) {
    // This paint has painted bitmaps past its time, and this node's would be one more: its own box stands in,
    // what it holds comes at the next paints (see waits).
    walk.stats.items++;
    paintItem(walk, item, dim, layer);
    cache.standIns++;
    cache.placeholders++;
    return true;
  } else if (!entry || !usable || (!exact && !passable && cache.rescale > 0 && !pastTime(cache))) {
    entry = paintBitmap(walk, cache, item, dimmed, texts, entry);
    if (!entry) return false;
  } else if (!exact) {
    cache.standIns++;
  }
  entry = entry!;
  entry.used = cache.paint;
  layer.images.push({ entry, dim });
  walk.stats.items += walk.sizes[item.index];
  walk.stats.cached += walk.sizes[item.index];
  return true;
}

/**
 * Whether a node whose bitmap is missing or out of date may wait for a later
 * paint, drawn as its bare box meanwhile: one with no bitmap while the zoom
 * moves (a zoom out brings hundreds of nodes into view at once, each a
 * millisecond or more to paint) and in the paints that fill those in; one
 * laid out anew while the zoom moves, or at another detail (a level crossed:
 * every box is new). Not in the first picture, and not a node that changed
 * at rest (a live update): its old bitmap would show what is no longer, its
 * bare box would flicker. Only on the canvas itself, never into a band's
 * bitmap (which a bare box would leave to be painted again whole).
 */
function waits(walk: Walk, cache: CacheWalk, band: boolean, entry: CacheEntry | undefined, usable: boolean): boolean {
  if (walk.nest > 0 || band) return false;
  if (!entry) return cache.painted && (cache.zooming || cache.fillingIn);
  return !usable && (cache.zooming || entry.detail !== walk.scene.layout.detail);
}

/** This paint has painted a bitmap (at least one each paint, whatever the time) and has run past its time (PaintOptions.budget). */
function pastTime(cache: CacheWalk): boolean {
  return cache.rescale < RESCALE_ITEMS && cache.late();
}

/** Whether a bitmap shows what the item holds now (see CacheEntry.box). */
function sameContent(scene: Scene, entry: CacheEntry, item: SceneItem): boolean {
  if (entry.box === item.box) return true;
  if (!entry.kids || !sameBandLook(entry, item)) return false;
  const kids = scene.children.get(item.index) ?? [];
  const was = entry.kids;
  if (kids.length !== was.length) return false;
  for (let i = 0; i < kids.length; i++) if (scene.items[kids[i]].box !== was[i]) return false;
  return true;
}

/** Whether a band's bitmap is of a band alike (the same place, size and texts), whatever its nodes. */
function sameBandLook(entry: CacheEntry, item: SceneItem): boolean {
  if (!entry.kids || (item.kind !== 'band' && item.kind !== 'unscheduled')) return false;
  const a = entry.box as typeof item.box;
  const b = item.box;
  if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height || a.texts.length !== b.texts.length) return false;
  for (let i = 0; i < a.texts.length; i++) {
    const s = a.texts[i];
    const t = b.texts[i];
    if (s.text !== t.text || s.x !== t.x || s.y !== t.y || s.size !== t.size || s.weight !== t.weight || s.tone !== t.tone || s.anchor !== t.anchor) return false;
  }
  return true;
}

/** A band bitmap is patched where at most this many of its nodes changed, over at most this share of its area; past that, painted whole. */
const PATCH_MAX_KIDS = 256;
const PATCH_MAX_AREA = 0.5;

/**
 * Paints a band's bitmap again only where it changed: where its nodes were
 * and are that changed (those gone, those new: a node laid out again is a new
 * box), and across the band where a text that shows changed (its title counts
 * pods). Each such place, in whole device pixels around the node's bitmap, is
 * cleared and painted again from everything of the band that reaches it, in
 * the order a whole paint paints it, under a clip to those pixels: so the
 * bitmap ends as a whole paint would leave it (canvas2d.chromium.test.ts
 * compares the pixels). At 100,000 pods that is a few dozen nodes instead of
 * composing a thousand. False when the band moved or changed size, or when
 * it would cost about as much as painting it whole.
 */
function patchBand(walk: Walk, cache: CacheWalk, item: SceneItem, entry: CacheEntry): boolean {
  if (!entry.kids || (item.kind !== 'band' && item.kind !== 'unscheduled')) return false;
  const a = entry.box as typeof item.box;
  const b = item.box;
  if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height || a.texts.length !== b.texts.length) return false;
  const scene = walk.scene;
  const kids = scene.children.get(item.index) ?? [];
  const was = entry.kids ?? [];
  // A band holds nodes, or (the unscheduled one) pods: boxes with a place.
  const now = kids.map((i) => scene.items[i].box as Rect);
  const changed: Rect[] = [];
  // The boxes gone and the boxes new: only among those not where they were (a live update changes a few
  // dozen of a thousand in place), where a box shifted along by one gone before it is neither.
  let gone: readonly object[] = was;
  let come: readonly object[] = now;
  if (was.length === now.length) {
    const a: object[] = [];
    const b: object[] = [];
    for (let i = 0; i < now.length; i++) {
      if (was[i] === now[i]) continue;
      a.push(was[i]);
      b.push(now[i]);
    }
    gone = a;
    come = b;
  }
  const after = new Set<object>(come);
  const before = new Set<object>(gone);
  for (const b of gone) if (!after.has(b)) changed.push(b as Rect);
  for (const kid of come) if (!before.has(kid)) changed.push(kid as Rect);
  // The band's title says how many pods: a line across the band where a text that shows changed.
  const shown = (t: TextItem) => showsText('band', t.size, walk.level, walk.k);
  const line = (t: TextItem): Rect => ({ x: item.x, y: t.y - 1.25 * t.size, width: item.width, height: 1.75 * t.size });
  for (let i = 0; i < a.texts.length; i++) {
    const s = a.texts[i];
    const t = b.texts[i];
    if (s.text === t.text && s.x === t.x && s.y === t.y && s.size === t.size && s.weight === t.weight && s.tone === t.tone && s.anchor === t.anchor) continue;
    if (shown(s) || shown(t)) changed.push(line(s), line(t));
  }
  if (changed.length > PATCH_MAX_KIDS) return false;
  let area = 0;
  for (const r of changed) area += r.width * r.height;
  if (area > PATCH_MAX_AREA * item.width * item.height) return false;

  if (changed.length === 0) {
    // Nothing it shows changed (a title the scale does not show).
    entry.box = item.box;
    entry.kids = now;
    return true;
  }
  const s = cache.scale;
  const bitmap = entry.bitmap;
  const c = bitmap.ctx;
  while (cache.store.layers.length <= walk.nest) cache.store.layers.push([]);
  const layers = cache.store.layers[walk.nest];
  const standIns = cache.standIns;
  const rows = rowsOf(scene, kids);
  const stats: PaintStats = { items: 0, texts: 0, culled: 0, cached: 0, rendered: 0, patched: 0, labels: 0, stale: 0 };
  // A node laid out again where it was (most of a live update's) is one place, not two: its old box and its new one.
  const places = new Set<string>();
  for (const r of changed) {
    // Whole device pixels, beyond the node's bitmap pad and the edge its stroke blurs.
    const x0 = Math.max(0, Math.floor((r.x - item.x) * s) + BITMAP_PAD - 2);
    const y0 = Math.max(0, Math.floor((r.y - item.y) * s) + BITMAP_PAD - 2);
    const x1 = Math.min(bitmap.canvas.width, Math.ceil((r.x + r.width - item.x) * s) + BITMAP_PAD + 2);
    const y1 = Math.min(bitmap.canvas.height, Math.ceil((r.y + r.height - item.y) * s) + BITMAP_PAD + 2);
    if (x1 <= x0 || y1 <= y0) continue;
    const place = `${x0} ${y0} ${x1} ${y1}`;
    if (places.has(place)) continue;
    places.add(place);
    for (const layer of layers) layer.reset();
    // Everything of the band whose pixels may reach these (a neighbour's bitmap pad, too).
    const inner: Walk = {
      ...walk,
      x0: item.x + (x0 - BITMAP_PAD - 2) / s,
      y0: item.y + (y0 - BITMAP_PAD - 2) / s,
      x1: item.x + (x1 - BITMAP_PAD + 2) / s,
      y1: item.y + (y1 - BITMAP_PAD + 2) / s,
      searching: entry.dimmed !== null,
      dimmed: entry.dimmed ?? walk.dimmed,
      layers,
      stats,
      nest: walk.nest + 1,
    };
    paintItem(inner, item, false, layerAt(layers, item.depth));
    // visit() culls too, but counts what it culls: a thousand nodes a place, most far from it. Where the band's
    // boxes come row by row (their tops never go back), only those from a tallest box above the place to its
    // bottom can reach it.
    let from = 0;
    let to = kids.length;
    if (rows) {
      from = firstTop(rows.tops, (top) => top >= inner.y0 - rows.tallest);
      to = firstTop(rows.tops, (top) => top > inner.y1);
    }
    for (let i = from; i < to; i++) {
      const kid = scene.items[kids[i]];
      if (kid.x > inner.x1 || kid.y > inner.y1 || kid.x + kid.width < inner.x0 || kid.y + kid.height < inner.y0) continue;
      visit(inner, kids[i], false);
    }
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.save();
    c.beginPath();
    c.rect(x0, y0, x1 - x0, y1 - y0);
    c.clip();
    c.clearRect(x0, y0, x1 - x0, y1 - y0);
    flush(bitmapPen(c, item, s), layers, stats, walk.theme.fontFamily);
    c.restore();
  }
  walk.stats.texts += stats.texts;
  walk.stats.rendered += stats.rendered + 1;
  walk.stats.patched += stats.patched + 1;
  cache.rescale -= 1 + stats.items - stats.cached;
  entry.box = item.box;
  entry.kids = now;
  entry.provisional = cache.standIns > standIns;
  return true;
}

/** A pen on the bitmap of `item` at scale `s`: its transform set from layout units to the bitmap's pixels, BITMAP_PAD in. */
function bitmapPen(c: PaintContext, item: SceneItem, s: number): Pen {
  const device = { s, tx: BITMAP_PAD - item.x * s, ty: BITMAP_PAD - item.y * s };
  c.setTransform(s, 0, 0, s, device.tx, device.ty);
  return new Pen(c, device);
}

/** The tops of boxes that come row by row (never going back up), and the tallest; undefined when they do not. */
function rowsOf(scene: Scene, kids: readonly number[]): { tops: Float64Array; tallest: number } | undefined {
  const tops = new Float64Array(kids.length);
  let tallest = 0;
  for (let i = 0; i < kids.length; i++) {
    const kid = scene.items[kids[i]];
    if (i > 0 && !(kid.y >= tops[i - 1])) return undefined;
    tops[i] = kid.y;
    if (kid.height > tallest) tallest = kid.height;
  }
  return { tops, tallest };
}

/** The first index whose top passes `test` (tops in order, `test` false up to some index and true from it), or the length. */
function firstTop(tops: Float64Array, test: (top: number) => boolean): number {
  let lo = 0;
  let hi = tops.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(tops[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Paints an item and all it holds into a bitmap at the cache's scale, from its children's bitmaps where they have them. */
function paintBitmap(
  walk: Walk,
  cache: CacheWalk,
  item: SceneItem,
  dimmed: ReadonlySet<string> | null,
  texts: string,
  old: CacheEntry | undefined,
): CacheEntry | undefined {
  const s = cache.scale;
  const width = Math.ceil(item.width * s) + 2 * BITMAP_PAD;
  const height = Math.ceil(item.height * s) + 2 * BITMAP_PAD;
  let bitmap = old?.bitmap;
  if (bitmap && bitmap.canvas.width === width && bitmap.canvas.height === height) {
    // The same size: cleared in place. Setting the size again would allocate its pixels anew (a band's are
    // megabytes, each allocation counted toward a collection of the whole heap); what state the paint needs,
    // it sets (the transform below, the opacity, font and styles by Pen).
    bitmap.ctx.setTransform(1, 0, 0, 1, 0, 0);
    bitmap.ctx.globalAlpha = 1;
    bitmap.ctx.clearRect(0, 0, width, height);
  } else if (bitmap) {
    // Setting the size clears the bitmap and its context's state.
    bitmap.canvas.width = width;
    bitmap.canvas.height = height;
  } else {
    bitmap = cache.make(width, height) ?? undefined;
    if (!bitmap) return undefined;
  }
  while (cache.store.layers.length <= walk.nest) cache.store.layers.push([]);
  const layers = cache.store.layers[walk.nest];
  for (const layer of layers) layer.reset();
  const standIns = cache.standIns;
  const inner: Walk = {
    ...walk,
    x0: item.x - 1,
    y0: item.y - 1,
    x1: item.x + item.width + 1,
    y1: item.y + item.height + 1,
    searching: dimmed !== null,
    layers,
    // What a bitmap holds is counted where the bitmap is drawn; only its texts count here, as filled now.
    stats: { items: 0, texts: 0, culled: 0, cached: 0, rendered: 0, patched: 0, labels: 0, stale: 0 },
    nest: walk.nest + 1,
  };
  // The item itself is never dimmed inside: a dimmed box is drawn at low opacity whole.
  paintItem(inner, item, false, layerAt(layers, item.depth));
  const kids = walk.scene.children.get(item.index) ?? [];
  for (let i = 0; i < kids.length; i++) visit(inner, kids[i], false);
  const c = bitmap.ctx;
  flush(bitmapPen(c, item, s), layers, inner.stats, walk.theme.fontFamily);
  walk.stats.texts += inner.stats.texts;
  walk.stats.rendered += inner.stats.rendered + 1;
  walk.stats.patched += inner.stats.patched;
  // What the repaint budget counts: items painted live, here and in the bitmaps painted for this one.
  cache.rescale -= 1 + inner.stats.items - inner.stats.cached;
  const band = item.kind === 'band' || item.kind === 'unscheduled';
  bitmap.image?.close?.();
  bitmap.image = undefined;
  if (!band) bitmap.image = takePicture(bitmap);
  const entry: CacheEntry = {
    box: item.box,
    kids: band ? kids.map((i) => walk.scene.items[i].box) : undefined,
    provisional: cache.standIns > standIns,
    bitmap,
    scale: s,
    x: item.x - BITMAP_PAD / s,
    y: item.y - BITMAP_PAD / s,
    w: width / s,
    h: height / s,
    theme: walk.theme,
    texts,
    dimmed,
    used: cache.paint,
    detail: walk.scene.layout.detail,
  };
  cache.store.entries.set(item.uid, entry);
  return entry;
}

/** Frees the bitmaps least recently drawn while they hold more than the budget. */
function evict(cache: SceneCache, paint: number): void {
  let pixels = 0;
  for (const e of cache.entries.values()) pixels += e.bitmap.canvas.width * e.bitmap.canvas.height;
  if (pixels <= CACHE_BUDGET_PX) return;
  const old = [...cache.entries].filter(([, e]) => e.used !== paint).sort((a, b) => a[1].used - b[1].used);
  for (const [index, e] of old) {
    if (pixels <= CACHE_BUDGET_PX) break;
    pixels -= e.bitmap.canvas.width * e.bitmap.canvas.height;
    release(e.bitmap);
    cache.entries.delete(index);
  }
}

/**
 * On a new scene: frees the bitmaps of the objects it no longer has. One
 * whose box changed keeps its bitmap, to be painted again into (a live update
 * changes a few dozen nodes a model: making a canvas and its context for each
 * cost more than painting it).
 */
function keepBitmapsOf(cache: SceneCache, scene: Scene): void {
  cache.scene = scene;
  for (const [uid, e] of cache.entries) {
    if (scene.byUid.has(uid)) continue;
    release(e.bitmap);
    cache.entries.delete(uid);
  }
}

function dropBitmaps(cache: SceneCache | undefined): void {
  if (!cache) return;
  for (const e of cache.entries.values()) release(e.bitmap);
  cache.entries.clear();
}

/** A canvas of no size holds no pixels, whenever the collector comes for it. */
function release(bitmap: Bitmap): void {
  bitmap.canvas.width = 0;
  bitmap.canvas.height = 0;
  bitmap.image?.close?.();
  bitmap.image = undefined;
}

/**
 * What a bitmap's canvas holds, taken out as an ImageBitmap where the canvas gives one (an OffscreenCanvas's
 * transferToImageBitmap): drawImage takes that as it is, where a canvas is snapshotted each time it is drawn.
 * Undefined for any other canvas, which is then drawn itself.
 */
function takePicture(bitmap: Bitmap): ImageBitmap | undefined {
  const transfer = (bitmap.canvas as Partial<OffscreenCanvas>).transferToImageBitmap;
  return transfer ? transfer.call(bitmap.canvas as OffscreenCanvas) : undefined;
}

/** Gathers what one item paints itself (not what it holds). */
function paintItem(walk: Walk, item: SceneItem, dim: boolean, layer: Layer): void {
  const { theme, level, k } = walk;
  const roundUnits = ROUND_PX / k;
  /** The radius to draw a corner of `radius` with: none where it would not show. */
  const corner = (radius: number, w: number, h: number) => (radius < roundUnits ? 0 : Math.min(radius, w / 2, h / 2));
  const texts = (list: TextItem[], owner: TextOwner) => {
    for (const t of list) if (showsText(owner, t.size, level, k) && textMeets(walk, t)) layer.texts.push({ text: t, color: theme.text[t.tone], dim });
  };
  const pills = (list: Pill[], owner: TextOwner) => {
    for (const p of list) {
      const colors = pillColors(theme, p.tone);
      layer.marks.get(colors.fill, corner(p.height / 2, p.width, p.height), dim).push(p.x, p.y, p.width, p.height);
      if (showsText(owner, p.text.size, level, k) && textMeets(walk, p.text)) layer.texts.push({ text: p.text, color: colors.text, dim });
    }
  };
  const frame = (colors: SurfaceColors, radius: number) => {
    const r = corner(radius, item.width, item.height);
    layer.fills.get(colors.fill, r, dim).push(item.x, item.y, item.width, item.height);
    if (colors.stroke !== colors.fill) layer.strokes.get(colors.stroke, r, dim).push(item.x, item.y, item.width, item.height);
  };
  switch (item.kind) {
    case 'band':
    case 'unscheduled': {
      frame(item.uid === 'control-plane' ? theme.controlPlaneBand : theme.band, RADIUS.band);
      texts(item.box.texts, 'band');
      break;
    }
    case 'node': {
      const node = item.box;
      frame(theme.node, RADIUS.node);
      layer.marks.get(theme.role[node.role], 0, dim).push(node.x + 12, node.y, Math.max(0, node.width - 24), 3);
      texts(node.texts, 'node');
      // At the overview a node's header gives way to its overview label, pills and all (app.css).
      if (level !== 'overview') pills(node.pills, 'node');
      break;
    }
    case 'pod': {
      const pod = item.box;
      const status = theme.status[pod.tone];
      if (pod.compact) {
        // A tile is its status colour, edge and all: no stroke.
        layer.fills.get(status, corner(RADIUS.tile, pod.width, pod.height), dim).push(pod.x, pod.y, pod.width, pod.height);
      } else if (pod.card) {
        frame(theme.pod, RADIUS.card);
        layer.marks.get(status, corner(RADIUS.stripe, CARD.stripe, pod.height), dim).push(pod.x, pod.y, CARD.stripe, pod.height);
      } else {
        frame(theme.pod, RADIUS.pod);
      }
      texts(pod.texts, 'pod');
      pills(pod.pills, 'pod');
      break;
    }
    case 'container': {
      const c = item.box;
      frame(theme.container, RADIUS.container);
      layer.marks.get(theme.status[c.tone], corner(RADIUS.stripe, CONTAINER.stripe, c.height), dim).push(c.x, c.y, CONTAINER.stripe, c.height);
      texts(c.texts, 'container');
      pills(c.pills, 'container');
      break;
    }
    case 'volume': {
      frame(item.box.shared ? theme.sharedVolume : theme.volume, RADIUS.volume);
      texts(item.box.texts, 'volume');
      break;
    }
    case 'mount': {
      const m = item.box;
      const color = theme.connectors[m.lane % theme.connectors.length];
      layer.lines.push({ item, color, dim });
      if (showsText('mount', m.label.size, level, k) && textMeets(walk, m.label)) layer.texts.push({ text: m.label, color, dim });
      break;
    }
  }
}

/**
 * Whether a text may reach into the walk's rectangle: its line is within a
 * size of its baseline, and it runs from its anchor away to the side the
 * anchor says (a band's title is far from most of the band).
 */
function textMeets(walk: Walk, t: TextItem): boolean {
  if (t.y + t.size < walk.y0 || t.y - t.size > walk.y1) return false;
  if (t.anchor === 'start') return t.x <= walk.x1;
  if (t.anchor === 'end') return t.x >= walk.x0;
  return true;
}

/** The colour an item shows most of, for painting it as one rect when it is tiny; none for a connector. */
function mainColor(item: SceneItem, theme: Theme): string | undefined {
  switch (item.kind) {
    case 'band':
    case 'unscheduled':
      return (item.uid === 'control-plane' ? theme.controlPlaneBand : theme.band).fill;
    case 'node':
      return theme.node.fill;
    case 'pod':
      return item.box.compact ? theme.status[item.box.tone] : theme.pod.fill;
    case 'container':
      return theme.container.fill;
    case 'volume':
      return (item.box.shared ? theme.sharedVolume : theme.volume).fill;
    case 'mount':
      return undefined;
  }
}

function frameRadius(item: SceneItem): number {
  switch (item.kind) {
    case 'band':
    case 'unscheduled':
      return RADIUS.band;
    case 'node':
      return RADIUS.node;
    case 'pod':
      return item.box.compact ? RADIUS.tile : item.box.card ? RADIUS.card : RADIUS.pod;
    case 'container':
      return RADIUS.container;
    case 'volume':
      return RADIUS.volume;
    case 'mount':
      return 0;
  }
}

/** A bitmap context's transform: device px = layout units × s + (tx, ty). */
interface DeviceTransform {
  s: number;
  tx: number;
  ty: number;
}

/** Draws through a context, setting a state (opacity, font, alignment) only when it changes. */
class Pen {
  private fontNow = '';
  private alphaNow = -1;
  private alignNow = '';
  /** Images are being drawn in device px (the transform set to none), see image(). */
  private snapped = false;

  /** `device`: the transform the context has, in a bitmap (where images of the same scale are drawn at whole pixels). */
  constructor(
    readonly ctx: PaintContext,
    private readonly device?: DeviceTransform,
  ) {
    ctx.textBaseline = 'alphabetic';
  }

  alpha(value: number): void {
    if (value !== this.alphaNow) this.ctx.globalAlpha = this.alphaNow = value;
  }

  /** Fills (or strokes, 1 unit wide) every batch of a pass, one path each. */
  rects(pass: Pass, how: 'fill' | 'stroke'): void {
    const ctx = this.ctx;
    for (const b of pass.batches) {
      if (b.n === 0) continue;
      this.alpha(b.dim ? DIM_ALPHA : 1);
      ctx.beginPath();
      const d = b.data;
      if (b.radius === 0) {
        for (let i = 0; i < b.n; i += 4) ctx.rect(d[i], d[i + 1], d[i + 2], d[i + 3]);
      } else {
        const r = b.radius;
        for (let i = 0; i < b.n; i += 4) {
          const w = d[i + 2];
          const h = d[i + 3];
          // A box narrower than its corners (a thin stripe, a small pill) gets the largest corners that fit, as in SVG.
          ctx.roundRect(d[i], d[i + 1], w, h, Math.min(r, w / 2, h / 2));
        }
      }
      if (how === 'fill') {
        ctx.fillStyle = b.style;
        ctx.fill();
      } else {
        ctx.strokeStyle = b.style;
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    }
  }

  /**
   * Draws a bitmap. Into another bitmap of its scale (a node's into its
   * band's), at whole device pixels: a copy of its pixels, where at a
   * fraction of a pixel each would be filtered from four (2-3× the time in
   * Chromium's software canvas; nodes shift by half a pixel at most, inside
   * their BITMAP_PAD). A patch and a whole paint place them alike.
   */
  image(record: ImageRecord): void {
    const e = record.entry;
    const d = this.device;
    this.alpha(record.dim ? DIM_ALPHA : 1);
    const picture = e.bitmap.image ?? e.bitmap.canvas;
    if (d && e.scale === d.s) {
      if (!this.snapped) {
        this.ctx.setTransform(1, 0, 0, 1, 0, 0);
        this.snapped = true;
      }
      this.ctx.drawImage(picture, Math.round(e.x * d.s + d.tx), Math.round(e.y * d.s + d.ty));
      return;
    }
    this.unsnap();
    this.ctx.drawImage(picture, e.x, e.y, e.w, e.h);
  }

  /** The context's transform again after images drawn in device px. */
  unsnap(): void {
    const d = this.device;
    if (!this.snapped || !d) return;
    this.ctx.setTransform(d.s, 0, 0, d.s, d.tx, d.ty);
    this.snapped = false;
  }

  /** One text at its baseline; returns 1, for the count of texts drawn. */
  text(t: TextItem, color: string, dim: boolean, family: string): number {
    const ctx = this.ctx;
    this.alpha(dim ? DIM_ALPHA : 1);
    this.setFont(t, family);
    ctx.fillStyle = color;
    ctx.fillText(t.text, t.x, t.y);
    return 1;
  }

  /**
   * Overview labels drawn live: each halo (HALO_PX on screen) and then each
   * text, in the font set at MEASURE_PX and scaled to the text's size, as
   * label bitmaps are (paintLabel): a label's size is new at every zoom step,
   * and a font set at a size the page had not used cost Chromium a
   * millisecond or two per label (Skia still rasterizes the glyphs at their
   * size on the device; where glyphs are not positioned to subpixels, their
   * advances are rounded at 100 px, so spacing may differ from a text set at
   * its size by a fraction of a pixel). Leaves the view's transform set.
   */
  labels(list: TextRecord[], halo: string, view: PaintView, family: string): number {
    const ctx = this.ctx;
    const a = view.dpr * view.k;
    const ex = view.dpr * view.x;
    const ey = view.dpr * view.y;
    const place = (t: TextItem): number => {
      const f = t.size / MEASURE_PX;
      this.setFontAt(t.weight, MEASURE_PX, t.anchor, family);
      ctx.setTransform(a, 0, 0, a, ex, ey);
      ctx.translate(t.x, t.y);
      ctx.scale(f, f);
      return a * f;
    };
    ctx.strokeStyle = halo;
    ctx.lineJoin = 'round';
    for (const r of list) {
      this.alpha(r.dim ? DIM_ALPHA : 1);
      ctx.lineWidth = (HALO_PX * view.dpr) / place(r.text);
      ctx.strokeText(r.text.text, 0, 0);
    }
    for (const r of list) {
      this.alpha(r.dim ? DIM_ALPHA : 1);
      place(r.text);
      ctx.fillStyle = r.color;
      ctx.fillText(r.text.text, 0, 0);
    }
    ctx.setTransform(a, 0, 0, a, ex, ey);
    return list.length;
  }

  private setFont(t: TextItem, family: string): void {
    this.setFontAt(t.weight, t.size, t.anchor, family);
  }

  private setFontAt(weight: TextItem['weight'], size: number, anchor: TextItem['anchor'], family: string): void {
    const font = `${weight} ${size}px ${family}`;
    if (font !== this.fontNow) this.ctx.font = this.fontNow = font;
    const align = anchor === 'middle' ? 'center' : anchor;
    if (align !== this.alignNow) this.ctx.textAlign = this.alignNow = align;
  }

  /** A shared volume's line to a container: dashed when read-only, a dot at each end (entities.ts drawConnectors). */
  connector(line: LineRecord): void {
    const ctx = this.ctx;
    const pts = line.item.box.points;
    if (pts.length === 0) return;
    this.alpha(line.dim ? DIM_ALPHA : 1);
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.setLineDash(line.item.box.readOnly ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(pts[0][0], pts[0][1]);
    for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i][0], pts[i][1]);
    ctx.stroke();
    ctx.setLineDash([]);
    const first = pts[0];
    const last = pts[pts.length - 1];
    ctx.fillStyle = line.color;
    ctx.beginPath();
    ctx.moveTo(first[0] + 2.5, first[1]);
    ctx.arc(first[0], first[1], 2.5, 0, 2 * Math.PI);
    ctx.moveTo(last[0] + 2.5, last[1]);
    ctx.arc(last[0], last[1], 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }

  /** Outlines around boxes, `px` screen pixels wide whatever the scale, as one path. */
  outlines(boxes: SceneItem[], color: string, px: number, k: number, dim: boolean): void {
    if (boxes.length === 0) return;
    const ctx = this.ctx;
    this.alpha(dim ? DIM_ALPHA : 1);
    ctx.strokeStyle = color;
    ctx.lineWidth = px / k;
    ctx.beginPath();
    for (const item of boxes) {
      const radius = frameRadius(item);
      if (radius * k < ROUND_PX) ctx.rect(item.x, item.y, item.width, item.height);
      else ctx.roundRect(item.x, item.y, item.width, item.height, Math.min(radius, item.width / 2, item.height / 2));
    }
    ctx.stroke();
  }
}

/** Whether the item or one of its ancestors is dimmed by the search (also for warning-marks.ts's marks). */
export function dimmedIn(scene: Scene, item: SceneItem, marks: SceneMarks): boolean {
  if (!marks.searching) return false;
  for (let at: SceneItem | undefined = item; at; at = at.parent >= 0 ? scene.items[at.parent] : undefined) {
    if (marks.dimmed.has(at.uid)) return true;
  }
  return false;
}

/**
 * The overview's node names and pod counts, over the pods, each with a halo
 * in the node's colour. Stroking a halo costs most of a label, and a
 * thousand nodes have two thousand labels: so each label's halo and text are
 * painted once into a bitmap of their own at the view's scale, and drawn as
 * an image while the scale stays. While the zoom moves, one of a scale near
 * enough stands in (stats.stale asks for a paint at rest); past LABEL_RENDERS a paint,
 * or with no bitmaps, labels are drawn live (Pen.labels), a weight at a
 * time, halos before fills. Labels sit inside their own boxes, so the order
 * among them does not show.
 */
function paintOverview(
  pen: Pen,
  scene: Scene,
  options: PaintOptions,
  view: PaintView,
  offView: (b: SceneItem) => boolean,
  labels: LabelWalk | null,
  stats: PaintStats,
): number {
  const { theme, marks } = options;
  const k = view.k;
  const byWeight = new Map<number, TextRecord[]>();
  let texts = 0;
  for (const label of options.overview) {
    const owner = scene.byUid.get(label.uid);
    if (!owner || offView(owner)) continue;
    const dim = dimmedIn(scene, owner, marks);
    for (const t of label.texts) {
      const color = theme.text[t.tone];
      if (labels) {
        const sprite = labelSprite(labels, t, label.uid, color, theme, view);
        if (sprite) {
          pen.alpha(dim ? DIM_ALPHA : 1);
          // Layout units per device px of the bitmap: a stand-in of another size is drawn scaled to this one's.
          const u = t.size / sprite.size / sprite.scale;
          let x = t.x - sprite.ox * u;
          let y = t.y - sprite.oy * u;
          if (sprite.scale === labels.device && sprite.size === t.size) {
            // On whole device pixels, as painted: a bitmap drawn across pixels is resampled, a blur a text shows. Off a pan by a
            // fraction of a pixel, that moves the label by up to half of one from where a live text would be.
            x = (Math.round((x * k + view.x) * view.dpr) / view.dpr - view.x) / k;
            y = (Math.round((y * k + view.y) * view.dpr) / view.dpr - view.y) / k;
          }
          pen.ctx.drawImage(sprite.bitmap.canvas, x, y, sprite.bitmap.canvas.width * u, sprite.bitmap.canvas.height * u);
          texts++;
          continue;
        }
      }
      const list = byWeight.get(t.weight);
      const record = { text: t, color, dim };
      if (list) list.push(record);
      else byWeight.set(t.weight, [record]);
    }
  }
  for (const list of byWeight.values()) texts += pen.labels(list, theme.node.fill, view, theme.fontFamily);
  if (labels) {
    stats.stale += labels.standIns;
    evictLabels(labels.cache, labels.paint);
  }
  return texts;
}

/**
 * Label bitmaps painted at most this many a paint at rest (a few ms here);
 * the rest stand in or are drawn live, and are painted at the next paints.
 */
export const LABEL_RENDERS = 48;
/**
 * …and while the zoom moves, this many: a new text (a name cut shorter or
 * longer at the new scale) is painted into a bitmap that the next steps of
 * the zoom, and the way back, draw from; past these, a label line's last
 * bitmap stands in, or the text is drawn live.
 */
export const LABEL_ZOOM_RENDERS = 16;
/** Label bitmaps kept unused for this many paints… */
const LABEL_KEEP_PAINTS = 120;
/** …and at most this many (the least recently drawn go first). */
const LABEL_MAX_SPRITES = 4096;
/** A label bitmap whose glyphs are within this factor of the size the view needs stands in while the zoom moves. */
const LABEL_STAND_IN = Math.SQRT2;

interface LabelWalk {
  cache: LabelCache;
  make: BitmapFactory;
  /** Device px per layout unit the view needs, and that of the bitmaps to paint: the same, as a text scaled even by a few % moves its far end by pixels. */
  device: number;
  scale: number;
  dpr: number;
  zooming: boolean;
  paint: number;
  renders: number;
  standIns: number;
  stats: PaintStats;
  late: () => boolean;
}

function labelsOf(state: ContextState, options: PaintOptions, dpr: number, zooming: boolean, make: BitmapFactory, stats: PaintStats, late: () => boolean): LabelWalk {
  const { theme } = options;
  const key = `${theme.node.fill}|${theme.fontFamily}|${dpr}|${options.fonts ?? 0}`;
  if (!state.labels || state.labels.key !== key) state.labels = { key, sprites: new Map(), lines: new Map(), measures: new Map() };
  const device = state.device ?? dpr;
  return {
    cache: state.labels,
    make,
    device,
    scale: device,
    dpr,
    zooming,
    paint: state.paints,
    renders: zooming ? LABEL_ZOOM_RENDERS : LABEL_RENDERS,
    standIns: 0,
    stats,
    late,
  };
}

/**
 * The bitmap to draw a label from, painting it if need be and allowed; null
 * to draw it live. `line`: the label line it is (owner and text key). Drawn
 * at the size of `t` (paintOverview scales a bitmap of another size).
 */
function labelSprite(walk: LabelWalk, t: TextItem, owner: string, color: string, theme: Theme, view: PaintView): LabelSprite | null {
  // Keyed once per text item (overviewLabels keeps them while the scale and node stay), not joined again every paint.
  let keys = labelKeysOf.get(t);
  if (!keys || keys.color !== color) labelKeysOf.set(t, (keys = { color, id: `${t.weight}|${t.anchor}|${color}|${t.text}`, line: `${owner}\u0000${t.key}` }));
  const { id, line } = keys;
  const { sprites, lines } = walk.cache;
  const had = sprites.get(id);
  if (had && had.scale === walk.scale && had.size === t.size) {
    had.used = walk.paint;
    lines.set(line, had);
    return had;
  }
  /** A bitmap whose glyphs are near the size the view needs, or none. */
  const near = (sprite: LabelSprite | undefined): LabelSprite | undefined => {
    const ratio = sprite ? (t.size * walk.device) / (sprite.size * sprite.scale) : 0;
    return ratio <= LABEL_STAND_IN && ratio >= 1 / LABEL_STAND_IN ? sprite : undefined;
  };
  if (walk.zooming) {
    // A bitmap of this text at another size, or else the line's last one if its text is no longer than this (a name cut
    // shorter a step ago, zooming in: it fits where this one does).
    const last = lines.get(line);
    const stand = near(had ?? (last && last.text.length <= t.text.length ? last : undefined));
    if (stand) {
      stand.used = walk.paint;
      walk.standIns++;
      return stand;
    }
  }
  // Past the paint's time, after one: the rest wait for the next paints (drawn meanwhile as below).
  if (walk.renders > 0 && walk.stats.labels > 0 && walk.late()) walk.renders = 0;
  if (walk.renders > 0) {
    walk.renders--;
    const sprite = paintLabel(walk, t, color, theme, view);
    if (sprite) {
      walk.stats.labels++;
      sprites.set(id, sprite);
      lines.set(line, sprite);
      return sprite;
    }
    walk.renders = 0;
  }
  // Past the budget: a bitmap of this very text stands in, scaled a few % (at rest too, as node bitmaps do), or the
  // text is drawn live; either way a paint soon brings its own bitmap.
  walk.standIns++;
  const stand = near(had);
  if (stand) stand.used = walk.paint;
  return stand ?? null;
}

/**
 * The font size (px) overview labels are set and measured at, scaled to the size they are painted at: one font per
 * weight for Chromium to set up, not one per zoom step (see Pen.labels).
 */
const MEASURE_PX = 100;

/** Label texts' measures kept (LabelCache.measures), all let go when full. */
const MEASURES_KEPT = 8192;

/** A label text's keys in the label cache: its picture (id) and its line, by text item. */
const labelKeysOf = new WeakMap<TextItem, { color: string; id: string; line: string }>();

/** Paints a label's halo and text into a bitmap of its own, as Pen.labels would on the view. */
function paintLabel(walk: LabelWalk, t: TextItem, color: string, theme: Theme, view: PaintView): LabelSprite | null {
  const s = walk.scale;
  const font = `${t.weight} ${MEASURE_PX}px ${theme.fontFamily}`;
  /** The label's size over the font's: what the measure and the glyphs are scaled by. */
  const f = t.size / MEASURE_PX;
  const align = t.anchor === 'middle' ? 'center' : t.anchor;
  // The halo is HALO_PX screen px wide whatever the scale: half of it reaches past the glyphs, and a pixel more for antialiasing.
  const reach = (HALO_PX * walk.dpr) / 2 + 2;
  let left: number;
  let right: number;
  let ascent: number;
  let descent: number;
  if (walk.cache.probe === undefined) walk.cache.probe = walk.make(1, 1);
  const probe = walk.cache.probe;
  if (!probe) return null;
  const measure = (probe.ctx as Partial<CanvasRenderingContext2D>).measureText;
  if (measure) {
    // Measured at one size and scaled: a font at a size the page has not used yet cost Chromium some 2.5 ms to set up
    // for its first measure, and labels take a new size at every zoom step. Glyph bounds scale with the size (the
    // reach below covers the few hundredths of a pixel that hinting may move them by).
    const measures = walk.cache.measures;
    const key = `${t.weight}|${align}|${t.text}`;
    let m = measures.get(key);
    if (!m) {
      probe.ctx.font = font;
      probe.ctx.textAlign = align;
      probe.ctx.textBaseline = 'alphabetic';
      const box = measure.call(probe.ctx as CanvasRenderingContext2D, t.text);
      m = [box.actualBoundingBoxLeft, box.actualBoundingBoxRight, box.actualBoundingBoxAscent, box.actualBoundingBoxDescent];
      if (measures.size >= MEASURES_KEPT) measures.clear();
      measures.set(key, m);
    }
    left = m[0] * f;
    right = m[1] * f;
    ascent = m[2] * f;
    descent = m[3] * f;
  } else {
    // No measure (a test's context): wide enough for any glyph.
    const w = t.text.length * t.size;
    left = align === 'start' ? 0 : align === 'center' ? w / 2 : w;
    right = w - left;
    ascent = t.size;
    descent = t.size / 3;
  }
  // The anchor at the fraction of a device pixel it has in the view: the glyphs get the same pixels as painted live.
  const fx = (((t.x * view.k + view.x) * view.dpr) % 1 + 1) % 1;
  const fy = (((t.y * view.k + view.y) * view.dpr) % 1 + 1) % 1;
  const ox = Math.ceil(left * s + reach) + fx;
  const oy = Math.ceil(ascent * s + reach) + fy;
  const width = Math.ceil(ox + right * s + reach);
  const height = Math.ceil(oy + descent * s + reach);
  const bitmap = walk.make(width, height);
  if (!bitmap) return null;
  const c = bitmap.ctx;
  // Set at one size and scaled to this one, as measured above: the same glyphs on the same pixels (Skia rasterizes
  // at the size on the device either way), without the font set up anew at each zoom step's size.
  c.setTransform(s, 0, 0, s, ox, oy);
  c.scale(f, f);
  c.font = font;
  c.textAlign = align;
  c.textBaseline = 'alphabetic';
  c.strokeStyle = theme.node.fill;
  c.lineWidth = (HALO_PX * walk.dpr) / (s * f);
  c.lineJoin = 'round';
  c.strokeText(t.text, 0, 0);
  c.fillStyle = color;
  c.fillText(t.text, 0, 0);
  // Painted once, drawn many times: its picture alone is kept where there is one to be had (its canvas goes).
  const picture = takePicture(bitmap);
  const image = picture ? { canvas: picture, ctx: c } : bitmap;
  return { bitmap: image, scale: s, text: t.text, size: t.size, ox, oy, used: walk.paint };
}

/** Label bitmaps not drawn for a while go, and the least recently drawn past LABEL_MAX_SPRITES. */
function evictLabels(cache: LabelCache, paint: number): void {
  if (paint % 16 !== 0) return;
  const gone = new Set<LabelSprite>();
  for (const [id, sprite] of cache.sprites) {
    if (paint - sprite.used <= LABEL_KEEP_PAINTS) continue;
    cache.sprites.delete(id);
    gone.add(sprite);
  }
  if (cache.sprites.size > LABEL_MAX_SPRITES) {
    const byUse = [...cache.sprites].sort((a, b) => a[1].used - b[1].used);
    for (const [id, sprite] of byUse.slice(0, cache.sprites.size - LABEL_MAX_SPRITES)) {
      cache.sprites.delete(id);
      gone.add(sprite);
    }
  }
  // A line's stand-in is one of the sprites, or one painted over since (same text, new size): it goes with them.
  for (const [line, sprite] of cache.lines) {
    if (!gone.has(sprite) && paint - sprite.used <= LABEL_KEEP_PAINTS) continue;
    cache.lines.delete(line);
    gone.add(sprite);
  }
  // An ImageBitmap's pixels go at once, not when the collector comes for it.
  const kept = new Set(cache.sprites.values());
  for (const sprite of gone) if (!kept.has(sprite)) (sprite.bitmap.canvas as Partial<ImageBitmap>).close?.();
}

/** Hover, search hits and the selection, on top of everything, at a constant width on screen. */
/** Past this many hits, the hits on screen are found through the quadtree rather than hit by hit. */
export const HITS_BY_VIEW = 2_048;

function paintOutlines(
  pen: Pen,
  scene: Scene,
  options: PaintOptions,
  k: number,
  offView: (b: SceneItem) => boolean,
  view: { x: number; y: number; width: number; height: number },
): void {
  const { marks, markColors } = options;
  const outlined = (uid: string | undefined): SceneItem | undefined => {
    if (uid === undefined) return undefined;
    const item = scene.byUid.get(uid);
    // Bands and connectors have no frame to outline (app.css outlines a group's own .ka-frame).
    if (!item || item.kind === 'band' || item.kind === 'unscheduled' || item.kind === 'mount' || offView(item)) return undefined;
    return item;
  };
  // A hit's outline beats the hover's, and the selection's beats both (the order of the rules in app.css).
  if (marks.hovered !== marks.selected && !marks.hits.has(marks.hovered ?? '')) {
    const item = outlined(marks.hovered);
    if (item) pen.outlines([item], markColors.accent, OUTLINE_PX.hover, k, dimmedIn(scene, item, marks));
  }
  const hits: SceneItem[] = [];
  if (marks.hits.size > HITS_BY_VIEW) {
    // A broad search (a namespace of 50,000 pods) would otherwise cost a lookup per hit every frame, most off screen.
    scene.tree.search(view, (item) => {
      if (item.uid === marks.selected || !marks.hits.has(item.uid)) return;
      if (item.kind === 'band' || item.kind === 'unscheduled' || item.kind === 'mount' || scene.byUid.get(item.uid) !== item) return;
      hits.push(item);
    });
    // The quadtree gives no order; outlines are painted as the scene lists them.
    hits.sort((a, b) => a.index - b.index);
  } else {
    for (const uid of marks.hits) {
      const item = uid === marks.selected ? undefined : outlined(uid);
      if (item) hits.push(item);
    }
  }
  // Hits are lit, never dimmed: one path for them all.
  pen.outlines(hits, markColors.hit, OUTLINE_PX.hit, k, false);
  const selected = outlined(marks.selected);
  if (selected) pen.outlines([selected], markColors.accent, OUTLINE_PX.selected, k, dimmedIn(scene, selected, marks));
}
