// A region quadtree over boxes: each box sits in the smallest quadrant that
// holds it whole, so a box is stored once however large it is. Built once per
// scene (boxes don't move within one), it answers which boxes hold a point
// (hit testing under the pointer) and which meet a rectangle (what is on
// screen), visiting only the quadrants that can hold an answer.
//
// A live update changes a few boxes among many: update() makes the next tree
// from this one, taking out the boxes gone and putting in the new ones, and
// splits or merges quadrants only where their counts cross the rule that
// build() follows, so that the result is the tree a build would make, field
// for field.

import { finishParts } from '../../main/common/parts.ts';

export interface QuadBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Quad {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Indices (into the tree's items) of the boxes held here and not by a child. */
  items: number[];
  kids?: [Quad, Quad, Quad, Quad];
}

export interface QuadtreeOptions {
  /** A quadrant with more boxes than this splits (unless at maxDepth). Default 16. */
  leafSize?: number;
  /** Default 16. */
  maxDepth?: number;
}

export class BoxQuadtree<T extends QuadBox> {
  readonly items: readonly T[];
  private readonly root: Quad;
  private readonly leafSize: number;
  private readonly maxDepth: number;

  constructor(bounds: QuadBox, items: readonly T[], options: QuadtreeOptions = {}) {
    this.items = items;
    this.leafSize = Math.max(1, options.leafSize ?? 16);
    this.maxDepth = Math.max(0, options.maxDepth ?? 16);
    const extent = extentOf(bounds, items);
    this.root = { x0: extent.x0, y0: extent.y0, x1: extent.x1, y1: extent.y1, items: [] };
    this.buildNow(this.root, this.boxIndices(), 0);
  }

  /**
   * The tree the constructor makes, a part at a time (a part splits one
   * quadrant: a pass over the boxes it holds), for idle time.
   */
  static *inParts<T extends QuadBox>(bounds: QuadBox, items: readonly T[], options: QuadtreeOptions = {}): Generator<void, BoxQuadtree<T>, void> {
    const extent = extentOf(bounds, items);
    const tree = Object.create(BoxQuadtree.prototype) as BoxQuadtree<T>;
    const root: Quad = { x0: extent.x0, y0: extent.y0, x1: extent.x1, y1: extent.y1, items: [] };
    // In the order the class declares its fields, so that both trees have one shape.
    Object.assign(tree, { items, root, leafSize: Math.max(1, options.leafSize ?? 16), maxDepth: Math.max(0, options.maxDepth ?? 16) });
    yield* tree.build(root, tree.boxIndices(), 0);
    return tree;
  }

  private boxIndices(): number[] {
    const all: number[] = [];
    for (let i = 0; i < this.items.length; i++) if (isBox(this.items[i])) all.push(i);
    return all;
  }

  /**
   * The tree of `items`, made from this one, which is spent (its quadrants
   * are taken over). `remap[i]` is the index in `items` of the box that had
   * index i here, or -1 for one gone; a box kept is the same box (it has not
   * moved). `added` are the indices in `items` of the boxes not here before.
   * Deep-equals new BoxQuadtree(bounds, items) with this tree's options; the
   * work is a pass over the indices and a descent per box added, unless the
   * root's extent changed (then it is a build).
   */
  update(bounds: QuadBox, items: readonly T[], remap: ArrayLike<number>, added: readonly number[]): BoxQuadtree<T> {
    const options = { leafSize: this.leafSize, maxDepth: this.maxDepth };
    const root = this.root;
    // The root spans the bounds, widened to every box: when it was the bounds alone and the boxes added lie inside
    // them, it still is (boxes gone cannot widen it), without a look at every box.
    const plain = extentOf(bounds, []);
    const inside = (b: QuadBox) => !isBox(b) || (b.x >= plain.x0 && b.y >= plain.y0 && b.x + b.width <= plain.x1 && b.y + b.height <= plain.y1);
    const same = (e: typeof plain) => e.x0 === root.x0 && e.y0 === root.y0 && e.x1 === root.x1 && e.y1 === root.y1;
    const kept = same(plain) && added.every((i) => inside(items[i]));
    if (!kept && !same(extentOf(bounds, items))) return new BoxQuadtree(bounds, items, options);
    // The same fields a build gives, the quadrants taken over rather than built.
    const next = Object.create(BoxQuadtree.prototype) as BoxQuadtree<T>;
    Object.assign(next, { items, root, leafSize: this.leafSize, maxDepth: this.maxDepth });
    next.settle(root, remap);
    for (const i of added) if (isBox(items[i])) next.insert(i);
    return next;
  }

  /** Renumbers a quadrant's boxes, drops those gone, and merges quadrants left too small to have split; returns its box count. */
  private settle(quad: Quad, remap: ArrayLike<number>): number {
    const list = quad.items;
    let n = 0;
    let sorted = true;
    for (let j = 0; j < list.length; j++) {
      const to = remap[list[j]];
      if (to === undefined || to < 0) continue;
      if (n > 0 && to < list[n - 1]) sorted = false;
      list[n++] = to;
    }
    list.length = n;
    if (!sorted) list.sort(ascending);
    if (!quad.kids) return n;
    let below = 0;
    for (const kid of quad.kids) below += this.settle(kid, remap);
    // build() leaves a quadrant whole with this few boxes, or when none of them fits a quadrant of it.
    if (n + below <= this.leafSize || below === 0) {
      const all: number[] = [];
      gather(quad, all);
      all.sort(ascending);
      quad.items = all;
      delete quad.kids;
    }
    return n + below;
  }

