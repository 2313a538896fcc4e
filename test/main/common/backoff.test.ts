import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../main/common/backoff.ts';
import { RECONNECT_BACKOFF } from '../../../main/session/cluster-connection.ts';
import { WATCH_BACKOFF } from '../../../main/cluster/live-source.ts';

describe('backoffDelay', () => {
  it('doubles from initialMs up to the cap', () => {
    const o = { initialMs: 500, maxMs: 30_000, jitter: 0 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => backoffDelay(n, o)),
      [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
    );
  });

  it('jitters downwards by at most the jitter fraction', () => {
    const o = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };
    assert.equal(backoffDelay(3, { ...o, random: () => 0 }), 2000);
    assert.equal(backoffDelay(3, { ...o, random: () => 0.999999 }), 1000);
    assert.equal(backoffDelay(3, { ...o, random: () => 0.5 }), 1500);
    assert.equal(backoffDelay(20, { ...o, random: () => 1 }), 15000);
  });

  it('never goes past the cap, nor past initialMs on the first retry, whatever the draw', () => {
    const o = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };
    for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
      const first = backoffDelay(1, { ...o, random: () => r });
      assert.ok(first <= 1000 && first >= 800, `first retry ${first} ms for random ${r}`);
      const late = backoffDelay(50, { ...o, random: () => r });
      assert.ok(late <= 30_000 && late >= 24_000, `capped retry ${late} ms for random ${r}`);
    }
  });

  it('clamps nonsense: attempt 0 or below is the first retry, jitter outside 0..1 is clamped', () => {
    const o = { initialMs: 1000, maxMs: 30_000, jitter: 0 };
    assert.equal(backoffDelay(0, o), 1000);
    assert.equal(backoffDelay(-5, o), 1000);
    assert.equal(backoffDelay(2, { ...o, jitter: 7, random: () => 0.5 }), 1000);
    assert.equal(backoffDelay(2, { ...o, jitter: -1, random: () => 0.5 }), 2000);
  });

  it('keeps each caller its own pace: the session reconnects from 1 s, a watch retries from 500 ms, both up to 30 s', () => {
    const plain = (o: { initialMs: number; maxMs: number }) => [1, 2, 10].map((n) => backoffDelay(n, { ...o, jitter: 0 }));
    assert.deepEqual(plain(RECONNECT_BACKOFF), [1000, 2000, 30000]);
    assert.deepEqual(plain(WATCH_BACKOFF), [500, 1000, 30000]);
  });
});
