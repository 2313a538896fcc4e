// One page's socket against a stand-in for ws's WebSocket whose queue the test
// sets: which sends count toward the bound, when a page is cut off, and how
// many replies are computed at once.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { InvokeHandlers } from '../../../main/contract/api.ts';
import { attachPage, CALLS_AT_ONCE, type TooFarBehind } from '../../../main/server/page-socket.ts';
import { FakeSocket } from '../../fixtures/server/fake-socket.ts';

/** snapshot:get answers with `text`, or waits until the test releases it. */
function handlers(text: string, held?: (() => void)[]): InvokeHandlers {
  return {
    'snapshot:get': () =>
      held ? new Promise((resolve) => held.push(() => resolve({ fileName: 'x.json', text }))) : { fileName: 'x.json', text },
  } as unknown as InvokeHandlers;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a page socket', () => {
  test('replies past the bound cut the page off with 1008 and a reason that gives the figures', async () => {
    const ws = new FakeSocket();
    const told: TooFarBehind[] = [];
    attachPage(ws as unknown as WebSocket, handlers('x'.repeat(3000)), { maxQueuedBytes: 8 * 1024, onTooFarBehind: (info) => told.push(info) });
    for (let id = 1; id <= 5; id++) {
      ws.call(id);
      await settle();
    }
    // Three replies (9 KiB) pass 8 KiB; the fourth finds them unread and is not sent.
    assert.equal(ws.sent.length, 3);
    assert.equal(told.length, 1);
    assert.ok(told[0].queuedBytes > 8 * 1024);
    assert.equal(told[0].queuedBytes, ws.bufferedAmount);
    assert.deepEqual(ws.closedWith, { code: 1008, reason: told[0].reason });
    assert.equal(told[0].reason, 'too far behind: 9 KiB of replies queued (limit 8 KiB); reload the page');
  });

  test('a page that reads keeps up, however much it asks for', async () => {
    const ws = new FakeSocket();
    attachPage(ws as unknown as WebSocket, handlers('x'.repeat(3000)), { maxQueuedBytes: 8 * 1024 });
    for (let id = 1; id <= 50; id++) {
      ws.call(id);
      await settle();
      ws.drain();
    }
    assert.equal(ws.sent.length, 50);
    assert.equal(ws.closedWith, undefined);
  });

  test('a model bigger than the bound, still being read, does not cut the page off; the replies behind it count', async () => {
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, handlers('x'.repeat(3000)), { maxQueuedBytes: 8 * 1024 });
    page.model(JSON.stringify({ event: 'anatomy:model', payload: 'm'.repeat(100_000) }));
    page.event('{"event":"anatomy:progress","payload":{}}');
    ws.call(1);
    await settle();
    assert.equal(ws.sent.length, 3);
    assert.equal(ws.closedWith, undefined);
    // Newer models wait in the slot, replacing each other, and are not queued on the socket.
    page.model('{"event":"anatomy:model","payload":"second"}');
    page.model('{"event":"anatomy:model","payload":"third"}');
    assert.equal(ws.sent.length, 3);
    for (let id = 2; id <= 4; id++) {
      ws.call(id);
      await settle();
    }
    // The assertion above narrowed closedWith to undefined for the type checker; the calls since have set it.
    assert.equal((ws.closedWith as FakeSocket['closedWith'])?.code, 1008, 'replies unread behind the model still pass the bound');
  });

  test('the whole model a page asks for (model:get) is exempt as a pushed one is, one at a time; replies behind it count', async () => {
    const ws = new FakeSocket();
    const told: TooFarBehind[] = [];
    const big = { revision: 1, model: 'm'.repeat(100_000) };
    const page = attachPage(
      ws as unknown as WebSocket,
      { 'model:get': () => big, 'snapshot:get': () => ({ fileName: 'x.json', text: 'x'.repeat(3000) }) } as unknown as InvokeHandlers,
      { maxQueuedBytes: 8 * 1024, onTooFarBehind: (info) => told.push(info) },
    );
    // A page starting on a large cluster: the model it asked for is far over the bound, and is still being read.
    ws.call(1, 'model:get', null);
    await settle();
    page.event('{"event":"anatomy:progress","payload":{}}');
    ws.call(2);
    await settle();
    assert.equal(ws.sent.length, 3);
    assert.equal(ws.closedWith, undefined, 'the page is not cut off for reading its own model');
    assert.deepEqual(told, []);
    // Asking for another whole model before reading the first: that one counts, and the next reply finds the bound passed.
    ws.call(3, 'model:get', null);
    await settle();
    assert.equal(ws.closedWith, undefined);
    ws.call(4);
    await settle();
    assert.equal((ws.closedWith as FakeSocket['closedWith'])?.code, 1008);
    assert.equal(told.length, 1);
  });

  test('once the model a page asked for is read, it exempts nothing more, and the next model:get is exempt in turn', async () => {
    const ws = new FakeSocket();
    const big = { revision: 1, model: 'm'.repeat(100_000) };
    attachPage(ws as unknown as WebSocket, { ...handlers('x'.repeat(3000)), 'model:get': () => big } as unknown as InvokeHandlers, { maxQueuedBytes: 8 * 1024 });
    for (let round = 0; round < 2; round++) {
      ws.call(100 + round, 'model:get', null);
      await settle();
      ws.call(200 + round);
      await settle();
      assert.equal(ws.closedWith, undefined, `round ${round}: a reply behind the model it asked for`);
      ws.drain();
    }
    // Everything read: replies count in full again, as in the first test (the fourth finds three unread).
    for (let id = 1; id <= 4; id++) {
      ws.call(id);
      await settle();
    }
    assert.equal((ws.closedWith as FakeSocket['closedWith'])?.code, 1008);
  });

  test('the newest waiting model follows once the one in flight is read', () => {
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, handlers(''), { maxQueuedBytes: 8 * 1024 });
    page.model('one');
    page.model('two');
    page.model('three');
    assert.deepEqual(ws.sent, ['one']);
    ws.drain();
    assert.deepEqual(ws.sent, ['one', 'three']);
  });

  test(`at most ${CALLS_AT_ONCE} calls are answered at once; the rest wait, with the socket not read`, async () => {
    const ws = new FakeSocket();
    const held: (() => void)[] = [];
    attachPage(ws as unknown as WebSocket, handlers('reply', held), { maxQueuedBytes: 8 * 1024 });
    for (let id = 1; id <= CALLS_AT_ONCE + 3; id++) ws.call(id);
    await settle();
    assert.equal(held.length, CALLS_AT_ONCE);
    assert.equal(ws.isPaused, true);
    held.splice(0, 3).forEach((release) => release());
    await settle();
    assert.equal(held.length, CALLS_AT_ONCE, 'the three waiting calls started as three finished');
    assert.equal(ws.isPaused, false);
    held.splice(0).forEach((release) => release());
    await settle();
    assert.equal(ws.sent.length, CALLS_AT_ONCE + 3);
  });
});
