// What a model holds per pod. A large cluster's model is most of the main
// process's memory (100,000 pods: some 450 MiB of heap), and how V8 lays out
// short lists decides a fifth of it: an array filled by push() keeps room
// for 17 items or more, where the model's lists hold one to three
// (main/model/read.ts fitted). Measured with full collections before and
// after building the model of generated pods, shaped like a kind cluster's
// (test/bench/generate.ts), with those objects alive both times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { buildModel } from '../../../main/model/build.ts';
import { collectGarbage } from '../../../main/snapshot/collect-garbage.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { source } from './fixtures.ts';

/** Heap in use once nothing else is: two of the project's own full collections (collect-garbage.test.ts checks that one frees what it should). */
function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return v8.getHeapStatistics().used_heap_size;
}

test('a model of 5,000 generated pods holds at most 4.6 KiB of heap per pod', () => {
  const pods = 5000;
  const objects = generateClusterObjects({ nodes: 50, pods });
  const before = heapUsed();
  const model = buildModel(objects, source('generated'));
  const after = heapUsed();
  assert.equal(model.stats.pods, pods);
  // The objects alive at both measures (read after them), so that the difference is the model alone.
  assert.equal(objects.pods?.length, pods);
  const perPod = (after - before) / pods;
  // Measured: 4.0 KiB with fitted lists, 5.3 KiB without.
  assert.ok(perPod <= 4.6 * 1024, `${(perPod / 1024).toFixed(2)} KiB per pod`);
});
