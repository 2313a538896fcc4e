// buildScene lists what the SVG draws, in the SVG's order and nesting, and
// hitAt answers what a click means: the innermost selectable thing, a shared
// volume for a point on its connector, nothing on a band or empty canvas.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { layoutCluster, type ClusterLayout, type Detail, type Rect } from '../../../renderer/layout/index.ts';
import { ancestry, buildScene, hitAt, SELECTABLE_KINDS, type Scene, type SceneItem, type SceneKind } from '../../../renderer/scene/scene.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { random } from '../../fixtures/random.ts';

const DETAILS: Detail[] = ['full', 'cards', 'compact'];

const demo = () => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
const generated = () => buildModel(generateClusterObjects({ nodes: 6, pods: 160, seed: 3 }), { kind: 'snapshot', name: 'generated', namespaces: [] });

const MODELS: Record<string, () => AnatomyModel> = { demo, generated, kind: kindCluster, hostile: hostileCluster };

/** Which kinds may hold which. */
const HOLDS: Record<SceneKind, SceneKind[]> = {
  band: ['node'],
  unscheduled: ['pod'],
  node: ['pod'],
  pod: ['container', 'volume', 'mount'],
  container: [],
  volume: [],
  mount: [],
};

function svgOf(model: AnatomyModel, layout: ClusterLayout): Element {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg);
  drawCluster(svg, model, layout);
  return svg as unknown as Element;
}

const keyOf = (kind: string, uid: string) => `${kind} ${uid}`;
const itemKey = (item: SceneItem) => keyOf(item.kind, item.uid);

/** The SVG's objects in document order, each with the object it sits in. */
function svgObjects(svg: Element): Array<{ key: string; parent: string | null }> {
  const out: Array<{ key: string; parent: string | null }> = [];
  const key = (el: Element) => keyOf(el.getAttribute('data-kind')!, el.getAttribute('data-uid') ?? el.getAttribute('data-band')!);
  for (const el of Array.from(svg.querySelectorAll('[data-kind]'))) {
    if (el.getAttribute('data-kind') === 'header') continue;
    let parent: Element | null = el.parentElement;
    while (parent && parent !== svg && !parent.hasAttribute('data-kind')) parent = parent.parentElement;
    out.push({ key: key(el), parent: parent && parent !== svg ? key(parent) : null });
  }
  return out;
}

const inside = (r: Rect, x: number, y: number) => x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;

function distanceToLine(points: ReadonlyArray<readonly [number, number]>, x: number, y: number): number {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const len = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = len > 0 ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / len)) : 0;
    best = Math.min(best, Math.hypot(ax + t * (bx - ax) - x, ay + t * (by - ay) - y));
  }
  return best;
}

/** What hitAt should say, by scanning every item: the last (innermost) one holding the point that counts. */
function bruteHit(scene: Scene, x: number, y: number): SceneItem | undefined {
  for (let i = scene.items.length - 1; i >= 0; i--) {
    const item = scene.items[i];
    // A connector counts near its line, even where that is outside its bounding box (a straight line's box is a line).
    if (item.kind === 'mount') {
      if (distanceToLine(item.box.points, x, y) <= 4) return scene.byUid.get(item.box.volumeUid);
      continue;
    }
    if (inside(item, x, y) && SELECTABLE_KINDS.has(item.kind)) return item;
  }
  return undefined;
}

/** A point inside `r` that `ok` accepts: tried on a grid, and close to each edge, where a band's margin is. */
function pointIn(r: Rect, ok: (x: number, y: number) => boolean): [number, number] | undefined {
  const along = (start: number, length: number) => {
    const out: number[] = [];
    for (const d of [1, 2, 4, 8, 16]) if (d < length / 2) out.push(start + d, start + length - d);
    for (let f = 0.05; f < 1; f += 0.05) out.push(start + length * f);
    return out;
  };
  for (const y of along(r.y, r.height)) for (const x of along(r.x, r.width)) if (ok(x, y)) return [x, y];
  return undefined;
}

const describeHit = (item: SceneItem | undefined) => (item ? itemKey(item) : 'nothing');

