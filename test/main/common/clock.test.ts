import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sleep, systemClock } from '../../../main/common/clock.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

describe('sleep', () => {
  it('resolves once its time has passed on the clock, not before', async () => {
    const clock = new FakeClock();
    let woke = false;
    void sleep(1000, new AbortController().signal, clock).then(() => (woke = true));
    await clock.advance(999);
    assert.equal(woke, false);
    await clock.advance(1);
    assert.equal(woke, true);
    assert.equal(clock.pending, 0);
  });

  it('wakes early when aborted and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    let woke = false;
    const sleeping = sleep(60_000, controller.signal, clock).then(() => (woke = true));
    assert.equal(clock.pending, 1);
    controller.abort();
    await sleeping;
    assert.equal(woke, true);
    assert.equal(clock.pending, 0, 'the timer is cleared');
  });

  it('returns at once, with no timer, for a signal that is already aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    await sleep(60_000, controller.signal, clock);
    assert.equal(clock.pending, 0);
  });
});

describe('systemClock', () => {
  it('runs and cancels real timers', async () => {
    // Timers of equal delay fire in the order they were set: the cancelled one would have come first.
    let fired = 0;
    const cancelled = systemClock.setTimeout(() => fired++, 0);
    systemClock.clearTimeout(cancelled);
    systemClock.clearTimeout(undefined);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 0, { unref: true }));
    assert.equal(fired, 0);
    const before = Date.now();
    const now = systemClock.now();
    assert.ok(before <= now && now <= Date.now());
  });
});
