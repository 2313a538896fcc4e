// latestPerFrame with frames run by hand: a burst is handled once per frame, as
// its last value, and flush() hands over the waiting value at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestPerFrame, type FrameHost } from '../../../renderer/app/frames.ts';

class Frames implements FrameHost {
  #next = 1;
  readonly #waiting = new Map<number, (time: number) => void>();
  requested = 0;

  requestAnimationFrame(callback: (time: number) => void): number {
    this.requested += 1;
    const handle = this.#next++;
    this.#waiting.set(handle, callback);
    return handle;
  }

  cancelAnimationFrame(handle: number): void {
    this.#waiting.delete(handle);
  }

  get pending(): number {
    return this.#waiting.size;
  }

  /** Runs the callbacks of one frame (those requested before it began). */
  frame(): void {
    const due = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const callback of due) callback(0);
  }
}

test('values handed in between two frames are handled once, at the frame, as the last of them', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => seen.push(v));
  for (let i = 1; i <= 5; i++) latest.push(i);
  assert.deepEqual(seen, [], 'nothing before the frame');
  assert.equal(frames.requested, 1, 'one frame asked for, not one per value');
  assert.ok(latest.pending());
  frames.frame();
  assert.deepEqual(seen, [5]);
  assert.ok(!latest.pending());
  frames.frame();
  assert.deepEqual(seen, [5], 'an idle frame does nothing');
  latest.push(6);
  frames.frame();
  assert.deepEqual(seen, [5, 6]);
  assert.equal(frames.requested, 2);
});

test('flush hands over the waiting value at once and gives its frame back', () => {
  const frames = new Frames();
  const seen: string[] = [];
  const latest = latestPerFrame<string>(frames, (v) => seen.push(v));
  latest.push('a');
  latest.push('b');
  latest.flush();
  assert.deepEqual(seen, ['b']);
  assert.equal(frames.pending, 0, 'the frame was cancelled');
  latest.flush();
  assert.deepEqual(seen, ['b'], 'nothing waits, nothing runs');
});

test('a value handed in while one is being handled waits for the next frame', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => {
    seen.push(v);
    if (v === 1) latest.push(2);
  });
  latest.push(1);
  frames.frame();
  assert.deepEqual(seen, [1]);
  frames.frame();
  assert.deepEqual(seen, [1, 2]);
});

test('cancel forgets the waiting value', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => seen.push(v));
  latest.push(1);
  latest.cancel();
  frames.frame();
  assert.deepEqual(seen, []);
  assert.ok(!latest.pending());
});
