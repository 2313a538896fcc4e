// The canvas painter against a recording context: what it paints where, in
// which colour and at which opacity, for scenes of real models (the demo, and
// generated clusters). Pixels in a real browser are canvas2d.chromium.test.ts's.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { BAND_CACHE_MAX_PX, BITMAP_PAD, CACHE_MIN_ITEMS, DIM_ALPHA, HITS_BY_VIEW, LABEL_RENDERS, LABEL_ZOOM_RENDERS, paintScene, textKindsInParts, type Bitmap, type PaintContext, type PaintOptions, type PaintView } from '../../../renderer/draw/canvas2d.ts';
import { DARK, LIGHT, pillColors } from '../../../renderer/draw/theme.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo } from '../../../renderer/layout/memo.ts';
import { levelAt, MIN_SCREEN_TEXT, overviewLabels, type Level } from '../../../renderer/layout/lod.ts';
import type { Detail, Rect } from '../../../renderer/layout/types.ts';
import { sceneMarks } from '../../../renderer/scene/marks.ts';
import { buildScene, NO_MARKS, type Scene, type SceneItem, type SceneMarks } from '../../../renderer/scene/scene.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { hostileCluster } from '../../fixtures/anatomy-models.ts';

interface Shape extends Rect {
  kind: 'rect' | 'roundRect' | 'arc' | 'move' | 'line';
  r?: number;
}

interface PaintCall {
  op: 'fill' | 'stroke' | 'fillRect' | 'clearRect';
  style: string;
  alpha: number;
  lineWidth: number;
  dash: number[];
  shapes: Shape[];
  /** Scaled or moved (translate, scale) since the last setTransform: shapes are recorded as given, so none should be. */
  moved: boolean;
  /** The transform setTransform set last (none yet: the identity). */
  matrix: number[];
}

interface TextCall {
  op: 'fill' | 'stroke';
  text: string;
  x: number;
  y: number;
  font: string;
  style: string;
  alpha: number;
  align: string;
  lineWidth: number;
  lineJoin: string;
}

interface ImageCall extends Rect {
  image: unknown;
  alpha: number;
  /** imageSmoothingEnabled when drawn. */
  smooth: boolean;
  /** As PaintCall's. */
  moved: boolean;
  /** The transform setTransform set last (none yet: the identity). */
  matrix: number[];
}

interface Recording {
  /** The paths clipped to. */
  clips: Shape[][];
  paints: PaintCall[];
  texts: TextCall[];
  images: ImageCall[];
  transforms: number[][];
  /** measureText calls (a context made with measure). */
  measured: number;
}

/** A 2D context that records what is painted with which state, instead of painting. */
function recordingContext(measure = false): { ctx: PaintContext; rec: Recording } {
  const rec: Recording = { clips: [], paints: [], texts: [], images: [], transforms: [], measured: 0 };
  const saved: object[] = [];
  let path: Shape[] = [];
  let dash: number[] = [];
  const state = {
    fillStyle: '#000000',
    strokeStyle: '#000000',
    lineWidth: 1,
    lineJoin: 'miter',
    globalAlpha: 1,
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
  };
  const moved = () => local.s !== 1 || local.x !== 0 || local.y !== 0;
  const paint = (op: PaintCall['op'], shapes: Shape[]) =>
    rec.paints.push({ op, style: op === 'stroke' ? state.strokeStyle : state.fillStyle, alpha: state.globalAlpha, lineWidth: state.lineWidth, dash, shapes, moved: moved(), matrix });
  // What translate and scale did since the last setTransform (a uniform scale and a shift): a text is recorded where,
  // at what size and how wide a line it has in the space setTransform set (the painter sets label fonts at one size
  // and scales them).
  let local = { s: 1, x: 0, y: 0 };
  let matrix = [1, 0, 0, 1, 0, 0];
  const exact = (v: number) => Math.round(v * 1e9) / 1e9;
  const text = (op: TextCall['op'], t: string, x: number, y: number) =>
    rec.texts.push({
      op,
      text: t,
      x: local.x + local.s * x,
      y: local.y + local.s * y,
      font: local.s === 1 ? state.font : state.font.replace(/(\d+(?:\.\d+)?)px/, (_, px: string) => `${exact(Number(px) * local.s)}px`),
      style: op === 'fill' ? state.fillStyle : state.strokeStyle,
      alpha: state.globalAlpha,
      align: state.textAlign,
      lineWidth: state.lineWidth * local.s,
      lineJoin: state.lineJoin,
    });
  const ctx = Object.assign(state, {
    setTransform: (...m: number[]) => {
      local = { s: 1, x: 0, y: 0 };
      rec.transforms.push(m);
      matrix = m;
    },
    translate: (x: number, y: number) => {
      local = { s: local.s, x: local.x + local.s * x, y: local.y + local.s * y };
    },
    scale: (x: number, y: number) => {
      assert.equal(x, y, 'a uniform scale');
      local = { ...local, s: local.s * x };
    },
    save: () => saved.push({ ...state }),
    restore: () => Object.assign(state, saved.pop()),
    clip: () => rec.clips.push(path),
    fillRect: (x: number, y: number, width: number, height: number) => paint('fillRect', [{ kind: 'rect', x, y, width, height }]),
    clearRect: (x: number, y: number, width: number, height: number) => paint('clearRect', [{ kind: 'rect', x, y, width, height }]),
    beginPath: () => {
      path = [];
    },
    rect: (x: number, y: number, width: number, height: number) => path.push({ kind: 'rect', x, y, width, height }),
    roundRect: (x: number, y: number, width: number, height: number, r: number) => path.push({ kind: 'roundRect', x, y, width, height, r }),
    moveTo: (x: number, y: number) => path.push({ kind: 'move', x, y, width: 0, height: 0 }),
    lineTo: (x: number, y: number) => path.push({ kind: 'line', x, y, width: 0, height: 0 }),
    arc: (x: number, y: number, r: number) => path.push({ kind: 'arc', x: x - r, y: y - r, width: 2 * r, height: 2 * r }),
    fill: () => paint('fill', path),
    stroke: () => paint('stroke', path),
    setLineDash: (d: number[]) => {
      dash = [...d];
    },
    fillText: (t: string, x: number, y: number) => text('fill', t, x, y),
    strokeText: (t: string, x: number, y: number) => text('stroke', t, x, y),
    drawImage: (image: unknown, x: number, y: number, width: number, height: number) =>
      rec.images.push({ image, x, y, width, height, alpha: state.globalAlpha, smooth: (state as { imageSmoothingEnabled?: boolean }).imageSmoothingEnabled !== false, moved: moved(), matrix }),
  });
  // A font's glyphs as boxes 0.6 of its size wide, 0.8 above the baseline and 0.2 below (start-aligned).
  if (measure)
    Object.assign(ctx, {
      measureText: (t: string) => {
        rec.measured++;
        const px = fontSize(state.font);
        return { actualBoundingBoxLeft: 0, actualBoundingBoxRight: t.length * px * 0.6, actualBoundingBoxAscent: px * 0.8, actualBoundingBoxDescent: px * 0.2 };
      },
    });
  return { ctx: ctx as unknown as PaintContext, rec };
}

function demoModel(): AnatomyModel {
  return buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
}

function generatedModel(nodes: number, pods: number): AnatomyModel {
  return buildModel(generateClusterObjects({ nodes, pods, seed: 3 }), { kind: 'snapshot', name: 'generated.json', namespaces: [] });
}

function sceneOf(model: AnatomyModel, detail: Detail): Scene {
  return buildScene(layoutCluster(model, { detail, aspect: 1440 / 900 }));
}

const W = 1440;
const H = 900;

function fitted(scene: Scene): PaintView {
  const { width, height } = scene.layout;
  const k = Math.min(W / width, H / height);
  return { k, x: (W - width * k) / 2, y: (H - height * k) / 2, width: W, height: H, dpr: 1 };
}

/** The view at scale k with the point (cx, cy) of the layout in its middle. */
function centredOn(cx: number, cy: number, k: number): PaintView {
  return { k, x: W / 2 - cx * k, y: H / 2 - cy * k, width: W, height: H, dpr: 1 };
}

const COLORS = { accent: '#4f46e5', hit: '#f59e0b' };

function options(level: Level, over: Partial<PaintOptions> = {}): PaintOptions {
  return { theme: LIGHT, level, marks: NO_MARKS, overview: [], markColors: COLORS, bitmaps: false, ...over };
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const sameBox = (s: Rect, b: Rect) => near(s.x, b.x) && near(s.y, b.y) && near(s.width, b.width) && near(s.height, b.height);

/** The paint calls that drew a shape exactly on `box`. */
function paintsAt(rec: Recording, box: Rect): PaintCall[] {
  return rec.paints.filter((p) => p.op !== 'fillRect' && p.shapes.some((s) => (s.kind === 'rect' || s.kind === 'roundRect') && sameBox(s, box)));
}

function fontSize(font: string): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font);
  assert.ok(m, `a size in the font ${font}`);
  return Number(m[1]);
}

const items = (scene: Scene, kind: SceneItem['kind']) => scene.items.filter((i) => i.kind === kind);

/** Items in an item's subtree, itself included. */
function countItems(scene: Scene, item: SceneItem): number {
  return 1 + (scene.children.get(item.index) ?? []).reduce((n, i) => n + countItems(scene, scene.items[i]), 0);
}

/** Bitmaps that record what is painted into them; `canvas` has the size it has now. */
function bitmapFactory(measure = false): { bitmaps: Array<{ canvas: { width: number; height: number }; rec: Recording }>; factory: (width: number, height: number) => Bitmap } {
  const bitmaps: Array<{ canvas: { width: number; height: number }; rec: Recording }> = [];
  const factory = (width: number, height: number): Bitmap => {
    const { ctx, rec } = recordingContext(measure);
    const canvas = { width, height };
    bitmaps.push({ canvas, rec });
    return { canvas: canvas as unknown as Bitmap['canvas'], ctx };
  };
  return { bitmaps, factory };
}