describe('buildScene', () => {
  for (const [name, make] of Object.entries(MODELS)) {
    for (const detail of DETAILS) {
      it(`${name} at ${detail}: parents first, children consistent, the SVG's order and nesting`, () => {
        const model = make();
        const layout = layoutCluster(model, { detail });
        const scene = buildScene(layout);
        const { items, children } = scene;
        assert.ok(items.length > layout.bands.length, 'the scene has objects');

        const listed = new Map<number, number>();
        items.forEach((item, i) => {
          assert.equal(item.index, i);
          if (item.parent < 0) {
            assert.equal(item.depth, 0);
            assert.ok(item.kind === 'band' || item.kind === 'unscheduled', `${itemKey(item)} at the top`);
          } else {
            assert.ok(item.parent < i, `${itemKey(item)} after its parent`);
            const parent = items[item.parent];
            assert.equal(item.depth, parent.depth + 1);
            assert.ok(HOLDS[parent.kind].includes(item.kind), `${parent.kind} holds ${item.kind}`);
          }
          const siblings = children.get(item.parent) ?? [];
          assert.equal(siblings.filter((s) => s === i).length, 1, `${itemKey(item)} listed once among its parent's children`);
          listed.set(i, (listed.get(i) ?? 0) + 1);
        });
        let total = 0;
        for (const [parent, kids] of children) {
          total += kids.length;
          for (const k of kids) assert.equal(items[k].parent, parent);
        }
        assert.equal(total, items.length, 'children lists hold every item once');

        // byUid gives each object's item; the item's box is the layout's own.
        for (const item of items) assert.equal(scene.byUid.get(item.uid), item);
        assert.equal(scene.byUid.size, items.length);
        for (const pod of layout.pods) assert.equal(scene.byUid.get(pod.uid)?.box, pod);
        for (const node of layout.nodes) assert.equal(scene.byUid.get(node.uid)?.box, node);
        assert.deepEqual(
          items.map((i) => i.kind).filter((k) => k === 'mount').length,
          layout.connectors.length,
        );

        // Every item's ancestry is its chain of parents, the top first.
        for (const item of items) {
          const chain = ancestry(scene, item);
          assert.equal(chain[chain.length - 1], item);
          assert.equal(chain[0].parent, -1);
          for (let k = 1; k < chain.length; k++) assert.equal(chain[k].parent, chain[k - 1].index);
        }

        // The SVG draws the same objects in the same document order, each inside the same parent.
        const fromSvg = svgObjects(svgOf(model, layout));
        const fromScene = items.map((item) => ({ key: itemKey(item), parent: item.parent >= 0 ? itemKey(items[item.parent]) : null }));
        assert.deepEqual(fromScene, fromSvg);
      });
    }
  }

  it('gives every item its box, and a connector the bounding box of its line', () => {
    const scene = buildScene(layoutCluster(demo(), { detail: 'full' }));
    let mounts = 0;
    for (const item of scene.items) {
      if (item.kind === 'mount') {
        mounts++;
        const xs = item.box.points.map((p) => p[0]);
        const ys = item.box.points.map((p) => p[1]);
        assert.deepEqual([item.x, item.y, item.width, item.height], [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)]);
      } else {
        assert.deepEqual([item.x, item.y, item.width, item.height], [item.box.x, item.box.y, item.box.width, item.box.height]);
      }
    }
    assert.ok(mounts > 0, 'the demo has connectors');
  });

  it('is the same for the same layout', () => {
    const layout = layoutCluster(demo(), { detail: 'full' });
    const strip = (s: Scene) => ({ items: s.items, children: [...s.children] });
    assert.deepEqual(strip(buildScene(layout)), strip(buildScene(layout)));
  });

  it('holds an empty layout', () => {
    const layout = layoutCluster(buildModel({ nodes: [], pods: [], gaps: [] }, { kind: 'demo', name: 'empty', namespaces: [] }), { detail: 'full' });
    const scene = buildScene(layout);
    assert.ok(scene.items.every((i) => i.kind === 'band' || i.kind === 'unscheduled'));
    assert.equal(hitAt(scene, 1, 1), undefined);
  });
});

