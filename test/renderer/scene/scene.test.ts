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
import { ancestry, buildScene, hitAt, sceneDelta, SELECTABLE_KINDS, updateScene, type Scene, type SceneItem, type SceneKind } from '../../../renderer/scene/scene.ts';
import { createLayoutMemo } from '../../../renderer/layout/memo.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { bigCluster, hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { chance, change, changeBases, pick, withPods } from '../../fixtures/model-changes.ts';
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

describe('updateScene', () => {
  const BASES = changeBases(generated);

  /** The children of every item and of the top (by kind and uid): what a delta's regrouping is about. */
  function childLists(scene: Scene): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const kids = (at: number) => (scene.children.get(at) ?? []).map((k) => itemKey(scene.items[k]));
    out.set('top', kids(-1));
    for (const item of scene.items) out.set(itemKey(item), kids(item.index));
    return out;
  }

  /** What the delta says, checked against the old scene's items and children (taken before the update spent it) and the new scene. */
  function assertDelta(oldItems: SceneItem[], oldLists: Map<string, string[]>, scene: Scene, what: string): void {
    const delta = sceneDelta(scene);
    assert.ok(delta, `${what}: an updated scene has its delta`);
    const olds = new Set(oldItems);
    const fresh = new Set(delta.fresh);
    // Every item is kept (an old object) or fresh; every old item is kept or dropped.
    scene.items.forEach((item, i) => assert.equal(olds.has(item), !fresh.has(i), `${what}: ${itemKey(item)} is kept or fresh, not both`));
    const now = new Set(scene.items);
    for (const item of delta.dropped) assert.ok(olds.has(item) && !now.has(item), `${what}: ${itemKey(item)} dropped`);
    assert.equal(olds.size, delta.dropped.length + scene.items.length - fresh.size, `${what}: old items are kept or dropped`);
    // A parent whose children changed (which ones, or their order) is among the regrouped.
    const regrouped = new Set(delta.regrouped);
    for (const [key, kids] of childLists(scene)) {
      const at = key === 'top' ? -1 : scene.byUid.get(key.slice(key.indexOf(' ') + 1))!.index;
      if (JSON.stringify(oldLists.get(key) ?? []) !== JSON.stringify(kids)) assert.ok(regrouped.has(at), `${what}: the children of ${key} changed, and it is regrouped`);
    }
    assert.equal(delta.unique, scene.byUid.size === scene.items.length, `${what}: unique`);
  }

  function runSequence(base: AnatomyModel, seed: number, steps: number): { kept: number; items: number } {
    const rand = random(seed);
    const memo = createLayoutMemo();
    let model = base;
    let detail: Detail = pick(rand, DETAILS);
    let layout = layoutCluster(model, { detail }, memo);
    let scene = buildScene(layout);
    let kept = 0;
    let items = 0;
    for (let step = 1; step <= steps; step++) {
      const done: string[] = [];
      for (let c = 1 + Math.floor(rand() * 3); c > 0; c--) {
        const [next, did] = change(rand, model, step * 10 + c);
        model = next;
        done.push(did);
      }
      if (chance(rand, 0.1)) {
        model = structuredClone(model);
        done.push('all objects new');
      }
      if (chance(rand, 0.08)) {
        detail = pick(rand, DETAILS.filter((d) => d !== detail));
        done.push(`detail ${detail}`);
      }
      const what = `seed ${seed}, step ${step} (${done.join('; ')})`;
      layout = layoutCluster(model, { detail, previous: layout, ...(chance(rand, 0.05) ? { aspect: pick(rand, [16 / 9, 9 / 16]) } : {}) }, memo);
      const oldItems = scene.items.slice();
      const oldLists = childLists(scene);
      const next = updateScene(scene, layout);
      assert.deepStrictEqual(next, buildScene(layout), `${what}: the updated scene differs from the one built`);
      assertDelta(oldItems, oldLists, next, what);
      kept += next.items.length - sceneDelta(next)!.fresh.length;
      items += next.items.length;
      scene = next;
    }
    return { kept, items };
  }

  for (const [name, make] of BASES) {
    it(`deep-equals buildScene of the layout after each of random changes to the ${name} model`, () => {
      let kept = 0;
      let items = 0;
      for (const seed of [1, 2, 3, 4, 5]) {
        const r = runSequence(make(), seed * 104729 + name.length, 30);
        kept += r.kept;
        items += r.items;
      }
      // The point of it: items are kept from scene to scene (how many, the next test says).
      assert.ok(kept > 0, `${name}: ${kept} of ${items} items kept`);
    });
  }

  it('keeps every item of the nodes a change did not touch, and makes only those of the node it did', () => {
    const base = bigCluster(400, 20);
    for (const detail of DETAILS) {
      const memo = createLayoutMemo();
      const first = layoutCluster(base, { detail }, memo);
      const scene = buildScene(first);
      const items = scene.items.slice();
      const at = 7;
      const next = withPods(base, at, (pods) => (pods[2] = { ...pods[2], status: 'CrashLoopBackOff', ready: false }));
      const layout = layoutCluster(next, { detail, previous: first }, memo);
      const updated = updateScene(scene, layout);
      assert.deepStrictEqual(updated, buildScene(layout), detail);
      const node = base.nodes[at].uid;
      const inNode = (item: SceneItem): boolean => item.uid === node || (item.parent >= 0 && inNode(updated.items[item.parent]));
      const delta = sceneDelta(updated)!;
      // Band boxes are new with every layout; the rest made anew is the node's.
      for (const i of delta.fresh) {
        const item = updated.items[i];
        assert.ok(inNode(item) || item.kind === 'band' || item.kind === 'unscheduled', `${detail}: ${itemKey(item)} made anew is in the changed node`);
      }
      const kept = updated.items.filter((item) => !inNode(item) && item.kind !== 'band' && item.kind !== 'unscheduled');
      assert.ok(kept.length > 300, `${detail}: most items are outside the node`);
      for (const item of kept) assert.ok(items.includes(item), `${detail}: ${itemKey(item)} kept`);
    }
  });

  it('deep-equals buildScene for a layout whose grids list their pods apart (not one run each)', () => {
    for (const detail of DETAILS) {
      const layout = layoutCluster(bigCluster(120, 6), { detail });
      // Every other pod to the end: each node's pods in two runs.
      const pods = [...layout.pods.filter((_, i) => i % 2 === 0), ...layout.pods.filter((_, i) => i % 2 === 1)];
      const apart = { ...layout, pods };
      assert.deepStrictEqual(updateScene(buildScene(layout), apart), buildScene(apart), detail);
      assert.deepStrictEqual(updateScene(buildScene(apart), layout), buildScene(layout), `${detail}, back`);
    }
  });

  it('fails when it keeps an item whose box changed', () => {
    // The check above, against an updater that keeps every item of the same uid: it must be caught.
    const base = bigCluster(60, 5);
    const memo = createLayoutMemo();
    const first = layoutCluster(base, { detail: 'full' }, memo);
    const scene = buildScene(first);
    const next = withPods(base, 2, (pods) => (pods[0] = { ...pods[0], status: 'Failed', ready: false }));
    const layout = layoutCluster(next, { detail: 'full', previous: first }, memo);
    const stale: Scene = { ...updateScene(buildScene(first), layout), items: scene.items };
    assert.throws(() => assert.deepStrictEqual(stale, buildScene(layout)), assert.AssertionError);
  });
});

