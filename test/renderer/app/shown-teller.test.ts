import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createShownTeller, type IdleHost } from '../../../renderer/app/shown-teller.ts';

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
  it("tells once for each firstRevision, once a model at or past it is shown, when the page is next idle", () => {
    const h = host(true);
    const told: number[] = [];
    const teller = createShownTeller(h, async (r) => told.push(r));
    // The demo, then a snapshot: no firstRevision, nothing to tell.
    teller.shown(1);
    teller.session(undefined);
    teller.shown(2);
    h.runAll();
    assert.deepEqual(told, []);
    // The cluster's first model is revision 4; the state saying so comes before the page has shown it.
    teller.session(4);
    teller.shown(3);
    h.runAll();
    assert.deepEqual(told, [], 'an older model shown: not yet');
    teller.shown(4);
    assert.deepEqual(told, [], 'not in the task that drew it');
    assert.equal(h.idle.length, 1);
    assert.equal(h.timers.length, 0, 'an idle callback, not a timer, where there is one');
    h.runAll();
    assert.deepEqual(told, [4]);
    // Later models, and the same state again: nothing more.
    teller.shown(5);
    teller.session(4);
    teller.shown(9);
    h.runAll();
    assert.deepEqual(told, [4]);
    // Other namespaces: a new first revision. Here the page shows it before the state comes.
    teller.shown(12);
    teller.session(12);
    h.runAll();
    assert.deepEqual(told, [4, 12]);
    // A page reconnected to a new server counts anew: the latest revision shown counts, not the highest.
    teller.shown(2);
    teller.session(3);
    h.runAll();
    assert.deepEqual(told, [4, 12]);
    teller.shown(3);
    h.runAll();
    assert.deepEqual(told, [4, 12, 3]);
  });

  it('without requestIdleCallback, tells on a timer; a call that fails is let go', async () => {
    const h = host(false);
    const told: number[] = [];
    const teller = createShownTeller(h, (r) => {
      told.push(r);
      return Promise.reject(new Error('the server is gone'));
    });
    teller.session(1);
    teller.shown(1);
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
