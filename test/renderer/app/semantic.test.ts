// Semantic zoom on linkedom, with a zoom controller that moves only when told:
// the level follows the scale, the first view is the finest legible one, and
// a change of geometry at the end of a move keeps the object under the focus
// where it was on screen.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { createCanvas } from '../../../renderer/app/canvas.ts';
import type { CanvasView } from '../../../renderer/app/canvas.ts';
import { createSemanticZoom, WARM_AFTER_MS, WARM_AT_MOST_MS, WARM_FROM_PODS, WARM_MARGIN_MS, WARM_SLICE_MS, type IdleTime, type QuietHost } from '../../../renderer/app/semantic.ts';
import type { ClusterLayout, Detail } from '../../../renderer/layout/types.ts';
import type { ZoomController } from '../../../renderer/app/zoom.ts';
import { CANVAS_LEVEL_BUDGET, levelScale } from '../../../renderer/layout/lod.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

function canvasOnLinkedom() {
  const { document } = parseHTML('<!doctype html><html><body><svg><g id="viewport"></g></svg></body></html>');
  const viewport = document.getElementById('viewport') as unknown as SVGGElement;
  return createCanvas(viewport, { select() {}, zoomTo() {}, focused() {} });
}

/** The zoom of a 1060x786 view, moved only by the test (and by the code under test through moveTo and fit). */
function fakeZoom() {
  let moving = false;
  let t = { x: 0, y: 0, k: 1 };
  let content = { width: 0, height: 0 };
  let focus: { x: number; y: number } | undefined;
  const changes: Array<(k: number) => void> = [];
  const ends: Array<() => void> = [];
  const view = { width: 1060, height: 786 };
  const set = (next: typeof t) => {
    t = next;
    for (const l of changes) l(t.k);
    for (const l of ends) l();
  };
  const zoom: ZoomController = {
    setContent: (width, height) => void (content = { width, height }),
    fit: (_animate, scale) => {
      const k = scale ?? Math.min(1.5, (view.width - 48) / content.width, (view.height - 48) / content.height);
      set({ x: (view.width - content.width * k) / 2, y: 24, k });
    },
    zoomBy: () => {},
    panBy: () => {},
    zoomTo: () => {},
    ensureVisible: () => {},
    scale: () => t.k,
    transform: () => ({ ...t }),
    moveTo: (x, y, k) => set({ x, y, k }),
    view: () => view,
    focus: () => focus,
    moving: () => moving,
    onChange: (l) => void changes.push(l),
    onEnd: (l) => void ends.push(l),
  };
  return {
    zoom,
    /** A wheel at (x, y) that ends at scale k, keeping the layout point under the pointer in place. */
    wheel(x: number, y: number, k: number) {
      focus = { x, y };
      const px = (x - t.x) / t.k;
      const py = (y - t.y) / t.k;
      set({ x: x - px * k, y: y - py * k, k });
    },
    transform: () => t,
    setMoving: (m: boolean) => void (moving = m),
    /** The end of a move that changed nothing. */
    end: () => ends.forEach((l) => l()),
  };
}

function hundredPods(): AnatomyModel {
  return buildModel(generateClusterObjects({ nodes: 4, pods: 100 }), { kind: 'snapshot', name: 'seeded', namespaces: [] });
}