describe('paintScene', () => {
  it('fills the background over the whole canvas, then paints in layout units under the view transform', () => {
    const scene = sceneOf(demoModel(), 'full');
    const { ctx, rec } = recordingContext();
    const view = { ...fitted(scene), dpr: 2 };
    paintScene(ctx, scene, view, options('overview'));
    const first = rec.paints[0];
    assert.equal(first.op, 'fillRect');
    assert.equal(first.style, LIGHT.background);
    assert.deepEqual(first.shapes[0], { kind: 'rect', x: 0, y: 0, width: W * 2, height: H * 2 });
    assert.deepEqual(rec.transforms, [
      [1, 0, 0, 1, 0, 0],
      [2 * view.k, 0, 0, 2 * view.k, 2 * view.x, 2 * view.y],
    ]);
    assert.deepEqual(rec.clips, [[{ kind: 'rect', x: 0, y: 0, width: W * 2, height: H * 2 }]], 'nothing beyond the view');
  });

  it("paints every box of the demo in the SVG renderer's colours and corners", () => {
    const scene = sceneOf(demoModel(), 'full');
    const { ctx, rec } = recordingContext();
    // Close enough for every corner to be round on screen.
    const view = { ...fitted(scene), k: 1, x: 0, y: 0, width: scene.layout.width, height: scene.layout.height };
    paintScene(ctx, scene, view, options('containers'));
    const expect = (item: SceneItem, fill: string, radius: number, stroke?: string) => {
      const at = paintsAt(rec, item);
      const filled = at.find((p) => p.op === 'fill' && p.style === fill);
      assert.ok(filled, `${item.kind} ${item.uid} filled ${fill}`);
      const shape = filled.shapes.find((s) => sameBox(s, item))!;
      assert.equal(shape.kind === 'roundRect' ? shape.r : 0, radius, `${item.kind} corner`);
      if (stroke) assert.ok(at.some((p) => p.op === 'stroke' && p.style === stroke && p.lineWidth === 1), `${item.kind} ${item.uid} stroked ${stroke}`);
    };
    let shared = 0;
    for (const item of scene.items) {
      if (item.kind === 'band' || item.kind === 'unscheduled') {
        const colors = item.uid === 'control-plane' ? LIGHT.controlPlaneBand : LIGHT.band;
        expect(item, colors.fill, 12, colors.stroke);
      } else if (item.kind === 'node') {
        expect(item, LIGHT.node.fill, 10, LIGHT.node.stroke);
        const bar = { x: item.x + 12, y: item.y, width: item.width - 24, height: 3 };
        assert.ok(paintsAt(rec, bar).some((p) => p.op === 'fill' && p.style === LIGHT.role[item.box.role]), 'role bar');
      } else if (item.kind === 'pod') {
        expect(item, LIGHT.pod.fill, 8, LIGHT.pod.stroke);
      } else if (item.kind === 'container') {
        expect(item, LIGHT.container.fill, 6, LIGHT.container.stroke);
        const stripe = { x: item.x, y: item.y, width: 4, height: item.height };
        assert.ok(paintsAt(rec, stripe).some((p) => p.op === 'fill' && p.style === LIGHT.status[item.box.tone]), 'status stripe');
      } else if (item.kind === 'volume') {
        if (item.box.shared) shared++;
        expect(item, (item.box.shared ? LIGHT.sharedVolume : LIGHT.volume).fill, 5, item.box.shared ? LIGHT.sharedVolume.stroke : undefined);
      }
    }
    assert.ok(shared > 0, 'the demo has shared volumes');
    // Pills: their background in the pill colour, their text in the pill's text colour.
    const pills = scene.items.flatMap((i) => ('pills' in i.box ? i.box.pills : []));
    assert.ok(pills.length > 0);
    for (const p of pills) {
      assert.ok(paintsAt(rec, p).some((c) => c.op === 'fill' && c.style === pillColors(LIGHT, p.tone).fill), `pill ${p.key}`);
      assert.ok(rec.texts.some((t) => t.text === p.text.text && t.style === pillColors(LIGHT, p.tone).text && t.align === 'center'));
    }
    // Connectors: a line in the lane's colour, dashed when read-only, with a dot at each end.
    const mounts = items(scene, 'mount');
    assert.ok(mounts.length > 0, 'the demo has mount connectors');
    for (const m of mounts) {
      if (m.kind !== 'mount') continue;
      const color = LIGHT.connectors[m.box.lane % LIGHT.connectors.length];
      const line = rec.paints.find(
        (p) => p.op === 'stroke' && p.style === color && p.shapes.length === m.box.points.length && m.box.points.every(([x, y], i) => near(p.shapes[i].x, x) && near(p.shapes[i].y, y)),
      );
      assert.ok(line, `connector ${m.uid}`);
      assert.equal(line.lineWidth, 1.5);
      assert.deepEqual(line.dash, m.box.readOnly ? [4, 3] : []);
      assert.ok(rec.texts.some((t) => t.text === m.box.label.text && t.style === color), 'the label in the connector colour');
    }
    // Texts at their baseline, aligned and in the font the layout measured.
    const node = items(scene, 'node')[0];
    const name = node.kind === 'node' ? node.box.texts[0] : undefined;
    assert.ok(name);
    const drawn = rec.texts.find((t) => t.text === name.text && t.x === name.x && t.y === name.y);
    assert.ok(drawn, 'the node name');
    assert.equal(drawn.font, `${name.weight} ${name.size}px ${LIGHT.fontFamily}`);
    assert.equal(drawn.style, LIGHT.text[name.tone]);
  });

  it('paints a compact tile in its status colour and a card with its status stripe, in the dark theme too', () => {
    for (const theme of [LIGHT, DARK]) {
      for (const detail of ['compact', 'cards'] as const) {
        const scene = sceneOf(demoModel(), detail);
        const { ctx, rec } = recordingContext();
        paintScene(ctx, scene, { ...fitted(scene), k: 1, x: 0, y: 0, width: scene.layout.width, height: scene.layout.height }, options('pods', { theme }));
        for (const pod of items(scene, 'pod')) {
          if (pod.kind !== 'pod') continue;
          const status = theme.status[pod.box.tone];
          if (detail === 'compact') {
            assert.ok(paintsAt(rec, pod).some((p) => p.op === 'fill' && p.style === status), 'tile in its status colour');
            assert.ok(!paintsAt(rec, pod).some((p) => p.op === 'stroke'), 'a tile has no stroke');
          } else {
            assert.ok(paintsAt(rec, pod).some((p) => p.op === 'fill' && p.style === theme.pod.fill), 'card');
            assert.ok(paintsAt(rec, { x: pod.x, y: pod.y, width: 4, height: pod.height }).some((p) => p.style === status), 'stripe');
          }
        }
      }
    }
  });

  it('paints only what meets the view: a box off screen, and all it holds, is culled', () => {
    const scene = sceneOf(demoModel(), 'full');
    const pods = items(scene, 'pod');
    const pod = pods[Math.floor(pods.length / 2)];
    const view = centredOn(pod.x + pod.width / 2, pod.y + pod.height / 2, 2);
    const { ctx, rec } = recordingContext();
    const stats = paintScene(ctx, scene, view, options('containers'));
    const visible = { x: -view.x / view.k, y: -view.y / view.k, width: W / view.k, height: H / view.k };
    const meets = (b: Rect) => b.x <= visible.x + visible.width && b.x + b.width >= visible.x && b.y <= visible.y + visible.height && b.y + b.height >= visible.y;
    let off = 0;
    for (const item of scene.items) {
      if (item.kind === 'mount') continue;
      const painted = paintsAt(rec, item).length > 0;
      if (meets(item)) assert.ok(painted, `${item.kind} ${item.uid} is on screen and painted`);
      // Beyond the culling slack (a few px) nothing of it may be painted.
      const far = { x: item.x - 10, y: item.y - 10, width: item.width + 20, height: item.height + 20 };
      if (!meets(far)) {
        off++;
        assert.ok(!painted, `${item.kind} ${item.uid} is off screen and not painted`);
      }
    }
    assert.ok(off > scene.items.length / 2, 'most of the demo is off screen at this zoom');
    assert.ok(stats.culled >= off, `culled ${stats.culled}, off screen ${off}`);
    assert.equal(stats.items + stats.culled, scene.items.length, 'every item is painted or culled');
    assert.ok(rec.texts.length > 0);
    for (const t of rec.texts) assert.ok(t.y >= visible.y - 20 && t.y <= visible.y + visible.height + 20, `text ${t.text} near the view`);
  });

  it('draws no text smaller than 11 px on screen, and the text that reads', () => {
    const scene = sceneOf(demoModel(), 'cards');
    for (const k of [0.5, 0.8, 0.846, 0.9, 1.2]) {
      const { ctx, rec } = recordingContext();
      const level = levelAt(scene.layout.pods.length, k);
      const stats = paintScene(ctx, scene, { ...fitted(scene), k, x: 0, y: 0, width: scene.layout.width * k, height: scene.layout.height * k }, options(level));
      for (const t of rec.texts) assert.ok(fontSize(t.font) * k >= MIN_SCREEN_TEXT * (1 - 1e-9), `${t.text} at ${fontSize(t.font)} × ${k}`);
      assert.equal(stats.texts, rec.texts.length);
      // A pod card's lines are 13 units: they read from k = 11/13.
      const podTexts = items(scene, 'pod').flatMap((p) => (p.kind === 'pod' ? p.box.texts : []));
      const drawnPodTexts = podTexts.filter((t) => rec.texts.some((r) => r.text === t.text && r.x === t.x && r.y === t.y));
      if (13 * k >= MIN_SCREEN_TEXT) assert.equal(drawnPodTexts.length, podTexts.length, `every pod text at k ${k}`);
      else assert.equal(drawnPodTexts.length, 0, `no pod text at k ${k}`);
    }
  });

  it('draws the overview labels, with a halo, only at the overview, and no node header there', () => {
    const scene = sceneOf(demoModel(), 'cards');
    const view = fitted(scene);
    const labels = overviewLabels(scene.layout, view.k);
    assert.ok(labels.length > 0);
    const texts = labels.flatMap((l) => l.texts);

    const at = recordingContext();
    // A node hovered: its outline is painted after the labels, under the view's transform as everything else.
    const hovered = labels[0].uid;
    paintScene(at.ctx, scene, view, options('overview', { overview: labels, marks: { ...NO_MARKS, hovered } }));
    const outline = paintsAt(at.rec, scene.byUid.get(hovered)!).filter((p) => p.op === 'stroke' && p.style === COLORS.accent);
    assert.ok(outline.length > 0, 'the hovered node outlined');
    assert.ok(!at.rec.paints.some((p) => p.moved) && !at.rec.images.some((i) => i.moved), 'no shape or image drawn moved or scaled by a label');
    const last = at.rec.transforms.at(-1)!;
    assert.deepEqual(last, [view.dpr * view.k, 0, 0, view.dpr * view.k, view.dpr * view.x, view.dpr * view.y], 'the labels leave the view transform set');
    for (const t of texts) {
      const calls = at.rec.texts.filter((r) => r.text === t.text && r.x === t.x && r.y === t.y);
      const halo = calls.find((c) => c.op === 'stroke');
      const fill = calls.find((c) => c.op === 'fill');
      assert.ok(halo && fill, `${t.text}: halo and fill`);
      assert.equal(halo.style, LIGHT.node.fill);
      assert.ok(near(halo.lineWidth, 4 / view.k));
      assert.equal(halo.lineJoin, 'round');
      assert.ok(at.rec.texts.indexOf(halo) < at.rec.texts.indexOf(fill), 'the halo under the text');
      assert.equal(fill.style, LIGHT.text[t.tone]);
    }
    const nodeTexts = items(scene, 'node').flatMap((n) => (n.kind === 'node' ? n.box.texts : []));
    for (const t of nodeTexts) assert.ok(!at.rec.texts.some((r) => r.text === t.text && r.x === t.x && r.y === t.y), `node header ${t.text} gives way at the overview`);

    const closer = recordingContext();
    paintScene(closer.ctx, scene, view, options('pods', { overview: labels }));
    for (const t of texts) assert.ok(!closer.rec.texts.some((r) => r.x === t.x && r.y === t.y && r.text === t.text), `${t.text} only at the overview`);
    assert.ok(!closer.rec.texts.some((r) => r.op === 'stroke'), 'no halo away from the overview');
  });

  it('draws each overview label from a bitmap of its halo and text, painted once, kept across paints, painted again on a new theme, dpr or zoom step', () => {
    const scene = sceneOf(demoModel(), 'cards');
    const view = fitted(scene);
    const labels = overviewLabels(scene.layout, view.k);
    const texts = labels.flatMap((l) => l.texts);
    assert.ok(texts.length > 2);
    const { bitmaps, factory } = bitmapFactory();
    const { ctx, rec } = recordingContext();
    /** The label bitmaps made so far: those with a halo stroked. */
    const sprites = () => bitmaps.filter((b) => b.rec.texts.some((t) => t.op === 'stroke'));
    const paint = (v: PaintView, over: Partial<PaintOptions> = {}) => {
      rec.texts.length = 0;
      rec.images.length = 0;
      return paintScene(ctx, scene, v, options('overview', { overview: labels, bitmaps: factory, ...over }));
    };
    /** The label texts drawn from bitmaps by the last paint, and where. */
    const drawn = () =>
      rec.images.flatMap((i) => {
        const b = sprites().find((s) => s.canvas === i.image);
        return b ? [{ text: b.rec.texts[1].text, image: i, bitmap: b }] : [];
      });

    paint(view);
    assert.equal(sprites().length, texts.length, 'a bitmap per label');
    for (const t of texts) {
      const b = sprites().find((s) => s.rec.texts[1]?.text === t.text && s.rec.texts[1].font.startsWith(`${t.weight} ${t.size}px`));
      assert.ok(b, `${t.text}: a bitmap`);
      const [halo, fill] = b.rec.texts;
      assert.equal(halo.op, 'stroke', 'the halo under the text');
      assert.equal(halo.style, LIGHT.node.fill);
      assert.equal(halo.lineJoin, 'round');
      const scale = b.rec.transforms[0][0];
      assert.ok(near(scale, view.k), 'painted at the view scale');
      assert.ok(near(halo.lineWidth, 4 / scale), '4 screen px wide');
      assert.equal(fill.op, 'fill');
      assert.equal(fill.style, LIGHT.text[t.tone]);
      const image = rec.images.find((i) => i.image === b.canvas);
      assert.ok(image, `${t.text}: drawn from its bitmap`);
      assert.ok(image.x < t.x && image.y < t.y && image.x + image.width > t.x && image.y + image.height > t.y, `${t.text}: over its anchor`);
      assert.ok(near(image.width, b.canvas.width / scale), 'at the view scale');
      // The 11 px rule: what overviewLabels gave at this scale reads on screen.
      assert.ok(t.size * image.width * (scale / b.canvas.width) * view.k >= MIN_SCREEN_TEXT * (1 - 1e-9));
    }
    assert.ok(!rec.texts.some((t) => t.op === 'stroke'), 'no halo stroked live');

    const count = bitmaps.length;
    const again = paint(view);
    assert.equal(bitmaps.length, count, 'kept across paints');
    assert.equal(drawn().length, texts.length);
    assert.equal(again.stale, 0);
    paint({ ...view, x: view.x + 3.5 });
    assert.equal(bitmaps.length, count, 'kept on a pan');

    // A theme of another node colour alone: the halos change, the texts do not.
    const halo = { ...LIGHT, node: { ...LIGHT.node, fill: '#123456' } };
    paint(view, { theme: halo });
    assert.equal(sprites().length, 2 * texts.length, 'painted again on a new halo colour');
    assert.ok(drawn().length === texts.length && drawn().every((d) => d.bitmap.rec.texts[0].style === '#123456'));
    paint(view, { theme: DARK });
    assert.equal(sprites().length, 3 * texts.length, 'painted again on a new theme');
    assert.ok(drawn().every((d) => d.bitmap.rec.texts[0].style === DARK.node.fill));
    const moved = paint({ ...view, dpr: 2 }, { theme: DARK });
    assert.equal(moved.labels, texts.length, 'a new dpr moves the scale as a zoom does: painted at it, a few a paint');
    assert.equal(moved.stale, 0);
    paint({ ...view, dpr: 2 }, { theme: DARK });
    assert.equal(sprites().length, 4 * texts.length, 'painted again on a new dpr, once');
    assert.ok(drawn().every((d) => near(d.bitmap.rec.transforms[0][0], 2 * view.k)));

    // A zoom step: while the zoom moves, the bitmaps near enough stand in; at rest they are painted again.
    const dark = { ...view, dpr: 2 };
    const nudged = paint({ ...dark, k: dark.k * 1.1 }, { theme: DARK });
    assert.equal(sprites().length, 4 * texts.length, 'no bitmap painted while the zoom moves');
    assert.equal(drawn().length, texts.length, 'stand-ins');
    assert.equal(nudged.stale, texts.length, 'to be painted again');
    paint({ ...dark, k: dark.k * 1.1 }, { theme: DARK });
    assert.equal(sprites().length, 5 * texts.length, 'painted again at rest');
    const far = paint({ ...dark, k: dark.k * 2 }, { theme: DARK });
    // Those on screen at twice the scale (the others are culled).
    assert.ok(far.labels > 0 && far.labels < texts.length);
    assert.equal(sprites().length, 5 * texts.length + far.labels, 'none near enough: painted at the new scale while the zoom moves (a few a paint, LABEL_ZOOM_RENDERS)');
    assert.equal(drawn().length, far.labels);
    assert.ok(drawn().every((d) => near(d.bitmap.rec.transforms[0][0], 2 * dark.k * 2)));
    assert.equal(far.stale, 0, 'painted at the scale shown: nothing to paint again');

    // Culling: with the view on one label's owner, labels of boxes off screen are neither painted nor drawn.
    const owner = scene.byUid.get(labels[0].uid)!;
    const close = centredOn(owner.x + owner.width / 2, owner.y + owner.height / 2, view.k * 3);
    const shown = overviewLabels(scene.layout, close.k);
    const onScreen = shown.filter((l) => {
      const b = scene.byUid.get(l.uid)!;
      return b.x * close.k + close.x < W && b.y * close.k + close.y < H && (b.x + b.width) * close.k + close.x > 0 && (b.y + b.height) * close.k + close.y > 0;
    });
    assert.ok(onScreen.length > 0 && onScreen.length < shown.length, 'some labels off screen');
    // Painted while the zoom moves (a few a paint), or else at rest.
    const before = sprites().length;
    paint(close, { overview: shown });
    paint(close, { overview: shown });
    const made = sprites().slice(before).map((b) => b.rec.texts[1].text).sort();
    assert.deepEqual(made, onScreen.flatMap((l) => l.texts.map((t) => t.text)).sort(), 'bitmaps for the labels on screen only');
    assert.equal(drawn().length, made.length);
  });

  it("sizes a label's bitmap by its text measured at one font size and scaled to the label's", () => {
    const scene = sceneOf(demoModel(), 'cards');
    const view = fitted(scene);
    const labels = overviewLabels(scene.layout, view.k);
    const { bitmaps, factory } = bitmapFactory(true);
    const { ctx } = recordingContext();
    paintScene(ctx, scene, view, options('overview', { overview: labels, bitmaps: factory }));
    const starts = labels.flatMap((l) => l.texts).filter((t) => t.anchor === 'start');
    assert.ok(starts.length > 2 && starts.every((t) => Math.abs(t.size - 100) > 10), 'labels of sizes other than the one measured at');
    // The halo reaches HALO_PX / 2 past the glyphs and a pixel more, each side (4 px at dpr 1), and bounds round up.
    for (const t of starts) {
      const b = bitmaps.find((x) => x.rec.texts.some((r) => r.op === 'fill' && r.text === t.text && near(fontSize(r.font), t.size)));
      assert.ok(b, `${t.text}: a bitmap`);
      const glyphs = t.text.length * t.size * 0.6 * view.k;
      assert.ok(b.canvas.width >= glyphs + 8 && b.canvas.width <= glyphs + 8 + 3, `${t.text}: ${b.canvas.width} px wide for ${glyphs.toFixed(1)} px of glyphs`);
      const tall = t.size * view.k;
      assert.ok(b.canvas.height >= tall + 8 && b.canvas.height <= tall + 8 + 3, `${t.text}: ${b.canvas.height} px high for ${tall.toFixed(1)} px`);
    }
    // A zoom step, at rest: every label painted again at the new scale, its text measured before.
    const measured = () => bitmaps.reduce((n, b) => n + b.rec.measured, 0);
    const before = measured();
    assert.equal(before, labels.flatMap((l) => l.texts).length, 'each text measured once');
    const made = bitmaps.length;
    const step = { ...view, k: view.k * 1.1 };
    paintScene(ctx, scene, step, options('overview', { overview: labels, bitmaps: factory }));
    paintScene(ctx, scene, step, options('overview', { overview: labels, bitmaps: factory }));
    assert.ok(bitmaps.length - made >= labels.flatMap((l) => l.texts).length, 'painted again at the new scale');
    assert.equal(measured(), before, 'not measured again');
  });

  it('paints its label bitmaps again once a font has loaded: text painted before may be in a stand-in', () => {
    const scene = sceneOf(demoModel(), 'cards');
    const view = fitted(scene);
    const labels = overviewLabels(scene.layout, view.k);
    const texts = labels.flatMap((l) => l.texts);
    const { bitmaps, factory } = bitmapFactory();
    const { ctx } = recordingContext();
    const sprites = () => bitmaps.filter((b) => b.rec.texts.some((t) => t.op === 'stroke')).length;
    const paint = (fonts?: number) => paintScene(ctx, scene, view, options('overview', { overview: labels, bitmaps: factory, ...(fonts === undefined ? {} : { fonts }) }));
    paint();
    paint(0);
    assert.equal(sprites(), texts.length, 'kept while no font has loaded');
    paint(1);
    assert.equal(sprites(), 2 * texts.length, 'painted again once one has');
    paint(1);
    assert.equal(sprites(), 2 * texts.length, 'and kept after');
  });

  it('works out ahead, a node a part, what node bitmaps hold, which paints then find worked out', () => {
    const layout = layoutCluster(generatedModel(40, 8_000), { detail: 'compact', aspect: 8 });
    const parts = (scene: Scene) => [...textKindsInParts(scene)].length;
    const ahead = buildScene(layout);
    const nodes = ahead.items.filter((i) => i.kind === 'node').length;
    const bands = ahead.items.filter((i) => i.kind === 'band' || i.kind === 'unscheduled').length;
    const made = parts(ahead);
    assert.ok(made >= nodes && made <= nodes + bands, `${made} parts: one for each node (each holds more than CACHE_MIN_ITEMS), then its band`);
    assert.equal(parts(ahead), 0, 'and none again');
    // Another layout of the same model (boxes of its own, none worked out): a paint works them out, and the parts after find none left.
    const again = layoutCluster(generatedModel(40, 8_000), { detail: 'compact', aspect: 8 });
    const anew = parts(buildScene(again));
    assert.ok(anew >= nodes, 'a layout of its own boxes: worked out anew');
    const fresh = layoutCluster(generatedModel(40, 8_000), { detail: 'compact', aspect: 8 });
    const painted = buildScene(fresh);
    const { factory } = bitmapFactory();
    const { ctx } = recordingContext();
    const stats = paintScene(ctx, painted, { k: 1, x: 0, y: 0, width: fresh.width, height: fresh.height, dpr: 1 }, options('overview', { bitmaps: factory }));
    assert.ok(stats.rendered > 10, 'node bitmaps painted');
    const left = parts(painted);
    assert.ok(left <= anew - stats.rendered, `${left} parts left of ${anew}: none for the ${stats.rendered} bitmaps the paint painted`);
  });

  it('paints its node bitmaps again once a font has loaded', () => {
    const layout = layoutCluster(generatedModel(40, 8_000), { detail: 'compact', aspect: 8 });
    const scene = buildScene(layout);
    const { factory } = bitmapFactory();
    const { ctx } = recordingContext();
    const view = { k: 1, x: 0, y: 0, width: layout.width, height: layout.height, dpr: 1 };
    const paint = (fonts?: number) => paintScene(ctx, scene, view, options('overview', { bitmaps: factory, ...(fonts === undefined ? {} : { fonts }) })).rendered;
    const first = paint();
    assert.ok(first > 10, 'node bitmaps painted');
    assert.equal(paint(0), 0, 'kept while no font has loaded');
    assert.equal(paint(1), first, 'every one painted again once one has');
    assert.equal(paint(1), 0, 'and kept after');
  });

  it('while the zoom moves, draws overview labels from the bitmaps of earlier steps, of the same text or a shorter one of the line, and at rest every label exactly', () => {
    // 300 nodes: hundreds of labels on screen, more than a zoom's paint may make bitmaps for.
    const scene = sceneOf(generatedModel(300, 3000), 'compact');
    // Names cut short to fit their nodes at k0, whole a step in (at k1); the pod counts alike at both.
    const k0 = 0.4;
    const k1 = k0 * 1.3;
    const owner = scene.items.find((i) => i.kind === 'node')!;
    const at = (k: number) => centredOn(owner.x + owner.width / 2, owner.y + owner.height / 2, k);
    const { bitmaps, factory } = bitmapFactory();
    const { ctx, rec } = recordingContext();
    const spriteOf = new Map<unknown, { text: string; scale: number; size: number; width: number }>();
    const paint = (k: number, overview = overviewLabels(scene.layout, k)) => {
      rec.texts.length = 0;
      rec.images.length = 0;
      const made = bitmaps.length;
      const stats = paintScene(ctx, scene, at(k), options('overview', { overview, bitmaps: factory }));
      for (const b of bitmaps.slice(made)) {
        const fill = b.rec.texts.find((t) => t.op === 'fill');
        if (b.rec.texts.some((t) => t.op === 'stroke') && fill) spriteOf.set(b.canvas, { text: fill.text, scale: b.rec.transforms[0][0], size: fontSize(fill.font), width: b.canvas.width });
      }
      return stats;
    };
    /** The labels on screen at k, and what the last paint drew: label bitmaps, and texts filled live. */
    const shown = (k: number, overview = overviewLabels(scene.layout, k)) => {
      const v = at(k);
      const texts = overview
        .filter((l) => {
          const b = scene.byUid.get(l.uid)!;
          return b.x * k + v.x < W && b.y * k + v.y < H && (b.x + b.width) * k + v.x > 0 && (b.y + b.height) * k + v.y > 0;
        })
        .flatMap((l) => l.texts);
      const images = rec.images.flatMap((i) => {
        const sprite = spriteOf.get(i.image);
        return sprite ? [{ ...sprite, image: i }] : [];
      });
      return { texts, images, live: rec.texts.filter((t) => t.op === 'fill') };
    };
    const rest = (k: number) => {
      for (let i = 0; i < 20 && paint(k).stale > 0; i++);
      const last = paint(k);
      assert.equal(last.stale, 0, 'at rest, every label comes up to date');
      assert.equal(last.labels, 0);
      const { texts, images, live } = shown(k);
      assert.ok(texts.length > LABEL_ZOOM_RENDERS, `${texts.length} labels on screen`);
      assert.equal(live.length, 0, 'none drawn live');
      assert.equal(images.length, texts.length, 'each from a bitmap');
      for (const t of texts) {
        const i = images.find((x) => x.text === t.text && near(x.size, t.size));
        assert.ok(i, `${t.text} at ${t.size}: a bitmap of its own text and size`);
        assert.ok(near(i.scale, k), 'painted at the scale shown');
        assert.ok(near(i.image.width, i.width / k), 'drawn unscaled');
      }
      return texts;
    };

    const before = rest(k0);
    const step = paint(k1);
    const { texts, images, live } = shown(k1);
    assert.ok(texts.some((t) => !before.some((b) => b.text === t.text)), 'names longer at this scale');
    assert.equal(step.labels, 0, 'no bitmap painted: each label has a stand-in');
    assert.equal(live.length, 0);
    assert.equal(images.length, texts.length, 'every label drawn, once');
    for (const i of images) {
      const same = texts.find((x) => x.text === i.text);
      // Drawn at the glyph size the view needs: the bitmap scaled by the sizes' ratio.
      const size = same?.size ?? texts.find((x) => x.size !== undefined && i.text.endsWith('…'))!.size;
      assert.ok(near(i.image.width * i.scale * i.size, i.width * size), `${i.text}: scaled to the size shown`);
      if (!same) assert.ok(texts.some((x) => x.text.startsWith(i.text.slice(0, -1))), `${i.text}: a shorter text of its line stands in for the whole name`);
    }
    assert.equal(step.stale, texts.length, 'stand-ins all: a paint at rest is asked for');
    rest(k1);
    // And back: the first scale's texts were painted then, at that very scale.
    const back = paint(k0);
    assert.equal(back.labels, 0);
    assert.equal(back.stale, 0, 'the way back draws from the bitmaps the way in left');
    assert.equal(shown(k0).live.length, 0);

    // Texts a step away with no stand-in (shorter than their line's, unseen): painted while the zoom moves, LABEL_ZOOM_RENDERS a paint, the rest live.
    // Each text names its label's node (by its place in the scene, base 36) and line: at most 5 characters, shorter than any line's.
    const cut = (k: number) =>
      overviewLabels(scene.layout, k).map((l) => ({ ...l, texts: l.texts.map((t, j) => ({ ...t, text: `${j}#${scene.byUid.get(l.uid)!.index.toString(36)}` })) }));
    const moving = paint(k1, cut(k1));
    const now = shown(k1, cut(k1));
    assert.equal(moving.labels, LABEL_ZOOM_RENDERS);
    assert.equal(now.images.length, LABEL_ZOOM_RENDERS);
    assert.equal(now.live.length, now.texts.length - LABEL_ZOOM_RENDERS, 'the rest live');
    assert.ok(now.images.every((i) => near(i.scale, k1) && near(i.image.width, i.width / k1)), 'painted at the scale shown');
    assert.equal(moving.stale, now.live.length);

    // At rest, LABEL_RENDERS bitmaps a paint; past them a bitmap of the same text at another size stands in.
    for (let i = 0; i < 20 && paint(k0, cut(k0)).stale > 0; i++);
    // A text is the same picture at another size when its anchor is the same too (a count beside a name is anchored at its end).
    const key = (t: { text: string; anchor: string }) => `${t.text}|${t.anchor}`;
    const painted = new Set(shown(k0, cut(k0)).texts.map(key));
    paint(k1, cut(k1));
    const settle = paint(k1, cut(k1));
    const settled = shown(k1, cut(k1));
    assert.ok(settled.texts.length > LABEL_RENDERS);
    assert.equal(settle.labels, LABEL_RENDERS);
    assert.equal(settled.images.length + settled.live.length, settled.texts.length);
    const label = (text: string) => settled.texts.find((t) => t.text === text)!;
    assert.ok(settled.live.every((t) => !painted.has(key(label(t.text)))), 'live only a text with no bitmap yet');
    const standIns = settled.images.filter((i) => near(i.scale, k0));
    assert.ok(standIns.length > 0 && standIns.every((i) => painted.has(key(label(i.text)))), 'the rest: bitmaps of the same text stand in');
    // The others: painted at this scale, by this paint (LABEL_RENDERS) or by the zoom's (texts no bitmap stood in for).
    assert.ok(settled.texts.length - standIns.length - settled.live.length >= LABEL_RENDERS);
    assert.equal(settle.stale, standIns.length + settled.live.length, 'to be painted at the next paints');
  });

  it('dims what a search leaves out, whole subtrees, at 0.16 while searching, and nothing otherwise', () => {
    const scene = sceneOf(demoModel(), 'full');
    const layout = scene.layout;
    const hit = layout.pods.find((p) => p.nodeUid)!;
    const marks = sceneMarks(layout, undefined, { hits: new Set([hit.uid]), context: new Set([hit.nodeUid!]) });
    assert.ok(marks.dimmed.size > 0);
    const view = { ...fitted(scene), k: 1, x: 0, y: 0, width: layout.width, height: layout.height };
    const { ctx, rec } = recordingContext();
    paintScene(ctx, scene, view, options('containers', { marks }));
    const dimmedAncestor = (item: SceneItem): boolean => {
      for (let at: SceneItem | undefined = item; at; at = at.parent >= 0 ? scene.items[at.parent] : undefined) if (marks.dimmed.has(at.uid)) return true;
      return false;
    };
    let dimmed = 0;
    for (const item of scene.items) {
      if (item.kind === 'mount') continue;
      const fills = paintsAt(rec, item).filter((p) => p.op === 'fill');
      assert.ok(fills.length > 0);
      const want = dimmedAncestor(item) ? DIM_ALPHA : 1;
      if (want !== 1) dimmed++;
      for (const f of fills) assert.equal(f.alpha, want, `${item.kind} ${item.uid}`);
    }
    assert.ok(dimmed > 10, 'whole subtrees are dimmed');
    assert.equal(paintsAt(rec, hit)[0].alpha, 1, 'the hit is lit');

    const idle = recordingContext();
    paintScene(idle.ctx, scene, view, options('containers', { marks: { ...marks, searching: false } }));
    assert.ok(idle.rec.paints.every((p) => p.alpha === 1) && idle.rec.texts.every((t) => t.alpha === 1), 'no search, nothing dimmed');
  });

  it('outlines the selection in the accent colour at 2.5 screen px, a hit in its colour, the hover at 1.5, the selection winning', () => {
    const scene = sceneOf(demoModel(), 'full');
    const view = fitted(scene);
    const [a, b, c] = items(scene, 'pod');
    const outlines = (marks: SceneMarks) => {
      const { ctx, rec } = recordingContext();
      paintScene(ctx, scene, view, options('overview', { marks }));
      return (box: Rect) => paintsAt(rec, box).filter((p) => p.op === 'stroke' && (p.style === COLORS.accent || p.style === COLORS.hit));
    };
    const marks: SceneMarks = { ...NO_MARKS, selected: a.uid, hovered: b.uid, searching: true, hits: new Set([a.uid, c.uid]), dimmed: new Set() };
    const at = outlines(marks);
    assert.deepEqual(
      at(a).map((p) => [p.style, p.lineWidth]),
      [[COLORS.accent, 2.5 / view.k]],
      'selected (and a hit): the accent only',
    );
    assert.deepEqual(
      at(b).map((p) => [p.style, p.lineWidth]),
      [[COLORS.accent, 1.5 / view.k]],
    );
    assert.deepEqual(
      at(c).map((p) => [p.style, p.lineWidth]),
      [[COLORS.hit, 2.5 / view.k]],
    );
    const none = outlines(NO_MARKS);
    assert.deepEqual([...none(a), ...none(b), ...none(c)], []);
  });

  it(`outlines a broad search's hits on screen through the quadtree (over ${HITS_BY_VIEW} hits), the same ones as hit by hit`, () => {
    const scene = sceneOf(generatedModel(20, 3_000), 'cards');
    const pods = items(scene, 'pod');
    const middle = pods[Math.floor(pods.length / 2)];
    const view = centredOn(middle.x + middle.width / 2, middle.y + middle.height / 2, 1);
    const inView = (b: Rect) => b.x + b.width >= -view.x / view.k && b.x <= (W - view.x) / view.k && b.y + b.height >= -view.y / view.k && b.y <= (H - view.y) / view.k;
    const hitOutlines = (hits: Set<string>) => {
      const { ctx, rec } = recordingContext();
      paintScene(ctx, scene, view, options('pods', { marks: { ...NO_MARKS, searching: true, selected: middle.uid, hits, dimmed: new Set() } }));
      return (box: Rect) => paintsAt(rec, box).some((p) => p.op === 'stroke' && p.style === COLORS.hit);
    };
    const all = new Set(pods.map((p) => p.uid));
    assert.ok(all.size > HITS_BY_VIEW);
    const broad = hitOutlines(all);
    const shown = pods.filter(inView);
    assert.ok(shown.length > 5 && shown.length < pods.length / 2, `a part of the pods on screen (${shown.length})`);
    for (const p of pods) assert.equal(broad(p), p.uid !== middle.uid && inView(p), `${p.uid}: outlined as a hit only on screen, and not when selected`);
    // A few hits go hit by hit, and outline the same pods among them.
    const few = new Set(shown.slice(0, 5).map((p) => p.uid));
    const narrow = hitOutlines(few);
    for (const p of shown.slice(0, 5)) assert.equal(narrow(p), p.uid !== middle.uid);
  });

  it('paints a box smaller than 1.5 screen px as one rect in its main colour, without what it holds', () => {
    const scene = sceneOf(generatedModel(40, 2_000), 'compact');
    const k = 1.4 / Math.max(...items(scene, 'node').map((n) => Math.max(n.width, n.height)));
    const { ctx, rec } = recordingContext();
    const stats = paintScene(ctx, scene, { ...fitted(scene), k, x: 10, y: 10 }, options('overview'));
    // Nodes in a band that is itself tiny are in its one rect.
    const nodes = items(scene, 'node').filter((n) => Math.max(scene.items[n.parent].width, scene.items[n.parent].height) * k >= 1.5);
    assert.ok(nodes.length > 0);
    for (const node of nodes) {
      assert.ok(node.width * k < 1.5 && node.height * k < 1.5);
      const at = paintsAt(rec, node);
      assert.deepEqual(
        at.map((p) => [p.op, p.style, p.shapes.find((s) => sameBox(s, node))!.kind]),
        [['fill', LIGHT.node.fill, 'rect']],
      );
    }
    for (const node of nodes) {
      for (const pod of scene.children.get(node.index) ?? []) assert.deepEqual(paintsAt(rec, scene.items[pod]), [], 'pods of a tiny node are not painted');
    }
    assert.deepEqual(rec.texts, []);
    assert.ok(stats.items < scene.items.length / 4);
  });

  it('fills the many tiles of a big cluster as one path per colour', () => {
    const scene = sceneOf(generatedModel(40, 2_000), 'compact');
    const { ctx, rec } = recordingContext();
    paintScene(ctx, scene, fitted(scene), options('overview'));
    const tones = new Set(scene.layout.pods.map((p) => p.tone));
    const tileFills = rec.paints.filter((p) => p.op === 'fill' && p.shapes.length > 1 && p.shapes.every((s) => s.width === 14 && s.height === 14));
    assert.equal(tileFills.length, tones.size, 'one fill per status colour');
    for (const pod of scene.layout.pods) {
      const fills = paintsAt(rec, pod);
      assert.equal(fills.length, 1);
      assert.equal(fills[0].style, LIGHT.status[pod.tone]);
    }
    assert.ok(rec.paints.length < 60, `${rec.paints.length} fills and strokes for ${scene.items.length} items`);
  });

  it('draws nodes small on screen from bitmaps, painted once, again on a new zoom step, and kept for an unchanged node of a new scene', () => {
    // More pods than a paint repaints into bitmaps that only changed scale, laid out so wide that no band gets a bitmap.
    const model = generatedModel(40, 8_000);
    const opts = { detail: 'compact' as const, aspect: 8 };
    const layout = layoutCluster(model, opts);
    const scene = buildScene(layout);
    const { bitmaps, factory } = bitmapFactory();
    const view = { k: 1, x: 0, y: 0, width: layout.width, height: layout.height, dpr: 1 };
    for (const band of items(scene, 'band')) assert.ok(band.width * 0.5 > BAND_CACHE_MAX_PX, `band ${band.uid} too wide for a bitmap at scale 0.5`);
    const { ctx, rec } = recordingContext();
    const nodes = items(scene, 'node').filter((n) => scene.children.get(n.index)!.length + 1 >= CACHE_MIN_ITEMS);
    assert.ok(nodes.length > 10);

    const first = paintScene(ctx, scene, view, options('overview', { bitmaps: factory }));
    assert.equal(first.rendered, nodes.length, 'a bitmap for each node holding enough');
    assert.equal(rec.images.length, nodes.length);
    for (const node of nodes) {
      const image = rec.images.find((i) => i.x < node.x && i.y < node.y && i.x + i.width > node.x + node.width && i.y + i.height > node.y + node.height);
      assert.ok(image, `node ${node.uid} drawn as an image over its box`);
      assert.ok(image.width - node.width < 4 / view.k, 'with a pad of about a pixel');
      // What the bitmap holds: the node's frame and every one of its tiles, in status colour.
      const inside = bitmaps.find((b) => paintsAt(b.rec, node).length > 0);
      assert.ok(inside, 'the node was painted into a bitmap');
      for (const podIndex of scene.children.get(node.index)!) {
        const pod = scene.items[podIndex];
        assert.ok(paintsAt(inside.rec, pod).some((p) => p.op === 'fill' && pod.kind === 'pod' && p.style === LIGHT.status[pod.box.tone]));
        assert.deepEqual(paintsAt(rec, pod), [], 'and not on the canvas itself');
      }
    }
    assert.equal(first.cached + first.culled + (first.items - first.cached), scene.items.length);

    const again = paintScene(ctx, scene, view, options('overview', { bitmaps: factory }));
    assert.equal(again.rendered, 0, 'the same view paints no bitmap again');
    const rebuilt = paintScene(ctx, buildScene(layout), view, options('overview', { bitmaps: factory }));
    assert.equal(rebuilt.rendered, 0, 'a new scene of the same boxes keeps them');
    // A live change to one node: the memo lays out only its grid again, and only its bitmap is painted again.
    const memo = createLayoutMemo();
    const before = buildScene(layoutCluster(model, opts, memo));
    paintScene(ctx, before, view, options('overview', { bitmaps: factory }));
    const changed = model.nodes.findIndex((n) => n.pods.length > 30);
    const next = { ...model, nodes: model.nodes.map((n, i) => (i === changed ? { ...n, pods: n.pods.slice(1) } : n)) };
    const after = buildScene(layoutCluster(next, opts, memo));
    assert.deepEqual([memo.stats.placed, memo.stats.shifted], [[model.nodes[changed].uid], []]);
    const live = paintScene(ctx, after, view, options('overview', { bitmaps: factory }));
    assert.equal(live.rendered, 1, 'one node painted again');
    const dark = paintScene(ctx, scene, view, options('overview', { bitmaps: factory, theme: DARK }));
    assert.equal(dark.rendered, nodes.length, 'another theme paints them again');
    // While the zoom moves, bitmaps of a scale near enough stand in as they are, and the paint says they are stale.
    const nudged = paintScene(ctx, scene, { ...view, k: 0.7 }, options('overview', { bitmaps: factory, theme: DARK }));
    assert.deepEqual([nudged.rendered, nudged.stale], [0, nodes.length]);
    // Zoomed out to less than half their scale: some are painted again, the others stand in, scaled, until later paints.
    const images = rec.images.length;
    const out = { ...view, k: 0.45, width: layout.width * 0.45, height: layout.height * 0.45 };
    const zoomed = paintScene(ctx, scene, out, options('overview', { bitmaps: factory, theme: DARK }));
    assert.ok(zoomed.rendered > 0 && zoomed.rendered < nodes.length / 2, `${zoomed.rendered} of ${nodes.length} painted again at the new scale`);
    assert.equal(zoomed.stale, nodes.length - zoomed.rendered);
    assert.equal(rec.images.length - images, nodes.length, 'and every node drawn');
    let rendered = zoomed.rendered;
    for (let i = 0; i < 20; i++) {
      const rest = paintScene(ctx, scene, out, options('overview', { bitmaps: factory, theme: DARK }));
      assert.ok(rest.rendered <= zoomed.rendered + 1, 'a few more each paint');
      rendered += rest.rendered;
      if (rest.stale === 0) break;
    }
    assert.equal(rendered, nodes.length, 'until all are painted at the new scale, each once');

    // Zooming past the scale where node names read (11/15) paints no bitmap again at the overview, where names give way to labels…
    const settle = (k: number, level: Level) => {
      for (let i = 0; i < 10; i++) if (paintScene(ctx, scene, { ...view, k }, options('overview', { bitmaps: factory, level })).rendered === 0) return;
      assert.fail('the bitmaps settle');
    };
    settle(0.72, 'overview');
    assert.equal(paintScene(ctx, scene, { ...view, k: 0.74 }, options('overview', { bitmaps: factory })).rendered, 0);
    // …and paints them again with their names closer in.
    settle(0.72, 'pods');
    assert.ok(paintScene(ctx, scene, { ...view, k: 0.74 }, options('pods', { bitmaps: factory })).rendered > 0);

    // A search that dims whole nodes draws their bitmaps faint; one that dims some pods of a node paints it again.
    const hit = layout.pods.find((p) => p.nodeUid === nodes[0].uid)!;
    const marks = sceneMarks(layout, undefined, { hits: new Set([hit.uid]), context: new Set([hit.nodeUid!]) });
    const searchRec = recordingContext();
    const searched = paintScene(searchRec.ctx, scene, view, options('overview', { bitmaps: factory, marks }));
    const faint = searchRec.rec.images.filter((i) => i.alpha === DIM_ALPHA);
    assert.equal(faint.length, nodes.length - 1, 'every other node faint');
    assert.equal(searched.rendered, nodes.length);
    const fresh = paintScene(searchRec.ctx, scene, view, options('overview', { bitmaps: factory, marks: { ...marks, hovered: hit.uid } }));
    assert.equal(fresh.rendered, 0, 'a new hover with the same search paints no bitmap again');
  });

  it("past the paint's time, paints no more bitmaps only for a new scale (after one, and one label), but every changed one; later paints catch up", () => {
    const model = generatedModel(40, 8_000);
    const opts = { detail: 'compact' as const, aspect: 8 };
    const memo = createLayoutMemo();
    const scene = buildScene(layoutCluster(model, opts, memo));
    const { factory } = bitmapFactory();
    const view = { k: 1, x: 0, y: 0, width: scene.layout.width, height: scene.layout.height, dpr: 1 };
    const out = { ...view, k: 0.45, width: view.width * 0.45, height: view.height * 0.45 };
    const nodes = items(scene, 'node').filter((n) => scene.children.get(n.index)!.length + 1 >= CACHE_MIN_ITEMS);
    const late = { now: () => 1, until: 0 };
    const early = { now: () => 0, until: 1 };
    // The same two paints, without a budget of time and with one that is spent from the start.
    const free = recordingContext();
    paintScene(free.ctx, scene, view, options('overview', { bitmaps: factory }));
    const unbounded = paintScene(free.ctx, scene, out, options('overview', { bitmaps: factory, budget: early }));
    assert.ok(unbounded.rendered > 1, `${unbounded.rendered} painted again within the time`);
    const { ctx, rec } = recordingContext();
    paintScene(ctx, scene, view, options('overview', { bitmaps: factory }));
    const images = rec.images.length;
    const bounded = paintScene(ctx, scene, out, options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([bounded.rendered, bounded.stale], [1, nodes.length - 1], 'one painted again, the others stand in');
    assert.equal(rec.images.length - images, nodes.length, 'every node drawn');
    let rendered = bounded.rendered;
    for (let i = 0; i < nodes.length && rendered < nodes.length; i++) rendered += paintScene(ctx, scene, out, options('overview', { bitmaps: factory, budget: late })).rendered;
    assert.equal(rendered, nodes.length, 'one more each paint, until all are up to date');
    assert.equal(paintScene(ctx, scene, out, options('overview', { bitmaps: factory, budget: late })).stale, 0);
    // What changed is painted whatever the time: a stand-in would show what is no longer.
    const changed = model.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.pods.length > 30).slice(0, 3).map(([, i]) => i);
    const next = { ...model, nodes: model.nodes.map((n, i) => (changed.includes(i) ? { ...n, pods: n.pods.slice(1) } : n)) };
    const live = paintScene(ctx, buildScene(layoutCluster(next, opts, memo)), out, options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([live.rendered, live.stale], [3, 0]);

    // Labels: at rest, up to LABEL_RENDERS bitmaps a paint within the time, one past it.
    const labelled = sceneOf(generatedModel(300, 3000), 'compact');
    const owner = labelled.items.find((i) => i.kind === 'node')!;
    const at = (k: number) => centredOn(owner.x + owner.width / 2, owner.y + owner.height / 2, k);
    const labels = (c: PaintContext, budget: PaintOptions['budget']) => paintScene(c, labelled, at(0.5), options('overview', { overview: overviewLabels(labelled.layout, 0.5), bitmaps: factory, budget }));
    const within = labels(recordingContext().ctx, early).labels;
    assert.ok(within > 1 && within <= LABEL_RENDERS, `${within} label bitmaps within the time`);
    const c = recordingContext().ctx;
    const first = labels(c, late);
    assert.equal(first.labels, 1);
    assert.ok(first.stale >= within - 1, 'the rest are asked for at the next paints');
    let painted = first.labels;
    for (let i = 0; i < 1000; i++) {
      const again = labels(c, late);
      painted += again.labels;
      if (again.stale === 0) break;
    }
    assert.equal(labels(c, late).stale, 0, 'until every label has its bitmap');
    assert.ok(painted >= within);
  });

  it('a node never painted waits once the paint is past its time (the first picture excepted): its own box stands in, its bitmap comes at a next paint', () => {
    const model = generatedModel(40, 8_000);
    const scene = buildScene(layoutCluster(model, { detail: 'compact', aspect: 8 }));
    const { factory } = bitmapFactory();
    const k = 0.45;
    const view = { k, x: 0, y: 0, width: scene.layout.width * k, height: scene.layout.height * k, dpr: 1 };
    const nodes = items(scene, 'node').filter((n) => scene.children.get(n.index)!.length + 1 >= CACHE_MIN_ITEMS);
    assert.ok(nodes.length > 10);
    const late = { now: () => 1, until: 0 };
    // The first picture is painted whole, whatever the time.
    const whole0 = paintScene(recordingContext().ctx, scene, view, options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([whole0.rendered, whole0.stale], [nodes.length, 0], 'the first picture whole');
    // A picture of the first node alone, then a zoom out to the whole view: the nodes not painted yet wait,
    // and the paints after it (at rest) go on filling them in.
    const { ctx, rec } = recordingContext();
    const corner = nodes[0];
    const k0 = k * 1.05;
    const alone = paintScene(ctx, scene, { ...view, k: k0, width: (corner.x + corner.width / 2) * k0, height: (corner.y + corner.height / 2) * k0 }, options('overview', { bitmaps: factory }));
    assert.ok(alone.rendered >= 1 && alone.rendered < 4, `${alone.rendered} painted for the corner`);
    const imagesBefore = rec.images.length;
    const first = paintScene(ctx, scene, view, options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([first.rendered, first.stale], [1, nodes.length - alone.rendered - 1], 'one painted, the others wait');
    assert.equal(rec.images.length - imagesBefore, alone.rendered + 1, 'those painted drawn from their bitmaps');
    // The boxes that stand in are the nodes' own frames, painted live: the whole picture's outline is there.
    const shapes = rec.paints.flatMap((p) => p.shapes);
    for (const n of nodes.slice(-3)) {
      assert.ok(
        shapes.some((shape) => shape.x === n.x && shape.y === n.y && shape.width === n.width && shape.height === n.height),
        `node ${n.uid} has its box`,
      );
    }
    let rendered = alone.rendered + first.rendered;
    let paints = 1;
    for (; paints < 2 * nodes.length && rendered < nodes.length; paints++) rendered += paintScene(ctx, scene, view, options('overview', { bitmaps: factory, budget: late })).rendered;
    assert.equal(rendered, nodes.length, 'one more each paint, until all are painted');
    assert.equal(paints, nodes.length - alone.rendered, 'never one twice');
    const images = rec.images.length;
    const rest = paintScene(ctx, scene, view, options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([rest.rendered, rest.stale], [0, 0]);
    assert.equal(rec.images.length - images, nodes.length, 'then every node is drawn from its bitmap');
    // Within the time, or without a budget, every node is painted at once, as before.
    const free = paintScene(recordingContext().ctx, scene, view, options('overview', { bitmaps: factory, budget: { now: () => 0, until: 1 } }));
    assert.deepEqual([free.rendered, free.stale], [nodes.length, 0]);

    // Laid out anew (every box a new one, as a level's other detail is; no memo, the same geometry) while the zoom moves: the same.
    const relaid = (detail: 'compact' | 'cards' = 'compact') => buildScene(layoutCluster(model, { detail, aspect: 8 }));
    const at = (s: Scene, scale: number) => ({ k: scale, x: 0, y: 0, width: s.layout.width * scale, height: s.layout.height * scale, dpr: 1 });
    const zoomed = relaid();
    const drawnBefore = rec.images.length;
    const moving = paintScene(ctx, zoomed, at(zoomed, k * 0.9), options('overview', { bitmaps: factory, budget: late }));
    assert.ok(rec.images.length > drawnBefore && rec.images.slice(drawnBefore).every((i) => !i.smooth), 'bitmaps drawn scaled without smoothing while the zoom moves');
    assert.equal(moving.rough, true, 'and the paint says so, for one more at rest');
    assert.deepEqual([moving.rendered, moving.stale], [1, nodes.length - 1], 'while the zoom moves, one painted, the others wait');
    // At rest (the scale of the paint before), a scene laid out anew at the same detail (a live change) is painted whole at once.
    const still = relaid();
    const restBefore = rec.images.length;
    const atRest = paintScene(ctx, still, at(still, k * 0.9), options('overview', { bitmaps: factory, budget: late }));
    assert.ok(rec.images.length > restBefore && rec.images.slice(restBefore).every((i) => i.smooth), 'at rest, smoothed');
    assert.equal(atRest.rough, undefined);
    assert.deepEqual([atRest.rendered, atRest.stale], [nodes.length, 0], 'at rest, all painted at once: a bare box would flicker');
    // At rest too once the zoom has crossed into a level of another detail: every box is new, as no live change makes them.
    const carded = relaid('cards');
    // (The same size on screen: the scale the compact picture had, over the larger layout.)
    const cardsK = (k * 0.9 * still.layout.width) / carded.layout.width;
    paintScene(ctx, still, at(still, cardsK), options('overview', { bitmaps: factory }));
    paintScene(ctx, still, at(still, cardsK), options('overview', { bitmaps: factory }));
    // (A view of a quarter of the width: its rows are then larger than the view, drawn node by node, not as band bitmaps.)
    const quarter = { ...at(carded, cardsK), width: (carded.layout.width * cardsK) / 4 };
    const crossed = paintScene(ctx, carded, quarter, options('overview', { bitmaps: factory, budget: late }));
    const inView = items(carded, 'node').filter((n) => n.x * cardsK < quarter.width && carded.children.get(n.index)!.length + 1 >= CACHE_MIN_ITEMS).length;
    assert.ok(inView > 4 && crossed.rendered <= 2 && crossed.stale >= inView - 2, `another detail at rest: ${crossed.rendered} painted, ${crossed.stale} waiting of ${inView}`);

    // A canvas whose bitmaps were let go (painted without them, as a hidden one's are) paints its next picture whole, zoom or not.
    const dropped = recordingContext().ctx;
    paintScene(dropped, scene, view, options('overview', { bitmaps: factory }));
    paintScene(dropped, scene, view, options('overview', { bitmaps: false }));
    const refilled = paintScene(dropped, scene, at(scene, k * 0.9), options('overview', { bitmaps: factory, budget: late }));
    assert.deepEqual([refilled.rendered, refilled.stale], [nodes.length, 0], 'a first picture again: whole');

    // Nodes painted into a band's bitmap (a view the rows fit in) are painted whole: a bare box would stay in the band's picture.
    const rows = buildScene(layoutCluster(model, { detail: 'compact', aspect: 6 }));
    const banded = recordingContext().ctx;
    const rowsNodes = items(rows, 'node').filter((n) => rows.children.get(n.index)!.length + 1 >= CACHE_MIN_ITEMS);
    const first6 = rowsNodes[0];
    paintScene(banded, rows, { k, x: 0, y: 0, width: (first6.x + first6.width / 2) * k, height: (first6.y + first6.height / 2) * k, dpr: 1 }, options('overview', { bitmaps: factory }));
    const intoBands = paintScene(banded, rows, at(rows, k * 0.9), options('overview', { bitmaps: factory, budget: late }));
    assert.equal(intoBands.stale, 0, `no node left bare in a band: ${intoBands.rendered} painted, ${intoBands.stale} waiting`);
    assert.ok(intoBands.rendered > rowsNodes.length, 'the nodes and their bands painted');
  });

  it("draws a node's bitmap from the picture taken out of its canvas (an ImageBitmap), a band's from its canvas; closes a picture painted over or dropped; clears a bitmap of the same size in place", () => {
    const model = generatedModel(40, 8_000);
    const scene = buildScene(layoutCluster(model, { detail: 'compact', aspect: 1440 / 900 }));
    // Canvases that give their picture away as a token, as an OffscreenCanvas gives an ImageBitmap (and is left blank).
    const pictures: Array<{ from: object; closed: boolean; close(): void }> = [];
    let resized = 0;
    const { bitmaps, factory } = bitmapFactory();
    const giving = (width: number, height: number): Bitmap => {
      const bitmap = factory(width, height);
      const canvas = bitmap.canvas as unknown as Record<string, unknown>;
      // Sizes set after it was made: each allocates a canvas's pixels anew.
      let w = width;
      let h = height;
      Object.defineProperty(canvas, 'width', { get: () => w, set: (v: number) => ((w = v), resized++) });
      Object.defineProperty(canvas, 'height', { get: () => h, set: (v: number) => ((h = v), resized++) });
      canvas.transferToImageBitmap = () => {
        const picture = { from: canvas, closed: false, close: () => (picture.closed = true) };
        pictures.push(picture);
        return picture;
      };
      return bitmap;
    };
    const { ctx, rec } = recordingContext();
    const view = fitted(scene);
    const big = (i: SceneItem) => countItems(scene, i) >= CACHE_MIN_ITEMS;
    const bands = scene.items.filter((i) => (i.kind === 'band' || i.kind === 'unscheduled') && big(i));
    const nodes = items(scene, 'node').filter(big);
    paintScene(ctx, scene, view, options('overview', { bitmaps: giving }));
    assert.equal(pictures.length, nodes.length, 'one picture a node, none for a band');
    // On the canvas: the bands, from their canvases; in the bands' bitmaps: the nodes, from their pictures.
    assert.equal(rec.images.length, bands.length);
    assert.ok(rec.images.every((i) => bitmaps.some((b) => (b.canvas as unknown) === i.image)));
    const composed = bitmaps.flatMap((b) => b.rec.images);
    assert.equal(composed.length, nodes.length);
    assert.ok(composed.every((i) => pictures.some((p) => p === i.image)), 'each node drawn from its picture');
    // Closer in, the nodes on the canvas are drawn from their pictures too.
    const drawn = rec.images.length;
    paintScene(ctx, scene, { ...view, k: 1 }, options('overview', { bitmaps: giving }));
    const closer = rec.images.slice(drawn);
    assert.ok(closer.length > 4 && closer.every((i) => pictures.some((p) => p === i.image && !p.closed)));
    // Painted again (another theme): the old pictures are closed, not left to the collector; bitmaps of the
    // same size are cleared in place, not given their size again (which allocates a band's megabytes anew).
    const before = pictures.length;
    const cleared = bitmaps.map((b) => b.rec.paints.filter((p) => p.op === 'clearRect').length);
    resized = 0;
    paintScene(ctx, scene, view, options('overview', { bitmaps: giving, theme: DARK }));
    assert.ok(pictures.length > before);
    assert.ok(pictures.slice(0, before).every((p) => p.closed), 'every picture painted over is closed');
    assert.equal(resized, 0, 'no size set again');
    const again = bitmaps.filter((b, i) => b.rec.paints.filter((p) => p.op === 'clearRect').length > cleared[i]);
    assert.equal(again.length, bands.length + nodes.length, 'each cleared');
    for (const b of again) {
      const c = b.rec.paints.filter((p) => p.op === 'clearRect').at(-1)!;
      assert.deepEqual(c.shapes[0], { kind: 'rect', x: 0, y: 0, width: b.canvas.width, height: b.canvas.height }, 'whole');
    }
    // Bitmaps dropped (drawn without them): their pictures are closed.
    paintScene(ctx, scene, view, options('overview', { bitmaps: false }));
    assert.ok(pictures.every((p) => p.closed));
  });

  it('draws a band small on screen from one bitmap made of its nodes\' bitmaps, kept while its nodes and look are', () => {
    const model = generatedModel(40, 8_000);
    const opts = { detail: 'compact' as const, aspect: 1440 / 900 };
    const memo = createLayoutMemo();
    const scene = buildScene(layoutCluster(model, opts, memo));
    const { bitmaps, factory } = bitmapFactory();
    const view = fitted(scene);
    const { ctx, rec } = recordingContext();
    const big = (i: SceneItem) => countItems(scene, i) >= CACHE_MIN_ITEMS;
    const bands = scene.items.filter((i) => (i.kind === 'band' || i.kind === 'unscheduled') && big(i));
    const nodes = items(scene, 'node').filter(big);
    assert.ok(bands.length >= 2 && nodes.length > 10);

    const first = paintScene(ctx, scene, view, options('overview', { bitmaps: factory }));
    assert.equal(first.rendered, bands.length + nodes.length);
    assert.equal(rec.images.length, bands.length, 'one image a band on the canvas');
    for (const band of bands) assert.deepEqual(paintsAt(rec, band), [], 'no band frame on the canvas itself');
    for (const node of nodes) assert.deepEqual(paintsAt(rec, node), [], 'no node frame on the canvas itself');
    // The bands' bitmaps hold the nodes' images, one each, copied at whole device pixels (no transform, no resampling).
    const composed = bitmaps.flatMap((b) => b.rec.images);
    assert.equal(composed.length, nodes.length);
    for (const image of composed) {
      assert.deepEqual(image.matrix, [1, 0, 0, 1, 0, 0], 'drawn in device px');
      assert.ok(Number.isInteger(image.x) && Number.isInteger(image.y), `at whole pixels (${image.x}, ${image.y})`);
      assert.equal(image.width, undefined, 'at its own size');
    }
    // Each within half a pixel of where its node is in the band.
    const bandScale = 2 ** Math.round(Math.log2(view.k * (view.dpr ?? 1)));
    for (const band of bands) {
      // Only nodes large enough have bitmaps of their own (the control plane's are painted in its band live).
      const inBand = nodes.filter((n) => n.parent === band.index);
      if (!inBand.length) continue;
      const size = (w: number) => Math.ceil(w * bandScale) + 2 * BITMAP_PAD;
      const bitmap = bitmaps.find((b) => b.rec.images.length > 0 && b.canvas.width === size(band.width) && b.canvas.height === size(band.height))!;
      assert.equal(bitmap.rec.images.length, inBand.length);
      inBand.forEach((n, i) => {
        const at = bitmap.rec.images[i];
        assert.ok(Math.abs(at.x - (n.x - band.x) * bandScale) <= 0.5 && Math.abs(at.y - (n.y - band.y) * bandScale) <= 0.5, `${n.uid} at (${at.x}, ${at.y})`);
      });
    }

    const panned = paintScene(ctx, scene, { ...view, x: view.x + 100, y: view.y - 40 }, options('overview', { bitmaps: factory }));
    assert.equal(panned.rendered, 0, 'a pan paints no bitmap');
    // Closer in, a band's bitmap would be mostly off screen: its nodes are drawn from their own.
    const drawn = rec.images.length;
    paintScene(ctx, scene, { ...view, k: 1 }, options('overview', { bitmaps: factory }));
    const closer = rec.images.slice(drawn);
    assert.ok(closer.length > 4, `${closer.length} images`);
    const workers = scene.items.find((i) => i.uid === 'workers')!;
    assert.ok(workers.width * workers.height > 1.5 * W * H, 'the workers band is larger than the view at scale 1');
    for (const image of closer) assert.ok(image.height < workers.height / 2, 'nodes, not the workers band');
    paintScene(ctx, scene, view, options('overview', { bitmaps: factory }));

    const changed = model.nodes.findIndex((n) => n.pods.length > 30 && n.name.includes('worker'));
    const next = { ...model, nodes: model.nodes.map((n, i) => (i === changed ? { ...n, pods: n.pods.slice(1) } : n)) };
    const after = buildScene(layoutCluster(next, opts, memo));
    assert.deepEqual([memo.stats.placed, memo.stats.shifted], [[model.nodes[changed].uid], []]);
    const composedBeforeLive = bitmaps.reduce((n, b) => n + b.rec.images.length, 0);
    const imagesBefore = bitmaps.map((b) => b.rec.images.length);
    const clears = (b: (typeof bitmaps)[number]) => b.rec.paints.filter((p) => p.op === 'clearRect').length;
    const clearsBefore = bitmaps.map(clears);
    const live = paintScene(ctx, after, view, options('overview', { bitmaps: factory }));
    // The node's old box and its new one are the same place (it lost a pod, not a row): the band is cleared and painted there once.
    const patchedBand = bitmaps.filter((b, i) => b.rec.images.length > (imagesBefore[i] ?? 0));
    assert.equal(patchedBand.length, 1, 'one band bitmap drew images again');
    assert.equal(clears(patchedBand[0]) - clearsBefore[bitmaps.indexOf(patchedBand[0])], 1, 'the band cleared once where the node is');
    assert.equal(live.rendered, 2, 'the changed node and the band holding it painted again, the other bands kept');
    assert.equal(live.patched, 1, 'the band painted again only where the node is');
    const composedLive = bitmaps.reduce((n, b) => n + b.rec.images.length, 0) - composedBeforeLive;
    assert.ok(composedLive >= 1 && composedLive <= 3, `the node's image (and a neighbour's edge, at most) drawn into the band, not all ${nodes.length} (${composedLive})`);

    // A search: the bands are painted again, whole nodes dimmed in them at 0.16 from their bitmaps, the node of the hit again.
    const layout = after.layout;
    const hitNode = nodes.find((n) => n.uid !== model.nodes[changed].uid)!;
    const hit = layout.pods.find((p) => p.nodeUid === hitNode.uid)!;
    const marks = sceneMarks(layout, undefined, { hits: new Set([hit.uid]), context: new Set([hit.nodeUid!]) });
    const composedBefore = bitmaps.map((b) => b.rec.images.length);
    const searched = paintScene(ctx, after, view, options('overview', { bitmaps: factory, marks }));
    const faint = bitmaps.flatMap((b, i) => b.rec.images.slice(composedBefore[i] ?? 0)).filter((i) => i.alpha === DIM_ALPHA);
    assert.equal(faint.length, nodes.length - 1, 'every other node faint');
    assert.equal(searched.rendered, bands.length + 1);
    const hovered = paintScene(ctx, after, view, options('overview', { bitmaps: factory, marks: { ...marks, hovered: hit.uid } }));
    assert.equal(hovered.rendered, 0, 'a new hover with the same search paints no bitmap again');

    // Zoomed out to less than half the scale: a band's bitmap made while some of its nodes' stood in is made again
    // as they are painted, paint after paint, until every node's bitmap is at the new scale.
    const out = { ...view, k: view.k / 2.2 };
    const s = 2 ** Math.round(Math.log2(out.k));
    let paints = 0;
    for (let stale = 1; stale > 0 && paints < 40; paints++) stale = paintScene(ctx, after, out, options('overview', { bitmaps: factory })).stale;
    assert.ok(paints > 2 && paints < 40, `settled after ${paints} paints`);
    assert.equal(paintScene(ctx, after, out, options('overview', { bitmaps: factory })).rendered, 0);
    const cached = items(after, 'node').filter((n) => countItems(after, n) >= CACHE_MIN_ITEMS);
    const sizes = new Set(cached.map((n) => `${Math.ceil(n.width * s) + 2}x${Math.ceil(n.height * s) + 2}`));
    const atScale = bitmaps.filter((b) => sizes.has(`${b.canvas.width}x${b.canvas.height}`));
    assert.equal(atScale.length, cached.length, `every node's bitmap painted at scale ${s}`);
  });

  it('draws what a band holds after its nodes\' images in the band\'s own units again (a small node painted live among nodes from bitmaps)', () => {
    const model = generatedModel(40, 8_000);
    const at = model.nodes.findIndex((n) => n.role !== 'control-plane' && n.pods.length > 30);
    const small = { ...model, nodes: model.nodes.map((n, i) => (i === at ? { ...n, pods: n.pods.slice(0, 2) } : n)) };
    const scene = buildScene(layoutCluster(small, { detail: 'compact', aspect: 1440 / 900 }));
    const node = items(scene, 'node').find((n) => n.uid === model.nodes[at].uid)!;
    assert.ok(countItems(scene, node) < CACHE_MIN_ITEMS, 'the small node has no bitmap of its own');
    const { bitmaps, factory } = bitmapFactory();
    const { ctx } = recordingContext();
    paintScene(ctx, scene, fitted(scene), options('overview', { bitmaps: factory }));
    const band = bitmaps.find((b) => b.rec.images.length > 0)!;
    const identity = (m: number[]) => m.join() === '1,0,0,1,0,0';
    assert.ok(band.rec.images.every((i) => identity(i.matrix)), 'images at whole device pixels');
    const drawn = band.rec.paints.filter((p) => p.op === 'fill' || p.op === 'stroke');
    // Its pods, at the layer after the nodes' (their images), are shapes inside it in layout units.
    const inside = drawn.filter((p) => p.shapes.some((sh) => sh.x >= node.x && sh.y >= node.y && sh.x + sh.width <= node.x + node.width && sh.y + sh.height <= node.y + node.height && (sh.width < node.width || sh.height < node.height)));
    assert.ok(inside.length > 0, 'the small node\'s pods painted in the band');
    assert.ok(drawn.every((p) => !identity(p.matrix)), 'no shape drawn under the images\' transform');
  });

  it('hands cluster strings to fillText as the layout has them, markup and all, as text', () => {
    const scene = sceneOf(hostileCluster(), 'full');
    const { ctx, rec } = recordingContext();
    paintScene(ctx, scene, { k: 1, x: 0, y: 0, width: scene.layout.width, height: scene.layout.height, dpr: 1 }, options('containers'));
    const laidOut = scene.items.flatMap((i) => [
      ...('texts' in i.box ? i.box.texts : []),
      ...('pills' in i.box ? i.box.pills.map((p) => p.text) : []),
      ...(i.kind === 'mount' ? [i.box.label] : []),
    ]);
    const expected = [...scene.layout.header, ...laidOut].map((t) => t.text).sort();
    assert.deepEqual(rec.texts.map((t) => t.text).sort(), expected);
    assert.ok(rec.texts.some((t) => t.text.includes('<script>') || t.text.includes('<img')), 'markup reaches the canvas as text');
  });

  it('refuses a view it cannot paint, saying what is wrong', () => {
    const scene = sceneOf(demoModel(), 'compact');
    const { ctx } = recordingContext();
    const view = fitted(scene);
    assert.throws(() => paintScene(ctx, scene, { ...view, k: 0 }, options('overview')), /view\.k must be a positive finite scale, got 0/);
    assert.throws(() => paintScene(ctx, scene, { ...view, x: Number.NaN }, options('overview')), /view\.x must be a finite number, got NaN/);
    assert.throws(() => paintScene(ctx, scene, { ...view, dpr: -1 }, options('overview')), /view\.dpr/);
    assert.throws(() => paintScene(ctx, scene, { ...view, width: Infinity }, options('overview')), /view\.width/);
  });
});
