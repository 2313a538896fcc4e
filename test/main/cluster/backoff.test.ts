import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from '../../../main/cluster/backoff.ts';

describe('backoffDelay', () => {
  it('doubles from initialMs up to the cap', () => {
    const o = { ...DEFAULT_BACKOFF, jitter: 0 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffDelay(n, o)),
      [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
    );
  });

  it('jitters downwards by at most the jitter fraction', () => {
    assert.equal(backoffDelay(3, { ...DEFAULT_BACKOFF, random: () => 0 }), 2000);
    assert.equal(backoffDelay(3, { ...DEFAULT_BACKOFF, random: () => 0.999999 }), 1000);
    assert.equal(backoffDelay(3, { ...DEFAULT_BACKOFF, random: () => 0.5 }), 1500);
    assert.equal(backoffDelay(20, { ...DEFAULT_BACKOFF, random: () => 1 }), 15000);
  });
});

describe('sleep', () => {
  it('wakes early when aborted and leaves no timer behind', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(60_000, controller.signal);
    assert.ok(Date.now() - started < 1000);
  });
});
