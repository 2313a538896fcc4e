// The layout takes the shape of the view it is to fill: given an aspect
// (width / height), it picks pod columns and how many nodes share a row so
// that the whole picture, fitted to that shape, is as large as it can be.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import { flowSize, layoutCluster } from '../../../renderer/layout/cluster.ts';
import { levelScale } from '../../../renderer/layout/lod.ts';
import type { ClusterLayout, Detail } from '../../../renderer/layout/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { bigCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { random } from '../../fixtures/random.ts';

/** The scale at which a layout fills a view of this aspect (height 1). */
function fit(layout: ClusterLayout, aspect: number): number {
  return Math.min(aspect / layout.width, 1 / layout.height);
}

function workerRows(layout: ClusterLayout): number {
  return new Set(layout.nodes.filter((n) => n.band === 'workers').map((n) => n.y)).size;
}

/** A cluster shaped like the seeded test cluster: 4 nodes, about 100 pods. */
function hundredPods() {
  return buildModel(generateClusterObjects({ nodes: 4, pods: 100 }), { kind: 'snapshot', name: 'seeded', namespaces: [] });
}

describe('layout for a view of a given shape', () => {
  it('puts the workers side by side on a landscape view, and under each other on a portrait one', () => {
    for (const detail of ['full', 'cards'] as Detail[]) {
      const wide = layoutCluster(kindCluster(), { detail, aspect: 16 / 9 });
      const tall = layoutCluster(kindCluster(), { detail, aspect: 9 / 16 });
      assert.ok(wide.width / wide.height > tall.width / tall.height, `${detail}: ${wide.width}x${wide.height} against ${tall.width}x${tall.height}`);
    }
    const model = bigCluster(60, 6);
    assert.ok(workerRows(layoutCluster(model, { aspect: 16 / 9 })) < workerRows(layoutCluster(model, { aspect: 9 / 16 })));
    const full = layoutCluster(kindCluster(), { detail: 'full', aspect: 16 / 9 });
    const workers = full.nodes.filter((n) => n.band === 'workers');
    assert.equal(new Set(workers.map((n) => n.y)).size, 1, 'both workers of the kind cluster in one row');
  });

  it('fills the shape at least as well as the fixed width it replaces, whatever the shape', () => {
    for (const model of [kindCluster(), bigCluster(300, 7), hundredPods()]) {
      for (const detail of ['full', 'cards', 'compact'] as Detail[]) {
        for (const aspect of [21 / 9, 16 / 9, 1440 / 900, 1, 3 / 4, 9 / 16]) {
          const shaped = layoutCluster(model, { detail, aspect });
          const fixed = layoutCluster(model, { detail });
          assert.ok(fit(shaped, aspect) >= fit(fixed, aspect) * 0.999, `${detail} ${aspect.toFixed(2)}: ${shaped.width}x${shaped.height} fits worse than ${fixed.width}x${fixed.height}`);
        }
      }
    }
  });

  it('lays about 100 pods on 4 nodes out so that a 1440x900 window shows them at the pods level', () => {
    // The app's canvas on a 1440x900 window with the details panel open: 1060x786, fitted with 24 px around.
    const view = { width: 1060 - 48, height: 786 - 48 };
    const layout = layoutCluster(hundredPods(), { detail: 'cards', aspect: view.width / view.height });
    const scale = Math.min(view.width / layout.width, view.height / layout.height);
    assert.ok(scale >= levelScale('pods'), `fits at ${scale.toFixed(3)}, the pods level needs ${levelScale('pods').toFixed(3)} (${layout.width}x${layout.height})`);
  });

  it('is the same picture with or without a memo, and for the same shape', () => {
    const model = hundredPods();
    assert.deepEqual(layoutCluster(model, { detail: 'cards', aspect: 1.4 }), layoutCluster(structuredClone(model), { detail: 'cards', aspect: 1.4 }));
    for (const aspect of [0, -1, NaN, Infinity]) assert.deepEqual(layoutCluster(model, { aspect }), layoutCluster(model), `aspect ${aspect} is ignored`);
  });
});

describe('flowSize', () => {
  it('measures the rows nodes flow into as making them would, to the last bit, without making them', () => {
    // The definition: rows as the layout flows them (at least one node a row), then their widest sum and their tallest heights added up.
    const reference = (plans: Array<{ width: number; height: number }>, maxWidth: number, gap: number) => {
      const rows: Array<typeof plans> = [];
      let row: typeof plans = [];
      let used = 0;
      for (const plan of plans) {
        const need = (row.length ? gap : 0) + plan.width;
        if (row.length && used + need > maxWidth) {
          rows.push(row);
          row = [];
          used = 0;
        }
        used += (row.length ? gap : 0) + plan.width;
        row.push(plan);
      }
      if (row.length) rows.push(row);
      let width = 0;
      for (const r of rows) width = Math.max(width, r.reduce((s, p, i) => s + p.width + (i ? gap : 0), 0));
      let height = 0;
      for (const r of rows) height += Math.max(...r.map((p) => p.height)) + gap;
      return { width, height: rows.length ? height - gap : 0, rows: rows.length };
    };
    const next = random(8);
    for (let n = 0; n < 300; n++) {
      const count = Math.floor(next() * 40);
      // Fractional sizes, where the order of additions shows in the last bits.
      const plans = Array.from({ length: count }, () => ({ width: 10 + next() * 300.1, height: 5 + next() * 500.3 }));
      const gap = next() * 24.7;
      const total = plans.reduce((s, p) => s + p.width + gap, 0);
      for (const maxWidth of [0, next() * total, total / 3, total, Infinity]) {
        assert.deepEqual(flowSize(plans, maxWidth, gap), reference(plans, maxWidth, gap), `${count} plans in ${maxWidth}`);
      }
    }
  });
});
