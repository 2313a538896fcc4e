import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { buildModel } from '../../../main/model/index.ts';
import { createCanvas, ONE_GEOMETRY_FROM_PODS } from '../../../renderer/app/canvas.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

function canvasOnLinkedom() {
  const { document } = parseHTML('<!doctype html><html><body><svg><g id="viewport"></g></svg></body></html>');
  const viewport = document.getElementById('viewport') as unknown as SVGGElement;
  return createCanvas(viewport, { select() {}, zoomTo() {}, focused() {} });
}

test('a live update lays out again only the node whose pod changed, and draws what a fresh layout gives', () => {
  const canvas = canvasOnLinkedom();
  const model = kindCluster();
  const first = canvas.render(model, 'light', false);
  // As the app receives it: a whole new model, one pod's status changed.
  const next: AnatomyModel = structuredClone(model);
  const worker = next.nodes.find((n) => n.name === 'kind-worker2')!;
  worker.pods[0].status = 'CrashLoopBackOff';
  const second = canvas.render(next, 'light', false);
  assert.deepEqual(canvas.layoutStats().placed, [worker.uid]);
  assert.deepStrictEqual(second, layoutCluster(next, { previous: first, detail: 'full' }));
  assert.equal(canvas.drawing.querySelector(`g[data-uid="${worker.pods[0].uid}"]`)?.getAttribute('data-kind'), 'pod');
});

test("warm lays out ahead the geometry a render will ask for, which the render then draws as made; the SVG has no scene to make after it", () => {
  const canvas = canvasOnLinkedom();
  const model = kindCluster();
  canvas.setShape('cards', 1.6);
  canvas.render(model, 'light', false);
  assert.equal(canvas.warm(model, 'full', () => true), true, 'the layout at full detail was made');
  const made = canvas.measure(model, 'full');
  assert.equal(canvas.warm(model, 'full'), false, 'nothing left: the SVG renderer makes no scene');
  canvas.setShape('full', 1.6);
  assert.ok(canvas.render(model, 'light', false) === made, 'the render drew the layout made ahead');
  // Another model: its layout is to make again.
  assert.equal(canvas.warm(structuredClone(model), 'cards'), true);
  // Another shape lays out afresh: what was made ahead for the old one is let go.
  canvas.setShape('full', 0.8);
  assert.equal(canvas.warm(model, 'full'), true);
});

test('from ONE_GEOMETRY_FROM_PODS pods, a new model lets go of the layouts of other geometries of the model before; below it they are kept', () => {
  const large = buildModel(generateClusterObjects({ nodes: 100, pods: ONE_GEOMETRY_FROM_PODS, seed: 3 }), { kind: 'snapshot', name: 'large', namespaces: [] });
  for (const [model, kept] of [
    [kindCluster(), true],
    [large, false],
  ] as const) {
    const canvas = canvasOnLinkedom();
    canvas.setShape('compact', 1.6);
    canvas.measure(model, 'cards');
    canvas.measure(model, 'compact');
    assert.equal(canvas.warm(model, 'cards'), false, 'both laid out for this model');
    // The next model, laid out at the geometry drawn.
    canvas.measure(structuredClone(model), 'compact');
    assert.equal(canvas.warm(model, 'cards'), !kept, `${model.stats.pods} pods: the cards of the model before ${kept ? 'kept' : 'let go'}`);
  }
});

test('warm makes a layout a part at a time (one a call by default); a render finishes what it began, and a layout of another model at that detail replaces it', () => {
  const model = buildModel(generateClusterObjects({ nodes: 12, pods: 300, seed: 5 }), { kind: 'snapshot', name: 'parts', namespaces: [] });
  const fresh = layoutCluster(model, { detail: 'cards', aspect: 1.6 });
  // Whole, a part a call.
  let canvas = canvasOnLinkedom();
  canvas.setShape('compact', 1.6);
  canvas.render(model, 'light', false);
  let calls = 0;
  while (canvas.warm(model, 'cards')) calls++;
  assert.ok(calls > 2 * model.nodes.length, `${calls} calls for ${model.nodes.length} nodes: a part is at most a node`);
  assert.deepStrictEqual(canvas.measure(model, 'cards'), fresh);
  // As many parts as `more` allows, in one call.
  canvas = canvasOnLinkedom();
  canvas.setShape('compact', 1.6);
  let parts = 0;
  assert.equal(canvas.warm(model, 'cards', () => ++parts < 1_000), true);
  assert.equal(canvas.warm(model, 'cards'), false, 'the layout was made whole in one call: nothing left (the SVG has no scene)');
  // Begun, then a move's end asks for it: the render finishes it.
  canvas = canvasOnLinkedom();
  canvas.setShape('compact', 1.6);
  canvas.warm(model, 'cards');
  canvas.warm(model, 'cards');
  canvas.setShape('cards', 1.6);
  assert.deepStrictEqual(canvas.render(model, 'light', false), fresh);
  // ... going on with the memo it began on: after one pod changed, only its node is planned again (a layout begun
  // anew instead would cancel the warm-up's, and the memo it reset would plan every node).
  canvas.setShape('compact', 1.6);
  const changed: AnatomyModel = structuredClone(model);
  changed.nodes[2].pods[0].status = 'Failed';
  canvas.render(changed, 'light', false);
  for (let i = 0; i < 3; i++) assert.equal(canvas.warm(changed, 'cards'), true);
  canvas.setShape('cards', 1.6);
  canvas.render(changed, 'light', false);
  assert.deepEqual(canvas.layoutStats().planned, [changed.nodes[2].uid]);
  // Begun for one model, then another model is laid out at that detail: that layout is the one kept.
  canvas = canvasOnLinkedom();
  canvas.setShape('compact', 1.6);
  canvas.warm(model, 'cards');
  canvas.warm(model, 'cards');
  const next: AnatomyModel = structuredClone(model);
  next.nodes[3].pods[0].status = 'Failed';
  assert.deepStrictEqual(canvas.measure(next, 'cards'), layoutCluster(next, { detail: 'cards', aspect: 1.6 }));
  assert.equal(canvas.warm(next, 'cards'), false, 'laid out for the new model');
  // Begun at one shape, asked for at another: laid out for the new shape.
  canvas = canvasOnLinkedom();
  canvas.setShape('compact', 1.6);
  canvas.warm(model, 'cards');
  canvas.setShape('compact', 0.7);
  assert.deepStrictEqual(canvas.measure(model, 'cards'), layoutCluster(model, { detail: 'cards', aspect: 0.7 }));
});
