// The warning mark on the canvas renderer, at the scene level: paintScene with
// a set of warned pods paints the SVG's triangle (same place, size, colours,
// even-odd "!") on each pod of the set that is on screen and nothing for
// anything else; dimmed with its pod by a search; a click on the mark hits its
// pod; a broad set paints only the marks on screen. And the
// accessible tree's side: data-warning and the words on the pods' elements.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { DIM_ALPHA, paintScene, type PaintContext, type PaintView } from '../../../renderer/draw/canvas2d.ts';
import { LIGHT } from '../../../renderer/draw/theme.ts';
import { markWarnedElements, warningMarkAt } from '../../../renderer/draw/warning-marks.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { sceneMarks } from '../../../renderer/scene/marks.ts';
import { buildScene, hitAt, NO_MARKS, type Scene, type SceneMarks } from '../../../renderer/scene/scene.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

const AMBER = '#f59e0b';
const EDGE = '#78350f';

interface Mark {
  /** The apex of the triangle (its first moveTo). */
  x: number;
  y: number;
  alpha: number;
}

/** A 2D context that keeps, of every even-odd fill, the apexes of its path: what the marks are. */
function recorder(): { ctx: PaintContext; marks: Mark[]; strokes: Array<{ style: string; width: number; n: number }> } {
  const marks: Mark[] = [];
  const strokes: Array<{ style: string; width: number; n: number }> = [];
  let moves: Array<[number, number]> = [];
  const state = { fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, lineJoin: 'miter', globalAlpha: 1, font: '', textAlign: 'start', textBaseline: 'alphabetic' };
  const nothing = () => {};
  const ctx = Object.assign(state, {
    setTransform: nothing,
    save: nothing,
    restore: nothing,
    clip: nothing,
    fillRect: nothing,
    clearRect: nothing,
    beginPath: () => {
      moves = [];
    },
    rect: nothing,
    roundRect: nothing,
    moveTo: (x: number, y: number) => moves.push([x, y]),
    lineTo: nothing,
    arc: nothing,
    fill: (rule?: string) => {
      if (rule !== 'evenodd') return;
      assert.equal(state.fillStyle, AMBER);
      for (const [x, y] of moves) marks.push({ x, y, alpha: state.globalAlpha });
    },
    stroke: () => {
      if (state.strokeStyle === EDGE) strokes.push({ style: state.strokeStyle, width: state.lineWidth, n: moves.length });
    },
    setLineDash: nothing,
    fillText: nothing,
    strokeText: nothing,
    drawImage: nothing,
  });
  return { ctx: ctx as unknown as PaintContext, marks, strokes };
}

const W = 1440;
const H = 900;

function sceneOf(pods?: number): Scene {
  const model = pods
    ? buildModel(generateClusterObjects({ nodes: 40, pods, seed: 4 }), { kind: 'snapshot', name: 'g.json', namespaces: [] })
    : buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
  return buildScene(layoutCluster(model, { detail: pods ? 'compact' : 'full', aspect: W / H }));
}

function fitted(scene: Scene): PaintView {
  const { width, height } = scene.layout;
  const k = Math.min(W / width, H / height);
  return { k, x: (W - width * k) / 2, y: (H - height * k) / 2, width: W, height: H, dpr: 1 };
}

function paint(scene: Scene, warned: ReadonlySet<string> | undefined, view = fitted(scene), marks: SceneMarks = NO_MARKS) {
  const r = recorder();
  paintScene(r.ctx, scene, view, { theme: LIGHT, level: 'containers', marks, overview: [], markColors: { accent: '#4f46e5', hit: AMBER }, bitmaps: false, ...(warned ? { warned } : {}) });
  return r;
}

/** Where the SVG puts the mark's apex for a pod (warning-marks.ts markWarnings: translate, then M6 0). */
function apexOf(scene: Scene, uid: string): { x: number; y: number } {
  const pod = scene.byUid.get(uid)!;
  const at = warningMarkAt(pod.width);
  return { x: pod.x + at.x + at.size / 2, y: pod.y + at.y };
}