describe('semantic zoom', () => {
  it('opens the demo-sized and the 100-pod cluster at the pods level, legibly', () => {
    for (const model of [kindCluster(), hundredPods()]) {
      const canvas = canvasOnLinkedom();
      const z = fakeZoom();
      const semantic = createSemanticZoom(canvas, z.zoom, { redrawn() {} });
      semantic.show(model, 'light', false, true);
      assert.equal(canvas.layout()!.detail, 'cards');
      assert.equal(canvas.drawing.getAttribute('data-level'), 'pods');
      assert.ok(z.transform().k >= levelScale('pods'), `fitted at ${z.transform().k}`);
    }
  });

  it('opens pods with their containers when zoomed in past 100 %, keeping the pod under the pointer in place, and closes them again', () => {
    const canvas = canvasOnLinkedom();
    const z = fakeZoom();
    let redrawn = 0;
    const semantic = createSemanticZoom(canvas, z.zoom, { redrawn: () => redrawn++ });
    semantic.show(kindCluster(), 'light', false, true);
    const cards = canvas.layout()!;
    const pod = cards.pods.find((p) => p.name.startsWith('web-'))!;
    const screen = (box: { x: number; y: number }) => ({ x: box.x * z.transform().k + z.transform().x, y: box.y * z.transform().k + z.transform().y });
    // The pointer on the pod card's left quarter, a wheel to 140 %.
    const at = screen({ x: pod.x + pod.width / 4, y: pod.y + pod.height / 2 });
    const before = redrawn;
    z.wheel(at.x, at.y, 1.4);
    const full = canvas.layout()!;
    assert.equal(full.detail, 'full');
    assert.equal(canvas.drawing.getAttribute('data-level'), 'containers');
    assert.ok(canvas.drawing.querySelector(`g[data-uid="${pod.uid}"] g[data-kind=container]`), 'the pod shows its containers');
    assert.ok(redrawn > before, 'marks are put back after the new layout');
    const box = full.pods.find((p) => p.uid === pod.uid)!;
    const now = screen({ x: box.x + box.width / 4, y: box.y + box.height / 2 });
    assert.ok(Math.abs(now.x - at.x) < 0.5 && Math.abs(now.y - at.y) < 0.5, `the pod stayed under the pointer: ${JSON.stringify(now)} against ${JSON.stringify(at)}`);
    assert.equal(z.transform().k, 1.4, 'at the scale the wheel left it');
    // Out again, below the pods level: cards, at the overview, with labels.
    z.wheel(at.x, at.y, 0.5);
    assert.equal(canvas.layout()!.detail, 'cards');
    assert.equal(canvas.drawing.getAttribute('data-level'), 'overview');
    assert.ok(canvas.drawing.querySelectorAll('g.ka-overview').length >= 3);
    // Within the cards, only what is shown changes.
    const layout = canvas.layout();
    z.wheel(at.x, at.y, 0.9);
    assert.equal(canvas.layout(), layout);
    assert.equal(canvas.drawing.getAttribute('data-level'), 'pods');
    assert.equal(canvas.drawing.querySelectorAll('g.ka-overview').length, 0);
  });

  it('draws a container the panel asks to zoom to, going to the containers level for it', () => {
    const canvas = canvasOnLinkedom();
    const z = fakeZoom();
    const semantic = createSemanticZoom(canvas, z.zoom, { redrawn() {} });
    const model = kindCluster();
    semantic.show(model, 'light', false, true);
    const container = model.nodes[1].pods[0].containers[0];
    assert.equal(canvas.boxOf(container.uid), undefined);
    const box = semantic.boxFor({ kind: 'container', uid: container.uid });
    assert.ok(box && box.width > 0);
    assert.equal(canvas.layout()!.detail, 'full');
  });
});

/** Timers and idle periods that run when the test says. */
function quietHost() {
  const timers = new Map<number, { at: number; run: () => void }>();
  const idle: Array<(deadline?: IdleTime) => void> = [];
  let now = 0;
  let handles = 0;
  let warmed = 0;
  const host: QuietHost = {
    now: () => now,
    warmed: () => void warmed++,
    setTimeout: (run, ms) => (timers.set(++handles, { at: now + ms, run }), handles),
    clearTimeout: (handle) => void timers.delete(handle),
    requestIdleCallback: (run) => (idle.push(run), ++handles),
  };
  return {
    host,
    advance(ms: number) {
      now += ms;
      for (const [handle, timer] of [...timers]) {
        if (timer.at > now) continue;
        timers.delete(handle);
        timer.run();
      }
    },
    /** Runs the idle periods asked for so far (each told `deadline`, when given); how many there were. */
    idle(deadline?: IdleTime) {
      const due = idle.splice(0);
      for (const run of due) run(deadline);
      return due.length;
    },
    /** Moves the clock without running any timer (time spent inside a task). */
    tick(ms: number) {
      now += ms;
    },
    timers: () => timers.size,
    warmed: () => warmed,
  };
}

