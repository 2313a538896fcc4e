// The scene: what a renderer draws, as plain data. One scene is built from a
// layout (renderer/layout), and both renderers draw it: the SVG renderer
// (renderer/draw/cluster.ts, for close zoom, accessibility and exports) and
// the canvas renderer (renderer/draw/canvas2d.ts, for the overview and large
// clusters). Items are keyed by uid and listed parents first (band → node →
// pod → container / volume / mount), each with the index of its parent, so a
// renderer can walk the same nesting the SVG has. A quadtree over the items'
// boxes answers "what is at this point" and "what is in this rectangle", for
// hit testing and for drawing only what is on screen.
//
// Pure: no DOM, no clock. The same layout gives a deep-equal scene.

import { podRunsOf } from '../layout/runs.ts';
import type { BandBox, ClusterLayout, ContainerBox, MountConnector, NodeBox, PodBox, Rect, VolumeBox } from '../layout/types.ts';
import { indexLayout, UNSCHEDULED_PARENT } from './layout-index.ts';
import { BoxQuadtree } from './quadtree.ts';
import { finishParts } from '../../main/common/parts.ts';

export type SceneKind = 'band' | 'unscheduled' | 'node' | 'pod' | 'container' | 'volume' | 'mount';

/** Kinds a user can select (click, search, details). */
export const SELECTABLE_KINDS: ReadonlySet<SceneKind> = new Set<SceneKind>(['node', 'pod', 'container', 'volume']);

interface ItemBase extends Rect {
  /** Position in scene.items. */
  index: number;
  /** uid of the object; a band's id for bands. */
  uid: string;
  /** Index of the item this one is drawn inside, or -1 at the top. */
  parent: number;
  /** 0 for bands, 1 for nodes (and the unscheduled band's pods), and so on. */
  depth: number;
}

export type SceneItem =
  | (ItemBase & { kind: 'band' | 'unscheduled'; box: BandBox })
  | (ItemBase & { kind: 'node'; box: NodeBox })
  | (ItemBase & { kind: 'pod'; box: PodBox })
  | (ItemBase & { kind: 'container'; box: ContainerBox })
  | (ItemBase & { kind: 'volume'; box: VolumeBox })
  | (ItemBase & { kind: 'mount'; box: MountConnector });

export interface Scene {
  layout: ClusterLayout;
  /** Parents before their children, siblings in the order the SVG draws them. */
  items: SceneItem[];
  byUid: ReadonlyMap<string, SceneItem>;
  /** Indices of each item's children, in drawing order (index -1: the top-level bands). */
  children: ReadonlyMap<number, readonly number[]>;
  tree: BoxQuadtree<SceneItem>;
}

/** Marks on top of the picture: the same in both renderers. */
export interface SceneMarks {
  selected?: string;
  hovered?: string;
  /** A search is active: what it does not light up is dimmed. */
  searching: boolean;
  hits: ReadonlySet<string>;
  /** Dimmed at the outermost level only (a dimmed node's pods are not dimmed again). */
  dimmed: ReadonlySet<string>;
}

export const NO_MARKS: SceneMarks = { searching: false, hits: new Set(), dimmed: new Set() };

/** The bounding box of a connector's polyline. */
function pointsBox(points: ReadonlyArray<readonly [number, number]>): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  if (!(x1 >= x0)) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The quadtree's bounds: a square from the origin with a side the next power
 * of two over the layout's size. A live update may grow the layout by a row
 * of tiles; a quadtree over the layout's exact size would then have another
 * root and be built again (20 to 40 ms at 100,000 pods), while over this one
 * it is updated.
 */
function treeBounds(layout: ClusterLayout): Rect {
  const size = Math.max(layout.width, layout.height, 1);
  const side = Number.isFinite(size) ? 2 ** Math.ceil(Math.log2(size)) : 0;
  return { x: 0, y: 0, width: side, height: side };
}

/** A scene item; the one shape every item is made in, for both builders. */
function makeItem(kind: SceneKind, uid: string, parent: number, depth: number, box: SceneItem['box'], rect: Rect, index: number): SceneItem {
  return { kind, uid, parent, depth, box, x: rect.x, y: rect.y, width: rect.width, height: rect.height, index } as SceneItem;
}

/** The rectangle an item of a box covers: a connector's is its line's bounding box. */
function rectOf(kind: SceneKind, box: SceneItem['box']): Rect {
  return kind === 'mount' ? pointsBox((box as MountConnector).points) : (box as Rect);
}

export function buildScene(layout: ClusterLayout): Scene {
  return finishParts(sceneInParts(layout));
}