  /** Puts box `i` where build() would: in the smallest quadrant that holds it, splitting a leaf that grows past the leaf size. */
  private insert(i: number): void {
    const b = this.items[i];
    let quad = this.root;
    let depth = 0;
    while (quad.kids) {
      const mx = (quad.x0 + quad.x1) / 2;
      const my = (quad.y0 + quad.y1) / 2;
      const right = b.x >= mx;
      const left = b.x + b.width <= mx;
      const below = b.y >= my;
      const above = b.y + b.height <= my;
      if (!((left || right) && (above || below))) break;
      quad = quad.kids[(right ? 1 : 0) + (below ? 2 : 0)];
      depth++;
    }
    const list = quad.items;
    let at = list.length;
    while (at > 0 && list[at - 1] > i) at--;
    list.splice(at, 0, i);
    if (!quad.kids && list.length > this.leafSize) this.buildNow(quad, list, depth);
  }

  private buildNow(quad: Quad, indices: number[], depth: number): void {
    finishParts(this.build(quad, indices, depth));
  }

  private *build(quad: Quad, indices: number[], depth: number): Generator<void, void, void> {
    if (indices.length <= this.leafSize || depth >= this.maxDepth || quad.x1 - quad.x0 <= 0 || quad.y1 - quad.y0 <= 0) {
      quad.items = indices;
      return;
    }
    const mx = (quad.x0 + quad.x1) / 2;
    const my = (quad.y0 + quad.y1) / 2;
    const kids: [Quad, Quad, Quad, Quad] = [
      { x0: quad.x0, y0: quad.y0, x1: mx, y1: my, items: [] },
      { x0: mx, y0: quad.y0, x1: quad.x1, y1: my, items: [] },
      { x0: quad.x0, y0: my, x1: mx, y1: quad.y1, items: [] },
      { x0: mx, y0: my, x1: quad.x1, y1: quad.y1, items: [] },
    ];
    const lists: number[][] = [[], [], [], []];
    const here: number[] = [];
    for (const i of indices) {
      const b = this.items[i];
      const right = b.x >= mx;
      const left = b.x + b.width <= mx;
      const below = b.y >= my;
      const above = b.y + b.height <= my;
      if ((left || right) && (above || below)) lists[(right ? 1 : 0) + (below ? 2 : 0)].push(i);
      else here.push(i);
    }
    // Nothing fits a quadrant: splitting would only add depth.
    if (here.length === indices.length) {
      quad.items = indices;
      return;
    }
    quad.items = here;
    quad.kids = kids;
    yield;
    for (let k = 0; k < 4; k++) yield* this.build(kids[k], lists[k], depth + 1);
  }

  /** Calls `visit` once for every box that meets `rect` (edges touching count), in no set order. */
  search(rect: QuadBox, visit: (item: T, index: number) => void): void {
    if (!isBox(rect)) return;
    const rx0 = rect.x;
    const ry0 = rect.y;
    const rx1 = rect.x + rect.width;
    const ry1 = rect.y + rect.height;
    const stack: Quad[] = [this.root];
    while (stack.length > 0) {
      const quad = stack.pop()!;
      for (const i of quad.items) {
        const b = this.items[i];
        if (b.x <= rx1 && b.x + b.width >= rx0 && b.y <= ry1 && b.y + b.height >= ry0) visit(b, i);
      }
      if (!quad.kids) continue;
      for (const kid of quad.kids) {
        if (kid.x0 <= rx1 && kid.x1 >= rx0 && kid.y0 <= ry1 && kid.y1 >= ry0) stack.push(kid);
      }
    }
  }

  /** Indices of the boxes that hold the point, in ascending order (a scene lists parents before children). */
  at(x: number, y: number): number[] {
    const out: number[] = [];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return out;
    this.search({ x, y, width: 0, height: 0 }, (_b, i) => out.push(i));
    return out.sort((a, b) => a - b);
  }
}

/** The root's extent: the bounds, widened to hold every box. */
function extentOf(bounds: QuadBox, items: readonly QuadBox[]): { x0: number; y0: number; x1: number; y1: number } {
  // Boxes outside the bounds (none in a layout, but nothing forbids them) widen the root rather than get lost.
  let x0 = finite(bounds.x);
  let y0 = finite(bounds.y);
  let x1 = x0 + Math.max(0, finite(bounds.width));
  let y1 = y0 + Math.max(0, finite(bounds.height));
  for (let i = 0; i < items.length; i++) {
    const b = items[i];
    if (!isBox(b)) continue;
    if (b.x < x0) x0 = b.x;
    if (b.y < y0) y0 = b.y;
    if (b.x + b.width > x1) x1 = b.x + b.width;
    if (b.y + b.height > y1) y1 = b.y + b.height;
  }
  return { x0, y0, x1, y1 };
}

function gather(quad: Quad, into: number[]): void {
  for (const i of quad.items) into.push(i);
  if (quad.kids) for (const kid of quad.kids) gather(kid, into);
}

function ascending(a: number, b: number): number {
  return a - b;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

function isBox(b: QuadBox | undefined): b is QuadBox {
  return !!b && Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.width) && Number.isFinite(b.height) && b.width >= 0 && b.height >= 0;
}