/** A canvas that lays nothing out: each render or warm-up is a record, and a layout of the detail asked for. */
function stubCanvas() {
  let shape: Detail | undefined;
  let current: ClusterLayout | undefined;
  const warmed: Detail[] = [];
  /** What each warm-up call was told to ask before taking another part. */
  const mores: Array<(() => boolean) | undefined> = [];
  const ready = new Set<string>();
  const layoutOf = (detail: Detail) => ({ detail, width: 1000, height: 600, nodes: [], pods: [], containers: [], volumes: [], bands: [] }) as unknown as ClusterLayout;
  const canvas = {
    setShape: (detail: Detail | undefined) => void (shape = detail),
    render: () => (current = layoutOf(shape ?? 'compact')),
    measure: (_m: AnatomyModel, detail: Detail) => layoutOf(detail),
    areaAtLeast: () => 0,
    setScale: () => 'overview',
    layout: () => current,
    budget: () => CANVAS_LEVEL_BUDGET,
    // Two steps per detail, as the canvas has (its layout, then its scene); one for the detail shown (what its
    // scene's first paints work out).
    warm: (_m: AnatomyModel, detail: Detail, more?: () => boolean) => {
      mores.push(more);
      for (const step of detail === current?.detail ? ['shown'] : ['layout', 'scene']) {
        if (ready.has(`${detail}/${step}`)) continue;
        ready.add(`${detail}/${step}`);
        warmed.push(detail);
        return true;
      }
      return false;
    },
  };
  return { canvas: canvas as unknown as CanvasView, warmed, mores, forget: () => ready.clear() };
}

const sized = (pods: number): AnatomyModel => ({ ...kindCluster(), stats: { ...kindCluster().stats, pods } });

/** A semantic zoom on a stub canvas and hand-run timers, far out (the overview), showing a model of 100,000 pods. */
function warming(host: (q: ReturnType<typeof quietHost>) => QuietHost = (q) => q.host) {
  const stub = stubCanvas();
  const z = fakeZoom();
  const q = quietHost();
  const semantic = createSemanticZoom(stub.canvas, z.zoom, { redrawn() {} }, host(q));
  z.zoom.moveTo(0, 0, 0.05);
  semantic.show(sized(100_000), 'light', false, false);
  return { ...stub, z, q, semantic };
}

