// A large model goes to a page in parts (main/contract/wire.ts), made as they
// are written out: the socket never holds more than PARTS_AHEAD of them, a
// page that stops reading holds the rest back (and is not cut off for it),
// patches that come meanwhile wait for the last part, a model:get reply goes
// in parts too, and parts that cannot be made end the stream with why.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { InvokeHandlers, ModelPatchUpdate, ModelUpdate } from '../../../main/contract/api.ts';
import { streamAssembler, type Accepted } from '../../../main/contract/wire.ts';
import { buildModel } from '../../../main/model/build.ts';
import { SUMMARY_FROM_PODS, summarizeModel, summarizeUpdate } from '../../../main/model/summary.ts';
import { attachPage, PARTS_AHEAD, StreamedModel } from '../../../main/server/page-socket.ts';
import { eventMessage } from '../../../main/server/protocol.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { FakeSocket } from '../../fixtures/server/fake-socket.ts';

/** 3,500 pods: four parts of 1,000 and a head. */
const UPDATE: ModelUpdate = {
  revision: 3,
  model: summarizeModel(buildModel(generateClusterObjects({ nodes: 20, pods: 3500, seed: 2 }), { kind: 'snapshot', name: 'parts', namespaces: [] }), 0),
};
const PARTS = 1 + Math.ceil(UPDATE.model.stats.pods / 1000);

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** What the page's bridge makes of what it was sent: whole messages, parts put together. */
function read(sent: string[]): Array<Record<string, unknown>> {
  const assembler = streamAssembler();
  const out: Array<Record<string, unknown>> = [];
  for (const text of sent) {
    const m = JSON.parse(text) as Record<string, unknown>;
    if (!('stream' in m)) {
      out.push(m);
      continue;
    }
    const got: Accepted = assembler.accept(m);
    if (got.kind === 'done') out.push(got.message);
    if (got.kind === 'error') out.push({ error: got.error, id: got.envelope?.id });
  }
  return out;
}

