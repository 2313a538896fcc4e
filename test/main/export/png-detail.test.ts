// A PNG is pixels: the automatic detail steps down to a coarser level where the
// policy's level would pass the pixel limit at the asked scale, instead of
// refusing the export (5,000 pods as pod cards at scale 2 were 178 Mpx).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fittingDetail } from '../../../main/export/detail.ts';
import { fitsPixels, MAX_PIXELS, pngLayout } from '../../../main/export/png.ts';
import { buildModel } from '../../../main/model/index.ts';
import { layoutCluster } from '../../../renderer/layout/index.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

describe('fittingDetail', () => {
  it('keeps the policy level when it fits, and steps down one level at a time when it does not', () => {
    const asked: string[] = [];
    assert.equal(fittingDetail('auto', 10, () => true), 'full');
    assert.equal(
      fittingDetail('auto', 10, (d) => {
        asked.push(d);
        return d === 'compact';
      }),
      'compact',
    );
    assert.deepEqual(asked, ['full', 'cards']);
    assert.equal(fittingDetail('auto', 10, () => false), 'compact', 'the overview is the last resort');
  });

  it('keeps a level asked for by name, even when it is too large', () => {
    assert.equal(fittingDetail('pods', 10, () => false), 'cards');
    assert.equal(fittingDetail('containers', 10, () => false), 'full');
  });
});

describe('pngLayout', () => {
  const objects = generateClusterObjects({ nodes: 12, pods: 1200, seed: 3 });
  const model = buildModel(objects, { kind: 'snapshot', name: 'gen.json', namespaces: [] });
  const aspect = 16 / 9;

  it('draws the pods level at scale 1, where it fits', () => {
    assert.ok(fitsPixels(layoutCluster(model, { detail: 'cards', aspect }), 1));
    assert.equal(pngLayout(model, 'auto', aspect, 1).detail, 'cards');
  });

  it('steps down to the overview where pod cards would pass the pixel limit', () => {
    const cards = layoutCluster(model, { detail: 'cards', aspect });
    assert.ok(cards.width * 8 * cards.height * 8 > MAX_PIXELS, 'the case really passes the limit');
    assert.equal(pngLayout(model, 'auto', aspect, 8).detail, 'compact');
  });
});