describe('hitAt', () => {
  const layout = layoutCluster(demo(), { detail: 'full' });
  const scene = buildScene(layout);
  const kids = (item: SceneItem) => (scene.children.get(item.index) ?? []).map((k) => scene.items[k]);
  const inNone = (list: SceneItem[]) => (x: number, y: number) => list.every((k) => !inside(k, x, y));

  it('gives a pod over its node, a container over its pod', () => {
    let pods = 0;
    let containers = 0;
    for (const item of scene.items) {
      if (item.kind === 'pod') {
        const at = pointIn(item, inNone(kids(item)));
        assert.ok(at, `a point of pod ${item.uid} outside its parts`);
        assert.equal(describeHit(hitAt(scene, ...at)), itemKey(item));
        pods++;
      }
      if (item.kind === 'container') {
        const mounts = kids(scene.items[item.parent]).filter((k) => k.kind === 'mount');
        const at = pointIn(item, (x, y) => mounts.every((m) => m.kind === 'mount' && distanceToLine(m.box.points, x, y) > 4));
        assert.ok(at, `a point of container ${item.uid} away from connectors`);
        assert.equal(describeHit(hitAt(scene, ...at)), itemKey(item));
        containers++;
      }
    }
    assert.ok(pods > 10 && containers > 10);
  });

  it('gives a node where none of its pods is', () => {
    for (const node of scene.items.filter((i) => i.kind === 'node')) {
      const at = pointIn(node, inNone(kids(node)));
      assert.ok(at);
      assert.equal(describeHit(hitAt(scene, ...at)), itemKey(node));
    }
  });

  it('gives nothing on a band, on empty canvas, outside the picture, or for NaN', () => {
    for (const band of scene.items.filter((i) => i.kind === 'band' || i.kind === 'unscheduled')) {
      const at = pointIn(band, inNone(kids(band)));
      assert.ok(at, `a bare point of band ${band.uid}`);
      assert.equal(describeHit(hitAt(scene, ...at)), 'nothing');
    }
    // Above the bands: the header, which is no object.
    const top = Math.min(...layout.bands.map((b) => b.y));
    assert.ok(top > 2);
    assert.equal(describeHit(hitAt(scene, layout.width / 2, top / 2)), 'nothing');
    for (const [x, y] of [[-10, -10], [layout.width + 50, 10], [10, layout.height + 50], [NaN, 10], [10, Infinity]]) {
      assert.equal(describeHit(hitAt(scene, x, y)), 'nothing', `at ${x},${y}`);
    }
  });

  it('gives a shared volume for a point on one of its connectors, and nothing of it far from the line', () => {
    const mounts = scene.items.filter((i): i is Extract<SceneItem, { kind: 'mount' }> => i.kind === 'mount');
    assert.ok(mounts.length > 0);
    let far = 0;
    for (const mount of mounts) {
      const volume = scene.byUid.get(mount.box.volumeUid)!;
      assert.equal(volume.kind, 'volume');
      const [[ax, ay], [bx, by]] = mount.box.points;
      // Half way along the first segment, and a little off it: still the volume.
      for (const [x, y] of [[(ax + bx) / 2, (ay + by) / 2], [(ax + bx) / 2 + 2, (ay + by) / 2 + 2]]) {
        const hit = hitAt(scene, x, y);
        assert.equal(hit?.kind, 'volume', `on the line of ${mount.uid}`);
        // Connectors of one pod may share a stretch of line; the topmost one near the point wins.
        assert.equal(describeHit(hit), describeHit(bruteHit(scene, x, y)));
      }
      const away = pointIn(mount, (x, y) => distanceToLine(mount.box.points, x, y) > 6);
      if (!away) continue;
      far++;
      const hit = hitAt(scene, ...away);
      const near = mounts.filter((m) => inside(m, ...away) && distanceToLine(m.box.points, ...away) <= 4);
      if (near.length === 0) assert.notEqual(hit?.uid, volume.uid, `far from the line of ${mount.uid}, in ${describeHit(hit)}`);
      assert.equal(describeHit(hit), describeHit(bruteHit(scene, ...away)));
    }
    assert.ok(far > 0, 'some connector has room beside its line');
  });

  for (const detail of DETAILS) {
    it(`agrees with a scan of every item at random points (${detail})`, () => {
      const s = buildScene(layoutCluster(generated(), { detail }));
      const rand = random(5);
      for (let k = 0; k < 3000; k++) {
        const x = -20 + rand() * (s.layout.width + 40);
        const y = -20 + rand() * (s.layout.height + 40);
        assert.equal(describeHit(hitAt(s, x, y)), describeHit(bruteHit(s, x, y)), `at ${x},${y}`);
      }
      // And at the corners of every box, where edges decide.
      for (const item of s.items.slice(0, 400)) {
        for (const [x, y] of [[item.x, item.y], [item.x + item.width, item.y + item.height]]) {
          assert.equal(describeHit(hitAt(s, x, y)), describeHit(bruteHit(s, x, y)), `corner of ${itemKey(item)} at ${x},${y}`);
        }
      }
    });
  }
});
