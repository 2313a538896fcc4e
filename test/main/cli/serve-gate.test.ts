// When `serve` starts its cluster: as soon as a page has been sent its script
// or connected, or PAGE_GRACE_MS after the URL when no page has come; never
// before the URL is out, and only once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterStartGate, PAGE_GRACE_MS } from '../../../main/cli/serve.ts';

/** Timers moved by hand: what is armed, cleared and fired. */
function fakeTimers() {
  let next = 1;
  const armed = new Map<number, { fn: () => void; ms: number }>();
  return {
    armed,
    timers: {
      setTimeout: ((fn: () => void, ms: number) => {
        const id = next++;
        armed.set(id, { fn, ms });
        return id;
      }) as unknown as typeof setTimeout,
      clearTimeout: ((id: number) => void armed.delete(id)) as unknown as typeof clearTimeout,
    },
    fireAll() {
      const due = [...armed.values()];
      armed.clear();
      for (const t of due) t.fn();
    },
  };
}

async function isOpen(gate: { started: Promise<void> }): Promise<boolean> {
  let open = false;
  void gate.started.then(() => (open = true));
  // Two microtask turns: the gate's resolution, then ours.
  await Promise.resolve();
  await Promise.resolve();
  return open;
}

test('a page sent its script opens the gate at once, and the grace timer is cleared', async () => {
  const t = fakeTimers();
  const gate = clusterStartGate(PAGE_GRACE_MS, t.timers);
  assert.equal(await isOpen(gate), false, 'closed until something happens');
  gate.urlPrinted();
  assert.deepEqual([...t.armed.values()].map((a) => a.ms), [PAGE_GRACE_MS]);
  assert.equal(await isOpen(gate), false, 'the URL alone does not open it');
  gate.pageLoading();
  assert.equal(await isOpen(gate), true);
  assert.equal(t.armed.size, 0, 'the grace timer is cleared');
});

test('without a page, the grace after the URL opens it', async () => {
  const t = fakeTimers();
  const gate = clusterStartGate(100, t.timers);
  gate.urlPrinted();
  assert.equal(await isOpen(gate), false);
  t.fireAll();
  assert.equal(await isOpen(gate), true);
  // A page coming afterwards changes nothing, and arms nothing.
  gate.pageLoading();
  gate.urlPrinted();
  assert.equal(t.armed.size, 0);
});

test('the grace starts with the URL, not before it', async () => {
  const t = fakeTimers();
  const gate = clusterStartGate(100, t.timers);
  assert.equal(t.armed.size, 0, 'no timer before the URL is printed');
  gate.urlPrinted();
  gate.urlPrinted();
  assert.equal(t.armed.size, 1, 'one timer, however often it is said');
});
