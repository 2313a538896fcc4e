// The live-stream bench (test/bench/live-stream.ts) measures the path a live
// cluster's changes take; its figures mean something only if that path carries
// every change. Here, at a small size and no timing asserted: every change
// reaches a layout, the page never has to ask for the whole model again, the
// changes travel as patches, and the page's model at the end is what the full
// build makes of the objects the stream left.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../main/model/build.ts';
import { runLiveStream } from '../bench/live-stream.ts';

test('the live-stream bench carries every change through the session to the page, as patches, and the page ends on the full build', async () => {
  const f = await runLiveStream({ nodes: 6, pods: 200, rate: 500, seconds: 2, seed: 3, keepFinal: true });
  assert.equal(f.changes, 1000);
  assert.equal(f.lost, 0, 'every change reached a layout');
  assert.equal(f.fetches, 0, 'no patch was missed');
  assert.ok(f.patches >= 1, `${f.patches} patches`);
  assert.equal(f.wholeModels, 0, 'no whole model was pushed once the first was shown');
  assert.ok(f.final?.page, 'the page has a model');
  const full = buildModel(f.final.objects, f.final.source);
  // The page's model came as JSON: compare it with the full build as JSON would carry it.
  assert.deepEqual(f.final.page.model, JSON.parse(JSON.stringify(full)));
  assert.equal(f.final.page.model.stats.pods, f.final.objects.pods?.length);
});