/**
 * The scene buildScene makes, a part at a time, for idle time: a part is a
 * node with its pods, or a split of one quadrant of the tree (the index of
 * the layout's boxes by owner, which comes first, is one part).
 */
export function* sceneInParts(layout: ClusterLayout): Generator<void, Scene, void> {
  const items: SceneItem[] = [];
  const byUid = new Map<string, SceneItem>();
  const children = new Map<number, number[]>();
  const add = (kind: SceneKind, uid: string, parent: number, depth: number, box: SceneItem['box']): number => {
    const index = items.length;
    const full = makeItem(kind, uid, parent, depth, box, rectOf(kind, box), index);
    items.push(full);
    // A band's id never collides with a uid that matters (uids are UUIDs); the first of two alike wins.
    if (!byUid.has(full.uid)) byUid.set(full.uid, full);
    const siblings = children.get(full.parent);
    if (siblings) siblings.push(index);
    else children.set(full.parent, [index]);
    return index;
  };

  const { nodesByBand, podsByParent, containersByPod, volumesByPod, connectorsByPod } = indexLayout(layout);
  yield;

  const addPods = (pods: PodBox[], parent: number, depth: number) => {
    for (const pod of pods) {
      const p = add('pod', pod.uid, parent, depth, pod);
      for (const c of containersByPod.get(pod.uid) ?? []) add('container', c.uid, p, depth + 1, c);
      for (const v of volumesByPod.get(pod.uid) ?? []) add('volume', v.uid, p, depth + 1, v);
      for (const m of connectorsByPod.get(pod.uid) ?? []) add('mount', m.uid, p, depth + 1, m);
    }
  };

  for (const band of layout.bands) {
    const kind = band.id === 'unscheduled' ? 'unscheduled' : 'band';
    const b = add(kind, band.id, -1, 0, band);
    if (band.id === 'unscheduled') {
      addPods(podsByParent.get(UNSCHEDULED_PARENT) ?? [], b, 1);
      continue;
    }
    for (const node of nodesByBand.get(band.id) ?? []) {
      const n = add('node', node.uid, b, 1, node);
      addPods(podsByParent.get(node.uid) ?? [], n, 2);
      yield;
    }
  }

  const tree = yield* BoxQuadtree.inParts<SceneItem>(treeBounds(layout), items);
  return { layout, items, byUid, children, tree };
}

/** What updateScene changed: for the accessible tree, which then touches only that. */
export interface SceneDelta {
  /** The scene it was made from (spent since); weakly, so that a scene does not keep every one before it alive. */
  from: WeakRef<Scene>;
  /** Items made anew (indices in the new scene): their box is new. */
  fresh: number[];
  /** Items of the old scene not in the new one (a fresh item may have the uid of one). */
  dropped: SceneItem[];
  /**
   * Items (indices, -1 for the top) whose children are not the very items,
   * in the same order, that the item of the same uid had before: their
   * children are to be put in order again.
   */
  regrouped: number[];
  /** Every uid is held by one item only, in both scenes. */
  unique: boolean;
}

const deltas = new WeakMap<Scene, SceneDelta>();

/** What changed from the scene this one was updated from (none for a built scene). */
export function sceneDelta(scene: Scene): SceneDelta | undefined {
  return deltas.get(scene);
}

/**
 * The scene of `layout`, made from `prev` (which is spent: its items, uid map
 * and quadtree are taken over, and may change). Deep-equals buildScene(layout).
 * An item whose layout box is the very box it had in `prev` is kept, with only
 * its index and parent brought up to date; only the items of new boxes are made,
 * and only they go into the quadtree anew. A live update at 100,000 pods keeps
 * all but a few thousand items, where a build made every one again.
 */
