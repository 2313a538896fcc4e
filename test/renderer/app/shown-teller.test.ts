import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { createShownTeller, type IdleHost } from '../../../renderer/app/shown-teller.ts';

function update(revision: number, kind: string, name: string): ModelUpdate {
  return { revision, model: { source: { kind, name, namespaces: [] } } } as unknown as ModelUpdate;
}

/** A window whose idle callbacks and timers run only when the test says. */
function host(withIdle: boolean): IdleHost & { idle: (() => void)[]; timers: (() => void)[]; runAll(): void } {
  const h = {
    idle: [] as (() => void)[],
    timers: [] as (() => void)[],
    setTimeout(callback: () => void) {
      h.timers.push(callback);
      return 0;
    },
    runAll() {
      for (const q of [h.idle, h.timers]) q.splice(0).forEach((f) => f());
    },
  };
  return withIdle ? Object.assign(h, { requestIdleCallback: (callback: () => void) => (h.idle.push(callback), 1) }) : h;
}

describe('shown teller (view:shown)', () => {
  it("tells each source's first model once, when the page is next idle, not in the drawing's task", () => {
    const h = host(true);
    const told: number[] = [];
    const shown = createShownTeller(h, async (r) => told.push(r));
    shown(update(3, 'cluster', 'kind-dev'));
    assert.deepEqual(told, [], 'not in the task that drew it');
    assert.equal(h.idle.length, 1);
    assert.equal(h.timers.length, 0, 'an idle callback, not a timer, where there is one');
    h.runAll();
    assert.deepEqual(told, [3]);
    // Later models of the same source: nothing more.
    shown(update(4, 'cluster', 'kind-dev'));
    shown(update(9, 'cluster', 'kind-dev'));
    h.runAll();
    assert.deepEqual(told, [3]);
    // Another source, then back: each is a first model again.
    shown(update(10, 'demo', 'demo'));
    shown(update(11, 'cluster', 'kind-dev'));
    shown(update(12, 'cluster', 'prod'));
    h.runAll();
    assert.deepEqual(told, [3, 10, 11, 12]);
  });

  it('without requestIdleCallback, tells on a timer; a call that fails is let go', async () => {
    const h = host(false);
    const told: number[] = [];
    const shown = createShownTeller(h, (r) => {
      told.push(r);
      return Promise.reject(new Error('the server is gone'));
    });
    shown(update(1, 'cluster', 'a'));
    assert.equal(h.timers.length, 1);
    h.runAll();
    assert.deepEqual(told, [1]);
    // The rejection was caught: nothing reaches unhandledRejection.
    let unhandled = false;
    const onUnhandled = () => (unhandled = true);
    process.on('unhandledRejection', onUnhandled);
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    assert.equal(unhandled, false);
  });
});
