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

import type { BandBox, ClusterLayout, ContainerBox, MountConnector, NodeBox, PodBox, Rect, VolumeBox } from '../layout/types.ts';
import { indexLayout, UNSCHEDULED_PARENT } from './layout-index.ts';
import { BoxQuadtree } from './quadtree.ts';

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

export function buildScene(layout: ClusterLayout): Scene {
  const items: SceneItem[] = [];
  const byUid = new Map<string, SceneItem>();
  const children = new Map<number, number[]>();
  const add = (item: Omit<SceneItem, 'index'>): number => {
    const index = items.length;
    const full = { ...item, index } as SceneItem;
    items.push(full);
    // A band's id never collides with a uid that matters (uids are UUIDs); the first of two alike wins.
    if (!byUid.has(full.uid)) byUid.set(full.uid, full);
    const siblings = children.get(full.parent);
    if (siblings) siblings.push(index);
    else children.set(full.parent, [index]);
    return index;
  };

  const { nodesByBand, podsByParent, containersByPod, volumesByPod, connectorsByPod } = indexLayout(layout);

  const rect = (b: Rect): Rect => ({ x: b.x, y: b.y, width: b.width, height: b.height });
  const addPods = (pods: PodBox[], parent: number, depth: number) => {
    for (const pod of pods) {
      const p = add({ kind: 'pod', uid: pod.uid, parent, depth, box: pod, ...rect(pod) });
      for (const c of containersByPod.get(pod.uid) ?? []) add({ kind: 'container', uid: c.uid, parent: p, depth: depth + 1, box: c, ...rect(c) });
      for (const v of volumesByPod.get(pod.uid) ?? []) add({ kind: 'volume', uid: v.uid, parent: p, depth: depth + 1, box: v, ...rect(v) });
      for (const m of connectorsByPod.get(pod.uid) ?? []) add({ kind: 'mount', uid: m.uid, parent: p, depth: depth + 1, box: m, ...pointsBox(m.points) });
    }
  };

  for (const band of layout.bands) {
    const kind = band.id === 'unscheduled' ? 'unscheduled' : 'band';
    const b = add({ kind, uid: band.id, parent: -1, depth: 0, box: band, ...rect(band) });
    if (band.id === 'unscheduled') {
      addPods(podsByParent.get(UNSCHEDULED_PARENT) ?? [], b, 1);
      continue;
    }
    for (const node of nodesByBand.get(band.id) ?? []) {
      const n = add({ kind: 'node', uid: node.uid, parent: b, depth: 1, box: node, ...rect(node) });
      addPods(podsByParent.get(node.uid) ?? [], n, 2);
    }
  }

  const tree = new BoxQuadtree<SceneItem>({ x: 0, y: 0, width: layout.width, height: layout.height }, items);
  return { layout, items, byUid, children, tree };
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