export function updateScene(prev: Scene, layout: ClusterLayout): Scene {
  const old = prev.items;
  const oldKids = prev.children;
  /** Where each old item went: its new index, or -1 (not yet, or gone). */
  const remap = new Int32Array(old.length).fill(-1);
  // Made at the old scene's length and filled by index (`filled`), cut to length at the end: a live update keeps
  // almost every item, and a list grown by push to 100,000 items copied itself some twenty times over.
  const items: SceneItem[] = new Array<SceneItem>(old.length);
  let filled = 0;
  const fresh: number[] = [];
  const regrouped: number[] = [];
  const children = new Map<number, number[]>();
  // A grid's pods are one run of layout.pods (the layout lists them together): where, rather than a copy of each run.
  const runs = podRunsOf(layout);
  const { nodesByBand, podsByParent, containersByPod, volumesByPod, connectorsByPod } = indexLayout(runs ? { ...layout, pods: [] } : layout);
  const podsOf = (key: string): { list: readonly PodBox[]; from: number; to: number } => {
    if (!runs) {
      const list = podsByParent.get(key) ?? [];
      return { list, from: 0, to: list.length };
    }
    const run = runs.get(key);
    return run ? { list: layout.pods, from: run[0], to: run[1] } : { list: [], from: 0, to: 0 };
  };
  const podParts = containersByPod.size + volumesByPod.size + connectorsByPod.size > 0;
  const oldPodParts = prev.layout.containers.length + prev.layout.volumes.length + prev.layout.connectors.length > 0;

  // What the last add() found (kept in its old place among its siblings; the old index of the item of its uid, or -1),
  // in variables rather than a result object: a live update adds 100,000 items.
  let inPlace = false;
  let wasAt = -1;

  /**
   * Adds an item under `parent` (new index) and returns its index. The item
   * is the old one when the old one at the same place among its old siblings
   * (`hint`, old indices; `at`, the place), or else the old one of its uid,
   * has this very box: then only its index and parent change. A kept item is
   * renumbered at once; an old item not kept yet still has its old index.
   */
  const add = (kind: SceneKind, uid: string, parent: number, depth: number, box: SceneItem['box'], hint: readonly number[] | undefined, at: number): number => {
    const index = filled;
    inPlace = false;
    wasAt = -1;
    if (hint !== undefined && at < hint.length) {
      const o = hint[at];
      const sibling = old[o];
      if (remap[o] < 0 && sibling.box === box && sibling.kind === kind && sibling.depth === depth && sibling.uid === uid) {
        inPlace = true;
        wasAt = o;
      }
    }
    if (wasAt < 0) {
      const byUid = prev.byUid.get(uid);
      // Not kept already (a uid met twice): an old item not kept still has its old index.
      if (byUid && byUid.kind === kind && old[byUid.index] === byUid && remap[byUid.index] < 0) wasAt = byUid.index;
    }
    if (wasAt >= 0) {
      const was = old[wasAt];
      if (was.box === box && was.depth === depth) {
        remap[wasAt] = index;
        was.index = index;
        was.parent = parent;
        items[filled++] = was;
        return index;
      }
    }
    inPlace = false;
    items[filled++] = makeItem(kind, uid, parent, depth, box, rectOf(kind, box), index);
    fresh.push(index);
    return index;
  };

  /** Records `kids` as `parent`'s children; `same`: the old item's children, in order, every one kept in place. */
  const group = (parent: number, kids: number[], same: boolean, oldCount: number) => {
    if (kids.length > 0) children.set(parent, kids);
    if (!same || kids.length !== oldCount) regrouped.push(parent);
  };

  const addPod = (pod: PodBox, parent: number, depth: number, hint: readonly number[] | undefined, at: number): boolean => {
    const p = add('pod', pod.uid, parent, depth, pod, hint, at);
    const podInPlace = inPlace;
    const oldHint = wasAt >= 0 ? oldKids.get(wasAt) : undefined;
    if (!podParts) {
      if (oldHint !== undefined) regrouped.push(p);
      return podInPlace;
    }
    const kids: number[] = [];
    let same = true;
    const under = (kind: SceneKind, box: ContainerBox | VolumeBox | MountConnector) => {
      kids.push(add(kind, box.uid, p, depth + 1, box, oldHint, kids.length));
      same &&= inPlace;
    };
    for (const c of containersByPod.get(pod.uid) ?? []) under('container', c);
    for (const v of volumesByPod.get(pod.uid) ?? []) under('volume', v);
    for (const m of connectorsByPod.get(pod.uid) ?? []) under('mount', m);
    group(p, kids, same, oldHint?.length ?? 0);
    return podInPlace;
  };

  const addPods = (run: { list: readonly PodBox[]; from: number; to: number }, parent: number, depth: number, hint: readonly number[] | undefined) => {
    const { list, from } = run;
    const count = run.to - from;
    const kids: number[] = new Array(count);
    let same = true;
    let i = 0;
    if (hint !== undefined && !podParts && !oldPodParts) {
      // Pods with nothing inside (tiles, cards), kept in place: what add() does for them, in a tight loop. The same
      // box is the same pod (kind and uid come from it).
      for (const n = Math.min(count, hint.length); i < n; i++) {
        const o = hint[i];
        const was = old[o];
        if (remap[o] >= 0 || was.box !== list[from + i] || was.depth !== depth) break;
        const index = filled;
        remap[o] = index;
        was.index = index;
        was.parent = parent;
        items[filled++] = was;
        kids[i] = index;
      }
    }
    for (; i < count; i++) {
      kids[i] = filled;
      same = addPod(list[from + i], parent, depth, hint, i) && same;
    }
    group(parent, kids, same, hint?.length ?? 0);
  };

  const topHint = oldKids.get(-1);
  const top: number[] = [];
  let topSame = true;
  for (let bandAt = 0; bandAt < layout.bands.length; bandAt++) {
    const band = layout.bands[bandAt];
    const kind = band.id === 'unscheduled' ? 'unscheduled' : 'band';
    const b = add(kind, band.id, -1, 0, band, topHint, bandAt);
    top.push(b);
    topSame &&= inPlace;
    const hint = wasAt >= 0 ? oldKids.get(wasAt) : undefined;
    if (band.id === 'unscheduled') {
      addPods(podsOf(UNSCHEDULED_PARENT), b, 1, hint);
      continue;
    }
    const nodes = nodesByBand.get(band.id) ?? [];
    const kids: number[] = [];
    let same = true;
    for (let nodeAt = 0; nodeAt < nodes.length; nodeAt++) {
      const node = nodes[nodeAt];
      const n = add('node', node.uid, b, 1, node, hint, nodeAt);
      kids.push(n);
      same &&= inPlace;
      addPods(podsOf(node.uid), n, 2, wasAt >= 0 ? oldKids.get(wasAt) : undefined);
    }
    group(b, kids, same, hint?.length ?? 0);
  }
  group(-1, top, topSame, topHint?.length ?? 0);
  items.length = filled;

  const dropped: SceneItem[] = [];
  for (let i = 0; i < old.length; i++) if (remap[i] < 0) dropped.push(old[i]);

  // The uid map, kept: those gone out, the new in. Where a uid is held twice, the first wins, as in a build.
  const byUid = prev.byUid as Map<string, SceneItem>;
  const wasUnique = byUid.size === old.length;
  if (wasUnique) {
    for (const item of dropped) if (byUid.get(item.uid) === item) byUid.delete(item.uid);
    for (const i of fresh) if (!byUid.has(items[i].uid)) byUid.set(items[i].uid, items[i]);
  }
  const unique = wasUnique && byUid.size === items.length;
  if (!unique) {
    byUid.clear();
    for (const item of items) if (!byUid.has(item.uid)) byUid.set(item.uid, item);
  }

  const tree = prev.tree.update(treeBounds(layout), items, remap, fresh);
  const scene: Scene = { layout, items, byUid, children, tree };
  deltas.set(scene, { from: new WeakRef(prev), fresh, dropped, regrouped, unique });
  return scene;
}