describe('semantic zoom: what a move could end at is made while the page is quiet', () => {
  it('after a large model is shown and the page is quiet for a while, makes the other geometries one idle period at a time', () => {
    const { canvas, warmed, q } = warming();
    assert.equal(canvas.layout()!.detail, 'compact', 'the overview of 100,000 pods');
    q.advance(WARM_AFTER_MS - 1);
    assert.equal(q.idle(), 0, 'not quiet long enough yet');
    q.advance(1);
    assert.deepEqual(warmed, [], 'nothing before an idle period');
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, ['cards'], "one step an idle period: the pods level's layout");
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, ['cards', 'cards'], 'then its scene');
    // The containers level is not open at this size on the canvas (CANVAS_LEVEL_BUDGET): the geometry shown is last.
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, ['cards', 'cards', 'compact'], "then what the shown scene's first paints work out");
    assert.equal(q.warmed(), 0);
    q.idle();
    assert.equal(q.warmed(), 1, 'told once all is made');
    assert.equal(q.idle(), 0, 'no idle period asked for once all is made');
    assert.deepEqual(warmed, ['cards', 'cards', 'compact']);
  });

  it('waits again after each model and each move, and makes nothing while the picture moves', () => {
    const { warmed, forget, z, q, semantic } = warming();
    q.advance(WARM_AFTER_MS / 2);
    // A model of a stream, half-way: the wait starts again.
    semantic.show(sized(100_001), 'light', false, false);
    q.advance(WARM_AFTER_MS / 2);
    assert.equal(q.idle(), 0);
    assert.equal(q.timers(), 1, 'one wait, not two');
    // A move begins: the wait ends with nothing made, and the move's end starts it again.
    z.setMoving(true);
    q.advance(WARM_AFTER_MS / 2);
    assert.equal(q.idle(), 0);
    assert.equal(q.timers(), 0);
    z.setMoving(false);
    z.end();
    q.advance(WARM_AFTER_MS);
    q.idle();
    assert.deepEqual(warmed, ['cards']);
    // Moving again before the next idle period: that period makes nothing, and asks for none after it.
    z.setMoving(true);
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, ['cards']);
    assert.equal(q.idle(), 0);
    // At the move's end, after a quiet while, it goes on where it stopped.
    z.setMoving(false);
    z.end();
    q.advance(WARM_AFTER_MS);
    q.idle();
    assert.deepEqual(warmed, ['cards', 'cards']);
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, ['cards', 'cards', 'compact']);
    assert.equal(q.idle(), 1, 'one more period, which finds all made');
    assert.equal(q.idle(), 0, 'and asks for none after it');
    // A new model's geometries are made again (the stub forgets what it made).
    forget();
    semantic.show(sized(100_002), 'light', false, false);
    // (Twice the time since the model before, as it came after a while.)
    q.advance(WARM_AT_MOST_MS);
    q.idle();
    assert.deepEqual(warmed, ['cards', 'cards', 'compact', 'cards']);
  });

  it('an idle period asked for before a small model came makes nothing for it', () => {
    const { warmed, q, semantic } = warming();
    q.advance(WARM_AFTER_MS);
    semantic.show(sized(WARM_FROM_PODS - 1), 'light', false, false);
    assert.equal(q.idle(), 1);
    assert.deepEqual(warmed, []);
  });

  it('without idle callbacks, each step runs in a task of its own', () => {
    const { warmed, q } = warming((quiet) => {
      const { requestIdleCallback: _, ...timersOnly } = quiet.host;
      return timersOnly;
    });
    q.advance(WARM_AFTER_MS);
    assert.deepEqual(warmed, []);
    q.advance(0);
    assert.deepEqual(warmed, ['cards']);
    q.advance(0);
    assert.deepEqual(warmed, ['cards', 'cards']);
    q.advance(0);
    assert.deepEqual(warmed, ['cards', 'cards', 'compact']);
    q.advance(0);
    assert.equal(q.timers(), 0, 'all made: no task left');
  });

  it('a layout made ahead takes parts while its idle period has more than WARM_MARGIN_MS left; without idle periods, for WARM_SLICE_MS of each task', () => {
    const { mores, q } = warming();
    q.advance(WARM_AFTER_MS);
    let left = 20;
    assert.equal(q.idle({ timeRemaining: () => left }), 1);
    const more = mores.at(-1)!;
    assert.equal(more(), true, '20 ms left');
    left = WARM_MARGIN_MS;
    assert.equal(more(), false, `${WARM_MARGIN_MS} ms left`);

    const timersOnly = warming((quiet) => {
      const { requestIdleCallback: _, ...rest } = quiet.host;
      return rest;
    });
    timersOnly.q.advance(WARM_AFTER_MS);
    timersOnly.q.advance(0);
    const sliced = timersOnly.mores.at(-1)!;
    assert.equal(sliced(), true, 'the task has just begun');
    timersOnly.q.tick(WARM_SLICE_MS - 1);
    assert.equal(sliced(), true);
    timersOnly.q.tick(1);
    assert.equal(sliced(), false, `${WARM_SLICE_MS} ms into the task`);
  });

  it('waits twice the time between the last two models when that is longer: a cluster changing every few seconds is not laid out again in each pause', () => {
    const { warmed, forget, q, semantic } = warming();
    q.advance(3_000);
    // (Laid out ahead after the first quiet second.)
    while (q.idle() > 0);
    const before = warmed.length;
    forget();
    semantic.show(sized(100_001), 'light', false, false);
    q.advance(6_000 - 1);
    assert.equal(q.idle(), 0, 'a change came 3 s after the one before: 6 s of quiet first');
    q.advance(1);
    assert.equal(q.idle(), 1);
    assert.equal(warmed.length, before + 1);
    // However slow the changes, at most WARM_AT_MOST_MS.
    q.advance(10 * WARM_AT_MOST_MS);
    semantic.show(sized(100_002), 'light', false, false);
    q.advance(WARM_AT_MOST_MS);
    assert.ok(q.idle() >= 1);
    while (q.idle() > 0);
    // The same model shown again (a new theme, a resize) is no change: the gap stays.
    semantic.show(sized(100_003), 'light', false, false);
    q.advance(500);
    const model = sized(100_004);
    semantic.show(model, 'light', false, false);
    q.advance(400);
    semantic.show(model, 'dark', false, false);
    q.advance(WARM_AFTER_MS - 1);
    assert.equal(q.idle(), 0);
    q.advance(1);
    assert.equal(q.idle(), 1, 'a second after the last show, the model being 0.5 s after the one before');
  });

  it('makes nothing ahead for a model below WARM_FROM_PODS', () => {
    const { canvas, warmed } = stubCanvas();
    const z = fakeZoom();
    const q = quietHost();
    const semantic = createSemanticZoom(canvas, z.zoom, { redrawn() {} }, q.host);
    semantic.show(sized(WARM_FROM_PODS - 1), 'light', false, false);
    assert.equal(q.timers(), 0);
    q.advance(10 * WARM_AFTER_MS);
    q.idle();
    assert.deepEqual(warmed, []);
  });
});
