// BoxQuadtree against brute force: whatever the boxes (zero-size, on the
// split lines, on the bounds' edges, outside the bounds, NaN), search and
// at() must find exactly the boxes a scan of every box finds.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { BoxQuadtree, type QuadBox, type QuadtreeOptions } from '../../../renderer/scene/quadtree.ts';
import { random } from '../../fixtures/random.ts';

const BOUNDS: QuadBox = { x: 0, y: 0, width: 1000, height: 1000 };

function valid(b: QuadBox): boolean {
  return [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width >= 0 && b.height >= 0;
}

function meets(b: QuadBox, r: QuadBox): boolean {
  return b.x <= r.x + r.width && b.x + b.width >= r.x && b.y <= r.y + r.height && b.y + b.height >= r.y;
}

function bruteSearch(boxes: readonly QuadBox[], rect: QuadBox): number[] {
  if (!valid(rect)) return [];
  const out: number[] = [];
  boxes.forEach((b, i) => {
    if (valid(b) && meets(b, rect)) out.push(i);
  });
  return out;
}

function treeSearch(tree: BoxQuadtree<QuadBox>, rect: QuadBox): number[] {
  const out: number[] = [];
  tree.search(rect, (item, i) => {
    assert.equal(item, tree.items[i], 'visit gets the item with its index');
    out.push(i);
  });
  const sorted = [...out].sort((a, b) => a - b);
  assert.equal(new Set(sorted).size, sorted.length, 'each box visited once');
  return sorted;
}

/** Coordinates that land on the bounds' edges and on the split lines of the first levels more often than chance would. */
function coordinate(rand: () => number): number {
  const pick = rand();
  if (pick < 0.15) return [0, 1000, 500, 250, 750, 125, 875][Math.floor(rand() * 7)];
  if (pick < 0.2) return -300 + rand() * 200; // outside, before
  if (pick < 0.25) return 1100 + rand() * 300; // outside, after
  return Math.round(rand() * 10000) / 10;
}

function size(rand: () => number): number {
  const pick = rand();
  if (pick < 0.25) return 0;
  if (pick < 0.35) return 500; // from a split line to the edge
  if (pick < 0.4) return 1000 + rand() * 500; // wider than the bounds
  return Math.round(rand() * (pick < 0.8 ? 300 : 40)) / 2;
}

function randomBoxes(rand: () => number, count: number): QuadBox[] {
  const boxes: QuadBox[] = [];
  for (let i = 0; i < count; i++) {
    const b = { x: coordinate(rand), y: coordinate(rand), width: size(rand), height: size(rand) };
    const bad = rand();
    // Some boxes a layout never makes; the tree must leave them out, not fail or misplace the others.
    if (bad < 0.03) b.x = NaN;
    else if (bad < 0.05) b.height = NaN;
    else if (bad < 0.06) b.width = Infinity;
    else if (bad < 0.07) b.width = -5;
    boxes.push(b);
  }
  return boxes;
}

const OPTIONS: QuadtreeOptions[] = [{}, { leafSize: 1 }, { leafSize: 2, maxDepth: 3 }, { leafSize: 4, maxDepth: 0 }, { leafSize: 1, maxDepth: 30 }];

describe('BoxQuadtree', () => {
  it('search finds what brute force finds, for random boxes and rectangles', () => {
    const rand = random(8);
    for (let round = 0; round < 60; round++) {
      const boxes = randomBoxes(rand, 1 + Math.floor(rand() * 300));
      const options = OPTIONS[round % OPTIONS.length];
      const tree = new BoxQuadtree(BOUNDS, boxes, options);
      for (let q = 0; q < 60; q++) {
        // Queries are boxes too: the same mix of zero-size, edge and outside rectangles; some are the boxes themselves.
        const rect = q % 5 === 0 ? { ...boxes[Math.floor(rand() * boxes.length)] } : { x: coordinate(rand), y: coordinate(rand), width: size(rand), height: size(rand) };
        assert.deepEqual(treeSearch(tree, rect), bruteSearch(boxes, rect), `round ${round} ${JSON.stringify(options)} rect ${JSON.stringify(rect)}`);
      }
    }
  });

  it('at() finds the boxes holding a point, edges included, in ascending order', () => {
    const rand = random(9);
    for (let round = 0; round < 60; round++) {
      const boxes = randomBoxes(rand, 1 + Math.floor(rand() * 300));
      const tree = new BoxQuadtree(BOUNDS, boxes, OPTIONS[round % OPTIONS.length]);
      const points: Array<[number, number]> = [];
      for (let q = 0; q < 40; q++) points.push([coordinate(rand), coordinate(rand)]);
      // Every corner of every box: the points where "edges touching count" decides.
      for (const b of boxes.slice(0, 40)) points.push([b.x, b.y], [b.x + b.width, b.y + b.height], [b.x + b.width, b.y]);
      for (const [x, y] of points) {
        const expected = bruteSearch(boxes, { x, y, width: 0, height: 0 });
        assert.deepEqual(tree.at(x, y), expected, `round ${round} at ${x},${y}`);
      }
    }
  });

  it('made in parts (for idle time), it is the tree the constructor makes, a part at most a quadrant', () => {
    const rand = random(17);
    for (let round = 0; round < 40; round++) {
      const boxes = randomBoxes(rand, 1 + Math.floor(rand() * 400));
      const options = OPTIONS[round % OPTIONS.length];
      const parts = BoxQuadtree.inParts(BOUNDS, boxes, options);
      let count = 0;
      let r = parts.next();
      while (!r.done) {
        count++;
        r = parts.next();
      }
      // Compared as a boolean: a failing report would print both trees.
      assert.ok(isDeepStrictEqual(r.value, new BoxQuadtree(BOUNDS, boxes, options)), `round ${round}: the trees differ`);
      if (boxes.length > 4 * (options.leafSize ?? 16) && options.maxDepth !== 0) assert.ok(count > 1, `round ${round}: ${boxes.length} boxes in ${count + 1} parts`);
    }
  });

  it('ignores NaN and negative boxes, and answers nothing for a NaN query', () => {
    const boxes: QuadBox[] = [
      { x: NaN, y: 0, width: 10, height: 10 },
      { x: 0, y: 0, width: NaN, height: 10 },
      { x: 0, y: 0, width: -1, height: 10 },
      { x: 5, y: 5, width: 0, height: 0 },
    ];
    const tree = new BoxQuadtree(BOUNDS, boxes, { leafSize: 1 });
    assert.deepEqual(treeSearch(tree, { x: -1e6, y: -1e6, width: 2e6, height: 2e6 }), [3]);
    assert.deepEqual(tree.at(5, 5), [3]);
    assert.deepEqual(tree.at(NaN, 5), []);
    assert.deepEqual(tree.at(5, Infinity), []);
    assert.deepEqual(treeSearch(tree, { x: NaN, y: 0, width: 10, height: 10 }), []);
  });

  it('keeps boxes outside the bounds, and works with bounds that are NaN or empty', () => {
    const boxes: QuadBox[] = [
      { x: -500, y: -500, width: 10, height: 10 },
      { x: 2000, y: 30, width: 0, height: 0 },
      { x: 10, y: 10, width: 5, height: 5 },
      { x: 999, y: 999, width: 1, height: 1 },
    ];
    for (const bounds of [BOUNDS, { x: NaN, y: NaN, width: NaN, height: NaN }, { x: 0, y: 0, width: 0, height: 0 }]) {
      const tree = new BoxQuadtree(bounds, boxes, { leafSize: 1 });
      assert.deepEqual(tree.at(-495, -491), [0]);
      assert.deepEqual(tree.at(2000, 30), [1]);
      assert.deepEqual(tree.at(1000, 1000), [3]);
      assert.deepEqual(treeSearch(tree, { x: 0, y: 0, width: 1000, height: 1000 }), [2, 3]);
    }
  });

  it('holds many identical boxes, more than a leaf takes, however deep it may split', () => {
    const boxes = Array.from({ length: 100 }, () => ({ x: 100, y: 100, width: 0, height: 0 }));
    boxes.push({ x: 0, y: 0, width: 1000, height: 1000 });
    const tree = new BoxQuadtree(BOUNDS, boxes, { leafSize: 1, maxDepth: 64 });
    assert.deepEqual(tree.at(100, 100), boxes.map((_, i) => i));
    assert.deepEqual(tree.at(101, 100), [100]);
  });

  it('holds an empty list', () => {
    const tree = new BoxQuadtree(BOUNDS, []);
    assert.deepEqual(tree.at(1, 1), []);
    assert.deepEqual(treeSearch(tree, BOUNDS), []);
  });

  it('update() gives the tree a build of the new boxes gives, field for field, after random removals, additions and reorders', () => {
    const rand = random(10);
    // Inside the bounds, so that the root stays and the tree is updated rather than built (some rounds step outside).
    const inside = (): QuadBox => {
      const w = rand() < 0.3 ? 0 : Math.round(rand() * (rand() < 0.8 ? 60 : 600));
      const h = rand() < 0.3 ? 0 : Math.round(rand() * (rand() < 0.8 ? 60 : 600));
      const on = rand() < 0.2;
      return { x: on ? 500 - w * Math.floor(rand() * 2) : Math.round(rand() * (1000 - w)), y: Math.round(rand() * (1000 - h)), width: w, height: h };
    };
    let updated = 0;
    for (let round = 0; round < 40; round++) {
      const options = OPTIONS[round % OPTIONS.length];
      let boxes: QuadBox[] = Array.from({ length: Math.floor(rand() * 200) }, inside);
      let tree = new BoxQuadtree(BOUNDS, boxes, options);
      for (let step = 0; step < 25; step++) {
        const next = boxes.filter(() => rand() > (step % 6 === 5 ? 0.7 : 0.1));
        const added: QuadBox[] = [];
        for (let n = Math.floor(rand() * (step % 6 === 4 ? 80 : 12)); n > 0; n--) {
          const b = round % 8 === 7 && rand() < 0.1 ? randomBoxes(rand, 1)[0] : inside();
          added.push(b);
          next.splice(Math.floor(rand() * (next.length + 1)), 0, b);
        }
        // Now and then two kept boxes trade places (a node moved in the order).
        if (next.length > 2 && rand() < 0.2) {
          const i = Math.floor(rand() * next.length);
          const j = Math.floor(rand() * next.length);
          [next[i], next[j]] = [next[j], next[i]];
        }
        const at = new Map(next.map((b, i) => [b, i]));
        const remap = boxes.map((b) => (added.includes(b) ? -1 : (at.get(b) ?? -1)));
        const fresh = added.map((b) => at.get(b)!);
        tree = tree.update(BOUNDS, next, remap, fresh);
        assert.deepStrictEqual(tree, new BoxQuadtree(BOUNDS, next, options), `round ${round} step ${step} ${JSON.stringify(options)}`);
        if (next.every((b) => !valid(b) || (b.x >= 0 && b.y >= 0 && b.x + b.width <= 1000 && b.y + b.height <= 1000))) updated++;
        boxes = next;
      }
    }
    assert.ok(updated > 500, `most steps kept the root and were updated, not built (${updated})`);
  });
});
