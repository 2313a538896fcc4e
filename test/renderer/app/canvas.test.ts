import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { createCanvas } from '../../../renderer/app/canvas.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

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