describe('a large model to a page, in parts', () => {
  test('goes PARTS_AHEAD parts at a time as they are written out, and the page gets exactly the model', () => {
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, { maxQueuedBytes: 1024 });
    page.model(new StreamedModel(UPDATE));
    assert.equal(ws.sent.length, PARTS_AHEAD, 'only so many given to the socket');
    let drains = 0;
    while (ws.callbacks.length > 0) {
      ws.drain();
      drains += 1;
      assert.ok(ws.sent.length <= PARTS_AHEAD * (drains + 1));
    }
    assert.equal(ws.sent.length, PARTS, 'all of them in the end');
    assert.equal(ws.closedWith, undefined, 'the parts in flight never count toward the bound');
    assert.equal(JSON.stringify(read(ws.sent)), JSON.stringify([{ event: 'anatomy:model', payload: UPDATE }]));
  });

  test('of a model above SUMMARY_FROM_PODS, made from the session\'s whole model, each pod summarized as its part is made', () => {
    const whole: ModelUpdate = {
      revision: 9,
      model: buildModel(generateClusterObjects({ nodes: 100, pods: SUMMARY_FROM_PODS + 1, seed: 4 }), { kind: 'snapshot', name: 'big', namespaces: [] }),
    };
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, { maxQueuedBytes: 1024 });
    page.model(new StreamedModel(whole));
    while (ws.callbacks.length > 0) ws.drain();
    const got = read(ws.sent) as Array<{ payload: ModelUpdate }>;
    assert.equal(JSON.stringify(got), JSON.stringify([{ event: 'anatomy:model', payload: summarizeUpdate(whole) }]));
    assert.ok(got[0]!.payload.model.nodes[0]!.pods.every((p) => p.summary === true));
    assert.ok(whole.model.nodes.every((n) => n.pods.every((p) => p.summary === undefined)), 'the session\'s model is left whole');
  });

  test('made for at most partsSliceMs before the server lets its other work in, then the rest, and the page gets exactly the model', async () => {
    for (const sliced of [true, false]) {
      const ws = new FakeSocket();
      // Each part made moves the clock 20 ms; the page reads at once (drain), as on this machine's loopback.
      const send = ws.send.bind(ws);
      let clock = 0;
      ws.send = (text: string, done?: () => void) => {
        clock += 20;
        send(text, done);
      };
      const page = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, { maxQueuedBytes: 1024, now: () => clock, ...(sliced ? { partsSliceMs: 50 } : {}) });
      page.model(new StreamedModel(UPDATE));
      assert.equal(ws.sent.length, PARTS_AHEAD);
      // Written out in this same task: without a slice the next part is made in it too; with one, after the server's other work.
      ws.drain();
      if (!sliced) {
        assert.equal(ws.sent.length, PARTS, 'without a slice, every part in one task');
        continue;
      }
      assert.equal(ws.sent.length, PARTS_AHEAD, 'no part made after the slice, in the same task');
      let otherWork = -1;
      setImmediate(() => (otherWork = ws.sent.length));
      for (let i = 0; i < 20 && ws.sent.length < PARTS; i++) {
        await settle();
        ws.drain();
      }
      assert.equal(otherWork, PARTS, 'the rest came in the next turn of the event loop, before the work queued after it');
      assert.equal(ws.sent.length, PARTS, 'all of them in the end');
      assert.equal(JSON.stringify(read(ws.sent)), JSON.stringify([{ event: 'anatomy:model', payload: UPDATE }]));
    }
  });

  test('a page that stops reading holds the rest back: the server makes no more parts', () => {
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, { maxQueuedBytes: 1024 });
    const model = new StreamedModel(UPDATE);
    page.model(model);
    assert.equal(ws.sent.length, PARTS_AHEAD);
    // Until the parts are all made, the length it says is an estimate; after, what they came to.
    const estimate = model.length;
    ws.drain();
    while (ws.callbacks.length > 0) ws.drain();
    const made = ws.sent.reduce((a, s) => a + s.length, 0);
    assert.equal(model.length, made);
    assert.ok(Math.abs(estimate - made) / made < 0.5, `estimate ${estimate} against ${made}`);
  });

  test('patches that come while a model is in parts wait for its last part, and the page ends on the last revision', () => {
    const ws = new FakeSocket();
    const page = attachPage(ws as unknown as WebSocket, {} as InvokeHandlers, { maxQueuedBytes: 1024 * 1024 });
    page.model(new StreamedModel(UPDATE));
    const patch: ModelPatchUpdate = { baseRevision: 3, revision: 4, patch: { kind: 'changes', nodes: [], pods: [] } as never };
    page.patch(patch, eventMessage('anatomy:patch', patch));
    assert.ok(!ws.sent.some((s) => s.includes('anatomy:patch')));
    while (ws.callbacks.length > 0) ws.drain();
    const got = read(ws.sent);
    assert.deepEqual(
      got.map((m) => m.event),
      ['anatomy:model', 'anatomy:patch'],
    );
  });

  test('a model:get reply goes in parts when the server says so, and in one message when not', async () => {
    for (const inParts of [true, false]) {
      const ws = new FakeSocket();
      const handlers = { 'model:get': () => UPDATE } as unknown as InvokeHandlers;
      attachPage(ws as unknown as WebSocket, handlers, { maxQueuedBytes: 1024 * 1024, inParts: () => inParts });
      ws.call(5, 'model:get', undefined);
      await settle();
      while (ws.callbacks.length > 0) ws.drain();
      assert.equal(ws.sent.length, inParts ? PARTS : 1);
      assert.equal(JSON.stringify(read(ws.sent)), JSON.stringify([{ id: 5, ok: true, result: UPDATE }]));
    }
  });

  test('parts that cannot be made end the stream with why, and the call hears it', async () => {
    const broken = { ...UPDATE, model: { ...UPDATE.model, unscheduled: [{ uid: 'p', containers: [], bad: 10n }] } } as unknown as ModelUpdate;
    const ws = new FakeSocket();
    attachPage(ws as unknown as WebSocket, { 'model:get': () => broken } as unknown as InvokeHandlers, { maxQueuedBytes: 1024 * 1024, inParts: () => true });
    ws.call(8, 'model:get', undefined);
    await settle();
    while (ws.callbacks.length > 0) ws.drain();
    const got = read(ws.sent);
    assert.equal(got.length, 2);
    assert.match(String(got[0]!.error), /could not finish model stream 1: .*BigInt/);
    assert.deepEqual(got[1], { id: 8, ok: false, error: 'the reply could not be serialized', said: { id: 'errors.reply.unserializable' } });
  });
});
