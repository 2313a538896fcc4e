// A region quadtree over boxes: each box sits in the smallest quadrant that
// holds it whole, so a box is stored once however large it is. Built once per
// scene (boxes don't move within one), it answers which boxes hold a point
// (hit testing under the pointer) and which meet a rectangle (what is on
// screen), visiting only the quadrants that can hold an answer.

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
    // Boxes outside the bounds (none in a layout, but nothing forbids them) widen the root rather than get lost.
    let x0 = finite(bounds.x);
    let y0 = finite(bounds.y);
    let x1 = x0 + Math.max(0, finite(bounds.width));
    let y1 = y0 + Math.max(0, finite(bounds.height));
    const all: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const b = items[i];
      if (!isBox(b)) continue;
      all.push(i);
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width);
      y1 = Math.max(y1, b.y + b.height);
    }
    this.root = { x0, y0, x1, y1, items: [] };
    this.build(this.root, all, 0);
  }

  private build(quad: Quad, indices: number[], depth: number): void {
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
    for (let k = 0; k < 4; k++) this.build(kids[k], lists[k], depth + 1);
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

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

function isBox(b: QuadBox | undefined): b is QuadBox {
  return !!b && Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.width) && Number.isFinite(b.height) && b.width >= 0 && b.height >= 0;
}
