import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../../main/session/backoff.ts';

test('backoff doubles from the first delay up to the maximum', () => {
  const options = { initialMs: 1000, maxMs: 30_000, jitter: 0 };
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffDelay(n, options)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('jitter spreads each delay around its base', () => {
  const options = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };
  assert.equal(backoffDelay(1, options, () => 0), 800);
  assert.equal(backoffDelay(1, options, () => 1), 1200);
  assert.equal(backoffDelay(2, options, () => 0.5), 2000);
});