/** How far from a connector's line (layout units) a click still means its volume. */
const LINE_SLACK = 4;

/**
 * The object a click at (x, y) in layout units means: the innermost
 * selectable item there. A shared volume's connector stands for its volume;
 * a band is no object. Undefined on empty canvas.
 */
export function hitAt(scene: Scene, x: number, y: number): SceneItem | undefined {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  // Near a connector's line counts, and that may be outside its bounding box (a straight line's box has no width): look that far around.
  const found: number[] = [];
  scene.tree.search({ x: x - LINE_SLACK, y: y - LINE_SLACK, width: 2 * LINE_SLACK, height: 2 * LINE_SLACK }, (_item, i) => found.push(i));
  found.sort((a, b) => a - b);
  for (let i = found.length - 1; i >= 0; i--) {
    const item = scene.items[found[i]];
    if (item.kind === 'mount') {
      // A connector's bounding box covers much besides its line: only near the line does it count.
      if (!nearLine(item.box.points, x, y, LINE_SLACK)) continue;
      const volume = scene.byUid.get(item.box.volumeUid);
      if (volume) return volume;
      continue;
    }
    if (x < item.x || x > item.x + item.width || y < item.y || y > item.y + item.height) continue;
    if (SELECTABLE_KINDS.has(item.kind)) return item;
  }
  return undefined;
}

function nearLine(points: ReadonlyArray<readonly [number, number]>, x: number, y: number, slack: number): boolean {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len)) : 0;
    const px = ax + t * dx - x;
    const py = ay + t * dy - y;
    if (px * px + py * py <= slack * slack) return true;
  }
  return false;
}

/** The chain of items from the top down to `item` (itself last). */
export function ancestry(scene: Scene, item: SceneItem): SceneItem[] {
  const chain: SceneItem[] = [];
  for (let at: SceneItem | undefined = item; at; at = at.parent >= 0 ? scene.items[at.parent] : undefined) chain.push(at);
  return chain.reverse();
}
