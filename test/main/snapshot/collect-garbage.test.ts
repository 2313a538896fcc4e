// The export collects garbage itself at the moment most of its heap has
// become garbage (the objects and the model, once the layout is made). That
// needs gc(), which Node hands out only under --expose-gc; collect-garbage.ts
// gets it at run time. If it did not, nothing would be collected here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGarbage } from '../../../main/snapshot/collect-garbage.ts';

test('a collection frees what is no longer reachable, without --expose-gc', async () => {
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'the test runs without --expose-gc');
  let garbage: unknown[] | undefined = Array.from({ length: 500_000 }, (_, i) => ({ i, s: `item ${i}` }));
  const with_ = process.memoryUsage().heapUsed;
  garbage = undefined;
  // A turn of the event loop, so nothing of this job keeps the array alive.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage('return');
  const without = process.memoryUsage().heapUsed;
  assert.ok(with_ - without > 20 * 1024 * 1024, `heap went from ${with_} to ${without} bytes`);
});