describe('the warning mark on the canvas', () => {
  it("paints the SVG's mark on each warned pod, and on nothing else", () => {
    const scene = sceneOf();
    const pods = scene.items.filter((i) => i.kind === 'pod');
    const node = scene.items.find((i) => i.kind === 'node')!;
    const [a, b] = [pods[0]!, pods[3]!];
    const { marks, strokes } = paint(scene, new Set([a.uid, b.uid, node.uid, 'no-such-uid']));
    assert.deepEqual(
      marks.map((m) => [m.x, m.y, m.alpha]),
      [a, b].map((p) => [apexOf(scene, p.uid).x, apexOf(scene, p.uid).y, 1]),
    );
    // Its edge, 0.75 units wide as the SVG's stroke-width, one path for both.
    assert.deepEqual(strokes, [{ style: EDGE, width: 0.75, n: 2 }]);
    assert.equal(paint(scene, new Set()).marks.length, 0);
    assert.equal(paint(scene, undefined).marks.length, 0);
  });

  it('leaves out a warned pod off the view', () => {
    const scene = sceneOf();
    const pods = scene.items.filter((i) => i.kind === 'pod');
    const far = pods.reduce((m, p) => (p.x > m.x ? p : m));
    const near = pods.reduce((m, p) => (p.x < m.x ? p : m));
    // Zoomed on the leftmost pod: the rightmost is far off screen.
    const k = 4;
    const view = { k, x: W / 2 - (near.x + near.width / 2) * k, y: H / 2 - (near.y + near.height / 2) * k, width: W, height: H, dpr: 1 };
    assert.ok(far.x * k + view.x > W + 100, 'the far pod is off the view');
    const { marks } = paint(scene, new Set([near.uid, far.uid]), view);
    assert.deepEqual(marks.map((m) => [m.x, m.y]), [[apexOf(scene, near.uid).x, apexOf(scene, near.uid).y]]);
  });

  it('is dimmed with its pod by a search, and lit with a hit', () => {
    const scene = sceneOf();
    const pods = scene.items.filter((i) => i.kind === 'pod');
    const [hit, other] = [pods[1]!, pods[2]!];
    const marks = sceneMarks(scene.layout, undefined, { hits: new Set([hit.uid]), context: new Set([scene.items[hit.parent]!.uid]) });
    assert.ok(marks.searching && marks.dimmed.size > 0, 'the search dims the rest');
    const painted = paint(scene, new Set([hit.uid, other.uid]), fitted(scene), marks).marks;
    const alphaOf = (uid: string) => painted.find((m) => m.x === apexOf(scene, uid).x && m.y === apexOf(scene, uid).y)?.alpha;
    assert.equal(alphaOf(hit.uid), 1);
    assert.equal(alphaOf(other.uid), DIM_ALPHA);
  });

  it('follows its pod into a new scene with the same set (a live model moves pods)', () => {
    const model = buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
    const wide = buildScene(layoutCluster(model, { detail: 'full', aspect: 16 / 9 }));
    const tall = buildScene(layoutCluster(model, { detail: 'full', aspect: 9 / 16 }));
    const uid = wide.items.filter((i) => i.kind === 'pod')[4]!.uid;
    const warned = new Set([uid]);
    const at = (scene: Scene) => paint(scene, warned, { k: 0.2, x: 0, y: 0, width: 1e5, height: 1e5, dpr: 1 }).marks.map((m) => [m.x, m.y]);
    assert.deepEqual(at(wide), [[apexOf(wide, uid).x, apexOf(wide, uid).y]]);
    assert.notDeepEqual(apexOf(wide, uid), apexOf(tall, uid), 'the pod moved');
    assert.deepEqual(at(tall), [[apexOf(tall, uid).x, apexOf(tall, uid).y]]);
  });

  it('is left out where it would be a speck, under 1.5 screen px, as a tiny box\'s content is', () => {
    const scene = sceneOf();
    const pod = scene.items.find((i) => i.kind === 'pod')!;
    const at = (k: number) => paint(scene, new Set([pod.uid]), { k, x: 10, y: 10, width: W, height: H, dpr: 1 }).marks.length;
    assert.equal(at(1.4 / 12), 0);
    assert.equal(at(1.5 / 12), 1);
  });

  it('a click on the mark selects its pod, as on the SVG, where the mark is inside the pod', () => {
    const scene = sceneOf();
    for (const pod of scene.items.filter((i) => i.kind === 'pod').slice(0, 20)) {
      const at = warningMarkAt(pod.width);
      // Inside the triangle, left of the "!": 3.5, 10.5 from its corner.
      assert.equal(hitAt(scene, pod.x + at.x + 3.5, pod.y + at.y + 10.5)?.uid, pod.uid, pod.uid);
    }
  });

  it('a broad set (two pods in three of 6,000) paints the marks on screen, the same as the set of those pods alone', () => {
    const scene = sceneOf(6_000);
    const pods = scene.items.filter((i) => i.kind === 'pod');
    const view = { ...fitted(scene), width: W / 8 };
    // Two pods in three: the third is on screen too, and has no mark.
    const warnedPods = pods.filter((_, i) => i % 3 !== 0);
    const broad = new Set(warnedPods.map((p) => p.uid));
    assert.ok(broad.size > 3_000);
    const few = new Set(warnedPods.filter((p) => p.x * view.k + view.x < W / 8 + 60).map((p) => p.uid));
    assert.ok(few.size < broad.size / 4 && few.size > 100, `${few.size} pods near the view`);
    const key = (m: Mark) => `${m.x},${m.y}`;
    const fromBroad = paint(scene, broad, view).marks.map(key).sort();
    const oneByOne = paint(scene, few, view).marks.map(key).sort();
    assert.ok(fromBroad.length > 100);
    assert.deepEqual(fromBroad, oneByOne);
  });
});

describe("the accessible tree's warned pods", () => {
  it('carry data-warning and the words, and lose both when no longer warned', () => {
    const { document } = parseHTML('<!doctype html><html><body><div id="t"><div data-kind="pod" data-uid="p1"></div><div data-kind="pod" data-uid="p2"></div><div data-kind="node" data-uid="n1"></div></div></body></html>');
    const root = document.getElementById('t') as unknown as HTMLElement;
    const find = (uid: string) => root.querySelector(`[data-uid="${uid}"]`) ?? undefined;
    assert.equal(markWarnedElements(root, new Set(['p1', 'n1', 'gone']), find, 'Recent warning events'), 1);
    assert.equal(find('p1')!.getAttribute('data-warning'), 'true');
    assert.equal(find('p1')!.getAttribute('aria-description'), 'Recent warning events');
    assert.equal(find('n1')!.hasAttribute('data-warning'), false);
    markWarnedElements(root, new Set(['p2']), find, '최근 경고 이벤트');
    assert.equal(find('p1')!.hasAttribute('data-warning'), false);
    assert.equal(find('p1')!.hasAttribute('aria-description'), false);
    assert.equal(find('p2')!.getAttribute('aria-description'), '최근 경고 이벤트');
  });
});
